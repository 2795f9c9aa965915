"""A duty officer's night at 80x24, keys only, over the installed app in a real terminal (tmux).

One step function per thing the officer does, run in order by ``test_night_shift``; each
step drives the app by keys and checks what it left on screen and on disk (read with the
CLI, as a script would). To add a step: write ``step_xxx(night)`` and put it in ``STEPS``.

Covered (issue #14): coming on duty and signing on, a standing order, a quick-entry patrol
against a key point (``^K``) clearing its overdue escalation, a severity II report taken by
another process showing as a banner on the log tab, a report typed with a Tab burst (one
write: "王建国<Tab>人民路社区<Tab>13800138000"), the link dropping (SIGHUP) on a report form
with no category and the draft restored, Esc asking before input is dropped, the handover
(acknowledged and signed in by the incoming officer in her own session, sealed by the
outgoing one) and the ICS-214 activity log printed to ``printouts/``.
"""

from __future__ import annotations

import json
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401 - fixture

WIDTH, HEIGHT = 80, 24
OPERATOR = "zhangwei"


def roster_now() -> str:
    """This shift (张伟, leader 王强) and the next (李娜), on the wall clock the app runs on."""
    import arrow

    now = arrow.utcnow().to("Asia/Shanghai")
    start = now.floor("day").shift(hours=8)
    if now < start:
        start = start.shift(days=-1)
    today, tomorrow = start.format("YYYY-MM-DD"), start.shift(days=1).format("YYYY-MM-DD")
    return f"""date,shift,role,name,phone,os_user
{today},08:00,leader,王强,13800000001,wangqiang
{today},08:00,officer,张伟,13800000002,zhangwei
{tomorrow},08:00,leader,刘敏,13800000003,liumin
{tomorrow},08:00,officer,李娜,13800000004,lina
"""


