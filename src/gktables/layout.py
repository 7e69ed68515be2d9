"""The layout model every source produces and the core consumes.

A source turns its input into a :class:`Layout`: grids of cells with explicit spans (PDF rulings,
OCR line detection, HTML, DOCX) and/or the document's plain text (text input, and the prose around
the tables of every other kind, which the core mines for numbers such as 共收到申请75件).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SourceKind = Literal["text", "pdf", "ocr", "html", "docx"]


@dataclass(frozen=True)
class BBox:
    """A box in page units: PDF points for PDF, pixels for images; y grows downwards."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2)]

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.top, other.top), max(self.x1, other.x1),
                    max(self.bottom, other.bottom))


# Codes a source may attach to a cell (GridCell.notes); each becomes a warning on the cell's key.
CELL_NOTES = {
    "ocr_stamp_overlap": "coloured ink (a seal, a signature, a pen mark) lies over these cells and was dropped "
                         "before reading them: check them against the page",
    "ocr_pen_mark": "a hand-drawn stroke (a tick, a circle) crosses the rulings of these cells and may hide or "
                    "add strokes: check them against the page",
    "ocr_repaired_line": "a ruling beside these cells was broken and joined across its gap; the cell "
                         "boundaries depend on that repair: check them against the page",
    "ocr_sign_from_ink": "no reader read a minus sign in these cells, but their ink begins with a minus bar; "
                         "the sign was added from the ink: check it against the page",
    "pdf_open_edge_blank": "these cells are empty and lie on a ruled table's edge where no ruling closes the table "
                           "(two tables printed edge to edge?): they may be no cells of the table; check them "
                           "against the page",
    "ocr_trailing_mark": "these cells read as a number followed by a stray mark ('0.'), taken as the number: "
                         "check them against the page",
    "pdf_columns_unaligned": "in this table without rules, the header words and the columns of values do not line "
                             "up (a column of values under no header word, a header word over two columns, or words "
                             "in a column of values): which column each value (and each blank) is in is a guess: "
                             "check them against the page",
    "pdf_clipped": "these cells' digits reach the edge of the area the PDF clips its text to (a table printed "
                   "wider than the page, cut at the margin): digits past it were not printed, so the number may "
                   "be cut short: check it against the source",
}


@dataclass(slots=True)  # (every cell of every grid, alive through the read: a fixed set of fields)
class GridCell:
    """One cell of a grid, stored once with its span (never repeated per covered slot)."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    bbox: BBox | None = None
    page: int | None = None  # 1-based
    confidence: float = 1.0  # the source's confidence in `text` (OCR); 1.0 for digital text
    alternatives: tuple[str, ...] = ()  # other readings of `text` (OCR), best first
    notes: tuple[str, ...] = ()  # why the source doubts this cell's reading: codes of CELL_NOTES

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class Grid:
    """A table as a grid of cells. Intermediates of detection are kept for debug drawing."""

    cells: list[GridCell]
    source: SourceKind
    page: int | None = None  # first page the grid lies on (1-based)
    bbox: BBox | None = None
    # Markup sources (HTML, DOCX): the grid's first and last line in Layout.text (0-based, inclusive),
    # so that the heading above a table or the note under it can be read.
    text_lines: tuple[int, int] | None = None
    debug: dict[str, Any] = field(default_factory=dict)  # e.g. {"rulings": [...], "page_size": (w, h)}

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def slots(self) -> list[list[GridCell | None]]:
        """The grid with spans expanded: slot [r][c] is the cell covering it (or None)."""
        n_rows = n_cols = 0  # (n_rows and n_cols in one plain loop: a generator per extent cost half again)
        for cell in self.cells:
            if cell.row + cell.rowspan > n_rows:
                n_rows = cell.row + cell.rowspan
            if cell.col + cell.colspan > n_cols:
                n_cols = cell.col + cell.colspan
        out: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
        for cell in self.cells:
            if cell.rowspan == 1 and cell.colspan == 1:  # most cells: one slot
                out[cell.row][cell.col] = cell
                continue
            for r in range(cell.row, cell.row + cell.rowspan):
                row = out[r]
                for c in range(cell.col, cell.col + cell.colspan):
                    row[c] = cell
        return out


@dataclass
class Layout:
    """What a source hands the core: grids in reading order and the document text."""

    source: SourceKind
    grids: list[Grid] = field(default_factory=list)
    text: str = ""  # the whole document's text (for text input: the input itself)
    n_pages: int | None = None
    # PDF: the pages analysed for tables (1-based), and whether the text layer is missing where the
    # tables should be (image-only pages and no grid found), so that the PDF must be read by OCR.
    table_pages: list[int] = field(default_factory=list)
    needs_ocr: bool = False
    debug: dict[str, Any] = field(default_factory=dict)  # page images, rulings per page, timings
