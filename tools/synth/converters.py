"""Converter families: the text that popular PDF-to-text and PDF-to-markdown tools make of a PDF.

Each converter runs the real package (test-only dependencies, versions pinned in the ``test``
extra so that the families stay reproducible) over a generated or real PDF:

    python -m tools.synth.converters --out synth_out/conv --seed 5 --count 4   # PDFs + every converter
    python -m tools.synth.converters --out golden/synthetic/converters --seed 21 --count 7 --only 0,1,5  # committed
    python -m tools.synth.converters --out golden/synthetic/converters --seed 1 --count 9 --only 3,8  # wrapped numbers

writes ``<doc id>.<converter>.txt`` with one ``<doc id>.<converter>.expected.json`` each (kind
``text``, variant ``conv_<converter>``). Reading the output needs nothing but the files.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import docx_render
from .cli import _doc_rng
from .model import DocSpec
from .pdf_render import docx_to_pdf
from .plan import PlanItem, make_spec

log = logging.getLogger(__name__)


def pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    return str(extract_text(str(pdf)))


def pdfplumber_text(pdf: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def pymupdf_text(pdf: Path, sort: bool = False) -> str:
    import pymupdf

    with pymupdf.open(str(pdf)) as doc:
        return "".join(page.get_text(sort=sort) for page in doc)


def pypdf_text(pdf: Path, layout: bool = False) -> str:
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    mode = "layout" if layout else "plain"
    return "\n".join(page.extract_text(extraction_mode=mode) or "" for page in reader.pages)


def pypdf2_text(pdf: Path) -> str:
    """PyPDF2 3.0.1, pypdf's last release under its old name, which many pipelines still call: it runs
    a row's cells together ('4773133402175182727114') and keeps Kangxi radicals ('⽆' for 无)."""
    from PyPDF2 import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages)


def markitdown_text(pdf: Path) -> str:
    """markitdown's PDF converter (PDF → markdown); it runs locally, with no model or network."""
    from markitdown import MarkItDown

    return str(MarkItDown(enable_plugins=False).convert_stream(io.BytesIO(pdf.read_bytes()),
                                                              file_extension=".pdf").text_content)


def pymupdf4llm_text(pdf: Path) -> str:
    """PyMuPDF4LLM's markdown (PDF → markdown for LLM pipelines; its layout model ships in the
    wheel): tables as '|' rows, a cell's lines joined by '<br>'. No OCR (born-digital PDFs)."""
    import pymupdf4llm

    return str(pymupdf4llm.to_markdown(str(pdf), show_progress=False, use_ocr=False))


def pypdfium2_text(pdf: Path) -> str:
    """pdfium's text (pypdfium2's ``get_text_range``, what e.g. LangChain's PyPDFium2Loader reads),
    page after page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def pdftotext(pdf: Path, flag: str) -> str:
    done = subprocess.run(["pdftotext", flag, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


CONVERTERS: dict[str, Callable[[Path], str]] = {
    "pdfminer": pdfminer_text,
    "pdfplumber": pdfplumber_text,
    "pymupdf": pymupdf_text,
    "pymupdf_sort": lambda p: pymupdf_text(p, sort=True),
    "pypdf": pypdf_text,
    "pypdf_layout": lambda p: pypdf_text(p, layout=True),
    "pypdf2": pypdf2_text,
    "markitdown": markitdown_text,
    "pymupdf4llm": pymupdf4llm_text,
    "pypdfium2": pypdfium2_text,
    "pdftotext_raw": lambda p: pdftotext(p, "-raw"),
    "pdftotext_layout": lambda p: pdftotext(p, "-layout"),
}


def convert(pdf: Path, converter: str) -> str:
    """The text ``converter`` (a name of :data:`CONVERTERS`) makes of ``pdf``."""
    try:
        fn = CONVERTERS[converter]
    except KeyError:
        raise ValueError(f"unknown converter {converter!r}; known: {', '.join(CONVERTERS)}") from None
    return fn(pdf)


def pdf_plan(seed: int, count: int) -> list[PlanItem]:
    """``count`` PDFs going round every DOCX style in the three formats (2019, 2021, mixed)."""
    styles = docx_render.VARIANTS
    fmts = ("2019", "2021", "mixed")
    return [PlanItem(i, "pdf", styles[i % len(styles)], fmts[(i // len(styles) + i) % len(fmts)]) for i in range(count)]


def render_pdfs(specs: list[DocSpec], work: Path) -> dict[str, Path]:
    """Each spec's PDF (DOCX through LibreOffice), by doc id."""
    docx = []
    for spec in specs:
        path = work / f"{spec.doc_id}.docx"
        docx_render.write_docx(spec, docx_render.STYLES[spec.variant], path, _doc_rng(spec, "docx"))
        docx.append(path)
    return {d.stem: p for d, p in docx_to_pdf(docx, work / "pdf").items()}


def converted_expected(spec: DocSpec, converter: str, source: str, origin: str | None = None) -> dict:
    """The expected JSON of ``converter``'s text of the PDF of ``spec``; ``origin`` says how that PDF
    was made (default: from the DOCX style named by the spec's variant)."""
    expected = spec.expected()
    expected.update(source=source, kind="text", variant=f"conv_{converter}")
    expected["notes"] += f"; {origin or f'PDF of DOCX style {spec.variant}'} through {converter}"
    return expected


def generate(out: Path, seed: int, count: int, converters: list[str], only: list[int] | None = None) -> list[Path]:
    """Write every converter's text of ``count`` generated PDFs (or of those whose plan index is in
    ``only``) with their expected JSON."""
    out.mkdir(parents=True, exist_ok=True)
    specs = [make_spec(item, seed) for item in pdf_plan(seed, count) if only is None or item.index in only]
    work = Path(tempfile.mkdtemp(prefix="synth_conv_"))
    written = []
    try:
        pdfs = render_pdfs(specs, work)
        for spec in specs:
            for name in converters:
                source = f"{spec.doc_id}.{name}.txt"
                (out / source).write_text(convert(pdfs[spec.doc_id], name), encoding="utf-8")
                path = out / f"{spec.doc_id}.{name}.expected.json"
                path.write_text(json.dumps(converted_expected(spec, name, source), ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
                written.append(path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.synth.converters", description=__doc__)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=4)
    ap.add_argument("--converters", default=",".join(CONVERTERS))
    ap.add_argument("--only", default=None, help="plan indices to write, e.g. 0,1,5")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    only = [int(x) for x in args.only.split(",")] if args.only else None
    written = generate(args.out, args.seed, args.count, args.converters.split(","), only)
    log.info("%d converted documents in %s", len(written), args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
