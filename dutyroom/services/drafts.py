"""Drafts: a form's fields, kept on disk on every change, so nothing typed is lost.

An SSH link that drops kills the app with SIGHUP (measured: ``on_unmount`` and
``atexit`` do not run), so a draft cannot be written "on the way out": each
form writes its fields atomically (temp file, fsync, rename) whenever one
changes, and removes the file when it is saved or cancelled. The next start
offers what is left. One file per form, under
``locations.drafts_dir(db, user)`` so officers never see each other's drafts.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from dutyroom.locations import drafts_dir
from dutyroom.store.atomic import atomic_write

_SAFE = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass
class Draft:
    """``form`` is ``module:Class`` of the form that reopens it with ``values``."""

    key: str
    form: str
    values: dict[str, Any]
    saved_at: str
    title: str = ""
    params: dict[str, Any] | None = None
    path: Path | None = None


class Drafts:
    def __init__(self, data_dir: Path, user: str) -> None:
        name = re.sub(r"[/\\\x00]", "_", user).lstrip(".") or "user"  # the OS user name, never a path
        self.folder = drafts_dir(Path(data_dir), name)

    def _path(self, key: str) -> Path:
        return self.folder / f"{_SAFE.sub('_', key)}.json"

    def save(self, draft: Draft) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True)
            os.chmod(self.folder, 0o700)  # what one officer typed is not for the whole group
        body = {"key": draft.key, "form": draft.form, "values": draft.values,
                "saved_at": draft.saved_at, "title": draft.title, "params": draft.params or {}}
        atomic_write(self._path(draft.key), orjson.dumps(body, option=orjson.OPT_INDENT_2))

    def discard(self, key: str) -> None:
        try:
            os.unlink(self._path(key))
        except FileNotFoundError:
            pass

    def get(self, key: str) -> Draft | None:
        """The draft kept for ``key`` (a form left with "keep as draft"), if any and readable."""
        path = self._path(key)
        return _read(path) if path.is_file() else None

    def pending(self) -> list[Draft]:
        """Drafts left by an earlier session, oldest first; unreadable files are skipped."""
        if not self.folder.is_dir():
            return []
        found = (_read(path) for path in sorted(self.folder.glob("*.json")))
        return sorted((d for d in found if d is not None), key=lambda d: d.saved_at)


def _read(path: Path) -> Draft | None:
    """One draft file; ``None`` when it cannot be read (a damaged file is skipped, never a crash).
    The values are kept as stored: the form that reopens them checks each one."""
    try:
        body = orjson.loads(path.read_bytes())
        values = body["values"]
        if not isinstance(values, dict):
            return None
        return Draft(key=str(body["key"]), form=str(body["form"]), values=dict(values),
                     saved_at=str(body["saved_at"]), title=str(body.get("title", "")),
                     params=dict(body.get("params") or {}), path=path)
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None
