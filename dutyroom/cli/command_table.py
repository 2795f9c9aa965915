"""Which module builds which top-level command, without importing any of them.

``dutyroom log add`` should not pay for importing the handover, bulletin and
printout commands just to build a parser it never uses. The top-level parser
lists every command from this table (so ``dutyroom --help`` and an unknown
command's message stay complete) and only the modules of the command being run
are imported to build its real parser. ``tests/test_cli_start.py`` checks this
table against what the ``*_commands`` modules actually register.
"""

from __future__ import annotations

# (command, help key, modules that register it or add to it, in registration order)
COMMANDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("verify", "cli.verify", ("admin_commands",)),
    ("export", "cli.export", ("admin_commands",)),
    ("backup", "cli.backup", ("admin_commands",)),
    ("recover", "cli.recover", ("admin_commands",)),
    ("bulletin", "cli.bulletin", ("bulletin_commands",)),
    ("callout", "cli.callout", ("callout_commands", "callout_print_commands")),
    ("contact", "cli.contact", ("contact_commands",)),
    ("deed", "cli.deed", ("deed_commands",)),
    ("demo", "cli.demo", ("demo_commands",)),
    ("doctor", "cli.doctor", ("doctor_commands",)),
    ("escalations", "cli.escalations", ("escalation_commands",)),
    ("evacuation", "cli.evacuation", ("evacuation_commands",)),
    ("handover", "cli.handover", ("handover_commands",)),
    ("keypoint", "cli.keypoint", ("keypoint_commands",)),
    ("log", "cli.log", ("log_commands", "logprint_commands")),
    ("migrate", "cli.migrate", ("migrate_commands",)),
    ("who", "cli.who", ("multi_commands",)),
    ("order", "cli.order", ("order_commands",)),
    ("party-report", "cli.party_report", ("party_report_commands",)),
    ("post", "cli.post", ("post_commands",)),
    ("replay", "cli.replay", ("replay_commands",)),
    ("report", "cli.report", ("report_commands", "report_correct_commands")),
    ("instruction", "cli.instruction", ("report_commands",)),
    ("roster", "cli.roster", ("roster_commands",)),
    ("shift", "cli.shift", ("shift_commands",)),
    ("station", "cli.station", ("station_commands",)),
    ("reading", "cli.reading", ("station_commands",)),
    ("status", "cli.status", ("status_commands",)),
    ("team", "cli.team", ("team_commands",)),
    ("ticket", "cli.ticket", ("ticket_commands",)),
    ("timeline", "cli.timeline", ("timeline_commands",)),
    ("unit", "cli.unit", ("unit_commands",)),
)

_GLOBAL_WITH_VALUE = ("--db", "--lang", "--operator", "--replay")


def command_in(argv: list[str]) -> str | None:
    """The top-level command named in ``argv`` (global options may come first), if any."""
    names = {name for name, _key, _modules in COMMANDS}
    skip = False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in _GLOBAL_WITH_VALUE:
            skip = True
            continue
        if arg == "--":
            continue
        if arg.startswith("-"):
            continue
        return arg if arg in names else None
    return None


def modules_for(command: str) -> tuple[str, ...]:
    for name, _key, modules in COMMANDS:
        if name == command:
            return modules
    return ()
