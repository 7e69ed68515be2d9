"""The scanned-report source: page images (PNG, JPEG, TIFF, image-only PDF) to a :class:`Layout`.

Per page::

    gray ─ upright (quarter turn, skew, 180° probe) ─ rulings ─ table grids ─ cell ink boxes
         ─ OCR in three batched passes (text / digits × 2 binarisations / vertical) ─ Grid cells
         ─ prose lines outside the tables ─ Layout.text

Decoding lives in :mod:`decode`, bringing a page upright in :mod:`upright`, page analysis in
:mod:`binarise`, :mod:`orientation`, :mod:`rulings`, :mod:`grid` and :mod:`ink` (pure OpenCV), the
cells as reading jobs in :mod:`cells`, their batched reading in :mod:`cell_ocr`, each cell's text
from its readings in :mod:`decide`, the engines in :mod:`engines`. Boxes are in pixels of the
*normalised* page image (after the rotation and deskew recorded in ``Layout.debug["pages"][n]``);
with ``settings.keep_debug`` that image is kept too.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

import cv2
import numpy as np

from ...deadline import Deadline
from ...layout import BBox, Grid, GridCell, Layout
from ...settings import Settings
from .binarise import gray_to_binary_adaptive
from .cell_ocr import read_cells, read_number_lines
from .cells import CellJob, cell_jobs, crop, drop_colour_residue, erase_table_pen_strokes
from .decide import decide_cell, decision_notes
from .decode import ScanImage, image_bytes_to_grays, pdf_bytes_to_grays
from .engines import OcrEngine, make_engine
from .grid import TableGrid
from .ink import stroke_crossings, text_to_prose_lines
from .orientation import rotate_quarter
from .rulings import rulings_to_mask
from .upright import (
    QUARTER_UNSURE,
    PageImage,
    Ruled,
    gray_to_upright,
    probe_boxes,
    quarter_probe_turns,
    readings_say_upside_down,
    split_two_up,
    turn_page,
    turn_page_quarter,
    turned_could_win,
)

log = logging.getLogger(__name__)

__all__ = ["read_image", "read_scanned_pdf", "gray_to_upright", "page_to_grids_and_text"]

PROBE_WIDTH = 10.0  # glyphs of each probe line read turned


def read_image(data: bytes, name: str, settings: Settings | dict | None = None,
               deadline: Deadline | None = None) -> Layout:
    """OCR a scanned page image: PNG, JPEG, TIFF (every frame a page), BMP, WebP."""
    settings = Settings.resolve(settings)
    pages = image_bytes_to_grays(data, name, settings)
    return _grays_to_layout(pages, name, settings, {"input": "image"},
                            deadline or Deadline(settings.time_limit_s, name))


def read_scanned_pdf(data: bytes, name: str, settings: Settings | dict | None = None,
                     deadline: Deadline | None = None) -> Layout:
    """OCR every page of a PDF rasterised at ``settings.ocr_dpi`` (for image-only PDFs).

    200 dpi is the sweet spot for these reports (五号 table text is then ~24 px tall): on the real
    hongze report every cell is right at 200 and 300 dpi, 300 costs ~40% more time; at 150 dpi the
    grey top bar of 二 in 第二十条 is recovered only by a second view of the cell
    (:func:`cell_ocr.faint_stroke_views`).
    """
    settings = Settings.resolve(settings)
    return _grays_to_layout(pdf_bytes_to_grays(data, name, settings), name, settings,
                            {"input": "pdf", "dpi": settings.ocr_dpi},
                            deadline or Deadline(settings.time_limit_s, name))


def page_to_grids_and_text(page: PageImage, ruled: Ruled | None, page_no: int, engine: OcrEngine,
                           find_tables: bool = True, probe: bool = False) -> tuple[list[Grid], str, dict[str, Any]]:
    """OCR one upright page: cells of every table (batched by kind) and the prose around them.

    With ``probe``, a few lines are also read turned by 180° (in a batch of their own, when the
    upright lines leave room for that); when they read better, ``debug["upside_down"]`` is True
    (and nothing else is returned): the caller turns the page and reads it again.
    """
    debug: dict[str, Any] = {"size": (page.gray.shape[1], page.gray.shape[0]), "glyph": round(page.glyph, 1)}
    if ruled is None or page.glyph <= 0:
        return [], "", debug
    g = page.glyph
    tables = ruled.tables if find_tables else []
    marked = erase_table_pen_strokes(tables, ruled, g)
    gray_ink, alt_text = _second_views(page, ruled, marked, engine)
    jobs = cell_jobs(tables, ruled.text, g)
    for j in jobs:
        j.pen_mark = (j.table, j.box.row, j.box.col) in marked
    prose_boxes = text_to_prose_lines(ruled.text, [t.bbox for t in tables], g)
    prose_crops = [crop(ruled.text, b, 0.35 * g) for b in prose_boxes]
    # lines to read turned by 180° as well: prose lines, or the labels of a page that is all table
    label_boxes = [j.ink for j in jobs if j.kind == "text" and not j.digits and j.ink]
    probe_from = prose_boxes if len(probe_boxes(prose_boxes, g)) >= 2 else label_boxes
    # a page all table whose labels are all narrow (read digits-first, so with no text reading to
    # compare): its widest narrow boxes are read both ways up here
    narrow = [j.ink for j in jobs if j.kind == "text" and j.digits and j.ink]
    if len(probe_boxes(probe_from, g)) < 2 and len(probe_boxes(narrow, g)) >= 2:
        probe_from = narrow
    probe_idx = probe_boxes(probe_from, g) if probe else []
    probe_lines = [crop(ruled.text, BBox(b.x0, b.top, min(b.x1, b.x0 + PROBE_WIDTH * g), b.bottom), 0.35 * g)
                   for b in (probe_from[i] for i in probe_idx)]
    own = probe_lines if probe_from is narrow else []
    if engine.deadline is not None:
        engine.deadline.check_now(f"OCR of page {page_no}")  # the page analysed; its reading is the long part
    started = time.perf_counter()
    extra = read_cells(jobs, ruled.text, alt_text, gray_ink, prose_crops + own, engine, g)
    extra[:len(prose_crops)] = read_number_lines(extra[:len(prose_crops)], prose_boxes, ruled.text, alt_text, engine, g)
    debug["ocr_s"] = round(time.perf_counter() - started, 3)
    debug["n_crops"] = {"cells": sum(j.ink is not None for j in jobs), "prose_lines": len(prose_crops),
                        "digit_cells": sum(1 for j in jobs if j.digits),
                        "second_round": sum(1 for j in jobs if j.digits and "text" in j.readings),
                        "faint_views": sum(1 for j in jobs if "second_view" in j.readings),
                        "labels_mended": sum(1 for j in jobs if "second_view" in j.readings
                                             and j.readings["second_view"] is j.readings["text"])}
    if probe_from is prose_boxes:
        upright = [extra[i] for i in probe_idx]
    elif probe_from is narrow:
        upright = extra[len(prose_crops):]
    else:
        label_readings = [j.readings["text"] for j in jobs if j.kind == "text" and not j.digits and j.ink]
        upright = [label_readings[i] for i in probe_idx]
    # the turned lines are read in a batch of their own (no other crop's reading depends on them),
    # and only when they could outscore the upright ones (on most upright pages they cannot)
    could_win = bool(probe_lines) and turned_could_win(upright)
    turned = engine.read([rotate_quarter(c, 2) for c in probe_lines], "text") if could_win else None
    if probe_lines and readings_say_upside_down(upright, turned, page.orientation):
        debug["upside_down"] = True
        return [], "", debug
    grids = [_table_to_grid(t, table, [j for j in jobs if j.table == t], page, page_no, debug["size"],
                            stroke_crossings(ruled.text, table.rulings, g))
             for t, table in enumerate(tables)]
    prose = "\n".join(r.text.replace("\n", "") for r in extra[:len(prose_crops)] if r.text)
    debug["prose_lines"] = [b.as_list() for b in prose_boxes]
    return grids, prose, debug


def quarter_probe(page: PageImage, ruled: Ruled | None, engine: OcrEngine) -> tuple[PageImage, Ruled | None]:
    """The page turned a quarter when the shape of its text left the writing direction undecided and
    its lines read clearly better running down (a few more crops, on such pages only)."""
    if ruled is None or page.orientation.get("quarter_turn_score", QUARTER_UNSURE) >= QUARTER_UNSURE:
        return page, ruled
    crops, counts = _quarter_probe_crops(page, ruled)
    if not crops:
        return page, ruled
    turns = quarter_probe_turns(engine.read(crops, "text"), counts, page.orientation)
    return turn_page_quarter(page, turns) if turns else (page, ruled)


def _quarter_probe_crops(page: PageImage, ruled: Ruled) -> tuple[list[np.ndarray], list[int]]:
    """Lines to tell which way a page's text runs when the shape of its text left it undecided.

    A table of short labels wrapped in narrow columns and one-digit numbers smears into as many
    blobs along either direction (turned s13_001's pages 2 and 4 scored 1.01 and 1.08, and their
    sideways text was read as it lay). The widest one-line boxes of the text as it lies and of the
    text turned a quarter clockwise are cropped; each is read as it is and turned by 180°
    (:func:`upright.quarter_probe_turns`). Returns the crops and the count in each of the four
    groups (across, across turned, down, down turned).
    """
    out: list[list[np.ndarray]] = []
    g = page.glyph
    for turns in (0, 1):
        text = rotate_quarter(ruled.text, turns)
        boxes = text_to_prose_lines(text, [], g)
        lines = [crop(text, BBox(b.x0, b.top, min(b.x1, b.x0 + PROBE_WIDTH * g), b.bottom), 0.35 * g)
                 for b in (boxes[i] for i in probe_boxes(boxes, g))]
        out += [lines, [rotate_quarter(c, 2) for c in lines]]
    return [c for part in out for c in part], [len(part) for part in out]


def _second_views(page: PageImage, ruled: Ruled, marked: set[tuple[int, int, int]], engine: OcrEngine
                  ) -> tuple[np.ndarray, np.ndarray]:
    """(grey ink, alternative binary) of the page, rulings, erased pen strokes and seal residue blanked.

    The grey ink (ink bright, grey kept) gives cells their own-threshold views; the alternative
    binary is the digits reader's second view (the engine may ask for the grey ink instead).
    """
    g = page.glyph
    lines = rulings_to_mask(ruled.table_rulings, page.gray.shape, g)
    if marked and ruled.pen_strokes is not None:  # the second views must not see the strokes either
        lines = cv2.bitwise_or(lines, ruled.pen_strokes)
    if page.colour_ink is not None:
        lines = cv2.bitwise_or(lines, drop_colour_residue(ruled, page.colour_ink, g))
    gray_ink = cv2.subtract(255 - page.gray, lines)
    if getattr(engine, "second_view", "adaptive") == "gray":
        return gray_ink, gray_ink
    return gray_ink, cv2.subtract(_adaptive_over_tables(page.gray, ruled.tables, g), lines)


def _adaptive_over_tables(gray: np.ndarray, tables: list[TableGrid], glyph: float) -> np.ndarray:
    """The adaptive binarisation of the part of the page the tables cover (the digits reader's second
    view crops number cells only), no ink elsewhere; none at all on a page without tables.

    Its threshold is local (a block of about two glyphs, a 3×3 median before it): with a margin of
    a block around the tables every pixel inside them is what the whole page's binarisation gives.
    """
    out = np.zeros_like(gray)
    if not tables:
        return out
    margin = int(max(15, 2 * glyph)) + 4
    h, w = gray.shape[:2]
    boxes = [t.bbox for t in tables]
    x0, y0 = max(0, int(min(b.x0 for b in boxes)) - margin), max(0, int(min(b.top for b in boxes)) - margin)
    x1, y1 = min(w, int(max(b.x1 for b in boxes)) + margin), min(h, int(max(b.bottom for b in boxes)) + margin)
    if x1 > x0 and y1 > y0:
        out[y0:y1, x0:x1] = gray_to_binary_adaptive(gray[y0:y1, x0:x1], glyph)
    return out


def _table_to_grid(t: int, table: TableGrid, jobs: list[CellJob], page: PageImage, page_no: int,
                   size: tuple[int, int], crossings: list[tuple[float, float]]) -> Grid:
    cells = []
    kinds = {}
    for j in jobs:
        decision = decide_cell(j, page.glyph)
        text, conf, alts, kind = decision
        kinds[f"{j.box.row},{j.box.col}"] = kind
        cells.append(GridCell(row=j.box.row, col=j.box.col, text=text, rowspan=j.box.rowspan,
                              colspan=j.box.colspan, bbox=j.box.bbox, page=page_no,
                              confidence=conf, alternatives=alts,
                              notes=_cell_notes(j, table, page, crossings) + decision_notes(j, decision)))
    debug = {
        "method": "ocr-lattice", "table_index": t, "page_size": size, "glyph": round(page.glyph, 1),
        "rulings": [r.as_list(1) for r in table.rulings], "row_lines": [round(y, 1) for y in table.row_lines],
        "col_lines": [round(x, 1) for x in table.col_lines], "inferred": table.inferred,
        "cell_kinds": kinds, "ink_boxes": {f"{j.box.row},{j.box.col}": j.ink.as_list() for j in jobs if j.ink},
        "rotation": page.turns * 90, "skew": page.skew,
    }
    return Grid(cells=cells, source="ocr", page=page_no, bbox=table.bbox, debug=debug)


def _cell_notes(job: CellJob, table: TableGrid, page: PageImage,
                crossings: list[tuple[float, float]]) -> tuple[str, ...]:
    """Why a cell's reading deserves a second look: coloured ink dropped over it, a pen stroke
    crossing its rulings, a separator beside it that exists only by joining a broken ruling
    (:data:`gktables.layout.CELL_NOTES`; the repairs of its reading itself: :func:`decide.decision_notes`)."""
    notes = []
    if page.colour_ink is not None and _under_colour_ink(job, page.colour_ink, page.glyph):
        notes.append("ocr_stamp_overlap")
    b, m = job.box.bbox, 0.3 * page.glyph
    if job.pen_mark or any(b.x0 - m <= x <= b.x1 + m and b.top - m <= y <= b.bottom + m for x, y in crossings):
        notes.append("ocr_pen_mark")
    if table.cell_beside_repair(job.box):
        notes.append("ocr_repaired_line")
    return tuple(notes)


def _under_colour_ink(job: CellJob, colour_ink: np.ndarray, glyph: float) -> bool:
    """Whether dropped coloured ink touches the cell's own ink (or covers a fair part of an empty cell).

    Ink of a seal that only passes through a cell's blank margin changes nothing that was read.
    """
    if job.ink is not None:
        pad = 0.25 * glyph
        box = BBox(job.ink.x0 - pad, job.ink.top - pad, job.ink.x1 + pad, job.ink.bottom + pad)
        limit = max(12.0, 0.05 * glyph * glyph)
    else:
        box = job.box.bbox
        limit = max(12.0, 0.1 * box.width * box.height)
    y0, y1 = max(0, int(box.top)), max(0, int(box.bottom))
    x0, x1 = max(0, int(box.x0)), max(0, int(box.x1))
    return bool(np.count_nonzero(colour_ink[y0:y1, x0:x1]) >= limit)


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (Tesseract runs as a child process)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _grays_to_layout(grays: Iterator[ScanImage], name: str, settings: Settings, debug: dict[str, Any],
                     clock: Deadline) -> Layout:
    engine = make_engine(settings.ocr_engine)
    engine.deadline = clock  # Tesseract is stopped when the document's time runs out
    grids: list[Grid] = []
    texts: list[str] = []
    pages: dict[int, dict[str, Any]] = {}
    images: dict[int, np.ndarray] = {}
    n_pages = 0
    for index, (scan, half) in enumerate(split_two_up(grays)):
        page_no = n_pages = index + 1
        page, page_grids, prose, page_debug = _read_page(scan, page_no, engine, settings, clock)
        page_debug["half"] = half
        pages[page_no] = page_debug
        if settings.keep_debug:
            images[page_no] = page.gray
        grids.extend(page_grids)
        texts.append(prose)
        log.debug("%s page %d: %d grid(s) in %.2f s", name, page_no, len(page_grids),
                  page_debug["timings"]["total_s"])
    debug.update({"engine": engine.name, "pages": pages})
    if settings.keep_debug:
        debug["images"] = images
    return Layout(source="ocr", grids=grids, text="\n".join(texts), n_pages=n_pages, debug=debug)


def _read_page(scan: ScanImage, page_no: int, engine: OcrEngine, settings: Settings, clock: Deadline
               ) -> tuple[PageImage, list[Grid], str, dict[str, Any]]:
    """One page upright and read (turned and read again when its probe says upside down), with its
    debug record and timings."""
    gray = scan.gray
    clock.check_now(f"OCR of page {page_no}")
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    page, ruled = gray_to_upright(gray, scan.colour_ink)
    page, ruled = quarter_probe(page, ruled, engine)
    clock.check_now(f"OCR of page {page_no}")
    analysed = time.perf_counter()
    find_tables = page_no <= settings.max_pages
    page_grids, prose, page_debug = page_to_grids_and_text(page, ruled, page_no, engine, find_tables, probe=True)
    if page_debug.get("upside_down"):
        clock.check_now(f"OCR of page {page_no}")
        page, ruled = turn_page(page)
        page_grids, prose, page_debug = page_to_grids_and_text(page, ruled, page_no, engine, find_tables)
    done = time.perf_counter()
    page_debug.update({
        "input_size": (gray.shape[1], gray.shape[0]), "binary_size": (page.binary.shape[1], page.binary.shape[0]),
        "rotation": page.turns * 90, "skew": page.skew, "orientation": page.orientation,
        "n_rulings": len(ruled.rulings) if ruled else 0, "n_tables": len(page_grids),
        "rulings": [r.as_list(1) for r in ruled.rulings] if ruled else [],  # all found, tables' or not
        "timings": {"analysis_s": round(analysed - started, 3),
                    "cells_and_ocr_s": round(done - analysed, 3), "ocr_s": page_debug.get("ocr_s", 0.0),
                    "total_s": round(done - started, 3),
                    "cpu_s": round(_cpu_seconds() - cpu_started, 3)},  # ours and the engine processes
    })
    for grid in page_grids:
        grid.debug["timings"] = page_debug["timings"]
    return page, page_grids, prose, page_debug
