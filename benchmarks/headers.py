"""Header-layout variants (tools/synth/header_variants.py) in every grid kind, freshly generated.

    python benchmarks/headers.py --docs 4 --seed 1                        # html, docx, pdf
    python benchmarks/headers.py --docs 1 --kinds scan --seed 1           # scans (OCR: slow)
    python benchmarks/headers.py --docs 4 --seed 1 --baseline            # the order alignment alone

Prints JSON, one object per (kind, variant): documents, cells, right, silent (wrong and not
flagged), fully right, cells mapped by header, median time per document (extraction only).
`--baseline` reads the same documents with the header mapping switched off, for comparison.
PDFs and scans need LibreOffice.
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
from tools.synth.header_variants import HEADER_VARIANTS  # noqa: E402


def measure(out: Path, kinds: list[str], docs: int, seed: int) -> list[dict]:
    per_kind = docs * len(HEADER_VARIANTS)
    specs = []
    for n, kind in enumerate(kinds):
        specs += generate(out / kind, seed + n, per_kind, [kind], ["2019", "2021", "mixed"], list(HEADER_VARIANTS))
    rows: dict[tuple[str, str], dict] = defaultdict(lambda: {"documents": 0, "cells": 0, "right": 0, "silent": 0,
                                                             "fully_right": 0, "by_header": 0, "times": []})
    for spec in specs:
        path = out / ("scan" if spec.kind == "ocr" else spec.kind) / spec.source
        started = time.perf_counter()
        # no time limit: OCR on 2 shared cores may exceed the default, and the figures are about accuracy
        report = gktables.extract(path, {"time_limit_s": None}, kind="ocr" if spec.kind == "ocr" else None).to_dict()
        elapsed = time.perf_counter() - started
        score = score_report(report, spec.expected())
        row = rows[(spec.kind, spec.header_variant)]
        row["documents"] += 1
        row["cells"] += score.cells
        row["right"] += score.right
        row["silent"] += score.silent
        row["fully_right"] += score.fully_right
        row["by_header"] += sum(1 for p in report["provenance"].values() if p.get("mapped_by") == "header")
        row["times"].append(elapsed)
    out_rows = []
    for (kind, variant), row in sorted(rows.items()):
        times = row.pop("times")
        out_rows.append({"kind": kind, "variant": variant, **row, "median_ms": round(1000 * statistics.median(times))})
    return out_rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=4, help="documents per kind and variant")
    parser.add_argument("--kinds", default="html,docx,pdf", help="any of html,docx,pdf,scan")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline", action="store_true", help="switch the header mapping off")
    args = parser.parse_args()
    if args.baseline:
        pipeline.layout_to_mappings = lambda layout, template: {}
    with tempfile.TemporaryDirectory(prefix="gkt_headers_") as tmp:
        rows = measure(Path(tmp), args.kinds.split(","), args.docs, args.seed)
    print(json.dumps(rows, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
