"""Scans as they really arrive: accuracy, silent errors and seconds per table page, per degradation
family (tools/synth/degrade.py) and OCR engine.

    python benchmarks/scans.py --docs 20 --engine tesseract rapidocr          # the BENCHMARKS.md table
    python benchmarks/scans.py --docs 2 --families photo stamp --engine tesseract   # while developing

Documents: the shared real PDF (hongze_2023) and the first N generated PDFs (golden/synthetic's,
then more generated with ``python -m tools.synth --kinds pdf`` into synth_out/scan_src when N asks
for more; that needs LibreOffice); ``--docs 0`` reads the real PDF only. Each is degraded once per
family (cached under synth_out/scans/, deterministic by seed) and read in a child process
(``--one-core`` pins it to one CPU). A table page is a page where a table was found. Its CPU
seconds are ours plus the engine processes' (``Layout.debug["pages"][n]["timings"]["cpu_s"]``),
the measure that does not depend on what else the machine runs; its wall seconds are split into
page analysis (grid) and OCR as the OCR source records them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from benchmarks.scoring import score_report  # noqa: E402

REAL = [ROOT.parent / "shared" / "realdocs" / "hongze_2023.pdf", ROOT / "golden" / "real" / "hongze_2023.pdf"]
REAL_STEM = REAL[0].stem
CACHE = ROOT / "synth_out" / "scans"
WARM_UP = ROOT / "golden" / "scans" / "hongze_2023_p4_stamp.jpg"  # warm-up: one page, not a whole document
SOURCES = ROOT / "synth_out" / "scan_src"


def expected_for(pdf: Path) -> dict:
    for cand in [pdf.with_suffix(".expected.json"), ROOT / "golden" / "real" / (pdf.stem + ".expected.json")]:
        if cand.exists():
            return json.loads(cand.read_text("utf-8"))
    raise FileNotFoundError(f"no expected JSON for {pdf}")


def source_pdfs(n: int) -> list[Path]:
    """The real PDF, then n generated PDFs (generating more when the committed ones run out)."""
    real = next(p for p in REAL if p.exists())
    generated = sorted((ROOT / "golden" / "synthetic").glob("*_pdf_*.pdf"))
    if len(generated) < n:
        have = sorted(SOURCES.glob("*.pdf")) if SOURCES.exists() else []
        if len(have) < n - len(generated):
            subprocess.run([sys.executable, "-m", "tools.synth", "--out", str(SOURCES), "--seed", "13",
                            "--count", str(n - len(generated)), "--kinds", "pdf", "-q"], cwd=ROOT, check=True)
            have = sorted(SOURCES.glob("*.pdf"))
        generated += have[:n - len(generated)]
    return [real] + generated[:n]


def degraded(pdf: Path, family: str) -> Path:
    """The family's TIFF of pdf, made once and cached."""
    from tools.synth.degrade import degrade_pdf, write_tiff

    out = CACHE / family / f"{pdf.stem}.tif"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        seed = sum(ord(c) * (i + 1) for i, c in enumerate(pdf.stem)) % (2**31)
        doc = degrade_pdf(pdf, family, seed)
        (out.with_suffix(".marks.json")).write_text(json.dumps(doc.marks), "utf-8")
        part = out.with_suffix(f".{os.getpid()}.part.tif")  # a run stopped while writing leaves no broken file
        write_tiff(doc, part)
        part.replace(out)
    return out


# --- child: read one family's documents with one engine, on one core -------------------------

def run_child(payload: dict) -> dict:
    if payload.get("one_core") and hasattr(os, "sched_setaffinity"):  # Tesseract's processes too
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import gktables

    settings = {"ocr_engine": payload["engine"], "time_limit_s": 3600}  # a shared machine runs slow
    rows = []
    gktables.extract(WARM_UP, settings, kind="ocr")  # warm imports and models once, untimed, on one page
    for image, pdf in payload["docs"]:
        expected = expected_for(Path(pdf))
        started = time.perf_counter()
        try:
            report = gktables.extract(image, settings, kind="ocr")
            out, error = report.to_dict(), None
            pages = [p for p in report.layout.debug.get("pages", {}).values() if p.get("n_tables")]
        except Exception as exc:  # recorded, not raised: one bad document never stops a benchmark
            out, error, pages = {"cells": {}, "checks": [], "warnings": [], "provenance": {}}, repr(exc), []
        score = score_report(out, expected)
        if error:  # an exception is loud: its cells are wrong, none of them silent
            score.silent, score.silent_keys = 0, []
        rows.append({"doc": Path(pdf).stem, "cells": score.cells, "right": score.right, "silent": score.silent,
                     "fully_right": score.fully_right and not error,
                     "wrong": score.wrong_keys[:8], "silent_keys": score.silent_keys[:8], "error": error,
                     "seconds": time.perf_counter() - started,
                     "pages": [{"total_s": p["timings"]["total_s"], "grid_s": p["timings"]["analysis_s"],
                                "ocr_s": p["timings"]["ocr_s"], "cpu_s": p["timings"]["cpu_s"]} for p in pages]})
        if payload.get("progress"):  # one line per document, so that a run stopped early still counts
            with open(payload["progress"], "a", encoding="utf-8") as fh:
                fh.write(json.dumps(rows[-1], ensure_ascii=False) + "\n")
    return {"docs": rows}


