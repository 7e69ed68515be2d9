"""An HTML table's rows and cells as written, and the HTML table algorithm that places them on a
grid of slots (first free slot; rowspan reserves slots below; malformed spans clamped)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from ...layout import GridCell
from ..joining import clean_inline, join_pieces
from ..tables import MAX_TABLE_COLS
from .tree import FLAT_BLOCK_TAGS, flat_lines, hidden_by, is_spacer_row, own_descendants, style_hides, tag_of

MAX_COLSPAN = 1000  # the HTML standard's clamp
MAX_ROWSPAN = 65534  # likewise

CellAttributes = tuple[bool, int, int, float | None, str]  # hidden, rowspan, colspan, width, width unit


@dataclass
class HtmlRow:
    """A row's cells as written, before the table algorithm places them: per cell, its text and
    what its attributes say (:func:`cell_attributes`: one tuple shared by every cell that writes
    the same set), in two lists and no object per cell (this is every cell of every table)."""

    texts: list[str]
    attributes: list[CellAttributes]
    group: int  # the row group (thead/tbody/tfoot, or the table itself) the row belongs to
    running: bool = False  # a cell holds running text (more than 3 lines or 200 characters): see reader
    # The cells' <td>/<th>: kept where the document text walks them again (a row of running text)
    # and for the rare rows not read as the usual row; None otherwise (nothing else reads them).
    elements: list | None = None


def runs_text(lines: list[str], text: str) -> bool:
    """Whether a cell of these lines and text holds running text (a page-layout table around an
    article), not a table cell."""
    return len(lines) > 3 or len(text) > 200


_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([0-9.]+)\s*(px|pt|cm|mm|in|pc|%|[a-z]+)?", re.IGNORECASE)
_WIDTH_ATTR = re.compile(r"([0-9.]+)\s*(px|%)?")
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}


def _width_of(style: str | None, width: str | None) -> tuple[float | None, str]:
    """A cell's declared width from its style and width attributes: (value, "px") or (percent,
    "%"); (None, "px") when absent or in units that depend on the font (em)."""
    m = _WIDTH.search(style or "") or _WIDTH_ATTR.fullmatch((width or "").strip().lower())
    if not m:
        return None, "px"
    unit = (m.group(2) or "px").lower()
    try:
        value = float(m.group(1))
    except ValueError:
        return None, "px"
    if unit == "%":
        return value, "%"
    return (value * _UNIT_PX[unit], "px") if unit in _UNIT_PX else (None, "px")


_PLAIN_CELL: CellAttributes = (False, 1, 1, None, "px")


def cell_attributes(td) -> CellAttributes:
    """What a cell's attributes say: whether it is hidden (:func:`is_hidden`), its rowspan and
    colspan (clamped as the HTML standard says) and its declared width (:func:`_width_of`).
    Read from all its attributes at once: Word writes the same few sets on every cell, so each
    set is worked out once."""
    pairs = td.items()
    return _pairs_attributes(pairs) if pairs else _PLAIN_CELL  # (no attributes: most cells of hand-written pages)


def _pairs_attributes(pairs: list[tuple[str, str]]) -> CellAttributes:
    """:func:`cell_attributes` of a cell's ``items()``, when there are any."""
    # One string of names and values, NUL between them (libxml2's strings hold no NUL): the cache's
    # key, and its length bounds what the cache keeps (a str hashes faster than a tuple of pairs).
    key = "\0".join(map("\0".join, pairs))
    return _attributes_of(key) if len(key) <= 300 else _attributes_of.__wrapped__(key)


@lru_cache(maxsize=1024)
def _attributes_of(key: str) -> CellAttributes:
    """:func:`cell_attributes` of a cell's names and values, NUL-separated (see above)."""
    parts = key.split("\0")
    attrs = dict(zip(parts[::2], parts[1::2]))
    style, width = attrs.get("style"), attrs.get("width")
    declared = (None, "px") if style is None and width is None else _width_of(style, width)
    rowspan, colspan = _span(attrs.get("rowspan"), 1, 0, MAX_ROWSPAN), _span(attrs.get("colspan"), 1, 1, MAX_COLSPAN)
    return (hidden_by(attrs), rowspan, colspan, *declared)


