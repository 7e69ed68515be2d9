"""Boxes for inputs without page geometry: HTML/DOCX grids drawn as tables, text drawn as lines.

Units are pixels at scale 1 with an em of :data:`EM`. Widths follow the monospaced model of
:func:`gktables.debug.fonts.char_em`, so what the backdrop prints lies inside the boxes given here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Iterable

from ..layout import BBox, Grid, GridCell
from .fonts import char_em, text_em

EM = 16.0  # px per em at scale 1
PAD = 0.4 * EM  # inner cell padding
LINE = 1.35 * EM  # one text line
MIN_VALUE_COL = 6.0 * EM  # room for a key label in a value column
MAX_COL = 12.0 * EM  # label columns wrap beyond this
MIN_ROW = 3.6 * EM  # room for the key and value lines of a label
MARGIN = 1.5 * EM
_VALUE_TEXT = re.compile(r"[\s\d.,，+\-－—–/无%％万亿元]*")
TEXT_WIDTH = 64.0  # ems per line of a text page
TEXT_ROW = 2.2 * EM  # a text line
TEXT_TOP = 0.4 * EM  # where the glyphs start inside a text row
TEXT_BAND = 7.5 * EM  # below a row holding values: labels (row, then column=value lines)


@dataclass
class Printed:
    """Text a synthetic backdrop prints: one line at (x, y) (top-left), in page units."""

    x: float
    y: float
    text: str
    size: float = EM


@dataclass
class SynthPage:
    size: tuple[float, float]
    printed: list[Printed] = field(default_factory=list)
    cell_boxes: dict[CellPlace, BBox] = field(default_factory=dict)  # cell_place(GridCell) → box
    frame: list[BBox] = field(default_factory=list)  # grid outlines


CellPlace = tuple[int, int, int, int]  # row, column, rowspan, colspan: where a cell lies in its grid


def cell_place(cell: GridCell) -> CellPlace:
    """A grid cell's key in a synthetic page: two cells at one place have one box."""
    return cell.row, cell.col, cell.rowspan, cell.colspan


def wrap(text: str, width_em: float) -> list[str]:
    """Lines of at most ``width_em`` ems (breaking anywhere: CJK has no spaces)."""
    lines: list[str] = []
    for para in text.replace("\r", "").split("\n"):
        line, used = "", 0.0
        for ch in para:
            w = char_em(ch)
            if line and used + w > width_em:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    return lines or [""]


def grid_to_page(grid: Grid, value_cols: set[int]) -> SynthPage:
    """Lay a grid out as a ruled table: column widths from single-column cells, rows tall enough."""
    n_rows, n_cols = grid.n_rows, grid.n_cols
    widths = [MIN_VALUE_COL if c in value_cols else 3.0 * EM for c in range(n_cols)]
    for cell in grid.cells:
        if cell.colspan == 1:
            want = text_em(cell.text.strip()) * EM + 2 * PAD
            widths[cell.col] = max(widths[cell.col], min(want, MAX_COL))
    xs = [MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)
    heights = [MIN_ROW] * n_rows
    lines_of: list[list[str]] = []  # per cell, in the grid's order
    for cell in grid.cells:
        width = xs[cell.last_col + 1] - xs[cell.col] - 2 * PAD
        lines_of.append(wrap(cell.text.strip(), max(1.0, width / EM)))
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], len(lines_of[-1]) * LINE + 2 * PAD)
    ys = [MARGIN]
    for h in heights:
        ys.append(ys[-1] + h)
    page = SynthPage((xs[-1] + MARGIN, ys[-1] + MARGIN))
    page.frame.append(BBox(xs[0], ys[0], xs[-1], ys[-1]))
    for cell, lines in zip(grid.cells, lines_of):
        box = BBox(xs[cell.col], ys[cell.row], xs[cell.last_col + 1], ys[cell.last_row + 1])
        page.cell_boxes[cell_place(cell)] = box
        is_value = cell.col in value_cols and _VALUE_TEXT.fullmatch(cell.text) is not None
        page.printed.extend(_cell_lines(box, lines, corner=is_value and bool(cell.text.strip())))
    return page


