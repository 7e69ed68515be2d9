"""Reconcile the header mapping (core/headers) with the order alignment, table by table.

Where the headers alone decide a table (``header_decides``: every printed row and value column read
with confidence, every value readable, nothing left that may hold a key), the table is read from
them (``read_from_headers``) and the order alignment does not run for it at all. Otherwise:
Where the headers and the order agree on every cell both map, the order's reading stays (it has
the checks' choices among OCR readings and run-together digits) and the agreeing cells are marked
``mapped_by='header'``. Where they disagree and the headers are read with confidence, the headers
win: the table is read from them, and the columns or rows the document does not print have no
keys. Where they disagree and the headers are unsure, the order's reading stays, and every cell
whose header says otherwise is flagged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter

from ..checks import evaluate
from ..report import CheckResult, Provenance, ReportWarning, Value
from ..schema import CheckSpec, RowSpec, Template, load_schema, stated_money_unit
from ..values import ParsedValue, parse_value
from .headers.mapping import KeyedCell, TableMapping

log = logging.getLogger(__name__)

UNSURE_CONFIDENCE = 0.5
# digits a space apart on one line: two numbers, not one (a number wrapped over lines is one)
_SEVERAL_NUMBERS = re.compile(r"\d[ \t\u00a0\u3000]+[+\-]?\d")


@dataclass
class MergeOutcome:
    table: str
    mode: str  # "header" (read from headers), "order" (order kept, headers agree or unsure)


def keyed_cell_to_value(kc: KeyedCell, source: str) -> tuple[KeyedCell, Value, Provenance, bool]:
    """A header-mapped cell with its value and provenance; False when its text is no value of its type
    (the cell first: the reading :func:`read_cells` keeps, made as one tuple)."""
    cell = kc.cell
    raw = cell.text
    text, value, ok, ocr_fixed = _parsed(raw, kc.key, kc.col_path) if len(raw) <= 80 else \
        _parsed.__wrapped__(raw, kc.key, kc.col_path)
    confidence = cell.confidence
    if ocr_fixed:
        confidence = min(confidence, 0.9)
    if not kc.confident or not ok:
        confidence = min(confidence, UNSURE_CONFIDENCE)
    # (every field positional, in the dataclass's order: keywords cost a call about as much as the
    # rest of it; digital text's 1.0 is its own rounding)
    prov = Provenance(source, text, confidence if confidence == 1.0 else _rounded(confidence), "printed",
                      cell.page, cell.bbox.as_list() if cell.bbox else None, None, None, "header")
    return kc, value, prov, ok


@lru_cache(maxsize=1024)  # a float's round() goes through its decimal digits; confidences repeat (1.0: digital text)
def _rounded(confidence: float) -> float:
    """A confidence as the report gives it: to 3 decimals."""
    return round(confidence, 3)


@lru_cache(maxsize=4096)  # cells repeat ('0', '/') under the same keys page after page
def _parsed(raw: str, key: str, col_path: tuple[str, ...]) -> tuple[str, Value, bool, bool]:
    """A keyed cell's text as read, its value under its key's type and its header's money unit
    (None when it is none), whether it is a value, and whether OCR's letters were mapped to digits."""
    text = raw.replace("\u00a0", " ").strip()
    parsed = parse_value(text, load_schema().value_type(key), stated_money_unit("".join(col_path)))
    if _SEVERAL_NUMBERS.search(text):  # "122 100 672": numbers of neighbouring cells run into one
        parsed = ParsedValue(None, False, parsed.ocr_fixed, f"several numbers in one cell: {text!r}")
    return text, (parsed.value if parsed.ok else None), parsed.ok, parsed.ocr_fixed


def read_cells(mapping: TableMapping, source: str) -> list[tuple[KeyedCell, Value, Provenance, bool]]:
    """Every keyed cell of the mapping read by :func:`keyed_cell_to_value`. Worked out once per
    mapping: ``header_decides`` reads them, then ``read_from_headers`` or ``merge_table`` (never
    both: each puts the provenances in the report)."""
    if mapping.readings is None:
        mapping.readings = [keyed_cell_to_value(kc, source) for kc in mapping.cells]
    return mapping.readings


