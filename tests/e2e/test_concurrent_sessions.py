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


def add_from_session(tmux: Tmux, session: str, text: str) -> None:
    """The quick-entry line: ``:``, the text, Enter."""
    tmux.keys(session, ":")
    tmux.keys(session, text, literal=True)
    tmux.keys(session, "Enter")


def run_together(tmux: Tmux, db: Path, sessions: dict[str, str]) -> dict[str, str]:
    """Sessions type entries while a script loops ``dutyroom log add``; returns token → author."""
    author: dict[str, str] = {}
    script_tokens = [f"CS{i:02d}" for i in range(ROUNDS)]
    failures: list[str] = []

    def script() -> None:
        for token in script_tokens:
            result = cli(db, "log", "add", f"脚本 {token} 水位", "--kind", "reading")
            if result.returncode != 0:
                failures.append(result.stderr)

    loop = threading.Thread(target=script)
    loop.start()
    for i in range(ROUNDS):
        for session, prefix in sessions.items():
            token = f"{prefix}{i:02d}"
            author[token] = session
            add_from_session(tmux, session, f"巡查 {token} 正常")
        time.sleep(0.3)
    loop.join(timeout=120)
    assert not failures, failures
    author.update({token: "script" for token in script_tokens})
    return author


def test_two_sessions_and_a_script_at_once(tmux: Tmux, tmp_path: Path):
    db = tmp_path / "db"
    assert cli(db, "log", "add", "开班").returncode == 0
    sessions = {"zhang": "AZ", "li": "BL"}
    for session in sessions:
        tmux.start(session, str(DUTYROOM), width=120, height=45,
                   env=app_env(db, DUTYROOM_OPERATOR=session))
    for session in sessions:
        tmux.wait_screen(session, "开班", timeout=30)
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
    assert not late, f"not shown within {SHOW_WITHIN} s: {late}"
