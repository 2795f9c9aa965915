"""``dutyroom handover start|show|list|note|ack|sign|override|verify|print``."""

from __future__ import annotations

import argparse
from typing import Any

from dutyroom.cli.common import CliEnv, add_command, add_group, one_line, print_json
from dutyroom.cli.printing import add_print_options, deliver
from dutyroom.i18n import language, t
from dutyroom.model.handover import Handover, HandoverRole
from dutyroom.model.shift import clean_name
from dutyroom.services.handover import HandoverService
from dutyroom.services.handover_print import (event_text, handover_document, item_summary, label,
                                              status_label)
from dutyroom.services.record_text import subject_text


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "handover", t("cli.handover"))

    start = add_command(group, "start", t("cli.handover.start"))
    start.add_argument("--notes", default=None, help=t("cli.handover.opt_notes"))
    start.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    start.set_defaults(func=_start)

    show = add_command(group, "show", t("cli.handover.show"))
    show.add_argument("--shift", default="current", help=t("cli.handover.opt_shift"))
    show.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    show.set_defaults(func=_show)

    listing = add_command(group, "list", t("cli.handover.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    note = add_command(group, "note", t("cli.handover.note"))
    note.add_argument("text", help=t("cli.handover.arg_notes"))
    note.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    note.set_defaults(func=_note)

    ack = add_command(group, "ack", t("cli.handover.ack"))
    ack.add_argument("items", nargs="*", help=t("cli.handover.arg_items"))
    ack.add_argument("--all", action="store_true", help=t("cli.handover.opt_all"))
    ack.add_argument("--name", default=None, help=t("cli.shift.opt_name"))
    ack.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    ack.set_defaults(func=_ack)

    sign = add_command(group, "sign", t("cli.handover.sign"))
    sign.add_argument("--as", dest="role", required=True, choices=HandoverRole.codes(),
                      help=t("cli.handover.opt_as"))
    sign.add_argument("--name", default=None, help=t("cli.shift.opt_name"))
    sign.add_argument("--reason", default=None, help=t("cli.handover.opt_sign_reason"))
    sign.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    sign.set_defaults(func=_sign)

    override = add_command(group, "override", t("cli.handover.override"))
    override.add_argument("--reason", required=True, help=t("cli.handover.opt_reason"))
    override.add_argument("--leader", default=None, help=t("cli.handover.opt_leader"))
    override.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    override.set_defaults(func=_override)

    verify = add_command(group, "verify", t("cli.handover.verify"))
    which = verify.add_mutually_exclusive_group()
    which.add_argument("--shift", default="last", help=t("cli.handover.opt_shift"))
    which.add_argument("--all", action="store_true", help=t("cli.handover.opt_verify_all"))
    verify.set_defaults(func=_verify)

    printing = add_command(group, "print", t("cli.handover.print"))
    printing.add_argument("--shift", default="current", help=t("cli.handover.opt_shift"))
    add_print_options(printing)
    printing.set_defaults(func=_print)


def handover_json(handover: Handover, stored: bool = True) -> dict[str, Any]:
    """The stored dict (stable English field names and codes) plus whether it is stored."""
    data = handover.to_dict()
    data["stored"] = stored
    lang = language()
    for item, row in zip(handover.items, data.get("items") or []):
        row["summary"] = item_summary(item, lang)  # in the caller's language; ``message`` is the source
    for event, row in zip(handover.events, data.get("events") or []):
        row["text"] = event_text(event, lang)
    return data


def _current(env: CliEnv) -> tuple[HandoverService, Handover]:
    service = HandoverService(env.context())
    shift = service.shifts.ensure(service.target_shift())
    found = service.for_shift(shift)
    if found is None or found.sealed:
        return service, service.start()
    return service, found


def print_items(handover: Handover) -> None:
    lang = language()
    for item in handover.items:
        mark = "✓" if item.acknowledged else "·"
        print(t("cli.handover.item_line", mark=mark, key=subject_text(item.kind, item.id, lang=lang),
                severity=label("severity", item.severity, lang) if item.severity else "",
                status=status_label(item, lang), summary=one_line(item_summary(item, lang), 80)))


def _header(service: HandoverService, handover: Handover, stored: bool) -> str:
    tz = service.ctx.tz
    period = f"{handover.period_start.to(tz).format('MM-DD HH:mm')}–{handover.period_end.to(tz).format('MM-DD HH:mm')}" \
        if handover.period_start and handover.period_end else ""
    if not stored:
        return t("cli.handover.preview_header", period=period, count=len(handover.items))
    return t("cli.handover.header", id=handover.id, state=t(handover.state.label_key),
             shift=handover.shift_id, period=period, count=len(handover.items))


def _out(service: HandoverService, handover: Handover, args: argparse.Namespace, stored: bool = True) -> int:
    if getattr(args, "json", False):
        print_json(handover_json(handover, stored))
    else:
        print(_header(service, handover, stored))
        print_items(handover)
    return 0


def _start(args: argparse.Namespace, env: CliEnv) -> int:
    service = HandoverService(env.context())
    handover = service.start(args.notes)
    return _out(service, handover, args)


def _show(args: argparse.Namespace, env: CliEnv) -> int:
    service = HandoverService(env.context())
    handover, stored = service.resolve(args.shift)
    _out(service, handover, args, stored)
    if not args.json and handover.notes:
        print(f"{t('handover.doc.notes')}: {handover.notes}")
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    service = HandoverService(env.context())
    handovers = service.all()
    if args.json:
        print_json([handover_json(h) for h in handovers])
        return 0
    if not handovers:
        print(t("cli.empty"))
    for h in handovers:
        print(_header(service, h, True) + (f"  {h.outgoing} → {h.incoming}" if h.sealed else ""))
    return 0


def _note(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.text import clean

    clean(args.text, "handover_notes", required=True)  # refused before a draft is started
    service, handover = _current(env)
    return _out(service, service.set_notes(handover, args.text), args)


def _ack(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.errors import ValidationError

    if args.name is not None:
        clean_name(args.name, "incoming")
    if not args.all and not [k for k in args.items if k.strip()]:
        raise ValidationError("error.required", field="carried_items")  # before anything is written
    if not args.all:
        preview, _ = HandoverService(env.context()).resolve("current")
        missing = [k.strip() for k in args.items if preview.item(k.strip()) is None]
        if missing:
            raise ValidationError("handover.error.no_item", field="carried_item", item=", ".join(missing))
    service, handover = _current(env)
    handover = service.refresh(handover)
    if args.all:
        if not args.json:
            print_items(handover)  # the items are shown before they are acknowledged
        handover = service.acknowledge(handover, None, args.name)
    else:
        handover = service.acknowledge(handover, args.items, args.name)
    if args.json:
        print_json(handover_json(handover))
    else:
        acked = sum(1 for i in handover.items if i.acknowledged)
        print(t("cli.handover.acknowledged", count=acked, left=len(handover.items) - acked))
    return 0


def _sign(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.errors import ValidationError

    service = HandoverService(env.context())
    service.check_signer(args.role, args.name, args.reason)  # the wrong signer: refused, nothing written
    preview, _ = service.resolve("current")
    pending = preview.unacknowledged()
    if args.role == HandoverRole.INCOMING.value and not preview.incoming and pending:
        raise ValidationError("handover.error.unacknowledged", field="carried_items", count=len(pending),
                              items=", ".join(i.key for i in pending[:10]))
    service, handover = _current(env)
    handover = service.sign(handover, args.role, args.name, args.reason)
    if args.json:
        print_json(handover_json(handover))
    elif args.role == HandoverRole.LEADER.value:
        print(t("cli.handover.countersigned", name=handover.countersigned_by))
    elif handover.sealed:
        print(t("cli.handover.sealed", seal=handover.seal))
    else:
        print(t("cli.handover.signed_incoming", name=handover.incoming))
    return 0


def _override(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.text import clean
    from dutyroom.services.signatures import check_leader

    service = HandoverService(env.context())
    clean(args.reason, "override_reason", required=True)  # refused before a draft is started
    leader = check_leader(service.roster.my_name(), args.leader, service.target_shift())
    service, handover = _current(env)
    handover = service.override(handover, leader, args.reason)
    if args.json:
        print_json(handover_json(handover))
    else:
        print(t("cli.handover.override_done", name=leader))
    return 0


def _verify(args: argparse.Namespace, env: CliEnv) -> int:
    service = HandoverService(env.context())
    if args.all:
        bad = 0
        for handover in (h for h in service.all() if h.sealed):
            ok = service.verify(handover)
            bad += not ok
            print(t("cli.handover.verify_ok" if ok else "cli.handover.verify_bad", id=handover.id))
        return 1 if bad else 0
    handover, stored = service.resolve(args.shift)
    if not stored or not handover.sealed:
        print(t("cli.handover.not_sealed", id=handover.id or "-"))
        return 1
    if service.verify(handover):
        print(t("cli.handover.verify_ok", id=handover.id))
        return 0
    print(t("cli.handover.verify_bad", id=handover.id))
    return 1


def _print(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = HandoverService(ctx)
    handover, stored = service.resolve(args.shift)
    return deliver(handover_document(handover, ctx.tz, language(), stored=stored), args)
