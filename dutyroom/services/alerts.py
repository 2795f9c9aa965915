"""What must reach the officer on whatever screen they are: new escalations, new grave
reports, an integrity alarm.

The app feeds :class:`AlertWatch` every change list its journal watcher sees (commits by
this session and by any other process alike) and keeps what it finds on an
:class:`AlertBoard` until the officer opens or dismisses it. Alerts hold codes and ids
only; their one line of text is written when shown, in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from dutyroom.i18n import t
from dutyroom.model.escalation import Escalation, EscalationState
from dutyroom.services.escalation_view import GRAVE_SEVERITIES, escalation_line, report_line

BELL_LEVEL = 2
"""An escalation at this level or above rings the bell (``[escalation] bell``); level 1 only shows."""


@dataclass(frozen=True)
class Alert:
    """One thing to announce. ``kind`` is ``escalation``, ``report`` or ``integrity``;
    ``record_id`` the record to open (0 for the integrity alarm); ``detail`` what the
    integrity check said (already in words: it comes from the store's own message)."""

    kind: str
    record_id: int = 0
    level: int = 0
    detail: str = ""
    grave: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.record_id}"

    @property
    def rank(self) -> int:
        """Which shows first: the integrity alarm, then grave escalations, grave reports,
        then the rest (newest first within a rank)."""
        if self.kind == "integrity":
            return 0
        if self.grave:
            return 1 if self.kind == "escalation" else 2
        return 3


def alert_line(ctx: Any, alert: Alert) -> str:
    """The banner's text for ``alert``, looked up now (the subject may have been renamed)."""
    if alert.kind == "escalation":
        data = ctx.store.get("escalation", alert.record_id)
        if data is not None:
            return escalation_line(ctx, Escalation.from_dict(data))
        return t("kind.escalation") + f" #{alert.record_id}"
    if alert.kind == "report":
        return report_line(ctx, alert.record_id)
    return t("alert.integrity", detail=alert.detail) if alert.detail else t("alert.integrity_plain")


@dataclass
class AlertBoard:
    """The alerts not yet opened or dismissed, newest first (one per record)."""

    alerts: list[Alert] = field(default_factory=list)

    def add(self, alert: Alert) -> None:
        """On top of its rank (a level-1 escalation never hides a grave report)."""
        self.alerts = sorted([alert] + [a for a in self.alerts if a.key != alert.key],
                             key=lambda a: a.rank)

    def remove(self, kind: str, record_id: int = 0) -> bool:
        before = len(self.alerts)
        self.alerts = [a for a in self.alerts if a.key != f"{kind}:{record_id}"]
        return len(self.alerts) != before

    @property
    def current(self) -> Alert | None:
        return self.alerts[0] if self.alerts else None

    def __len__(self) -> int:
        return len(self.alerts)


class AlertWatch:
    """Finds, in change lists, what is new since the session started.

    ``prime()`` notes what is there already (never announced: the panes show it);
    ``detect(changes)`` returns new escalations and escalations that climbed, and report
    chains that arrived at (or were raised to) severity I or II. ``settled(changes)``
    lists the alerts that no longer stand (acknowledged, snoozed, cleared, closed).
    """

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.levels: dict[int, int] = {}
        self.severities: dict[int, str] = {}

    def prime(self) -> None:
        for data in self.ctx.store.open_records("escalation"):
            self.levels[int(data["id"])] = int(data.get("level") or 0)
        for data in self.ctx.store.open_records("report"):
            self.severities[int(data["id"])] = str(data.get("severity") or "unknown")

    def detect(self, changes: Sequence[Any]) -> tuple[list[Alert], list[tuple[str, int]]]:
        """(new alerts, (kind, id) of alerts to withdraw) for one batch of changes."""
        fresh: list[Alert] = []
        gone: list[tuple[str, int]] = []
        seen: set[tuple[str, int]] = set()
        for change in changes:
            for kind, record_id, _op in change.records:
                if (kind, record_id) in seen or kind not in ("escalation", "report"):
                    continue
                seen.add((kind, record_id))
                data = self.ctx.store.get(kind, record_id)
                if data is None:
                    continue
                if kind == "escalation":
                    self._escalation(data, fresh, gone)
                else:
                    self._report(data, fresh, gone)
        return fresh, gone

    def _escalation(self, data: dict[str, Any], fresh: list[Alert], gone: list[tuple[str, int]]) -> None:
        esc_id, level = int(data["id"]), int(data.get("level") or 0)
        before = self.levels.get(esc_id, 0)
        self.levels[esc_id] = level
        if not data.get("open", True) or data.get("state") != EscalationState.ACTIVE.value:
            gone.append(("escalation", esc_id))
        elif level > before:
            fresh.append(Alert("escalation", esc_id, level=level, grave=level >= BELL_LEVEL))

    def _report(self, data: dict[str, Any], fresh: list[Alert], gone: list[tuple[str, int]]) -> None:
        """Every session announces it, the one that took the call too: sessions of one OS
        account on one host cannot be told apart in the journal (same operator, station
        "local"), and a colleague's report must never be taken for one's own."""
        if data.get("stage", "first") != "first":  # a follow-up: its chain's head carries the severity
            return
        report_id, severity = int(data["id"]), str(data.get("severity") or "unknown")
        before = self.severities.get(report_id, "unknown")
        self.severities[report_id] = severity
        if not data.get("open") or data.get("status", "open") != "open":
            gone.append(("report", report_id))
        elif severity in GRAVE_SEVERITIES and (
                before not in GRAVE_SEVERITIES
                or GRAVE_SEVERITIES.index(severity) < GRAVE_SEVERITIES.index(before)):
            fresh.append(Alert("report", report_id, grave=True))
