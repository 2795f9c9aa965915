"""``dutyroom doctor``: is this host deployed as the README says, and what to fix if not.

Each check returns one :class:`Check`: ``ok``, ``warn`` (works, but something an officer
will notice: no printer queue, a locale without UTF-8) or ``fail`` (the record or the
officers' sessions are at risk: the data directory readable by others, no setgid bit, a
Python the officers cannot run), with a message and the command that fixes it, both as
catalog keys so the operator reads them in their own language. Nothing here changes the
host; nothing imports Textual.
"""

from __future__ import annotations

from dutyroom.services.doctor import files, system
from dutyroom.services.doctor.check import FAIL, OK, WARN, Check, Host

__all__ = ["FAIL", "OK", "WARN", "Check", "Host", "run_checks", "exit_code"]


def run_checks(host: Host) -> list[Check]:
    group = files.data_group(host.data)
    return [*files.data_checks(host.data), system.umask_check(host.umask),
            files.python_check(host.executable, host.prefix, group), system.font_check(),
            *system.printer_checks(), system.locale_check(), system.sshd_check(host.data, group),
            system.roster_check(host.officers, group)]


def exit_code(checks: list[Check]) -> int:
    """0 when nothing fails (warnings are shown with their fix), 1 when something must be fixed."""
    return 1 if any(c.status == FAIL for c in checks) else 0
