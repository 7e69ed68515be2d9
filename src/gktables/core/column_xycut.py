"""三 printed block by block along the label boxes' row groups (pdfminer.six's ``extract_text``):
the print order read as a recursive cut of the band's grid of cells.

pdfminer groups neighbouring text boxes into larger ones and prints the groups one after the
other. In a ruled table, a group of neighbouring columns is often printed row group by row group
(the groups the label boxes make), each group's cells column by column, and a one-row group's cells
along its line:

    198 49 7 7 17 0 278 | 13 2 1 | 86 25 7 | 9 0 1 1 5 … 10 | 5 0 1 0 … | … | 187 47 … 264

is row 1 along its line, then the block of the first three columns: rows 2 and 3 along their lines,
then rows 4–21 column by column, and so on. Such an order is a cut of the grid in four levels:
the band is printed as horizontal **strips** (top to bottom, cut at any row), each strip as
**blocks** of neighbouring columns (left to right), each block as row **groups** (top to bottom,
cut where a section of 三's labels starts: 一, 二, each result kind, (三)'s eight rows one section),
each group column by column (a one-row group: along its line). Any level may be one piece. This
module lists the distinct value readings of a band's stream under every such cut, keeping only
those on which every check of the band holds: two parts printed one after the other are joined by
the sums of the checks that cross them (a hash join, so the row totals of a full-width strip and
the column sums of a full-height block prune as the parts meet), and a part whose cells leave a
check's other cells one sign is held to the sign it leaves (counts are never negative). The
search is bounded (MAX_PER_RECT readings per part, MAX_STEPS per band, and the caller's budget):
past that the band is not read so.

Which cut is right is not printed: many cuts give readings that pass every check, so a reading found
here is read loose (every cell flagged) and cells the kept readings disagree on stay open; the
caller tries this only when no narrower order reads the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from ..report import Value
from ..schema import CheckSpec
from .align import RowPlan
from .items import Item

MAX_PER_RECT = 256  # distinct readings of one rectangle at one stream offset; more: that cut is left out
MAX_STEPS = 100_000  # readings built for one band; more: the band is not read so (CPU bound)

Rect = tuple[int, int, int, int]  # rows r0..r1-1, columns c0..c1-1
Cell = tuple[int, int]
Term = list[tuple[Cell, int]]  # a check as signed cells of the band: it holds when they sum to 0


class CutsTooOpen(Exception):
    """The band's search built more than MAX_STEPS readings."""


def check_terms(checks: Sequence[CheckSpec], keys: Sequence[Sequence[str]]) -> list[Term]:
    """The checks all of whose cells lie in the band whose cell keys are ``keys`` ([row][column]),
    each as signed cells (lhs +1, rhs −1)."""
    where = {key: (r, c) for r, row in enumerate(keys) for c, key in enumerate(row)}
    out = []
    for check in checks:
        cells = [(k, 1) for k in check.lhs] + [(k, -1) for k in check.rhs]
        if cells and all(k in where for k, _ in cells):
            out.append([(where[k], sign) for k, sign in cells])
    return out


def xy_readings(values: Sequence[Value], n: int, n_cols: int, fixed: dict[Cell, Value], terms: list[Term],
                group_cuts: Sequence[int] = (), budget: list[int] | None = None, nested: bool = False
                ) -> list[dict[Cell, int]] | None:
    """The readings of a band of ``n`` rows × ``n_cols`` columns whose cells but ``fixed`` (cells
    known from their row's line) are printed as ``values`` in a cut order (see the module's doc):
    each reading maps a cell to the index of the value it takes, one reading per distinct grid of
    values on which every check of ``terms`` holds. ``group_cuts``: the rows a block's row group
    may start at (the label boxes' sections); a band's strips may start at any row. ``budget``: a
    one-item list of the steps the caller has left (shared by its searches, spent here). ``nested``:
    a row group may be cut into blocks and row groups once more (see :mod:`.column_nested`). None when
    the search went past MAX_STEPS or the budget, or a rectangle past MAX_PER_RECT readings (too
    open to read so)."""
    if len(values) != n * n_cols - len(fixed):
        return []
    budget = [MAX_STEPS] if budget is None else budget
    search = CutSearch(values, n, n_cols, fixed, terms, set(group_cuts), min(MAX_STEPS, budget[0]), nested)
    try:
        found = search.level(STRIPS, (0, n, 0, n_cols), 0)
    except CutsTooOpen:
        return None
    finally:
        budget[0] -= search.steps
    cells = search.cells((0, n, 0, n_cols))
    return [dict(zip(cells, reading)) for reading in found.values()]


