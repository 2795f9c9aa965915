"""Durable storage: an append-only, hash-chained journal is the source of truth (a confirmed
write is one fsynced line); TinyDB partitions are its checkpoint, brought up to date in
batches, with the journal tail laid over them for every reader. No Textual here."""

from dutyroom.store.errors import (RecordNotFound, StaleRecord, StoreCorrupt, StoreError,
                                   StoreLocked, StoreWriteFailed)
from dutyroom.store.store import Create, Store, Update

__all__ = ["Create", "RecordNotFound", "StaleRecord", "Store", "StoreCorrupt", "StoreError",
           "StoreLocked", "StoreWriteFailed", "Update"]
