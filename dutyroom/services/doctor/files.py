"""The data directory (group, modes, setgid, what lies inside) and the Python officers run."""

from __future__ import annotations

import grp
import os
import pwd
import stat
from pathlib import Path

from dutyroom.services.doctor.check import FAIL, OK, WARN, Check

WANT_MODE = 0o2770
MAX_LISTED = 3
MAX_WALK = 20000
"""Files looked at inside the data directory (a season's day files and printouts fit)."""


def data_group(data: Path) -> int | None:
    try:
        return data.stat().st_gid
    except OSError:
        return None


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def group_members(gid: int) -> set[str]:
    """Accounts in the group: listed members and those whose primary group it is."""
    try:
        members = set(grp.getgrgid(gid).gr_mem)
    except KeyError:
        members = set()
    return members | {p.pw_name for p in pwd.getpwall() if p.pw_gid == gid}


def data_checks(data: Path) -> list[Check]:
    try:
        info = data.stat()
    except OSError:
        return [Check("data_dir", FAIL, "doctor.data.missing", {"path": str(data)},
                      "doctor.fix.data_dir", {"path": str(data), "group": "dutyroom"})]
    if not stat.S_ISDIR(info.st_mode):
        return [Check("data_dir", FAIL, "doctor.data.not_dir", {"path": str(data)})]
    group, mode = group_name(info.st_gid), stat.S_IMODE(info.st_mode)
    members = sorted(group_members(info.st_gid))
    params = {"path": str(data), "group": group, "mode": f"{mode:04o}", "count": len(members)}
    out = []
    if len(members) < 2:
        out.append(Check("data_group", WARN, "doctor.data.group_alone", params,
                         "doctor.fix.data_group", {"path": str(data)}))
    else:
        out.append(Check("data_group", OK, "doctor.data.group", params))
    fix = {"path": str(data), "group": group}
    if mode & stat.S_IRWXO:
        out.append(Check("data_mode", FAIL, "doctor.data.others", params, "doctor.fix.data_mode", fix))
    elif mode & stat.S_IRWXG != stat.S_IRWXG:
        out.append(Check("data_mode", FAIL, "doctor.data.group_cannot", params, "doctor.fix.data_mode", fix))
    else:
        out.append(Check("data_mode", OK, "doctor.data.mode", params))
    if mode & stat.S_ISGID:
        out.append(Check("data_setgid", OK, "doctor.data.setgid", params))
    else:
        out.append(Check("data_setgid", FAIL, "doctor.data.no_setgid", params, "doctor.fix.data_mode", fix))
    out.append(_inside(data, info.st_gid, fix))
    return out


def _inside(data: Path, gid: int, fix: dict[str, str]) -> Check:
    """Every file and folder inside: the directory's group, writable by it, folders setgid."""
    wrong: list[str] = []
    for count, path in enumerate(_walk(data)):
        if count >= MAX_WALK:
            break
        try:
            info = path.lstat()
        except OSError:
            continue
        if stat.S_ISLNK(info.st_mode):
            continue
        mode = stat.S_IMODE(info.st_mode)
        bad = info.st_gid != gid or not mode & stat.S_IWGRP or not mode & stat.S_IRGRP \
            or (stat.S_ISDIR(info.st_mode) and (not mode & stat.S_ISGID or not mode & stat.S_IXGRP))
        if bad:
            wrong.append(str(path.relative_to(data)))
    if wrong:
        return Check("data_files", FAIL, "doctor.data.files_wrong",
                     {"count": len(wrong), "files": ", ".join(wrong[:MAX_LISTED])}, "doctor.fix.data_files", fix)
    return Check("data_files", OK, "doctor.data.files", {})


def _walk(root: Path):  # noqa: ANN202 - a generator of paths
    for folder, dirs, names in os.walk(root):
        base = Path(folder)
        for name in dirs + names:
            yield base / name


def python_check(executable: str, prefix: str, gid: int | None) -> Check:
    """The interpreter (resolved through the venv's links) and the venv, reachable by the group.

    ``python3 -m venv`` links the venv to the Python that made it: a per-user Python (pyenv,
    under someone's home) is then unreadable for every other account, and the app does not
    start for them."""
    real = os.path.realpath(executable)
    params = {"python": real, "venv": prefix}
    fix = {"venv": prefix}
    home = _under_home(real)
    if home:
        return Check("python", FAIL, "doctor.python.home", {**params, "user": home}, "doctor.fix.python", fix)
    for path, need in ((real, stat.S_IROTH | stat.S_IXOTH), (prefix, stat.S_IXOTH)):
        blocked = _blocked(Path(path), need, gid)
        if blocked:
            return Check("python", FAIL, "doctor.python.unreadable", {**params, "path": blocked},
                         "doctor.fix.python", fix)
    return Check("python", OK, "doctor.python.ok", params)


def _under_home(path: str) -> str:
    """The account (root or a person) under whose home ``path`` lies, or ""."""
    for entry in pwd.getpwall():
        home = entry.pw_dir.rstrip("/")
        if (entry.pw_uid == 0 or 1000 <= entry.pw_uid < 65534) and home and path.startswith(home + "/"):
            return entry.pw_name
    return ""


def _blocked(path: Path, need: int, gid: int | None) -> str:
    """The first component of ``path`` a group member who owns none of it cannot pass, or "".

    ``need`` is in the "others" bits; the same bits for the group count where the component
    belongs to the data directory's group. Folders on the way need only search (x)."""
    for part in [*reversed(path.parents), path]:
        try:
            info = part.stat()
        except OSError:
            return str(part)
        mode = stat.S_IMODE(info.st_mode)
        want = need if part == path else stat.S_IXOTH
        if mode & want == want:
            continue
        if gid is not None and info.st_gid == gid and mode & (want << 3) == want << 3:
            continue
        return str(part)
    return ""
