"""DutyRoomApp: owns the live clock, the change watcher, drafts and the keymap.

One app-level clock ticks every second and calls ``tick(now)`` on the screens;
one watcher polls ``store.revision()`` (one ``os.stat``) twice a second and,
when the journal grew (a commit by any process), posts ``DataChanged`` to
every screen on the stack. Panes update in place from there.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from typing import Any, Iterable

from textual.app import App
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widget import AwaitMount

from dutyroom.actions import bindings, keymap_from_settings, palette_specs, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged
from dutyroom.model.errors import DomainError
from dutyroom.resources import stylesheets
from dutyroom.services.context import Context
from dutyroom.services.drafts import Draft, Drafts
from dutyroom.store.store import Meta


class DutyRoomCommands(Provider):
    """The command palette (ctrl+p): the same catalog as the keys and the help."""

    def _commands(self) -> Iterable[tuple[str, str, str]]:
        keymap = getattr(self.app, "_keymap", {})
        from dutyroom.actions import current_keys

        group = getattr(self.screen, "ACTION_GROUP", "")  # a form: only what works anywhere
        for spec in palette_specs(group):
            target = spec.action_name if "." in spec.action_name else (
                f"app.{spec.action_name}" if spec.group == "app" else f"screen.{spec.action_name}")
            yield t(spec.description_key), target, current_keys(spec, keymap)

    async def discover(self) -> Hits:
        for name, target, keys in self._commands():
            yield DiscoveryHit(name, self._runner(target), help=keys)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, target, keys in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), self._runner(target), help=keys)

    def _runner(self, target: str):
        async def run() -> None:
            await self.app.run_action(target)

        return run


class DutyRoomApp(App[int]):
    CSS_PATH = [str(p) for p in stylesheets()]
    BINDINGS = bindings("app")
    COMMANDS = {DutyRoomCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, ctx: Context, *, offer_demo: bool = False, offer_drafts: bool = True,
                 ask_identity: bool = True, watch_interval: float = 0.5, tick_interval: float = 1.0,
                 state_lag_timeout: float = 2.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.title = t("app.title")
        self.drafts = Drafts(ctx.store.root, ctx.operator)
        self.offer_demo = offer_demo
        self.offer_drafts = offer_drafts
        self.ask_identity = ask_identity
        """Ask an OS account without a roster name which one it is (off for benchmarks)."""
        self.watch_interval = watch_interval
        self.tick_interval = tick_interval
        self.presence: Any = None
        """This session's heartbeat (:mod:`dutyroom.services.presence`), from mount to exit."""
        self.state_lag_timeout = state_lag_timeout
        self.closing = False
        """Set once the app has been asked to exit (see ``push_screen``)."""
        self._offset = ctx.store.revision()
        self._lag_since: float | None = None
        self.data_version = 0
        """Grows each time the watcher saw a change (tests and the benchmark wait on it)."""
        from dutyroom.alerting import Alerting

        self.alerting = Alerting(self)
        """New escalations, grave reports, integrity alarms: banner on every screen, bell."""

    def get_default_screen(self) -> Screen[Any]:
        """The dashboard is the app's first screen, composed in Textual's start-up batch.

        Pushed from ``on_mount`` instead, it arrived after a first frame of the empty
        default screen, and the terminal saw a half-styled dashboard before the real one.
        """
        from dutyroom.screens.dashboard import DashboardScreen
        from dutyroom.widgets.presence_pane import start_presence

        self.presence = start_presence(self, self.ctx, hangup=not self.is_headless)
        return DashboardScreen(self.ctx)

    def on_mount(self) -> None:
        try:
            self.set_keymap(keymap_from_settings(self.ctx.settings.section("keys")))
        except DomainError as error:
            self.notify(explain(error), severity="error", timeout=15, markup=False)
        self.alerting.start()
        self.set_interval(self.tick_interval, self._tick)
        self.set_interval(self.watch_interval, self.refresh_now)
        self.call_after_refresh(self._offers)

    def on_unmount(self) -> None:
        """A clean exit (``q``, ctrl+q, the end of a test run): others see this session leave."""
        if self.presence is not None:
            self.presence.leave()

    # -- live
    def _tick(self) -> None:
        now = self.ctx.now()
        for screen in self.screen_stack:
            tick = getattr(screen, "tick", None)
            if tick is not None:
                tick(now)
        self.alerting.tick()

    def refresh_now(self) -> None:
        """Look for new commits now (the watcher calls this; so do forms after saving)."""
        try:
            size = self.ctx.store.revision()
            if size == self._offset:
                return
            if not self._state_caught_up(size):
                return
            changes, end = self.ctx.store.changes_since(self._offset)
        except (DomainError, OSError) as error:
            self.notify(explain(error) if isinstance(error, DomainError) else str(error),
                        severity="error", markup=False)
            return
        self._offset = end
        if not changes:
            return
        self.data_version += 1
        self.alerting.changes(changes)
        for screen in self.screen_stack:
            screen.post_message(DataChanged(changes))

    def _state_caught_up(self, size: int) -> bool:
        """True once the state files reflect the journal up to ``size``.

        A writer appends its journal line first and replaces the state files just
        after; reading in between would show the old state and then miss the change
        (nothing tells us to look again). So wait for ``meta.json`` to say the state
        has applied the journal, unless that takes over ``state_lag_timeout`` (2 s: a writer died between
        the two steps: its line is applied by the next commit or start-up).
        """
        meta = Meta.load(self.ctx.store.layout.meta)
        if meta is not None and meta.applied_offset >= size:
            self._lag_since = None
            return True
        now = time.monotonic()
        if self._lag_since is None:
            self._lag_since = now
        return now - self._lag_since > self.state_lag_timeout

    # -- alerts (dutyroom.alerting): hooks for the screens and for other features
    def raise_alert(self, alert: Any) -> None:
        """Show ``alert`` (a :class:`dutyroom.services.alerts.Alert`) on every screen."""
        self.alerting.raise_alert(alert)

    def raise_integrity_alarm(self, detail: str = "") -> None:
        """The data failed its integrity check (``detail``: the translated finding)."""
        from dutyroom.services.alerts import Alert

        self.alerting.raise_alert(Alert("integrity", detail=detail, grave=True))

    def alert_opened(self, kind: str, record_id: int) -> None:
        """A screen shows this record: its alert has been seen."""
        self.alerting.opened(kind, record_id)

    def open_record(self, kind: str, record_id: int) -> bool:
        return self.alerting.open_record(kind, record_id)

    def action_alert_open(self) -> None:
        self.alerting.open()

    def action_alert_dismiss(self) -> None:
        self.alerting.dismiss()

    # -- start-up offers
    def _offers(self) -> None:
        from dutyroom.screens.identify import identify_if_needed

        # first start of this OS account with a roster: ask once which name it is
        if not self.ask_identity or not identify_if_needed(self, self.ctx, self._identified):
            self._start_offers()

    def _identified(self, name: str | None) -> None:
        if name and self.presence is not None:
            self.presence.set_roster_name(name)  # the others see the roster name at once
        self._start_offers()

    def _start_offers(self) -> None:
        if self.offer_demo and self.ctx.store.revision() == 0:
            from dutyroom.screens.confirm import ConfirmScreen

            self.push_screen(ConfirmScreen(t("demo.offer")), self._demo_answer)
            return
        self._offer_drafts()

    def _demo_answer(self, yes: bool | None) -> None:
        if yes:
            from dutyroom.services.demo import fill_demo

            self.notify(t("demo.loading"), markup=False)
            try:
                summary = fill_demo(self.ctx)
            except DomainError as error:
                self.notify(explain(error), severity="error", markup=False)
            else:
                self.notify(t("demo.done", **summary), markup=False)
            self.refresh_now()
        self._offer_drafts()

    def _offer_drafts(self) -> None:
        if not self.offer_drafts:
            return
        pending = self.drafts.pending()
        if pending:
            self._offer_draft(pending)

    def _offer_draft(self, pending: list[Draft]) -> None:
        from dutyroom.screens.confirm import ConfirmScreen

        draft, rest = pending[0], pending[1:]
        when = self.ctx.local(draft.saved_at).format("MM-DD HH:mm")

        def answer(yes: bool | None) -> None:
            if yes:
                self.reopen_draft(draft)
            else:
                self.drafts.discard(draft.key)
            if rest:
                self.call_later(self._offer_draft, rest)

        self.push_screen(ConfirmScreen(t("draft.offer", title=draft.title, when=when),
                                       "draft.reopen", "draft.discard"), answer)

    def reopen_draft(self, draft: Draft) -> None:
        if draft.form == "quick":
            from dutyroom.widgets.quick_entry import QuickEntry

            self.screen.query_one(QuickEntry).open(str(draft.values.get("line", "")))
            return
        try:
            module_name, class_name = draft.form.split(":")
            form_class = getattr(importlib.import_module(module_name), class_name)
            screen = form_class(self.ctx, draft.values, **(draft.params or {}))
        except DomainError as error:
            self.notify(explain(error), severity="error", markup=False)
            return
        except (ValueError, ImportError, AttributeError, TypeError):
            self.notify(t("draft.cannot_reopen", title=draft.title), severity="error", markup=False)
            return
        self.push_screen(screen)

    # -- quitting
    def unsaved_input(self) -> bool:
        for screen in self.screen_stack:
            if getattr(screen, "dirty", False):
                return True
            check = getattr(screen, "unsaved_input", None)
            if check is not None and check():
                return True
        return False

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.closing = True
        super().exit(*args, **kwargs)

    def push_screen(self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False,
                    **kwargs: Any) -> Any:
        """As Textual's, except while the app is closing: a key typed right after ``q`` (say
        ``qu`` in one burst) would start a screen that is never composed, and its ``on_mount``
        fail against the missing widgets — a traceback on the way out. Nothing opens then."""
        if self.closing:
            if wait_for_dismiss:
                done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
                done.set_result(None)
                return done
            return AwaitMount(self.screen, [])
        return super().push_screen(screen, callback, wait_for_dismiss, **kwargs)

    async def action_quit(self) -> None:
        if not self.unsaved_input():
            self.exit(0)
            return
        from dutyroom.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        self.push_screen(ConfirmScreen(t("quit.unsaved")), answer)

    def action_help(self) -> None:
        from dutyroom.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_app(ctx: Context, **kwargs: Any) -> DutyRoomApp:
    """The app for ``ctx``; keywords go to :class:`DutyRoomApp` (tests pin intervals, offers)."""
    return DutyRoomApp(ctx, **kwargs)


def run_app(env: Any) -> int:
    import os

    os.umask(0o007)  # as the CLI does: every file this session creates stays group-shared
    ctx = env.context()
    app = make_app(ctx, offer_demo=True)
    try:
        return app.run() or 0
    finally:
        if app.presence is not None:
            app.presence.leave()
