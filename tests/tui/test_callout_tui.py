"""The warning call-out (预警叫应) in the app, by keys only: start it from ``c`` or from a
warning issued in the status form, work the call list with a/f/r/n, the header's progress
line, closing (refused with calls pending, the leader's override). Real app, real store."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Digits, Input, SelectionList, Select, Static

from dutyroom.i18n import set_language, t
from dutyroom.screens.callout import CalloutScreen
from dutyroom.screens.callout_forms import CallAnswerForm, CalloutOverrideForm, CalloutStartForm
from dutyroom.screens.callout_list import CalloutListScreen
from dutyroom.screens.confirm import ChoiceScreen, ConfirmScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.forms.status import StatusForm
from dutyroom.services.callouts import Callouts
from dutyroom.services.contacts import Contacts
from dutyroom.services.roster import RosterService
from dutyroom.widgets.header import DutyHeader
from tests.conftest import wait_for

CONTACTS = """level,area,parent,name,role,phone,alt_phone
county,青山县,,李县长,县防指副指挥长,13900000001,
town,河口镇,青山县,王镇长,镇长,13900000002,
village,柳湾村,河口镇,赵书记,村支书,13900000003,
village,[red]桃源村[/red],河口镇,[b]钱主任[/b],村主任,139 0000 0004,
"""

ROSTER = """date,shift,role,name,phone
2026-07-29,08:00,leader,王强,13800000001
2026-07-29,08:00,officer,张伟,13800000002
"""


@pytest.fixture
def contacts(ctx, tmp_path: Path):
    path = tmp_path / "contacts.csv"
    path.write_text(CONTACTS, encoding="utf-8")
    Contacts(ctx).import_csv(path)
    return ctx


def start(ctx, areas=("青山县",)):
    return Callouts(ctx).start("rainstorm:red", list(areas))


def header_text(app) -> str:
    return str(app.screen.query_one(DutyHeader).render())


def calls_of(ctx, callout_id: int = 1) -> dict[int, object]:
    return {c.call_id: c for c in Callouts(ctx).require(callout_id).calls}


def current_id(app) -> int | None:
    return app.screen.current_id() if isinstance(app.screen, CalloutScreen) else None


async def open_callout(app, pilot) -> CalloutScreen:
    await pilot.press("c")
    await wait_for(lambda: isinstance(app.screen, CalloutScreen) and app.screen.calls, pilot=pilot)
    return app.screen


async def test_c_starts_a_callout_from_the_contact_areas(contacts, app_for):
    ctx = contacts
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, CalloutStartForm), pilot=pilot)
        form = app.screen
        areas = form.query_one("#field-areas", SelectionList)
        assert areas.has_focus  # keys only: the area list is where typing starts
        assert [str(areas.get_option_at_index(i).prompt) for i in range(areas.option_count)][:2] == [
            "青山县 · 县", "河口镇 · 乡镇"]
        await pilot.press("down", "space")  # 河口镇 and every area below it
        await pilot.pause()
        marks = [areas.render_line(y).text for y in range(4)]  # ticks in text: NO_COLOR reads them
        assert marks[0].startswith("[ ] 青山县") and marks[1].startswith("[✓] 河口镇")
        assert any(m.startswith("[ ] [red]桃源村[/red] · 村") for m in marks)  # outside text, literal
        form.query_one("#field-colour", Select).value = "orange"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, CalloutScreen) and app.screen.calls, pilot=pilot)
    [callout] = Callouts(ctx).all()
    assert callout.warning == "rainstorm:orange" and callout.areas == ["河口镇"]
    assert [c.name for c in callout.calls] == ["王镇长", "赵书记", "[b]钱主任[/b]"]


async def test_start_form_refuses_no_area_and_writes_nothing(contacts, app_for):
    ctx = contacts
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, CalloutStartForm), pilot=pilot)
        before = ctx.store.revision()
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#error-areas", Static)
        await wait_for(lambda: t("calloutui.form.no_areas") in str(error.render()), pilot=pilot)
        form = app.screen
        form.query_one("#field-areas", SelectionList).focus()
        await pilot.press("space")
        form.query_one("#field-within", Input).value = "0"
        await pilot.pause()
        await pilot.press("ctrl+s")
        within = form.query_one("#error-within", Static)
        await wait_for(lambda: "1 到 1440" in str(within.render()), pilot=pilot)
        assert isinstance(app.screen, CalloutStartForm)
        assert ctx.store.revision() == before and not Callouts(ctx).all()


async def test_work_the_list_with_a_f_r_n(contacts, app_for):
    ctx = contacts
    start(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callout(app, pilot)
        assert current_id(app) == 1  # the first call to make
        assert screen.query_one("#card-phone", Digits).value == "13900000001"  # large
        await pilot.press("a")
        await wait_for(lambda: isinstance(app.screen, CallAnswerForm), pilot=pilot)
        await pilot.press(*"李秘书", "enter")  # someone else picked up
        await wait_for(lambda: isinstance(app.screen, CalloutScreen) and current_id(app) == 2, pilot=pilot)
        assert calls_of(ctx)[1].status.value == "answered" and calls_of(ctx)[1].answered_by == "李秘书"
        await pilot.press("f")
        await wait_for(lambda: isinstance(app.screen, ChoiceScreen), pilot=pilot)
        await pilot.press("2")  # busy
        await wait_for(lambda: isinstance(app.screen, CalloutScreen) and current_id(app) == 3, pilot=pilot)
        call = calls_of(ctx)[2]
        assert call.status.value == "failed" and call.fail_reason == "busy"
        assert call.next_try_at == ctx.now().shift(minutes=10)
        await pilot.press("r")  # 在岗到位
        await wait_for(lambda: calls_of(ctx)[3].status.value == "arrived", pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: current_id(app) == 4, pilot=pilot)
        table = screen.query_one("#callout-table", DataTable)
        statuses = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert statuses == ["已应答", "未接通", "已到位", "待呼"]
        assert "占线 · 重拨 09:10" in str(table.get_row_at(1)[5])


async def test_retries_come_in_the_order_they_fall_due(contacts, clock, app_for):
    ctx = contacts
    start(ctx)
    service = Callouts(ctx)
    service.answer(1, 1)
    service.answer(1, 3)
    service.fail(1, 4, "no_answer")  # due again at 09:10
    clock.advance(minutes=2)
    service.fail(1, 2, "unreachable")  # due again at 09:12
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callout(app, pilot)
        assert current_id(app) == 4  # the earlier retry, though its call id is later
        state = str(screen.query_one("#card-state", Static).render())
        assert "重拨 09:10" in state and "无人接听" in state
        await pilot.press("f", "1")  # no answer again: due at 09:12 + ... after call 2
        await wait_for(lambda: current_id(app) == 2, pilot=pilot)
        assert "重拨 09:12" in str(screen.query_one("#card-state", Static).render())


async def test_header_progress_line_appears_updates_and_goes(contacts, app_for):
    ctx = contacts
    RosterService(ctx).import_text(ROSTER)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        assert "叫应" not in header_text(app)
        start(ctx)  # another session starts it
        await wait_for(lambda: "叫应 0/4 · 未应 0 · 到位 0" in header_text(app), pilot=pilot)
        Callouts(ctx).arrived(1, 2)
        await wait_for(lambda: "叫应 1/4 · 未应 0 · 到位 1" in header_text(app), pilot=pilot)
        ctx.set_identity("王强")
        Callouts(ctx).close(1, override_reason="雨停,改为电话抽查")
        await wait_for(lambda: "叫应" not in header_text(app), pilot=pilot)
        assert not app.screen.query_one(DutyHeader).has_class("-callout")


async def test_close_is_refused_with_calls_pending_then_the_leader_overrides(contacts, app_for):
    ctx = contacts
    RosterService(ctx).import_text(ROSTER)
    start(ctx)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_callout(app, pilot)
        await pilot.press("x")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen)
                       and "带班领导" in str(app.screen.query_one("#confirm-question", Static).render()),
                       pilot=pilot)
        refusal = str(app.screen.query_one("#confirm-question", Static).render())
        assert "4" in refusal and "callout.error" not in refusal  # translated, with the count
        assert Callouts(ctx).require(1).open
        await pilot.press("y")  # 张伟 is not the leader: the override form refuses him
        await wait_for(lambda: isinstance(app.screen, CalloutOverrideForm), pilot=pilot)
        await pilot.press(*"雨停", "enter")
        error = app.screen.query_one("#form-error", Static)
        await wait_for(lambda: "王强" in str(error.render()), pilot=pilot)
        assert Callouts(ctx).require(1).open
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, CalloutScreen), pilot=pilot)
        ctx.set_identity("王强")  # the leader on duty, in his own session
        await pilot.press("x", "y")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen) and "带班领导" in str(
            app.screen.query_one("#confirm-question", Static).render()), pilot=pilot)
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, CalloutOverrideForm), pilot=pilot)
        await pilot.press(*"雨停", "enter")
        await wait_for(lambda: not Callouts(ctx).require(1).open, pilot=pilot)
    closed = Callouts(ctx).require(1)
    assert closed.override_reason == "雨停" and closed.closed_by == "王强"


async def test_status_form_offers_the_callout_for_a_new_warning(contacts, app_for):
    ctx = contacts
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await wait_for(lambda: isinstance(app.screen, StatusForm), pilot=pilot)
        app.screen.query_one("#field-warning_flood", Select).value = "red"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, ConfirmScreen), pilot=pilot)
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert "洪水红色预警" in question
        await pilot.press("y")
        await wait_for(lambda: isinstance(app.screen, CalloutStartForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#field-type", Select).value == "flood"
        assert form.query_one("#field-colour", Select).value == "red"
        await pilot.press("space", "ctrl+s")  # the county and everything below it
        await wait_for(lambda: isinstance(app.screen, CalloutScreen) and app.screen.calls, pilot=pilot)
    [callout] = Callouts(ctx).all()
    assert callout.warning == "flood:red" and len(callout.calls) == 4


async def test_c_with_several_open_opens_the_list_and_n_starts_another(contacts, app_for):
    ctx = contacts
    start(ctx)
    start(ctx, areas=("柳湾村",))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await wait_for(lambda: isinstance(app.screen, CalloutListScreen) and app.screen.views, pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, CalloutScreen) and app.screen.calls, pilot=pilot)
        assert app.screen.callout_id == 2  # newest open first
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, CalloutListScreen), pilot=pilot)
        await pilot.press("n")
        await wait_for(lambda: isinstance(app.screen, CalloutStartForm), pilot=pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_callout_screen_at_80x24(contacts, app_for, lang):
    ctx = contacts
    set_language(lang)
    start(ctx, areas=("河口镇",))
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: t("calloutui.header.progress", total=3, answered=0, unanswered=0, arrived=0)
                       in header_text(app), pilot=pilot)
        screen = await open_callout(app, pilot)
        await pilot.pause()
        phone = screen.query_one("#card-phone", Digits)
        assert phone.value == "13900000002" and phone.region.height == 3
        assert phone.region.right <= 80 and phone.region.bottom < 24
        table = screen.query_one("#callout-table", DataTable)
        assert table.region.height >= 5 and table.region.bottom <= 23  # the footer below it
        who = str(screen.query_one("#card-who", Static).render())
        assert "王镇长" in who and "镇长" in who and "河口镇" in who
        await pilot.press("down", "down")  # the hostile name and area, as written
        await wait_for(lambda: current_id(app) == 3, pilot=pilot)
        who = str(screen.query_one("#card-who", Static).render())
        assert "[b]钱主任[/b]" in who and "[red]桃源村[/red]" in who
        assert screen.query_one("#card-phone", Digits).value == "139 0000 0004"
        footer = " ".join(str(b.binding.description) for b in screen.active_bindings.values())
        assert t("action.callout_answer") in footer


async def test_p_writes_the_call_sheet_and_l_lists_every_callout(contacts, app_for, db):
    ctx = contacts
    start(ctx)
    Callouts(ctx).fail(1, 1, "no_answer")
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_callout(app, pilot)
        await pilot.press("p")
        await wait_for(lambda: list((db / "printouts").glob("callout-1-*.pdf")), timeout=30, pilot=pilot)
        [sheet] = (db / "printouts").glob("callout-1-*.pdf")
        await wait_for(lambda: sheet.read_bytes().startswith(b"%PDF") and b"%%EOF" in sheet.read_bytes()[-64:],
                       pilot=pilot)
        text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True).stdout
        assert "无人接听" in text and "李县长" in text
        await pilot.press("l")
        await wait_for(lambda: isinstance(app.screen, CalloutListScreen) and app.screen.views, pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


def test_callout_screen_keys_come_from_the_catalog():
    from dutyroom.actions import BY_ID
    from dutyroom.screens.help import GROUPS

    for screen in (CalloutScreen, CalloutListScreen):
        for binding in screen.BINDINGS:
            assert binding.id in BY_ID and BY_ID[binding.id].group == screen.ACTION_GROUP
        assert screen.ACTION_GROUP in GROUPS  # the help lists them


async def test_a_call_added_up_the_tree_says_whose_silence_brought_it(contacts, clock, app_for):
    ctx = contacts
    Callouts(ctx).start("rainstorm:red", ["柳湾村"], within=5)
    clock.advance(minutes=6)
    Callouts(ctx).escalate_silent()  # 赵书记 silent: 河口镇's 王镇长 joins the list
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callout(app, pilot)
        table = screen.query_one("#callout-table", DataTable)
        assert [str(table.get_row_at(i)[2]) for i in range(table.row_count)] == ["赵书记", "王镇长"]
        assert "↑ 第 1 号未应" in str(table.get_row_at(1)[5])


async def test_the_call_list_follows_another_sessions_answers(contacts, app_for):
    ctx = contacts
    start(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_callout(app, pilot)
        table = screen.query_one("#callout-table", DataTable)
        Callouts(ctx).answer(1, 3, by="赵书记家属")  # another officer, another session
        await wait_for(lambda: str(table.get_row_at(2)[1]) == "已应答", pilot=pilot)
        assert "赵书记家属 代接" in str(table.get_row_at(2)[5])
        assert current_id(app) == 1  # the officer's own place in the list is kept
        progress = str(screen.query_one("#callout-progress", Static).render())
        assert progress.startswith("已应答 1/4")
