"""HTML end to end (``gktables.extract``) against ``pandas.read_html`` on the same real pages.

    python benchmarks/html_speed.py [FILE ...] [--runs 30]

For each page (default: golden/real/*.html): the median and best of ``--runs`` warm runs of
``gktables.extract(path)`` (read, parse, grids, items, alignment, checks, report) and of
``pandas.read_html`` on the same bytes (parse and tables only, lxml flavour), and their ratio.
The two are run in turn, one call each, so that both see the same machine load; CPU time of the
process is printed next to wall time (on a shared machine wall time varies with the load, CPU
time less). The issue's target is a ratio of at most 1.0.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(path: Path, runs: int) -> dict[str, list[float]]:
    """Wall and CPU seconds of each warm run of both readers, run in turn."""
    import pandas

    data = path.read_bytes()

    def ours() -> object:
        return gktables.extract(path)

    def theirs() -> object:
        return pandas.read_html(io.BytesIO(data))

    ours(), theirs()  # warm: modules imported, the schema loaded
    out: dict[str, list[float]] = {"gk_wall": [], "gk_cpu": [], "pd_wall": [], "pd_cpu": []}
    for _ in range(runs):
        for name, fn in (("gk", ours), ("pd", theirs)):
            wall, cpu = _timed(fn)
            out[f"{name}_wall"].append(wall)
            out[f"{name}_cpu"].append(cpu)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=30, help="warm runs per reader and page")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "golden" / "real").glob("*.html"))
    ms = 1000.0
    print(f"{'page':34} {'gktables ms':>22} {'pandas.read_html ms':>22} {'ratio':>13}")
    print(f"{'':34} {'median (best) · cpu':>22} {'median (best) · cpu':>22} {'wall · cpu':>13}")
    worst = 0.0
    for path in files:
        t = measure(path, args.runs)
        med = {k: statistics.median(v) * ms for k, v in t.items()}
        best = {k: min(v) * ms for k, v in t.items()}
        ratio, ratio_cpu = med["gk_wall"] / med["pd_wall"], med["gk_cpu"] / med["pd_cpu"]
        worst = max(worst, ratio)
        print(f"{path.name:34} {med['gk_wall']:6.1f} ({best['gk_wall']:5.1f}) · {med['gk_cpu']:5.1f}"
              f" {med['pd_wall']:8.1f} ({best['pd_wall']:5.1f}) · {med['pd_cpu']:5.1f}"
              f" {ratio:6.2f} · {ratio_cpu:4.2f}")
    print(f"{args.runs} warm runs each; target ratio ≤ 1.0: {'met' if worst <= 1.0 else 'NOT met'} (worst {worst:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
