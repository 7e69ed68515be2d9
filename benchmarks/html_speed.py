"""HTML end to end (``gktables.extract``) against ``pandas.read_html`` on the same real pages.

    python benchmarks/html_speed.py [FILE ...] [--runs 30]

For each page (default: golden/real/*.html): the median and best of ``--runs`` warm runs of
``gktables.extract(path)`` (read, parse, grids, items, alignment, checks, report) and of
``pandas.read_html`` on the same bytes (parse and tables only, lxml flavour), and their ratio.
The two are run in turn, one call each, so that both see the same machine load; CPU time of the
process is printed next to wall time (on a shared machine wall time varies with the load, CPU
time less). The issue's target is a ratio of at most 1.0.

    python benchmarks/html_speed.py --cold [--runs 30]

The same, with every cache gktables keeps of what it has read (scores of printed labels, prose
normalisation, cell-text tests: ``functools`` caches of functions that take arguments) emptied before
each of its runs, and the schema's caches (functions of no argument) kept: a page read for the
first time by a process that has read others. Warm runs of the same page find the page's own labels
scored already; a corpus of distinct pages lies between the two figures.

    python benchmarks/html_speed.py --fresh [--runs 10]

A fresh process per run and reader: the CPU of the first call on the page after the reader's
imports (gktables: its package and lxml; pandas: pandas and lxml; then one call each, which also
loads the schema, compiles patterns and imports what the call needs lazily), and of the imports
themselves, measured inside the child (``time.process_time``). The children may use and write
bytecode caches (``__pycache__``, as an installed package has them; pandas' come with its wheel),
and a first untimed child per reader writes them.

    python benchmarks/html_speed.py --stages [--runs 30]

Where gktables' time goes instead: mean CPU ms per warm run of each stage (the HTML source, items,
header mapping, the headers' reading, prose, identity, checks), timed around each stage's function.
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


def page_caches() -> list[Callable[[], None]]:
    """``cache_clear`` of every functools cache in gktables whose function takes arguments (what
    was read from pages); caches of functions without arguments (the schema, cue words) are kept."""
    import functools
    import inspect

    out = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("gktables"):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, functools._lru_cache_wrapper):
                target = inspect.unwrap(value)
                if inspect.signature(target).parameters:
                    out.append(value.cache_clear)
    return out


def measure(path: Path, runs: int, cold: bool = False) -> dict[str, list[float]]:
    """Wall and CPU seconds of each warm run of both readers, run in turn."""
    import pandas

    data = path.read_bytes()

    def ours() -> object:
        return gktables.extract(path)

    def theirs() -> object:
        return pandas.read_html(io.BytesIO(data))

    ours(), theirs()  # warm: modules imported, the schema loaded
    clear = page_caches() if cold else []  # (after the warm run: every module is imported)
    out: dict[str, list[float]] = {"gk_wall": [], "gk_cpu": [], "pd_wall": [], "pd_cpu": []}
    for _ in range(runs):
        for name, fn in (("gk", ours), ("pd", theirs)):
            if name == "gk":
                for cache_clear in clear:
                    cache_clear()
            wall, cpu = _timed(fn)
            out[f"{name}_wall"].append(wall)
            out[f"{name}_cpu"].append(cpu)
    return out


_FRESH = {  # the child's code per reader: imports timed, then the first call on the page
    "gk": ("import gktables, lxml.etree", "gktables.extract(path)"),
    "pd": ("import pandas, lxml.etree", "pandas.read_html(io.BytesIO(path.read_bytes()))"),
}


def fresh(path: Path, runs: int) -> dict[str, list[float]]:
    """CPU seconds of each reader's imports and of its first call on ``path``, each run in a new
    process (the readers in turn)."""
    import json
    import os
    import subprocess

    # bytecode caches allowed, as an installed package has them (pandas' are in site-packages); a
    # first untimed run writes gktables' (this machine sets PYTHONDONTWRITEBYTECODE)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out: dict[str, list[float]] = {f"{r}_{p}": [] for r in _FRESH for p in ("import", "first")}
    for n in range(runs + 1):
        for reader, (imports, call) in _FRESH.items():
            code = (f"import io, json, sys, time; sys.path.insert(0, {str(ROOT / 'src')!r}); "
                    f"from pathlib import Path; path = Path({str(path)!r}); t0 = time.process_time(); "
                    f"{imports}; t1 = time.process_time(); {call}; t2 = time.process_time(); "
                    "print(json.dumps([t1 - t0, t2 - t1]))")
            done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
            if n == 0:
                continue
            imported, first = json.loads(done.stdout.strip().splitlines()[-1])
            out[f"{reader}_import"].append(imported)
            out[f"{reader}_first"].append(first)
    return out


STAGES = {  # stage name → (module, function) timed around, as the pipeline calls them
    "HTML source": ("gktables.api", "read_layout"),
    "items": ("gktables.core.pipeline", "layout_to_items"),
    "zones": ("gktables.core.pipeline", "find_zones"),
    "header mapping": ("gktables.core.pipeline", "layout_to_mappings"),
    "headers decide": ("gktables.core.pipeline", "header_decides"),
    "headers read": ("gktables.core.pipeline", "read_from_headers"),
    "prose claims": ("gktables.core.pipeline", "prose_claims"),
    "prose checks": ("gktables.core.pipeline", "prose_checks"),
    "identity": ("gktables.core.pipeline", "read_identity"),
    "checks": ("gktables.core.pipeline", "run_checks"),
}


def stages(path: Path, runs: int, cold: bool = False) -> dict[str, float]:
    """Mean CPU ms per run of each stage of ``gktables.extract(path)``, and its total (with
    ``cold``, the page caches emptied before each run, outside the time)."""
    import importlib

    gktables.extract(path)  # warm: every module imported
    clear = page_caches() if cold else []
    spent: dict[str, float] = dict.fromkeys(STAGES, 0.0)
    saved = []
    for stage, (module_name, name) in STAGES.items():
        module = importlib.import_module(module_name)
        original = getattr(module, name)

        def timed(*a: object, _f: Callable[..., object] = original, _s: str = stage, **k: object) -> object:
            start = time.process_time()
            try:
                return _f(*a, **k)
            finally:
                spent[_s] += time.process_time() - start

        saved.append((module, name, original))
        setattr(module, name, timed)
    try:
        total = 0.0
        for _ in range(runs):
            for cache_clear in clear:
                cache_clear()
            start = time.process_time()
            gktables.extract(path)
            total += time.process_time() - start
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
    return {"total": total * 1000 / runs, **{k: v * 1000 / runs for k, v in spent.items()}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=30, help="warm runs per reader and page")
    parser.add_argument("--cold", action="store_true",
                        help="empty gktables' caches of what it has read before each of its runs")
    parser.add_argument("--stages", action="store_true", help="CPU ms per stage of gktables instead")
    parser.add_argument("--fresh", action="store_true",
                        help="a new process per run: CPU of the imports and of the first call")
    args = parser.parse_args()
    files = args.files or sorted((ROOT / "golden" / "real").glob("*.html"))
    if args.fresh:
        print(f"{'page':34} {'gktables cpu ms':>22} {'pandas.read_html cpu ms':>24} {'ratio first':>12}")
        print(f"{'':34} {'imports · first call':>22} {'imports · first call':>24}")
        for path in files:
            t = {k: statistics.median(v) * 1000 for k, v in fresh(path, args.runs).items()}
            print(f"{path.name:34} {t['gk_import']:10.1f} · {t['gk_first']:9.1f} {t['pd_import']:12.1f} · "
                  f"{t['pd_first']:9.1f} {t['gk_first'] / t['pd_first']:12.2f}")
        print(f"medians of {args.runs} fresh processes per reader and page")
        return 0
    if args.stages:
        for path in files:
            spent = stages(path, args.runs, args.cold)
            print(f"{path.name}: " + ", ".join(f"{k} {v:.2f}" for k, v in spent.items()) + " (CPU ms per run)")
        return 0
    ms = 1000.0
    print(f"{'page':34} {'gktables ms':>22} {'pandas.read_html ms':>22} {'ratio':>13}")
    print(f"{'':34} {'median (best) · cpu':>22} {'median (best) · cpu':>22} {'wall · cpu':>13}")
    worst = 0.0
    for path in files:
        t = measure(path, args.runs, args.cold)
        med = {k: statistics.median(v) * ms for k, v in t.items()}
        best = {k: min(v) * ms for k, v in t.items()}
        ratio, ratio_cpu = med["gk_wall"] / med["pd_wall"], med["gk_cpu"] / med["pd_cpu"]
        worst = max(worst, ratio_cpu)  # the target is judged on CPU time (wall varies with the load)
        print(f"{path.name:34} {med['gk_wall']:6.1f} ({best['gk_wall']:5.1f}) · {med['gk_cpu']:5.1f}"
              f" {med['pd_wall']:8.1f} ({best['pd_wall']:5.1f}) · {med['pd_cpu']:5.1f}"
              f" {ratio:6.2f} · {ratio_cpu:4.2f}")
    runs = f"{args.runs} {'cold' if args.cold else 'warm'} runs each"
    print(f"{runs}; target ratio ≤ 1.0: {'met' if worst <= 1.0 else 'NOT met'} (worst {worst:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
