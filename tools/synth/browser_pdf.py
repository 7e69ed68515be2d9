"""Browser-printed PDFs: the generator's HTML reports saved as PDF by headless Chromium ("打印本页").

Users often get a report as a web page and save it from the browser. Such PDFs differ from the
LibreOffice ones: tables are laid out by the browser (tight auto-sized columns, no rulings at all
when the page's ``<table>`` has no border), pages break wherever the table reaches the foot of the
page, and the page size is the browser's (Letter unless the page asks otherwise).

    python -m tools.synth.browser_pdf --out DIR --seed S --count N [--converters] [--keep-html]

Each document is an HTML report of ``html_render`` (every variant, formats 2019/2021/mixed, the
same page as ``tools.synth --kinds html`` makes for that plan item), restyled for print by one of
:data:`PRINT_STYLES` and printed on one of :data:`PAGES`, both drawn from the document's own rng:

- ``plain``: every table and cell attribute but rowspan/colspan removed, no CSS (like
  realdocs/hangzhou_style_2025.html): no rulings in the PDF;
- ``css_border``: the same bare table with a thin 1px ``border-collapse:collapse`` border from CSS;
- ``as_rendered``: the variant's own markup (``border="1"``, Word borders, or none for ``simple``).

Writes ``<id>.pdf`` + ``<id>.expected.json`` (kind ``pdf``); with ``--converters`` also each
converter's text of the PDF with its expected JSON, as ``tools.synth.converters`` does. Needs the
``chromium`` binary (Debian package ``chromium``; scripts/setup.sh installs it).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import html_render
from .cli import LABEL_VARIANT_SHARE, _doc_rng
from .converters import CONVERTERS, convert, converted_expected
from .model import DocSpec
from .plan import PlanItem, make_spec

log = logging.getLogger(__name__)

PRINT_STYLES = ("plain", "css_border", "as_rendered")
FORMATS = ("2019", "2021", "mixed")
CHROMIUM_TIMEOUT_S = 60


@dataclass(frozen=True)
class Page:
    """A print page: the CSS that sets it (empty: Chromium's default, US Letter) and a weight."""

    name: str
    css: str
    weight: float


PAGES = (
    Page("a4", "@page { size: A4 portrait; }", 0.5),
    Page("letter_default", "", 0.15),  # no @page rule: what "save as PDF" gives with the default paper
    Page("a5_narrow", "@page { size: A5 portrait; }", 0.12),  # tables wider than the page: cells wrap
    Page("a4_landscape", "@page { size: A4 landscape; }", 0.12),
    Page("a4_zoom130", "@page { size: A4 portrait; } html { zoom: 1.3; }", 0.11),  # large text: 三 breaks, wraps
)

FALLBACK_PAGE = PAGES[3]  # A4 landscape: the widest page, where the tables that others clip fit

_TABLE_TAG = re.compile(r"<table\b[^>]*>", re.IGNORECASE)
_CELL_TAG = re.compile(r"<(td|th)\b([^>]*)>", re.IGNORECASE)
_SPAN_ATTR = re.compile(r"""\b(rowspan|colspan)\s*=\s*["']?(\d+)["']?""", re.IGNORECASE)
_BORDER_CSS = "table { border-collapse: collapse; } td, th { border: 1px solid #000; padding: 1px 3px; }"


def chromium_binary() -> str | None:
    """The headless browser's path, or None when none is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _bare_cell(match: re.Match) -> str:
    spans = "".join(f' {m.group(1).lower()}="{m.group(2)}"' for m in _SPAN_ATTR.finditer(match.group(2)))
    return f"<{match.group(1)}{spans}>"


def bare_tables(page: str) -> str:
    """The page with every table and cell attribute removed but rowspan/colspan (no border, no width)."""
    return _CELL_TAG.sub(_bare_cell, _TABLE_TAG.sub("<table>", page))


def restyle(page: str, style: str, page_css: str) -> str:
    """The page as printed in ``style`` (one of PRINT_STYLES) on the page of ``page_css``."""
    if style in ("plain", "css_border"):
        page = bare_tables(page)
    css = page_css + (" " + _BORDER_CSS if style == "css_border" else "")
    if css.strip():
        page = page.replace("</head>", f"<style>{css.strip()}</style></head>", 1)
    return page


def print_to_pdf(html: Path, pdf: Path, browser: str, profile: Path) -> None:
    """Print ``html`` to ``pdf`` with headless Chromium, without header and footer lines."""
    cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
           f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.resolve().as_uri()]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=CHROMIUM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"chromium took over {CHROMIUM_TIMEOUT_S}s printing {html.name}") from None
    if done.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"chromium failed on {html.name} (exit {done.returncode}): "
                           f"{done.stderr.decode(errors='replace')[-500:]}")


@dataclass
class BrowserDoc:
    spec: DocSpec
    style: str
    page: Page
    source_html: str  # the HTML kind's page, decoded
    encoding: str  # the page's charset (GBK for gbk_spans)
    index: int
    html_variant: str

    @property
    def html(self) -> str:
        """The page as printed: restyled for its print style and page."""
        return restyle(self.source_html, self.style, self.page.css)

    def set_page(self, page: Page) -> None:
        """Print on ``page`` instead; the id and notes say so."""
        self.spec.doc_id = doc_id(self.spec.seed, self.index, self.html_variant, self.style, page, self.spec.fmt)
        self.spec.notes[-1] = self.spec.notes[-1].replace(f"page {self.page.name}", f"page {page.name}")
        self.page = page


def make_doc(index: int, seed: int, label_variants: float = LABEL_VARIANT_SHARE, style: str | None = None,
             page: Page | None = None) -> BrowserDoc:
    """Plan item ``index``: the HTML report of variant index mod 5, its print style and page (drawn from
    the document's rng unless given)."""
    variant = html_render.VARIANTS[index % len(html_render.VARIANTS)]
    fmt = FORMATS[(index // len(html_render.VARIANTS)) % len(FORMATS)]  # every variant in every format
    spec = make_spec(PlanItem(index, "html", variant, fmt), seed, label_variants)
    page_bytes = html_render.render_html(spec, _doc_rng(spec, "html"))  # the html kind's page, byte for byte
    rng = _doc_rng(spec, "print")
    drawn_style = rng.choice(PRINT_STYLES)
    drawn_page = rng.choices(PAGES, weights=[p.weight for p in PAGES])[0]
    style, page = style or drawn_style, page or drawn_page
    encoding = "gbk" if variant == "gbk_spans" else "utf-8"
    spec.doc_id = doc_id(seed, index, variant, style, page, fmt)
    spec.kind, spec.variant = "pdf", f"bpdf_{variant}_{style}"
    spec.notes.append(f"HTML variant {variant} printed by Chromium, print style {style}, page {page.name}")
    return BrowserDoc(spec, style, page, page_bytes.decode(encoding), encoding, index, variant)


def doc_id(seed: int, index: int, html_variant: str, style: str, page: Page, fmt: str) -> str:
    return f"s{seed}_{index:03d}_bpdf_{html_variant}_{style}_{page.name}_{fmt}"


_DIGITS = re.compile(r"\d[\d,.]*")


def unprinted_values(pdf: Path, spec: DocSpec) -> list[str]:
    """Numbers of the spec's value cells that the PDF prints fewer times than its tables hold them.
    A browser clips a table wider than the page (nowrap cells, fixed widths) instead of shrinking it,
    and the clipped columns are not in the PDF at all."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:  # words by their gaps: cells' numbers stay apart
        words = [w["text"] for page in doc.pages for w in page.extract_words(x_tolerance=1.5)]
    printed = Counter(n for w in words for n in _DIGITS.findall(w))
    wanted = Counter(n for g in spec.grids for c in g.cells if c.role == "value" for n in _DIGITS.findall(c.text))
    return sorted((wanted - printed).elements())


def write_doc(doc: BrowserDoc, out: Path, browser: str, work: Path, keep_html: bool = False) -> Path:
    """Print ``doc`` into ``out`` (``<id>.pdf`` + ``<id>.expected.json``); returns the PDF's path.
    A table the page clips is printed again on FALLBACK_PAGE (the id names the page printed)."""
    for attempt in range(2):
        html = (out if keep_html else work) / f"{doc.spec.doc_id}.html"
        html.write_bytes(doc.html.encode(doc.encoding, errors="xmlcharrefreplace"))
        pdf = work / f"{doc.spec.doc_id}.pdf"
        print_to_pdf(html, pdf, browser, work / "profile")
        missing = unprinted_values(pdf, doc.spec)
        if not missing:
            break
        if attempt or doc.page == FALLBACK_PAGE:
            raise RuntimeError(f"{doc.spec.doc_id}: values not in the printed PDF: {missing[:10]}")
        log.info("%s: page %s clips the table (%d values lost); printing on %s", doc.spec.doc_id, doc.page.name,
                 len(missing), FALLBACK_PAGE.name)
        if keep_html:
            html.unlink()
        doc.set_page(FALLBACK_PAGE)
    doc.spec.source = f"{doc.spec.doc_id}.pdf"
    shutil.move(pdf, out / doc.spec.source)
    doc.spec.write_expected(out)
    return out / doc.spec.source


def _write_converted(doc: BrowserDoc, pdf: Path, out: Path, converters: list[str]) -> None:
    for name in converters:
        source = f"{doc.spec.doc_id}.{name}.txt"
        (out / source).write_text(convert(pdf, name), encoding="utf-8")
        expected = converted_expected(doc.spec, name, source,
                                      origin=f"browser-printed PDF ({doc.style}, {doc.page.name})")
        (out / f"{doc.spec.doc_id}.{name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def generate(out: Path, seed: int, count: int, converters: list[str] | None = None,
             keep_html: bool = False) -> list[BrowserDoc]:
    """Write ``count`` browser-printed PDFs (and, with ``converters``, their texts) into ``out``."""
    browser = chromium_binary()
    if browser is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium; scripts/setup.sh does it)")
    out.mkdir(parents=True, exist_ok=True)
    docs = [make_doc(i, seed) for i in range(count)]
    work = Path(tempfile.mkdtemp(prefix="synth_bpdf_"))
    try:
        for doc in docs:
            t0 = time.time()
            write_doc(doc, out, browser, work, keep_html)
            log.info("%s printed in %.1fs", doc.spec.source, time.time() - t0)
            if converters:
                _write_converted(doc, out / doc.spec.source, out, converters)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return docs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.synth.browser_pdf", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=15)
    ap.add_argument("--converters", nargs="?", const=",".join(CONVERTERS), default=None,
                    help="also write these converters' texts (default when given bare: all nine)")
    ap.add_argument("--keep-html", action="store_true", help="keep the printed HTML next to each PDF")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    converters = args.converters.split(",") if args.converters else None
    try:
        docs = generate(args.out, args.seed, args.count, converters, args.keep_html)
    except RuntimeError as err:
        log.error("%s", err)
        return 2
    log.info("%d browser-printed documents in %s", len(docs), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
