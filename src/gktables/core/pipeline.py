"""Layout → Report: items, zones, formats, each table read by its headers or by the order
alignment, then the document-wide passes and the checks. The order alignment's inputs are in
``plans``, the passes over one aligned table in ``row_passes``, those over the whole document in
``document_passes``."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ..audit.identity import read_identity
from ..audit.prose import prose_checks, prose_row_doubt
from ..checks import run_checks
from ..deadline import Deadline
from ..errors import TimeLimitError
from ..layout import Layout
from ..report import Provenance, Report, ReportWarning, Value
from ..schema import TABLE_TITLES, T2Version, T3Other, Template, load_schema
from ..settings import Settings
from .align import align_rows, hint_columns_by_position, lock_line_bound_rows, locked_order_bounds
from .association import association_warnings
from .block_order import detached_block_warnings
from .column_order import ColumnReading, column_major_reading
from .document_passes import (TableResult, blank_total_warnings, cell_note_warnings, failing_columns_warnings,
                              failing_rows_warnings, flow_warnings, position_order_warnings, prose_column_warnings,
                              reading_order_warnings, reused_value_warnings, row_columns_warnings,
                              sign_pinned_warnings, take_competing_reading, unread_cell_warnings)
from .field_padding import drop_padding_column, drop_spacers_past_reach
from .emit import emit_rows
from .empty_cells import place_missing_row
from .four_order import FourReading, group_order_warnings, header_order_reading, order_fails, worth_taking
from .header_columns import group_columns, table_header
from .header_merge import header_decides, merge_table, read_from_headers, unprintable_checks
from .headers.mapping import layout_to_mappings
from .hints import TokenHints, stream_hints
from .items import layout_facts, layout_to_items
from .order_warnings import search_stopped_warning
from .plans import drop_crowded_lines, split_cost, t3_format_zone, table_plans
from .prose import facts_by_key, prose_claims, prose_facts
from .resolve import resolve_rows
from .row_passes import alignment_warnings, emit_blank_rows, place_stray_values, with_other_format_rows
from .text_reread import reread_weak_tables
from .wrapped import drop_wrap_padding, join_wrapped_lines
from .zones import detect_t2_version, detect_t3_other, find_zones, zone_text


def layout_to_report(layout: Layout, name: str, settings: Settings | None = None,
                     deadline: Deadline | None = None) -> Report:
    """The report of a layout: its tables read from its grids (else its text); a PDF's tables
    the grids left unread read again from its text lines (:mod:`.text_reread`)."""
    settings = Settings.resolve(settings)
    deadline = deadline or Deadline.from_settings(settings, name)
    report = _read_layout(layout, name, settings, deadline)
    if not settings.pdf_text_reread or len(layout.text) > settings.max_text_bytes:
        return report  # (a text longer than a text input may be is not read a second time)
    return reread_weak_tables(report, layout, partial(_read_layout, name=name, settings=settings, deadline=deadline),
                              settings.max_pages)


def _read_layout(layout: Layout, name: str, settings: Settings, deadline: Deadline) -> Report:
    facts = layout_facts(layout)  # each grid's slots and value columns, for the items and the header bands
    items = layout_to_items(layout, facts)
    hints: TokenHints | None = None  # for the order alignment: made when a table first needs it
    zones = find_zones(items)
    t2_version: T2Version = detect_t2_version(zone_text(items, zones["t2"])) if "t2" in zones else "2021"
    t3_other: T3Other = detect_t3_other(zone_text(items, t3_format_zone(zones))) if "t3" in zones else "single"
    template = Template(t2_version, t3_other)
    claims = prose_claims(layout.text)  # read once: for the resolver and for the prose checks
    prose = facts_by_key(prose_facts(layout.text, claims))
    schema = load_schema()
    checks = list(schema.checks(t3_other))
    cost: float | None = None  # split_cost: only the order alignment reads it (made when a table first needs it)
    limit = settings.max_candidates // 10

    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    warnings: list[ReportWarning] = []
    tables: list[TableResult] = []
    mappings = layout_to_mappings(layout, template, facts) if layout.grids else {}
    header_tables: set[str] = set()
    # 三 read column by column and 四 under its headers, with the span of their table's warnings: made
    # only when the order reading is found unreliable (their searches are costly and rarely needed)
    column_reading: tuple[Callable[[], ColumnReading | None], int, int] | None = None
    header_reading: tuple[Callable[[], FourReading | None], int, int] | None = None
    four_groups: Callable[[dict[str, Value], dict[str, Provenance]], list[ReportWarning]] | None = None
    for table in ("t2", "t3", "t4"):
        first_warning = len(warnings)
        if table not in zones:
            # a format is read from its table (三: one 其他处理 row or three; 二: 2019 or 2021 blocks):
            # a missing table names the keys of both
            keys = list(schema.any_format_keys(table))
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
        plans, anywhere = table_plans(table, template, items, zones[table])
        tokens = [it for it in items[zones[table].start:zones[table].end] if it.kind == "value"]
        tokens, crowded = drop_crowded_lines(tokens, plans, TABLE_TITLES[table])
        warnings.extend(crowded)
        width = max(len(p.cols) for p in plans)
        if hints is None:
            hints = stream_hints(items)
        if cost is None:
            cost = split_cost(items, zones, template)
        table_hints = hints
        if table in ("t3", "t4"):
            tokens, table_hints = drop_padding_column(tokens, width, table_hints)
            tokens = drop_wrap_padding(tokens, width, items[zones[table].start:zones[table].end])
            tokens = join_wrapped_lines(tokens, items[zones[table].start:zones[table].end], plans[0].groups or (width,))
        if table == "t3":
            t3_labels = [c.label for c in schema.t3_rows[template.t3_other][0].cols]
            tokens = drop_spacers_past_reach(tokens, layout.text)
            table_hints = hint_columns_by_position(tokens, width, table_hints,
                                                   table_header(layout.text, tokens, t3_labels))
        if table == "t4" and plans[0].groups:
            t4_labels = [row.path[-1] for row in schema.t4_rows]
            table_hints = table_hints.with_columns(group_columns(layout.text, tokens, t4_labels, plans[0].groups[0]))
        table_hints = table_hints.with_line_owners([p.anchor for p in plans], items, tokens, [p.label for p in plans])
        deadline.start_table(table)
        locked, plans_left, tokens_left = lock_line_bound_rows(plans, anywhere, items, tokens, cost, limit,
                                                               deadline, table_hints)
        alignment = align_rows(tokens_left, plans_left, cost, limit, locked_order_bounds(plans, locked), deadline,
                               table_hints)
        order = {p: i for i, p in enumerate(plans)}
        alignment.rows = sorted(locked + alignment.rows, key=lambda r: order[r.plan])
        decisions = resolve_rows(alignment.rows, table_checks, prose, alignment.ties, deadline)
        tables.append(TableResult(table, zones[table], alignment, decisions))
        emit_rows(decisions, cells, provenance, warnings)
        emit_blank_rows(alignment, items, zones[table], cells, provenance, warnings)
        place_stray_values(alignment, table_checks, cells, provenance, warnings)
        if table == "t4":
            warnings.extend(place_missing_row(alignment, tokens, cells, provenance, deadline))
        row_warnings = alignment_warnings(alignment)
        warnings.extend(with_other_format_rows(row_warnings, template) if table == "t3" else row_warnings)
        zone = zones[table]
        warnings.extend(association_warnings(decisions, items, zone.start, zone.end, cells, provenance, table_checks,
                                                layout.text))
        if table == "t2":
            warnings.extend(detached_block_warnings(decisions, items, cells, provenance, prose))
        if table == "t3" and table not in mappings:
            column = partial(column_major_reading, plans, items, zone.start, zone.end, layout.text, table_checks,
                             [c.label for c in schema.t3_rows[template.t3_other][0].cols], prose,
                             deadline=deadline)
            column_reading = (column, first_warning, len(warnings))
        if table == "t4" and table not in mappings:
            four = partial(header_order_reading, plans, items[zone.start:zone.end], table_checks,
                           [c.label for c in schema.t4_rows[0].cols])
            header_reading = (four, first_warning, len(warnings))
            four_groups = partial(group_order_warnings, plans, items[zone.start:zone.end], table_checks,
                                  [c.label for c in schema.t4_rows[0].cols])
        if table in mappings:
            outcome, warnings[first_warning:] = merge_table(mappings[table], layout.source, cells, provenance,
                                                            warnings[first_warning:])
            if outcome.mode == "header":
                header_tables.add(table)
                tables.pop()

    order_warnings = reading_order_warnings(tables, items, provenance)
    four_checks = [c for c in checks if c.id.startswith("t4")]
    # 四's span of warnings lies after 三's: taken first, it leaves 三's span where it was
    for competing in (header_reading, column_reading):
        if competing is None:  # (its table read by its headers, or missing: nothing competes)
            continue
        # 四 failing a check is tried under its headers even where the other tables read row by row,
        # but only a reading that adds up replaces it there
        four_fails = competing is header_reading and order_fails(cells, four_checks)
        if order_warnings or four_fails:
            make, start, end = competing
            try:
                reading = make()
            except TimeLimitError as stop:  # (三's column search, the one that reads the clock: 三 stays as
                # read in print order, every cell doubted)
                warnings.append(search_stopped_warning("t3", stop, cells))
                continue
            if isinstance(reading, FourReading) and not (worth_taking(reading, cells, four_checks)
                                                         if order_warnings else not reading.doubt):
                continue
            if reading is not None:
                warnings, order_warnings = take_competing_reading((reading, start, end), cells, provenance, warnings,
                                                                  order_warnings)
                four_groups = None if competing is header_reading else four_groups
    if four_groups is not None:  # 四 read in print order: its groups may be in each other's place
        warnings.extend(four_groups(cells, provenance))
    if order_warnings:  # 二 printed box by box: only where the order is found unreliable
        warnings.extend(flow_warnings(tables, items, template.t2, cells, provenance))
    warnings.extend(order_warnings)
    warnings.extend(prose_column_warnings(warnings, cells, prose))
    warnings.extend(sign_pinned_warnings(tables, items, cells, provenance, warnings))
    warnings.extend(reused_value_warnings(tables, items, cells, provenance, warnings))
    warnings.extend(position_order_warnings(tables))
    unmatched = {t: m.unmatched for t, m in mappings.items() if t in header_tables and m.unmatched}
    warnings.extend(unread_cell_warnings(template, zones, header_tables, unmatched, cells, warnings))
    warnings.extend(cell_note_warnings(layout, provenance))
    if layout.grids:
        for prov in provenance.values():
            prov.mapped_by = prov.mapped_by or "order"
    template_out = template if cells else None
    results = run_checks(cells, t3_other) if cells else []
    unprintable_checks(results, cells, header_tables)
    results += prose_checks(layout.text, cells, provenance, template_out, claims)  # reported, never applied
    warnings.extend(prose_row_doubt(results, checks, cells))
    warnings.extend(blank_total_warnings(results, cells))
    warnings.extend(row_columns_warnings(checks, results, cells))
    warnings.extend(failing_columns_warnings(checks, results))
    warnings.extend(failing_rows_warnings(results, provenance))
    meta = read_identity(layout.text, name, template_out).to_meta()
    return Report(source=name, template=template_out, meta=meta, cells=cells, provenance=provenance,
                  checks=results, warnings=warnings, layout=layout,
                  trace={"items": items, "zones": zones, "tables": tables},
                  confidence_threshold=settings.confidence_threshold)
