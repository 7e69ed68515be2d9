"""The searches of :mod:`.column_order` that read a band's columns in orders of their own. ANY
(and ANY_SLIP, with one slip): one page may print its whole runs in any order (pdfminer groups
neighbouring columns' boxes, e.g. 法律服务机构 科研机构 总计 商业企业 其他) while the other pages keep
to the usual orders: which run is which column is then said by the checks of the columns across
the pages. XY, last: each page printed in a cut order, blocks of neighbouring columns printed
along the label boxes' row groups (:mod:`.column_xycut`), a page no such order reads tried again
with the values printed right after a row's label as that row's first cells; then both again with
row groups at any rows shared by a strip's blocks (:mod:`.column_subbands`), then with a row group
cut into blocks again (:mod:`.column_nested`, the band as one strip). Last, when no reading of the
whole table passes: the pages read alone (xy_bands_alone), the others left to the row-by-row reading.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import permutations, product
from math import prod

from ..checks import evaluate
from ..report import Value
from ..schema import CheckSpec
from .column_agreement import combined, one_slip
from .column_bands import cached_readings, layout_readings
from .column_budget import BandCache
from .column_tokens import FREE_COLUMNS, Band, Grid, Reading, Token, fixed_in_band, headers_agree, num, shifted
from .column_nested import LINE_STRIP_BLOCKS, nested_readings
from .column_subbands import subband_readings
from .column_xycut import check_terms, section_starts, xy_readings
from .items import Item

MAX_ANY_GRIDS = 4096  # readings of a band with its runs in any order (ANY); more: that band not read so
MAX_ANY_CHECKED = 8192  # its readings × the other bands' combinations checked; more: not read so
CUTS, SHARED, NESTED = "cuts", "shared", "nested"  # the kinds of cut order XY tries, in turn
XY_KINDS = (CUTS, SHARED, NESTED)
NESTED_STEPS = 400_000  # steps of the nested cut orders (column_nested) for one table, all its streams
XY_ALONE_STEPS = 150_000  # steps of the plain and shared cut orders of the last try (xy_bands_alone), every band


def any_order_kept(bands: list[Band], fixed: dict[tuple[int, int], Token], n_cols: int,
                   marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec], cache: BandCache,
                   challengers: bool = False, slip: bool = False) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The readings with one band's whole runs in any order (its free columns as in the other
    searches) and the other bands in the WIDE orders, that pass every check of 三 (``slip``, ANY_SLIP:
    or break two of them at least as one slip of the report's own, see one_slip): pdfminer may
    print a page's column boxes in an order of its own (groups of neighbouring columns), while
    another page keeps left to right. The checks of the columns (a column's cells across the
    bands) then say which run is which column; runs they cannot tell apart leave their cells open.
    Nothing when a band stands alone (no other band pins the columns). Larger bands are tried as
    the reordered one first (their order is the likelier to stray; the first reading kept gives
    an open cell's shown value)."""
    out: list[tuple[dict[str, Value], dict[str, Item]]] = []
    seen: set[tuple[Value, ...]] = set()
    if len(bands) < 2:
        return out
    for k in sorted(range(len(bands)), key=lambda k: -bands[k][1]):
        first, n, band_tokens = bands[k]
        others = _other_bands(bands, k, fixed, n_cols, marks, cache, challengers)
        if not others:
            continue
        grids = _any_order_grids(band_tokens, fixed_in_band(fixed, first, n), n, n_cols, marks, cache, challengers)
        if len(grids) * prod(len(readings) for readings in others) > MAX_ANY_CHECKED:
            continue
        terms = _band_terms(checks, keys, first, n)
        for combo in product(*others):
            rows = {r: row for (grid, src), (f, m, _) in zip(combo, [b for j, b in enumerate(bands) if j != k])
                    for r, row in zip(range(f, f + m), grid)}
            rest = [sum(sign * num(rows[r][c]) for (r, c), sign in outside) for _, outside in terms]
            for grid, src in grids:
                failing = (base + sum(sign * num(grid[r][c]) for (r, c), sign in inside) != 0
                           for (inside, _), base in zip(terms, rest))
                if (not slip and any(failing)) or (slip and not _slip_or_none(
                        [check.keys for check, fails in zip(checks, failing) if fails])):
                    continue  # a check fails (the quick sums; the checks themselves confirm below)
                rows.update(zip(range(first, first + n), grid))
                cells = {key: v for r in sorted(rows) for key, v in zip(keys[r], rows[r])}
                values = tuple(cells.values())  # in the table's order, whichever band was reordered
                if values in seen or not _passes(cells, checks, slip):
                    continue
                seen.add(values)
                sources = {keys[r][c]: it for _, s in (*combo, (None, shifted([(grid, src)], first)[0][1]))
                           for (r, c), it in s.items()}
                out.append((cells, sources))
    return out


