"""The host around the data: umask, the CJK font, the printer, the locale, sshd, the roster."""

from __future__ import annotations

import os
import shutil
import subprocess
from typing import Callable

from dutyroom.services.doctor.check import FAIL, OK, WARN, Check
from dutyroom.services.doctor.files import group_members, group_name

TIMEOUT = 10
SSHD_CONFIG_ENV = "DUTYROOM_SSHD_CONFIG"
"""Another sshd configuration to read (``sshd -T -f``), as an sshd of one's own uses."""


def _run(*args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(list(args), capture_output=True, text=True, timeout=TIMEOUT, check=False,
                              env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None


def umask_check(umask: int) -> Check:
    """dutyroom sets 007 itself; other tools run from the same shells (backup scripts, an
    editor on config.toml) keep the login umask, which must not take the group's rights."""
    params = {"umask": f"{umask:03o}"}
    if umask & 0o070:
        return Check("umask", WARN, "doctor.umask.group", params, "doctor.fix.umask")
    return Check("umask", OK, "doctor.umask.ok", params)


def font_check() -> Check:
    from dutyroom.services.printout.errors import FontMissing
    from dutyroom.services.printout.fonts import find_cjk_font

    try:
        font = find_cjk_font()
    except FontMissing:
        return Check("font", FAIL, "doctor.font.missing", {}, "doctor.fix.font")
    return Check("font", OK, "doctor.font.ok", {"path": str(getattr(font, "path", font))})


def printer_checks() -> list[Check]:
    if shutil.which("lp") is None:
        return [Check("printer", WARN, "doctor.printer.no_lp", {}, "doctor.fix.lp")]
    found = _run("lpstat", "-d") if shutil.which("lpstat") else None
    text = (found.stdout if found is not None else "").strip()
    if found is None or found.returncode != 0 or ":" not in text or "no system default" in text:
        return [Check("printer", WARN, "doctor.printer.no_default", {}, "doctor.fix.printer")]
    return [Check("printer", OK, "doctor.printer.ok", {"queue": text.rsplit(":", 1)[1].strip()})]


def locale_check() -> Check:
    """The locale sessions get (``LC_ALL``, else ``LANG``: Python may set ``LC_CTYPE`` itself)."""
    chosen = os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    params = {"locale": chosen or "C"}
    if "utf-8" not in chosen.lower() and "utf8" not in chosen.lower():
        return Check("locale", WARN, "doctor.locale.not_utf8", params, "doctor.fix.locale")
    return Check("locale", OK, "doctor.locale.ok", params)


def sshd_check(data: object, gid: int | None) -> Check:
    """What sshd forces on an officer of the data directory's group (``sshd -T -C``)."""
    binary = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)
    if binary is None:
        return Check("sshd", WARN, "doctor.sshd.none", {}, "doctor.fix.sshd_install")
    if gid is None:
        return Check("sshd", WARN, "doctor.sshd.no_group", {})
    group = group_name(gid)
    members = sorted(m for m in group_members(gid) if m != "root")
    if not members:
        return Check("sshd", WARN, "doctor.sshd.no_members", {"group": group}, "doctor.fix.data_group",
                     {"path": str(data)})
    user = members[0]
    args = [binary, "-T", "-C", f"user={user},host=localhost,addr=127.0.0.1"]
    config = os.environ.get(SSHD_CONFIG_ENV)
    if config:
        args += ["-f", config]
    found = _run(*args)
    if found is None or found.returncode != 0:
        return Check("sshd", WARN, "doctor.sshd.unreadable", {}, "doctor.fix.sshd_root")
    force = next((line.split(None, 1)[1] for line in found.stdout.splitlines()
                  if line.lower().startswith("forcecommand ") and len(line.split(None, 1)) > 1), "")
    fix = {"group": group, "path": str(data)}
    if "dutyroom" not in force:
        return Check("sshd", FAIL, "doctor.sshd.no_force", {"group": group, "user": user},
                     "doctor.fix.sshd_force", fix)
    if "--db" in force and str(data) not in force:
        return Check("sshd", WARN, "doctor.sshd.other_db", {"command": force, "path": str(data)},
                     "doctor.fix.sshd_force", fix)
    return Check("sshd", OK, "doctor.sshd.ok", {"group": group, "command": force})


def roster_check(officers: Callable[[], list[tuple[str, str]]], gid: int | None) -> Check:
    """Every member of the group mapped to a roster name; every mapped account a member."""
    try:
        roster = officers()
    except Exception:  # noqa: BLE001 - an unreadable store is reported by `dutyroom verify`
        roster = []
    if not roster:
        return Check("roster", WARN, "doctor.roster.empty", {}, "doctor.fix.roster")
    mapped = {account for _name, account in roster if account}
    members = sorted(m for m in group_members(gid) if m != "root") if gid is not None else []
    unmapped = [m for m in members if m not in mapped]
    outside = sorted(a for a in mapped if members and a not in members)
    if unmapped or outside:
        return Check("roster", WARN, "doctor.roster.unmapped",
                     {"accounts": ", ".join(unmapped) or "-", "outside": ", ".join(outside) or "-"},
                     "doctor.fix.roster")
    return Check("roster", OK, "doctor.roster.ok", {"count": len(mapped)})
