"""Grid cells → canonical keys through the table's own row and column headers.

A grid from any source (PDF lattice or word grid, OCR grid, HTML, DOCX) is cut into *bands*: rows
of header text over the value columns (the column header band) followed by rows of values, whose
cells left of the first value column are the row header band. Each value cell gets a column path
(the header cells above it, spans included) and a row path (the label cells left of it). Paths
are matched to the schema's paths by scored label similarity, as an assignment over the whole
table (each schema row and column used at most once), the template's order only breaking ties.
So a table that prints its columns in another order, leaves some out, adds a 合计, prints 四 in
three rows or 二's blocks in another order is read by what its headers say, not by position.

The transforms chain: ``grid_to_header_bands`` → ``layout_to_header_bands`` (continuation pages
inherit the header of the page before) → ``header_bands_to_paths`` → ``paths_to_keys``.

(About 870 lines, over the ~400 the house aims at: bands, scoring, assignment and table mapping
are one chain over HeaderBand/TableMapping; splitting it is left to its owner (issue #16), whose
work in progress is in this file.)
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from ..checks import evaluate
from ..labels import label_core, label_similarity, normalize_label
from ..layout import Grid, GridCell, Layout
from ..report import Value
from ..schema import CheckSpec, RowSpec, Template, load_schema
from ..values import PRINTED_NUMBER, is_blank, parse_value
from .items import grid_value_columns

log = logging.getLogger(__name__)

MATCH_MIN = 0.8  # least score for a header to name a schema row or column
MATCH_FLOOR = 0.5  # below this a header names nothing of the format (法人或其他组织 alone, 合计)
MARGIN_MIN = 0.08  # least lead of the assigned schema entity over the next best one
PRIOR_WEIGHT = 0.02  # the template's order: breaks ties, never outweighs a label
LOW_SCORE = 0.3  # below this a label names nothing; the exact figure does not matter
CONTAINED_SCORE = 0.85  # the label of the format printed whole inside a longer cell text
TABLE_MIN = 1.9  # least summed label evidence for a band to belong to a table
UNHEADED = ""  # the leaf of a value column whose header was not read
_NUMBER = re.compile(rf"^{PRINTED_NUMBER}$|^[UOo]$")  # a printed number, or OCR's letter for 0


# --- bands -----------------------------------------------------------------------------------

@dataclass
class HeaderBand:
    """One header band of a grid and the value rows under it, up to the next band."""

    grid: int  # index of the grid in the layout
    header_rows: list[int]  # rows of the column header band (empty: a continuation)
    value_rows: list[int]
    value_cols: list[int]  # first slot column of each logical value column
    label_cols: list[int]  # the row header band: columns left of the first value column
    col_paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    row_paths: dict[int, tuple[str, ...]] = field(default_factory=dict)
    inherited: bool = False  # column paths taken from the band before (a page without header)
    slots: list[list[GridCell | None]] = field(default_factory=list, repr=False)  # the grid, spans expanded


_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Header text with wrapping and vertical stacking undone (one character per line joins)."""
    return _SPACE.sub("", text.replace("\u00a0", " "))


def _is_value(text: str) -> bool:
    return _is_value_short(text) if len(text) <= 64 else _value(text)  # short cell texts recur: cached


def _value(text: str) -> bool:
    t = text.replace("\u00a0", " ").strip()
    return bool(t) and (bool(_NUMBER.match(t)) or is_blank(t))


_is_value_short = lru_cache(maxsize=4096)(_value)


def _row_kind(slots: list[list[GridCell | None]], r: int, value_cols: set[int]) -> str:
    """'header' (words over the value columns), 'value' (values or empty cells) or 'empty'."""
    texts = [cell.text if cell is not None else "" for cell in (slots[r][c] for c in sorted(value_cols))]
    words = sum(1 for t in texts if t.strip() and not _is_value(t))
    if words and words >= sum(1 for t in texts if _is_value(t)):  # a misread value or two make no header
        return "header"
    if any(t.strip() for t in texts):
        return "value"
    labels = [cell.text for cell in (slots[r][c] for c in range(min(value_cols))) if cell is not None]
    return "value" if any(t.strip() for t in labels) else "empty"


