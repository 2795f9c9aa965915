"""Parsed records reused across reads while their version is unchanged."""

from __future__ import annotations

from typing import Any

_parsed: dict[tuple[str, str, int, int], Any] = {}


def records_of(store: Any, cls: Any, rows: list[dict[str, Any]]) -> list[Any]:
    """``cls.from_dict`` of each row, reusing what was parsed for the same (id, version).

    The engine reads the same open records every time anything is committed;
    parsing their timelines again is most of a tick's cost. Callers must not
    change what they get (the model's transitions work on copies).
    """
    root = str(store.root)
    out = []
    for row in rows:
        key = (root, cls.KIND, int(row.get("id") or 0), int(row.get("version") or 0))
        parsed = _parsed.get(key)
        if parsed is None:
            parsed = cls.from_dict(row)
            if len(_parsed) > 20000:
                _parsed.clear()
            _parsed[key] = parsed
        out.append(parsed)
    return out

