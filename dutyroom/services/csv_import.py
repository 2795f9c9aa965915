"""What every CSV import (key points, contacts, stations, reading batches) does the same way:
read the file (UTF-8 with or without BOM, else GB18030 as Excel on a Chinese system saves
it), check the header, and walk the data rows, so that a bad file or row is refused with its
line named and nothing is imported. What a row means stays with each import.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Iterator, Mapping

from dutyroom.i18n import explain
from dutyroom.model.errors import DomainError, ValidationError

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def read_text(path: Path) -> str:
    """An import file's text: UTF-8 (with or without BOM), else GB18030 as Excel on a Chinese
    system saves it; unreadable, too big or undecodable is a ValidationError naming the file."""
    try:
        data = Path(path).expanduser().read_bytes()
    except OSError as error:
        raise ValidationError("error.file_unreadable", field="file", path=str(path),
                              reason=error.strerror or type(error).__name__) from None
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError("error.file_too_big", field="file", path=str(path))
    for encoding in ("utf-8-sig", "gb18030"):  # spreadsheets in China often save GBK
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError("error.file_encoding", field="file", path=str(path))


def header_names(cells: list[str], words: Mapping[str, str] | None = None) -> list[str]:
    """Column names of a header row: trimmed and lower-cased, or a header word in another
    language (``words``, e.g. 姓名 -> name) mapped to its column."""
    out = []
    for cell in cells:
        word = cell.strip().lstrip("\ufeff")
        out.append((words or {}).get(word, word.lower()))
    return out


def csv_rows(text: str, columns: tuple[str, ...], required: tuple[str, ...], *, source: str,
             header_error: str, expected: tuple[str, ...] | None = None,
             words: Mapping[str, str] | None = None) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, values) of each non-blank data row, every column of the header present (cells a
    spreadsheet left off at the end are ""). An empty file, a header with a column missing,
    unknown or twice (``header_error``, naming ``expected``, by default ``columns``), a row
    with more cells than the header, or malformed quoting raises a ValidationError naming the
    line. Whether a file without data rows is an error is the caller's."""
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        header = header_names(next(reader), words)
    except StopIteration:
        raise ValidationError("error.csv_empty", field="file", path=source) from None
    except csv.Error as error:
        raise ValidationError("error.csv_row", field="file", line=1, problem=str(error)) from None
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown or len(set(header)) != len(header):
        raise ValidationError(header_error, field="file", line=1, missing=", ".join(missing) or "-",
                              unknown=", ".join(unknown) or "-", expected=",".join(expected or columns))
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header):
                raise ValidationError("error.csv_columns", field="file", line=line, count=len(row),
                                      expected=len(header))
            yield line, dict(zip(header, row + [""] * (len(header) - len(row))))
    except csv.Error as error:
        raise ValidationError("error.csv_row", field="file", line=reader.line_num or line,
                              problem=str(error)) from None


def bad_row(line: int, error: DomainError) -> ValidationError:
    """``error`` as the refusal of the whole file at ``line``."""
    return ValidationError("error.csv_row", field="file", line=line, problem=explain(error))
