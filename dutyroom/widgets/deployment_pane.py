"""Teams currently deployed (在一线的队伍), for the dashboard.

Reads only open.json (deployments still out), so it stays cheap all season; the
"out for" column counts up with the app's clock.
"""

from __future__ import annotations

from typing import Any

import arrow

from rich.text import Text

from dutyroom.i18n import t
from dutyroom.messages import OpenRecord
from dutyroom.model.deployment import Deployment
from dutyroom.services.deployments import Deployments
from dutyroom.services.pioneer_posts import deployment_extra
from dutyroom.widgets.pane import Row, TablePane, cell


def _out_for(since: arrow.Arrow, now: arrow.Arrow) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


class DeploymentPane(TablePane):
    TITLE_KEY = "upward.pane.title"
    KINDS = frozenset({"deployment", "unit", "keypoint"})
    LIVE = True
    COLUMNS = [("id", "upward.pane.id"), ("team", "upward.col.team"),
               ("people", "upward.pane.people"), ("out", "upward.pane.out_for"),
               ("task", "upward.col.task"), ("target", "upward.pane.target"),
               ("since", "upward.pane.since")]
    LIVE_COLUMNS = ("out",)

    def __init__(self, ctx: Any, **kwargs: Any) -> None:
        super().__init__(ctx, **kwargs)
        self.service = Deployments(ctx)
        self._targets: dict[int, str] = {}

    def load(self) -> list[Deployment]:
        rows = self.service.current()
        self._targets = {d.id or 0: " · ".join(x for x in (self.service.target_label(d),
                                                          deployment_extra(self.ctx, d)) if x)
                         for d in rows}
        return rows

    def row(self, d: Deployment, now: arrow.Arrow) -> Row:
        target = self._targets.get(d.id or 0, "")
        cells = (cell(f"#{d.id}"), cell(d.team), cell(f"{d.people}/{d.party_members}"),
                 cell(_out_for(d.started_at, now)), cell(t(d.task.label_key)), cell(target),
                 cell(self.ctx.local(d.started_at).format("MM-DD HH:mm")))
        return Row(key=str(d.id), cells=cells, search=f"{d.team} {target} {d.text}",
                   kind=d.task.value, at=d.started_at)

    def live_cells(self, d: Deployment, now: arrow.Arrow) -> tuple[Text, ...]:
        return (cell(_out_for(d.started_at, now)),)

    def open_selected(self) -> None:
        """Enter: bring the selected team back (a form with evacuated and rescued)."""
        deployment_id = self.selected_id()
        if deployment_id is None:
            super().open_selected()
            return
        self.post_message(OpenRecord("deployment", deployment_id, purpose="release"))

    def filter_kinds(self) -> list[tuple[str, str]]:
        from dutyroom.model.deployment import TaskCode

        return [(t(code.label_key), code.value) for code in TaskCode]

    def summary(self) -> str:
        rows: list[Deployment] = self.records
        return t("upward.pane.summary", teams=len(rows), people=sum(d.people for d in rows),
                 party=sum(d.party_members for d in rows))

    def _after_show(self, rows: list[Row]) -> None:
        super()._after_show(rows)
        if self.records:
            self.set_title(f"{self.title} — {self.summary()}")
