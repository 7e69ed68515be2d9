"""Recovery from the text of popular PDF converters: N freshly generated PDFs (every DOCX style, the
three formats, a share with deliberate source errors) and the shared real PDF, each through every
converter of ``tools.synth.converters``.

    python benchmarks/converters.py --docs 100 --seed 1      # prints JSON, one object per converter

Per converter: cells right, documents fully right, silent cells (wrong and not flagged), the share
of cells flagged, median time per document (extract_text only), and the same on the real PDF.
Needs LibreOffice (to make the PDFs) and the ``test`` extra (the converters).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
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
from benchmarks.scoring import percentile, same, score_report  # noqa: E402
from tools.synth.converters import CONVERTERS, convert, converted_expected, pdf_plan, render_pdfs  # noqa: E402
from tools.synth.model import FORMATS  # noqa: E402
from tools.synth.plan import PlanItem, make_spec  # noqa: E402
from tools.synth.text_render import render_text  # noqa: E402

REAL_PDF = ROOT.parent / "shared" / "realdocs" / "hongze_2023.pdf"
REAL_EXPECTED = ROOT / "golden" / "real" / "hongze_2023.expected.json"
BATCH = 25  # PDFs rendered per LibreOffice batch (keeps the work folder small)


class Tally:
    def __init__(self) -> None:
        self.cells = self.right = self.silent = self.flagged = self.fully = self.docs = 0
        self.times: list[float] = []
        self.worst: list[tuple[int, str]] = []

    def add(self, text: str, expected: dict, name: str) -> None:
        started = time.perf_counter()
        report = gktables.extract_text(text).to_dict()
        self.times.append(time.perf_counter() - started)
        score = score_report(report, expected)
        flagged = {k for w in report["warnings"] for k in w["keys"]}
        flagged |= {k for c in report["checks"] if c["passed"] is False for k in c["keys"]}
        flagged |= {k for k, p in report["provenance"].items() if p["confidence"] < 0.9}
        self.docs += 1
        self.cells, self.right = self.cells + score.cells, self.right + score.right
        self.silent += score.silent
        self.flagged += len(flagged & set(expected["cells"]))
        self.fully += score.fully_right
        if score.cells - score.right or score.silent:
            self.worst.append((score.silent * 1000 + score.cells - score.right, name))

    def as_dict(self) -> dict:
        return {"documents": self.docs, "cells": self.cells, "right": self.right,
                "right_pct": round(100 * self.right / max(self.cells, 1), 2), "fully_right": self.fully,
                "silent": self.silent, "flagged_pct": round(100 * self.flagged / max(self.cells, 1), 2),
                "median_ms": round(1000 * statistics.median(self.times), 1) if self.times else None,
                "p95_ms": round(1000 * percentile(self.times, 0.95), 1) if self.times else None,
                "max_ms": round(1000 * max(self.times), 1) if self.times else None,
                "worst": [n for _, n in sorted(self.worst, reverse=True)[:5]]}


def measure(docs: int, seed: int, converters: list[str]) -> dict[str, dict]:
    tallies: dict[str, Tally] = defaultdict(Tally)
    plan = pdf_plan(seed, docs)
    for start in range(0, len(plan), BATCH):
        specs = [make_spec(item, seed) for item in plan[start:start + BATCH]]
        work = Path(tempfile.mkdtemp(prefix="bench_conv_"))
        try:
            pdfs = render_pdfs(specs, work)
            for spec in specs:
                for name in converters:
                    text = convert(pdfs[spec.doc_id], name)
                    tallies[name].add(text, converted_expected(spec, name, spec.doc_id), spec.doc_id)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    real = json.loads(REAL_EXPECTED.read_text("utf-8"))
    out = {}
    for name in converters:
        on_real = Tally()
        if REAL_PDF.exists():
            on_real.add(convert(REAL_PDF, name), real, REAL_PDF.name)
        out[name] = {"generated": tallies[name].as_dict(), "real_pdf": on_real.as_dict()}
    return out


def measure_priors(docs: int, seed: int) -> dict:
    """Scraped pages (digits run together) with the prose that restates 二 taken out, so that
    nothing but the priors ranks 二's cuts: how often the value shown (the top candidate) of a
    cell left with several candidates is the printed one."""
    pick = random.Random(f"{seed}:priors")
    formats = sorted(FORMATS)
    open_cells = top_right = wrong_unflagged = 0
    for i in range(docs):
        doc_seed, index = pick.randrange(100_000), pick.randrange(1000)
        spec = make_spec(PlanItem(index, "text", "scraped", formats[i % len(formats)]), doc_seed)
        spec.prose.overall = []
        report = gktables.extract_text(render_text(spec, random.Random(f"{doc_seed}:{index}:render")))
        flagged = set(report.flagged_keys())
        for key, want in spec.cells.items():
            if not key.startswith("t2."):
                continue
            got = report.cells.get(key)
            prov = report.provenance.get(key)
            if prov is not None and prov.candidates:
                open_cells += 1
                top_right += same(got, want)
            elif not same(got, want) and key not in flagged:
                wrong_unflagged += 1
    return {"documents": docs, "cells_with_candidates": open_cells, "top_candidate_right": top_right,
            "top_right_pct": round(100 * top_right / max(open_cells, 1), 1), "silent": wrong_unflagged}


def markdown(out: dict) -> str:
    """The figures as the tables of BENCHMARKS.md's converter section."""
    lines = ["| converter | cells right | cells right % | docs fully right | silent | flagged % | median ms | p95 ms "
             "| max ms | real PDF: cells right | silent | flagged % |", "|---" * 12 + "|"]
    for name, run in out.items():
        if name == "scraped_priors":
            continue
        g, r = run["generated"], run["real_pdf"]
        lines.append(f"| {name} | {g['right']} / {g['cells']} | {g['right_pct']:.2f} | {g['fully_right']} / "
                     f"{g['documents']} | {g['silent']} | {g['flagged_pct']:.1f} | {g['median_ms']:.0f} | "
                     f"{g['p95_ms']:.0f} | {g['max_ms']:.0f} | "
                     f"{r['right']} / {r['cells']} | {r['silent']} | {r['flagged_pct']:.1f} |")
    p = out["scraped_priors"]
    lines += ["", f"Run-together digits of 二 with no check and no prose to decide them ({p['documents']} scraped "
              f"pages, 二's prose removed): the value shown (top candidate) is right for {p['top_candidate_right']} "
              f"of {p['cells_with_candidates']} cells left with candidates ({p['top_right_pct']} %); "
              f"{p['silent']} silent."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--converters", default=",".join(CONVERTERS))
    parser.add_argument("--priors-only", action="store_true", help="only the run-together-digits priors (no PDFs)")
    parser.add_argument("--markdown", type=Path, help="format a JSON result written earlier as BENCHMARKS.md tables")
    args = parser.parse_args()
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text("utf-8"))))
        return 0
    gktables.extract_text("warm-up")
    out = {} if args.priors_only else measure(args.docs, args.seed, args.converters.split(","))
    out["scraped_priors"] = measure_priors(args.docs, args.seed)
    print(json.dumps(out, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
