"""Score a Report against an expected JSON: cells right, flagged, silent errors.

A cell is right when its value equals the expected value (floats to 1e-6). A cell the expected
JSON lists under "ambiguous" is right when the report flags it and its candidates include the
expected candidates' values... or when the value is right. A wrong or missing value that carries
no flag is a silent error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


def percentile(values: Sequence[float], share: float) -> float:
    """The value below which ``share`` (0.95: p95) of ``values`` lie (nearest rank; benchmarks'
    time figures)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return abs(a - b) < 1e-6
    return a == b


@dataclass
class Score:
    cells: int = 0
    right: int = 0
    silent: int = 0
    wrong_keys: list[str] = field(default_factory=list)
    silent_keys: list[str] = field(default_factory=list)
    template_ok: bool = True
    checks_ok: bool = True

    @property
    def fully_right(self) -> bool:
        return self.right == self.cells and self.template_ok and self.checks_ok


def score_report(report: dict, expected: dict, threshold: float = 0.9) -> Score:
    flagged = {k for w in report.get("warnings", []) for k in w.get("keys", [])}
    flagged |= {k for c in report.get("checks", []) if c.get("passed") is False for k in c["keys"]}
    flagged |= {k for k, p in report.get("provenance", {}).items() if p.get("confidence", 1) < threshold}
    ambiguous = expected.get("ambiguous", {}) or {}
    s = Score()
    for key, want in expected["cells"].items():
        s.cells += 1
        got_present = key in report.get("cells", {})
        got = report.get("cells", {}).get(key)
        if key in ambiguous:
            cands = report.get("provenance", {}).get(key, {}).get("candidates") or []
            ok = key in flagged and all(any(same(c, x) for x in cands) for c in ambiguous[key])
            ok = ok or (got_present and same(got, want) and key in flagged)
        else:
            ok = got_present and same(got, want)
        if ok:
            s.right += 1
        else:
            s.wrong_keys.append(key)
            if key not in flagged:
                s.silent += 1
                s.silent_keys.append(key)
    s.template_ok = report.get("template") == expected.get("template")
    failing = sorted(c["id"] for c in report.get("checks", [])
                     if c.get("passed") is False and not c["id"].startswith("prose."))
    s.checks_ok = failing == sorted(expected.get("failing_checks", []))
    return s
