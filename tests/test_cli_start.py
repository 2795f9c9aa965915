"""``dutyroom log add`` builds only its own parser; the static command table stays true."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import subprocess
import sys

import pytest

import dutyroom.cli as cli_package
from dutyroom.cli import Parser, build_parser
from dutyroom.cli.command_table import COMMANDS, command_in
from dutyroom.i18n import set_language
from tests.conftest import ROOT, run_cli


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def _registered_by_each_module() -> dict[str, list[str]]:
    """Run every ``*_commands`` module's ``register`` and note which commands it adds or extends."""
    parser = Parser(prog="dutyroom")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    owners: dict[str, list[str]] = {}
    for info in sorted(pkgutil.iter_modules(cli_package.__path__), key=lambda i: i.name):
        if not info.name.endswith("_commands"):
            continue
        before = {name: len(_subparsers(p).choices) if any(isinstance(a, argparse._SubParsersAction)
                                                             for a in p._actions) else 0
                  for name, p in sub.choices.items()}
        importlib.import_module(f"dutyroom.cli.{info.name}").register(sub)
        for name, p in sub.choices.items():
            grown = name not in before
            if not grown and before[name]:
                grown = len(_subparsers(p).choices) > before[name]
            if grown:
                owners.setdefault(name, []).append(info.name)
    return owners


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_matches_the_command_modules(lang):
    set_language(lang)
    owners = _registered_by_each_module()
    assert [name for name, _key, _mods in COMMANDS] == list(owners)
    for name, _key, modules in COMMANDS:
        assert list(modules) == owners[name], name
    full = build_parser(None)
    helps = {a.dest: a.help for a in _subparsers(full)._choices_actions}
    for name, key, _modules in COMMANDS:
        lazy = build_parser(["--db", "/x", name])
        lazy_helps = {a.dest: a.help for a in _subparsers(lazy)._choices_actions}
        assert lazy_helps == helps, name
        assert lazy_helps[name] == __import__("dutyroom.i18n").i18n.t(key)
        # the command's own parser is the real one, the same as in the full tree
        assert _subparsers(lazy).choices[name].format_help() == _subparsers(full).choices[name].format_help()


def test_command_found_after_global_options():
    assert command_in(["--db", "log", "--lang", "en", "report", "list"]) == "report"
    assert command_in(["--operator=x", "log", "add", "t"]) == "log"
    assert command_in(["--help"]) is None and command_in(["bogus"]) is None


def test_log_add_imports_only_what_it_needs():
    code = ("import sys; from dutyroom.cli import build_parser; "
            "build_parser(['log', 'add', 'x']); "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('dutyroom'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    loaded = set(out.stdout.split())
    assert "dutyroom.cli.log_commands" in loaded
    for heavy in ("dutyroom.cli.handover_commands", "dutyroom.cli.report_commands",
                  "dutyroom.cli.bulletin_commands", "dutyroom.services.activity_log",
                  "dutyroom.services.handover", "dutyroom.services.escalation"):
        assert heavy not in loaded, heavy


def test_top_level_help_lists_every_command(db):
    result = run_cli(db, "--lang", "en", "--help")
    assert result.returncode == 0
    for name, _key, _modules in COMMANDS:
        assert f"\n    {name} " in result.stdout, name


def test_unknown_command_lists_every_choice(db):
    result = run_cli(db, "--lang", "en", "bogus")
    assert result.returncode == 2
    assert "invalid choice: 'bogus'" in result.stderr and "party-report" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
