"""Random fuzzing of the CLI: mutated real and crafted inputs of every kind, each run as its own
``gktables extract`` process under RLIMIT_AS, with the worst time/limit ratio and largest RSS
(the CLI's own or its worker's, Tesseract included: every process it waited for).

    python benchmarks/fuzz.py --docs 200 --seed 1 --time-limit 10

A finding is a run that printed a traceback or an 'internal error', exited with another status
than 0/1/2, gave no error line for a failure, ran past its time limit + 1 s, or took over 1 GB RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tools import hostile  # noqa: E402

MEMORY_BOUND = 1536 << 20
RSS_TARGET_KB = 1 << 20  # 1 GB
SEEDS = [ROOT / "golden" / "real" / n for n in ("hongze_2023.pdf", "hangzhou_style_2025.html", "pingtan_2021_page.txt",
                                                "shanghai_office_2019.html")] + \
    [ROOT / "golden" / "synthetic" / "s1_000_docx_official_2019.docx"]


@dataclass
class Run:
    name: str
    code: int
    seconds: float
    rss_kb: int
    finding: str


def crafted(rng: random.Random) -> tuple[str, bytes]:
    makers = [hostile.pdf_page_tree_loop, hostile.pdf_broken_page, hostile.pdf_huge_page, hostile.docx_corrupt_stream,
              lambda: hostile.docx_table(rng.choice([100, 2000, 20000])), hostile.png_lying_header,
              lambda: hostile.html_deep(rng.choice([100, 400, 3000])),
              lambda: hostile.html_many_tables(rng.choice([100, 3000])),
              hostile.html_huge_span, hostile.html_bad_charset, lambda: hostile.long_digit_run(rng.randint(20, 9000)),
              lambda: hostile.glued_t3_text(rng.choice([50, 500, 2500]), rng.randint(0, 99), rng.random() < 0.5),
              lambda: hostile.glued_t4_text(rng.randint(20, 400), rng.randint(0, 99)),
              lambda: hostile.all_rows_glued_text(rng.randint(5, 26), rng.randint(0, 99)),
              lambda: hostile.crowded_row_text(rng.choice([600, 5000, 20000])),
              lambda: hostile.png_speckle(rng.choice([400, 1200]), rng.randint(0, 99))]
    return rng.choice(makers)()


def mutant(rng: random.Random) -> tuple[str, bytes]:
    seed = rng.choice(SEEDS)
    data = seed.read_bytes()
    how = rng.choice(["flip", "truncate", "splice", "repeat"])
    if how == "flip":
        return hostile.bit_flipped(seed.name, data, flips=rng.choice([1, 10, 100, 1000]), seed=rng.randint(0, 1 << 30))
    if how == "truncate":
        return hostile.truncated(seed.name, data, rng.random())
    if how == "splice":  # a block of the file copied over another place
        a, b, n = rng.randrange(len(data)), rng.randrange(len(data)), rng.randint(1, 4096)
        return "spliced_" + seed.name, data[:b] + data[a:a + n] + data[b + n:]
    i = rng.randrange(len(data))
    return "repeated_" + seed.name, data[:i] + data[i:i + rng.randint(1, 64)] * rng.randint(2, 2000) + data[i:]


# Runs the CLI and reports its own peak RSS (and its children's, Tesseract's) on exit.
_WRAPPER = ("import atexit, resource, runpy, sys, time\n"
            "import gktables.cli\n"
            "t0 = time.monotonic()\n"
            "atexit.register(lambda: print('MAXRSS', max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss), 'SECONDS', time.monotonic() - t0, "
            "file=sys.stderr))\n"
            "sys.argv = ['gktables'] + sys.argv[1:]\n"
            "runpy.run_module('gktables', run_name='__main__')\n")


def run_one(path: Path, time_limit: float) -> Run:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, "extract", "--time-limit", str(time_limit), str(path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND)))
    try:
        _, stderr_bytes = proc.communicate(timeout=time_limit + 60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, stderr_bytes = proc.communicate()
    seconds = time.monotonic() - started  # wall, when the process never reported (killed)
    rss = 0
    for line in stderr_bytes.decode("utf-8", "replace").splitlines():
        if line.startswith("MAXRSS "):  # the document's own time: after the interpreter and imports started
            _, kb, _, own = line.split()
            rss, seconds = int(kb), float(own)
    stderr = stderr_bytes.decode("utf-8", errors="replace")
    code = proc.returncode
    lines = [line for line in stderr.splitlines() if line.startswith("gktables: ") and str(path) in line]
    finding = ""
    if "Traceback" in stderr or "internal error" in stderr:
        finding = "crash: " + (stderr.strip().splitlines() or [""])[-1][:200]
    elif code not in (0, 1, 2):
        finding = f"exit status {code}"
    elif code != 0 and len(lines) != 1:
        finding = f"exit {code} with {len(lines)} error lines"
    elif seconds > time_limit + 1:
        finding = f"{seconds:.1f} s for a limit of {time_limit} s"
    return Run(path.name, code, seconds, rss, finding)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=50, help="inputs to try")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=10.0, help="--time-limit given to every run")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    runs: list[Run] = []
    with tempfile.TemporaryDirectory(prefix="gktables-fuzz-") as tmp:
        for i in range(args.docs):
            name, data = crafted(rng) if rng.random() < 0.4 else mutant(rng)
            path = Path(tmp) / f"{i:04d}_{name}"
            path.write_bytes(data)
            run = run_one(path, args.time_limit)
            path.unlink()
            runs.append(run)
            mark = f"  FINDING {run.finding}" if run.finding else ""
            print(f"{i:4d} {run.name[:48]:48s} exit {run.code} {run.seconds:6.1f} s {run.rss_kb / 1024:7.0f} MB{mark}",
                  flush=True)
    findings = [r for r in runs if r.finding]
    worst = max(runs, key=lambda r: r.seconds)
    biggest = max(runs, key=lambda r: r.rss_kb)
    over_rss = sum(1 for r in runs if r.rss_kb > RSS_TARGET_KB)
    print(f"\n{len(runs)} inputs, {len(findings)} findings, {over_rss} over 1 GB RSS; "
          f"worst time/limit {worst.seconds / args.time_limit:.2f} ({worst.name}, {worst.seconds:.1f} s after "
          f"start-up); largest RSS {biggest.rss_kb / 1024:.0f} MB ({biggest.name})")
    for r in findings:
        print(f"  {r.name}: {r.finding}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
