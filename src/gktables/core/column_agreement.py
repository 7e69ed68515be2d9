"""Which readings of 三 printed column by column are kept (:mod:`.column_order`): the bands'
readings combined, kept when every check of 三 holds on them (or the checks that fail are one slip
of the report's own: one cell, or two of one row); past PINNED_SOLUTIONS / PINNED_READINGS the
search is too open and its reading is read loose. The checks cannot tell apart two columns other
than 总计 (swapping them keeps every sum): the two free columns printed apart (each a whole box)
are kept beside their mirror (the two swapped) unless the report's prose states a cell one of the
two contradicts; of the two, the one whose non-zero values sit in the likelier columns is shown first
(priors.placement_cost: 自然人 far the commonest applicant), its cells still open. A blank mark
and a 0 weigh the same in every check: in a band that prints a blank, the 0-or-blank cells are
unsure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import product
from typing import TypeVar

from ..checks import evaluate
from ..report import Value
from ..schema import CheckSpec
from .column_tokens import FREE_COLUMNS, Band, Grid
from .items import Item
from .priors import placement_cost

MAX_READINGS = 16384  # whole-table readings (bands combined) checked
# Past these, the print order leaves so many placements open that the checks alone choose among
# them, and two columns the checks cannot tell apart may be swapped in every reading kept (a run
# moved among the others): the cells are read but all flagged (column_order's LOOSE_CONFIDENCE).
PINNED_SOLUTIONS = 32  # readings of one band
PINNED_READINGS = 64  # whole-table readings
T = TypeVar("T")


def combined(per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]], keys: list[list[str]],
             checks: Sequence[CheckSpec], slip: bool, seen_twice: bool = False
             ) -> tuple[list[tuple[dict[str, Value], dict[str, Item]]], bool] | None:
    """The combinations of the bands' readings that pass every check of 三 (``slip``: or break them
    as one slip, see one_slip; ``seen_twice``: a slip that breaks two checks at least), and whether
    the search went past PINNED_SOLUTIONS / PINNED_READINGS; None when the combinations are more
    than MAX_READINGS."""
    total = 1
    for readings in per_band:
        total *= len(readings)
    if total > MAX_READINGS:
        return None
    open_search = total > PINNED_READINGS or any(len(readings) > PINNED_SOLUTIONS for readings in per_band)
    out: list[tuple[dict[str, Value], dict[str, Item]]] = []
    for combo in product(*per_band):
        rows = [row for grid, _ in combo for row in grid]
        cells = {k: v for key_row, row in zip(keys, rows) for k, v in zip(key_row, row)}
        failing = [c.keys for c in checks if evaluate(c, cells).passed is False]
        if any(cells == seen for seen, _ in out) or (failing and not (slip and one_slip(failing))):
            continue
        if seen_twice and len(failing) == 1:  # a band read with a row's sum unchecked: its slip must show
            continue  # in its row and its column (one failing check pins nothing)
        out.append((cells, {keys[r][c]: it for _, src in combo for (r, c), it in src.items()}))
    return out, open_search


def one_slip(failing: list[tuple[str, ...]]) -> bool:
    """Whether the checks that fail are all explained by one printed slip: one cell, or two cells
    of one row (a report's own error, which the checks then flag), rather than a misplacement."""
    cells = sorted({k for keys in failing for k in keys})
    for a in cells:
        if all(a in keys for keys in failing):
            return True
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            if a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0] and all(a in keys or b in keys for keys in failing):
                return True
    return False


def free_columns_apart(kept: list[dict[str, Value]], sources: list[dict[str, Item]],
                       bands: list[Band], keys: list[list[str]]) -> bool:
    """Whether every kept reading has the two free columns printed apart on each page where they
    differ: one's values all before the other's. Interleaved (a piece of the one, then of the
    other), they sit beside each other row by row, and the one further left comes first; printed
    apart, they are two tall boxes, whose order pdfminer takes from their heights as much as from
    their places (a box reaching lower comes later)."""
    for cells, where in zip(kept, sources):
        for first, n in {(b[0], b[1]) for b in bands}:
            rows = keys[first:first + n]
            if all(cells[row[0]] == cells[row[1]] for row in rows):
                continue
            at = [[where[row[c]].pos for row in rows if row[c] in where] for c in range(FREE_COLUMNS)]
            if at[0] and at[1] and min(at[0]) < max(at[1]) and min(at[1]) < max(at[0]):
                return False
    return True


def with_mirrors(kept: list[dict[str, Value]], placed: dict[str, Item], keys: list[list[str]],
                 prose: Mapping[str, set[int | float]]) -> tuple[list[dict[str, Value]], dict[str, Item]]:
    """The kept readings, each beside its mirror: the two free columns (自然人, 商业企业) swapped
    whole. Every check holds on both, and pdfminer does not always print the first column's box
    first (a taller or lower box comes later), so with nothing printed to pin them the cells the two
    disagree on are open. Where the report's prose states a cell one of the two reads as stated and
    the other does not, only that one is kept (``placed``, the first reading's items, swapped with it)."""
    out: list[dict[str, Value]] = []
    for k, cells in enumerate(kept):
        mirror = _free_swapped(cells, keys)
        if _prose_prefers(mirror, cells, prose):  # the print order had them the wrong way round
            choices = [mirror]
            placed = _free_swapped(placed, keys) if k == 0 else placed
        elif _prose_prefers(cells, mirror, prose):
            choices = [cells]
        else:  # nothing printed tells them apart: the likelier placement shown first (the cells stay open)
            choices = sorted([cells, mirror], key=reading_cost)
            placed = _free_swapped(placed, keys) if k == 0 and choices[0] is mirror else placed
        out += [c for c in choices if c not in out]
    return out, placed


def reading_cost(cells: Mapping[str, Value]) -> float:
    """How unusual a whole reading's placement of non-zero values is (see priors.placement_cost):
    only ever orders readings every check passes, which one is shown first."""
    return placement_cost(list(cells), list(cells.values()))


def _free_swapped(cells: dict[str, T], keys: list[list[str]]) -> dict[str, T]:
    """``cells`` with each row's first two columns' entries exchanged."""
    out = dict(cells)
    for row in keys:
        first, second = row[0], row[1]
        out.pop(first, None)
        out.pop(second, None)
        if second in cells:
            out[first] = cells[second]
        if first in cells:
            out[second] = cells[first]
    return out


def _prose_prefers(cells: dict[str, Value], other: dict[str, Value], prose: Mapping[str, set[int | float]]) -> bool:
    """Whether the prose states a cell that ``cells`` reads as stated and ``other`` does not."""
    return any(k in cells and cells[k] in stated and other[k] not in stated for k, stated in prose.items())


def unsure_blanks(bands: list[Band], keys: list[list[str]], cells: dict[str, Value]
                  ) -> list[str]:
    """A blank mark and a 0 weigh the same in every check: in a band that prints a blank among its
    values, which of its 0-or-blank cells holds the blank rests on the print order alone."""
    out: list[str] = []
    for first, n, tokens in bands:
        if any(t.value is None or t.item.blank for t in tokens):  # a blank mark, or a cell printed empty
            out += [k for r in range(first, first + n) for k in keys[r] if cells[k] in (0, None) and k not in out]
    return out
