"""Standing orders (常设指令): instructions in force for every shift until ended.

An order is given once ("every two hours report the Shahe reservoir level") and
carried by each handover until an officer ends it, or until its ``until`` time
passes. Ending keeps the record (who ended it, when): nothing is deleted.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.errors import ValidationError
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_TEXT = 2000


@dataclasses.dataclass(kw_only=True)
class StandingOrder(Record):
    KIND: ClassVar[str] = "standing_order"

    text: str
    issued_at: arrow.Arrow
    issued_by: str
    until: arrow.Arrow | None = None
    """When it lapses by itself; None: until ended."""
    ended_at: arrow.Arrow | None = None
    ended_by: str = ""

    def in_force(self, now: arrow.Arrow) -> bool:
        """Neither ended nor past its ``until``."""
        return self.ended_at is None and (self.until is None or now < self.until)


def new_standing_order(*, text: object, issued_at: arrow.Arrow, issued_by: str,
                       until: arrow.Arrow | None = None) -> StandingOrder:
    """A new order; ``until`` must lie after ``issued_at``."""
    body = clean(text, "text", required=True, max_len=MAX_TEXT)
    if until is not None and until <= issued_at:
        raise ValidationError("order.error.until_past", field="until")
    return StandingOrder(text=body, issued_at=issued_at.to("UTC"), issued_by=issued_by,
                         until=until.to("UTC") if until is not None else None)