def _agrees(kc: KeyedCell, value: Value, cells: dict[str, Value], provenance: dict[str, Provenance]) -> bool:
    prov = provenance.get(kc.key)
    if prov is None:
        return True  # the order did not read it: nothing to disagree with
    if prov.bbox is not None and kc.cell.bbox is not None:
        return prov.bbox == kc.cell.bbox.as_list()
    return cells.get(kc.key) == value


def header_decides(mapping: TableMapping, source: str, template: Template, checks: list[CheckSpec]) -> bool:
    """Whether the headers alone read the table: usable, every keyed cell confident and readable,
    every row of the format found (a row under a header the grids lost, such as a header alone at
    the foot of a page, is left to the order), no printed row or cell left unmatched, no column
    that may hold a key left unread. Cells whose
    reading the source doubts (OCR) also need the table's checks to hold: the order alignment may
    then choose among the OCR's other readings, which the headers cannot."""
    # (C-level getters over the keyed cells, not generators: this runs for every table)
    if not mapping.usable or mapping.unread_keys or not all(map(_CONFIDENT, mapping.cells)):
        return False
    if any(u.startswith(("row ", "cell ")) for u in mapping.unmatched) or mapping.unlabelled_rows:
        return False
    if _rows_not_found(mapping, template):
        return False
    read = read_cells(mapping, source)
    if not all(map(_READ_OK, read)):
        return False
    if all(map(_SURE, map(_CELL_CONFIDENCE, mapping.cells))) and not any(map(_CELL_ALTERNATIVES, mapping.cells)):
        return True  # (every cell's confidence 1.0 and no other reading: digital text, tested in C)
    values = {kc.key: value for kc, value, _p, _ok in read}
    return all(evaluate(c, values).passed is not False for c in checks if all(k in values for k in c.keys))


_CONFIDENT = attrgetter("confident")  # of a KeyedCell
_READ_OK = itemgetter(3)  # of a read_cells entry: whether the text is a value of its type
_CELL_CONFIDENCE = attrgetter("cell.confidence")  # of a KeyedCell
_CELL_ALTERNATIVES = attrgetter("cell.alternatives")  # of a KeyedCell
_SURE = (1.0).__le__  # a confidence of at least 1.0


