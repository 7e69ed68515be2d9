"""Words for what the review page shows: a cell key's row and column labels, and a check in words.

Everything comes from :mod:`gktables.schema`; this module only arranges it for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..schema import TABLE_TITLES, VERSIONS, CheckSpec, Template, ValueType, load_schema

T3_OTHERS = ("single", "split")


@dataclass(frozen=True)
class CellLabel:
    key: str
    table_title: str
    row_path: tuple[str, ...]  # outer → leaf; t2 rows start with their 第二十条 caption
    col_label: str
    value_type: ValueType

    @property
    def short(self) -> str:
        """'（三）不予公开 / 1.属于国家秘密 · 总计' — the leaf rows and the column, for lists."""
        return f"{' / '.join(self.row_path[-2:])} · {self.col_label}"


@lru_cache(maxsize=1)
def cell_labels() -> dict[str, CellLabel]:
    """Every cell key of every template → its labels."""
    schema = load_schema()
    out: dict[str, CellLabel] = {}
    for t2 in VERSIONS:
        for other in T3_OTHERS:
            for row in schema.rows(Template(t2, other)):
                path = ((row.caption,) if row.caption else ()) + row.path
                for col in row.cols:
                    key = row.cell_key(col.key)
                    out.setdefault(key, CellLabel(key, TABLE_TITLES[row.table], path, col.label, col.type))
    return out


def label_of(key: str) -> CellLabel | None:
    return cell_labels().get(key)


@lru_cache(maxsize=1)
def check_specs() -> dict[str, CheckSpec]:
    """Every check of both 三 variants by id (the ids of one variant mean the same cells in the other)."""
    schema = load_schema()
    specs: dict[str, CheckSpec] = {}
    for other in T3_OTHERS:
        for spec in schema.checks(other):  # type: ignore[arg-type]
            specs.setdefault(spec.id, spec)
    return specs


def _side(keys: tuple[str, ...] | list[str]) -> str:
    if len(keys) == 1:
        label = label_of(keys[0])
        return label.short if label else keys[0]
    return f"the sum of {len(keys)} cells"


def check_in_words(check_id: str, lhs: float | None, rhs: float | None) -> str:
    """'（三）不予公开 · 总计 is 0, but the sum of 4 cells is 11 (t4.review.total == upheld + …)'."""
    spec = check_specs().get(check_id)
    if spec is None:
        return f"check {check_id} fails: {lhs} ≠ {rhs}"
    return f"{_side(spec.lhs)} is {_fmt(lhs)}, but {_side(spec.rhs)} is {_fmt(rhs)} (rule: {spec.rule})"


def _fmt(value: float | None) -> str:
    if value is None:
        return "blank"
    return str(int(value)) if float(value).is_integer() else str(value)
