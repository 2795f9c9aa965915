"""The call being made, large enough to read across the duty room: the person, their role
and area on one bold line, the phone number in big digits, and where the call stands.

Names, roles, areas and phones are outside text: shown as literal ``Text``, never markup.
A number with characters the big digits cannot draw (an extension in words) is shown in
bold text instead, whole, so no digit is ever dropped.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Digits, Static

from dutyroom.i18n import t
from dutyroom.services.callout_text import attempt_count, code_words, local_time
from dutyroom.widgets.pane import literal

DIGIT_CHARS = set("0123456789+-() ")


def big_phone(phone: str) -> str | None:
    """``phone`` as the big digits can draw it, or None when it holds anything else."""
    text = " ".join(phone.split())
    return text if text and len(text) <= 24 and set(text) <= DIGIT_CHARS else None


class CalloutCard(Vertical):
    """One call (a ``callout show --json`` call) in large type; ``show(None)`` for none."""

    def compose(self) -> ComposeResult:
        yield Static("", id="card-who", markup=False)
        yield Digits("", id="card-phone")
        yield Static("", id="card-phone-text", markup=False)
        yield Static("", id="card-state", markup=False)

    def show(self, call: dict[str, Any] | None, position: tuple[int, int], tz: str) -> None:
        who = self.query_one("#card-who", Static)
        digits = self.query_one("#card-phone", Digits)
        plain = self.query_one("#card-phone-text", Static)
        state = self.query_one("#card-state", Static)
        if call is None:
            who.update(Text(t("calloutui.screen.no_call")))
            digits.update("")
            digits.display = plain.display = False
            state.update("")
            return
        line = Text(literal(call.get("name"), one_line=True), style="bold reverse")
        line.append("  ")
        line.append(literal(call.get("role"), one_line=True), style="bold")
        line.append(f" · {code_words('level', call.get('level'))} ")
        line.append(literal(call.get("area"), one_line=True), style="bold")
        who.update(line)
        phone = literal(call.get("phone"), one_line=True)
        big = big_phone(phone)
        digits.display = big is not None
        plain.display = big is None
        digits.update(big or "")
        plain.update(Text(phone or "-", style="bold"))
        state.update(self.state_text(call, position, tz))

    @staticmethod
    def state_text(call: dict[str, Any], position: tuple[int, int], tz: str) -> Text:
        """Status in words (underlined, so it reads without colour), then the details."""
        status = str(call.get("status") or "")
        text = Text(f" {code_words('status', status)} ", style="bold reverse" if status == "pending" else "bold underline")
        parts = [t("calloutui.screen.call_of", n=position[0], total=position[1])]
        tries = attempt_count(call)
        if tries:
            parts.append(t("calloutui.screen.attempts", n=tries))
        if status == "failed" and call.get("fail_reason"):
            parts.append(code_words("reason", call["fail_reason"]))
        retry = local_time(call.get("next_try_at"), tz, "HH:mm")
        if retry and status in ("pending", "failed"):
            parts.append(t("calloutui.screen.retry_at", at=retry))
        answered = local_time(call.get("answered_at"), tz, "HH:mm")
        if answered:
            parts.append(t("calloutui.screen.answered_at", at=answered))
        if call.get("answered_by") and call.get("answered_by") != call.get("name"):
            parts.append(t("calloutui.screen.answered_by", by=literal(call.get("answered_by"), one_line=True)))
        text.append("  " + " · ".join(parts))
        return text
