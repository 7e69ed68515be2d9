"""Corpus runs on a generated corpus: throughput with 1 and 2 workers, the run machinery's overhead
against the extraction itself, peak memory over the run, Ray beside local, and resume after kill -9.

    python benchmarks/corpus.py --docs 1000 [--speed-docs 100] [--out synth_out/corpus_bench]
        [--scan-share 0.02] [--bad-share 0.03] [--kills 5] [--seed 1] [--no-ray] [--speed-only]

The corpus: copies of the committed golden documents (golden/real, golden/synthetic) and of fresh
tools.synth HTML/DOCX/text documents (new values), each copy varied by a few harmless bytes so
every file has its own hash; a share of scans; a share of bad files (truncated and random-byte
PDFs, password-protected PDFs, empty files, prose without tables); about 1 % exact duplicates
under other names. Every run is a `gktables run` subprocess (nice -n 10), like a user's. The 1 vs 2
workers vs Ray comparison runs on every k-th file (--speed-docs); the whole corpus is run once with
2 workers (throughput, memory over the run) and is the reference of the resume test.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from gktables.corpus.export import export  # noqa: E402

SCAN_SUFFIXES = {".jpg", ".png", ".tif"}
TIME_LIMIT = "600"  # scans take 20-40 s on a busy machine: no document may time out by load alone


# --- the corpus -----------------------------------------------------------------------------
def seeds(work: Path, seed: int, n_fresh: int) -> tuple[list[Path], list[Path]]:
    """(documents, scans) to copy: the golden sets plus freshly generated tools.synth documents."""
    golden = [p for d in ("golden/real", "golden/synthetic") for p in sorted((ROOT / d).iterdir())
              if p.is_file() and p.suffix != ".json" and p.name != "README.md"]
    scans = [p for p in golden if "scan" in p.name or p.suffix in SCAN_SUFFIXES]
    docs = [p for p in golden if p not in scans]
    fresh = work / "fresh"
    if n_fresh and not fresh.exists():
        subprocess.run([sys.executable, "-m", "tools.synth", "--out", str(fresh), "--seed", str(seed), "--count",
                        str(n_fresh), "--kinds", "html,docx,text", "-q"], cwd=ROOT, check=True,
                       env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"})
    if fresh.exists():
        docs += [p for p in sorted(fresh.iterdir()) if p.is_file() and not p.name.endswith(".json")]
    return docs, scans


def vary(data: bytes, suffix: str, i: int) -> bytes:
    """The same document with a few bytes that no reader looks at, different for every i."""
    if suffix in (".txt", ".md"):
        return data + b"\n" + b" " * (i % 64) + b"\n" * (i // 64 + 1)
    if suffix in (".html", ".htm"):
        return data + f"\n<!-- copy {i} -->\n".encode()
    if suffix == ".docx":
        buf = io.BytesIO(data)
        with zipfile.ZipFile(buf, "a") as z:
            z.comment = f"copy {i}".encode()
        return buf.getvalue()
    return data + f"\n%copy {i}\n".encode()  # PDF after %%EOF, images after their end marker


def bad_file(kind: str, i: int, rng: random.Random) -> tuple[str, bytes]:
    pdf = (ROOT / "golden/real/hongze_2023.pdf").read_bytes()
    if kind == "truncated":
        return f"bad_{i:05d}_truncated.pdf", pdf[:rng.randrange(200, len(pdf) // 2)]
    if kind == "random":
        return f"bad_{i:05d}_random.pdf", b"%PDF-1.4\n" + rng.randbytes(5000)
    if kind == "encrypted":
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        writer.add_metadata({"/Title": f"copy {i}"})
        writer.encrypt(user_password=f"secret{i}", algorithm="AES-128")
        out = io.BytesIO()
        writer.write(out)
        return f"bad_{i:05d}_encrypted.pdf", out.getvalue()
    if kind == "empty":
        return f"bad_{i:05d}_empty{rng.choice(['.pdf', '.docx', '.txt', '.html'])}", b""
    prose = "本机关认真贯彻落实各项工作要求，持续推进政务公开标准化规范化建设。" * rng.randrange(5, 40)
    return f"bad_{i:05d}_prose.txt", f"工作总结 第{i}号\n{prose}\n".encode()


def build_corpus(out: Path, n: int, scan_share: float, bad_share: float, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    docs_dir = out / "docs"
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    docs_dir.mkdir(parents=True)
    docs, scans = seeds(out, seed, min(60, max(6, n // 15)))
    n_scan, n_bad = round(n * scan_share), round(n * bad_share)
    n_dup = n // 100
    n_good = n - n_scan - n_bad - n_dup
    written: list[Path] = []
    for i in range(n_good):
        src = docs[i % len(docs)]
        target = docs_dir / f"doc_{i:05d}_{src.name}"
        target.write_bytes(vary(src.read_bytes(), src.suffix.lower(), i))
        written.append(target)
    for i in range(n_scan):
        src = scans[i % len(scans)]
        (docs_dir / f"scan_{i:05d}_{src.name}").write_bytes(vary(src.read_bytes(), src.suffix.lower(), i))
    kinds = ["truncated", "random", "encrypted", "empty", "prose"]
    for i in range(n_bad):
        name, data = bad_file(kinds[i % len(kinds)], i, rng)
        (docs_dir / name).write_bytes(data)
    for i in range(n_dup):
        src = rng.choice(written)
        shutil.copy(src, docs_dir / f"dup_{i:05d}_{src.name}")
    return {"files": n, "documents": n_good, "scans": n_scan, "bad": n_bad, "duplicates": n_dup}


# --- running and measuring --------------------------------------------------------------------
@dataclass
class RunResult:
    seconds: float
    documents: int
    peak_driver_mb: float
    peak_workers_mb: float  # largest single worker process
    driver_mb_by_quarter: list[float] = field(default_factory=list)  # peak driver RSS per quarter of the run
    status: dict[str, int] = field(default_factory=dict)
    extract_seconds: float = 0.0  # sum of per-document extraction time measured in the workers

    @property
    def docs_per_s(self) -> float:
        return self.documents / self.seconds


def count(store: Path) -> int:
    try:
        with sqlite3.connect(store, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def gktables_run(docs: Path, store: Path, *extra: str) -> subprocess.Popen:
    cmd = ["nice", "-n", "10", sys.executable, "-m", "gktables", "run", str(docs), "--store", str(store),
           "--time-limit", TIME_LIMIT, *extra]
    return subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src")})


def measure(docs: Path, store: Path, total: int, *extra: str) -> RunResult:
    """Run to the end, sampling RSS of the runner and each of its descendants every 0.5 s."""
    import psutil

    for p in store.parent.glob(store.name + "*"):
        p.unlink()
    started = time.perf_counter()
    proc = gktables_run(docs, store, *extra)
    samples: list[tuple[int, float, float]] = []  # (documents done, driver MB, largest worker MB)
    stop = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not stop.wait(0.5):
            try:
                driver = root.children()[0] if root.name() == "nice" and root.children() else root
                kids = [c.memory_info().rss for c in driver.children(recursive=True)]
                samples.append((count(store), driver.memory_info().rss / 2**20, max(kids, default=0) / 2**20))
            except (psutil.Error, IndexError):
                pass

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"gktables run failed ({proc.returncode}):\n{err[-3000:]}")
    with sqlite3.connect(store) as conn:
        status = dict(conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status").fetchall())
        extract_s = conn.execute("SELECT SUM(seconds) FROM documents").fetchone()[0] or 0.0
    quarters = [max((s[1] for s in samples if q * total / 4 <= s[0] <= (q + 1) * total / 4), default=0.0)
                for q in range(4)]
    return RunResult(seconds, sum(status.values()), max((s[1] for s in samples), default=0.0),
                     max((s[2] for s in samples), default=0.0), quarters, status, extract_s)


def store_write_cost(store: Path, scratch: Path) -> float:
    """Seconds spent writing every document of ``store`` again into a fresh store (the store's own
    share of a run: one transaction per document with its cells, checks and warnings)."""
    from gktables.corpus.store import DocumentRecord, Store

    for p in scratch.parent.glob(scratch.name + "*"):
        p.unlink()
    with Store.open(store) as src, Store.open(scratch) as dst:
        rows = src.conn.execute("SELECT sha256, kind, status, error, seconds, pages, settings_hash, report_json, "
                                "(SELECT MIN(path) FROM paths p WHERE p.sha256 = d.sha256) FROM documents d").fetchall()
        records = [DocumentRecord(sha, path, kind, status, error, secs, src.report(sha) if rj else None, pages, 0, 0.0,
                                  shash) for sha, kind, status, error, secs, pages, shash, rj, path in rows]
        started = time.perf_counter()
        for record in records:
            dst.write_document(record)
        return time.perf_counter() - started


def exports(store: Path, out: Path) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    return {t: export(store, out / f"{t}.csv", "csv", t).read_bytes() for t in ("cells", "documents", "checks",
                                                                               "warnings")}


def resume_test(docs: Path, store: Path, reference: Path, expected_s: float, kills: int, rng: random.Random,
                work: Path) -> dict[str, object]:
    """kill -9 the runner at `kills` random moments, run again to the end, compare with `reference`."""
    for p in store.parent.glob(store.name + "*"):
        p.unlink()
    moments = []
    for _ in range(kills):
        wait = rng.uniform(0.05, 0.25) * expected_s + 3.0  # past the start-up and hashing
        proc = gktables_run(docs, store, "--workers", "2")
        time.sleep(wait)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)  # the `nice` wrapper exec()s python: this is the runner
        proc.wait()
        moments.append({"after_s": round(wait, 1), "documents_stored": count(store)})
    proc = gktables_run(docs, store, "--workers", "2")
    proc.communicate()
    same = exports(store, work / "resumed") == exports(reference, work / "reference")
    with sqlite3.connect(store) as conn:
        half = conn.execute("SELECT COUNT(*) FROM documents d WHERE n_cells IS NOT NULL AND n_cells != "
                            "(SELECT COUNT(*) FROM cells c WHERE c.sha256 = d.sha256)").fetchone()[0]
        n_paths = conn.execute("SELECT COUNT(*) FROM paths").fetchone()[0]
        n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    return {"kills": moments, "exports_equal": same, "half_written": half, "documents": n_docs, "paths": n_paths}


def subset(docs: Path, out: Path, n: int) -> Path:
    """Every k-th file of the corpus (all kinds in their proportions) for the speed comparisons."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = sorted(docs.iterdir())
    for p in files[::max(1, len(files) // n)][:n]:
        shutil.copy(p, out / p.name)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--speed-docs", type=int, default=100,
                        help="files of the corpus (every k-th) for the 1 vs 2 workers vs Ray comparison")
    parser.add_argument("--out", default=str(ROOT / "synth_out" / "corpus_bench"))
    parser.add_argument("--scan-share", type=float, default=0.02)
    parser.add_argument("--bad-share", type=float, default=0.03)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-ray", action="store_true")
    parser.add_argument("--speed-only", action="store_true", help="stop after the subset comparison")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    made = build_corpus(out, args.docs, args.scan_share, args.bad_share, args.seed)
    print(f"corpus: {made}", flush=True)
    docs = out / "docs"
    results: dict[str, object] = {"corpus": made}

    def save() -> None:
        (out / "results.json").write_text(json.dumps(results, indent=1, default=str) + "\n")

    # speed: the same subset with 1 worker, 2 workers and on Ray
    small = subset(docs, out / "speed_docs", args.speed_docs)
    one = measure(small, out / "one.sqlite", args.speed_docs, "--workers", "1")
    two_small = measure(small, out / "two_small.sqlite", args.speed_docs, "--workers", "2")
    write_s = store_write_cost(out / "one.sqlite", out / "rewrite.sqlite")
    results["speed"] = {
        "files": args.speed_docs, "one": asdict(one), "two": asdict(two_small),
        "speedup": one.seconds / two_small.seconds,
        "overhead": (one.seconds - one.extract_seconds) / one.extract_seconds,
        "store_write_s": write_s, "store_write_share": write_s / one.extract_seconds,
        "one_two_equal": exports(out / "one.sqlite", out / "x1") == exports(out / "two_small.sqlite", out / "x2")}
    print(f"speed: {json.dumps(results['speed'], default=str)}", flush=True)
    if not args.no_ray:
        ray = measure(small, out / "ray.sqlite", args.speed_docs, "--ray", "auto")
        results["ray"] = {**asdict(ray), "exports_equal": exports(out / "ray.sqlite", out / "xr") == exports(
            out / "two_small.sqlite", out / "x2")}
        print(f"ray: {json.dumps(results['ray'], default=str)}", flush=True)
    save()
    if args.speed_only:
        return 0
    # the whole corpus: throughput and memory over 1,000+ documents, then the resume test against it
    two = measure(docs, out / "two.sqlite", args.docs, "--workers", "2")
    results["full"] = asdict(two)
    print(f"full, 2 workers: {json.dumps(results['full'], default=str)}", flush=True)
    save()
    results["resume"] = resume_test(docs, out / "resume.sqlite", out / "two.sqlite", two.seconds, args.kills,
                                    random.Random(args.seed), out)
    print(f"resume: {json.dumps(results['resume'], default=str)}", flush=True)
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
