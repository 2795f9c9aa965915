"""Whatever an officer does on the command line, they can do in the app by keys.

The test walks the CLI's real command list (the argparse subcommands) and fails for
any command that is neither mapped to an app action of the catalog
(``dutyroom/actions.py``, which feeds the keys, the footer, the help and the palette)
nor listed as an administrator's command with its reason.
"""

from __future__ import annotations

import argparse

from dutyroom.actions import BY_ID, SCREEN_GROUPS
from dutyroom.cli import build_parser
from dutyroom.i18n import t
from dutyroom.screens.help import GROUPS as HELP_GROUPS

APP_ACTION: dict[str, str] = {
    # command -> the catalog action that does it in the app
    "log add": "new_log",  # also ":" quick entry
    "log amend": "amend_log",
    "log list": "filter_pane",  # the duty-log pane, filtered by kind, time or text
    "log show": "open_selected",
    "log print": "print_activity_log",
    "report add": "new_report",
    "report list": "show_pane_3",
    "report show": "open_selected",
    "report follow-up": "report_follow_up",
    "report final": "report_final",
    "report forward": "report_forward",
    "report verify": "report_verify",
    "report severity": "report_severity",
    "report merge": "report_merge",
    "report ticket": "report_ticket",
    "report correct": "report_correct",
    "instruction add": "report_instruction",
    "instruction list": "show_pane_3",  # overdue instructions counted on the reports pane
    "instruction show": "open_selected",  # the chain's detail lists its instructions
    "instruction feedback": "report_feedback",
    "ticket add": "new_ticket",
    "ticket list": "show_pane_4",
    "ticket show": "open_selected",
    "ticket dispatch": "ticket_dispatch",
    "ticket update": "ticket_update",
    "escalations": "show_pane_2",
    "escalations ack": "acknowledge",
    "escalations snooze": "snooze",
    "handover start": "handover",
    "handover show": "handover",
    "handover note": "handover_notes",
    "handover ack": "handover_ack",
    "handover sign": "handover_sign_incoming",  # and handover_sign_outgoing
    "handover override": "handover_override",
    "handover print": "handover_print",
    "shift current": "show_pane_5",
    "shift sign-on": "sign_on",
    "shift sign-off": "sign_off",
    "roster list": "show_pane_5",  # the current shift's roster with phones
    "status set": "set_status",
    "status show": "set_status",  # also always in the header
    "order add": "orders_new",
    "order list": "standing_orders",
    "order end": "orders_end",
    "team deploy": "upward_deploy",
    "team release": "open_selected",  # Enter on a team in the deployments pane
    "team list": "show_pane_7",
    "deed add": "upward_new_deed",
    "deed list": "upward",
    "deed mark": "deed_mark",
    "bulletin": "bulletin_print",
    "bulletin draft": "bulletin_draft",
    "bulletin approve": "bulletin_approve",
    "bulletin issue": "bulletin_issue",
    "bulletin show": "upward_bulletin",
    "party-report": "upward_party_report",
    "station add": "new_station",  # W on the dashboard: a temporary gauge set up in the night
    "reading add": "record_reading",  # also quick entry "~沙河水库 21.4"
    "station list": "show_pane_8",  # the Water & rain pane: state, margin, trend, sparkline
    "reading list": "open_selected",  # Enter on a station in the Water & rain pane: its readings
    "callout start": "callout_start",  # c on the dashboard, or offered when a warning is issued
    "callout answer": "callout_answer",  # the call-out screen, worked down by keys
    "callout fail": "callout_fail",
    "callout arrived": "callout_arrived",
    "callout show": "callouts_open",
    "callout list": "callout_list",
    "callout close": "callout_close",
    "callout print": "callout_print",  # p on the call-out screen: printouts/callout-N-*.pdf
    "post add": "posts_new",
    "post list": "pioneer_posts",
    "post end": "posts_end",
    "evacuation add": "evacuations_new",  # and evacuations_update on the selected area
    "evacuation list": "evacuations",
    "replay": "replay_open",  # R: the read-only replay at a moment (dutyroom --replay TIME)
    "timeline": "timeline_export",  # T: the after-action timeline to printouts/ (also in a replay)
}

