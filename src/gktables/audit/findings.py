"""One audit finding: a rule applied to a report or a pair of reports of one agency."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["hard", "soft", "warning", "info"]
FINDING_COLUMNS = ("rule", "agency", "year", "passed", "keys", "message", "severity", "document", "sha256",
                   "previous_document", "lhs", "rhs")


@dataclass
class Finding:
    rule: str  # cross_year.carried_over, cross_year.in_force.regulations, prose.t3.new.total, t4.review.total…
    agency: str | None
    year: int | None  # for a pair of years: the later one
    passed: bool | None  # None: nothing to compare (a gap in the series, blank cells)
    keys: list[str]
    message: str
    severity: Severity = "hard"  # hard: an error somewhere; soft: often legitimate; warning: looks like extraction
    document: str | None = None  # the report the finding is about (the later year's)
    sha256: str | None = None
    previous_document: str | None = None
    lhs: int | float | None = None
    rhs: int | float | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def failing(self) -> bool:
        return self.passed is False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_row(self) -> dict[str, Any]:
        """Flat, for CSV: keys joined by spaces, evidence left out."""
        d = self.to_dict()
        d["keys"] = " ".join(self.keys)
        d.pop("evidence")
        return {c: d[c] for c in FINDING_COLUMNS}
