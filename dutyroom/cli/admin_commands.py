"""``dutyroom verify|export|backup|recover``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dutyroom.cli.parser import EXIT_FAILED_CHECK
from dutyroom.cli.common import CliEnv, add_command, write_csv, write_output
from dutyroom.i18n import t
from dutyroom.services.backup import backup, restore
from dutyroom.services.duty_log import DutyLog
from dutyroom.store import Store
from dutyroom.store.layout import is_registry
from dutyroom.store.verify import accept_broken_chain, verify

EXPORT_KINDS = ("log", "report", "ticket", "escalation", "handover", "instruction", "deployment",
                "deed", "bulletin", "shift", "officer", "unit", "keypoint", "status", "setting",
                "standing_order")
"""What ``export --kind`` can name: another word is a typo (exit 2), not an empty export."""


def register(sub: argparse._SubParsersAction) -> None:
    check = add_command(sub, "verify", t("cli.verify"))
    check.set_defaults(func=_verify)

    export = add_command(sub, "export", t("cli.export"))
    export.add_argument("--format", choices=["jsonl", "csv"], required=True, help=t("cli.export.format"))
    export.add_argument("--kind", default="log", choices=EXPORT_KINDS, help=t("cli.export.kind"))
    export.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    export.set_defaults(func=_export)

    copy = add_command(sub, "backup", t("cli.backup"))
    copy.add_argument("-o", "--output", default=None, help=t("cli.opt.output"))
    copy.set_defaults(func=_backup)

    recover = add_command(sub, "recover", t("cli.recover"))
    recover.add_argument("--from-backup", default=None, metavar="FILE", help=t("cli.recover.from_backup"))
    recover.add_argument("--accept-broken-chain", action="store_true", help=t("cli.recover.accept"))
    recover.add_argument("--reason", default=None, help=t("cli.recover.reason"))
    recover.set_defaults(func=_recover)


def _raw_store(env: CliEnv) -> Store:
    """The store without its open() checks: verify and recover must work on damaged data."""
    from dutyroom.services.identity import station

    return Store(env.db, now=env.clock.now, operator=env.operator, station=station())


def _verify(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.i18n import explain
    from dutyroom.model.errors import DomainError

    report = verify(_raw_store(env))
    for item in report.accepted:
        print(t("verify.accepted", line=item["line"], problem=explain(DomainError(item["key"], **item["params"])),
                by=item["by"], at=item["at"], reason=item["reason"]))
    if report.ok:
        print(t("cli.verify.ok", count=report.lines))
        return 0
    first, *rest = report.problems
    problem = explain(DomainError(first.key, **first.params))
    print(t("cli.verify.fail", problem=problem))
    for extra in rest[:20]:
        print("  " + explain(DomainError(extra.key, **extra.params)))
    if len(rest) > 20:
        print(t("cli.verify.more", count=len(rest) - 20))
    return EXIT_FAILED_CHECK


def _export(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.cli.log_commands import entry_json

    ctx = env.context()
    if args.kind == "log":
        rows = [entry_json(v) for v in DutyLog.with_amendments(DutyLog(ctx).all())]
    elif is_registry(args.kind):
        rows = ctx.store.all(args.kind)
    else:
        rows = [r for day in ctx.store.days(args.kind) for r in ctx.store.day_records(args.kind, day)]
    if args.format == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    else:
        columns = list(rows[0].keys()) if rows else ["id"]
        text = write_csv(rows, columns)
    write_output(text, args.output)
    if args.output and args.output != "-":
        sys.stderr.write(t("cli.exported", count=len(rows), path=args.output) + "\n")
    return 0


def _backup(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    result = backup(ctx.store, Path(args.output).expanduser() if args.output else None)
    print(t("cli.backup.done", path=result.path, count=result.lines))
    return 0


def _recover(args: argparse.Namespace, env: CliEnv) -> int:
    store = _raw_store(env)
    if args.from_backup:
        aside, count = restore(store, Path(args.from_backup).expanduser())
        print(t("cli.recover.restored", path=args.from_backup, count=count, aside=aside))
        return 0
    if args.accept_broken_chain and not (args.reason or "").strip():
        sys.stderr.write(t("cli.error_line", message=t("cli.recover.reason_missing")) + "\n")
        return 2
    accepted, broken = accept_broken_chain(store, args.reason if args.accept_broken_chain else None)
    if broken is not None:
        from dutyroom.i18n import explain
        from dutyroom.model.errors import DomainError

        sys.stderr.write(t("cli.recover.broken_chain", problem=explain(DomainError(broken.key, **broken.params)))
                         + "\n")
        return EXIT_FAILED_CHECK
    if accepted:
        print(t("cli.recover.accepted", count=accepted))
    aside = store.rebuild()
    print(t("cli.recover.rebuilt", aside=aside or "-"))
    return 0