def grid_to_header_bands(grid: Grid, index: int = 0) -> list[HeaderBand]:
    """Cut a grid into header bands, each with the value rows below it."""
    value_cols = grid_value_columns(grid)
    if not value_cols:
        return []
    slots = grid.slots()
    first_value_col = min(value_cols)
    label_cols = list(range(first_value_col))
    bands: list[HeaderBand] = []
    current: HeaderBand | None = None
    for r in range(grid.n_rows):
        kind = _row_kind(slots, r, value_cols)
        if kind == "header":
            if current is None or current.value_rows:
                current = HeaderBand(index, [], [], [], label_cols, slots=slots)
                bands.append(current)
            current.header_rows.append(r)
        elif kind == "value":
            if current is None:
                current = HeaderBand(index, [], [], [], label_cols, slots=slots)
                bands.append(current)
            current.value_rows.append(r)
    for band in bands:
        cols = sorted(value_cols)
        blank = blank_headed_columns(slots, band, first_value_col)
        if blank:  # columns of blank cells under headers of their own are printed columns too
            band.label_cols = [c for c in label_cols if c < blank[0]]
            cols = blank + cols
        if grid.debug.get("method") == "stream":
            widen_parent_headers(slots, band.header_rows, cols)
        band.value_cols, band.col_paths = _column_paths(slots, band, cols)
    return bands


def blank_headed_columns(slots: list[list[GridCell | None]], band: HeaderBand, first_value_col: int) -> list[int]:
    """Columns left of the first value column that print no label in any value row and have a
    header cell of their own (not the corner cell over the labels): a column of blank cells (a
    table printing 2021's blanks everywhere) that holds no number to make it a value column."""
    if not band.header_rows or not band.value_rows:
        return []
    labelled = [c for c in range(first_value_col) for r in band.value_rows
                if (cell := slots[r][c]) is not None and not _blank(cell) and not _is_value(cell.text)]
    start = max(labelled, default=-1) + 1
    corner = [x for r in band.header_rows for c in range(start) if (x := slots[r][c]) is not None]
    out = []
    for c in range(start, first_value_col):
        heads = [x for r in band.header_rows if (x := slots[r][c]) is not None and not _blank(x)]
        if not heads or any(x is y for x in heads for y in corner):
            return []  # a column with no header of its own: not a value column
        out.append(c)
    return out  # a trailing band with no value rows is the header of the next page's rows


def _blank(cell: GridCell | None) -> bool:
    return cell is None or not _clean(cell.text)


def _first_below(slots: list[list[GridCell | None]], r: int, c: int, header_rows: list[int]) -> GridCell | None:
    """The first header cell under row r in column c that starts below r (not r's own cell spanning down)."""
    for i in header_rows:
        x = slots[i][c]
        if i > r and x is not None and not _blank(x) and x.row > r:
            return x
    return None


def widen_parent_headers(slots: list[list[GridCell | None]], header_rows: list[int], value_cols: list[int]) -> None:
    """A grid read from word alignment (no rulings) puts a parent header (行政诉讼, 法人或其他组织)
    only over the columns its words cover, centred over its children. Each parent is widened over
    the blank slots beside it, symmetrically, as far as the columns below start no higher than its
    own children (a leaf standing as high as the parent, 自然人 beside 法人或其他组织, is a sibling),
    then to the whole of a child its edge cuts. Rows are widened bottom-up, so a parent's children
    are whole before it is. Changes `slots` in place."""
    if len(header_rows) < 2 or not value_cols:
        return
    lo, hi = value_cols[0], value_cols[-1]
    for r in reversed(header_rows[:-1]):
        row = slots[r]
        parents: list[tuple[GridCell, int, int]] = []
        for c in range(lo, hi + 1):
            cell = row[c]
            if cell is None or _blank(cell):
                continue
            if parents and parents[-1][0] is cell:
                parents[-1] = (cell, parents[-1][1], c)
            else:
                parents.append((cell, c, c))
        for cell, a, b in parents:
            a, b = _parent_span(slots, r, a, b, header_rows, (lo, hi))
            for c in range(a, b + 1):
                row[c] = cell


def _parent_span(slots: list[list[GridCell | None]], r: int, a: int, b: int, header_rows: list[int],
                 bounds: tuple[int, int]) -> tuple[int, int]:
    """The slots [a, b] of a parent header in row r widened as widen_parent_headers says."""
    lo, hi = bounds
    below = {c: _first_below(slots, r, c, header_rows) for c in range(lo, hi + 1)}
    starts = [x.row for c in range(a, b + 1) if (x := below[c]) is not None]
    if not starts:
        return a, b
    top = min(starts)

    def free(c: int) -> bool:
        x = below.get(c)
        return lo <= c <= hi and _blank(slots[r][c]) and x is not None and x.row >= top

    while free(a - 1) and free(b + 1):
        a, b = a - 1, b + 1
    while free(a - 1) and below[a - 1] is below[a]:
        a -= 1
    while free(b + 1) and below[b + 1] is below[b]:
        b += 1
    return a, b


