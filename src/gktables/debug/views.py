"""The views of a document's debug pictures, built from a Report (see :mod:`.model` for what they hold).

* ``paged`` — PDF and OCR grids carry boxes in page units (points, pixels); one view per page;
* ``grid`` — HTML and DOCX grids carry none: each report grid is laid out as a table (one view each);
* ``text`` — no grids (text input): each table's zone of the text is laid out in rows (one view each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from collections.abc import Iterable

from ..core.items import Item, grid_value_columns
from ..layout import BBox, GridCell, Layout
from .model import (DEFAULT_PAGE, BoxOfCell, DocView, GridMark, HeaderMark, PageView, TokenMark, TraceView, ValueMark,
                    ViewKind, item_cells, report_trace, value_marks)
from .synth import CellPlace, cell_place, grid_to_page, text_to_page

if TYPE_CHECKING:
    from ..core.candidates import Piece
    from ..report import Report


def report_to_doc(report: Report, threshold: float | None = None) -> DocView:
    layout = report.layout
    if layout is None:
        raise ValueError("this Report keeps no layout; debug drawing needs a Report from gktables.extract()")
    if not layout.grids:
        kind: ViewKind = "text"
    elif layout.source in ("pdf", "ocr") and all(g.bbox is not None for g in layout.grids):
        kind = "paged"
    else:
        kind = "grid"
    builder = {"paged": _paged_views, "grid": _grid_views, "text": _text_views}[kind]
    threshold = report.confidence_threshold if threshold is None else threshold
    return DocView(report, kind, builder(report, layout), threshold)


# --- header tree ------------------------------------------------------------------------------

def grid_to_header_tree(label_cells: Iterable[GridCell], value_cells: Iterable[GridCell], box_of: BoxOfCell,
                        anchors: dict[tuple[int, int], str]) -> list[HeaderMark]:
    """Label cells of one table in one grid as a tree: column headers (above the first value row)
    nested by their column ranges, row labels (beside the values) by their row ranges.
    ``anchors`` maps a label cell's (row, column) → the schema row its label anchors."""
    values = list(value_cells)
    first_value_row = min((c.row for c in values), default=10 ** 6)
    cells = sorted(label_cells, key=lambda c: (c.row, c.col))
    marks: list[HeaderMark] = []
    for cell in cells:
        box = box_of(cell)
        if box is None:
            continue
        col_axis = cell.row < first_value_row
        marks.append(HeaderMark(box, cell.text.strip(), "col" if col_axis else "row",
                                cell.row if col_axis else cell.col, None, anchors.get((cell.row, cell.col))))
    kept = [c for c in cells if box_of(c) is not None]
    for i, (cell, mark) in enumerate(zip(kept, marks)):
        best, best_at = None, -1
        for j, (other, om) in enumerate(zip(kept, marks)):
            if om.axis != mark.axis or j == i:
                continue
            if mark.axis == "col":
                covers = other.col <= cell.col and other.last_col >= cell.last_col and other.last_row < cell.row
                at = other.last_row
            else:
                covers = other.row <= cell.row and other.last_row >= cell.last_row and other.last_col < cell.col
                at = other.last_col
            if covers and at > best_at:
                best, best_at = j, at
        mark.parent = best
    return marks


def _grid_headers(trace: TraceView, cells: dict[int, tuple[int, GridCell]], grids: set[int],
                  box_of: BoxOfCell) -> list[HeaderMark]:
    """Header trees of every (grid, table) pair among ``grids``, concatenated (parents re-indexed)."""
    groups: dict[tuple[int, str], tuple[list[GridCell], list[GridCell], dict[tuple[int, int], str]]] = {}
    for pos, (gi, cell) in cells.items():
        table = trace.zone_of(pos)
        if gi not in grids or table is None:
            continue
        labels, values, anchors = groups.setdefault((gi, table), ([], [], {}))
        item = trace.items[pos]
        if item.kind == "label":
            if all(c is not cell for c in labels):
                labels.append(cell)
            if pos in trace.anchors:
                anchors[(cell.row, cell.col)] = trace.anchors[pos]
        elif all(c is not cell for c in values):
            values.append(cell)
    out: list[HeaderMark] = []
    for labels, values, anchors in groups.values():
        tree = grid_to_header_tree(labels, values, box_of, anchors)
        base = len(out)
        for mark in tree:
            if mark.parent is not None:
                mark.parent += base
        out.extend(tree)
    return out


# --- paged: PDF and OCR -------------------------------------------------------------------------

def page_size(layout: Layout, page: int) -> tuple[float, float]:
    size = layout.debug.get("pages", {}).get(page, {}).get("size")
    if size and None not in size:
        return float(size[0]), float(size[1])
    for g in layout.grids:
        ps = g.debug.get("page_size")
        if g.page == page and ps and None not in ps:
            return float(ps[0]), float(ps[1])
    return DEFAULT_PAGE


def _lines(rulings: Iterable) -> list[tuple[float, float, float, float]]:
    """['h', y, x0, x1] / ['v', x, y0, y1] → (x0, y0, x1, y1)."""
    out = []
    for r in rulings:
        orient, pos, a, b = r[0], float(r[1]), float(r[2]), float(r[3])
        out.append((a, pos, b, pos) if orient == "h" else (pos, a, pos, b))
    return out


