"""``dutyroom doctor``: is this host deployed as the README says, and what to fix if not.

Each check returns one :class:`Check`: ``ok``, ``warn`` (works, but something an officer
will notice: no printer queue, a locale without UTF-8) or ``fail`` (the record or the
officers' sessions are at risk: the data directory readable by others, no setgid bit, a
Python the officers cannot run), with a message and the command that fixes it, both as
catalog keys so the operator reads them in their own language. Nothing here changes the
host; nothing imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from dutyroom.i18n import t

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass
class Check:
    code: str
    status: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    fix: str = ""
    fix_params: dict[str, Any] = field(default_factory=dict)

    def message(self) -> str:
        return t(self.key, **self.params)

    def remedy(self) -> str:
        return t(self.fix, **self.fix_params) if self.fix else ""

    def as_json(self) -> dict[str, Any]:
        return {"check": self.code, "status": self.status, "message": self.message(), "fix": self.remedy()}


@dataclass
class Host:
    """What the checks look at; tests pass their own (a temporary directory, a fake umask)."""

    data: Path
    umask: int
    executable: str
    prefix: str
    officers: Callable[[], list[tuple[str, str]]] = lambda: []
    """(roster name, OS account) of every officer on the roster (empty account: not mapped)."""


def run_checks(host: Host) -> list[Check]:
    from dutyroom.services.doctor import files, system

    group = files.data_group(host.data)
    return [*files.data_checks(host.data), system.umask_check(host.umask),
            files.python_check(host.executable, host.prefix, group), system.font_check(),
            *system.printer_checks(), system.locale_check(), system.sshd_check(host.data, group),
            system.roster_check(host.officers, group)]


def exit_code(checks: list[Check]) -> int:
    """0 when nothing fails (warnings are shown with their fix), 1 when something must be fixed."""
    return 1 if any(c.status == FAIL for c in checks) else 0
