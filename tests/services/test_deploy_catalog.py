"""Every message the reports-upward feature uses exists in both languages, and every code has a label."""

from __future__ import annotations

import re

from dutyroom.i18n import catalog
from dutyroom.model.bulletin import BulletinState
from dutyroom.model.deed import DeedLink, DeedSubject
from dutyroom.model.deployment import TaskCode
from tests.conftest import ROOT

FILES = ["dutyroom/services/deployments.py", "dutyroom/services/deeds.py", "dutyroom/services/bulletin.py",
         "dutyroom/services/party_report.py", "dutyroom/services/upward_print.py",
         "dutyroom/cli/team_commands.py", "dutyroom/cli/deed_commands.py", "dutyroom/cli/bulletin_commands.py",
         "dutyroom/cli/party_report_commands.py", "dutyroom/cli/upward_output.py", "dutyroom/screens/upward.py",
         "dutyroom/screens/bulletin.py", "dutyroom/screens/upward_forms.py", "dutyroom/widgets/deployment_pane.py",
         "dutyroom/widgets/deed_pane.py", "dutyroom/model/deployment.py", "dutyroom/model/deed.py",
         "dutyroom/model/bulletin.py"]
KEY = re.compile(r'"((?:upward|error|cli|field|kind|enum|action)\.[a-z_.]+)"')


def test_every_key_used_is_in_the_catalog_in_both_languages():
    messages = catalog()
    used = set()
    for name in FILES:
        used |= set(KEY.findall((ROOT / name).read_text(encoding="utf-8")))
    assert len(used) > 100
    missing = sorted(k for k in used if k not in messages)
    assert not missing, missing
    for key in used:
        zh, en = messages[key]
        assert zh.strip() and en.strip(), key


def test_every_code_has_a_label():
    messages = catalog()
    for enum in (TaskCode, DeedSubject, DeedLink, BulletinState):
        for member in enum:
            assert member.label_key in messages, member.label_key
    for n in ("evacuated", "rescued", "dead", "injured", "missing", "trapped"):
        assert f"upward.people.{n}" in messages
    for state in ("open", "overdue", "done"):
        assert f"upward.instruction.{state}" in messages