def _column_paths(slots: list[list[GridCell | None]], band: HeaderBand,
                  cols: list[int]) -> tuple[list[int], dict[int, tuple[str, ...]]]:
    """Each logical value column's header path, top to bottom. Slots under one spanning header
    cell form one column; a column whose path is a strict prefix of another's (filler under a
    caption) has no header of its own and is left out, unless it prints values: then its leaf is
    UNHEADED, and no key is given to it by position."""
    paths: dict[int, tuple[str, ...]] = {}
    seen_leaf: set[tuple[int, int]] = set()  # (row, col) of leaf cells: a cell's place is unique in its grid
    for c in cols:
        cells: list[GridCell] = []
        for r in band.header_rows:
            cell = slots[r][c]
            if cell is None or not _clean(cell.text) or _is_value(cell.text):
                continue  # a number is no header
            if all(cell is not x for x in cells):
                cells.append(cell)
        if not cells:
            paths[c] = ()
            continue
        leaf = (cells[-1].row, cells[-1].col)
        if leaf in seen_leaf:
            continue  # a further slot of a spanning header cell
        seen_leaf.add(leaf)
        paths[c] = tuple(_clean(x.text) for x in cells)
    if not band.header_rows:  # slots under one spanning value cell in every row are one column
        cols = [c for i, c in enumerate(cols) if i == 0 or band.value_rows == [] or
                any(slots[r][c] is not slots[r][cols[i - 1]] for r in band.value_rows)]
        return cols, {c: () for c in cols}
    full = {}
    for c, p in paths.items():
        if p and not any(len(q) > len(p) and q[:len(p)] == p for q in paths.values()):
            full[c] = p
        elif _holds_values(slots, band, c):  # values under no header of their own (a header lost by OCR)
            full[c] = p + (UNHEADED,)
    return sorted(full), full


def _holds_values(slots: list[list[GridCell | None]], band: HeaderBand, c: int) -> bool:
    """Whether a column prints a value in a cell of its own (not the left neighbour's, spanning)."""
    for r in band.value_rows:
        cell = slots[r][c]
        if cell is not None and _NUMBER.match(cell.text.strip()) and (c == 0 or slots[r][c - 1] is not cell):
            return True
    return False


def _holds_value(cell: GridCell | None) -> bool:
    return cell is not None and bool(_NUMBER.match(cell.text.strip()))


def layout_to_header_bands(layout: Layout) -> list[HeaderBand]:
    """Every grid's bands. A band with no header of its own (a table continued on the next page
    without repeating its header) takes the column paths of the band before when it has as many
    value columns, or reads them from the grid before when that grid is all header (a page break
    right under the header)."""
    bands: list[HeaderBand] = []
    for i, grid in enumerate(layout.grids):
        for band in grid_to_header_bands(grid, i):
            if not band.header_rows and not _inherit_header(band, bands, layout.grids[i - 1] if i else None):
                continue
            bands.append(band)
    return [b for b in bands if b.value_rows]


def _inherit_header(band: HeaderBand, bands: list[HeaderBand], previous: Grid | None) -> bool:
    if previous is not None and previous.n_cols == len(band.slots[0]) and (not bands or bands[-1].grid < band.grid - 1):
        above = HeaderBand(band.grid - 1, list(range(previous.n_rows)), [], [], band.label_cols, slots=previous.slots())
        cols, paths = _column_paths(above.slots, above, band.value_cols)
        if len(cols) == len(band.value_cols) and all(paths.values()):
            band.col_paths = {c: paths[p] for c, p in zip(band.value_cols, cols)}
            band.inherited = True
            return True
    if previous is not None and (not bands or bands[-1].grid < band.grid - 1) and _inherit_by_position(band, previous):
        return True
    prev = bands[-1] if bands else None
    if prev is None or len(prev.value_cols) != len(band.value_cols):
        return False
    band.col_paths = {c: prev.col_paths[p] for c, p in zip(band.value_cols, prev.value_cols)}
    band.inherited = True
    return True


def _inherit_by_position(band: HeaderBand, previous: Grid) -> bool:
    """A page break right under the header where the two pages' grids cut their columns apart
    differently (a word grid makes columns from each page's own words): each column printing a
    value on this page takes the header cells of the grid before (all header, no values) that stand
    over it, by position. Every such column needs a header; columns printing nothing are dropped."""
    if not band.value_rows or grid_value_columns(previous):
        return False
    heads = [x for x in previous.cells if x.bbox is not None and _clean(x.text)]
    cols: list[int] = []
    paths: dict[int, tuple[str, ...]] = {}
    for c in band.value_cols:
        boxes = [x.bbox for r in band.value_rows if (x := band.slots[r][c]) is not None and x.bbox is not None
                 and x.colspan == 1 and _holds_value(x)]
        if not boxes:
            if any(_holds_value(band.slots[r][c]) for r in band.value_rows):
                return False  # a value without a position
            continue
        x0, x1 = min(b.x0 for b in boxes), max(b.x1 for b in boxes)
        over = sorted((x for x in heads if x.bbox is not None and x.bbox.x0 < x1 and x.bbox.x1 > x0),
                      key=lambda x: (x.row, x.col))
        if not over:
            return False
        cols.append(c)
        paths[c] = tuple(_clean(x.text) for x in over)
    if not cols:
        return False
    band.value_cols, band.col_paths, band.inherited = cols, paths, True
    return True


