"""Who is acting and from where: the operator name, the OS account and the SSH client address.

The operator name comes from outside (``--operator``, ``DUTYROOM_OPERATOR`` or the OS
account) and is cleaned here, the one place it enters: whatever a hostile name carries
(escape sequences, controls, markup, fifty columns) reaches no other officer's terminal.
"""

from __future__ import annotations

import os
from typing import Mapping

from dutyroom.model.text import clean_operator


def os_user() -> str:
    import getpass  # pulls in termios; only needed when no operator was given

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def operator_name(given: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The cleaned operator name: ``--operator``, else ``DUTYROOM_OPERATOR``, else the OS account.
    A name that cleans to nothing falls back to the next source, and last to the user id."""
    env = os.environ if environ is None else environ
    for source in (given, env.get("DUTYROOM_OPERATOR"), os_user(), str(os.getuid())):
        name = clean_operator(source)
        if name:
            return name
    return "?"


def station(environ: Mapping[str, str] | None = None) -> str:
    """The SSH client address from ``SSH_CONNECTION`` (``client port server port``), else ``local``."""
    env = os.environ if environ is None else environ
    parts = (env.get("SSH_CONNECTION") or "").split()
    return (clean_operator(parts[0]) or "local") if parts else "local"
