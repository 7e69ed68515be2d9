"""Choose among readings the rows left tied, table-wide, by the table's checks and the prose.

A cell is decided when every best combination agrees on it; otherwise it is ambiguous and the
report lists its candidates. Nothing is decided by guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from math import prod

from ..checks import passes
from ..report import DecidedBy, Value
from ..schema import CheckSpec
from .align import RowResult
from .candidates import Reading

BRUTE_FORCE_LIMIT = 4096


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


def resolve_rows(rows: list[RowResult], checks: list[CheckSpec], prose: dict[str, set[int]]) -> list[RowDecision]:
    present = [r for r in rows if r.best is not None]
    multi = [r for r in present if len(r.readings) > 1]
    fixed = {k: v for r in present if len(r.readings) == 1 for k, v in _cells(r, r.readings[0]).items()}
    multi_keys = {k for r in multi for k in r.plan.keys}
    relevant = [c for c in checks if multi_keys.intersection(c.keys)]

    def score(choice: dict[int, Reading], with_prose: bool) -> float:
        cells = dict(fixed)
        for r in multi:
            cells.update(_cells(r, choice[id(r)]))
        s = float(passes(relevant, cells))
        if with_prose:
            s += 0.5 * sum(1 for k, vals in prose.items() if k in cells and cells[k] in vals)
        return s

    best_checks = _best_choices(multi, lambda c: score(c, False))
    best_prose = _best_choices(multi, lambda c: score(c, True)) if prose else best_checks
    decisions = []
    for r in present:
        if r in multi:
            decisions.append(_decide_row(r, best_checks, best_prose))
        else:
            decisions.append(RowDecision(r, r.readings[0], [CellDecision(v, "printed", None) for v in r.readings[0].values]))
    return decisions


def _cells(r: RowResult, reading: Reading) -> dict[str, Value]:
    return dict(zip(r.plan.keys, reading.values))


def _best_choices(multi: list[RowResult], score) -> list[dict[int, Reading]]:
    """All combinations of readings with the best score (brute force when small, else local search)."""
    if not multi:
        return [{}]
    if prod(len(r.readings) for r in multi) <= BRUTE_FORCE_LIMIT:
        scored = []
        for combo in product(*(r.readings for r in multi)):
            choice = {id(r): rd for r, rd in zip(multi, combo)}
            scored.append((score(choice), choice))
        top = max(s for s, _ in scored)
        return [c for s, c in scored if s == top]
    choice = {id(r): r.readings[0] for r in multi}
    for _ in range(4):  # coordinate ascent; rows where alternatives tie stay ambiguous below
        changed = False
        for r in multi:
            scores = [(score({**choice, id(r): rd}), i) for i, rd in enumerate(r.readings)]
            best_i = max(scores)[1] if max(scores)[0] > score(choice) else None
            if best_i is not None and r.readings[best_i] is not choice[id(r)]:
                choice[id(r)] = r.readings[best_i]
                changed = True
        if not changed:
            break
    top = score(choice)
    ties = [choice]
    for r in multi:
        for rd in r.readings:
            if rd is not choice[id(r)]:
                alt = {**choice, id(r): rd}
                if score(alt) == top:
                    ties.append(alt)
    return ties


def _decide_row(r: RowResult, by_checks: list[dict[int, Reading]], by_prose: list[dict[int, Reading]]) -> RowDecision:
    chosen = by_prose[0][id(r)]
    cells = []
    for i, value in enumerate(chosen.values):
        all_values = {rd.values[i] for rd in r.readings}
        check_values = {c[id(r)].values[i] for c in by_checks}
        prose_values = {c[id(r)].values[i] for c in by_prose}
        if len(all_values) == 1:
            cells.append(CellDecision(value, "printed", None))
        elif len(check_values) == 1:
            cells.append(CellDecision(value, "check", None))
        elif len(prose_values) == 1:
            cells.append(CellDecision(value, "prose", None))
        else:
            cands = sorted(prose_values, key=lambda v: (v is None, v if v is not None else 0))
            cells.append(CellDecision(value, "inferred", cands))
    return RowDecision(r, chosen, cells)
