"""``dutyroom shift current|list|sign-on|sign-off``."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, print_json
from dutyroom.i18n import t
from dutyroom.model.shift import Shift
from dutyroom.services.roster import RosterService
from dutyroom.services.shifts import ShiftService, shift_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "shift", t("cli.shift"))

    current = add_command(group, "current", t("cli.shift.current"))
    current.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    current.set_defaults(func=_current)

    listing = add_command(group, "list", t("cli.shift.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    for name, func, help_key in (("sign-on", _sign_on, "cli.shift.sign_on"),
                                 ("sign-off", _sign_off, "cli.shift.sign_off")):
        cmd = add_command(group, name, t(help_key))
        cmd.add_argument("--name", default=None, help=t("cli.shift.opt_name"))
        cmd.add_argument("--at", default=None, help=t("cli.opt.at"))
        cmd.add_argument("--json", action="store_true", help=t("cli.opt.json"))
        cmd.set_defaults(func=func)


def remaining_text(minutes: int | None) -> str:
    if minutes is None:
        return "-"
    return t("shift.hours_minutes", h=minutes // 60, m=minutes % 60)


def describe(shift: Shift, service: ShiftService) -> list[str]:
    now = service.ctx.now()
    data = shift_json(shift, service, now)
    ident = str(shift.id) if shift.id is not None else t("cli.shift.unsaved")
    lines = [t("cli.shift.line", id=ident, period=service.label(shift)) + "  "
             + t("cli.shift.remaining", left=remaining_text(data["minutes_remaining"]))]
    if shift.members():
        lines.append(f"{t('shift.pane.leader')}: {_with_phone(shift.leader, shift) or '-'}")
        officers = [_with_phone(n, shift) for n in shift.officers]
        lines.append(f"{t('shift.pane.officers')}: {', '.join(officers) or '-'}")
    else:
        lines.append(t("shift.pane.no_roster"))
    lines.append(f"{t('shift.pane.on_duty')}: {', '.join(shift.on_duty()) or '-'}")
    counts = data["counts"]
    lines.append(t("shift.pane.counts", log=counts["log_entries"], reports=counts["reports"],
                   tickets=counts["tickets"]))
    if shift.handover_in:
        lines.append(t("shift.pane.carried", count=len(shift.carried), id=shift.handover_in))
    return lines


def _with_phone(name: str, shift: Shift) -> str:
    phone = shift.phones.get(name)
    return f"{name} {phone}" if name and phone else name


def _current(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = ShiftService(ctx)
    shift = service.current()
    if args.json:
        print_json(shift_json(shift, service, ctx.now()))
    else:
        print("\n".join(describe(shift, service)))
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = ShiftService(ctx)
    shifts = sorted(service.all(), key=lambda s: (s.start, s.id or 0))
    if args.json:
        print_json([shift_json(s, service, ctx.now()) for s in shifts])
        return 0
    if not shifts:
        print(t("cli.empty"))
    for shift in shifts:
        people = ", ".join(shift.members()) or "-"
        print(f"#{shift.id:<5} {service.label(shift)}  {people}")
    return 0


def _attendance(args: argparse.Namespace, env: CliEnv, on: bool) -> int:
    ctx = env.context()
    service = ShiftService(ctx)
    name = args.name or RosterService(ctx).my_name()
    at = ctx.parse_time(args.at, "at") if args.at else None
    shift = service.sign_on(name, at) if on else service.sign_off(name, at)
    if args.json:
        print_json(shift_json(shift, service, ctx.now()))
    else:
        key = "cli.shift.signed_on" if on else "cli.shift.signed_off"
        print(t(key, name=name.strip(), shift=service.label(shift)))
    return 0


def _sign_on(args: argparse.Namespace, env: CliEnv) -> int:
    return _attendance(args, env, True)


def _sign_off(args: argparse.Namespace, env: CliEnv) -> int:
    return _attendance(args, env, False)
