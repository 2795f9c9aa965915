"""Two officers saved the same record: show what the other changed, let this one choose.

A form that edits a stored record calls :func:`save_with_conflicts` instead of
saving directly. When the store refuses the save as stale (someone else saved
first), the officer sees "changed by X at T", what X changed, and chooses:

- **reload and re-apply**: only the fields this officer changed are applied on
  top of the current version (fields both changed are named in the dialog, so
  nothing of theirs is overwritten without being seen);
- **discard mine**: the other officer's version stands;
- **keep editing**: nothing is written, the form stays open.

Nothing is ever overwritten silently: every save carries the version it was
based on, and the store checks it under its lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Generic, TypeVar

import arrow
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dutyroom.i18n import catalog, t
from dutyroom.model.text import clean_operator
from dutyroom.store import StaleRecord
from dutyroom.store.store import META_KEYS, Store

T = TypeVar("T")
MAX_SHOWN = 40


class ConflictChoice(str, Enum):
    REAPPLY = "reapply"
    DISCARD = "discard"
    KEEP = "keep"


def _field_label(name: str, labels: dict[str, str] | None = None) -> str:
    if labels and name in labels:
        return labels[name]
    return t(f"field.{name}") if f"field.{name}" in catalog() else name


def _shown(value: Any) -> str:
    text = "—" if value is None or value == "" else " ".join(str(value).split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def own_changes(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The fields the officer actually changed from the version the form started from."""
    return {k: v for k, v in changes.items() if k not in META_KEYS and base.get(k) != v}


@dataclass
class Conflict:
    """The version a form started from, the version now stored, and the officer's change."""

    kind: str
    record_id: int
    base: dict[str, Any]
    current: dict[str, Any]
    mine: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)
    """Field name → what the form calls it (default: the catalog's ``field.<name>``)."""
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    """Field name → {stored code → label} for select fields, so codes read as words."""

    def shown(self, name: str, value: Any) -> str:
        label = self.choices.get(name, {}).get(str(value)) if value is not None else None
        return _shown(label if label is not None else value)

    @property
    def theirs(self) -> dict[str, tuple[Any, Any]]:
        """Fields changed since ``base``: name → (old, new)."""
        names = (set(self.base) | set(self.current)) - set(META_KEYS)
        return {k: (self.base.get(k), self.current.get(k)) for k in sorted(names)
                if self.base.get(k) != self.current.get(k)}

    @property
    def both_changed(self) -> dict[str, tuple[Any, Any]]:
        """Fields both officers changed to different values: name → (theirs, mine)."""
        theirs = self.theirs
        return {k: (theirs[k][1], v) for k, v in self.mine.items()
                if k in theirs and theirs[k][1] != v}

    @property
    def by(self) -> str:
        """Who saved first, as plain text: a name stored by another tool or an older version
        may still carry escape sequences or markup (it is shown literally, never parsed)."""
        return clean_operator(self.current.get("updated_by")) or "?"


