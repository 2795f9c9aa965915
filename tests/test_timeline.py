"""复盘 timeline: the measures of a small scripted day, checked against values computed by hand.

The day (fixed clock, real journal; 09:00 local is the start):

- 09:00 张伟 signs on; report A (II: phone 15 min, written 30 min) received;
- 09:05 ticket T opened, 09:06 dispatched, 09:20 acknowledged, 09:50 on site, 10:30 under control;
- 09:10 A reported upward by phone (10 min, on time), 09:40 in writing (40 min: 10 min late);
- 10:00 report B (III: phone 30, written 60), never reported upward: by 11:30 both missed;
- 10:31 the engine raises B's phone breach (breach 10:30), acknowledged 10:45 (15 min).

Timeline 09:00–11:30 through the real CLI: CSV (formulas defused), HTML (escaped, two inline
SVG charts), PDF (the embedded font); a bad period exits 2 and writes nothing.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import pytest

from dutyroom.services.escalation import EscalationService
from dutyroom.services.reports import Reports
from dutyroom.services.shifts import ShiftService
from dutyroom.services.tickets import Tickets
from tests.conftest import run_cli


def _day(ctx, clock):
    ShiftService(ctx).sign_on("张伟")
    a = Reports(ctx).add(channel="phone", category="waterlogging", location="=HYPERLINK(\"x\")人民路",
                         text="积水 <b>40</b> 厘米", severity="II")
    clock.advance(minutes=5)
    tickets = Tickets(ctx)
    ticket = tickets.add("东河堤段渗水", hazard="embankment", severity="III", location="东河 3 号堤段")
    clock.advance(minutes=1)
    tickets.dispatch(ticket.id, "水务局", ack_minutes=30)
    clock.advance(minutes=4)  # 09:10
    Reports(ctx).forward(a.id, "市防指", "phone")
    clock.advance(minutes=10)  # 09:20
    tickets.set_status(ticket.id, "acknowledged")
    clock.advance(minutes=20)  # 09:40
    Reports(ctx).forward(a.id, "市防指", "written")
    clock.advance(minutes=10)  # 09:50
    tickets.set_status(ticket.id, "on_site")
    clock.advance(minutes=10)  # 10:00
    b = Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库", text="渗水", severity="III")
    clock.advance(minutes=30)  # 10:30
    tickets.set_status(ticket.id, "under_control")
    clock.advance(minutes=1)  # 10:31
    service = EscalationService(ctx)
    service.tick()
    breach = [e for e in service.active() if e.subject_id == b.id and e.reason.value == "deadline_missed"]
    clock.advance(minutes=14)  # 10:45
    service.acknowledge(breach[0].id, "已电话催报")
    clock.advance(minutes=45)  # 11:30
    return a, b, ticket


def _blocks(text: str) -> dict[str, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    blocks: dict[str, list[list[str]]] = {}
    current = None
    for i, row in enumerate(rows):
        if i < 2:
            continue
        if not row:
            current = None
        elif current is None:
            current = row[0]
            blocks[current] = []
        else:
            blocks[current].append(row)
    return blocks


def test_measures_match_the_hand_computed_values(ctx, clock, db, store):
    a, b, ticket = _day(ctx, clock)
    store.close()
    result = run_cli(db, "timeline", "--from", "2026-07-29 09:00", "--to", "2026-07-29 11:30",
                     "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip("\ufeff").startswith("记录完整")
    blocks = _blocks(result.stdout)
    chains = {row[0]: row for row in blocks["接报:接报至上报"][1:]}
    row_a, row_b = chains[f"报告 #{a.id}"], chains[f"报告 #{b.id}"]
    assert row_a[1].startswith("'=HYPERLINK")  # a formula from outside, defused
    assert row_a[4:8] == ["2026-07-29 09:10", "10", "2026-07-29 09:15", "按时"]
    assert row_a[8:12] == ["2026-07-29 09:40", "40", "2026-07-29 09:30", "超时 10 分钟"]
    assert row_b[4:8] == ["—", "—", "2026-07-29 10:30", "超时未报"]
    assert row_b[10:12] == ["2026-07-29 11:00", "超时未报"]
    tickets = blocks["险情工单:派遣至控制"][1:]
    assert tickets == [[f"工单 #{ticket.id}", "东河 3 号堤段", "2026-07-29 09:06", "2026-07-29 09:20",
                        "2026-07-29 09:50", "2026-07-29 10:30", "14", "44", "84"]]
    escalations = [r for r in blocks["升级提醒:超时至确认"][1:] if r[0] == f"报告 #{b.id}" and r[3].endswith("10:30")]
    assert escalations and escalations[0][4:6] == ["2026-07-29 10:45", "15"]
    missed = blocks["超时未报及当时值班人员"][1:]
    assert [(r[0], r[2], r[3], r[4], r[6]) for r in missed] == [
        (f"报告 #{a.id}", "书面报告时限", "2026-07-29 09:30", "2026-07-29 09:40", "张伟"),
        (f"报告 #{b.id}", "电话报告时限", "2026-07-29 10:30", "—", "张伟"),
        (f"报告 #{b.id}", "书面报告时限", "2026-07-29 11:00", "—", "张伟"),
    ]
    events = blocks["事件(值班日志)"][1:]
    assert [r[0] for r in events] == sorted(r[0] for r in events) and len(events) >= 10
    assert all(r[3] for r in events) and all(r[4] == "local" for r in events)


def test_html_is_escaped_with_two_charts_and_pdf_embeds_the_font(ctx, clock, db, store, tmp_path):
    _day(ctx, clock)
    store.close()
    page = tmp_path / "t.html"
    result = run_cli(db, "timeline", "--from", "2026-07-29 09:00", "--to", "2026-07-29 11:30",
                     "--format", "html", "-o", str(page))
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert "<b>40</b>" not in text and "&lt;b&gt;40&lt;/b&gt;" in text
    assert text.count("<svg") == 2 and "记录完整" in text
    pdf = tmp_path / "t.pdf"
    result = run_cli(db, "timeline", "--from", "2026-07-29 09:00", "--to", "2026-07-29 11:30",
                     "--format", "pdf", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils not installed: the embedded font is checked where it is")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert all(row.split()[-5] == "yes" for row in fonts.splitlines()[2:])  # every font embedded
    first = subprocess.run(["pdftotext", "-l", "1", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert "记录完整" in first and "复盘时间线" in first


@pytest.mark.parametrize("args", [["--from", "11:00", "--to", "09:00"], ["--from", "昨天", "--to", "now"]])
def test_a_bad_period_exits_2_and_writes_nothing(db, store, tmp_path, args):
    store.close()
    out = tmp_path / "t.csv"
    result = run_cli(db, "timeline", *args, "--format", "csv", "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


CONTACTS = """level,area,parent,name,role,phone
县,青山区,,周县长,区长,13900000001
乡镇,河口镇,青山区,吴镇长,镇长,13900000002
村,后山村,河口镇,郑书记,村支书,13900000003
"""


def test_a_call_out_is_measured_from_start_to_every_call_answered(ctx, clock, db, store, tmp_path):
    """09:10 a red rainstorm call-out to 河口镇 (the town and its village); the town answers at
    09:15, the village (a relative) at 09:22: every call answered after 12 minutes, 2 of 2."""
    from dutyroom.services.callouts import Callouts
    from dutyroom.services.contacts import Contacts

    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(ctx).import_csv(path)
    clock.advance(minutes=10)
    service = Callouts(ctx)
    callout = service.start("rainstorm:red", ["河口镇"])
    calls = service.require(callout.id).calls
    assert len(calls) == 2
    clock.advance(minutes=5)
    service.answer(callout.id, calls[0].call_id)
    clock.advance(minutes=7)
    service.answer(callout.id, calls[1].call_id, by="郑书记家属")
    clock.advance(minutes=8)
    store.close()
    result = run_cli(db, "timeline", "--from", "2026-07-29 09:00", "--to", "2026-07-29 09:30", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = _blocks(result.stdout)["预警叫应:发起至全部应答"][1:]
    assert [r[0] for r in rows] == [f"叫应 #{callout.id}"]
    assert rows[0][2:] == ["河口镇", "2026-07-29 09:10", "2026-07-29 09:40", "2026-07-29 09:22", "12", "2/2"]
    assert "红" in rows[0][1]


def test_an_open_call_out_counts_among_the_open_items(ctx, clock, db, store, tmp_path):
    """09:10 a call-out starts; both calls answered by 09:22, it is closed at 10:20. Nothing else
    is open that day: the open items are 0 at 09:00, 1 at 10:00 (the call-out), 0 at 11:00."""
    from dutyroom.services.callouts import Callouts
    from dutyroom.services.contacts import Contacts
    from dutyroom.services.timeline import build

    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(ctx).import_csv(path)
    clock.advance(minutes=10)  # 09:10
    service = Callouts(ctx)
    callout = service.start("rainstorm:red", ["河口镇"])
    for call in service.require(callout.id).calls:
        clock.advance(minutes=6)
        service.answer(callout.id, call.call_id)
    clock.advance(minutes=58)  # 10:20
    service.close(callout.id)
    clock.advance(minutes=40)  # 11:00
    timeline = build(ctx, clock.now().shift(hours=-2), clock.now())
    counts = {mark.to("Asia/Shanghai").format("HH:mm"): n for mark, n in timeline.open_items}
    assert counts == {"09:00": 0, "10:00": 1, "11:00": 0}
