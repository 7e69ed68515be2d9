"""Table grids of a scanned page: the rulings of one table to row and column boundaries and cells with spans.

The page-analysis chain, each stage named for what goes in and what comes out::

    gray ─ gray_to_binary ─ binary_to_glyph_height ─ binary_to_quarter_turn ─ binary_to_skew   (binarise, orientation)
         ─ binary_to_line_masks ─ line_masks_to_rulings ─ rulings_to_tables                    (rulings)
         ─ table_to_grid, hrules_to_grids                                                       (here)
         ─ cell_to_ink_box, text_to_prose_lines                                                 (ink)

All are small pure OpenCV transforms on numpy arrays; nothing runs OCR (see ``engines``) or
knows about the report's labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...geometry import Axis, Ruling, cluster_positions
from ...layout import BBox
from ..grid_spans import CellBox
from .binarise import MIN_GLYPH_PX
from .ink import crop_to_line_spans, vertical_crop_to_row  # noqa: F401  (engines imports them from here)
from .rulings import LINE_MERGE, coverage

SEPARATOR_COVER = 0.5  # a slot boundary is a separator where at least this share of it is ruled
TEXT_GAP = 0.8  # glyphs: a gap in the text at least this wide may be a column boundary
CAPTION_GAP = 2.0  # glyphs: a caption's own gaps (around its full-width brackets) are narrower
HEADING_BAND = 3.0  # glyphs: a band this tall holding a single line of text is a heading between tables


@dataclass
class TableGrid:
    """One table found on a page, with the intermediates that produced it."""

    bbox: BBox
    row_lines: list[float]  # y of each row boundary, n_rows + 1 of them
    col_lines: list[float]  # x of each column boundary, n_cols + 1 of them
    cells: list[CellBox]
    rulings: list[Ruling]
    inferred: list[str] = field(default_factory=list)  # boundaries not printed, e.g. "top edge", "col 3 (text gap)"
    repaired: set[tuple[str, int, int]] = field(default_factory=set)  # separators that exist only by a joined gap

    def cell_beside_repair(self, box: CellBox) -> bool:
        """Whether one of box's separators exists only because a broken ruling was joined."""
        r0, r1, c0, c1 = box.row, box.row + box.rowspan, box.col, box.col + box.colspan
        edges = {("v", r, c) for r in range(r0, r1) for c in (c0, c1)}
        edges |= {("h", r, c) for r in (r0, r1) for c in range(c0, c1)}
        return bool(edges & self.repaired)

    @property
    def n_rows(self) -> int:
        return len(self.row_lines) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_lines) - 1


def table_to_grid(table: list[Ruling], text: np.ndarray, glyph: float) -> TableGrid | None:
    """Row and column boundaries of one table, and its cells with spans.

    Boundaries are the clustered positions of its rulings; an outer edge that is not printed (a
    table cut by a page break, a missing border) becomes an inferred boundary at the rulings'
    extent. With no verticals, column boundaries come from gaps in the text. A boundary between two
    slots is a separator where it is ruled for at least half its length, or, for inferred
    boundaries, where no text crosses it; slots without a separator merge into one spanning cell.
    """
    g = max(glyph, MIN_GLYPH_PX)
    hs = [r for r in table if r.axis == "h"]
    vs = [r for r in table if r.axis == "v"]
    found = _boundaries(hs, vs, text, g)
    if found is None:
        return None
    rows, cols, inferred, text_cols = found
    n_r, n_c = len(rows) - 1, len(cols) - 1
    if n_r * n_c == 1 and not _has_ink(text, rows[0], rows[1], cols[0], cols[1]):
        return None  # an empty box (a frame, a signature line pair)
    if rows[-1] - rows[0] < 1.5 * g or cols[-1] - cols[0] < 3 * g or float(np.median(np.diff(rows))) < 0.9 * g:
        return None  # too small to hold text: strokes of a bold heading, an underline
    separators = _Separators(hs, vs, rows, cols, text, text_cols, g)
    cells = _merge_slots(rows, cols, separators)
    return TableGrid(BBox(cols[0], rows[0], cols[-1], rows[-1]), rows, cols, cells, table, inferred,
                     separators.repaired)


