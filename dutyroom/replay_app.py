"""``dutyroom --replay TIME``: the dashboard as it stood at TIME, read-only (复盘).

The app is the ordinary :class:`~dutyroom.app.DutyRoomApp` over a
:class:`~dutyroom.services.replay.ReplaySession`'s context: the store stands at the
replayed moment and the clock is stopped there, so every pane, detail screen and
countdown shows what it showed then. Differences from the live app:

- a banner "复盘 REPLAY 02:40 · read-only" on every screen, with the journal line and the
  playing speed;
- every action that would write is refused with a notice before it opens anything (and
  the store refuses any write that got past that); nothing watches the journal, nothing
  announces a session, no drafts or demo are offered, the escalation engine does not run;
- ``[``/``]`` the previous/next journal event, ``{``/``}`` an hour, ``space`` plays forward
  at the speed ``x`` chooses (1x, 60x, 600x), ``g`` jumps to a time: over every screen's
  own use of these keys.
"""

from __future__ import annotations

import gc
from typing import Any

import arrow
from textual.screen import Screen
from textual.widgets import Input, TextArea

from dutyroom.actions import bindings
from dutyroom.app import DutyRoomApp
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.services.replay import ReplaySession, integrity_line
from dutyroom.widgets.replay_banner import ReplayBanner

PREPARE_LINES = 300
"""Journal lines applied per idle moment ahead of a step back across a snapshot (a few ms)."""

SPEEDS = (1, 60, 600)
"""Seconds of the duty room per second of replay."""

WRITES = frozenset({
    "new_log", "new_report", "new_ticket", "amend_log", "quick_entry", "set_status", "sign_on",
    "sign_off", "acknowledge", "acknowledge_all", "snooze", "sign_incoming", "sign_outgoing",
    "sign_leader", "override", "notes", "follow_up", "final", "forward", "verify", "severity",
    "instruction", "feedback", "merge", "ticket", "correct", "dispatch", "status", "update",
    "deploy", "new_deed", "toggle_mark", "draft", "approve", "issue", "new", "end",
})
"""Action names of the catalog (``dutyroom/actions.py``) that change the record."""


