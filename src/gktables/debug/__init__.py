"""Debug pictures of an extraction: page overlays, an index.html, a text view.

Everything is drawn from what the Report keeps (``report.layout``, ``report.trace``, provenance,
checks); nothing is re-run. Pillow and pypdfium2 are imported here only, never on the extract path.

    from gktables.debug import write_debug, page_image
    report = gktables.extract("report.pdf", {"keep_debug": True})
    page_image(report, 3).draw_rulings().draw_grid().draw_keys().save("p3.png")
    write_debug(report, "out/")          # what `gktables debug FILE --out DIR` writes
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from .canvas import COLOURS, PageCanvas
from .model import DocView, PageView, page_size, report_to_doc
from .render import Backdrops, PdfSource, default_scale

if TYPE_CHECKING:  # pragma: no cover
    from ..report import Report

log = logging.getLogger(__name__)

STAGES = ("lines", "grid", "header", "keys")  # the stages drawn one per file besides the full picture
DEFAULT_THRESHOLD = 0.9  # as Settings.confidence_threshold

__all__ = ["write_debug", "page_image", "debug_pages", "PageCanvas", "COLOURS", "STAGES"]


def debug_pages(report: "Report") -> list[int]:
    """The pages (views, for HTML/DOCX grids and text zones) that hold report tables."""
    return sorted(report_to_doc(report).views)


def page_image(report: "Report", page: int | None = None, *, scale: float | None = None,
               pdf: PdfSource | None = None, threshold: float = DEFAULT_THRESHOLD) -> PageCanvas:
    """A chainable picture of one page: ``page_image(r, 3).draw_rulings().draw_keys()``.

    ``page`` is a PDF/scan page number (any page of a PDF; default: the first with a table), or
    for HTML/DOCX the n-th report grid and for text the n-th table zone. ``scale``: pixels per page
    unit (default 2 for PDF points). ``pdf``: the PDF's path or bytes when ``report.source`` is not
    a readable path (extraction from bytes).
    """
    doc = report_to_doc(report, threshold)
    view = _view(doc, page)
    with Backdrops(doc, pdf) as backdrops:
        return _canvas(doc, view, backdrops, scale)


def write_debug(report: "Report", out_dir: str | Path, *, stages: bool = True, scale: float | None = None,
                pdf: PdfSource | None = None, threshold: float = DEFAULT_THRESHOLD) -> list[Path]:
    """Write ``page-N.png`` (every stage) for every page holding a table, ``page-N-<stage>.png``
    per stage when ``stages``, ``index.html``, and for text input ``text.html``. Returns the paths."""
    from .html import index_html, text_html

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = report_to_doc(report, threshold)
    written: list[Path] = []
    images: dict[int, tuple[str, int, int, float]] = {}
    with Backdrops(doc, pdf) as backdrops:
        for number, view in doc.views.items():
            canvas = _canvas(doc, view, backdrops, scale)
            if stages:
                for stage in STAGES:
                    written.append(_stage(canvas.copy(), stage).save(out / f"page-{number}-{stage}.png"))
            written.append(canvas.draw_all().save(out / f"page-{number}.png"))
            images[number] = (f"page-{number}.png", canvas.image.width, canvas.image.height, canvas.scale)
    if doc.kind == "text":
        written.append(_write(out / "text.html", text_html(doc)))
    written.append(_write(out / "index.html", index_html(doc, images, stages=STAGES if stages else ())))
    log.info("debug output for %s: %d files in %.2f s", report.source, len(written), time.perf_counter() - started)
    return written


def _view(doc: DocView, page: int | None) -> PageView:
    if page is None:
        if not doc.views:
            raise ValueError(f"{doc.report.source}: no page holds a report table; give a page number")
        return doc.views[min(doc.views)]
    if page in doc.views:
        return doc.views[page]
    n_pages = doc.report.layout.n_pages if doc.report.layout else None
    if doc.kind == "paged" and n_pages and 1 <= page <= n_pages:
        return PageView(page, "paged", f"page {page}", page_size(doc.report.layout, page))
    raise ValueError(f"{doc.report.source}: no page {page}; pages with tables: {sorted(doc.views)}")


def _canvas(doc: DocView, view: PageView, backdrops: Backdrops, scale: float | None) -> PageCanvas:
    scale = scale or default_scale(doc, view)
    return PageCanvas(doc, view, backdrops.image(view, scale), scale)


def _stage(canvas: PageCanvas, stage: str) -> PageCanvas:
    draw = {"lines": canvas.draw_rulings, "grid": canvas.draw_grid, "header": canvas.draw_header_tree,
            "keys": canvas.draw_keys}[stage]
    return draw()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
