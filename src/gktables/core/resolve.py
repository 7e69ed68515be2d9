"""Choose among readings the rows left tied, table-wide, by the table's checks and the prose.

A cell is decided when every best combination agrees on it; otherwise it is ambiguous and the
report lists its candidates. Nothing is decided by guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, product
from collections.abc import Sequence
from math import prod

from ..checks import passes
from ..report import DecidedBy, Value, candidate_order
from ..schema import CheckSpec
from .align import PathTie, RowResult
from ..deadline import Deadline
from .candidates import Reading
from .consistent import consistent_combinations
from .priors import implausibility, placement_cost, rank_values

BRUTE_FORCE_LIMIT = 4096
EXACT_SEARCH_NODES = 200_000  # partial combinations tried when looking for ones that pass every check
MAX_CONSISTENT = 256  # combinations kept; more than this many ways to satisfy the checks decides nothing

Choice = dict[RowResult, Reading]  # one reading for each row left with several


@dataclass
class CellDecision:
    value: Value
    decided_by: DecidedBy
    candidates: list[Value] | None  # set when the document leaves the cell undecided


@dataclass
class RowDecision:
    row: RowResult
    reading: Reading
    cells: list[CellDecision]


def resolve_rows(rows: list[RowResult], checks: list[CheckSpec], prose: dict[str, set[int | float]],
                 path_ties: Sequence[PathTie] = (), deadline: Deadline | None = None) -> list[RowDecision]:
    present = [r for r in rows if r.best is not None]
    multi = [r for r in present if len(r.readings) > 1]
    for r in multi:
        if r.plan.check is not None:
            # Tied readings (blanks placed in different cells) in the order real reports make likely
            # (自然人 before 科研机构): the searches below try, and keep showing, the likeliest first.
            # The order decides nothing: cells the readings disagree on keep their candidates.
            r.readings.sort(key=lambda rd: placement_cost(r.plan.keys, rd.values))
    fixed = {k: v for r in present if len(r.readings) == 1 for k, v in _cells(r, r.readings[0]).items()}
    multi_keys = {k for r in multi for k in r.plan.keys}
    relevant = [c for c in checks if multi_keys.intersection(c.keys)]

    def score(choice: Choice, with_prose: bool) -> float:
        cells = dict(fixed)
        for r in multi:
            cells.update(_cells(r, choice[r]))
        s = float(passes(relevant, cells))
        if with_prose:
            s += sum(_prose_weight(cells[k], vals) for k, vals in prose.items() if k in cells)
        return s

    consistent = _consistent_choices(multi, fixed, relevant, deadline)
    if consistent:  # the checks can all hold: they decide, the prose breaks what they leave tied
        best_checks = consistent
        prose_scores = [score(c, True) for c in consistent]
        best_prose = [c for c, p in zip(consistent, prose_scores) if p == max(prose_scores)]
    else:
        best_checks = _best_choices(multi, lambda c: score(c, False))
        best_prose = _best_choices(multi, lambda c: score(c, True)) if prose else best_checks
    # Which of the combinations left tied is shown: the one whose non-zero values sit in the columns
    # real reports fill most (自然人 before 科研机构). It decides nothing: the cells it chose among
    # keep their candidates and their flags.
    checked = [r for r in multi if r.plan.check is not None]
    if checked and len(best_prose) > 1:
        best_prose = sorted(best_prose, key=lambda c: sum(placement_cost(r.plan.keys, c[r].values) for r in checked))
    # With no reading under which every check holds and too many to try them all, the best found
    # comes from changing one row at a time: two rows' errors that cancel in a column sum are never
    # tried together, so what that search settles is not sure.
    exact = bool(consistent) or prod(len(r.readings) for r in multi) <= BRUTE_FORCE_LIMIT
    decisions = []
    for r in present:
        if r in multi:
            decisions.append(_decide_row(r, best_checks, best_prose, exact, frozenset(prose)))
        else:
            printed = r.readings[0]
            decisions.append(RowDecision(r, printed, [CellDecision(v, "printed", None) for v in printed.values]))
    _mark_path_ties(decisions, path_ties, checks)
    return decisions


MAX_TIE_COMBINATIONS = 64


def _mark_path_ties(decisions: list[RowDecision], ties: Sequence[PathTie], checks: list[CheckSpec]) -> None:
    """Where another sharing of the tokens among rows costs as much and the checks like it as
    well, the cells it reads differently are undecided: both values become candidates."""
    by_row = {d.row: d for d in decisions}
    cells = {k: c.value for d in decisions for k, c in zip(d.row.plan.keys, d.cells)}
    held = passes(checks, cells)
    for tie in ties:
        rows = [by_row[row] for row in tie.readings if row in by_row]
        for combo in islice(product(*(tie.readings[d.row] for d in rows)), MAX_TIE_COMBINATIONS):
            other = dict(cells)
            for d, reading in zip(rows, combo):
                other.update(zip(d.row.plan.keys, reading.values))
            if passes(checks, other) < held:
                continue
            for d, reading in zip(rows, combo):
                for i, (cell, value) in enumerate(zip(d.cells, reading.values)):
                    if value != cell.value:
                        known = set(cell.candidates or [cell.value]) | {value}
                        d.cells[i] = CellDecision(cell.value, "inferred", candidate_order(known))


def _prose_weight(value: Value, said: set[int | float]) -> float:
    """What a cell reading as the prose says adds to a combination's score. A blank cell is the
    prose's 0 ('复议0件' with the review group printed empty), but a printed 0 says it better."""
    if value in said:
        return 0.5
    return 0.25 if value is None and 0 in said else 0.0


