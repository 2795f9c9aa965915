"""``dutyroom demo``: fill an empty database with a flood-season day, for training."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, print_json
from dutyroom.i18n import t
from dutyroom.model.errors import ValidationError


def register(sub: argparse._SubParsersAction) -> None:
    demo = add_command(sub, "demo", t("cli.demo"))
    demo.add_argument("--force", action="store_true", help=t("cli.demo.opt.force"))
    demo.add_argument("--shared", action="store_true", help=t("cli.demo.opt.shared"))
    demo.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    demo.set_defaults(func=_demo)


def _demo(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.locations import shared_with_group

    ctx = env.context()
    if shared_with_group(ctx.store.root) is not None and not args.shared:
        # a production directory: the demo would sit in the legal record of the whole room
        raise ValidationError("cli.demo.shared", field="db", path=str(ctx.store.root))
    if ctx.store.revision() > 0 and not args.force:
        raise ValidationError("cli.demo.not_empty", field="db", path=str(ctx.store.root))
    from dutyroom.services.demo import fill_demo

    summary = fill_demo(ctx)
    if args.json:
        print_json(summary)
    else:
        print(t("demo.done", **summary))
    return 0
