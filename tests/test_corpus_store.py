"""The corpus store: schema round trip into pandas, one transaction per document, reviews."""

import json
import sqlite3

import pytest

from gktables import Report, Settings
from gktables.corpus.store import (DocumentRecord, Review, Store, StoreError, file_sha256, settings_hash)

from .conftest import GOLDEN_REAL, report_cached

HANGZHOU = GOLDEN_REAL / "hangzhou_style_2025.html"
PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"
HONGZE = GOLDEN_REAL / "hongze_2023.pdf"


def record(path, report, **kw):
    stat = path.stat()
    fields = dict(sha256=file_sha256(path), path=str(path), kind="text", status="ok", error=None, seconds=0.5,
                  report=report, pages=None, size=stat.st_size, mtime=stat.st_mtime,
                  settings_hash=settings_hash(Settings()))
    fields.update(kw)
    return DocumentRecord(**fields)


@pytest.fixture(scope="module")
def pingtan():
    return report_cached(PINGTAN)


def test_report_from_dict_round_trips_a_pdf_report():
    report = report_cached(HONGZE)
    again = Report.from_dict(json.loads(report.to_json()))
    assert again.to_dict() == report.to_dict()
    assert again.flagged_keys() == report.flagged_keys()
    assert again.provenance["t3.new.total"].bbox == report.provenance["t3.new.total"].bbox


def test_store_round_trips_into_pandas(tmp_path, pingtan):
    pdf = report_cached(HONGZE)
    with Store.open(tmp_path / "c.sqlite") as store:
        store.write_document(record(PINGTAN, pingtan))
        store.write_document(record(HONGZE, pdf, kind="pdf", pages=5))
        docs = store.documents().set_index("sha256")
        cells = store.cells()
        assert store.report(file_sha256(PINGTAN)).to_dict() == pingtan.to_dict()
        rows = list(store.reports())
    doc = docs.loc[file_sha256(PINGTAN)]
    assert (doc["agency"], doc["year"], doc["status"], doc["template_t2"]) == ("平潭综合实验区", 2023, "ok", "2021")
    assert doc["n_cells"] == len(pingtan.cells) and doc["path"] == str(PINGTAN)
    assert docs.loc[file_sha256(HONGZE), "pages"] == 5
    mine = cells[cells["sha256"] == file_sha256(PINGTAN)].set_index("key")
    assert mine.loc["t3.new.total", "value"] == 81 and mine.loc["t3.new.total", "raw"] == "81"
    assert json.loads(mine.loc["t3.new.total", "span"]) == list(pingtan.provenance["t3.new.total"].span)
    assert set(mine.index[mine["flagged"] == 1]) == pingtan.flagged_keys()
    theirs = cells[cells["sha256"] == file_sha256(HONGZE)].set_index("key")
    assert json.loads(theirs.loc["t3.new.total", "bbox"]) == pdf.provenance["t3.new.total"].bbox
    assert {r.sha256 for r, _ in rows} == set(docs.index)
    assert all(rep.cells == (pingtan.cells if r.sha256 == file_sha256(PINGTAN) else pdf.cells) for r, rep in rows)


def test_one_transaction_per_document(tmp_path, pingtan):
    store = Store.open(tmp_path / "c.sqlite")
    bad = Report.from_dict(pingtan.to_dict())
    bad.cells["t3.new.total"] = 2**70  # a value SQLite cannot bind: fails after the document row was written
    with pytest.raises(OverflowError):
        store.write_document(record(PINGTAN, bad))
    for table in ("documents", "cells", "checks", "paths"):
        assert store.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0
    store.write_document(record(PINGTAN, pingtan))
    store.write_document(record(PINGTAN, pingtan))  # again: replaced, not duplicated
    assert store.conn.execute("SELECT COUNT(*) FROM cells").fetchone()[0] == len(pingtan.cells)
    assert store.conn.execute("SELECT COUNT(*) FROM checks").fetchone()[0] == len(pingtan.checks)
    store.close()


def test_reviews_are_reopened_when_their_cell_changes(tmp_path, pingtan):
    store = Store.open(tmp_path / "c.sqlite")
    sha = file_sha256(PINGTAN)
    store.write_document(record(PINGTAN, pingtan))
    store.add_review(Review(sha, "t3.new.total", "ann", "typed", new_value=82, reason="scan shows 82"))
    store.add_review(Review(sha, "t3.new.natural", "ann", "accept"))
    final = store.cells(final=True).set_index("key")
    reviewed = final.loc["t3.new.total", ["value", "final_value", "reviewed", "decided_by"]].tolist()
    assert reviewed == [81, 82, 1, "human"]
    assert final.loc["t3.new.natural", "final_value"] == 80
    changed = Report.from_dict(pingtan.to_dict())
    changed.cells["t3.new.total"] = 91
    changed.provenance["t3.new.total"].raw = "91"
    store.write_document(record(PINGTAN, changed))
    reviews = store.reviews().set_index("key")
    assert reviews.loc["t3.new.total", "stale"] == 1 and reviews.loc["t3.new.natural", "stale"] == 0
    final = store.cells(final=True).set_index("key")
    assert final.loc["t3.new.total", ["final_value", "reviewed"]].tolist() == [91, 0]
    assert final.loc["t3.new.natural", "reviewed"] == 1
    flagged = store.conn.execute("SELECT COUNT(*) FROM flagged_cells WHERE reviewed = 1").fetchone()[0]
    assert flagged == 0
    store.close()


def test_wide_views_have_one_column_per_key(tmp_path, pingtan):
    with Store.open(tmp_path / "c.sqlite") as store:
        store.write_document(record(PINGTAN, pingtan))
        t3 = store.wide("t3")
    assert t3.loc[0, "t3.new.total"] == 81 and t3.loc[0, "agency"] == "平潭综合实验区"
    assert list(t3.columns[:4]) == ["sha256", "path", "agency", "year"]
    assert all(c.startswith("t3.") for c in t3.columns[4:])


def test_other_schema_versions_and_files_are_refused(tmp_path):
    path = tmp_path / "old.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 7")
    conn.close()
    with pytest.raises(StoreError, match="version 7"):
        Store.open(path)
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "missing.sqlite", create=False)
    (tmp_path / "junk.sqlite").write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(StoreError, match="not a gktables store"):
        Store.open(tmp_path / "junk.sqlite")
