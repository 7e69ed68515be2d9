"""DOCX source: a Word (or WPS) .docx → :class:`Layout`; legacy .doc/.wps/.rtf via LibreOffice.

python-docx opens the package (relationships, parts); the table XML is read here, because
python-docx's cell API repeats merged cells instead of giving their spans. The stages:

    sniff_word_file          zip (DOCX) / OLE2 (.doc, .wps) / RTF / HTML or MHTML saved as .doc  (legacy.py)
    convert_legacy_to_docx   LibreOffice headless, in a temporary directory                     (legacy.py)
    package_to_parts         the main document, numbering and styles XML (sizes checked first)  (package.py)
    container_content        paragraphs, tables, text boxes and imported chunks (w:altChunk)
                             in document order → text lines; every table → table_lines
    table_to_cells           w:gridSpan → colspan, w:vMerge restart/continue → rowspan,
                             w:gridBefore shifts a row right, legacy w:hMerge joins cells
    finish_grid / select_report_grids   shared with the HTML source (sources/tables.py)

List numbering that Word renders but does not store as text (一、 （一） 1.) is rebuilt from
numbering.xml, so labels read as printed (numbering.py). HTML content (an HTML page under a Word
name, an imported w:altChunk) is read with the HTML source.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from time import perf_counter
from typing import TYPE_CHECKING

from ...deadline import Deadline
from ...errors import CorruptFileError
from ...layout import Grid, GridCell, Layout
from ...settings import Settings
from ..html import read_html
from ..joining import join_markup_lines
from ..tables import MAX_TABLE_COLS, finish_grid, mark_table_lines, marked_lines_to_text, select_report_grids
from .legacy import convert_legacy_to_docx, mhtml_to_html, sniff_word_file
from .numbering import Numbering
from .package import check_zip, package_to_parts
from .xml import MAX_GRID_SPAN, MC, child, int_val, is_on, val, w

if TYPE_CHECKING:  # python-docx is optional: imported when a DOCX is opened
    from docx.opc.part import Part

log = logging.getLogger(__name__)

_SKIPPED = frozenset({w("del"), w("moveFrom"), w("instrText"), w("delText"), w("delInstrText"),
                      w("rPr"), w("pPr"), w("sdtPr"), w("sdtEndPr"), w("fldData"),
                      "{" + MC + "}Fallback"})


_RUN_TEXT = {w("t"): None, w("tab"): " ", w("ptab"): " ", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}
_TXBX, _RUN = w("txbxContent"), w("r")


def paragraph_text(p, numbering: Numbering, textboxes: list) -> str:
    """The text of one paragraph as Word shows it: runs in order, deleted and hidden text and
    field codes left out, the list label in front. Text boxes met on the way are appended to
    ``textboxes`` (they are blocks of their own)."""
    pieces: list[str] = [numbering.label(p)]
    stack = list(reversed(p))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _RUN_TEXT:
            text = _RUN_TEXT[tag]
            pieces.append(node.text or "" if text is None else text)
        elif tag == _TXBX:
            textboxes.append(node)
        elif tag == _RUN and is_on(child(child(node, "rPr"), "vanish")):
            continue
        else:
            stack.extend(reversed(node))
    return "".join(pieces)


@dataclass
class _Ctx:
    numbering: Numbering
    grids: list[Grid | None]  # None: a table with no cells, holding its place in document order
    name: str
    deadline: Deadline
    keep_debug: bool
    settings: Settings
    main_part: Part | None = None
    depth: int = 0  # how deep in w:altChunk documents we are
    table_index: int = 0

    def check_time(self) -> None:
        self.deadline.check("reading the DOCX")


_P, _TBL = w("p"), w("tbl")
_BLOCKS = frozenset({_P, _TBL, w("altChunk")})
_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")})


def _block_children(container) -> list:
    """The block-level children of a body/cell/text box, unwrapping content controls."""
    out = []
    stack = list(reversed(container))
    while stack:
        node = stack.pop()
        tag = node.tag
        if tag in _BLOCKS:
            out.append(node)
        elif tag in _WRAPPERS:
            stack.extend(reversed(node))
    return out


def container_lines(container, ctx: _Ctx) -> list[str]:
    """Lines of a body, cell or text box: a paragraph per line (a line break in it splits the
    line), tables as tab-separated rows; tables become grids on ``ctx.grids`` as met."""
    return container_content(container, ctx)[1]


def container_content(container, ctx: _Ctx) -> tuple[list[str], list[str], list[str]]:
    """(its own lines: paragraphs and text boxes; all its lines in order; the lines of the
    tables and imported chunks in it)."""
    own: list[str] = []
    ordered: list[str] = []
    inner: list[str] = []
    for block in _block_children(container):
        if block.tag == _P:
            textboxes: list = []
            lines = paragraph_text(block, ctx.numbering, textboxes).split("\n")
            for box in textboxes:
                lines.extend(container_lines(box, ctx))
            own.extend(lines)
            ordered.extend(lines)
        else:
            lines = table_lines(block, ctx) if block.tag == _TBL else alt_chunk_lines(block, ctx)
            ordered.extend(lines)
            inner.extend(lines)
    return own, ordered, inner


R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MAX_ALT_CHUNK_DEPTH = 2


def alt_chunk_lines(chunk, ctx: _Ctx) -> list[str]:
    """A w:altChunk: content Word imports when it opens the file (web editors export HTML this
    way). HTML/MHTML and DOCX chunks are read with their own source; their grids join ctx.grids."""
    rel = ctx.main_part.rels.get(chunk.get(R_ID)) if ctx.main_part is not None else None
    if rel is None or rel.is_external or ctx.depth >= MAX_ALT_CHUNK_DEPTH:
        return []
    part = rel.target_part
    content_type, blob = part.content_type, part.blob
    label = f"{ctx.name}#{part.partname}"
    if "html" in content_type:
        layout = read_html(blob, label, ctx.settings)
    elif content_type in ("message/rfc822", "multipart/related") or sniff_word_file(blob) == "mhtml":
        layout = read_html(mhtml_to_html(blob), label, ctx.settings)
    elif sniff_word_file(blob) == "zip":
        layout = _read_docx(blob, label, ctx.settings, ctx.depth + 1, ctx.deadline)
    elif content_type == "text/plain":
        return blob.decode("utf-8", errors="replace").splitlines()
    else:
        log.info("%s: an embedded %s chunk is not read", ctx.name, content_type)
        return []
    lines = layout.text.splitlines()
    opening: dict[int, list[str]] = {}
    closing: dict[int, list[str]] = {}
    for grid in layout.grids:  # renumber the chunk's tables into this document's, keep their lines
        span = grid.text_lines
        grid.debug["table_index"] = ctx.table_index
        if span:
            marks = mark_table_lines(ctx.table_index, [])
            opening.setdefault(span[0], []).append(marks[0])
            closing.setdefault(span[1], []).insert(0, marks[1])
        ctx.table_index += 1
    ctx.grids.extend(layout.grids)
    return [m for i, line in enumerate(lines) for m in (*opening.get(i, []), line, *closing.get(i, []))]


def _own(parent, tag: str) -> list:
    """Children of ``parent`` with ``tag``, looking through content-control wrappers."""
    out = []
    stack = list(reversed(parent))
    while stack:
        node = stack.pop()
        if node.tag == tag:
            out.append(node)
        elif node.tag in _WRAPPERS:
            stack.extend(reversed(node))
    return out


def table_lines(tbl, ctx: _Ctx) -> list[str]:
    """Lay out one w:tbl as a grid (kept on ctx.grids, nested tables after it) and return its
    rows as text lines."""
    ctx.check_time()
    index = ctx.table_index
    ctx.table_index += 1
    slot = len(ctx.grids)
    ctx.grids.append(None)  # keeps document order; nested tables follow
    cells, widths, repairs, row_lines = table_to_cells(tbl, ctx)
    debug: dict = {"table_index": index}
    if repairs:
        debug["repairs"] = repairs
    if ctx.keep_debug:
        debug["raw_spans"] = [(c.row, c.col, c.rowspan, c.colspan) for c in cells]
    ctx.grids[slot] = finish_grid(cells, widths, "docx", debug) if cells else None
    return mark_table_lines(index, row_lines)


def _grid_widths(tbl) -> list[float]:
    grid = child(tbl, "tblGrid")
    if grid is None:
        return []
    out = []
    for col in grid.findall(w("gridCol")):
        try:
            out.append(float(col.get(w("w"))) / 15.0)  # twips → px
        except (TypeError, ValueError):
            return []
    return out


def table_to_cells(tbl, ctx: _Ctx):
    """w:tbl → placed cells. gridBefore shifts a row right; gridSpan is the colspan; a
    vMerge continue cell extends the cell above in the same grid column (its text is dropped);
    a legacy hMerge continue cell widens the cell on its left.

    Returns (cells, widths from w:tblGrid or None, repair notes, text lines of the rows).
    A row is one tab-separated line followed by the lines of tables nested in it; a row holding
    running text (a page-layout table) gives its cells' lines instead.
    """
    cells: list[GridCell] = []
    repairs: list[str] = []
    row_lines: list[str] = []
    column_top: dict[int, GridCell] = {}  # grid column → the cell that last started there
    rows = [tr for tr in _own(tbl, w("tr")) if child(child(tr, "trPr"), "del") is None]  # tracked deletions
    for r, tr in enumerate(rows):
        ctx.check_time()
        tr_pr = child(tr, "trPr")
        col = int_val(child(tr_pr, "gridBefore"), 0) if tr_pr is not None else 0
        col = max(0, min(col, MAX_TABLE_COLS - 1))
        left: GridCell | None = None
        texts: list[str] = []
        contents: list[tuple[list[str], list[str], list[str]]] = []
        for tc in _own(tr, w("tc")):
            tc_pr = child(tc, "tcPr")
            span = int_val(child(tc_pr, "gridSpan"), 1) if tc_pr is not None else 1
            span = max(1, min(span, MAX_GRID_SPAN, MAX_TABLE_COLS - col))
            v_merge = child(tc_pr, "vMerge") if tc_pr is not None else None
            h_merge = child(tc_pr, "hMerge") if tc_pr is not None else None
            if h_merge is not None and val(h_merge) != "restart" and left is not None:
                left.colspan += span
                col += span
                continue
            if v_merge is not None and val(v_merge) != "restart":
                above = column_top.get(col)
                if above is not None and above.last_row == r - 1:
                    if above.colspan != span:
                        repairs.append(f"row {r}: vMerge continue of width {span} "
                                       f"under a cell of width {above.colspan}")
                    above.rowspan += 1
                    left = None
                    col += span
                    continue
                repairs.append(f"row {r}: vMerge continue with no cell above at column {col}; kept as a cell")
            own, ordered, inner = container_content(tc, ctx)  # nested tables become grids of their own
            text = join_markup_lines(own)
            cell = GridCell(row=r, col=col, text=text, rowspan=1, colspan=span)
            cells.append(cell)
            texts.append(text)
            contents.append((own, ordered, inner))
            for c in range(col, col + span):
                column_top[c] = cell
            left = cell
            col += span
            if col >= MAX_TABLE_COLS:
                repairs.append(f"row {r}: cut at {MAX_TABLE_COLS} columns")
                break
        if any(len(own) > 3 or len(text) > 200 for (own, _, _), text in zip(contents, texts)):
            row_lines.extend(line for _, ordered, _ in contents for line in ordered)
            continue
        if any(texts):
            row_lines.append("\t".join(texts))
        row_lines.extend(line for _, _, inner in contents for line in inner)
    grid_widths = _grid_widths(tbl)
    widths = None
    if grid_widths and all(c.last_col < len(grid_widths) for c in cells):
        widths = [sum(grid_widths[c.col:c.last_col + 1]) for c in cells]
    return cells, widths, repairs, row_lines


# ---------------------------------------------------------------------------------------------
# The source
# ---------------------------------------------------------------------------------------------

def read_docx(data: bytes, name: str, settings: Settings | dict | None = None,
              deadline: Deadline | None = None) -> Layout:
    """Read a .docx into a Layout (source ``"docx"``). Legacy .doc/.wps/.rtf are converted with
    LibreOffice first; an HTML or MHTML page saved under a Word name is read as HTML."""
    settings = Settings.resolve(settings)
    return _read_docx(data, name, settings, 0, deadline or Deadline(settings.time_limit_s, name))


def _read_docx(data: bytes, name: str, settings: Settings, depth: int, deadline: Deadline) -> Layout:
    started = perf_counter()
    kind = sniff_word_file(data)
    if kind in ("ole", "rtf", "wordml", "odt"):
        data = convert_legacy_to_docx(data, name, deadline.remaining())
    elif kind == "html":
        log.info("%s: an HTML page with a Word name; reading it as HTML", name)
        return read_html(data, name, settings, deadline)
    elif kind == "mhtml":
        log.info("%s: a single-file web page (MHTML) with a Word name; reading it as HTML", name)
        return read_html(mhtml_to_html(data), name, settings, deadline)
    elif kind != "zip":
        raise CorruptFileError(name, f"not a DOCX: a DOCX is a zip archive and this file starts with {data[:8]!r}; "
                                     "check that it is a Word document and re-save it as .docx")
    check_zip(data, name, settings, deadline)
    parts = package_to_parts(data, name)
    grids: list[Grid | None] = []
    ctx = _Ctx(numbering=Numbering.from_parts(parts.numbering, parts.styles), grids=grids, name=name,
               deadline=deadline, keep_debug=settings.keep_debug,
               settings=settings, main_part=parts.main_part, depth=depth)
    lines = container_lines(child(parts.document, "body"), ctx)
    kept, dropped = select_report_grids([g for g in grids if g is not None])
    lines = [x if "\t" in x or x.startswith("\x00") else join_markup_lines([x]) for x in lines]
    text, spans = marked_lines_to_text(lines)
    for grid in kept:
        grid.text_lines = spans.get(grid.debug["table_index"])
    debug = {"dropped_tables": dropped, "converted": kind != "zip", "seconds": round(perf_counter() - started, 4)}
    return Layout(source="docx", grids=kept, text=text, debug=debug)