_LEADING_INT = re.compile(r"\s*(\d+)")


def _span(value: str | None, default: int, low: int, high: int) -> int:
    if value is None:  # most cells declare no span
        return default
    m = _LEADING_INT.match(value)
    if not m:
        return default
    return max(low, min(high, int(m.group(1))))



_ROW_OR_CELL = frozenset({"tr", "td", "th"})
_CELL = frozenset({"td", "th"})


def table_to_rows(table, markup_lines: Callable[[object], list[str]], check: Callable[[], None]) -> list[HtmlRow]:
    """The table's own rows, each with its cells as written. A cell's lines (each as
    :func:`~gktables.sources.joining.clean_inline` leaves it) are read here when it holds text
    only or childless blocks (:func:`~.tree.flat_lines`), else by ``markup_lines`` (the walk);
    ``check`` (the deadline) is called per row and every 64 cells of a row. <td>s outside any <tr>
    (lxml keeps those from broken markup) form a row with their neighbours; <tfoot> goes last."""
    rows: list[HtmlRow] = []
    foot: list[HtmlRow] = []
    loose: HtmlRow | None = None
    sections: dict[object, int] = {}
    known: dict[tuple[tuple[str, str], ...], CellAttributes] = {}  # the table's attribute sets, worked out

    def cell_lines(td) -> list[str]:
        check()
        return _cell_lines(td, markup_lines)

    for node in own_descendants(table, _ROW_OR_CELL):
        parent = node.getparent()
        section = parent if tag_of(parent) in ("thead", "tbody", "tfoot") else table
        group = sections.setdefault(section, len(sections))
        if tag_of(node) == "tr":
            loose = None
            if is_spacer_row(node):
                continue
            check()
            row = _row_cells(node, group, markup_lines, known, cell_lines, check)
            (foot if tag_of(section) == "tfoot" else rows).append(row)
        else:
            if loose is None or loose.group != group:
                loose = HtmlRow([], [], group, elements=[])
                rows.append(loose)
            _add_cell(loose, node, cell_lines)
    return rows + foot


def _row_cells(tr, group: int, markup_lines: Callable[[object], list[str]],
               known: dict[tuple[tuple[str, str], ...], CellAttributes],
               cell_lines: Callable[[object], list[str]],
               check: Callable[[], None]) -> HtmlRow:
    """A row of ``group``: its visible cells (:func:`own_descendants` of its <td>/<th>), and whether
    one holds running text (:func:`runs_text`); the usual row, whose children are all cells, without
    the walk (its attributes and text worked out in the loop: this runs for every cell of every
    table). ``known``: the attribute sets of the table's cells read so far (a tuple of the pairs
    hashes faster than the string the shared cache is keyed by, which is built once per distinct
    set; the dict lives as long as the table's reading, so it holds no more than the page)."""
    texts: list[str] = []
    kept: list[CellAttributes] = []
    tds = []  # (the cells' elements, kept by the row if it turns out to hold running text)
    running = False
    for td in tr:
        if td.tag not in _CELL:  # markup between the row and its cells (or a comment, a PI)
            row = HtmlRow([], [], group, elements=[])
            for cell in own_descendants(tr, _CELL):
                _add_cell(row, cell, cell_lines)
            return row
        pairs = td.items()  # (cell_attributes written out)
        if pairs:
            attributes = known.get(key := tuple(pairs))
            if attributes is None:
                attributes = known[key] = _pairs_attributes(pairs)
        else:
            attributes = _PLAIN_CELL
        if attributes[0]:  # hidden: left out, as own_descendants does
            continue
        if len(texts) & 63 == 63:  # (a row of thousands of cells still sees the deadline)
            check()
        children = len(td)
        if not children:  # text only: one line or none (_cell_lines, _cell_text and runs_text written out)
            text = td.text
            text = clean_inline(text) if text else ""
        elif (children == 1 and td.text is None and not len(child := td[0]) and child.tail is None
              and child.tag in FLAT_BLOCK_TAGS and child.get("hidden") is None
              and not ((style := child.get("style")) and style_hides(style))):
            text = child.text  # Word's <td><p>…</p></td>: one visible childless block, its text the one line
            text = clean_inline(text) if text else ""
        else:
            lines = flat_lines(td)
            if lines is None:  # more than text and childless blocks: the walk
                lines = markup_lines(td)
            # (an empty cell is most of a Word table's, which print blanks as &nbsp;)
            text = lines[0] if len(lines) == 1 else join_pieces(lines) if lines else ""
            if len(lines) > 3:
                running = True
        if len(text) > 200:
            running = True
        texts.append(text)
        kept.append(attributes)
        tds.append(td)
    return HtmlRow(texts, kept, group, running, tds if running else None)