def _passes(cells: dict[str, Value], checks: Sequence[CheckSpec], slip: bool) -> bool:
    """Whether every check holds on ``cells``, or (``slip``) those that fail are two at least and one
    slip (one_slip): a slip in a row whose sum the band's reading holds shows in its column's checks."""
    failing = [c.keys for c in checks if evaluate(c, cells).passed is False]
    return not failing or (slip and _slip_or_none(failing))


def _slip_or_none(failing: list[tuple[str, ...]]) -> bool:
    """No check fails, or two at least as one slip (one check failing alone pins no cell)."""
    return not failing or (len(failing) >= 2 and one_slip(failing))


def _band_terms(checks: Sequence[CheckSpec], keys: list[list[str]], first: int, n: int
                ) -> list[tuple[list[tuple[tuple[int, int], int]], list[tuple[tuple[int, int], int]]]]:
    """Each check of the table as signed cells (lhs +1, rhs −1: a check holds when they sum to 0), split
    into those in the band of ``n`` rows from ``first`` (by band row) and the others (by table row)."""
    where = {key: (r, c) for r, row in enumerate(keys) for c, key in enumerate(row)}
    out = []
    for check in checks:
        inside: list[tuple[tuple[int, int], int]] = []
        outside: list[tuple[tuple[int, int], int]] = []
        for key, sign in [(k, 1) for k in check.lhs] + [(k, -1) for k in check.rhs]:
            if key not in where:
                continue
            r, c = where[key]
            if first <= r < first + n:
                inside.append(((r - first, c), sign))
            else:
                outside.append(((r, c), sign))
        out.append((inside, outside))
    return out


def _other_bands(bands: list[Band], k: int, fixed: dict[tuple[int, int], Token],
                 n_cols: int, marks: dict[int, int], cache: BandCache, challengers: bool = False
                 ) -> list[list[tuple[Grid, dict[tuple[int, int], Item]]]]:
    """The readings of the bands but the ``k``-th in the NARROW orders (the orders that pin the
    columns best), or when one has none, in the WIDE ones; empty when a band has none even so."""
    for wide in (False, True):
        others = [shifted(cached_readings(cache, t, fixed_in_band(fixed, f, m), m, n_cols, marks, (False, wide, False),
                                          challengers), f)
                  for j, (f, m, t) in enumerate(bands) if j != k]
        if all(others):
            return others
    return []