def _cells(r: RowResult, reading: Reading) -> dict[str, Value]:
    return dict(zip(r.plan.keys, reading.values))


def _consistent_choices(multi: list[RowResult], fixed: dict[str, Value], checks: list[CheckSpec],
                        deadline: Deadline | None = None) -> list[Choice]:
    """Every combination of readings under which all of ``checks`` that can be evaluated hold.
    Empty when there is none, when there are too many to mean anything, or when the search runs
    out of budget (then nothing is decided here).

    Column sums tie all rows of a table together, so trying one row at a time (local search) gets
    stuck; this search is exact."""
    if not multi:
        return []
    known = {k for r in multi for k in r.plan.keys} | fixed.keys()
    usable = [c for c in checks if all(k in known for k in c.keys)]
    if not usable:
        return []
    readings = [[_cells(r, rd) for rd in r.readings] for r in multi]
    combos = consistent_combinations(readings, fixed, usable, EXACT_SEARCH_NODES, MAX_CONSISTENT, deadline)
    if not combos:
        return []
    # listed as a row-by-row search would find them, rows with fewest readings first: which
    # combination is shown among those left tied follows this order
    order = sorted(range(len(multi)), key=lambda i: len(multi[i].readings))
    combos.sort(key=lambda combo: [combo[i] for i in order])
    return [{r: r.readings[i] for r, i in zip(multi, combo)} for combo in combos]


def _best_choices(multi: list[RowResult], score) -> list[Choice]:
    """All combinations of readings with the best score (brute force when small, else local search)."""
    if not multi:
        return [{}]
    if prod(len(r.readings) for r in multi) <= BRUTE_FORCE_LIMIT:
        scored = []
        for combo in product(*(r.readings for r in multi)):
            choice = {r: rd for r, rd in zip(multi, combo)}
            scored.append((score(choice), choice))
        top = max(s for s, _ in scored)
        return [c for s, c in scored if s == top]
    choice = {r: r.readings[0] for r in multi}
    for _ in range(4):  # coordinate ascent; rows where alternatives tie stay ambiguous below
        changed = False
        for r in multi:
            scores = [(score({**choice, r: rd}), i) for i, rd in enumerate(r.readings)]
            best_i = max(scores)[1] if max(scores)[0] > score(choice) else None
            if best_i is not None and r.readings[best_i] is not choice[r]:
                choice[r] = r.readings[best_i]
                changed = True
        if not changed:
            break
    top = score(choice)
    ties = [choice]
    for r in multi:
        for rd in r.readings:
            if rd is not choice[r]:
                alt = {**choice, r: rd}
                if score(alt) == top:
                    ties.append(alt)
    return ties


def _decide_row(r: RowResult, by_checks: list[Choice], by_prose: list[Choice], exact: bool = True,
                prose_keys: frozenset[str] = frozenset()) -> RowDecision:
    """Without ``exact`` (the best readings were found one row at a time), the checks decide no
    cell of a checked row, and the prose only those it states (``prose_keys``)."""
    chosen = by_prose[0][r]
    unchecked = r.plan.check is None  # 二: no check ties the row to others; the priors rank its readings
    if unchecked:
        chosen = min((c[r] for c in by_prose), key=lambda rd: implausibility(r.plan.keys, rd))
    cells = []
    for i, value in enumerate(chosen.values):
        all_values = {rd.values[i] for rd in r.readings}
        check_values = {c[r].values[i] for c in by_checks}
        prose_values = {c[r].values[i] for c in by_prose}
        if len(all_values) == 1:
            cells.append(CellDecision(value, "printed", None))
        elif len(check_values) == 1 and (exact or unchecked):
            cells.append(CellDecision(value, "check", None))
        elif not exact and not unchecked and r.plan.keys[i] not in prose_keys:
            cells.append(CellDecision(value, "inferred", candidate_order(all_values)))
        elif len(prose_values) == 1:
            cells.append(CellDecision(value, "prose", None))
        else:
            ranked = (rank_values(r.plan.keys, [c[r] for c in by_prose], i) if unchecked
                      else candidate_order(prose_values))
            cells.append(CellDecision(value, "inferred", ranked))
    return RowDecision(r, chosen, cells)
