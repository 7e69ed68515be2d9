"""One band's readings (:mod:`.column_order`): the columns after the first two (科研机构 … 总计), or
after the first, are printed as whole runs one after the other, somewhere in the band's stream;
the free first column(s) fill the rest top to bottom (:mod:`.column_free`). The runs come left to
right, or in the order of their lone headers; 总计 may come anywhere (its row totals place it),
and so may the one column with no lone header when all the others but 总计 have one. Two
neighbouring lone headers heading one value each, or m each, print those first cells, then the
rest of each run; 其他 and 总计 may come as a pair printed group by group, and the first runs may
leave their last rows' cells to after them (:mod:`.column_pairs`). Every place of the block of
runs is tried, and (the wider orders) the free columns' values as one stretch between two runs.
Also here: each band's readings cached per table (BandCache), and the band read again with its
first row's cells printed first, as a line (head_readings), or with columns of zeros taken out
of its stream (zero_readings, :mod:`.column_zeros`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from ..report import Value
from .column_budget import BandCache
from .column_free import (MAX_SOLUTIONS, by_row_sums, dealt_order, free_sources, interleavings, last_pair, row_pairs,
                          slipped_sums)
from .column_pairs import (LAST, MAX_HEAD, PAIRED, TRIPLE, head_parts, moved_anywhere, pair_floors, pair_orders,
                           pair_variants, part_width, segment_rows, tail_orders, triple_orders, triple_variants)
from .column_tokens import FREE_COLUMNS, Grid, Reading, Token, free_columns_pinned, headers_agree, num
from .column_zeros import zero_column_ways

PLACEMENT_STEPS = 4  # what one block placement costs of BAND_STEPS (weights by their time), and one regrouping


def band_readings(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                  marks: dict[int, int], in_order: bool = False, wide: bool = False, anywhere: bool = False,
                  slipped: bool = False, *, budget: BandCache, free_lead: bool = False
                  ) -> tuple[list[Reading], list[Reading]]:
    """Every reading of one band's values (see the module's doc): its grid of values, and the
    printed item each cell was read from; apart, those with the free columns' boxes swapped. None
    of either past MAX_SOLUTIONS. The first two columns are free (printed in pieces) or
    only the first; the whole runs follow left to right, or in the order their lone headers give.
    ``in_order``: the first column alone is free and its values are taken in print order, its
    row sums not checked (for a report whose own slip breaks one row: the checks then flag it).
    ``wide``: also the orders tried only when no reading of the table is found without them (the
    pair 其他 / 总计 printed group by group anywhere among the runs, the free columns printed between
    two runs, the last three columns as a grouped triple); ``anywhere``: also any one run moved
    anywhere among the others; a reading found so is read loose. ``slipped``: two free columns
    dealt with one row's sum unchecked (the report's own slip in a row both free columns fill
    interleaved, which in_order cannot read; see slipped_sums), the others as ``wide``. ``budget``:
    the table's, spent per block placement (SearchTooOpen when none is left)."""
    out: list[Reading] = []
    later: list[Reading] = []  # the free boxes swapped: shown last
    sizes = [sum(1 for r in range(n) if (r, c) not in fixed) for c in range(n_cols)]
    for n_free in (1,) if in_order else (FREE_COLUMNS,) if slipped else range(FREE_COLUMNS, 0, -1):
        for order in _run_orders(tokens, n_free, n_cols, marks, wide, anywhere, sizes):
            readings, swapped = layout_readings(tokens, fixed, n, n_cols, marks, n_free, order, budget, in_order,
                                                wide, slipped, free_lead)
            out += [(g, source) for g, source in readings if not any(g == seen for seen, _ in out)]
            later += swapped
            if len(out) > MAX_SOLUTIONS:
                return [], []
    swapped = [(g, source) for k, (g, source) in enumerate(later)
               if not any(g == seen for seen, _ in out) and not any(g == seen for seen, _ in later[:k])]
    return (out, swapped) if len(out) + len(swapped) <= MAX_SOLUTIONS else ([], [])


Segments = tuple[tuple[int, int | None], ...]  # the whole runs in print order: (column, None) or a split run's part


