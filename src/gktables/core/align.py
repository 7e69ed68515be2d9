"""Align a table's value tokens with its expected rows (template-guided dynamic programming).

Every row of the national format takes a contiguous run of the zone's value tokens, in order. A
run is read by :mod:`candidates` (split, drop, place missing cells); its cost adds the reading's
cost, a penalty when the row's own total does not add up, and a penalty for tokens far from the
row's printed label. Tokens no row takes are junk (rulings read as 'U', stray numbers). The
cheapest path through the table is kept, with every reading that ties with it for the later,
table-wide choice by checks and prose (:mod:`resolve`).

(About 590 lines, over the ~400 the house aims at: the dynamic programme and the passes that
prepare its tokens — rows locked to their own line, positional column hints — share
RowPlan/RowResult and the search budget; the passes only make sense next to the search. The '|'
padding passes live in :mod:`.field_padding`, a short row's columns in :mod:`.row_gaps`.)
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from itertools import accumulate
from dataclasses import dataclass, field, replace
from collections.abc import Callable, Sequence

from ..report import Value
from ..schema import RowSpec
from .candidates import JOIN_COST, NULL_COST, Column, Completeness, Reading, alternative_readings, best_readings
from ..deadline import Deadline
from .header_columns import NO_HEADER, ColumnHeader, header_segments, heap_segments
from .hints import DROP_BLANK_COST, NO_HINTS, TokenHints
from .items import Item, by_line, glued_signs_apart
from .row_gaps import blank_column_by_gaps, short_row_columns

ROW_MISSING_COST = 9.0  # a row that takes no token at all
CHECK_FAIL_COST = 4.0  # the row's own total does not add up
FAR_COST = 2.5  # per token printed away from its row's label
BEFORE_LABEL_COST = 0.15  # per token printed just before its row's label (vertically centred; markitdown prints a
# row's values, then its label): a stretch of rows read before their labels must cost less than
# dropping one row of zeros as junk and shifting the rest after theirs
UNANCHORED_COST = 0.2
RUN_LABEL_COST = 0.1  # per token printed after a later label of its row's run of labels (nearest label first)
OUT_OF_ORDER_COST = 1.0  # per token lying outside the row order kept by the rows read from their lines
POSITION_CAP = 3.0  # labels are a hint: a row's position cost never exceeds this (scrambled labels)
FOREIGN_LINE_COST = 2.0  # per other row's label line a row takes values from, past the first (not capped)
EXTRA_TOKENS = 3  # a row may take this many more tokens than it has cells (junk to drop)

RowCheck = Callable[[Sequence[Value]], bool]


def total_is_sum(values: Sequence[Value]) -> bool:
    """The last value is the sum of the others (null as 0)."""
    return sum(v or 0 for v in values[:-1]) == (values[-1] or 0)


def groups_of_five_total(values: Sequence[Value]) -> bool:
    """四 read as one row of 15: each group of five ends with its total."""
    return all(total_is_sum(values[i:i + 5]) for i in range(0, len(values), 5))


@dataclass(frozen=True, eq=False)  # one plan per row of a table: a plan is itself (a dict key), not its fields
class RowPlan:
    """What one aligned row must yield: its cells (keys and column types), its own check, its label."""

    label: str
    keys: tuple[str, ...]
    cols: tuple[Column, ...]
    check: RowCheck | None
    anchor: int | None
    groups: tuple[int, ...] | None = None  # cells per total-checked group, e.g. (7,) for 三, (5, 5, 5) for 四

    @classmethod
    def for_row(cls, spec: RowSpec, cols: tuple[Column, ...], check: RowCheck | None, anchor: int | None) -> RowPlan:
        return cls(spec.leaf, spec.cell_keys, cols, check, anchor, (len(cols),) if check else None)


@dataclass(eq=False)  # a row is itself: resolve and the ties key by it
class RowResult:
    plan: RowPlan
    tokens: list[Item]
    readings: list[Reading]  # readings tied for best, distinct values, best first
    missing: bool = False  # the row took no token
    span: tuple[int, int] | None = None  # the run's token indices in the aligned stream (not for locked rows)

    @property
    def best(self) -> Reading | None:
        return self.readings[0] if self.readings else None


@dataclass
class PathTie:
    """Another way to share the tokens among one or two rows that costs exactly as much as the
    chosen one: the readings each row would then have."""

    readings: dict[RowResult, list[Reading]]  # a row -> its readings under the other sharing


@dataclass
class Alignment:
    rows: list[RowResult]
    skipped: list[Item] = field(default_factory=list)
    cost: float = 0.0
    ties: list[PathTie] = field(default_factory=list)


LocalReader = Callable[..., tuple[float, list[Reading]]]  # (row, first token, end token, bound, ties)


@dataclass(frozen=True)
class _Search:
    """What the dynamic program over one table's rows and tokens reads."""

    plans: list[RowPlan]
    tokens: list[Item]
    skip: list[float]  # each token's cost as junk
    prefix: list[RowPrefix]  # per row: its position costs, summed up to each token
    local: LocalReader  # a row read from a run of tokens: (cost, readings tied for it)
    split_cost: float
    future: list[list[float]]  # per state (row, token): an optimistic cost of finishing
    deadline: Deadline | None


