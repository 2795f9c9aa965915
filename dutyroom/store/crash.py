"""Fault injection for the crash tests: ``DUTYROOM_CRASH_AT=after-journal:3`` kills this
process with SIGKILL the third time it reaches that point. Unset in real use.

Points: ``before-journal``, ``after-journal`` (a commit); ``checkpoint-start``,
``checkpoint-pending`` (new digests announced), ``mid-state`` (after each state file),
``checkpoint-index``, ``before-meta`` (all files written, meta not yet), ``checkpoint-done``,
``checkpoint-search`` (the state is done, the text index not yet), ``search-manifest`` (the
index's new segments are written, its manifest does not name them yet).
"""

from __future__ import annotations

import os
import signal

_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    spec = os.environ.get("DUTYROOM_CRASH_AT")
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
