"""三 printed in sub-bands sharing one set of row groups (pdfminer.six's ``extract_text``): the
cut orders of :mod:`.column_xycut` whose row groups are not the label sections but any rows,
the same groups in every block of a strip.

pdfminer makes a text box of each cell (or of a row's neighbouring cells when the columns are
narrow) and groups the boxes by their distances: where the rows' heights change, a page's rows
fall into groups at the same rows in every column, and a block of neighbouring columns is printed
group by group, each group column by column (a one-row group along its line):

    126 0 | 3360 0 | 0 45 … 62 | 0 … 0 | 190 … 619 | 0 … 0 | 3 9 1 139 | 87 212 35 3694 | 0 1 0 … | 62 126 13 2187 | …

is the strip of rows 二 … (六) printed as the blocks 自然人–商业企业, 科研机构 and 公益组织–总计, each cut
at the same rows (二 | (一) | (二)–(三)8 | (四)1 | (四)2–(六)). Letting each block cut its groups at
any rows on its own is far too open (2^rows cuts per block); with the cuts shared, the cells of a
row group are fixed by the strip, its blocks and the group's rows alone (the blocks before it print
all the strip's rows), so each group is checked on its own rows' checks (row totals) as it is
cut, and the search is a walk down the rows: strips at any row, each strip's blocks any partition
of the columns (left to right), its groups at any rows. The checks across groups (the column
sums) are left to the caller. Bounded (MAX_PER_STATE readings per row offset, MAX_STEPS groups
tried per band, and the caller's budget): past that the band is not read so. A reading found here
is read loose, like every cut order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from ..report import Value
from .column_xycut import Cell, Readings, Term

MAX_PER_STATE = 256  # distinct readings of the rows from one row on (one strip, blocks, start); more: too open
MAX_STEPS = 400_000  # row groups tried per band; more: the band is not read so (CPU bound)

class StateTooOpen(Exception):
    """The band's search tried more than its steps, or a state held more than its cap of readings."""


def join_into(out: Readings, heads: Readings, tails: Readings, cap: int, step: Callable[[], None] | None = None
              ) -> None:
    """Add to ``out`` each head reading followed by each tail reading (the rows printed after it),
    one per distinct grid; StateTooOpen past ``cap`` readings. ``step``: called for each pair (the
    caller's step count)."""
    for head_values, head in heads.items():
        for tail_values, tail in tails.items():
            if step is not None:
                step()
            got = head_values + tail_values
            if got not in out:
                if len(out) >= cap:
                    raise StateTooOpen
                out[got] = head + tail


def subband_readings(values: Sequence[Value], n: int, n_cols: int, fixed: dict[Cell, Value], terms: list[Term],
                     budget: list[int] | None = None) -> list[dict[Cell, int]] | None:
    """The readings of a band of ``n`` rows × ``n_cols`` columns whose cells but ``fixed`` are
    printed as ``values`` in strips, blocks and shared row groups (see the module's doc): each maps
    a cell to the index of its value, one per distinct grid on which every check of ``terms`` that
    lies within one row group holds. None when the search went past its bounds (too open)."""
    if len(values) != n * n_cols - len(fixed):
        return []
    budget = [MAX_STEPS] if budget is None else budget
    search = _Search(values, n, n_cols, fixed, terms, min(MAX_STEPS, budget[0]))
    try:
        found = search.rows_from(0)
    except StateTooOpen:
        return None
    finally:
        budget[0] -= search.steps
    cells = search.cells(0, n)
    return [dict(zip(cells, idx)) for idx in found.values()]


def partitions(n_cols: int) -> list[list[tuple[int, int]]]:
    """Every cut of the columns 0..n_cols-1 into blocks of neighbours, left to right."""
    out = []
    for k in range(n_cols):
        for cuts in combinations(range(1, n_cols), k):
            bounds = [0, *cuts, n_cols]
            out.append(list(zip(bounds, bounds[1:])))
    return out