@dataclass
class Night:
    """The officer's terminal: the app in a tmux pane, restarted when the link drops."""

    tmux: Tmux
    db: Path
    session: str = ""
    starts: int = 0
    notes: dict[str, object] = field(default_factory=dict)

    def start(self) -> None:
        self.starts += 1
        self.session = f"night{self.starts}"
        self.tmux.start(self.session, f"{DUTYROOM} --db {self.db}", width=WIDTH, height=HEIGHT,
                        env=app_env(self.db, DUTYROOM_OPERATOR=OPERATOR))

    def keys(self, *keys: str) -> None:
        self.tmux.keys(self.session, *keys)

    def type(self, text: str) -> None:
        """``text`` in one write to the terminal, as a paste or one SSH packet brings it."""
        self.tmux.keys(self.session, text, literal=True)

    def wait(self, *needles: str, timeout: float = 15.0) -> str:
        return self.tmux.wait_screen(self.session, *needles, timeout=timeout)

    def wait_gone(self, needle: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.tmux.screen(self.session)
            if needle not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} still on screen:\n{screen}")

    def cli_json(self, *args: str) -> object:
        result = cli(self.db, *args, "--json")
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    def drafts(self) -> list[Path]:
        return sorted((self.db / "drafts").glob("*/*.json"))

    def wait_until(self, check: Callable[[], bool], what: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            time.sleep(0.1)
        raise AssertionError(f"{what} not reached in {timeout}s:\n{self.tmux.screen(self.session)}")


# ----------------------------------------------------------------------------- steps
def step_come_on_duty(night: Night) -> None:
    night.start()
    night.wait("值班日志", "开班检查")


def step_report_with_a_tab_burst(night: Night) -> None:
    """The optional fields typed in one burst: each part lands in its own field."""
    night.keys("r")
    night.wait("信息接报", "街道、路名")
    night.type("人民路下穿通道")
    night.wait("人民路下穿通道")
    night.keys("Tab", "Enter")  # the category select: Enter opens it
    night.wait("城市内涝", "河道堤防险情")
    time.sleep(0.3)  # the list takes the focus once it is shown
    night.keys("Down")
    time.sleep(0.2)
    night.keys("Enter")  # the first category
    night.wait_gone("河道堤防险情")
    night.keys("Tab")
    night.type("积水 40 厘米")
    night.keys("Tab", "Tab")  # past the read-back box to the reporter
    night.type("王建国\t人民路社区\t13800138000")
    time.sleep(0.3)
    night.keys("C-s")
    night.wait_gone("信息接报")
    reports = night.cli_json("report", "list")
    (report,) = [r for r in reports if r["location"] == "人民路下穿通道"]
    shown = night.cli_json("report", "show", str(report["id"]))
    assert (shown["reporter"], shown["reporter_unit"], shown["phone"]) == \
        ("王建国", "人民路社区", "13800138000"), shown
    night.notes["report"] = report["id"]


def step_link_drops_on_a_report_without_category(night: Night) -> None:
    """SIGHUP with the category still empty; the next start restores the draft (it crashed)."""
    night.keys("r")
    night.wait("信息接报", "街道、路名")
    night.type("柳湾村 村口")
    night.wait_until(lambda: any("柳湾村" in p.read_text("utf-8") for p in night.drafts()),
                     "the draft on disk")
    time.sleep(0.3)  # the last keystroke's write
    pid = night.tmux.pane_pid(night.session)
    os.kill(pid, signal.SIGHUP)
    night.tmux.wait_dead(night.session)
    night.tmux.kill_session(night.session)
    night.start()
    night.wait("恢复")
    night.keys("y")
    screen = night.wait("信息接报", "柳湾村 村口")
    assert "Traceback" not in screen


def step_esc_asks(night: Night) -> None:
    """Esc on the restored form asks; keep editing, then discard."""
    night.keys("Escape")
    night.wait("留作草稿", "继续编辑")
    night.keys("e")
    night.wait_gone("继续编辑")
    night.wait("柳湾村 村口")
    night.keys("Escape")
    night.wait("继续编辑")
    night.keys("d")
    night.wait_gone("信息接报")
    night.wait_until(lambda: night.drafts() == [], "the draft discarded")


def step_handover_with_signatures(night: Night) -> None:
    """The incoming officer signs in her own session (each signs as themselves), then the
    outgoing officer seals in his."""
    before = night.cli_json("handover", "list")
    night.keys("h")
    night.wait("交接单")
    assert night.cli_json("handover", "list") == before  # looking writes nothing
    night.keys("Escape")
    night.wait("值班日志")
    lina = Night(tmux=night.tmux, db=night.db, session="lina")
    night.tmux.start("lina", f"{DUTYROOM} --db {night.db}", width=WIDTH, height=HEIGHT,
                     env=app_env(night.db, DUTYROOM_OPERATOR="lina"))
    lina.wait("值班日志")
    lina.keys("h")
    lina.wait("交接单")
    lina.keys("a")
    lina.wait("一次确认全部")
    lina.keys("y")
    lina.wait_gone("一次确认全部")
    night.wait_until(lambda: any(h["items"] and all(i["acknowledged"] for i in h["items"])
                                 for h in night.cli_json("handover", "list")), "all acknowledged")
    for officer, key, state in ((lina, "i", "接班人已签"), (night, "o", "已封存")):
        if officer is night:
            night.keys("h")
            night.wait("交接单")
        officer.keys(key)
        officer.wait("姓名")  # the signature dialog, with the session's own name
        time.sleep(0.5)  # its name field takes the focus once shown
        officer.keys("C-s")
        officer.wait(state)
    night.wait_until(lambda: any(h["state"] == "sealed" for h in night.cli_json("handover", "list")),
                     "the handover sealed")
    (sealed,) = [h for h in night.cli_json("handover", "list") if h["state"] == "sealed"]
    assert (sealed["incoming"], sealed["outgoing"]) == ("李娜", "张伟")
    night.tmux.kill_session("lina")
    night.keys("Escape")
    night.wait("值班日志")


def step_sign_on(night: Night) -> None:
    night.keys("o")
    night.wait("签到(本班)", "张伟")  # the form starts with the officer's own name
    night.keys("Enter")
    night.wait_gone("签到(本班)")
    night.wait_until(lambda: "在岗: 张伟" in cli(night.db, "shift", "current").stdout, "signed on")


def step_standing_order(night: Night) -> None:
    night.keys("g")
    night.wait("常设指令")
    night.keys("n")
    night.wait("指令内容")  # the form's field (the list's footer names the key too)
    time.sleep(0.3)
    night.type("每两小时报告沙河水库水位")
    night.keys("C-s")
    night.wait("#1 ", "每两小时报告沙河水库水位")  # a row of the list (the form has no ids)
    orders = night.cli_json("order", "list")
    assert [o["text"] for o in orders] == ["每两小时报告沙河水库水位"], orders
    night.keys("Escape")
    night.wait("值班日志")


def _open_patrol_escalations(night: Night, point: int) -> list[dict]:
    return [e for e in night.cli_json("escalations")
            if e["reason"] == "patrol_overdue" and e["subject_id"] == point
            and e["status"] in ("active", "acknowledged", "snoozed")]


def step_quick_patrol_clears_its_escalation(night: Night) -> None:
    """A key point two hours past its patrol: the engine raises it; a quick entry with ^K
    logs the patrol against the point and the escalation clears."""
    added = cli(night.db, "keypoint", "add", "江北大堤 K3+200", "--type", "embankment",
                "--patrol-interval", "30")
    assert added.returncode == 0, added.stderr
    point = int(added.stdout.split()[0])
    assert cli(night.db, "log", "add", "江北大堤 K3+200 巡查正常", "--kind", "patrol", "--keypoint",
               str(point), "--at", "-2h").returncode == 0
    night.wait_until(lambda: bool(_open_patrol_escalations(night, point)), "patrol overdue raised")
    night.keys(":")
    time.sleep(0.3)
    night.type(f"#巡查 ^K{point} 巡查正常,无渗漏")
    night.keys("Enter")
    night.wait_until(lambda: not _open_patrol_escalations(night, point), "patrol overdue cleared")
    (entry,) = [e for e in night.cli_json("log", "list") if "无渗漏" in e["text"]]
    assert (entry["kind"], entry["keypoint_id"]) == ("patrol", point)
    night.keys("Escape")  # the quick-entry line stays for the next entry until Esc
    night.wait("? 帮助 n 日志")


def step_banner_for_a_report_from_another_process(night: Night) -> None:
    """A severity II report taken at another station: a banner on the log tab, naming it."""
    added = cli(night.db, "report", "add", "--channel", "phone", "--category", "embankment",
                "--location", "柳湾村", "--severity", "II", "--at", "-90m", "堤脚管涌")
    # (taken 90 min ago: past the first hour, so it does not hold up the handover later)
    assert added.returncode == 0, added.stderr
    night.wait(f"报告 #{added.stdout.split()[0]} 柳湾村", "II级", timeout=3.0)
    for _ in range(6):  # dismissed, with the escalations its overdue reports upward raised
        if "F3 " not in night.tmux.screen(night.session):
            break
        night.keys("f3")
        time.sleep(0.4)
    night.wait_gone("F3 ")


def step_print_activity_log(night: Night) -> None:
    night.keys("p")
    night.wait("打印值班活动记录")
    night.keys("Enter")  # the current shift
    night.wait("PDF 已写入", timeout=30.0)
    (pdf,) = (night.db / "printouts").glob("activity-log-*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


STEPS: list[Callable[[Night], None]] = [
    step_come_on_duty,
    step_sign_on,
    step_standing_order,
    step_quick_patrol_clears_its_escalation,
    step_banner_for_a_report_from_another_process,
    step_report_with_a_tab_burst,
    step_link_drops_on_a_report_without_category,
    step_esc_asks,
    step_handover_with_signatures,
    step_print_activity_log,
]


def test_night_shift(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811 - the fixture
    db = tmp_path / "db"
    roster = tmp_path / "roster.csv"
    roster.write_text(roster_now(), encoding="utf-8")
    assert cli(db, "roster", "import", str(roster)).returncode == 0
    assert cli(db, "log", "add", "开班检查 设备正常", "--kind", "other").returncode == 0
    night = Night(tmux=tmux, db=db)
    for step in STEPS:
        try:
            step(night)
        except AssertionError as error:
            pytest.fail(f"{step.__name__}: {error}\n{tmux.screen(night.session)}")
