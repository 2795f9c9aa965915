"""Where data and configuration live: ``--db`` / ``DUTYROOM_DB``, else the XDG data dir."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dutyroom"


def data_dir(explicit: str | None = None) -> Path:
    value = explicit or os.environ.get("DUTYROOM_DB")
    return Path(value).expanduser() if value else default_data_dir()


def config_file(data: Path) -> Path:
    """The duty room's settings: ``DUTYROOM_CONFIG``, else ``config.toml`` beside the data,
    so every officer on the host works to the same deadline and escalation tables."""
    explicit = os.environ.get("DUTYROOM_CONFIG")
    return Path(explicit).expanduser() if explicit else data / "config.toml"


def drafts_dir(data: Path, user: str) -> Path:
    return data / "drafts" / user


def shared_with_group(data: Path) -> str | None:
    """Why the data directory is a group-shared (production) one, or None for a personal one.

    Shared: the setgid bit (a deployment's ``install -d -m 2770 -g dutyroom``), owned by
    another account, owned by a group other than this account's own, or writable by a group
    that lists other members. The demo day is offered only on a personal directory: the first
    officer to open an empty production directory must not fill the legal record with it.
    """
    import grp
    import pwd
    import stat

    try:
        info = data.stat()
    except OSError:
        return None  # not made yet: it will be this account's own
    if info.st_mode & stat.S_ISGID:
        return "setgid"
    if info.st_uid != os.geteuid():
        return "owner"
    if info.st_gid != os.getegid():
        return "group"
    if info.st_mode & stat.S_IWGRP:
        try:
            me = pwd.getpwuid(os.geteuid()).pw_name
            members = set(grp.getgrgid(info.st_gid).gr_mem) - {me}
        except KeyError:
            members = set()
        if members:
            return "group_members"
    return None
