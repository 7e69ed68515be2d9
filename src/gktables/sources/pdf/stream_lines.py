"""Characters of a page → lines of segments, the model every stage of the stream path works on.

A segment is a run of characters without a wide gap (a label, a number with its money unit, a
header word); a line is the segments at one height. Tolerances are in glyphs (the page's median
character height), so they hold at any font size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...values import MONEY_UNIT, PDF_WORD_VALUE
from .objects import Char
from .text import SPACE_GAP, chars_to_lines, line_to_text

SEGMENT_GAP = 0.6  # glyphs: a wider horizontal gap ends a segment
GUTTER = 0.2  # glyphs: a white vertical band this wide separates columns (browsers print gaps of ~0.25)
NUMBER = PDF_WORD_VALUE  # a printed value word, with its money unit if any
UNIT = re.compile(rf"^(?:{MONEY_UNIT})$")
UNIT_GAP = 1.5  # glyphs: a money unit this close after a number belongs to it


@dataclass
class Segment:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def is_number(self) -> bool:
        return bool(NUMBER.match(self.text))


@dataclass
class Line:
    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def numbers(self) -> list[Segment]:
        return [s for s in self.segments if s.is_number]

    @property
    def ends_with_number(self) -> bool:
        return bool(self.segments) and self.segments[-1].is_number

    @property
    def is_numeric(self) -> bool:
        """A label (optional) followed by at least two numbers and nothing else."""
        segs = self.segments
        n = 0
        for s in reversed(segs):
            if not s.is_number:
                break
            n += 1
        return n >= 2 and n >= len(segs) - 2 and all(s.is_number for s in segs[len(segs) - n:])


def chars_to_segments(chars: Sequence[Char], glyph: float) -> list[Line]:
    """Lines of the page (top to bottom) cut into segments at gaps wider than SEGMENT_GAP glyphs."""
    out: list[Line] = []
    for line in chars_to_lines(c for c in chars if c.upright):
        segs: list[list[Char]] = [[line[0]]]
        for c in line[1:]:
            prev = segs[-1][-1]
            if c.x0 - prev.x1 > SEGMENT_GAP * glyph or _number_apart(prev, c):
                segs.append([c])
            else:
                segs[-1].append(c)
        out.append(Line(_units_to_numbers([segment_of(s) for s in segs], glyph)))
    return out


def _units_to_numbers(segs: list[Segment], glyph: float) -> list[Segment]:
    """A money unit printed a little apart from its number (195509350 元) joins the number: cut
    off, the unit would make a column of its own and the amount be read in the wrong unit."""
    out: list[Segment] = []
    for seg in segs:
        if (out and UNIT.match(seg.text) and out[-1].is_number and any(ch.isdigit() for ch in out[-1].text)
                and seg.x0 - out[-1].x1 <= UNIT_GAP * glyph):
            out[-1] = segment_of(out[-1].chars + seg.chars)
        else:
            out.append(seg)
    return out


def _number_apart(prev: Char, c: Char) -> bool:
    """A digit a word space after the character before it starts a word of its own: two numbers in
    narrow columns (122 100 672, closer than a segment gap), or a label and its value in a borderless
    table a browser printed (行政规范性文件 564, 3 pt apart); joined, they would read as one wrong
    number, or as a label with no value."""
    return (c.text[:1].isdigit()
            and c.x0 - prev.x1 > SPACE_GAP * (min(prev.size, c.size) or 1.0))


def segment_of(chars: list[Char]) -> Segment:
    return Segment(chars, line_to_text(chars), min(c.x0 for c in chars), max(c.x1 for c in chars),
                   min(c.top for c in chars), max(c.bottom for c in chars))


def segments_to_columns(segments: Sequence[Segment], glyph: float) -> list[tuple[float, float]]:
    """Column bands: x-intervals covered by segments, split at white gutters ≥ GUTTER glyphs."""
    spans = sorted((s.x0, s.x1) for s in segments)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + GUTTER * glyph:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def columns_of(seg: Segment, bands: Sequence[tuple[float, float]], glyph: float) -> tuple[int, int]:
    """The bands a segment covers (by band centres inside it), else the nearest band."""
    inside = [k for k, (a, b) in enumerate(bands) if seg.x0 - 0.5 * glyph <= (a + b) / 2 <= seg.x1 + 0.5 * glyph]
    if inside:
        return inside[0], inside[-1]
    cx = (seg.x0 + seg.x1) / 2
    k = min(range(len(bands)), key=lambda k: min(abs(cx - bands[k][0]), abs(cx - bands[k][1])))
    return k, k


def split_at_gutters(seg: Segment, bands: Sequence[tuple[float, float]], glyph: float) -> list[Segment]:
    """Cut a segment where a gap between two characters lies in the white gutter between bands
    (header words of narrow neighbouring columns, 商业 科研, printed closer than a segment gap)."""
    gutters = [(bands[k][1], bands[k + 1][0]) for k in range(len(bands) - 1)]
    parts: list[list[Char]] = [[seg.chars[0]]]
    for c in seg.chars[1:]:
        prev = parts[-1][-1]
        gap_mid = (prev.x1 + c.x0) / 2
        if c.x0 - prev.x1 > 0.15 * glyph and any(a - 0.2 * glyph <= gap_mid <= b + 0.2 * glyph for a, b in gutters):
            parts.append([c])
        else:
            parts[-1].append(c)
    return [segment_of(p) for p in parts]
