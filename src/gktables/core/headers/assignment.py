"""Printed header paths assigned to the format's paths over a whole table (each used at most
once), the format's order only breaking ties."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .scoring import MATCH_MIN, score_path

MATCH_FLOOR = 0.5  # below this a header names nothing of the format (法人或其他组织 alone, 合计)
MARGIN_MIN = 0.08  # least lead of the assigned schema entity over the next best one
PRIOR_WEIGHT = 0.02  # the template's order: breaks ties, never outweighs a label


def assign(scores: list[list[float]]) -> list[int | None]:
    """Maximum-score assignment of rows to columns (each used at most once): the Hungarian method
    on the padded square cost matrix. Returns, per row, its column or None."""
    n_rows = len(scores)
    n_cols = max((len(r) for r in scores), default=0)
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    clear = _clear_best(scores)
    if clear is not None:
        return clear
    big = max((v for r in scores for v in r), default=0.0)
    cost = [[(big - scores[i][j]) if i < n_rows and j < len(scores[i]) else big for j in range(n)] for i in range(n)]
    p = hungarian(cost)
    out: list[int | None] = [None] * n_rows
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < len(scores[i]):
            out[i] = j - 1
    return out


def hungarian(cost: list[list[float]]) -> list[int]:
    """The Hungarian method (shortest augmenting paths, potentials u and v) on a square cost
    matrix: ``p[j]`` is the 1-based row given the 1-based column j (``p[0]`` unused). Each step
    scans only the columns not yet in the path, in increasing order, with the same arithmetic as
    the textbook loop over every column, so ties break the same way (the first cheapest column)."""
    n = len(cost)
    inf = float("inf")
    rows = [[0.0, *r] for r in cost]  # 1-based columns
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    p, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        free = list(range(1, n + 1))  # columns not in the path, in order
        used = [0]
        while True:
            i0, delta, j1 = p[j0], inf, 0
            row, ui = rows[i0 - 1], u[i0]
            for j in free:
                cur = row[j] - ui - v[j]
                m = minv[j]
                if cur < m:
                    minv[j] = m = cur
                    way[j] = j0
                if m < delta:
                    delta, j1 = m, j
            for j in used:
                u[p[j]] += delta
                v[j] -= delta
            for j in free:
                minv[j] -= delta
            j0 = j1
            free.remove(j0)
            used.append(j0)
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return p


CLEAR_MARGIN = 1e-9  # a row's best column leads every other (and no column) by more than rounding


def _clear_best(scores: list[list[float]], margin: float = CLEAR_MARGIN) -> list[int | None] | None:
    """The assignment when each row's best column is clearly best (by more than ``margin``) and no
    two rows share it: then it is the one maximum assignment (any other lowers a row and raises
    none), and the Hungarian method, which would find the same, is not run. None when that is not
    so. (With ``margin`` above the prior's greatest weight, the same holds of the scores with the
    prior added.)"""
    best: list[int | None] = []
    taken: set[int] = set()
    for row in scores:
        if not row:
            return None
        top = max(row)
        j = row.index(top)  # the first best, as max(range, key=row.__getitem__) gives
        if top <= margin or j in taken or max(row[:j] + row[j + 1:], default=-1.0) >= top - margin:
            return None
        taken.add(j)
        best.append(j)
    return best


@dataclass
class Match:
    """A printed row or column matched to a schema entity, with the evidence."""

    printed: tuple[str, ...]
    entity: int | None  # index of the schema entity, None: unmatched
    score: float
    runner_up: float  # the best score of any other schema entity
    candidates: list[tuple[str, float]]  # best schema entities by score, for the flag
    name: str | None = None  # the matched schema entity's name

    @cached_property  # (read per keyed cell; a match is never changed, and the cached ones are shared)
    def confident(self) -> bool:
        return self.entity is not None and self.score >= MATCH_MIN and self.score - self.runner_up >= MARGIN_MIN


def match_paths(printed: Sequence[tuple[str, ...]], schema: Sequence[tuple[str, ...]], names: Sequence[str],
                score: Callable[[tuple[str, ...], tuple[str, ...]], float] = score_path) -> list[Match]:
    """Assign printed paths to schema paths over the whole set, with the schema's order as a prior.

    A pure function of its arguments, worked out once per distinct set: reports of the national
    format print the same header paths (三's columns, 二's rows) page after page. The matches are
    shared between callers, never changed (a caller may replace one in its own list)."""
    return list(_match_paths(tuple(printed), tuple(schema), tuple(names), score))


@lru_cache(maxsize=256)
def _match_paths(printed: tuple[tuple[str, ...], ...], schema: tuple[tuple[str, ...], ...], names: tuple[str, ...],
                 score: Callable[[tuple[str, ...], tuple[str, ...]], float]) -> tuple[Match, ...]:
    """:func:`match_paths`."""
    raw = [[score(p, s) for s in schema] for p in printed]
    # Rows whose best leads by more than the prior can add: the prior changes none of their choices
    chosen = _clear_best(raw, PRIOR_WEIGHT + 2 * CLEAR_MARGIN)
    if chosen is None:
        n, m = max(len(printed), 1), max(len(schema), 1)
        at = [j / m for j in range(len(schema))]  # each schema entity's place, 0..1
        prior = [[x + PRIOR_WEIGHT * (1 - abs(i / n - a)) for x, a in zip(row, at)] for i, row in enumerate(raw)]
        chosen = assign(prior)
    out = []
    for i, p in enumerate(printed):
        row = raw[i]
        ranked = [(names[j], round(row[j], 3)) for j in _three_best(row)]
        j = chosen[i]
        if j is not None and row[j] < MATCH_FLOOR:
            j = None
        runner_up = max(row if j is None else row[:j] + row[j + 1:], default=0.0)
        out.append(Match(p, j, round(row[j], 3) if j is not None else 0.0, round(runner_up, 3), ranked,
                         names[j] if j is not None else None))
    return tuple(out)


def _three_best(row: list[float]) -> list[int]:
    """The indices of the three best scores once rounded to 3 decimals, best first, ties in index
    order (what ``sorted(range(len(row)), key=lambda j: -round(row[j], 3))[:3]`` gives). Only
    scores within 0.001 of the third best unrounded can round to one of the three best, so only
    those are rounded."""
    if len(row) > 3:
        third = sorted(row)[-3]
        near = [j for j, x in enumerate(row) if x >= third - 0.001]
    else:
        near = list(range(len(row)))
    return sorted(near, key=lambda j: -round(row[j], 3))[:3]