def _cell_lines(td, markup_lines: Callable[[object], list[str]]) -> list[str]:
    """A cell's visible lines: text only, or childless blocks, read at once; else the walk."""
    if len(td) == 0:
        text = td.text
        return [text] if text and (text := clean_inline(text)) else []
    flat = flat_lines(td)
    return markup_lines(td) if flat is None else flat


def _add_cell(row: HtmlRow, td, cell_lines: Callable[[object], list[str]]) -> None:
    """A cell read outside the usual row (:func:`own_descendants` found it visible), added to
    ``row`` with its element (``row.elements`` is a list for such rows)."""
    lines = cell_lines(td)
    text = _cell_text(lines)
    row.texts.append(text)
    row.attributes.append(cell_attributes(td))
    assert row.elements is not None
    row.elements.append(td)
    row.running = row.running or runs_text(lines, text)


def _cell_text(lines: list[str]) -> str:
    """:func:`~gktables.sources.joining.join_markup_lines` of a cell's lines, which come cleaned
    (clean_inline, which a second pass leaves as it is): joined without cleaning them again."""
    return lines[0] if len(lines) == 1 else join_pieces(lines)


class TooWideError(Exception):
    """A table wider than MAX_TABLE_COLS: skipped, not laid out."""


def rows_to_cells(rows: list[HtmlRow]) -> tuple[list[GridCell], list[float | None], list[str]]:
    """The HTML table algorithm: each cell takes the first free slot of its row, its rowspan
    reserves the slots below. Malformed spans are clamped: a rowspan stops at the end of its row
    group, a colspan stops before a slot a rowspan from above already holds, and a rowspan that
    runs one row too far, pushing that row past the table's width, is cut to end above it.

    Returns the placed cells, their declared widths (same order; only those in the table's
    most used unit, px or %) and notes on every repair.
    """
    cut: dict[int, int] = {}  # index of a cell in document order → its repaired rowspan
    notes: list[str] = []
    for _ in range(4):
        cells, widths, repairs, (extent, first, spanned) = _place(rows, cut)
        fix = _overlong_rowspan(cells, extent, first) if spanned else None  # (needs a rowspan)
        if fix is None:
            break
        index, rowspan = fix
        notes.append(f"row {cells[index].row}: rowspan {cells[index].rowspan} cut to {rowspan} "
                     "(it pushed the rows below it past the table's width)")
        cut[index] = rowspan
    return cells, widths, repairs + notes


RowExtents = tuple[dict[int, int], dict[int, int], bool]  # see _place


