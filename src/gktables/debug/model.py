"""What debug pictures show, gathered from what a Report keeps (layout, trace, provenance, checks).

Nothing is re-run: grids and rulings come from ``report.layout``, zones, items, row anchors and
chosen readings from ``report.trace``. Three kinds of views:

* ``paged`` — PDF and OCR grids carry boxes in page units (points, pixels); one view per page;
* ``grid`` — HTML and DOCX grids carry none: each report grid is laid out as a table (one view each);
* ``text`` — no grids (text input): each table's zone of the text is laid out in rows (one view each).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from collections.abc import Callable, Iterable

from ..core.items import Item, grid_value_columns
from ..core.zones import Zone
from ..layout import BBox, GridCell, Layout
from ..schema import split_key
from .synth import CellPlace, Printed, TextPage, cell_place, grid_to_page, text_to_page

if TYPE_CHECKING:  # report.py imports this package lazily (Report.page_image…): types only, no cycle
    from ..core.candidates import Piece
    from ..report import Provenance, Report, Value

ViewKind = Literal["paged", "grid", "text"]
BoxOfCell = Callable[[GridCell], "BBox | None"]
BoxOfPiece = Callable[[Item, "Piece"], "BBox | None"]
DEFAULT_PAGE = (595.0, 842.0)  # A4 in points, when a page's size was not kept


@dataclass
class GridMark:
    """A grid cell with its span."""

    bbox: BBox
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass
class HeaderMark:
    """A label cell of a table's header tree: column headers above the values, row labels beside."""

    bbox: BBox
    text: str
    axis: Literal["col", "row"]
    level: int  # header row (col axis) or label column (row axis), outer first
    parent: int | None = None  # index in PageView.headers
    row_key: str | None = None  # the schema row this label anchors (its label was found here)


@dataclass
class ValueMark:
    key: str
    value: Value
    bbox: BBox
    provenance: Provenance
    failing: tuple[str, ...] = ()  # ids of failing checks the cell is in

    @property
    def decided(self) -> bool:
        return self.provenance.decided_by in ("check", "prose")


@dataclass
class TokenMark:
    """A value token of a table zone (text views): taken by a cell, or left out."""

    bbox: BBox
    text: str
    taken: bool


@dataclass
class PageView:
    page: int  # page number (paged), or view number (grid, text)
    kind: ViewKind
    title: str
    size: tuple[float, float]  # page units
    tables: list[str] = field(default_factory=list)
    rulings: list[tuple[float, float, float, float]] = field(default_factory=list)
    intersections: list[tuple[float, float]] = field(default_factory=list)
    frames: list[tuple[BBox, str]] = field(default_factory=list)  # grid outlines with a caption
    grid: list[GridMark] = field(default_factory=list)
    headers: list[HeaderMark] = field(default_factory=list)
    values: list[ValueMark] = field(default_factory=list)
    tokens: list[TokenMark] = field(default_factory=list)
    printed: list[Printed] = field(default_factory=list)  # text a synthetic backdrop prints
    text_page: TextPage | None = None


@dataclass
class DocView:
    report: Report
    kind: ViewKind
    views: dict[int, PageView]
    threshold: float

    def key_views(self) -> dict[str, ValueMark]:
        """Each drawn key's mark (the first, when a key were drawn twice)."""
        out: dict[str, ValueMark] = {}
        for view in self.views.values():
            for mark in view.values:
                out.setdefault(mark.key, mark)
        return out

    def view_of_key(self) -> dict[str, int]:
        return {m.key: v.page for v in self.views.values() for m in reversed(v.values)}


def short_key(key: str) -> str:
    """'t3.result.denied.state_secret.natural' → 'state_secret.natural'."""
    _, row, col = split_key(key)
    return f"{row.rsplit('.', 1)[-1]}.{col}"


def failing_keys(report: Report) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for check in report.failing_checks:
        for key in check.keys:
            out.setdefault(key, []).append(check.id)
    return {k: tuple(v) for k, v in out.items()}


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


# --- what the trace holds -------------------------------------------------------------------

@dataclass
class TraceView:
    """``report.trace`` unpacked."""

    items: list[Item]
    zones: dict[str, Zone]
    pieces: list[tuple[str, Piece]]  # (key, piece) of every chosen reading
    anchors: dict[int, str]  # label item pos → schema row key
    failing: dict[str, tuple[str, ...]]

    def zone_of(self, pos: int) -> str | None:
        for table, zone in self.zones.items():
            if zone.start <= pos < zone.end:
                return table
        return None


def report_trace(report: Report) -> TraceView:
    """What the pipeline's trace says about cells: chosen pieces, row anchors, zones."""
    pieces: list[tuple[str, Piece]] = []
    anchors: dict[int, str] = {}
    for result in report.trace.get("tables", []):
        for d in result.decisions:
            pieces.extend(zip(d.row.plan.keys, d.reading.pieces))
            if d.row.plan.anchor is not None:
                anchors[d.row.plan.anchor] = split_key(d.row.plan.keys[0])[1]
    return TraceView(report.trace.get("items", []), report.trace.get("zones", {}), pieces, anchors,
                  failing_keys(report))


def item_cells(layout: Layout, items: list[Item]) -> dict[int, tuple[int, GridCell]]:
    """Item pos → (grid index, cell) of every item read from one of the layout's grid cells.
    Cells are mutable dataclasses (unhashable): each is looked up by its place in a grid (row,
    column), and the cell there taken when it is the item's own."""
    at: dict[tuple[int, int], list[tuple[int, GridCell]]] = {}
    for gi, grid in enumerate(layout.grids):
        for cell in grid.cells:
            at.setdefault((cell.row, cell.col), []).append((gi, cell))
    out: dict[int, tuple[int, GridCell]] = {}
    for it in items:
        if it.cell is not None:
            found = next((g for g, c in at.get((it.cell.row, it.cell.col), ()) if c is it.cell), None)
            if found is not None:
                out[it.pos] = (found, it.cell)
    return out


def _value_marks(trace: TraceView, report: Report, box_of: BoxOfPiece) -> list[tuple[Item, ValueMark]]:
    """(item, mark) for every chosen piece whose item has a box; ``box_of(item, piece)``."""
    out = []
    for key, piece in trace.pieces:
        item = piece.item
        prov = report.provenance.get(key)
        if item is None or prov is None or key not in report.cells:
            continue
        box = box_of(item, piece)
        if box is not None:
            out.append((item, ValueMark(key, report.cells[key], box, prov, trace.failing.get(key, ()))))
    return out


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
    marks = _value_marks(trace, report, lambda item, piece: item.bbox)
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

        view.values = [m for _, m in _value_marks(trace, report, box_of)]
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