class _Search:
    """The memoised walk down one band's rows."""

    def __init__(self, values: Sequence[Value], n: int, n_cols: int, fixed: dict[Cell, Value], terms: list[Term],
                 max_steps: int) -> None:
        self.values, self.n, self.n_cols, self.fixed = values, n, n_cols, fixed
        self.max_steps, self.steps = max_steps, 0
        # printed cells of column c above row r: where[c][r]
        self.above = [[sum(1 for q in range(r) if (q, c) not in fixed) for r in range(n + 1)] for c in range(n_cols)]
        # and summed over the columns left of c: left[r][c] (count() in four look-ups: asked millions of times)
        self.left = [[sum(self.above[q][r] for q in range(c)) for c in range(n_cols + 1)] for r in range(n + 1)]
        self.terms = [(min(r for (r, _), _ in t), max(r for (r, _), _ in t), t) for t in terms
                      if any(cell not in fixed for cell, _ in t)]
        self.parts = partitions(n_cols)
        self.memo: dict[int, Readings] = {}

    def cells(self, r0: int, r1: int) -> list[Cell]:
        """The printed cells of rows r0..r1-1, row by row."""
        return [(r, c) for r in range(r0, r1) for c in range(self.n_cols) if (r, c) not in self.fixed]

    def count(self, r0: int, r1: int, c0: int, c1: int) -> int:
        """The printed cells of rows r0..r1-1, columns c0..c1-1."""
        left = self.left
        return left[r1][c1] - left[r1][c0] - left[r0][c1] + left[r0][c0]

    def rows_from(self, s: int) -> Readings:
        """The readings of rows s..n-1 when they start the rest of the stream: a strip s..e-1 cut
        into blocks and shared groups, then the rows from e."""
        if s == self.n:
            return {(): ()}
        if s in self.memo:
            return self.memo[s]
        out: Readings = {}
        for e in range(s + 1, self.n + 1):
            rest = self.rows_from(e)
            if not rest:
                continue
            for part in self.parts:
                join_into(out, self._groups(s, e, part, s, {}), rest, MAX_PER_STATE)
        self.memo[s] = out
        return out

    def _groups(self, s: int, e: int, part: list[tuple[int, int]], a: int, memo: dict[int, Readings]) -> Readings:
        """The readings of rows a..e-1 of the strip s..e-1 printed as ``part``'s blocks, each cut at
        the same row groups from row a on."""
        if a == e:
            return {(): ()}
        if a in memo:
            return memo[a]
        out: Readings = {}
        for b in range(a + 1, e + 1):
            group = self._group(s, e, part, a, b)
            if group is None:
                continue
            join_into(out, {group[0]: group[1]}, self._groups(s, e, part, b, memo), MAX_PER_STATE)
        memo[a] = out
        return out

    def _group(self, s: int, e: int, part: list[tuple[int, int]], a: int, b: int
               ) -> tuple[tuple[Value, ...], tuple[int, ...]] | None:
        """Rows a..b-1 of the strip s..e-1 as one row group of every block: its printed cells'
        values and indices (row-major), or None when a check within those rows fails."""
        self.steps += 1
        if self.steps > self.max_steps:
            raise StateTooOpen
        at: dict[Cell, int] = {}
        start = self.count(0, s, 0, self.n_cols)
        for c0, c1 in part:
            k = start + self.count(s, a, c0, c1)
            for c in range(c0, c1):
                for r in range(a, b):
                    if (r, c) not in self.fixed:
                        at[(r, c)] = k
                        k += 1
            start += self.count(s, e, c0, c1)
        for lo, hi, term in self.terms:
            if lo >= a and hi < b:
                total: int | float = 0
                for cell, sign in term:
                    v = self.fixed[cell] if cell in self.fixed else self.values[at[cell]]
                    total += sign * (v or 0)
                if total:
                    return None
        idx = tuple(at[cell] for cell in self.cells(a, b))
        return tuple(self.values[i] for i in idx), idx