def align_rows(tokens: list[Item], plans: list[RowPlan], split_cost: float, limit: int,
               order_bounds: dict[RowPlan, tuple[float, float]] | None = None,
               deadline: Deadline | None = None, hints: TokenHints = NO_HINTS) -> Alignment:
    """``order_bounds``: per plan, the stream positions between which its values must lie to keep
    the table's row order with the rows already read from their lines. ``hints``: the tokens'
    drop costs and column hints (:mod:`.hints`)."""
    n_rows, n_tok = len(plans), len(tokens)
    positions = [t.pos for t in tokens]
    owners = [hints.line_owner(pos) for pos in positions]
    pos_cost = [_position_costs(plans, i, positions, owners) for i in range(n_rows)]
    bounds = [(order_bounds or {}).get(p, (-math.inf, math.inf)) for p in plans]
    anchors = {p.anchor for p in plans if p.anchor is not None}
    prefix = [RowPrefix(_prefix(pos_cost[i]),
                        _prefix([0.0 if lo < pos < hi else OUT_OF_ORDER_COST for pos in positions]),
                        *_foreign_lines(owners, plans[i].anchor, anchors))
              for i, (lo, hi) in enumerate(bounds)]
    cache: dict[tuple, tuple[float, list[Reading], Completeness]] = {}
    shapes: dict[tuple, int] = {}  # rows with the same cells and check read a run the same way
    shape = [shapes.setdefault((p.cols, p.check), len(shapes)) for p in plans]

    def local(i: int, j: int, k: int, bound: float = math.inf, ties: bool = True) -> tuple[float, list[Reading]]:
        """Row i read from tokens j..k-1. Readings costing ``bound`` or more may be left unread;
        without ``ties`` only the cost is sure (the search needs no more; the chosen path does)."""
        plan = plans[i]
        key = (j, k, shape[i])
        known = cache.get(key)
        if known is None or not (
                known[2] == Completeness.FULL or (not ties and (known[2] == Completeness.COST or known[0] >= bound))):
            fresh = _best_readings(tokens[j:k], plan, split_cost, limit, bound, ties, deadline, hints)
            if not fresh[1] and known is not None and known[1] and ties:
                # the table's cut budget ran out before every tie of this run was listed: the reading
                # the search found stands, flagged as cut short (not the whole table left unread)
                fresh = (known[0], [replace(r, truncated=True) for r in known[1]], known[2])
            known = cache[key] = fresh
        return known[0], known[1]

    skip = [hints.drop_cost(t) for t in tokens]
    search = _Search(plans, tokens, skip, prefix, local, split_cost, _future_bounds(plans, n_tok, split_cost), deadline)
    # A quick first pass (each row takes its own label's tokens, or exactly as many as it has
    # cells) gives an upper bound that prunes the full search.
    own = [sum(1 for c in pos_cost[i] if c == 0.0) for i in range(n_rows)]
    quick = [{len(p.cols), own[i]} - {0} for i, p in enumerate(plans)]
    quick = [{m for m in runs if m <= len(p.cols) + EXTRA_TOKENS} for runs, p in zip(quick, plans)]
    upper = _dp(search, math.inf, quick)[0][n_rows][n_tok]
    cost, back = _dp(search, upper + 1e-6, None)
    if back[n_rows][n_tok] is None and (n_rows or n_tok):  # the bound pruned too much: search unpruned
        cost, back = _dp(search, math.inf, None)
    alignment = _backtrack(search, back, cost)
    if back[n_rows][n_tok] is not None:
        _, back_ties = _dp(search, upper + 1e-6, None, take_ties=True)
        if back_ties[n_rows][n_tok] is not None:
            other = _backtrack(search, back_ties, cost)
            alignment.ties.extend(_differences(alignment, other))

    def row_cost(i: int, j: int, k: int, bound: float = math.inf) -> float:
        """Row i's cost for tokens j..k-1; at least ``bound`` when nothing cheaper exists."""
        moved = _moved(prefix, i, j, k)
        reading_cost, readings = local(i, j, k, bound - moved, ties=False)
        return reading_cost + moved if readings else max(reading_cost + moved, bound)

    alignment.ties.extend(_path_ties(alignment, plans, skip, row_cost, local))
    return alignment


