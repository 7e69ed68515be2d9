"""Header bands of a grid: the column header rows over the value columns, the value rows under
them and the row header band left of them, with each value column's and row's printed path.

(About 420 lines, over the ~400 the house aims at: the per-slot tests are written out in the loops
over every header and label slot of every band — a call or a generator per slot is what made HTML
slower than pandas — and each written-out copy stays beside the one function it stands for.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ...layout import Grid, GridCell, Layout
from ...values import PRINTED_NUMBER, is_blank
from ..items import GridFacts, grid_facts, grid_value_columns, layout_facts

UNHEADED = ""  # the leaf of a value column whose header was not read
_NUMBER = re.compile(rf"^{PRINTED_NUMBER}$|^[UOo]$")  # a printed number, or OCR's letter for 0


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
    return _clean_short(text) if len(text) <= 64 else _unwrap(text)  # short cell texts recur: cached


def _unwrap(text: str) -> str:
    return _SPACE.sub("", text.replace("\u00a0", " "))


_clean_short = lru_cache(maxsize=4096)(_unwrap)


def _is_value(text: str) -> bool:
    return _is_value_short(text) if len(text) <= 64 else _value(text)  # short cell texts recur: cached


def _value(text: str) -> bool:
    t = text.replace("\u00a0", " ").strip()
    return bool(t) and (bool(_NUMBER.match(t)) or is_blank(t))


_is_value_short = lru_cache(maxsize=4096)(_value)


_BLANK, _VALUE, _WORDS = 0, 1, 2  # what a slot of a value column holds, for _row_kind


def _slot_kind(text: str) -> int:
    if _value(text):  # (a value is never blank text)
        return _VALUE
    return _WORDS if text.strip() else _BLANK


_slot_kind_short = lru_cache(maxsize=4096)(_slot_kind)


def _header_text(text: str) -> str:
    """A cell's text as a header path reads it: :func:`_clean`, or "" when that is empty or the
    text is a value (a number is no header). One cached call for the two tests and the path."""
    return _header_text_short(text) if len(text) <= 64 else _as_header(text)


def _as_header(text: str) -> str:
    clean = _unwrap(text)
    return clean if clean and not _value(text) else ""


_header_text_short = lru_cache(maxsize=4096)(_as_header)


def _row_kind(slots: list[list[GridCell | None]], r: int, value_cols: list[int]) -> str:
    """'header' (words over the value columns), 'value' (values or empty cells) or 'empty'.
    ``value_cols`` in order."""
    row = slots[r]
    words = values = 0
    for c in value_cols:
        cell = row[c]
        if cell is None:
            continue
        text = cell.text  # (one cached call: this runs for every slot of every value column)
        kind = _slot_kind_short(text) if len(text) <= 64 else _slot_kind(text)
        if kind == _VALUE:
            values += 1
        elif kind == _WORDS:
            words += 1
    if words and words >= values:  # a misread value or two make no header
        return "header"
    if words or values:
        return "value"
    labels = [cell.text for cell in row[:value_cols[0]] if cell is not None]
    return "value" if any(t.strip() for t in labels) else "empty"


def grid_to_header_bands(grid: Grid, index: int = 0, facts: GridFacts | None = None) -> list[HeaderBand]:
    """Cut a grid into header bands, each with the value rows below it (``facts``: the grid's
    :func:`~gktables.core.items.grid_facts`, when the caller has them)."""
    facts = facts or grid_facts(grid)
    value_cols, slots = facts.value_cols, facts.slots
    if not value_cols:
        return []
    first_value_col = min(value_cols)
    label_cols = list(range(first_value_col))
    bands: list[HeaderBand] = []
    current: HeaderBand | None = None
    ordered = sorted(value_cols)
    for r in range(len(slots)):  # (the slots are the grid's rows)
        kind = _row_kind(slots, r, ordered)
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
    start = 0  # right of the last column printing a label in a value row (looked for from the right)
    for c in range(first_value_col - 1, -1, -1):
        if any((cell := slots[r][c]) is not None and not _blank(cell) and not _is_value(cell.text)
               for r in band.value_rows):
            start = c + 1
            break
    if start >= first_value_col:
        return []  # (most bands: their labels stand right up to the values)
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
        cells, texts = _distinct_headers(slots, band.header_rows, c)
        if not cells:
            paths[c] = ()
            continue
        leaf = (cells[-1].row, cells[-1].col)
        if leaf in seen_leaf:
            continue  # a further slot of a spanning header cell
        seen_leaf.add(leaf)
        paths[c] = tuple(texts)
    if not band.header_rows:  # slots under one spanning value cell in every row are one column
        cols = [c for i, c in enumerate(cols) if i == 0 or band.value_rows == [] or
                any(slots[r][c] is not slots[r][cols[i - 1]] for r in band.value_rows)]
        return cols, {c: () for c in cols}
    full = {}
    prefixes = {q[:k] for q in paths.values() for k in range(len(q))}  # strict prefixes of the paths
    for c, p in paths.items():
        if p and p not in prefixes:  # (no longer path begins with it)
            full[c] = p
        elif _holds_values(slots, band, c):  # values under no header of their own (a header lost by OCR)
            full[c] = p + (UNHEADED,)
    return sorted(full), full


def _distinct_headers(slots: list[list[GridCell | None]], rows: list[int],
                      c: int) -> tuple[list[GridCell], list[str]]:
    """The distinct cells of column ``c`` in ``rows`` (in order) that read as header text, and
    their texts as :func:`_header_text` reads them."""
    cells: list[GridCell] = []
    texts: list[str] = []
    for r in rows:
        cell = slots[r][c]
        if cell is None:
            continue
        text = cell.text  # (_header_text written out: every header slot of every band)
        text = _header_text_short(text) if len(text) <= 64 else _as_header(text)
        if not text:
            continue  # blank, or a number: no header
        for x in cells:  # (a loop, not a generator per slot: every header slot of every band)
            if x is cell:
                break
        else:
            cells.append(cell)
            texts.append(text)
    return cells, texts


def _holds_values(slots: list[list[GridCell | None]], band: HeaderBand, c: int) -> bool:
    """Whether a column prints a value in a cell of its own (not the left neighbour's, spanning)."""
    for r in band.value_rows:
        cell = slots[r][c]
        if holds_value(cell) and (c == 0 or slots[r][c - 1] is not cell):
            return True
    return False


def holds_value(cell: GridCell | None) -> bool:
    if cell is None:
        return False
    text = cell.text  # (asked of label and value cells alike, band after band: short texts cached)
    return _holds_number_short(text) if len(text) <= 64 else _holds_number(text)


def _holds_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


_holds_number_short = lru_cache(maxsize=4096)(_holds_number)


def layout_to_header_bands(layout: Layout, facts: list[GridFacts] | None = None) -> list[HeaderBand]:
    """Every grid's bands. A band with no header of its own (a table continued on the next page
    without repeating its header) takes the column paths of the band before when it has as many
    value columns, or reads them from the grid before when that grid is all header (a page break
    right under the header). ``facts``: :func:`~gktables.core.items.layout_facts`, when the caller
    has them."""
    bands: list[HeaderBand] = []
    for i, (grid, grid_read) in enumerate(zip(layout.grids, facts or layout_facts(layout))):
        for band in grid_to_header_bands(grid, i, grid_read):
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
                 and x.colspan == 1 and holds_value(x)]
        if not boxes:
            if any(holds_value(band.slots[r][c]) for r in band.value_rows):
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
            row = slots[r]
            cells: list[GridCell] = []
            texts: list[str] = []
            for c in band.label_cols:
                cell = row[c]
                if cell is None:
                    continue
                text = cell.text  # (_header_text written out: every label slot of every row)
                text = _header_text_short(text) if len(text) <= 64 else _as_header(text)
                if not text:
                    continue
                for x in cells:  # (_distinct_headers' walk, along a row: a shared helper taking the slots as a
                    # list or a map cost 0.13 M instructions more on shanghai; a loop, not a generator per slot)
                    if x is cell:
                        break
                else:
                    cells.append(cell)
                    texts.append(text)
            band.row_paths[r] = tuple(texts)
    return bands



def values_in_label_columns(band: HeaderBand, rows: Sequence[int] | None = None) -> set[int]:
    """Columns of the row header band that print a number in a cell of their own in a value row
    (of ``rows``, default all)."""
    out = set()
    for r in band.value_rows if rows is None else rows:
        row = band.slots[r]
        for c in band.label_cols:
            cell = row[c]
            if cell is None:
                continue
            text = cell.text  # (holds_value written out: every label slot of every row, twice)
            number = _holds_number_short(text) if len(text) <= 64 else _holds_number(text)
            if number and (c == 0 or row[c - 1] is not cell):
                out.add(c)
    return out
