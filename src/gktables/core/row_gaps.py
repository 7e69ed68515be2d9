"""Which columns a short space-padded row prints, read from the gaps between its own values.

Some converters pad a row's values with spaces (PyMuPDF's sorted text) but not so that columns
line up from one row to the next: a row starts a few characters left or right of the others,
as far as a column's width. Where the values sit on the line then says nothing; how far apart
they sit still does. An empty cell inside a row leaves a gap as wide as two columns' spacing
('0   0  0     0  0   0'). Only gaps are compared, so a row's drift does not matter; an empty first
or last cell leaves no gap, and is left undecided.
"""

from __future__ import annotations

import statistics
from itertools import combinations, pairwise


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