def _differences(chosen: Alignment, other: Alignment) -> list[PathTie]:
    """The rows another equally cheap path reads differently, as one tie."""
    theirs = {r.plan: r for r in other.rows}
    readings = {}
    for r in chosen.rows:
        alt = theirs.get(r.plan)
        if r.readings and alt is not None and alt.readings and alt.readings[0].values != r.readings[0].values:
            readings[r] = alt.readings
    return [PathTie(readings)] if readings else []


TIE_REACH = 2  # how far a run's ends are moved when looking for equally cheap sharings


def _path_ties(alignment: Alignment, plans: list[RowPlan], skip: list[float],
               row_cost: Callable[..., float], local: LocalReader) -> list[PathTie]:
    """Sharings of the tokens that cost exactly as much as the chosen path and read a row
    differently: a row's run moved over junk tokens, or the boundary between two neighbouring
    rows moved. The dynamic program keeps one path; these say where it had no reason to."""
    index = {p: i for i, p in enumerate(plans)}
    path = sorted(((r.span, index[r.plan], r) for r in alignment.rows if r.span and r.readings),
                  key=lambda x: (x[0], x[1]))
    owned = {t for (j, k), _, _ in path for t in range(j, k)}
    ties: list[PathTie] = []
    for step, ((j, k), i, row) in enumerate(path):
        ties += _moved_run_ties(row, i, j, k, owned, skip, row_cost, local)
        if step + 1 < len(path) and path[step + 1][0][0] == k:
            (_, k_next), i_next, nxt = path[step + 1]
            ties += _moved_boundary_ties(row, i, j, k, nxt, i_next, k_next, row_cost, local)
    return ties


def _moved_run_ties(row: RowResult, i: int, j: int, k: int, owned: set[int], skip: list[float],
                    row_cost: Callable[..., float], local: LocalReader) -> list[PathTie]:
    """The row's run with its ends moved over tokens no row took, at no extra cost."""
    base = row_cost(i, j, k)
    chosen = {rd.values for rd in row.readings}
    ties = []
    for j2 in range(max(0, j - TIE_REACH), j + TIE_REACH + 1):
        for k2 in range(max(j2 + 1, k - TIE_REACH), min(len(skip), k + TIE_REACH) + 1):
            claimed = [t for t in range(j2, k2) if not j <= t < k]
            freed = [t for t in range(j, k) if not j2 <= t < k2]
            if (j2, k2) == (j, k) or owned.intersection(claimed):
                continue
            allowed = base - sum(skip[t] for t in freed) + sum(skip[t] for t in claimed)
            if row_cost(i, j2, k2, allowed + 1e-6) > allowed + 1e-9:
                continue
            alt = local(i, j2, k2)[1]
            if alt and any(rd.values not in chosen for rd in alt):
                ties.append(PathTie({row: alt}))
    return ties


def _moved_boundary_ties(row: RowResult, i: int, j: int, k: int, nxt: RowResult, i_next: int, k_next: int,
                         row_cost: Callable[..., float], local: LocalReader) -> list[PathTie]:
    """The boundary between two neighbouring rows moved, at no extra cost."""
    base = row_cost(i, j, k) + row_cost(i_next, k, k_next)
    ties = []
    for b in range(max(j + 1, k - TIE_REACH), min(k_next - 1, k + TIE_REACH) + 1):
        if b != k and row_cost(i, j, b, base + 1e-6) + row_cost(i_next, b, k_next, base + 1e-6) <= base + 1e-9:
            alt, alt_next = local(i, j, b)[1], local(i_next, b, k_next)[1]
            if alt and alt_next:
                ties.append(PathTie({row: alt, nxt: alt_next}))
    return ties


