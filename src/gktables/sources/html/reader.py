"""HTML source: a saved page, a page's HTML string or a fragment → :class:`Layout`.

The stages, each a small transform:

    bytes_to_text        decode (BOM, strict UTF-8, the declared charset, strict GB18030)
    text_to_tree         lxml, no network, entities off; huge_tree so that nesting up to 2048 parses
                         (libxml2 stops at 255 otherwise); deeper is a clear error, never silence
    tree_to_tables       the <table> elements in document order, hidden ones left out
    table_to_rows        each row's cells as written: text, rowspan, colspan, declared width
    rows_to_cells        the HTML table algorithm (first free slot; rowspan reserves slots below)
    finish_grid          collapse_empty_lines (rows/columns no cell starts in, lossless), then
                         collapse_sliver_columns (hair-thin columns of misaligned colspans,
                         judged from the declared widths)
    select_report_grids  keep the grids that hold report content (labels from the schema)
    tree_to_text         the visible text: prose lines, table rows as tab-separated cells

The cell-text joiner, the grid clean-up and the report-grid test are shared with the DOCX
source (``sources/docx`` imports them from here).
"""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from time import perf_counter
from collections.abc import Callable, Iterable
from typing import Any

from ...deadline import Deadline
from ...errors import CorruptFileError, TooLargeError
from ...labels import normalize_label
from ...layout import Grid, GridCell, Layout, SourceKind
from ...schema import report_labels
from ...settings import Settings

log = logging.getLogger(__name__)

MAX_COLSPAN = 1000  # the HTML standard's clamp
MAX_ROWSPAN = 65534  # likewise
MAX_TABLE_COLS = 1000  # a wider table cannot be a report table; it is skipped, not laid out

# ---------------------------------------------------------------------------------------------
# Text: whitespace and the CJK-aware joiner (shared with the DOCX source)
# ---------------------------------------------------------------------------------------------

# Characters that are written without spaces around them: CJK ideographs and punctuation,
# fullwidth forms, and the curly quotes / dashes Chinese text uses.
_CJK = (r"\u2010-\u2027\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u33ff"
        r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
_CJK_CHAR = re.compile(f"[{_CJK}]")
_SPACE_BY_CJK = re.compile(f"(?<=[{_CJK}]) +| +(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")  # str patterns: includes \xa0 (&nbsp;) and \u3000
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")


def clean_inline(text: str) -> str:
    """Collapse whitespace (``&nbsp;`` included) and drop spaces next to CJK characters."""
    return _clean_short(text) if len(text) <= 80 else _clean(text)


@lru_cache(maxsize=4096)  # table cells repeat ('0', '/', labels): each short text is cleaned once
def _clean_short(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip()
    return _SPACE_BY_CJK.sub("", text) if " " in text else text


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() and not _CJK_CHAR.match(ch)


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one cell: one space between two words or numbers, none otherwise.

    ``本年新`` + ``制作数量`` → ``本年新制作数量``; ``251000`` + ``元`` → ``251000元``;
    ``1`` + ``.`` + ``属`` → ``1.属``; ``2019`` + ``2020`` → ``2019 2020`` (two numbers stay
    apart for the core to judge).
    """
    out = ""
    for line in lines:
        line = clean_inline(line)
        if not line:
            continue
        if out and _is_word_char(out[-1]) and _is_word_char(line[0]):
            out += " "
        out += line
    return out


# ---------------------------------------------------------------------------------------------
# Decoding
# ---------------------------------------------------------------------------------------------

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = re.compile(rb"(?:<meta[^>]{0,200}?charset|<\?xml[^>]{0,100}?encoding)"
                       rb"""\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "euc-cn", "x-euc-cn",
              "hz-gb-2312", "csgb2312", "chinese", "gb18030"}


def declared_charset(head: bytes) -> str | None:
    """The encoding a page declares in a <meta> or XML declaration, as a Python codec name."""
    m = _DECLARED.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _GB_FAMILY:
        return "gb18030"  # a superset: pages labelled gb2312 routinely hold GBK characters
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bytes_to_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a page: BOM, else strict UTF-8, else UTF-8 with replacements when only a few bytes
    are broken, else the declared charset, strict GB18030, else the candidate with fewest
    replacement characters. Returns (text, encoding used)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80) if len(data) < 1 << 22 else len(data) // 4
    if broken * 50 < non_ascii:  # UTF-8 with a few damaged bytes; GBK read as UTF-8 breaks everywhere
        log.warning("%s: UTF-8 with %d undecodable places; they are replaced", name, broken)
        return as_utf8, "utf-8+replace"
    candidates = []
    declared = declared_charset(data[:4096])
    if declared and declared != "utf-8":
        candidates.append(declared)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    decoded = [(as_utf8, "utf-8")] + [(data.decode(e, errors="replace"), e) for e in candidates]
    text, encoding = min(decoded, key=lambda te: te[0].count("\ufffd"))
    log.warning("%s: no encoding decodes the page cleanly; using %s with replacement characters", name, encoding)
    return text, encoding + "+replace"


