"""Property: every CLI command, fed random and hostile values, answers 0/2/3 and nothing else.

For each leaf command the parser itself lists its positionals and options; Hypothesis fills
them with invalid UTF-8 (lone surrogates, as Python keeps undecodable argv bytes), controls
and escape sequences, markup, bidi overrides, huge and negative numbers, blank strings and
missing folders. The CLI's own ``main`` runs in-process (the same code the console script
runs, many values a second); a sample goes through a real subprocess with raw bytes in argv.

Asserted: exit 0, 2 or 3 (1 only from ``verify``, a check that may fail), a refusal (2/3) is
one line on stderr, and a refusal leaves the journal byte for byte as it was.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dutyroom.cli import build_parser, main
from tests.conftest import ROOT, cli_env, run_cli

SKIP_COMMANDS = {("demo",), ("recover",), ("doctor",)}
"""``demo`` loads a whole season (slow, and it is i13-deploy's), ``recover`` rebuilds the
state on purpose, ``doctor`` inspects the host."""
SKIP_OPTIONS = {"--db", "--print", "-h", "--help", "--version", "--force"}
"""``--print`` would queue paper on the host's printer; ``--db`` would leave the test folder."""

HOSTILE = [
    "", "   ", "\t", "\udcff", "a\udc9bb", "\ud800", "x\x1b]52;c;SGFja2Vk\x07y", "\x1b[2J",
    "[@click=app.quit]CLK[/]", "[/]", "\u202eevil", "\x7f\x85\x9b", "9999999999999999999999999",
    "-9999999999999999999999999", "0", "-1", "1", "2", "1e9", "NaN", "inf", "-20m", "+5m",
    "now", "yesterday", "2026-02-30", "25:61", "/nonexistent-dutyroom/dir/x", "/", ".", "..",
    "m" * 55, "张" * 300, "=cmd|' /C calc'!A0", "#1", "report:1", "all", "last", "current",
]


def leaf_commands() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    found: list[tuple[tuple[str, ...], argparse.ArgumentParser]] = []

    def walk(path: tuple[str, ...], parser: argparse.ArgumentParser) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            if path not in SKIP_COMMANDS and path[:1] not in SKIP_COMMANDS:
                found.append((path, parser))
            return
        for name, child in subs[0].choices.items():
            walk((*path, name), child)

    walk((), build_parser())
    return found


LEAVES = leaf_commands()
PLAUSIBLE = ["1", "2", "3", "now", "-20m", "08:30", "2026-07-29", "沙河大堤", "张伟", "phone",
             "waterlogging", "embankment", "police", "I", "II", "minor", "txt", "html", "csv",
             "report:1", "ticket:1", "flood:red", "incoming", "outgoing", "leader"]
"""Values that get past the parser, so the commands themselves meet the hostile ones."""
value = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(PLAUSIBLE), st.sampled_from(PLAUSIBLE),
                  st.text(max_size=40), st.integers(-10**30, 10**30).map(str))


@st.composite
def invocation(draw: st.DrawFn) -> list[str]:
    path, parser = draw(st.sampled_from(LEAVES))
    argv = list(path)
    for action in parser._actions:
        if not action.option_strings:  # a positional: usually given, sometimes left out
            if draw(st.integers(0, 9)) == 0:
                continue
            many = action.nargs in ("*", "+")
            argv += [draw(value) for _ in range(draw(st.integers(1, 3)) if many else 1)]
            continue
        option = action.option_strings[-1]
        if option in SKIP_OPTIONS or not draw(st.booleans()):
            continue
        if action.nargs == 0:
            argv.append(option)
        elif action.choices and draw(st.booleans()):
            argv += [option, str(draw(st.sampled_from(list(action.choices))))]
        else:
            argv += [option, draw(value)]
    return argv


def run_in_process(argv: list[str]) -> tuple[int, str]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        old_stdin = sys.stdin
        sys.stdin = io.StringIO("")
        try:
            code = main(argv)
        except SystemExit as done:  # argparse: --help (0) or a usage error (2)
            code = done.code if isinstance(done.code, int) else 2
        finally:
            sys.stdin = old_stdin
    return code, err.getvalue()


