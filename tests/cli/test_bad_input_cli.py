"""Each bad value the issue #13 tester got through the CLI: now a clear refusal that writes
nothing (exit 2), or, for a disk that refuses the write, exit 3 with no crash report left."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import arrow
import pytest

from tests.conftest import ROOT, START, cli_env, run_cli

HOSTILE = "mallory\x1b]0;PWNED\x07\x1b]52;c;SGFja2Vk\x07\x1b[2J[@click=app.quit]CLK[/]"


def run_bytes(db: Path, *argv: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {k.encode(): v.encode() for k, v in cli_env(db).items()}
    return subprocess.run([sys.executable.encode(), b"-m", b"dutyroom", *argv], capture_output=True,
                          env=env, cwd=ROOT, timeout=60)


def one_line_refusal(stderr: str | bytes) -> str:
    text = stderr.decode("utf-8") if isinstance(stderr, bytes) else stderr
    assert len(text.splitlines()) == 1 and "Traceback" not in text, text
    return text


@pytest.fixture
def seeded(db: Path) -> Path:
    assert run_cli(db, "log", "add", "沙河水位上涨").returncode == 0
    assert run_cli(db, "unit", "add", "区应急抢险队", "--kind", "police").returncode == 0
    ticket = run_cli(db, "ticket", "add", "沙河大堤渗水", "--location", "沙河大堤", "--hazard", "embankment")
    assert ticket.returncode == 0, ticket.stderr
    return db


@pytest.mark.parametrize("argv", [
    [b"log", b"add", b"\xff"],
    [b"report", b"add", b"x", b"--location", b"\xff"],
    [b"log", b"add", b"\x9b2J"],  # a raw C1 CSI byte
])
def test_invalid_utf8_argument_is_refused(seeded: Path, argv: list[bytes]) -> None:
    journal = (seeded / "journal.jsonl").read_bytes()
    result = run_bytes(seeded, *argv)
    assert result.returncode == 2
    assert "UTF-8" in one_line_refusal(result.stderr)
    assert (seeded / "journal.jsonl").read_bytes() == journal


@pytest.mark.parametrize("argv", [
    ["keypoint", "add", "沙河大堤", "--type", "embankment", "--patrol-interval", "9999999999999999999999999"],
    ["ticket", "dispatch", "1", "--to", "区应急抢险队", "--ack-within", "9999999999999999999999999"],
    ["team", "deploy", "1", "抢险", "--area", "沙河", "--people", "9999999999999999999999999"],
    ["export", "--format", "csv", "-o", "{missing}/dir/x"],
    ["export", "--format", "csv", "--kind", "bogus"],
    ["backup", "-o", "{missing}/dir/x.tar.gz"],
    ["log", "print", "--format", "txt", "-o", "{missing}/dir/x.txt"],
    ["handover", "print", "--format", "txt", "-o", "{missing}/dir/x.txt"],
    ["party-report", "--from", "2026-07-01", "--to", "2026-07-31", "--format", "txt", "-o",
     "{missing}/dir/x.txt"],
    ["handover", "ack"],
    ["handover", "ack", "report:999"],
    ["handover", "note", "   "],
    ["team", "deploy", "1", "   ", "--area", "沙河", "--people", "3"],
])
def test_refused_with_one_line_and_nothing_written(seeded: Path, tmp_path: Path, argv: list[str]) -> None:
    journal = (seeded / "journal.jsonl").read_bytes()
    missing = tmp_path / "missing"
    result = run_cli(seeded, *[a.replace("{missing}", str(missing)) for a in argv])
    assert result.returncode == 2, (result.returncode, result.stderr)
    one_line_refusal(result.stderr)
    assert (seeded / "journal.jsonl").read_bytes() == journal
    assert not missing.exists()  # no folder is made on the way
    assert not (seeded / "crash-reports").exists()


def test_missing_folder_is_named_in_the_officers_language(seeded: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "dir"
    result = run_cli(seeded, "--lang", "en", "export", "--format", "csv", "-o", str(missing / "x.csv"))
    assert result.returncode == 2 and f"{missing} does not exist" in result.stderr


@pytest.mark.parametrize("command", [["backup"], ["export", "--format", "jsonl"]])
def test_full_disk_is_exit_3_without_crash_reports(seeded: Path, tmp_path: Path, command: list[str]) -> None:
    """A file-size limit makes the kernel refuse the write as a full disk does."""
    noise = "".join(chr(0x4E00 + (i * 104729) % 20000) for i in range(3000))  # compresses badly
    assert run_cli(seeded, "log", "add", noise).returncode == 0  # a journal well over the 1 KB limit
    out = tmp_path / "out" / "copy"
    out.parent.mkdir()
    cmd = f'ulimit -f 1; exec "{sys.executable}" -m dutyroom "$@"'
    result = subprocess.run(["bash", "-c", cmd, "bash", *command, "-o", str(out)], capture_output=True,
                            text=True, env=cli_env(seeded), cwd=ROOT, timeout=60)
    assert result.returncode == 3, result.stderr
    one_line_refusal(result.stderr)
    assert list(out.parent.iterdir()) == []  # no partial file, no temp file
    assert not (seeded / "crash-reports").exists()


def test_event_at_takes_a_relative_time_like_at(seeded: Path) -> None:
    result = run_cli(seeded, "report", "add", "沙河大堤渗水", "--location", "沙河大堤", "--event-at", "-20m",
                     "--channel", "phone", "--category", "waterlogging",
                     "--json")
    assert result.returncode == 0, result.stderr
    event = arrow.get(json.loads(result.stdout)["event_at"])
    received = arrow.get(json.loads(result.stdout)["received_at"])
    assert 19 * 60 <= (received - event).total_seconds() <= 21 * 60


def test_log_print_offers_html_and_makes_it(seeded: Path) -> None:
    assert "html" in run_cli(seeded, "log", "print", "--help").stdout
    result = run_cli(seeded, "log", "print", "--format", "html")
    assert result.returncode == 0 and "<html" in result.stdout and "沙河水位上涨" in result.stdout


@pytest.mark.parametrize("how", ["option", "environment"])
def test_hostile_operator_name_is_stored_cleaned(seeded: Path, how: str) -> None:
    args, env = (["--operator", HOSTILE], {}) if how == "option" else ([], {"DUTYROOM_OPERATOR": HOSTILE})
    assert run_cli(seeded, *args, "log", "add", "由马洛里写", **env).returncode == 0
    rows = json.loads(run_cli(seeded, "log", "list", "--json").stdout)
    mine = [r for r in rows if r["text"] == "由马洛里写"]
    assert mine and mine[0]["author"] == "mallory[@click=app.quit]CLK[/]"
    assert mine[0]["created_by"] == "mallory[@click=app.quit]CLK[/]"
    csv = run_cli(seeded, "export", "--format", "csv").stdout
    assert "mallory[@click=app.quit]CLK[/]" in csv and "\x1b" not in csv and "PWNED" not in csv
    long = run_cli(seeded, "--operator", "m" * 55, "log", "add", "长名字")
    assert long.returncode == 0
    rows = json.loads(run_cli(seeded, "log", "list", "--json").stdout)
    assert [r["author"] for r in rows if r["text"] == "长名字"] == ["m" * 32]


def test_changed_by_refusal_reaches_stderr_as_one_plain_line() -> None:
    """A "changed by X at T" refusal names whoever saved first; a name stored raw by an older
    version or another tool must not reach the officer's terminal as escape sequences."""
    from dutyroom.cli import error_line
    from dutyroom.i18n import explain
    from dutyroom.store import StaleRecord

    line = error_line(explain(StaleRecord("error.stale", kind="ticket", id=7, by=HOSTILE + "\nsecond",
                                          at="2026-07-29T01:00:00+00:00")))
    assert line.endswith("\n") and line.count("\n") == 1
    assert "mallory" in line and "[@click=app.quit]CLK[/]" in line
    assert "\x1b" not in line and "\x07" not in line and "PWNED" not in line
