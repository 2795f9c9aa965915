"""Typed settings, loaded once from a TOML file; every feature reads its own section.

A feature keeps its defaults beside its code and reads overrides with
:meth:`Settings.section`, so adding a feature never edits a shared table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyroom.model.errors import ValidationError


@dataclass(frozen=True)
class Settings:
    tz: str = "local"
    raw: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def _toml() -> Any:
    """tomllib, imported only when there is a config file (most CLI runs have none)."""
    import tomllib

    return tomllib


def load_settings(path: Path | None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from ``path`` (missing is fine); ``DUTYROOM_TZ`` overrides the zone."""
    env = os.environ if environ is None else environ
    raw: dict[str, Any] = {}
    if path is not None and path.is_file():
        try:
            raw = _toml().loads(path.read_text(encoding="utf-8"))
        except (_toml().TOMLDecodeError, UnicodeDecodeError) as error:
            raise ValidationError("error.config_invalid", field="config", path=str(path),
                                  reason=str(error)) from None
    tz = env.get("DUTYROOM_TZ") or str(raw.get("tz") or "local")
    _check_tz(tz)
    return Settings(tz=tz, raw=raw, path=path)


def _check_tz(tz: str) -> None:
    import arrow

    try:
        arrow.utcnow().to(tz)
    except Exception:  # arrow raises several types for an unknown zone
        raise ValidationError("error.bad_tz", field="tz", value=tz) from None
