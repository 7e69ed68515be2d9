"""Columns of 三 holding only zeros, their cells printed scattered (pdfminer.six's ``extract_text``,
see :mod:`.column_order`).

A column whose cells are all 0 (科研机构 and 法律服务机构 of a small office) is a column of small
boxes pdfminer groups with whatever lies beside them: its first cell may come on the row's line
with the free columns' cells, the rest as a run somewhere else, while the other columns keep the
orders :mod:`.column_order` reads:

    245 19 0 | 10 2 160 14 … | 0 0 0 0 | 9 0 4 180 12 | 0 | 16 289 … | 0 0 0 0 | …

Where such a column's zeros were printed changes nothing in the grid (every one reads 0); what it
changes is the stream the other columns are read from. So a band none of whose orders reads it is
read again with ``k`` of its columns after the free ones (总计 excepted) set to 0 and ``k × rows``
printed zeros taken out of the stream, in every distinct way: zeros taken from one stretch of
consecutive zeros give the same rest whichever of them are taken, so a way is how many each
stretch gives. The rest is read in the orders of :mod:`.column_order` (the wider ones), and its
readings must pass every check of 三 like any other; read loose (every cell flagged): that the
columns are all 0 is the checks' word, not the print's. Bounded: past MAX_WAYS ways for one set of
columns, that set is not tried; past MAX_ROW_TRIES (readings of the rest tried, times the band's
rows: the cost), the band is not read so.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations

from ..report import Value

MAX_COLUMNS = 2  # zero columns taken out at once
MAX_WAYS = 48  # distinct ways of taking the zeros out, for one set of columns; more: that set not tried
MAX_ROW_TRIES = 2000  # ways of every set of columns, times the band's rows; more: none tried (CPU bound)


def zero_stretches(values: Sequence[Value], kept: set[int]) -> list[list[int]]:
    """The stretches of consecutive printed zeros (their indices in ``values``), each cut where a
    value that may not be taken out (``kept``: headed by a lone header, say) stands."""
    out: list[list[int]] = []
    current: list[int] = []
    for k, v in enumerate(values):
        if v == 0 and isinstance(v, int) and k not in kept:
            current.append(k)
            continue
        if current:
            out.append(current)
        current = []
    if current:
        out.append(current)
    return out


def zero_takings(stretches: list[list[int]], k: int, max_ways: int = MAX_WAYS) -> list[list[int]] | None:
    """Every distinct way of taking ``k`` zeros out of the stretches (the first ones of a stretch
    stand for any of it): the indices taken, per way. None past ``max_ways`` ways."""
    out: list[list[int]] = []
    left = [sum(len(s) for s in stretches[i:]) for i in range(len(stretches) + 1)]

    def go(i: int, need: int, taken: list[int]) -> bool:
        if need == 0:
            out.append(taken)
            return len(out) <= max_ways
        if i == len(stretches) or left[i] < need:
            return True
        for m in range(min(need, len(stretches[i])), -1, -1):
            if not go(i + 1, need - m, taken + stretches[i][:m]):
                return False
        return True

    return out if go(0, k, []) else None


def zero_column_ways(values: Sequence[Value], n: int, n_cols: int, free: int, kept: set[int]
                     ) -> Iterator[tuple[tuple[int, ...], list[int]]]:
    """For a band of ``n`` rows whose printed ``values`` are read with the first ``free`` columns
    free: each set of at most MAX_COLUMNS columns between those and 总计 taken as all 0, with each
    way of taking ``n`` zeros a column out of the stream (indices into ``values``); smaller sets
    first."""
    stretches = zero_stretches(values, kept)
    zeros = sum(len(s) for s in stretches)
    out: list[tuple[tuple[int, ...], list[int]]] = []
    for size in range(1, MAX_COLUMNS + 1):
        ways = zero_takings(stretches, size * n) if size * n <= zeros else []
        for columns in combinations(range(free, n_cols - 1), size):
            out += [(columns, taken) for taken in ways or []]
    if len(out) * n <= MAX_ROW_TRIES:
        yield from out
