"""The header: local date and time, operator and station, response level and warnings.

Levels and warnings are written out in words (``应急响应 Ⅲ级``, ``暴雨橙色预警``) and
colour only underlines them, so NO_COLOR terminals read the same.
"""

from __future__ import annotations

from typing import Any

import arrow
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from dutyroom.i18n import t
from dutyroom.model.status import DutyStatus, ResponseLevel
from dutyroom.services.evacuations import Evacuations
from dutyroom.services.status import StatusService
from dutyroom.widgets.pane import literal

RESPONSE_STYLE = {"none": "", "IV": "bold white on blue", "III": "bold black on yellow",
                  "II": "bold white on dark_orange", "I": "bold white on red"}
COLOUR_STYLE = {"blue": "bold white on blue", "yellow": "bold black on yellow",
                "orange": "bold black on dark_orange", "red": "bold white on red"}
WEEKDAYS = {"zh": "一二三四五六日"}


class DutyHeader(Static):
    """Two lines at full size, one when the terminal is small (class ``-compact``)."""

    RELOAD_KINDS = frozenset({"status", "evacuation"})
    """Record kinds whose change the header shows: the duty status, the people moved."""

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.ctx = ctx
        self.status = DutyStatus()
        self.callouts: dict[str, int] | None = None
        """Totals over the open call-outs (``Callouts.open_progress``); None when none is open."""
        self.evacuated: dict[str, int] = {}

    def on_mount(self) -> None:
        self.reload_callouts(tick=False)
        self.reload_status()

    def reload_callouts(self, tick: bool = True) -> None:
        """Read the open call-outs' totals again (a call-out record changed, in any session)."""
        from dutyroom.model.errors import DomainError
        from dutyroom.services.callouts import Callouts

        try:
            self.callouts = Callouts(self.ctx).open_progress()
        except DomainError:
            self.callouts = None  # a corrupt file is reported by the panes; the header stays up
        self.set_class(self.callouts is not None, "-callout")
        if tick:
            self.tick(self.ctx.now())

    def reload_status(self) -> None:
        self.status = StatusService(self.ctx).current()
        self.evacuated = Evacuations(self.ctx).totals()
        self.tick(self.ctx.now())

    def tick(self, now: arrow.Arrow) -> None:
        text = self.render_text(now)
        shown = getattr(self, "_shown", None)
        if shown is not None and text == shown:
            return
        # the clock moved: repaint the header alone; a layout pass (every table's scrollbars)
        # only when the header grows or shrinks by a line
        layout = shown is None or shown.plain.count("\n") != text.plain.count("\n")
        self._shown = text
        self.update(text, layout=layout)

    def render_text(self, now: arrow.Arrow) -> Text:
        compact = self.has_class("-compact")
        local = self.ctx.local(now)
        weekday = t(f"weekday.{local.isoweekday()}")
        text = Text(no_wrap=True, overflow="ellipsis")
        station = t("word.local") if self.ctx.station == "local" else self.ctx.station
        alarm = self.ctx.store.alarm()
        if alarm:  # the journal's hash chain is broken: first thing on every screen until resolved
            text.append(f" {t('store.alarm_short', line=alarm.get('line', '?'))} ", style="bold white on red")
            text.append(" ")
        if compact:  # one line at 80 columns: what matters first
            text.append(local.format("HH:mm:ss"), style="bold")
            text.append(f" {local.format('MM-DD')} {weekday} ")
            text.append(literal(self.ctx.operator, one_line=True))
            text.append(" | ")
        else:
            text.append(t("app.title"), style="bold")
            text.append(f"  {local.format('YYYY-MM-DD')} {weekday}  ")
            text.append(local.format("HH:mm:ss"), style="bold")
            text.append(f"  {t('header.operator')}: ")
            text.append(literal(f"{self.ctx.operator}@{station}", one_line=True))
            text.append("\n")
        level = self.status.response
        text.append(t("header.response") + (" " if compact else ": "))
        label = t(level.label_key) if level != ResponseLevel.NONE else t("header.no_response")
        text.append(f" {label} ", style=RESPONSE_STYLE.get(level.value, ""))
        width = self.size.width or (80 if compact else 120)
        if self.evacuated.get("areas") and not compact:  # people moved (转移人员), once there are any
            text.append("  ")
            text.append(self._evacuated(), style="bold")
        text.append(" | " if compact else "  " + t("header.warnings") + ": ")
        if not self.status.warnings:
            text.append(t("header.no_warnings") if compact else t("word.none"))
        self._append_warnings(text, width)
        if self.evacuated.get("areas") and compact:  # at 80 columns after the warnings, if it fits
            figure = f" | {self._evacuated()}"
            if cell_len(text.plain.rsplit("\n", 1)[-1]) + cell_len(figure) <= width:
                text.append(figure, style="bold")
        if self.callouts is not None:  # its own line while a call-out is open
            text.append("\n")
            text.append(t("calloutui.header.progress", **self.callouts), style="bold underline")
        return text

    def _evacuated(self) -> str:
        return t("header.evacuated", moved=self.evacuated["moved"], planned=self.evacuated["planned"])

    def _append_warnings(self, text: Text, width: int) -> None:
        """The warnings, gravest first, as many as the line holds; then "+N more" in words,
        so a warning that does not fit is never cut off unseen (80 columns in English)."""
        warnings = sorted(self.status.warnings, key=lambda w: -w.colour.rank)
        for index, warning in enumerate(warnings):
            name = t("header.warning", type=t(warning.type.label_key),
                     colour=t(warning.colour.label_key))
            left = len(warnings) - index - 1
            more = f" {t('header.more_warnings', n=left)}" if left else ""
            used = cell_len(text.plain.rsplit("\n", 1)[-1])
            if index and used + cell_len(f" {name} ") + cell_len(more) > width:
                text.append(t("header.more_warnings", n=left + 1), style="bold")
                return
            text.append(f" {name} ", style=COLOUR_STYLE.get(warning.colour.value, ""))
            text.append(" ")
