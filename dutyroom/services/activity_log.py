"""The activity log of a shift or a day, in the manner of ICS-214 (Activity Log).

ICS-214 records, for one operational period: the incident, the period, the
unit leader, the resources assigned (people and their position), and a dated
list of notable activities, signed by whoever prepared it. Here the period is
a shift or a local day, the leader is the leader on duty, the resources are
the rostered and signed-on officers and the activities are the duty log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError
from dutyroom.model.shift import Shift
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.handover_print import label, when
from dutyroom.services.record_text import entry_text
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService

DEFAULTS: dict[str, Any] = {"incident": "", "unit": ""}


@dataclass
class Period:
    start: arrow.Arrow
    end: arrow.Arrow
    shifts: list[Shift]
    title: str


class ActivityLog:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.shifts = ShiftService(ctx)

    def for_shift(self, spec: str | None) -> Period:
        shift = self.shifts.resolve(spec)
        return Period(shift.start, shift.end, [shift], self.shifts.label(shift))

    def for_date(self, text: str) -> Period:
        try:
            day = arrow.get(text.strip().replace("/", "-"), "YYYY-MM-DD", tzinfo=self.ctx.tz)
        except (arrow.parser.ParserError, ValueError):
            raise ValidationError("shift.error.bad_date", field="roster_date", value=text) from None
        start, end = day.to("UTC"), day.shift(days=1).to("UTC")
        shifts, moment = [], start
        while moment < end:
            slot = self.shifts.slot_at(moment)
            shifts.append(self.shifts.for_slot(slot))
            moment = slot.end
        return Period(start, end, shifts, day.format("YYYY-MM-DD"))

    def document(self, period: Period, lang: str) -> Any:
        from dutyroom.services.printout import Document, Section, Signature, Table

        def tr(key: str, **params: object) -> str:
            return t(key, lang=lang, **params)

        tz = self.ctx.tz
        conf = {**DEFAULTS, **self.ctx.settings.section("activity_log")}
        leaders = ", ".join(dict.fromkeys(s.leader for s in period.shifts if s.leader)) or "-"
        meta = [
            (tr("actlog.incident"), str(conf["incident"] or tr("actlog.default_incident"))),
            (tr("actlog.period"), f"{when(period.start, tz)} – {when(period.end, tz)}"),
            (tr("actlog.leader"), leaders),
            (tr("actlog.unit"), str(conf["unit"] or tr("actlog.default_unit"))),
        ]
        officers = {o.name: o for o in RosterService(self.ctx).officers()}
        people: list[list[str]] = []
        for shift in period.shifts:
            phones = shift.phones
            for name in shift.members():
                role = "leader" if name == shift.leader else "officer"
                times = [f"{when(a.on_at, tz, 'MM-DD HH:mm')}–{when(a.off_at, tz, 'HH:mm')}"
                         for a in shift.attendance if a.name == name]
                phone = phones.get(name) or (officers[name].phone if name in officers else "")
                people.append([name, label("roster_role", role, lang), phone, "; ".join(times)])
            rostered = set(shift.members())
            for a in shift.attendance:
                if a.name not in rostered:
                    rostered.add(a.name)
                    people.append([a.name, label("roster_role", "officer", lang), "",
                                   f"{when(a.on_at, tz, 'MM-DD HH:mm')}–{when(a.off_at, tz, 'HH:mm')}"])
        entries = DutyLog(self.ctx).between(period.start, period.end)
        views = DutyLog.with_amendments(entries)
        names = RosterService(self.ctx).names_by_account()  # entries written under a login
        rows = []
        for view in views:
            e = view.entry
            marks = []
            if e.amends:
                marks.append(tr("actlog.amends", id=e.amends))
            if view.amended_by:
                marks.append(tr("actlog.amended_by", ids=", ".join(f"#{i}" for i in view.amended_by)))
            text = entry_text(e, lang) + (f" [{'; '.join(marks)}]" if marks else "")
            rows.append([when(e.at, tz, "MM-DD HH:mm"), f"#{e.id}", label("log_kind", e.kind.value, lang),
                         text, names.get(e.author, e.author)])
        sections = [
            Section(tr("actlog.resources"),
                    table=Table([tr("actlog.col.name"), tr("actlog.col.position"), tr("actlog.col.phone"),
                                 tr("actlog.col.attendance")], people, widths=[2, 2, 2, 4]) if people else None,
                    paragraphs=[] if people else [tr("actlog.no_roster")]),
            Section(tr("actlog.activities", count=len(rows)),
                    table=Table([tr("actlog.col.time"), tr("actlog.col.id"), tr("actlog.col.kind"),
                                 tr("actlog.col.activity"), tr("actlog.col.author")], rows,
                                widths=[1.5, 0.8, 1.2, 6, 1.5]) if rows else None,
                    paragraphs=[] if rows else [tr("word.none")]),
        ]
        preparer = RosterService(self.ctx).my_name()
        return Document(title=tr("actlog.title"), subtitle=period.title, meta=meta, sections=sections,
                        signatures=[Signature(tr("actlog.prepared_by"), preparer, ""),
                                    Signature(tr("actlog.leader"), leaders if leaders != "-" else "", "")],
                        footer=tr("actlog.footer", period=period.title), lang=lang,
                        generated_at=when(self.ctx.now(), tz, "YYYY-MM-DD HH:mm:ss"))
