"""The duty status: flood emergency response level and weather warnings in force.

One record (kind ``status``, id 1, in the registry). Every change is written
together with its duty-log entry in one commit, so the log never misses a
change and never shows one that did not happen. Each warning type is in force
at most once: setting ``rainstorm:red`` replaces ``rainstorm:orange``.
"""

from __future__ import annotations

from dataclasses import dataclass

from dutyroom.model.errors import ValidationError
from dutyroom.model.log_entry import LogKind
from dutyroom.model.status import (DutyStatus, ResponseLevel, WarningType, WeatherWarning,
                                   parse_warning)
from dutyroom.services.context import Context
from dutyroom.services.record_text import Message, message, render, system_entry
from dutyroom.store.errors import StaleRecord
from dutyroom.store.store import Create, Update


@dataclass
class StatusChange:
    before: DutyStatus
    after: DutyStatus
    log_id: int | None

    @property
    def changed(self) -> bool:
        return self.log_id is not None


def status_json(status: DutyStatus) -> dict:
    """The stable JSON shape of ``status show --json``."""
    return {"response": status.response.value,
            "warnings": [{"type": w.type.value, "colour": w.colour.value} for w in status.warnings],
            "updated_at": status.to_dict()["updated_at"], "updated_by": status.updated_by,
            "version": status.version}


def describe(status: DutyStatus) -> str:
    """One line in the reader's language, as the CLI shows it."""
    return render(status_message(status))


def status_message(status: DutyStatus) -> Message:
    """The status as a stored message: codes, rendered in each reader's language."""
    warnings = [message("status.warning_name", type=w.type, colour=w.colour) for w in status.warnings]
    return message("status.line", response=status.response, warnings=warnings or message("word.none"))


class StatusService:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def current(self) -> DutyStatus:
        records = self.ctx.store.all("status")
        return DutyStatus.from_dict(records[0]) if records else DutyStatus()

    def set(self, *, response: str | ResponseLevel | None = None,
            warnings: list[str | WeatherWarning] | None = None,
            clear: list[str] | None = None, clear_all: bool = False,
            replace_warnings: bool = False) -> StatusChange:
        """Apply a change; a no-op changes nothing and logs nothing.

        ``warnings`` are added (replacing the same type), ``clear`` names types
        (``rainstorm``) or warnings (``rainstorm:orange``) to lift, ``clear_all``
        lifts every warning first, ``replace_warnings`` makes ``warnings`` the
        full list (the app's form). A stale read (another officer changed it
        meanwhile) is retried on the fresh record.
        """
        level = None
        if response is not None:
            level = response if isinstance(response, ResponseLevel) else ResponseLevel.parse(
                str(response), "response")
        added = [w if isinstance(w, WeatherWarning) else parse_warning(w) for w in warnings or []]
        lifted = [_clear_type(c) for c in clear or []]
        for attempt in range(3):
            before = self.current()
            after = DutyStatus(response=level or before.response,
                               warnings=[] if clear_all or replace_warnings else list(before.warnings))
            after.warnings = [w for w in after.warnings if w.type not in lifted]
            for warning in added:
                after.warnings = [w for w in after.warnings if w.type != warning.type] + [warning]
            if (after.response == before.response
                    and sorted(w.code for w in after.warnings) == sorted(w.code for w in before.warnings)):
                return StatusChange(before, before, None)
            msg = message("status.changed_log", before=status_message(before), after=status_message(after))
            entry = system_entry(msg, kind=LogKind.NOTICE, at=self.ctx.now(), author=self.ctx.operator)
            payload = {k: v for k, v in after.payload().items()}
            op = (Update("status", before.id, payload, before.version) if before.id
                  else Create("status", payload))
            try:
                stored = self.ctx.store.commit([op, Create("log", entry)])
            except StaleRecord:
                if attempt == 2:
                    raise
                continue
            return StatusChange(before, DutyStatus.from_dict(stored[0]), int(stored[1]["id"]))
        raise AssertionError("unreachable")


def _clear_type(text: str) -> WarningType:
    value = (text or "").strip()
    if ":" in value:
        return parse_warning(value).type
    if not value:
        raise ValidationError("error.bad_warning", field="warning", value=text)
    return WarningType.parse(value, "warning")
