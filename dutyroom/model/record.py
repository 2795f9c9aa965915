"""The common shape of every stored record and its plain-dict form.

The store keeps plain dicts (JSON); services turn them into these dataclasses
and back. The store owns ``id``, ``version`` and the ``created_*`` /
``updated_*`` fields; the model never invents them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import lru_cache
from typing import Any, ClassVar, Self

import arrow

from dutyroom.model.timeinput import iso

META_FIELDS = ("id", "version", "created_at", "created_by", "updated_at", "updated_by", "station")


@dataclasses.dataclass(kw_only=True)
class Record:
    """Fields every record carries; ``KIND`` is its table name in the store."""

    KIND: ClassVar[str] = ""

    id: int | None = None
    version: int = 0
    created_at: arrow.Arrow | None = None
    created_by: str = ""
    updated_at: arrow.Arrow | None = None
    updated_by: str = ""
    station: str = ""

    def to_dict(self) -> dict[str, Any]:
        hints = _hints(type(self))
        return {f.name: _dump(getattr(self, f.name), hints[f.name]) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.name in data:
                kwargs[f.name] = _load(hints[f.name], data[f.name])
        return cls(**kwargs)

    def payload(self) -> dict[str, Any]:
        """The dict without the store-owned fields: what a service hands to the store."""
        data = self.to_dict()
        for name in META_FIELDS:
            data.pop(name, None)
        return data


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _dump(value: Any, hint: Any = None) -> Any:
    if value is None:
        return None
    if isinstance(value, arrow.Arrow):
        return iso(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, Record):
            return value.to_dict()
        hints = _hints(type(value))
        return {f.name: _dump(getattr(value, f.name), hints[f.name]) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _dump(v) for k, v in value.items()}
    return value


def _load(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load(args[0], value) if len(args) == 1 else value
    if origin in (list, tuple):
        (inner, *_) = typing.get_args(hint) or (Any,)
        return [_load(inner, v) for v in value]
    if origin is dict:
        return dict(value)
    if hint is arrow.Arrow:
        return arrow.get(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if issubclass(hint, Record):
            return hint.from_dict(value)
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _load(hints[k], v) for k, v in value.items() if k in names})
    return value
