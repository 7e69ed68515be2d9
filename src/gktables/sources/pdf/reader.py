"""Born-digital PDF → :class:`~gktables.layout.Layout` (source "pdf").

The pipeline per page, each stage a small pure function:

    page  --page_to_objects-->  characters, rulings, image boxes  (pdfium; see objects)
    page text  --page_text_is_table_page-->  analyse this page for tables?
    rulings  --rulings_to_grids-->  ruled grids with spans  (lattice)
    remaining characters  --chars_to_stream_grids-->  grids from word alignment  (stream)
    grids + prose characters  --page_to_text-->  the page's text (grid rows tab-separated)

Every page's text goes into ``Layout.text``; only pages whose text has table words are analysed
for grids, at most ``settings.max_pages`` of them. Image-only pages are reported in
``Layout.debug["ocr_pages"]`` and, when the text layer gives no table at all, the layout is marked
``Layout.needs_ocr`` for the dispatcher to send to OCR (see :func:`pdf_needs_ocr`). With the camelot
backend (``camelot_reader``) the table pages' grids come from camelot instead.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from collections.abc import Sequence

from ...layout import BBox, Grid, GridCell, Layout
from ...deadline import Deadline
from ...settings import Settings
from ...values import PDF_LOOSE_NUMBER
from .lattice import (Tolerances, assign_chars, lattice_to_cells, merge_rulings, on_open_edge, region_to_lattice,
                       rulings_to_regions, split_stacked_tables)
from .document import open_pdf
from .objects import Char, PageObjects
from .text import chars_to_cell_text, chars_to_page_lines, median_glyph_size

log = logging.getLogger(__name__)
# An empty cell on a ruled table's outline where no ruling closes it may be no cell at all (two
# tables printed edge to edge, the lower one narrower): its blank is flagged, not trusted.
OPEN_EDGE_NOTE = ("pdf_open_edge_blank",)

MIN_TABLE_WORDS = 2  # distinct schema labels a page's text must contain to be analysed for tables
OCR_MIN_CHARS = 10  # a page with fewer printed characters than this has no usable text layer
OCR_MIN_IMAGE_AREA = 0.25  # ... if images cover at least this fraction of it
BAD_UNICODE_SHARE = 0.3  # a page whose characters mostly lack Unicode needs OCR too


__all__ = ["read_pdf", "read_pdf_camelot", "pdf_needs_ocr", "page_objects_to_grids", "open_pdf"]


# ------------------------------------------------------------------------------------------
# Which pages hold tables
# ------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _table_words() -> tuple[str, ...]:
    """Distinctive printed words of the report tables, from the schema (titles, labels, captions)."""
    from ...labels import label_core
    from ...schema import TABLE_TITLES, load_schema

    schema = load_schema()
    labels: set[str] = set(TABLE_TITLES.values())
    for blocks in schema.t2_blocks.values():
        for block in blocks:
            labels.add(block.caption)
            labels.update(c.label for c in block.cols)
            labels.update(r.leaf for r in block.rows)
    for rows in list(schema.t3_rows.values()) + [schema.t4_rows]:
        for row in rows:
            labels.update(row.path)
    labels.update(c.label for c in schema.t3_cols)
    labels.update(c.label for c in schema.t4_cols)
    words = {label_core(label) for label in labels}
    return tuple(sorted(w for w in words if len(w) >= 4))


def page_text_is_table_page(text: str, min_words: int = MIN_TABLE_WORDS) -> bool:
    """Does this page's text hold enough table words (申请人情况, 第二十条, 行政复议 …) to analyse it?"""
    from ...labels import normalize_label

    norm = normalize_label(text)
    hits = 0
    for word in _table_words():
        if word in norm:
            hits += 1
            if hits >= min_words:
                return True
    return False


def page_needs_ocr(objs: PageObjects) -> bool:
    """A page with content but no usable text layer: big images and (almost) no characters in them."""
    area = objs.width * objs.height or 1.0
    if objs.chars and objs.unicode_errors / len(objs.chars) > BAD_UNICODE_SHARE:
        return True
    big = [im for im in objs.images if im.width * im.height >= OCR_MIN_IMAGE_AREA * area]
    for im in big:
        inside = sum(1 for c in objs.chars if im.x0 <= c.cx <= im.x1 and im.top <= c.cy <= im.bottom)
        if inside < OCR_MIN_CHARS:
            return True
    return False


# ------------------------------------------------------------------------------------------
# Grids
# ------------------------------------------------------------------------------------------

@dataclass
class PageGrids:
    """What one analysed page gives: grids in reading order and the characters outside them."""

    grids: list[Grid]
    prose: list[Char]
    debug: dict[str, Any] = field(default_factory=dict)


