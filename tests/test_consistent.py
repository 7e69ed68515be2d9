"""The exact search for combinations of tied readings under which every check holds
(`core/consistent.py`): same answers as trying every combination, within a step budget."""

from __future__ import annotations

import random
from itertools import combinations, product

from gktables.checks import passes
from gktables.core.consistent import consistent_combinations
from gktables.core.resolve import EXACT_SEARCH_NODES, MAX_CONSISTENT
from gktables.schema import CheckSpec

COLS = "abcde"


def _placements(row: str, values: tuple[int, ...], cols: str = COLS) -> list[dict[str, int | None]]:
    """Every way to put a row's printed values, in order, into its cells (the rest blank)."""
    out = []
    for slots in combinations(range(len(cols)), len(values)):
        cells: dict[str, int | None] = {f"{row}.{c}": None for c in cols}
        for s, v in zip(slots, values):
            cells[f"{row}.{cols[s]}"] = v
        out.append(cells)
    return out


def _column_table(values, truth, cols: str = COLS):
    """Rows printing two values for five cells; the total row is printed in full and each column
    sums to it, read from the true placements ``truth``."""
    readings = [_placements(f"r{i}", v, cols) for i, v in enumerate(values)]
    fixed = {f"tot.{c}": sum(x for v, t in zip(values, truth) for s, x in zip(t, v) if cols[s] == c) for c in cols}
    checks = [CheckSpec(f"col.{c}", (f"tot.{c}",), tuple(f"r{i}.{c}" for i in range(len(values))), "sum")
              for c in cols]
    return readings, fixed, checks


def _brute(readings, fixed, checks):
    out = []
    for combo in product(*(range(len(r)) for r in readings)):
        cells = dict(fixed)
        for rds, i in zip(readings, combo):
            cells.update(rds[i])
        if passes(checks, cells) == len(checks):
            out.append(combo)
    return out


def test_twelve_rows_tied_by_column_sums_are_searched_exactly():
    # 10**12 combinations; a row-by-row depth-first search with range bounds tried 200 000 of them
    # and found none. Merging equal partial column sums finds every passing one.
    values = [(103, 58), (35, 212), (17, 61), (240, 9), (76, 31), (52, 125), (9, 414), (11, 86), (318, 7),
              (43, 93), (25, 167), (62, 19)]
    truth = [(0, 1), (1, 3), (2, 4), (0, 2), (3, 4), (1, 2), (0, 4), (2, 3), (1, 4), (0, 3), (2, 4), (1, 3)]
    readings, fixed, checks = _column_table(values, truth)
    found = consistent_combinations(readings, fixed, checks, EXACT_SEARCH_NODES, MAX_CONSISTENT)
    assert found is not None and 1 <= len(found) <= MAX_CONSISTENT
    slots = list(combinations(range(5), 2))
    assert tuple(slots.index(t) for t in truth) in found
    for combo in found:
        cells = dict(fixed)
        for rds, i in zip(readings, combo):
            cells.update(rds[i])
        assert passes(checks, cells) == len(checks)
    assert len(set(found)) == len(found)


def test_same_combinations_as_trying_them_all():
    rng = random.Random(7)
    for _ in range(60):
        n = rng.randint(1, 5)
        values = [tuple(rng.randint(0, 4) for _ in range(2)) for _ in range(n)]
        truth = [tuple(sorted(rng.sample(range(4), 2))) for _ in range(n)]
        readings, fixed, checks = _column_table(values, truth, "abcd")
        if rng.random() < 0.3:
            fixed["tot.a"] += 1  # no combination passes
        want = _brute(readings, fixed, checks)
        got = consistent_combinations(readings, fixed, checks, 10**6, 10**6)
        assert got is not None and sorted(got) == want
        few = consistent_combinations(readings, fixed, checks, 10**6, 3)
        assert few == ([] if len(want) > 3 else got)


def test_unlinked_rows_multiply_and_too_many_decide_nothing():
    readings = [_placements("x", (1,), "ab"), _placements("y", (2,), "ab")]
    checks = [CheckSpec("x", ("x.total",), ("x.a",), "sum")]
    found = consistent_combinations(readings, {"x.total": 1}, checks, 100, 10)
    assert sorted(found or []) == [(0, 0), (0, 1)]  # y is free: both its readings pass
    assert consistent_combinations(readings, {"x.total": 1}, checks, 100, 1) == []


def test_out_of_budget_is_none_and_fractions_compare_as_the_checks_do():
    readings = [_placements("r", (0.1, 0.2), "abc")]
    checks = [CheckSpec("t", ("t",), ("r.a", "r.b"), "sum")]
    assert consistent_combinations(readings, {"t": 0.3}, checks, 100, 10) == [(0,)]
    assert consistent_combinations(readings, {"t": 0.3}, checks, 1, 10) is None
