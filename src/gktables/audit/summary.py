"""Agency against agency: one row per agency and year — applications received, shares of each
result, 不予公开 by reason, 行政复议/诉讼 纠错率 — from the same entries the audits use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ..schema import load_schema
from .cross_year import Entry, series_of

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

RESULT_GROUPS = (("granted", "予以公开"), ("partial", "部分公开"), ("denied", "不予公开"),
                 ("unavailable", "无法提供"), ("not_processed", "不予处理"), ("other", "其他处理"))


@dataclass
class SummaryRow:
    agency: str
    year: int
    document: str | None
    sha256: str | None
    received: int | None  # t3.new.total
    concluded: int | None  # t3.result.total.total
    shares: dict[str, float | None] = field(default_factory=dict)  # result group → share of concluded
    denied_by_reason: dict[str, float | None] = field(default_factory=dict)  # reason → share of concluded
    review_cases: int | None = None
    review_correction_rate: float | None = None  # corrected / concluded cases (pending left out)
    lawsuit_cases: int | None = None
    lawsuit_correction_rate: float | None = None

    def to_flat(self) -> dict[str, object]:
        d = asdict(self)
        shares, reasons = d.pop("shares"), d.pop("denied_by_reason")
        d.update({f"share_{k}": v for k, v in shares.items()})
        d.update({f"denied_{k}": v for k, v in reasons.items()})
        return d


def _int(e: Entry, key: str) -> int | None:
    v = e.value(key)
    return v if isinstance(v, int) else None


def _sum(e: Entry, prefix: str) -> int | None:
    keys = [k for k in e.report.cells if k.startswith(prefix) and k.endswith(".total") and ".result.total." not in k]
    vals = [v for k in keys if isinstance(v := e.value(k), int)]
    return sum(vals) if vals else None


def _rate(part: int | None, whole: int | None) -> float | None:
    return round(part / whole, 4) if part is not None and whole else None


def summary_row(e: Entry) -> SummaryRow:
    concluded = _int(e, "t3.result.total.total")
    row = SummaryRow(e.agency, e.year, e.document, e.sha256, _int(e, "t3.new.total"), concluded)
    for group, _ in RESULT_GROUPS:
        prefix = f"t3.result.{group}"
        row.shares[group] = _rate(_sum(e, prefix), concluded)
    for r in load_schema().t3_rows["single"]:
        if r.key.startswith("result.denied."):
            row.denied_by_reason[r.key.rsplit(".", 1)[1]] = _rate(_int(e, r.cell_key("total")), concluded)
    row.review_cases = _int(e, "t4.review.total")
    row.review_correction_rate = _correction_rate(e, ("review",))
    suits = [_int(e, f"t4.{g}.total") for g in ("lawsuit_direct", "lawsuit_after_review")]
    row.lawsuit_cases = sum(s for s in suits if s is not None) if any(s is not None for s in suits) else None
    row.lawsuit_correction_rate = _correction_rate(e, ("lawsuit_direct", "lawsuit_after_review"))
    return row


def _correction_rate(e: Entry, groups: tuple[str, ...]) -> float | None:
    """纠错率: 结果纠正 over the cases concluded (维持 + 纠正 + 其他结果), as the national notes count it."""
    corrected = concluded = 0
    for g in groups:
        parts = [_int(e, f"t4.{g}.{c}") for c in ("upheld", "corrected", "other")]
        corrected += parts[1] or 0
        concluded += sum(p or 0 for p in parts)
    return _rate(corrected, concluded)


def corpus_summary(entries: Iterable[Entry]) -> list[SummaryRow]:
    return [summary_row(e) for series in series_of(entries).values() for e in series]


def summary_frame(rows: list[SummaryRow]) -> pd.DataFrame:
    """One row per agency and year, the shares and rates as columns (for CSV, Excel, Parquet)."""
    import pandas as pd

    return pd.DataFrame([r.to_flat() for r in rows])
