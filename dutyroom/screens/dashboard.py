"""The main screen: header, titled live panes, the quick-entry line, the footer.

At 100x30 and up the panes sit side by side; smaller (80x24) they become tabs:
one pane at a time with a tab strip, ``tab`` / ``shift+tab`` switch. The same
widgets serve both layouts (only classes change), so nothing is recomposed and
cursors survive a resize.

Hooks for screens other features provide (looked up on use, so a feature not
merged yet gives a clear notice, never a crash): ``r`` →
``dutyroom.screens.report_form.ReportForm``, ``t`` →
``dutyroom.screens.ticket_form.TicketForm``, ``h`` →
``dutyroom.screens.handover.HandoverScreen``; each is built as ``Cls(ctx)``.
"""

from __future__ import annotations

import importlib
from typing import Any

import arrow
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Footer

from dutyroom.actions import bindings, help_first, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.screens.callout_actions import CalloutActions
from dutyroom.screens.duty_actions import DutyActions
from dutyroom.screens.water_actions import WaterActions
from dutyroom.screens.post_actions import PostActions
from dutyroom.screens.review_actions import ReviewActions
from dutyroom.services.context import Context
from dutyroom.widgets.deployment_pane import DeploymentPane
from dutyroom.widgets.escalation_pane import EscalationPane
from dutyroom.widgets.fit_footer import FitFooter
from dutyroom.widgets.header import DutyHeader
from dutyroom.widgets.log_pane import LogPane
from dutyroom.screens.side_layout import FRAME, PaneNeed, allocate
from dutyroom.widgets.pane import Pane, PaneFilter, TablePane
from dutyroom.widgets.pane_tabs import PaneTabs
from dutyroom.widgets.presence_pane import PresencePane
from dutyroom.widgets.quick_entry import QuickEntry
from dutyroom.widgets.report_chart import ReportChart
from dutyroom.widgets.report_pane import ReportPane
from dutyroom.widgets.shift_pane import ShiftPane
from dutyroom.widgets.station_pane import StationPane
from dutyroom.widgets.ticket_pane import TicketPane

COMPACT_WIDTH = 100
COMPACT_HEIGHT = 30

HOOKS = {
    "new_report": ("dutyroom.screens.report_form", "ReportForm", "feature.reports"),
    "new_ticket": ("dutyroom.screens.ticket_form", "TicketForm", "feature.tickets"),
    "handover": ("dutyroom.screens.handover", "HandoverScreen", "feature.handover"),
}

SIDE_URGENT = ("escalation-pane", "report-pane", "ticket-pane")
"""Side panes that get their rows first; then the chart and the teams (``side_layout``)."""
SIDE_OPTIONAL = ("chart-pane", "deployment-pane")
CHART_ROWS = 10

PANE_ORDER = ("log-pane", "escalation-pane", "report-pane", "ticket-pane", "shift-pane",
              "chart-pane", "deployment-pane", "station-pane")
MAIN_PANES = {"shift-pane", "station-pane", "log-pane"}
"""The panes of the main column (left in the wide layout)."""