def _run_orders(tokens: list[Token], n_free: int, n_cols: int, marks: dict[int, int], wide: bool = False,
                anywhere: bool = False, sizes: Sequence[int] = ()) -> list[Segments]:
    """The orders the whole runs may come in: left to right, and the order of their lone headers
    (a column with none stays after its left neighbour). Two neighbouring columns whose lone
    headers each head one value, one after the other (a header box that took its first cell),
    print those first cells, then the rest of the one column, then of the other: (column, 0) is
    a run's first cell, (column, 1) the rest. Likewise when the first header heads m > 1 values
    (up to MAX_HEAD, fewer than either run's ``sizes``: its cells to print) before the second: each
    header's box took its column's first m cells ((column, HEAD + m), then (column, REST + m))."""
    left_to_right = tuple(range(n_free, n_cols))
    index = {t.item.pos: k for k, t in enumerate(tokens)}
    at: dict[int, int] = {}
    for t in tokens:
        col = marks.get(t.item.pos)
        if col is not None and col >= n_free and col not in at:
            at[col] = index[t.item.pos]
    key: dict[int, tuple[float, int]] = {}
    prev: tuple[float, int] = (-1.0, -1)
    for c in left_to_right:
        key[c] = (float(at[c]), c) if c in at else (prev[0], c)
        prev = key[c]
    by_headers = tuple(sorted(left_to_right, key=lambda c: key[c]))
    out = []
    for order in (left_to_right, by_headers):
        segments: list[tuple[int, int | None]] = []
        k = 0
        while k < len(order):
            a, b = order[k], order[k + 1] if k + 1 < len(order) else None
            if b is not None and _headed_split(at, a, b, sizes):
                m = at[b] - at[a]
                head, rest = head_parts(m)
                segments += [(a, head), (b, head), (a, rest), (b, rest)]
                k += 2
            else:
                segments.append((a, None))
                k += 1
        if tuple(segments) not in out:
            out.append(tuple(segments))
    # 总计 may come anywhere among the runs (its row totals place it); so may the one column with no
    # lone header when every other column but 总计 has one (their headers place them): after the above
    movable = [(n_cols - 1, None)]
    unmarked = [c for c in left_to_right[:-1] if c not in at]
    if len(unmarked) == 1:
        movable.append((unmarked[0], None))
    base = list(out)
    for run in movable:  # one after the other: the second moved in the orders the first made too
        out = moved_anywhere(out, [run])
    if anywhere:  # a wider search: any other one run anywhere in the orders above (read loose)
        runs = [(c, None) for c in left_to_right[:-1] if (c, None) not in movable]
        out += [o for o in moved_anywhere(base, runs) if o not in out]
    paired = pair_orders(out, n_cols)  # 其他 and 总计 printed group by group, runs cut: see column_pairs
    out += moved_anywhere(paired, [(n_cols - 2, PAIRED)]) if wide else paired
    if wide:  # 法律服务机构, 其他 and 总计 printed group by group (from the first orders only: a costly search)
        out += [order for order in triple_orders(base, n_cols) if order not in out]
    return out + tail_orders(out, n_free, n_cols, with_free=wide and n_free == FREE_COLUMNS)


def _headed_split(at: dict[int, int], a: int, b: int, sizes: Sequence[int]) -> bool:
    """Whether the lone headers of columns ``a`` and ``b`` (stream places ``at``) head their
    columns' first m cells each: b's header right after a's first m values, 1 < m <= MAX_HEAD
    and fewer than either run's cells (``sizes``; m = 1: header boxes that took one cell each)."""
    if a not in at or b not in at:
        return False
    m = at[b] - at[a]
    return m == 1 or 1 < m <= MAX_HEAD and bool(sizes) and m < min(sizes[a], sizes[b])


