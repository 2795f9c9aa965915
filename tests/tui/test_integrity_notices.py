"""A running dashboard tells the truth about the record: the integrity alarm in its header
until it is resolved, and a notice when a state file was set aside and rebuilt."""

from __future__ import annotations

from dutyroom.widgets.header import DutyHeader
from tests.conftest import run_cli, wait_for
from tests.tui.conftest import notices
from tests.tui.test_alert_banner import banner_text


async def test_broken_chain_alarm_shows_in_the_header_until_accepted(seeded, db, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        header = app.screen.query_one(DutyHeader)
        assert "完整性警报" not in str(header.render())
        journal = db / "journal.jsonl"
        lines = journal.read_bytes().splitlines(keepends=True)
        lines[1] = lines[1].replace(b'"version":1', b'"version":7')
        journal.write_bytes(b"".join(lines))
        assert run_cli(db, "verify").returncode == 1  # the cron job finds it
        await wait_for(lambda: "完整性警报 第2行" in str(header.render()), timeout=10, pilot=pilot)
        # and the one-line banner every screen shows, named by its line
        await wait_for(lambda: "第2行" in banner_text(app), timeout=10, pilot=pilot)
        accepted = run_cli(db, "recover", "--accept-broken-chain", "--reason", "测试")
        assert accepted.returncode == 0, accepted.stderr
        await wait_for(lambda: "完整性警报" not in str(header.render()), timeout=10, pilot=pilot)


async def test_a_rebuilt_state_file_is_announced_in_every_session(seeded, db, app_for):
    assert run_cli(db, "verify").returncode == 0  # the checkpoint is up to date
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        day = next((db / "state" / "log").glob("*.json"))
        day.write_text('{"log": {}}')
        assert run_cli(db, "log", "list").returncode == 0  # another process reads and repairs it
        await wait_for(lambda: any(day.name in n and "重建" in n for n in notices(app)),
                       timeout=10, pilot=pilot)
