"""Score a folder of labelled documents per reader: the documents themselves (PDF, HTML, …) and any
converter text beside them, as ``tools.synth.browser_pdf --converters`` or ``tools.synth.converters``
write them (``<doc>.expected.json`` for the document, ``<doc>.<converter>.expected.json`` for its
text; each names its ``source``).

    python -m tools.synth.browser_pdf --out synth_out/bpdf --seed 7 --count 60 --converters
    python benchmarks/folder.py synth_out/bpdf            # a markdown table on stdout
    python benchmarks/folder.py synth_out/bpdf --jobs 2 --only pdfminer

Per reader: documents, cells right, documents fully right, silent cells (wrong and not flagged: the
figure that must stay 0), flagged cells (right or wrong, carrying a flag), median, 95th-percentile and
slowest ms per document.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from benchmarks.scoring import percentile, score_report  # noqa: E402

def reader_of(expected_path: Path) -> str:
    """'pdfminer' for 'x.pdfminer.expected.json'; the document's kind for 'x.expected.json'."""
    parts = expected_path.name[: -len(".expected.json")].split(".")
    if len(parts) > 1:
        return parts[-1]
    source = json.loads(expected_path.read_text("utf-8"))["source"]
    return Path(source).suffix.lstrip(".").upper() or "text"


def score_one(expected_path: Path) -> tuple[str, int, int, int, int, float]:
    """(reader, cells, right, silent, flagged, ms) of one labelled document."""
    expected = json.loads(expected_path.read_text("utf-8"))
    source = expected_path.parent / expected["source"]
    reader = reader_of(expected_path)
    start = time.perf_counter()
    report = gktables.extract(source)
    ms = (time.perf_counter() - start) * 1000
    score = score_report(report.to_dict(), expected)
    flagged = len(report.flagged_keys() & set(expected["cells"]))
    return reader, score.cells, score.right, score.silent, flagged, ms


def table(rows: list[tuple[str, int, int, int, int, float]]) -> list[str]:
    by_reader: dict[str, list[tuple[str, int, int, int, int, float]]] = {}
    for row in rows:
        by_reader.setdefault(row[0], []).append(row)
    out = ["| reader | docs | cells right | docs fully right | silent | flagged | median ms | p95 ms | max ms |",
           "|---|---|---|---|---|---|---|---|---|"]
    for reader in sorted(by_reader, key=lambda r: (r.lower() != r, r)):
        docs = by_reader[reader]
        cells, right = sum(d[1] for d in docs), sum(d[2] for d in docs)
        out.append(f"| {reader} | {len(docs)} | {right} / {cells} ({100 * right / max(cells, 1):.2f} %) "
                   f"| {sum(1 for d in docs if d[1] == d[2])} | {sum(d[3] for d in docs)} "
                   f"| {sum(d[4] for d in docs)} | {statistics.median(d[5] for d in docs):.0f} "
                   f"| {percentile([d[5] for d in docs], 0.95):.0f} | {max(d[5] for d in docs):.0f} |")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--only", help="score this reader only (a converter's name, or PDF / HTML)")
    args = ap.parse_args(argv)
    paths = sorted(args.folder.glob("*.expected.json"))
    if args.only:
        paths = [p for p in paths if reader_of(p) == args.only]
    if not paths:
        print(f"{args.folder}: no *.expected.json to score", file=sys.stderr)
        return 1
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(score_one, paths, chunksize=4))
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
