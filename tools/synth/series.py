"""Multi-year series: one agency's reports over several years, with carry-overs and in-force counts
consistent from year to year, and deliberate breaks whose audit findings are known.

Breaks (each recorded as the failing finding the audit must report, and nothing else):
- ``carried_over``: 上年结转 of one applicant column ≠ last year's 结转下年度 (the year's own table
  still adds up) → ``cross_year.carried_over`` for that column and for the total;
- ``in_force``: the 行政规范性文件 list re-counted (现行有效 off by δ, later years go on from it)
  → ``cross_year.in_force.normative_docs``;
- ``prose``: the prose's 共收到申请 differs from the table → ``prose.t3.new.total``;
- ``jump``: 行政许可 处理决定数量 printed ×10 in a middle year → ``cross_year.jump``.
Values move smoothly from year to year (±10 %), so nothing else looks like a break. Each year's
report is rendered as one of TEXT_VARIANTS (tab-separated, one cell per line, '|'-separated, OCR-like
noise), in the 2021 format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gktables.schema import T3_VALUE_COLS, Template, load_schema

from .grid import GridOptions, build_grids
from .model import DocSpec, Expected, Value
from .prose import make_agency, make_prose
from .text_render import render_text
from .values import PrintStyle, binomial, generate, multinomial, to_printed

TEMPLATE = Template("2021", "split")
TEXT_VARIANTS = ("tsv", "cell_per_line", "pipe", "ocr_noise")  # a year's report in any of these
BREAKS = ("carried_over", "in_force", "prose", "jump")


@dataclass(frozen=True)
class ExpectedFinding:
    rule: str
    year: int
    keys: frozenset[str]


@dataclass
class SeriesDoc:
    year: int
    text: str
    spec: DocSpec
    path: Path | None = None


@dataclass
class Series:
    agency: str
    docs: list[SeriesDoc]
    expected: set[ExpectedFinding] = field(default_factory=set)
    breaks: list[str] = field(default_factory=list)


def _walk(rng: random.Random) -> float:
    return rng.uniform(0.9, 1.1)


def _t3(rng: random.Random, new_base: list[int], f: float, carried: list[int], p_forward: float,
        weights: list[float], result_rows: list[str]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    new = [round(n * f) for n in new_base]
    forward = [binomial(rng, n + c, p_forward) for n, c in zip(new, carried)]
    handled = [n + c - fw for n, c, fw in zip(new, carried, forward)]
    per_col = [multinomial(rng, h, weights) for h in handled]
    table: dict[str, list[int]] = {"new": new, "carried_over": list(carried)}
    for i, key in enumerate(result_rows):
        table[key] = [per_col[c][i] for c in range(len(T3_VALUE_COLS))]
    table["result.total"] = [sum(table[k][c] for k in result_rows) for c in range(len(T3_VALUE_COLS))]
    table["carried_forward"] = forward
    for row, vals in table.items():
        for col, v in zip(T3_VALUE_COLS, vals):
            out[f"t3.{row}.{col}"] = v
        out[f"t3.{row}.total"] = sum(vals)
    return out


def _restate_totals(values: dict[str, Value]) -> None:
    for row in {k.rsplit(".", 1)[0] for k in values if k.startswith("t3.")}:
        values[f"{row}.total"] = sum(int(values[f"{row}.{c}"]) for c in T3_VALUE_COLS)
    result_rows = [k.rsplit(".", 1)[0] for k in values if k.startswith("t3.result.") and k.endswith(".total")
                   and not k.startswith("t3.result.total.")]
    for c in (*T3_VALUE_COLS, "total"):
        values[f"t3.result.total.{c}"] = sum(int(values[f"{r}.{c}"]) for r in result_rows)


def make_series(seed: int, years: int = 5, start: int = 2020, breaks: tuple[str, ...] | None = None) -> Series:
    """An agency's reports for ``years`` years from ``start``; ``breaks`` None draws 0–3 of BREAKS."""
    rng = random.Random(f"gktables-series:{seed}")
    agency, _, site = make_agency(rng)
    level = "county"
    base, units = generate(rng, TEMPLATE, level)
    base["t2.licensing.decisions"] = max(int(base["t2.licensing.decisions"]), 40)  # room for a visible ×10
    schema = load_schema()
    result_rows = [r.key for r in schema.t3_rows[TEMPLATE.t3_other] if r.key.startswith("result.")
                   and r.key != "result.total"]
    weights = [max(int(base[f"t3.{k}.total"]), 0) + 0.5 for k in result_rows]
    new_base = [max(int(base[f"t3.new.{c}"]), 0) for c in T3_VALUE_COLS]
    p_forward = rng.uniform(0.02, 0.1)
    chosen = list(breaks) if breaks is not None else rng.sample(BREAKS, k=rng.randint(0, 3))
    at = {b: rng.randint(1, years - 2) if b == "jump" else rng.randint(1, years - 1) for b in chosen}
    series = Series(agency, [], breaks=chosen)
    carried = [0] * len(T3_VALUE_COLS)
    in_force = {row: int(base[f"t2.{row}.in_force"]) for row in ("regulations", "normative_docs")}
    f = 1.0
    for k in range(years):
        year = start + k
        f *= _walk(rng)
        values: dict[str, Value] = {key: v for key, v in base.items() if not key.startswith("t3.")}
        values.update(_t3(rng, new_base, f, carried, p_forward, weights, result_rows))
        for row in ("regulations", "normative_docs"):
            issued = round(int(base[f"t2.{row}.issued"]) * f)
            repealed = min(round(int(base[f"t2.{row}.repealed"]) * f), in_force[row] + issued)
            if k:
                in_force[row] += issued - repealed
            values.update({f"t2.{row}.issued": issued, f"t2.{row}.repealed": repealed,
                           f"t2.{row}.in_force": in_force[row]})
        values["t2.licensing.decisions"] = round(int(base["t2.licensing.decisions"]) * f)
        values["t2.penalty.decisions"] = round(int(base["t2.penalty.decisions"]) * f)
        carried = [int(values[f"t3.carried_forward.{c}"]) for c in T3_VALUE_COLS]
        prose_cells = _apply_breaks(rng, k, year, at, values, in_force, series)
        series.docs.append(_document(rng, seed, agency, site, year, values, units, prose_cells))
    return series


