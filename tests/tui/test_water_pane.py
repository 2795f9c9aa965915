"""The Water & rain pane, the reading form (``w``), ``~`` quick entry and the station screen,
driven through the real app on a real store (issue 15, the app's side)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, Static

from dutyroom.config import load_settings
from dutyroom.i18n import set_language
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.reading_form import ReadingForm
from dutyroom.screens.station_detail import StationScreen
from dutyroom.services.context import Context
from dutyroom.services.duty_log import DutyLog
from dutyroom.services.stations import Stations
from dutyroom.store import Store
from dutyroom.widgets.quick_entry import QuickEntry
from dutyroom.widgets.station_pane import StationPane
from tests.conftest import wait_for

STATE_CODES = ("above_warning", "above_flood_limit", "above_guarantee", "above_1h", "station_state")
"""Codes that must never reach the screen (in English "normal" or "river" are words too)."""


def stations(ctx: Context) -> dict[str, int]:
    """A river above its warning level (rising), a reservoir above its flood limit, a quiet
    river far from its warning level, and a rain gauge; readings over the last hours."""
    s = Stations(ctx)
    river = s.add("清水河大桥", "river", warning_level=27.5, guarantee_level=29.0)
    reservoir = s.add("沙河水库", "reservoir", flood_limit=21.0, warning_level=22.5)
    quiet = s.add("柳湾闸", "river", warning_level=30.0)
    rain = s.add("城东雨量站", "rain", rain_1h=30.0, rain_3h=50.0, rain_24h=100.0)
    for hours, level in ((-6, 26.9), (-4, 27.2), (-2, 27.5), (-1, 27.8), (0, 27.9)):
        s.add_reading(river.id, level, at=ctx.now().shift(hours=hours), source="sensor")
    for hours, level in ((-3, 21.1), (-1, 21.2)):
        s.add_reading(reservoir.id, level, at=ctx.now().shift(hours=hours), source="phone")
    s.add_reading(quiet.id, 29.0, at=ctx.now().shift(hours=-2), source="patrol")
    s.add_reading(rain.id, 5.0, at=ctx.now().shift(minutes=-30), source="sensor")
    return {"river": river.id, "reservoir": reservoir.id, "quiet": quiet.id, "rain": rain.id}


def pane_of(app) -> StationPane:
    return app.screen.query_one(StationPane)


def shown(app) -> list[str]:
    pane = pane_of(app)
    return [pane._rows[key].cells[0].plain for key in pane._keys]


def cells(app, station_id: int) -> list[str]:
    return [c.plain for c in pane_of(app)._rows[str(station_id)].cells]


async def open_pane(app, pilot) -> StationPane:
    await pilot.press("8")
    pane = pane_of(app)
    await wait_for(lambda: app.screen.active_pane == "station-pane" and pane.table.row_count > 0,
                   pilot=pilot)
    return pane


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_the_pane_shows_stations_gravest_first_with_states_in_words(ctx, app_for, lang):
    ids = stations(ctx)
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = pane_of(app)
        await wait_for(lambda: len(pane._keys) == 4, pilot=pilot)
        order = [int(v["id"]) for v in Stations(ctx).views()]
        assert pane._keys == [str(i) for i in order]  # the service's order: state, then margin
        assert pane._keys[0] == str(ids["river"])  # above its warning level, ahead of the rest
        assert pane._keys.index(str(ids["quiet"])) > pane._keys.index(str(ids["reservoir"]))
        river = cells(app, ids["river"])
        expected = "超警戒" if lang == "zh" else ">warning"
        assert expected in river[4] and river[2] == "27.90m" and river[6] == "↑"
        assert "┊" in river[7]  # the threshold's mark ends the sparkline
        for row in pane._rows.values():
            for value in row.cells:
                assert not any(code in value.plain for code in STATE_CODES), value.plain
        assert pane.display and pane.region.height > 4  # shown in the main column


async def test_w_records_a_reading_with_its_log_entry(ctx, app_for):
    ids = stations(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = pane_of(app)
        await wait_for(lambda: len(pane._keys) == 4, pilot=pilot)
        await pilot.press("w")
        await wait_for(lambda: isinstance(app.screen, ReadingForm), pilot=pilot)
        form = app.screen
        await pilot.press(*"柳湾")  # typing filters: the one match is named under the field
        await wait_for(lambda: "柳湾闸" in str(form.query_one("#error-station", Static).render()),
                       pilot=pilot)
        form.query_one("#field-station", Input).value = "柳湾闸"
        form.query_one("#field-value", Input).value = "29.3"
        form.query_one("#field-source", Select).value = "patrol"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: cells(app, ids["quiet"])[2] == "29.30m", pilot=pilot)
    readings = Stations(ctx).readings(ids["quiet"])
    assert [r.value for r in readings][-1] == 29.3 and readings[-1].source == "patrol"
    entries = [e for e in DutyLog(ctx).all() if e.kind.value == "reading"]
    assert any("柳湾闸" in e.text for e in entries)


async def test_an_implausible_value_is_refused_then_forced_with_a_reason(ctx, app_for):
    ids = stations(ctx)
    before = len(Stations(ctx).readings(ids["rain"]))
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("w")
        await wait_for(lambda: isinstance(app.screen, ReadingForm), pilot=pilot)
        form = app.screen
        reason = form.query_one("#field-force_reason", Input)
        assert not reason.parent.display  # no reason asked for until a value is refused
        form.query_one("#field-station", Input).value = "城东雨量站"
        form.query_one("#field-value", Input).value = "-3"
        await pilot.pause()
        await pilot.press("ctrl+s")
        error = form.query_one("#error-force_reason", Static)
        await wait_for(lambda: "✗" in str(error.render()), pilot=pilot)
        assert isinstance(app.screen, ReadingForm) and reason.parent.display
        assert "implausible" not in str(error.render()) and "{" not in str(error.render())
        assert len(Stations(ctx).readings(ids["rain"])) == before  # nothing written
        reason.value = "雨量计复位后读数,已电话核实"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    readings = Stations(ctx).readings(ids["rain"])
    assert len(readings) == before + 1 and readings[-1].value == -3


async def test_quick_entry_records_a_reading_and_names_an_unknown_station(ctx, app_for):
    ids = stations(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = pane_of(app)
        await wait_for(lambda: len(pane._keys) == 4, pilot=pilot)
        await pilot.press("colon")
        quick = app.screen.query_one(QuickEntry)
        await wait_for(lambda: quick.input.has_focus, pilot=pilot)
        await pilot.press(*"~沙河水库 21.4", "enter")
        message = quick.query_one("#quick-message", Static)
        await wait_for(lambda: "沙河水库" in str(message.render()), pilot=pilot)
        await wait_for(lambda: cells(app, ids["reservoir"])[2] == "21.40m", pilot=pilot)
        assert quick.input.value == ""
        await pilot.press(*"~无名站 3", "enter")
        await wait_for(lambda: "无名站" in str(message.render()) and "✗" in str(message.render()),
                       pilot=pilot)
        assert quick.input.value == "~无名站 3"  # kept for fixing; nothing written
    assert Stations(ctx).readings(ids["reservoir"])[-1].value == 21.4


async def test_enter_opens_the_station_with_its_chart_and_readings(ctx, app_for):
    ids = stations(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(app, pilot)
        pane.table.move_cursor(row=pane._keys.index(str(ids["river"])))
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, StationScreen), pilot=pilot)
        screen = app.screen
        summary = str(screen.query_one("#station-summary", Static).render())
        assert "清水河大桥" in summary and "警戒水位 27.50m" in summary and "超警戒" in summary
        table = screen.query_one("#station-readings")
        assert table.row_count == 5
        assert str(table.get_row_at(0)[1]) == "27.90m"  # newest first
        from textual_plotext import PlotextPlot

        chart = screen.query_one("#station-chart", PlotextPlot)
        await wait_for(lambda: chart.region.height > 5, pilot=pilot)
        drawn = chart.render().plain  # the plot as plotext drew it: the threshold lines' letters
        assert "─W─" in drawn and "─G─" in drawn and "27.50" in drawn
        await pilot.press("w")  # a reading for this station, from its screen
        await wait_for(lambda: isinstance(app.screen, ReadingForm), pilot=pilot)
        assert app.screen.query_one("#field-station", Input).value == "清水河大桥"
        await pilot.press("tab", *"28.1", "tab", *["backspace"] * 4, *"08:59", "enter")
        await wait_for(lambda: isinstance(app.screen, StationScreen), pilot=pilot)
        await wait_for(lambda: table.row_count == 6 and str(table.get_row_at(1)[1]) == "28.10m",
                       pilot=pilot)  # 08:59: just before the 09:00 reading
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_80x24_the_pane_is_a_tab_and_everything_works_by_keys(ctx, app_for, lang):
    ids = stations(ctx)
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_pane(app, pilot)
        assert pane.region.width > 70 and pane.table.row_count == 4
        strip = str(app.screen.query_one("#pane-tabs", Static).render())
        assert f"▶8 {pane.title}◀" in strip
        for key in ("name", "value", "state", "trend", "spark"):
            assert key in pane.shown_columns  # what must read at 80 columns
        pane.table.move_cursor(row=pane._keys.index(str(ids["reservoir"])))
        await pilot.press("w")  # on a selected station the form starts there
        await wait_for(lambda: isinstance(app.screen, ReadingForm), pilot=pilot)
        form = app.screen
        assert form.query_one("#field-station", Input).value == "沙河水库"
        await pilot.press("tab", *"21.3", "enter")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await wait_for(lambda: cells(app, ids["reservoir"])[2] == "21.30m", pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, StationScreen), pilot=pilot)
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)


async def test_a_reading_from_another_session_appears_in_the_pane(ctx, clock, db, app_for):
    ids = stations(ctx)
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = pane_of(app)
        await wait_for(lambda: len(pane._keys) == 4, pilot=pilot)
        pane.table.focus()
        pane.table.move_cursor(row=pane._keys.index(str(ids["rain"])))
        store = Store(db, now=clock.now, operator="李娜", station="pts/3")
        store.open()
        other = Context(store=store, clock=clock, settings=load_settings(db / "config.toml"),
                        operator="李娜", station="pts/3")
        Stations(other).add_reading(ids["quiet"], 30.4, at=clock.now(), source="sensor")
        await wait_for(lambda: cells(app, ids["quiet"])[2] == "30.40m", timeout=10, pilot=pilot)
        assert "超警戒" in cells(app, ids["quiet"])[4]
        assert pane.selected_key() == str(ids["rain"])  # the cursor stayed on its station


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_name_is_cut_never_the_sparkline(ctx, app_for, size):
    stations(ctx)
    Stations(ctx).add("城南开发区排涝泵站上游河道水位监测点[red]", "river", warning_level=5.0)
    app = app_for()
    async with app.run_test(size=size) as pilot:
        pane = await open_pane(app, pilot)
        await wait_for(lambda: len(pane._keys) == 5 and not pane.fit_pending, pilot=pilot)
        await pilot.pause()
        table = pane.table
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= table.size.width - 1  # every column, the sparkline last, on screen
        assert {"name", "value", "state", "trend", "spark"} <= set(pane.shown_columns)
        if size == (120, 40):
            assert "at" in pane.shown_columns  # the time of the reading still shows


async def test_a_station_name_is_shown_literally_everywhere(ctx, app_for):
    hostile = "闸[/][bold red]坝[link=x]"
    station = Stations(ctx).add(hostile, "river", warning_level=5.0)
    Stations(ctx).add_reading(station.id, 4.0, source="phone")
    app = app_for()
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_pane(app, pilot)
        assert cells(app, station.id)[0] == hostile
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, StationScreen), pilot=pilot)
        screen = app.screen
        assert hostile in str(screen.query_one("#station-summary", Static).render())
        assert hostile in screen.query_one("#station-detail")._border_title.plain  # as drawn
        await pilot.press("escape")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("colon")
        quick = app.screen.query_one(QuickEntry)
        await wait_for(lambda: quick.input.has_focus, pilot=pilot)
        quick.input.value = f"~{hostile} 4.2 @08:30"  # 09:00 has its reading already
        await pilot.press("enter")
        message = quick.query_one("#quick-message", Static)
        await wait_for(lambda: hostile in str(message.render()), pilot=pilot)
    first = Stations(ctx).readings(station.id)[0]
    assert first.value == 4.2 and ctx.local(first.at).format("HH:mm") == "08:30"


async def test_o_on_a_threshold_escalation_opens_the_station(ctx, app_for):
    from dutyroom.screens.escalation_detail import EscalationScreen
    from dutyroom.services.escalation import EscalationService

    ids = stations(ctx)
    EscalationService(ctx).evaluate_now()
    escalation = next(e for e in EscalationService(ctx).open_escalations()
                      if e.subject_kind == "station" and e.subject_id == ids["river"])
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        app.open_record("escalation", escalation.id)
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        await pilot.press("o")
        await wait_for(lambda: isinstance(app.screen, StationScreen), pilot=pilot)
        assert app.screen.station_id == ids["river"]


async def test_shift_w_sets_up_a_station_and_a_bad_threshold_writes_nothing(ctx, app_for):
    """``station add`` by keys: a bad number is named on its field and nothing is written;
    corrected, the station is set up and the pane shows it."""
    from dutyroom.screens.station_form import StationForm

    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("W")
        await wait_for(lambda: isinstance(app.screen, StationForm), pilot=pilot)
        form = app.screen
        await pilot.press(*"临时水尺 人民路")
        form.query_one("#field-warning_level", Input).value = "四米五"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StationForm) and Stations(ctx).all() == []
        form.query_one("#field-warning_level", Input).value = "0.4"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("8")
        await wait_for(lambda: "临时水尺 人民路" in " ".join(shown(app)), pilot=pilot)
    [station] = Stations(ctx).all()
    assert (station.name, station.kind.value, station.warning_level) == ("临时水尺 人民路", "river", 0.4)
