"""How long the review app takes to load one flagged cell's page (HTML + the page crop), over HTTP from
a real uvicorn server and, with --browser, in headless chromium (navigation start to the load event,
which waits for the crop image).

    python benchmarks/review.py --docs 12 --flags 60 --copies 200 --browser 20

The store holds --docs documents (golden/real first, then golden/synthetic PDFs, HTML, Word and text),
each written --copies times under derived hashes, so the queue the page computes has the size of a
real corpus. Crops are timed cold (first crop of a PDF page: pdfium renders it) and warm (the same
page, cached).
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from gktables.corpus.store import DocumentRecord, Store, file_sha256  # noqa: E402
from gktables.review import queue as q  # noqa: E402
from benchmarks.scoring import percentile  # noqa: E402
from tools.review_browser import browser_available, chromium, serving  # noqa: E402

KINDS = {".pdf": "pdf", ".txt": "text", ".md": "text", ".html": "html", ".docx": "docx", ".png": "ocr",
         ".jpg": "ocr", ".tif": "ocr"}
COPIED_TABLES = ("documents", "paths", "cells", "checks", "warnings")


def documents(n: int) -> list[Path]:
    """golden/real, then golden/synthetic taking each input kind in turn (PDF, scan, Word, HTML, text)."""
    real = sorted(p for p in (ROOT / "golden" / "real").iterdir() if p.suffix in KINDS)
    groups: dict[str, list[Path]] = {}
    for p in sorted((ROOT / "golden" / "synthetic").iterdir()):
        if p.suffix in KINDS:
            groups.setdefault(p.name.split("_")[2], []).append(p)
    mixed = [p for batch in zip(*groups.values()) for p in batch]
    return (real + mixed)[:n]


def fill(store_path: Path, files: list[Path], copies: int) -> None:
    with Store.open(store_path) as store:
        for path in files:
            report = gktables.extract(path)
            stat = path.stat()
            store.write_document(DocumentRecord(
                sha256=file_sha256(path), path=str(path), kind=KINDS[path.suffix],
                status="ok" if report.cells else "no_tables", error=None, seconds=None, report=report,
                size=stat.st_size, mtime=stat.st_mtime))
        if copies > 1:
            copy_documents(store, copies)


def copy_documents(store: Store, copies: int) -> None:
    """Each document's rows again under derived hashes: a corpus-sized queue without extracting it."""
    conn = store.conn
    shas = [r[0] for r in conn.execute("SELECT sha256 FROM documents")]
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in COPIED_TABLES}
    conn.execute("BEGIN")
    for i in range(1, copies):
        for sha in shas:
            new = hashlib.sha256(f"{sha}:{i}".encode()).hexdigest()
            for table, cols in columns.items():
                rest = ", ".join(c for c in cols if c != "sha256")
                conn.execute(f"INSERT INTO {table} (sha256, {rest}) SELECT ?, {rest} FROM {table} WHERE sha256 = ?",
                             (new, sha))
    conn.execute("COMMIT")


def row(name: str, values: list[float]) -> str:
    return (f"| {name} | {len(values)} | {statistics.median(values):.1f} | {percentile(values, 0.95):.1f} "
            f"| {max(values):.1f} |")


def measure(store_path: Path, n_flags: int, n_browser: int) -> list[str]:
    import httpx

    conn = q.connect(store_path)
    entries = q.queue(conn, q.Filters())
    kinds = dict(conn.execute("SELECT sha256, kind FROM documents").fetchall())
    conn.close()
    chosen = spread(entries, kinds, n_flags)
    page_ms: list[float] = []
    crop_ms: dict[str, list[float]] = {}
    total_ms: list[float] = []
    seen_pages: set[tuple[str, int]] = set()
    lines = []
    with serving(store_path, reviewer="bench") as base, httpx.Client(base_url=base, timeout=60) as client:
        client.get("/")  # first request: templates compiled, schema loaded, queue order computed
        for entry in chosen:
            url = f"/cell/{entry.sha256}/{entry.key}"
            t0 = time.perf_counter()
            html = client.get(url).text
            t1 = time.perf_counter()
            page_ms.append((t1 - t0) * 1000)
            crop = f"/crop/{entry.sha256}/{entry.key}.png"
            if crop in html:
                png = client.get(crop)
                t2 = time.perf_counter()
                assert png.status_code == 200, png.text
                with q.connect(store_path) as c2:
                    it = q.item(c2, entry.sha256, entry.key)
                assert it is not None
                page = (it.doc.paths[0], it.page or 0)
                kind = "scan" if it.source == "ocr" else "PDF"
                crop_ms.setdefault(f"crop PNG, {kind} page {'cached' if page in seen_pages else 'rendered'}",
                                   []).append((t2 - t1) * 1000)
                seen_pages.add(page)
                total_ms.append((t2 - t0) * 1000)
            else:
                total_ms.append((t1 - t0) * 1000)
        lines += [row("page HTML", page_ms), *(row(name, ms) for name, ms in sorted(crop_ms.items())),
                  row("one flag: HTML + crop", total_ms)]
        if n_browser and browser_available():
            lines.append(row("one flag in chromium: navigation → load event", browser_times(base, chosen[:n_browser])))
    return [line for line in lines if line]


def spread(entries: list[q.QueueEntry], kinds: dict[str, str], n: int) -> list[q.QueueEntry]:
    """n flags taken from every document kind in turn, each kind's spread over its part of the queue."""
    by_kind: dict[str, list[q.QueueEntry]] = {}
    for e in entries:
        by_kind.setdefault(kinds.get(e.sha256) or "?", []).append(e)
    per_kind = max(1, n // max(1, len(by_kind)))
    picked = [part[i * len(part) // per_kind] for part in by_kind.values() for i in range(min(per_kind, len(part)))]
    return picked[:n]


def browser_times(base: str, entries: list[q.QueueEntry]) -> list[float]:
    times = []
    with chromium() as driver:
        driver.get(f"{base}/")
        for entry in entries:
            driver.get(f"{base}/cell/{entry.sha256}/{entry.key}")  # returns after the load event
            times.append(float(driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;")))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=12, help="documents extracted into the store")
    parser.add_argument("--copies", type=int, default=1, help="times each document is written (queue size)")
    parser.add_argument("--flags", type=int, default=40, help="flagged cells timed over HTTP")
    parser.add_argument("--browser", type=int, default=0, help="flagged cells timed in headless chromium")
    parser.add_argument("--store", type=Path, help="keep the store here and reuse it when it exists")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store or Path(tmp) / "corpus.sqlite"
        t0 = time.perf_counter()
        files = documents(args.docs)
        if not store_path.exists():
            fill(store_path, files, args.copies)
        with q.connect(store_path) as conn:
            n_docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            n_flags = conn.execute("SELECT COUNT(*) FROM cells WHERE flagged = 1").fetchone()[0]
        print(f"store: {len(files)} documents × {args.copies} = {n_docs} documents, {n_flags} flagged cells "
              f"(filled in {time.perf_counter() - t0:.1f} s)")
        print("\n| what | n | median ms | p95 ms | max ms |\n|---|---|---|---|---|")
        for line in measure(store_path, args.flags, args.browser):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
