"""The new-ticket form (``t`` on the dashboard): hazard, severity, key point or location, text.

A ``ModalScreen`` returning the new ticket's id, or None when cancelled
(``escape``); ``ctrl+s`` saves. A refused value is explained under the form
and the field keeps the focus; nothing is saved.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Length
from textual.widgets import Input, Label, Select, Static

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.model.report import Category, Severity
from dutyroom.services.context import Context
from dutyroom.services.keypoints import KeyPoints
from dutyroom.services.tickets import Tickets


def translate_bindings(node: Any) -> None:
    """Binding descriptions are catalog keys; show them in the officer's language.

    ``BINDINGS`` are built at import time, before ``--lang`` is known.
    """
    table = node._bindings.key_to_bindings  # noqa: SLF001 - Textual keeps no public setter
    for key, items in list(table.items()):
        table[key] = [dataclasses.replace(b, description=t(b.description)) if b.description
                      else b for b in items]


class TicketForm(ModalScreen[int | None]):
    BINDINGS = [Binding("escape", "cancel", "ticket.key.cancel"), Binding("ctrl+s", "save", "ticket.key.save")]

    def __init__(self, ctx: Context, *, keypoint_id: int | None = None, text: str = "",
                 hazard: str = "", report_ids: list[int] | None = None, location: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.keypoint_id = keypoint_id
        self.initial_text = text
        self.initial_hazard = hazard
        self.initial_location = location
        self.report_ids = list(report_ids or [])
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        points = KeyPoints(self.ctx).all()
        with Vertical(id="ticket-form", classes="ticket-dialog"):
            yield Label(t("ticket.form.title"), classes="dialog-title")
            yield Label(t("field.hazard"))
            yield Select([(t(c.label_key), c.value) for c in Category], id="hazard",
                         allow_blank=False, value=self.initial_hazard or Category.OTHER.value)
            yield Label(t("field.severity"))
            yield Select([(t(s.label_key), s.value) for s in Severity], id="severity",
                         allow_blank=False, value=Severity.UNKNOWN.value)
            yield Label(t("field.keypoint"))
            options = [(f"#{p.id} {p.name} {p.place}".strip(), p.id) for p in points]
            yield Select(options, id="keypoint", prompt=t("ticket.form.no_keypoint"),
                         value=self.keypoint_id if self.keypoint_id in {p.id for p in points} else Select.NULL)
            yield Label(t("field.location"))
            yield Input(self.initial_location, id="location", placeholder=t("ticket.form.location_hint"))
            yield Label(t("field.text"))
            yield Input(self.initial_text, id="text", validators=[Length(minimum=1)],
                        placeholder=t("ticket.form.text_hint"))
            yield Static("", id="ticket-form-error", classes="form-error")
            yield Label(t("ticket.form.keys"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def values(self) -> dict[str, Any]:
        keypoint = self.query_one("#keypoint", Select).value
        return {"hazard": str(self.query_one("#hazard", Select).value),
                "severity": str(self.query_one("#severity", Select).value),
                "keypoint_id": keypoint if isinstance(keypoint, int) else None,
                "location": self.query_one("#location", Input).value,
                "text": self.query_one("#text", Input).value}

    def action_save(self) -> None:
        values = self.values()
        try:
            ticket = Tickets(self.ctx).add(values.pop("text"), report_ids=self.report_ids, **values)
        except DomainError as error:
            self.show_error(error)
            return
        self.app.notify(t("ticket.form.saved", id=ticket.id))
        self.dismiss(ticket.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "text":
            self.action_save()

    def show_error(self, error: DomainError) -> None:
        self.query_one("#ticket-form-error", Static).update(Text(explain(error)))
        field = getattr(error, "field", None)
        target = {"text": "#text", "location": "#location", "hazard": "#hazard",
                  "severity": "#severity", "keypoint": "#keypoint"}.get(field or "")
        if target:
            self.query_one(target).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
