"""The demo: a realistic flood-season day in a Chinese city (filled in below)."""

from __future__ import annotations

from dutyroom.services.context import Context


def fill_demo(ctx: Context) -> dict[str, int]:
    raise NotImplementedError
