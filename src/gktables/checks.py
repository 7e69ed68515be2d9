"""Run the schema's arithmetic checks (勾稽关系) on extracted cells. Checks report; they never fix."""

from __future__ import annotations

from collections.abc import Mapping

from .report import CheckResult, Value
from .schema import CheckSpec, T3Other, load_schema


def _sum(values: list[Value]) -> int | float:
    total = sum(v for v in values if v is not None)
    return round(total, 6) if isinstance(total, float) else total


def evaluate(check: CheckSpec, cells: Mapping[str, Value]) -> CheckResult:
    present = [k for k in check.keys if k in cells]
    if not present:
        return CheckResult(check.id, None, list(check.keys), None, None)
    lhs = _sum([cells.get(k) for k in check.lhs])
    rhs = _sum([cells.get(k) for k in check.rhs])
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