def _cell_lines(box: BBox, lines: list[str], corner: bool = False) -> list[Printed]:
    """Lines centred in the box, clipped to what fits; ``corner``: one line at the bottom right
    (a value, printed clear of the key label drawn at the top left)."""
    if corner:
        return [Printed(box.x1 - PAD - text_em(lines[0]) * EM, box.bottom - PAD - LINE, lines[0])]
    fit = max(1, int((box.height - 2 * PAD) // LINE))
    lines = lines[:fit]
    top = box.top + (box.height - len(lines) * LINE) / 2 + 0.1 * EM
    return [Printed(box.x0 + (box.width - text_em(t) * EM) / 2, top + i * LINE, t) for i, t in enumerate(lines)]


@dataclass
class TextPage:
    """A stretch of text laid out in rows; ``boxes[i]`` is the box of character ``lo + i``. Rows
    holding value tokens get a band below them for labels (``bands``: text row top → band)."""

    lo: int
    hi: int
    boxes: list[BBox | None]
    page: SynthPage
    bands: dict[float, tuple[float, float]] = field(default_factory=dict)

    def span_box(self, a: int, b: int) -> BBox | None:
        """The box of characters [a, b): the part on the row where the span starts. An empty span
        (a blank field between separators) gets a narrow box where it lies."""
        if a >= b:
            at = self.boxes[a - self.lo] if self.lo <= a < self.hi else None
            before = self.boxes[a - 1 - self.lo] if self.lo <= a - 1 < self.hi else None
            if at is not None:
                return BBox(at.x0, at.top, at.x0 + 0.5 * EM, at.bottom)
            if before is not None:
                return BBox(before.x1, before.top, before.x1 + 0.5 * EM, before.bottom)
            return None
        boxes = [box for i in range(max(a, self.lo), min(b, self.hi)) if (box := self.boxes[i - self.lo]) is not None]
        if not boxes:
            return None
        out = boxes[0]
        for x in boxes[1:]:
            if x.top == out.top:
                out = out.union(x)
        return out

    def band_below(self, box: BBox) -> tuple[float, float] | None:
        return self.bands.get(box.top)


def text_to_page(text: str, lo: int, hi: int, marked: Iterable[tuple[int, int]] = (),
                 width_em: float = TEXT_WIDTH) -> TextPage:
    """Characters [lo, hi) of ``text`` in rows of ``width_em`` ems (newlines start a row); rows
    holding a ``marked`` span get a label band of :data:`TEXT_BAND` below them."""
    placed: list[tuple[int, float, float] | None] = []  # per char: (row, x em, width em)
    x, row = 0.0, 0
    for i in range(lo, hi):
        ch = text[i]
        if ch == "\n":
            placed.append(None)
            x, row = 0.0, row + 1
            continue
        w = char_em(ch)
        if x and x + w > width_em:
            x, row = 0.0, row + 1
        placed.append((row, x, w))
        x += w
    banded = {p[0] for a, b in marked for p in placed[max(0, a - lo):max(0, b - lo)] if p is not None}
    tops, y = [], MARGIN
    for r in range(row + 1):
        tops.append(y)
        y += TEXT_ROW + (TEXT_BAND if r in banded else 0.0)
    boxes: list[BBox | None] = []
    printed: list[Printed] = []
    for i, p in zip(range(lo, hi), placed):
        if p is None:
            boxes.append(None)
            continue
        r, x_em, w = p
        left, top = MARGIN + x_em * EM, tops[r] + TEXT_TOP
        boxes.append(BBox(left, top, left + w * EM, top + LINE))
        if not text[i].isspace():
            printed.append(Printed(left, top + 0.1 * EM, text[i]))
    bands = {tops[r] + TEXT_TOP: (tops[r] + TEXT_TOP + LINE, tops[r] + TEXT_ROW + TEXT_BAND) for r in banded}
    page = SynthPage((2 * MARGIN + width_em * EM, y + MARGIN), printed)
    return TextPage(lo, hi, boxes, page, bands)