def _any_order_grids(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                     marks: dict[int, int], budget: BandCache, challengers: bool = False) -> list[Reading]:
    """A band's readings with its whole runs in every order (two free columns, else one), the
    block of runs at every place or cut around the free values; none past MAX_ANY_GRIDS. Only
    总计's place among the runs changes which readings pass the rows' sums: the others are read
    left to right, then their runs swapped among the columns in every way (runs of the same rows)."""
    out: list[tuple[Grid, dict[tuple[int, int], Item]]] = []
    seen: set[tuple[tuple[Value, ...], ...]] = set()
    need = [tuple(r for r in range(n) if (r, c) not in fixed) for c in range(n_cols)]
    for n_free in range(FREE_COLUMNS, 0, -1):
        others = [(c, None) for c in range(n_free, n_cols - 1)]
        free_marks = {pos: c for pos, c in marks.items() if c < n_free}  # the runs' are checked once swapped
        for at in range(len(others) + 1):
            order = (*others[:at], (n_cols - 1, None), *others[at:])
            readings, swapped = layout_readings(tokens, fixed, n, n_cols, free_marks, n_free, order, budget, False,
                                                True)
            for grid, source in readings + swapped if challengers else readings:
                for moved, moved_source in _runs_swapped(grid, source, need, n_free, n_cols):
                    owner = {it.pos: c for (_, c), it in moved_source.items()}
                    key = tuple(tuple(row) for row in moved)
                    if key in seen or not headers_agree(moved, owner, marks):
                        continue
                    seen.add(key)
                    out.append((moved, moved_source))
                    if len(out) > MAX_ANY_GRIDS:
                        return []
    return out


def _runs_swapped(grid: Grid, source: dict[tuple[int, int], Item], need: list[tuple[int, ...]], n_free: int,
                  n_cols: int) -> Iterator[tuple[Grid, dict[tuple[int, int], Item]]]:
    """``grid`` with the runs of the columns between the free ones and 总计 put in every order
    (a run only where a column of the same rows was)."""
    cols = list(range(n_free, n_cols - 1))
    for perm in permutations(cols):
        if any(need[c] != need[p] for c, p in zip(cols, perm)):
            continue
        to = dict(zip(cols, perm))
        moved = [row[:] for row in grid]
        for row, old in zip(moved, grid):
            for c in cols:
                row[to[c]] = old[c]
        yield moved, {(r, to.get(c, c)): it for (r, c), it in source.items()}


