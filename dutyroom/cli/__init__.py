"""The command line: global options, subcommand discovery, errors as one translated line.

Each ``dutyroom/cli/*_commands.py`` module defines ``register(subparsers)`` and
sets ``func`` on its parsers; adding a command group never edits this file.
Exit codes: 0 done, 1 a check failed (``verify``), 2 bad arguments or values
(nothing written), 3 the data cannot be used right now (locked, corrupt, disk),
70 an unexpected error (no traceback unless ``DUTYROOM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import traceback
from typing import Sequence

from dutyroom import __version__
from dutyroom.cli.parser import (EXIT_FAILED_CHECK, EXIT_STORE, EXIT_UNEXPECTED, EXIT_USAGE, Parser,
                                 _argparse_gettext, add_global_options)
from dutyroom.i18n import detect_language, explain, set_language, t
from dutyroom.model.errors import DomainError

__all__ = ["EXIT_FAILED_CHECK", "EXIT_STORE", "EXIT_UNEXPECTED", "EXIT_USAGE", "Parser",
           "add_global_options", "build_parser", "main"]


def build_parser() -> Parser:
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]  # argparse looks this name up at call time
    parser = Parser(prog="dutyroom", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"dutyroom {__version__}",
                        help=t("cli.opt.version"))
    add_global_options(parser)
    sub = parser.add_subparsers(dest="command", title=t("cli.commands"), parser_class=Parser)
    import dutyroom.cli as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.endswith("_commands"):
            importlib.import_module(f"{package.__name__}.{info.name}").register(sub)
    return parser


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


_TIME_OPTIONS = ("--at", "--since", "--until", "--from", "--to", "--due", "--date")


def _join_negative_times(argv: list[str]) -> list[str]:
    """``--at -15m`` means fifteen minutes ago, not an unknown option ``-15m``: argparse only
    accepts a value starting with ``-`` when it looks like a number, so join such pairs."""
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _TIME_OPTIONS and i + 1 < len(argv) and argv[i + 1][:1] == "-" \
                and argv[i + 1][1:2].isdigit():
            out.append(f"{arg}={argv[i + 1]}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    argv = _join_negative_times(list(sys.argv[1:] if argv is None else argv))
    try:
        set_language(detect_language(_language_from_argv(argv)))
    except ValueError:
        set_language("zh")
    os.umask(0o007)  # files stay readable and writable by the dutyroom group, not by others
    parser = build_parser()
    args = parser.parse_args(argv)
    from dutyroom.cli.common import CliEnv

    env = CliEnv.from_args(args)
    try:
        if getattr(args, "func", None) is None:
            return _run_app(env, args)
        return int(args.func(args, env) or 0)
    except DomainError as error:
        from dutyroom.store import StoreError

        sys.stderr.write(t("cli.error_line", message=explain(error)) + "\n")
        return EXIT_STORE if isinstance(error, StoreError) else EXIT_USAGE
    except PermissionError as error:
        sys.stderr.write(t("cli.error_line", message=t("error.permission", path=error.filename)) + "\n")
        return EXIT_STORE
    except KeyboardInterrupt:
        sys.stderr.write(t("cli.interrupted") + "\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("DUTYROOM_DEBUG"):
            raise
        _note_crash(env, error)
        sys.stderr.write(t("cli.error_line", message=t("error.unexpected", detail=type(error).__name__)) + "\n")
        return EXIT_UNEXPECTED


def _note_crash(env: object, error: Exception) -> None:
    """Keep the traceback for the developers, out of the officer's sight."""
    try:
        from dutyroom.locations import data_dir

        folder = data_dir(getattr(env, "db", None) and str(env.db)) / "crash-reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{os.getpid()}.txt"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    except OSError:
        pass


def _run_app(env: object, args: argparse.Namespace) -> int:
    from dutyroom.app import run_app

    return run_app(env)
