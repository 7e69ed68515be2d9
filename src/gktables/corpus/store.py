"""The corpus store: one SQLite file holding every document of a corpus run, its cells, checks,
warnings and human reviews. Schema and API are a contract (``/work/STORE_CONTRACT.md``) that the
runner, the exports, the audits and the review app share; change it only with a new user_version.

(About 450 lines, over the ~400 the house aims at: the
store is that contract — schema, migrations and every read and write — kept in one place so that
no user writes SQL of its own.)"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .. import __version__
from ..errors import GktablesError
from ..report import Report, Value
from ..schema import load_schema, split_key
from ..settings import Settings

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
Status = Literal["ok", "no_tables", "failed", "timed_out"]
ReviewAction = Literal["accept", "candidate", "typed", "document_wrong"]
# Settings that change when or how much is spent, never what is read: not part of the hash, so
# raising a time limit does not make every document "extracted under other settings".
_NOT_HASHED = {"time_limit_s", "keep_debug"}

_TABLES = """
CREATE TABLE documents(
  sha256 TEXT PRIMARY KEY,
  kind TEXT,
  pages INTEGER,
  agency TEXT, year INTEGER, level TEXT,
  template_t2 TEXT, template_t3_other TEXT,
  status TEXT NOT NULL CHECK (status IN ('ok','no_tables','failed','timed_out')),
  error TEXT,
  seconds REAL,
  gktables_version TEXT NOT NULL, settings_hash TEXT NOT NULL,
  extracted_at TEXT NOT NULL,
  n_cells INTEGER, n_flagged INTEGER, n_failing_checks INTEGER, n_warnings INTEGER,
  report_json TEXT
);
CREATE TABLE paths(sha256 TEXT REFERENCES documents ON DELETE CASCADE, path TEXT NOT NULL,
  size INTEGER, mtime REAL, PRIMARY KEY (sha256, path));
CREATE TABLE cells(sha256 TEXT REFERENCES documents ON DELETE CASCADE, key TEXT NOT NULL,
  tbl TEXT, row TEXT, col TEXT,
  value NUMERIC,
  raw TEXT, source TEXT, page INTEGER, bbox TEXT,
  span TEXT,
  confidence REAL, decided_by TEXT, candidates TEXT,
  flagged INTEGER NOT NULL,
  PRIMARY KEY (sha256, key));
CREATE TABLE checks(sha256 TEXT REFERENCES documents ON DELETE CASCADE, check_id TEXT NOT NULL,
  passed INTEGER,
  keys TEXT,
  lhs NUMERIC, rhs NUMERIC, message TEXT);
CREATE TABLE warnings(sha256 TEXT REFERENCES documents ON DELETE CASCADE, code TEXT NOT NULL, message TEXT,
  keys TEXT);
CREATE TABLE reviews(id INTEGER PRIMARY KEY AUTOINCREMENT,
  sha256 TEXT NOT NULL, key TEXT NOT NULL,
  reviewer TEXT NOT NULL, decided_at TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('accept','candidate','typed','document_wrong')),
  old_value NUMERIC, new_value NUMERIC,
  reason TEXT,
  cell_raw TEXT, cell_source TEXT,
  cell_anchor TEXT,
  stale INTEGER NOT NULL DEFAULT 0);
CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT, finished_at TEXT, argv TEXT,
  gktables_version TEXT, settings_hash TEXT, n_done INTEGER, n_failed INTEGER);
CREATE INDEX cells_key ON cells(key);
CREATE INDEX checks_check_id ON checks(check_id);
CREATE INDEX checks_sha256 ON checks(sha256);
CREATE INDEX warnings_sha256 ON warnings(sha256);
CREATE INDEX documents_agency_year ON documents(agency, year);
CREATE INDEX reviews_sha256_key ON reviews(sha256, key);
"""

# The latest review of a cell that a re-extraction has not re-opened decides its final value.
_CELLS_FINAL = """
CREATE VIEW cells_final AS
SELECT c.sha256, c.key, c.tbl, c.row, c.col, c.value, c.raw, c.source, c.page, c.bbox, c.span, c.confidence,
  CASE WHEN r.id IS NULL THEN c.decided_by ELSE 'human' END AS decided_by,
  c.candidates, c.flagged,
  CASE WHEN r.id IS NULL THEN c.value ELSE r.new_value END AS final_value,
  CASE WHEN r.id IS NULL THEN 0 ELSE 1 END AS reviewed
