"""HTML source: a saved page, a page's HTML string or a fragment → :class:`Layout`.

The stages, each a small transform:

    bytes_to_text        decode (BOM, strict UTF-8, the declared charset, strict GB18030)   charset.py
    text_to_tree         lxml, no network, entities off; huge_tree so that nesting up to 2048 parses
                         (libxml2 stops at 255 otherwise); deeper is a clear error, never silence
                                                                                            tree.py
    tree_to_tables       the <table> elements in document order, hidden ones left out       tree.py
    table_to_rows        each row's cells as written: text, rowspan, colspan, declared width
                                                                                            placement.py
    rows_to_cells        the HTML table algorithm (first free slot; rowspan reserves slots below)
                                                                                            placement.py
    finish_grid          collapse_empty_lines (rows/columns no cell starts in, lossless), then
                         collapse_sliver_columns (hair-thin columns of misaligned colspans,
                         judged from the declared widths)                                   ../tables.py
    select_report_grids  keep the grids that hold report content (labels from the schema)  ../tables.py
    tree_to_text         the visible text: prose lines, table rows as tab-separated cells   here

The cell-text joiner (``sources/joining.py``), the grid clean-up and the report-grid test
(``sources/tables.py``) are shared with the DOCX source.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable
from time import perf_counter

from ...deadline import Deadline
from ...errors import TooLargeError
from ...layout import Grid, Layout
from ...settings import Settings
from ..joining import clean_inline, join_markup_lines
from ..tables import MAX_TABLE_COLS, finish_grid, mark_table_lines, marked_lines_to_text, select_report_grids
from .charset import bytes_to_text
from .placement import HtmlRow, TooWideError, rows_to_cells, table_to_rows
from .tree import element_lines, nested_tables, own_descendants, text_to_tree, tree_to_tables

log = logging.getLogger(__name__)


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
    # A page that decoded as strict UTF-8 (no BOM: a BOM'd page decodes with replacements) is parsed
    # from its bytes as read, not from the text encoded again
    strict_utf8 = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8)
    root = text_to_tree(text, name, data if strict_utf8 else None)
    debug: dict = {"encoding": encoding}
    if root is None:
        return Layout(source="html", text="", debug=debug)
    clock = deadline or Deadline(settings.time_limit_s, name)

    def check() -> None:
        clock.check("reading the HTML's cells")

    rows_of: dict[object, list[HtmlRow]] = {}

    def rows_for(table) -> list[HtmlRow]:
        if table not in rows_of:
            clock.check_now("reading the HTML's tables")
            rows_of[table] = table_to_rows(table, _walked_lines, check)
        return rows_of[table]

    grids: list[Grid] = []
    skipped: list[dict] = []
    tables = tree_to_tables(root)
    for index, table in enumerate(tables):
        clock.check_now(f"table {index + 1} of {len(tables)}")
        rows = rows_for(table)
        try:
            cells, widths, repairs = rows_to_cells(rows)
        except TooWideError:
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
        grid.text_lines = spans.get(grid.debug["table_index"])
    debug["seconds"] = round(perf_counter() - started, 4)
    return Layout(source="html", grids=kept, text=text, debug=debug)


def tree_to_text(root, table_lines: Callable[[object], list[str]]) -> tuple[str, dict[int, tuple[int, int]]]:
    """The page's visible text, the <title> first (it names the agency and year): one line per
    block, table rows as tab-separated cells. Also where each table's lines are (see
    :func:`marked_lines_to_text`)."""
    title = next(root.iterdescendants("title"), None)  # (find(".//title") without ElementPath's Python)
    lines = [clean_inline("".join(title.itertext()))] if title is not None else []
    lines += element_lines(root, on_table=table_lines)
    return marked_lines_to_text(lines)



_CAPTION = frozenset({"caption"})


def _walked_lines(td) -> list[str]:
    """A cell's lines when it holds more than text and childless blocks (tables nested in it are
    grids of their own)."""
    return element_lines(td, on_table=_no_lines)


def _no_lines(_table: object) -> list[str]:
    """What a table nested in a cell or caption adds to its text: nothing (it is a grid of its own)."""
    return []


def _table_lines(table, rows_for: Callable[[object], list[HtmlRow]], index_of: dict) -> list[str]:
    """A table in the document text, between markers: caption, then one tab-separated line per
    row, then the tables nested in its cells. A row holding running text (a page-layout table
    around the article) keeps the text's own lines, nested tables in place."""
    lines = []
    shown: set = set()  # nested tables already rendered in place

    def nested_in_place(nested) -> list[str]:
        shown.add(nested)
        return _table_lines(nested, rows_for, index_of)

    captions = own_descendants(table, _CAPTION) if next(table.iter("caption"), None) is not None else ()
    for caption in captions:  # (lxml finds whether there is any caption at all without a walk in Python)
        lines.append(join_markup_lines(element_lines(caption, on_table=_no_lines)))
    for row in rows_for(table):
        if row.running:
            for cell in row.elements or ():  # (a row of running text keeps its cells' elements)
                lines.extend(element_lines(cell, on_table=nested_in_place))
            continue
        line = "\t".join(row.texts)
        if line.strip():
            lines.append(line)
    for nested in nested_tables(table):
        if nested not in shown:
            lines.extend(_table_lines(nested, rows_for, index_of))
    return mark_table_lines(index_of.get(table, -1), lines)

