"""What every subcommand shares: the lazily opened context, argument types, output."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from dutyroom.config import Settings, load_settings
from dutyroom.i18n import t
from dutyroom.locations import config_file, data_dir
from dutyroom.services.clock import Clock, SystemClock
from dutyroom.services.context import Context
from dutyroom.services.identity import operator_name, station
from dutyroom.services.output import csv_safe  # noqa: F401 - the CLI's CSV cells (shared with the app)
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
        return cls(db=data_dir(args.db), operator=operator_name(args.operator))

    def settings(self) -> Settings:
        return load_settings(config_file(self.db))

    def context(self) -> Context:
        if self._ctx is None:
            settings = self.settings()
            store = Store(self.db, now=self.clock.now, operator=self.operator, station=station())
            store.open()
            alarm = store.alarm()
            if alarm:
                sys.stderr.write(t("store.alarm", line=alarm.get("line", "?")) + "\n")
            self._ctx = Context(store=store, clock=self.clock, settings=settings,
                                operator=self.operator, station=station())
            from dutyroom.services.roster import RosterService

            RosterService(self._ctx).adopt_identity()
        return self._ctx

    def finish(self) -> None:
        """After a command: a write that was saved while its checkpoint failed says so."""
        if self._ctx is None:
            return
        store = self._ctx.store
        store.journal.close()
        if store.behind is not None:
            params = store.behind.params
            reason = f"{params.get('path', '')}: {params.get('reason', '')}"
            sys.stderr.write(t("store.saved_behind", reason=reason) + "\n")


MAX_NUMBER = 1_000_000_000
"""Larger than any id, count or head count the room will see; a bigger value is a typo, and
beyond 64 bits it would not even be storable (the journal's JSON encoder refuses it)."""
MAX_MINUTES = 525_600
"""A year: more for a patrol interval or an acknowledgement window is a typo."""


def _number(text: str, minimum: int, maximum: int, key: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t(key, value=text)) from None
    if value < minimum:
        raise argparse.ArgumentTypeError(t(key, value=text))
    if value > maximum:
        raise argparse.ArgumentTypeError(t("cli.number_too_large", value=text,
                                           max=maximum))
    return value


def positive_int(text: str) -> int:
    return _number(text, 1, MAX_NUMBER, "cli.bad_int")


def count(text: str) -> int:
    return _number(text, 0, MAX_NUMBER, "cli.bad_count")


def minutes(text: str) -> int:
    """A number of minutes, 1 to a year."""
    return _number(text, 1, MAX_MINUTES, "cli.bad_int")


def print_json(rows: Any) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")


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
    from dutyroom.services.output import output_path, write_file

    write_file(output_path(output), text.encode("utf-8"))


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


def existing_group(sub: argparse._SubParsersAction, name: str) -> argparse._SubParsersAction | None:
    """The subcommands of group ``name`` built by another module (``None`` if it is not there),
    for a module that adds one more command to it (modules are discovered in name order)."""
    parser = sub.choices.get(name)
    if parser is None:
        return None
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its subparsers here
        if isinstance(action, argparse._SubParsersAction):
            return action
    return None
