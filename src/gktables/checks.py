"""Run the schema's arithmetic checks (勾稽关系) on extracted cells. Checks report; they never fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from .report import CheckResult, Value
from .schema import CheckSpec, T3Other, load_schema


def _sum(values: list[Value]) -> int | float:
    # (C-level tests and sums: the checks run for every reading the resolver weighs; the same values
    # in the same order give the same total)
    total = sum(cast("list[int | float]", values) if None not in values else [v for v in values if v is not None])
    return round(total, 6) if isinstance(total, float) else total


def evaluate(check: CheckSpec, cells: Mapping[str, Value]) -> CheckResult:
    if cells.keys().isdisjoint(check.keys):  # none of its cells present
        return CheckResult(check.id, None, list(check.keys), None, None)
    lhs = _sum(list(map(cells.get, check.lhs)))
    rhs = _sum(list(map(cells.get, check.rhs)))
    return CheckResult(check.id, lhs == rhs, list(check.keys), lhs, rhs)


def run_checks(cells: Mapping[str, Value], t3_other: T3Other) -> list[CheckResult]:
    return [evaluate(c, cells) for c in load_schema().checks(t3_other)]


def passes(checks: list[CheckSpec], cells: Mapping[str, Value]) -> int:
    """How many of ``checks`` hold on ``cells`` (a check with any absent cell does not count)."""
    n = 0
    for c in checks:
        if all(k in cells for k in c.keys) and _sum([cells[k] for k in c.lhs]) == _sum([cells[k] for k in c.rhs]):
            n += 1
    return n