def header_bands_to_paths(bands: list[HeaderBand]) -> list[HeaderBand]:
    """Fill each band's row paths: the distinct label cells left of the values, left to right."""
    for band in bands:
        slots = band.slots
        for r in band.value_rows:
            cells: list[GridCell] = []
            for c in band.label_cols:
                cell = slots[r][c]
                if cell is None or not _clean(cell.text) or _is_value(cell.text):
                    continue
                if all(cell is not x for x in cells):
                    cells.append(cell)
            band.row_paths[r] = tuple(_clean(x.text) for x in cells)
    return bands


# --- scoring (one small function, to be swapped for labels.match_label) --------------------------

@lru_cache(maxsize=65536)
def score_label(printed: str, canonical: str) -> float:
    """How well a printed label names a label of the national format, 0..1: the better of the
    whole normalised labels and their cores (ordinal and notes dropped). Pairs whose characters
    barely overlap are scored by that overlap (an upper bound of the similarity, below 0.3)."""
    bound = _overlap_bound(printed, canonical)
    if bound < LOW_SCORE:
        return bound
    whole = label_similarity(printed, canonical)
    a, b = label_core(printed), label_core(canonical)
    core = label_similarity(a, b) if a and b else 0.0
    # a cell that printed two labels run together (a caption and a column header, no ruling between)
    contained = CONTAINED_SCORE if len(b) >= 4 and b in a and a != b else 0.0
    return max(whole, core, contained)


@lru_cache(maxsize=4096)
def _chars(text: str) -> tuple[dict[str, int], int]:
    """The normalised label's characters with their counts, and its length."""
    norm = normalize_label(text)
    return Counter(norm), len(norm)


def _overlap_bound(a: str, b: str) -> float:
    """2·|shared characters| / (|a| + |b|): no alignment of the two can score higher."""
    (ca, na), (cb, nb) = _chars(a), _chars(b)
    if len(cb) < len(ca):
        ca, cb = cb, ca
    shared = sum(min(n, cb[ch]) for ch, n in ca.items() if ch in cb)  # the size of the multiset intersection
    total = na + nb
    return 2 * shared / total if total else 0.0


@lru_cache(maxsize=65536)  # pure; a table asks for every printed path against every schema path
def score_path(printed: tuple[str, ...], schema: tuple[str, ...]) -> float:
    """A printed path against a schema path: the leaf decides (0.8), the parents confirm (0.2).
    Parents are matched wherever they are printed (wrapping or a page break may split them), also
    inside the leaf's own cell when run together with it (a caption and a header with no rule
    between them, as word grids print them)."""
    if not printed or not schema:
        return 0.0
    leaf = score_label(printed[-1], schema[-1])
    parents = schema[:-1]
    if not parents:
        return leaf
    others = printed[:-1]
    confirm = sum(max((score_label(p, s) for p in others), default=_run_into(printed[-1], s)) for s in parents)
    return 0.8 * leaf + 0.2 * confirm / len(parents)


def _run_into(printed: str, parent: str) -> float:
    """CONTAINED_SCORE when a parent label is printed inside a longer cell text, else 0."""
    a, b = normalize_label(printed), normalize_label(parent)
    return CONTAINED_SCORE if len(b) >= 4 and b in a and a != b else 0.0


def score_label_set(printed: Sequence[str], schema: Sequence[str], weights: Sequence[float]) -> float:
    """A cell's labels (row and column paths together, any orientation) against a key's labels."""
    if not printed:
        return 0.0
    return sum(w * max(score_label(p, s) for p in printed) for s, w in zip(schema, weights)) / sum(weights)