class ReplayApp(DutyRoomApp):
    BINDINGS = bindings("replay")
    replaying = True
    """The help screen lists the replay keys (only here)."""

    def __init__(self, session: ReplaySession, **kwargs: Any) -> None:
        kwargs.setdefault("offer_demo", False)
        kwargs.setdefault("offer_drafts", False)
        kwargs.setdefault("ask_identity", False)
        super().__init__(session.ctx, **kwargs)
        self.session = session
        self.speed = SPEEDS[0]
        self.playing = False
        self._check: dict[str, Any] | None = None
        """The hash-chain check of the span read (made once the app runs); a break stays on the banner."""
        self._preparing = False
        self._ticked: tuple[Any, ...] = ()
        """The moment and the screens of the last tick (a stopped clock needs no second one)."""
        self.end = session.live.now()
        """Play stops here: the moment the replay was opened (nothing later is recorded)."""

    def get_default_screen(self) -> Screen[Any]:
        from dutyroom.screens.dashboard import DashboardScreen

        return DashboardScreen(self.ctx)

    def _offers(self) -> None:
        """After the app's own mount (keymap, clock): the banner, and the chain's state said."""
        self.screen_change_signal.subscribe(self, lambda _screen: self.call_after_refresh(self.show_banner))
        gc.freeze()  # the season just loaded lives as long as the app: full collections skip it
        check = self._check = self.session.integrity()
        self.show_banner()
        self.notify(integrity_line(check), severity="information" if check["intact"] else "error",
                    timeout=20 if check["intact"] else 60, markup=False)
        self._prepare_back()

    # -- a frozen view: nothing to deliver, nothing to check in
    def refresh_now(self) -> None:
        return None

    def _tick(self) -> None:
        if self.playing:
            self._play_on()
        now = self.ctx.now()
        seen = (now, tuple(id(screen) for screen in self.screen_stack))
        if seen != self._ticked:  # the clock stands still between moves: nothing to redo
            self._ticked = seen
            for screen in self.screen_stack:
                tick = getattr(screen, "tick", None)
                if tick is not None:
                    tick(now)
        if not self.screen.query(ReplayBanner):
            self.show_banner()

    # -- the banner
    def banner_text(self) -> str:
        moment = self.ctx.local(self.session.moment)
        text = t("replay.banner", at=moment.format("HH:mm"), date=moment.format("MM-DD"),
                 line=self.session.line)
        if self.playing:
            text += "  " + t("replay.banner.playing", speed=self.speed)
        if self._check is not None and not self._check["intact"]:
            text += "  " + t("replay.banner.broken", line=self._check["breaks"][0].get("line", "?"))
        return text

    def show_banner(self) -> None:
        screen = self.screen
        if not screen.is_attached:
            return
        banners = screen.query(ReplayBanner)
        if banners:
            banner = banners.first()
        else:
            banner = ReplayBanner(id="replay-banner")
            screen.mount(banner)
        banner.show(self.banner_text())

    # -- refusing writes
    async def _dispatch_action(self, namespace: Any, action_name: str, params: Any) -> bool:
        if action_name in WRITES and not isinstance(namespace, (Input, TextArea)):
            self.notify(t("replay.refused"), severity="warning", markup=False)
            return True
        return await super()._dispatch_action(namespace, action_name, params)

    # -- moving through the record
    def _moved(self, stepped: bool = False) -> None:
        """Every screen shows the room as of the new moment: after a step by events, what
        those events changed (panes update in place, as for a live commit, and the clock's
        tick moves what time drives, a shift change either way included); otherwise all."""
        store = self.session.store
        end = store.end
        changes, records, undone = store.stepped_changes() if stepped else ([], {}, {})
        for screen in self.screen_stack:
            if stepped:
                screen.post_message(DataChanged(changes, records, start=-1, end=end, undone=undone))
            else:
                screen.post_message(DataChanged([], restarted=True, start=-1, end=end))
        try:
            from dutyroom.widgets.header import DutyHeader

            for header in self.screen_stack[0].query(DutyHeader):
                header.reload_status()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
        now = self.ctx.now()
        self._ticked = (now, tuple(id(screen) for screen in self.screen_stack))
        for screen in self.screen_stack:
            tick = getattr(screen, "tick", None)
            if tick is not None:  # after the change posted above: a pane reloading on the tick
                screen.call_later(tick, now)  # (a shift change) reads what it already counted
        self.show_banner()
        self._prepare_back()

    def _prepare_back(self) -> None:
        """Between keys, a few hundred lines at a time: the state a step back across the
        snapshot needs, so that step costs no more than any other."""
        if self._preparing:
            return
        try:
            ready = self.session.store.prepare_back(PREPARE_LINES)
        except DomainError:
            return  # an unreadable line: the step itself will say so
        if not ready:
            self._preparing = True
            self.set_timer(0.01, self._prepare_more)

    def _prepare_more(self) -> None:
        self._preparing = False
        self._prepare_back()

    def _move(self, how: Any, stepped: bool = False) -> None:
        try:
            moved = how()
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        if moved is False:
            self.notify(t("replay.no_more"), markup=False)
        self._moved(bool(moved and stepped))

    def action_replay_step(self, count: int) -> None:
        self.playing = False
        self._move(lambda: self.session.step(count), stepped=True)

    def action_replay_hours(self, hours: int) -> None:
        self.playing = False
        self._move(lambda: self.session.shift(hours))

    def action_replay_play(self) -> None:
        self.playing = not self.playing
        self.show_banner()

    def action_replay_speed(self) -> None:
        self.speed = SPEEDS[(SPEEDS.index(self.speed) + 1) % len(SPEEDS)]
        self.notify(t("replay.speed", speed=self.speed), markup=False)
        self.show_banner()

    def _play_on(self) -> None:
        target = self.session.moment.shift(seconds=self.speed * self.tick_interval)
        if target >= self.end:
            target, self.playing = self.end, False
        self._move(lambda: self.session.goto(target))

    def action_replay_goto(self) -> None:
        from dutyroom.screens.replay_goto import ReplayGotoScreen

        self.playing = False

        def jump(moment: arrow.Arrow | None) -> None:
            if moment is not None:
                self._move(lambda: self.session.goto(moment))

        self.push_screen(ReplayGotoScreen(self.session.moment, self.ctx.tz), jump)


def run_replay(env: Any, when: str) -> int:
    """``dutyroom --replay TIME``: a bad TIME is a clear message and exit 2, before any screen."""
    live = env.context()
    moment = live.parse_time(when, "replay")
    session = ReplaySession(live, moment)
    app = ReplayApp(session)
    return app.run() or 0
