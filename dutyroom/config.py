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


DEFAULT_DAY_START = "08:00"


def duty_day_start(settings: Settings) -> tuple[int, int]:
    """(hour, minute) at which the duty day begins: one setting for the shifts, the bulletin's
    day and the daily statistics.

    ``duty_day_start = "HH:MM"`` at the top of ``config.toml``; without it, the first shift
    of ``[shifts]`` (``start``, or the earliest of ``starts``), else 08:00, the default shift
    start, so the duty day and the first shift of the day always begin together.
    """
    from dutyroom.model.errors import ValidationError as Invalid

    value = settings.raw.get("duty_day_start")
    field_name = "duty_day_start"
    shifts = settings.section("shifts")
    if value is None and "start" in shifts:
        value, field_name = shifts["start"], "shifts.start"
    elif value is None and isinstance(shifts.get("starts"), list) and shifts["starts"]:
        value, field_name = min(str(v).strip().zfill(5) for v in shifts["starts"]), "shifts.starts"
    elif value is None:
        legacy = settings.section("dashboard").get("shift_start_hour")
        value = f"{legacy:02d}:00" if isinstance(legacy, int) and 0 <= legacy <= 23 else DEFAULT_DAY_START
    text = str(value).strip()
    hour, sep, minute = text.partition(":")
    if not sep or not hour.isdigit() or not minute.isdigit() or int(hour) > 23 or int(minute) > 59 \
            or len(minute) != 2:
        raise Invalid("config.error.bad_day_start", field=field_name, value=text, setting=field_name)
    return int(hour), int(minute)


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
