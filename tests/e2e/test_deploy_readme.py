"""The README's deployment section, end to end, as root: ``deploy_readme.sh`` runs its
commands (system-Python venv, group and data directory, two officers' accounts and keys, the
sshd ForceCommand, the roster, ``dutyroom doctor``), then both officers log in over a real
sshd on 127.0.0.1 at once and each sees the other's entry.

Everything lives in a scratch prefix, with a fresh group and accounts removed at the end.
Skipped only when not root (or when the host lacks the tools: sshd, tmux, useradd).
"""

from __future__ import annotations

import json
import re
import os
import secrets
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.e2e.harness import Tmux, free_port, require_root, tmux  # noqa: F401
from tests.e2e.test_concurrent_sessions import add_from_session, wait_ready

SCRIPT = Path(__file__).with_name("deploy_readme.sh")
DEFAULTS = {"PREFIX": "/opt/dutyroom", "BIN": "/usr/local/bin", "DATA": "/srv/dutyroom", "GROUP": "dutyroom",
            "A": "zhangwei", "B": "lina", "SSH_ETC": "/etc/ssh", "ENVIRONMENT": "/etc/environment",
            "WHEEL": "dutyroom-*.whl"}


def readme_commands() -> list[str]:
    """Every command line of the README's deployment steps (its sh and config blocks)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Deploying in a real duty room"):]
    section = section[:section.index("**7. ")]
    lines = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", section, re.S):
        lines += [line.strip() for line in block.splitlines() if line.strip()]
    return lines


def _normal(line: str) -> str:
    return re.sub(r"['\"]", "", line).strip()


def test_the_script_runs_every_command_of_the_readme():
    script = SCRIPT.read_text(encoding="utf-8")
    for name, value in DEFAULTS.items():
        script = script.replace("${" + name + "}", value).replace("$" + name, value)
    script_lines = {_normal(line) for line in script.splitlines()}
    missing = [line for line in readme_commands()
               if _normal(line) not in script_lines and not line.startswith("apt install")]
    assert not missing, f"README commands the deployment script does not run: {missing}"


def _require_tools() -> None:
    require_root("the README deployment test")
    for tool in ("tmux", "ssh", "ssh-keygen", "runuser", "useradd"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed (.ci/system-deps.sh installs what the tests need)")
    if not Path("/usr/sbin/sshd").exists():
        pytest.skip("sshd is not installed (.ci/system-deps.sh installs openssh-server)")
    system = subprocess.run(["/usr/bin/python3", "-c", "import sys; print(sys.version_info[:2])"],
                            capture_output=True, text=True)
    if system.returncode != 0 or system.stdout.strip() != str(sys.version_info[:2]):
        pytest.skip("/usr/bin/python3 is not the tests' Python version (the checkout is linked, not built)")


def test_the_readme_deployment_with_two_officers_over_ssh(tmux: Tmux):  # noqa: F811
    _require_tools()
    scratch = Path(tempfile.mkdtemp(prefix="dutyroom-deploy-"))
    scratch.chmod(0o755)  # the officers pass through it to the venv and the data
    tag = secrets.token_hex(3)
    names = {"GROUP": f"drt{tag}g", "A": f"drt{tag}a", "B": f"drt{tag}b"}
    env = {"PATH": f"{scratch / 'bin'}:/usr/sbin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8",
           "PREFIX": str(scratch / "opt" / "dutyroom"), "BIN": str(scratch / "bin"),
           "DATA": str(scratch / "srv" / "dutyroom"), "SSH_ETC": str(scratch / "etc" / "ssh"),
           "ENVIRONMENT": str(scratch / "environment"), "KEYS": str(scratch / "keys"),
           "PORT": str(free_port()), "CHECKOUT": str(ROOT), "DEPS": sysconfig.get_paths()["purelib"],
           "DUTYROOM_SSHD_CONFIG": str(scratch / "etc" / "ssh" / "sshd_config"), **names}
    for folder in ("bin", "opt", "srv", "keys"):
        (scratch / folder).mkdir()
        (scratch / folder).chmod(0o755)
    try:
        # an administrator's shell (umask 022): this process may carry the 007 that dutyroom's
        # main() sets, from a test that ran the CLI in-process before this one
        done = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120,
                              cwd=scratch, preexec_fn=lambda: os.umask(0o022))
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        doctor = subprocess.run([env["BIN"] + "/dutyroom", "doctor", "--json", "--db", env["DATA"]], env=env,
                                capture_output=True, text=True, timeout=60)
        status = {c["check"]: c["status"] for c in json.loads(doctor.stdout)["checks"]}
        assert doctor.returncode == 0, doctor.stdout
        for check in ("data_group", "data_mode", "data_setgid", "data_files", "python", "font", "sshd",
                      "roster"):
            assert status[check] == "ok", (check, doctor.stdout)
        _two_officers(tmux, env, names)
    finally:
        _clean(scratch, names)


def _two_officers(tmux: Tmux, env: dict[str, str], names: dict[str, str]) -> None:  # noqa: F811
    sessions = {names["A"]: "甲号", names["B"]: "乙号"}
    for account in sessions:
        ssh = ["ssh", "-tt", "-p", env["PORT"], "-i", f"{env['KEYS']}/{account}", "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
               "-o", "IdentitiesOnly=yes", "-o", "SendEnv=LANG", f"{account}@127.0.0.1", "sh -c 'echo shell'"]
        tmux.start(account, " ".join(ssh), width=120, height=40,
                   env={"LANG": "C.UTF-8", "TERM": "xterm-256color"})
    for account in sessions:
        try:
            wait_ready(tmux, account)
        except AssertionError:
            log = Path(env["SSH_ETC"], "sshd.log")
            raise AssertionError(tmux.screen(account) + (log.read_text() if log.exists() else "")) from None
    for account, word in sessions.items():
        add_from_session(tmux, account, f"巡查 {word} 正常")
    for account in sessions:  # each sees the other's entry, live
        tmux.wait_screen(account, "甲号", "乙号", timeout=20)
    for account in sessions:
        tmux.keys(account, "q")
    for account in sessions:
        tmux.wait_dead(account, timeout=20)
    listed = subprocess.run([env["BIN"] + "/dutyroom", "log", "list", "--json", "--db", env["DATA"]], env=env,
                            capture_output=True, text=True, timeout=60)
    rows = json.loads(listed.stdout)
    by_word = {word: row for row in rows for word in sessions.values() if word in row["text"]}
    roster = {names["A"]: "张伟", names["B"]: "李娜"}
    for account, word in sessions.items():
        row = by_word[word]
        assert row["station"] == "127.0.0.1", row
        assert account in json.dumps(row, ensure_ascii=False) or roster[account] in json.dumps(row, ensure_ascii=False)


def _clean(scratch: Path, names: dict[str, str]) -> None:
    pid_file = scratch / "etc" / "ssh" / "sshd.pid"
    if pid_file.exists():
        try:
            import os

            os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
    for account in (names["A"], names["B"]):
        subprocess.run(["userdel", "-r", account], capture_output=True)
    subprocess.run(["groupdel", names["GROUP"]], capture_output=True)
    shutil.rmtree(scratch, ignore_errors=True)
