"""The (其他, 总计) pair printed group by group (:mod:`.column_pairs`) when its groupings are too
many to read: pdfminer.six's own rules pin them.

pair_groupings reads a pair stretch every way its groups may fall and gives up past MAX_GROUPINGS
distinct readings: a pair whose 其他 is mostly 0 beside a 总计 with many 0s fits hundreds of
groupings (``0 13 | 0 … 0 | 1 4 1 1 0 1 … 3 | 0 14 | 0 | 0``: 278). Two things pdfminer prints
narrow them:

- **one line is one row**: two values printed on one line are one text line, characters side by
  side, so the two cells of one row (a group of one row, its 其他 then its 总计, ``0 13``); values of
  different rows, or of one column's box, are never on one line;
- **few groups**: the groups are the label boxes' row groups (a section's rows, a row printed
  apart), a handful for the table; the readings with the fewest groups are taken (the stretch
  above: 4 groups, one reading).

Only for the wider searches (a reading found so is read loose: every cell flagged), and only when
pair_groupings is too open; its readings must pass every check of 三 like any other.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from ..report import Value
from .column_pairs import MAX_GROUPINGS, Column, pair_readings
from .column_tokens import num


def lined_pair_groupings(values: Sequence[Value], floors: Sequence[int | float], lines: Sequence[Hashable]
                         ) -> list[tuple[int, ...]]:
    """pair_groupings(values, floors), or when that is too open, the groupings with the fewest
    groups among those that keep each printed line (``lines[i]``: the line of ``values[i]``) in one
    row (see the module's doc); one grouping per distinct reading, none past MAX_GROUPINGS."""
    found = pair_readings(values, floors)
    if found is not None:
        return sorted(found.values())
    n = len(floors)
    if len(values) != 2 * n or len(lines) != len(values):
        return []

    def fits(r: int, k: int) -> bool:
        first, second = values[2 * r:2 * r + k], values[2 * r + k:2 * r + 2 * k]
        if any(num(b) - num(a) < floors[r + j] for j, (a, b) in enumerate(zip(first, second))):
            return False
        lo, hi = 2 * r, 2 * r + 2 * k  # one line inside the group: only a one-row group's pair
        if any(lines[i] == lines[i + 1] for i in range(lo, hi - 1) if not (k == 1 and i == lo)):
            return False
        return hi == len(values) or lines[hi - 1] != lines[hi]  # nor across to the next group

    fewest = [n + 1] * n + [0]  # the fewest groups rows r.. fall into (n + 1: none)
    for r in range(n - 1, -1, -1):
        fewest[r] = min((fewest[r + k] + 1 for k in range(1, n - r + 1) if fits(r, k)), default=n + 1)
    if fewest[0] > n:
        return []
    out: dict[tuple[Column, Column], tuple[int, ...]] = {}

    def walk(r: int, first: Column, second: Column, sizes: tuple[int, ...]) -> bool:
        if r == n:
            out.setdefault((first, second), sizes)
            return len(out) <= MAX_GROUPINGS
        for k in range(1, n - r + 1):
            if fewest[r + k] == fewest[r] - 1 and fits(r, k):
                a, b = tuple(values[2 * r:2 * r + k]), tuple(values[2 * r + k:2 * r + 2 * k])
                if not walk(r + k, first + a, second + b, (*sizes, k)):
                    return False
        return True

    return sorted(out.values()) if walk(0, (), (), ()) else []
