"""The after-action timeline as a file: the same bytes for ``dutyroom timeline`` and the app.

The CLI (``dutyroom timeline --from --to --format -o``) and the app's timeline form both
call :func:`export`, so a file written by keys is the file the command line writes for
the same period (the PDF's generation time is the period's end, so it is the same too).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.services.context import Context
from dutyroom.services.output import csv_safe, output_path

FORMATS = ("csv", "html", "pdf")


def check_period(start: arrow.Arrow, end: arrow.Arrow) -> None:
    """A period that ends before it starts is refused before anything is read."""
    if end < start:
        raise ValidationError("timeline.bad_period", field="to")


def export(ctx: Context, start: arrow.Arrow, end: arrow.Arrow, fmt: str) -> bytes:
    """The timeline of [start, end] (read as the record stood at ``end``) in ``fmt``.

    ``ctx`` is the live context (a replay reads the journal itself, from the live store)."""
    from dutyroom.model.timeinput import iso
    from dutyroom.services.timeline import build
    from dutyroom.services.timeline_render import document, render_html

    if fmt not in FORMATS:
        raise ValidationError("error.bad_choice", field="format", value=fmt, choices=", ".join(FORMATS))
    check_period(start, end)
    timeline = build(ctx, start, end)
    if fmt == "csv":
        return render_csv(timeline, ctx.tz).encode("utf-8-sig")
    if fmt == "html":
        return render_html(timeline, ctx.tz)
    from dutyroom.services.printout import render

    return render(document(timeline, ctx.tz, iso(end)), "pdf")


def render_csv(timeline, tz: str) -> str:  # noqa: ANN001 - services.timeline.Timeline
    """One sheet: the integrity line, then each table under its heading, cells defused."""
    from dutyroom.services.replay import integrity_line
    from dutyroom.services.timeline_render import tables, title

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(integrity_line(timeline.integrity))])
    writer.writerow([csv_safe(title(timeline, tz))])
    for block in tables(timeline, tz):
        writer.writerow([])
        writer.writerow([csv_safe(block.heading)])
        writer.writerow([csv_safe(c) for c in block.columns])
        for row in block.rows:
            writer.writerow([csv_safe(c) for c in row])
    return buffer.getvalue()


def default_name(ctx: Context, start: arrow.Arrow, end: arrow.Arrow, fmt: str) -> str:
    """``timeline-20260729-0900-20260729-1130.pdf``: the period in the duty room's time."""
    return (f"timeline-{ctx.local(start).format('YYYYMMDD-HHmm')}-"
            f"{ctx.local(end).format('YYYYMMDD-HHmm')}.{fmt}")


def app_output(ctx: Context, folder: Path, text: str, start: arrow.Arrow, end: arrow.Arrow,
               fmt: str) -> Path:
    """Where the app writes a timeline: blank is ``folder`` (the data directory's
    ``printouts/``, made if missing, as every printout of the app) with
    :func:`default_name`; a relative name is taken inside ``folder`` too (an officer over
    SSH does not know the app's working directory); an absolute one as given, whose folder
    must exist (:func:`~dutyroom.services.output.output_path`)."""
    text = text.strip()
    if not text or not Path(text).expanduser().is_absolute():
        folder.mkdir(parents=True, exist_ok=True)
    if not text:
        return folder / default_name(ctx, start, end, fmt)
    path = Path(text).expanduser()
    return output_path(str(path if path.is_absolute() else folder / path))
