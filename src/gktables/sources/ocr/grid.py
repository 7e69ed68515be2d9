"""Table grids of a scanned page: the rulings of one table to row and column boundaries and cells with spans.

The page-analysis chain, each stage named for what goes in and what comes out::

    gray ─ gray_to_binary ─ binary_to_glyph_height ─ binary_to_quarter_turn ─ binary_to_skew   (binarise, orientation)
         ─ binary_to_line_masks ─ line_masks_to_rulings ─ rulings_to_tables                    (rulings)
         ─ table_to_grid                                                                        (here)
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
    if top is not None:
        rows.insert(0, top)
        inferred.append("top edge")
    if bottom is not None:
        rows.append(bottom)
        inferred.append("bottom edge")
    if left is not None:
        cols.insert(0, left)
        inferred.append("left edge")
    if right is not None:
        cols.append(right)
        inferred.append("right edge")
    if not rows or not cols:
        return None
    text_cols: set[int] = set()
    if len(cols) <= 2:  # horizontals only: columns from the gaps in the text
        gaps = _text_gaps_to_cols(text, rows, cols[0], cols[-1], g)
        if gaps:
            text_cols = set(range(1, len(gaps) + 1))
            cols = [cols[0]] + gaps + [cols[-1]]
            inferred.append(f"{len(gaps)} column(s) from text gaps")
    if len(rows) < 2 or len(cols) < 2:
        return None
    rows, cols = [float(y) for y in rows], [float(x) for x in cols]
    n_r, n_c = len(rows) - 1, len(cols) - 1
    if n_r * n_c == 1 and not _has_ink(text, rows[0], rows[1], cols[0], cols[1]):
        return None  # an empty box (a frame, a signature line pair)
    if rows[-1] - rows[0] < 1.5 * g or cols[-1] - cols[0] < 3 * g or float(np.median(np.diff(rows))) < 0.9 * g:
        return None  # too small to hold text: strokes of a bold heading, an underline
    line_tol = max(2.0, 0.3 * g)

    repaired: set[tuple[str, int, int]] = set()

    def ruled(axis: Axis, r: int, c: int, rulings: list[Ruling], pos: float, start: float, end: float) -> bool:
        share = _ruled_share(rulings, pos, start, end, line_tol)
        joined = _joined_share(rulings, pos, start, end, line_tol)
        if share >= SEPARATOR_COVER > share - joined:
            repaired.add((axis, r, c))
        return share >= SEPARATOR_COVER

    def v_sep(r: int, c: int) -> bool:  # boundary left of col c, in row r
        if c in text_cols:
            return not _ink_crosses(text, "v", cols[c], rows[r], rows[r + 1], g)
        return ruled("v", r, c, vs, cols[c], rows[r], rows[r + 1])

    def h_sep(r: int, c: int) -> bool:  # boundary above row r, in col c
        return ruled("h", r, c, hs, rows[r], cols[c], cols[c + 1])

    taken = [[False] * n_c for _ in range(n_r)]
    cells: list[CellBox] = []
    for r in range(n_r):
        for c in range(n_c):
            if taken[r][c]:
                continue
            cs = 1
            while c + cs < n_c and not taken[r][c + cs] and not v_sep(r, c + cs):
                cs += 1
            rs = 1
            while r + rs < n_r and all(not taken[r + rs][k] and not h_sep(r + rs, k) for k in range(c, c + cs)):
                rs += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken[rr][cc] = True
            cells.append(CellBox(r, c, rs, cs, BBox(cols[c], rows[r], cols[c + cs], rows[r + rs])))
    return TableGrid(BBox(cols[0], rows[0], cols[-1], rows[-1]), rows, cols, cells, table, inferred, repaired)


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


def _text_gaps_to_cols(text: np.ndarray, rows: list[float], x0: float, x1: float, glyph: float) -> list[float]:
    """Column boundaries of a table without verticals: x ranges free of ink in most rows."""
    region = text[int(rows[0]):int(rows[-1]), int(x0):int(x1)]
    if not region.size:
        return []
    n_rows = len(rows) - 1
    inked = np.zeros(region.shape[1], np.int32)
    for r in range(n_rows):
        band = text[int(rows[r]):int(rows[r + 1]), int(x0):int(x1)]
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
            if x - start >= 0.8 * glyph and start > 0 and x < len(free):
                gaps.append(x0 + (start + x) / 2)
            start = None
    return gaps
