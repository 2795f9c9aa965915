"""A form kept as a draft (Esc, "keep as draft") comes back with it, and says so: the form
base and the report form share that (dutyroom/screens/forms/leave.py, DraftLeave)."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from dutyroom.i18n import set_language
from dutyroom.screens.confirm import ChoiceScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.screens.report_form import ReportForm
from tests.conftest import wait_for
from tests.tui.conftest import notices


@pytest.mark.parametrize("key, form, field", [("n", LogEntryForm, "#field-text"),
                                              ("r", ReportForm, "#rf-location")])
async def test_a_kept_draft_is_back_in_the_form_and_the_form_says_so(ctx, app_for, key, form, field):
    set_language("en")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press(key)
        await wait_for(lambda: isinstance(app.screen, form), pilot=pilot)
        app.screen.query_one(field).focus()
        await pilot.press(*"柳湾村")
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("s")  # keep as draft
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        assert not any("is back in the form" in n for n in notices(app))
        await pilot.press(key)
        await wait_for(lambda: isinstance(app.screen, form), pilot=pilot)
        widget = app.screen.query_one(field)
        assert (widget.text if isinstance(widget, TextArea) else widget.value) == "柳湾村"
        await wait_for(lambda: any(n.startswith("The draft from ") and n.endswith("is back in the form.")
                                   for n in notices(app)), pilot=pilot)
        assert app.screen.dirty  # a draft brought back is unsaved input
