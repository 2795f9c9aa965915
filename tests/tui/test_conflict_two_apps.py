"""Two officers, two app instances, one database: the second save never overwrites silently."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from dutyroom.config import load_settings
from dutyroom.screens.conflict import ConflictChoice, ConflictDialog, save_with_conflicts
from dutyroom.services.clock import FixedClock
from dutyroom.services.context import Context
from dutyroom.store import Store
from tests.conftest import START, wait_for

FIELDS = ("location", "severity")


class TicketEditForm(ModalScreen[dict | None]):
    """A form as a feature would write one: it loads a base version and saves through the helper."""

    BINDINGS = [Binding("ctrl+s", "save", "save"), Binding("escape", "cancel", "cancel")]

    def __init__(self, ctx: Context, record_id: int) -> None:
        super().__init__()
        self.ctx = ctx
        self.record_id = record_id
        self.base = ctx.store.require("ticket", record_id)
        self.outcome: Any = None

    def compose(self) -> ComposeResult:
        for name in FIELDS:
            yield Input(value=self.base[name], id=name)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(exclusive=True, exit_on_error=False)
    async def action_save(self) -> None:
        changes = {name: self.query_one(f"#{name}", Input).value for name in FIELDS}
        self.outcome = await save_with_conflicts(
            self.app, store=self.ctx.store, kind="ticket", record_id=self.record_id,
            base=self.base, changes=changes, tz=self.ctx.tz,
            save=lambda fields, version: self.ctx.store.update("ticket", self.record_id, fields,
                                                               expected_version=version))
        if self.outcome.done:
            self.dismiss(self.outcome.saved)


class Officer(App[None]):
    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.form: TicketEditForm | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.ctx.operator)

    def edit(self, record_id: int) -> TicketEditForm:
        self.form = TicketEditForm(self.ctx, record_id)
        self.push_screen(self.form)
        return self.form


def _ctx(db, operator: str, station: str, clock: FixedClock) -> Context:
    store = Store(db, now=clock.now, operator=operator, station=station)
    store.open()
    return Context(store=store, clock=clock, settings=load_settings(None), operator=operator,
                   station=station)


async def _two_officers_editing(db, store):
    ticket = store.create("ticket", {"location": "沙河大堤", "severity": "minor", "open": True})
    zhang = Officer(_ctx(db, "张伟", "local", FixedClock(START)))
    later = FixedClock(START)
    later.advance(minutes=3)
    li = Officer(_ctx(db, "李娜", "10.0.0.7", later))
    return ticket, zhang, li


async def _set(pilot, form: TicketEditForm, name: str, value: str) -> None:
    form.query_one(f"#{name}", Input).value = value
    await pilot.pause()


async def test_second_save_asks_and_reapply_keeps_both_changes(db, store):
    ticket, zhang, li = await _two_officers_editing(db, store)
    async with zhang.run_test(size=(100, 30)) as pz, li.run_test(size=(100, 30)) as pl:
        form_z, form_l = zhang.edit(ticket["id"]), li.edit(ticket["id"])
        await pz.pause()
        await pl.pause()
        await _set(pz, form_z, "location", "沙河大堤北段")
        await pz.press("ctrl+s")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 2, pilot=pz)
        assert zhang.screen is not form_z  # his form closed after saving

        await _set(pl, form_l, "severity", "major")
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(li.screen, ConflictDialog), pilot=pl)
        dialog = li.screen
        message = str(dialog.query_one("#conflict-message").render())
        assert "张伟" in message and "09:03" not in message and "09:00:00" in message
        assert "沙河大堤北段" in message  # what he changed is shown to her
        assert store.require("ticket", ticket["id"])["severity"] == "minor"  # nothing written yet

        await pl.press("r")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 3, pilot=pl)
        await wait_for(lambda: li.screen is not form_l and li.screen is not dialog, pilot=pl)
    final = store.require("ticket", ticket["id"])
    assert (final["location"], final["severity"]) == ("沙河大堤北段", "major")
    assert final["updated_by"] == "李娜" and final["station"] == "10.0.0.7"
    history = store.history("ticket", ticket["id"])
    assert [h["operator"] for h in history] == ["张伟", "张伟", "李娜"]
    assert history[2]["changes"] == {"severity": ["minor", "major"]}  # his location untouched


async def test_same_field_both_changed_discard_keeps_theirs(db, store):
    ticket, zhang, li = await _two_officers_editing(db, store)
    async with zhang.run_test(size=(100, 30)) as pz, li.run_test(size=(100, 30)) as pl:
        form_z, form_l = zhang.edit(ticket["id"]), li.edit(ticket["id"])
        await pz.pause()
        await _set(pz, form_z, "location", "沙河大堤 3 号闸")
        await pz.press("ctrl+s")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 2, pilot=pz)

        await _set(pl, form_l, "location", "沙河大堤 5 号闸")
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(li.screen, ConflictDialog), pilot=pl)
        message = str(li.screen.query_one("#conflict-message").render())
        assert "双方都改了" in message and "3 号闸" in message and "5 号闸" in message
        await pl.press("d")
        await wait_for(lambda: li.screen is not form_l and not isinstance(li.screen, ConflictDialog),
                       pilot=pl)
        assert form_l.outcome.choice is ConflictChoice.DISCARD and form_l.outcome.saved is None
    final = store.require("ticket", ticket["id"])
    assert final["location"] == "沙河大堤 3 号闸" and final["version"] == 2


async def test_keep_editing_writes_nothing_then_save_again(db, store):
    ticket, zhang, li = await _two_officers_editing(db, store)
    async with zhang.run_test(size=(100, 30)) as pz, li.run_test(size=(100, 30)) as pl:
        form_z, form_l = zhang.edit(ticket["id"]), li.edit(ticket["id"])
        await pz.pause()
        await _set(pz, form_z, "severity", "major")
        await pz.press("ctrl+s")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 2, pilot=pz)

        await _set(pl, form_l, "location", "沙河大堤(西)")
        journal = (db / "journal.jsonl").read_bytes()
        await pl.press("ctrl+s")
        await wait_for(lambda: isinstance(li.screen, ConflictDialog), pilot=pl)
        await pl.press("escape")
        await wait_for(lambda: li.screen is form_l, pilot=pl)
        assert form_l.query_one("#location", Input).value == "沙河大堤(西)"  # her text kept
        assert (db / "journal.jsonl").read_bytes() == journal

        await pl.press("ctrl+s")  # still based on version 1: asked again
        await wait_for(lambda: isinstance(li.screen, ConflictDialog), pilot=pl)
        await pl.press("r")
        await wait_for(lambda: store.require("ticket", ticket["id"])["version"] == 3, pilot=pl)
    final = store.require("ticket", ticket["id"])
    assert (final["location"], final["severity"]) == ("沙河大堤(西)", "major")


async def test_dialog_fits_80x24_and_warns_of_an_open_form(db, store, clock):
    from dutyroom.screens.conflict import Conflict, note_editing
    from dutyroom.services.presence import Presence

    ticket = store.create("ticket", {"location": "沙河大堤", "severity": "minor", "open": True})
    base = dict(ticket)
    current = store.update("ticket", ticket["id"], {"location": "x" * 200})
    app = Officer(_ctx(db, "李娜", "10.0.0.7", FixedClock(START)))
    import os

    app.presence = Presence(db, operator="lina", station="10.0.0.7", now=clock.now, pid=os.getpid())
    other = Presence(db, operator="zhangwei", roster_name="张伟", station="local", now=clock.now,
                     pid=os.getppid())
    other.set_editing(f"ticket:{ticket['id']}")
    async with app.run_test(size=(80, 24)) as pilot:
        assert note_editing(app, "ticket", ticket["id"]) == ["张伟"]
        assert app.presence.session().editing == f"ticket:{ticket['id']}"
        app.push_screen(ConflictDialog(Conflict("ticket", ticket["id"], base, current,
                                                {"severity": "major", "location": "y"}), tz="Asia/Shanghai"))
        await wait_for(lambda: isinstance(app.screen, ConflictDialog), pilot=pilot)
        await pilot.pause()
        for button in app.screen.query("Button"):
            region = button.region
            assert region.width > 0 and region.right <= 80 and region.bottom <= 24, button.id
        note_editing(app, "ticket", None)
        assert app.presence.session().editing is None