def page_objects_to_grids(objs: PageObjects, keep_debug: bool = False, with_stream: bool = True) -> PageGrids:
    """Ruled grids of a page, then (``with_stream``) word-aligned grids from what is left; the rest is prose."""
    tol = Tolerances.from_glyph(median_glyph_size(objs.chars))
    merged = merge_rulings(objs.rulings or [], tol)
    regions = [part for region in rulings_to_regions(merged, tol) for part in split_stacked_tables(region, tol)]
    grids: list[Grid] = []
    remaining = list(objs.chars)
    for region in regions:
        lattice = region_to_lattice(region, tol)
        boxes = lattice_to_cells(lattice)
        inside, remaining = assign_chars(boxes, lattice, remaining)
        cells = [GridCell(row=b.row, col=b.col, text=chars_to_cell_text(inside.get(k, []), b.bbox),
                          rowspan=b.rowspan, colspan=b.colspan, bbox=b.bbox, page=objs.page,
                          notes=OPEN_EDGE_NOTE if k not in inside and on_open_edge(lattice, b) else ())
                 for k, b in enumerate(boxes)]
        if len(boxes) < 2 or not inside or is_under_ruled(cells):
            # A frame around a paragraph, an empty ruled form, or a table ruled only by its outer
            # frame and row lines: its characters go to the word-alignment path.
            remaining += [c for chars in inside.values() for c in chars]
            continue
        debug: dict[str, Any] = {
            "method": "lattice", "page_size": (objs.width, objs.height), "xs": lattice.xs, "ys": lattice.ys,
            "rulings": [r.as_list() for r in region.rulings],
            "intersections": [(round(x, 2), round(y, 2)) for x, y in region.intersections],
            "tolerances": tol,
        }
        if keep_debug:
            debug["chars"] = [c for chars in inside.values() for c in chars]
        grids.append(Grid(cells=cells, source="pdf", page=objs.page, bbox=region.bbox, debug=debug))
    if with_stream:
        from .stream import chars_to_stream_grids

        h_rulings = [r for r in merged if r.axis == "h"]
        stream_grids, remaining = chars_to_stream_grids(remaining, h_rulings, tol, objs.page,
                                                        (objs.width, objs.height))
        grids += stream_grids
    grids.sort(key=lambda g: (g.bbox.top if g.bbox else 0.0, g.bbox.x0 if g.bbox else 0.0))
    note_clipped_cells(grids, objs.chars, objs.clips)
    page_debug = {"size": (objs.width, objs.height), "rulings": [r.as_list() for r in merged],
                  "tolerances": tol, "n_regions": len(regions)}
    return PageGrids(grids, remaining, page_debug)


CLIP_REACH = 0.7  # glyphs: a digit ending this close to a clip's edge may have lost the digits past it


def note_clipped_cells(grids: Sequence[Grid], chars: Sequence[Char], clips: Sequence[BBox]) -> None:
    """Note the cells whose digits reach a side of a clip (``PageObjects.clips``): digits past it
    were not printed, so the number read may have lost some (a browser's print of a table wider
    than the page). Digits ending within a digit's width of the edge are those that may."""
    cut = [c for c in chars if c.text.isdigit() and any(_at_clip_edge(c, box) for box in clips)]
    if not cut:
        return
    for grid in grids:
        for cell in grid.cells:
            box = cell.bbox
            if box is not None and any(box.x0 <= c.cx <= box.x1 and box.top <= c.cy <= box.bottom for c in cut):
                cell.notes = (*cell.notes, "pdf_clipped")


def _at_clip_edge(c: Char, box: BBox) -> bool:
    if not box.top <= c.cy <= box.bottom:
        return False
    reach = CLIP_REACH * c.size
    return box.x1 - reach < c.x1 and c.x0 < box.x1 or box.x0 < c.x0 < box.x0 + reach and c.x1 > box.x0


_NUMBER_RUN = re.compile(rf"(?:^|\s){PDF_LOOSE_NUMBER}\s+{PDF_LOOSE_NUMBER}(?:\s|$)")


def is_under_ruled(cells: Sequence[GridCell]) -> bool:
    """Cells holding several numbers in a row (21 0 0 0 21): columns not ruled, read by alignment."""
    crowded = sum(1 for c in cells if _NUMBER_RUN.search(c.text))
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    return crowded >= 1 and (n_cols <= 2 or crowded * 3 >= len({c.row for c in cells}))


def grid_rows_text(grid: Grid) -> list[tuple[float, str]]:
    """A grid as text lines (top, cells of the row tab-separated; a spanning cell at its first row)."""
    rows: dict[int, list[GridCell]] = {}
    for cell in grid.cells:
        rows.setdefault(cell.row, []).append(cell)
    out = []
    for r in sorted(rows):
        cells = sorted(rows[r], key=lambda c: c.col)
        top = min(c.bbox.top for c in cells if c.bbox) if any(c.bbox for c in cells) else 0.0
        out.append((top, "\t".join(c.text for c in cells).rstrip("\t")))
    return out


def page_to_text(prose: Sequence[Char], grids: Sequence[Grid]) -> str:
    """The page's text: prose lines and grid rows, top to bottom."""
    items = chars_to_page_lines(prose)
    for grid in grids:
        items += grid_rows_text(grid)
    items.sort(key=lambda item: item[0])
    return "\n".join(text for _, text in items if text)


