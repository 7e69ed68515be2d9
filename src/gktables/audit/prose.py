"""Prose against tables: every number the report's prose states about a table cell, compared with
the table. A disagreement is a failing check ``prose.<target>`` with the sentence, the offset and
both numbers; nothing is changed.

A row total the prose contradicts whose row still adds up to it puts its doubt on the row's other
cells too: were they all read right, they would add up to the right total, so at least one of them
is wrong too (a column-by-column reading that shifted a row's values keeps each row's sum, e.g. a
row read 0 … 0 | 0 where the prose says 予以公开3件). Which one the text does not say: the row's
cells are named in a warning (``prose_row_doubt``). A row printed all blank is left out: it read no
value to doubt (a report whose table leaves the cells empty that its prose counts)."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.prose import ProseClaim, prose_claims
from ..report import CheckResult, Provenance, ReportWarning, Value
from ..schema import CheckSpec, Template, target_keys

ROW_CHECKS = ("t3.row_total.", "t4.")  # the checks of one row's cells against that row's own total

MONEY_TOLERANCE = 0.01  # 万元: prose rounds to 元 or 百元 where the table prints 万元 to 4–6 places


def prose_checks(text: str, cells: Mapping[str, Value], provenance: Mapping[str, Provenance],
                 template: Template | None, claims: list[ProseClaim] | None = None) -> list[CheckResult]:
    """One check per distinct (target, value) the prose states about cells the table prints
    (``claims``: the text's :func:`prose_claims` when the caller has them already)."""
    if template is None or not cells:
        return []
    out: list[CheckResult] = []
    seen: set[tuple[str, int | float]] = set()
    for claim in prose_claims(text) if claims is None else claims:
        keys = [k for k in target_keys(claim.target, template) if k in cells]
        if not keys or (claim.target, claim.value) in seen:
            continue
        seen.add((claim.target, claim.value))
        out.append(_compare(claim, keys, cells, provenance))
    return out


def prose_row_doubt(results: list[CheckResult], checks: list[CheckSpec], cells: Mapping[str, Value]
                    ) -> list[ReportWarning]:
    """The rows whose total a failing prose check contradicts while the row adds up to it, a value
    printed in it: their cells."""
    contradicted = {k for r in results if r.id.startswith("prose.") and r.passed is False for k in r.keys}
    holding = {r.id for r in results if r.passed}
    out = []
    for check in checks:
        total = check.lhs[0]
        printed = any(cells.get(k) is not None for k in check.keys)
        if check.id.startswith(ROW_CHECKS) and check.id in holding and total in contradicted and printed:
            out.append(ReportWarning(
                "prose_row_doubt", f"the prose contradicts {total}, and its row adds up to it: at least one "
                f"more of the row's cells is misread, which one the text does not say", list(check.rhs)))
    return out


def _table_sum(keys: list[str], cells: Mapping[str, Value]) -> int | float:
    total = sum(v for k in keys if (v := cells.get(k)) is not None)
    return round(total, 6) if isinstance(total, float) else total


def _compare(claim: ProseClaim, keys: list[str], cells: Mapping[str, Value],
             provenance: Mapping[str, Provenance]) -> CheckResult:
    table = _table_sum(keys, cells)
    money = claim.unit.endswith("元")
    agrees = abs(table - claim.value) <= MONEY_TOLERANCE if money else table == claim.value
    what = "+".join(keys) if len(keys) <= 3 else f"{claim.target} ({len(keys)} cells)"
    start = claim.span[0]
    evidence: dict[str, object] = {"sentence": claim.sentence, "offset": start, "printed": claim.printed,
                                   "prose_value": claim.value, "table_value": table, "target": claim.target}
    candidates = {k: provenance[k].candidates for k in keys if k in provenance and provenance[k].candidates}
    if candidates:
        evidence["candidates"] = candidates
    if agrees:
        message = f"the prose's {claim.printed} agrees with {what} = {table}"
    else:
        message = (f"the prose says {claim.printed} (at character {start}: “{_excerpt(claim)}”) "
                   f"but the table prints {what} = {table}")
        if candidates and not _any_reading_agrees(claim, keys, cells, candidates):
            message += "; no other reading of the printed digits gives the prose's number either"
    return CheckResult(f"prose.{claim.target}", agrees, keys, claim.value, table, message, evidence)


def _any_reading_agrees(claim: ProseClaim, keys: list[str], cells: Mapping[str, Value],
                        candidates: Mapping[str, list[Value] | None]) -> bool:
    """Whether changing one ambiguous cell to one of its candidates gives the prose's number."""
    table = _table_sum(keys, cells)
    for key, values in candidates.items():
        for v in values or []:
            if v is not None and table - (cells.get(key) or 0) + v == claim.value:
                return True
    return False


def _excerpt(claim: ProseClaim, width: int = 24) -> str:
    at = claim.sentence.find(claim.printed)
    if at < 0:
        return claim.sentence[:2 * width]
    return claim.sentence[max(0, at - width):at + len(claim.printed) + 4]
