"""Audit any list of reports, or a corpus store: per-report findings (prose, failing arithmetic)
plus every agency series' cross-year rules, and cross-year evidence for still-ambiguous cells."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..checks import run_checks
from ..report import Report, ReportWarning
from .cross_year import Entry, audit_series, series_of
from .findings import Finding

RANK_FACTOR = 2.0  # a candidate within ×2 of the agency's other years is plausible; outside ×4 it is not


def entry_of(item: Report | tuple[Any, Report], agency_map: Mapping[str, str] | None = None) -> Entry | None:
    """An Entry from a Report or a (DocumentRow, Report) pair of :meth:`Store.reports`; None when
    the report names no agency or year."""
    row, report = (item if isinstance(item, tuple) else (None, item))
    meta = report.meta or {}
    agency = meta.get("agency_normalised") or meta.get("agency") or getattr(row, "agency", None)
    year = meta.get("year") or getattr(row, "year", None)
    if not agency or not year:
        return None
    agency = (agency_map or {}).get(agency, agency)
    return Entry(report=report, agency=agency, year=int(year), document=getattr(row, "path", None) or report.source,
                 sha256=getattr(row, "sha256", None))


def audit_reports(items: Iterable[Report | tuple[Any, Report]], agency_map: Mapping[str, str] | None = None,
                  *, rank: bool = True) -> list[Finding]:
    entries: list[Entry] = []
    out: list[Finding] = []
    for item in items:
        e = entry_of(item, agency_map)
        report = item[1] if isinstance(item, tuple) else item
        if e is None:
            out.append(Finding("identity.unknown", report.meta.get("agency"), report.meta.get("year"), None, [],
                               "the report names no agency or year: left out of the series audits", "info",
                               document=report.source))
            continue
        entries.append(e)
        out.extend(report_findings(e))
    for series in series_of(entries).values():
        if rank:
            out.extend(rank_ambiguous(series))
        out.extend(audit_series(series))
    return out


def audit_store(path: str | Path, agency_map: Mapping[str, str] | None = None) -> list[Finding]:
    from ..corpus.store import Store

    with Store.open(path, create=False) as store:
        return audit_reports(list(store.reports()), agency_map)


def report_findings(e: Entry) -> list[Finding]:
    """The report's prose checks (all) and its failing arithmetic checks, as findings."""
    out = []
    for c in e.report.checks:
        prose = c.id.startswith("prose.")
        if not prose and c.passed is not False:
            continue
        msg = c.message or f"{' + '.join(c.keys[:1])}: {c.lhs} ≠ {c.rhs}"
        out.append(Finding(c.id, e.agency, e.year, c.passed, list(c.keys), msg, "hard", document=e.document,
                           sha256=e.sha256, lhs=c.lhs, rhs=c.rhs, evidence=dict(c.evidence or {})))
    return out


def _log_distance(a: float, b: float) -> float:
    return abs(math.log(max(a, 0.5)) - math.log(max(b, 0.5)))


def _joint(report: Report, key: str) -> bool:
    """Whether another cell of the key's row is ambiguous too: its readings are cut from one digit
    string together, so one cell cannot be chosen alone."""
    row = key.rsplit(".", 1)[0]
    return any(k != key and k.rsplit(".", 1)[0] == row and p.candidates for k, p in report.provenance.items())


def rank_ambiguous(series: list[Entry]) -> list[Finding]:
    """A cell still undecided (several readings of run-together digits) takes the one reading that
    is plausible beside the same agency's other years: decided_by 'cross_year', still flagged,
    the other candidates kept; the report's checks are run again."""
    out = []
    for e in series:
        for key, prov in list(e.report.provenance.items()):
            if not prov.candidates or prov.decided_by in ("printed", "human") or _joint(e.report, key):
                continue
            others = [o.value(key) for o in series if o is not e and abs(o.year - e.year) <= 2
                      and not (o.report.provenance.get(key) and o.report.provenance[key].candidates)]
            known = [v for v in others if isinstance(v, (int, float))]
            if not known:
                continue
            ref = sorted(known)[len(known) // 2]
            cands = [c for c in prov.candidates if isinstance(c, (int, float))]
            near = [c for c in cands if _log_distance(c, ref) <= math.log(RANK_FACTOR)]
            far = [c for c in cands if _log_distance(c, ref) > math.log(2 * RANK_FACTOR)]
            if len(near) != 1 or len(near) + len(far) != len(cands):
                continue
            old, new = e.report.cells.get(key), near[0]
            e.report.cells[key] = new
            prov.decided_by = "cross_year"
            prov.confidence = min(prov.confidence, 0.6)
            msg = (f"{key}: of the readings {cands} only {new} is plausible beside the agency's other years "
                   f"({', '.join(str(v) for v in known)}); taken (was {old}), still flagged")
            e.report.warnings.append(ReportWarning("cross_year_ranked", msg, [key]))
            out.append(Finding("cross_year.ambiguous", e.agency, e.year, None, [key], msg, "info",
                               document=e.document, sha256=e.sha256, lhs=new, rhs=old))
        if any(f.document == e.document for f in out) and e.report.template is not None:
            extra = [c for c in e.report.checks if c.id.startswith("prose.")]
            e.report.checks = run_checks(e.report.cells, e.report.template.t3_other) + extra
    return out
