"""The end-of-shift handover (交接班): carried items, two signatures, a seal."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.codes import Code
from dutyroom.model.record import Record


class HandoverState(Code):
    DRAFT = "draft"
    SIGNED_INCOMING = "signed_incoming"
    SEALED = "sealed"


@dataclasses.dataclass
class CarriedItem:
    kind: str
    id: int
    summary: str
    acknowledged: bool = False


@dataclasses.dataclass(kw_only=True)
class Handover(Record):
    KIND: ClassVar[str] = "handover"

    shift_id: int | None = None
    outgoing: str = ""
    incoming: str = ""
    items: list[CarriedItem] = dataclasses.field(default_factory=list)
    notes: str = ""
    state: HandoverState = HandoverState.DRAFT
    incoming_signed_at: arrow.Arrow | None = None
    outgoing_signed_at: arrow.Arrow | None = None
    seal: str = ""