class DashboardScreen(DutyActions, WaterActions, CalloutActions, PostActions, ReviewActions, Screen[None]):
    BINDINGS = [help_first()] + bindings("dashboard")
    ACTION_GROUP = "dashboard"
    AUTO_FOCUS = "#log-pane PaneTable"
    """What Textual focuses when the screen starts (or comes back with nothing focused):
    the duty log. Left to the default (the first focusable widget) it raced a deferred
    focus call of ours: the dashboard sometimes opened on the shift pane (at 80x24 on the
    shift tab), and a deferred call could take the focus from a line being typed."""

    def __init__(self, ctx: Context, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.active_pane = "log-pane"
        self._side_rows: dict[str, int | None] = {}

    def compose(self) -> ComposeResult:
        yield DutyHeader(self.ctx, id="header")
        yield PaneTabs(id="pane-tabs")
        with Horizontal(id="body"):
            with Vertical(id="col-main"):
                yield ShiftPane(self.ctx, id="shift-pane")
                yield StationPane(self.ctx, id="station-pane")
                yield LogPane(self.ctx, id="log-pane")
            with Vertical(id="col-side"):
                yield EscalationPane(self.ctx, id="escalation-pane")
                yield ReportPane(self.ctx, id="report-pane")
                yield TicketPane(self.ctx, id="ticket-pane")
                yield ReportChart(self.ctx, id="chart-pane")
                yield DeploymentPane(self.ctx, id="deployment-pane")
        presence = getattr(self.app, "presence", None)
        if presence is not None:
            yield PresencePane(presence, tz=self.ctx.tz, id="presence-pane")
        quick = QuickEntry(self.ctx, id="quick-entry")
        quick.display = False
        yield quick
        yield FitFooter(follow_width=False)

    def on_mount(self) -> None:
        self.apply_layout()  # the duty log is focused by AUTO_FOCUS, at once, as Textual composes

    # -- layout
    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    def on_resize(self) -> None:
        self.apply_layout()

    def apply_layout(self) -> None:
        width, height = self.app.size
        compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        self.query_one(DutyHeader).set_class(compact, "-compact")
        for strip in self.query(PresencePane):
            strip.set_class(compact, "-compact")
        self.query_one(DutyHeader).tick(self.ctx.now())
        footer = self.query_one(Footer)
        if footer.compact != compact:  # each change rebuilds the footer's keys: only on a real change
            footer.compact = compact  # more keys fit at 80 columns; ? lists them all
            footer.show_command_palette = not compact
        for pane in self.panes():
            pane.set_class(pane.id == self.active_pane, "-active")
        self.fit_side()
        self.fit_station_pane(compact)
        self.query_one("#col-main").set_class(compact and self.active_pane not in MAIN_PANES, "-hidden")
        self.query_one("#col-side").set_class(compact and self.active_pane in MAIN_PANES, "-hidden")
        self.render_tabs()

    def fit_side(self) -> None:
        """Rows of the side column by urgency (``side_layout``); the tabs (80x24) need none."""
        panes = {pane_id: self.pane(pane_id) for pane_id in SIDE_URGENT + SIDE_OPTIONAL}
        height = self.query_one("#col-side").size.height
        if self.compact or not height:
            rows: dict[str, int | None] = {pane_id: None for pane_id in panes}
        else:
            def need(pane_id: str) -> int:
                pane = panes[pane_id]
                return (pane.table.row_count if isinstance(pane, TablePane) else 0) + FRAME

            teams = need("deployment-pane") - FRAME
            rows = dict(allocate(height, [PaneNeed(p, need(p), FRAME + 1) for p in SIDE_URGENT],
                                 [PaneNeed("chart-pane", CHART_ROWS, CHART_ROWS - 3),
                                  PaneNeed("deployment-pane", need("deployment-pane"),
                                           FRAME + 1 if teams else FRAME)],
                                 keep=self.active_pane))
        if rows == self._side_rows:
            return
        self._side_rows = rows
        for pane_id, n in rows.items():
            pane = panes[pane_id]
            pane.set_class(n == 0, "-squeezed")
            pane.styles.height = n or None

    def render_tabs(self) -> None:
        """The tab strip (80x24), with the count of active escalations in the alert colour."""
        strip = self.query_one("#pane-tabs", PaneTabs)
        width = self.app.size.width - strip.styles.gutter.width  # the strip's own padding
        tabs = [(pane_id, self.pane(pane_id).title, t("tab." + pane_id)) for pane_id in PANE_ORDER]
        active = self.query_one(EscalationPane).active_count()
        counts = {PANE_ORDER.index("escalation-pane"): active} if active else {}
        strip.show(tabs, PANE_ORDER.index(self.active_pane), counts, width)

    def panes(self) -> list[Pane]:
        return [self.query_one(f"#{pane_id}", Pane) for pane_id in PANE_ORDER]

    def pane(self, pane_id: str) -> Pane:
        return self.query_one(f"#{pane_id}", Pane)

    def focused_pane(self) -> Pane:
        node = self.focused
        while node is not None:
            if isinstance(node, Pane):
                return node
            node = node.parent
        return self.pane(self.active_pane)

    def focus_pane(self, pane_id: str) -> None:
        self.active_pane = pane_id
        self.apply_layout()
        pane = self.pane(pane_id)
        self.call_after_refresh(lambda: pane.focus_target().focus())

    def on_descendant_focus(self, event: Any) -> None:
        pane = self.focused_pane()
        if pane.id and pane.id != self.active_pane and pane.id in PANE_ORDER:
            self.active_pane = pane.id
            self.apply_layout()

    def on_escalation_pane_open_escalation(self, message: EscalationPane.OpenEscalation) -> None:
        opener = getattr(self.app, "open_record", None)
        if opener is not None:
            opener("escalation", message.escalation.id or 0)

    # -- live data
    def on_data_changed(self, message: DataChanged) -> None:
        if not self.is_mounted:
            return
        if message.kinds() & DutyHeader.RELOAD_KINDS:
            self.query_one(DutyHeader).reload_status()
        if message.restarted or "callout" in message.kinds():
            self.query_one(DutyHeader).reload_callouts()
        for pane in self.panes():
            try:
                if message.restarted:
                    pane.refresh_data(None)
                elif not pane.apply_changes(message):
                    pane.refresh_data(message.changes)
            except DomainError as error:  # a corrupt file: say so, keep running
                self.notify(explain(error), severity="error", markup=False)
        self.render_tabs()
        self.fit_side()
        self.fit_station_pane(self.compact)

    def tick(self, now: arrow.Arrow) -> None:
        if not self.is_mounted:  # the app ticks before this screen is composed and after it goes
            return
        try:
            header = self.query_one(DutyHeader)
            panes = self.panes()
        except NoMatches:
            return
        header.tick(now)
        for pane in panes:
            pane.tick(now)
        self.fit_side()  # the column's height changes with the banner, the quick-entry line

    # -- actions
    def action_next_pane(self, step: int = 1) -> None:
        current = self.focused_pane().id or self.active_pane
        index = PANE_ORDER.index(current) if current in PANE_ORDER else 0
        self.focus_pane(PANE_ORDER[(index + step) % len(PANE_ORDER)])

    def action_previous_pane(self) -> None:
        self.action_next_pane(-1)

    def action_show_pane(self, number: int) -> None:
        """Keys 1–8: the pane with that number on the tab strip."""
        if 1 <= number <= len(PANE_ORDER):
            self.focus_pane(PANE_ORDER[number - 1])

    def action_new_log(self) -> None:
        from dutyroom.screens.forms.log_entry import LogEntryForm

        self.app.push_screen(LogEntryForm(self.ctx), self._saved)

    def action_amend_log(self) -> None:
        log_pane = self.query_one(LogPane)
        view = log_pane.selected_view()
        if view is None:
            self.notify(t("dashboard.select_log_first"), severity="warning", markup=False)
            return
        from dutyroom.screens.forms.log_entry import AmendForm

        self.app.push_screen(AmendForm(self.ctx, entry_id=view.entry.id or 0), self._saved)

    def action_filter_pane(self) -> None:
        from dutyroom.screens.forms.filter import FilterForm

        pane = self.focused_pane()

        def done(result: Any) -> None:
            if result is not None:
                pane.apply_filter(result)

        self.app.push_screen(FilterForm(self.ctx, pane.filter_kinds(), pane.pane_filter,
                                        pane_title=pane.title), done)

    def action_clear_filter(self) -> None:
        pane = self.focused_pane()
        if pane.pane_filter.active:
            pane.apply_filter(PaneFilter())

    def action_open_selected(self) -> None:
        self.focused_pane().open_selected()

    def action_quick_entry(self) -> None:
        self.query_one(QuickEntry).open()

    def action_set_status(self) -> None:
        from dutyroom.screens.forms.status import StatusForm

        def saved(change: Any) -> None:
            self._saved(change)
            self.offer_callout(change)  # a warning issued: its call-out (预警叫应)

        self.app.push_screen(StatusForm(self.ctx), saved)

    def action_older_page(self) -> None:
        self.query_one(LogPane).change_page(1)

    def action_newer_page(self) -> None:
        self.query_one(LogPane).change_page(-1)

    def action_new_report(self) -> None:
        self.open_hook("new_report")

    def action_new_ticket(self) -> None:
        self.open_hook("new_ticket")

    def action_upward(self) -> None:
        from dutyroom.screens.upward import UpwardScreen

        self.app.push_screen(UpwardScreen(self.ctx))

    def action_handover(self) -> None:
        self.open_hook("handover")

    def open_hook(self, name: str) -> None:
        module_name, class_name, feature = HOOKS[name]
        try:
            module = importlib.import_module(module_name)
            screen_class = getattr(module, class_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                self.notify(t("dashboard.not_available", feature=t(feature)), severity="warning", markup=False)
                return
            raise
        except AttributeError:
            self.notify(t("dashboard.not_available", feature=t(feature)), severity="warning", markup=False)
            return
        try:
            screen = screen_class(self.ctx)
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        self.app.push_screen(screen, self._saved)

    def _saved(self, result: Any) -> None:
        if result is not None:
            refresh = getattr(self.app, "refresh_now", None)
            if refresh:
                refresh()

    def unsaved_input(self) -> bool:
        quick = self.query_one(QuickEntry)
        return bool(quick.input.value.strip())
