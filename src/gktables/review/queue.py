"""The review queue: flagged cells of a corpus store, why each is flagged, and what ties it to others.

Reads the store's tables as the store contract defines them (read-only SQL, one short query per
question); every write goes through :class:`gktables.corpus.store.Store`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from ..schema import VERSIONS, Template, load_schema
from ..settings import Settings
from .labels import CellLabel, check_in_words, label_of
from .sources import Box

# the default threshold below which a cell is flagged (the store records flagged at the run's settings)
THRESHOLD = Settings().confidence_threshold
LOW_CONFIDENCE = "low_confidence"
FAILING_CHECK = "failing_check"


@dataclass(frozen=True)
class Filters:
    agency: str | None = None
    year: int | None = None
    table: str | None = None
    reason: str | None = None  # a warning code, 'failing_check' or 'low_confidence'
    sha256: str | None = None  # one document

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (only those set)."""
        pairs = {"agency": self.agency, "year": self.year, "table": self.table, "reason": self.reason,
                 "doc": self.sha256}
        return {k: str(v) for k, v in pairs.items() if v not in (None, "")}


CellRef = tuple[str, str]  # (sha256, key) of a cell in the store


class QueueEntry(NamedTuple):  # a tuple: queues of 100 000 cells are built per page
    sha256: str
    key: str
    reviewed: bool


@dataclass
class QueueView:
    """The filtered queue as one page needs it: order, positions and what is reviewed."""

    cells: list[tuple[str, str]]
    index: dict[tuple[str, str], int]
    done: set[tuple[str, str]]

    def __len__(self) -> int:
        return len(self.cells)

    def entry(self, pos: int | None) -> QueueEntry | None:
        if pos is None or not 0 <= pos < len(self.cells):
            return None
        sha, key = self.cells[pos]
        return QueueEntry(sha, key, (sha, key) in self.done)

    def entries(self) -> list[QueueEntry]:
        return [QueueEntry(sha, key, (sha, key) in self.done) for sha, key in self.cells]

    def position(self, sha256: str, key: str) -> int | None:
        return self.index.get((sha256, key))

    @property
    def n_reviewed(self) -> int:
        return sum(1 for cell in self.done if cell in self.index)

    def next_open(self, pos: int | None) -> QueueEntry | None:
        """The next cell not yet reviewed after ``pos``, wrapping round (where a decision moves on to)."""
        n = len(self.cells)
        start = 0 if pos is None else pos + 1
        for i in range(n):
            j = (start + i) % n
            if j != pos and self.cells[j] not in self.done:
                return self.entry(j)
        return None


@dataclass
class Reason:
    code: str  # warning code, 'failing_check' or 'low_confidence'
    words: str
    keys: list[str] = field(default_factory=list)  # the cells it ties together


@dataclass
class TiedCell:
    key: str
    label: CellLabel | None
    value: float | None
    raw: str | None
    final_value: float | None
    reviewed: bool


@dataclass
class ReviewRow:
    id: int
    reviewer: str
    decided_at: str
    action: str
    old_value: float | None
    new_value: float | None
    reason: str | None
    stale: bool


@dataclass
class Document:
    sha256: str
    kind: str | None
    agency: str | None
    year: int | None
    pages: int | None
    paths: list[str]

    @property
    def name(self) -> str:
        return Path(self.paths[0]).name if self.paths else self.sha256[:12]


@dataclass
class Item:
    """One flagged cell with everything the page shows about it."""

    doc: Document
    key: str
    label: CellLabel | None
    value: float | None
    raw: str | None
    source: str | None
    page: int | None
    bbox: list[float] | None
    span: tuple[int, int] | None
    confidence: float | None
    decided_by: str | None
    candidates: list[float | None]
    reasons: list[Reason]
    tied: list[TiedCell]
    reviews: list[ReviewRow]

    @property
    def live_review(self) -> ReviewRow | None:
        live = [r for r in self.reviews if not r.stale]
        return live[-1] if live else None


