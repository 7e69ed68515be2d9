"""Layout → Report: items, zones, formats, row alignment, table-wide resolution, checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..checks import run_checks
from ..layout import Layout
from ..report import Provenance, Report, ReportWarning, Value
from ..schema import ColumnSpec, RowSpec, T2Version, T3Other, Template, load_schema
from ..settings import Settings
from .align import Alignment, RowPlan, align_rows, lock_line_bound_rows, groups_of_five_total, total_is_sum
from .candidates import Column, Piece
from .items import Item, layout_to_items
from .prose import facts_by_key, prose_facts, report_meta
from .resolve import CellDecision, RowDecision, resolve_rows
from .zones import (Zone, detect_t2_version, detect_t3_other, find_anchors, find_zones, zone_text)

log = logging.getLogger(__name__)

RUN_TOGETHER_SPLIT_COST = 0.3  # when a zone prints far fewer tokens than cells: splitting is normal
SEPARATED_SPLIT_COST = 2.5  # when tokens are separated: a split is a last resort
TABLE_NAMES = {"t2": "二、主动公开政府信息情况", "t3": "三、收到和处理政府信息公开申请情况", "t4": "四、行政复议、行政诉讼情况"}


@dataclass
class TableResult:
    table: str
    zone: Zone
    alignment: Alignment
    decisions: list[RowDecision]


def layout_to_report(layout: Layout, name: str, settings: Settings | None = None) -> Report:
    settings = Settings.resolve(settings)
    items = layout_to_items(layout)
    zones = find_zones(items)
    t2_version: T2Version = detect_t2_version(zone_text(items, zones["t2"])) if "t2" in zones else "2021"
    t3_other: T3Other = detect_t3_other(zone_text(items, zones["t3"])) if "t3" in zones else "single"
    template = Template(t2_version, t3_other)
    prose = facts_by_key(prose_facts(layout.text))
    schema = load_schema()
    checks = list(schema.checks(t3_other))

    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    warnings: list[ReportWarning] = []
    tables: list[TableResult] = []
    for table in ("t2", "t3", "t4"):
        if table not in zones:
            warnings.append(ReportWarning("table_missing", f"table {TABLE_NAMES[table]} was not found", []))
            continue
        plans = _plans(table, template, items, zones[table])
        tokens = [it for it in items[zones[table].start:zones[table].end] if it.kind == "value"]
        split_cost = _split_cost(tokens, plans)
        limit = settings.max_candidates // 10
        anywhere = _labels_anywhere(table, template, items, zones[table], plans)
        locked, plans_left, tokens_left = lock_line_bound_rows(plans, anywhere, items, tokens, split_cost, limit)
        alignment = align_rows(tokens_left, plans_left, split_cost, limit)
        alignment.rows = locked + alignment.rows
        table_checks = [c for c in checks if c.id.startswith(table)]
        decisions = resolve_rows(alignment.rows, table_checks, prose)
        tables.append(TableResult(table, zones[table], alignment, decisions))
        _emit(decisions, cells, provenance, warnings)
        warnings.extend(_alignment_warnings(alignment))

    if not cells:
        template_out = None
    else:
        template_out = template
    results = run_checks(cells, t3_other) if cells else []
    meta = report_meta(layout.text)
    return Report(source=name, template=template_out, meta=meta, cells=cells, provenance=provenance,
                  checks=results, warnings=warnings, layout=layout,
                  trace={"items": items, "zones": zones, "tables": tables})


# --- plans ----------------------------------------------------------------------------------

def _column(spec: ColumnSpec) -> Column:
    if spec.type != "money_wan":
        return Column(spec.type)
    return Column(spec.type, "万元" if "万元" in spec.label else "?")


def _plans(table: str, template: Template, items: list[Item], zone: Zone) -> list[RowPlan]:
    schema = load_schema()
    if table == "t4":
        # 四 prints its groups as column headers, not row labels: read it as one row of 15 cells.
        rows = schema.t4_rows
        cols = tuple(_column(c) for r in rows for c in r.cols)
        keys = tuple(k for r in rows for k in r.cell_keys)
        return [RowPlan("四、行政复议、行政诉讼", keys, cols, groups_of_five_total, None, (5, 5, 5))]
    rows: list[RowSpec] = list(schema.t2_rows(template.t2) if table == "t2" else schema.t3_rows[template.t3_other])
    check = None if table == "t2" else total_is_sum
    anchors = find_anchors(items, zone, rows)
    return [RowPlan.for_row(r, tuple(_column(c) for c in r.cols), check, a) for r, a in zip(rows, anchors)]


def _labels_anywhere(table: str, template: Template, items: list[Item], zone: Zone, plans: list[RowPlan]) -> list[int | None]:
    if table == "t4":
        return [None] * len(plans)
    schema = load_schema()
    rows = list(schema.t2_rows(template.t2) if table == "t2" else schema.t3_rows[template.t3_other])
    return find_anchors(items, zone, rows, ordered=False)


def _split_cost(tokens: list[Item], plans: list[RowPlan]) -> float:
    """Run-together digits are normal when a zone prints far fewer tokens than cells, or prints
    digit strings with leading zeros ('0000000'), which no cell holds."""
    cells = sum(len(p.cols) for p in plans)
    glued = sum(1 for t in tokens if not t.explicit and len(t.digits) > 1 and t.digits.startswith("0")
                and t.digits[1].isdigit())
    return RUN_TOGETHER_SPLIT_COST if len(tokens) < 0.6 * cells or glued else SEPARATED_SPLIT_COST


# --- output ---------------------------------------------------------------------------------

def _emit(decisions: list[RowDecision], cells: dict[str, Value], provenance: dict[str, Provenance],
          warnings: list[ReportWarning]) -> None:
    for d in decisions:
        plan = d.row.plan
        ambiguous: list[tuple[str, CellDecision]] = []
        inferred: list[str] = []
        for key, piece, cell in zip(plan.keys, d.reading.pieces, d.cells):
            cells[key] = cell.value
            provenance[key] = _provenance(piece, cell)
            if cell.candidates:
                ambiguous.append((key, cell))
            elif piece.inferred:
                inferred.append(key)
        if ambiguous:
            raw = " ".join(t.text for t in d.row.tokens)
            detail = "; ".join(f"{k.rsplit('.', 1)[1]} ∈ {c.candidates}" for k, c in ambiguous)
            warnings.append(ReportWarning(
                "ambiguous_value",
                f"row {plan.label!r}: the printed text {raw!r} can be read several ways the table's checks "
                f"and the report's prose do not decide ({detail})",
                [k for k, _ in ambiguous]))
        if inferred:
            # Where the missing cells go decides which column every other value of the row lands
            # in, so the whole row is uncertain, not only the placed blanks.
            warnings.append(ReportWarning(
                "cell_not_printed",
                f"row {plan.label!r} prints {len(d.row.tokens)} values for {len(plan.cols)} cells; "
                f"placed as blank: {', '.join(inferred)}; the columns of its other values follow from that placement",
                list(plan.keys)))
        dropped = [t for t in d.row.tokens if not any(p.item is t for p in d.reading.pieces)]
        if dropped:
            nonzero = [t for t in dropped if not t.blank and t.digits.strip("0+-") != ""]
            warnings.append(ReportWarning(
                "tokens_ignored",
                f"row {plan.label!r}: ignored {[t.text for t in dropped]} (more values than cells)",
                list(plan.keys) if nonzero else []))


def _provenance(piece: Piece, cell: CellDecision) -> Provenance:
    item = piece.item
    confidence = item.confidence if item else 0.5
    if item is not None and item.ocr_letters:
        confidence = min(confidence, 0.9)
    if cell.decided_by in ("check", "prose"):
        confidence = min(confidence, 0.9)
    if cell.candidates or piece.inferred:
        confidence = min(confidence, 0.5)
    return Provenance(
        source=item.source if item else "text",
        raw=piece.raw if item else "",
        confidence=round(confidence, 3),
        decided_by="inferred" if piece.inferred and not cell.candidates else cell.decided_by,
        page=item.page if item else None,
        bbox=item.bbox.as_list() if item and item.bbox else None,
        candidates=cell.candidates,
        span=item.span if item else None,
    )


def _alignment_warnings(alignment: Alignment) -> list[ReportWarning]:
    out = []
    for r in alignment.rows:
        if r.missing:
            out.append(ReportWarning("row_missing", f"row {r.plan.label!r} was not found; its cells are not in the output",
                                     list(r.plan.keys)))
    junk = [t for t in alignment.skipped if not t.blank and t.digits.strip("0+-") != ""]
    if junk:
        out.append(ReportWarning("tokens_ignored", f"numbers inside the table that no cell took: {[t.text for t in junk][:20]}", []))
    return out
