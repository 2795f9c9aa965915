"""A Python API for integrations (SMS gateways, sensors, scripts) over the same services.

    from dutyroom.api import open_room

    with open_room("/srv/dutyroom", operator="sms-gateway") as room:
        entry = room.log.add("沙河水库 水位 21.3m", kind="reading")
        report = room.reports.add("积水 50 厘米", channel="sms", category="waterlogging",
                                  location="人民路下穿通道", severity="III", reporter="王建国")

Every write goes through the services the CLI and the app use (validation, the
journal, the linked duty-log entries), so an integration can do nothing the
officers' tools could not. Bad input raises :class:`InvalidInput` (a ``ValueError``
with a translated message and the offending ``field``); data that cannot be used
now (locked, corrupt, disk full) raises :class:`DataUnavailable`. Nothing is
written in either case.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Iterator

from dutyroom.model.errors import DomainError

if TYPE_CHECKING:
    import arrow

    from dutyroom.model.log_entry import LogEntry
    from dutyroom.model.report import IncomingReport
    from dutyroom.services.clock import Clock
    from dutyroom.services.context import Context
    from dutyroom.services.duty_log import DutyLog
    from dutyroom.services.reports import Reports

__all__ = ["DataUnavailable", "InvalidInput", "Room", "RoomError", "open_room"]


class RoomError(Exception):
    """Base of the API's errors; ``message`` is one translated sentence, ``key`` its catalog key."""

    def __init__(self, error: DomainError) -> None:
        from dutyroom.i18n import explain

        self.key = error.key
        self.params = dict(error.params)
        self.field: str | None = getattr(error, "field", None)
        self.message = explain(error)
        super().__init__(self.message)


class InvalidInput(RoomError, ValueError):
    """A value was refused (empty text, unknown code, a link to a missing record...)."""


class DataUnavailable(RoomError):
    """The data cannot be used right now: locked, corrupt, not writable, disk full."""


@contextmanager
def _translated() -> Iterator[None]:
    from dutyroom.store.errors import StoreError

    try:
        yield
    except StoreError as error:
        raise DataUnavailable(error) from None
    except DomainError as error:
        raise InvalidInput(error) from None


class LogApi:
    """``room.log``: the duty log."""

    def __init__(self, ctx: "Context") -> None:
        self._ctx = ctx

    @cached_property
    def _log(self) -> "DutyLog":
        """Built on first use: a search needs only the search service (fewer imports)."""
        from dutyroom.services.duty_log import DutyLog

        return DutyLog(self._ctx)

    def add(self, text: str, *, kind: str = "other", at: "str | arrow.Arrow | None" = None,
            report: int | None = None, ticket: int | None = None,
            keypoint: int | None = None) -> "LogEntry":
        """A new entry (as ``dutyroom log add``); ``at`` accepts what the CLI accepts."""
        with _translated():
            return self._log.add(text, kind=kind, at=at, report_id=report, ticket_id=ticket,
                                 keypoint_id=keypoint)

    def amend(self, entry_id: int, text: str, *, at: "str | None" = None) -> "LogEntry":
        """A correction: a new entry that amends ``entry_id`` (the original stays)."""
        with _translated():
            return self._log.amend(entry_id, text, at=at)

    def get(self, entry_id: int) -> "LogEntry | None":
        with _translated():
            return self._log.get(entry_id)

    def search(self, text: str) -> list["LogEntry"]:
        """Season-wide text search, oldest first (case-insensitive)."""
        from dutyroom.services.search import search_log

        with _translated():
            return search_log(self._ctx, text)


class ReportsApi:
    """``room.reports``: incoming reports, with the fields of ``dutyroom report add``."""

    def __init__(self, ctx: "Context") -> None:
        self._ctx = ctx

    @cached_property
    def _reports(self) -> "Reports":
        """Built on first use: a script that only logs or searches never imports the report
        services (measured: ~10 ms of a fresh process's start)."""
        from dutyroom.services.reports import Reports

        return Reports(self._ctx)

    def add(self, text: str, *, channel: str, category: str, location: str,
            severity: str = "unknown", reporter: str = "", phone: str = "", unit: str = "",
            at: "str | arrow.Arrow | None" = None, event_at: "str | arrow.Arrow | None" = None,
            keypoint: int | None = None, dead: int = 0, injured: int = 0, missing: int = 0,
            trapped: int = 0, affected: int = 0, measures: str = "", told: str = "",
            read_back: bool = False) -> "IncomingReport":
        """A first report (首报) and its duty-log entry; ``duplicate_of`` names open chains it may repeat."""
        with _translated():
            return self._reports.add(
                channel=channel, category=category, location=location, text=text,
                severity=severity, received_at=at, event_at=event_at, keypoint_id=keypoint,
                read_back=read_back, reporter=reporter, phone=phone, reporter_unit=unit,
                measures=measures, already_told=told, dead=dead, injured=injured,
                missing=missing, trapped=trapped, affected=affected)

    def follow_up(self, report_id: int, text: str, *, final: bool = False,
                  severity: str | None = None, **counts: Any) -> "IncomingReport":
        """A follow-up (续报), or with ``final=True`` the final report (终报) closing the chain."""
        with _translated():
            return self._reports.follow_up(report_id, text, final=final, severity=severity, **counts)

    def get(self, report_id: int) -> "IncomingReport":
        with _translated():
            return self._reports.get(report_id)


class Room:
    """One data directory opened for one operator; close it (or use ``with``) when done."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.log = LogApi(ctx)
        self.reports = ReportsApi(ctx)
        self.closed = False

    def close(self) -> None:
        """Let the store finish what it keeps for later (a checkpoint, where it has one)."""
        if self.closed:
            return
        self.closed = True
        finish = getattr(self.ctx.store, "close", None)
        if callable(finish):
            with _translated():
                finish()

    def __enter__(self) -> "Room":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def open_room(path: str | Path, operator: str, *, lang: str | None = None,
              clock: "Clock | None" = None) -> Room:
    """Open (or create) the data directory ``path`` and act as ``operator``.

    ``lang`` (``zh``/``en``) chooses the language of error messages (default as the CLI:
    ``DUTYROOM_LANG``, else ``LANG``); ``clock`` is for tests (default the system clock).
    """
    from dutyroom.config import load_settings
    from dutyroom.i18n import detect_language, set_language
    from dutyroom.locations import config_file
    from dutyroom.model.text import clean
    from dutyroom.services.clock import SystemClock
    from dutyroom.services.context import Context
    from dutyroom.services.identity import station
    from dutyroom.store import Store

    if lang is not None:
        set_language(detect_language(lang))
    root = Path(path).expanduser()
    with _translated():
        name = clean(operator, "operator", required=True, max_len=80, single_line=True)
        settings = load_settings(config_file(root))
        clock = clock or SystemClock()
        store = Store(root, now=clock.now, operator=name, station=station())
        store.open()
    return Room(Context(store=store, clock=clock, settings=settings, operator=name,
                        station=station()))
