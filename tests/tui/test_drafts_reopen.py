"""Nothing typed is lost: a form cut off (no save, no cancel) is offered again at the next start."""

from __future__ import annotations

import orjson
from textual.widgets import Input, Select

from dutyroom.locations import drafts_dir
from dutyroom.screens.confirm import ChoiceScreen, ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.log_entry import AmendForm, LogEntryForm
from dutyroom.services.duty_log import DutyLog
from tests.conftest import wait_for


def draft_files(ctx) -> list:
    folder = drafts_dir(ctx.store.root, ctx.operator)
    return sorted(folder.glob("*.json")) if folder.exists() else []


async def test_form_draft_written_on_change_and_reopened(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, LogEntryForm), pilot=pilot)
        app.screen.query_one("#field-kind", Select).value = "patrol"
        await pilot.press(*"江北大堤 K3+200 渗水")
        await wait_for(lambda: len(draft_files(ctx)) == 1, pilot=pilot)
        body = orjson.loads(draft_files(ctx)[0].read_bytes())
        await wait_for(lambda: orjson.loads(draft_files(ctx)[0].read_bytes())["values"]["text"]
                       == "江北大堤 K3+200 渗水", pilot=pilot)
        assert body["form"] == "dutyroom.screens.forms.log_entry:LogEntryForm"
    # the session ends without save or cancel (as when SIGHUP kills it): the draft stays
    assert len(draft_files(ctx)) == 1
    app2 = app_for(offer_drafts=True)
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app2.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app2.screen, LogEntryForm), pilot=pilot)
        form = app2.screen
        assert form.query_one("#field-text", Input).value == "江北大堤 K3+200 渗水"
        assert form.query_one("#field-kind", Select).value == "patrol"
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app2.screen, DashboardScreen), pilot=pilot)
    assert DutyLog(ctx).get(6).text == "江北大堤 K3+200 渗水"
    assert draft_files(ctx) == []  # saved: the draft is gone


async def test_amend_draft_remembers_its_entry_and_discard_removes_it(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("down", "down")  # entry 3
        await pilot.press("e")
        await wait_for(lambda: isinstance(app.screen, AmendForm), pilot=pilot)
        await pilot.press(*"更正")
        await wait_for(lambda: len(draft_files(ctx)) == 1, pilot=pilot)
    app2 = app_for(offer_drafts=True)
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app2.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app2.screen, AmendForm), pilot=pilot)
        assert app2.screen.entry_id == 3
        await pilot.press("escape")  # the reopened draft is input: Esc asks, and discarding drops it
        await wait_for(lambda: isinstance(app2.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("d")
        await wait_for(lambda: draft_files(ctx) == [], pilot=pilot)
    app3 = app_for(offer_drafts=True)
    async with app3.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        assert isinstance(app3.screen, DashboardScreen)


async def test_quick_entry_line_kept_as_draft_and_declined(seeded, app_for):
    ctx = seeded
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("colon", *"#patrol 半句")
        await wait_for(lambda: len(draft_files(ctx)) == 1, pilot=pilot)
    app2 = app_for(offer_drafts=True)
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app2.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: app2.screen.query_one("#quick-input", Input).value == "#patrol 半句",
                       pilot=pilot)
    app3 = app_for(offer_drafts=True)
    async with app3.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: isinstance(app3.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("n")  # discard asks again (it cannot be undone)
        await wait_for(lambda: isinstance(app3.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: draft_files(ctx) == [], pilot=pilot)


def test_drafts_are_per_user_and_atomic(tmp_path):
    from dutyroom.services.drafts import Draft, Drafts

    mine, theirs = Drafts(tmp_path, "zhang"), Drafts(tmp_path, "li")
    mine.save(Draft(key="log-entry", form="m:C", values={"text": "甲"}, saved_at="2026-07-29T01:00:00+00:00"))
    assert [d.values for d in mine.pending()] == [{"text": "甲"}]
    assert mine.folder.stat().st_mode & 0o077 == 0
    assert theirs.pending() == []
    (mine.folder / "broken.json").write_text("{not json")
    assert len(mine.pending()) == 1  # a damaged file is skipped, never a crash
    assert not [p for p in mine.folder.iterdir() if ".tmp-" in p.name]
    mine.discard("log-entry")
    mine.discard("log-entry")
    assert mine.pending() == []
