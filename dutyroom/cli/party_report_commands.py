"""``dutyroom party-report``: party organisations and members at the front, printed or as CSV."""

from __future__ import annotations

import argparse

from dutyroom.cli.common import CliEnv, add_command, write_csv
from dutyroom.cli.upward_output import FORMATS, emit, render_document, send_to_printer
from dutyroom.i18n import t
from dutyroom.services import party_report
from dutyroom.services.upward_print import party_document


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "party-report", t("cli.party_report"))
    parser.add_argument("--from", dest="start", required=True, metavar="DATE", help=t("cli.opt.party_from"))
    parser.add_argument("--to", dest="end", required=True, metavar="DATE", help=t("cli.opt.party_to"))
    parser.add_argument("--district", default=None, metavar="NAME", help=t("cli.opt.party_district"))
    parser.add_argument("--format", choices=(*FORMATS, "csv"), required=True, help=t("cli.opt.print_format"))
    parser.add_argument("-o", "--output", default=None, metavar="FILE", help=t("cli.opt.output"))
    parser.add_argument("--print", dest="send_to_printer", action="store_true", help=t("cli.opt.print"))
    parser.set_defaults(func=_report)


def _report(args: argparse.Namespace, env: CliEnv) -> int:
    ctx = env.context()
    start, end = party_report.period(ctx, args.start, args.end)
    figures = party_report.compute(ctx, start, end, args.district)
    if args.format == "csv":
        totals = figures["totals"]
        total_row = {"team_id": "", "team": t("upward.total"), "deployments": totals["deployments"],
                     "people": totals["people"], "party_members": totals["party_members"],
                     "person_hours": totals["person_hours"],
                     **{f"task_{code}": n for code, n in totals["tasks"].items()},
                     "evacuated": totals["evacuated"], "rescued": totals["rescued"],
                     "deeds_marked": totals["deeds_marked"]}
        text = write_csv([*party_report.csv_rows(figures), total_row], party_report.CSV_COLUMNS)
        if args.send_to_printer:
            send_to_printer(party_document(ctx, figures))  # the same figures, printed as the PDF
        emit(text.encode("utf-8"), args.output)
        return 0
    data = render_document(party_document(ctx, figures), args.format)
    if args.send_to_printer:
        send_to_printer(party_document(ctx, figures))
    if args.output or not args.send_to_printer:
        emit(data, args.output)
    return 0
