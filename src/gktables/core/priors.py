"""Plausibility priors for readings no check decides (二's run-together digits).

二 has no totals: when its digits run together ('行政规范性文件693665'), several cuts are equally
cheap. What real reports print makes some far more likely than others; these priors rank the
readings so that the cell shows the likeliest value first. They never decide: the cell stays
flagged with every candidate.

Where non-zero values sit (三's and 四's columns, :func:`placement_cost`) ranks the placements of
blanks a row's total leaves tied, for the same purpose: which reading is shown first.

Rules (each from how the national format's numbers behave in real reports):
- documents in force (现行有效件数, 对外公开总数量) are at least those issued or repealed this year;
- a year's change (本年增/减) is not larger than the items of the year before;
- issued, repealed and published counts of 规章/规范性文件 are rarely above a few hundred;
- money has at most 2 decimals (分) when printed in 元 and at most 6 in 万元;
- each cell's order of magnitude: mean and spread of log10(|v| + 1) per cell, measured on 6,000
  reports drawn by tools/synth's value model (agency levels from town to city, fitted to real
  reports: 规章 rarely issued, decisions of 行政许可 in the tens to thousands…).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ..report import Value
from .candidates import Reading

CONTRADICTED = 2.0  # a relation real reports keep is broken
UNUSUAL = 0.5  # a magnitude or precision real reports seldom print
FEW_HUNDRED = 500
_AT_LEAST = {  # key suffix → the suffixes of the row it is at least as large as
    "in_force": ("issued", "repealed"),
    "total_published": ("published", "made"),
}
_SMALL = ("issued", "repealed", "made", "published")
MAGNITUDE_WEIGHT = 0.5
MIN_SPREAD = 0.25
# t2 cell key (without 't2.') → (mean, spread) of log10(|value| + 1)
MAGNITUDE: dict[str, tuple[float, float]] = {
    "coercion.change": (0.25, 0.29), "coercion.decisions": (1.06, 0.92), "coercion.prev_items": (0.54, 0.54),
    "fees.amount": (2.02, 1.59), "fees.change": (0.21, 0.23), "fees.prev_items": (0.22, 0.22),
    "licensing.change": (0.40, 0.55), "licensing.decisions": (1.64, 1.39), "licensing.prev_items": (1.08, 0.99),
    "normative_docs.in_force": (1.16, 0.59), "normative_docs.issued": (0.53, 0.52),
    "normative_docs.made": (0.55, 0.52), "normative_docs.published": (0.51, 0.51),
    "normative_docs.repealed": (0.29, 0.38), "normative_docs.total_published": (1.15, 0.60),
    "other_services.change": (0.26, 0.30), "other_services.decisions": (1.13, 0.96),
    "other_services.prev_items": (0.59, 0.58), "penalty.change": (0.37, 0.48), "penalty.decisions": (1.53, 1.29),
    "penalty.prev_items": (0.95, 0.88), "procurement.amount": (2.00, 1.60), "procurement.items": (1.00, 0.87),
    "regulations.in_force": (0.23, 0.46), "regulations.issued": (0.09, 0.24), "regulations.made": (0.10, 0.25),
    "regulations.published": (0.09, 0.24), "regulations.repealed": (0.05, 0.14),
    "regulations.total_published": (0.23, 0.46),
}


def implausibility(keys: Sequence[str], reading: Reading) -> float:
    """How far a row's reading is from what real reports print (0 = nothing unusual)."""
    values = {k.rsplit(".", 1)[1]: v for k, v in zip(keys, reading.values)}
    cost = 0.0
    for big, smaller in _AT_LEAST.items():
        top = values.get(big)
        if isinstance(top, (int, float)):
            cost += sum(CONTRADICTED for s in smaller if isinstance(v := values.get(s), (int, float)) and v > top)
    prev, change = values.get("prev_items"), values.get("change")
    if isinstance(prev, (int, float)) and isinstance(change, (int, float)) and change < -prev:
        cost += CONTRADICTED
    cost += sum(UNUSUAL for s in _SMALL if isinstance(v := values.get(s), int) and v > FEW_HUNDRED)
    for piece in reading.pieces:
        cost += UNUSUAL * _excess_decimals(piece.raw)
    return cost + sum(_magnitude_cost(k, v) for k, v in zip(keys, reading.values))


def _magnitude_cost(key: str, value: Value) -> float:
    prior = MAGNITUDE.get(key.split(".", 1)[1])
    if prior is None or not isinstance(value, (int, float)):
        return 0.0
    mean, spread = prior
    z = (math.log10(abs(value) + 1) - mean) / max(spread, MIN_SPREAD)
    return MAGNITUDE_WEIGHT * z * z / 2


def _excess_decimals(raw: str) -> int:
    """Decimals beyond what the printed unit carries: 分 in 元, 6 places in 万元."""
    if "." not in raw:
        return 0
    fraction = raw.split(".", 1)[1]
    decimals = len(fraction) - len(fraction.lstrip("0123456789"))
    allowed = 2 if raw.endswith("元") and not raw.endswith("万元") and not raw.endswith("亿元") else 6
    return max(0, decimals - allowed)


def rank_values(keys: Sequence[str], readings: Sequence[Reading], i: int) -> list[Value]:
    """Cell i's distinct values across ``readings``, the most plausible reading's first."""
    order = sorted(readings, key=lambda rd: implausibility(keys, rd))
    out: list[Value] = []
    for rd in order:
        if rd.values[i] not in out:
            out.append(rd.values[i])
    return out


# How often each column holds a non-zero value in the real reports of golden/real (10 reports):
# 自然人 far more than any kind of organisation; 行政复议 more than 诉讼; 维持 more than 纠正.
# Only ever used to order placements the checks leave tied.
COLUMN_WEIGHT = {
    "t3": {"natural": 115, "commercial": 42, "legal_service": 19, "other": 19, "nonprofit": 15, "research": 4},
    "t4": {"review": 22, "lawsuit_direct": 17, "lawsuit_after_review": 14,
           "upheld": 16, "pending": 9, "corrected": 8, "other": 6},
}
_DEFAULT_WEIGHT = 5


def placement_cost(keys: Sequence[str], values: Sequence[Value]) -> float:
    """How unusual it is for these cells to hold non-zero values (lower is likelier): the sum,
    over non-zero cells that are not totals, of −log of their columns' share in real reports."""
    cost = 0.0
    for key, value in zip(keys, values):
        weights = COLUMN_WEIGHT.get(key.split(".", 1)[0])
        if not value or weights is None:
            continue
        parts = key.split(".")
        for part in (parts[1], parts[-1]) if key.startswith("t4.") else (parts[-1],):
            if part != "total":
                cost -= math.log(weights.get(part, _DEFAULT_WEIGHT) / sum(weights.values()))
    return cost
