"""Two officers in two real terminals and a script, all writing at once to one data directory.

Every entry must be confirmed, and each session must show the entries of the others
within 2 s of their confirmation (measured from the journal line to the pane, by
polling ``tmux capture-pane``).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from tests.e2e.harness import (DUTYROOM, ScreenWatch, Tmux, app_env, cli, not_group_shared,  # noqa: F401
                               tmux)

ROUNDS = 6
SHOW_WITHIN = 2.0


def wait_ready(tmux: Tmux, session: str) -> None:
    """The dashboard is up with the duty-log pane focused (its border turns double)."""
    from dutyroom.i18n import t
    from dutyroom.widgets.log_pane import LogPane

    tmux.wait_screen(session, "╔═ " + t(LogPane.TITLE_KEY, lang="zh"), timeout=40)


def _bottom(tmux: Tmux, session: str) -> str:
    return "\n".join(tmux.screen(session).rstrip("\n").splitlines()[-4:])


def _wait_bottom(tmux: Tmux, session: str, present: str | None = None,
                 absent: str | None = None, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        bottom = _bottom(tmux, session)
        if (present is None or present in bottom) and (absent is None or absent not in bottom):
            return True
        time.sleep(0.05)
    return False


def add_from_session(tmux: Tmux, session: str, text: str) -> None:
    """The quick-entry line as an officer uses it, looking at the screen between keys
    (as a person does; Esc followed at once by another key would read as Alt+key):
    ``:`` and the empty line appears, type and the text shows, Enter and the line clears
    (logged), Esc and the line closes."""
    from dutyroom.i18n import t

    hint = t("quick.placeholder", lang="zh")[:6]
    tmux.keys(session, ":")
    assert _wait_bottom(tmux, session, present=hint), f"{session}: no quick-entry line"
    tmux.keys(session, text, literal=True)
    assert _wait_bottom(tmux, session, present=text), f"{session}: {text!r} not typed"
    tmux.keys(session, "Enter")
    assert _wait_bottom(tmux, session, absent=text), f"{session}: {text!r} not logged"
    tmux.keys(session, "Escape")
    assert _wait_bottom(tmux, session, absent=hint), f"{session}: quick entry not closed"


def run_together(tmux: Tmux, db: Path, sessions: dict[str, str]) -> dict[str, str]:
    """Each session types its entries while a script loops ``dutyroom log add``, all at
    once (one thread each); returns token → author."""
    author: dict[str, str] = {}
    failures: list[str] = []

    def script() -> None:
        for i in range(ROUNDS):
            token = f"CS{i:02d}"
            author[token] = "script"
            result = cli(db, "log", "add", f"脚本 {token} 水位", "--kind", "reading")
            if result.returncode != 0:
                failures.append(result.stderr)

    def officer(session: str, prefix: str) -> None:
        try:
            for i in range(ROUNDS):
                token = f"{prefix}{i:02d}"
                author[token] = session
                add_from_session(tmux, session, f"巡查 {token} 正常")
        except AssertionError as error:
            failures.append(str(error))

    threads = [threading.Thread(target=script)] + [
        threading.Thread(target=officer, args=item) for item in sessions.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not failures, failures
    return author


def test_two_sessions_and_a_script_at_once(tmux: Tmux, tmp_path: Path):
    db = tmp_path / "db"
    assert cli(db, "log", "add", "开班").returncode == 0
    sessions = {"zhang": "AZ", "li": "BL"}
    for session in sessions:
        tmux.start(session, str(DUTYROOM), width=120, height=45,
                   env=app_env(db, DUTYROOM_OPERATOR=session))
    for session in sessions:
        wait_ready(tmux, session)
    tokens = [f"{p}{i:02d}" for p in (*sessions.values(), "CS") for i in range(ROUNDS)]
    with ScreenWatch(tmux, list(sessions), db / "journal.jsonl", tokens) as watch:
        author = run_together(tmux, db, sessions)
        watch.wait_all(timeout=30)
    listed = json.loads(cli(db, "log", "list", "--json").stdout)
    texts = " ".join(row["text"] for row in listed)
    missing = [token for token in tokens if token not in texts]
    assert not missing, f"entries lost: {missing}"
    assert len(listed) == 1 + len(tokens)
    assert {row["created_by"] for row in listed} >= {"zhang", "li"}
    assert cli(db, "verify").returncode == 0
    assert not_group_shared(db) == [], "every file the app and the CLI create keeps group access"
    delays = watch.delays(author)
    late = {k: v for k, v in delays.items() if v is None or v > SHOW_WITHIN}
    worst = max((v for v in delays.values() if v is not None), default=0.0)
    print(f"\nshown to the other sessions: worst {worst:.2f} s over {len(delays)} sightings")
    assert not late, f"not shown within {SHOW_WITHIN} s: {late}\n" + "\n".join(
        tmux.screen(session) for session in sessions)
