"""Which columns a short space-padded row prints: under which columns its values sit, or how far
apart they sit.

Space-aligned text (pdftotext -layout) prints a row with an empty cell as fewer values, each under
its column. Another page may print the table a character or two left or right: its rows are
measured against the full rows nearest to them.

Some converters pad a row's values with spaces (PyMuPDF's sorted text) but not so that columns
line up from one row to the next: a row starts a few characters left or right of the others,
as far as a column's width. Where the values sit on the line then says nothing; how far apart
they sit still does. An empty cell inside a row leaves a gap as wide as two columns' spacing
('0   0  0     0  0   0'). Only gaps are compared, so a row's drift does not matter; an empty first
or last cell leaves no gap, and is left undecided.

Where most cells are empty, few rows (or none) print every column; but every column prints in some
row, and a page's values all sit in as many clear-cut heaps as it has columns (:func:`page_centres`).
"""

from __future__ import annotations

import statistics
from itertools import combinations, pairwise

from ..geometry import cluster_extents

NEAREST = 2  # full rows a short row is measured against when the table's columns do not place it
DOUBLE_GAP = 1.6  # a blank column's gap: this many times any other gap of its row, in every row
MIN_SHORT_ROWS = 3  # rows one value short that must all show the same double gap
HEAP_TOLERANCES = (1.0, 1.5, 2.0, 2.5)  # characters between one column's values (alignment in the cell)
HEAP_MARGIN = 2.0  # the gap between heaps, at least this many times the widest heap


def short_row_columns(positions: list[float], line: int, centres: list[float], tolerance: float,
                      full: dict[int, list[float]]) -> list[int] | None:
    """The columns (indexes into ``centres``) of a short row's values at ``positions`` on its
    ``line``: those they sit under within ``tolerance``; else those they sit under in the ``NEAREST``
    full rows (``full``: each full row's positions by line) around the row, when those line up with
    each other (text that drifts from row to row has no columns to sit under); else those the gaps
    between them say (:func:`columns_by_gaps`). None when nothing is clear-cut."""
    found = columns_under(positions, centres, tolerance)
    if found is None and len(full) >= NEAREST:
        near = [full[n] for n in sorted(full, key=lambda n: abs(n - line))[:NEAREST]]
        local = [statistics.mean(row[c] for row in near) for c in range(len(centres))]
        if all(abs(row[c] - local[c]) <= tolerance / 2 for row in near for c in range(len(centres))):
            found = columns_under(positions, local, tolerance)  # the rows around it line up: a page's own columns
    if found is None and full:
        found = columns_by_gaps(positions, list(full.values()), tolerance * 1.5)
    return found


def columns_under(positions: list[float], centres: list[float], tolerance: float) -> list[int] | None:
    """The column each value sits under, when every one sits within ``tolerance`` of a column's
    centre and no two under the same column."""
    cols = [min(range(len(centres)), key=lambda c: abs(centres[c] - p)) for p in positions]
    if all(abs(centres[c] - p) <= tolerance for c, p in zip(cols, positions)) and cols == sorted(set(cols)):
        return cols
    return None


def columns_by_gaps(positions: list[float], full_rows: list[list[float]], tolerance: float) -> list[int] | None:
    """The columns (indexes) that the values at ``positions`` (one row's, left to right, one value
    short of the table's columns) are printed in, from the gaps of ``full_rows`` (the positions of
    the rows printing every column): the one placement whose gaps all match the full rows' median
    gaps within ``tolerance``, when no other placement does. None when none or several do, or when
    the full rows' own gaps stray from their medians by more than ``tolerance`` (a table whose rows
    are spaced unevenly: its gaps are no measure). Two or more cells short, no placement is that sure."""
    width = len(full_rows[0]) if full_rows else 0
    if len(positions) != width - 1 or width < 3:
        return None
    steps = [statistics.median(row[c + 1] - row[c] for row in full_rows) for c in range(width - 1)]
    if any(abs(row[c + 1] - row[c] - steps[c]) > tolerance for row in full_rows for c in range(width - 1)):
        return None
    centres = [sum(steps[:c]) for c in range(width)]
    gaps = [b - a for a, b in pairwise(positions)]
    fits = [cols for cols in combinations(range(width), width - 1)
            if all(abs(g - (centres[b] - centres[a])) <= tolerance for g, (a, b) in zip(gaps, pairwise(cols)))]
    return list(fits[0]) if len(fits) == 1 else None


def blank_column_by_gaps(rows: list[list[float]], width: int) -> int | None:
    """The column (index) blank in every row of a table no row prints in full, from the rows one
    value short (``rows``: each printed row's value positions, left to right): every one of them,
    at least ``MIN_SHORT_ROWS``, shows its widest gap in the same place, ``DOUBLE_GAP`` times any
    other gap of the row (PyMuPDF's sorted text, '1611      153      50                165      76').
    None otherwise, and always for the first or last column (a blank there leaves no gap)."""
    short = [row for row in rows if len(row) == width - 1 >= 2]
    if len(short) < MIN_SHORT_ROWS:
        return None
    places = set()
    for row in short:
        gaps = [b - a for a, b in pairwise(row)]
        k = max(range(len(gaps)), key=gaps.__getitem__)
        others = gaps[:k] + gaps[k + 1:]
        if not others or gaps[k] < DOUBLE_GAP * max(others):
            return None
        places.add(k)
    return places.pop() + 1 if len(places) == 1 else None


def page_centres(rows: list[list[float]], width: int) -> list[float] | None:
    """Each of ``width`` columns' centre on one page of a table, from where all its rows' values sit
    (``rows``: each line's value positions, left to right): when, at some tolerance, they fall in
    exactly ``width`` heaps set apart by far more than any heap is wide, and every row's values sit
    in distinct heaps, left to right. None otherwise (a column blank on the whole page, or values
    drifting from row to row)."""
    points = [x for row in rows for x in row]
    for tol in HEAP_TOLERANCES:
        heaps = cluster_extents(points, tol)
        if len(heaps) == width:
            break
    else:
        return None
    widest = max(hi - lo for lo, hi in heaps)
    if min(b[0] - a[1] for a, b in pairwise(heaps)) < HEAP_MARGIN * max(widest, 1.0):
        return None
    centres = [statistics.median([x for x in points if lo <= x <= hi]) for lo, hi in heaps]
    for row in rows:
        cols = [next(c for c, (lo, hi) in enumerate(heaps) if lo <= x <= hi) for x in row]
        if cols != sorted(set(cols)):
            return None
    return centres