def _dp(search: _Search, upper: float, only_runs: list[set[int]] | None, take_ties: bool = False
        ) -> tuple[list[list[float]], list[list[tuple[int, int, int] | None]]]:
    """Pull-form DP: cost[i][k] = least cost of rows < i using tokens < k. States that cannot
    finish under ``upper`` (by the optimistic ``future`` bound) are dropped. Between equal costs
    the first way found is kept (a token is junk rather than a cell), or with ``take_ties`` the
    last (a row takes it): the two paths show where the text leaves the sharing open."""
    slack = 1e-9 if take_ties else -1e-9
    plans, skip, prefix, local, future = search.plans, search.skip, search.prefix, search.local, search.future
    split_cost, deadline = search.split_cost, search.deadline
    n_rows, n_tok = len(plans), len(search.tokens)
    inf = math.inf
    least_drops: dict[tuple[int, int, int, bool], float] = {}
    cost = [[inf] * (n_tok + 1) for _ in range(n_rows + 1)]
    back: list[list[tuple[int, int, int] | None]] = [[None] * (n_tok + 1) for _ in range(n_rows + 1)]
    cost[0][0] = 0.0
    run_order = {len(p.cols): sorted(range(1, len(p.cols) + EXTRA_TOKENS + 1), key=lambda m: abs(m - len(p.cols)))
                 for p in plans}
    tie_room = max(slack, 0.0) * 1000
    for i in range(n_rows + 1):
        n = len(plans[i - 1].cols) if i else 0
        here, back_here, future_i = cost[i], back[i], future[i]
        above: list[float] = cost[i - 1] if i else []  # row 0 has no row above: never read
        runs = (only_runs[i - 1] if only_runs else run_order[n]) if i else ()
        joins = bool(i and plans[i - 1].groups)  # rows with totals may join a wrapped number's parts
        for k in range(n_tok + 1):
            if deadline is not None:
                deadline.check("aligning a table's rows")
            best, step = here[k], back_here[k]
            if k and here[k - 1] + skip[k - 1] < best:  # token k-1 is junk
                best, step = here[k - 1] + skip[k - 1], (i, k - 1, -1)
            if i:
                if above[k] + ROW_MISSING_COST < best:
                    best, step = above[k] + ROW_MISSING_COST, (i - 1, k, k)
                # Runs ending at k, the ones of exactly n tokens first so that the bound prunes the rest.
                for m in runs:
                    j = k - m
                    if j < 0 or above[j] == inf:
                        continue
                    start = above[j]
                    moved = _moved(prefix, i - 1, j, k)
                    extra = _lower_bound(m, n, split_cost, skip, j, least_drops, joins) if m != n else 0.0
                    floor = start + moved + extra
                    if floor > best + slack or floor + future_i[k] >= upper:
                        continue
                    bound = min(best + tie_room, upper - future_i[k]) - start - moved
                    reading_cost, readings = local(i - 1, j, k, bound, ties=False)
                    if readings and start + moved + reading_cost < best + slack:
                        best, step = start + moved + reading_cost, (i - 1, j, k)
            if best + future_i[k] >= upper:
                best, step = inf, None
            here[k], back_here[k] = best, step
    return cost, back


def _future_bounds(plans: list[RowPlan], n_tok: int, split_cost: float) -> list[list[float]]:
    """An optimistic cost of finishing from state (i, k): rows i.. still need their cells from the
    n_tok - k tokens left; surplus tokens cost at least a blank drop, missing cells at least the
    cheapest way to make a cell (a split, a placed blank, or a share of a missing row)."""
    per_missing = min(split_cost, NULL_COST, min((ROW_MISSING_COST / len(p.cols) for p in plans), default=NULL_COST))
    cells_left = [0] * (len(plans) + 1)
    for i in range(len(plans) - 1, -1, -1):
        cells_left[i] = cells_left[i + 1] + len(plans[i].cols)
    out = []
    for i in range(len(plans) + 1):
        row = []
        for k in range(n_tok + 1):
            left = n_tok - k
            need = cells_left[i]
            row.append((left - need) * DROP_BLANK_COST if left >= need else (need - left) * per_missing)
        out.append(row)
    return out


