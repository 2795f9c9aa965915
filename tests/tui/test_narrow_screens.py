"""At 80x24, in both languages: every footer key shows whole (short labels, the rest in
the help), and the reports pane leaves columns out in its stated order so the location
reads in full."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from dutyroom.i18n import set_language
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.escalation_detail import EscalationScreen
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.services.escalation import EscalationService
from dutyroom.services.reports import Reports
from dutyroom.widgets.report_pane import ReportPane
from tests.conftest import wait_for


def footer_keys(app) -> list[FooterKey]:
    return [key for key in app.screen.query(FooterKey) if key.display]


async def assert_footer_whole(app, pilot) -> list[str]:
    await wait_for(lambda: footer_keys(app) and all(k.region.width for k in footer_keys(app)),
                   pilot=pilot)
    keys = footer_keys(app)
    assert len(keys) >= 4
    for key in keys:
        assert key.region.right <= app.size.width, key.description
        assert key.region.width >= len(key.key_display) + len(key.description), key.description
    return [key.description for key in keys]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_footers_and_reports_at_80x24(ctx, clock, app_for, lang):
    report = Reports(ctx).add(channel="phone", category="casualty", location="柳湾村 D 级危房",
                              text="危房倒塌 2 人被困", severity="II")
    clock.advance(minutes=16)
    EscalationService(ctx).evaluate_now()
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.pause()
        labels = await assert_footer_whole(app, pilot)
        assert ("交接" if lang == "zh" else "Handover") in labels  # h, whole

        await pilot.press("3")
        pane = app.screen.query_one(ReportPane)
        await wait_for(lambda: pane.table.row_count == 1, pilot=pilot)
        if lang == "en":  # "people trapped, injured or dead" and the rest do not fit: dropped
            await wait_for(lambda: "category" not in pane.shown_columns, pilot=pilot)
            assert pane.shown_columns == ["id", "left", "severity", "location"]
        await pilot.pause()
        row = dict(zip(pane.shown_columns, pane.table.get_row(str(report.id))))
        assert row["location"].plain == "柳湾村 D 级危房"
        assert pane.table.columns["location"].get_render_width(pane.table) >= 18
        assert ("II" if lang == "en" else "Ⅱ级") in row["severity"].plain
        assert sum(c.get_render_width(pane.table) for c in pane.table.columns.values()) <= 78

        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, ReportDetail), pilot=pilot)
        await pilot.pause()
        await assert_footer_whole(app, pilot)
        await pilot.press("escape")
        await pilot.press("2")
        await wait_for(lambda: app.screen.focused_pane().id == "escalation-pane", pilot=pilot)
        await pilot.press("enter")
        await wait_for(lambda: isinstance(app.screen, EscalationScreen), pilot=pilot)
        await pilot.pause()
        await assert_footer_whole(app, pilot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_handover_summaries_need_no_sideways_scrolling(ctx, app_for, lang):
    from dutyroom.screens.handover import HandoverScreen

    Reports(ctx).add(channel="phone", category="embankment", location="江北大堤 K3+200 段",
                     text="堤脚出现管涌 3 处,直径约 10 厘米,浑水,已组织 30 人抢险,请求增派砂石料",
                     severity="II")
    set_language(lang)
    app = app_for()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
        await pilot.press("h")
        await wait_for(lambda: isinstance(app.screen, HandoverScreen), pilot=pilot)
        table = app.screen.query_one("#handover-items")
        await wait_for(lambda: table.row_count >= 1, pilot=pilot)
        await pilot.pause()
        assert table.max_scroll_x == 0  # nothing to the right of the screen
        (summary,) = [row[-1].plain for row in (table.get_row_at(i) for i in range(table.row_count))
                      if "管涌" in row[-1].plain]
        assert summary.replace("\n", " ").replace(" ", "").startswith("江北大堤K3+200段·堤脚出现管涌")
        assert "\n" in summary  # wrapped within the column, onto more lines
