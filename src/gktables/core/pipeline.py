"""Layout → Report: items, zones, formats, row alignment, table-wide resolution, checks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..audit.identity import read_identity
from ..audit.prose import prose_checks
from ..checks import evaluate, run_checks
from ..deadline import Deadline
from ..layout import CELL_NOTES, Layout
from ..report import Provenance, Report, ReportWarning, Value
from ..schema import (T4_ROW_LABEL, TABLE_TITLES, CheckSpec, ColumnSpec, RowSpec, T2Version, T3Other, Template,
                      load_schema)
from ..values import parse_value
from ..settings import Settings
from .association import association_warnings
from .block_order import detached_block_warnings, sign_pinned_blocks, take_pinned_blocks
from .emit import emit_rows
from .empty_cells import place_missing_row
from .column_order import ColumnReading, column_major_reading
from .four_order import FourReading, header_order_reading
from .align import (Alignment, RowPlan, align_rows, drop_padding_column, groups_of_five_total, hint_columns_by_position,
                    lock_line_bound_rows, locked_order_bounds, total_is_sum)
from .candidates import Column
from .header_merge import header_decides, merge_table, read_from_headers, unprintable_checks
from .headers.mapping import layout_to_mappings
from .hints import TokenHints, stream_hints
from .items import Item, layout_to_items
from .prose import facts_by_key, prose_claims, prose_facts
from .resolve import RowDecision, resolve_rows
from .wrapped import drop_wrap_padding, join_wrapped_lines
from .zones import (Zone, detect_t2_version, detect_t3_other, find_anchors, find_zones, zone_text)

LABEL_VALUE_TURNS_MIN = 0.7  # per row; text read row by row has about 1, pdfminer's 0.04–0.65
ORDERED_LABELS_MIN = 0.6  # share of 三's labels directly followed by values, below which order is unreliable
RUN_TOGETHER_SPLIT_COST = 0.3  # when a zone prints far fewer tokens than cells: splitting is normal
SEPARATED_SPLIT_COST = 2.5  # when tokens are separated: a split is a last resort


@dataclass
class TableResult:
    table: str
    zone: Zone
    alignment: Alignment
    decisions: list[RowDecision]


def layout_to_report(layout: Layout, name: str, settings: Settings | None = None,
                     deadline: Deadline | None = None) -> Report:
    settings = Settings.resolve(settings)
    deadline = deadline or Deadline.from_settings(settings, name)
    items = layout_to_items(layout)
    hints: TokenHints | None = None  # for the order alignment: made when a table first needs it
    zones = find_zones(items)
    t2_version: T2Version = detect_t2_version(zone_text(items, zones["t2"])) if "t2" in zones else "2021"
    t3_other: T3Other = detect_t3_other(zone_text(items, _t3_format_zone(zones))) if "t3" in zones else "single"
    template = Template(t2_version, t3_other)
    claims = prose_claims(layout.text)  # read once: for the resolver and for the prose checks
    prose = facts_by_key(prose_facts(layout.text, claims))
    schema = load_schema()
    checks = list(schema.checks(t3_other))
    split_cost = _split_cost(items, zones, template)
    limit = settings.max_candidates // 10

    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    warnings: list[ReportWarning] = []
    tables: list[TableResult] = []
    mappings = layout_to_mappings(layout, template) if layout.grids else {}
    header_tables: set[str] = set()
    column_reading: tuple[ColumnReading, int, int] | None = None  # 三 read column by column, its warnings' span
    header_reading: tuple[FourReading, int, int] | None = None  # 四 read under its headers, its warnings' span
    for table in ("t2", "t3", "t4"):
        first_warning = len(warnings)
        if table not in zones:
            # 三's format (one 其他处理 row or three) is read from the table: name the keys of both
            keys = list(dict.fromkeys(k for other in ("single", "split") for k in
                                      schema.table_keys(Template(t2_version, other), table)))
            warnings.append(ReportWarning("table_missing", f"table {TABLE_TITLES[table]} was not found", keys))
            continue
        table_checks = [c for c in checks if c.id.startswith(table)]
        mapping = mappings.get(table)
        if mapping is not None and not settings.keep_debug and header_decides(mapping, layout.source, template,
                                                                               table_checks):
            # the headers alone read the table: the costly order search does not run for it. A debug run
            # (keep_debug) still runs it, so its pictures can show every step; merge_table then lets
            # the same confident headers decide.
            warnings.extend(read_from_headers(mapping, layout.source, template, cells, provenance))
            header_tables.add(table)
            continue
        plans, anywhere = _plans(table, template, items, zones[table])
        tokens = [it for it in items[zones[table].start:zones[table].end] if it.kind == "value"]
        width = max(len(p.cols) for p in plans)
        if hints is None:
            hints = stream_hints(items)
        table_hints = hints
        if table in ("t3", "t4"):
            tokens, table_hints = drop_padding_column(tokens, width, table_hints)
            tokens = drop_wrap_padding(tokens, width, items[zones[table].start:zones[table].end])
            tokens = join_wrapped_lines(tokens, items[zones[table].start:zones[table].end], plans[0].groups or (width,))
        if table == "t3":
            table_hints = hint_columns_by_position(tokens, width, table_hints)
        deadline.start_table(table)
        locked, plans_left, tokens_left = lock_line_bound_rows(plans, anywhere, items, tokens, split_cost, limit,
                                                               deadline, table_hints)
        alignment = align_rows(tokens_left, plans_left, split_cost, limit, locked_order_bounds(plans, locked), deadline,
                               table_hints)
        order = {p: i for i, p in enumerate(plans)}
        alignment.rows = sorted(locked + alignment.rows, key=lambda r: order[r.plan])
        decisions = resolve_rows(alignment.rows, table_checks, prose, alignment.ties, deadline)
        tables.append(TableResult(table, zones[table], alignment, decisions))
        emit_rows(decisions, cells, provenance, warnings)
        _emit_blank_rows(alignment, items, zones[table].end, cells, provenance, warnings)
        _place_stray_values(alignment, table_checks, cells, provenance, warnings)
        if table == "t4":
            warnings.extend(place_missing_row(alignment, tokens, cells, provenance, deadline))
        warnings.extend(_alignment_warnings(alignment))
        zone = zones[table]
        warnings.extend(association_warnings(decisions, items, zone.start, zone.end, cells, provenance, table_checks))
        if table == "t2":
            warnings.extend(detached_block_warnings(decisions, items, cells, provenance, prose))
        if table == "t3" and table not in mappings:
            column = column_major_reading(plans, items, zone.start, zone.end, layout.text, table_checks,
                                          [c.label for c in schema.t3_rows[template.t3_other][0].cols])
            column_reading = (column, first_warning, len(warnings)) if column is not None else None
        if table == "t4" and table not in mappings:
            four = header_order_reading(plans, items[zone.start:zone.end], table_checks,
                                        [c.label for c in schema.t4_rows[0].cols])
            header_reading = (four, first_warning, len(warnings)) if four is not None else None
        if table in mappings:
            outcome, warnings[first_warning:] = merge_table(mappings[table], layout.source, cells, provenance,
                                                            warnings[first_warning:])
            if outcome.mode == "header":
                header_tables.add(table)
                tables.pop()

    order_warnings = _reading_order_warnings(tables, items, provenance)
    # 四's span of warnings lies after 三's: taken first, it leaves 三's span where it was
    for competing in (header_reading, column_reading):
        if order_warnings and competing is not None:
            warnings, order_warnings = _take_competing_reading(competing, cells, provenance, warnings, order_warnings)
    warnings.extend(order_warnings)
    warnings.extend(_sign_pinned(tables, items, cells, provenance, warnings))
    unmatched = {t: m.unmatched for t, m in mappings.items() if t in header_tables and m.unmatched}
    warnings.extend(_unread_cell_warnings(template, zones, header_tables, unmatched, cells, warnings))
    warnings.extend(cell_note_warnings(layout, provenance))
    if layout.grids:
        for prov in provenance.values():
            prov.mapped_by = prov.mapped_by or "order"
    template_out = template if cells else None
    results = run_checks(cells, t3_other) if cells else []
    unprintable_checks(results, cells, header_tables)
    results += prose_checks(layout.text, cells, provenance, template_out, claims)  # reported, never applied
    meta = read_identity(layout.text, name, template_out).to_meta()
    return Report(source=name, template=template_out, meta=meta, cells=cells, provenance=provenance,
                  checks=results, warnings=warnings, layout=layout,
                  trace={"items": items, "zones": zones, "tables": tables},
                  confidence_threshold=settings.confidence_threshold)


def _unread_cell_warnings(template: Template, zones: dict[str, Zone], header_tables: set[str],
                          unmatched: dict[str, list[str]], cells: dict[str, Value],
                          warnings: list[ReportWarning]) -> list[ReportWarning]:
    """A safety net: every cell of a table that was found is either read or named by a warning. A
    key left out of the output with no word (a search cut short, a row the alignment dropped) would
    be a silent error. A table read by its headers leaves out the columns and rows its headers say
    are not printed, unless some header matched nothing: that header may be a misread of the
    missing cells' own (a garbled 科研机构), so they are named."""
    named = {k for w in warnings for k in w.keys}
    schema = load_schema()  # cached
    out = []
    for table in zones:
        if table in header_tables and table not in unmatched:
            continue
        unread = [k for k in schema.table_keys(template, table) if k not in cells and k not in named]
        if not unread:
            continue
        if table in header_tables:
            out.append(ReportWarning("cells_not_read", f"{len(unread)} cells of table {TABLE_TITLES[table]} were "
                                     f"not read; they may be under headers that matched no cell: "
                                     f"{'; '.join(unmatched[table][:4])}", unread))
        else:
            out.append(ReportWarning("cells_not_read", f"{len(unread)} cells of table {TABLE_TITLES[table]} were "
                                     "not read; the rows beside them may hold their values", unread))
    return out


