"""The side column gives rows to escalations, reports and tickets before the chart and teams."""

from dutyroom.screens.side_layout import PaneNeed, allocate


def urgent(esc: int, rep: int, tick: int) -> list[PaneNeed]:
    return [PaneNeed("escalation-pane", esc + 3, 4), PaneNeed("report-pane", rep + 3, 4),
            PaneNeed("ticket-pane", tick + 3, 4)]


def optional(teams: int = 0) -> list[PaneNeed]:
    return [PaneNeed("chart-pane", 10, 7), PaneNeed("deployment-pane", teams + 3, 4 if teams else 3)]


def test_at_120x40_the_demo_day_shows_every_escalation_report_and_ticket():
    # 36 rows of side column; 7 escalations, 17 reports, 3 tickets: the chart and teams go
    rows = allocate(36, urgent(7, 17, 3), optional())
    assert rows["escalation-pane"] == 10 and rows["ticket-pane"] == 6
    assert rows["report-pane"] == 20 and rows["chart-pane"] == 0 and rows["deployment-pane"] == 0
    assert sum(rows.values()) == 36


def test_at_100x30_rows_are_shared_and_small_needs_met_first():
    rows = allocate(26, urgent(7, 17, 3), optional())
    assert rows["ticket-pane"] == 6  # all three tickets
    assert rows["escalation-pane"] >= 10 - 2 and rows["report-pane"] >= 8
    assert rows["chart-pane"] == 0 and sum(rows.values()) == 26


def test_a_quiet_day_leaves_room_for_the_chart_then_the_teams():
    rows = allocate(36, urgent(1, 2, 0), optional(teams=2))
    assert rows["chart-pane"] == 10 and rows["deployment-pane"] == 5
    assert sum(rows.values()) == 36
    assert min(rows["escalation-pane"], rows["report-pane"], rows["ticket-pane"]) >= 4


def test_the_focused_optional_pane_always_shows():
    rows = allocate(26, urgent(7, 17, 3), optional(), keep="chart-pane")
    assert rows["chart-pane"] == 7 and sum(rows.values()) == 26
