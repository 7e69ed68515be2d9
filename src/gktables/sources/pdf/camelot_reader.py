"""camelot-py's lattice parser as an alternative PDF grid backend (``settings.pdf_backend == "camelot"``).

camelot finds ruling lines on a rendered image of the page and reports, for every slot of its
grid, which of the four sides is ruled and the text it placed there. Its slots are mapped to our
:class:`~gktables.layout.GridCell` model by merging slots not separated by a ruled side (the same
rule as :func:`gktables.sources.pdf.lattice.lattice_to_cells`). The document text, the choice of
table pages and all errors come from the default reader, so both backends differ only in grids.

Measured: on hongze_2023.pdf (WPS) it gives exactly the default's grids, 20-25 times slower (it
renders pages and imports pandas/OpenCV); on LibreOffice exports it places the text of wrapped
cells one row off (its pdfminer text boxes span lines) and the core then misreads 20-70 of ~200
cells, and it finds no table ruled by horizontal lines only. So it is not the default.
"""

from __future__ import annotations

import logging
from typing import Any

from ...errors import MissingDependencyError
from ..grid_spans import merge_open_slots
from ...layout import BBox, Grid, GridCell
from ...pdfium_guard import pdfium_lock
from ...deadline import Deadline
from ..joining import join_pieces
from .text import is_cjk

log = logging.getLogger(__name__)


def camelot_text_to_cell_text(text: str) -> str:
    """camelot joins a cell's lines with newlines and keeps the PDF's spaces: apply our rules."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    out = join_pieces(lines)
    chars: list[str] = []
    for k, ch in enumerate(out):
        if ch == " ":
            prev = chars[-1] if chars else ""
            nxt = out[k + 1] if k + 1 < len(out) else ""
            if not prev or not nxt or is_cjk(prev) or is_cjk(nxt) or prev == " ":
                continue
        chars.append(ch)
    return "".join(chars).strip()


def camelot_table_to_grid(table: Any, page_height: float) -> Grid:
    """One camelot Table → Grid: slots merged where camelot found no ruled side between them."""
    slots = table.cells
    n_rows, n_cols = len(slots), len(slots[0]) if slots else 0
    rects = merge_open_slots(n_rows, n_cols, lambda r, c: not (slots[r][c].right or slots[r][c + 1].left),
                             lambda r, c: not (slots[r][c].bottom or slots[r + 1][c].top))
    cells = [_cell(slots, r0, c0, r1, c1, page_height, table.page) for r0, c0, r1, c1 in rects]
    x0, y0, x1, y1 = table._bbox
    debug = {"method": "camelot-lattice", "parsing_report": table.parsing_report,
             "page_size": (None, page_height)}
    return Grid(cells=cells, source="pdf", page=int(table.page),
                bbox=BBox(x0, page_height - y1, x1, page_height - y0), debug=debug)


def _cell(slots, r0: int, c0: int, r1: int, c1: int, page_height: float, page) -> GridCell:
    texts = [slots[r][c].text for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if slots[r][c].text.strip()]
    first, last = slots[r0][c0], slots[r1][c1]
    bbox = BBox(first.x1, page_height - first.y2, last.x2, page_height - last.y1)
    return GridCell(row=r0, col=c0, text=camelot_text_to_cell_text("\n".join(texts)), rowspan=r1 - r0 + 1,
                    colspan=c1 - c0 + 1, bbox=bbox, page=int(page))


def camelot_grids(data: bytes, pages: list[int], page_heights: dict[int | None, float | None],
                  clock: Deadline) -> list[Grid]:
    """The grids camelot's lattice parser finds on ``pages`` (1-based), in reading order;
    ``page_heights`` (points) turn its bottom-up boxes into top-down ones (A4 when unknown)."""
    try:
        import camelot
    except ImportError as exc:
        raise MissingDependencyError("camelot-py", system="Ghostscript or pypdfium2") from exc
    with pdfium_lock():  # camelot renders the pages with pdfium
        tables = camelot.read_pdf(data, pages=",".join(str(p) for p in pages), flavor="lattice",
                                  suppress_stdout=True)
    clock.check_now("camelot lattice")
    grids = []
    for table in tables:
        page = int(table.page)
        height = page_heights.get(page) or 842.0
        grids.append(camelot_table_to_grid(table, height))
    grids.sort(key=lambda g: (g.page or 0, g.bbox.top if g.bbox else 0.0))
    return grids


__all__ = ["camelot_grids", "camelot_table_to_grid", "camelot_text_to_cell_text"]
