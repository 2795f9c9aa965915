"""The dashboard's 复盘 keys (issue #16): ``R`` opens the read-only replay at a moment, ``T``
writes the after-action timeline. A mixin, so the dashboard module stays about layout.

Why the replay runs as a child process: ``dutyroom --replay TIME`` is a whole app of its
own (a frozen store, a stopped clock, its own keys over every screen, writes refused at the
app's dispatch). ``App.suspend()`` hands the terminal to ``python -m dutyroom --replay``
with this session's data directory, language and operator, and takes it back when the
officer quits the replay: the live dashboard comes back exactly as it was (nothing of it
was touched), then catches up with what other sessions committed meanwhile. A terminal
that cannot be handed over (a headless test, a web driver) is told so, and nothing runs.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import arrow

from dutyroom.i18n import explain, language, t
from dutyroom.model.errors import DomainError
from dutyroom.model.timeinput import iso
from dutyroom.services.context import Context


def replay_command(ctx: Context, moment: arrow.Arrow) -> list[str]:
    """The command line of the replay child: this session's data, language and operator."""
    return [sys.executable, "-m", "dutyroom", "--db", str(ctx.store.root), "--lang", language(),
            "--operator", ctx.operator, "--replay", iso(moment)]


def live_context(node: Any) -> Context:
    """The live room's context, also inside a replay (where ``node.ctx`` stands in the past)."""
    session = getattr(node.app, "session", None)
    return getattr(session, "live", None) or node.ctx


def printouts_folder(ctx: Context) -> Path:
    return Path(ctx.store.root) / "printouts"


@contextmanager
def heartbeat_while(presence: Any) -> Iterator[None]:
    """This session's presence beats on from a thread while the replay child runs: the app's
    own timer waits with the app, and the others would otherwise take the officer as gone."""
    if presence is None:
        yield
        return
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(presence.interval):
            presence.beat()

    thread = threading.Thread(target=beat, name="replay-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


class ReviewActions:
    """Mixed into the dashboard screen (needs ``self.ctx``, ``self.app``, ``self.notify``)."""

    ctx: Any
    app: Any
    notify: Any
    run_worker: Any

    def action_replay_open(self) -> None:
        """``R``: ask the moment, then the read-only replay there; in a replay, jump (``g``)."""
        if getattr(self.app, "replaying", False):
            self.app.action_replay_goto()
            return
        from dutyroom.screens.review_forms import ReplayForm

        def chosen(moment: arrow.Arrow | None) -> None:
            if moment is not None:
                self.open_replay(moment)

        self.app.push_screen(ReplayForm(self.ctx), chosen)

    def open_replay(self, moment: arrow.Arrow) -> None:
        from textual.app import SuspendNotSupported

        argv = replay_command(self.ctx, moment)
        try:
            with self.app.suspend(), heartbeat_while(getattr(self.app, "presence", None)):
                code = subprocess.run(argv, check=False).returncode
        except SuspendNotSupported:
            self.notify(t("review.replay.no_terminal"), severity="error", markup=False)
            return
        except OSError as error:
            self.notify(t("review.replay.failed", reason=error.strerror or str(error)), severity="error",
                        markup=False)
            return
        if code != 0:
            self.notify(t("review.replay.failed", reason=t("review.replay.exit", code=code)),
                        severity="error", markup=False)
        refresh = getattr(self.app, "refresh_now", None)
        if refresh is not None:
            refresh()  # what other sessions committed while the replay had the terminal

    def action_timeline_export(self) -> None:
        """``T``: the timeline form, then the file written off the UI thread and its path said."""
        from dutyroom.screens.review_forms import TimelineForm, TimelineRequest

        live = live_context(self)

        def chosen(request: TimelineRequest | None) -> None:
            if request is not None:
                self.write_timeline(live, request)

        self.app.push_screen(TimelineForm(self.ctx, folder=printouts_folder(live)), chosen)

    def write_timeline(self, live: Context, request: Any) -> None:
        def work() -> None:
            from dutyroom.services.output import write_file
            from dutyroom.services.timeline_export import export

            try:
                write_file(request.path, export(live, request.start, request.end, request.fmt))
            except DomainError as error:
                self.app.call_from_thread(self.notify, explain(error), severity="error", timeout=15,
                                          markup=False)
            else:
                self.app.call_from_thread(self.notify, t("review.timeline.written", path=str(request.path)),
                                          timeout=20, markup=False)

        self.notify(t("review.timeline.writing"), markup=False)
        self.run_worker(work, thread=True, exclusive=True, exit_on_error=False, group="timeline")
