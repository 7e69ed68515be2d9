"""Fonts for debug pictures: a CJK font from the system, else Pillow's default (ASCII labels).

The monospaced face of Noto Sans CJK is preferred: Latin half an em, CJK one em, so text pages
line up with the character boxes computed for them (see :mod:`gktables.debug.synth`).
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from PIL.ImageFont import FreeTypeFont, ImageFont

log = logging.getLogger(__name__)

# (path, face index) tried in order after fontconfig; .ttc faces are numbered.
KNOWN_FONTS = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 7),  # Noto Sans Mono CJK SC
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 7),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", 7),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)
FC_PATTERNS = ("Noto Sans Mono CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", ":lang=zh")


@lru_cache(maxsize=1)
def cjk_font_file() -> tuple[str, int] | None:
    """(path, face index) of a font with Chinese glyphs, or None when the system has none."""
    from PIL import ImageFont

    for path, index in _fontconfig_matches() + list(KNOWN_FONTS):
        if not Path(path).is_file():
            continue
        try:
            ImageFont.truetype(path, 16, index=index)
        except OSError:
            continue
        return path, index
    log.info("no CJK font found (install fonts-noto-cjk); debug labels are ASCII only")
    return None


def _fontconfig_matches() -> list[tuple[str, int]]:
    """Fonts fontconfig offers for Chinese (its fallback for a missing family is skipped)."""
    fc_match = shutil.which("fc-match")
    if not fc_match:
        return []
    out: list[tuple[str, int]] = []
    for pattern in FC_PATTERNS:
        try:
            done = subprocess.run([fc_match, "-f", "%{file}\t%{index}\t%{lang}", pattern], capture_output=True,
                                  text=True, timeout=5, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return out
        parts = done.stdout.split("\t")
        if len(parts) == 3 and parts[1].isdigit() and "zh-cn" in parts[2].split("|"):
            out.append((parts[0], int(parts[1])))
    return out


def has_cjk() -> bool:
    return cjk_font_file() is not None


@lru_cache(maxsize=32)
def font(size: int) -> FreeTypeFont | ImageFont:
    """The label/text font at ``size`` pixels (CJK when available)."""
    from PIL import ImageFont

    size = max(6, int(size))
    found = cjk_font_file()
    if found is not None:
        return ImageFont.truetype(found[0], size, index=found[1])
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow < 10.1: a fixed bitmap font
        return ImageFont.load_default()


def printable(text: str) -> str:
    """``text`` as the font can draw it: unchanged with a CJK font, non-ASCII as '?' without."""
    if has_cjk():
        return text
    return "".join(ch if ch.isascii() else "?" for ch in text)


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """Advance of one character in ems (the monospaced model text pages are laid out with)."""
    if ch == "\t":
        return 2.0
    if ch.isascii():
        return 0.5
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def text_em(text: str) -> float:
    return sum(char_em(ch) for ch in text)


@lru_cache(maxsize=1)
def is_monospaced() -> bool:
    """True when the font follows :func:`char_em` (Noto Sans Mono CJK): widths need no FreeType call."""
    found = cjk_font_file()
    if found is None:
        return False
    from PIL import ImageFont

    family = ImageFont.truetype(found[0], 12, index=found[1]).getname()[0]
    return family is not None and "Mono" in family


def text_width(text: str, size: int) -> float:
    """Width in pixels of one line of ``text`` (as :func:`printable` gives it) at ``size``."""
    if is_monospaced():
        return text_em(text) * size
    return font(size).getlength(printable(text))


def line_height(size: int) -> int:
    """Pitch of label lines at ``size`` (ascent + descent of CJK faces is about 1.2 em)."""
    return round(size * 1.2) + 1