def _place(rows: list[HtmlRow], cut: dict[int, int]) -> tuple[list[GridCell], list[float | None], list[str],
                                                             RowExtents]:
    """The table algorithm's one pass (see :func:`rows_to_cells`). Also, per grid row where cells
    start, the end of its last cell (col + colspan) and the column of its first, and whether any
    placed cell spans rows: what :func:`_overlong_rowspan` reads, known here row by row (a row's
    cells take columns left to right)."""
    units = [unit for row in rows for _hidden, _rows, _cols, declared, unit in row.attributes if declared is not None]
    unit = max(set(units), key=units.count) if units else "px"
    n = len(rows)
    group_end = [n - 1] * n  # the last row of each row's group
    for r in range(n - 2, -1, -1):
        group_end[r] = group_end[r + 1] if rows[r + 1].group == rows[r].group else r
    cells: list[GridCell] = []
    widths: list[float | None] = []
    repairs: list[str] = []
    held: list[int] = []  # per column: the last row a placed cell holds (-1 = free)
    width = 0  # len(held), kept as held grows (read for every cell)
    extent: dict[int, int] = {}
    first: dict[int, int] = {}
    spanned = False
    for r, row in enumerate(rows):
        col = 0
        start = len(cells)
        limit = group_end[r] - r + 1  # the rows a rowspan may take from here
        for text, (_hidden, rowspan, colspan, declared, declared_unit) in zip(row.texts, row.attributes):
            while col < width and held[col] >= r:
                col += 1
            if col >= MAX_TABLE_COLS:
                raise TooWideError()
            if colspan > 1:  # (the slot at col is free: the loop above stopped there)
                colspan = min(colspan, MAX_TABLE_COLS - col)
                free = 1
                while free < colspan and (col + free >= width or held[col + free] < r):
                    free += 1
                if free < colspan:
                    repairs.append(f"row {r}: colspan {colspan} cut to {free} (overlaps a rowspan from above)")
                    colspan = free
            if rowspan == 1:  # (most cells: within any limit, which is at least 1)
                pass
            elif rowspan == 0:
                rowspan = limit
            elif rowspan > limit:
                repairs.append(f"row {r}: rowspan {rowspan} cut to {limit} (end of the table/row group)")
                rowspan = limit
            if cut:
                rowspan = cut.get(len(cells), rowspan)
            if rowspan > 1:
                spanned = True
            if col + colspan > width:
                held.extend([-1] * (col + colspan - width))
                width = col + colspan
            if colspan == 1:
                held[col] = r + rowspan - 1
            else:
                for c in range(col, col + colspan):
                    held[c] = r + rowspan - 1
            cells.append(GridCell(r, col, text, rowspan, colspan))
            widths.append(declared if declared_unit == unit else None)
            col += colspan
        if len(cells) > start:
            extent[r], first[r] = col, cells[start].col
    return cells, widths, repairs, (extent, first, spanned)


def _overlong_rowspan(cells: list[GridCell], extent: dict[int, int] | None = None,
                      first: dict[int, int] | None = None) -> tuple[int, int] | None:
    """A rowspan whose last rows overflow the table's width (the usual row width, or the top
    row's when wider) by exactly its own colspan, while the row above them fits: (index of the
    cell, the rowspan that makes them fit). ``extent`` and ``first``: per row, the end of its
    cells and its first cell's column, when the caller has them (:func:`_place`)."""
    if extent is None or first is None:
        extent, first = {}, {}
        for cell in cells:
            row, col = cell.row, cell.col
            if col + cell.colspan > extent.get(row, 0):
                extent[row] = col + cell.colspan
            if col < first.get(row, col + 1):
                first[row] = col
    if len(extent) < 3:
        return None
    counts: dict[int, int] = {}
    for e in extent.values():
        counts[e] = counts.get(e, 0) + 1
    width = max(max(counts, key=lambda e: (counts[e], e)), extent[min(extent)])  # usual width, or the top row's
    for r in sorted(extent):
        if extent[r] <= width:
            continue
        for index, cell in enumerate(cells):
            if not (cell.row < r <= cell.last_row and cell.last_col < first[r]):
                continue
            tail = range(r, cell.last_row + 1)
            if extent.get(r - 1, 0) <= width and all(extent.get(t, width + cell.colspan) - cell.colspan == width
                                                    for t in tail):
                return index, r - cell.row
        return None
    return None

