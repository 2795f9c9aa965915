"""Notice at once when another process appends to the journal (inotify via ``watchfiles``).

A stat poll costs a wake-up per interval and adds up to that interval of delay; the
kernel's notification costs nothing while nothing happens and arrives within a few
milliseconds. Where ``watchfiles`` is missing or cannot watch (no inotify, too many
watches), :func:`start_watch` returns None and the caller polls instead.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)


class JournalWatch:
    """A daemon thread that calls ``on_change()`` (from that thread) after the journal changes."""

    def __init__(self, root: Path, on_change: Callable[[], None]) -> None:
        self.root = Path(root)
        self.on_change = on_change
        self._stop = threading.Event()
        self._ready = threading.Event()
        self.failed = False
        self._thread = threading.Thread(target=self._run, name="dutyroom-journal-watch", daemon=True)

    def start(self) -> "JournalWatch | None":
        self._thread.start()
        self._ready.wait(2.0)
        return None if self.failed else self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            from watchfiles import watch

            self._ready.set()
            # step: how often the watcher wakes to check for the stop event and to yield what
            # it saw (25 ms: the change reaches us within ~25-50 ms, 40 cheap wake-ups a second)
            for _changes in watch(self.root, watch_filter=_journal_only, stop_event=self._stop,
                                  recursive=False, debounce=50, step=25,
                                  yield_on_timeout=False, raise_interrupt=False):
                self.on_change()
        except Exception:  # noqa: BLE001 - no watcher: the caller's poll covers it
            log.warning("journal watch failed; polling instead", exc_info=True)
            self.failed = True
            self._ready.set()


def _journal_only(_change: object, path: str) -> bool:
    return path.endswith("/journal.jsonl")


def start_watch(root: Path, on_change: Callable[[], None]) -> JournalWatch | None:
    """A running watch of ``root``'s journal, or None where the platform cannot provide one."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return None
    if not Path(root).is_dir():
        return None
    return JournalWatch(root, on_change).start()
