"""Multi-year series: one agency's reports over several years, with carry-overs and in-force counts
consistent from year to year, and deliberate breaks whose audit findings are known.

Breaks (each recorded as the failing finding the audit must report, and nothing else):
- ``carried_over``: 上年结转 of one applicant column ≠ last year's 结转下年度 (the year's own table
  still adds up) → ``cross_year.carried_over`` for that column and for the total;
- ``in_force``: the 行政规范性文件 list re-counted (现行有效 off by δ, later years go on from it)
  → ``cross_year.in_force.normative_docs``; in a 2019-format year its 对外公开总数 instead
  → ``cross_year.total_published.normative_docs``;
- ``prose``: the prose's 共收到申请 differs from the table → ``prose.t3.new.total``;
- ``jump``: 行政许可 处理决定数量 printed ×10 in a middle year → ``cross_year.jump``.
Values move smoothly from year to year (±10 %), so nothing else looks like a break. Each year's
report is rendered as one of TEXT_VARIANTS (tab-separated, one cell per line, '|'-separated, OCR-like
noise); half the series switch from the 2019 format (2019, 2020) to the 2021 format, where 二's
chains (上一年项目数量 + 本年增/减, 对外公开总数 + 本年新公开, 现行有效 + 制发 − 废止) hold within each format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .spec import T3_VALUE_COLS, Template, load_spec

from .grid import GridOptions, build_grids
from .model import DocSpec, Expected, Value
from .prose import make_agency, make_prose
from .text_render import render_text
from .values import PrintStyle, binomial, generate, multinomial, to_printed

TEMPLATE = Template("2021", "split")
FORMAT_2019 = Template("2019", "single")
IN_FORCE_ROWS = ("regulations", "normative_docs")
ITEM_ROWS = ("licensing", "other_services", "penalty", "coercion", "fees")
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


def make_series(seed: int, years: int = 5, start: int | None = None, breaks: tuple[str, ...] | None = None,
                switch: bool | None = None) -> Series:
    """An agency's reports for ``years`` years; ``breaks`` None draws 0–3 of BREAKS. A ``switch``
    series (drawn for half the seeds) starts in 2019 and prints its 2019 and 2020 reports in the
    2019 format, as agencies did before the 2021 format; the others start in 2020, all in 2021's."""
    rng = random.Random(f"gktables-series:{seed}")
    agency, _, site = make_agency(rng)
    switch = rng.random() < 0.5 if switch is None else switch
    first = start if start is not None else (2019 if switch else 2020)
    templates = [FORMAT_2019 if switch and first + k < 2021 else TEMPLATE for k in range(years)]
    state = _State.start(rng, templates)
    chosen = list(breaks) if breaks is not None else rng.sample(BREAKS, k=rng.randint(0, 3))
    same_format = [k for k in range(1, years) if templates[k] == templates[k - 1]]
    at = {b: rng.randint(1, years - 2) if b == "jump" else
          (rng.choice(same_format) if b == "in_force" else rng.randint(1, years - 1)) for b in chosen}
    series = Series(agency, [], breaks=chosen)
    f = 1.0
    for k, template in enumerate(templates):
        year = first + k
        f *= _walk(rng)
        values = state.year_values(rng, template, f, continues=k > 0 and templates[k - 1] == template)
        prose_cells = _apply_breaks(rng, k, year, at, values, state, template, series)
        series.docs.append(_document(rng, seed, agency, site, year, template, values, state.units[template],
                                     prose_cells))
    return series


