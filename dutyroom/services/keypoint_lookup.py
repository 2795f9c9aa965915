"""Finding a key point by what an officer types: its number (``12``, ``K12``, ``#12``)
or part of its name (``江北``), so a patrol can be logged against it from a form.

The registry is small (a district has tens to a few hundred points): a scan per
keystroke is cheaper than any index kept in step with other processes.
"""

from __future__ import annotations

import re

from dutyroom.model.errors import ValidationError
from dutyroom.model.keypoint import KeyPoint
from dutyroom.services.context import Context

_NUMBER = re.compile(r"^[#^]?[Kk]?(\d+)$")
MAX_NAMED = 3
"""How many matching names an ambiguity message lists."""


def all_keypoints(ctx: Context) -> list[KeyPoint]:
    """Every registered key point, by id."""
    return sorted((KeyPoint.from_dict(r) for r in ctx.store.all("keypoint")), key=lambda p: p.id or 0)


def keypoint_label(point: KeyPoint) -> str:
    """How a point is named in a picker: its name and, when known, its place."""
    return f"{point.name} ({point.place})" if point.place else point.name


def matching_keypoints(ctx: Context, text: str) -> list[KeyPoint]:
    """The points ``text`` may mean: the one with that number, or every point whose name
    (or place) contains it, case-insensitive; an exact name match alone if there is one."""
    needle = " ".join(text.split())
    if not needle:
        return []
    points = all_keypoints(ctx)
    number = _NUMBER.match(needle)
    if number:
        wanted = int(number.group(1))
        by_id = [p for p in points if p.id == wanted]
        if by_id:
            return by_id
    folded = needle.casefold()
    exact = [p for p in points if p.name.casefold() == folded]
    if exact:
        return exact
    return [p for p in points if folded in f"{p.name} {p.place}".casefold()]


def resolve_keypoint(ctx: Context, text: str, field: str = "keypoint") -> int | None:
    """The id of the one point ``text`` names; None when empty. No match, or several,
    is a ValidationError naming ``field`` (the officer narrows the name)."""
    if not text.strip():
        return None
    found = matching_keypoints(ctx, text)
    if not found:
        raise ValidationError("keypoint.error.no_match", field=field, value=text.strip())
    if len(found) > 1:
        names = "、".join(keypoint_label(p) for p in found[:MAX_NAMED])
        raise ValidationError("keypoint.error.ambiguous", field=field, count=len(found), names=names)
    return found[0].id
