"""Ruling lines → table regions → grids of cells with spans (the lattice path).

A chain of small pure functions, named for what goes in and what comes out:

    rulings  --merge_rulings-->  merged rulings  --rulings_to_regions-->  regions (connected lines)
    region   --region_to_lattice-->  Lattice (column xs, row ys, separators)
    lattice  --lattice_to_cells-->  cell boxes with (row, col, rowspan, colspan)
    cells + chars  --assign_chars-->  characters per cell

Every tolerance is a multiple of the page's median glyph size (:class:`Tolerances`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from collections.abc import Sequence

from ..grid_spans import CellBox, merge_open_slots
from ...layout import BBox
from ...geometry import Ruling, cluster_positions
from .objects import Char


@dataclass(frozen=True)
class Tolerances:
    """Distances in PDF points, derived from the median glyph size of the page."""

    glyph: float
    snap: float  # rulings whose positions differ by less are one line
    join: float  # collinear pieces with a gap below this are one line
    touch: float  # a line ending this close to another meets it
    min_cell: float  # rows or columns thinner than this are slivers to fold away
    cover: float = 0.5  # a separator must cover this fraction of a cell side

    @classmethod
    def from_glyph(cls, glyph: float) -> Tolerances:
        g = min(max(glyph, 5.0), 30.0)
        return cls(glyph=g, snap=0.3 * g, join=0.6 * g, touch=0.4 * g, min_cell=0.6 * g)


@dataclass
class Region:
    """Rulings that touch one another: one ruled table on one page."""

    rulings: list[Ruling]
    intersections: list[tuple[float, float]] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        hs = [r for r in self.rulings if r.axis == "h"]
        vs = [r for r in self.rulings if r.axis == "v"]
        x0 = min([r.start for r in hs] + [r.pos for r in vs])
        x1 = max([r.end for r in hs] + [r.pos for r in vs])
        top = min([r.start for r in vs] + [r.pos for r in hs])
        bottom = max([r.end for r in vs] + [r.pos for r in hs])
        return BBox(x0, top, x1, bottom)


@dataclass
class Lattice:
    """Column boundaries ``xs`` and row boundaries ``ys`` of a region, and which cell sides are ruled.

    ``vsep[i][j]``: a vertical line separates slot (i, j-1) from (i, j) (j from 1);
    ``hsep[i][j]``: a horizontal line separates slot (i-1, j) from (i, j) (i from 1).
    """

    xs: list[float]
    ys: list[float]
    vsep: list[list[bool]]
    hsep: list[list[bool]]
    # slots (row, col) on the region's outline whose outer side no ruling draws: the outline is
    # closed there only by the bounding box (two tables printed edge to edge, of different widths)
    open_edge: frozenset[tuple[int, int]] = frozenset()


# ------------------------------------------------------------------------------------------

def merge_rulings(rulings: Sequence[Ruling], tol: Tolerances) -> list[Ruling]:
    """Snap near-equal positions together and join collinear pieces (dashes, per-cell borders)."""
    out: list[Ruling] = []
    for axis in ("h", "v"):
        same = [r for r in rulings if r.axis == axis and r.length > 0]
        if not same:
            continue
        centres = cluster_positions([r.pos for r in same], tol.snap, [max(r.length, 0.1) for r in same])
        buckets: dict[int, list[Ruling]] = {}
        for r in same:
            k = min(range(len(centres)), key=lambda i: abs(centres[i] - r.pos))
            buckets.setdefault(k, []).append(r)
        for k, group in sorted(buckets.items()):
            group.sort(key=lambda r: r.start)
            start, end = group[0].start, group[0].end
            for r in group[1:]:
                if r.start <= end + tol.join:
                    end = max(end, r.end)
                else:
                    out.append(Ruling(axis, centres[k], start, end))
                    start, end = r.start, r.end
            out.append(Ruling(axis, centres[k], start, end))
    return out


def _touch(h: Ruling, v: Ruling, tol: float) -> bool:
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def rulings_to_regions(rulings: Sequence[Ruling], tol: Tolerances) -> list[Region]:
    """Connected groups of horizontal and vertical lines that meet; a table needs 2 of each."""
    hs = [r for r in rulings if r.axis == "h"]
    vs = [r for r in rulings if r.axis == "v"]
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    points: list[tuple[int, tuple[float, float]]] = []
    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if _touch(h, v, tol.touch):
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
                points.append((i, (v.pos, h.pos)))
    groups: dict[int, list[int]] = {}
    for i in range(len(parent)):
        groups.setdefault(find(i), []).append(i)
    regions = []
    for members in groups.values():
        lines = [hs[i] if i < len(hs) else vs[i - len(hs)] for i in members]
        n_h = sum(1 for r in lines if r.axis == "h")
        if n_h < 2 or len(lines) - n_h < 2:
            continue
        member_h = {i for i in members if i < len(hs)}
        regions.append(Region(lines, [p for i, p in points if i in member_h]))
    regions.sort(key=lambda r: (r.bbox.top, r.bbox.x0))
    return regions


MIN_UNSHARED_COLUMNS = 2  # column lines on each side of a line that the other side lacks, for two tables


def split_stacked_tables(region: Region, tol: Tolerances) -> list[Region]:
    """A region cut at every horizontal line where two tables printed edge to edge meet.

    A browser prints 三 cut in two tables one right under the other, each with its own column
    widths: the lower one's top line is the upper one's bottom line, so their rulings make one
    region whose columns are neither table's. At such a line, column lines end from above and
    others start below at other places (MIN_UNSHARED_COLUMNS or more each way); inside one table a
    spanning row only ends or only starts columns at a line, never both."""
    hs = [r for r in region.rulings if r.axis == "h"]
    vs = [r for r in region.rulings if r.axis == "v"]
    box = region.bbox
    cuts = sorted({round(h.pos, 2) for h in hs if box.top + tol.touch < h.pos < box.bottom - tol.touch
                   and _columns_change(h.pos, vs, tol)})
    if not cuts:
        return [region]
    bounds = [box.top - tol.touch, *cuts, box.bottom + tol.touch]
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        lines = [h for h in hs if lo - tol.snap <= h.pos <= hi + tol.snap]
        lines += [Ruling("v", v.pos, max(v.start, lo), min(v.end, hi)) for v in vs
                  if min(v.end, hi) - max(v.start, lo) > tol.touch]
        if sum(1 for r in lines if r.axis == "h") >= 2 and sum(1 for r in lines if r.axis == "v") >= 2:
            out.append(Region(lines, [p for p in region.intersections if lo - tol.snap <= p[1] <= hi + tol.snap]))
    return out or [region]


def _columns_change(y: float, vs: Sequence[Ruling], tol: Tolerances) -> bool:
    above = [v.pos for v in vs if v.start < y - tol.touch and abs(v.end - y) <= tol.touch]
    below = [v.pos for v in vs if v.end > y + tol.touch and abs(v.start - y) <= tol.touch]
    through = [v.pos for v in vs if v.start < y - tol.touch and v.end > y + tol.touch]

    def unshared(xs: list[float], others: list[float]) -> int:
        return sum(1 for x in xs if not any(abs(x - o) <= tol.snap for o in others + through))

    return min(unshared(above, below), unshared(below, above)) >= MIN_UNSHARED_COLUMNS


def _coverage(lines: Sequence[Ruling], pos: float, lo: float, hi: float, snap: float) -> float:
    """Fraction of [lo, hi] covered by lines at ``pos``."""
    span = hi - lo
    if span <= 0:
        return 0.0
    covered = 0.0
    for r in lines:
        if abs(r.pos - pos) <= snap:
            covered += max(0.0, min(hi, r.end) - max(lo, r.start))
    return min(covered / span, 1.0)


def _drop_slivers(bounds: list[float], support: dict[float, float], min_gap: float) -> list[float]:
    """Fold away boundaries closer than ``min_gap`` to a neighbour, keeping the better-ruled one."""
    bounds = sorted(bounds)
    changed = True
    while changed and len(bounds) > 2:
        changed = False
        for i in range(len(bounds) - 1):
            if bounds[i + 1] - bounds[i] < min_gap:
                drop = i if support.get(bounds[i], 0.0) < support.get(bounds[i + 1], 0.0) else i + 1
                if len(bounds) <= 2:
                    break
                del bounds[drop]
                changed = True
                break
    return bounds


def region_to_lattice(region: Region, tol: Tolerances) -> Lattice:
    """Column and row boundaries of a region and, for every slot side, whether it is ruled."""
    hs = [r for r in region.rulings if r.axis == "h"]
    vs = [r for r in region.rulings if r.axis == "v"]
    box = region.bbox
    xs = cluster_positions([r.pos for r in vs] + [box.x0, box.x1], tol.snap)
    ys = cluster_positions([r.pos for r in hs] + [box.top, box.bottom], tol.snap)
    xs = _drop_slivers(xs, {x: sum(r.length for r in vs if abs(r.pos - x) <= tol.snap) for x in xs}, tol.min_cell)
    ys = _drop_slivers(ys, {y: sum(r.length for r in hs if abs(r.pos - y) <= tol.snap) for y in ys}, tol.min_cell)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    vsep = [[j == 0 or j == n_cols or _coverage(vs, xs[j], ys[i], ys[i + 1], tol.snap) >= tol.cover
             for j in range(n_cols + 1)] for i in range(n_rows)]
    hsep = [[i == 0 or i == n_rows or _coverage(hs, ys[i], xs[j], xs[j + 1], tol.snap) >= tol.cover
             for j in range(n_cols)] for i in range(n_rows + 1)]
    return Lattice(xs, ys, vsep, hsep, _open_edge(xs, ys, hs, vs, tol))


def _open_edge(xs: list[float], ys: list[float], hs: Sequence[Ruling], vs: Sequence[Ruling],
               tol: Tolerances) -> frozenset[tuple[int, int]]:
    """Outline slots whose outer side is not ruled (see :attr:`Lattice.open_edge`)."""
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    out = set()
    for i in range(n_rows):
        for j, x in ((0, xs[0]), (n_cols - 1, xs[-1])):
            if _coverage(vs, x, ys[i], ys[i + 1], tol.snap) < tol.cover:
                out.add((i, j))
    for j in range(n_cols):
        for i, y in ((0, ys[0]), (n_rows - 1, ys[-1])):
            if _coverage(hs, y, xs[j], xs[j + 1], tol.snap) < tol.cover:
                out.add((i, j))
    return frozenset(out)


def on_open_edge(lattice: Lattice, cell: CellBox) -> bool:
    """Whether the cell touches the region's outline where no ruling closes it."""
    return any((r, c) in lattice.open_edge for r in range(cell.row, cell.row + cell.rowspan)
               for c in range(cell.col, cell.col + cell.colspan))


