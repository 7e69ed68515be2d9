"""Cells printed empty: a document that prints its zeros as nothing.

Some reports leave every zero cell of 三 and 四 empty. In a converter's text the empty cells
vanish, so a row of 四 may print two numbers for its fifteen cells, and which columns they
belong to is no longer in the text. Their order is: a row's printed values keep their order.
The placements of the ``k`` printed values into the row's ``n`` cells (``C(n, k)`` of them) are
enumerated under the row's own checks (each group's members add up to its total); the ones
left decide the row when there is one, and are candidates when there are several. Nothing is
decided by the prior it uses (``priors.placement_cost``): it only ranks placements the checks
leave tied, to choose which one the report shows; those cells stay flagged with their candidates.

    row_to_placements([3, 3], 15, (5, 5, 5))  ->  the 3 placed as one member and its group's total
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..report import DecidedBy, Provenance, ReportWarning, Value, candidate_order
from ..values import parse_value
from ..deadline import Deadline
from .align import Alignment
from .items import Item
from .priors import placement_cost
from .provenance import item_provenance

PLACEMENT_STEPS = 50_000  # partial placements tried for one row (C(15, 7) = 6435 complete ones)
MAX_SHOWN = 8  # candidates listed per placement warning
PLACED_CONFIDENCE = 0.6  # a placement only the checks pin: a coincidence of sums is possible, so it stays flagged


@dataclass(frozen=True)
class RowPlacements:
    """The placements of a row's printed values that keep its checks (values per cell, None where
    nothing is printed), best-ranked first; ``complete`` is False when the search hit its bound."""

    placements: list[tuple[Value, ...]]
    complete: bool


def row_to_placements(values: Sequence[int | float], n_cells: int, groups: Sequence[int],
                      keys: Sequence[str] = (), steps: int = PLACEMENT_STEPS) -> RowPlacements:
    """Every order-kept placement of ``values`` into ``n_cells`` cells (the rest empty) under
    which each group of ``groups`` (cells per group, its last cell the group's total) adds up.
    Ranked by :func:`~gktables.core.priors.placement_cost` over ``keys`` when given."""
    k = len(values)
    if k > n_cells or sum(groups) != n_cells:
        return RowPlacements([], True)
    starts = [sum(groups[:g]) for g in range(len(groups))]
    group_of_total = {s + size - 1: s for s, size in zip(starts, groups)}  # a group's total cell -> its first
    budget = [steps]
    found: list[tuple[Value, ...]] = []
    slots: list[Value] = [None] * n_cells

    def group_ok(total_cell: int) -> bool:
        """The group ending with ``total_cell`` adds up (nulls as 0)."""
        members = slots[group_of_total[total_cell]:total_cell]
        return sum(v or 0 for v in members) == (slots[total_cell] or 0)

    def walk(cell: int, used: int) -> bool:  # False: out of budget
        budget[0] -= 1
        if budget[0] < 0:
            return False
        if cell == n_cells:
            if used == k:
                found.append(tuple(slots))
            return True
        left_cells, left_values = n_cells - cell, k - used
        options: list[Value] = []
        if left_cells > left_values:
            options.append(None)
        if left_values:
            options.append(values[used])
        for value in options:
            slots[cell] = value
            nxt = used + (value is not None)
            if cell in group_of_total and not group_ok(cell):
                continue
            if not walk(cell + 1, nxt):
                slots[cell] = None
                return False
        slots[cell] = None
        return True

    complete = walk(0, 0)
    if keys:
        found.sort(key=lambda p: placement_cost(keys, p))
    return RowPlacements(found, complete)


def zeros_printed_empty(tokens: Sequence[Item]) -> bool:
    """Whether a table's text prints no zero at all: its empty cells then stand for zeros."""
    numbers = [t for t in tokens if not t.blank]
    return bool(numbers) and not any(t.digits.strip("0+-.") == "" for t in numbers)


def place_missing_row(alignment: Alignment, tokens: Sequence[Item], cells: dict[str, Value],
                      provenance: dict[str, Provenance], deadline: Deadline | None = None) -> list[ReportWarning]:
    """A table read as one row with groups (四) that took no token because it prints far fewer
    values than cells (its zeros printed empty): place the numbers no row took by the row's
    checks. One placement: read, flagged as placed by the checks. Several: the likeliest is shown
    and every cell they disagree on carries its candidates. None: nothing is read (the row stays
    missing and flagged)."""
    if len(alignment.rows) != 1 or not alignment.rows[0].missing:
        return []
    row = alignment.rows[0]
    plan = row.plan
    strays = [t for t in alignment.skipped if not t.blank]
    if not strays or not plan.groups or not zeros_printed_empty(tokens):
        return []
    values: list[int | float] = []
    for t in strays:
        parsed = parse_value(t.digits, "count")
        if not parsed.ok or parsed.value is None:
            return []
        values.append(parsed.value)
    steps = deadline.search_allowance(PLACEMENT_STEPS) if deadline is not None else PLACEMENT_STEPS
    found = row_to_placements(values, len(plan.keys), plan.groups, plan.keys, steps)
    if deadline is not None:
        deadline.spend_search(min(steps, PLACEMENT_STEPS))
    if not found.placements or not found.complete:
        return []
    shown = found.placements[0]
    by_token = iter(strays)
    for i, (key, value) in enumerate(zip(plan.keys, shown)):
        options = candidate_order({p[i] for p in found.placements})
        token = next(by_token) if value is not None else None
        cells[key] = value
        decided_by: DecidedBy = "check" if len(options) == 1 else "inferred"
        confidence = PLACED_CONFIDENCE if len(options) == 1 else 0.5
        candidates = options if len(options) > 1 else None
        provenance[key] = (item_provenance(token, confidence, decided_by, candidates=candidates) if token
                           else Provenance(strays[0].source, "", confidence, decided_by, candidates=candidates))
    row.missing = False
    row.tokens = list(strays)
    for t in strays:
        alignment.skipped.remove(t)
    printed = " ".join(t.text for t in strays)
    if len(found.placements) == 1:
        return [ReportWarning("cells_placed_by_checks",
                              f"row {plan.label!r} prints {len(strays)} values ({printed!r}) for {len(plan.keys)} "
                              "cells, its zeros printed empty; the one placement its checks allow was read",
                              list(plan.keys))]
    listed = "; ".join(str(p) for p in found.placements[:MAX_SHOWN])
    return [ReportWarning("ambiguous_value",
                          f"row {plan.label!r} prints {len(strays)} values ({printed!r}) for {len(plan.keys)} cells, "
                          f"its zeros printed empty; {len(found.placements)} placements keep its checks ({listed}); "
                          "the one shown is the likeliest by where real reports print non-zero values",
                          list(plan.keys))]