def lock_line_bound_rows(plans: list[RowPlan], labels_anywhere: list[int | None], items: list[Item],
                         tokens: list[Item], split_cost: float, limit: int, deadline: Deadline | None = None,
                         hints: TokenHints = NO_HINTS) -> tuple[list[RowResult], list[RowPlan], list[Item]]:
    """Rows whose label shares a line with exactly as many values as the row has cells are read
    from that line, whatever their order in the document (converters reorder blocks). The rest
    is left to the alignment. Returns (locked rows, remaining plans, remaining tokens)."""
    token_lines = {t.line for t in tokens}
    items_by_line = by_line(items)
    anchor_owner = {a for a in labels_anywhere if a is not None}
    in_zone = {t.pos: t for t in tokens}  # the zone's tokens: wrapped halves already joined
    locked: list[RowResult] = []
    taken: set[int] = set()  # stream positions
    for plan, anchor in zip(plans, labels_anywhere):
        if anchor is None:
            continue
        label = items[anchor]
        line_items = items_by_line[label.line] if label.line in token_lines else []
        run: list[Item] = []
        for it in line_items:
            if it.pos <= label.pos:
                continue
            if it.kind == "label" and (it.pos in anchor_owner or run):
                break  # another row's label, or text after the values, on the same line
            if it.kind == "value":
                if it.pos not in in_zone:
                    break  # the line runs on into another table (scraped pages print one line)
                run.append(in_zone[it.pos])
        run, spacers = _without_label_spacers(run, len(plan.cols), hints)
        if len(run) != len(plan.cols) or any(t.pos in taken for t in run):
            continue
        _, readings, _ = _best_readings(run, plan, split_cost, limit, deadline=deadline, hints=hints)
        if not readings:
            continue
        locked.append(RowResult(plan, run, readings))
        taken.update(t.pos for t in run + spacers)
    locked_plans = {r.plan for r in locked}
    return (locked, [p for p in plans if p not in locked_plans], [t for t in tokens if t.pos not in taken])


def hint_columns_by_position(tokens: list[Item], width: int, hints: TokenHints = NO_HINTS,
                             header: ColumnHeader = NO_HEADER) -> TokenHints:
    """Space-aligned text (pdftotext -layout) prints a row with an empty cell as fewer values, but
    where they sit says which columns they belong to. From the lines that print all ``width``
    values, find each column's position; give each value of a shorter line the column it sits
    under, when that is clear-cut. (A tab row's field count is no such evidence: extractors drop
    empty fields.) Where no line prints them all (a column blank throughout), the ``header``
    (:func:`.header_columns.header_segments`) says which column the lines one value short leave
    out. Returns ``hints`` with those columns."""
    lines = by_line(t for t in tokens if t.column is not None and hints.field_from_right(t) is None)

    def column(t: Item) -> float:
        assert t.column is not None  # `lines` holds only tokens with a column
        return t.column

    full = {n: [column(t) for t in run] for n, run in lines.items() if len(run) == width}
    if len(full) >= 3:
        segments = [(list(lines), [statistics.median(run[c] for run in full.values()) for c in range(width)])]
    elif not full and len(header.centres) == width:
        segments = header_segments({n: [column(t) for t in run] for n, run in lines.items()}, width, header)
    else:
        segments = []
    if not segments and len(full) < 3:  # most cells empty: each page's values heap under its columns
        segments = heap_segments({n: [column(t) for t in run] for n, run in lines.items()}, width,
                                 header.page_starts)
    if not segments and not full:  # no header to go by either: a blank column's double gap may say
        blank = blank_column_by_gaps([[column(t) for t in run] for run in lines.values()], width)
        if blank is not None:
            kept = [c for c in range(width) if c != blank]
            return hints.with_columns({t.pos: width - c for run in lines.values() if len(run) == width - 1
                                       for c, t in zip(kept, run)})
    if not segments:
        return hints
    columns: dict[int, int] = {}
    for segment, centres in segments:
        gaps = [b - a for a, b in zip(centres, centres[1:])]
        if min(gaps, default=0) <= 0:
            continue
        for n in segment:
            run = lines[n]
            if 0 < len(run) < width:
                cols = short_row_columns([column(t) for t in run], n, centres, min(gaps) / 3, full)
                columns.update((t.pos, width - c) for c, t in zip(cols or (), run))
    return hints.with_columns(columns)



def _without_label_spacers(run: list[Item], n: int, hints: TokenHints) -> tuple[list[Item], list[Item]]:
    """A separated row's empty fields that come before its last n fields pad the label columns
    (a row label one level short of the deepest): they are not cells. Returns (run, spacers)."""
    spacers = [t for t in run if t.empty_field and (hints.field_from_right(t) or 0) > n]
    if not spacers or len(run) - len(spacers) != n or run[:len(spacers)] != spacers:
        return run, []
    return run[len(spacers):], spacers