# --- assignment ------------------------------------------------------------------------------

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
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (n + 1)
    p, way = [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    out: list[int | None] = [None] * n_rows
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < n_rows and j - 1 < len(scores[i]):
            out[i] = j - 1
    return out


CLEAR_MARGIN = 1e-9  # a row's best column leads every other (and no column) by more than rounding


def _clear_best(scores: list[list[float]]) -> list[int | None] | None:
    """The assignment when each row's best column is clearly best and no two rows share it: then
    it is the one maximum assignment (any other lowers a row and raises none), and the Hungarian
    method, which would find the same, is not run. None when that is not so."""
    best: list[int | None] = []
    taken: set[int] = set()
    for row in scores:
        if not row:
            return None
        j = max(range(len(row)), key=row.__getitem__)
        top = row[j]
        if top <= CLEAR_MARGIN or j in taken or any(v >= top - CLEAR_MARGIN for k, v in enumerate(row) if k != j):
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

    @property
    def confident(self) -> bool:
        return self.entity is not None and self.score >= MATCH_MIN and self.score - self.runner_up >= MARGIN_MIN


def match_paths(printed: list[tuple[str, ...]], schema: list[tuple[str, ...]], names: list[str],
                score: Callable[[tuple[str, ...], tuple[str, ...]], float] = score_path) -> list[Match]:
    """Assign printed paths to schema paths over the whole set, with the schema's order as a prior."""
    raw = [[score(p, s) for s in schema] for p in printed]
    n, m = max(len(printed), 1), max(len(schema), 1)
    prior = [[raw[i][j] + PRIOR_WEIGHT * (1 - abs(i / n - j / m)) for j in range(len(schema))]
             for i in range(len(printed))]
    chosen = assign(prior)
    out = []
    for i, p in enumerate(printed):
        ranked = sorted(((names[j], round(raw[i][j], 3)) for j in range(len(schema))), key=lambda x: -x[1])[:3]
        j = chosen[i]
        if j is not None and raw[i][j] < MATCH_FLOOR:
            j = None
        runner_up = max((raw[i][k] for k in range(len(schema)) if k != j), default=0.0)
        out.append(Match(p, j, round(raw[i][j], 3) if j is not None else 0.0, round(runner_up, 3), ranked,
                         names[j] if j is not None else None))
    return out


# --- tables ----------------------------------------------------------------------------------

@dataclass
class KeyedCell:
    """A value cell and the key its headers gave it."""

    key: str
    cell: GridCell
    grid: int
    confident: bool
    row_path: tuple[str, ...]
    col_path: tuple[str, ...]
    candidates: list[str] = field(default_factory=list)  # other keys its headers allow, when unsure


@dataclass
class Aggregate:
    """A printed column that sums columns of the format (法人或其他组织 without its sub-columns)."""

    row: RowSpec
    cell: GridCell
    children: tuple[str, ...]  # column keys it sums


@dataclass
class TableMapping:
    """What the headers of one table's bands say: keyed cells and what could not be matched."""

    table: str
    bands: list[HeaderBand]
    cells: list[KeyedCell] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # printed headers no schema entity took
    unread_keys: set[str] = field(default_factory=set)  # cells a header may name but was not read well enough
    aggregates: list[Aggregate] = field(default_factory=list)
    printed_keys: set[str] = field(default_factory=set)  # keys of rows and columns the table prints
    share_confident: float = 0.0
    unlabelled_rows: int = 0  # value rows printing a value under no row label (二 and 三)

    values_in_labels: int = 0  # row-header columns printing numbers: value columns taken for labels

    @property
    def usable(self) -> bool:
        """Confident enough to overrule the order, and its value columns whole: where numbers stand
        in two or more columns of the row header band, the grid's value columns were misread, and
        what the headers say is not printed may be printed there."""
        return bool(self.cells) and self.share_confident >= 0.7 and self.values_in_labels < 2


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, tuple[str, ...]]:
    """Labels of each table, to tell which table a band belongs to."""
    schema = load_schema()
    t2 = {b.caption for v in schema.t2_blocks for b in schema.t2_blocks[v]}
    t2 |= {c.label for v in schema.t2_blocks for b in schema.t2_blocks[v] for c in b.cols}
    t2 |= {r.leaf for v in schema.t2_blocks for r in schema.t2_rows(v)}
    t3 = {p for rows in schema.t3_rows.values() for r in rows for p in r.path} | {c.label for c in schema.t3_cols}
    t3 |= set(_t3_col_parents())
    t4 = {p for r in schema.t4_rows for p in r.path} | {c.label for c in schema.t4_cols}
    return {"t2": tuple(t2), "t3": tuple(t3), "t4": tuple(t4)}


@lru_cache(maxsize=3)
def _normalised_vocabulary(table: str) -> frozenset[str]:
    return frozenset(normalize_label(v) for v in _vocabulary()[table])


def _t3_col_parents() -> tuple[str, ...]:
    tree = load_schema().raw["templates"]["2019"]["t3"]["col_header_tree"]
    return tuple(x.strip() for x in re.findall(r"([^→\[\],]+)→", tree))


def band_table(band: HeaderBand) -> str | None:
    """The table whose labels the band's headers match best, when they match enough."""
    labels = {x for p in band.col_paths.values() for x in p} | {x for p in band.row_paths.values() for x in p}
    labels = {x for x in labels if len(normalize_label(x)) >= 2}
    best: tuple[float, str | None] = (0.0, None)
    for table in _vocabulary():
        evidence = sum(s for x in labels for s in [_vocabulary_score(table, x)] if s >= MATCH_MIN)
        if evidence > best[0]:
            best = (evidence, table)
    return best[1] if best[0] >= TABLE_MIN else None


