"""What the order alignment of a table is given: its rows to align (labels found in the template's
order, each row's columns) and how costly cutting a digit string is in this document."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ..report import ReportWarning
from ..schema import T4_ROW_LABEL, ColumnSpec, RowSpec, Template, load_schema
from .align import RowPlan, groups_of_five_total, total_is_sum
from .candidates import Column
from .items import Item
from .zones import Zone, find_anchors

RUN_TOGETHER_SPLIT_COST = 0.3  # when a zone prints far fewer tokens than cells: splitting is normal
SEPARATED_SPLIT_COST = 2.5  # when tokens are separated: a split is a last resort
RUN_TOGETHER_DIGITS = 3  # least mean digits per token of a page running cells together (real ones: 5-7)
# A whole report glued onto one line prints its tables' cells and a few hundred numbers of prose;
# a line printing more numbers than this (and than twice the table's cells) is no table's.
CROWDED_LINE_FLOOR = 500


@lru_cache(maxsize=256)  # a few dozen specs, asked for on every row of every document
def _column(spec: ColumnSpec) -> Column:
    if spec.type != "money_wan":
        return Column(spec.type)
    return Column(spec.type, spec.money_unit)


def table_plans(table: str, template: Template, items: list[Item],
                zone: Zone) -> tuple[list[RowPlan], list[int | None]]:
    """The rows to align, with their labels found in the template's order, and each row's label
    found anywhere in the zone (for rows read straight from their own line)."""
    schema = load_schema()
    if table == "t4":
        # 四 prints its groups as column headers, not row labels: read it as one row of 15 cells.
        groups = schema.t4_rows
        cols = tuple(_column(c) for r in groups for c in r.cols)
        keys = tuple(k for r in groups for k in r.cell_keys)
        return [RowPlan(T4_ROW_LABEL, keys, cols, groups_of_five_total, None, (5, 5, 5))], [None]
    rows: list[RowSpec] = list(schema.t2_rows(template.t2) if table == "t2" else schema.t3_rows[template.t3_other])
    check = None if table == "t2" else total_is_sum
    anchors = find_anchors(items, zone, rows)
    plans = [RowPlan.for_row(r, tuple(_column(c) for c in r.cols), check, a) for r, a in zip(rows, anchors)]
    return plans, find_anchors(items, zone, rows, ordered=False)


def t3_format_zone(zones: dict[str, Zone]) -> Zone:
    """Where 三's row labels may be printed: its zone, and before it back to 二 (pdfminer prints a
    table's labels before its column headers: the last rows' labels may land in 二's zone; 二 has
    none of the split format's words)."""
    t3 = zones["t3"]
    start = zones["t2"].start if "t2" in zones and zones["t2"].start < t3.start else t3.start
    return Zone("t3", start, t3.end)


def split_cost(items: list[Item], zones: dict[str, Zone], template: Template) -> float:
    """Whether the document runs cells together (scraped pages): then cutting digit strings is
    the normal reading, else a last resort. Evidence: value tokens printed with no gap between
    them ('142//2119'), digit strings with leading zeros ('0000000'), or far fewer tokens than cells
    that are long, as several cells' digits are (a report printing many cells empty has few tokens
    too, but of one cell each: '9190 258 409 9857' for 7 cells)."""
    tokens = [it for z in zones.values() for it in items[z.start:z.end] if it.kind == "value" and not it.explicit]
    if not tokens:
        return SEPARATED_SPLIT_COST
    cells = len(load_schema().cell_keys(template))
    glued = sum(1 for a, b in zip(tokens, tokens[1:]) if a.span and b.span and a.span[1] == b.span[0])
    zeros = sum(1 for t in tokens if len(t.digits) > 1 and t.digits.startswith("0") and t.digits[1].isdigit())
    few = len(tokens) < 0.6 * cells and sum(len(t.digits) for t in tokens) >= RUN_TOGETHER_DIGITS * len(tokens)
    if few or zeros or glued >= 0.2 * len(tokens):
        return RUN_TOGETHER_SPLIT_COST
    return SEPARATED_SPLIT_COST


def drop_crowded_lines(tokens: list[Item], plans: list[RowPlan], table: str) -> tuple[list[Item], list[ReportWarning]]:
    """The value tokens without those of lines printing far more numbers than the table has cells.
    The alignment's work grows with the tokens (a few ms each): a hostile line of 20,000 numbers
    would spend the whole time limit on what cannot be a row."""
    most = max(CROWDED_LINE_FLOOR, 2 * sum(len(p.cols) for p in plans))
    per_line = Counter(t.line for t in tokens)
    crowded = {line: n for line, n in per_line.items() if n > most}
    if not crowded:
        return tokens, []
    lines = ", ".join(f"line {line + 1} ({n:,} numbers)" for line, n in sorted(crowded.items()))
    warning = ReportWarning("tokens_ignored", f"table {table}: {lines} printed more numbers than the table "
                                              f"could hold ({most}): not read as its rows")
    return [t for t in tokens if t.line not in crowded], [warning]