def _apply_breaks(rng: random.Random, k: int, year: int, at: dict[str, int], values: dict[str, Value],
                  in_force: dict[str, int], series: Series) -> dict[str, Value]:
    prose_cells = dict(values)
    if at.get("carried_over") == k:
        col = rng.choice(T3_VALUE_COLS[:2])
        delta = rng.randint(1, 3)
        values[f"t3.carried_over.{col}"] = int(values[f"t3.carried_over.{col}"]) + delta
        values[f"t3.result.granted.{col}"] = int(values[f"t3.result.granted.{col}"]) + delta  # the table still adds up
        _restate_totals(values)
        for c in (col, "total"):
            series.expected.add(ExpectedFinding("cross_year.carried_over", year,
                                                frozenset({f"t3.carried_forward.{c}", f"t3.carried_over.{c}"})))
        prose_cells = dict(values)
    if at.get("in_force") == k:
        delta = rng.choice([-1, 1]) * rng.randint(2, 9)
        if in_force["normative_docs"] + delta < 0:
            delta = -delta  # a break must change the count
        in_force["normative_docs"] += delta
        values["t2.normative_docs.in_force"] = in_force["normative_docs"]
        series.expected.add(ExpectedFinding("cross_year.in_force.normative_docs", year, frozenset(
            {"t2.normative_docs.in_force", "t2.normative_docs.issued", "t2.normative_docs.repealed"})))
        prose_cells = dict(values)
    if at.get("jump") == k:
        values["t2.licensing.decisions"] = int(values["t2.licensing.decisions"]) * 10
        series.expected.add(ExpectedFinding("cross_year.jump", year, frozenset({"t2.licensing.decisions"})))
        prose_cells = dict(values)
    if at.get("prose") == k:
        prose_cells["t3.new.total"] = int(values["t3.new.total"]) + rng.randint(1, 9)
        series.expected.add(ExpectedFinding("prose.t3.new.total", year, frozenset({"t3.new.total"})))
    return prose_cells


def _document(rng: random.Random, seed: int, agency: str, site: str, year: int, values: dict[str, Value],
              units: dict[str, str], prose_cells: dict[str, Value]) -> SeriesDoc:
    style = PrintStyle(blank_mode="none", blank_tokens=("/",), plus_sign=False)
    printed, cells = to_printed(rng, {k: (Decimal(str(v)) if isinstance(v, float) else v) for k, v in values.items()},
                                units, TEMPLATE, style)
    prose_expected: dict[str, Expected] = {k: (float(v) if isinstance(v, Decimal) else v)
                                           for k, v in prose_cells.items()}
    prose = make_prose(rng, agency, site, year, TEMPLATE, prose_expected, printed, long=False, t2_detail=False)
    grids = build_grids(TEMPLATE, printed, GridOptions())
    variant = rng.choice(TEXT_VARIANTS)
    spec = DocSpec(doc_id=f"series{seed}_{year}", kind="text", variant=variant, fmt="2021", template=TEMPLATE,
                   agency=agency, year=year, seed=seed, printed=printed, cells=cells, failing_checks=[],
                   prose=prose, grids=grids)
    return SeriesDoc(year, render_text(spec, rng), spec)


def write_series(series: Series, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for d in series.docs:
        d.path = out / f"{d.spec.doc_id}.txt"
        d.path.write_text(d.text, encoding="utf-8")
        paths.append(d.path)
    return paths
