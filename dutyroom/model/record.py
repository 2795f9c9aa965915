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
from datetime import datetime
from typing import Any, Callable, ClassVar, Self

import arrow

from dutyroom.model.timeinput import from_iso, iso

META_FIELDS = ("id", "version", "created_at", "created_by", "updated_at", "updated_by", "station",
               "created_by_account", "updated_by_account")


@dataclasses.dataclass(kw_only=True)
class Record:
    """Fields every record carries; ``KIND`` is its table name in the store."""

    KIND: ClassVar[str] = ""

    id: int | None = None
    version: int = 0
    created_at: arrow.Arrow | None = None
    created_by: str = ""
    """The roster name of who wrote it, where known; else their OS account."""
    updated_at: arrow.Arrow | None = None
    updated_by: str = ""
    station: str = ""
    created_by_account: str = ""
    """The OS account that wrote it (``created_by`` is the name it maps to)."""
    updated_by_account: str = ""

    def to_dict(self) -> dict[str, Any]:
        hints = _hints(type(self))
        return {f.name: _dump(getattr(self, f.name), hints[f.name]) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        kwargs = {}
        for name, loader in _loaders(cls):
            if name in data:
                value = data[name]
                kwargs[name] = None if value is None else loader(value)
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


@lru_cache(maxsize=None)
def _loaders(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """One converter per field, worked out once per class: loading thousands of
    records for a shift must not re-inspect type hints for every value."""
    hints = _hints(cls)
    return tuple((f.name, _loader_for(hints[f.name])) for f in dataclasses.fields(cls))


def _identity(value: Any) -> Any:
    return value


def _loader_for(hint: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return _loader_for(args[0]) if len(args) == 1 else _identity
    if origin in (list, tuple):
        (inner, *_) = typing.get_args(hint) or (Any,)
        item = _loader_for(inner)
        if item is _identity:
            return list
        return lambda values: [None if v is None else item(v) for v in values]
    if origin is dict:
        return dict
    if hint is arrow.Arrow:
        return from_iso
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if issubclass(hint, Record):
            return hint.from_dict
        return lambda value: _load_nested(hint, value)
    return _identity


@lru_cache(maxsize=None)
def _nested_loaders(cls: type) -> dict[str, Callable[[Any], Any]]:
    hints = _hints(cls)
    return {f.name: _loader_for(hints[f.name]) for f in dataclasses.fields(cls)}


def _load_nested(cls: type, value: dict[str, Any]) -> Any:
    """A nested dataclass (a handover's carried items, a ticket's timeline) from its dict,
    with converters worked out once per class: a handover carries hundreds of items."""
    loaders = _nested_loaders(cls)
    return cls(**{k: None if v is None else loaders[k](v) for k, v in value.items() if k in loaders})


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
        return from_iso(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if issubclass(hint, Record):
            return hint.from_dict(value)
        hints = _hints(hint)
        names = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _load(hints[k], v) for k, v in value.items() if k in names})
    return value