FROM cells c LEFT JOIN reviews r ON r.id = (
  SELECT MAX(r2.id) FROM reviews r2 WHERE r2.sha256 = c.sha256 AND r2.key = c.key AND r2.stale = 0);
CREATE VIEW flagged_cells AS
SELECT * FROM cells_final WHERE flagged = 1 AND reviewed = 0;
"""


class StoreError(GktablesError):
    """A store file that cannot be opened or used; the message names the file and the reason."""


@dataclass
class DocumentRecord:
    """What the runner learnt about one document: written by :meth:`Store.write_document`."""

    sha256: str
    path: str
    kind: str | None
    status: Status
    error: str | None
    seconds: float | None
    report: Report | None
    pages: int | None = None
    size: int | None = None
    mtime: float | None = None
    settings_hash: str = ""  # of the Settings the document was read with (see settings_hash())
    gktables_version: str = __version__
    confidence_threshold: float = Settings.confidence_threshold  # flagged = Report.flagged_keys(threshold)


@dataclass
class DocumentRow:
    """A documents row (without report_json) and every path it was seen under, sorted."""

    sha256: str
    paths: list[str]
    kind: str | None
    pages: int | None
    agency: str | None
    year: int | None
    level: str | None
    template_t2: str | None
    template_t3_other: str | None
    status: Status
    error: str | None
    seconds: float | None
    gktables_version: str
    settings_hash: str
    extracted_at: str
    n_cells: int | None
    n_flagged: int | None
    n_failing_checks: int | None
    n_warnings: int | None

    @property
    def path(self) -> str | None:
        return self.paths[0] if self.paths else None


@dataclass
class Review:
    """A human decision on one cell. ``old_value``, ``cell_raw``, ``cell_source`` and
    ``cell_anchor`` are filled from the stored cell by :meth:`Store.add_review`."""

    sha256: str
    key: str
    reviewer: str
    action: ReviewAction
    new_value: Value = None
    reason: str | None = None
    old_value: Value = None
    decided_at: str = field(default_factory=lambda: utc_now())
    cell_raw: str | None = None
    cell_source: str | None = None
    cell_anchor: str | None = None
    stale: int = 0


@dataclass(frozen=True)
class DocumentState:
    status: Status
    gktables_version: str
    settings_hash: str


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def settings_hash(settings: Settings) -> str:
    """Hash of the settings that decide what is read (not time limits or debug keeping)."""
    values = {f.name: getattr(settings, f.name) for f in dataclasses.fields(settings) if f.name not in _NOT_HASHED}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:16]


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def cell_anchor(page: int | None, bbox: str | None, span: str | None) -> str:
    """Where a cell was printed (page + bbox or text span, as stored JSON): a review stays live
    across re-extractions only while its cell's value, raw text and anchor are unchanged."""
    return json.dumps([page, json.loads(bbox) if bbox else None, json.loads(span) if span else None])


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _wide_keys(table: str) -> list[str]:
    """Every cell key of a table over both national formats, in the schema's order."""
    schema = load_schema()
    rows = [r for v in schema.t2_blocks for r in schema.t2_rows(v)]
    rows += [r for t3_other in schema.t3_rows for r in schema.t3_rows[t3_other]] + list(schema.t4_rows)
    keys = dict.fromkeys(k for r in rows if r.table == table for k in r.cell_keys)
    return list(keys)


def _wide_view(table: str) -> str:
    cols = ",\n  ".join(
        f"MAX(CASE WHEN c.key = '{key}' THEN c.final_value END) AS \"{key}\"" for key in _wide_keys(table))
    return (f"CREATE VIEW {table}_wide AS\nSELECT d.sha256, (SELECT MIN(p.path) FROM paths p WHERE p.sha256 = d.sha256)"
            f" AS path, d.agency, d.year,\n  {cols}\nFROM documents d JOIN cells_final c ON c.sha256 = d.sha256 "
            f"AND c.tbl = '{table}'\nGROUP BY d.sha256;\n")


