"""Boxes for inputs without page geometry: HTML/DOCX grids drawn as tables, text drawn as lines.

Units are pixels at scale 1 with an em of :data:`EM`. Widths follow the monospaced model of
:func:`gktables.debug.fonts.char_em`, so what the backdrop prints lies inside the boxes given here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..layout import BBox, Grid
from .fonts import char_em, text_em

EM = 16.0  # px per em at scale 1
PAD = 0.4 * EM  # inner cell padding
LINE = 1.35 * EM  # one text line
MIN_VALUE_COL = 6.0 * EM  # room for a key label in a value column
MAX_COL = 12.0 * EM  # label columns wrap beyond this
MIN_ROW = 3.2 * EM  # room for key, value and tag lines
MARGIN = 1.5 * EM
TEXT_WIDTH = 64.0  # ems per line of a text page
TEXT_ROW = 3.8 * EM  # a text line with a band for row keys above and column labels below
TEXT_TOP = 1.0 * EM  # where the glyphs start inside a text row


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
    cell_boxes: dict[int, BBox] = field(default_factory=dict)  # id(GridCell) → box
    frame: list[BBox] = field(default_factory=list)  # grid outlines


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
    lines_of: dict[int, list[str]] = {}
    for cell in grid.cells:
        width = xs[cell.last_col + 1] - xs[cell.col] - 2 * PAD
        lines_of[id(cell)] = wrap(cell.text.strip(), max(1.0, width / EM))
        if cell.rowspan == 1:
            heights[cell.row] = max(heights[cell.row], len(lines_of[id(cell)]) * LINE + 2 * PAD)
    ys = [MARGIN]
    for h in heights:
        ys.append(ys[-1] + h)
    page = SynthPage((xs[-1] + MARGIN, ys[-1] + MARGIN))
    page.frame.append(BBox(xs[0], ys[0], xs[-1], ys[-1]))
    for cell in grid.cells:
        box = BBox(xs[cell.col], ys[cell.row], xs[cell.last_col + 1], ys[cell.last_row + 1])
        page.cell_boxes[id(cell)] = box
        page.printed.extend(_cell_lines(box, lines_of[id(cell)]))
    return page


def _cell_lines(box: BBox, lines: list[str]) -> list[Printed]:
    """Lines centred in the box, clipped to what fits."""
    fit = max(1, int((box.height - 2 * PAD) // LINE))
    lines = lines[:fit]
    top = box.top + (box.height - len(lines) * LINE) / 2 + 0.1 * EM
    return [Printed(box.x0 + (box.width - text_em(t) * EM) / 2, top + i * LINE, t) for i, t in enumerate(lines)]


@dataclass
class TextPage:
    """A stretch of text laid out in rows; ``boxes[i]`` is the box of character ``lo + i``."""

    lo: int
    hi: int
    boxes: list[BBox | None]
    page: SynthPage

    def span_box(self, a: int, b: int) -> BBox | None:
        """The box of characters [a, b): the part on the row where the span starts."""
        boxes = [self.boxes[i - self.lo] for i in range(max(a, self.lo), min(b, self.hi))]
        boxes = [x for x in boxes if x is not None]
        if not boxes:
            return None
        first = [x for x in boxes if x.top == boxes[0].top]
        out = first[0]
        for x in first[1:]:
            out = out.union(x)
        return out


def text_to_page(text: str, lo: int, hi: int, width_em: float = TEXT_WIDTH) -> TextPage:
    """Characters [lo, hi) of ``text`` in rows of ``width_em`` ems (newlines start a row)."""
    boxes: list[BBox | None] = []
    printed: list[Printed] = []
    x, row = 0.0, 0
    for i in range(lo, hi):
        ch = text[i]
        if ch == "\n":
            boxes.append(None)
            x, row = 0.0, row + 1
            continue
        w = char_em(ch)
        if x and x + w > width_em:
            x, row = 0.0, row + 1
        left = MARGIN + x * EM
        top = MARGIN + row * TEXT_ROW + TEXT_TOP
        boxes.append(BBox(left, top, left + w * EM, top + LINE))
        if not ch.isspace():
            printed.append(Printed(left, top + 0.1 * EM, ch))
        x += w
    page = SynthPage((2 * MARGIN + width_em * EM, 2 * MARGIN + (row + 1) * TEXT_ROW), printed)
    return TextPage(lo, hi, boxes, page)