ADMIN: dict[str, str] = {
    # not duty work: each with why it has no key in the app
    "verify": "integrity check of the journal for the administrator and cron (exit 1 names the record)",
    "export": "bulk export of records to files for other systems",
    "backup": "copy of the journal under the lock, for the administrator and cron",
    "recover": "rebuilds the state when the app cannot start; must run with no app open",
    "who": "the presence strip on every dashboard shows the sessions at all times",
    "demo": "fills an empty data directory for training (the app offers it on first start)",
    "doctor": "checks the host's deployment (modes, sshd, fonts, lp) for the administrator, as root",
    "migrate": "one-off rewrite of older records through the journal by the administrator",
    "handover verify": "audit of sealed handovers' hashes, like verify",
    "handover list": "the archive of past shifts' handovers, for audit; the app works on the live one",
    "shift list": "the archive of past shifts, for audit",
    "report deadlines": "prints the configured deadline table; each chain's own deadline is on its row",
    "roster import": "the season's roster, set up from a CSV file by the administrator",
    "roster identify": "the app asks it itself at an account's first start (screens/identify.py)",
    "roster whoami": "the app asks it itself at an account's first start (screens/identify.py)",
    "keypoint import": "registry set-up from a CSV file before the season",
    "keypoint add": "registry set-up; officers pick points by name in the log form",
    "keypoint list": "registry listing; overdue patrols reach officers as escalations",
    "unit add": "directory set-up before the season",
    "unit list": "directory listing; units are chosen by name in the dispatch form",
    "station import": "registry set-up from a CSV file before the season",
    "reading import": "sensor batches from files, run by the administrator or cron",
    "contact import": "the call-out's responsible persons, set up from a CSV file before the season",
    "contact list": "registry listing; the call-out screen shows each call's person, role and phone",
}


def _is_group_help(func: object) -> bool:
    """``add_group`` gives a bare group a function that only prints its help."""
    return getattr(func, "__qualname__", "").startswith("add_group.")


def cli_commands() -> list[str]:
    """Every command the CLI runs: leaf subcommands, and groups that run something themselves
    (``dutyroom bulletin`` prints, ``dutyroom escalations`` lists)."""
    out: list[str] = []

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        func = parser._defaults.get("func")  # noqa: SLF001
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
        if path and func is not None and not _is_group_help(func):
            out.append(" ".join(path))
        for sub in subs:
            for name, child in sub.choices.items():
                walk(child, (*path, name))

    walk(build_parser(), ())
    return out


def test_the_walk_finds_the_commands():
    commands = cli_commands()
    assert {"log add", "report follow-up", "bulletin", "bulletin draft", "escalations ack",
            "party-report", "verify"} <= set(commands)
    assert "log" not in commands and "report" not in commands  # bare groups only print help


def test_every_officer_command_has_an_app_action():
    missing = [c for c in cli_commands() if c not in APP_ACTION and c not in ADMIN]
    assert not missing, ("CLI commands with no app action (add one to dutyroom/actions.py and "
                         "APP_ACTION, or a reason to ADMIN): " + ", ".join(missing))


def test_the_table_is_true():
    commands = set(cli_commands())
    stale = sorted((set(APP_ACTION) | set(ADMIN)) - commands)
    assert not stale, f"no such CLI command: {stale}"
    assert not set(APP_ACTION) & set(ADMIN)
    for command, action_id in APP_ACTION.items():
        spec = BY_ID.get(action_id)
        assert spec is not None, f"{command}: no action {action_id!r} in the catalog"
        assert spec.key, f"{command}: {action_id} has no key"
        assert spec.group in HELP_GROUPS, f"{command}: {action_id} is not listed in help"
        if spec.group in SCREEN_GROUPS and not action_id.startswith("show_pane_"):
            assert spec.palette, f"{command}: {action_id} is not in the command palette"


def test_palette_names_in_english():
    names = {action_id: t(BY_ID[action_id].description_key, lang="en")
             for action_id in ("sign_on", "sign_off", "standing_orders", "print_activity_log")}
    assert names == {"sign_on": "Sign on", "sign_off": "Sign off", "standing_orders": "Standing order",
                     "print_activity_log": "Print activity log"}
    assert t(BY_ID["sign_on"].description_key, lang="zh") == "签到"
    assert t(BY_ID["sign_off"].description_key, lang="zh") == "签退"