def section_starts(keys: Sequence[Sequence[str]]) -> list[int]:
    """The rows of a band (its cell keys, [row][column]) that start a section of 三's labels (一, 二,
    each result kind; (三)'s rows one section): where pdfminer's label boxes may start a row group."""
    def section(row: Sequence[str]) -> str:
        name = row[0].rsplit(".", 1)[0]
        return name.rsplit(".", 1)[0] if name.count(".") >= 3 else name
    return [r for r in range(1, len(keys)) if section(keys[r]) != section(keys[r - 1])]


def after_label(plans: Sequence[RowPlan], items: Sequence[Item], values: set[int], n_cols: int) -> dict[Cell, int]:
    """The values (stream positions among ``values``) printed right after a row's label, before
    any other text, as that row's first cells (a box of its first cells printed beside its label):
    cell → position; none for a row followed by more than a row's values."""
    out: dict[Cell, int] = {}
    for r, plan in enumerate(plans):
        if plan.anchor is None:
            continue
        after: list[int] = []
        for it in items[plan.anchor + 1:]:
            if it.kind != "value" or it.pos not in values:
                break
            after.append(it.pos)
        if len(after) <= n_cols:
            out.update({(r, c): pos for c, pos in enumerate(after)})
    return out


STRIPS, BLOCKS, GROUPS, COLUMNS = range(4)  # the levels of a cut order, outermost first
_Part = tuple[list[tuple[int, int]], int | float]  # a check's printed cells in a part (their places among its
# cells, signed), fixed cells' sum
Readings = dict[tuple[Value, ...], tuple[int, ...]]  # values of a rectangle's cells → their stream indices