def lattice_to_cells(lattice: Lattice) -> list[CellBox]:
    """Merge slots not separated by a line into cells with spans.

    A merged group that is not a rectangle (a missing line inside a ragged area) is cut into its
    row-wise runs, so cells never overlap.
    """
    xs, ys = lattice.xs, lattice.ys
    rects = merge_open_slots(len(ys) - 1, len(xs) - 1,
                             lambda r, c: not lattice.vsep[r][c + 1], lambda r, c: not lattice.hsep[r + 1][c])
    return [_cell(xs, ys, r0, c0, r1, c1) for r0, c0, r1, c1 in rects]


def _cell(xs: list[float], ys: list[float], r0: int, c0: int, r1: int, c1: int) -> CellBox:
    return CellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, BBox(xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))


def assign_chars(cells: Sequence[CellBox], lattice: Lattice,
                 chars: Sequence[Char]) -> tuple[dict[int, list[Char]], list[Char]]:
    """Characters per cell (by the slot holding each character's centre) and those outside the table."""
    xs, ys = lattice.xs, lattice.ys
    slot_to_cell: dict[tuple[int, int], int] = {}
    for k, cell in enumerate(cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                slot_to_cell[(r, c)] = k
    inside: dict[int, list[Char]] = {}
    outside: list[Char] = []
    for ch in chars:
        cx, cy = ch.cx, ch.cy
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            outside.append(ch)
            continue
        col = min(bisect_right(xs, cx) - 1, len(xs) - 2)
        row = min(bisect_right(ys, cy) - 1, len(ys) - 2)
        owner = slot_to_cell.get((row, col))
        if owner is None:
            outside.append(ch)
        else:
            inside.setdefault(owner, []).append(ch)
    return inside, outside
