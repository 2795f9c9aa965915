"""Who else is working right now: a small pane fed by the presence heartbeats."""

from __future__ import annotations

import os
import signal
from typing import Any

import arrow
from rich.text import Text
from textual.app import App
from textual.widgets import Static

from dutyroom.i18n import catalog, t
from dutyroom.services.context import Context
from dutyroom.services.presence import Presence, Session, roster_name


def describe(session: Session, *, tz: str, own_key: str) -> Text:
    """One line: name, station, since when, what is open; outside text stays plain text."""
    line = Text()
    line.append("● ", style="green")
    line.append(session.name, style="bold")
    if session.roster_name and session.roster_name != session.operator:
        line.append(f" ({session.operator})", style="dim")
    if session.key == own_key:
        line.append(" " + t("presence.you"), style="dim")
    station = t("word.local") if session.station == "local" else session.station
    line.append(f"  {station}")
    try:
        since = arrow.get(session.started).to(tz).format("HH:mm")
        line.append("  " + t("presence.since", time=since), style="dim")
    except (arrow.parser.ParserError, ValueError, TypeError):
        pass
    if session.editing and ":" in session.editing:
        kind, _, rid = session.editing.partition(":")
        label = t(f"kind.{kind}") if f"kind.{kind}" in catalog() else kind
        line.append("  " + t("presence.editing", kind=label, id=rid), style="italic")
    return line


class PresencePane(Static):
    """Who is working now, as a strip above the quick-entry line: the count, then each
    session (this one marked). Refreshes every ``interval`` s from the heartbeats.

    At most three lines at full size, one line at 80x24 (class ``-compact``), so it never
    takes room from the panes. The app owns the :class:`Presence` (it beats even while a
    form is on top); the pane only reads. ``tz`` is the duty room's zone for "since".
    """

    DEFAULT_CSS = """
    PresencePane {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $boost;
    }
    PresencePane.-compact {
        max-height: 1;
    }
    """

    def __init__(self, presence: Presence, *, tz: str, interval: float = 2.0,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.presence = presence
        self.tz = tz
        self.interval = interval
        self.sessions: list[Session] = []
        self._drawn = False

    def on_mount(self) -> None:
        self.refresh_sessions()
        self.set_interval(self.interval, self.refresh_sessions)

    def refresh_sessions(self) -> None:
        sessions = self.presence.sessions()
        if sessions == self.sessions and self._drawn:
            return
        self.sessions, self._drawn = sessions, True
        own = self.presence.key
        others = [s for s in sessions if s.key != own]
        self.border_title = t("presence.title", count=len(sessions))
        body = Text(overflow="ellipsis")
        body.append(self.border_title + ": ", style="bold")
        for index, session in enumerate(sorted(sessions, key=lambda s: s.key != own)):
            if index:
                body.append("  │  ", style="dim")
            body.append_text(describe(session, tz=self.tz, own_key=own))
        if not others:
            body.append("  " + t("presence.nobody"), style="dim")
        self.update(body)


def start_presence(app: App[Any], ctx: Context, *, hangup: bool = True) -> Presence:
    """Start this session's heartbeat (the app calls it once, on mount).

    Beats every ``[presence] interval`` seconds from an app-level timer, so it goes on
    while a form or another screen is on top. ``hangup`` also removes the file when a
    dropped link sends SIGHUP (the process then dies of SIGHUP as before; without this
    the others still drop it at once, seeing its process gone). The caller removes the
    file on a clean exit with ``presence.leave()``.
    """
    presence = Presence(ctx.store.root, operator=ctx.login, station=ctx.station,
                        now=ctx.clock.now, roster_name=roster_name(ctx.store, ctx.login),
                        options=ctx.settings.section("presence"))

    def beat() -> None:
        presence.roster_name = roster_name(ctx.store, ctx.login)
        presence.beat()

    presence.beat()
    app.set_interval(presence.interval, beat, name="presence-heartbeat")
    if hangup:
        leave_on_hangup(presence)
    return presence


def leave_on_hangup(presence: Presence) -> None:
    """On SIGHUP remove the heartbeat, run any handler installed before, then die of SIGHUP."""
    try:
        previous = signal.getsignal(signal.SIGHUP)
    except (ValueError, AttributeError):
        return

    def on_hangup(signum: int, frame: Any) -> None:
        presence.leave()
        if callable(previous):
            previous(signum, frame)
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGHUP)

    try:
        signal.signal(signal.SIGHUP, on_hangup)
    except ValueError:  # not the main thread (tests driving the app from a worker thread)
        pass
