"""``dutyroom doctor [--json]``: check this host's deployment and say what to fix (exit 0/1)."""

from __future__ import annotations

import argparse
import os
import sys

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    doctor = add_command(sub, "doctor", t("cli.doctor"))
    doctor.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    doctor.set_defaults(func=_doctor)


def _doctor(args: argparse.Namespace, env: CliEnv) -> int:
    import dutyroom.cli as cli
    from dutyroom.services.doctor import FAIL, OK, Host, exit_code, run_checks

    umask = cli.startup_umask if cli.startup_umask is not None else _umask()
    host = Host(data=env.db, umask=umask, executable=sys.executable, prefix=sys.prefix,
                officers=lambda: _officers(env))
    checks = run_checks(host)
    code = exit_code(checks)
    if args.json:
        print_json({"ok": code == 0, "checks": [c.as_json() for c in checks]})
        return code
    for check in checks:
        print(f"{_pad(STATUS[check.status])} {check.message()}")
        if check.status != OK and check.fix:
            print(f"{' ' * (WIDTH + 1)}{t('doctor.fix_prefix')} {check.remedy()}")
    failed = sum(c.status == FAIL for c in checks)
    warned = sum(c.status not in (OK, FAIL) for c in checks)
    print(t("doctor.summary.fail", count=failed) if failed else
          t("doctor.summary.warn", count=warned) if warned else t("doctor.summary.ok"))
    return code


STATUS = {"ok": "doctor.status.ok", "warn": "doctor.status.warn", "fail": "doctor.status.fail"}
WIDTH = 6


def _pad(key: str) -> str:
    """The status word, padded to the same display width in either language."""
    import unicodedata

    word = t(key)
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in word)
    return word + " " * max(1, WIDTH - width)


def _umask() -> int:
    current = os.umask(0o007)
    os.umask(current)
    return current


def _officers(env: CliEnv) -> list[tuple[str, str]]:
    """(name, account) from the roster; nothing is created where there is no record yet."""
    if not (env.db / "journal.jsonl").is_file():
        return []
    from dutyroom.services.roster import RosterService

    return [(o.name, o.os_user) for o in RosterService(env.context()).officers()]
