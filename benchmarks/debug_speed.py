"""Time of the debug output (``gktables debug``) on the bundled 5-page PDF; target ≤ 2 s.

    python benchmarks/debug_speed.py [FILE] [--runs 5]

Prints the extraction with ``keep_debug`` (not part of the target), ``write_debug`` alone (the
rendering: pages, stage layers, index.html) as median and best of the runs, and the CPU time the
rendering used (encoding runs on two threads, so on a busy machine wall time exceeds it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from gktables.debug import write_debug  # noqa: E402

TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "golden" / "real" / "hongze_2023.pdf"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    report = gktables.extract(args.file, {"keep_debug": True})
    extract_s = time.perf_counter() - started
    walls, cpus, n_files = [], [], 0
    with tempfile.TemporaryDirectory() as out:
        write_debug(report, out)  # warm: fonts found, modules imported
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            n_files = len(write_debug(report, Path(out)))
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
    pages = report.layout.n_pages if report.layout else "?"
    median = statistics.median(walls)
    print(f"{args.file}: {pages} pages, {len(report.debug_pages())} with tables, {n_files} files")
    print(f"extract (keep_debug)   {extract_s:6.3f} s")
    print(f"write_debug median     {median:6.3f} s  (best {min(walls):.3f} s, cpu {statistics.median(cpus):.3f} s, "
          f"{args.runs} runs)")
    print(f"target ≤ {TARGET_S:.1f} s: {'met' if median <= TARGET_S else 'NOT met'}")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
