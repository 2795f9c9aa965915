"""Small text faults an officer saw: doubled words, labels twice, stray full stops, English
where Chinese belongs. Each is driven through the real service, printer or renderer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from dutyroom.i18n import explain, set_language
from dutyroom.model.errors import DomainError
from dutyroom.model.handover import Handover, HandoverState
from dutyroom.services.handover_print import handover_document
from dutyroom.services.printout import PrinterUnavailable, print_file
from dutyroom.services.printout.plain import NO_LINE_START, render_txt, wrap
from dutyroom.services.reports import Reports
from dutyroom.services.status import StatusService, describe
from dutyroom.services.tickets import Tickets


def refusal(call) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def test_a_closed_report_is_已办结_once(ctx):
    reports = Reports(ctx)
    first = reports.add(channel="phone", category="waterlogging", location="人民路", text="积水")
    reports.final(first.id, "已排干")
    text = explain(refusal(lambda: reports.follow_up(first.id, "又积水")))
    assert "已办结" in text and "已已" not in text


def test_a_cancelled_ticket_is_已取消_once_and_transitions_name_their_labels(ctx):
    tickets = Tickets(ctx)
    ticket = tickets.add("堤防渗水", hazard="embankment", location="江北大堤")
    tickets.set_status(ticket.id, "cancelled", note="误报")
    finished = explain(refusal(lambda: tickets.record(ticket.id, note="再看看")))
    assert "工单已取消" in finished and "已已" not in finished and "cancelled" not in finished
    moved = explain(refusal(lambda: tickets.set_status(ticket.id, "on_site")))
    assert "“已取消”" in moved and "“已到场”" in moved and "on_site" not in moved


@pytest.mark.parametrize("lang, doubled", [("zh", "封存: 封存"), ("en", "Sealed: Sealed")])
def test_the_seal_line_is_said_once(ctx, lang, doubled):
    now = ctx.now()
    handover = Handover(id=1, shift_id=1, period_start=now.shift(hours=-12), period_end=now,
                        state=HandoverState.SEALED, sealed_at=now, seal="ab" * 32, built_at=now)
    text = render_txt(handover_document(handover, ctx.tz, lang)).decode()
    assert doubled not in text and ("封存时间" in text if lang == "zh" else "Sealed 20" in text)


def test_lps_own_full_stop_is_not_doubled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text('#!/bin/sh\ncat > /dev/null\necho "lp: 错误 - 没有默认目标。" >&2\nexit 1\n')
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}/usr/bin:/bin")
    with pytest.raises(PrinterUnavailable) as caught:
        print_file(b"%PDF-1.4", "pdf")
    text = explain(caught.value)
    assert "没有默认目标" in text and "。。" not in text


@pytest.mark.parametrize("width", [10, 11, 20, 79, 80])
def test_no_printed_line_starts_with_a_closing_mark(width):
    text = ("库水位 21.6 m,超汛限 0.1 m。入库流量加大、下游转移;请注意!" * 5 + "交接班记。") * 3
    lines = wrap(text, width)
    assert lines and not [line for line in lines if line and line[0] in NO_LINE_START]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost


def test_lists_use_the_readers_separator(ctx):
    StatusService(ctx).set(warnings=["rainstorm:orange", "geological:yellow"])
    status = StatusService(ctx).current()
    assert "、" in describe(status)
    set_language("en")
    assert "、" not in describe(status) and ", " in describe(status)


def test_a_refused_handover_and_its_override_name_items_as_officers_do(ctx):
    from dutyroom.services.duty_log import DutyLog
    from dutyroom.services.handover import HandoverRefused, HandoverService
    from dutyroom.services.record_text import entry_text
    from dutyroom.services.roster import RosterService
    from tests.services.test_handover_lifecycle import ROSTER, open_report

    RosterService(ctx).import_text(ROSTER)
    grave = open_report(ctx, severity="I", minutes_ago=10)
    service = HandoverService(ctx)
    handover = service.acknowledge(service.start(), None, "赵敏")
    ctx.set_identity("赵敏")  # each signs as themselves: the incoming officer's session
    with pytest.raises(HandoverRefused) as refused:
        service.sign(handover, "incoming")
    assert f"报告 #{grave['id']}" in explain(refused.value) and "report:" not in explain(refused.value)
    ctx.set_identity("王强")  # the leader on duty's session
    handover = service.override(handover, "王强", "领导电话同意")
    assert f"报告 #{grave['id']}" in entry_text(DutyLog(ctx).all()[-1])
    paper = render_txt(handover_document(handover, ctx.tz, "en")).decode()
    assert f"report #{grave['id']}" in paper and "report:" not in paper
