"""Store failures an officer can act on; each carries a catalog key."""

from __future__ import annotations

from dutyroom.model.errors import DomainError


class StoreError(DomainError):
    """Base of every store failure; the CLI maps these to exit code 3."""


class StoreLocked(StoreError):
    """Another process held the write lock for longer than we may wait."""


class StoreCorrupt(StoreError):
    """A data file does not parse or does not match the journal; it is left untouched."""


class StoreWriteFailed(StoreError):
    """The disk refused the write (full, quota, read-only); nothing was confirmed."""


class StaleRecord(StoreError):
    """The record changed since the caller read it: reload, then re-apply."""


class RecordNotFound(StoreError):
    """No record of that kind has that id."""


class AppendOnly(StoreError):
    """The duty log is a legal record: its entries are amended by new entries, never changed."""
