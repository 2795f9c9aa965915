"""The parser every subcommand shares: argparse with translated messages, one-line
errors, the global options, and the exit codes. Its own module so that
``dutyroom.cli`` (which discovers the command modules) and ``cli.common`` (which
they all use) do not import each other."""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from dutyroom.i18n import t

EXIT_FAILED_CHECK = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_UNEXPECTED = 70

_ARGPARSE_KEYS = {
    "usage: ": "argparse.usage",
    "positional arguments": "argparse.positional",
    "options": "argparse.options",
    "show this help message and exit": "argparse.help",
    "the following arguments are required: %s": "argparse.required",
    "unrecognized arguments: %s": "argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "argparse.argument",
    "expected one argument": "argparse.expected_one",
    "invalid %(type)s value: %(value)r": "argparse.invalid_type",
    "not allowed with argument %s": "argparse.not_allowed",
    "one of the arguments %s is required": "argparse.one_required",
}


def _argparse_gettext(message: str) -> str:
    key = _ARGPARSE_KEYS.get(message)
    return t(key) if key else message


def error_line(message: str) -> str:
    """One line for stderr: whatever a stored or typed value carried (escape sequences,
    controls, newlines) is shown as plain text and cannot reach the officer's terminal."""
    from dutyroom.model.text import inert

    return t("cli.error_line", message=" ".join(inert(message).split())) + "\n"


class Parser(argparse.ArgumentParser):
    """argparse with its messages translated and its errors on one line."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(error_line(message))
        raise SystemExit(EXIT_USAGE)


def add_global_options(parser: argparse.ArgumentParser, suppress: bool = False) -> None:
    """Global options work before the subcommand and after it."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--db", metavar="PATH", default=default, help=t("cli.opt.db"))
    parser.add_argument("--lang", choices=["zh", "en"], default=default, help=t("cli.opt.lang"))
    parser.add_argument("--operator", metavar="NAME", default=default, help=t("cli.opt.operator"))
