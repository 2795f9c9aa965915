"""``dutyroom post add|list|end``: party-member pioneer posts (党员先锋岗)."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, count, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.services.pioneer_posts import PioneerPosts, post_json


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "post", t("cli.post"))

    add = add_command(group, "add", t("cli.post.add"))
    add.add_argument("name", metavar="NAME", help=t("cli.post.arg.name"))
    place = add.add_mutually_exclusive_group(required=True)
    place.add_argument("--keypoint", type=positive_int, metavar="ID", help=t("cli.post.opt.keypoint"))
    place.add_argument("--area", metavar="TEXT", help=t("cli.post.opt.area"))
    add.add_argument("--leader", required=True, metavar="NAME", help=t("cli.post.opt.leader"))
    add.add_argument("--party-members", type=count, default=0, metavar="N", help=t("cli.post.opt.party_members"))
    add.add_argument("--phone", default=None, metavar="P", help=t("cli.post.opt.phone"))
    add.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    add.set_defaults(func=_add)

    listing = add_command(group, "list", t("cli.post.list"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)

    end = add_command(group, "end", t("cli.post.end"))
    end.add_argument("id", type=positive_int, metavar="ID", help=t("cli.post.arg.id"))
    end.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    end.set_defaults(func=_end)


def _add(args: argparse.Namespace, env: CliEnv) -> int:
    post = PioneerPosts(env.context()).add(args.name, leader=args.leader, keypoint=args.keypoint,
                                           area=args.area, party_members=args.party_members,
                                           phone=args.phone)
    if args.json:
        print_json(post_json(post))
    else:
        print(post.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = PioneerPosts(ctx)
    posts = sorted(service.all(), key=lambda p: (not p.active, p.id or 0))
    if args.json:
        print_json([post_json(p) for p in posts])
        return 0
    if not posts:
        print(t("cli.empty"))
    for post in posts:
        since = ctx.local(post.started_at).format("MM-DD HH:mm")
        state = t("post.active") if post.active else t("post.ended")
        print(f"#{post.id:<4} {one_line(post.name, 24)}  {one_line(service.place_label(post), 30)}  "
              f"{one_line(post.leader, 16)} {one_line(post.phone, 16)}  "
              f"{t('post.people', party=post.party_members)}  {since}  [{state}]")
    return 0


def _end(args: argparse.Namespace, env: CliEnv) -> int:
    post = PioneerPosts(env.context()).end(args.id)
    if args.json:
        print_json(post_json(post))
    else:
        print(t("cli.post.ended", id=post.id))
    return 0