class CutSearch:
    """The memoised search of one band: (level, rectangle, stream offset) → its readings."""

    def __init__(self, values: Sequence[Value], n: int, n_cols: int, fixed: dict[Cell, Value],
                 terms: list[Term], group_cuts: set[int], max_steps: int, nested: bool = False) -> None:
        self.values = values
        self.nested = nested
        self.max_steps = max_steps
        self.fixed = fixed
        self.terms = terms
        self._term_boxes = [_term_box(term) for term in terms]  # _split's test of a check inside a part
        self.group_cuts = group_cuts
        self.steps = 0
        self.memo: dict[tuple[int, Rect, int, int], Readings] = {}
        self._cells: dict[Rect, list[Cell]] = {}
        self._splits: dict[tuple[Rect, Rect], tuple[list[_Part], list[_Part]]] = {}
        self._order: dict[tuple[Rect, Rect], list[int]] = {}
        self._touch: dict[Rect, list[tuple[list[tuple[int, int]], int | float, int]]] = {}

    def cells(self, rect: Rect) -> list[Cell]:
        """The rectangle's printed cells (not fixed), row by row."""
        if rect not in self._cells:
            r0, r1, c0, c1 = rect
            self._cells[rect] = [(r, c) for r in range(r0, r1) for c in range(c0, c1) if (r, c) not in self.fixed]
        return self._cells[rect]

    def level(self, lev: int, rect: Rect, at: int, depth: int = 0) -> Readings:
        """The rectangle's readings at level ``lev`` when its cells are printed from offset ``at``:
        STRIPS, horizontal strips at any rows, each cut into BLOCKS of neighbouring columns, each
        cut into GROUPS of rows at the label boxes' sections, each printed column by column (or,
        ``nested``, a group of depth 0 cut into blocks and groups again, ``depth`` 1)."""
        key = (lev, rect, at, depth)
        if key in self.memo:
            return self.memo[key]
        r0, r1, c0, c1 = rect
        out: Readings = {}
        self.steps += 1  # each rectangle worked out counts, as each pair joined does
        if self.steps > self.max_steps:
            raise CutsTooOpen
        if lev == COLUMNS:
            cells = self.cells(rect)
            order = sorted(cells, key=lambda rc: (rc[1], rc[0]))
            where = {cell: at + k for k, cell in enumerate(order)}
            idx = tuple(where[cell] for cell in cells)
            got = tuple(self.values[i] for i in idx)
            if self._bounded(rect, got):
                out[got] = idx
        else:
            for got, idx in self.level(lev + 1, rect, at, depth).items():
                out.setdefault(got, idx)
            if lev == GROUPS and self.nested and depth == 0 and rect[1] - rect[0] > 1 and rect[3] - rect[2] > 1:
                for got, idx in self.level(BLOCKS, rect, at, 1).items():
                    out.setdefault(got, idx)
            if lev == BLOCKS:
                splits = [((r0, r1, c0, m), (r0, r1, m, c1)) for m in range(c0 + 1, c1)]
            else:
                rows = range(r0 + 1, r1) if lev == STRIPS else [m for m in range(r0 + 1, r1) if m in self.group_cuts]
                splits = [((r0, m, c0, c1), (m, r1, c0, c1)) for m in rows]
            for first, rest in splits:
                self._join(out, rect, self.level(lev + 1, first, at, depth),
                           first, rest, partial(self.level, lev, rest, depth=depth), at)
        self.memo[key] = out
        return out

    def _join(self, out: Readings, rect: Rect, heads: Readings, first: Rect, rest: Rect,
              tails_at: Callable[[int], Readings], at: int) -> None:
        """Adds to ``out`` the readings of ``rect`` printed as ``first`` (``heads``) then ``rest``:
        pairs whose checks across the two parts hold, matched by their partial sums."""
        if not heads:
            return
        tails: Readings = tails_at(at + len(self.cells(first)))
        if not tails:
            return
        head_terms, tail_terms = self._split(rect, first, rest)
        order = self._merged(rect, first, rest)
        by_sums: dict[tuple[int | float, ...], list[tuple[tuple[Value, ...], tuple[int, ...]]]] = {}
        for tail_values, tail in tails.items():
            by_sums.setdefault(_sums(tail_terms, tail_values, -1), []).append((tail_values, tail))
        for head_values, head in heads.items():
            for tail_values, tail in by_sums.get(_sums(head_terms, head_values, 1), ()):
                self.steps += 1
                if self.steps > self.max_steps:
                    raise CutsTooOpen
                both = head_values + tail_values  # a reading's values are those of its indices
                got = tuple([both[k] for k in order])
                if got in out or not self._bounded(rect, got):
                    continue
                if len(out) >= MAX_PER_RECT:
                    raise CutsTooOpen
                both_idx = head + tail
                out[got] = tuple([both_idx[k] for k in order])

    def _merged(self, rect: Rect, first: Rect, rest: Rect) -> list[int]:
        """Where each cell of ``rect`` (row by row) is among ``first``'s cells followed by ``rest``'s:
        the same for every pair joined, built once."""
        key = (first, rest)
        if key not in self._order:
            self._order[key] = merge_order([*self.cells(first), *self.cells(rest)], self.cells(rect))
        return self._order[key]

    def _split(self, rect: Rect, first: Rect, rest: Rect) -> tuple[list[_Part], list[_Part]]:
        """The checks inside ``rect`` with cells in both parts, as each part's (printed cells,
        fixed cells' sum): they must sum to 0 across the two."""
        key = (first, rest)
        if key not in self._splits:
            heads, tails = [], []
            for term, box in zip(self.terms, self._term_boxes):
                if _box_inside(box, rect) and not _box_inside(box, first) and not _box_inside(box, rest):
                    heads.append(self._part(term, first))
                    tails.append(self._part(term, rest))
            self._splits[key] = (heads, tails)
        return self._splits[key]

    def _part(self, term: Term, part: Rect) -> _Part:
        place = {cell: k for k, cell in enumerate(self.cells(part))}
        inside = [(cell, s) for cell, s in term if _inside_cell(cell, part)]
        return ([(place[c], s) for c, s in inside if c not in self.fixed],
                sum(s * (self.fixed[c] or 0) for c, s in inside if c in self.fixed))

    def _bounded(self, rect: Rect, got: tuple[Value, ...]) -> bool:
        """Whether the checks that touch the rectangle can still hold: each check inside it holds,
        and one whose cells outside it all have one sign leaves its sum inside the other sign (the
        cells are counts, never negative)."""
        for inner_at, const, outside in self._touching(rect):
            inner = const + sum([s * (got[k] or 0) for k, s in inner_at])
            if outside == 0 and inner or outside == 1 and inner > 0 or outside == -1 and inner < 0:
                return False
        return True

    def _touching(self, rect: Rect) -> list[tuple[list[tuple[int, int]], int | float, int]]:
        """The checks that touch the rectangle's printed cells and may prune it: their printed cells
        inside (as their places among the rectangle's cells, row by row), the fixed cells' signed sum
        inside, and the sign of every cell outside (0: none outside; the check is dropped when the
        outside cells' signs differ)."""
        if rect not in self._touch:
            out = []
            place = {cell: k for k, cell in enumerate(self.cells(rect))}
            r0, r1, c0, c1 = rect
            for term in self.terms:  # (the tests inlined: asked for each rectangle of each band's search)
                inner: list[tuple[int, int]] = []
                const: int | float = 0
                signs = set()
                for cell, s in term:
                    if not (r0 <= cell[0] < r1 and c0 <= cell[1] < c1):
                        signs.add(s)
                    elif cell in self.fixed:
                        const += s * (self.fixed[cell] or 0)
                    else:
                        inner.append((place[cell], s))
                if inner and len(signs) <= 1:
                    out.append((inner, const, signs.pop() if signs else 0))
            self._touch[rect] = out
        return self._touch[rect]


