"""What debug pictures show, gathered from what a Report keeps (layout, trace, provenance, checks).

Nothing is re-run: grids and rulings come from ``report.layout``, zones, items, row anchors and
chosen readings from ``report.trace``. This module holds what a view is made of (marks, views,
the trace as the pictures read it); :mod:`.views` builds the views of a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal
from collections.abc import Callable

from ..core.items import Item
from ..core.zones import Zone
from ..layout import BBox, GridCell, Layout
from ..schema import split_key
from .synth import Printed, TextPage

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


def value_marks(trace: TraceView, report: Report, box_of: BoxOfPiece) -> list[tuple[Item, ValueMark]]:
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
