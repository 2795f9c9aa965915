"""Current shift pane (simple version; the ``handover`` feature replaces this module).

Leader and officers on duty, the shift's start and end with time remaining,
and how many log entries, reports and tickets the shift has seen.
"""

from __future__ import annotations

from typing import ClassVar, Any, Sequence

import arrow
from rich.text import Text
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.services.dashboard import ShiftCounts, ShiftWindow, current_shift, shift_counts
from dutyroom.store.store import Change
from dutyroom.widgets.format import duration
from dutyroom.widgets.pane import Pane, literal


class ShiftPane(Pane):
    PLACEHOLDER: ClassVar[bool] = True
    """The dashboard's simple version; the feature that owns this pane replaces the module."""
    TITLE_KEY = "pane.shift"
    KINDS = frozenset({"shift", "officer", "log", "report", "ticket"})
    can_focus = True

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.window: ShiftWindow | None = None
        self.counts = ShiftCounts()

    def compose(self):
        yield Static(id="shift-body", markup=False)

    def refresh_data(self, changes: Sequence[Change] | None = None) -> None:
        if not self.wants(changes):
            return
        self.window = current_shift(self.ctx)
        self.counts = shift_counts(self.ctx, self.window)
        self.tick(self.ctx.now())

    def tick(self, now: arrow.Arrow) -> None:
        if self.window is None:
            return
        if now >= self.window.end:  # the shift changed under us: pick up the next one
            self.window = current_shift(self.ctx)
            self.counts = shift_counts(self.ctx, self.window)
        self.query_one("#shift-body", Static).update(self.render_text(now))

    def render_text(self, now: arrow.Arrow) -> Text:
        w = self.window
        assert w is not None
        text = Text()
        shift = w.shift
        leader = shift.leader if shift and shift.leader else t("word.none")
        officers = "、".join(shift.officers) if shift and shift.officers else t("word.none")
        text.append(t("shift.leader") + ": ", style="bold")
        text.append(literal(leader, one_line=True))
        text.append("   " + t("shift.officers") + ": ", style="bold")
        text.append(literal(officers, one_line=True))
        text.append("\n")
        start = self.ctx.local(w.start).format("MM-DD HH:mm")
        end = self.ctx.local(w.end).format("MM-DD HH:mm")
        text.append(f"{start} ~ {end}   ")
        text.append(t("shift.remaining", left=duration(w.remaining(now))), style="bold")
        if shift is None:
            text.append("  " + t("shift.no_roster"), style="italic")
        text.append("\n")
        c = self.counts
        text.append(t("shift.counts", log=c.log, reports=c.reports, tickets=c.tickets))
        return text
