"""Backdrops of debug pictures: the PDF page rendered by pdfium, the scan as OCR saw it (upright,
deskewed), or the synthetic table / text page of :mod:`gktables.debug.synth`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pdfium_guard import pdfium_lock, render_page
from . import fonts
from .model import DocView, PageView
from .synth import EM

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

log = logging.getLogger(__name__)

PDF_SCALE = 2.0  # pixels per PDF point
MAX_SCAN_SIDE = 2000  # scans are shrunk to this many pixels on their long side
PdfSource = bytes | str | Path


def default_scale(doc: DocView, view: PageView) -> float:
    if view.kind != "paged":
        return 1.0
    if doc.report.layout is not None and doc.report.layout.source == "ocr":
        return min(1.0, MAX_SCAN_SIDE / max(view.size))
    return PDF_SCALE


class Backdrops:
    """Page images for one document; the PDF is opened once, on first use."""

    def __init__(self, doc: DocView, pdf: PdfSource | None = None):
        self.doc = doc
        self.pdf = pdf
        self._pdf_doc: Any = None
        self._pdf_failed = False

    def __enter__(self) -> Backdrops:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pdf_doc is not None:
            with pdfium_lock():
                self._pdf_doc.close()
            self._pdf_doc = None

    def image(self, view: PageView, scale: float) -> Image.Image:
        from PIL import Image

        layout = self.doc.report.layout
        if view.kind != "paged":
            return synthetic_backdrop(view, scale)
        if layout is not None and layout.source == "ocr":
            array = layout.debug.get("images", {}).get(view.page)
            if array is not None:
                img = Image.fromarray(array)
                size = (round(img.width * scale), round(img.height * scale))
                return (img.resize(size, Image.Resampling.BILINEAR) if size != img.size else img).convert("RGB")
            return _blank(view, scale, "scan not kept: extract with Settings(keep_debug=True)")
        with pdfium_lock():
            page = self._pdf_page(view.page)
            if page is None:
                return _blank(view, scale, "PDF not available: pass pdf= (path or bytes)")
            try:
                return render_page(page, scale)
            finally:
                page.close()

    def _pdf_page(self, number: int) -> Any:
        if self._pdf_doc is None and not self._pdf_failed:
            self._pdf_doc = _open_pdf(self.pdf if self.pdf is not None else _pdf_of(self.doc))
            self._pdf_failed = self._pdf_doc is None
        if self._pdf_doc is None or not 1 <= number <= len(self._pdf_doc):
            return None
        return self._pdf_doc[number - 1]


def _pdf_of(doc: DocView) -> PdfSource | None:
    """The PDF a report was read from: kept bytes, else its source path when it still exists."""
    layout = doc.report.layout
    kept = layout.debug.get("pdf_bytes") if layout is not None else None
    if kept:
        return kept
    path = Path(doc.report.source)
    return path if path.is_file() else None


def _open_pdf(source: PdfSource | None) -> Any:
    if source is None:
        return None
    import pypdfium2 as pdfium

    try:
        with pdfium_lock():
            return pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
    except pdfium.PdfiumError as exc:
        log.warning("cannot render the PDF for debug pictures: %s", exc)
        return None


def _blank(view: PageView, scale: float, note: str) -> Image.Image:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (round(view.size[0] * scale), round(view.size[1] * scale)), "white")
    ImageDraw.Draw(img).text((8, 8), note, fill=(120, 120, 120), font=fonts.font(14))
    return img


def synthetic_backdrop(view: PageView, scale: float) -> Image.Image:
    """A white page with the grid's cell borders (light) and the text the view prints."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (round(view.size[0] * scale), round(view.size[1] * scale)), "white")
    draw = ImageDraw.Draw(img)
    for mark in view.grid:
        b = mark.bbox
        draw.rectangle([b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale], outline=(170, 170, 170))
    by_size: dict[float, Any] = {}
    for p in view.printed:
        font = by_size.setdefault(p.size, fonts.font(round(p.size * scale * 0.9)))
        draw.text((p.x * scale, p.y * scale), fonts.printable(p.text), fill=(40, 40, 40), font=font)
    return img


__all__ = ["Backdrops", "default_scale", "synthetic_backdrop", "PDF_SCALE", "EM"]
