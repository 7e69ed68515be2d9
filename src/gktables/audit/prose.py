"""Prose against tables: every number the report's prose states about a table cell, compared with
the table. A disagreement is a failing check ``prose.<target>`` with the sentence, the offset and
both numbers; nothing is changed."""

from __future__ import annotations

from collections.abc import Mapping

from ..core.prose import ProseClaim, prose_claims
from ..report import CheckResult, Provenance, Value
from ..schema import Template, target_keys

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
