"""Irreversible or bulk steps ask first; looking at the handover writes nothing (issue #14)."""

from __future__ import annotations

from textual.widgets import Input, Select

from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.handover import HandoverScreen
from dutyroom.screens.ticket_detail import TicketDetail
from dutyroom.screens.ticket_form import StatusForm
from dutyroom.services.handover import HandoverService
from dutyroom.services.tickets import Tickets
from tests.conftest import wait_for


def written_since(ctx, offset: int) -> set[str]:
    """Kinds of record committed since ``offset`` by the handover or shifts (the escalation
    engine runs on its own and may write meanwhile)."""
    import orjson

    tail = ctx.store.layout.journal.read_bytes()[offset:]
    kinds = {op["kind"] for line in tail.splitlines() if line for op in orjson.loads(line)["ops"]}
    logs = [op["data"].get("text", "") for line in tail.splitlines() if line
            for op in orjson.loads(line)["ops"] if op["kind"] == "log"]
    return (kinds & {"handover", "shift"}) | {"log:handover" for text in logs if "交接" in text}


def asking(app, kind: str = "ConfirmScreen") -> bool:
    return type(app.screen).__name__ == kind


async def test_cancelling_a_ticket_asks_first(ctx, app_for):
    ticket = Tickets(ctx).add("管涌", hazard="embankment", location="东河堤防")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(TicketDetail(ctx, ticket.id))
        await wait_for(lambda: isinstance(app.screen, TicketDetail), pilot=pilot)
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
        app.screen.query_one("#field-status", Select).value = "cancelled"
        app.screen.query_one("#field-note", Input).value = "重复工单"
        await pilot.press("ctrl+s")
        await wait_for(lambda: asking(app), pilot=pilot)
        assert "取消" in str(app.screen.question)
        await pilot.press("n")  # not after all: nothing changes, the form stays
        await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
        assert Tickets(ctx).require(ticket.id).status.value == "open"
        await pilot.press("ctrl+s")
        await wait_for(lambda: asking(app), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: Tickets(ctx).require(ticket.id).status.value == "cancelled", pilot=pilot)


async def test_opening_the_handover_writes_nothing_and_ack_all_asks(ctx, app_for):
    ctx.store.create("report", {"received_at": ctx.now().shift(minutes=-120).isoformat(),
                                "severity": "III", "location": "东河堤防", "text": "渗水",
                                "category": "embankment", "open": True})
    ctx.store.create("ticket", {"hazard": "embankment", "text": "管涌", "severity": "III",
                                "status": "dispatched", "open": True})
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.pause(0.5)
        before = ctx.store.journal.size()
        await pilot.press("h")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen) and app.screen.handover is not None,
                       pilot=pilot)
        handover_screen = app.screen
        await pilot.press("r")  # rebuilding the preview writes nothing either
        await pilot.pause(0.2)
        assert written_since(ctx, before) == set() and HandoverService(ctx).all() == []
        await pilot.press("a")  # all at once: asked first
        await wait_for(lambda: asking(app), pilot=pilot)
        # the report, the ticket and the escalations the engine raised meanwhile, as shown
        count = len(handover_screen.handover.items)
        assert str(count) in str(app.screen.question)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen), pilot=pilot)
        assert written_since(ctx, before) == set()
        await pilot.press("space")  # the first real step starts the draft
        await wait_for(lambda: len(HandoverService(ctx).all()) == 1, pilot=pilot)
        await wait_for(lambda: sum(i.acknowledged for i in HandoverService(ctx).all()[0].items) == 1,
                       pilot=pilot)
        await pilot.press("a", "y")
        await wait_for(lambda: all(i.acknowledged for i in HandoverService(ctx).all()[0].items),
                       pilot=pilot)
    assert len(HandoverService(ctx).all()) == 1


async def test_final_report_with_a_report_upward_due_offers_to_record_it(ctx, app_for):
    """终报 closed a chain whose written report upward was still due, and its deadline vanished."""
    from textual.widgets import TextArea

    from dutyroom.screens.report_actions import ActionForm
    from dutyroom.screens.report_detail import ReportDetail
    from dutyroom.services.reports import Reports

    report = Reports(ctx).add(channel="phone", category="reservoir", location="沙河水库",
                              text="坝体渗水", severity="II")
    Reports(ctx).forward(report.id, "市防指", "phone")  # by phone: the written report is still owed
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ReportDetail(ctx, report.id))
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
        detail = app.screen
        await pilot.press("x")
        await wait_for(lambda: asking(app, "ChoiceScreen"), pilot=pilot)
        assert "书面报告" in app.screen.question
        await pilot.press("p")  # record it first: the report-upward form, preset to written
        await wait_for(lambda: isinstance(app.screen, ActionForm), pilot=pilot)
        assert app.screen.query_one("#ra-via", Select).value == "written"
        app.screen.query_one("#ra-to", Input).value = "市防指 值班室"
        await pilot.press("ctrl+s")
        # then the final report form follows
        await wait_for(lambda: isinstance(app.screen, ActionForm) and app.screen.query("#ra-severity"),
                       pilot=pilot)
        app.screen.query_one("#ra-text", TextArea).text = "险情排除"
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.screen is detail, pilot=pilot)
    head = Reports(ctx).get(report.id)
    assert head.status.value == "closed" and [f.via.value for f in head.forwards] == ["phone", "written"]
