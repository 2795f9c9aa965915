"""The call-out service on a real store with a fixed clock: the order calls are made in, the
progress line, escalation up the tree once per silent call, the handover and the bulletin."""

from __future__ import annotations

from pathlib import Path

import arrow
import pytest

from dutyroom.model.errors import DomainError
from dutyroom.services import handover_content
from dutyroom.services.bulletin import compute
from dutyroom.services.callout_report import bulletin_sections
from dutyroom.services.callouts import Callouts
from dutyroom.services.contacts import Contacts
from dutyroom.services.escalation import EscalationService
from dutyroom.services.printout import Section, Table
from dutyroom.services.record_text import render

CONTACTS = """level,area,parent,name,role,phone
county,青山县,,李县长,副指挥长,13900000001
town,河口镇,青山县,王镇长,镇长,13900000002
town,河口镇,青山县,陈副镇长,副镇长,13900000012
village,柳湾村,河口镇,赵书记,村支书,13900000003
village,石桥村,河口镇,钱主任,村主任,13900000004
village,石桥村,河口镇,[bold]郑[/bold],网格员,13900000014
"""


@pytest.fixture
def service(ctx, tmp_path: Path) -> Callouts:
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(ctx).import_csv(path)
    return Callouts(ctx)


def test_calls_are_made_in_order_of_when_they_fall_due(service, clock):
    callout = service.start("rainstorm:red", ["石桥村", "柳湾村"], within=60)
    assert [c.name for c in callout.calls] == ["钱主任", "[bold]郑[/bold]", "赵书记"]
    assert service.next_call(callout).call_id == 1
    service.fail(callout.id, 1, "busy")  # retry at +10
    clock.advance(minutes=2)
    service.fail(callout.id, 2, "no_answer")  # retry at +12
    current = service.require(callout.id)
    assert [c.call_id for c in service.queue(current)] == [3, 1, 2]
    service.fail(callout.id, 3, "unreachable")  # retry at +12, after call 2's
    current = service.require(callout.id)
    assert [c.call_id for c in service.queue(current)] == [1, 2, 3]
    assert service.progress(current) == {"total": 3, "answered": 0, "unanswered": 0, "arrived": 0,
                                         "failed": 3, "pending": 0}
    service.answer(callout.id, 1)
    service.arrived(callout.id, 3)
    current = service.require(callout.id)
    assert service.next_call(current).call_id == 2
    assert service.open_progress() == {"total": 3, "answered": 2, "unanswered": 0, "arrived": 1,
                                       "failed": 1, "pending": 0}
    service.answer(callout.id, 2, by="郑的家属")
    assert service.next_call(service.require(callout.id)) is None
    service.close(callout.id)
    assert service.open_progress() is None


def test_each_silent_call_escalates_once_to_every_contact_of_the_area_above(service, ctx, clock):
    callout = service.start("rainstorm:red", ["河口镇"], levels=["village"], within=30)
    service.answer(callout.id, 1)
    clock.advance(minutes=29)
    assert EscalationService(ctx).evaluate_now() == []
    assert len(service.require(callout.id).calls) == 3
    clock.advance(minutes=1)
    actions = EscalationService(ctx).evaluate_now()
    assert [a.watch.reason.value for a in actions] == ["callout_unanswered"]
    assert render(actions[0].watch.title) == "叫应 #1 暴雨红色预警:石桥村 未应答"
    calls = service.require(callout.id).calls
    # two silent calls in 石桥村, two persons answer for 河口镇: each added once
    assert [(c.call_id, c.name, c.escalated_from) for c in calls[3:]] == [(4, "王镇长", 2), (5, "陈副镇长", 2)]
    assert calls[1].escalated_at == clock.now() and calls[2].escalated_at == clock.now()
    assert all(c.due_at == clock.now().shift(minutes=30) for c in calls[3:])
    EscalationService(ctx).evaluate_now()
    assert len(service.require(callout.id).calls) == 5
    # the town is silent too: its escalation reaches the county
    clock.advance(minutes=30)
    EscalationService(ctx).evaluate_now()
    calls = service.require(callout.id).calls
    assert [(c.call_id, c.area, c.name) for c in calls[5:]] == [(6, "青山县", "李县长")]
    clock.advance(minutes=30)
    EscalationService(ctx).evaluate_now()  # the county has nobody above: logged, nothing added
    assert len(service.require(callout.id).calls) == 6
    titles = [render(e.title_message) for e in EscalationService(ctx).active()]
    assert "叫应 #1 暴雨红色预警:河口镇 未应答" in titles and "叫应 #1 暴雨红色预警:青山县 未应答" in titles


