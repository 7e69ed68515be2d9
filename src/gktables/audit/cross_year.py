"""Year against year, over one agency's series of reports.

- ``cross_year.carried_over`` (hard): 结转下年度继续办理 of year N = 上年结转 of N+1, per applicant column.
- ``cross_year.in_force.regulations`` / ``.normative_docs`` (soft, 2021 format): 现行有效 of N + 本年制发
  − 本年废止 of N+1 = 现行有效 of N+1. Agencies clean up their lists, so a break is reported, not judged.
- 2019-format equivalents (soft): ``cross_year.total_published.<row>`` (对外公开总数 of N + 本年新公开 of
  N+1 = 对外公开总数 of N+1) and ``cross_year.prev_items.<row>`` (上一年项目数量 of N+1 = 上一年项目数量 of N
  + 本年增/减 of N).
- ``cross_year.jump`` (warning): a count ×10 or ÷10 against both neighbouring years;
  ``cross_year.neighbour_value`` (warning): a value equal to last year's value of the cell beside it
  while unlike its own history (values slid by one cell).
- ``cross_year.gap`` (info): consecutive reports missing, so a carry-over cannot be compared.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..report import Report, Value
from ..schema import T3_VALUE_COLS, load_schema
from .findings import Finding, Severity

CARRY_COLS = (*T3_VALUE_COLS, "total")
JUMP_RATIO = (7.0, 14.0)  # ×10 (a digit doubled or dropped) lands here; real growth rarely does twice
JUMP_MIN = 20  # below this, counts jump for real (0 → 5)
NEIGHBOUR_MIN = 10


@dataclass
class Entry:
    """A report in a series: where it came from and who and when it is about."""

    report: Report
    agency: str
    year: int
    document: str | None = None
    sha256: str | None = None

    def value(self, key: str) -> Value:
        return self.report.cells.get(key)

    def has(self, key: str) -> bool:
        return key in self.report.cells


def series_of(entries: Iterable[Entry]) -> dict[str, list[Entry]]:
    """Entries by agency, sorted by year; of two reports of one agency and year the one with fewer
    failing checks is kept (a re-published report)."""
    by: dict[tuple[str, int], Entry] = {}
    for e in entries:
        old = by.get((e.agency, e.year))
        if old is None or len(e.report.failing_checks) < len(old.report.failing_checks):
            by[(e.agency, e.year)] = e
    out: dict[str, list[Entry]] = {}
    for (agency, _), e in sorted(by.items()):
        out.setdefault(agency, []).append(e)
    return out


def pairs(entries: list[Entry]) -> Iterator[tuple[Entry, Entry]]:
    for a, b in zip(entries, entries[1:]):
        if b.year == a.year + 1:
            yield a, b


def audit_series(entries: list[Entry]) -> list[Finding]:
    out: list[Finding] = []
    for a, b in zip(entries, entries[1:]):
        if b.year != a.year + 1:
            missing = str(a.year + 1) if b.year == a.year + 2 else f"{a.year + 1}–{b.year - 1}"
            out.append(_finding(b, a, "cross_year.gap", None, [], "info",
                                f"no report for {missing}: {a.year}'s carry-over and in-force "
                                f"counts cannot be compared with {b.year}'s"))
    for a, b in pairs(entries):
        out.extend(carried_over(a, b))
        out.extend(in_force(a, b))
        out.extend(neighbour_values(a, b))
    out.extend(jumps(entries))
    return out


def _finding(later: Entry, earlier: Entry | None, rule: str, passed: bool | None, keys: list[str],
             severity: Severity, message: str, lhs: Value = None, rhs: Value = None) -> Finding:
    return Finding(rule=rule, agency=later.agency, year=later.year, passed=passed, keys=keys, message=message,
                   severity=severity, document=later.document, sha256=later.sha256,
                   previous_document=earlier.document if earlier else None, lhs=lhs, rhs=rhs)


def _n(v: Value) -> int | float:
    return v or 0


def carried_over(a: Entry, b: Entry) -> list[Finding]:
    out = []
    for col in CARRY_COLS:
        fwd, over = f"t3.carried_forward.{col}", f"t3.carried_over.{col}"
        if not (a.has(fwd) and b.has(over)):
            continue
        lhs, rhs = _n(a.value(fwd)), _n(b.value(over))
        ok = lhs == rhs
        msg = (f"{a.year} 结转下年度继续办理 ({col}) = {lhs} {'=' if ok else '≠'} {b.year} 上年结转 ({col}) = {rhs}")
        out.append(_finding(b, a, "cross_year.carried_over", ok, [fwd, over], "hard", msg, lhs, rhs))
    return out


def in_force(a: Entry, b: Entry) -> list[Finding]:
    out = []
    for row, name in (("regulations", "规章"), ("normative_docs", "行政规范性文件")):
        k_in, k_iss, k_rep = (f"t2.{row}.{c}" for c in ("in_force", "issued", "repealed"))
        if a.has(k_in) and all(b.has(k) for k in (k_in, k_iss, k_rep)):
            lhs = _n(a.value(k_in)) + _n(b.value(k_iss)) - _n(b.value(k_rep))
            rhs = _n(b.value(k_in))
            ok = lhs == rhs
            msg = (f"{name}: 现行有效 {a.year} = {_n(a.value(k_in))} + 制发 {b.year} = {_n(b.value(k_iss))} − 废止 "
                   f"{_n(b.value(k_rep))} = {lhs} {'=' if ok else '≠'} 现行有效 {b.year} = {rhs}"
                   + ("" if ok else " (soft: agencies re-count their lists; reported, not judged)"))
            out.append(_finding(b, a, f"cross_year.in_force.{row}", ok, [k_in, k_iss, k_rep], "soft", msg, lhs, rhs))
        k_tot, k_pub = f"t2.{row}.total_published", f"t2.{row}.published"
        if a.has(k_tot) and b.has(k_tot) and b.has(k_pub):
            lhs, rhs = _n(a.value(k_tot)) + _n(b.value(k_pub)), _n(b.value(k_tot))
            ok = lhs == rhs
            msg = (f"{name}: 对外公开总数 {a.year} = {_n(a.value(k_tot))} + 新公开 {b.year} = {_n(b.value(k_pub))} "
                   f"= {lhs} {'=' if ok else '≠'} 对外公开总数 {b.year} = {rhs}")
            out.append(_finding(b, a, f"cross_year.total_published.{row}", ok, [k_tot, k_pub], "soft", msg, lhs, rhs))
    for row in ("licensing", "other_services", "penalty", "coercion", "fees"):
        k_prev, k_ch = f"t2.{row}.prev_items", f"t2.{row}.change"
        if a.has(k_prev) and a.has(k_ch) and b.has(k_prev):
            lhs, rhs = _n(a.value(k_prev)) + _n(a.value(k_ch)), _n(b.value(k_prev))
            ok = lhs == rhs
            msg = (f"{row}: 上一年项目数量 {a.year} = {_n(a.value(k_prev))} + 本年增/减 {_n(a.value(k_ch))} = {lhs} "
                   f"{'=' if ok else '≠'} 上一年项目数量 {b.year} = {rhs}")
            out.append(_finding(b, a, f"cross_year.prev_items.{row}", ok, [k_prev, k_ch], "soft", msg, lhs, rhs))
    return out


def _count_keys(e: Entry) -> list[str]:
    schema = load_schema()
    return [k for k, v in e.report.cells.items() if isinstance(v, int) and schema.value_type(k) == "count"]


def _is_jump(v: int | float, n: int | float) -> bool:
    lo, hi = JUMP_RATIO
    if max(v, n) < JUMP_MIN or min(v, n) <= 0:
        return False
    r = max(v, n) / min(v, n)
    return lo <= r <= hi


def jumps(entries: list[Entry]) -> list[Finding]:
    """A count ×10 or ÷10 against both neighbouring years, the neighbours agreeing with each other."""
    out = []
    for prev, cur, nxt in zip(entries, entries[1:], entries[2:]):
        for key in _count_keys(cur):
            v, p, n = cur.value(key), prev.value(key), nxt.value(key)
            if not all(isinstance(x, int) for x in (v, p, n)):
                continue
            assert isinstance(v, int) and isinstance(p, int) and isinstance(n, int)
            same_way = (v > p) == (v > n)
            if _is_jump(v, p) and _is_jump(v, n) and same_way and max(p, n) <= 3 * max(min(p, n), 1):
                msg = (f"{key} = {v} in {cur.year} against {p} in {prev.year} and {n} in {nxt.year}: about ×10 or ÷10 "
                       f"against both neighbours, which looks like a digit doubled or dropped in extraction")
                out.append(_finding(cur, prev, "cross_year.jump", False, [key], "warning", msg, v, p))
    return out


def _neighbours(key: str) -> list[str]:
    """Cells printed beside ``key``: the columns left and right in its row."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    cols = list(CARRY_COLS) if table == "t3" else ["upheld", "corrected", "other", "pending", "total"]
    if table not in ("t3", "t4") or col not in cols:
        return []
    i = cols.index(col)
    return [f"{table}.{row}.{cols[j]}" for j in (i - 1, i + 1) if 0 <= j < len(cols)]


def neighbour_values(a: Entry, b: Entry) -> list[Finding]:
    out = []
    for key in _count_keys(b):
        v, own = b.value(key), a.value(key)
        if not isinstance(v, int) or v < NEIGHBOUR_MIN or not isinstance(own, int):
            continue
        if own > 0 and max(v, own) / min(v, own) <= 3:
            continue  # like its own history: nothing odd
        for nb in _neighbours(key):
            if a.value(nb) == v and b.value(nb) != v:
                msg = (f"{key} = {v} in {b.year} equals {nb} of {a.year}, while {key} was {own} in {a.year}: "
                       f"values may have slid by one cell")
                out.append(_finding(b, a, "cross_year.neighbour_value", False, [key, nb], "warning", msg, v, own))
                break
    return out
