"""No internal code reaches an officer: not on a screen, not in CLI text, not on paper.

A populated day (the demo) is shown through the main screens and printed through the CLI
in both languages; nothing may contain an enumeration code (``deadline_missed``), a
``kind:id`` pair (``report:9``) or an ``a:b`` code pair (``rainstorm:orange``).
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import arrow
import pytest
from textual.widgets import DataTable, Static

from dutyroom.i18n import set_language
from dutyroom.model.codes import Code
from dutyroom.screens.bulletin import BulletinScreen
from dutyroom.screens.dashboard import DashboardScreen
from dutyroom.screens.handover import HandoverScreen
from dutyroom.screens.record_detail import RecordDetailScreen
from dutyroom.screens.report_detail import ReportDetail
from dutyroom.screens.ticket_detail import TicketDetail
from dutyroom.screens.upward import UpwardScreen
from dutyroom.services.demo import fill_demo
from dutyroom.widgets.pane import TablePane
from tests.conftest import TZ, run_cli, wait_for


def _codes() -> list[str]:
    import dutyroom.model as model

    for info in pkgutil.iter_modules(model.__path__):
        importlib.import_module(f"dutyroom.model.{info.name}")

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return sorted({m.value for c in subclasses(Code) for m in c if "_" in m.value}, key=len, reverse=True)


RAW = re.compile(r"\b(?:%s)\b|\b(?:report|ticket|keypoint|escalation|instruction|patrol|log|unit|deployment"
                 r"|deed|handover|shift):\d+|\b[a-z]+:[a-z]+\b" % "|".join(map(re.escape, _codes())))


def raw_codes(text: str) -> list[str]:
    return sorted({m.group(0) for m in RAW.finditer(text)})


def screen_text(app) -> str:
    """Everything the screen holds: every table cell and column, every static text, titles."""
    parts = []
    for widget in app.screen.query("*"):
        if isinstance(widget, DataTable):
            parts += [str(c.label) for c in widget.columns.values()]
            for row in range(widget.row_count):
                parts += [getattr(c, "plain", str(c)) for c in widget.get_row_at(row)]
        elif isinstance(widget, Static):
            rendered = widget.render()
            parts.append(getattr(rendered, "plain", str(rendered)))
        for title in (widget.border_title, widget.border_subtitle):
            if title:
                parts.append(str(title))
    return "\n".join(parts)


@pytest.fixture
def demo_day(ctx):
    fill_demo(ctx)
    return ctx


def test_the_pattern_catches_what_the_issue_saw():
    seen = "patrol_overdue → keypoint:9 · deadline_missed → report:9 · 生效预警: rainstorm:orange · (report:66)"
    assert raw_codes(seen) == ["deadline_missed", "keypoint:9", "patrol_overdue", "rainstorm:orange",
                               "report:66", "report:9"]
    assert raw_codes("type: geological_point") == ["geological_point"]
    assert raw_codes("12:30 报告 #9 ticket #9 Ⅲ级") == []


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_main_screens_show_no_code(demo_day, app_for, lang):
    set_language(lang)
    ctx = demo_day
    app = app_for()
    seen: dict[str, list[str]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        await wait_for(lambda: all(p._rows for p in screen.query(TablePane) if p.id in
                                   ("log-pane", "report-pane", "escalation-pane")), pilot=pilot)
        for pane in screen.query(TablePane):
            cells = " ".join(c.plain for r in pane._rows.values() for c in r.cells)
            seen[f"pane {pane.id}"] = raw_codes(cells + " " + str(pane.border_title or ""))
        seen["dashboard"] = raw_codes(screen_text(app))
        reports = [r["id"] for r in ctx.store.open_records("report")][:3]
        tickets = [r["id"] for r in ctx.store.open_records("ticket")][:3]
        views = [ReportDetail(ctx, rid) for rid in reports] + [TicketDetail(ctx, tid) for tid in tickets]
        keypoint = ctx.store.all("keypoint")[0]
        views.append(RecordDetailScreen(ctx, "keypoint", keypoint))
        views += [HandoverScreen(ctx), BulletinScreen(ctx), UpwardScreen(ctx)]
        for view in views:
            app.push_screen(view)
            await wait_for(lambda: app.screen is view, pilot=pilot)
            await pilot.pause()
            if isinstance(view, HandoverScreen):
                await wait_for(lambda: view.handover is not None, pilot=pilot)
            await pilot.pause(0.3)
            seen[type(view).__name__ + str(id(view))] = raw_codes(screen_text(app))
            app.pop_screen()
            await wait_for(lambda: isinstance(app.screen, DashboardScreen), pilot=pilot)
    assert {k: v for k, v in seen.items() if v} == {}


CLI_TEXT = [("log", "list"), ("escalations",), ("handover", "show"), ("handover", "show", "--shift", "last"),
            ("report", "list"), ("ticket", "list"), ("status", "show"), ("instruction", "list"),
            ("keypoint", "list"), ("unit", "list"), ("shift", "current"),
            ("handover", "print", "--shift", "last", "--format", "txt", "-o", "-"),
            ("log", "print", "--format", "txt", "-o", "-"),
            ("bulletin", "--format", "txt", "-o", "-")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_text_and_printouts_show_no_code(db, lang):
    assert run_cli(db, "demo").returncode == 0  # on the wall clock, as the CLI reads it
    today = arrow.now(TZ).format("YYYY-MM-DD")
    found = {}
    for args in [*CLI_TEXT, ("party-report", "--from", today, "--to", today, "--format", "txt", "-o", "-")]:
        done = run_cli(db, *args, DUTYROOM_LANG=lang)
        assert done.returncode == 0, (args, done.stderr)
        found[" ".join(args)] = raw_codes(done.stdout)
    assert {k: v for k, v in found.items() if v} == {}
