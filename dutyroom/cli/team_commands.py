"""``dutyroom team deploy|release|list``: teams sent out and brought back."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, add_group, count, one_line, positive_int, print_json
from dutyroom.i18n import t
from dutyroom.model.deployment import Deployment, TaskCode
from dutyroom.services.deployments import Deployments, deployment_json
from dutyroom.services.pioneer_posts import deployment_extra


def register(sub: argparse._SubParsersAction) -> None:
    group = add_group(sub, "team", t("cli.team"))
    tasks = ", ".join(TaskCode.codes())

    deploy = add_command(group, "deploy", t("cli.team.deploy"))
    deploy.add_argument("team", metavar="TEAM", help=t("cli.arg.team"))
    deploy.add_argument("text", metavar="TEXT", help=t("cli.arg.deploy_text"))
    target = deploy.add_mutually_exclusive_group()
    target.add_argument("--ticket", type=positive_int, metavar="ID", help=t("cli.opt.deploy_ticket"))
    target.add_argument("--keypoint", type=positive_int, metavar="ID", help=t("cli.opt.deploy_keypoint"))
    deploy.add_argument("--area", metavar="TEXT", help=t("cli.opt.deploy_area_post"))
    deploy.add_argument("--post", type=positive_int, metavar="ID", help=t("cli.opt.deploy_post"))
    deploy.add_argument("--people", type=positive_int, required=True, metavar="N", help=t("cli.opt.people"))
    deploy.add_argument("--party-members", type=count, default=0, metavar="N", help=t("cli.opt.party_members"))
    deploy.add_argument("--task", default="other", metavar="CODE", help=t("cli.opt.task", choices=tasks))
    deploy.add_argument("--at", default=None, help=t("cli.opt.deploy_at"))
    deploy.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    deploy.set_defaults(func=_deploy)

    release = add_command(group, "release", t("cli.team.release"))
    release.add_argument("id", type=positive_int, metavar="DEPLOYMENT_ID", help=t("cli.arg.deployment_id"))
    release.add_argument("--evacuated", type=count, default=0, metavar="N", help=t("cli.opt.evacuated"))
    release.add_argument("--rescued", type=count, default=0, metavar="N", help=t("cli.opt.rescued"))
    release.add_argument("--at", default=None, help=t("cli.opt.release_at"))
    release.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    release.set_defaults(func=_release)

    listing = add_command(group, "list", t("cli.team.list"))
    listing.add_argument("--deployed", action="store_true", help=t("cli.opt.deployed"))
    listing.add_argument("--json", action="store_true", help=t("cli.opt.json"))
    listing.set_defaults(func=_list)


def _deploy(args: argparse.Namespace, env: CliEnv) -> int:
    from dutyroom.model.text import clean

    clean(args.text, "text", required=True)  # TEXT is required: blank is as good as missing
    deployment = Deployments(env.context()).deploy(
        args.team, people=args.people, party_members=args.party_members, task=args.task,
        text=args.text, ticket_id=args.ticket, keypoint_id=args.keypoint, area=args.area, at=args.at,
        post_id=args.post)
    if args.json:
        print_json(deployment_json(deployment))
    else:
        print(deployment.id)
    return 0


def _release(args: argparse.Namespace, env: CliEnv) -> int:
    deployment = Deployments(env.context()).release(args.id, evacuated=args.evacuated,
                                                    rescued=args.rescued, at=args.at)
    if args.json:
        print_json(deployment_json(deployment))
    else:
        print(deployment.id)
    return 0


def _list(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    service = Deployments(ctx)
    rows = service.current() if args.deployed else service.all()
    if args.json:
        print_json([deployment_json(d) for d in rows])
        return 0
    if not rows:
        print(t("cli.empty"))
    for deployment in rows:
        print(format_line(service, deployment, ctx.tz))
    return 0


def format_line(service: Deployments, d: Deployment, tz: str) -> str:
    start = d.started_at.to(tz).format("MM-DD HH:mm")
    end = d.ended_at.to(tz).format("MM-DD HH:mm") if d.ended_at else t("upward.still_out")
    people = t("upward.people_line", people=d.people, party=d.party_members)
    moved = t("upward.moved_line", evacuated=d.evacuated, rescued=d.rescued) if d.ended_at else ""
    extra = deployment_extra(service.ctx, d)
    return (f"#{d.id:<5} {one_line(d.team, 24)}  {t(d.task.label_key)}  "
            f"{one_line(service.target_label(d), 30)}  {start} – {end}  {people}{moved}  {one_line(d.text, 40)}"
            + (f"  ({one_line(extra, 60)})" if extra else ""))
