"""Characters → lines → text, for a table cell or a whole page.

Rules (all distances in units of the glyph size, so they do not depend on the font):

* characters are grouped into lines by their vertical centre, lines read top to bottom and each
  line left to right; a narrow cell printing one character per line (vertical text such as
  三、本年度办理结果) therefore reads top to bottom;
* a gap wider than :data:`SPACE_GAP` glyphs between two characters is a space, but spaces next to a
  CJK character are dropped (总 计 → 总计, 2023 年 → 2023年) while spaces between two numbers stay,
  and so does a wide gap (:data:`WIDE_GAP`) between a CJK character and a number (数量    21);
* wrapped lines of one cell are joined by the one joining rule of ``sources/joining.py``: without
  a space unless both sides are Latin letters or digits (商业/企业 → 商业企业, 10/3 → "10 3"), and
  never between digits when the second line was pushed down for lack of room (151/4 → 1514);
* glyphs printed twice at (nearly) the same place (fake bold) are read once.
"""

from __future__ import annotations

import unicodedata
from statistics import median
from collections.abc import Iterable, Sequence

from ...layout import BBox
from ..joining import join_pieces
from .objects import Char

SPACE_GAP = 0.2  # a horizontal gap wider than this many glyph sizes separates words
WIDE_GAP = 1.0  # a gap this wide keeps a space even next to CJK (label ... 21), except CJK|CJK
LINE_TOL = 0.4  # vertical centres closer than this many glyph sizes are one line
DUP_TOL = 0.3  # the same glyph shifted by less than this share of its width is a duplicate


def is_cjk(ch: str) -> bool:
    """CJK ideographs and punctuation, full-width forms: text that is never space-separated."""
    code = ord(ch)
    if 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F:
        return True
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or ch in "“”‘’…—":
        return True
    return unicodedata.east_asian_width(ch) in ("W", "F")


def median_glyph_size(chars: Sequence[Char], default: float = 10.0) -> float:
    """The typical glyph size of a set of characters (height of their boxes, font size if odd)."""
    if not chars:
        return default
    sizes = [c.size if c.size > 0 else (c.bottom - c.top) for c in chars]
    return float(median(sizes)) or default


def chars_to_lines(chars: Iterable[Char]) -> list[list[Char]]:
    """Group characters into lines (top to bottom), each sorted left to right.

    Rotated glyphs (``upright`` False) form columns read top to bottom, left to right.
    """
    chars = list(chars)
    if not chars:
        return []
    upright = [c for c in chars if c.upright]
    rotated = [c for c in chars if not c.upright]
    lines = _cluster(upright, key=lambda c: c.cy, along=lambda c: c.x0)
    if rotated:
        lines += _cluster(rotated, key=lambda c: c.cx, along=lambda c: c.top)
    return lines


def _cluster(chars: list[Char], key, along) -> list[list[Char]]:
    if not chars:
        return []
    chars = sorted(chars, key=key)
    lines: list[list[Char]] = [[chars[0]]]
    last = key(chars[0])
    for c in chars[1:]:
        k = key(c)
        tol = LINE_TOL * min(c.size, lines[-1][-1].size)
        if k - last > tol:
            lines.append([c])
        else:
            lines[-1].append(c)
        last = k
    return [sorted(line, key=along) for line in lines]


def line_to_text(line: Sequence[Char]) -> str:
    """One line's characters (sorted left to right) → text, with spaces only where they matter."""
    out: list[str] = []
    prev: Char | None = None
    for c in line:
        if prev is not None:
            size = min(prev.size, c.size) or 1.0
            if c.text == prev.text and abs(c.x0 - prev.x0) < DUP_TOL * (prev.x1 - prev.x0) and c.upright:
                continue  # fake bold: the same glyph drawn twice
            gap = c.x0 - prev.x1 if c.upright else c.top - prev.bottom
            if gap > SPACE_GAP * size:
                cjk_a, cjk_b = is_cjk(prev.text[-1]), is_cjk(c.text[0])
                if not (cjk_a or cjk_b) or (gap > WIDE_GAP * size and not (cjk_a and cjk_b)):
                    out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def lines_wrapped(lines: Sequence[Sequence[Char]], box: BBox | None) -> list[bool]:
    """For each line but the last: was the next line's first character pushed down for lack of room?

    True when that character would have run past the cell's right edge (less the padding seen on
    the left of the line) had it been printed on this line.
    """
    if box is None:
        return [False] * max(len(lines) - 1, 0)
    out = []
    for line, nxt in zip(lines, lines[1:]):
        if not line or not nxt or not line[-1].upright:
            out.append(False)
            continue
        pad = max(1.0, min(line[0].x0 - box.x0, 0.6 * line[-1].size))
        out.append(line[-1].x1 + (nxt[0].x1 - nxt[0].x0) > box.x1 - pad)
    return out


def chars_to_cell_text(chars: Iterable[Char], box: BBox | None = None) -> str:
    """The text of one table cell: its lines in reading order, wrapped lines joined."""
    lines = chars_to_lines(chars)
    return join_pieces([line_to_text(line) for line in lines], lines_wrapped(lines, box))


def chars_to_page_lines(chars: Iterable[Char]) -> list[tuple[float, str]]:
    """The lines of free text (prose) as (top, text), top to bottom."""
    return [(min(c.top for c in line), line_to_text(line)) for line in chars_to_lines(chars)]
