"""The daily duty bulletin in the app: read it as it will print, then draft, approve, issue.

``b`` on the reports-upward screen opens the last complete duty day. ``r`` computes
(refreshes) the draft, ``a`` approves it (the leader on duty), ``i`` issues and seals
it after a confirmation, ``p`` writes it as a PDF to ``printouts/``; ``[``/``]`` change the day. The same services as the CLI, so
the same rules: a sealed bulletin never changes.
"""

from __future__ import annotations

from typing import Any

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from dutyroom.actions import bindings, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.model.bulletin import Bulletin
from dutyroom.model.errors import DomainError
from dutyroom.screens.printouts import write_printout
from dutyroom.services.bulletin import Bulletins, duty_day
from dutyroom.services.context import Context
from dutyroom.services.upward_print import bulletin_document
from dutyroom.widgets.fit_footer import FitFooter


class BulletinScreen(Screen[None]):
    BINDINGS = bindings("bulletin")
    ACTION_GROUP = "bulletin"

    def __init__(self, ctx: Context, date: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.service = Bulletins(ctx)
        self.date = date or duty_day(ctx)[0]
        self.bulletin: Bulletin | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="bulletin-state", markup=False)
        with VerticalScroll(id="bulletin-scroll"):
            yield Static(id="bulletin-body", markup=False)
        yield FitFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        from dutyroom.services.printout import render

        self.bulletin = self.service.preview(self.date)
        saved = self.bulletin.id is not None
        state = t(self.bulletin.state.label_key) if saved else t("upward.bulletin.unsaved")
        self.query_one("#bulletin-state", Static).update(
            Text(t("upward.bulletin.screen_state", date=self.date, state=state), style="bold"))
        text = render(bulletin_document(self.ctx, self.bulletin, saved=saved), "txt").decode("utf-8")
        self.query_one("#bulletin-body", Static).update(Text(text))

    def _step(self, step: Any, done_key: str) -> None:
        try:
            step(self.date)
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.notify(t(done_key, date=self.date), markup=False)
        self.reload()

    def action_draft(self) -> None:
        self._step(self.service.draft, "upward.bulletin.done_draft")

    def action_approve(self) -> None:
        bulletin = self.bulletin
        if bulletin is None or bulletin.id is None:
            self.notify(t("error.bulletin_missing", date=self.date), severity="error", markup=False)
            return
        # approve exactly what is on the screen: a draft refreshed meanwhile is refused
        self._step(lambda date: self.service.approve(date, content_hash=bulletin.content_hash),
                   "upward.bulletin.done_approve")

    def action_issue(self) -> None:
        from dutyroom.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._step(self.service.issue, "upward.bulletin.done_issue")

        self.app.push_screen(ConfirmScreen(t("upward.bulletin.confirm_issue", date=self.date)), answered)

    def action_print(self) -> None:
        """As ``dutyroom bulletin --format pdf``: the day as shown, into ``printouts/``."""
        from dutyroom.services.printout import render

        bulletin = self.bulletin
        if bulletin is None:
            return
        saved = bulletin.id is not None
        write_printout(self, self.ctx, f"bulletin-{self.date}.pdf",
                       lambda: render(bulletin_document(self.ctx, bulletin, saved=saved), "pdf"))

    def action_day(self, step: int) -> None:
        day = arrow.get(self.date, "YYYY-MM-DD").shift(days=step).format("YYYY-MM-DD")
        if step > 0 and day > duty_day(self.ctx)[0]:
            return  # the current day is not over yet
        self.date = day
        self.reload()

    def action_close(self) -> None:
        self.app.pop_screen()
