"""Finding a font that can print Chinese, embedded (as a subset) in every PDF.

A PDF that names a font without embedding it prints as empty boxes wherever that font is
missing (see design/evidence.md), so the engine embeds one and refuses to make a PDF when
none is found. Order: ``DUTYROOM_CJK_FONT`` (a .ttf/.otf/.ttc path; an override that
points nowhere is an error, not silently ignored), then the usual places of Noto Sans CJK,
Source Han Sans and WenQuanYi, then fontconfig (``fc-match :lang=zh-cn``). In a .ttc
collection the Simplified Chinese face (SC / CN / GB) is chosen by its name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dutyroom.services.printout.errors import FontMissing

ENV = "DUTYROOM_CJK_FONT"

#: Where Linux distributions (and macOS/Windows, for an officer's laptop) keep CJK fonts.
CANDIDATES: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",       # Debian/Ubuntu fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",            # Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",     # Fedora
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/noto-cjk/NotoSansSC-Regular.otf",
    "/usr/share/fonts/opentype/source-han-sans/SourceHanSansSC-Regular.otf",
    "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",                # fonts-wqy-microhei
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simsun.ttc",
)

#: Characters a usable font must have: a duty-room word and the page-number words.
PROBE = "值班第页共"


@dataclass(frozen=True)
class CjkFont:
    """A font file and the face to use in it (0 for a plain .ttf/.otf)."""

    path: str
    index: int = 0
    bold_path: str | None = None
    bold_index: int = 0


@dataclass
class FontSearch:
    """How to look; tests replace ``candidates`` and turn ``fontconfig`` off to force "none"."""

    candidates: tuple[str, ...] = CANDIDATES
    fontconfig: bool = True


SEARCH = FontSearch()


def find_cjk_font(search: FontSearch | None = None) -> CjkFont:
    """The CJK font to embed, or FontMissing saying where we looked and what to install."""
    search = search or SEARCH
    override = os.environ.get(ENV, "").strip()
    if override:
        if not Path(override).is_file():
            raise FontMissing("printout.font_override_missing", path=override, env=ENV)
        face = _usable_face(override)
        if face is None:
            raise FontMissing("printout.font_not_cjk", path=override, env=ENV)
        return _with_bold(override, face)
    for path in search.candidates:
        if Path(path).is_file():
            face = _usable_face(path)
            if face is not None:
                return _with_bold(path, face)
    if search.fontconfig:
        found = _fontconfig()
        if found is not None:
            face = _usable_face(found[0])
            if face is not None:
                return _with_bold(found[0], face)
    raise FontMissing("printout.font_missing", env=ENV)


def _with_bold(path: str, index: int) -> CjkFont:
    """Pair the regular face with a bold sibling file (…-Bold…) of the same layout, if any."""
    name = Path(path).name
    for regular in ("Regular", "regular"):
        if regular in name:
            sibling = Path(path).with_name(name.replace(regular, "Bold"))
            if sibling.is_file() and _usable_face(str(sibling)) == index:
                return CjkFont(path, index, str(sibling), index)
    return CjkFont(path, index)


@lru_cache(maxsize=16)
def _usable_face_cached(path: str, mtime: float) -> int | None:
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.lower().endswith((".ttc", ".otc")):
            fonts = list(TTCollection(path, lazy=True).fonts)
        else:
            fonts = [TTFont(path, lazy=True)]
    except (TTLibError, OSError, AssertionError, ValueError, KeyError):
        return None

    def names(font: object) -> str:
        try:
            return " ".join(str(font["name"].getDebugName(i) or "") for i in (1, 4, 6, 16))  # type: ignore[index]
        except Exception:  # a damaged face ranks last, and its glyph check fails
            return ""

    def rank(index: int) -> tuple[int, int, int]:
        text = names(fonts[index])
        words = text.replace("-", " ").split()
        simplified = any(w in ("SC", "sc", "CN", "GB") or w.endswith(("SC", "sc")) for w in words)
        return (0 if simplified else 1, 1 if "Mono" in text else 0, index)

    # names are cheap, a CJK cmap is not: check glyphs face by face in order of preference
    for index in sorted(range(len(fonts)), key=rank):
        try:
            cmap = fonts[index]["cmap"].getBestCmap() or {}
        except Exception:  # a damaged face is skipped, never fatal
            continue
        if all(ord(c) in cmap for c in PROBE):
            return index
    return None


def _usable_face(path: str) -> int | None:
    """Index of the best face with Chinese glyphs: Simplified Chinese first, not Mono."""
    try:
        return _usable_face_cached(path, os.stat(path).st_mtime)
    except OSError:
        return None


def _fontconfig() -> tuple[str, int] | None:
    """What fontconfig would use for Simplified Chinese, if fc-match is installed."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    try:
        out = subprocess.run([fc_match, "-f", "%{file}\n%{index}", ":lang=zh-cn"],
                             capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.splitlines()
    if not lines or not lines[0] or not Path(lines[0]).is_file():
        return None
    return lines[0], int(lines[1]) if len(lines) > 1 and lines[1].isdigit() else 0
