"""Correcting who reported a chain (reporter, phone) after intake.

A misheard name or a wrong callback number is corrected on the chain's first
report, where the chain keeps its facts; the old value stays in the chain's
``corrections`` (shown by ``report show`` and the detail screen) and the change
is logged in the same commit, so nothing is silently changed.
"""

from __future__ import annotations

from typing import Any

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.report import TEXT_FIELDS, ContactCorrection, IncomingReport
from dutyroom.model.text import clean
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context
from dutyroom.services.record_text import message, sentences, system_entry
from dutyroom.services.reports import Reports
from dutyroom.store import Create, Update

FIELDS = ("reporter", "phone")


def correct_contact(ctx: Context, report_id: int, *, reporter: str | None = None,
                    phone: str | None = None, reason: object = "",
                    expected_version: int | None = None) -> IncomingReport:
    """Set the chain's reporter and/or phone (None leaves one as it is); returns the head.

    Nothing given, or nothing different, is a ValidationError and writes nothing.
    """
    head = Reports(ctx).head(report_id)
    wanted = {"reporter": reporter, "phone": phone}
    if all(v is None for v in wanted.values()):
        raise ValidationError("report.error.correct_nothing", field="reporter")
    why = clean(reason, "reason", max_len=500, single_line=True)
    now = ctx.now()
    made: list[ContactCorrection] = []
    for name in FIELDS:
        if wanted[name] is None:
            continue
        value = clean(wanted[name], name, max_len=TEXT_FIELDS[name], single_line=True)
        old = getattr(head, name)
        if value != old:
            made.append(ContactCorrection(at=now, by=ctx.operator, field=name, old=old, new=value,
                                          reason=why))
    if not made:
        raise ValidationError("report.error.correct_same", field="reporter")
    data: dict[str, Any] = {c.field: c.new for c in made}
    data["corrections"] = [_correction_dict(c) for c in [*head.corrections, *made]]
    changes = sentences(*(message("report.correction.change", field=message(f"field.{c.field}"),
                                  old=c.old or message("word.none"), new=c.new or message("word.none"))
                          for c in made), sep="; ")
    note = sentences(message("report.log.corrected", id=head.id, changes=changes),
                     message("report.correction.reason", reason=why) if why else None, sep="")
    entry = system_entry(note, at=now, author=ctx.operator, kind=LogKind.NOTICE, report_id=head.id)
    version = head.version if expected_version is None else expected_version
    records = ctx.store.commit([Update("report", head.id or 0, data, version),
                                Create("log", entry)])
    return IncomingReport.from_dict(records[0])


def _correction_dict(c: ContactCorrection) -> dict[str, Any]:
    return {"at": iso(c.at), "by": c.by, "field": c.field, "old": c.old, "new": c.new,
            "reason": c.reason}