# ---------------------------------------------------------------------------------------------
# Parsing and walking the tree (iteratively: no recursion limits on deep documents)
# ---------------------------------------------------------------------------------------------

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "frame",
                        "object", "embed", "svg", "math", "select", "option", "textarea", "map",
                        "area", "img", "audio", "video", "canvas", "input", "button", "meta", "link"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                         "h6", "tr", "section", "article", "header", "footer", "nav", "aside",
                         "blockquote", "pre", "form", "fieldset", "hr", "address", "figure",
                         "figcaption", "caption", "center", "main", "table", "tbody", "thead",
                         "tfoot", "body", "html", "legend", "details", "summary"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)


def text_to_tree(text: str, name: str):
    """Parse with lxml's HTML parser: comments and PIs dropped, no network. huge_tree lifts libxml2's
    nesting limit from 256 to 2048 (the input's size is bounded by max_html_bytes); a page nested
    deeper would lose its tables silently, so it is refused with a clear error."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              huge_tree=True, no_network=True, default_doctype=False)
    if not text.strip():
        return None
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(name, f"lxml cannot parse it as HTML ({exc}); check that it is a web page") from exc
    if any("Excessive depth" in str(e.message) for e in parser.error_log):
        raise CorruptFileError(name, "the page nests its elements more than 2048 levels deep, where the HTML "
                                     "parser stops reading; tables past that point would be lost")
    return root


def _tag(el) -> str | None:
    tag = el.tag
    return tag if isinstance(tag, str) else None  # comments/PIs/entities have non-str tags; libxml2 lowercases


def _is_hidden(el) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def element_lines(el, on_table: Callable[[object], list[str]]) -> list[str]:
    """The visible lines under ``el``: block elements and <br> break lines, inline text joins.

    ``on_table(table)`` returns the lines that stand for a nested <table> (the element itself is
    not entered). Hidden and non-text elements are skipped; their tails are kept.
    """
    flat = _flat_lines(el)
    if flat is not None:
        return flat
    lines: list[str] = []
    current: list[str] = []

    def newline() -> None:
        if current:
            lines.append(clean_inline("".join(current)))
            current.clear()

    stack: list[tuple[Any, bool]] = [(el, False)]  # lxml elements (lxml ships no type stubs)
    while stack:
        node, leaving = stack.pop()
        tag = _tag(node)
        if leaving:
            if tag in _BLOCK_TAGS:
                newline()
            if node is not el and node.tail:
                current.append(node.tail)
            continue
        if node is not el and (tag is None or tag in _SKIP_TAGS or _is_hidden(node)):
            if node.tail:
                current.append(node.tail)
            continue
        if tag == "table" and node is not el:
            newline()
            lines.extend(on_table(node))
            if node.tail:
                current.append(node.tail)
            continue
        if tag == "br":
            newline()
            if node.tail:
                current.append(node.tail)
            continue
        if tag in _BLOCK_TAGS:
            newline()
        if node.text:
            current.append(node.text)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    newline()
    return [line for line in lines if line]


def _flat_lines(el) -> list[str] | None:
    """:func:`element_lines` of the usual table cell, without the walk: text only, or visible
    childless blocks (Word's ``<td><p>…</p></td>``), each block's text and tail a line of its
    own. None when ``el`` holds anything else."""
    parts = [el.text]
    for child in el:
        tag = child.tag
        if (len(child) or not isinstance(tag, str) or tag not in _BLOCK_TAGS or tag == "table"
                or _is_hidden(child)):
            return None
        parts += (child.text, child.tail)
    return [line for part in parts if part and (line := clean_inline(part))]


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

@dataclass
class HtmlCell:
    """A cell as written in the HTML, before the table algorithm places it."""

    text: str
    lines: list[str]  # the visible lines the text was joined from
    element: object = field(default=None, repr=False)  # the <td>/<th>
    rowspan: int = 1  # 0 = to the end of the row group, as the HTML standard says
    colspan: int = 1
    width: float | None = None  # declared width, in px or (width_unit "%") percent of the table
    width_unit: str = "px"


@dataclass
class HtmlRow:
    cells: list[HtmlCell]
    group: int  # the row group (thead/tbody/tfoot, or the table itself) the row belongs to


_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([0-9.]+)\s*(px|pt|cm|mm|in|pc|%|[a-z]+)?", re.IGNORECASE)
_WIDTH_ATTR = re.compile(r"([0-9.]+)\s*(px|%)?")
_UNIT_PX = {"px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_ZERO_HEIGHT = re.compile(r"(?:^|;)\s*height\s*:\s*0(?:\.0*)?\s*(?:px|pt)?\s*(?:;|$)", re.IGNORECASE)


def _declared_width(td) -> tuple[float | None, str]:
    """A cell's declared width as (value, "px") or (percent, "%"); (None, "px") when absent or
    in units that depend on the font (em)."""
    m = _WIDTH.search(td.get("style") or "") or _WIDTH_ATTR.fullmatch((td.get("width") or "").strip().lower())
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


_LEADING_INT = re.compile(r"\s*(\d+)")


def _span(value: str | None, default: int, low: int, high: int) -> int:
    m = _LEADING_INT.match(value or "")
    if not m:
        return default
    return max(low, min(high, int(m.group(1))))


def _own_descendants(table, wanted: frozenset[str]):
    """Descendants of ``table`` with a tag in ``wanted`` whose nearest <table> is ``table``,
    in document order, not entering nested tables or hidden elements."""
    stack = list(reversed(table))
    while stack:
        node = stack.pop()
        tag = _tag(node)
        if tag is None or _is_hidden(node):
            continue
        if tag in wanted:
            yield node
            continue
        if tag == "table" or tag in _SKIP_TAGS:
            continue
        stack.extend(reversed(node))


def _is_spacer_row(tr) -> bool:
    """Word's ``<tr height=0>`` row of empty cells that only fixes column widths."""
    return (tr.get("height") or "").strip() == "0" or bool(_ZERO_HEIGHT.search(tr.get("style") or ""))


def table_to_rows(table, cell_lines: Callable[[object], list[str]]) -> list[HtmlRow]:
    """The table's own rows, each with its cells as written. <td>s outside any <tr> (lxml
    keeps those from broken markup) form a row with their neighbours; <tfoot> goes last."""
    rows: list[HtmlRow] = []
    foot: list[HtmlRow] = []
    loose: HtmlRow | None = None
    sections: dict[object, int] = {}
    for node in _own_descendants(table, frozenset({"tr", "td", "th"})):
        parent = node.getparent()
        section = parent if _tag(parent) in ("thead", "tbody", "tfoot") else table
        group = sections.setdefault(section, len(sections))
        if _tag(node) == "tr":
            loose = None
            if _is_spacer_row(node):
                continue
            cells = [_html_cell(td, cell_lines) for td in _own_descendants(node, frozenset({"td", "th"}))]
            (foot if _tag(section) == "tfoot" else rows).append(HtmlRow(cells, group))
        else:
            if loose is None or loose.group != group:
                loose = HtmlRow([], group)
                rows.append(loose)
            loose.cells.append(_html_cell(node, cell_lines))
    return rows + foot


def _html_cell(td, cell_lines: Callable[[object], list[str]]) -> HtmlCell:
    width, unit = _declared_width(td)
    lines = cell_lines(td)
    return HtmlCell(
        text=join_lines(lines),
        lines=lines,
        element=td,
        rowspan=_span(td.get("rowspan"), 1, 0, MAX_ROWSPAN),
        colspan=_span(td.get("colspan"), 1, 1, MAX_COLSPAN),
        width=width,
        width_unit=unit,
    )


class _TooWide(Exception):
    pass


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
        cells, widths, repairs = _place(rows, cut)
        fix = _overlong_rowspan(cells)
        if fix is None:
            break
        index, rowspan = fix
        notes.append(f"row {cells[index].row}: rowspan {cells[index].rowspan} cut to {rowspan} "
                     "(it pushed the rows below it past the table's width)")
        cut[index] = rowspan
    return cells, widths, repairs + notes


def _place(rows: list[HtmlRow], cut: dict[int, int]) -> tuple[list[GridCell], list[float | None], list[str]]:
    units = [c.width_unit for row in rows for c in row.cells if c.width is not None]
    unit = max(set(units), key=units.count) if units else "px"
    n = len(rows)
    group_end = [n - 1] * n  # the last row of each row's group
    for r in range(n - 2, -1, -1):
        group_end[r] = group_end[r + 1] if rows[r + 1].group == rows[r].group else r
    cells: list[GridCell] = []
    widths: list[float | None] = []
    repairs: list[str] = []
    held: list[int] = []  # per column: the last row a placed cell holds (-1 = free)
    for r, row in enumerate(rows):
        col = 0
        for raw in row.cells:
            while col < len(held) and held[col] >= r:
                col += 1
            if col >= MAX_TABLE_COLS:
                raise _TooWide()
            colspan = min(raw.colspan, MAX_TABLE_COLS - col)
            free = 0
            while free < colspan and (col + free >= len(held) or held[col + free] < r):
                free += 1
            if free < colspan:
                repairs.append(f"row {r}: colspan {colspan} cut to {free} (overlaps a rowspan from above)")
                colspan = free
            limit = group_end[r] - r + 1
            rowspan = limit if raw.rowspan == 0 else min(raw.rowspan, limit)
            if raw.rowspan > limit:
                repairs.append(f"row {r}: rowspan {raw.rowspan} cut to {limit} (end of the table/row group)")
            rowspan = cut.get(len(cells), rowspan)
            if col + colspan > len(held):
                held.extend([-1] * (col + colspan - len(held)))
            for c in range(col, col + colspan):
                held[c] = r + rowspan - 1
            cells.append(GridCell(row=r, col=col, text=raw.text, rowspan=rowspan, colspan=colspan))
            widths.append(raw.width if raw.width_unit == unit else None)
            col += colspan
    return cells, widths, repairs


def _overlong_rowspan(cells: list[GridCell]) -> tuple[int, int] | None:
    """A rowspan whose last rows overflow the table's width (the usual row width, or the top
    row's when wider) by exactly its own colspan, while the row above them fits: (index of the
    cell, the rowspan that makes them fit)."""
    extent: dict[int, int] = {}
    first: dict[int, int] = {}
    for cell in cells:
        extent[cell.row] = max(extent.get(cell.row, 0), cell.last_col + 1)
        first[cell.row] = min(first.get(cell.row, cell.col), cell.col)
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


# ---------------------------------------------------------------------------------------------
# Grid clean-up (shared with the DOCX source)
# ---------------------------------------------------------------------------------------------

def _renumber(cells: list[GridCell], removed: set[int], axis: str) -> None:
    """Remove grid lines ``removed`` (rows or columns no cell is alone in) from every cell."""
    if not removed:
        return
    size = max((c.last_row if axis == "row" else c.last_col for c in cells), default=-1) + 1
    new_index: list[int] = []
    kept = 0
    for i in range(size):
        new_index.append(kept)
        if i not in removed:
            kept += 1
    for cell in cells:
        first = cell.row if axis == "row" else cell.col
        last = cell.last_row if axis == "row" else cell.last_col
        lo = next((i for i in range(first, last + 1) if i not in removed), None)
        hi = next((i for i in range(last, first - 1, -1) if i not in removed), None)
        if lo is None or hi is None:  # cannot happen: callers only remove lines no cell is alone in
            raise AssertionError(f"cell at ({cell.row}, {cell.col}) would vanish")
        if axis == "row":
            cell.row, cell.rowspan = new_index[lo], new_index[hi] - new_index[lo] + 1
        else:
            cell.col, cell.colspan = new_index[lo], new_index[hi] - new_index[lo] + 1


def collapse_empty_lines(cells: list[GridCell]) -> dict[str, int]:
    """Drop rows and columns no cell starts in (empty <tr>s, slots only reached by an
    over-long span such as colspan=100 in a 4-column table). Lossless: such a line is not a
    boundary of any cell."""
    row_starts = {c.row for c in cells}
    col_starts = {c.col for c in cells}
    n_rows = max((c.last_row for c in cells), default=-1) + 1
    n_cols = max((c.last_col for c in cells), default=-1) + 1
    empty_rows = set(range(n_rows)) - row_starts
    empty_cols = set(range(n_cols)) - col_starts
    _renumber(cells, empty_rows, "row")
    _renumber(cells, empty_cols, "col")
    return {"rows": len(empty_rows), "cols": len(empty_cols)}


MAX_SLIVER_COLS = 64  # wider tables are not report tables; their widths are not solved


def column_widths(spans: list[tuple[int, int, float]], n_cols: int) -> list[float]:
    """Column widths from cell widths, by least squares: each (first col, last col, width) says
    the columns it covers sum to that width. Normal equations with a tiny ridge (so columns the
    widths do not determine share evenly), solved by Gaussian elimination; n_cols is small."""
    m = [[0.0] * n_cols for _ in range(n_cols)]
    v = [0.0] * n_cols
    for first, last, width in spans:
        for i in range(first, last + 1):
            v[i] += width
            row = m[i]
            for j in range(first, last + 1):
                row[j] += 1.0
    for i in range(n_cols):
        m[i][i] += 1e-6
    for k in range(n_cols):  # elimination with partial pivoting
        pivot = max(range(k, n_cols), key=lambda i: abs(m[i][k]))
        m[k], m[pivot], v[k], v[pivot] = m[pivot], m[k], v[pivot], v[k]
        for i in range(k + 1, n_cols):
            factor = m[i][k] / m[k][k]
            if factor:
                row_i, row_k = m[i], m[k]
                for j in range(k, n_cols):
                    row_i[j] -= factor * row_k[j]
                v[i] -= factor * v[k]
    x = [0.0] * n_cols
    for i in range(n_cols - 1, -1, -1):
        x[i] = (v[i] - sum(m[i][j] * x[j] for j in range(i + 1, n_cols))) / m[i][i]
    return x


def collapse_sliver_columns(cells: list[GridCell], widths: list[float | None], *,
                            min_known: float = 0.8, ratio: float = 0.12) -> list[int]:
    """Remove columns that only exist because colspans are misaligned by a hair.

    Word-made tables often carry rows like ``[149px][colspan=2 101px]`` over
    ``[colspan=2 150px][101px]``: a 1-px column appears that no cell lies alone in, and the
    values seem shifted by one column. Column widths are solved from the declared cell widths
    (least squares); a column no cell lies alone in whose width is below ``ratio`` × the median
    column width is removed. Nothing happens unless ``min_known`` of the cells declare a width.
    Returns the removed column indices (before removal).
    """
    known = [(c, w) for c, w in zip(cells, widths) if w is not None and w > 0]
    if not cells or len(known) < min_known * len(cells):
        return []
    n_cols = max(c.last_col for c in cells) + 1
    alone = {c.col for c in cells if c.colspan == 1}
    candidates = [i for i in range(n_cols) if i not in alone]
    if not candidates or n_cols < 3 or n_cols > MAX_SLIVER_COLS:
        return []
    solved = column_widths([(c.col, c.last_col, width) for c, width in known], n_cols)
    ordered = sorted(solved)
    median = ordered[len(ordered) // 2]
    if median <= 0:
        return []
    slivers = [i for i in candidates if solved[i] < ratio * median]
    _renumber(cells, set(slivers), "col")
    return slivers


# ---------------------------------------------------------------------------------------------
# Which grids are report tables (shared with the DOCX source)
# ---------------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+\-－＋]?\s*\d[\d,，.]*\s*(?:万元|亿元|元|件|项|个|%)?")


def is_value_text(text: str) -> bool:
    """A number as printed in a value cell (signed, with thousands separators or a unit)."""
    return bool(_NUMBER.fullmatch(text.strip()))


def grid_report_labels(grid: Grid) -> set[str]:
    """The schema labels found among the grid's cells: a cell equal to a label, or a short cell
    containing one (行政规范性文件 ⊃ 规范性文件, 1.属于国家秘密 ⊃ 属于国家秘密)."""
    labels = report_labels()
    found: set[str] = set()
    for cell in grid.cells:
        text = normalize_label(cell.text)
        if len(text) < 4 or len(text) > 80:
            continue
        if text in labels:
            found.add(text)
            continue
        for label in labels:
            if label in text and len(text) <= len(label) + 8:
                found.add(label)
    return found


def select_report_grids(grids: list[Grid]) -> tuple[list[Grid], list[dict]]:
    """Keep the grids that hold report content, in order; say why each other one was dropped.

    A grid is kept when two distinct schema labels are among its cells and it also has a value
    cell or a third label (a header in a <table> of its own). A grid of values only is kept
    when it directly follows a grid kept for its labels and has as many columns (a table cut
    into a header <table> and a values <table>)."""
    kept: list[Grid] = []
    dropped: list[dict] = []
    previous: Grid | None = None  # the grid just before, when it was kept for its labels
    for index, grid in enumerate(grids):
        labels = grid_report_labels(grid)
        texts = [c.text for c in grid.cells if c.text]
        values = sum(1 for t in texts if is_value_text(t))
        continues = previous is not None and previous.debug.get("raw_cols", previous.n_cols) \
            == grid.debug.get("raw_cols", grid.n_cols)
        if len(labels) >= 2 and (values or len(labels) >= 3):
            keep, reason = True, f"{len(labels)} report labels"
        elif continues and values >= 2 and values >= 0.6 * len(texts):
            keep, reason = True, "values continuing the previous report table"
        else:
            keep, reason = False, f"{len(labels)} report labels, {values} values"
        grid.debug["report_labels"] = len(labels)
        if keep:
            grid.debug["kept"] = reason
            kept.append(grid)
        else:
            preview = " | ".join(texts[:6])[:120]
            dropped.append({"index": index, "reason": reason, "preview": preview})
        previous = grid if keep and labels else None
    return kept, dropped


def finish_grid(cells: list[GridCell], widths: list[float | None] | None, source: SourceKind,
                debug: dict) -> Grid:
    """Clean a placed grid (lossless collapses, then slivers) and wrap it."""
    debug["raw_cols"] = max((c.last_col for c in cells), default=-1) + 1
    debug["collapsed"] = collapse_empty_lines(cells)
    if widths is not None:
        slivers = collapse_sliver_columns(cells, widths)
        if slivers:
            debug["sliver_cols"] = slivers
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(cells=cells, source=source, debug=debug)


# ---------------------------------------------------------------------------------------------
# The source
# ---------------------------------------------------------------------------------------------

def read_html(data: bytes, name: str, settings: Settings | dict | None = None,
              deadline: Deadline | None = None) -> Layout:
    """Read a saved web page, a page's HTML or a fragment into a Layout (source ``"html"``).

    Tables become separate grids in document order (the core stitches); tables with no report
    content (navigation, metadata) are dropped and listed in ``layout.debug["dropped_tables"]``.
    Nothing is ever fetched.
    """
    settings = Settings.resolve(settings)
    started = perf_counter()
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > settings.max_html_bytes:
        raise TooLargeError(name, f"{len(data):,} bytes of HTML is above max_html_bytes="
                                  f"{settings.max_html_bytes:,}; raise that setting to read it")
    text, encoding = bytes_to_text(data, name)
    root = text_to_tree(text, name)
    debug: dict = {"encoding": encoding}
    if root is None:
        return Layout(source="html", text="", debug=debug)
    clock = deadline or Deadline(settings.time_limit_s, name)

    def cell_lines(td) -> list[str]:
        clock.check("reading the HTML's cells")
        if len(td) == 0:  # the common case: text only
            text = clean_inline(td.text or "")
            return [text] if text else []
        return element_lines(td, on_table=lambda _t: [])

    rows_of: dict[object, list[HtmlRow]] = {}

    def rows_for(table) -> list[HtmlRow]:
        if table not in rows_of:
            clock.check_now("reading the HTML's tables")
            rows_of[table] = table_to_rows(table, cell_lines)
        return rows_of[table]

    grids: list[Grid] = []
    skipped: list[dict] = []
    tables = tree_to_tables(root)
    for index, table in enumerate(tables):
        clock.check_now(f"table {index + 1} of {len(tables)}")
        rows = rows_for(table)
        try:
            cells, widths, repairs = rows_to_cells(rows)
        except _TooWide:
            skipped.append({"index": index, "reason": f"wider than {MAX_TABLE_COLS} columns", "preview": ""})
            continue
        if not cells:
            continue
        grid_debug: dict = {"table_index": index}
        if repairs:
            grid_debug["repairs"] = repairs
            log.info("%s: table %d: %s", name, index, "; ".join(repairs[:5]))
        if settings.keep_debug:
            grid_debug["raw_spans"] = [(c.row, c.col, c.rowspan, c.colspan) for c in cells]
        grids.append(finish_grid(cells, widths, "html", grid_debug))
    clock.check_now("choosing the report's tables")
    kept, dropped = select_report_grids(grids)
    debug["dropped_tables"] = skipped + dropped

    index_of = {table: index for index, table in enumerate(tables)}
    text, spans = tree_to_text(root, lambda t: _table_lines(t, rows_for, index_of))
    for grid in kept:
        grid.debug["text_lines"] = spans.get(grid.debug["table_index"])
    debug["seconds"] = round(perf_counter() - started, 4)
    return Layout(source="html", grids=kept, text=text, debug=debug)


def tree_to_text(root, table_lines: Callable[[object], list[str]]) -> tuple[str, dict[int, tuple[int, int]]]:
    """The page's visible text, the <title> first (it names the agency and year): one line per
    block, table rows as tab-separated cells. Also where each table's lines are (see
    :func:`marked_lines_to_text`)."""
    title = root.find(".//title")
    lines = [clean_inline("".join(title.itertext()))] if title is not None else []
    lines += element_lines(root, on_table=table_lines)
    return marked_lines_to_text(lines)


_MARK = "\x00gktables-table:"


def mark_table_lines(index: int, lines: list[str]) -> list[str]:
    """A table's text lines between two markers that :func:`marked_lines_to_text` removes."""
    return [f"{_MARK}<{index}", *lines, f"{_MARK}>{index}"]


def marked_lines_to_text(lines: list[str]) -> tuple[str, dict[int, tuple[int, int]]]:
    """Join lines into the document text, dropping empty lines and table markers; return the
    text and, per table index, its (first, last) line number in the text (0-based, inclusive),
    so the core can read the heading above a grid or the note under it."""
    out: list[str] = []
    starts: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    for line in lines:
        if line.startswith(_MARK):
            index = int(line[len(_MARK) + 1:])
            if line[len(_MARK)] == "<":
                starts[index] = len(out)
            elif index in starts and len(out) > starts[index]:
                spans[index] = (starts.pop(index), len(out) - 1)
            continue
        if line.strip():
            out.append(line)
    return "\n".join(out), spans


def tree_to_tables(root) -> list:
    """Every <table> not inside a hidden or skipped element, in document order."""
    return [t for t in root.iter("table") if not any(_is_hidden(a) or _tag(a) in _SKIP_TAGS
                                                       for a in (t, *t.iterancestors()))]


def _table_lines(table, rows_for: Callable[[object], list[HtmlRow]], index_of: dict) -> list[str]:
    """A table in the document text, between markers: caption, then one tab-separated line per
    row, then the tables nested in its cells. A row holding running text (a page-layout table
    around the article) keeps the text's own lines, nested tables in place."""
    lines = []
    shown: set = set()  # nested tables already rendered in place

    def nested_in_place(nested) -> list[str]:
        shown.add(nested)
        return _table_lines(nested, rows_for, index_of)

    for caption in _own_descendants(table, frozenset({"caption"})):
        lines.append(join_lines(element_lines(caption, on_table=lambda _t: [])))
    for row in rows_for(table):
        if any(len(cell.lines) > 3 or len(cell.text) > 200 for cell in row.cells):
            for cell in row.cells:
                lines.extend(element_lines(cell.element, on_table=nested_in_place))
            continue
        line = "\t".join(cell.text for cell in row.cells)
        if line.strip():
            lines.append(line)
    for nested in _nested_tables(table):
        if nested not in shown:
            lines.extend(_table_lines(nested, rows_for, index_of))
    return mark_table_lines(index_of.get(table, -1), lines)


def _nested_tables(table) -> list:
    """The visible tables directly nested in ``table``'s cells (one level down)."""
    out = []
    for nested in table.iter("table"):
        if nested is table:
            continue
        chain = []
        for ancestor in nested.iterancestors():
            if ancestor is table:
                break
            chain.append(ancestor)
        if any(_tag(a) == "table" or _is_hidden(a) or _tag(a) in _SKIP_TAGS for a in chain) or _is_hidden(nested):
            continue
        out.append(nested)
    return out
