"""Who is acting and from where: the OS user and the SSH client address."""

from __future__ import annotations

import os


def os_user() -> str:
    import getpass  # pulls in termios; only needed when no operator was given

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def station(environ: dict[str, str] | None = None) -> str:
    """The SSH client address from ``SSH_CONNECTION`` (``client port server port``), else ``local``."""
    env = os.environ if environ is None else environ
    parts = (env.get("SSH_CONNECTION") or "").split()
    return parts[0] if parts else "local"
