"""Real terminals, real OS users, a real sshd: the pieces the end-to-end tests share.

Everything here starts processes of its own (a private tmux server per test, users
named ``drt*`` created and removed again, an sshd on a free port) and stops exactly
those, by id, when the test ends.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
DUTYROOM = VENV_BIN / "dutyroom"  # the installed console script, as officers run it
TZ = "Asia/Shanghai"


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (to create OS users); running as uid {os.geteuid()}")
    for tool in ("useradd", "userdel", "groupadd", "groupdel", "runuser"):
        if shutil.which(tool) is None:
            pytest.skip(f"{what} needs {tool}, which is not installed")


def require_tmux() -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (.ci/system-deps.sh installs it when run as root)")
    if not DUTYROOM.exists():
        pytest.skip(f"the dutyroom console script is not installed at {DUTYROOM}")


# ----------------------------------------------------------------------------- OS users
@dataclass
class OsUsers:
    """A ``dutyroom``-like group, members and outsiders, all removed at the end."""

    group: str
    users: list[str] = field(default_factory=list)

    def run(self, user: str, *args: str, umask: str = "022", env: dict[str, str] | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """``args`` as ``user`` with that user's groups (runuser does initgroups), from a
        login-like shell whose umask is ``umask`` (022 is the usual default: the app must
        set its own)."""
        home = pwd.getpwnam(user).pw_dir
        base = {"PATH": f"{VENV_BIN}:/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8",
                "TZ": TZ, "DUTYROOM_TZ": TZ, "DUTYROOM_LANG": "zh", "PYTHONPATH": str(ROOT),
                "PYTHONDONTWRITEBYTECODE": "1"}
        base.update(env or {})
        command = ["runuser", "-u", user, "--", "env", "-i",
                   *(f"{k}={v}" for k, v in base.items()),
                   "sh", "-c", f'umask {umask}; exec "$@"', "sh", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              cwd="/")


    def python(self, user: str) -> tuple[list[str], dict[str, str]]:
        """An interpreter ``user`` may run with dutyroom importable: the venv's, or where the
        venv's base lives in a private home (pyenv under /root), the system Python of the same
        version with the venv's packages on its path."""
        if self.run(user, sys.executable, "-c", "import dutyroom").returncode == 0:
            return [sys.executable], {}
        import sysconfig

        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        paths = {"PYTHONPATH": f"{ROOT}:{sysconfig.get_paths()['purelib']}"}
        for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
            if Path(candidate).exists() and self.run(user, candidate, "-c", "import dutyroom, orjson, tinydb",
                                                     env=paths).returncode == 0:
                return [candidate], paths
        pytest.skip(f"no {version} that user {user} may run (the venv's interpreter is "
                    f"{Path(sys.executable).resolve()}, inside a private directory)")


@contextmanager
def os_users(members: int = 1, outsiders: int = 1) -> Iterator[tuple[OsUsers, list[str], list[str]]]:
    tag = secrets.token_hex(3)
    group = f"drt{tag}g"
    created = OsUsers(group=group)
    subprocess.run(["groupadd", group], check=True, capture_output=True)
    inside, outside = [], []
    try:
        for i in range(members + outsiders):
            name = f"drt{tag}{'m' if i < members else 'o'}{i}"
            extra = ["-G", group] if i < members else []
            subprocess.run(["useradd", "-m", "-s", "/bin/sh", *extra, name], check=True,
                           capture_output=True)
            created.users.append(name)
            (inside if i < members else outside).append(name)
        yield created, inside, outside
    finally:
        for name in created.users:
            subprocess.run(["userdel", "-r", name], capture_output=True)
        subprocess.run(["groupdel", group], capture_output=True)


def shared_data_dir(group: str) -> Path:
    """A data directory set up as the README says: group-owned, mode 2770, in a parent
    every user can traverse (pytest's own tmp dirs are private to root)."""
    parent = Path(tempfile.mkdtemp(prefix="dutyroom-room-"))
    parent.chmod(0o755)
    data = parent / "data"
    data.mkdir()
    shutil.chown(data, group=group)
    data.chmod(0o2770)
    return data