def _seed(db: Path) -> None:
    for args in (["log", "add", "沙河水位上涨"],
                 ["report", "add", "沙河大堤渗水", "--location", "沙河大堤", "--channel", "phone",
                  "--category", "waterlogging"],
                 ["keypoint", "add", "沙河大堤", "--type", "embankment"], ["unit", "add", "区应急抢险队", "--kind", "police"],
                 ["ticket", "add", "沙河大堤渗水", "--location", "沙河大堤", "--hazard", "embankment"]):
        assert run_in_process(args)[0] == 0, args


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("hostile")
    db = root / "db"
    saved = dict(os.environ)
    os.environ.update({"DUTYROOM_DB": str(db), "DUTYROOM_TZ": "Asia/Shanghai", "DUTYROOM_LANG": "zh"})
    for var in ("DUTYROOM_OPERATOR", "DUTYROOM_CONFIG", "DUTYROOM_DEBUG", "SSH_CONNECTION"):
        os.environ.pop(var, None)
    cwd = os.getcwd()
    os.chdir(root)  # a relative -o lands in the test's folder
    try:
        _seed(db)
        yield db
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(saved)


def check(argv: list[str], code: int, stderr: str, before: bytes, after: bytes) -> None:
    allowed = {0, 2, 3} | ({1} if "verify" in argv[:2] else set())
    assert code in allowed, (argv, code, stderr)
    if code in (2, 3):
        lines = stderr.splitlines()
        assert len(lines) == 1, (argv, stderr)
        assert "\x1b" not in stderr and "\x9b" not in stderr, (argv, stderr)
        assert after == before, (argv, "refused but the journal changed")


@settings(max_examples=int(os.environ.get("DUTYROOM_HOSTILE_EXAMPLES", "400")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(argv=invocation())
def test_every_command_refuses_hostile_values_cleanly(data: Path, argv: list[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYROOM_DB", str(data))  # the autouse fixture clears it for every test
    journal = data / "journal.jsonl"
    before = journal.read_bytes()
    code, stderr = run_in_process(argv)
    check(argv, code, stderr, before, journal.read_bytes())


SUBPROCESS_SAMPLE = [
    [b"log", b"add", b"\xff"],
    [b"log", b"add", b"ok\x9b2J"],
    [b"report", b"add", b"x", b"--location", b"\xff\xfe"],
    [b"--operator", b"\xff", b"log", b"list"],
    [b"keypoint", b"add", b"k", b"--patrol-interval", b"9999999999999999999999999"],
    [b"ticket", b"dispatch", b"1", b"--to", b"x", b"--ack-within", b"9999999999999999999999999"],
    [b"team", b"deploy", b"1", b"   ", b"--area", b"x", b"--people", b"3"],
    [b"handover", b"note", b"   "],
    [b"handover", b"ack"],
    [b"export", b"--format", b"csv", b"--kind", b"bogus"],
    [b"export", b"--format", b"csv", b"-o", b"{missing}/dir/x"],
    [b"backup", b"-o", b"{missing}/dir/x.tar.gz"],
    [b"log", b"print", b"--format", b"txt", b"-o", b"{missing}/dir/x.txt"],
    [b"handover", b"print", b"--format", b"txt", b"-o", b"{missing}/dir/x.txt"],
    [b"party-report", b"--from", b"2026-07-01", b"--to", b"2026-07-31", b"--format", b"txt", b"-o",
     b"{missing}/dir/x.txt"],
]


@pytest.mark.parametrize("argv", SUBPROCESS_SAMPLE, ids=lambda a: b" ".join(a).decode("utf-8", "replace"))
def test_raw_bytes_through_a_real_process(db: Path, tmp_path: Path, argv: list[bytes]) -> None:
    """The console script itself, with undecodable bytes in argv as a shell passes them."""
    missing = tmp_path / "missing"
    argv = [a.replace(b"{missing}", str(missing).encode()) for a in argv]
    assert run_cli(db, "log", "add", "已有记录").returncode == 0
    journal = db / "journal.jsonl"
    before = journal.read_bytes()
    env = {k.encode(): v.encode() for k, v in cli_env(db).items()}
    result = subprocess.run([sys.executable.encode(), b"-m", b"dutyroom", *argv], capture_output=True,
                            env=env, cwd=ROOT, timeout=60)
    stderr = result.stderr.decode("utf-8")
    assert result.returncode == 2, (argv, result.returncode, stderr)
    check([a.decode("utf-8", "surrogateescape") for a in argv], result.returncode, stderr, before,
          journal.read_bytes())
    assert not missing.exists()
    assert not list((db / "crash-reports").glob("*")) if (db / "crash-reports").exists() else True
