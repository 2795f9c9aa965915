"""One check's result and what the checks look at (shared by the check modules)."""

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
