"""What every subcommand shares: the lazily opened context, argument types, output."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from dutyroom.config import Settings, load_settings
from dutyroom.i18n import t
from dutyroom.locations import config_file, data_dir
from dutyroom.services.clock import Clock, SystemClock
from dutyroom.services.context import Context
from dutyroom.services.identity import os_user, station
from dutyroom.store import Store

Handler = Callable[[argparse.Namespace, "CliEnv"], int]


@dataclass
class CliEnv:
    """Opens the data only when a command needs it, so ``--help`` never touches files."""

    db: Path
    operator: str
    clock: Clock = field(default_factory=SystemClock)
    _ctx: Context | None = None

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "CliEnv":
        operator = args.operator or os.environ.get("DUTYROOM_OPERATOR") or os_user()
        return cls(db=data_dir(args.db), operator=operator)

    def settings(self) -> Settings:
        return load_settings(config_file(self.db))

    def context(self) -> Context:
        if self._ctx is None:
            settings = self.settings()
            store = Store(self.db, now=self.clock.now, operator=self.operator, station=station())
            store.open()
            self._ctx = Context(store=store, clock=self.clock, settings=settings,
                                operator=self.operator, station=station())
        return self._ctx


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(t("cli.bad_int", value=text))
    return value


def count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(t("cli.bad_count", value=text))
    return value


def print_json(rows: Any) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formulas: a text cell that a spreadsheet would evaluate gets a ``'``."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, (list, dict)):
        return csv_safe(json.dumps(value, ensure_ascii=False))
    return value


def write_csv(rows: Iterable[dict[str, Any]], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_safe(row.get(k)) for k in columns})
    return buffer.getvalue()


def write_output(text: str, output: str | None) -> None:
    """To ``-o FILE`` (atomically, so a reader never sees half a file) or standard output."""
    if not output or output == "-":
        sys.stdout.write(text)
        return
    from dutyroom.store.atomic import atomic_write

    path = Path(output).expanduser()
    atomic_write(path, text.encode("utf-8"))


def one_line(text: str, width: int = 0) -> str:
    flat = " ".join(str(text).split())
    return flat if not width or len(flat) <= width else flat[: width - 1] + "…"


def add_command(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    """A subcommand parser that also accepts the global options after its name."""
    from dutyroom.cli.parser import Parser, add_global_options

    parser = sub.add_parser(name, help=help_text, description=help_text)
    assert isinstance(parser, Parser)
    add_global_options(parser, suppress=True)
    return parser


def add_group(sub: argparse._SubParsersAction, name: str, help_text: str) -> argparse._SubParsersAction:
    """A command group such as ``log``; running it bare prints its help."""
    from dutyroom.cli.parser import Parser

    parser = add_command(sub, name, help_text)
    parser.set_defaults(func=lambda args, env: (parser.print_help(), 2)[1])
    return parser.add_subparsers(dest=f"{name}_command", parser_class=Parser)