def xy_kept(bands: list[Band], fixed: dict[tuple[int, int], Token], n_cols: int,
            marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec],
            follow: dict[tuple[int, int], Token], budget: list[int], memo: XyMemo | None = None,
            nested_budget: list[int] | None = None, kinds: Sequence[str] = XY_KINDS,
            known: Callable[[Band], list[Reading]] | None = None) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The readings with each band printed in a cut order (:mod:`.column_xycut`: blocks of
    neighbouring columns printed along the label boxes' row groups) that pass every check of 三. A
    band none of whose cut orders holds is read again with the values printed right after a row's
    label (``follow``, a box printed beside its label) taken as that row's first cells; one neither
    reads, both ways again with row groups at any rows shared by a strip's blocks
    (:mod:`.column_subbands`), then nested one level deeper (:mod:`.column_nested`). ``budget``: the
    steps left to this table's cut-order searches (all its streams, the first two kinds);
    ``nested_budget``: the nested ones' (NESTED_STEPS when not given). ``memo``: each band's readings
    by its printed tokens and pinned cells, kept across the table's streams: streams that differ on
    one page only (a cell printed empty put in each place of it) print the other pages' bands alike,
    which would spend the budget again each (the memo is for one set of ``kinds``: those tried, of
    XY_KINDS). ``known``: a band's readings the narrower searches found (see column_bands.known_readings),
    taken beside its cut orders': pdfminer may print one page in a cut order and another in an order
    the band searches read (s227_025: page 1's free columns interleaved, which a cut order reads
    otherwise, rightly by its rows alone; page 2's columns in blocks cut at different rows); the
    checks across the pages judge the combinations."""
    nested_budget = [NESTED_STEPS] if nested_budget is None else nested_budget
    table = _XyTable(n_cols, marks, keys, checks, budget, nested_budget, tuple(kinds))
    per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]] = []
    for first, n, tokens in bands:
        band_fixed = fixed_in_band(fixed, first, n)
        after = {rc: t for rc, t in fixed_in_band(follow, first, n).items() if rc not in band_fixed}
        band = _PrintedBand(first, n, tokens, band_fixed, after)
        key = (first, n, tuple(tokens), tuple(sorted(band_fixed.items())), tuple(sorted(after.items())))
        readings = memo.get(key) if memo is not None else None
        if readings is None:
            readings = _xy_band(band, table)
            if memo is not None:
                memo[key] = readings
        if known is not None:
            readings = readings + [g for g in known((first, n, tokens)) if all(g[0] != seen for seen, _ in readings)]
        if not readings:
            return []
        per_band.append(shifted(readings, first))
    found_all = combined(per_band, keys, checks, False)
    return [] if found_all is None else found_all[0]


def xy_bands_alone(bands: list[Band], fixed: dict[tuple[int, int], Token], n_cols: int,
                   marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec],
                   follow: dict[tuple[int, int], Token], known: Callable[[Band], list[Reading]]
                   ) -> tuple[list[tuple[dict[str, Value], dict[str, Item]]], list[Band]] | None:
    """The last try, when no reading of the whole table passes: the bands (pages) the cut orders
    read alone, combined on the checks that lie within them (each band's row totals; the column
    sums cross the pages, so a band's columns are left unchecked), with the bands read. pdfminer
    may print one page in an order none of the searches knows while another page's order is
    read: that page's cells are then read, loose like every cut order, and the other pages are
    left to the rows' order reading (flagged). When the cut orders read no band, the bands the
    narrower searches read (``known``: their readings of a band, found before) are taken so. None
    when no band, or every band, reads alone (the checks across the pages then fail every
    combination: nothing is read), or the combinations are too many. The budgets are those of one
    XY search."""
    table = _XyTable(n_cols, marks, keys, checks, [XY_ALONE_STEPS], [NESTED_STEPS])
    cut = []
    for first, n, tokens in bands:
        band_fixed = fixed_in_band(fixed, first, n)
        after = {rc: t for rc, t in fixed_in_band(follow, first, n).items() if rc not in band_fixed}
        cut.append(_xy_band(_PrintedBand(first, n, tokens, band_fixed, after), table))
    if not any(cut):
        cut = [known(band) for band in bands]
    read = [band for band, readings in zip(bands, cut) if readings]
    if not read or len(read) == len(bands):
        return None
    per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]] = []
    band_keys: list[list[str]] = []
    for (first, n, _), readings in zip(bands, cut):
        if readings:
            per_band.append(shifted(readings, len(band_keys)))  # its rows among the bands read
            band_keys += keys[first:first + n]
    inside = {k for row in band_keys for k in row}
    found = combined(per_band, band_keys, [c for c in checks if set(c.keys) <= inside], False)
    return None if not found or not found[0] else (found[0], read)


XyMemo = dict[tuple[object, ...], list[tuple[Grid, dict[tuple[int, int], Item]]]]


@dataclass(frozen=True)
class _PrintedBand:
    """One band as :func:`xy_kept` reads it: its rows, its printed tokens, the cells pinned in it by
    their own lines, and the values printed right after a row's label (``after``, tried second)."""
    first: int
    n: int
    tokens: list[Token]
    fixed: dict[tuple[int, int], Token]
    after: dict[tuple[int, int], Token]


@dataclass(frozen=True)
class _XyTable:
    """What every band's cut-order search of one table shares; ``budget`` is spent in place."""
    n_cols: int
    marks: dict[int, int]
    keys: list[list[str]]
    checks: Sequence[CheckSpec]
    budget: list[int]
    nested_budget: list[int]  # the nested cut orders' own (column_nested): past the others' budget
    kinds: tuple[str, ...] = XY_KINDS  # the kinds of cut order tried


def _xy_band(band: _PrintedBand, table: _XyTable) -> list[tuple[Grid, dict[tuple[int, int], Item]]]:
    """One band's cut-order readings (see xy_kept), in the band's own rows."""
    readings: list[tuple[Grid, dict[tuple[int, int], Item]]] = []
    n, n_cols, budget = band.n, table.n_cols, table.budget
    band_keys = table.keys[band.first:band.first + n]
    terms = check_terms(table.checks, band_keys)
    # the values after a label: only when nothing read; shared row groups (column_subbands), then
    # the cut orders nested one level deeper (column_nested: a row group cut into blocks again), the
    # band one strip, then strips at the rows printed along a line (line_strips; strips at every
    # section were tried: too costly for what they read)
    variants = ({}, band.after) if band.after else ({},)
    tries = [(kind, extra) for kind in (CUTS, SHARED) for extra in variants]
    tries += [(NESTED, extra) for extra in variants[::-1]]  # the values after a label first: its budget is short
    tries = [(kind, extra) for kind, extra in tries if kind in table.kinds]
    for kind, extra in tries:
        if readings:
            break
        pinned = {**band.fixed, **extra}
        printed = [t for t in band.tokens if t.item.pos not in {x.item.pos for x in extra.values()}]
        values, fixed_values = [t.value for t in printed], {rc: t.value for rc, t in pinned.items()}
        if kind == SHARED:
            found = subband_readings(values, n, n_cols, fixed_values, terms, budget)
        elif kind == NESTED:
            lines = [t.item.line for t in printed]
            cuts = _group_cuts(band_keys, pinned)
            found = nested_readings(values, lines, n, n_cols, fixed_values, terms, cuts, budget=table.nested_budget)
            strips = [] if found else line_strips(lines, n, n_cols, pinned)
            if strips:
                found = nested_readings(values, lines, n, n_cols, fixed_values, terms, cuts, strips,
                                        LINE_STRIP_BLOCKS, budget=table.nested_budget)
        else:
            found = xy_readings(values, n, n_cols, fixed_values, terms, section_starts(band_keys), budget)
        for where in found or []:
            grid: Grid = [[None] * n_cols for _ in range(n)]
            source: dict[tuple[int, int], Item] = {}
            for (r, c), t in [*pinned.items(), *((rc, printed[i]) for rc, i in where.items())]:
                grid[r][c] = t.value
                source[(r, c)] = t.item
            if headers_agree(grid, {it.pos: c for (_, c), it in source.items()}, table.marks):
                readings.append((grid, source))
    return readings


def _group_cuts(band_keys: list[list[str]], pinned: dict[tuple[int, int], Token]) -> list[int]:
    """The rows the nested cut orders' row groups may start at: the label sections, and around each
    row with cells printed beside its label (its label box stands apart: the rows below it start a
    box of their own)."""
    cuts = set(section_starts(band_keys))
    cuts |= {r for r, _ in pinned} | {r + 1 for r, _ in pinned if r + 1 < len(band_keys)}
    return sorted(cuts)


def line_strips(lines: Sequence[int], n: int, n_cols: int, pinned: Mapping[tuple[int, int], object]) -> list[int]:
    """The rows a strip of the nested cut orders may start at, from the rows that end along one line:
    the stream's strips come top to bottom, so a line of values printed within one row's stretch of
    the stream (the row's cells past the cells of the rows above) up to its end is a row printed as
    a strip of its own (its first cells, alone on their lines, printed before), and strips start at
    it and after it."""
    starts = [0]
    for r in range(n):
        starts.append(starts[-1] + sum(1 for c in range(n_cols) if (r, c) not in pinned))
    row_of = {p: r for r in range(n) for p in range(starts[r], starts[r + 1])}
    cuts: set[int] = set()
    p = 0
    while p < len(lines):
        q = p + 1
        while q < len(lines) and lines[q] == lines[p]:
            q += 1
        row = row_of.get(p)
        if q - p > 1 and row is not None and q == starts[row + 1]:
            cuts |= {row, row + 1} - {0, n}
        p = q
    return sorted(cuts)
