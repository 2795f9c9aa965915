"""The record speaks the reader's language: whoever wrote it, whenever.

An English officer's day (a report and its chain, a ticket dispatched to a seeded unit, the
duty status, a leader instruction, a key point, escalations raised and acknowledged, the
handover) reads entirely in Chinese for a Chinese reader: on screen (the log's text), in
the ICS-214 activity log and the handover printout. And a Chinese officer's reads entirely
in English. Only names and values typed by people stay as they were written.
"""

from __future__ import annotations

import re

import pytest

from dutyroom.i18n import set_language
from dutyroom.services.activity_log import ActivityLog
from dutyroom.services.deployments import Deployments
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.escalation import EscalationService, escalation_title
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import handover_document
from dutyroom.services.instructions import Instructions
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.printout.plain import render_txt
from dutyroom.services.record_text import entry_text, render, message
from dutyroom.services.report_correction import correct_contact
from dutyroom.services.reports import Reports
from dutyroom.services.standing_orders import StandingOrders
from dutyroom.services.status import StatusService
from dutyroom.services.tickets import Tickets
from dutyroom.services.units import Units

ZH_DATA = {"place": "沙河水库", "text": "库水位上涨", "person": "王强"}
EN_DATA = {"place": "Shahe reservoir", "text": "water rising", "person": "Wang Qiang"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PAPER_WORDS = {"ICS"}  # the form's own name, in both languages


def officer_day(ctx, data: dict[str, str]) -> None:
    reports = Reports(ctx)
    first = reports.add(channel="phone", category="reservoir", location=data["place"], text=data["text"],
                        severity="III", reporter=data["person"])
    ctx.clock.advance(minutes=5)
    reports.follow_up(first.id, data["text"], severity="II", reason=data["text"])
    reports.add(channel="wechat", category="reservoir", location=data["place"], text=data["text"])
    reports.forward(first.id, to=data["person"], via="phone")
    ticket = Tickets(ctx).add(data["text"], hazard="embankment", severity="II", location=data["place"])
    Tickets(ctx).dispatch(ticket.id, "volunteer")
    Tickets(ctx).set_status(ticket.id, "cancelled", note=data["text"])
    other = Tickets(ctx).add(data["text"], hazard="embankment", severity="III", location=data["place"])
    Tickets(ctx).dispatch(other.id, "police")
    StatusService(ctx).set(response="III", warnings=["rainstorm:orange", "geological:yellow"])
    Instructions(ctx).add(subject_kind="report", subject_id=first.id, leader=data["person"],
                          assignee=data["person"], text=data["text"], due="+1h")
    KeyPoints(ctx).add(type="reservoir", name=data["place"], patrol_interval_min=60)
    order = StandingOrders(ctx).add(data["text"], until="+2h")
    StandingOrders(ctx).end(order.id or 0)
    correct_contact(ctx, first.id or 0, phone="13800000000", reason=data["text"])
    ctx.clock.advance(hours=3)
    service = EscalationService(ctx)
    service.evaluate_now()
    active = service.active()
    assert len(active) >= 3
    service.acknowledge(active[0].id, data["text"])
    service.snooze(active[1].id, 30, data["text"])
    HandoverService(ctx).start(data["text"])


def everything_read(ctx) -> dict[str, str]:
    """What the reader sees of that day: the log, the escalations, both printouts."""
    from dutyroom.i18n import language

    lang = language()
    log = DutyLog(ctx).all()
    handover = HandoverService(ctx).all()[-1]
    return {
        "log": "\n".join(entry_text(e) for e in log),
        "escalations": "\n".join(escalation_title(e) for e in EscalationService(ctx).active()),
        "units": "\n".join(u.name for u in Units(ctx).all()),
        "handover": render_txt(handover_document(handover, ctx.tz, lang)).decode(),
        "ics214": render_txt(ActivityLog(ctx).document(ActivityLog(ctx).for_shift("current"), lang)).decode(),
    }


@pytest.mark.parametrize("writer, reader", [("en", "zh"), ("zh", "en")])
def test_what_one_language_wrote_reads_entirely_in_the_other(ctx, writer, reader):
    data = EN_DATA if writer == "en" else ZH_DATA
    set_language(writer)
    officer_day(ctx, data)
    set_language(reader)
    seen = everything_read(ctx)
    assert all(seen.values())
    values = " ".join((*data.values(), ctx.operator))  # typed by people: theirs (printouts may wrap them)
    for what, text in seen.items():
        if reader == "zh":
            foreign = sorted(set(LATIN_WORD.findall(text)) - set(LATIN_WORD.findall(values)) - PAPER_WORDS)
        else:
            foreign = sorted(set(CJK.findall(text)) - set(CJK.findall(values)))
        assert foreign == [], (what, foreign, [line for line in text.splitlines()
                                               if any(f in line for f in foreign)][:5])


def test_seeded_unit_names_follow_the_reader_and_a_renamed_one_keeps_the_officers_words(ctx):
    set_language("en")
    units = Units(ctx).ensure_defaults()
    volunteer = next(u for u in units if u.kind.value == "volunteer")
    assert volunteer.name == "Volunteer team"
    set_language("zh")
    assert Units(ctx).get(volunteer.id).name == "志愿服务队"
    assert Units(ctx).resolve("Volunteer team").id == volunteer.id  # either language finds it
    Units(ctx).edit(volunteer.id, phone="12345")  # not renamed: still the reader's language
    set_language("en")
    assert Units(ctx).get(volunteer.id).name == "Volunteer team"
    Deployments(ctx).deploy(volunteer.id, people=8, task="patrol", area="Riverside")
    set_language("zh")
    assert [d.team for d in Deployments(ctx).current()] == ["志愿服务队"]
    assert "志愿服务队" in entry_text(DutyLog(ctx).all()[-1])
    set_language("en")
    Units(ctx).edit(volunteer.id, name="青年突击队")
    set_language("zh")
    assert Units(ctx).get(volunteer.id).name == "青年突击队"
    set_language("en")
    assert Units(ctx).get(volunteer.id).name == "青年突击队"


def test_older_entries_without_a_message_read_as_written(ctx):
    ctx.store.create("log", {"at": ctx.now().isoformat(), "kind": "notice", "text": "旧记录原文",
                             "author": "张伟", "system": True})
    assert [entry_text(e) for e in DutyLog(ctx).all()] == ["旧记录原文"]


def test_list_separator_follows_the_language():
    value = message("handover.log.reopened", items=[{"kind": "report", "id": 9}, {"kind": "ticket", "id": 9}])
    assert "报告 #9、工单 #9" in render(value, "zh")
    assert "report #9, ticket #9" in render(value, "en")


def test_a_ticket_opened_from_a_report_stores_no_sentence_in_its_timeline(ctx):
    from dutyroom.services.reports import to_ticket

    report = Reports(ctx).add(channel="phone", category="waterlogging", location="人民路下穿通道",
                              text="积水 50 厘米", severity="III")
    _, ticket = to_ticket(ctx, report.id)
    stored = ctx.store.get("ticket", int(ticket["id"]))
    assert stored["timeline"][0]["note"] == ""  # the source is report_ids, worded when shown
    assert stored["report_ids"][0] == report.id


def test_every_line_the_app_writes_itself_is_stored_as_a_message_not_a_sentence(ctx):
    """A sentence stored in one language would be read in it forever (the record keeps codes)."""
    set_language("zh")
    officer_day(ctx, ZH_DATA)
    written = [e for e in DutyLog(ctx).all() if e.system]
    assert len(written) >= 10
    bare = [e.text for e in written if not getattr(e, "message", None)]
    assert bare == []
