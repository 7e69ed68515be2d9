"""Words for what the review page shows: a cell key's row and column labels, and a check in words.

Everything comes from :mod:`gktables.schema`; this module only arranges it for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..schema import TABLE_TITLES, VERSIONS, CheckSpec, T3Other, Template, ValueType, load_schema

T3_OTHERS: tuple[T3Other, ...] = ("single", "split")


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
        for spec in schema.checks(other):
            specs.setdefault(spec.id, spec)
    return specs


def _side(keys: tuple[str, ...]) -> str:
    """One cell by its labels; several by what differs between them ('the sum of 结果维持 + 结果纠正')."""
    labels = [label_of(k) for k in keys]
    if len(keys) == 1:
        return labels[0].short if labels[0] else keys[0]
    if any(label is None for label in labels):
        return f"the sum of {len(keys)} cells"
    known = [label for label in labels if label is not None]
    if len({label.row_path for label in known}) == 1:
        parts = [label.col_label for label in known]
    elif len({label.col_label for label in known}) == 1:
        parts = [label.row_path[-1] for label in known]
    else:
        parts = [label.short for label in known]
    return f"the sum of {len(keys)} cells ({' + '.join(parts)})"


def check_in_words(check_id: str, lhs: float | None, rhs: float | None) -> str:
    """'行政复议 · 总计 is 0, but the sum of 4 cells (结果维持 + 结果纠正 + 其他结果 + 尚未审结) is 11'."""
    spec = check_specs().get(check_id)
    if spec is None:
        return f"{_fmt(lhs)} ≠ {_fmt(rhs)}"
    return f"{_side(spec.lhs)} is {_fmt(lhs)}, but {_side(spec.rhs)} is {_fmt(rhs)}"


def _fmt(value: float | None) -> str:
    if value is None:
        return "blank"
    return str(int(value)) if float(value).is_integer() else str(value)