def layout_readings(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                    marks: dict[int, int], n_free: int, order: Segments, budget: BandCache, in_order: bool = False,
                    wide: bool = False, slipped: bool = False, free_lead: bool = False
                    ) -> tuple[list[Reading], list[Reading]]:
    """The readings with the first ``n_free`` columns free and the others as whole runs in ``order``
    (``slipped``: one row's sum unchecked, see slipped_sums), and apart, the readings with the free
    columns' two boxes the other way round (_boxes_swapped)."""
    need = [[r for r in range(n) if (r, c) not in fixed] for c in range(n_cols)]
    runs = [(c + j, segment_rows(need[c + j], part)) for c, part in order for j in range(part_width(part))]
    paired = (n_cols - 2, PAIRED) in order
    tripled = (n_cols - 3, TRIPLE) in order
    if paired and need[n_cols - 2] != need[n_cols - 1] or tripled and not need[-3] == need[-2] == need[-1]:
        return [], []
    in_runs = {(r, c) for c, rows in runs if c < n_free for r in rows}  # free cells in tail rows (tail_orders)
    if in_runs and not _tail_rows_agree(order, need):
        return [], []
    rows0 = [r for r in need[0] if (r, 0) not in in_runs]
    rows1 = [r for r in need[1] if (r, 1) not in in_runs] if n_free > 1 else []
    block = sum(len(rows) for _, rows in runs)
    free = len(tokens) - block
    if free != len(rows0) + len(rows1):
        return [], []
    out: list[Reading] = []
    swapped_out: list[Reading] = []
    segment_sizes = [sum(len(segment_rows(need[c + j], part)) for j in range(part_width(part))) for c, part in order]
    block_cells = [(r, c) for c, rows in runs for r in rows]  # the runs' cells in print order
    starts: dict[int, int] = {}  # column → where its run starts among the block's cells
    i = 0
    for c, rows in runs:
        starts.setdefault(c, i)
        i += len(rows)
    # what every placement starts from (copied, not rebuilt): the fixed cells
    fixed_grid: Grid = [[None] * n_cols for _ in range(n)]
    for (r, c), t in fixed.items():
        fixed_grid[r][c] = t.value
    fixed_sources = {rc: t.item for rc, t in fixed.items()}
    fixed_free = {rc: t for rc, t in fixed.items() if rc[1] < n_free}
    plain = not paired and not tripled  # one grid per placement: its row sums can reject it before its sources
    values = [t.value for t in tokens]
    items = [t.item for t in tokens]
    block_columns = [c for _, c in block_cells]
    free_in_runs = [k for k, (_, c) in enumerate(block_cells) if c < n_free]  # tail rows' free cells
    row_fill = _row_fill(fixed_grid, block_cells, n_free)
    for at in _block_places(len(tokens), free, segment_sizes if wide else []):
        budget.spend(PLACEMENT_STEPS)
        if plain and not slipped and not _runs_fit(row_fill, values, at):
            continue  # a row's whole runs past its total (as the check below, before building anything)
        grid = [row[:] for row in fixed_grid]
        for (r, c), k in zip(block_cells, at):
            grid[r][c] = values[k]
        if paired:  # the pair's groupings looked up first (spent as before): a placement none of whose
            c = n_cols - 2  # groupings has two groups or more gives no grid, and needs no sources built
            stretch = [tokens[k] for k in at[starts[c]:starts[c] + 2 * len(need[c])]]
            # the wider orders: the printed lines narrow a pair too open to read (column_pairlines)
            groupings = partial(budget.lined_pairs, lines=[t.item.line for t in stretch]) if wide else budget.pairs
            pair_sizes = groupings([t.value for t in stretch], pair_floors(grid, need[c], c))
            if not tripled and all(len(sizes) == 1 for sizes in pair_sizes):
                continue
        placed = [items[k] for k in at]
        source = dict(fixed_sources)
        source.update(zip(block_cells, placed))
        owner = dict(zip([it.pos for it in placed], block_columns))  # stream position → column
        free_fixed = dict(fixed_free)
        free_fixed.update((block_cells[j], tokens[at[j]]) for j in free_in_runs)
        variants = [(grid, source, owner)]
        if paired:
            c = n_cols - 2
            variants = pair_variants(grid, source, owner, [(t.item, t.value) for t in stretch], need[c], c,
                                     _looked_up(pair_sizes))
        if tripled:
            c = n_cols - 3
            stretch = [tokens[k] for k in at[starts[c]:starts[c] + 3 * len(need[c])]]
            variants = triple_variants(grid, source, owner, [(t.item, t.value) for t in stretch], need[c], c,
                                       budget.triples)
        rest: list[Token] | None = None  # the free values: the same for every variant of this placement
        for grid, source, owner in variants:
            pair_sums = _free_sums(grid, n_free, slipped)
            if pair_sums is None:
                continue
            if rest is None:
                in_block = set(at)
                rest = [t for k, t in enumerate(tokens) if k not in in_block]
                # a wider order's free values headed as a whole run's: not this order
                headed = wide and any(marks.get(t.item.pos, 0) >= n_free for t in rest)
                forced = {k: marks[t.item.pos] for k, t in enumerate(rest) if marks.get(t.item.pos, n_free) < n_free}
            if headed:
                continue
            dealt: set[tuple[tuple[Value, ...], tuple[Value, ...]]]
            if in_order:
                dealt = {(tuple(t.value for t in rest), ())}
            elif slipped:
                dealt = set()
                for sums in slipped_sums(pair_sums, rows0, rows1):
                    dealt |= interleavings(rest, rows0, rows1, free_fixed, sums, forced, budget, free_lead)
            else:
                dealt = interleavings(rest, rows0, rows1, free_fixed, pair_sums, forced, budget, free_lead)
                if not dealt and n_free == 1:
                    dealt = by_row_sums(rest, rows0, pair_sums)
                if not dealt and n_free == 2 and wide:  # a row's two cells printed together, out of order
                    dealt = row_pairs(rest, rows0, rows1, free_fixed, pair_sums, forced, budget, free_lead)
                if not dealt and n_free == 2 and wide:  # that search too open: one row's pair printed last
                    dealt = last_pair(rest, rows0, rows1, free_fixed, pair_sums, forced, budget, free_lead)
            swapped = _boxes_swapped(dealt, rest, len(rows0)) \
                if n_free == FREE_COLUMNS and not free_columns_pinned(fixed, marks) else set()
            dealings = [(d, out) for d in sorted(dealt, key=dealt_order)]  # a set: its order changes between runs
            dealings += [(d, swapped_out) for d in sorted(swapped - dealt, key=dealt_order)]
            for (first, second), into in dealings:
                g = [row[:] for row in grid]
                for r, v in zip(rows0, first):
                    g[r][0] = v
                for r, v in zip(rows1, second):
                    g[r][1] = v
                if not headers_agree(g, owner, marks) or any(g == seen for seen, _ in into):
                    continue
                into.append((g, {**source, **free_sources(rest, [rows0, rows1], first, second)}))
                if len(into) > MAX_SOLUTIONS:
                    return [], []
    return out, swapped_out


