"""Broken-text recovery on freshly generated reports: every text failure family that needs no PDF,
N random documents each (both formats and the mixed one, a share with deliberate source errors).

    python benchmarks/text_families.py --docs 100 --seed 1     # prints JSON, one object per family

Per family: cells right, silent cells (wrong and not flagged), documents fully right, median and
90th-percentile time per document (extract_text only; rendering is not timed).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from benchmarks.scoring import score_report  # noqa: E402
from tools.synth.model import FORMATS  # noqa: E402
from tools.synth.plan import PlanItem, make_spec  # noqa: E402
from tools.synth.text_render import GRID_VARIANTS, render_text  # noqa: E402


def measure(family: str, docs: int, seed: int) -> dict:
    pick = random.Random(f"{seed}:{family}")
    formats = sorted(FORMATS)
    cells = right = silent = fully = 0
    times = []
    for i in range(docs):
        doc_seed, index = pick.randrange(100_000), pick.randrange(1000)
        spec = make_spec(PlanItem(index, "text", family, formats[i % len(formats)]), doc_seed)
        text = render_text(spec, random.Random(f"{doc_seed}:{index}:render"))
        started = time.perf_counter()
        report = gktables.extract_text(text).to_dict()
        times.append(time.perf_counter() - started)
        score = score_report(report, spec.expected())
        cells, right, silent = cells + score.cells, right + score.right, silent + score.silent
        fully += score.right == score.cells
    times.sort()
    return {"family": family, "documents": docs, "cells": cells, "right": right, "silent": silent,
            "fully_right": fully, "median_ms": 1000 * statistics.median(times),
            "p90_ms": 1000 * times[int(0.9 * (len(times) - 1))]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    gktables.extract_text("warm-up")
    print(json.dumps([measure(f, args.docs, args.seed) for f in GRID_VARIANTS]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
