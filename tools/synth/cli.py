"""``python -m tools.synth --out DIR --seed N --count N [--kinds ...] [--formats ...]``."""

from __future__ import annotations

import argparse
import logging
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import docx_render, html_render, scan_render, text_render
from .model import FORMATS, KINDS, DocSpec
from .pdf_render import docx_to_pdf
from .plan import make_plan, make_spec

log = logging.getLogger("tools.synth")
# New documents print some labels as real reports do; golden/synthetic was made before (share 0).
LABEL_VARIANT_SHARE = 0.3


def _csv(value: str, allowed: dict | tuple, what: str) -> list[str]:
    items = [x.strip() for x in value.split(",") if x.strip()]
    bad = [x for x in items if x not in allowed]
    if bad or not items:
        raise argparse.ArgumentTypeError(f"--{what}: {bad or value!r} not in {', '.join(allowed)}")
    return items


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m tools.synth", description=__doc__)
    ap.add_argument("--out", type=Path, required=True, help="output folder (created)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=20, help="number of documents")
    ap.add_argument("--kinds", default="pdf,scan,html,docx,text", type=lambda s: _csv(s, KINDS, "kinds"))
    ap.add_argument("--formats", default="2019,2021,mixed", type=lambda s: _csv(s, FORMATS, "formats"))
    ap.add_argument("--variants", default=None, type=lambda s: [x.strip() for x in s.split(",") if x.strip()],
                    help="only these layout variants (names as in README.md)")
    ap.add_argument("--label-variants", type=float, default=LABEL_VARIANT_SHARE, metavar="SHARE",
                    help="share of documents printing some labels as real reports do (prefix left out, typos, "
                         f"variant characters; default {LABEL_VARIANT_SHARE}; 0 remakes golden/synthetic)")
    ap.add_argument("--keep-work", action="store_true", help="keep the intermediate DOCX/PDF folder")
    ap.add_argument("-q", "--quiet", action="store_true")
    return ap.parse_args(argv)


def _doc_rng(spec: DocSpec, stage: str) -> random.Random:
    return random.Random(f"{spec.doc_id}:{stage}")


def _seed_int(spec: DocSpec) -> int:
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(spec.doc_id)) % (2**31)


def write_direct(spec: DocSpec, out: Path) -> bool:
    """Write a document that needs no PDF (DOCX, HTML, text from the grids); False for the others."""
    if spec.kind == "docx":
        spec.source = f"{spec.doc_id}.docx"
        docx_render.write_docx(spec, docx_render.STYLES[spec.variant], out / spec.source, _doc_rng(spec, "docx"))
    elif spec.kind == "html":
        spec.source = f"{spec.doc_id}.html"
        (out / spec.source).write_bytes(html_render.render_html(spec, _doc_rng(spec, "html")))
    elif spec.kind == "text" and spec.variant in text_render.GRID_VARIANTS:
        spec.source = f"{spec.doc_id}.txt"
        (out / spec.source).write_text(text_render.render_text(spec, _doc_rng(spec, "text")), encoding="utf-8")
    else:
        return False
    return True


def generate(out: Path, seed: int, count: int, kinds: list[str], formats: list[str],
             variants: list[str] | None = None, keep_work: bool = False,
             label_variants: float = 0.0) -> list[DocSpec]:
    """Write `count` documents and their expected JSON into `out`; return their specs.
    ``label_variants``: see :func:`plan.make_spec` (the command line's default is LABEL_VARIANT_SHARE)."""
    out.mkdir(parents=True, exist_ok=True)
    items = make_plan(seed, count, kinds, formats, variants)
    specs = [(item, make_spec(item, seed, label_variants)) for item in items]
    work = Path(tempfile.mkdtemp(prefix="synth_work_"))
    try:
        need_pdf: dict[str, Path] = {}  # doc id → its DOCX in the work folder
        for _item, spec in specs:
            if not write_direct(spec, out):
                path = work / f"{spec.doc_id}.docx"
                style = docx_render.STYLES[spec.base_style or "official"]
                docx_render.write_docx(spec, style, path, _doc_rng(spec, "docx"))
                need_pdf[spec.doc_id] = path
        t0 = time.time()
        pdfs = {d.stem: p for d, p in docx_to_pdf(list(need_pdf.values()), work / "pdf").items()}
        if pdfs:
            log.info("LibreOffice converted %d documents in %.1fs", len(pdfs), time.time() - t0)
        for item, spec in specs:
            pdf = pdfs.get(spec.doc_id)
            if item.kind == "pdf" and pdf:
                spec.source = f"{spec.doc_id}.pdf"
                shutil.copyfile(pdf, out / spec.source)
            elif item.kind == "scan" and pdf:
                style = scan_render.STYLES[spec.variant]
                spec.source = f"{spec.doc_id}.{scan_render.EXTENSIONS[style.fmt]}"
                rotated = scan_render.scan_pdf(pdf, out / spec.source, style, _seed_int(spec))
                if rotated:
                    spec.notes.append(f"pages {rotated} rotated by 90 degrees")
            elif item.kind == "text" and pdf:
                spec.source = f"{spec.doc_id}.txt"
                (out / spec.source).write_text(text_render.pdf_to_text(pdf, spec.variant), encoding="utf-8")
        for _item, spec in specs:
            spec.write_expected(out)
    finally:
        if keep_work:
            log.info("work folder kept: %s", work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return [s for _i, s in specs]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.time()
    specs = generate(args.out, args.seed, args.count, args.kinds, args.formats, args.variants, args.keep_work,
                     args.label_variants)
    bad = sum(1 for s in specs if s.failing_checks)
    size = sum(f.stat().st_size for f in args.out.iterdir() if f.is_file())
    log.info("%d documents (%d with failing checks) in %s, %.1f MB, %.1fs",
             len(specs), bad, args.out, size / 1e6, time.time() - t0)
    return 0