class ConflictDialog(ModalScreen[ConflictChoice]):
    """"Changed by X at T": what they changed, what re-applying would overwrite, three choices."""

    BINDINGS = [
        Binding("r", "choose('reapply')", t("conflict.reapply")),
        Binding("d", "choose('discard')", t("conflict.discard")),
        Binding("escape,e", "choose('keep')", t("conflict.keep")),
    ]
    DEFAULT_CSS = """
    ConflictDialog { align: center middle; }
    ConflictDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $error; background: $surface; padding: 0 1;
    }
    ConflictDialog #conflict-message { margin-bottom: 1; }
    ConflictDialog Horizontal { height: auto; }
    ConflictDialog Button { margin: 0 1 0 0; }
    """

    def __init__(self, conflict: Conflict, *, tz: str = "local") -> None:
        super().__init__()
        self.conflict = conflict
        self.tz = tz

    def message(self) -> Text:
        c = self.conflict
        kind = t(f"kind.{c.kind}") if f"kind.{c.kind}" in catalog() else c.kind
        station = c.current.get("station") or "?"
        station = t("word.local") if station == "local" else station
        try:
            at = arrow.get(c.current.get("updated_at")).to(self.tz).format("MM-DD HH:mm:ss")
        except (arrow.parser.ParserError, ValueError, TypeError):
            at = "?"
        out = Text(t("conflict.changed_by", kind=kind, id=c.record_id, by=c.by, station=station,
                     at=at), style="bold")
        theirs = c.theirs
        if theirs:
            out.append("\n" + t("conflict.their_changes"))
            for name, (old, new) in theirs.items():
                out.append("\n  " + t("conflict.field_change", field=_field_label(name, c.labels),
                                      old=c.shown(name, old), new=c.shown(name, new)))
        if c.mine:
            out.append("\n" + t("conflict.your_changes"))
            for name, value in c.mine.items():
                out.append("\n  " + t("conflict.field_change", field=_field_label(name, c.labels),
                                      old=c.shown(name, c.base.get(name)),
                                      new=c.shown(name, value)))
        for name, (their_value, my_value) in c.both_changed.items():
            out.append("\n" + t("conflict.both_changed", field=_field_label(name, c.labels),
                                theirs=c.shown(name, their_value), mine=c.shown(name, my_value)),
                       style="bold yellow")
        return out

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("conflict.title"), id="conflict-title", markup=False)
            yield Static(self.message(), id="conflict-message")
            with Horizontal():
                yield Button(t("conflict.reapply") + " (r)", id="reapply", variant="primary")
                yield Button(t("conflict.discard") + " (d)", id="discard", variant="error")
                yield Button(t("conflict.keep") + " (e)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(ConflictChoice(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice))


@dataclass
class SaveOutcome(Generic[T]):
    """What became of a guarded save.

    ``saved`` is the service's result when something was written. ``choice`` is
    None when the first save went through, else what the officer chose. The form
    closes when ``done`` (saved, or discarded), and stays open for KEEP.
    """

    saved: T | None = None
    choice: ConflictChoice | None = None
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return self.saved is not None or self.choice is ConflictChoice.DISCARD


async def save_with_conflicts(app: App[Any], *, store: Store, kind: str, record_id: int,
                              base: dict[str, Any], changes: dict[str, Any],
                              save: Callable[[dict[str, Any], int], T],
                              tz: str = "local",
                              current: Callable[[], dict[str, Any] | None] | None = None,
                              labels: dict[str, str] | None = None,
                              choices: dict[str, dict[str, str]] | None = None) -> SaveOutcome[T]:
    """Save ``changes`` to the record the form loaded as ``base``; on a stale save, ask.

    ``save(fields, expected_version)`` performs the real update through the
    feature's service (which raises :class:`StaleRecord` when the version is not
    current). Only the fields that differ from ``base`` are passed to it, so a
    re-apply never writes back values the officer did not touch. Must be awaited
    in a worker (it waits for the dialog): e.g. from a ``@work`` action of the form.

    ``current()`` returns the record as now stored, in the same terms as ``base`` and
    ``changes`` and with its ``version``, ``updated_by``, ``updated_at`` and ``station``
    (default: ``store.get(kind, record_id)``); a form whose fields are not the record's
    own (the status form's one select per warning type) passes its own, with ``labels``
    and, for select fields, ``choices`` (code → label) so the dialog shows words.
    """
    load = current or (lambda: store.get(kind, record_id))
    outcome: SaveOutcome[T] = SaveOutcome()
    mine = own_changes(base, changes)
    expected = int(base["version"])
    while True:
        try:
            outcome.saved = save(mine, expected)
            if outcome.conflicts:
                app.notify(t("conflict.reapplied", by=outcome.conflicts[-1].by), markup=False)
            return outcome
        except StaleRecord:
            now = load()
            if now is None:
                app.notify(t("conflict.gone"), severity="error", markup=False)
                outcome.choice = ConflictChoice.DISCARD
                return outcome
            conflict = Conflict(kind, record_id, base, now, mine, dict(labels or {}),
                                dict(choices or {}))
            outcome.conflicts.append(conflict)
            choice = await app.push_screen_wait(ConflictDialog(conflict, tz=tz))
            outcome.choice = choice
            if choice is not ConflictChoice.REAPPLY:
                if choice is ConflictChoice.DISCARD:
                    app.notify(t("conflict.discarded", by=conflict.by), markup=False)
                return outcome
            base, expected = now, int(now["version"])
            mine = own_changes(base, mine)
            if not mine:  # they already made exactly my change: nothing left to write
                outcome.saved = save({}, expected)
                return outcome


def note_editing(app: App[Any], kind: str, record_id: int | None) -> list[str]:
    """A form opened on a record: tell the others (presence) and warn this officer when
    someone else already has it open, before a conflict can happen. Returns their names.
    Call with ``record_id`` None when the form closes."""
    presence = getattr(app, "presence", None)
    if presence is None:
        return []
    if record_id is None:
        presence.set_editing(None)
        return []
    what = f"{kind}:{record_id}"
    presence.set_editing(what)
    names = [s.name for s in presence.editing_same(what)]
    if names:
        app.notify(t("presence.also_editing", names="、".join(names)), severity="warning", markup=False)
    return names
