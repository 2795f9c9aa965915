"""Moving between a form's fields with Tab / shift+Tab, at the moment the key is handled.

Textual hands a key to the widget focused when the key is read, by posting it to
that widget's queue; a Tab moves the focus only when its turn comes there. Keys
read in the same burst as the Tab (a paste, an SSH packet: "王建国<Tab>人民路社区")
were already posted to the field the Tab was leaving. Bound as *priority*
bindings on the form, Tab and shift+Tab move the focus while the app reads them,
so every key after them goes to the field focused by then.
"""

from __future__ import annotations

from textual.binding import Binding

from dutyroom.actions import BY_ID


def field_bindings() -> list[Binding]:
    """The Tab / shift+Tab bindings of every form (ids from the action catalog)."""
    return [BY_ID[name].binding() for name in ("form_next_field", "form_previous_field")]


class FieldFocus:
    """Mixed into a form screen: the actions the bindings of :func:`field_bindings` run."""

    def action_next_field(self) -> None:
        self.focus_next()  # type: ignore[attr-defined]

    def action_previous_field(self) -> None:
        self.focus_previous()  # type: ignore[attr-defined]
