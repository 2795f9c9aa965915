"""复盘 by keys: the moment to replay (``R``) and the timeline to write (``T``).

An officer at an SSH ForceCommand has only the app: these forms do what ``dutyroom --replay
TIME`` and ``dutyroom timeline --from --to --format -o`` do on the command line, with the
same time input (``02:40``, ``-2h``, ``2026-07-29 02:40``; a bad time is said under its
field and nothing happens).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import arrow

from dutyroom.i18n import t
from dutyroom.screens.forms.base import Field, FormScreen
from dutyroom.screens.forms.validators import TimeText
from dutyroom.services.context import Context
from dutyroom.services.timeline_export import FORMATS, app_output, check_period


class ReplayForm(FormScreen[arrow.Arrow]):
    """The moment the read-only replay opens at (``dutyroom --replay TIME``)."""

    FORM_ID = "replay"
    TITLE_KEY = "review.replay.title"
    FOCUS_FIELD = "at"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(ctx, values, keep_drafts=False)

    def build_fields(self) -> list[Field]:
        return [Field("at", "review.replay.at", validators=[TimeText(self.ctx, "at")],
                      placeholder_key="review.replay.hint")]

    def submit(self, values: dict[str, str]) -> arrow.Arrow:
        return self.ctx.parse_time(values["at"].strip(), "at")


@dataclass(frozen=True)
class TimelineRequest:
    """A checked request: the period, the format and the file it goes to."""

    start: arrow.Arrow
    end: arrow.Arrow
    fmt: str
    path: Path


class TimelineForm(FormScreen[TimelineRequest]):
    """``dutyroom timeline`` by keys. ``ctx`` reads the times (in a replay "now" is the
    replayed moment); ``folder`` is the data directory's ``printouts/``."""

    FORM_ID = "timeline"
    TITLE_KEY = "review.timeline.title"
    FOCUS_FIELD = "from"

    def __init__(self, ctx: Context, values: dict[str, Any] | None = None, *, folder: Path,
                 **kwargs: Any) -> None:
        self.folder = folder
        super().__init__(ctx, values, keep_drafts=False)

    def build_fields(self) -> list[Field]:
        return [
            Field("from", "review.timeline.from", value="-24h", validators=[TimeText(self.ctx, "from")],
                  placeholder_key="review.timeline.time_hint"),
            Field("to", "review.timeline.to", value="now", validators=[TimeText(self.ctx, "to")],
                  placeholder_key="review.timeline.time_hint"),
            Field("format", "review.timeline.format", kind="select", value="pdf",
                  options=[(t(f"review.timeline.format.{fmt}"), fmt) for fmt in FORMATS]),
            Field("output", "review.timeline.output", placeholder_key="review.timeline.output_hint"),
        ]

    def submit(self, values: dict[str, str]) -> TimelineRequest:
        start = self.ctx.parse_time(values["from"].strip(), "from")
        end = self.ctx.parse_time(values["to"].strip(), "to")
        check_period(start, end)
        fmt = values["format"] or "pdf"
        return TimelineRequest(start, end, fmt, app_output(self.ctx, self.folder, values["output"], start, end, fmt))
