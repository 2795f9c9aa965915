"""Rows for the dashboard's side column, most urgent first.

Escalations, reports and tickets get the rows their records need before the chart and
the teams pane get any; those two shrink, then hide, when the column is short. When
everything fits, what is left goes to the urgent panes (room for what comes next).
Plain arithmetic, no Textual: the dashboard applies the result.
"""

from __future__ import annotations

from dataclasses import dataclass

FRAME = 3
"""A table pane's rows besides its records: the border (2) and the column headings (1)."""


@dataclass(frozen=True)
class PaneNeed:
    pane_id: str
    need: int
    """Rows to show everything it holds."""
    least: int
    """Fewer rows than this and it is better hidden."""


def share(total: int, needs: list[int]) -> list[int]:
    """Split ``total`` rows so that no pane gets more than it needs and the smallest needs are
    met first (water-filling); leftover rows stay unassigned."""
    out = [0] * len(needs)
    left = total
    order = sorted(range(len(needs)), key=lambda i: needs[i])
    for rank, index in enumerate(order):
        fair = left // (len(needs) - rank)
        out[index] = min(needs[index], fair)
        left -= out[index]
    return out


def allocate(height: int, urgent: list[PaneNeed], optional: list[PaneNeed],
             keep: str = "") -> dict[str, int]:
    """Rows per pane id (0: hide it). ``keep`` is a pane that must show (it has the focus)."""
    rows: dict[str, int] = {}
    reserved = next((p for p in optional if p.pane_id == keep), None)
    budget = height - (reserved.least if reserved else 0)
    floor = [min(p.least, max(1, budget // max(1, len(urgent)))) for p in urgent]
    base = share(budget, [max(f, p.need) for f, p in zip(floor, urgent)])
    left = budget - sum(base)
    for pane in optional:
        extra = pane.least if pane is reserved else 0
        if pane is not reserved and left < pane.least:
            rows[pane.pane_id] = 0
            continue
        given = min(pane.need, left + extra)
        rows[pane.pane_id] = max(given, extra)
        left -= rows[pane.pane_id] - extra
    for index in range(left):  # nothing else wants them: room in the urgent panes
        base[index % len(base)] += 1
    rows.update({p.pane_id: n for p, n in zip(urgent, base)})
    return rows