def test_the_handover_carries_an_open_callout_and_its_silent_areas(service, ctx, clock):
    callout = service.start("rainstorm:red", ["河口镇"], levels=["village"], within=30)
    service.answer(callout.id, 1)
    service.arrived(callout.id, 1)
    clock.advance(minutes=31)
    item = next(i for i in handover_content.carried_items(ctx) if i.kind == "callout")
    assert item.id == callout.id and item.overdue
    assert render(item.message) == ("叫应 #1 暴雨红色预警 河口镇:已应答 1/3,到岗 1;超时未应答:石桥村")
    assert render(item.message, "en") == ("call-out #1 rainstorm red 河口镇: 1/3 answered, 1 at post; "
                                          "silent past due: 石桥村")
    for call in (2, 3):
        service.answer(callout.id, call)
    service.close(callout.id)
    assert not [i for i in handover_content.carried_items(ctx) if i.kind == "callout"]


def test_the_bulletin_counts_the_days_callouts_as_they_stood_at_its_end(service, ctx, clock):
    day_start = arrow.get("2026-07-29T08:00:00", tzinfo="Asia/Shanghai").to("UTC")
    end = day_start.shift(days=1)
    clock.set(end.shift(hours=-1))
    callout = service.start("rainstorm:red", ["河口镇"], levels=["village"], within=30)
    service.answer(callout.id, 1)
    service.fail(callout.id, 2, "busy")
    clock.set(end.shift(minutes=-20))
    EscalationService(ctx).evaluate_now()  # calls 2 and 3 silent: the town's two join the list
    clock.set(end.shift(minutes=5))
    service.answer(callout.id, 3)  # after the day's end: not in this day's figures
    service.start("flood:orange", ["柳湾村"])  # the next day's
    figures = compute(ctx, "2026-07-29", day_start, end)["callouts"]
    assert {k: figures[k] for k in ("callouts", "calls", "answered", "arrived", "unanswered", "escalated")} == \
        {"callouts": 1, "calls": 5, "answered": 1, "arrived": 0, "unanswered": 4, "escalated": 2}
    assert figures["items"][0]["areas"] == ["河口镇"] and figures["items"][0]["closed"] is False
    section = bulletin_sections(ctx, {"callouts": figures}, Section, Table)[0]
    assert section.heading == "预警叫应" and "共叫应 5 人:应答 1 人" in section.paragraphs[0]
    assert section.table.rows[0][2:] == ["暴雨红色预警", "河口镇", "1/5", "0", "4"]
    assert bulletin_sections(ctx, {}, Section, Table) == []  # sealed before call-outs existed


def test_bad_calls_write_nothing(service, ctx):
    callout = service.start("rainstorm:red", ["柳湾村"])
    before = ctx.store.revision()
    for bad in (lambda: service.answer(callout.id, 2), lambda: service.fail(callout.id, 1, "asleep"),
                lambda: service.answer(callout.id, 1, by="x" * 100), lambda: service.arrived(9, 1),
                lambda: service.start("rainstorm:red", []), lambda: service.start("rainstorm:red", ["柳湾村"], within=0),
                lambda: service.start("rainstorm:red", ["柳湾村"], levels=["town"]),
                lambda: service.close(callout.id), lambda: service.close(callout.id, override_reason="  ")):
        with pytest.raises(DomainError):
            bad()
    assert ctx.store.revision() == before


def test_the_demo_day_has_a_red_warning_and_its_callout_half_answered(ctx):
    from dutyroom.services.demo import fill_demo
    from dutyroom.services.status import StatusService

    fill_demo(ctx)
    assert "rainstorm:red" in [w.code for w in StatusService(ctx).current().warnings]
    service = Callouts(ctx)
    (callout,) = service.all(open_only=True)
    assert callout.warning == "rainstorm:red" and {"county", "town", "village", "unit"} == \
        {c.level.value for c in Contacts(ctx).all()}
    counts = service.progress(callout)
    assert counts["answered"] * 2 >= counts["total"] > counts["answered"] and counts["arrived"] == 1
    assert counts["failed"] == 1 and counts["unanswered"] == 0
    (failed,) = [c for c in callout.calls if c.status.value == "failed"]
    assert failed.next_try_at <= ctx.now()  # its retry is due
    assert not [e for e in EscalationService(ctx).active() if e.reason.value == "callout_unanswered"]