# ----------------------------------------------------------------------------- tmux
class Tmux:
    """A private tmux server (its own socket), so tests never touch anyone else's sessions."""

    def __init__(self, base: Path) -> None:
        self.socket = base / "tmux.sock"

    def cmd(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # An explicit environment: under pytest the inherited C environment carries
        # COLUMNS=80 LINES=24 (not visible in os.environ), which would pin every app to 80x24.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}
        return subprocess.run(["tmux", "-u", "-S", str(self.socket), *args], capture_output=True,
                              text=True, check=check, timeout=30, env=env)

    def start(self, name: str, command: str, *, width: int = 120, height: int = 40,
              env: dict[str, str] | None = None) -> None:
        """A detached session running ``command`` (via sh) in a ``width`` x ``height`` pane."""
        exports = " ".join(f"{k}={_quote(v)}" for k, v in (env or {}).items())
        # umask 022 as a login shell usually has: dutyroom must set its own (0o007)
        line = f"umask 022; exec env -u COLUMNS -u LINES {exports} {command}"
        self.cmd("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line)
        # detached sessions otherwise follow the server's default size (80x24)
        self.cmd("set-option", "-t", f"={name}:", "window-size", "manual", check=False)
        self.cmd("resize-window", "-t", f"={name}:", "-x", str(width), "-y", str(height), check=False)
        self.cmd("set-option", "-t", f"={name}:", "remain-on-exit", "on", check=False)

    def screen(self, name: str) -> str:
        result = self.cmd("capture-pane", "-p", "-t", f"={name}:", check=False)
        return result.stdout

    def keys(self, name: str, *keys: str, literal: bool = False) -> None:
        self.cmd("send-keys", "-t", f"={name}:", *(["-l"] if literal else []), *keys)

    def pane_pid(self, name: str) -> int:
        return int(self.cmd("display-message", "-p", "-t", f"={name}:", "#{pane_pid}").stdout.strip())

    def pane_dead(self, name: str) -> bool:
        result = self.cmd("display-message", "-p", "-t", f"={name}:", "#{pane_dead}", check=False)
        return result.stdout.strip() == "1"

    def exit_status(self, name: str) -> int | None:
        """The exit status of a dead pane (from tmux, else from its "Pane is dead" line)."""
        import re

        for _ in range(20):
            result = self.cmd("display-message", "-p", "-t", f"={name}:", "#{pane_dead_status}",
                              check=False)
            value = result.stdout.strip()
            if value.lstrip("-").isdigit():
                return int(value)
            signal = self.cmd("display-message", "-p", "-t", f"={name}:", "#{pane_dead_signal}",
                              check=False).stdout.strip()
            if signal.isdigit() and int(signal) > 0:
                return -int(signal)  # killed by a signal, as subprocess reports it
            screen = self.screen(name)
            found = re.search(r"Pane is dead \(status (-?\d+)", screen)
            if found:
                return int(found.group(1))
            killed = re.search(r"Pane is dead \(signal (\d+)", screen)
            if killed:
                return -int(killed.group(1))
            time.sleep(0.1)
        return None

    def wait_dead(self, name: str, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.pane_dead(name):
                return
            time.sleep(0.1)
        raise AssertionError(f"{name!r} still running after {timeout}s:\n{self.screen(name)}")

    def kill_session(self, name: str) -> None:
        self.cmd("kill-session", "-t", f"={name}:", check=False)

    def kill_server(self) -> None:
        self.cmd("kill-server", check=False)

    def wait_screen(self, name: str, *needles: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(name)
            if all(n in text for n in needles):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{needles!r} not on screen {name!r} within {timeout}s:\n{text}")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\"'\"'") + "'"


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    require_tmux()
    server = Tmux(tmp_path)
    try:
        yield server
    finally:
        server.kill_server()


def app_env(db: Path, **extra: str) -> dict[str, str]:
    env = {"DUTYROOM_DB": str(db), "DUTYROOM_TZ": TZ, "TZ": TZ, "LANG": "C.UTF-8",
           "TERM": "xterm-256color", "DUTYROOM_LANG": "zh"}
    env.update(extra)
    return env


def cli(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a cron job or a script on the host runs it."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("DUTYROOM_")}
    full.update(app_env(db, **env))
    return subprocess.run([str(DUTYROOM), *args], capture_output=True, text=True, env=full,
                          timeout=60)


def not_group_shared(root: Path) -> list[str]:
    """Files under ``root`` without group read/write or with any access for others."""
    import stat

    bad = []
    for path in root.rglob("*"):
        if "drafts" in path.relative_to(root).parts:
            continue  # an officer's unsaved form input is private to that officer (0700)
        mode = stat.S_IMODE(path.lstat().st_mode)
        need = 0o070 if path.is_dir() else 0o060
        if mode & need != need or mode & 0o007:
            bad.append(f"{path.relative_to(root)} {oct(mode)}")
    return bad


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ----------------------------------------------------------------------------- sshd
@dataclass
class SshServer:
    port: int
    user: str
    client_key: Path
    log: Path

    def ssh_command(self, remote: str = "") -> str:
        """A shell command line that logs in with a terminal (``-tt``), as an officer would."""
        options = ["-tt", "-p", str(self.port), "-i", str(self.client_key),
                   "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                   "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                   f"{self.user}@127.0.0.1"]
        return " ".join(["ssh", *options, *([_quote(remote)] if remote else [])])


@contextmanager
def sshd(base: Path, force_command: str | None = None) -> Iterator[SshServer]:
    """Our own OpenSSH server on a free port of 127.0.0.1, with its own host key and a key
    authorised for the user running the tests. Skips, saying why, only when sshd cannot
    start; once it runs, a failed login is a test failure."""
    binary = shutil.which("sshd") or "/usr/sbin/sshd"
    if not Path(binary).exists():
        pytest.skip("sshd is not installed (.ci/system-deps.sh installs openssh-server as root)")
    if shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        pytest.skip("the OpenSSH client (ssh, ssh-keygen) is not installed")
    base.mkdir(parents=True, exist_ok=True)
    host_key, client_key = base / "host_key", base / "client_key"
    for key in (host_key, client_key):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True,
                       capture_output=True)
    authorized = base / "authorized_keys"
    authorized.write_text(Path(f"{client_key}.pub").read_text())
    authorized.chmod(0o600)
    user = pwd.getpwuid(os.geteuid()).pw_name
    port = free_port()
    lines = [f"Port {port}", "ListenAddress 127.0.0.1", f"HostKey {host_key}",
             f"PidFile {base / 'sshd.pid'}", f"AuthorizedKeysFile {authorized}",
             "StrictModes no", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
             "PubkeyAuthentication yes", "UsePAM no", "PermitRootLogin prohibit-password",
             f"AllowUsers {user}", "PrintMotd no", "PrintLastLog no", "AcceptEnv LANG LC_*",
             "LogLevel VERBOSE"]
    if force_command:
        lines.append(f"ForceCommand {force_command}")
    config = base / "sshd_config"
    config.write_text("\n".join(lines) + "\n")
    if os.geteuid() == 0 and not Path("/run/sshd").exists():
        Path("/run/sshd").mkdir(mode=0o755)  # the privilege-separation directory sshd expects
    log = base / "sshd.log"
    check = subprocess.run([binary, "-t", "-f", str(config)], capture_output=True, text=True)
    if check.returncode != 0:
        pytest.skip(f"sshd cannot start here: {check.stderr.strip()}")
    with open(log, "wb") as log_file:
        server = subprocess.Popen([binary, "-D", "-e", "-f", str(config)],
                                  stdout=subprocess.DEVNULL, stderr=log_file)
    try:
        deadline = time.monotonic() + 10
        while True:
            if server.poll() is not None:
                pytest.skip(f"sshd cannot start here (exit {server.returncode}): "
                            f"{log.read_text(errors='replace').strip()[-500:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.skip(f"sshd did not listen on 127.0.0.1:{port} within 10 s: "
                                f"{log.read_text(errors='replace').strip()[-500:]}")
                time.sleep(0.1)
        yield SshServer(port=port, user=user, client_key=client_key, log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ----------------------------------------------------------------------------- watching
class ScreenWatch:
    """Polls tmux panes and the journal in a thread; notes when each token first shows up.

    ``confirmed[token]`` is when the token's entry appeared in the journal (confirmed on
    disk); ``seen[session][token]`` when that session's screen first showed it.
    """

    def __init__(self, tmux: Tmux, sessions: list[str], journal: Path, tokens: list[str]) -> None:
        import threading

        self.tmux, self.sessions, self.journal, self.tokens = tmux, sessions, journal, tokens
        self.confirmed: dict[str, float] = {}
        self.seen: dict[str, dict[str, float]] = {s: {} for s in sessions}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._offset = 0
        self._buffer = b""

    def __enter__(self) -> "ScreenWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.is_set():
            now = time.monotonic()
            self._read_journal(now)
            for session in self.sessions:
                screen = self.tmux.screen(session)
                stamp = time.monotonic()
                for token in self.tokens:
                    if token not in self.seen[session] and token in screen:
                        self.seen[session][token] = stamp
            time.sleep(0.05)

    def _read_journal(self, now: float) -> None:
        try:
            with open(self.journal, "rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except FileNotFoundError:
            return
        self._offset += len(data)
        self._buffer += data
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            text = line.decode("utf-8", "replace")
            for token in self.tokens:
                if token in text and token not in self.confirmed:
                    self.confirmed[token] = now

    def wait_all(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.confirmed) == len(self.tokens) and all(
                    len(seen) == len(self.tokens) for seen in self.seen.values()):
                return
            time.sleep(0.1)

    def delays(self, author: dict[str, str]) -> dict[tuple[str, str], float | None]:
        """(token, session) → seconds from confirmation to that session showing it, for every
        session that did not write the token itself (None: never shown)."""
        out: dict[tuple[str, str], float | None] = {}
        for token in self.tokens:
            for session in self.sessions:
                if author.get(token) == session:
                    continue
                shown, confirmed = self.seen[session].get(token), self.confirmed.get(token)
                out[(token, session)] = None if shown is None or confirmed is None else max(
                    0.0, shown - confirmed)
        return out