def hrules_to_grids(table: list[Ruling], text: np.ndarray, glyph: float) -> list[TableGrid]:
    """The grids of one group of rulings; a table ruled only across, one grid per block.

    Such a table (二 of a report ruled only horizontally) stacks blocks of different column
    layouts, each under a caption row (第二十条第（五）项) of its own, and one column split for all
    of them cuts every block wrongly. So the group is cut at its caption bands (one run of text,
    not at the left edge); each block takes its columns from the text gaps of its own rows. A tall
    band of one text line is a heading between two tables and belongs to neither.
    """
    if any(r.axis == "v" for r in table):
        grid = table_to_grid(table, text, glyph)
        return [grid] if grid else []
    g = max(glyph, MIN_GLYPH_PX)
    hs = [r for r in table if r.axis == "h"]
    x0, x1 = min(r.start for r in hs), max(r.end for r in hs)
    rows = cluster_positions([r.pos for r in hs if r.length >= 0.5 * (x1 - x0)], LINE_MERGE * g)
    grids = []
    top = rows[0]
    for a, b in zip(rows, rows[1:]):
        heading = _is_heading(text, a, b, x0, x1, g)
        if heading or (a != top and _is_caption(text, a, b, x0, x1, g)):
            grids.append(_block_grid(hs, top, a, text, g))
            top = b if heading else a
    grids.append(_block_grid(hs, top, rows[-1], text, g))
    return [grid for grid in grids if grid]


def _is_heading(text: np.ndarray, top: float, bottom: float, x0: float, x1: float, g: float) -> bool:
    """A tall band with one line of text: the heading of the next table (四、…) between two
    tables' rules, white above and below it (a row's wrapped label fills its band)."""
    if bottom - top < HEADING_BAND * g:
        return False
    margin = int(max(2.0, 0.15 * g))
    ys = np.flatnonzero(text[int(top) + margin:int(bottom) - margin, int(x0):int(x1)].any(axis=1))
    return bool(ys.size) and ys[-1] - ys[0] <= 1.5 * g


def _block_grid(hs: list[Ruling], top: float, bottom: float, text: np.ndarray, g: float) -> TableGrid | None:
    """The grid of the rules from top to bottom of a table ruled only across."""
    tol = LINE_MERGE * g
    block = [r for r in hs if top - tol <= r.pos <= bottom + tol]
    if len(block) < 2:
        return None
    return table_to_grid(block, text, g)


def _ink_runs(text: np.ndarray, top: float, bottom: float, x0: float, x1: float, g: float,
              gap: float = TEXT_GAP) -> list[tuple[int, int]]:
    """Runs of inked columns of a band (x offsets from x0), split at gaps of at least ``gap`` glyphs."""
    margin = int(max(2.0, 0.15 * g))  # off the rules' own pixels
    band = text[int(top) + margin:max(int(top) + margin, int(bottom) - margin), int(x0):int(x1)]
    if not band.size:
        return []
    xs = np.flatnonzero(band.any(axis=0))
    if not xs.size:
        return []
    cut = np.flatnonzero(np.diff(xs) >= gap * g)
    starts = np.concatenate(([xs[0]], xs[cut + 1]))
    ends = np.concatenate((xs[cut], [xs[-1]]))
    return [(int(a), int(b) + 1) for a, b in zip(starts, ends)]


def _is_caption(text: np.ndarray, top: float, bottom: float, x0: float, x1: float, g: float) -> bool:
    """A band holding one run of text away from the left edge: a block's caption or a heading,
    never a row (a row starts with its label at the left; a blank value leaves that label alone)."""
    runs = _ink_runs(text, top, bottom, x0, x1, g, CAPTION_GAP)
    return len(runs) == 1 and runs[0][0] > 2 * g