def child(payload: dict) -> dict:
    done = subprocess.run(["nice", "-n", "10", sys.executable, __file__, "--child", json.dumps(payload)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def summarise(family: str, engine: str, subset: str, docs: list[dict]) -> dict:
    pages = [p for d in docs for p in d["pages"]]
    cells = sum(d["cells"] for d in docs)
    right = sum(d["right"] for d in docs)

    def med(key: str) -> float:
        return statistics.median(p[key] for p in pages) if pages else 0.0

    return {"family": family, "engine": engine, "subset": subset, "docs": len(docs), "cells": cells,
            "right": right, "pct": 100.0 * right / cells if cells else 0.0,
            "silent": sum(d["silent"] for d in docs), "errors": sum(1 for d in docs if d["error"]),
            "flagged": cells - right - sum(d["silent"] for d in docs),
            "fully_right": sum(1 for d in docs if d.get("fully_right")),
            "page_s": med("total_s"), "grid_s": med("grid_s"), "ocr_s": med("ocr_s"), "cpu_s": med("cpu_s"),
            "table_pages": len(pages)}


def row(s: dict) -> str:
    return (f"| {s['family']} | {s['engine']} | {s['subset']} | {s['docs']} | {s['right']} / {s['cells']} | "
            f"{s['pct']:.2f} % | {s['fully_right']} / {s['docs']} | {s['silent']} | {s['flagged']} | "
            f"{s['errors']} | {s['cpu_s']:.2f} | {s['page_s']:.2f} | {s['grid_s']:.2f} | "
            f"{s['ocr_s']:.2f} |")


HEADER = ["| family | engine | documents | n | cells right | % | docs fully right | silent | flagged | errors "
          "| CPU s per table page | wall s | grid s | OCR s |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]


def main() -> int:
    from tools.synth.degrade import FAMILIES

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=2, help="generated documents per family (plus the real one)")
    ap.add_argument("--families", nargs="*", default=list(FAMILIES), choices=FAMILIES)
    ap.add_argument("--engine", nargs="*", default=["tesseract"], choices=["tesseract", "rapidocr"])
    ap.add_argument("--start", type=int, default=0, help="skip the real PDF and the first START generated ones "
                    "(to extend a finished run to a larger --docs; merge the JSON lines)")
    ap.add_argument("--only", nargs="*", default=[], help="read only the documents whose name holds one of "
                    "these strings (e.g. s1_012 s1_044: the few holding the misses, while developing)")
    ap.add_argument("--json", type=Path, help="also write every document's result here")
    ap.add_argument("--one-core", action="store_true", help="pin the reader to one CPU (CPU seconds are "
                    "measured either way: ours plus the engine's processes)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print each document's wrong keys")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_child(json.loads(args.child))))
        return 0
    pdfs = source_pdfs(args.docs)
    if args.start:
        pdfs = pdfs[1 + args.start:]
    if args.only:
        pdfs = [p for p in pdfs if any(part in p.stem for part in args.only)]
    lines = list(HEADER)
    print("\n".join(HEADER), flush=True)
    results = []
    for family in args.families:
        docs = [[str(degraded(p, family)), str(p)] for p in pdfs]
        for engine in args.engine:
            progress = str(args.json.with_suffix(f".{family}.{engine}.jsonl")) if args.json else None
            got = child({"engine": engine, "docs": docs, "one_core": args.one_core, "progress": progress})["docs"]
            results.append({"family": family, "engine": engine, "docs": got})
            real = [d for d in got if d["doc"] == REAL_STEM]
            for subset, part in (("real", real), ("generated", [d for d in got if d["doc"] != REAL_STEM])):
                if part:
                    lines.append(row(summarise(family, engine, subset, part)))
                    print(lines[-1], flush=True)
            if args.verbose:
                for d in got:
                    if d["right"] < d["cells"] or d["error"]:
                        print(f"    {d['doc']}: wrong {d['wrong']} silent {d['silent_keys']} {d['error'] or ''}",
                              flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
