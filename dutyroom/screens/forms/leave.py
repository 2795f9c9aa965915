"""Leaving a form that holds input (Esc): keep it as a draft, discard it, or keep editing.

Esc used to throw the input away (and its draft with it) without a word, while
ctrl+q asked. Now the form asks, and only an untouched form closes at once.
"""

from __future__ import annotations

from typing import Any, Callable

from dutyroom.i18n import t
from dutyroom.screens.confirm import Choice, ChoiceScreen

KEEP, DISCARD, EDIT = "keep", "discard", "edit"


def ask_to_leave(app: Any, answer: Callable[[str], None], *, drafts: bool = True) -> None:
    """Ask what to do with the input; ``answer`` gets ``keep``, ``discard`` or ``edit``
    (Esc on the question is ``edit``: nothing is lost by a second Esc). The focused
    button, taken by Enter, is never the one that throws input away."""
    if drafts:
        choices = [Choice(KEEP, "form.leave.keep_draft", "s"),
                   Choice(DISCARD, "form.leave.discard", "d"), Choice(EDIT, "form.leave.edit", "e")]
        question = t("form.leave.question")
    else:
        choices = [Choice(EDIT, "form.leave.edit", "e"), Choice(DISCARD, "form.leave.discard", "d")]
        question = t("form.leave.question_no_draft")
    app.push_screen(ChoiceScreen(question, choices, cancel=EDIT), lambda value: answer(value or EDIT))


class LeaveGuard:
    """Mixed into a dialog without drafts (report actions, handover notes): Esc closes it
    at once while nothing was typed, and asks (discard / keep editing) once something was.
    Call :meth:`remember_input` when the fields are filled (``on_mount``)."""

    _typed_at_start: tuple[Any, ...] | None = None

    def _typed(self) -> tuple[Any, ...]:
        from textual.widgets import TextArea

        widgets = self.query("Input, TextArea, Select, Checkbox")  # type: ignore[attr-defined]
        return tuple(w.text if isinstance(w, TextArea) else w.value for w in widgets)

    def remember_input(self) -> None:
        self._typed_at_start = self._typed()

    def leave_or_ask(self) -> None:
        if self._typed_at_start is None or self._typed() == self._typed_at_start:
            self.dismiss(None)  # type: ignore[attr-defined]
            return
        app = self.app  # type: ignore[attr-defined]
        ask_to_leave(app, lambda answer: answer == DISCARD and self.dismiss(None),  # type: ignore[attr-defined]
                     drafts=False)


def kept_draft(screen: Any, key: str) -> Any:
    """The draft kept under ``key`` ("keep as draft" on Esc), or None; a form built outside a
    running app (a test) has none."""
    try:
        drafts = getattr(screen.app, "drafts", None)
    except Exception:  # noqa: BLE001 - no running app
        return None
    return drafts.get(key) if drafts is not None else None


class DraftLeave:
    """Mixed into a form that keeps drafts (the form base, the report form): it takes up a
    kept draft and says so when shown; Esc closes an untouched form at once; one with input
    asks whether to keep it as a draft, discard it or keep editing. The form provides
    ``ctx``, ``dirty``, ``draft_key``, ``_changed()`` (saves the draft as it reads now),
    ``dropped`` (labels of the draft's choices no longer offered) and, optionally,
    ``keep_drafts``."""

    _draft_closed: bool = False
    """Set once the form is done with its draft, so a change event still queued cannot write it again."""
    restored: str | None = None
    """When the form holds a draft: the time it was kept (it counts as input, see ``dirty``)."""

    def _kept_draft(self) -> dict[str, Any] | None:
        """The draft kept for this form ("keep as draft" on Esc), to carry on with."""
        draft = kept_draft(self, self.draft_key)  # type: ignore[attr-defined]
        if draft is None:
            return None
        self.restored = draft.saved_at
        return draft.values  # type: ignore[no-any-return]

    def mark_restored(self, draft: Any) -> None:
        """The app reopened ``draft`` in this form: its input is unsaved input."""
        self.restored = draft.saved_at

    def _tell_draft(self) -> None:
        """When shown: say that the form holds a kept draft, and which of its choices are gone."""
        if self.restored:
            when = self.ctx.local(self.restored).format("MM-DD HH:mm")  # type: ignore[attr-defined]
            self.notify(t("form.draft_restored", when=when), markup=False)  # type: ignore[attr-defined]
        for label in getattr(self, "dropped", []):
            self.notify(t("form.draft_dropped", field=label), severity="warning",  # type: ignore[attr-defined]
                        timeout=15, markup=False)

    def action_cancel(self) -> None:
        if not getattr(self, "keep_drafts", True) or not self.dirty:  # type: ignore[attr-defined]
            self._discard_draft()
            self.dismiss(None)  # type: ignore[attr-defined]
            return
        ask_to_leave(self.app, self._leave)  # type: ignore[attr-defined]

    def _leave(self, answer: str) -> None:
        if answer == KEEP:
            self._changed()  # type: ignore[attr-defined]  # the draft as the form reads now
            self._draft_closed = True
            self.app.notify(t("form.draft_kept"), markup=False)  # type: ignore[attr-defined]
            self.dismiss(None)  # type: ignore[attr-defined]
        elif answer == DISCARD:
            self._discard_draft()
            self.dismiss(None)  # type: ignore[attr-defined]

    def _discard_draft(self) -> None:
        self._draft_closed = True
        drafts = getattr(self.app, "drafts", None)  # type: ignore[attr-defined]
        if drafts is not None:
            drafts.discard(self.draft_key)  # type: ignore[attr-defined]