# ------------------------------------------------------------------------------------------
# Entry points
# ------------------------------------------------------------------------------------------

def read_pdf(data: bytes, name: str, settings: Settings | dict | None = None,
             deadline: Deadline | None = None) -> Layout:
    """Read a born-digital PDF into grids (table pages) and text (every page). With
    ``settings.pdf_backend == "camelot"`` the grids of the table pages come from camelot's lattice
    parser instead (text, table pages and errors stay this reader's)."""
    settings = Settings.resolve(settings)
    clock = deadline or Deadline(settings.time_limit_s, name)
    layout = _read_text_layer(data, name, settings, clock)
    if settings.pdf_backend == "camelot":
        from .camelot_reader import camelot_grids

        heights = {g.page: g.debug.get("page_size", (None, None))[1] for g in layout.grids}
        layout.grids = camelot_grids(data, layout.table_pages, heights, clock) if layout.table_pages else []
        layout.debug["backend"] = "camelot"
    return layout


def _read_text_layer(data: bytes, name: str, settings: Settings, clock: Deadline) -> Layout:
    doc = open_pdf(data, name)
    grids: list[Grid] = []
    texts: list[str] = []
    table_pages: list[int] = []
    ocr_pages: list[int] = []
    pages_debug: dict[int, dict[str, Any]] = {}
    timings = {"open": clock.elapsed()}
    last_worded = -1  # the last page analysed for its table words
    try:
        n_pages = len(doc)
        for page in doc.pages(clock):
            raw_text = "".join(c.text for c in page.objs.chars)
            worded = page_text_is_table_page(raw_text)
            found: PageGrids | None = None
            objs: PageObjects | None = None
            if len(table_pages) < settings.max_pages and worded:
                last_worded = page.number
                objs = page.load_graphics(with_rulings=True)
                found = page_objects_to_grids(objs, settings.keep_debug)
            elif len(table_pages) < settings.max_pages and last_worded == page.number - 1:
                # A table broken across pages may leave the next page ruled rows of values and no
                # table word (a browser breaks between 四's header and its value row): its ruled
                # grids are read (not word-aligned ones: the rest of such a page is prose).
                objs = page.load_graphics(with_rulings=True)
                found = page_objects_to_grids(objs, settings.keep_debug, with_stream=False)
                found = found if found.grids else None
            if found is not None:
                table_pages.append(page.number)
                grids += found.grids
                texts.append(page_to_text(found.prose, found.grids))
                pages_debug[page.number] = found.debug
            else:
                objs = objs or page.load_graphics(with_rulings=False)
                texts.append(page_to_text(objs.chars, []))
            if page_needs_ocr(objs or page.objs):
                ocr_pages.append(page.number)
    finally:
        doc.close()
    timings["total"] = clock.elapsed()
    needs_ocr = bool(ocr_pages) and not grids
    if needs_ocr:
        log.info("%s: no text layer on page(s) %s; needs OCR", name, ocr_pages)
    debug: dict[str, Any] = {"backend": doc.backend, "ocr_pages": ocr_pages, "timings": timings,
                             "page_text_offsets": _offsets(texts)}
    if settings.keep_debug:
        debug["pages"] = pages_debug
    return Layout(source="pdf", grids=grids, text="\n".join(texts), n_pages=n_pages, table_pages=table_pages,
                  needs_ocr=needs_ocr, debug=debug)


def _offsets(texts: Sequence[str]) -> list[int]:
    """Where each page's text starts in ``Layout.text`` (pages joined by one newline)."""
    out, pos = [], 0
    for t in texts:
        out.append(pos)
        pos += len(t) + 1
    return out


def pdf_needs_ocr(data: bytes, name: str, settings: Settings | dict | None = None,
                  deadline: Deadline | None = None) -> bool:
    """True when the PDF's text layer is missing or unusable where it has content (scans).

    Cheap: reads characters and image boxes only (no table analysis). A report whose text layer
    holds the tables but that also carries a photo page is not sent to OCR.
    """
    settings = Settings.resolve(settings)
    clock = deadline or Deadline(settings.time_limit_s, name)
    doc = open_pdf(data, name)
    any_ocr = any_tables = False
    try:
        for page in doc.pages(clock):
            if page.number > settings.max_pages:
                break
            objs = page.load_graphics(with_rulings=False)
            any_ocr = any_ocr or page_needs_ocr(objs)
            any_tables = any_tables or page_text_is_table_page("".join(c.text for c in objs.chars))
    finally:
        doc.close()
    return any_ocr and not any_tables


def read_pdf_camelot(data: bytes, name: str, settings: Settings | dict | None = None,
                     deadline: Deadline | None = None) -> Layout:
    """:func:`read_pdf` with camelot's lattice parser for the grids, whatever ``pdf_backend`` says."""
    return read_pdf(data, name, replace(Settings.resolve(settings), pdf_backend="camelot"), deadline)
