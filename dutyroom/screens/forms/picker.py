"""A form field that picks one record by name (the key point of a log entry, the station of
a reading): typing completes from the names in place (→ accepts), and under the field the
record meant shows in green, or the candidates (or none) in yellow, as the officer types.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from dutyroom.i18n import t


class PickerField:
    """Mixed into a :class:`FormScreen` before it. The form names the field and the catalog
    keys, and says which records a text matches and how one reads; it calls
    :meth:`start_picker` from its ``on_mount``."""

    PICKER_FIELD: ClassVar[str] = ""
    PICKER_LIMIT: ClassVar[int] = 3
    """How many candidates are named; more are "…"."""
    PICKER_MANY: ClassVar[str] = ""
    """Catalog key for several matches (``count``, ``names``)."""
    PICKER_NONE: ClassVar[str] = ""
    """Catalog key for no match."""

    def picker_names(self) -> list[str]:
        """The names the field completes from."""
        raise NotImplementedError

    def picker_matches(self, text: str) -> list[Any]:
        raise NotImplementedError

    def picker_chosen(self, record: Any) -> str:
        """The one record meant, as it reads after the arrow."""
        raise NotImplementedError

    def picker_candidate(self, record: Any) -> str:
        """One of several candidates, as it reads in the list."""
        raise NotImplementedError

    def start_picker(self) -> None:
        field = self.query_one(f"#field-{self.PICKER_FIELD}", Input)  # type: ignore[attr-defined]
        field.suggester = SuggestFromList(self.picker_names(), case_sensitive=False)
        self.show_matches(field.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        """The form's own handling (draft, clear the message), then the matches in that
        message's place; ``prevent_default`` so Textual does not run the form's handler
        again after this one (it would clear them)."""
        super().on_input_changed(event)  # type: ignore[misc]
        if event.input.id == f"field-{self.PICKER_FIELD}":
            self.show_matches(event.value)
        event.prevent_default()

    def show_matches(self, text: str) -> None:
        """Under the field, as the officer types: the record meant, or the candidates."""
        line = Text()
        if text.strip():
            found = self.picker_matches(text)
            if len(found) == 1:
                line.append(f"→ {self.picker_chosen(found[0])}", style="green")
            elif found:
                names = "、".join(self.picker_candidate(r) for r in found[:self.PICKER_LIMIT])
                more = "…" if len(found) > self.PICKER_LIMIT else ""
                line.append(t(self.PICKER_MANY, count=len(found), names=names + more), style="yellow")
            else:
                line.append(t(self.PICKER_NONE), style="yellow")
        self.query_one(f"#error-{self.PICKER_FIELD}", Static).update(line)  # type: ignore[attr-defined]
