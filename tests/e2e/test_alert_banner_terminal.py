"""The installed app at 80x24 on the log tab: a severity II report and its escalation written
by other processes (the CLI) appear as a banner naming the subject; F2 opens it."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401 - fixture


def test_banner_for_another_process_report_and_escalation(tmux: Tmux, db: Path):
    assert cli(db, "log", "add", "交班前巡查完毕", "--kind", "patrol").returncode == 0
    tmux.start("officer", str(DUTYROOM), width=80, height=24, env=app_env(db))
    tmux.wait_screen("officer", "交班前巡查完毕")  # the log tab, the entry on it
    added = cli(db, "report", "add", "--channel", "phone", "--category", "casualty",
                "--location", "柳湾村", "--severity", "II", "--at", "-20m", "民房倒塌 2 人被困")
    assert added.returncode == 0, added.stderr
    report_id = added.stdout.strip()
    # the phone report was due 15 minutes after intake: another process raises the escalation
    assert cli(db, "escalations").returncode == 0
    # the grave report first (the escalations are level 1), the others counted behind it
    screen = tmux.wait_screen("officer", f"报告 #{report_id} 柳湾村 · II级 · 新接报", "另有 2 条",
                              "F2 打开", timeout=30)
    assert "Traceback" not in screen
    tmux.keys("officer", "F3")  # dismissed: the phone report overdue comes up
    tmux.wait_screen("officer", f"报告 #{report_id} 柳湾村 · II级 · 电话报告逾期", "另有 1 条", timeout=30)
    tmux.keys("officer", "F2")
    screen = tmux.wait_screen("officer", "升级提醒 #", "原因", timeout=30)  # the escalation screen
    tmux.keys("officer", "Escape")
    tmux.wait_screen("officer", "交班前巡查完毕", timeout=30)  # back on the log (Escape alone,
    tmux.keys("officer", "q")                                    # not alt+q with the next key)
    tmux.wait_dead("officer", timeout=40)
