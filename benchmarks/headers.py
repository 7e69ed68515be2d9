"""Header-layout variants (tools/synth/header_variants.py) in every grid kind, freshly generated.

    python benchmarks/headers.py --docs 8 --seed 1 --order-first   # html, docx, pdf, pdf-ruleless
    python benchmarks/headers.py --docs 2 --kinds scan --seed 1           # scans (OCR: slow)
    python benchmarks/headers.py --docs 8 --seed 1 --baseline            # the order alignment alone

Prints JSON, one object per (kind, variant): documents, cells, right, silent (wrong and not
flagged), fully right, cells mapped by header, median time per document (extraction only).
`pdf-ruleless` are PDFs whose tables have horizontal rules only (read as word grids).
`--baseline` reads the same documents with the header mapping switched off, for comparison.
`--order-first` also times each document with the order alignment run before the headers on
every table (as before the headers could decide alone), interleaved with the timed reading so
that both see the same load. PDFs and scans need LibreOffice.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from benchmarks.scoring import score_report  # noqa: E402
from gktables.core import pipeline  # noqa: E402
from tools.synth.cli import generate  # noqa: E402
from tools.synth.header_variants import (HEADER_VARIANTS, PDF_STYLES, RULELESS_PDF_STYLES,  # noqa: E402
                                        pdf_styles)

RULELESS = "pdf-ruleless"


def _extract(path: Path, ocr: bool) -> tuple[dict, float]:
    started = time.perf_counter()
    # no time limit: OCR on 2 shared cores may exceed the default, and the figures are about accuracy
    report = gktables.extract(path, {"time_limit_s": None}, kind="ocr" if ocr else None).to_dict()
    return report, time.perf_counter() - started


def _order_first(path: Path, ocr: bool) -> float:
    """The time to read the document with the order alignment run on every table first."""
    decides = pipeline.header_decides
    pipeline.header_decides = lambda *args: False  # type: ignore[assignment]
    try:
        return _extract(path, ocr)[1]
    finally:
        pipeline.header_decides = decides


def measure(out: Path, kinds: list[str], docs: int, seed: int, order_first: bool = False,
            misses: bool = False) -> list[dict]:
    per_kind = docs * len(HEADER_VARIANTS)
    specs = []
    for n, kind in enumerate(kinds):
        with pdf_styles(RULELESS_PDF_STYLES if kind == RULELESS else PDF_STYLES):
            made = generate(out / kind, seed + n, per_kind, ["pdf" if kind == RULELESS else kind],
                            ["2019", "2021", "mixed"], list(HEADER_VARIANTS))
        specs += [(kind, s) for s in made]
    rows: dict[tuple[str, str], dict] = defaultdict(lambda: {"documents": 0, "cells": 0, "right": 0, "silent": 0,
                                                             "fully_right": 0, "by_header": 0, "times": [],
                                                             "order_first": []})
    for kind, spec in specs:
        path = out / kind / spec.source
        report, elapsed = _extract(path, spec.kind == "ocr")
        score = score_report(report, spec.expected())
        row = rows[(kind, spec.header_variant)]
        row["documents"] += 1
        row["cells"] += score.cells
        row["right"] += score.right
        row["silent"] += score.silent
        row["fully_right"] += score.fully_right
        row["by_header"] += sum(1 for p in report["provenance"].values() if p.get("mapped_by") == "header")
        row["times"].append(elapsed)
        if misses and score.wrong_keys:
            print(json.dumps({"miss": str(path), "variant": spec.header_variant, "wrong": score.wrong_keys,
                              "silent": score.silent_keys}, ensure_ascii=False), file=sys.stderr)
        if order_first:
            row["order_first"].append(_order_first(path, spec.kind == "ocr"))
    out_rows = []
    for (kind, variant), row in sorted(rows.items()):
        times, before = row.pop("times"), row.pop("order_first")
        out_rows.append({"kind": kind, "variant": variant, **row, "median_ms": round(1000 * statistics.median(times))})
        if before:
            out_rows[-1]["order_first_median_ms"] = round(1000 * statistics.median(before))
    return out_rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=4, help="documents per kind and variant")
    parser.add_argument("--kinds", default=f"html,docx,pdf,{RULELESS}", help=f"any of html,docx,pdf,{RULELESS},scan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", action="store_true", help="switch the header mapping off")
    parser.add_argument("--order-first", action="store_true",
                        help="also time each document with the order alignment run first on every table")
    parser.add_argument("--misses", action="store_true", help="name each document's wrong cells on stderr")
    parser.add_argument("--keep", type=Path, help="generate into this directory and keep it")
    args = parser.parse_args()
    if args.baseline:
        pipeline.layout_to_mappings = lambda layout, template: {}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        rows = measure(args.keep, args.kinds.split(","), args.docs, args.seed, args.order_first, args.misses)
    else:
        with tempfile.TemporaryDirectory(prefix="gkt_headers_") as tmp:
            rows = measure(Path(tmp), args.kinds.split(","), args.docs, args.seed, args.order_first, args.misses)
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