def read_from_headers(mapping: TableMapping, source: str, template: Template, cells: dict[str, Value],
                      provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """The table read from its headers alone (``header_decides`` held); its warnings."""
    for kc, value, prov, _ok in read_cells(mapping, source):
        cells[kc.key], provenance[kc.key] = value, prov
    warnings = aggregate_warnings(mapping, cells)
    if mapping.unmatched:
        warnings.append(ReportWarning("header_unmatched", f"headers of {mapping.table} that name no cell of the "
                                      f"national format (their cells are not output): "
                                      f"{'; '.join(mapping.unmatched[:6])}", []))
    return warnings


def _rows_not_found(mapping: TableMapping, template: Template) -> list[RowSpec]:
    printed = mapping.printed_keys  # (a set: isdisjoint tests each key in C)
    return [r for r in load_schema().rows(template) if r.table == mapping.table and printed.isdisjoint(r.cell_keys)]


def merge_table(mapping: TableMapping, source: str, cells: dict[str, Value], provenance: dict[str, Provenance],
                table_warnings: list[ReportWarning]) -> tuple[MergeOutcome, list[ReportWarning]]:
    """Merge one table's header mapping into the order's cells (in place); return the outcome and
    the table's warnings (the order's, or the headers' when they replace it)."""
    table = mapping.table
    read = read_cells(mapping, source)
    order_keys = {k for k in cells if k.startswith(table + ".")}
    conflicts = [kc.key for kc, value, _p, _ok in read if not _agrees(kc, value, cells, provenance)]
    unprinted = sorted(order_keys - mapping.printed_keys)
    header_rows = {k.rsplit(".", 1)[0] for k in mapping.printed_keys}
    if mapping.usable:  # a column the headers say is not printed, in a row they read: the order invented it
        conflicts += [k for k in unprinted if k.rsplit(".", 1)[0] in header_rows and k not in mapping.unread_keys]
    if not conflicts:
        for kc, value, prov, ok in read:
            if kc.key not in provenance and kc.confident and ok:
                cells[kc.key], provenance[kc.key] = value, prov  # a cell the order missed
            elif kc.confident and kc.key in provenance:
                provenance[kc.key].mapped_by = "header"
        _mark_order(order_keys, provenance)
        return MergeOutcome(table, "order"), table_warnings
    if not mapping.usable:
        sure = [kc.key for kc, *_ in read if kc.confident and kc.key in conflicts]
        _mark_order(order_keys, provenance)
        if not sure:
            return MergeOutcome(table, "order"), table_warnings
        return MergeOutcome(table, "order"), table_warnings + [ReportWarning(
            "header_disagrees", f"the column and row headers of {table} place {len(sure)} cells elsewhere than the "
            f"national format's order does; the headers are not read with enough confidence to decide", sure)]
    log.info("%s: headers and order disagree on %s; read from the headers", table, conflicts[:5])
    kept = [k for k in unprinted if k.rsplit(".", 1)[0] not in header_rows or k in mapping.unread_keys]
    for k in unprinted:
        if k not in kept:  # its row is printed and read, its column is not printed
            cells.pop(k, None)
            provenance.pop(k, None)
    warnings: list[ReportWarning] = []
    if kept:
        _mark_order(set(kept), provenance)
        warnings.append(ReportWarning("header_not_read", f"cells of {table} whose row or column header was not read "
                                      "are kept"
                                      " as the national format's order placed them", kept))
    for kc, value, prov, ok in read:
        cells[kc.key], provenance[kc.key] = value, prov
        if not ok:
            warnings.append(ReportWarning("value_unreadable", f"{kc.key}: {kc.cell.text!r} is not a value", [kc.key]))
    unsure = [kc for kc, *_ in read if not kc.confident]
    if unsure:
        detail = "; ".join(f"{kc.key} ({'/'.join(kc.col_path)} × {'/'.join(kc.row_path)}): {kc.candidates}"
                           for kc in unsure[:8])
        warnings.append(ReportWarning("header_uncertain", f"headers of {table} matched without confidence: {detail}",
                                      [kc.key for kc in unsure]))
    warnings.extend(aggregate_warnings(mapping, cells))
    if mapping.unmatched:
        warnings.append(ReportWarning("header_unmatched", f"headers of {table} that name no cell of the national "
                                      f"format (their cells are not output): {'; '.join(mapping.unmatched[:6])}", []))
    return MergeOutcome(table, "header"), warnings


def aggregate_warnings(mapping: TableMapping, cells: dict[str, Value]) -> list[ReportWarning]:
    """A column printing the sum of columns left out (法人或其他组织 alone) stands in for them in the
    row's total: 自然人 + 法人或其他组织 = 总计. Where that fails, the row's cells are flagged (no check
    of the schema can be evaluated on such a row)."""
    out = []
    for agg in mapping.aggregates:
        parsed = parse_value(agg.cell.text.strip(), "count")
        if not parsed.ok:
            continue
        row = agg.row
        total_key = row.cell_key("total")
        printed = [row.cell_key(c.key) for c in row.cols if c.key != "total" and c.key not in agg.children]
        keys = [k for k in printed + [total_key] if k in cells]
        if total_key not in cells or any(row.cell_key(c) in cells for c in agg.children):
            continue
        parts = sum(v for k in printed for v in [cells.get(k)] if isinstance(v, (int, float))) + (parsed.value or 0)
        total = cells[total_key] or 0
        if parts != total:
            out.append(ReportWarning("aggregate_mismatch", f"row {row.leaf!r}: the printed columns, with "
                                     f"{agg.cell.text.strip()!r} under a parent header, add up to {parts}, "
                                     f"not to the total {total}", keys))
    return out


def _mark_order(keys: set[str], provenance: dict[str, Provenance]) -> None:
    for k in keys:
        if k in provenance and provenance[k].mapped_by is None:
            provenance[k].mapped_by = "order"


def unprintable_checks(results: list[CheckResult], cells: dict[str, Value], header_tables: set[str]) -> None:
    """A check over a cell that a header-read table does not print cannot be evaluated: its
    result becomes 'not evaluable' (passed None) rather than failing on a column left out."""
    has = cells.__contains__
    for r in results:
        if all(map(has, r.keys)):  # every cell present (most checks): none left out, tested in C
            continue
        left_out = any(k not in cells and k.split(".", 1)[0] in header_tables for k in r.keys)
        if left_out and any(k in cells for k in r.keys):
            r.passed, r.lhs, r.rhs = None, None, None