def _paged_views(report: Report, layout: Layout) -> dict[int, PageView]:
    trace = report_trace(report)
    cells = item_cells(layout, trace.items)
    zone_items = [it for z in trace.zones.values() for it in trace.items[z.start:z.end]]
    pages = sorted({it.page for it in zone_items if it.page} | {p.page for p in report.provenance.values() if p.page})
    marks = value_marks(trace, report, lambda item, piece: item.bbox)
    views: dict[int, PageView] = {}
    for page in pages:
        view = PageView(page, "paged", f"page {page}", page_size(layout, page))
        view.tables = sorted({table for it in zone_items if it.page == page
                              if (table := trace.zone_of(it.pos)) is not None})
        on_page = {gi for gi, g in enumerate(layout.grids) if g.page == page}
        page_rulings = layout.debug.get("pages", {}).get(page, {}).get("rulings")
        for gi in sorted(on_page):
            grid = layout.grids[gi]
            if page_rulings is None:
                view.rulings += _lines(grid.debug.get("rulings", []))
            if grid.bbox is not None:  # always, in a paged view
                rules = grid.debug.get("row_rules") or []
                view.rulings += [(grid.bbox.x0, float(y), grid.bbox.x1, float(y)) for y in rules]
                view.frames.append((grid.bbox, f"grid {gi} · {grid.debug.get('method', '?')} · "
                                               f"{grid.n_rows}×{grid.n_cols}"))
            view.intersections += [(float(x), float(y)) for x, y in grid.debug.get("intersections", [])]
            view.grid += [GridMark(c.bbox, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells if c.bbox]
        view.rulings += _lines(page_rulings or [])
        view.headers = _grid_headers(trace, cells, on_page, lambda c: c.bbox)
        view.values = [m for item, m in marks if item.page == page]
        views[page] = view
    return views


# --- grid: HTML and DOCX ------------------------------------------------------------------------

def _grid_views(report: Report, layout: Layout) -> dict[int, PageView]:
    trace = report_trace(report)
    cells = item_cells(layout, trace.items)
    used: dict[int, set[str]] = {}
    for pos, (gi, _) in cells.items():
        table = trace.zone_of(pos)
        if table:
            used.setdefault(gi, set()).add(table)
    views: dict[int, PageView] = {}
    for number, gi in enumerate(sorted(used), start=1):
        grid = layout.grids[gi]
        synth = grid_to_page(grid, grid_value_columns(grid))
        view = PageView(number, "grid", f"grid {gi} ({grid.source})", synth.size, tables=sorted(used[gi]),
                        printed=synth.printed)
        view.frames = [(synth.frame[0], f"grid {gi} · {grid.source} · {grid.n_rows}×{grid.n_cols}")]
        view.grid = [GridMark(synth.cell_boxes[cell_place(c)], c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]
        boxes = synth.cell_boxes

        def cell_box(cell: GridCell, boxes: dict[CellPlace, BBox] = boxes) -> BBox | None:
            return boxes.get(cell_place(cell))

        view.headers = _grid_headers(trace, cells, {gi}, cell_box)

        def box_of(item: Item, piece: Piece, gi: int = gi, boxes: dict[CellPlace, BBox] = boxes) -> BBox | None:
            found = cells.get(item.pos)
            return boxes.get(cell_place(found[1])) if found and found[0] == gi else None

        view.values = [m for _, m in value_marks(trace, report, box_of)]
        views[number] = view
    return views


# --- text ---------------------------------------------------------------------------------------

def piece_spans(pieces: list[tuple[str, Piece]]) -> dict[tuple[int, str], tuple[int, int]]:
    """(item pos, key) → the characters of the item that piece took. Pieces split out of one
    run-together token ('77132470' → 77, 1, 3247…) are found in order inside the token."""
    out: dict[tuple[int, str], tuple[int, int]] = {}
    cursor: dict[int, int] = {}
    for key, piece in pieces:
        item = piece.item
        if item is None or item.span is None:
            continue
        a, b = item.span
        if piece.split and piece.raw:
            raw = piece.raw.strip()
            at = item.text.find(raw, cursor.get(item.pos, 0))
            if at >= 0:
                out[(item.pos, key)] = (a + at, a + at + len(raw))
                cursor[item.pos] = at + len(raw)
                continue
        out[(item.pos, key)] = (a, b)
    return out


def _text_views(report: Report, layout: Layout) -> dict[int, PageView]:
    trace = report_trace(report)
    spans = piece_spans(trace.pieces)
    taken = {piece.item.pos for _, piece in trace.pieces if piece.item is not None}
    views: dict[int, PageView] = {}
    zones = sorted(trace.zones.values(), key=lambda z: z.start)
    for number, zone in enumerate(zones, start=1):
        items = [(it, it.span) for it in trace.items[zone.start:zone.end] if it.span]
        if not items:
            continue
        lo, hi = min(span[0] for _, span in items), max(span[1] for _, span in items)
        banded = [span for it, span in items if it.kind == "value" or it.pos in trace.anchors]
        tp = text_to_page(layout.text, lo, hi, banded)
        view = PageView(number, "text", f"{zone.table}: characters {lo}–{hi}", tp.page.size, tables=[zone.table],
                        printed=tp.page.printed, text_page=tp)
        for it, span in items:
            box = tp.span_box(*span)
            if box is None:
                continue
            if it.kind == "value":
                view.tokens.append(TokenMark(box, it.text, it.pos in taken))
            elif it.pos in trace.anchors or it.pos == zone.start:
                view.headers.append(HeaderMark(box, it.text, "row", 0 if it.pos == zone.start else 1,
                                               None, trace.anchors.get(it.pos)))

        marks = []
        for key, piece in trace.pieces:
            item = piece.item
            if item is None or not (zone.start <= item.pos < zone.end) or key not in report.cells:
                continue
            taken_span = spans.get((item.pos, key))
            box = tp.span_box(*taken_span) if taken_span else None
            if box is not None:
                marks.append(ValueMark(key, report.cells[key], box, report.provenance[key], trace.failing.get(key, ())))
        view.values = marks
        views[number] = view
    return views
