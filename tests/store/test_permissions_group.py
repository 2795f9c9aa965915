"""Deployment as the README describes it: a data directory of the dutyroom group, mode 2770.

As root, the test creates real OS users: two members of a fresh group and one outsider.
Members work from shells whose umask is 022 (the usual default), so the files stay
shared only because dutyroom sets its own umask. The outsider can neither read nor write.
"""

from __future__ import annotations

import grp
import shutil
import stat
from pathlib import Path

from tests.e2e.harness import os_users, require_root, shared_data_dir


def _modes(data: Path, group: str) -> list[str]:
    """Every path under ``data`` that breaks the rules: group-owned, group rw, nothing for others."""
    gid = grp.getgrnam(group).gr_gid
    bad = []
    for path in [data, *data.rglob("*")]:
        info = path.lstat()
        mode = stat.S_IMODE(info.st_mode)
        if path.is_dir():
            ok = mode == 0o2770
        else:
            ok = mode & 0o660 == 0o660 and mode & 0o007 == 0
        if not ok or info.st_gid != gid:
            bad.append(f"{path.relative_to(data)} {oct(mode)} gid={info.st_gid}")
    return bad


def test_members_share_the_data_and_an_outsider_gets_nothing():
    require_root("the group permission test")
    with os_users(members=2, outsiders=1) as (users, (zhang, li), (outsider,)):
        data = shared_data_dir(users.group)
        try:
            _check(users, zhang, li, outsider, data)
        finally:
            shutil.rmtree(data.parent, ignore_errors=True)


def _check(users, zhang: str, li: str, outsider: str, data: Path) -> None:
    python, paths = users.python(zhang)
    env = {"DUTYROOM_DB": str(data), **paths}
    dutyroom = [*python, "-m", "dutyroom"]

    first = users.run(zhang, *dutyroom, "log", "add", "沙河水库 水位 21.3 米", env=env)
    assert first.returncode == 0, first.stderr
    second = users.run(li, *dutyroom, "log", "add", "北闸 开启 2 孔", env=env)
    assert second.returncode == 0, second.stderr  # she appends to his journal, replaces his files
    backup = users.run(li, *dutyroom, "backup", "-o", str(data / "backup.jsonl"), env=env)
    assert backup.returncode == 0, backup.stderr
    listed = users.run(zhang, *dutyroom, "log", "list", "--json", env=env)
    assert listed.returncode == 0 and "北闸" in listed.stdout, listed.stderr
    presence = users.run(zhang, *python, "-c", (
        "import os, sys; os.umask(0o007)\n"
        "from dutyroom.services.clock import SystemClock\n"
        "from dutyroom.services.presence import Presence\n"
        "Presence(sys.argv[1], operator='x', station='local', now=SystemClock().now).beat()"),
        str(data), env=env)
    assert presence.returncode == 0, presence.stderr
    assert list((data / "presence").glob("*.json"))
    assert _modes(data, users.group) == []
    owners = {p.stat().st_uid for p in data.rglob("*") if p.is_file()}
    assert len(owners) >= 2, "both members should own some of the files"

    journal = (data / "journal.jsonl").read_bytes()
    state = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    for args in (["log", "list"], ["log", "add", "不该写入"], ["verify"], ["backup", "-o", "/tmp/x"]):
        result = users.run(outsider, *dutyroom, *args, env=env)
        assert result.returncode == 3, (args, result.returncode, result.stderr)
        assert "dutyroom" in result.stderr and "用户组" in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    for probe in (["cat", str(data / "journal.jsonl")], ["ls", str(data)],
                  ["sh", "-c", f"echo x >> {data / 'journal.jsonl'}"],
                  ["touch", str(data / "state" / "intruder")]):
        result = users.run(outsider, *probe)
        assert result.returncode != 0, probe
        assert "Permission denied" in result.stderr or "权限" in result.stderr, result.stderr
    assert (data / "journal.jsonl").read_bytes() == journal
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == state
