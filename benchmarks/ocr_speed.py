"""CPU seconds per OCR table page: the real PDF's table pages rasterised at 200 dpi, on one core.

    taskset -c 0 python benchmarks/ocr_speed.py --runs 2                     # the default engine
    taskset -c 0 python benchmarks/ocr_speed.py --runs 2 --engine tesseract-cli   # pytesseract fallback
    taskset -c 0 python benchmarks/ocr_speed.py --runs 2 --engine rapidocr
    taskset -c 0 python benchmarks/ocr_speed.py --runs 1 --calls             # each engine call of a page
    taskset -c 0 python benchmarks/ocr_speed.py --runs 2 --no-grid-labels    # the grid's label route off

Each of hongze_2023's table pages (2, 3, 4) is rendered once to PNG at ``--dpi`` and read ``--runs``
times as an image, after one untimed warm-up read (imports, models). Per read: the page's CPU
seconds as the OCR source records them (``debug["pages"][1]["timings"]["cpu_s"]``: our process plus
the engine's finished processes), the whole ``extract`` call's CPU (same accounting) and wall
seconds. CPU seconds are the figure to compare: they do not depend on what else the machine runs,
as long as the reader is pinned to one core (``taskset -c 0``). The cells read on each page are
printed as a digest too, so that two engines or two commits can be seen to read the same values.
With ``--calls`` every engine call of a page is listed too, in the order they finish: the kind,
how many crops (and how many distinct), their pixels and the calling thread's CPU seconds (the
engine runs in that thread). A page's first call of a (model, mode) not yet loaded in the process
includes loading it (~0.2 s; the warm-up reads page 2 only, so page 3's first read loads the
vertical model and a second Chinese handle).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT / "src"))  # after PYTHONPATH: a checkout given there is the one measured
REAL = [ROOT.parent / "shared" / "realdocs" / "hongze_2023.pdf", ROOT / "golden" / "real" / "hongze_2023.pdf"]
PAGES = (2, 3, 4)  # hongze's pages that hold tables


def cpu_seconds() -> float:
    """CPU of this process and its finished children (the Tesseract command line runs as one)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def render_pages(pdf: Path, dpi: int) -> dict[int, bytes]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    out = {}
    for number in PAGES:
        buf = io.BytesIO()
        doc[number - 1].render(scale=dpi / 72).to_pil().save(buf, "PNG")
        out[number] = buf.getvalue()
    return out


def record_engine_calls(calls: list[dict]) -> None:
    """Wrap every engine's ``read`` to append one record per call to ``calls``."""
    from gktables.sources.ocr import engines

    def wrap(read):  # noqa: ANN001, ANN202 - a benchmark's instrument
        def recorded(self, crops, kind):  # noqa: ANN001, ANN202
            started = time.thread_time()
            out = read(self, crops, kind)
            calls.append({"kind": kind, "crops": len(crops),
                          "distinct": len(set(engines.distinct_crops(crops))),
                          "mpx": round(sum(c.size for c in crops) / 1e6, 3),
                          "cpu_s": round(time.thread_time() - started, 3)})
            return out
        return recorded

    for cls in (engines.TesseractEngine, engines.RapidOcrEngine):
        cls.read = wrap(cls.read)


def use_engine(engine: str) -> str:
    """The settings' engine name; ``tesseract-cli`` is Tesseract with the in-process API switched off."""
    if engine == "tesseract-cli":
        os.environ["GKTABLES_TESSERACT_IN_PROCESS"] = "0"
        return "tesseract"
    return engine


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default="tesseract", choices=["tesseract", "tesseract-cli", "rapidocr"])
    ap.add_argument("--runs", type=int, default=2, help="reads of each page (after one warm-up read)")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--json", type=Path, help="also write every read's figures here")
    ap.add_argument("--calls", action="store_true", help="list each engine call of every page read")
    ap.add_argument("--no-grid-labels", action="store_true",
                    help="number-shaped cells the grid places as labels read by the digits reader first, as "
                         "before session 12 (cell_ocr.GRID_LABELS_FIRST, on by default)")
    args = ap.parse_args()
    import gktables
    from gktables.sources.ocr import cell_ocr

    cell_ocr.GRID_LABELS_FIRST = cell_ocr.GRID_LABELS_FIRST and not args.no_grid_labels

    calls: list[dict] = []
    if args.calls:
        record_engine_calls(calls)

    settings = {"ocr_engine": use_engine(args.engine), "time_limit_s": 3600}
    pdf = next(p for p in REAL if p.exists())
    pages = render_pages(pdf, args.dpi)
    gktables.extract(pages[PAGES[0]], settings, name="warm.png", kind="ocr")
    rows = []
    for run in range(args.runs):
        for number, png in pages.items():
            calls.clear()
            cpu, wall = cpu_seconds(), time.perf_counter()
            report = gktables.extract(png, settings, name=f"p{number}.png", kind="ocr")
            cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
            page = next(iter(report.layout.debug["pages"].values()))
            cells = sorted((g.page, c.row, c.col, c.text) for g in report.layout.grids for c in g.cells)
            digest = hashlib.blake2b(json.dumps(cells, ensure_ascii=False).encode(), digest_size=4).hexdigest()
            rows.append({"run": run, "page": number, "page_cpu_s": page["timings"]["cpu_s"], "extract_cpu_s": cpu,
                         "wall_s": wall, "ocr_s": page["timings"]["ocr_s"], "grid_s": page["timings"]["analysis_s"],
                         "cells": len(cells), "digest": digest})
            print(json.dumps(rows[-1]), flush=True)
            for call in calls:
                print(f"    {call['kind']:8s} {call['crops']:4d} crops ({call['distinct']:3d} distinct) "
                      f"{call['mpx']:6.3f} Mpx  {call['cpu_s']:.3f} CPU s", flush=True)
            if calls:
                rows[-1]["calls"] = list(calls)
    engine = report.layout.debug.get("engine", args.engine)
    print(f"engine {args.engine} ({engine}), {args.dpi} dpi, {len(rows)} page reads: median CPU per table page "
          f"{statistics.median(r['page_cpu_s'] for r in rows):.2f} s (whole extract "
          f"{statistics.median(r['extract_cpu_s'] for r in rows):.2f} s), wall "
          f"{statistics.median(r['wall_s'] for r in rows):.2f} s; peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
