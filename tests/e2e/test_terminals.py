"""The installed app in real terminals (tmux): every TERM, no colour, 80x24, both locales."""

from __future__ import annotations

import time
from pathlib import Path

from dutyroom.i18n import t
from tests.e2e.harness import DUTYROOM, Tmux, app_env, cli, tmux  # noqa: F401 - fixture

VARIANTS = {
    "xterm": {"TERM": "xterm"},
    "xterm-256color": {"TERM": "xterm-256color"},
    "screen-256color": {"TERM": "screen-256color"},
    "linux": {"TERM": "linux"},
    "no-color": {"TERM": "xterm-256color", "NO_COLOR": "1"},
    "zh-CN": {"TERM": "xterm-256color", "LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8"},
    "c-utf8": {"TERM": "xterm-256color", "LANG": "C.UTF-8"},
}


def expected_titles(compact: bool = False) -> list[str]:
    """What the dashboard shows at start (in Chinese: DUTYROOM_LANG=zh): the header's title
    (dropped from the one-line compact header at 80x24), the duty-log pane's title (a border
    title, or a tab at 80x24), who is working."""
    from dutyroom.widgets.log_pane import LogPane

    titles = [t(LogPane.TITLE_KEY, lang="zh"), t("presence.title", lang="zh", count="").strip()]
    return titles if compact else [t("app.title", lang="zh"), *titles]


def test_app_renders_in_every_terminal(tmux: Tmux, db: Path):
    assert cli(db, "log", "add", "沙河水库 水位 21.3 米", "--kind", "reading").returncode == 0
    sizes = {name: (80, 24) for name in VARIANTS}
    sizes["xterm-256color-wide"] = (120, 40)
    variants = {**VARIANTS, "xterm-256color-wide": {"TERM": "xterm-256color"}}
    for name, extra in variants.items():
        width, height = sizes[name]
        tmux.start(name, str(DUTYROOM), width=width, height=height, env=app_env(db, **extra))
    problems = []
    deadline = time.monotonic() + 120  # all start at once on 2 cores; one budget for all of them
    for name in variants:
        try:
            screen = tmux.wait_screen(name, *expected_titles(sizes[name][0] < 100), "沙河水库",
                                      timeout=max(1.0, deadline - time.monotonic()))
        except AssertionError as error:
            problems.append(f"{name}: {error}")
            continue
        if "Traceback" in screen or "Error" in screen:
            problems.append(f"{name}: error on screen:\n{screen}")
    for name in variants:
        tmux.keys(name, "q")
    for name in variants:
        try:
            tmux.wait_dead(name, timeout=40)
        except AssertionError as error:
            problems.append(f"{name}: {error}")
            continue
        status = tmux.exit_status(name)
        # tmux 3.3 sometimes reports a dead pane without its status (blank screen, empty
        # #{pane_dead_status}); an unknown status is judged by the crash-report check below
        if status is not None and status != 0:
            problems.append(f"{name}: exit status {status}:\n{tmux.screen(name)}")
    assert not problems, "\n\n".join(problems)
    assert not (db / "crash-reports").exists()
