"""DutyRoomApp: owns the live clock, the change watcher, drafts and the keymap.

One app-level clock ticks every second and calls ``tick(now)`` on the screens;
one watcher learns from inotify (``dutyroom.store.watch``; else a stat poll every
0.1 s) that the journal grew (a commit by any process), reads only the new lines
with the records they wrote (``dutyroom.store.live_tail``) and posts ``DataChanged``
to every screen on the stack. Panes apply them in place from there.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any, Iterable

from textual.app import App
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widget import AwaitMount

from dutyroom.actions import bindings, keymap_from_settings, palette_specs, translate_bindings
from dutyroom.i18n import explain, t
from dutyroom.messages import DataChanged, JournalGrew, OpenRecord
from dutyroom.locations import shared_with_group
from dutyroom.model.errors import DomainError
from dutyroom.resources import stylesheets
from dutyroom.services.context import Context
from dutyroom.services.drafts import Draft, Drafts
from dutyroom.store.live_tail import read_tail


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
                 ask_identity: bool = True, watch_interval: float | None = None,
                 tick_interval: float = 1.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        translate_bindings(self)
        self.ctx = ctx
        self.title = t("app.title")
        self.drafts = Drafts(ctx.store.root, ctx.login)
        self.offer_demo = offer_demo
        self.offer_drafts = offer_drafts
        self.ask_identity = ask_identity
        """Ask an OS account without a roster name which one it is (off for benchmarks)."""
        self.watch_interval = watch_interval
        """Seconds between stat polls of the journal; None: 1 s as a safety net while the
        inotify watch runs, 0.1 s where there is none."""
        self._watch: Any = None
        self.tick_interval = tick_interval
        self.presence: Any = None
        """This session's heartbeat (:mod:`dutyroom.services.presence`), from mount to exit."""
        self.closing = False
        """Set once the app has been asked to exit (see ``push_screen``)."""
        self._offset = ctx.store.revision()
        self._behind_told: Any = None
        self._alarm_seen: Any = None
        """The integrity alarm already shown as a banner (so it is raised once, not every second)."""
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
        from dutyroom.store.watch import start_watch

        self._watch = start_watch(self.ctx.store.root, self._journal_touched)
        interval = self.watch_interval or (1.0 if self._watch is not None else 0.1)
        self.set_interval(interval, self.refresh_now)
        self.call_after_refresh(self._offers)

    def on_unmount(self) -> None:
        """A clean exit (``q``, ctrl+q, the end of a test run): others see this session leave."""
        if self.presence is not None:
            self.presence.leave()
        if self._watch is not None:
            self._watch.stop()
        self.ctx.store.close()  # leave the checkpoint up to date for the next start

    # -- live
    @property
    def journal_offset(self) -> int:
        """How far into the journal the changes have been delivered to the screens."""
        return self._offset

    def _journal_touched(self) -> None:
        """From the watch thread: the journal changed; look on the app's own thread
        (``post_message`` is thread-safe and never waits for the app, even one closing)."""
        if not self.closing:
            self.post_message(JournalGrew())

    def on_journal_grew(self, message: JournalGrew) -> None:
        self.refresh_now()

    def _tick(self) -> None:
        now = self.ctx.now()
        for screen in self.screen_stack:
            tick = getattr(screen, "tick", None)
            if tick is not None:
                tick(now)
        self._notice_alarm()
        self.alerting.tick()

    def _notice_alarm(self) -> None:
        """The store's integrity alarm (a broken hash chain, from any session) as a banner."""
        try:
            alarm = self.ctx.store.alarm()
        except (DomainError, OSError):
            return
        mark = (alarm.get("line"), alarm.get("at")) if alarm else None
        if mark is not None and mark != self._alarm_seen:
            self.raise_integrity_alarm(t("store.alarm_short", line=alarm.get("line", "?")))
        self._alarm_seen = mark

    def refresh_now(self) -> None:
        """Look for new commits now (the watcher calls this; so do forms after saving)."""
        try:
            size = self.ctx.store.revision()
            if size == self._offset:
                self.ctx.store.idle()  # a quiet moment: bring the checkpoint up to date
                self._notice_behind()
                return
            tail = read_tail(self.ctx.store.layout.journal, self._offset)
            self._notice_rebuilt(tail.changes)
        except (DomainError, OSError) as error:
            self.notify(explain(error) if isinstance(error, DomainError) else str(error),
                        severity="error", markup=False)
            return
        start, self._offset = self._offset, tail.end
        if not tail.changes:
            return
        self.data_version += 1
        self.alerting.changes(tail.changes)
        for screen in self.screen_stack:
            screen.post_message(DataChanged(tail.changes, tail.records, restarted=tail.restarted,
                                            start=-1 if tail.restarted else start, end=tail.end))

    def _notice_behind(self) -> None:
        """A write was saved but its checkpoint failed (a full disk): say so once, not "not saved"."""
        behind = self.ctx.store.behind
        told = None if behind is None else (behind.key, str(behind.params))
        if told is not None and told != self._behind_told:
            params = behind.params
            self.notify(t("store.saved_behind", reason=f"{params.get('path', '')}: {params.get('reason', '')}"),
                        severity="warning", timeout=15, markup=False)
        self._behind_told = told

    def _notice_rebuilt(self, changes: list[Any]) -> None:
        """A state file set aside and rebuilt (by any session): say which and when."""
        for change in changes:
            for kind, rid, op in change.records:
                if kind != "log" or op != "create":
                    continue
                record = self.ctx.store.get("log", rid) or {}
                message = record.get("message") or {}
                if message.get("key") == "system.state_rebuilt":
                    self.notify(t("system.state_rebuilt", **message.get("params", {})),
                                severity="warning", timeout=20, markup=False)

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
        if name:
            self._tick()  # the header names the officer at once (the link set the identity)
        self._start_offers()

    def _start_offers(self) -> None:
        # a first start in a personal directory only: never in a group-shared production one
        if self.offer_demo and self.ctx.store.revision() == 0 \
                and shared_with_group(self.ctx.store.root) is None:
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
        """Reopen (y), discard (n, asked again: it cannot be undone) or later (Esc: kept,
        offered at the next start and brought back when the same form is opened)."""
        from dutyroom.screens.confirm import Choice, ChoiceScreen, ConfirmScreen

        draft, rest = pending[0], pending[1:]
        when = self.ctx.local(draft.saved_at).format("MM-DD HH:mm")

        def next_one() -> None:
            if rest:
                self.call_later(self._offer_draft, rest)

        def discard(yes: bool | None) -> None:
            if yes:
                self.drafts.discard(draft.key)
            else:
                self.notify(t("draft.kept_for_later", title=draft.title), markup=False)
            next_one()

        def answer(choice: str | None) -> None:
            if choice == "reopen":
                self.reopen_draft(draft)
                next_one()
            elif choice == "discard":
                self.push_screen(ConfirmScreen(t("draft.discard_confirm", title=draft.title, when=when),
                                               "draft.discard", "draft.later"), discard)
            else:
                next_one()

        choices = [Choice("reopen", "draft.reopen", "y"), Choice("discard", "draft.discard", "n"),
                   Choice("later", "draft.later", "l")]
        self.push_screen(ChoiceScreen(t("draft.offer", title=draft.title, when=when), choices,
                                      cancel="later"), answer)

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
        mark = getattr(screen, "mark_restored", None)
        if mark is not None:
            mark(draft)  # what the draft holds is unsaved input: Esc asks before dropping it
        self.push_screen(screen)

    def on_open_record(self, request: OpenRecord) -> None:
        """A pane asked for a record (Enter, ``a``/``z`` on an escalation): push its screen."""
        from dutyroom.screens.opener import open_record

        open_record(self, self.ctx, request)

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

    def action_command_palette(self) -> None:
        """Textual's palette, its prompt in the officer's language (Textual's own is English)."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

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
