"""Every combination of the rows' tied readings under which all the table's checks hold.

Exact and bounded: the rows split into groups no check links; within a group the rows are taken
in an order that closes checks early, and the partial sums of the open checks are the state of a
dynamic programme (combinations reaching the same sums are one), pruned by the sums the rows
still to come can reach on each check. A table's column sums tie a dozen rows of ten readings
each together; trying their combinations one by one does not end, merging equal sums does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import product

from ..deadline import Deadline
from ..report import Value
from ..schema import CheckSpec

SCALE = 10**6  # sums are compared in millionths, as checks.passes rounds them
REACH_LIMIT = 1024  # sums kept per check and position; beyond, only their range prunes (bounds the work)

Delta = tuple[int, ...]  # one reading's part of each of its group's checks (or the sums so far)
Layer = dict[Delta, list[tuple[Delta, int]]]  # sums after p rows -> (sums before, reading) into them


@dataclass
class _Group:
    rows: list[int]  # indices into the caller's rows, in search order
    checks: list[int]  # indices into the caller's checks
    deltas: list[list[Delta]]  # per row in search order, per reading


def consistent_combinations(readings: Sequence[Sequence[dict[str, Value]]], fixed: dict[str, Value],
                            checks: Sequence[CheckSpec], budget: int, limit: int,
                            deadline: Deadline | None = None) -> list[tuple[int, ...]] | None:
    """Index tuples (one reading per row) under which every check holds, with null cells as 0.
    None when the search ran out of ``budget`` steps; empty when no combination passes or more
    than ``limit`` do."""
    residual = [_scaled(_signed(c, fixed)) for c in checks]
    groups, free = _groups(readings, checks)
    if any(residual[j] for j in free):
        return []
    per_group: list[list[tuple[int, ...]]] = []
    total = 1
    for g in groups:
        paths = _group_paths(g, [residual[j] for j in g.checks], budget, limit, deadline)
        if paths is None:
            return None
        budget -= paths[1]
        total *= len(paths[0])
        if total == 0:
            return []
        per_group.append(paths[0])
    if total > limit:
        return []
    combos = []
    for parts in product(*per_group):
        combo = [0] * len(readings)
        for g, path in zip(groups, parts):
            for row, i in zip(g.rows, path):
                combo[row] = i
        combos.append(tuple(combo))
    return combos


def _groups(readings: Sequence[Sequence[dict[str, Value]]],
            checks: Sequence[CheckSpec]) -> tuple[list[_Group], list[int]]:
    """Rows linked by a shared check, each group in its search order; and the checks no row touches."""
    keys = [set().union(*(rd.keys() for rd in rds)) for rds in readings]
    touches = [[j for j, c in enumerate(checks) if keys[r].intersection(c.keys)] for r in range(len(readings))]
    parent = list(range(len(readings)))

    def root(r: int) -> int:
        while parent[r] != r:
            parent[r] = parent[parent[r]]
            r = parent[r]
        return r

    by_check: dict[int, int] = {}
    for r, js in enumerate(touches):
        for j in js:
            if j in by_check:
                parent[root(r)] = root(by_check[j])
            else:
                by_check[j] = r
    members: dict[int, list[int]] = {}
    for r in range(len(readings)):
        members.setdefault(root(r), []).append(r)
    groups = []
    for rows in members.values():
        js = sorted({j for r in rows for j in touches[r]})
        rows = _search_order(rows, touches, readings)
        deltas = [[tuple(_scaled(_signed(checks[j], rd)) for j in js) for rd in readings[r]] for r in rows]
        groups.append(_Group(rows, js, deltas))
    return groups, [j for j in range(len(checks)) if j not in by_check]


def _search_order(rows: list[int], touches: list[list[int]], readings: Sequence[Sequence[object]]) -> list[int]:
    """Next, the row that closes the most checks (it is the last left touching them), then the one
    that opens the fewest, then the one with fewest readings: few sums stay open at a time."""
    left = list(rows)
    pending = {j: sum(j in touches[r] for r in rows) for r in rows for j in touches[r]}
    opened: set[int] = set()
    order = []
    while left:
        def rank(r: int) -> tuple[int, int, int]:
            closes = sum(pending[j] == 1 for j in touches[r])
            opens = sum(j not in opened for j in touches[r] if pending[j] > 1)
            return (-closes, opens, len(readings[r]))
        best = min(left, key=rank)
        left.remove(best)
        order.append(best)
        for j in touches[best]:
            pending[j] -= 1
            opened.add(j)
    return order


def _group_paths(g: _Group, start: list[int], budget: int, limit: int,
                 deadline: Deadline | None) -> tuple[list[tuple[int, ...]], int] | None:
    """The group's passing paths (reading index per row, in ``g.rows`` order; ``limit`` + 1 of them
    at most) and the steps spent. None when over ``budget``."""
    n, m = len(g.rows), len(g.checks)
    touched = [[j for j in range(m) if any(d[j] for d in ds)] for ds in g.deltas]
    last = [max((p for p in range(n) if j in touched[p]), default=-1) for j in range(m)]
    reach = _reach(g.deltas, touched, m)
    layers: list[Layer] = [{tuple(start): []}]
    if not all(_can(reach[0][j], -v) for j, v in enumerate(start)):
        return [], 0
    steps = 0
    for p in range(n):
        nxt: Layer = {}
        for state in layers[p]:
            for i, d in enumerate(g.deltas[p]):
                steps += 1
                if steps > budget:
                    return None
                if deadline is not None:
                    deadline.check("choosing readings by the checks")
                new = list(state)
                for j in touched[p]:
                    new[j] += d[j]
                if all(new[j] == 0 if last[j] == p else _can(reach[p + 1][j], -new[j]) for j in touched[p]):
                    nxt.setdefault(tuple(new), []).append((state, i))
        layers.append(nxt)
    if not layers[n]:
        return [], steps
    return list(_paths(layers, n, next(iter(layers[n])), limit)), steps


def _paths(layers: list[Layer], p: int, state: Delta, limit: int) -> Iterator[tuple[int, ...]]:
    """The paths into ``state`` at layer ``p``, stopping after ``limit`` + 1 of them."""
    if p == 0:
        yield ()
        return
    count = 0
    for prev, i in layers[p][state]:
        for head in _paths(layers, p - 1, prev, limit):
            yield head + (i,)
            count += 1
            if count > limit:
                return


Reach = tuple[int, int, frozenset[int] | None]  # lowest, highest, every value when few enough


def _reach(deltas: list[list[Delta]], touched: list[list[int]], m: int) -> list[list[Reach]]:
    """reach[p][j]: what the rows from position p on can still add to check j."""
    n = len(deltas)
    reach: list[list[Reach]] = [[(0, 0, frozenset({0}))] * m for _ in range(n + 1)]
    for p in range(n - 1, -1, -1):
        reach[p] = list(reach[p + 1])
        for j in touched[p]:
            lo, hi, vals = reach[p + 1][j]
            ds = {d[j] for d in deltas[p]}
            sums = None if vals is None else frozenset(v + x for v in vals for x in ds)
            reach[p][j] = (lo + min(ds), hi + max(ds), sums if sums is None or len(sums) <= REACH_LIMIT else None)
    return reach


def _can(reach: Reach, value: int) -> bool:
    lo, hi, vals = reach
    return lo <= value <= hi and (vals is None or value in vals)


def _scaled(x: int | float) -> int:
    return x * SCALE if isinstance(x, int) else round(x * SCALE)


def _signed(check: CheckSpec, cells: dict[str, Value]) -> int | float:
    """This check's lhs − rhs over the cells given (others and nulls count as 0)."""
    return sum(cells.get(k) or 0 for k in check.lhs) - sum(cells.get(k) or 0 for k in check.rhs)
