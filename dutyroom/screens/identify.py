"""First start: which roster name is this OS account? Asked once, then remembered.

:func:`identify_if_needed` is what the app calls at start-up: when the roster
has names and none is linked to the OS account running the app, it shows
:class:`IdentifyScreen`; the choice is stored on the officer (``os_user``) and
logged, so it is never asked again for that account.
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.services.context import Context
from dutyroom.services.roster import RosterService


class IdentifyScreen(ModalScreen[str | None]):
    """Pick your name from the roster; Enter confirms, Esc skips (asked again next start)."""

    BINDINGS = [Binding("escape", "skip", "Esc")]

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.ctx = ctx
        self.roster = RosterService(ctx)
        self.officers = self.roster.officers()

    def compose(self) -> ComposeResult:
        with Vertical(id="identify-box") as box:
            box.border_title = t("identify.title")
            yield Static(Text(t("identify.hint", user=self.ctx.login)), markup=False)
            options = [Option(Text(f"{o.name}  {t(o.role.label_key)}  {o.phone}"), id=str(o.id))
                       for o in self.officers]
            yield OptionList(*options, id="identify-names")
            yield Label(t("identify.save") + " ⏎   " + t("identify.cancel") + " Esc")

    def on_mount(self) -> None:
        self.query_one("#identify-names", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        officer = next(o for o in self.officers if str(o.id) == event.option.id)
        try:
            linked = self.roster.link(self.ctx.login, officer.name)
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.dismiss(linked.name)

    def action_skip(self) -> None:
        self.dismiss(None)


def needs_identify(ctx: Context) -> bool:
    """A roster exists, and neither a link nor the operator name (``--operator 张伟``) says who."""
    roster = RosterService(ctx)
    officers = roster.officers()
    if not officers or any(o.name == ctx.operator for o in officers):
        return False
    return roster.identify(ctx.login) is None


def identify_if_needed(app: App, ctx: Context, done: Callable[[str | None], None] | None = None) -> bool:
    """Show :class:`IdentifyScreen` when this OS account has no roster name yet."""
    if not needs_identify(ctx):
        return False
    app.push_screen(IdentifyScreen(ctx), done)
    return True
