"""What a dashboard shows, pane by pane, to compare a live board with its replay (issue #16)."""

from __future__ import annotations

from typing import Any


def board(app: Any) -> dict[str, list[str]]:
    """Every table pane's rows as shown (cells as plain text), and the header line."""
    from dutyroom.widgets.header import DutyHeader
    from dutyroom.widgets.pane_table import PaneTable

    screen = app.screen_stack[0]
    out = {"header": [screen.query_one(DutyHeader).render_text(app.ctx.now()).plain]}
    for table in screen.query(PaneTable):
        owner = table.parent
        while owner is not None and not owner.id:
            owner = owner.parent
        rows = [" | ".join(str(getattr(c, "plain", c)) for c in table.get_row_at(i))
                for i in range(table.row_count)]
        out[owner.id if owner is not None else "?"] = rows
    return out


async def after_first_look(app: Any, pilot: Any) -> None:
    """A live dashboard as an officer sees it once the app's escalation engine has looked at
    the moment (the second's tick, run now rather than on the timer) and what it wrote has
    reached the panes (not left to the journal watcher)."""
    await pilot.pause()
    app._tick()  # noqa: SLF001
    await pilot.pause()
    app.refresh_now()
    await pilot.pause()
