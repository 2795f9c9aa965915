"""Durable storage: an append-only, hash-chained journal is the source of truth;
TinyDB partitions hold the queryable state derived from it. No Textual here."""

from dutyroom.store.errors import (RecordNotFound, StaleRecord, StoreCorrupt, StoreError,
                                   StoreLocked, StoreWriteFailed)
from dutyroom.store.store import Create, Store, Update

__all__ = ["Create", "RecordNotFound", "StaleRecord", "Store", "StoreCorrupt", "StoreError",
           "StoreLocked", "StoreWriteFailed", "Update"]
