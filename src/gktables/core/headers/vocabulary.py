"""The national format's labels of each table, and which table a header band belongs to."""

from __future__ import annotations

import re
from functools import lru_cache

from ...labels import normalize_label
from ...schema import load_schema
from .bands import HeaderBand
from .scoring import MATCH_MIN, LabelBounds, label_bounds, reachable, score_label

TABLE_MIN = 1.9  # least summed label evidence for a band to belong to a table


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, tuple[str, ...]]:
    """Labels of each table, to tell which table a band belongs to."""
    schema = load_schema()
    t2 = {b.caption for v in schema.t2_blocks for b in schema.t2_blocks[v]}
    t2 |= {c.label for v in schema.t2_blocks for b in schema.t2_blocks[v] for c in b.cols}
    t2 |= {r.leaf for v in schema.t2_blocks for r in schema.t2_rows(v)}
    t3 = {p for rows in schema.t3_rows.values() for r in rows for p in r.path} | {c.label for c in schema.t3_cols}
    t3 |= set(t3_col_parents())
    t4 = {p for r in schema.t4_rows for p in r.path} | {c.label for c in schema.t4_cols}
    return {"t2": tuple(t2), "t3": tuple(t3), "t4": tuple(t4)}


@lru_cache(maxsize=1)  # of the schema alone: every page's labels are scored against these
def _vocabulary_bounds() -> dict[str, tuple[frozenset[str], tuple[tuple[str, LabelBounds], ...]]]:
    """Per table: its labels normalised, and each label with what may_reach reads of it."""
    return {table: (frozenset(normalize_label(v) for v in labels), tuple((v, label_bounds(v)) for v in labels))
            for table, labels in _vocabulary().items()}


@lru_cache(maxsize=1)  # the schema's; asked for every printed row of 三
def t3_col_parents() -> tuple[str, ...]:
    tree = load_schema().raw["templates"]["2019"]["t3"]["col_header_tree"]
    return tuple(x.strip() for x in re.findall(r"([^→\[\],]+)→", tree))


def band_table(band: HeaderBand) -> str | None:
    """The table whose labels the band's headers match best, when they match enough."""
    labels = {x for p in band.col_paths.values() for x in p} | {x for p in band.row_paths.values() for x in p}
    labels = {x for x in labels if len(normalize_label(x)) >= 2}
    evidence: dict[str, float] = {table: 0 for table in _vocabulary()}  # (summed in the labels' order, as sum())
    for x in labels:
        for table, score in _label_evidence(x):
            evidence[table] += score
    best: tuple[float, str | None] = (0.0, None)
    for table, summed in evidence.items():
        if summed > best[0]:
            best = (summed, table)
    return best[1] if best[0] >= TABLE_MIN else None


@lru_cache(maxsize=16384)  # every header label of every band: looked up once, not once per table
def _label_evidence(label: str) -> tuple[tuple[str, float], ...]:
    """The tables whose labels ``label`` names (a score of at least MATCH_MIN), with the score."""
    return tuple((table, s) for table in _vocabulary() if (s := _vocabulary_score(table, label)) >= MATCH_MIN)


@lru_cache(maxsize=16384)  # pure; every header label of every band is asked against each table
def _vocabulary_score(table: str, label: str) -> float:
    """How well ``label`` names one of the table's labels: 1.0 when it is one, else the best score
    when that reaches MATCH_MIN (what :func:`band_table` counts), else some lower score. Labels of
    the table it cannot score MATCH_MIN against are not scored."""
    normalised, bounds = _vocabulary_bounds()[table]
    if normalize_label(label) in normalised:
        return 1.0
    mine = label_bounds(label)
    return max((score_label(label, v) for v in reachable(mine, bounds, MATCH_MIN)), default=0.0)



@lru_cache(maxsize=1)  # the schema's; asked for every band of 三
def t3_col_paths() -> tuple[tuple[str, ...], ...]:
    """三's columns as header paths: 申请人情况 → [法人或其他组织 →] leaf."""
    parents = t3_col_parents()  # 申请人情况, 法人或其他组织
    schema = load_schema()
    return tuple((parents[0], c.label) if c.key in ("natural", "total") else (parents[0], parents[1], c.label)
                 for c in schema.t3_cols)

