"""Which cells a scraped text (cells run together, no separators) leaves open.

A run like ``713000074`` may be read as several 7-number rows; the row total, the column checks
of table 三 and the group totals of table 四 usually single one reading out. Table 二 has no
checks, so the scraped variant states every 二 value in its prose. Cells whose reading stays open
are listed in the expected JSON under ``ambiguous`` with every candidate value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from .spec import T3_VALUE_COLS, Template, load_spec

from .model import Expected

BLANK_CHARS = ("/", "—", "无")
MAX_COMBOS = 20000


def count_tokens(s: str, pos: int) -> Iterator[tuple[int, Expected]]:
    """Every count token that can start at `pos`: (end position, value)."""
    if pos >= len(s):
        return
    ch = s[pos]
    if ch in BLANK_CHARS:
        yield pos + 1, None
    elif ch == "0":
        yield pos + 1, 0
    elif ch.isdigit():
        end = pos
        while end < len(s) and s[end].isdigit():
            end += 1
            yield end, int(s[pos:end])


def readings_with_total(s: str, n_parts: int) -> list[list[Expected]]:
    """Readings of `s` as n_parts numbers followed by their total."""
    out = []
    for parts in _split_free_prefix(s, 0, n_parts):
        parts, end = parts
        total = sum(v or 0 for v in parts)
        for e, v in count_tokens(s, end):
            if e == len(s) and (v or 0) == total:
                out.append(parts + [v])
    return out


def _split_free_prefix(s: str, pos: int, n: int) -> Iterator[tuple[list[Expected], int]]:
    if n == 0:
        yield [], pos
        return
    for end, v in count_tokens(s, pos):
        for rest, e in _split_free_prefix(s, end, n - 1):
            yield [v, *rest], e


def _grouped_readings(s: str, groups: int, n_parts: int, pos: int = 0) -> Iterator[list[Expected]]:
    """Readings of `s` as `groups` consecutive (n_parts numbers + total) groups (table 四)."""
    if groups == 0:
        if pos == len(s):
            yield []
        return
    for parts, end in _split_free_prefix(s, pos, n_parts):
        total = sum(v or 0 for v in parts)
        for e, v in count_tokens(s, end):
            if (v or 0) == total:
                for rest in _grouped_readings(s, groups - 1, n_parts, e):
                    yield parts + [v] + rest


def open_cells(printed: dict[str, str], template: Template) -> dict[str, list[Expected]]:
    """Cells of 三 and 四 whose scraped run admits more than one reading consistent with the checks."""
    schema = load_spec()
    cols = list(T3_VALUE_COLS) + ["total"]
    row_candidates: dict[str, list[list[Expected]]] = {}
    for r in schema.t3_rows[template.t3_other]:
        run = "".join(printed[r.cell_key(c)] for c in cols)
        row_candidates[r.key] = readings_with_total(run, len(T3_VALUE_COLS))
    open_: dict[str, list[Expected]] = {}
    multi = [k for k, v in row_candidates.items() if len(v) > 1]
    if multi:
        combos = 1
        for k in multi:
            combos *= len(row_candidates[k])
        checks = [c for c in schema.checks(template.t3_other) if not c.id.startswith("t3.row_total")]
        survivors: dict[str, set[tuple]] = {k: set() for k in multi}
        fixed = {f"t3.{k}.{c}": v[0][i] for k, v in row_candidates.items() if len(v) == 1
                 for i, c in enumerate(cols)}
        options = ([tuple(x) for x in row_candidates[k]] for k in multi)
        for combo in (itertools.product(*options) if combos <= MAX_COMBOS else ()):
            cells = dict(fixed)
            for k, reading in zip(multi, combo):
                cells.update({f"t3.{k}.{c}": v for c, v in zip(cols, reading)})
            if all(sum(cells.get(x) or 0 for x in ch.lhs) == sum(cells.get(x) or 0 for x in ch.rhs) for ch in checks):
                for k, reading in zip(multi, combo):
                    survivors[k].add(reading)
        for k in multi:
            readings = survivors[k] if combos <= MAX_COMBOS else {tuple(x) for x in row_candidates[k]}
            for i, c in enumerate(cols):
                vals = sorted({rd[i] for rd in readings}, key=lambda v: -1 if v is None else v)
                if len(vals) > 1:
                    open_[f"t3.{k}.{c}"] = vals
    t4_keys = [g.cell_key(c.key) for g in schema.t4_rows for c in g.cols]
    readings = list(_grouped_readings("".join(printed[k] for k in t4_keys), len(schema.t4_rows), 4))
    for i, k in enumerate(t4_keys):
        vals = sorted({rd[i] for rd in readings}, key=lambda v: -1 if v is None else v)
        if len(vals) > 1:
            open_[k] = vals
    return open_
