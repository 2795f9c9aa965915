"""Textual's own words in Chinese too: the command palette's prompt, the log form's "now"."""

from __future__ import annotations

from textual.command import CommandInput, CommandPalette
from textual.widgets import Input

from dutyroom.i18n import set_language
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import LogEntryForm
from dutyroom.services.duty_log import DutyLog
from tests.conftest import wait_for


async def test_the_palette_prompts_in_the_officers_language(ctx, app_for):
    for lang, prompt in (("zh", "搜索命令…"), ("en", "Search for commands…")):
        set_language(lang)
        app = app_for()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("ctrl+p")
            await wait_for(lambda: isinstance(app.screen, CommandPalette), pilot=pilot)
            assert app.screen.query_one(CommandInput).placeholder == prompt


async def test_the_log_forms_time_says_现在_and_means_it(ctx, app_for):
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        assert app.screen.query_one("#field-at", Input).value == "现在"
        app.screen.query_one("#field-text", Input).value = "沙河水库 水位 21.3m"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    entry = DutyLog(ctx).all()[-1]
    assert entry.text == "沙河水库 水位 21.3m" and entry.at == ctx.now()