@dataclass
class _State:
    """What carries from one year to the next: the base values per format, the applicants' mix, the
    cases carried forward, the 现行有效 / 对外公开总数 / 上一年项目数量 counts."""

    bases: dict[Template, dict[str, Value]]
    units: dict[Template, dict[str, str]]
    new_base: list[int]
    p_forward: float
    carried: list[int]
    stock: dict[str, int]  # 'in_force.<row>', 'total_published.<row>', 'prev_items.<row>'

    @classmethod
    def start(cls, rng: random.Random, templates: list[Template]) -> _State:
        bases: dict[Template, dict[str, Value]] = {}
        units: dict[Template, dict[str, str]] = {}
        for t in (FORMAT_2019, TEMPLATE):
            if t in templates:
                bases[t], units[t] = generate(rng, t, "county")
                bases[t]["t2.licensing.decisions"] = max(int(bases[t]["t2.licensing.decisions"]), 40)  # room for ×10
        main = bases[TEMPLATE]
        if FORMAT_2019 in bases:  # one agency: what both formats print stays the same
            for key in ("t2.licensing.decisions", "t2.penalty.decisions", "t2.coercion.decisions"):
                bases[FORMAT_2019][key] = main[key]
        stock = {f"in_force.{r}": int(main[f"t2.{r}.in_force"]) for r in IN_FORCE_ROWS}
        if FORMAT_2019 in bases:
            b19 = bases[FORMAT_2019]
            stock.update({f"total_published.{r}": int(b19[f"t2.{r}.total_published"]) for r in IN_FORCE_ROWS})
            stock.update({f"prev_items.{r}": int(b19[f"t2.{r}.prev_items"]) for r in ITEM_ROWS})
        return cls(bases, units, [max(int(main[f"t3.new.{c}"]), 0) for c in T3_VALUE_COLS],
                   rng.uniform(0.02, 0.1), [0] * len(T3_VALUE_COLS), stock)

    def year_values(self, rng: random.Random, template: Template, f: float, continues: bool) -> dict[str, Value]:
        base, main = self.bases[template], self.bases[TEMPLATE]
        rows = [r.key for r in load_spec().t3_rows[template.t3_other] if r.key.startswith("result.")
                and r.key != "result.total"]
        # the same mix of results in both formats: 2019's single （六） is 2021's three sub-rows together
        weights = [sum(max(int(v), 0) for k2, v in main.items() if k2.startswith(f"t3.{k}") and k2.endswith(".total"))
                   + 0.5 for k in rows]
        values: dict[str, Value] = {key: v for key, v in base.items() if not key.startswith("t3.")}
        values.update(_t3(rng, self.new_base, f, self.carried, self.p_forward, weights, rows))
        self.carried = [int(values[f"t3.carried_forward.{c}"]) for c in T3_VALUE_COLS]
        for key in ("t2.licensing.decisions", "t2.penalty.decisions"):
            values[key] = round(int(base[key]) * f)
        if template == TEMPLATE:
            self._t2_2021(values, base, f, continues)
        else:
            self._t2_2019(values, base, f, continues)
        return values

    def _t2_2021(self, values: dict[str, Value], base: dict[str, Value], f: float, continues: bool) -> None:
        for row in IN_FORCE_ROWS:
            key = f"in_force.{row}"
            issued = round(int(base[f"t2.{row}.issued"]) * f)
            repealed = min(round(int(base[f"t2.{row}.repealed"]) * f), self.stock[key] + issued)
            if continues:
                self.stock[key] += issued - repealed
            values.update({f"t2.{row}.issued": issued, f"t2.{row}.repealed": repealed,
                           f"t2.{row}.in_force": self.stock[key]})

    def _t2_2019(self, values: dict[str, Value], base: dict[str, Value], f: float, continues: bool) -> None:
        for row in IN_FORCE_ROWS:
            key = f"total_published.{row}"
            made = round(int(base[f"t2.{row}.made"]) * f)
            published = min(round(int(base[f"t2.{row}.published"]) * f), made + 5)
            if continues:
                self.stock[key] += published
            values.update({f"t2.{row}.made": made, f"t2.{row}.published": published,
                           f"t2.{row}.total_published": self.stock[key]})
        for row in ITEM_ROWS:
            key = f"prev_items.{row}"
            if continues:
                self.stock[key] += int(self.stock.get(f"change.{row}", 0))
            change = max(int(base[f"t2.{row}.change"]), -self.stock[key])  # a count never goes below 0
            self.stock[f"change.{row}"] = change
            values.update({f"t2.{row}.prev_items": self.stock[key], f"t2.{row}.change": change})


def _apply_breaks(rng: random.Random, k: int, year: int, at: dict[str, int], values: dict[str, Value],
                  state: _State, template: Template, series: Series) -> dict[str, Value]:
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
        # the list re-counted: 现行有效 (2021) or 对外公开总数 (2019) off by δ; later years go on from it
        col, other = (("in_force", ("issued", "repealed")) if template == TEMPLATE
                      else ("total_published", ("published",)))
        key = f"{col}.normative_docs"
        delta = rng.choice([-1, 1]) * rng.randint(2, 9)
        if state.stock[key] + delta < 0:
            delta = -delta  # a break must change the count
        state.stock[key] += delta
        values[f"t2.normative_docs.{col}"] = state.stock[key]
        series.expected.add(ExpectedFinding(f"cross_year.{col}.normative_docs", year, frozenset(
            f"t2.normative_docs.{c}" for c in (col, *other))))
        prose_cells = dict(values)
    if at.get("jump") == k:
        values["t2.licensing.decisions"] = int(values["t2.licensing.decisions"]) * 10
        series.expected.add(ExpectedFinding("cross_year.jump", year, frozenset({"t2.licensing.decisions"})))
        prose_cells = dict(values)
    if at.get("prose") == k:
        prose_cells["t3.new.total"] = int(values["t3.new.total"]) + rng.randint(1, 9)
        series.expected.add(ExpectedFinding("prose.t3.new.total", year, frozenset({"t3.new.total"})))
    return prose_cells


def _document(rng: random.Random, seed: int, agency: str, site: str, year: int, template: Template,
              values: dict[str, Value], units: dict[str, str], prose_cells: dict[str, Value]) -> SeriesDoc:
    style = PrintStyle(blank_mode="none", blank_tokens=("/",), plus_sign=False)
    printed, cells = to_printed(rng, {k: (Decimal(str(v)) if isinstance(v, float) else v) for k, v in values.items()},
                                units, template, style)
    prose_expected: dict[str, Expected] = {k: (float(v) if isinstance(v, Decimal) else v)
                                           for k, v in prose_cells.items()}
    prose = make_prose(rng, agency, site, year, template, prose_expected, printed, long=False, t2_detail=False)
    grids = build_grids(template, printed, GridOptions())
    variant = rng.choice(TEXT_VARIANTS)
    spec = DocSpec(doc_id=f"series{seed}_{year}", kind="text", variant=variant, fmt=template.t2, template=template,
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