def _boundaries(hs: list[Ruling], vs: list[Ruling], text: np.ndarray, g: float
                ) -> tuple[list[float], list[float], list[str], set[int]] | None:
    """(row lines, column lines, inferred boundaries, columns whose left line is a text gap)."""
    x0 = min([r.start for r in hs] + [r.pos for r in vs])
    x1 = max([r.end for r in hs] + [r.pos for r in vs])
    tol = LINE_MERGE * g
    # a boundary must run for a fair part of the table, or it is a stroke inside a cell
    long_hs = [r for r in hs if r.length >= min(4 * g, 0.2 * (x1 - x0))]
    rows = cluster_positions([r.pos for r in long_hs], tol, [r.length for r in long_hs])
    cols = cluster_positions([r.pos for r in vs], tol, [r.length for r in vs])
    inferred: list[str] = []
    edge = 1.0 * g
    top = _unprinted_edge([r.start for r in vs], rows[0] if rows else None, -1, edge)
    bottom = _unprinted_edge([r.end for r in vs], rows[-1] if rows else None, +1, edge)
    left = _unprinted_edge([r.start for r in hs], cols[0] if cols else None, -1, edge)
    right = _unprinted_edge([r.end for r in hs], cols[-1] if cols else None, +1, edge)
    for value, lines, at_start, name in ((top, rows, True, "top edge"), (bottom, rows, False, "bottom edge"),
                                         (left, cols, True, "left edge"), (right, cols, False, "right edge")):
        if value is not None:
            lines.insert(0 if at_start else len(lines), value)
            inferred.append(name)
    if not rows or not cols:
        return None
    text_cols: set[int] = set()
    if len(cols) <= 2:  # horizontals only: columns from the gaps in the text
        gaps = [x for x in _text_gaps_to_cols(text, rows, cols[0], cols[-1], g)
                if not _left_of_a_header(x, hs, text, rows, cols[0], cols[-1], g)]
        gaps = sorted(gaps + _label_columns(hs, gaps, cols[0], g))
        if gaps:
            text_cols = set(range(1, len(gaps) + 1))
            cols = [cols[0]] + gaps + [cols[-1]]
            inferred.append(f"{len(gaps)} column(s) from text gaps")
    if len(rows) < 2 or len(cols) < 2:
        return None
    return [float(y) for y in rows], [float(x) for x in cols], inferred, text_cols


@dataclass
class _Separators:
    """Which slot boundaries of a table separate cells; ``repaired`` collects those that exist only
    by a joined gap of a broken ruling."""

    hs: list[Ruling]
    vs: list[Ruling]
    rows: list[float]
    cols: list[float]
    text: np.ndarray
    text_cols: set[int]  # columns whose left boundary is a gap in the text, not a ruling
    g: float
    repaired: set[tuple[str, int, int]] = field(default_factory=set)

    @property
    def line_tol(self) -> float:
        return max(2.0, 0.3 * self.g)

    def _ruled(self, axis: Axis, r: int, c: int, rulings: list[Ruling], pos: float, start: float, end: float
               ) -> bool:
        share = _ruled_share(rulings, pos, start, end, self.line_tol)
        joined = _joined_share(rulings, pos, start, end, self.line_tol)
        if share >= SEPARATOR_COVER > share - joined:
            self.repaired.add((axis, r, c))
        return share >= SEPARATOR_COVER

    def v_sep(self, r: int, c: int) -> bool:
        """Whether the boundary left of col c, in row r, separates cells."""
        rows, cols = self.rows, self.cols
        if c in self.text_cols:  # (a window: wrapped text may leave a gap between two characters there)
            return not any(_ink_crosses(self.text, "v", cols[c] + dx * self.g, rows[r], rows[r + 1], self.g)
                           for dx in (-0.2, 0.0, 0.2))
        return self._ruled("v", r, c, self.vs, cols[c], rows[r], rows[r + 1])

    def h_sep(self, r: int, c: int) -> bool:
        """Whether the boundary above row r, in col c, separates cells."""
        return self._ruled("h", r, c, self.hs, self.rows[r], self.cols[c], self.cols[c + 1])


def _merge_slots(rows: list[float], cols: list[float], seps: _Separators) -> list[CellBox]:
    """Cells with spans: slots without a separator between them merge, left to right, then down."""
    n_r, n_c = len(rows) - 1, len(cols) - 1
    taken = [[False] * n_c for _ in range(n_r)]
    cells: list[CellBox] = []
    for r in range(n_r):
        for c in range(n_c):
            if taken[r][c]:
                continue
            cs = 1
            while c + cs < n_c and not taken[r][c + cs] and not seps.v_sep(r, c + cs):
                cs += 1
            rs = 1
            while r + rs < n_r and all(not taken[r + rs][k] and not seps.h_sep(r + rs, k) for k in range(c, c + cs)):
                rs += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken[rr][cc] = True
            cells.append(CellBox(r, c, rs, cs, BBox(cols[c], rows[r], cols[c + cs], rows[r + rs])))
    return cells


def _unprinted_edge(ends: list[float], outer: float | None, direction: int, edge: float) -> float | None:
    """Where a table edge that is not printed lies: rulings run past the outermost boundary.

    A table cut by a page break has all its verticals run past its last horizontal; one stroke
    of a heading below the table that happens to line up with a vertical is not enough. Returns
    None when the outermost printed boundary is the edge.
    """
    if not ends:
        return None
    if outer is None:
        return min(ends) if direction < 0 else max(ends)
    past = [e for e in ends if (outer - e if direction < 0 else e - outer) > edge]
    if len(past) < 2 or len(past) < 0.3 * len(ends):
        return None
    return float(np.median(past))


