"""``dutyroom replay --at TIME [--json]``: the duty room as it stood at TIME (复盘)."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "replay", t("cli.replay"))
    parser.add_argument("--at", required=True, metavar="TIME", help=t("cli.replay.opt.at"))
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(func=_replay)


def _replay(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.cli.replay_sections import replay_json, replay_text
    from dutyroom.services.replay import ReplaySession, integrity_line

    live = env.context()
    moment = live.parse_time(args.at, "at")
    session = ReplaySession(live, moment)
    try:
        check = session.integrity()
        if args.json:
            print_json(replay_json(session.ctx, check))
            return 0
        print(integrity_line(check))
        print(t("replay.heading", at=session.ctx.local(moment).format("YYYY-MM-DD HH:mm"),
                line=session.line))
        for line in replay_text(session.ctx):
            print(line)
    finally:
        session.close()
    return 0