def connect(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the store (writes go through Store)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


@lru_cache(maxsize=1)
def key_order() -> dict[str, int]:
    """Cell keys in the order the tables print them, so the queue walks a report top to bottom."""
    schema = load_schema()
    order: dict[str, int] = {}
    for t2 in VERSIONS:
        for other in ("single", "split"):
            for key in schema.cell_keys(Template(t2, other)):
                order.setdefault(key, len(order))
    return order


_FLAGGED_SQL = """
SELECT c.sha256, c.key
FROM cells c JOIN documents d ON d.sha256 = c.sha256
WHERE c.flagged = 1
  AND (:agency IS NULL OR d.agency = :agency)
  AND (:year IS NULL OR d.year = :year)
  AND (:tbl IS NULL OR c.tbl = :tbl)
  AND (:sha IS NULL OR c.sha256 = :sha)
  AND (:reason IS NULL
       OR (:reason = 'failing_check' AND EXISTS (
             SELECT 1 FROM checks k, json_each(k.keys) j
             WHERE k.sha256 = c.sha256 AND k.passed = 0 AND j.value = c.key))
       OR (:reason = 'low_confidence' AND c.confidence < :threshold)
       OR EXISTS (SELECT 1 FROM warnings w, json_each(w.keys) j
                  WHERE w.sha256 = c.sha256 AND w.code = :reason AND j.value = c.key))
ORDER BY d.agency, d.year, c.sha256
"""


def flagged_in_order(conn: sqlite3.Connection, filters: Filters) -> list[tuple[str, str]]:
    """(sha256, key) of the flagged cells that pass the filters, document by document, in printed order."""
    rows = conn.execute(_FLAGGED_SQL, {"agency": filters.agency or None, "year": filters.year,
                                       "tbl": filters.table or None, "sha": filters.sha256 or None,
                                       "reason": filters.reason or None, "threshold": THRESHOLD}).fetchall()
    order = key_order()
    doc_rank: dict[str, int] = {}
    for r in rows:
        doc_rank.setdefault(r[0], len(doc_rank))
    cells = [(r[0], r[1]) for r in rows]
    cells.sort(key=lambda c: (doc_rank[c[0]], order.get(c[1], len(order)), c[1]))
    return cells


def reviewed_cells(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """Cells with a live (not re-opened) review."""
    return {(r[0], r[1]) for r in conn.execute("SELECT DISTINCT sha256, key FROM reviews WHERE stale = 0")}


def store_signature(conn: sqlite3.Connection) -> tuple[object, ...]:
    """Changes whenever documents are written or re-extracted (what the queue's order depends on)."""
    return tuple(conn.execute("SELECT COUNT(*), MAX(extracted_at), TOTAL(n_flagged), TOTAL(n_cells) "
                              "FROM documents").fetchone())


class QueueCache:
    """The queue's order per filter set, computed once per state of the store's documents: walking
    the queue (j/k) and deciding then only read the reviews, which keeps a page fast on a store of
    thousands of reports."""

    def __init__(self, size: int = 32):
        self.size = size
        self._orders: dict[tuple[Filters, tuple[object, ...]], tuple[list[CellRef], dict[CellRef, int]]] = {}
        self._choices: tuple[tuple[object, ...], dict[str, list[str]]] | None = None

    def view(self, conn: sqlite3.Connection, filters: Filters) -> QueueView:
        key = (filters, store_signature(conn))
        if key not in self._orders:
            if len(self._orders) >= self.size:
                self._orders.pop(next(iter(self._orders)))
            cells = flagged_in_order(conn, filters)
            self._orders[key] = (cells, {cell: i for i, cell in enumerate(cells)})
        cells, index = self._orders[key]
        return QueueView(cells, index, reviewed_cells(conn))

    def choices(self, conn: sqlite3.Connection) -> dict[str, list[str]]:
        signature = store_signature(conn)
        if self._choices is None or self._choices[0] != signature:
            self._choices = (signature, filter_choices(conn))
        return self._choices[1]


def queue(conn: sqlite3.Connection, filters: Filters) -> list[QueueEntry]:
    """The flagged cells that pass the filters, in order, each marked reviewed or not (uncached)."""
    done = reviewed_cells(conn)
    return [QueueEntry(sha, key, (sha, key) in done) for sha, key in flagged_in_order(conn, filters)]


def filter_choices(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Values the filter menus offer: agencies, years, tables and reasons present in the store."""
    agencies = [r[0] for r in conn.execute(
        "SELECT DISTINCT agency FROM documents WHERE agency IS NOT NULL ORDER BY agency")]
    years = [str(r[0]) for r in conn.execute(
        "SELECT DISTINCT year FROM documents WHERE year IS NOT NULL ORDER BY year")]
    tables = [r[0] for r in conn.execute("SELECT DISTINCT tbl FROM cells WHERE flagged = 1 ORDER BY tbl")]
    codes = [r[0] for r in conn.execute("SELECT DISTINCT code FROM warnings ORDER BY code")]
    return {"agency": agencies, "year": years, "table": tables,
            "reason": [FAILING_CHECK, LOW_CONFIDENCE, *codes]}


def document(conn: sqlite3.Connection, sha256: str) -> Document | None:
    row = conn.execute("SELECT sha256, kind, agency, year, pages FROM documents WHERE sha256 = ?",
                       (sha256,)).fetchone()
    if row is None:
        return None
    paths = [r[0] for r in conn.execute("SELECT path FROM paths WHERE sha256 = ? ORDER BY path", (sha256,))]
    return Document(row["sha256"], row["kind"], row["agency"], row["year"], row["pages"], paths)


def _json(text: str | None) -> Any:
    return json.loads(text) if text else None


def item(conn: sqlite3.Connection, sha256: str, key: str) -> Item | None:
    """The flagged (or any) cell (sha256, key) with its reasons, tied cells and reviews."""
    doc = document(conn, sha256)
    cell = conn.execute("SELECT * FROM cells WHERE sha256 = ? AND key = ?", (sha256, key)).fetchone()
    if doc is None or cell is None:
        return None
    reasons = _reasons(conn, sha256, key, cell["confidence"])
    tied_keys = [k for r in reasons for k in r.keys if k != key]
    span = _json(cell["span"])
    return Item(
        doc=doc, key=key, label=label_of(key), value=cell["value"], raw=cell["raw"], source=cell["source"],
        page=cell["page"], bbox=_json(cell["bbox"]), span=tuple(span) if span else None,
        confidence=cell["confidence"], decided_by=cell["decided_by"], candidates=_json(cell["candidates"]) or [],
        reasons=reasons, tied=_tied(conn, sha256, list(dict.fromkeys(tied_keys))),
        reviews=reviews_of(conn, sha256, key),
    )


def _reasons(conn: sqlite3.Connection, sha256: str, key: str, confidence: float | None) -> list[Reason]:
    reasons = []
    for w in conn.execute("SELECT w.code, w.message, w.keys FROM warnings w, json_each(w.keys) j "
                          "WHERE w.sha256 = ? AND j.value = ?", (sha256, key)):
        reasons.append(Reason(w["code"], w["message"] or w["code"], _json(w["keys"]) or []))
    for c in conn.execute("SELECT k.check_id, k.lhs, k.rhs, k.keys FROM checks k, json_each(k.keys) j "
                          "WHERE k.sha256 = ? AND k.passed = 0 AND j.value = ?", (sha256, key)):
        reasons.append(Reason(FAILING_CHECK, f"check {c['check_id']} fails: "
                              + check_in_words(c["check_id"], c["lhs"], c["rhs"]), _json(c["keys"]) or []))
    if confidence is not None and confidence < THRESHOLD:
        reasons.append(Reason(LOW_CONFIDENCE, f"read with confidence {confidence:.2f} (below {THRESHOLD})"))
    return reasons


def _tied(conn: sqlite3.Connection, sha256: str, keys: list[str]) -> list[TiedCell]:
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = {r["key"]: r for r in conn.execute(
        f"SELECT key, value, raw, final_value, reviewed FROM cells_final WHERE sha256 = ? AND key IN ({marks})",
        (sha256, *keys))}
    out = []
    for k in keys:
        r = rows.get(k)
        out.append(TiedCell(k, label_of(k), r["value"] if r else None, r["raw"] if r else None,
                            r["final_value"] if r else None, bool(r["reviewed"]) if r else False))
    return out


def reviews_of(conn: sqlite3.Connection, sha256: str, key: str) -> list[ReviewRow]:
    return [ReviewRow(r["id"], r["reviewer"], r["decided_at"], r["action"], r["old_value"], r["new_value"],
                      r["reason"], bool(r["stale"]))
            for r in conn.execute("SELECT * FROM reviews WHERE sha256 = ? AND key = ? ORDER BY id", (sha256, key))]


def row_cells(conn: sqlite3.Connection, sha256: str, key: str) -> list[TiedCell]:
    """Every cell of the printed row ``key`` lies in, in column order (shown where the source has no
    positions: HTML and Word tables)."""
    tbl, _, rest = key.partition(".")
    row = rest.rsplit(".", 1)[0]
    keys = [r[0] for r in conn.execute("SELECT key FROM cells WHERE sha256 = ? AND tbl = ? AND row = ?",
                                       (sha256, tbl, row))]
    order = key_order()
    return _tied(conn, sha256, sorted(keys, key=lambda k: order.get(k, len(order))))


def boxes(conn: sqlite3.Connection, sha256: str, keys: list[str]) -> list[Box]:
    """Page positions of ``keys`` (those that have one)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    out = []
    for r in conn.execute(f"SELECT page, bbox, source FROM cells WHERE sha256 = ? AND key IN ({marks})",
                          (sha256, *keys)):
        bbox = _json(r["bbox"])
        if r["page"] and bbox:
            out.append(Box(r["page"], tuple(bbox), r["source"] or "pdf"))
    return out


def spans(conn: sqlite3.Connection, sha256: str, keys: list[str]) -> list[tuple[int, int]]:
    """Text spans of ``keys`` (those that have one)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"SELECT span FROM cells WHERE sha256 = ? AND key IN ({marks}) AND span IS NOT NULL",
                        (sha256, *keys))
    return [(int(a), int(b)) for a, b in (json.loads(r[0]) for r in rows)]
