"""Who else is working right now: one heartbeat file per running session.

Each app session writes ``presence/<host>-<pid>.json`` under the data
directory every few seconds (atomically: temp file + ``os.replace``, so a
reader never sees half a file) and removes it when it ends. A session that
died without cleaning up (kill -9, a dropped SSH link) stops beating: it
leaves the list as soon as its process is seen gone on this host, and after
``stale_after`` seconds without a beat in any case, well inside 30 s.

Presence is never written to the journal: it is not part of the legal record,
just a courtesy so officers know who else may be editing. Its files are cheap
to lose, so they are not fsynced.
"""

from __future__ import annotations

import itertools
import os
import socket
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

import arrow
import orjson

from dutyroom.model.text import strip_controls
from dutyroom.model.timeinput import from_iso, iso

FOLDER = "presence"
_instances = itertools.count()
DEFAULTS: dict[str, float] = {
    "interval": 5.0,       # seconds between beats
    "stale_after": 15.0,   # seconds without a beat before a session is taken as gone
    "forget_after": 3600.0,  # seconds after which anyone may delete a dead session's file
}


def settings(section: dict[str, Any] | None) -> dict[str, float]:
    """``[presence]`` in config.toml over the defaults; nonsense values fall back to them."""
    out = dict(DEFAULTS)
    for key, value in (section or {}).items():
        if key in out and isinstance(value, (int, float)) and value > 0:
            out[key] = float(value)
    return out


@dataclass(frozen=True)
class Session:
    """One running app session as its heartbeat file describes it."""

    host: str
    pid: int
    operator: str
    station: str
    started: str
    beat: str
    roster_name: str | None = None
    editing: str | None = None  # e.g. "ticket:12" while a form on that record is open
    instance: int = 0  # a second session in one process (tests run two apps side by side)

    @property
    def key(self) -> str:
        base = f"{self.host}-{self.pid}"
        return f"{base}-{self.instance}" if self.instance else base

    @property
    def name(self) -> str:
        """The roster name when the officer has one, else the OS user."""
        return self.roster_name or self.operator

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Session":
        def text(name: str, limit: int = 80) -> str:
            return " ".join(strip_controls(str(data.get(name) or "")).split())[:limit]

        return cls(host=text("host"), pid=int(data["pid"]), operator=text("operator"),
                   station=text("station"), started=str(data["started"]), beat=str(data["beat"]),
                   roster_name=text("roster_name") or None, editing=text("editing") or None,
                   instance=int(data.get("instance") or 0))


def folder(root: Path) -> Path:
    return Path(root) / FOLDER


def this_host() -> str:
    """The host name, made safe for a file name."""
    name = socket.gethostname() or "host"
    return "".join(c if c.isalnum() or c in "._" else "_" for c in name)[:64]


def _pid_gone(pid: int) -> bool:
    """True only when this host certainly has no such process (another user's counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


def _write(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically; no fsync, a lost heartbeat costs nothing."""
    temp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


class Presence:
    """This session's heartbeat. Call :meth:`beat` on a timer and :meth:`leave` on exit."""

    def __init__(self, root: Path, *, operator: str, station: str, now: Callable[[], arrow.Arrow],
                 roster_name: str | None = None, host: str | None = None,
                 pid: int | None = None, options: dict[str, Any] | None = None) -> None:
        self.root = Path(root)
        self.now = now
        self.host = host or this_host()
        self.pid = os.getpid() if pid is None else pid
        self.operator = operator
        self.station = station
        self.roster_name = roster_name
        self.editing: str | None = None
        self.options = settings(options)
        self.started = iso(now())
        self.instance = next(_instances) if pid is None else 0
        self.path = folder(self.root) / f"{self.session().key}.json"

    @property
    def key(self) -> str:
        return f"{self.host}-{self.pid}-{self.instance}" if self.instance else f"{self.host}-{self.pid}"

    @property
    def interval(self) -> float:
        return self.options["interval"]

    def session(self) -> Session:
        return Session(host=self.host, pid=self.pid, operator=self.operator, station=self.station,
                       started=self.started, beat=iso(self.now()), roster_name=self.roster_name,
                       editing=self.editing, instance=self.instance)

    def beat(self) -> None:
        """Write the heartbeat; a failure (disk full, no permission) is silently skipped."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _write(self.path, orjson.dumps(asdict(self.session())))
        except OSError:
            pass

    def set_editing(self, what: str | None) -> None:
        """Tell the others which record this session has open in a form (``"ticket:12"``)."""
        if what != self.editing:
            self.editing = what
            self.beat()

    def set_roster_name(self, name: str | None) -> None:
        if name != self.roster_name:
            self.roster_name = name
            self.beat()

    def leave(self) -> None:
        """Remove this session's file (on a clean exit, or from a SIGHUP handler)."""
        try:
            self.path.unlink()
        except OSError:
            pass

    def sessions(self, *, include_self: bool = True) -> list[Session]:
        found = live_sessions(self.root, self.now, options=self.options, host=self.host)
        if include_self:
            return found
        return [s for s in found if s.key != self.key]

    def others(self) -> list[Session]:
        return self.sessions(include_self=False)

    def editing_same(self, what: str) -> list[Session]:
        """Other sessions with the same record open, to warn before a conflict happens."""
        return [s for s in self.others() if s.editing == what]


def roster_name(store: Any, operator: str) -> str | None:
    """The roster name linked to this OS account (``officer`` records' ``os_user``), if any."""
    try:
        officers = store.all("officer")
    except Exception:  # noqa: BLE001 - presence must never stop the app; the name is optional
        return None
    for officer in officers:
        if operator and officer.get("os_user") == operator and officer.get("name"):
            return str(officer["name"])
    return None


def live_sessions(root: Path, now: Callable[[], arrow.Arrow], *,
                  options: dict[str, Any] | None = None, host: str | None = None) -> list[Session]:
    """Every session beating now, oldest first; files of dead sessions are tidied away."""
    opts = settings(options)
    here = host or this_host()
    moment = now()
    out: list[Session] = []
    try:
        entries = list(os.scandir(folder(root)))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(".json") or entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            session = Session.from_dict(orjson.loads(path.read_bytes()))
            age = (moment - from_iso(session.beat)).total_seconds()
        except (OSError, orjson.JSONDecodeError, KeyError, TypeError, ValueError,
                arrow.parser.ParserError):
            continue
        dead = session.host == here and _pid_gone(session.pid)
        if dead or age > opts["forget_after"]:
            try:
                path.unlink()
            except OSError:
                pass
            continue
        if age > opts["stale_after"]:
            continue
        out.append(session)
    return sorted(out, key=lambda s: (s.started, s.key))
