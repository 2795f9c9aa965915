"""Records from before messages: old log sentences recognised when read (the log is append-only),
escalations and seeded units migrated through the journal by ``dutyroom migrate``."""

from __future__ import annotations

import json

from dutyroom.i18n import set_language, t
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService, escalation_title
from dutyroom.services.record_text import entry_text
from dutyroom.services.units import Units


def old_line(ctx, text: str, system: bool = True) -> None:
    ctx.store.create("log", {"at": ctx.now().isoformat(), "kind": "notice", "text": text,
                             "author": "lina", "system": system})


def test_old_english_system_lines_read_in_chinese_and_the_rest_as_written(ctx):
    set_language("en")
    old_line(ctx, t("ticket.log.status", id=3, old="dispatched", new="cancelled", note="false alarm"))
    old_line(ctx, t("escalation.log.raise", level=1, level_name="duty officer", reason="reporting deadline missed",
                    subject="#5 written report Shahe", due="07-29 12:00"))
    old_line(ctx, t("ticket.log.status", id=4, old="open", new="cancelled", note="x"), system=False)
    old_line(ctx, "Ticket #3: something nobody templated")
    set_language("zh")
    shown = [entry_text(e) for e in DutyLog(ctx).all()]
    assert shown[0] == "工单 #3:已派遣 → 已取消(false alarm)"
    assert shown[1] == "【升级提醒】L1 值班员:报送超时 — 报告 #5 书面报告时限 Shahe(时限 07-29 12:00)"
    assert shown[2].startswith("Ticket #4")  # typed by an officer: their words, never reinterpreted
    assert shown[3] == "Ticket #3: something nobody templated"
    set_language("en")
    assert entry_text(DutyLog(ctx).all()[0]) == "Ticket #3: dispatched → cancelled (false alarm)"


def test_migrate_gives_old_records_their_keys_once_through_the_journal(ctx, db, cli):
    set_language("en")
    seeded = ctx.store.create("unit", {"kind": "volunteer", "name": t("unit.default.volunteer")})
    renamed = ctx.store.create("unit", {"kind": "commando", "name": "青年突击队"})
    ticket = ctx.store.create("ticket", {"hazard": "embankment", "text": "seepage", "location": "Jiangbei dyke",
                                         "status": "open", "open": True})
    old = ctx.store.create("escalation", {"reason": "no_update", "subject_kind": "ticket", "subject_id": ticket["id"],
                                          "title": f"#{ticket['id']} Jiangbei dyke seepage", "level": 1,
                                          "state": "active", "open": True})
    set_language("zh")
    assert Units(ctx).get(seeded["id"]).name == "Volunteer team"  # before: the writer's words
    first = cli("migrate", "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"escalations": [old["id"]], "units": [seeded["id"]]}
    assert Units(ctx).get(seeded["id"]).name == "志愿服务队"
    assert Units(ctx).get(renamed["id"]).name == "青年突击队"
    esc = EscalationService(ctx).get(old["id"])
    assert escalation_title(esc) == f"工单 #{ticket['id']} Jiangbei dyke seepage"
    assert escalation_title(esc, "en") == f"ticket #{ticket['id']} Jiangbei dyke seepage"
    again = cli("migrate")
    assert again.returncode == 0 and "0" in again.stdout and "1" not in again.stdout
    assert cli("verify").returncode == 0