def _looked_up(groupings: list[Any]) -> Callable[..., list[Any]]:
    """A pair stretch's groupings already looked up, as pair_variants' ``groupings`` (not spent again)."""
    return lambda *_: groupings


def _free_sums(grid: Grid, n_free: int, slipped: bool) -> list[int | float] | None:
    """Each row's total less its whole runs' cells: what its free cells must sum to; None at the
    first negative one unless ``slipped`` (one row's sum may be the report's own slip)."""
    out = []
    for row in grid:
        left = _left_to_free(row[n_free:])
        if left < 0 and not slipped:
            return None
        out.append(left)
    return out


def _row_fill(fixed_grid: Grid, block_cells: list[tuple[int, int]], n_free: int
              ) -> list[list[tuple[int | None, Value]]]:
    """Each row's cells past the free columns as a placement fills them: (the cell's place among the
    block's cells, or None for a cell the block leaves as it is, and that cell's value then)."""
    where = {cell: j for j, cell in enumerate(block_cells)}
    return [[(where.get((r, c)), row[c]) for c in range(n_free, len(row))] for r, row in enumerate(fixed_grid)]


def _runs_fit(row_fill: list[list[tuple[int | None, Value]]], values: list[Value], at: list[int]) -> bool:
    """Whether _free_sums finds no negative row in the grid the placement ``at`` fills (see
    _row_fill), without building it: most placements fail at one of their first rows."""
    for cells in row_fill:
        if _left_to_free([v if j is None else values[at[j]] for j, v in cells]) < 0:
            return False
    return True


def _left_to_free(cells: Sequence[Value]) -> int | float:
    """A row's total (its last cell) less its whole runs' cells (``cells``: the row past its free
    columns): what the free cells must sum to."""
    return num(cells[-1]) - sum([0 if v is None else v for v in cells[:-1]])  # num inlined: a hot loop


def _tail_rows_agree(order: Segments, need: list[list[int]]) -> bool:
    """Whether each tail row of ``order`` (tail_orders' LAST parts) is one row in every column it
    prints: a column whose last cells are printed elsewhere (on a label's line) would shift it."""
    tails: dict[int, set[tuple[int, ...]]] = {}
    for c, part in order:
        if part is not None and part <= LAST:
            tails.setdefault(part, set()).add(tuple(segment_rows(need[c], part)))
    return all(len(rows) == 1 and len(next(iter(rows))) == 1 for rows in tails.values())