def _ruled_share(rulings: list[Ruling], pos: float, start: float, end: float, tol: float) -> float:
    """Share of the span [start, end] on the line at pos that rulings (within ±tol) cover."""
    pieces = sorted((max(start, r.start), min(end, r.end)) for r in rulings
                    if abs(r.pos - pos) <= tol and r.end > start and r.start < end)
    covered, reach = 0.0, start
    for a, b in pieces:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / max(1e-6, end - start)


def _joined_share(rulings: list[Ruling], pos: float, start: float, end: float, tol: float) -> float:
    """Share of the span [start, end] on the line at pos that only joined gaps of rulings cover."""
    covered = sum(max(0.0, min(end, b) - max(start, a)) for r in rulings if abs(r.pos - pos) <= tol
                  for a, b in r.gaps)
    return covered / max(1e-6, end - start)


def _has_ink(text: np.ndarray, top: float, bottom: float, left: float, right: float) -> bool:
    region = text[int(top):int(bottom), int(left):int(right)]
    return bool(region.size and np.count_nonzero(region) > 10)


def _ink_crosses(text: np.ndarray, axis: Axis, pos: float, start: float, end: float, glyph: float) -> bool:
    """Whether text ink lies on an (unprinted) boundary, i.e. one text run spans it."""
    return coverage(text, axis, pos, start, end, 0.0) > 0.0


def _label_columns(hs: list[Ruling], gaps: list[float], x0: float, g: float) -> list[float]:
    """Column boundaries where row rules start (away from the text gaps): in a table ruled only
    across, the rule under a row of a group (（三）不予公开) starts at its sub-labels' column, so the
    label columns show where rules begin (text gaps cannot: labels wrap across them)."""
    starts = cluster_positions([r.start for r in hs if r.start > x0 + g], LINE_MERGE * g)
    return [x for x in starts if all(abs(x - gap) > g for gap in gaps)]


def _leaf_bands(text: np.ndarray, rows: list[float], x0: float, x1: float, g: float
                ) -> list[tuple[float, float, list[tuple[int, int]]]]:
    """The bands between rows that show the columns, with their runs of text: not captions, and
    not rows of few runs (header cells over several columns) beside rows of many."""
    bands = [(top, bottom, _ink_runs(text, top, bottom, x0, x1, g)) for top, bottom in zip(rows, rows[1:])]
    most = max((len(runs) for _, _, runs in bands), default=0)
    several = len(bands) > 1
    return [(top, bottom, runs) for top, bottom, runs in bands
            if 2 * len(runs) >= most and not (several and _is_caption(text, top, bottom, x0, x1, g))]


def _left_of_a_header(x: float, hs: list[Ruling], text: np.ndarray, rows: list[float], x0: float, x1: float,
                      g: float) -> bool:
    """Whether a text gap at x only parts a column's left-aligned labels from its centred header
    (信息内容 over 规章): some row ruled across x has text right of x and none left of it."""
    tol = max(2.0, 0.3 * g)
    for top, bottom, runs in _leaf_bands(text, rows, x0, x1, g):
        if min(_ruled_share(hs, top, x0, x, tol), _ruled_share(hs, bottom, x0, x, tol)) < SEPARATOR_COVER:
            continue  # the cells left of x span this row from above (a tall group label)
        if len(runs) >= 2 and x0 + runs[0][0] > x:
            return True
    return False


def _text_gaps_to_cols(text: np.ndarray, rows: list[float], x0: float, x1: float, glyph: float) -> list[float]:
    """Column boundaries of a table without verticals: x ranges free of ink in most of its leaf bands."""
    region = text[int(rows[0]):int(rows[-1]), int(x0):int(x1)]
    if not region.size:
        return []
    inked = np.zeros(region.shape[1], np.int32)
    leaf = _leaf_bands(text, rows, x0, x1, glyph)
    n_rows = len(leaf)
    for top, bottom, _ in leaf:
        band = text[int(top):int(bottom), int(x0):int(x1)]
        if band.any():
            inked += band.any(axis=0)
    limit = max(1, n_rows // 5)  # a header spanning several columns may cross a gap
    free = inked <= limit - 1 if n_rows >= 5 else inked == 0
    gaps = []
    start = None
    for x, f in enumerate(np.append(free, False)):
        if f and start is None:
            start = x
        elif not f and start is not None:
            if x - start >= TEXT_GAP * glyph and start > 0 and x < len(free):
                gaps.append(x0 + (start + x) / 2)
            start = None
    return gaps
