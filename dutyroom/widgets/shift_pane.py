"""The "Current shift" pane (当前班次): who is on duty, until when, what the shift has seen.

Leader on duty and officers (with phones) from the roster, who has signed on,
the shift's start and end with the time remaining, the counts of log entries,
reports and tickets in the shift, and the items the last handover carried in.
The shift comes from the pattern in ``[shifts]`` (see
:mod:`dutyroom.services.shifts`), so it is right even where no roster exists.
"""

from __future__ import annotations

from typing import Any, Sequence

import arrow
from rich.text import Text
from textual.widgets import Static

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.shift import Shift
from dutyroom.services.shifts import ShiftCounts, ShiftService
from dutyroom.store.store import Change
from dutyroom.widgets.format import duration
from dutyroom.widgets.pane import Pane, literal


class ShiftPane(Pane):
    TITLE_KEY = "shift.pane.title"
    KINDS = frozenset({"shift", "officer", "log", "report", "ticket", "handover"})
    can_focus = True

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.shift: Shift | None = None
        self.counts = ShiftCounts(0, 0, 0)
        self._shown: Text | None = None
        self.problem = ""

    def compose(self):
        yield Static(id="shift-body", markup=False)

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        if not self.wants(changes):
            return
        self._load()
        self.tick(self.ctx.now())

    _COUNTED = {"log": ("at", "log_entries"), "report": ("received_at", "reports"),
                "ticket": ("created_at", "tickets")}

    def apply_changes(self, message: Any) -> bool:
        """New log entries, reports and tickets only move the counts: count them from the
        journal lines instead of reading the shift's day files again."""
        touched = [(kind, rid, op) for change in message.changes for kind, rid, op in change.records
                   if kind in self.KINDS]
        if not touched:
            return True
        shift = self.shift
        if shift is None or self.problem:
            return False
        added = {attr: 0 for _field, attr in self._COUNTED.values()}
        for kind, rid, op in touched:
            if kind not in self._COUNTED:
                return False
            if op != "create":
                continue  # counts go by the time a record was filed, which never changes
            field, attr = self._COUNTED[kind]
            value, by = (message.records.get((kind, rid)) or {}).get(field), 1
            if value is None and (kind, rid) in message.undone:  # a replay stepped back over it
                value, by = message.undone[(kind, rid)].get(field), -1
            if value is None:
                return False
            if shift.start <= arrow.get(value) < shift.end:
                added[attr] += by
        if any(added.values()):
            for attr, n in added.items():
                setattr(self.counts, attr, getattr(self.counts, attr) + n)
            self.tick(self.ctx.now())
        return True

    def _load(self) -> None:
        try:
            service = ShiftService(self.ctx)
            self.shift = service.current()
            self.counts = service.counts(self.shift)
            self.problem = ""
        except DomainError as error:  # a bad [shifts] setting: say so in the pane
            self.problem = explain(error)

    def tick(self, now: arrow.Arrow) -> None:
        if self.shift is not None and not self.shift.start <= now < self.shift.end:
            self._load()  # the shift changed under us: show the next one (a replay steps back too)
        text = self.render_text(now)
        if text != self._shown:  # the same text again: no repaint (the time left moves by minutes)
            # a count or the time left changed: repaint the pane alone; lay out the screen
            # only when the text gains or loses a line
            layout = self._shown is None or self._shown.plain.count("\n") != text.plain.count("\n")
            self._shown = text
            self.query_one("#shift-body", Static).update(text, layout=layout)

    def render_text(self, now: arrow.Arrow) -> Text:
        """Most needed first, one line each (the pane may be only three lines tall):
        who leads and who is on the roster; the period, time left and who signed on; the
        shift's counts; then the items carried in and the phones."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if self.problem:
            text.append(self.problem, style="bold red")
            return text
        shift = self.shift
        if shift is None:
            return text
        text.append(t("shift.pane.leader") + ": ", style="bold")
        text.append(literal(shift.leader, one_line=True) or t("word.none"))
        text.append("   " + t("shift.pane.officers") + ": ", style="bold")
        text.append("、".join(literal(n, one_line=True) for n in shift.officers) or t("word.none"))
        start = self.ctx.local(shift.start).format("MM-DD HH:mm")
        end = self.ctx.local(shift.end).format("MM-DD HH:mm")
        left = duration(max(0.0, (shift.end - now).total_seconds()))
        text.append("\n" + t("shift.pane.period", start=start, end=end, left=left))
        on_duty = shift.on_duty()
        text.append("   " + t("shift.pane.on_duty") + ": ", style="bold")
        text.append("、".join(literal(n, one_line=True) for n in on_duty) or t("word.none"))
        c = self.counts
        text.append("\n" + t("shift.pane.counts", log=c.log_entries, reports=c.reports, tickets=c.tickets))
        if shift.handover_in:
            text.append("\n" + t("shift.pane.carried", count=len(shift.carried), id=shift.handover_in),
                        style="bold")
        if not shift.members():
            text.append("\n" + t("shift.pane.no_roster"), style="italic")
        phones = [_named(n, shift) for n in shift.members() if shift.phones.get(n)]
        if phones:
            text.append("\n" + t("shift.pane.phones") + ": ", style="bold")
            text.append("  ".join(phones))
        return text


def _named(name: str, shift: Shift) -> str:
    """A roster name with its phone, as literal text (names come from an imported file)."""
    phone = literal(shift.phones.get(name, ""), one_line=True)
    name = literal(name, one_line=True)
    return f"{name} {phone}" if name and phone else name
