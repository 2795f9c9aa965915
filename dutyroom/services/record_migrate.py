"""Records written before messages existed, migrated where they may change.

The duty log is append-only (a legal record: nothing is rewritten), so an old system line
is recognised when it is read instead (:func:`dutyroom.services.record_text.recognise`).
Records that may change go through the journal like any other update (``dutyroom migrate``):
an escalation gets the ``title_message`` its subject gives it, a seeded unit whose name is
still a default name gets its ``name_key``. Both are idempotent and leave an officer's own
words alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dutyroom.i18n import LANGUAGES, catalog, t
from dutyroom.model.deadline import DeadlineKind
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, enum, message, subject_ref
from dutyroom.store import StaleRecord, Update

# ---------------------------------------------------------------- migrating what may change
@dataclass
class Migration:
    escalations: list[int] = field(default_factory=list)
    units: list[int] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"escalations": self.escalations, "units": self.units}


def migrate(ctx: Context) -> Migration:
    """Give old escalations their title message and seeded units their name key, through
    the journal (one versioned update each); running it again changes nothing."""
    done = Migration()
    for data in _all(ctx, "escalation"):
        if data.get("title_message"):
            continue
        title = escalation_title_message(ctx, data)
        if title is not None and _update(ctx, "escalation", data, {"title_message": title}):
            done.escalations.append(int(data["id"]))
    for data in ctx.store.all("unit"):
        key = _default_unit_key(data)
        if key and _update(ctx, "unit", data, {"name_key": key}):
            done.units.append(int(data["id"]))
    return done


def escalation_title_message(ctx: Context, data: dict[str, Any]) -> Message | None:
    """The title the engine gives this escalation's subject today; None when it is gone."""
    kind, sid = str(data.get("subject_kind") or ""), data.get("subject_id")
    record = ctx.store.get(kind, sid) if kind and isinstance(sid, int) else None
    if record is None:
        return None
    if kind == "keypoint":
        return message("escalation.title", subject=subject_ref(kind, sid, str(record.get("name", ""))), detail="")
    if kind == "ticket":
        detail = f"{record.get('location') or ''} {record.get('text') or ''}".strip()
        return message("escalation.title", subject=subject_ref(kind, sid), detail=detail)
    if kind == "report":
        old = str(data.get("title") or "")
        what = next((enum(k) for k in DeadlineKind
                     if any(t(k.label_key, lang=lang) in old for lang in LANGUAGES)), "")
        return message("escalation.title.deadline", subject=subject_ref(kind, sid), what=what,
                       place=str(record.get("location") or ""))
    who = str(record.get("assignee") or "")
    return message("escalation.title", subject=subject_ref(kind, sid),
                   detail=f"{who} {record.get('text') or ''}"[:80])


def _default_unit_key(data: dict[str, Any]) -> str:
    """The seeded name's key, when the unit still bears its kind's default name."""
    if data.get("name_key"):
        return ""
    key = f"unit.default.{data.get('kind')}"
    if key in catalog() and data.get("name") in {t(key, lang=lang) for lang in LANGUAGES}:
        return key
    return ""


def _all(ctx: Context, kind: str) -> list[dict[str, Any]]:
    return [r for day in ctx.store.days(kind) for r in ctx.store.day_records(kind, day)]


def _update(ctx: Context, kind: str, data: dict[str, Any], changes: dict[str, Any]) -> bool:
    try:
        ctx.store.commit([Update(kind, int(data["id"]), changes, expected_version=data.get("version"))])
    except StaleRecord:  # changed meanwhile: the next run looks at it again
        return False
    return True
