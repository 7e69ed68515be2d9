"""Fill a corpus store from real documents for the review tests (until `gktables run` is used)."""

from __future__ import annotations

from pathlib import Path

from gktables.corpus.store import DocumentRecord, Store, file_sha256
from gktables.report import Report

from .conftest import GOLDEN_REAL as REAL
from .conftest import report_cached
KINDS = {".pdf": "pdf", ".txt": "text", ".md": "text", ".html": "html", ".docx": "docx", ".png": "ocr",
         ".jpg": "ocr", ".tif": "ocr"}


def record(path: Path, report: Report | None = None) -> DocumentRecord:
    report = report or report_cached(path)
    stat = path.stat()
    return DocumentRecord(sha256=file_sha256(path), path=str(path.resolve()), kind=KINDS[path.suffix],
                          status="ok" if report.cells else "no_tables", error=None, seconds=0.1, report=report,
                          size=stat.st_size, mtime=stat.st_mtime)


def fill_store(store_path: Path, names: list[str]) -> dict[str, DocumentRecord]:
    """Extract golden/real documents into a new store; returns their records by file name."""
    records = {}
    with Store.open(store_path) as store:
        for name in names:
            rec = record(REAL / name)
            store.write_document(rec)
            records[name] = rec
    return records
