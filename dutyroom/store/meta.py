"""``state/meta.json``: how far the checkpoint has applied the journal, and what it wrote.

Written only by a checkpoint (never per confirmed write). ``digests`` holds the SHA-256
of every state file the checkpoint wrote, so a file changed behind the app's back is
caught the first time it is read. ``pending`` holds the digests a checkpoint is about to
write: a checkpoint cut short by a crash leaves files that match ``pending`` and are no
tampering (the next checkpoint re-applies the same lines, which is idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from dutyroom.store.errors import StoreCorrupt
from dutyroom.store.journal import GENESIS
from dutyroom.store.storage import read_json_uncached, save_json

FORMAT = 2


@dataclass
class Meta:
    applied_seq: int = 0
    applied_offset: int = 0
    head: str = GENESIS
    next_id: dict[str, int] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    @classmethod
    def load(cls, path: Path) -> "Meta | None":
        """The checkpoint's meta, read fresh; None when there is none yet."""
        data = read_json_uncached(path)
        if data is None:
            return None
        try:
            return cls(applied_seq=int(data["applied_seq"]), applied_offset=int(data["applied_offset"]),
                       head=str(data["head"]), next_id={str(k): int(v) for k, v in data["next_id"].items()},
                       digests={str(k): str(v) for k, v in (data.get("digests") or {}).items()},
                       pending={str(k): str(v) for k, v in (data.get("pending") or {}).items()},
                       format=int(data.get("format", 1)))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise StoreCorrupt("error.file_corrupt", path=str(path)) from None

    def save(self, path: Path) -> None:
        save_json(path, {"format": FORMAT, "applied_seq": self.applied_seq,
                         "applied_offset": self.applied_offset, "head": self.head,
                         "next_id": self.next_id, "digests": self.digests, "pending": self.pending})

    def copy(self) -> "Meta":
        return replace(self, next_id=dict(self.next_id), digests=dict(self.digests),
                       pending=dict(self.pending))

    def accepts(self, rel: str, digest: str | None) -> bool:
        """True when ``digest`` is what the checkpoint wrote (or was about to write) there."""
        want = self.digests.get(rel)
        if digest is None:
            return want is None
        return digest == want or digest == self.pending.get(rel)