@lru_cache(maxsize=16384)  # pure; every header label of every band is asked against each table
def _vocabulary_score(table: str, label: str) -> float:
    """How well ``label`` names one of the table's labels: 1.0 when it is one, else the best score
    when that reaches MATCH_MIN (what :func:`band_table` counts), else some lower score. Labels of
    the table it cannot score MATCH_MIN against are not scored."""
    if normalize_label(label) in _normalised_vocabulary(table):
        return 1.0
    return max((score_label(label, v) for v in _vocabulary()[table] if _may_reach(label, v, MATCH_MIN)), default=0.0)


def _may_reach(printed: str, canonical: str, least: float) -> bool:
    """Whether :func:`score_label` of the two can reach ``least`` (≥ LOW_SCORE): an upper bound of
    each of its parts — a similarity never exceeds its characters-shared bound, of the whole labels
    and of their cores — or the contained score."""
    if _length_bound(printed, canonical) >= least and _overlap_bound(printed, canonical) >= least:
        return True
    a, b = _core(printed), _core(canonical)
    if len(b) >= 4 and b in a and a != b and CONTAINED_SCORE >= least:
        return True
    return bool(a and b) and _length_bound(a, b) >= least and _overlap_bound(a, b) >= least


def _length_bound(a: str, b: str) -> float:
    """2·min(|a|, |b|) / (|a| + |b|) of the normalised labels: no characters-shared bound is higher."""
    na, nb = _chars(a)[1], _chars(b)[1]
    return 2 * min(na, nb) / (na + nb) if na + nb else 0.0


_core = lru_cache(maxsize=4096)(label_core)  # pure; asked of the same labels against every other


def _t3_col_paths() -> list[tuple[str, ...]]:
    """三's columns as header paths: 申请人情况 → [法人或其他组织 →] leaf."""
    parents = _t3_col_parents()  # 申请人情况, 法人或其他组织
    schema = load_schema()
    return [(parents[0], c.label) if c.key in ("natural", "total") else (parents[0], parents[1], c.label)
            for c in schema.t3_cols]


def paths_to_keys(table: str, bands: list[HeaderBand], template: Template) -> TableMapping:
    """Match one table's bands to its keys: 二 and 三 by rows and columns, 四 cell by cell."""
    if table == "t4":
        return _t4_keys(bands)
    return _rows_and_cols_keys(table, bands, template)


def _rows_and_cols_keys(table: str, bands: list[HeaderBand], template: Template) -> TableMapping:
    """二 and 三: rows matched over the whole table, then each band's columns against the columns
    of the matched rows (二's blocks each have their own)."""
    schema = load_schema()
    mapping = TableMapping(table, bands)
    rows: list[RowSpec] = list(schema.t2_rows(template.t2) if table == "t2" else schema.t3_rows[template.t3_other])
    printed_rows = [(b, r) for b in bands for r in b.value_rows if b.row_paths.get(r)]
    mapping.unlabelled_rows = sum(1 for b in bands for r in b.value_rows if not b.row_paths.get(r)
                                  and any(_holds_value(b.slots[r][c]) for c in b.value_cols))
    row_printed = [_row_with_caption(b, r) if table == "t2" else b.row_paths[r] for b, r in printed_rows]
    row_schema = [((r.caption,) + r.path) if r.caption else r.path for r in rows]
    row_matches = match_paths(row_printed, row_schema, [r.key for r in rows])
    decisions = [m.confident for m in row_matches]
    mapping.unmatched += [f"row {'/'.join(m.printed)} (candidates {m.candidates})"
                          for m in row_matches if m.entity is None]
    BandKey = tuple[int, int, str]  # a band is where it starts: (grid, first value row, block)
    groups: dict[BandKey, tuple[HeaderBand, list[tuple[int, RowSpec, Match]]]] = {}
    col_matches: dict[BandKey, list[Match]] = {}
    for (band, r), rm in zip(printed_rows, row_matches):
        if rm.entity is None:
            continue
        spec = rows[rm.entity]
        cache_key = (band.grid, band.value_rows[0], spec.block or table)  # a band is where it starts
        if cache_key not in col_matches:
            col_matches[cache_key] = _band_columns(band, spec)
        groups.setdefault(cache_key, (band, []))[1].append((r, spec, rm))
    checks = schema.checks(template.t3_other)
    for cache_key, (band, members) in groups.items():
        matches = col_matches[cache_key]
        resolve_unread_by_checks(band, matches, [(r, spec) for r, spec, _ in members], checks)
        decisions += [cm.confident for cm in matches]
        mapping.unmatched += [f"column {'/'.join(m.printed)} (candidates {m.candidates})"
                              for m in matches if m.entity is None and m.printed]
        for r, spec, rm in members:
            _emit_row(mapping, band, r, spec, rm, matches, rows)
    mapping.share_confident = sum(decisions) / len(decisions) if decisions else 0.0
    return mapping