def cell_note_warnings(layout: Layout, provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """One warning per note code a source attached to grid cells, on the keys read from those cells.

    A key is read from a cell when its provenance names the cell's page and box.
    """
    places: dict[str, set[tuple[int | None, tuple[float, ...]]]] = {}
    for grid in layout.grids:
        for cell in grid.cells:
            for note in cell.notes:
                if cell.bbox is not None:
                    places.setdefault(note, set()).add((cell.page or grid.page, tuple(cell.bbox.as_list())))
    out = []
    for note, where in sorted(places.items()):
        keys = [k for k, p in provenance.items() if p.bbox and (p.page, tuple(p.bbox)) in where]
        if keys:
            out.append(ReportWarning(note, CELL_NOTES.get(note, note), keys))
    return out


# --- plans ----------------------------------------------------------------------------------

@lru_cache(maxsize=256)  # a few dozen specs, asked for on every row of every document
def _column(spec: ColumnSpec) -> Column:
    if spec.type != "money_wan":
        return Column(spec.type)
    return Column(spec.type, spec.money_unit)


def _plans(table: str, template: Template, items: list[Item], zone: Zone) -> tuple[list[RowPlan], list[int | None]]:
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


def _t3_format_zone(zones: dict[str, Zone]) -> Zone:
    """Where 三's row labels may be printed: its zone, and before it back to 二 (pdfminer prints a
    table's labels before its column headers: the last rows' labels may land in 二's zone; 二 has
    none of the split format's words)."""
    t3 = zones["t3"]
    start = zones["t2"].start if "t2" in zones and zones["t2"].start < t3.start else t3.start
    return Zone("t3", start, t3.end)


def _split_cost(items: list[Item], zones: dict[str, Zone], template: Template) -> float:
    """Whether the document runs cells together (scraped pages): then cutting digit strings is
    the normal reading, else a last resort. Evidence: value tokens printed with no gap between
    them ('142//2119'), digit strings with leading zeros ('0000000'), or far fewer tokens than cells."""
    tokens = [it for z in zones.values() for it in items[z.start:z.end] if it.kind == "value" and not it.explicit]
    if not tokens:
        return SEPARATED_SPLIT_COST
    cells = len(load_schema().cell_keys(template))
    glued = sum(1 for a, b in zip(tokens, tokens[1:]) if a.span and b.span and a.span[1] == b.span[0])
    zeros = sum(1 for t in tokens if len(t.digits) > 1 and t.digits.startswith("0") and t.digits[1].isdigit())
    if len(tokens) < 0.6 * cells or zeros or glued >= 0.2 * len(tokens):
        return RUN_TOGETHER_SPLIT_COST
    return SEPARATED_SPLIT_COST


# --- output ---------------------------------------------------------------------------------

def _reading_order_warnings(tables: list[TableResult], items: list[Item],
                            provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """Extractors that emit text box by box (pdfminer) print labels in one run and values in
    another, in an order the checks cannot always see through (a permutation keeps every sum).
    When most row labels are not followed by their values, or a table's text turns from label to
    value far less often than it has rows, every cell is flagged."""
    anchors = [r.plan.anchor for t in tables if t.table in ("t2", "t3") for r in t.alignment.rows
               if r.plan.anchor is not None]
    followed = sum(1 for a in anchors if any(it.kind == "value" for it in items[a + 1:a + 3]))
    if len(anchors) >= 5 and followed / len(anchors) < ORDERED_LABELS_MIN:
        reason = f"only {followed} of {len(anchors)} row labels are followed by their values"
    else:
        scattered = [(t.table, turns, len(t.alignment.rows)) for t in tables if t.table in ("t2", "t3")
                     for zone in [items[t.zone.start:t.zone.end]] for turns in [_label_value_turns(zone)]
                     if len(t.alignment.rows) >= 5 and turns < LABEL_VALUE_TURNS_MIN * len(t.alignment.rows)
                     and _share_on_row_lines(zone) < 0.5]
        if not scattered:
            return []
        table, turns, rows = scattered[0]
        reason = f"the text of {TABLE_TITLES[table]} turns from a label to a value {turns} times for {rows} rows"
    keys = [k for t in tables for d in t.decisions for k in d.row.plan.keys]
    for k in keys:
        if k in provenance:
            provenance[k].confidence = min(provenance[k].confidence, 0.6)
    return [ReportWarning(
        "reading_order_uncertain",
        f"{reason}: this text lists labels and values apart (as pdfminer does), so values may be in "
        f"the wrong cells; every cell is flagged", keys)]


def _sign_pinned(tables: list[TableResult], items: list[Item], cells: dict[str, Value],
                 provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> list[ReportWarning]:
    """二's blocks printed labels first whose signed values pin the column-by-column order."""
    t2 = next((t for t in tables if t.table == "t2"), None)
    if t2 is None:
        return []
    pinned = sign_pinned_blocks(t2.decisions, items)
    if not pinned:
        return []
    cols = {k: c for d in t2.decisions for k, c in zip(d.row.plan.keys, d.row.plan.cols)}
    return take_pinned_blocks(pinned, cols, cells, provenance, warnings)


def _take_competing_reading(competing: tuple[ColumnReading | FourReading, int, int], cells: dict[str, Value],
                            provenance: dict[str, Provenance], warnings: list[ReportWarning],
                            order_warnings: list[ReportWarning]) -> tuple[list[ReportWarning], list[ReportWarning]]:
    """A competing reading of a table (三 column by column, 四 under its headers), taken when the
    row-by-row order is found unreliable: it passed every check of its table, which the order
    reading is not trusted to. Its cells replace the table's, the warnings of the table's order
    reading go, and the order warning keeps the other tables."""
    reading, start, end = competing
    cells.update(reading.cells)
    provenance.update(reading.provenance)
    taken = set(reading.cells)
    kept = warnings[:start] + warnings[end:] + reading.warnings()
    rest = []
    for w in order_warnings:
        keys = [k for k in w.keys if k not in taken]
        if keys:
            rest.append(ReportWarning(w.code, w.message, keys))
    return kept, rest


def _share_on_row_lines(items: list[Item]) -> float:
    """The share of values printed on lines that hold three or more of them. Converters that print
    labels apart still print each row's values on one line; pdfminer prints them one by one."""
    per_line: dict[int, int] = {}
    values = [it for it in items if it.kind == "value"]
    for it in values:
        per_line[it.line] = per_line.get(it.line, 0) + 1
    return sum(1 for it in values if per_line[it.line] >= 3) / max(len(values), 1)


def _label_value_turns(items: list[Item]) -> int:
    """How often a label is directly followed by a value: about once per row in text read row by row."""
    return sum(1 for a, b in zip(items, items[1:]) if a.kind == "label" and b.kind == "value")


def _place_stray_values(alignment: Alignment, checks: list[CheckSpec], cells: dict[str, Value],
                        provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> None:
    """A number no cell took (a converter moved it out of reading order) goes into a blank cell
    when that is the one placement that makes its row add up and leaves fewer failing checks: a
    competing reading chosen by the checks, and flagged as such."""
    strays = [t for t in alignment.skipped if not t.blank and t.digits.strip("0+-")]
    for token in strays:
        parsed = parse_value(token.digits, "count")
        if not parsed.ok or parsed.value is None:
            continue
        failing = _failing(checks, cells)
        blanks = [k for r in alignment.rows for k in r.plan.keys if k in cells and cells[k] is None
                  and any(c.id in failing and k in c.keys and c.id.startswith(("t3.row_total", "t4.")) for c in checks)]
        better = []
        for key in blanks:
            trial = {**cells, key: parsed.value}
            left = _failing(checks, trial)
            if len(left) < len(failing) and not any(key in c.keys for c in checks if c.id in left):
                better.append((len(left), key))
        if len(better) != 1 and not (better and sorted(better)[0][0] < sorted(better)[1][0]):
            continue
        key = min(better)[1]
        cells[key] = parsed.value
        provenance[key] = Provenance(source=token.source, raw=token.text, confidence=0.6, decided_by="check",
                                     page=token.page, bbox=token.bbox.as_list() if token.bbox else None,
                                     span=token.span)
        alignment.skipped.remove(token)
        warnings.append(ReportWarning("value_placed_by_checks",
                                      f"{token.text!r}, printed apart from any row, was placed in the blank cell "
                                      f"{key}: the only placement that makes its row add up", [key]))


def _failing(checks: list[CheckSpec], cells: dict[str, Value]) -> set[str]:
    return {c.id for c in checks if any(k in cells for k in c.keys) and evaluate(c, cells).passed is False}


def _emit_blank_rows(alignment: Alignment, items: list[Item], zone_end: int, cells: dict[str, Value],
                     provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> None:
    """A row whose label is printed with nothing after it before the next row's label is a row of
    blank cells (a tab-separated line of empty fields): null, flagged as inferred."""
    anchors = sorted(r.plan.anchor for r in alignment.rows if r.plan.anchor is not None)
    for r in alignment.rows:
        if not r.missing or r.plan.anchor is None:
            continue
        nxt = next((a for a in anchors if a > r.plan.anchor), zone_end)
        if any(it.kind == "value" for it in items[r.plan.anchor + 1:nxt]):
            continue
        label = items[r.plan.anchor]
        for key in r.plan.keys:
            cells[key] = None
            provenance[key] = Provenance(source=label.source, raw="", confidence=0.6, decided_by="inferred",
                                         page=label.page, span=label.span)
        r.missing = False
        warnings.append(ReportWarning("row_printed_blank", f"row {r.plan.label!r} prints its label and no value: "
                                      "its cells are read as blank", list(r.plan.keys)))


def _alignment_warnings(alignment: Alignment) -> list[ReportWarning]:
    out = []
    rows = alignment.rows
    for n, r in enumerate(rows):
        if r.missing:
            # Its values may have gone to a neighbour, so the rows on either side are flagged too.
            near = [k for m in (n - 1, n + 1) if 0 <= m < len(rows) and not rows[m].missing for k in rows[m].plan.keys]
            out.append(ReportWarning("row_missing", f"row {r.plan.label!r} was not found; its cells are not in the "
                                     "output, and the rows beside it may hold its values", list(r.plan.keys) + near))
    row_lines = {t.line for r in alignment.rows for t in r.tokens}
    # A number no cell took: any non-zero one, and a 0 printed on a row's own line (a stray 0 on
    # a line of its own is typically a ruling read as a digit).
    junk = [t for t in alignment.skipped if not t.blank and (t.digits.strip("0+-") != "" or t.line in row_lines)]
    if junk:
        # A printed number no cell took is junk or a sign that values slid between rows: the rows
        # printed on either side of it are not to be trusted blindly.
        placed = [(min(t.pos for t in r.tokens), max(t.pos for t in r.tokens), r) for r in alignment.rows if r.tokens]
        keys: list[str] = []
        for t in junk:
            before = max((p for p in placed if p[1] < t.pos), key=lambda p: p[1], default=None)
            after = min((p for p in placed if p[0] > t.pos), key=lambda p: p[0], default=None)
            for p in (before, after):
                if p is not None:
                    keys.extend(k for k in p[2].plan.keys if k not in keys)
        out.append(ReportWarning("tokens_ignored",
                                 f"numbers inside the table that no cell took: {[t.text for t in junk][:20]}; "
                                 "the rows printed next to them are flagged", keys))
    return out
