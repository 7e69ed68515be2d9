"""A reviewer's decision on one cell: validated against the schema, written as a new review row.

Nothing here changes ``cells``: a decision is a row of ``reviews`` (who, when, old value, new value,
reason, the cell's raw text and anchor at the time), added by :meth:`Store.add_review` in one SQLite
transaction, so two reviewers writing at once both keep their rows.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..schema import load_schema
from .values import ValueInputError, parse_typed

ACTIONS = ("accept", "candidate", "typed", "document_wrong")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_NOTE = 500


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says why."""


class CellChangedError(DecisionError):
    """The cell was re-extracted since the reviewer's page was loaded: what they saw is gone."""


@dataclass(frozen=True)
class Decision:
    sha256: str
    key: str
    action: str
    candidate: int | None = None  # index into the cell's candidates, for 'candidate'
    typed: str | None = None  # the reviewer's text, for 'typed'
    note: str | None = None  # free words, kept in the review's reason
    seen_raw: str | None = None  # the cell's printed text on the reviewer's page, checked on write

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Decision:
        sha256, key, action = body.get("sha256"), body.get("key"), body.get("action")
        if not isinstance(sha256, str) or not _SHA256.match(sha256):
            raise DecisionError("sha256 must be 64 lower-case hex digits")
        if not isinstance(key, str) or not load_schema().is_key(key):
            raise DecisionError(f"{key!r} is not a cell key of the schema")
        if action not in ACTIONS:
            raise DecisionError(f"action must be one of {', '.join(ACTIONS)}")
        candidate, typed, note = body.get("candidate"), body.get("value"), body.get("note")
        if action == "candidate" and (not isinstance(candidate, int) or isinstance(candidate, bool)):
            raise DecisionError("a 'candidate' decision needs the candidate's index (an integer)")
        if action == "typed" and not isinstance(typed, str):
            raise DecisionError("a 'typed' decision needs the value as text")
        if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
            raise DecisionError(f"note must be text of at most {MAX_NOTE} characters")
        seen_raw = body.get("seen_raw")
        if seen_raw is not None and not isinstance(seen_raw, str):
            raise DecisionError("seen_raw must be text")
        return cls(sha256, key, str(action), candidate if action == "candidate" else None,
                   typed if action == "typed" else None, note or None, seen_raw)


@dataclass(frozen=True)
class CellState:
    """The cell as extracted, when the decision is taken."""

    value: int | float | None
    raw: str | None
    source: str | None
    candidates: list[int | float | None]


def _cell_state(conn: sqlite3.Connection, sha256: str, key: str) -> CellState:
    row = conn.execute("SELECT value, raw, source, candidates FROM cells "
                       "WHERE sha256 = ? AND key = ?", (sha256, key)).fetchone()
    if row is None:
        raise DecisionError(f"document {sha256} has no cell {key}")
    value, raw, source, candidates = row
    return CellState(value, raw, source, json.loads(candidates) if candidates else [])


def _check_unchanged(decision: Decision, cell: CellState) -> None:
    """A candidate is chosen by its number on the page: refuse when the cell changed under it."""
    if decision.seen_raw is not None and decision.seen_raw != (cell.raw or ""):
        raise CellChangedError(f"{decision.key} was read again since this page was loaded "
                               f"(printed '{decision.seen_raw}' then, '{cell.raw}' now): reload the page")


def new_value(decision: Decision, cell: CellState) -> tuple[int | float | None, str]:
    """The value the decision gives the cell and the reason in words."""
    if decision.action == "accept":
        return cell.value, "the value read is right"
    if decision.action == "document_wrong":
        return cell.value, "the document itself is wrong or ambiguous here"
    if decision.action == "candidate":
        index = decision.candidate if decision.candidate is not None else -1
        if not 0 <= index < len(cell.candidates):
            raise DecisionError(f"the cell has {len(cell.candidates)} candidates; there is no number {index + 1}")
        return cell.candidates[index], f"candidate {index + 1} of {cell.candidates}"
    try:
        return parse_typed(decision.typed or "", load_schema().value_type(decision.key)), "typed by the reviewer"
    except ValueInputError as exc:
        raise DecisionError(str(exc)) from exc


def record_decision(store_path: Path, decision: Decision, reviewer: str) -> int:
    """Add the decision as a review row; returns its id. The store fills in the cell's value, raw
    text and anchor as they are now (they decide whether a re-extraction keeps the review)."""
    from ..corpus.store import Review, Store

    with Store.open(store_path, create=False) as store:
        # one write transaction from reading the cell to adding the row: a re-extraction cannot slip
        # in between and leave a decision taken on old candidates attached to a new cell
        store.conn.execute("BEGIN IMMEDIATE")
        try:
            cell = _cell_state(store.conn, decision.sha256, decision.key)
            _check_unchanged(decision, cell)
            value, reason = new_value(decision, cell)
            if decision.note:
                reason = f"{reason}: {decision.note}"
            review_id = store.add_review(Review(sha256=decision.sha256, key=decision.key, reviewer=reviewer,
                                                action=decision.action,  # type: ignore[arg-type]
                                                new_value=value, reason=reason))
            store.conn.execute("COMMIT")
        except BaseException:
            store.conn.execute("ROLLBACK")
            raise
        return review_id


def undo_decision(store_path: Path, review_id: int, reviewer: str) -> tuple[str, str]:
    """Withdraw the reviewer's own latest decision on a cell (the key ``u``); returns the cell.

    Only the newest live review of its cell, and only by the same reviewer: an undo never removes
    another reviewer's decision or one that a later decision already followed."""
    from ..corpus.store import Store

    with Store.open(store_path, create=False) as store:
        conn = store.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            row = conn.execute("SELECT sha256, key, reviewer FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row is None:
                raise DecisionError(f"no review {review_id}")
            sha256, key, who = row
            latest = conn.execute("SELECT MAX(id) FROM reviews WHERE sha256 = ? AND key = ?",
                                  (sha256, key)).fetchone()[0]
            if who != reviewer or latest != review_id:
                raise DecisionError(f"review {review_id} is not {reviewer}'s latest decision on {key}; "
                                    "decide again instead")
            conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return sha256, key
