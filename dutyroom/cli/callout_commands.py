"""``dutyroom callout start|answer|fail|arrived|show|list|close``: the warning call-out (预警叫应)."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, minutes, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.callout import Call, CallFailReason, Callout
from dutyroom.model.shift import clean_name
from dutyroom.services.callouts import Callouts, callout_json, progress_of, warning_message
from dutyroom.services.context import Context
from dutyroom.services.record_text import code_label, render


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "callout", t("cli.callout"))

    start = add_command(group, "start", t("cli.callout.start"))
    start.add_argument("--warning", required=True, metavar="TYPE:COLOUR", help=t("cli.callout.opt.warning"))
    start.add_argument("--areas", required=True, metavar="A[,B…]", help=t("cli.callout.opt.areas"))
    start.add_argument("--levels", default=None, metavar="town,village", help=t("cli.callout.opt.levels"))
    start.add_argument("--within", type=minutes, default=None, metavar="MIN", help=t("cli.callout.opt.within"))
    start.add_argument("--text", default=None, help=t("cli.callout.opt.text"))
    _json(start, _start)

    answer = _call_command(group, "answer", t("cli.callout.answer"))
    answer.add_argument("--by", default=None, metavar="NAME", help=t("cli.callout.opt.by"))
    answer.add_argument("--note", default=None, help=t("cli.callout.opt.note"))
    _json(answer, _answer)

    fail = _call_command(group, "fail", t("cli.callout.fail"))
    fail.add_argument("--reason", required=True, metavar="|".join(CallFailReason.codes()), help=t("cli.callout.opt.reason"))
    _json(fail, _fail)

    _json(_call_command(group, "arrived", t("cli.callout.arrived")), _arrived)

    show = add_command(group, "show", t("cli.callout.show"))
    show.add_argument("id", type=positive_int, help=t("cli.callout.arg.id"))
    _json(show, _show)

    listing = add_command(group, "list", t("cli.callout.list"))
    listing.add_argument("--open", action="store_true", help=t("cli.callout.opt.open"))
    _json(listing, _list)

    close = add_command(group, "close", t("cli.callout.close"))
    close.add_argument("id", type=positive_int, help=t("cli.callout.arg.id"))
    close.add_argument("--reason", default=None, help=t("cli.callout.opt.override"))
    _json(close, _close)


def _call_command(group: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = add_command(group, name, help_text)
    parser.add_argument("id", type=positive_int, help=t("cli.callout.arg.id"))
    parser.add_argument("call", type=positive_int, help=t("cli.callout.arg.call"))
    return parser


def _json(parser: argparse.ArgumentParser, func: object) -> None:
    parser.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    parser.set_defaults(func=func)


def _done(args: argparse.Namespace, ctx: Context, callout: Callout, line: str) -> int:
    if args.json:
        print_json(callout_json(callout, ctx.now()))
    else:
        print(line)
    return 0


def _start(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    callout = Callouts(ctx).start(args.warning, args.areas, levels=args.levels, within=args.within,
                                  text=args.text)
    return _done(args, ctx, callout, str(callout.id))


def _answer(args: argparse.Namespace, env: CliEnv) -> int:
    by = clean_name(args.by, "answered_by") if args.by is not None else None  # "--by ''" is a typo
    ctx = env.context()
    callout = Callouts(ctx).answer(args.id, args.call, by=by, note=args.note)
    return _done(args, ctx, callout, _call_line(ctx, callout.call(args.call)))


def _fail(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    callout = Callouts(ctx).fail(args.id, args.call, args.reason)
    return _done(args, ctx, callout, _call_line(ctx, callout.call(args.call)))


def _arrived(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    callout = Callouts(ctx).arrived(args.id, args.call)
    return _done(args, ctx, callout, _call_line(ctx, callout.call(args.call)))


def _close(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    callout = Callouts(ctx).close(args.id, override_reason=args.reason)
    return _done(args, ctx, callout, t("cli.callout.closed", id=callout.id))


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Callouts(ctx)
    callout = service.require(args.id)
    if args.json:
        print_json(callout_json(callout, ctx.now()))
        return 0
    print(summary_line(ctx, callout))
    if callout.text:
        print(one_line(callout.text))
    following = service.next_call(callout)
    for call in callout.calls:
        mark = "→" if following is not None and call.call_id == following.call_id else " "
        print(f"{mark} {_call_line(ctx, call)}")
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    found = Callouts(ctx).all(open_only=args.open)
    now = ctx.now()
    if args.json:
        print_json([callout_json(c, now) for c in found])
        return 0
    if not found:
        print(t("cli.empty"))
    for callout in found:
        print(summary_line(ctx, callout))
    return 0


def summary_line(ctx: Context, callout: Callout) -> str:
    """``#3 暴雨红色预警 河口镇 07-29 09:00 叫应 5/9 · 未应 1 · 到位 2 [进行中]``."""
    counts = progress_of(callout, ctx.now())
    state = t("cli.callout.state_open") if callout.open else t("cli.callout.state_closed")
    areas = render([one_line(a) for a in callout.areas])
    return (f"#{callout.id:<4} {render(warning_message(callout.warning))} {areas} "
            f"{ctx.local(callout.started_at).format('MM-DD HH:mm')}  "
            f"{t('cli.callout.progress', **counts)}  [{state}]")


def _call_line(ctx: Context, call: Call) -> str:
    """One call: number, level, area, name, role, phone, status and what comes next."""
    status = code_label("call_status", call.status.value)
    extra = ""
    if call.next_try_at is not None and call.open:
        extra = t("cli.callout.retry_at", at=ctx.local(call.next_try_at).format("HH:mm"),
                  reason=code_label("call_fail_reason", call.fail_reason))
    elif call.status.reached and call.answered_by and call.answered_by != call.name:
        extra = t("cli.callout.answered_by", by=one_line(call.answered_by))
    alt = f" / {one_line(call.alt_phone)}" if call.alt_phone else ""
    return (f"{call.call_id:>3} {code_label('contact_level', call.level)} {one_line(call.area)} "
            f"{one_line(call.name)} {one_line(call.role)}  {one_line(call.phone)}{alt}  "
            f"[{status}] {extra}").rstrip()
