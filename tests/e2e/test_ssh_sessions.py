"""The same as the concurrent-sessions test, through a real OpenSSH server on 127.0.0.1.

The sshd is our own (free high port, its own host key, a key authorised for the user
running the tests) and forces the installed app as the README's deployment does with
``ForceCommand``. Identity comes from the login: the OS user is the operator and the
SSH client address the station, on every change.
"""

from __future__ import annotations

import json
import pwd
import os
from pathlib import Path

from tests.e2e.harness import DUTYROOM, TZ, Tmux, cli, sshd, tmux  # noqa: F401
from tests.e2e.test_concurrent_sessions import ROUNDS, SHOW_WITHIN, run_together, wait_ready
from tests.e2e.harness import ScreenWatch


def test_two_officers_over_ssh_and_a_script(tmux: Tmux, tmp_path: Path):
    db = tmp_path / "db"
    assert cli(db, "log", "add", "开班").returncode == 0
    app = (f"env DUTYROOM_DB={db} DUTYROOM_TZ={TZ} TZ={TZ} DUTYROOM_LANG=zh LANG=C.UTF-8 "
           f"TERM=xterm-256color {DUTYROOM}")
    with sshd(tmp_path / "sshd", force_command=app) as server:
        sessions = {"ssh-a": "SA", "ssh-b": "SB"}
        for session in sessions:
            # the command asked for is ignored: ForceCommand gives the officer the app
            tmux.start(session, server.ssh_command("sh -c 'echo not-the-app'"), width=120,
                       height=45)
        for session in sessions:
            wait_ready(tmux, session)
            screen = tmux.screen(session)
            assert "not-the-app" not in screen and "开班" in screen
            assert "@127.0.0.1" in screen  # the header names the station
        tokens = [f"{p}{i:02d}" for p in (*sessions.values(), "CS") for i in range(ROUNDS)]
        with ScreenWatch(tmux, list(sessions), db / "journal.jsonl", tokens) as watch:
            author = run_together(tmux, db, sessions)
            watch.wait_all(timeout=30)
        for session in sessions:
            tmux.keys(session, "q")
        for session in sessions:
            tmux.wait_dead(session, timeout=20)
    listed = json.loads(cli(db, "log", "list", "--json").stdout)
    by_token = {token: row for row in listed for token in tokens if token in row["text"]}
    assert sorted(by_token) == sorted(tokens), "entries lost"
    me = pwd.getpwuid(os.geteuid()).pw_name
    for token, row in by_token.items():
        if token.startswith("S"):
            assert (row["created_by"], row["station"]) == (me, "127.0.0.1"), row
        else:
            assert row["station"] == "local", row
    assert cli(db, "verify").returncode == 0
    delays = watch.delays(author)
    late = {k: v for k, v in delays.items() if v is None or v > SHOW_WITHIN}
    worst = max((v for v in delays.values() if v is not None), default=0.0)
    print(f"\nover ssh, shown to the other sessions: worst {worst:.2f} s")
    assert not late, f"not shown within {SHOW_WITHIN} s: {late}"