def _boxes_swapped(dealt: set[tuple[tuple[Value, ...], tuple[Value, ...]]], rest: list[Token], n0: int
                   ) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The dealings that print the two free columns apart (one's whole box, then the other's), with
    the boxes the other way round: a taller or lower box may come first in pdfminer's order, on one
    page and not on the next, and nothing but print order tells 自然人 from 商业企业 (their row sums
    are alike). Only for a page whose free columns no lone header or label line pins."""
    printed = tuple(t.value for t in rest)
    return {(second, first) for first, second in dealt
            if len(first) == len(second) == n0 and first + second == printed}


def _block_places(n_tokens: int, free: int, segment_sizes: list[int]) -> Iterator[list[int]]:
    """Where the whole runs' cells are in a band's stream of ``n_tokens`` values (their stream
    indices, in the runs' order), the ``free`` columns' values taking the rest: the runs as one
    block at every place (the free values before and after it), then the runs cut between two of
    their segments (``segment_sizes``: the cells of each, in order) with the free values printed as
    one stretch in the cut (pdfminer groups the free columns' boxes with the labels beside them,
    printed between the runs left of that group and those right of it)."""
    block = n_tokens - free
    for at in range(free + 1):
        yield list(range(at, at + block))
    if not free:
        return
    cut = 0  # (no sizes: no cuts)
    for size in segment_sizes[:-1]:
        cut += size
        yield list(range(cut)) + list(range(cut + free, n_tokens))


def cached_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                    marks: dict[int, int], how: tuple[bool, ...], challengers: bool = False) -> list[Reading]:
    """band_readings (``how``: in_order, wide, anywhere[, slipped]), each band and way read once per
    table; with ``challengers``, the readings with the free boxes swapped follow."""
    key = (*_band_key(tokens, fixed, n), how)
    if key not in cache.readings:
        in_order, wide, anywhere, *slipped = how
        cache.readings[key] = band_readings(tokens, fixed, n, n_cols, marks, in_order, wide, anywhere,
                                            any(slipped), budget=cache)
    readings, swapped = cache.readings[key]
    return readings + swapped if challengers else readings


def known_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int) -> list[Reading]:
    """The band's readings the table's searches already found (NARROW's orders first, then WIDE's,
    then WIDER's, the first that read it), without searching again: none when they read none."""
    for how in ((False, False, False), (False, True, False), (False, True, True)):
        found = cache.readings.get((*_band_key(tokens, fixed, n), how))
        if found and found[0]:
            return found[0]
    return []


def _band_key(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int) -> tuple[object, ...]:
    """What a band's readings depend on besides the way of reading it: its stream, its fixed cells, its rows."""
    return tuple((t.item.pos, t.value) for t in tokens), tuple(sorted((rc, t.item.pos) for rc, t in fixed.items())), n


def zero_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                  marks: dict[int, int]) -> list[Reading]:
    """The band's readings in the wider orders with some columns taken as all 0, their zeros taken
    out of the stream in each distinct way (see :mod:`.column_zeros`); none past MAX_SOLUTIONS."""
    def batches() -> Iterator[list[Reading]]:
        kept = {k for k, t in enumerate(tokens) if t.item.pos in marks or t.item.blank}
        for columns, taken in zero_column_ways([t.value for t in tokens], n, n_cols, FREE_COLUMNS, kept):
            if any(c in columns for _, c in fixed):
                continue
            zeros = iter(tokens[k] for k in taken)
            pinned = {**fixed, **{(r, c): next(zeros) for c in columns for r in range(n)}}
            out_of_stream = set(taken)
            rest = [t for k, t in enumerate(tokens) if k not in out_of_stream]
            yield band_readings(rest, pinned, n, n_cols, marks, False, True, True, budget=cache)[0]

    return _distinct_readings(cache, ("zeros", *_band_key(tokens, fixed, n)), batches())


def head_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                  marks: dict[int, int], anywhere: bool) -> list[Reading]:
    """The band's readings in the wider orders (``anywhere``: with any one run moved anywhere too)
    with its first row's cells of the columns 0 … b (b past
    the free ones) printed first, left to right, before any column's box (the first row's label box
    takes them, ``56 13 0`` or ``355`` | ``27`` | ``11``: the mirror of tail_orders' last rows), the
    rest as usual; the free columns' boxes then start below that row, in either order (free_lead).
    None past MAX_SOLUTIONS."""
    def batches() -> Iterator[list[Reading]]:
        for b in range(FREE_COLUMNS, n_cols - 2):
            cells = [(0, c) for c in range(b + 1) if (0, c) not in fixed]
            if len(cells) >= len(tokens) or any(tokens[k].item.pos in marks for k in range(len(cells))):
                continue
            pinned = {**fixed, **dict(zip(cells, tokens))}
            yield band_readings(tokens[len(cells):], pinned, n, n_cols, marks, False, True, anywhere, budget=cache,
                                free_lead=True)[0]

    return _distinct_readings(cache, ("head", anywhere, *_band_key(tokens, fixed, n)), batches())


def _distinct_readings(cache: BandCache, key: tuple[object, ...], batches: Iterator[list[Reading]]) -> list[Reading]:
    """The distinct readings of ``batches`` (each a search's), cached under ``key``; none once
    they pass MAX_SOLUTIONS (the batches then stop being searched)."""
    if key in cache.readings:
        return cache.readings[key][0]
    out: list[Reading] = []
    for got in batches:
        out += [(g, source) for g, source in got if not any(g == seen for seen, _ in out)]
        if len(out) > MAX_SOLUTIONS:
            out = []
            break
    cache.readings[key] = (out, [])
    return out