def merge_order(printed: Sequence[Cell], cells: Sequence[Cell]) -> list[int]:
    """Where each of ``cells`` is among ``printed`` (two parts' cells, one part after the other): the
    permutation that puts a joined reading's values (or indices) into ``cells``' order."""
    place = {cell: k for k, cell in enumerate(printed)}
    return [place[cell] for cell in cells]


def _sums(terms: list[_Part], got: tuple[Value, ...], sign: int) -> tuple[int | float, ...]:
    """Each check's signed sum over a part's cells (``got``: their values; fixed ones included), times ``sign``."""
    return tuple([sign * (const + sum([s * (got[k] or 0) for k, s in printed])) for printed, const in terms])


def _inside_cell(cell: Cell, rect: Rect) -> bool:
    return rect[0] <= cell[0] < rect[1] and rect[2] <= cell[1] < rect[3]


def _term_box(term: Term) -> Rect:
    """The smallest rectangle holding a check's cells."""
    rows, cols = [r for (r, _), _ in term], [c for (_, c), _ in term]
    return min(rows), max(rows) + 1, min(cols), max(cols) + 1


def _box_inside(box: Rect, rect: Rect) -> bool:
    """Whether a check (its ``box``, see _term_box) lies inside the rectangle."""
    return rect[0] <= box[0] and box[1] <= rect[1] and rect[2] <= box[2] and box[3] <= rect[3]