class Store:
    """An open corpus store. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    # --- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"{path}: no such store (run `gktables run FILES --store {path}` first)")
        try:
            conn = sqlite3.connect(path, timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a killed process loses nothing committed
            conn.execute("PRAGMA foreign_keys = ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a gktables store ({exc})") from None
        store = cls(path, conn)
        if version == 0:
            n_tables = conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
            if n_tables:
                conn.close()
                raise StoreError(f"{path}: an SQLite file that is not a gktables store")
            store._create()
        elif version != SCHEMA_VERSION:
            conn.close()
            raise StoreError(f"{path}: store schema version {version}, this gktables reads version "
                             f"{SCHEMA_VERSION}; use a new store file or a matching gktables")
        return store

    def _create(self) -> None:
        script = _TABLES + _CELLS_FINAL + "".join(_wide_view(t) for t in ("t2", "t3", "t4"))
        self.conn.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {SCHEMA_VERSION};\nCOMMIT;")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what is done --------------------------------------------------------------------
    def has(self, sha256: str, *, gktables_version: str | None = None, settings_hash: str | None = None) -> bool:
        sql, args = "SELECT 1 FROM documents WHERE sha256 = ?", [sha256]
        if gktables_version is not None:
            sql, args = sql + " AND gktables_version = ?", args + [gktables_version]
        if settings_hash is not None:
            sql, args = sql + " AND settings_hash = ?", args + [settings_hash]
        return self.conn.execute(sql, args).fetchone() is not None

    def states(self) -> dict[str, DocumentState]:
        """Status and extraction version of every stored document, by sha256 (what a run skips)."""
        rows = self.conn.execute("SELECT sha256, status, gktables_version, settings_hash FROM documents")
        return {r[0]: DocumentState(r[1], r[2], r[3]) for r in rows}

    # --- writing -------------------------------------------------------------------------
    def add_path(self, sha256: str, path: str, size: int, mtime: float) -> None:
        self.conn.execute("INSERT INTO paths(sha256, path, size, mtime) VALUES (?, ?, ?, ?) ON CONFLICT(sha256, path) "
                          "DO UPDATE SET size = excluded.size, mtime = excluded.mtime", (sha256, path, size, mtime))

    def write_document(self, record: DocumentRecord) -> None:
        """Store one document in one transaction: its row, path, cells, checks and warnings replace
        what was there; live reviews whose cell changed are re-opened (stale = 1), never deleted."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(_UPSERT_DOCUMENT, _document_values(record))
            for table in ("cells", "checks", "warnings"):
                conn.execute(f"DELETE FROM {table} WHERE sha256 = ?", (record.sha256,))
            if record.report is not None:
                _insert_report(conn, record.sha256, record.report, record.confidence_threshold)
            if record.path:
                self.add_path(record.sha256, record.path, record.size or 0, record.mtime or 0.0)
            _reopen_changed_reviews(conn, record.sha256)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def start_run(self, argv: list[str], settings_hash: str) -> int:
        cur = self.conn.execute("INSERT INTO runs(started_at, argv, gktables_version, settings_hash) VALUES (?,?,?,?)",
                                (utc_now(), json.dumps(argv, ensure_ascii=False), __version__, settings_hash))
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, n_done: int, n_failed: int) -> None:
        self.conn.execute("UPDATE runs SET finished_at = ?, n_done = ?, n_failed = ? WHERE id = ?",
                          (utc_now(), n_done, n_failed, run_id))

    # --- reviews -------------------------------------------------------------------------
    def add_review(self, review: Review) -> int:
        """Record a decision; the cell's value, raw text and anchor at review time are taken from
        the store (they decide whether a later re-extraction keeps the review)."""
        cell = self.conn.execute("SELECT value, raw, source, page, bbox, span FROM cells WHERE sha256 = ? AND key = ?",
                                 (review.sha256, review.key)).fetchone()
        if cell is not None:
            review.old_value, review.cell_raw, review.cell_source = cell[0], cell[1], cell[2]
            review.cell_anchor = cell_anchor(cell[3], cell[4], cell[5])
        if review.action == "accept":
            review.new_value = review.old_value
        values = dataclasses.asdict(review)
        cols = ", ".join(values)
        cur = self.conn.execute(f"INSERT INTO reviews({cols}) VALUES ({', '.join('?' * len(values))})",
                                list(values.values()))
        return int(cur.lastrowid or 0)

    def reviews(self) -> pd.DataFrame:
        return self._frame("SELECT * FROM reviews ORDER BY id")

    # --- reading -------------------------------------------------------------------------
    def documents(self) -> pd.DataFrame:
        """One row per document (report_json left out), with its first path and all paths (JSON)."""
        return self._frame(
            f"SELECT d.sha256, {_FIRST_PATH} AS path, (SELECT json_group_array(path) FROM (SELECT p.path FROM paths p "
            "WHERE p.sha256 = d.sha256 ORDER BY p.path)) AS paths, d.kind, d.pages, d.agency, d.year, d.level, "
            "d.template_t2, d.template_t3_other, d.status, d.error, d.seconds, d.gktables_version, d.settings_hash, "
            "d.extracted_at, d.n_cells, d.n_flagged, d.n_failing_checks, d.n_warnings "
            "FROM documents d ORDER BY d.sha256")

    def cells(self, *, final: bool = False) -> pd.DataFrame:
        """One row per cell with the document's first path; ``final`` adds ``final_value`` and
        ``reviewed`` from live reviews (decided_by 'human' where reviewed)."""
        extra = ", c.final_value, c.reviewed" if final else ""
        return self._frame(
            f"SELECT c.sha256, {_FIRST_PATH.replace('d.sha256', 'c.sha256')} AS path, c.key, c.tbl, c.row, c.col, "
            "c.value, c.raw, c.source, c.page, c.bbox, c.span, c.confidence, c.decided_by, c.candidates, c.flagged"
            f"{extra} FROM {'cells_final' if final else 'cells'} c ORDER BY c.sha256, c.key")

    def checks(self) -> pd.DataFrame:
        return self._frame(f"SELECT c.sha256, {_FIRST_PATH.replace('d.sha256', 'c.sha256')} AS path, c.check_id, "
                           "c.passed, c.keys, c.lhs, c.rhs, c.message FROM checks c "
                           "ORDER BY c.sha256, c.check_id, c.rowid")

    def warnings(self) -> pd.DataFrame:
        return self._frame(f"SELECT w.sha256, {_FIRST_PATH.replace('d.sha256', 'w.sha256')} AS path, w.code, "
                           "w.message, w.keys FROM warnings w ORDER BY w.sha256, w.rowid")

    def wide(self, table: str) -> pd.DataFrame:
        """The ``{table}_wide`` view: one row per report, one column per cell key of the table."""
        if table not in ("t2", "t3", "t4"):
            raise StoreError(f"{self.path}: no wide view for table {table!r}; use t2, t3 or t4")
        return self._frame(f"SELECT * FROM {table}_wide ORDER BY sha256")

    def report(self, sha256: str) -> Report | None:
        row = self.conn.execute("SELECT report_json FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return Report.from_dict(json.loads(row[0])) if row and row[0] else None

    def reports(self) -> Iterator[tuple[DocumentRow, Report]]:
        """Every document with a report (status ok or no_tables), in sha256 order."""
        names = [f.name for f in dataclasses.fields(DocumentRow) if f.name != "paths"]
        sql = (f"SELECT {', '.join('d.' + n for n in names)}, (SELECT json_group_array(path) FROM (SELECT p.path "
               "FROM paths p WHERE p.sha256 = d.sha256 ORDER BY p.path)), d.report_json FROM documents d "
               "WHERE d.report_json IS NOT NULL ORDER BY d.sha256")
        for row in self.conn.execute(sql).fetchall():
            fields = dict(zip(names, row[:len(names)]))
            yield DocumentRow(paths=json.loads(row[-2]), **fields), Report.from_dict(json.loads(row[-1]))

    def _frame(self, sql: str, args: tuple[Any, ...] = ()) -> pd.DataFrame:
        # Built from rows (not read_sql) so that int cells stay ints beside float money cells.
        import pandas as pd

        cur = self.conn.execute(sql, args)
        columns = [d[0] for d in cur.description]
        return pd.DataFrame(cur.fetchall(), columns=columns, dtype=object)


_FIRST_PATH = "(SELECT MIN(p.path) FROM paths p WHERE p.sha256 = d.sha256)"

_DOCUMENT_COLUMNS = ("sha256", "kind", "pages", "agency", "year", "level", "template_t2", "template_t3_other",
                     "status", "error", "seconds", "gktables_version", "settings_hash", "extracted_at", "n_cells",
                     "n_flagged", "n_failing_checks", "n_warnings", "report_json")
_UPSERT_DOCUMENT = (f"INSERT INTO documents({', '.join(_DOCUMENT_COLUMNS)}) VALUES "
                    f"({', '.join('?' * len(_DOCUMENT_COLUMNS))}) ON CONFLICT(sha256) DO UPDATE SET "
                    + ", ".join(f"{c} = excluded.{c}" for c in _DOCUMENT_COLUMNS[1:]))


def _document_values(record: DocumentRecord) -> tuple[Any, ...]:
    report = record.report
    meta = report.meta if report else {}
    template = report.template if report else None
    return (record.sha256, record.kind, record.pages, meta.get("agency"), meta.get("year"), meta.get("level"),
            template.t2 if template else None, template.t3_other if template else None, record.status,
            record.error, record.seconds, record.gktables_version, record.settings_hash, utc_now(),
            len(report.cells) if report else None,
            len(report.flagged_keys(record.confidence_threshold)) if report else None,
            len(report.failing_checks) if report else None, len(report.warnings) if report else None,
            report.to_json(indent=None) if report else None)


def _insert_report(conn: sqlite3.Connection, sha256: str, report: Report, threshold: float) -> None:
    flagged = report.flagged_keys(threshold)
    cell_rows = []
    for key, value in report.cells.items():
        tbl, row, col = split_key(key)
        p = report.provenance.get(key)
        cell_rows.append((sha256, key, tbl, row, col, value, p.raw if p else None, p.source if p else None,
                          p.page if p else None, _json(p.bbox) if p else None,
                          _json(list(p.span)) if p and p.span else None, p.confidence if p else None,
                          p.decided_by if p else None, _json(p.candidates) if p else None, int(key in flagged)))
    conn.executemany("INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cell_rows)
    conn.executemany("INSERT INTO checks VALUES (?,?,?,?,?,?,?)", [
        (sha256, c.id, None if c.passed is None else int(c.passed), _json(c.keys), c.lhs, c.rhs,
         c.message or _check_message(c.lhs, c.rhs, c.passed))
        for c in report.checks])
    conn.executemany("INSERT INTO warnings VALUES (?,?,?,?)",
                     [(sha256, w.code, w.message, _json(w.keys)) for w in report.warnings])


def _check_message(lhs: Value, rhs: Value, passed: bool | None) -> str | None:
    if passed is False:
        return f"{lhs} ≠ {rhs}"
    return None


def _reopen_changed_reviews(conn: sqlite3.Connection, sha256: str) -> None:
    live = conn.execute("SELECT id, key, old_value, cell_raw, cell_anchor FROM reviews WHERE sha256 = ? AND stale = 0",
                        (sha256,)).fetchall()
    if not live:
        return
    cells = {r[0]: (r[1], r[2], cell_anchor(r[3], r[4], r[5])) for r in conn.execute(
        "SELECT key, value, raw, page, bbox, span FROM cells WHERE sha256 = ?", (sha256,))}
    changed = [(rid,) for rid, key, old, raw, anchor in live if cells.get(key) != (old, raw, anchor)]
    if changed:
        log.info("%s: %d review(s) re-opened: their cells changed in the re-extraction", sha256[:12], len(changed))
        conn.executemany("UPDATE reviews SET stale = 1 WHERE id = ?", changed)
