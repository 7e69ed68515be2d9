"""Precision and recall of the audit findings on generated multi-year series (tools/synth/series.py).

    PYTHONPATH=src:. python benchmarks/audit.py --series 40 [--golden]

Each series is an agency's reports over five years, rendered as text, read back by gktables and
audited; a series carries 0–3 deliberate breaks (carry-over, in-force count, prose, ×10 jump) whose
findings are known. A predicted finding is a failing hard/soft/warning finding; it is right when
its rule, year and keys are those of a break.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

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


def prose_on_golden(folder: Path, suffixes: tuple[str, ...]) -> dict[str, object]:
    """The committed generated documents: their prose agrees with their printed tables by
    construction. A failing prose check is right when the extracted cells differ from the printed
    ones (an extraction error caught), false when the printed cells agree with the prose's number."""
    docs = sorted(p for p in folder.iterdir() if p.suffix in suffixes)
    checks = failing = caught = 0
    false: list[str] = []
    for path in docs:
        expected = json.loads((path.parent / f"{path.stem}.expected.json").read_text("utf-8"))["cells"]
        report = gktables.extract(path)
        for c in report.checks:
            if not c.id.startswith("prose."):
                continue
            checks += 1
            if c.passed is not False:
                continue
            failing += 1
            printed = sum(v for k in c.keys if (v := expected.get(k)) is not None)
            if abs(printed - (c.lhs or 0)) <= 0.01:
                caught += 1
            else:
                false.append(f"{path.name}: {c.message}")
    return {"documents": len(docs), "prose_checks": checks, "failing": failing,
            "extraction_errors_caught": caught, "false_findings": len(false), "false": false[:20]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--series", type=int, default=40, help="generated series of five years each")
    ap.add_argument("--seed", type=int, default=1000)
    ap.add_argument("--golden", action="store_true",
                    help="also count false prose findings on golden/synthetic (text, html, docx)")
    args = ap.parse_args()
    out: dict[str, object] = {"series": run(args.series, args.seed)}
    if args.golden:
        out["golden_synthetic_prose"] = prose_on_golden(Path("golden/synthetic"), (".txt", ".md", ".html", ".docx"))
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
