"""The warning call-out from the dashboard: ``c`` starts one, or opens the open one (several
open: the list, where ``n`` starts another); a warning newly issued in the status form
(``s``) offers to start one for it (once responsible persons have been imported). A mixin, so the dashboard module stays about layout."""

from __future__ import annotations

from typing import Any

from dutyroom.i18n import explain, t
from dutyroom.model.errors import DomainError
from dutyroom.services.callout_text import warning_words


def new_warnings(change: Any) -> list[str]:
    """Warnings (``type:colour``) a status change issued or raised: in force after, not before."""
    before = {w.code for w in getattr(change.before, "warnings", [])}
    return [w.code for w in sorted(change.after.warnings, key=lambda w: -w.colour.rank) if w.code not in before]


class CalloutActions:
    """Mixed into the dashboard screen (needs ``self.ctx``, ``self.app``, ``self.notify``)."""

    ctx: Any
    app: Any
    notify: Any

    def action_callout_start(self) -> None:
        from dutyroom.screens.callout_list import CalloutListScreen, open_callout, start_callout
        from dutyroom.services.callouts import Callouts

        try:
            open_ones = Callouts(self.ctx).all(open_only=True)
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        if not open_ones:
            start_callout(self, self.ctx)
        elif len(open_ones) == 1:
            open_callout(self, self.ctx, int(open_ones[0].id or 0))
        else:
            self.app.push_screen(CalloutListScreen(self.ctx))

    def offer_callout(self, change: Any) -> None:
        """After the status form saved: a warning newly issued? Offer its call-out."""
        if change is None or not getattr(change, "changed", False):
            return
        issued = new_warnings(change)
        if not issued or not self._anyone_to_call():
            return
        from dutyroom.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            from dutyroom.screens.callout_list import start_callout

            if yes:
                start_callout(self, self.ctx, warning=issued[0])

        self.app.push_screen(ConfirmScreen(t("calloutui.offer", warning=warning_words(issued[0]))), answer)

    def _anyone_to_call(self) -> bool:
        """Responsible persons imported: without them a call-out has nobody to call."""
        from dutyroom.services.contacts import Contacts

        try:
            return bool(Contacts(self.ctx).all())
        except DomainError:
            return False