def _band_columns(band: HeaderBand, spec: RowSpec) -> list[Match]:
    col_schema: list[tuple[str, ...]] = ([(spec.caption or "", c.label) for c in spec.cols] if spec.caption
                                         else _t3_col_paths())
    return match_paths([band.col_paths[c] for c in band.value_cols], col_schema, [c.key for c in spec.cols])


def _unread(m: Match) -> bool:
    """A printed column of values whose header was lost or is like no label (OCR garble)."""
    return m.entity is None and bool(m.printed) and (m.printed[-1] == UNHEADED or not m.candidates
                                                      or m.candidates[0][1] < LOW_SCORE)


def resolve_unread_by_checks(band: HeaderBand, matches: list[Match], rows: list[tuple[int, RowSpec]],
                             checks: Sequence[CheckSpec]) -> None:
    """Columns whose header was not read, as many as the format's columns no header took (at most
    three), are given those columns when exactly one way of doing so makes every check over the
    band's cells hold (总计 is the column that sums the others). The matches stay unsure (flagged,
    with their score 0), but the values land under their keys. Changes `matches` in place."""
    unread = [i for i, m in enumerate(matches) if _unread(m)]
    spec = rows[0][1]
    taken = {m.entity for m in matches if m.entity is not None}
    free = [j for j in range(len(spec.cols)) if j not in taken]
    if not unread or len(unread) != len(free) or len(unread) > 3:
        return
    fits = []
    for perm in permutations(free):
        entity = {i: m.entity for i, m in enumerate(matches)} | dict(zip(unread, perm))
        values: dict[str, Value] = {}
        for r, row in rows:
            for i, c in enumerate(band.value_cols):
                cell, j = band.slots[r][c], entity[i]
                if cell is None or j is None or j >= len(row.cols):
                    continue
                parsed = parse_value(cell.text.strip(), row.cols[j].type)
                if parsed.ok:
                    values[row.cell_key(row.cols[j].key)] = parsed.value
        results = [evaluate(c, values).passed for c in checks if all(k in values for k in c.keys)]
        if results and all(results):
            fits.append(perm)
    if len(fits) != 1:
        return
    for i, j in zip(unread, fits[0]):
        m = matches[i]
        matches[i] = Match(m.printed, j, 0.0, m.score, [(spec.cols[j].key, 0.0)] + m.candidates, spec.cols[j].key)


def _emit_row(mapping: TableMapping, band: HeaderBand, r: int, spec: RowSpec, rm: Match, col_matches: list[Match],
              rows: list[RowSpec]) -> None:
    """The keyed cells of one printed row, and the keys its unread columns may hold."""
    parents = (spec.caption,) if spec.caption else _t3_col_parents()
    names = [c.key for c in spec.cols]
    mapping.unread_keys.update(spec.cell_key(name) for name in _unread_columns(col_matches, parents, names))
    if values_in_label_columns(band, [r]):  # a value column taken for a label column: what no header
        taken = {m.name for m in col_matches if m.name is not None}  # took may be printed there
        mapping.unread_keys.update(spec.cell_key(n) for n in names if n not in taken)
    for c, cm in zip(band.value_cols, col_matches):
        cell = band.slots[r][c]
        if cell is not None and cm.entity is None and cm.printed and spec.table == "t3":
            children = _children_of(cm.printed[-1])
            if children:  # 法人或其他组织 printed as one column: the sum of its sub-columns
                mapping.aggregates.append(Aggregate(spec, cell, children))
        if cm.entity is None or cell is None:
            continue
        key = spec.cell_key(spec.cols[cm.entity].key)
        mapping.printed_keys.add(key)
        sure = rm.confident and cm.confident
        cands = [] if sure else _alternatives(rows, rm, cm)
        mapping.cells.append(KeyedCell(key, cell, band.grid, sure, band.row_paths[r], band.col_paths[c], cands))


def _children_of(label: str) -> tuple[str, ...]:
    """三's columns under a parent header (法人或其他组织 → commercial … other); () for a leaf."""
    parents = _t3_col_parents()[1:]  # 申请人情况 is over every column, 总计 included
    if not any(score_label(label, p) >= MATCH_MIN for p in parents):
        return ()
    return tuple(c.key for c, path in zip(load_schema().t3_cols, _t3_col_paths())
                 if any(score_label(label, p) >= MATCH_MIN for p in path[:-1]))