def _lower_bound(m: int, n: int, split_cost: float, skip: list[float], j: int,
                 memo: dict[tuple[int, int, int, bool], float], joins: bool = False) -> float:
    """The least a run of m tokens from j can cost as a row of n cells: with more tokens than
    cells, its cheapest m - n tokens dropped (or, with ``joins``, joined to a neighbour)."""
    if m > n:
        key = (j, m, n, joins)
        if key not in memo:
            cap = JOIN_COST if joins else math.inf
            memo[key] = sum(sorted(min(s, cap) for s in skip[j:j + m])[:m - n])
        return memo[key]
    return (n - m) * min(split_cost, NULL_COST) if m < n else 0.0


def _best_readings(run: list[Item], plan: RowPlan, split_cost: float, limit: int, bound: float = math.inf,
                   ties: bool = True, deadline: Deadline | None = None, hints: TokenHints = NO_HINTS
                   ) -> tuple[float, list[Reading], Completeness]:
    """Best readings of a run as the plan's row (see :func:`candidates.best_readings`); a row whose
    own total fails may take an OCR alternative that makes it add up."""
    check = plan.check
    if check is None:
        return best_readings(run, plan.cols, split_cost, limit, lambda r: 0.0, bound=bound, ties=ties,
                             deadline=deadline, hints=hints)

    def read(bound: float, ties: bool, tokens: list[Item] = run) -> tuple[float, list[Reading], Completeness]:
        return best_readings(tokens, plan.cols, split_cost, limit,
                             lambda r: 0.0 if check(r.values) else CHECK_FAIL_COST,
                             plan.groups, CHECK_FAIL_COST, bound, ties, deadline, hints)

    best, readings, completeness = read(bound, ties)
    apart = glued_signs_apart(run) if not readings or not check(readings[0].values) else None
    if apart is not None and all(col.type == "count" for col in plan.cols):
        # a row of counts that does not add up as read (or not within the bound): a minus glued to the
        # value before it is a blank mark printed with no space ('43-242417': -, 24, 2417) where that
        # makes the row add up
        other = read(bound, ties, apart)
        if other[1] and check(other[1][0].values):
            return other
    if readings and not check(readings[0].values) and any(t.alternatives for t in run):
        if completeness != Completeness.FULL:  # the alternatives must see every tied reading
            best, readings, completeness = read(math.inf, True)
        # The row does not add up as read: an OCR alternative that makes it add up is a reading too.
        fixed = [alt for r in readings for alt in alternative_readings(r, plan.cols) if check(alt.values)]
        if fixed:
            cost = min(r.cost for r in fixed)
            tied: dict[tuple, Reading] = {}
            for r in fixed:
                if r.cost <= cost + 1e-9:
                    tied.setdefault(r.values, r)
            return cost, list(tied.values()), Completeness.FULL
    return best, readings, completeness


def _position_costs(plans: list[RowPlan], i: int, positions: list[int],
                    owners: Sequence[int | None] = ()) -> list[float]:
    """Cost of each token being row i's: after its own label (or after the run of labels printed
    together with it, with no value between them) is free; just before it is cheap, unless it is
    printed on another row's label line (``owners``: per token, the label printed before it on
    its line): a row that prints its label and its values on one line owns them, even when they
    fail its check (a row total misprinted), and the next row must not take them."""
    own = plans[i].anchor
    anchors = sorted(p.anchor for p in plans if p.anchor is not None)
    if own is not None:
        first, last = own, own
        k = anchors.index(own)
        while k > 0 and not _values_between(positions, anchors[k - 1], first):
            k -= 1
            first = anchors[k]
        k = anchors.index(own)
        while k + 1 < len(anchors) and not _values_between(positions, last, anchors[k + 1]):
            k += 1
            last = anchors[k]
        prev_anchor = max((a for a in anchors if a < first), default=-1)
        next_anchor = min((a for a in anchors if a > last), default=math.inf)
        own_end = min((a for a in anchors if a > own), default=math.inf)  # where the next label starts
    else:
        prev_anchor = next((p.anchor for p in reversed(plans[:i]) if p.anchor is not None), -1)
        next_anchor = next((p.anchor for p in plans[i + 1:] if p.anchor is not None), math.inf)
        first = None
        own_end = math.inf
    out = []
    for n, pos in enumerate(positions):
        if first is None:
            out.append(UNANCHORED_COST if prev_anchor < pos < next_anchor else FAR_COST)
        elif first < pos < next_anchor:
            # Labels printed in a run share the values after it (pdfminer prints labels apart), but
            # the label printed directly before the values is the likelier owner: a row of empty
            # cells prints its label and nothing, and the next row's values must not slide up to it.
            out.append(0.0 if pos < own_end else RUN_LABEL_COST)
        elif prev_anchor < pos < first:
            owner = owners[n] if owners else None
            out.append(FAR_COST if owner is not None and owner != own and owner in anchors else BEFORE_LABEL_COST)
        else:
            out.append(FAR_COST)
    return out


