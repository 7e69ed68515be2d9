"""Precision and recall of the audit findings on generated multi-year series (tools/synth/series.py).

    PYTHONPATH=src:. python benchmarks/audit.py --series 40

Each series is an agency's reports over five years, rendered as text, read back by gktables and
audited; a series carries 0–3 deliberate breaks (carry-over, in-force count, prose, ×10 jump) whose
findings are known. A predicted finding is a failing hard/soft/warning finding; it is right when
its rule, year and keys are those of a break.
"""

from __future__ import annotations

import argparse
import json
import time

import gktables
from gktables.audit.corpus import audit_reports
from tools.synth.series import ExpectedFinding, make_series


def run(n_series: int, seed0: int = 1000) -> dict[str, object]:
    tp = fp = fn = 0
    misses: list[str] = []
    docs = 0
    start = time.perf_counter()
    for seed in range(seed0, seed0 + n_series):
        series = make_series(seed)
        reports = [gktables.extract_text(d.text, name=f"series{seed}_{d.year}.txt") for d in series.docs]
        docs += len(reports)
        found = {ExpectedFinding(f.rule, f.year or 0, frozenset(f.keys)) for f in audit_reports(reports)
                 if f.passed is False and f.severity != "info"}
        tp += len(found & series.expected)
        fp += len(found - series.expected)
        fn += len(series.expected - found)
        misses += [f"seed {seed}: extra {x}" for x in found - series.expected]
        misses += [f"seed {seed}: missed {x}" for x in series.expected - found]
    return {"series": n_series, "documents": docs, "expected_findings": tp + fn, "true_positives": tp,
            "false_positives": fp, "false_negatives": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 4) if tp + fn else 1.0,
            "seconds": round(time.perf_counter() - start, 1), "errors": misses[:20]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--series", type=int, default=40, help="generated series of five years each")
    ap.add_argument("--seed", type=int, default=1000)
    args = ap.parse_args()
    print(json.dumps(run(args.series, args.seed), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
