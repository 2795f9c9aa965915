"""Where an output file (export, backup, printout) may go, and writing it.

Output folders are never created implicitly outside the data directory: a folder
that does not exist is a typing mistake to report (exit 2), not a path to build
(as root, ``-o /nonexistent/dir/x`` used to create ``/nonexistent/dir``). A write
the disk refuses (full, quota, read-only, file-size limit) is a store-level
failure (exit 3) and leaves no partial file behind.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

from dutyroom.model.errors import ValidationError
from dutyroom.model.text import inert
from dutyroom.store.atomic import atomic_write
from dutyroom.store.errors import StoreWriteFailed


def output_path(text: str) -> Path:
    """``-o`` checked before anything is rendered: its folder must exist, it must not be one."""
    if not str(text).strip():
        raise ValidationError("error.required", field="output")
    path = Path(text).expanduser()
    if path.is_dir():
        raise ValidationError("error.output_is_folder", field="output", path=str(path))
    if not path.parent.is_dir():
        raise ValidationError("error.output_folder_missing", field="output", path=str(path.parent))
    return path


def write_failed(path: Path, error: OSError) -> StoreWriteFailed:
    """The translated refusal for a write the disk (or the kernel) turned down."""
    reason = error.strerror or errno.errorcode.get(error.errno or 0, type(error).__name__)
    return StoreWriteFailed("error.write_failed", path=str(path), reason=reason)


def write_file(path: Path, data: bytes) -> None:
    """``data`` to ``path`` atomically (the old file stays on any failure)."""
    if not path.parent.is_dir():
        raise ValidationError("error.output_folder_missing", field="output", path=str(path.parent))
    try:
        atomic_write(path, data)
    except OSError as error:
        raise write_failed(path, error) from None


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formulas: a text cell that a spreadsheet would evaluate gets a ``'``."""
    if isinstance(value, str):
        value = inert(value)  # a name or text stored raw (older version, other tool): no escapes
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, (list, dict)):
        return csv_safe(json.dumps(value, ensure_ascii=False))
    return value
