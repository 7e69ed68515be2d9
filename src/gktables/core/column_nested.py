"""三 printed as boxes nested two levels deep (pdfminer.six's ``extract_text``): the cut orders of
:mod:`.column_xycut` with a row group cut into blocks and row groups once more, read by a walk
down the rows.

In a narrow table pdfminer nests its groups of boxes deeper: a strip's blocks of columns each
printed whole, one after the other, each block row group by row group, and a row group cut again
into blocks of its own columns, each row group by row group:

    3755 0 | 399 … 54 | 0 … 0 | 105 … 378 | 0 … 0 | 4000 0 | 154 0 | 0 … 0 | 0 340 98 4193 | 0 … | …

is the block 自然人–商业企业 (row 一 along its line, rows 二 … 8 column by column, …), then 科研机构
whole, then the block 社会公益组织–总计 (row 一 along its line, rows 二 … 8 column by column, row 1.
along its line, then rows 2. … 其他 cut into 社会公益组织 and the rest, …). The row groups are not
shared by the blocks, and a block's readings alone hold no check (its rows' totals lie in other
blocks), so reading each block on its own (as column_xycut does) is far too open. Here the strip's
blocks are walked down together: a block's cells come from its own stretch of the stream (the
blocks before it print all the strip's rows), each block takes its next row group (any reading of
the group's rectangle as a cut order one level deep, :class:`.column_xycut.CutSearch`) in turn, the
block furthest behind first, and a row's checks are held as soon as every block has passed it.
The walk's state is each block's row and the open checks' partial sums: the rest of the strip's
readings are memoised on it. Row groups and strips start at the label sections and around the rows
printed beside their labels (the caller tries the band as one strip first, then strips at the rows
printed along a line to their end, each strip in at most LINE_STRIP_BLOCKS blocks: a narrow table
prints its first and its total row so, the rows between as one strip of a few blocks); the checks
across strips (the column sums) are held last.

Bounded (MAX_PER_STATE readings per state, MAX_STEPS steps per band with the cut searches, and the
caller's budget): past that the band is not read so. Which cut is right is not printed: a reading
found here is read loose, like every cut order.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..report import Value
from .column_subbands import StateTooOpen, join_into, partitions
from .column_xycut import BLOCKS, Cell, CutSearch, CutsTooOpen, Readings, Rect, Term, merge_order

MAX_PER_STATE = 256  # distinct readings of the rest of a strip (or band) from one state; more: too open
MAX_STEPS = 600_000  # rectangles and walk steps per band; more: the band is not read so (CPU bound)
LINE_STRIP_BLOCKS = 2  # blocks of a strip cut at full-width lines (line_strips); more: a strip's many
# partitions cost past the budget (s79_015: ~300 000 steps for some partitions into 4 blocks alone)

def nested_readings(values: Sequence[Value], lines: Sequence[int], n: int, n_cols: int, fixed: dict[Cell, Value],
                    terms: list[Term], cuts: Sequence[int], strips: Sequence[int] = (), max_blocks: int | None = None,
                    budget: list[int] | None = None) -> list[dict[Cell, int]] | None:
    """The readings of a band of ``n`` rows × ``n_cols`` columns whose cells but ``fixed`` are
    printed as ``values`` in strips of blocks whose row groups nest once (see the module's doc):
    each maps a cell to the index of its value, one per distinct grid on which every check of
    ``terms`` holds. ``lines``: each value's printed line (one line's values are one row's
    neighbouring cells, printed in one row group). ``cuts``: the rows a row group may start at;
    ``strips``: the rows strips start at besides the first (none: the band is one strip);
    ``max_blocks``: the most blocks a strip is cut into (None: any; the caller's line strips give
    LINE_STRIP_BLOCKS). None when the search went past its bounds (too open)."""
    if len(values) != n * n_cols - len(fixed) or len(lines) != len(values):
        return []
    budget = [MAX_STEPS] if budget is None else budget
    boxes = CutSearch(values, n, n_cols, fixed, terms, set(cuts), min(MAX_STEPS, budget[0]), True)
    cells = boxes.cells((0, n, 0, n_cols))
    out: list[dict[Cell, int]] = []
    try:
        walk = _Walk(boxes, lines, n, n_cols, fixed, terms, {*cuts, n}, {*strips, n})
        if max_blocks is not None:
            walk.parts = [part for part in walk.parts if len(part) <= max_blocks]
        for got, idx in walk.rows_from(0).items():
            at = dict(zip(cells, got))
            if all(sum(s * ((fixed[c] if c in fixed else at[c]) or 0) for c, s in term) == 0 for term in terms):
                out.append(dict(zip(cells, idx)))
    except (CutsTooOpen, StateTooOpen):
        return None
    finally:
        budget[0] -= boxes.steps
    return out


class _Walk:
    """The memoised walk of one band: strips down the rows, each strip's blocks down together."""

    def __init__(self, boxes: CutSearch, lines: Sequence[int], n: int, n_cols: int, fixed: dict[Cell, Value],
                 terms: list[Term], cuts: set[int], strip_cuts: set[int]) -> None:
        self.boxes, self.n, self.n_cols, self.fixed, self.cuts = boxes, n, n_cols, fixed, cuts
        # the stream offsets whose value shares its line with the next one
        self.joined = {i for i in range(len(lines) - 1) if lines[i] == lines[i + 1]}
        self.groups: dict[tuple[Rect, int], Readings] = {}
        self.strip_cuts = strip_cuts
        self.terms = terms
        self.memo: dict[int, Readings] = {}
        self.parts = partitions(n_cols)

    def group(self, rect: Rect, at: int) -> Readings:
        """A row group's readings (a cut order one level deep) printed from ``at``; none when it has
        more than the cut search's MAX_PER_RECT (that group is too open to read so; others may read)."""
        if not self.boxes.cells(rect):
            return {(): ()}
        if (rect, at) not in self.groups:
            try:
                found = self.boxes.level(BLOCKS, rect, at, 1)
            except CutsTooOpen:
                if self.boxes.steps > self.boxes.max_steps:
                    raise
                found = {}  # too open: this group is not read so
            cells = self.boxes.cells(rect)
            self.groups[(rect, at)] = {got: idx for got, idx in found.items() if self._lines_hold(cells, idx, at)}
        return self.groups[(rect, at)]

    def _lines_hold(self, cells: list[Cell], idx: tuple[int, ...], at: int) -> bool:
        """Whether the values one line prints are one row's neighbouring cells, left to right, and no
        line runs past the group's stretch of the stream (``at`` on, as many values as ``cells``)."""
        if at - 1 in self.joined or at + len(cells) - 1 in self.joined:
            return False
        where = {i: cell for cell, i in zip(cells, idx)}
        return all(where[i + 1] == (where[i][0], where[i][1] + 1) for i in where if i in self.joined and i + 1 in where)

    def crossed(self, at: int) -> bool:
        """Whether a line runs across stream offset ``at`` (its value and the one before share a line)."""
        return at - 1 in self.joined

    def step(self) -> None:
        self.boxes.steps += 1
        if self.boxes.steps > self.boxes.max_steps:
            raise CutsTooOpen

    def rows_from(self, s: int) -> Readings:
        """The readings of rows s..n-1 (their printed cells, row-major) printing the stream from
        where the rows above end: a strip s..e-1, then the rows from e."""
        if s == self.n:
            return {(): ()}
        if s in self.memo:
            return self.memo[s]
        out: Readings = {}
        for e in sorted(c for c in self.strip_cuts if c > s):
            rest = self.rows_from(e)
            if not rest:
                continue
            heads: Readings = {}
            for part in self.parts if e - s > 1 else self.parts[:1]:  # a one-row strip: any blocks alike
                for got, idx in _Strip(self, s, e, part).readings().items():
                    heads.setdefault(got, idx)
            join_into(out, heads, rest, MAX_PER_STATE, self.step)
        self.memo[s] = out
        return out


