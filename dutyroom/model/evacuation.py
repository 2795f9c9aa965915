"""People moved out of danger (转移人员), counted per village or area against the plan.

Each count is a record of its own: a later count for the same area does not
change the earlier one, it becomes the area's current tally (the latest by
``at``), so the history of how the move went stays on file.
"""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import arrow

from dutyroom.model.deployment import check_count
from dutyroom.model.record import Record
from dutyroom.model.text import clean

MAX_AREA = 200


@dataclasses.dataclass(kw_only=True)
class Evacuation(Record):
    """One tally: ``moved`` of ``planned`` people of ``area`` moved by ``at``."""

    KIND: ClassVar[str] = "evacuation"

    area: str
    planned: int
    moved: int
    shelter: str = ""
    at: arrow.Arrow

    @property
    def percent(self) -> int | None:
        """Moved as a whole percentage of the plan; None when nobody was planned."""
        return round(100 * self.moved / self.planned) if self.planned else None


def area_key(area: str) -> str:
    """Two spellings of one area ("柳湾村", " 柳湾村 ") are the same area."""
    return " ".join(area.split()).casefold()


def new_evacuation(*, area: object, planned: object, moved: object, at: arrow.Arrow,
                   shelter: object = "") -> Evacuation:
    """A validated tally; more moved than planned is allowed (the plan was short), and shown."""
    return Evacuation(area=clean(area, "area", required=True, max_len=MAX_AREA, single_line=True),
                      planned=check_count(planned, "planned"), moved=check_count(moved, "moved"),
                      shelter=clean(shelter, "shelter", max_len=MAX_AREA, single_line=True),
                      at=at.to("UTC"))
