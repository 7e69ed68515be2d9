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
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .canvas import COLOURS, PageCanvas
from .html import PageFiles, index_html, text_html
from .model import DocView, PageView
from .views import page_size, report_to_doc
from .render import Backdrops, PdfSource, default_scale

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

    from ..report import Report

log = logging.getLogger(__name__)

STAGES = ("lines", "grid", "header", "keys")  # the stages drawn one per file besides the full picture

__all__ = ["write_debug", "page_image", "debug_pages", "PageCanvas", "COLOURS", "STAGES"]


def debug_pages(report: Report) -> list[int]:
    """The pages (views, for HTML/DOCX grids and text zones) that hold report tables."""
    return sorted(report_to_doc(report).views)


def page_image(report: Report, page: int | None = None, *, scale: float | None = None,
               pdf: PdfSource | None = None, threshold: float | None = None) -> PageCanvas:
    """A chainable picture of one page: ``page_image(r, 3).draw_rulings().draw_keys()``.

    ``page`` is a PDF/scan page number (any page of a PDF; default: the first with a table), or
    for HTML/DOCX the n-th report grid and for text the n-th table zone. ``scale``: pixels per page
    unit (default 2 for PDF points). ``pdf``: the PDF's path or bytes when ``report.source`` is not
    a readable path (extraction from bytes).
    """
    doc = report_to_doc(report, report.confidence_threshold if threshold is None else threshold)
    view = _view(doc, page)
    with Backdrops(doc, pdf) as backdrops:
        return _canvas(doc, view, backdrops, scale)


def write_debug(report: Report, out_dir: str | Path, *, stages: bool = True, scale: float | None = None,
                pdf: PdfSource | None = None, threshold: float | None = None) -> list[Path]:
    """Write, for every page (view) holding a table, ``page-N.png`` with every stage drawn, and
    when ``stages`` the bare page ``page-N-base.png`` (grey) with one transparent layer per stage
    ``page-N-<stage>.png`` (cropped to what it draws; index.html stacks them in place); then
    ``index.html``, and ``text.html`` for text input. Returns the paths written."""
    from concurrent.futures import ThreadPoolExecutor

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = report_to_doc(report, report.confidence_threshold if threshold is None else threshold)
    files: dict[int, PageFiles] = {}
    # PNG encoding releases the GIL: pages are encoded while the next one is drawn.
    with Backdrops(doc, pdf) as backdrops, ThreadPoolExecutor(max_workers=2) as pool:
        jobs = []
        for number, view in doc.views.items():
            canvas = _canvas(doc, view, backdrops, scale)
            layers = stage_layers(canvas)
            full = canvas.image.convert("RGBA")
            for layer in layers.values():
                full.alpha_composite(layer)
            page = PageFiles(f"page-{number}.png", full.width, full.height, canvas.scale)
            jobs.append(pool.submit(_save, full.convert("RGB"), out / page.file))
            if stages:
                page.base = f"page-{number}-base.png"
                jobs.append(pool.submit(_save, canvas.image.convert("L"), out / page.base))
                for stage, layer in layers.items():
                    box = layer.getbbox() or (0, 0, 1, 1)  # transparent layers are cropped to their ink
                    page.layers[stage] = (f"page-{number}-{stage}.png", box)
                    jobs.append(pool.submit(_save, layer.crop(box), out / page.layers[stage][0]))
            files[number] = page
        written = [job.result() for job in jobs]
    if doc.kind == "text":
        written.append(_write(out / "text.html", text_html(doc)))
    written.append(_write(out / "index.html", index_html(doc, files)))
    log.info("debug output for %s: %d files in %.2f s", report.source, len(written), time.perf_counter() - started)
    return written


def stage_layers(canvas: PageCanvas) -> dict[str, Image.Image]:
    """Each stage drawn alone on a transparent layer the size of ``canvas``."""
    from PIL import Image

    out = {}
    for stage in STAGES:
        blank = Image.new("RGBA", canvas.image.size, (0, 0, 0, 0))
        layer = PageCanvas(canvas.doc, canvas.view, blank, canvas.scale, copy=False)
        out[stage] = _stage(layer, stage).image
    return out


def _save(image: Image.Image, path: Path) -> Path:
    image.save(path, format="PNG", compress_level=1)
    return path


def _view(doc: DocView, page: int | None) -> PageView:
    if page is None:
        if not doc.views:
            raise ValueError(f"{doc.report.source}: no page holds a report table; give a page number")
        return doc.views[min(doc.views)]
    if page in doc.views:
        return doc.views[page]
    layout = doc.report.layout
    if doc.kind == "paged" and layout is not None and layout.n_pages and 1 <= page <= layout.n_pages:
        return PageView(page, "paged", f"page {page}", page_size(layout, page))
    raise ValueError(f"{doc.report.source}: no page {page}; pages with tables: {sorted(doc.views)}")


def _canvas(doc: DocView, view: PageView, backdrops: Backdrops, scale: float | None) -> PageCanvas:
    scale = scale or default_scale(doc, view)
    return PageCanvas(doc, view, backdrops.image(view, scale), scale)


def _stage(canvas: PageCanvas, stage: str) -> PageCanvas:
    draws: dict[str, Callable[[], PageCanvas]] = {
        "lines": canvas.draw_rulings, "grid": canvas.draw_grid, "header": canvas.draw_header_tree,
        "keys": canvas.draw_keys}
    return draws[stage]()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
