"""Runs of 三 cut at the label boxes' row groups (pdfminer.six's ``extract_text``): 其他 and 总计
printed as an interleaved pair, and the last rows' cells printed after the runs.

The last two columns of 三 sit side by side at the table's right edge, and pdfminer groups their
cells by the label boxes' row groups: for each group of rows it prints the group's 其他 cells, then
its 总计 cells (a group of one row often on one line, ``53 1852``):

    53 1852 | 0 | 0 | 14 | 525 | 4 0 1 0 0 1 0 0 0 | 188 3 11 5 61 23 6 15 34 | …

is row 1 (53, 1852), row 2 (0, 0), row 3 (14, 525), then 其他 of rows 4–12 and 总计 of rows 4–12.
Which rows form a group is not printed. What pins it is 总计 − 其他 = the sum of the row's other
cells, none of them negative: 总计 − 其他 is at least the cells already placed (the other columns'
runs). Every grouping that keeps that bound is returned (those giving the same values once); the
checks of 三 then choose among them, and cells the kept readings disagree on stay open.

Likewise the label boxes of the last rows (总计, 结转下年度) may group those rows' cells apart: the
runs of the first columns after the free ones come without their last one or two rows, whose
cells follow the stretch row by row (``… runs of rows 1–21 … | 31 14 40 | 0 0 0``). In the wider
searches those rows' lines may also hold the free columns' cells (the free boxes stop above them
too: ``… | 376 29 12 | 11 1 1 | …``), the stretch then one run or more.

A pair stretch with more than MAX_GROUPINGS readings is too open here; the wider searches read it
again with pdfminer's printed lines and its few row groups (:mod:`.column_pairlines`).

Both are run orders (Segments parts, see :mod:`.column_bands`) tried beside the others; they only
add readings, which must pass every check of 三 like any other. In the wider searches (tried only
when these read nothing, their readings flagged) the last three columns may be printed the same
way, nested: each row group prints its 法律服务机构 cells, then its 其他 / 总计 cells as a grouped pair
(``28 41 1450 | 2 4 3 0 … | 2 81 | 10 454 | 5 0 0 …``), and a run may be moved anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import lt, sub
from typing import Any

from ..report import Value
from .column_tokens import num
from .items import Item

PAIRED = 2  # a Segments part: the pair (其他, 总计) printed group by group, from this column on
TRIPLE = 3  # a Segments part: the last three columns printed group by group, from this column on
# Segments parts of runs cut before their last rows (printed after the runs of their stretch, row by
# row): CUT - m is a run without its last m rows, LAST - k the run's k-th row from the end alone.
CUT = 0  # parts CUT - 1, CUT - 2, … (only negative parts are cuts)
LAST = -10
# Segments parts of a run split after its first m > 1 cells (a lone header's box took them; m = 1 is
# parts 0 and 1): HEAD + m is the run's first m cells, REST + m the rest.
HEAD = 100
REST = 200
MAX_HEAD = 8  # cells a header's box may take
MAX_TAIL = 2  # last rows of a stretch of runs printed after it (the 总计 and 结转 rows)
MAX_GROUPINGS = 64  # distinct value readings of one pair stretch; more: too open, not read this way
MAX_TRIPLE_STEPS = 300  # pair stretches a triple stretch may try (each a pair_groupings); more: not read so

Column = tuple[Value, ...]
Groupings = Callable[[Sequence[Value], Sequence[int | float]], list[Any]]  # pair_ or triple_groupings, or a memo


def pair_orders(orders: Sequence[tuple[tuple[int, int | None], ...]], n_cols: int
                ) -> list[tuple[tuple[int, int | None], ...]]:
    """The run orders in which 其他's whole run comes right before 总计's, read again with the two
    printed as a grouped pair (one segment ``(其他's column, PAIRED)`` in their place)."""
    other, total = (n_cols - 2, None), (n_cols - 1, None)
    out = []
    for order in orders:
        for k in range(len(order) - 1):
            if order[k] == other and order[k + 1] == total:
                paired = order[:k] + ((n_cols - 2, PAIRED),) + order[k + 2:]
                if paired not in out:
                    out.append(paired)
    return out


def moved_anywhere(orders: Sequence[tuple[tuple[int, int | None], ...]],
                   segments: Sequence[tuple[int, int | None]]) -> list[tuple[tuple[int, int | None], ...]]:
    """``orders``, then each again with one of ``segments`` moved to every other place among the
    runs (one move an order): pdfminer may print a column's boxes (the pair printed group by group
    sits at the table's right edge) apart from its neighbours', before or after the others."""
    out = list(orders)
    for order in orders:
        for segment in segments:
            if segment not in order:
                continue
            others = [seg for seg in order if seg != segment]
            for k in range(len(others) + 1):
                moved = (*others[:k], segment, *others[k:])
                if moved not in out:
                    out.append(moved)
    return out


def tail_orders(orders: Sequence[tuple[tuple[int, int | None], ...]], n_free: int, n_cols: int,
                with_free: bool = False) -> list[tuple[tuple[int, int | None], ...]]:
    """The first order (left to right) and its paired reading again, with the runs of the columns
    ``n_free`` … ``b`` (a stretch printed one after the other, before 其他) cut before their last
    ``m`` rows, those rows' cells printed after the stretch row by row, each left to right: the
    label boxes of the last rows (总计, 结转下年度) group their rows' cells apart from the runs.
    ``with_free``: also with the free columns' cells of those rows in the tail rows (each row from
    the first column; the stretch then may be one run): the free columns' boxes stop above the last
    rows too, whose cells are printed as whole lines (``376 29 12`` | ``11 1 1``)."""
    out = []
    for order in orders:
        if order[:1] != ((n_free, None),) or not all(p in (None, PAIRED) for _, p in order):
            continue
        for b in range(n_free, n_cols - 2):
            stretch = tuple((c, None) for c in range(n_free, b + 1))
            if order[:len(stretch)] != stretch:
                continue
            for first in (n_free, 0) if with_free else (n_free,):
                if first == b:
                    continue  # one run's last rows after it: the run itself
                for m in range(1, MAX_TAIL + 1):
                    cut = tuple((c, CUT - m) for c in range(n_free, b + 1))
                    tail = tuple((c, LAST - k) for k in range(m, 0, -1) for c in range(first, b + 1))
                    out.append(cut + tail + order[len(stretch):])
    return out


def segment_rows(rows: list[int], part: int | None) -> list[int]:
    """The rows of a run a Segments part prints (``rows``: the run's rows, top to bottom)."""
    if part is None or part in (PAIRED, TRIPLE):
        return rows
    if part == 0:
        return rows[:1]
    if part == 1:
        return rows[1:]
    if HEAD < part < REST:
        return rows[:part - HEAD]
    if part > REST:
        return rows[part - REST:]
    if part <= LAST:
        k = LAST - part
        return rows[-k:len(rows) - k + 1] if k <= len(rows) else []
    return rows[:part - CUT] if -(part - CUT) <= len(rows) else []


def pair_groupings(values: Sequence[Value], floors: Sequence[int | float]) -> list[tuple[int, ...]]:
    """The groupings of the (其他, 总计) cells of ``len(floors)`` rows printed group by group as
    ``values`` (each group of consecutive rows prints its 其他 cells, then its 总计 cells): the
    groups' sizes, top to bottom, one grouping per distinct reading of the values. ``floors[r]``: the
    sum of row ``r``'s cells already known (总计 − 其他 is at least that). Empty when no grouping
    fits, or when more than MAX_GROUPINGS distinct readings do (too open)."""
    found = pair_readings(values, floors)
    return sorted(found.values()) if found else []


def pair_readings(values: Sequence[Value], floors: Sequence[int | float]
                  ) -> dict[tuple[Column, Column], tuple[int, ...]] | None:
    """pair_groupings' distinct readings (the pair's two columns → the groups' sizes giving them);
    None when more than MAX_GROUPINGS fit (too open), empty when none does."""
    n = len(floors)
    if len(values) != 2 * n:
        return {}
    memo: dict[int, dict[tuple[Column, Column], tuple[int, ...]] | None] = {}
    nums = [num(v) for v in values]

    def rest(r: int) -> dict[tuple[Column, Column], tuple[int, ...]] | None:
        # the readings of rows r.. (their values start at 2r) → a grouping giving each; None: too many
        if r == n:
            return {((), ()): ()}
        if r in memo:
            return memo[r]
        out: dict[tuple[Column, Column], tuple[int, ...]] = {}
        for k in range(1, n - r + 1):
            # a group's 总计 less its 其他 below a row's floor (tested in C: the search's hottest line)
            if any(map(lt, map(sub, nums[2 * r + k:2 * r + 2 * k], nums[2 * r:2 * r + k]), floors[r:r + k])):
                continue
            first = tuple(values[2 * r:2 * r + k])
            second = tuple(values[2 * r + k:2 * r + 2 * k])
            tail = rest(r + k)
            if tail is None:
                break
            for (a, b), sizes in tail.items():
                out.setdefault((first + a, second + b), (k, *sizes))
            if len(out) > MAX_GROUPINGS:
                break
        else:
            memo[r] = out
            return out
        memo[r] = None
        return None

    return rest(0)


def grouped_rows(rows: Sequence[int], sizes: Sequence[int]) -> list[tuple[int, int]]:
    """(row, 0 for 其他 / 1 for 总计) of each printed value of a pair stretch grouped by ``sizes``."""
    out: list[tuple[int, int]] = []
    at = 0
    for k in sizes:
        group = rows[at:at + k]
        out += [(r, 0) for r in group] + [(r, 1) for r in group]
        at += k
    return out


def pair_floors(grid: list[list[Value]], rows: Sequence[int], col: int) -> list[int | float]:
    """Each of ``rows``' sum of its cells left of the pair at ``col`` (see pair_groupings' floors)."""
    return [sum([0 if v is None else v for v in grid[r][:col]]) for r in rows]  # num inlined: a hot loop


def pair_variants(grid: list[list[Value]], source: dict[tuple[int, int], Item], owner: dict[int, int],
                  printed: Sequence[tuple[Item, Value]], rows: Sequence[int], col: int,
                  groupings: Groupings | None = None
                  ) -> list[tuple[list[list[Value]], dict[tuple[int, int], Item], dict[int, int]]]:
    """``grid`` (with its sources and the stream position → column map) with the pair stretch
    ``printed`` (其他 at ``col``, 总计 at ``col + 1``, rows ``rows``) regrouped each way that fits
    but one group (the two whole runs one after the other: the order this pair came from).
    ``groupings``: pair_groupings, or the caller's memo of it."""
    floors = pair_floors(grid, rows, col)
    out = []
    for sizes in (groupings or pair_groupings)([v for _, v in printed], floors):
        if len(sizes) == 1:
            continue  # one group: 其他's whole run, then 总计's, an order read as such already
        g = [row[:] for row in grid]
        src, own = dict(source), dict(owner)
        for (item, value), (r, side) in zip(printed, grouped_rows(rows, sizes)):
            g[r][col + side] = value
            src[(r, col + side)] = item
            own[item.pos] = col + side
        out.append((g, src, own))
    return out


# --- 法律服务机构, 其他 and 总计 printed as a grouped triple -----------------------------------------


def head_parts(m: int) -> tuple[int, int]:
    """The Segments parts of a run's first ``m`` cells and of the rest (m = 1: parts 0 and 1)."""
    return (0, 1) if m == 1 else (HEAD + m, REST + m)


def part_width(part: int | None) -> int:
    """How many neighbouring columns a Segments part prints (a grouped pair two, a triple three)."""
    return 3 if part == TRIPLE else 2 if part == PAIRED else 1


def triple_orders(orders: Sequence[tuple[tuple[int, int | None], ...]], n_cols: int
                  ) -> list[tuple[tuple[int, int | None], ...]]:
    """The run orders in which the last three columns come one after the other (or the third last
    before the grouped pair), read again with the three printed as a grouped triple."""
    a = n_cols - 3
    whole = ((a, None), (a + 1, None), (a + 2, None))
    out = []
    for order in orders:
        for k in range(len(order)):
            width = 3 if order[k:k + 3] == whole else 2 if order[k:k + 2] == ((a, None), (a + 1, PAIRED)) else 0
            if width:
                tripled = order[:k] + ((a, TRIPLE),) + order[k + width:]
                if tripled not in out:
                    out.append(tripled)
    return out


def triple_groupings(values: Sequence[Value], floors: Sequence[int | float]) -> list[list[tuple[int, int]]]:
    """The readings of the last three columns' cells of ``len(floors)`` rows printed group by group
    as ``values``: each group of consecutive rows prints its cells of the first of the three (top
    to bottom), then its 其他 / 总计 cells as a grouped pair (:func:`pair_groupings`; the label
    boxes' row groups nest: pdfminer groups a row group's last two columns first). Each reading is
    the (row, column 0-2) of every printed value, one per distinct reading of the values, all but
    the reading as one group (the first column's whole run before the pair). ``floors``: as for
    pair_groupings (总计 − 其他 is at least the row's cells already known, and the first column's).
    Empty when none fits, more than MAX_GROUPINGS distinct readings do, or finding them takes more
    than MAX_TRIPLE_STEPS pair stretches (the search is cubic in the rows: past that, not read so)."""
    n = len(floors)
    if len(values) != 3 * n:
        return []
    memo: dict[int, dict[tuple[Column, Column, Column], list[tuple[int, int]]] | None] = {}
    steps = [0]

    def rest(r: int) -> dict[tuple[Column, Column, Column], list[tuple[int, int]]] | None:
        if r == n:
            return {((), (), ()): []}
        if r in memo:
            return memo[r]
        out: dict[tuple[Column, Column, Column], list[tuple[int, int]]] = {}
        for k in range(1, n - r + 1 if r else n):
            first = tuple(values[3 * r:3 * r + k])
            pair = values[3 * r + k:3 * r + 3 * k]
            if not _pair_ends_fit(pair, floors[r] + num(first[0]), floors[r + k - 1] + num(first[-1])):
                continue
            steps[0] += 1
            if steps[0] > MAX_TRIPLE_STEPS:
                memo[r] = None
                return None
            for sizes in pair_groupings(pair, [floors[r + j] + num(v) for j, v in enumerate(first)]):
                tail = rest(r + k)
                if tail is None:
                    memo[r] = None
                    return None
                placed = grouped_rows(range(r, r + k), sizes)
                cols: list[list[Value]] = [[None] * k, [None] * k]
                for v, (row, side) in zip(pair, placed):
                    cols[side][row - r] = v
                head = [(r + j, 0) for j in range(k)] + [(row, 1 + side) for row, side in placed]
                for (a, b, c), where in tail.items():
                    out.setdefault((first + a, tuple(cols[0]) + b, tuple(cols[1]) + c), head + where)
                if len(out) > MAX_GROUPINGS:
                    memo[r] = None
                    return None
        memo[r] = out
        return out

    found = rest(0)
    return [where for _, where in sorted(found.items(), key=lambda kv: kv[1])] if found else []


def _pair_ends_fit(pair: Sequence[Value], top: int | float, bottom: int | float) -> bool:
    """Whether a pair stretch may start with its first row's 其他 and end with its last row's 总计
    (some first and last group sizes keep 总计 − 其他 at least ``top`` / ``bottom``): a quick test
    before the groupings are searched."""
    k = len(pair) // 2
    return (any(num(pair[m]) - num(pair[0]) >= top for m in range(1, k + 1))
            and any(num(pair[-1]) - num(pair[-1 - m]) >= bottom for m in range(1, k + 1)))


def triple_variants(grid: list[list[Value]], source: dict[tuple[int, int], Item], owner: dict[int, int],
                    printed: Sequence[tuple[Item, Value]], rows: Sequence[int], col: int,
                    groupings: Groupings | None = None
                    ) -> list[tuple[list[list[Value]], dict[tuple[int, int], Item], dict[int, int]]]:
    """``grid`` (with its sources and the stream position → column map) with the triple stretch
    ``printed`` (columns ``col`` … ``col + 2``, rows ``rows``) regrouped each way that fits.
    ``groupings``: triple_groupings, or the caller's memo of it."""
    floors = pair_floors(grid, rows, col)
    out = []
    for where in (groupings or triple_groupings)([v for _, v in printed], floors):
        g = [row[:] for row in grid]
        src, own = dict(source), dict(owner)
        for (item, value), (k, side) in zip(printed, where):
            g[rows[k]][col + side] = value
            src[(rows[k], col + side)] = item
            own[item.pos] = col + side
        out.append((g, src, own))
    return out
