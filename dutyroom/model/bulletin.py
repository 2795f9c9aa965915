"""The daily duty bulletin (值班信息日报): draft → approved by the leader on duty → issued.

Issuing seals it: the content and who approved and issued it are hashed, and a
sealed bulletin never changes again (the service refuses; ``seal_of`` lets any
reader check that the stored text is what was issued).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any, ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.errors import TransitionError
from dutyroom.model.record import Record
from dutyroom.model.timeinput import iso


class BulletinState(Code):
    DRAFT = "draft"
    APPROVED = "approved"
    ISSUED = "issued"


@dataclasses.dataclass(kw_only=True)
class Bulletin(Record):
    """One duty day's bulletin; ``content`` holds every figure as plain JSON."""

    KIND: ClassVar[str] = "bulletin"

    duty_date: str
    period_start: arrow.Arrow
    period_end: arrow.Arrow
    state: BulletinState = BulletinState.DRAFT
    content: dict[str, Any] = dataclasses.field(default_factory=dict)
    content_hash: str = ""
    drafted_by: str = ""
    drafted_at: arrow.Arrow | None = None
    approved_by: str = ""
    approved_at: arrow.Arrow | None = None
    issued_by: str = ""
    issued_at: arrow.Arrow | None = None
    seal: str = ""
    open: bool = True


def content_digest(content: dict[str, Any]) -> str:
    """SHA-256 of the content in a canonical JSON form (sorted keys, no spaces)."""
    body = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def seal_of(bulletin: Bulletin) -> str:
    """The seal over what was issued: the period, the content and both signatures."""
    sealed = {
        "duty_date": bulletin.duty_date,
        "period_start": iso(bulletin.period_start),
        "period_end": iso(bulletin.period_end),
        "content": bulletin.content,
        "approved_by": bulletin.approved_by,
        "approved_at": iso(bulletin.approved_at) if bulletin.approved_at else "",
        "issued_by": bulletin.issued_by,
        "issued_at": iso(bulletin.issued_at) if bulletin.issued_at else "",
    }
    return content_digest(sealed)


def check_step(bulletin: Bulletin, target: BulletinState) -> None:
    """Refresh from draft or approved; approve a draft; issue an approved bulletin. Never after issue."""
    allowed = {
        BulletinState.DRAFT: (BulletinState.DRAFT, BulletinState.APPROVED),
        BulletinState.APPROVED: (BulletinState.DRAFT, BulletinState.ISSUED),
        BulletinState.ISSUED: (),
    }[bulletin.state]
    if target not in allowed:
        key = "error.bulletin_sealed" if bulletin.state == BulletinState.ISSUED else "error.bulletin_step"
        raise TransitionError(key, date=bulletin.duty_date, current=bulletin.state, target=target)
