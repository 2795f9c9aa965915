"""Files shipped with the package (styles), found from a checkout and from a wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def styles_dir() -> Path:
    """``dutyroom/styles`` is the top-level ``styles/`` (a link in a checkout, a copy in a wheel)."""
    return PACKAGE_DIR / "styles"


def stylesheets() -> list[Path]:
    return sorted(styles_dir().glob("*.tcss"))
