"""Cell values: consistent random tables, deliberate source errors, and the text printed per cell.

Counts are ints; money is an exact Decimal of 万元 (printed as 元/万元/亿元 and normalised back).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Callable

from .spec import T3_VALUE_COLS, Check, Template, load_spec

from .model import Expected, Value

# Agency levels and the range (log-uniform) of new applications they receive in a year.
SCALES: dict[str, tuple[int, int]] = {
    "town": (0, 12),
    "dept": (0, 60),
    "county": (8, 400),
    "city_dept": (15, 900),
    "city": (150, 15000),
}
BLANK_TOKENS = ("", "/", "-", "—", "无")
VISIBLE_BLANKS = ("/", "—", "无")  # for renderings where an empty cell would vanish

# Relative frequency of each 办理结果 (row key → weight); perturbed per document.
RESULT_WEIGHTS: dict[str, float] = {
    "result.granted": 35, "result.partial": 8,
    "result.denied.state_secret": 0.3, "result.denied.law_prohibited": 0.5,
    "result.denied.safety_stability": 0.3, "result.denied.third_party": 2,
    "result.denied.internal_affairs": 1, "result.denied.process_info": 1,
    "result.denied.enforcement_file": 1, "result.denied.admin_query": 2,
    "result.unavailable.not_held": 25, "result.unavailable.need_creation": 3,
    "result.unavailable.unclear": 2,
    "result.not_processed.petition": 4, "result.not_processed.repeat": 3,
    "result.not_processed.publication": 0.5, "result.not_processed.excessive": 1,
    "result.not_processed.confirmation": 0.5,
    "result.other": 6, "result.other_no_correction": 3, "result.other_unpaid_fee": 0.2,
    "result.other_misc": 3,
}


# --- small random helpers -------------------------------------------------------------------
def log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    return int(round(math.exp(rng.uniform(math.log(lo + 1), math.log(hi + 1))) - 1))


def multinomial(rng: random.Random, n: int, weights: list[float]) -> list[int]:
    counts = [0] * len(weights)
    if n <= 0 or sum(weights) <= 0:
        return counts
    for i in rng.choices(range(len(weights)), weights=weights, k=n):
        counts[i] += 1
    return counts


def binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


def _maybe(rng: random.Random, p_zero: float, lo: float, hi: float) -> float:
    return 0.0 if rng.random() < p_zero else rng.uniform(lo, hi)


# --- consistent values -----------------------------------------------------------------------
@dataclass
class Money:
    """A money cell: exact value in 万元 and the unit it is printed in."""

    wan: Decimal
    unit: str  # "plain" (万元 without unit), "万元", "元", "亿元"


def generate(rng: random.Random, template: Template, level: str) -> tuple[dict[str, Value], dict[str, str]]:
    """Consistent values for every cell of `template`, and the print unit of each money cell."""
    values: dict[str, Value] = {}
    units: dict[str, str] = {}
    new_total = log_uniform(rng, *SCALES[level])
    _gen_t3(rng, template, new_total, values)
    _gen_t4(rng, new_total, values)
    _gen_t2(rng, template, level, values, units)
    return values, units


def _gen_t3(rng: random.Random, template: Template, new_total: int, out: dict[str, Value]) -> None:
    schema = load_spec()
    shares = [rng.uniform(6, 20), _maybe(rng, 0.3, 0.2, 2.5), _maybe(rng, 0.75, 0.05, 0.3),
              _maybe(rng, 0.6, 0.05, 0.4), _maybe(rng, 0.45, 0.1, 1.0), _maybe(rng, 0.5, 0.05, 0.6)]
    rows = schema.t3_rows[template.t3_other]
    result_rows = [r.key for r in rows if r.key.startswith("result.") and r.key != "result.total"]
    weights = [RESULT_WEIGHTS[k] * rng.uniform(0.3, 1.7) * (0 if rng.random() < 0.15 else 1) for k in result_rows]
    weights[0] = max(weights[0], 1.0)  # 予以公开 always possible
    new = multinomial(rng, new_total, shares)
    carried_total = 0 if rng.random() < 0.4 else binomial(rng, new_total, rng.uniform(0.0, 0.12))
    carried = multinomial(rng, carried_total, shares)
    p_forward = 0.0 if rng.random() < 0.35 else rng.uniform(0.0, 0.12)
    table: dict[str, list[int]] = {"new": new, "carried_over": carried}
    forward, handled = [], []
    for c in range(len(T3_VALUE_COLS)):
        f = binomial(rng, new[c] + carried[c], p_forward)
        forward.append(f)
        handled.append(new[c] + carried[c] - f)
    per_col = [multinomial(rng, h, weights) for h in handled]
    for i, key in enumerate(result_rows):
        table[key] = [per_col[c][i] for c in range(len(T3_VALUE_COLS))]
    table["result.total"] = [sum(table[k][c] for k in result_rows) for c in range(len(T3_VALUE_COLS))]
    table["carried_forward"] = forward
    for row_key, vals in table.items():
        for col, v in zip(T3_VALUE_COLS, vals):
            out[f"t3.{row_key}.{col}"] = v
        out[f"t3.{row_key}.total"] = sum(vals)


def _gen_t4(rng: random.Random, new_total: int, out: dict[str, Value]) -> None:
    schema = load_spec()
    rates = {"review": 0.03, "lawsuit_direct": 0.012, "lawsuit_after_review": 0.01}
    for g in schema.t4_rows:
        n = 0 if rng.random() < 0.35 else binomial(rng, new_total, rates.get(g.key, 0.01) * rng.uniform(0.2, 2.0))
        if n == 0 and rng.random() < 0.25:
            n = rng.randint(1, 3)
        parts = multinomial(rng, n, [0.55, 0.1, 0.2, 0.15])
        for col, v in zip(("upheld", "corrected", "other", "pending"), parts):
            out[g.cell_key(col)] = v
        out[g.cell_key("total")] = sum(parts)


def _gen_t2(rng: random.Random, template: Template, level: str, out: dict[str, Value], units: dict[str, str]) -> None:
    big = {"town": 0.02, "dept": 0.1, "county": 0.4, "city_dept": 0.5, "city": 1.0}[level]
    makes_rules = level == "city" or (level == "county" and rng.random() < 0.2)
    schema = load_spec()
    for block in schema.t2_blocks[template.t2]:
        for row in block.rows:
            for col in row.cols:
                key = row.cell_key(col.key)
                if col.type == "money_wan":
                    money = _gen_money(rng, template.t2, big)
                    out[key], units[key] = money.wan, money.unit
                else:
                    out[key] = _t2_count(rng, row.key, col.key, big, makes_rules, out, row.cell_key)


def _t2_count(rng: random.Random, row: str, col: str, big: float, makes_rules: bool,
              done: dict[str, Value], key_of: Callable[[str], str]) -> int:
    """One count or signed cell of table 二; `done` holds the row's earlier cells."""
    if row == "regulations" and not makes_rules:
        return 0
    hi = {"regulations": 12, "normative_docs": 90, "licensing": 60000, "other_services": 3000,
          "penalty": 30000, "coercion": 2000, "fees": 60, "procurement": 1500}[row]
    hi = max(2, int(hi * big))
    if col in ("made", "issued", "items", "decisions"):
        return 0 if rng.random() < 0.2 else log_uniform(rng, 0, hi)
    if col == "published":  # 本年新公开 ≤ 本年新制作, usually equal
        made = int(done[key_of("made")])
        return made if rng.random() < 0.8 else rng.randint(0, made)
    if col == "repealed":
        return 0 if rng.random() < 0.4 else log_uniform(rng, 0, max(2, hi // 3))
    if col in ("total_published", "in_force"):
        first = int(done.get(key_of("published"), done.get(key_of("issued"), 0)))
        return first + log_uniform(rng, 0, hi * 4)
    if col == "prev_items":
        return 0 if rng.random() < 0.25 else log_uniform(rng, 0, max(3, hi // 20))
    if col == "change":
        prev = int(done[key_of("prev_items")])
        if rng.random() < 0.4:
            return 0
        return rng.randint(-min(prev, max(1, prev // 4)), max(1, prev // 5 + 3))
    raise ValueError(f"no generator for t2 column {col!r} of row {row!r}")


def _gen_money(rng: random.Random, t2: str, big: float) -> Money:
    """Money in 万元, with a print unit for which the value is exact."""
    if rng.random() < 0.15:
        return Money(Decimal(0), "plain" if t2 == "2021" else "元")
    wan_float = math.exp(rng.uniform(math.log(0.5), math.log(2 + 400000 * big)))
    if t2 == "2021":  # header says 单位：万元; most print a bare number
        unit = rng.choices(["plain", "万元", "元"], weights=[80, 10, 10])[0]
    else:  # 2019 采购总金额 has no unit in its header, so a unit is always printed
        unit = rng.choices(["元", "万元", "亿元"], weights=[40, 45, 15 if wan_float > 5000 else 0])[0]
    if unit == "元":
        cents = rng.random() < 0.3
        yuan = Decimal(round(wan_float * 10000 * (100 if cents else 1))) / (100 if cents else 1)
        return Money(yuan / 10000, unit)
    if unit == "亿元":
        places = rng.choice([2, 4])
        return Money(Decimal(str(round(wan_float / 10000, places))) * 10000, unit)
    return Money(Decimal(str(round(wan_float, rng.choice([0, 2, 2, 4, 6])))), unit)


# --- deliberate source errors ------------------------------------------------------------------
ERROR_KINDS = ("t3_row_total", "t3_result_total", "t3_carried_forward", "t3_result_cell", "t4_total", "t4_zero_total")


def inject_error(rng: random.Random, values: dict[str, Value], template: Template) -> tuple[dict[str, Value], str]:
    """A copy of `values` with one realistic printing error, and a note saying what was changed."""
    out = dict(values)
    schema = load_spec()
    kind = rng.choice(ERROR_KINDS)
    delta = rng.choice([-3, -2, -1, 1, 1, 2, 5, 10])
    t3_keys = [r.key for r in schema.t3_rows[template.t3_other]]

    def bump(key: str, d: int) -> int:
        new = max(0, int(out[key]) + d)
        if new == out[key]:
            new = int(out[key]) + abs(d)
        out[key] = new
        return new - int(values[key])

    if kind == "t3_row_total":
        row = rng.choice(t3_keys)
        bump(f"t3.{row}.total", delta)
    elif kind in ("t3_result_total", "t3_carried_forward"):
        row = "result.total" if kind == "t3_result_total" else "carried_forward"
        col = rng.choice(T3_VALUE_COLS[:2] + T3_VALUE_COLS[4:5])
        d = bump(f"t3.{row}.{col}", delta)
        out[f"t3.{row}.total"] = int(out[f"t3.{row}.total"]) + d  # row total follows the typo
    elif kind == "t3_result_cell":
        row = rng.choice([k for k in t3_keys if k.startswith("result.") and k != "result.total"])
        bump(f"t3.{row}.natural", delta)
    elif kind == "t4_total":
        g = rng.choice(schema.t4_rows)
        bump(g.cell_key("total"), delta)
    else:  # the totals of a t4 group printed as 0 although parts are not (seen in real reports)
        g = rng.choice(schema.t4_rows)
        if int(out[g.cell_key("total")]) == 0:
            out[g.cell_key("upheld")] = int(out[g.cell_key("upheld")]) + rng.randint(1, 4)
        out[g.cell_key("total")] = 0
    changed = sorted(k for k in out if out[k] != values[k])
    return out, f"inconsistency {kind}: " + ", ".join(f"{k} printed {out[k]} (consistent {values[k]})" for k in changed)


# --- checks on printed values --------------------------------------------------------------------
def check_fails(check: Check, cells: dict[str, Expected]) -> bool:
    lhs = sum(cells.get(k) or 0 for k in check.lhs)
    rhs = sum(cells.get(k) or 0 for k in check.rhs)
    return lhs != rhs


def failing_checks(cells: dict[str, Expected], template: Template) -> list[str]:
    return [c.id for c in load_spec().checks(template.t3_other) if check_fails(c, cells)]


# --- printed text ----------------------------------------------------------------------------------
def fmt_decimal(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def money_text(m: Money) -> str:
    if m.unit == "元":
        return fmt_decimal(m.wan * 10000) + "元"
    if m.unit == "亿元":
        return fmt_decimal(m.wan / 10000) + "亿元"
    return fmt_decimal(m.wan) + ("万元" if m.unit == "万元" else "")


def signed_text(rng: random.Random, v: int, plus: bool) -> str:
    if v > 0:
        return f"+{v}" if plus else str(v)
    if v < 0:
        return rng.choice(["-", "-", "－"]) + str(-v)
    return "0"


@dataclass(frozen=True)
class PrintStyle:
    blank_mode: str = "none"  # "none", "few" (a few zero cells blank), "zeros" (every zero in 三/四 blank)
    blank_tokens: tuple[str, ...] = BLANK_TOKENS
    plus_sign: bool = True  # print positive 本年增/减 as "+18"


def choose_print_style(rng: random.Random, visible_blanks_only: bool) -> PrintStyle:
    tokens = VISIBLE_BLANKS if visible_blanks_only else BLANK_TOKENS
    mode = rng.choices(["none", "few", "zeros"], weights=[68, 22, 10])[0]
    # one blank token per document (as real documents do), sometimes two
    chosen = tuple(rng.sample(tokens, k=1 if rng.random() < 0.8 else 2))
    return PrintStyle(blank_mode=mode, blank_tokens=chosen, plus_sign=rng.random() < 0.6)


def to_printed(rng: random.Random, values: dict[str, Value], units: dict[str, str], template: Template,
               style: PrintStyle) -> tuple[dict[str, str], dict[str, Expected]]:
    """The text printed in every cell and the expected value read back from it."""
    schema = load_spec()
    printed: dict[str, str] = {}
    expected: dict[str, Expected] = {}
    for key in schema.cell_keys(template):
        v = values[key]
        vtype = schema.value_type(key)
        if vtype == "money_wan":
            printed[key] = money_text(Money(Decimal(v), units[key]))
            expected[key] = float(v)
        elif vtype == "signed":
            printed[key], expected[key] = signed_text(rng, int(v), style.plus_sign), int(v)
        else:
            printed[key], expected[key] = str(int(v)), int(v)
    zero_keys = [k for k in printed if expected[k] == 0]
    if style.blank_mode == "few":
        blanks = rng.sample(zero_keys, k=min(len(zero_keys), rng.randint(1, 4)))
    elif style.blank_mode == "zeros":
        blanks = [k for k in zero_keys if not k.startswith("t2.")]
    else:
        blanks = []
    for k in blanks:
        printed[k] = rng.choice(style.blank_tokens)
        expected[k] = None
    return printed, expected
