"""Where a flagged cell sits in its document: a crop of the page with the cell outlined (PDF, scans),
or the source text around its span (text input).

The file is always one the store lists for the document (``paths``), never a path from a request;
a file that changed size since it was extracted is not shown, since its positions no longer hold.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..pdfium_guard import pdfium_lock, render_page
from ..settings import Settings
from ..sources.text import decode_text

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

log = logging.getLogger(__name__)

PDF_SCALE = 2.0  # pixels per PDF point in crops
CONTEXT_PT = 110  # points of page shown above and below the cell (a few rows, and usually the header)
TEXT_CONTEXT = 500  # characters shown either side of a text span
MAX_TEXT_BYTES = 20_000_000
OUTLINE = (220, 30, 30)
TIED = (240, 150, 0)


class SourceUnavailable(Exception):
    """The document's file cannot be shown; the message says why (moved, changed, unreadable)."""


@dataclass(frozen=True)
class Box:
    page: int
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in the page's units
    source: str  # pdf: points; ocr: pixels of the page image


@dataclass
class TextExcerpt:
    """The text around a cell as runs of (text, mark): mark 'this' for the cell's characters,
    'tied' for cells its checks tie it to, '' for the rest."""

    runs: list[tuple[str, str]]
    start: int  # offset of the first run in the document's text
    truncated_start: bool
    truncated_end: bool


def usable_path(paths: list[tuple[str, int | None]]) -> Path:
    """The first stored path that still exists with the size it had when extracted."""
    for text, size in paths:
        path = Path(text)
        if path.is_file() and (size is None or path.stat().st_size == size):
            return path
    names = ", ".join(p for p, _ in paths) or "no path recorded"
    raise SourceUnavailable(f"the document's file is not available unchanged ({names})")


def crop_png(path: Path, cell: Box, others: list[Box]) -> bytes:
    """A PNG of the page band around ``cell``, the cell outlined in red and ``others`` (cells its
    checks tie it to) in amber."""
    from PIL import ImageDraw

    page_image, scale = _page_image(path, cell.page, cell.source, path.stat().st_mtime)
    x0, top, x1, bottom = (v * scale for v in cell.bbox)
    context = CONTEXT_PT * (PDF_SCALE if cell.source == "pdf" else _ocr_dpi() / 72)
    band_top = max(0, int(top - context))
    image = page_image.crop((0, band_top, page_image.width, min(page_image.height, int(bottom + context))))
    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    for box in others:
        if box.page == cell.page:
            bx0, btop, bx1, bbottom = (v * scale for v in box.bbox)
            draw.rectangle([bx0, btop - band_top, bx1, bbottom - band_top], outline=TIED, width=2)
    draw.rectangle([x0 - 3, top - band_top - 3, x1 + 3, bottom - band_top + 3], outline=OUTLINE, width=4)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)  # local: bytes are cheap, time is not
    return out.getvalue()


def warm(path: Path, cell: Box) -> None:
    """Render the page of ``cell`` into the cache ahead of its request (scans take seconds to
    straighten); run off the request path, for the cells a reviewer will most likely open next."""
    try:
        _page_image(path, cell.page, cell.source, path.stat().st_mtime)
    except (SourceUnavailable, OSError) as exc:
        log.info("not pre-rendering %s page %s: %s", path, cell.page, exc)


def _ocr_dpi() -> int:
    return Settings().ocr_dpi


@lru_cache(maxsize=8)
def _page_image(path: Path, page: int, source: str, mtime: float) -> tuple[Image.Image, float]:
    """The page as an RGB image in the units of the cell's box, and the factor from those units to
    its pixels (cached: the queue walks one page's cells in a row; ``mtime`` renews the cache when
    the file changes)."""
    with path.open("rb") as fh:
        is_pdf = fh.read(5) == b"%PDF-"
    if source == "ocr":
        return _scan_upright(path, page, is_pdf), 1.0
    if not is_pdf:
        raise SourceUnavailable(f"{path}: a {source} cell with a page position, but the file is not a PDF")
    return _render_pdf_page(path, page, PDF_SCALE, grey=False), PDF_SCALE


def _render_pdf_page(path: Path, page: int, scale: float, *, grey: bool) -> Image.Image:
    import pypdfium2 as pdfium

    with pdfium_lock():  # the prefetch thread renders while request threads do (see pdfium_guard)
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            raise SourceUnavailable(f"{path}: cannot open the PDF: {exc}") from exc
        try:
            if not 1 <= page <= len(pdf):
                raise SourceUnavailable(f"{path}: has no page {page}")
            pdf_page = pdf[page - 1]
            try:
                return render_page(pdf_page, scale, grey=grey)
            finally:
                pdf_page.close()
        finally:
            pdf.close()


def _scan_upright(path: Path, page: int, is_pdf: bool) -> Image.Image:
    """A scanned page as the OCR source saw it: rasterised as it was (image-only PDFs at the
    default ocr_dpi), then turned and straightened by the same function, so that the OCR's boxes
    (pixels of the normalised page) fall on the right place. A page the OCR turned by 180° after
    reading probes is not turned here."""
    import numpy as np
    from PIL import Image

    from ..sources.ocr import gray_to_upright, image_bytes_to_grays

    settings = Settings()
    colour_ink: np.ndarray | None = None
    if is_pdf:
        gray = np.asarray(_render_pdf_page(path, page, settings.ocr_dpi / 72, grey=True), dtype=np.uint8).copy()
    else:
        frames = image_bytes_to_grays(path.read_bytes(), str(path), settings)
        for number, frame in enumerate(frames, start=1):  # frames are decoded one by one: stop at ours
            if number == page:
                # the grey page and its dropped coloured ink, straightened as the OCR source did
                gray, colour_ink = frame.gray, frame.colour_ink
                break
        else:
            raise SourceUnavailable(f"{path}: has no page {page}")
    upright, _ = gray_to_upright(gray, colour_ink)
    return Image.fromarray(upright.gray)  # grey in the cache; the crop is made RGB


def text_excerpt(path: Path, span: tuple[int, int] | None, tied: list[tuple[int, int]] | None = None) -> TextExcerpt:
    """The document's text around ``span`` as the text source read it (same decoding and newlines),
    with the spans of ``tied`` cells marked too where they fall inside it. A cell without characters
    of its own (placed by the checks) is shown by the text around the first tied cell."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise SourceUnavailable(f"{path}: too large to show as text")
    text = decode_text(path.read_bytes(), str(path)).replace("\r\n", "\n").replace("\r", "\n")
    around = span or (tied[0] if tied else None)
    if around is None:
        raise SourceUnavailable(f"{path}: the cell has no characters of its own in the text")
    start, end = around
    if not 0 <= start <= end <= len(text):
        raise SourceUnavailable(f"{path}: the cell's characters {start}–{end} are outside the text")
    lo, hi = max(0, start - TEXT_CONTEXT), min(len(text), end + TEXT_CONTEXT)
    marks = [""] * (hi - lo)
    for a, b in tied or []:
        for i in range(max(a, lo), min(b, hi)):
            marks[i - lo] = "tied"
    if span is not None:
        for i in range(start, end):
            marks[i - lo] = "this"
    runs: list[tuple[str, str]] = []
    for i, mark in enumerate(marks):
        if runs and runs[-1][1] == mark:
            runs[-1] = (runs[-1][0] + text[lo + i], mark)
        else:
            runs.append((text[lo + i], mark))
    return TextExcerpt(runs, lo, lo > 0, hi < len(text))
