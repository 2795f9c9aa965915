"""复盘 timeline: every kind of event the issue lists is in the CSV, with its author and station.

The issue: "every event of the period in order (reports, follow-ups, reports upward,
dispatches, acknowledgements, escalations, instructions and their feedback, call-out
answers, readings crossing thresholds, handovers) with author and station". A scripted day
does one of each, each by a named officer, through the real services; the real CLI prints
the timeline and each event is found by its kind (the catalog's ``timeline.event.<code>``)
and its author.
"""

from __future__ import annotations

import dataclasses

import pytest

from dutyroom.i18n import t
from dutyroom.services.callouts import Callouts
from dutyroom.services.contacts import Contacts
from dutyroom.services.escalation import EscalationService
from dutyroom.services.handover import HandoverService
from dutyroom.services.instructions import Instructions
from dutyroom.services.reports import Reports
from dutyroom.services.shifts import ShiftService
from dutyroom.services.stations import Stations
from dutyroom.services.tickets import Tickets
from tests.conftest import run_cli
from tests.test_timeline import CONTACTS, _blocks

EXPECTED = [
    # (event code, author): one of each kind the issue names
    ("sign_on", "张伟"),
    ("report", "张伟"),
    ("follow_up", "李娜"),
    ("upward", "李娜"),
    ("ticket", "王强"),
    ("dispatch", "王强"),
    ("acknowledged", "王强"),
    ("instruction", "李娜"),
    ("feedback", "王强"),
    ("callout", "张伟"),
    ("callout_answer", "李娜"),
    ("reading", "王强"),
    ("threshold", "赵敏"),
    ("escalation", "赵敏"),
    ("escalation_ack", "张伟"),
    ("handover", "张伟"),
]


def _as(ctx, name: str):
    return dataclasses.replace(ctx, operator=name)


def _day(ctx, clock, tmp_path) -> None:
    zhang, li, wang, zhao = (_as(ctx, n) for n in ("张伟", "李娜", "王强", "赵敏"))
    ShiftService(zhang).sign_on("张伟")
    report = Reports(zhang).add(channel="phone", category="waterlogging", location="人民路",
                                text="积水 40 厘米", severity="III")
    clock.advance(minutes=3)
    Reports(li).follow_up(report.id, "积水退至 20 厘米")
    clock.advance(minutes=2)
    Reports(li).forward(report.id, "市防指", "phone")
    tickets = Tickets(wang)
    ticket = tickets.add("东河堤段渗水", hazard="embankment", severity="III", location="东河 3 号堤段")
    clock.advance(minutes=1)
    tickets.dispatch(ticket.id, "水务局", ack_minutes=30)
    clock.advance(minutes=4)
    tickets.set_status(ticket.id, "acknowledged")
    order = Instructions(li).add(subject_kind="report", subject_id=report.id, leader="刘局长",
                                 assignee="水务局", text="加派巡查", due="+1h")
    clock.advance(minutes=5)
    Instructions(wang).feedback(order.id, "已加派两组")
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(zhang).import_csv(path)
    callout = Callouts(zhang).start("rainstorm:red", ["河口镇"])
    clock.advance(minutes=2)
    Callouts(li).answer(callout.id, Callouts(li).require(callout.id).calls[0].call_id)
    station = Stations(wang).add("沙河水库", "reservoir", warning_level=21.0)
    clock.advance(minutes=1)
    Stations(wang).add_reading(station.id, 21.5)
    clock.advance(minutes=1)
    EscalationService(zhao).tick()  # the station above its warning level, and the report's own deadlines
    clock.advance(minutes=40)
    EscalationService(zhao).tick()
    active = EscalationService(zhang).active()
    assert active
    EscalationService(zhang).acknowledge(active[0].id, "已处置")
    clock.advance(minutes=5)
    HandoverService(zhang).start()
    clock.advance(minutes=5)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_kind_of_event_is_in_the_csv_with_its_author(ctx, clock, db, store, tmp_path, lang):
    _day(ctx, clock, tmp_path)
    store.close()
    result = run_cli(db, "timeline", "--from", "2026-07-29 08:30", "--to", "2026-07-29 11:00",
                     "--format", "csv", DUTYROOM_LANG=lang)
    assert result.returncode == 0, result.stderr
    heading = t("timeline.section.events", lang=lang)
    rows = _blocks(result.stdout)[heading]
    columns = rows[0]
    kind, author, station = (columns.index(t(f"timeline.col.{c}", lang=lang)) for c in ("event", "author", "station"))
    seen = {(row[kind], row[author]) for row in rows[1:]}
    missing = [(code, who) for code, who in EXPECTED if (t(f"timeline.event.{code}", lang=lang), who) not in seen]
    assert not missing, f"events not in the timeline: {missing}; seen {sorted(seen)}"
    assert all(row[station] == "local" for row in rows[1:])
    assert not any(row[kind].startswith("timeline.") for row in rows[1:])  # no key reaches paper