def _unread_columns(matches: list[Match], parents: tuple[str, ...], names: list[str]) -> list[str]:
    """Schema columns that an unmatched printed column may be. A printed column is extra, not
    unread, when it names a parent of the format's columns (法人或其他组织 printed as one column,
    a caption) or its best candidate is printed elsewhere (合计 beside 总计). A column of values
    under no header, or under a header like no label at all (garbled by OCR), may be any column not
    printed elsewhere: its cells are kept where the order put them, and flagged, never dropped."""
    taken = {m.name for m in matches if m.name is not None}
    out: list[str] = []
    for m in matches:
        if m.entity is not None or not m.printed or not m.candidates:
            continue
        if m.printed[-1] == UNHEADED:  # values under no header: any column not printed elsewhere
            out.extend(n for n in names if n not in taken and n not in out)
            continue
        if any(score_label(m.printed[-1], p) >= MATCH_MIN for p in parents):
            continue
        name, score = m.candidates[0]
        if score >= LOW_SCORE:
            if name not in taken:
                out.append(name)
        else:  # a header like no label at all (OCR garble): it may be any column not printed elsewhere
            out.extend(n for n in names if n not in taken and n not in out)
    return out


def _row_with_caption(band: HeaderBand, r: int) -> tuple[str, ...]:
    """二's row path with its block's caption (printed in the header band above) in front."""
    captions = [p[0] for p in band.col_paths.values() if len(p) > 1]
    return tuple(captions[:1]) + band.row_paths[r]


def _alternatives(rows: list[RowSpec], rm: Match, cm: Match) -> list[str]:
    """Keys the row's and column's best candidates combine to, for a flag."""
    by_key = {r.key: r for r in rows}
    out = []
    for rname, _ in rm.candidates[:2]:
        for cname, _ in cm.candidates[:2]:
            row = by_key.get(rname)
            if row is not None and any(c.key == cname for c in row.cols):
                out.append(row.cell_key(cname))
    return out


def _t4_keys(bands: list[HeaderBand]) -> TableMapping:
    """四 cell by cell: a cell's row and column labels together name its group and column, in
    whatever orientation the table is printed (one row of 15, three rows of five, transposed)."""
    schema = load_schema()
    mapping = TableMapping("t4", bands)
    keys = [k for r in schema.t4_rows for k in r.cell_keys]
    labels = [(*r.path, c.label) for r in schema.t4_rows for c in r.cols]
    cells: list[tuple[HeaderBand, int, int]] = []
    printed: list[tuple[str, ...]] = []
    for band in bands:
        for r in band.value_rows:
            for c in band.value_cols:
                cells.append((band, r, c))
                printed.append(band.row_paths.get(r, ()) + band.col_paths.get(c, ()))

    matches = match_paths(printed, labels, keys, _t4_score)
    confident = 0
    for (band, r, c), m in zip(cells, matches):
        confident += m.confident
        cell = band.slots[r][c]
        if m.entity is None or cell is None:
            if m.printed:
                mapping.unmatched.append(f"cell {'/'.join(m.printed)} (candidates {m.candidates})")
            continue
        mapping.printed_keys.add(keys[m.entity])
        cands = [] if m.confident else [name for name, _ in m.candidates[:2]]
        mapping.cells.append(KeyedCell(keys[m.entity], cell, band.grid, m.confident, band.row_paths.get(r, ()),
                                       band.col_paths.get(c, ()), cands))
    mapping.share_confident = confident / len(cells) if cells else 0.0
    return mapping


@lru_cache(maxsize=65536)  # pure; 四 asks for every printed cell against each of its 15 keys
def _t4_score(printed: tuple[str, ...], schema: tuple[str, ...]) -> float:
    """A 四 cell's row and column labels against a key's group and column (and parent) labels."""
    weights = (0.1, 0.4, 0.5) if len(schema) == 3 else (0.5, 0.5)
    return score_label_set(printed, schema, weights)


def layout_to_mappings(layout: Layout, template: Template) -> dict[str, TableMapping]:
    """Every table the grids' headers show, keyed by their headers."""
    bands = header_bands_to_paths(layout_to_header_bands(layout))
    by_table: dict[str, list[HeaderBand]] = {}
    for band in bands:
        table = band_table(band)
        if table is not None:
            by_table.setdefault(table, []).append(band)
    mappings = {t: paths_to_keys(t, b, template) for t, b in by_table.items()}
    for t, mapping in mappings.items():
        mapping.values_in_labels = max((len(values_in_label_columns(b)) for b in by_table[t]), default=0)
    return mappings


def values_in_label_columns(band: HeaderBand, rows: Sequence[int] | None = None) -> set[int]:
    """Columns of the row header band that print a number in a cell of their own in a value row
    (of ``rows``, default all)."""
    out = set()
    for r in band.value_rows if rows is None else rows:
        for c in band.label_cols:
            cell = band.slots[r][c]
            if _holds_value(cell) and (c == 0 or band.slots[r][c - 1] is not cell):
                out.add(c)
    return out
