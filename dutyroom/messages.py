"""App-wide Textual messages.

``DataChanged`` is posted by the app's single change watcher to every screen
on the stack when the journal grew (a commit by this or another process); a
screen passes it on to its panes with ``refresh_data(changes)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from textual.message import Message

from dutyroom.store.store import Change


class DataChanged(Message):
    """The store changed; ``changes`` lists what each new journal line touched."""

    def __init__(self, changes: list[Change], records: dict[tuple[str, int], dict[str, Any]] | None = None,
                 restarted: bool = False, start: int = -1, end: int = -1,
                 undone: dict[tuple[str, int], dict[str, Any]] | None = None) -> None:
        super().__init__()
        self.undone = undone or {}
        """A replay stepped back over these changes: records they created, as written then,
        that no longer exist in the view (a pane takes their rows out, its counts down)."""
        self.start, self.end = start, end
        """The journal offsets the changes lie between (-1: not known)."""
        self.changes = changes
        self.records = records or {}
        """The latest version of each record the changes wrote, by (kind, id), from the
        journal lines themselves: panes apply these without reading the store."""
        self.restarted = restarted
        """The journal was replaced (a restored backup): reload everything."""

    def kinds(self) -> set[str]:
        return {kind for change in self.changes for kind, _id, _op in change.records}

    def can_replace(self, message: Message) -> bool:
        return False  # every change list matters; merging would drop records


class JournalGrew(Message):
    """The journal watch saw the journal change (posted from its thread to the app)."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, JournalGrew)  # one look at the journal covers them all


@dataclass
class Saved:
    """What a form saved (returned by forms as their result)."""

    kind: str
    id: int | None
    extra: dict = field(default_factory=dict)


class StatusChanged(Message):
    """The duty status (response level, warnings) was changed in this session."""


class OpenRecord(Message):
    """A pane asks for a record to be opened; the app pushes the screen for it.

    Widgets never import screens (screens import widgets): a pane says what it wants —
    ``kind`` and ``record_id`` (``report`` 12), and ``purpose``: ``show`` (the record's
    own screen), ``subject`` (what an escalation points at), ``release`` (a deployed team
    comes back), ``acknowledge`` / ``snooze`` (an escalation) — and :mod:`dutyroom.screens.opener`
    chooses the screen. ``done`` receives the screen's result, as a ``push_screen`` callback.
    """

    def __init__(self, kind: str, record_id: int, purpose: str = "show",
                 done: Callable[[Any], None] | None = None) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.purpose = purpose
        self.done = done