class _Strip:
    """One strip's blocks walked down together (the block furthest behind takes its next row group)."""

    def __init__(self, walk: _Walk, s: int, e: int, part: list[tuple[int, int]]) -> None:
        self.walk, self.s, self.e, self.part = walk, s, e, part
        boxes, fixed = walk.boxes, walk.fixed
        self.cells = boxes.cells((s, e, 0, walk.n_cols))
        start = len(boxes.cells((0, s, 0, walk.n_cols)))
        self.starts = []
        for c0, c1 in part:
            self.starts.append(start)
            start += len(boxes.cells((s, e, c0, c1)))
        # the checks within one row of the strip (its total), as (row, signed printed cells, fixed cells'
        # sum); the others are held last
        self.terms = [(t[0][0][0], [(c, sg) for c, sg in t if c not in fixed],
                       sum(sg * (fixed[c] or 0) for c, sg in t if c in fixed)) for t in walk.terms
                      if len({r for (r, _), _ in t}) == 1 and s <= t[0][0][0] < e and any(c not in fixed for c, _ in t)]
        self.by_row: dict[int, list[int]] = {}  # row → its checks
        for k, (row, _, _) in enumerate(self.terms):
            self.by_row.setdefault(row, []).append(k)
        self.remaining: dict[tuple[int, ...], list[Cell]] = {}
        self.block_of = {c: k for k, (c0, c1) in enumerate(part) for c in range(c0, c1)}
        self.touching: dict[Cell, list[tuple[int, int]]] = {}  # cell → (check, sign)
        for k, (_, printed, _) in enumerate(self.terms):
            for cell, sign in printed:
                self.touching.setdefault(cell, []).append((k, sign))
        self.memo: dict[tuple[object, ...], Readings] = {}
        self.group_checks: dict[tuple[Rect, int], tuple[list[tuple[int, int, int]], set[int], list[int]]] = {}
        self.signs: dict[tuple[int, tuple[int, ...]], set[int]] = {}  # _may_hold's, per check and rows
        self.merged: dict[tuple[tuple[int, ...], Rect], list[int]] = {}

    def readings(self) -> Readings:
        if any(self.walk.crossed(at) for at in self.starts):
            return {}  # a line printed across two blocks (or strips): not this cut
        return self._from(tuple(self.s for _ in self.part), tuple(const for _, _, const in self.terms))

    def _from(self, rows: tuple[int, ...], sums: tuple[int | float, ...]) -> Readings:
        """The readings of the strip's cells below each block's row (``rows``), given each check's
        partial sum (``sums``) over the cells above."""
        low = min(rows)
        if low == self.e:
            return {(): ()}
        key = (rows, sums)
        if key in self.memo:
            return self.memo[key]
        k = rows.index(low)
        c0, c1 = self.part[k]
        boxes = self.walk.boxes
        offset = self.starts[k] + len(boxes.cells((self.s, low, c0, c1)))
        out: Readings = {}
        for b in sorted(c for c in self.walk.cuts if low < c <= self.e):
            rect: Rect = (low, b, c0, c1)
            after = rows[:k] + (b,) + rows[k + 1:]
            done_to = min(after)
            adds, touched, closed = self._group_checks(rect, done_to)
            for got, idx in self.walk.group(rect, offset).items():
                self.walk.step()
                new = list(sums)
                for at, t, sign in adds:
                    new[t] += sign * (got[at] or 0)
                if any(new[t] for t in closed):
                    continue  # a row every block has passed now does not add up
                if not all(self._may_hold(t, new[t], after) for t in touched):
                    continue
                order = self._merged(rows, after, rect)
                for tail_values, tail in self._from(after, tuple(new)).items():
                    both = tail_values + got  # a reading's values are those of its indices
                    values = tuple([both[k] for k in order])
                    if values not in out:
                        if len(out) >= MAX_PER_STATE:
                            raise StateTooOpen
                        both_idx = tail + idx
                        out[values] = tuple([both_idx[k] for k in order])
        self.memo[key] = out
        return out

    def _may_hold(self, t: int, total: int | float, rows: tuple[int, ...]) -> bool:
        """Whether check ``t`` can still hold with partial sum ``total`` when each block's cells from
        its row (``rows``) on are still to come: their signs, all alike, bound it (counts are never
        negative)."""
        if (t, rows) not in self.signs:  # asked again for every reading of a group
            self.signs[(t, rows)] = {sign for (r, c), sign in self.terms[t][1] if r >= rows[self.block_of[c]]}
        signs = self.signs[(t, rows)]
        return len(signs) != 1 or (total >= 0 if signs == {-1} else total <= 0)

    def _group_checks(self, rect: Rect, done_to: int) -> tuple[list[tuple[int, int, int]], set[int], list[int]]:
        """What a reading of the row group ``rect`` adds to the checks, the same for each of its
        readings (built once): (the cell's place in the group, check, sign) in the group's cell order,
        the checks it touches, and the checks of the rows every block has passed once it is read
        (those above ``done_to``)."""
        key = (rect, done_to)
        if key not in self.group_checks:
            adds = [(at, t, sign) for at, cell in enumerate(self.walk.boxes.cells(rect))
                    for t, sign in self.touching.get(cell, ())]
            closed = [t for r in range(rect[0], done_to) for t in self.by_row.get(r, ())]
            self.group_checks[key] = (adds, {t for _, t, _ in adds}, closed)
        return self.group_checks[key]

    def _merged(self, rows: tuple[int, ...], after: tuple[int, ...], rect: Rect) -> list[int]:
        """What puts the strip's cells below ``after`` (each block's row once the row group ``rect``
        is read) followed by the group's cells, both as printed, into the row-major order of its cells
        below ``rows``: the same permutation for every reading of the group, built once."""
        if (rows, rect) not in self.merged:
            self.merged[(rows, rect)] = merge_order([*self._remaining(after), *self.walk.boxes.cells(rect)],
                                                    self._remaining(rows))
        return self.merged[(rows, rect)]

    def _remaining(self, rows: tuple[int, ...]) -> list[Cell]:
        """The strip's printed cells below each block's row, sorted (row-major)."""
        if rows not in self.remaining:
            self.remaining[rows] = sorted(cell for (c0, c1), r0 in zip(self.part, rows)
                                          for cell in self.walk.boxes.cells((r0, self.e, c0, c1)))
        return self.remaining[rows]