@dataclass(frozen=True)
class RowPrefix:
    """One row's position costs over the tokens, as prefix sums (a run's cost in constant time)."""

    near: list[float]  # away from its label
    order: list[float]  # out of the row order kept by the rows read from their lines
    line_starts: list[int]  # tokens opening another row's label line
    foreign: list[bool]  # per token: printed on another row's label line


def _moved(prefix: list[RowPrefix], i: int, j: int, k: int) -> float:
    """Row i's position cost for tokens j..k-1: away from its label (capped, labels are a hint), out
    of the row order kept by the rows read from their lines, and for each other row's label line
    it takes values from past the first (neither capped: a row sweeping up the values printed on
    three other rows' lines is no scrambled label)."""
    p = prefix[i]
    lines = p.line_starts[k] - p.line_starts[j] + (p.foreign[j] and p.line_starts[j + 1] == p.line_starts[j])
    return (min(POSITION_CAP, p.near[k] - p.near[j]) + p.order[k] - p.order[j]
            + FOREIGN_LINE_COST * max(0, lines - 1))


def _foreign_lines(owners: Sequence[int | None], own: int | None, anchors: set[int]) -> tuple[list[int], list[bool]]:
    """Per token, whether it is printed on another row's label line (``owners``: the label before it
    on its line), and the prefix count of tokens opening such a line."""
    foreign = [o is not None and o != own and o in anchors for o in owners]
    starts = [f and (t == 0 or owners[t - 1] != owners[t]) for t, f in enumerate(foreign)]
    return [0, *accumulate(int(x) for x in starts)], foreign


def locked_order_bounds(plans: list[RowPlan], locked: list[RowResult]) -> dict[RowPlan, tuple[float, float]]:
    """For each row not locked, the stream positions its values must lie between: after the values
    of the locked rows above it in the table and before those of the locked rows below."""
    index = {p: i for i, p in enumerate(plans)}
    spans = sorted((index[r.plan], min(t.pos for t in r.tokens), max(t.pos for t in r.tokens))
                   for r in locked if r.tokens)
    out: dict[RowPlan, tuple[float, float]] = {}
    for i, p in enumerate(plans):
        lo = max((last for li, _, last in spans if li < i), default=-math.inf)
        hi = min((first for li, first, _ in spans if li > i), default=math.inf)
        out[p] = (lo, hi)
    return out


def _values_between(positions: list[int], a: int, b: int) -> bool:
    lo = bisect_right(positions, a)
    return lo < len(positions) and positions[lo] < b


def _prefix(values: list[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


def _backtrack(search: _Search, back: list[list[tuple[int, int, int] | None]], cost: list[list[float]]
               ) -> Alignment:
    """The chosen path: each row's run of tokens and its readings, and the tokens no row took."""
    plans, tokens, local = search.plans, search.tokens, search.local
    n_rows, n_tok = len(plans), len(tokens)
    rows: list[RowResult | None] = [None] * n_rows
    skipped: list[Item] = []
    i, j = n_rows, n_tok
    while (i, j) != (0, 0):
        step = back[i][j]
        assert step is not None
        pi, pj, k = step
        if k == -1:
            skipped.append(tokens[pj])
        elif pj == k:
            rows[pi] = RowResult(plans[pi], [], [], missing=True)
        else:
            _, readings = local(pi, pj, k)
            rows[pi] = RowResult(plans[pi], tokens[pj:k], readings, span=(pj, k))
        i, j = pi, pj
    skipped.reverse()
    return Alignment([r for r in rows if r is not None], skipped, cost[n_rows][n_tok])
