"""Which UTC day a record of a growing kind is filed under: ``state/index/<kind>.bin``.

Two bytes per id (little-endian days since 2000-01-01; 0 = no such record), so
``id -> day`` is one slice of a file of 400 KB for a season of 200,000 entries,
where the old text index cost a process 80 MB of dicts on its first update.
Written whole by the checkpoint (its digest recorded in the meta like every state
file); records in the journal tail are found in the tail overlay instead.
"""

from __future__ import annotations

import datetime as dt

EPOCH = dt.date(2000, 1, 1).toordinal()


def day_of(data: bytes, record_id: int) -> str | None:
    """The day stored for ``record_id``, or None."""
    at = record_id * 2
    if record_id < 0 or at + 2 > len(data):
        return None
    n = int.from_bytes(data[at:at + 2], "little")
    if n == 0:
        return None
    return dt.date.fromordinal(EPOCH + n).isoformat()


def encode_day(day: str) -> int:
    return dt.date.fromisoformat(day).toordinal() - EPOCH


def set_days(data: bytes, entries: dict[int, str]) -> bytes:
    """``data`` with the days of ``entries`` set (grown as needed)."""
    if not entries:
        return data
    out = bytearray(data)
    need = (max(entries) + 1) * 2
    if len(out) < need:
        out.extend(bytes(need - len(out)))
    for rid, day in entries.items():
        out[rid * 2:rid * 2 + 2] = encode_day(day).to_bytes(2, "little")
    return bytes(out)


def is_valid(data: bytes) -> bool:
    return len(data) % 2 == 0
