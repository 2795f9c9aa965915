"""The command line: global options, subcommand discovery, errors as one translated line.

Each ``dutyroom/cli/*_commands.py`` module defines ``register(subparsers)`` and
sets ``func`` on its parsers; ``command_table.py`` names the module of each
top-level command, so a run imports only the command it runs.
Exit codes: 0 done, 1 a check failed (``verify``), 2 bad arguments or values
(nothing written), 3 the data cannot be used right now (locked, corrupt, disk),
70 an unexpected error (no traceback unless ``DUTYROOM_DEBUG=1``).
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from typing import Sequence

from dutyroom import __version__
from dutyroom.cli.parser import (EXIT_FAILED_CHECK, EXIT_STORE, EXIT_UNEXPECTED, EXIT_USAGE, Parser,
                                 _argparse_gettext, add_global_options, error_line)
from dutyroom.i18n import detect_language, explain, set_language, t
from dutyroom.model.errors import DomainError

__all__ = ["EXIT_FAILED_CHECK", "EXIT_STORE", "EXIT_UNEXPECTED", "EXIT_USAGE", "Parser",
           "add_global_options", "build_parser", "main"]


def _not_utf8(argv: Sequence[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (Python keeps them as lone
    surrogates), shown with U+FFFD in their place."""
    from dutyroom.model.text import inert

    return next((inert(arg) for arg in argv if any("\ud800" <= ch <= "\udfff" for ch in arg)), None)


_DISK_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The parser for ``argv``: every command is listed, only the one being run is built.

    With ``argv`` None every command module is imported (the whole tree, as tests and
    help screens may want it); otherwise only the modules of the command named in it.
    """
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]  # argparse looks this name up at call time
    parser = Parser(prog="dutyroom", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"dutyroom {__version__}",
                        help=t("cli.opt.version"))
    add_global_options(parser)
    parser.add_argument("--replay", metavar="TIME", default=None, help=t("cli.opt.replay"))
    sub = parser.add_subparsers(dest="command", title=t("cli.commands"), parser_class=Parser)
    from dutyroom.cli.command_table import COMMANDS, command_in, modules_for

    wanted = set(modules_for(command_in(list(argv)) or "")) if argv is not None else None
    registered: set[str] = set()
    for name, help_key, modules in COMMANDS:
        if name in sub.choices:
            continue
        if wanted is None or wanted & set(modules):
            for module in modules:
                if module not in registered:
                    registered.add(module)
                    importlib.import_module(f"{__name__}.{module}").register(sub)
        if name not in sub.choices:
            sub.add_parser(name, help=t(help_key))  # listed for help; built when it is run
    return parser


def _language_from_argv(argv: Sequence[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


_TIME_OPTIONS = ("--replay", "--at", "--event-at", "--since", "--until", "--from", "--to", "--due", "--date")


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


startup_umask: int | None = None
"""The umask the command was started with (the login's), before dutyroom set its own; doctor reads it."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = _join_negative_times(list(sys.argv[1:] if argv is None else argv))
    try:
        set_language(detect_language(_language_from_argv(argv)))
    except ValueError:
        set_language("zh")
    global startup_umask
    startup_umask = os.umask(0o007)  # files stay readable and writable by the group, not by others
    bad = _not_utf8(argv)
    if bad is not None:
        sys.stderr.write(error_line(t("cli.not_utf8", arg=bad)))
        return EXIT_USAGE
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    from dutyroom.cli.common import CliEnv

    env = CliEnv.from_args(args)
    try:
        if getattr(args, "func", None) is None:
            return _run_app(env, args)
        code = int(args.func(args, env) or 0)
        env.finish()
        return code
    except DomainError as error:
        from dutyroom.store import StoreError

        sys.stderr.write(error_line(explain(error)))
        return EXIT_STORE if isinstance(error, StoreError) else EXIT_USAGE
    except PermissionError as error:
        sys.stderr.write(error_line(t("error.permission", path=error.filename)))
        return EXIT_STORE
    except KeyboardInterrupt:
        sys.stderr.write(t("cli.interrupted") + "\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:  # noqa: BLE001 - the last line of defence: never a traceback
        if isinstance(error, OSError) and error.errno in _DISK_ERRORS:  # full, quota, read-only
            sys.stderr.write(error_line(t("error.write_failed", path=error.filename or env.db,
                                          reason=error.strerror or "")))
            return EXIT_STORE
        if os.environ.get("DUTYROOM_DEBUG"):
            raise
        _note_crash(env, error)
        sys.stderr.write(error_line(t("error.unexpected", detail=type(error).__name__)))
        return EXIT_UNEXPECTED


def _note_crash(env: object, error: Exception) -> None:
    """Keep the traceback for the developers, out of the officer's sight."""
    try:
        import traceback

        from dutyroom.locations import data_dir

        folder = data_dir(getattr(env, "db", None) and str(env.db)) / "crash-reports"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"crash-{os.getpid()}.txt"
        from dutyroom.store.atomic import atomic_write

        atomic_write(path, "".join(traceback.format_exception(error)).encode("utf-8"))
    except OSError:
        pass  # a full disk: no report rather than an empty one


def _run_app(env: object, args: argparse.Namespace) -> int:
    if getattr(args, "replay", None):
        from dutyroom.replay_app import run_replay

        return run_replay(env, args.replay)
    from dutyroom.app import run_app

    return run_app(env)
