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
