"""Guards: how a check-then-write stays right with several sessions writing at once.

A session that checks "is there a draft / a shift record / an escalation for this
yet?" and then writes one commits a versioned update of a small guard record in the
same commit. Two sessions doing the same check at once both read the guard at the
same version; the store accepts the first commit and rejects the second as stale, so
the second looks again and finds what the first wrote instead of writing a twin.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from dutyroom.services.context import Context
from dutyroom.store import StaleRecord, Update

GUARD_KIND = "guard"
ATTEMPTS = 5
"""How often a check-then-write is tried before the stale error reaches the officer."""

T = TypeVar("T")


def guard_record(ctx: Context, name: str, create: bool = True) -> dict[str, Any] | None:
    """The guard called ``name``; read it *before* the records the check looks at.

    If two sessions ever create the guard at once, the lowest id wins for both.
    """
    guards = [g for g in ctx.store.open_records(GUARD_KIND) if g.get("name") == name]
    if not guards:
        if not create:
            return None
        ctx.store.create(GUARD_KIND, {"open": True, "name": name, "ticks": 0})
        guards = [g for g in ctx.store.open_records(GUARD_KIND) if g.get("name") == name]
    return min(guards, key=lambda g: g["id"])


def bump(guard: dict[str, Any]) -> Update:
    """The versioned update that makes a concurrent twin of this commit stale."""
    return Update(GUARD_KIND, guard["id"], {"ticks": int(guard.get("ticks", 0)) + 1},
                  expected_version=guard["version"])


def retry_stale(attempt: Callable[[], T], attempts: int = ATTEMPTS) -> T:
    """``attempt()`` again while another session's commit makes ours stale.

    ``attempt`` reads what it checks afresh each time (guard first), so a retry sees what
    the other session wrote; after ``attempts`` the last StaleRecord goes to the caller.
    """
    for remaining in range(attempts - 1, -1, -1):
        try:
            return attempt()
        except StaleRecord:
            if not remaining:
                raise
    raise AssertionError("unreachable")
