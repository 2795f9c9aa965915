"""``dutyroom who``: the sessions working on this data right now (from their heartbeats)."""

from __future__ import annotations

import argparse
import dataclasses

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.i18n import t
from dutyroom.services.presence import live_sessions


def register(sub: argparse._SubParsersAction) -> None:
    who = add_command(sub, "who", t("cli.who"))
    who.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    who.set_defaults(func=_who)


def _who(args: argparse.Namespace, env: CliEnv) -> int:
    """Reads only ``presence/``: no lock, no journal, works while others write."""
    settings = env.settings().section("presence")
    sessions = live_sessions(env.db, env.clock.now, options=settings)
    if args.json:
        print_json([dataclasses.asdict(s) for s in sessions])
        return 0
    if not sessions:
        print(t("cli.who.nobody"))
        return 0
    tz = env.settings().tz
    import arrow

    for s in sessions:
        station = t("word.local") if s.station == "local" else s.station
        since = arrow.get(s.started).to(tz).format("MM-DD HH:mm")
        name = s.name if s.name == s.operator else f"{s.name} ({s.operator})"
        editing = f"  {s.editing}" if s.editing else ""
        print(f"{name}\t{station}\t{t('presence.since', time=since)}\t{s.host}:{s.pid}{editing}")
    return 0
