"""Passes over the whole document once every table is read: the reading-order flag (and the
competing readings it lets in), 二's sign-pinned blocks, the cells no table read, the sources' cell
notes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import attrgetter, not_

from ..layout import CELL_NOTES, Layout
from ..report import CheckResult, Provenance, ReportWarning, Value
from ..schema import TABLE_TITLES, CheckSpec, T2Version, Template, load_schema
from .align import Alignment
from .column_tokens import num
from .block_flow import flow_reading, signs_confirm, take_flow_reading
from .block_order import signed_apart_block_keys, unplaced_block_keys
from .block_reuse import reread_reused_rows
from .block_signs import sign_pinned_blocks, take_pinned_blocks
from .column_order import ColumnReading
from .four_order import FourReading
from .items import Item
from .resolve import RowDecision
from .zones import Zone

LABEL_VALUE_TURNS_MIN = 0.7  # per row; text read row by row has about 1, pdfminer's 0.04–0.65
ORDERED_LABELS_MIN = 0.6  # share of 三's labels directly followed by values, below which order is unreliable


@dataclass
class TableResult:
    """A table read by the order alignment: where it was, how its tokens were aligned, how its
    rows were resolved (the report's trace keeps these)."""

    table: str
    zone: Zone
    alignment: Alignment
    decisions: list[RowDecision]


def reading_order_warnings(tables: list[TableResult], items: list[Item],
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


def take_competing_reading(competing: tuple[ColumnReading | FourReading, int, int], cells: dict[str, Value],
                            provenance: dict[str, Provenance], warnings: list[ReportWarning],
                            order_warnings: list[ReportWarning]) -> tuple[list[ReportWarning], list[ReportWarning]]:
    """A competing reading of a table (三 column by column, 四 under its headers), taken when the
    row-by-row order is found unreliable: it passed every check of its table, which the order
    reading is not trusted to (or, shown flagged, it reads 四 where the order's reading fails too).
    Its cells replace the table's, the warnings of the table's order reading go, and the order
    warning keeps the other tables."""
    reading, start, end = competing
    cells.update(reading.cells)
    provenance.update(reading.provenance)
    taken = set(reading.cells)
    kept = warnings[:start] + warnings[end:] + reading.warnings()
    rest = [left for w in order_warnings if w.keys and (left := w.without(taken)) is not None]
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


def position_order_warnings(tables: list[TableResult]) -> list[ReportWarning]:
    """A PDF row's values are taken in reading order, line by line: a value printed on a line of its
    own above or below the row's (a two-line cell centred on the row: '155019282' over '元') comes
    first or last whatever its column. Where a row's values, in the order of the columns given them,
    step back across the page from one line to another, two of them may be swapped: the row is
    flagged (the order of their boxes says which reading is likelier; no check of 二 can)."""
    out = []
    for table in tables:
        for decision in table.decisions:
            placed = [(p.item, key) for p, key in zip(decision.reading.pieces, decision.row.plan.keys)
                      if p.item is not None and p.item.bbox is not None]
            back = [(a, b) for (a, _), (b, _) in zip(placed, placed[1:]) if a.line != b.line and a.page == b.page
                    and a.bbox is not None and b.bbox is not None and b.bbox.x1 <= a.bbox.x0]
            if back:
                keys = [key for _, key in placed]
                out.append(ReportWarning(
                    "columns_against_position", f"row {decision.row.plan.label!r}: its values were given columns in "
                    f"the order they were read, but {back[0][1].text!r} stands left of {back[0][0].text!r} on "
                    "the page: the two may be in each other's column", keys))
    return out


def prose_column_warnings(warnings: list[ReportWarning], cells: dict[str, Value],
                          prose: dict[str, set[int | float]]) -> list[ReportWarning]:
    """三 read column by column places its columns by print order and headers alone: no check tells
    自然人 from 商业企业 (swapping two columns keeps every sum). Where the report's prose states a
    cell of 三 that such a reading contradicts, the columns may be in each other's place: every
    cell of 三 but its 总计 is flagged (whole columns swapped stay silent otherwise)."""
    if not any(w.code == "column_order_read" for w in warnings):
        return []
    against = sorted(k for k, stated in prose.items()
                     if k.startswith("t3.") and k in cells and stated and cells[k] not in stated)
    if not against:
        return []
    swapped = all(_swap_explains(k, prose[k], cells) for k in against)
    keys = [k for k in cells if k.startswith("t3.") and not (swapped and k.endswith(".total"))]
    said = "; ".join(f"{k} {sorted(prose[k])[0]} (read {cells[k]})" for k in against[:3])
    return [ReportWarning("column_contradicts_prose", f"三 was read column by column and the report's prose "
                          f"states otherwise ({said}): two of its columns may be in each other's place", keys)]


def blank_total_warnings(results: Sequence[CheckResult], cells: dict[str, Value]) -> list[ReportWarning]:
    """三's 总计 blank in every row while rows' totals fail: not a column printed blank but one cut
    off (a print clipped at the page's edge loses its last column first). Its rows of zeros add up
    with their blank total, so their checks pass: every cell of the column is flagged, not only
    those of the failing rows. (Another column blank throughout is a column printed blank, 科研机构
    with no applicant: a failing check through it is the rest of its row's.)"""
    keys = [k for k in cells if k.startswith("t3.") and k.endswith(".total")]
    failing = {k for r in results if r.passed is False for k in r.keys}
    if not keys or any(cells[k] is not None for k in keys) or not failing.intersection(keys):
        return []
    return [ReportWarning("column_total_blank", "三's 总计 is blank in every row, yet rows' totals fail: the column "
                          "may be cut off rather than printed blank, so each of its cells is to check", keys)]


ROW_TOTAL = "t3.row_total."
BALANCE = "t3.balance."  # 一 + 二 = 三(七) + 四, down each column of 三
COLUMN_CHECKS = (BALANCE, "t3.result_sum.")  # 三's checks down a column, across rows


def row_columns_warnings(checks: Sequence[CheckSpec], results: Sequence[CheckResult],
                         cells: dict[str, Value]) -> list[ReportWarning]:
    """三's rows that add up while their values, put in other columns of the row, would make more of
    the column checks through them hold: a row's values moved among its columns (a converter printing
    them in another order) keep its total, and a column check may still pass through one of them by
    chance (another row's misreading cancelling it). Every cell of such a row is flagged, those whose
    column checks pass too (a failing check flags only its own cells)."""
    holding = {r.id for r in results if r.passed}
    # each column check's gap as read (right side less left), the cells its sums need
    gaps = {r.id: r.rhs - r.lhs for r in results if r.lhs is not None and r.rhs is not None}
    columns = [(c, gaps[c.id]) for c in checks if c.id.startswith(COLUMN_CHECKS) and c.id in gaps]
    out = []
    for row in checks:
        if not row.id.startswith(ROW_TOTAL) or row.id not in holding:
            continue
        parts = [k for k in row.keys if not k.endswith(".total")]
        needs = {k: {_needed(k, c, gap, cells) for c, gap in columns if k in c.keys} for k in parts}
        if all(not need or need == {num(cells.get(k))} for k, need in needs.items()):
            continue  # every column check through the row holds
        if _matches_possible(parts, needs, cells) > sum(needs[k] == {num(cells.get(k))} for k in parts):
            out.append(ReportWarning(
                "row_columns_doubt", f"三's row {_row_name(row)} adds up, but its values put in other columns of "
                f"the row would make more of the column checks through it hold: they may stand in each other's "
                f"columns (a row's total holds in any order), so none of its cells is sure", list(row.keys)))
    return out


def _row_name(row_total: CheckSpec) -> str:
    """The row of 三 a row-total check is about, as its keys' prefix ('t3.new')."""
    return "t3." + row_total.id[len(ROW_TOTAL):]


MIN_FAILING_COLUMNS = 3  # cells of a balance row in failing balances from which the whole row is doubted


def failing_columns_warnings(checks: Sequence[CheckSpec], results: Sequence[CheckResult]) -> list[ReportWarning]:
    """三's balance rows (一, 二, 三(七), 四) most of whose cells sit in failing balance checks (at least
    MIN_FAILING_COLUMNS): the row's values were likely read into other columns, or the other balance
    rows misread, and a balance that still holds through one of its cells may hold by chance (two
    misread cells of one column cancelling: 252 + 0 = 252 + 0 where the report printed 252 + 6 =
    252 + 6). Every cell of such a row is flagged (a failing check flags only its own cells). (The
    results' sums run through twenty rows: failing, they name no row.)"""
    failing = {k for r in results if r.passed is False and r.id.startswith(BALANCE) for k in r.keys}
    checked = {k for c in checks if c.id.startswith(BALANCE) for k in c.keys}
    out = []
    for row in checks:
        if not row.id.startswith(ROW_TOTAL):
            continue
        columns = [k for k in row.keys if k in checked]
        bad = [k for k in columns if k in failing]
        if len(bad) >= MIN_FAILING_COLUMNS and len(bad) >= MOSTLY_FAILING * len(columns) and len(bad) < len(columns):
            out.append(ReportWarning(
                "row_columns_failing", f"the balance checks (一 + 二 = 三(七) + 四) fail through {len(bad)} of the "
                f"{len(columns)} cells of 三's row {_row_name(row)}: its values may stand in other columns or rows, "
                f"and the balances that hold through its other cells may hold by chance", list(row.keys)))
    return out


MOSTLY_FAILING = 0.5  # share of 三's row totals failing from which rows adding up through cut digits are doubted
MIN_FAILING = 4  # …and at least this many failing (a few real errors in a report are the report's)


def failing_rows_warnings(results: Sequence[CheckResult], provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """三's rows that add up through digits cut apart, in a table most of whose rows do not add up: the
    text's rows were not read as printed (digits cut in the wrong places, values shifted along the
    row), and a cut made the same wrong way can still add up by chance ('147' cut into 1, 4, 7 beside a
    total of 12, its columns' checks passing as the shifted column's values cancel). Such rows are
    flagged whole. (A report whose rows fail as printed, each cell read whole, is the report's error.)"""
    rows = [r for r in results if r.id.startswith(ROW_TOTAL) and r.passed is not None]
    failing = sum(1 for r in rows if r.passed is False)
    if failing < MIN_FAILING or failing < MOSTLY_FAILING * len(rows):
        return []
    cut = [k for r in rows if r.passed and _has_cut_cells(r.keys, provenance) for k in r.keys]
    if not cut:
        return []
    return [ReportWarning("rows_mostly_failing", f"{failing} of 三's {len(rows)} rows do not add up: the text's "
                          "rows were not read as printed, so the rows that add up through digits cut apart may "
                          "do so by chance (cut the same wrong way)", cut)]


def _has_cut_cells(keys: Sequence[str], provenance: dict[str, Provenance]) -> bool:
    """Whether two of the cells were cut out of one printed string (run-together digits)."""
    spans = [provenance[k].span for k in keys if k in provenance and provenance[k].span is not None]
    return len(set(spans)) < len(spans)


def _needed(key: str, check: CheckSpec, gap: int | float, cells: dict[str, Value]) -> int | float:
    """The value ``key`` would need for ``check`` to hold (``gap``: its right side less its left, as
    read), the check's other cells as read."""
    mine = num(cells.get(key))
    return mine + gap if key in check.lhs else mine - gap


def _matches_possible(parts: Sequence[str], needs: dict[str, set[int | float]], cells: dict[str, Value]) -> int:
    """How many of the row's cells could meet their column checks' needs with the row's values
    dealt among them in the best order (each value once)."""
    values = Counter(num(cells.get(k)) for k in parts)
    wanted = Counter(next(iter(need)) for k in parts if len(need := needs[k]) == 1)
    return sum(min(n, values[v]) for v, n in wanted.items())


def _swap_explains(key: str, stated: set[int | float], cells: dict[str, Value]) -> bool:
    """Whether the stated value of a contradicted cell stands in another non-total column of its
    row, as two columns swapped would leave it. Otherwise (a total contradicted, or a value no column
    of its row holds) the rows may have slid: 总计 is no safer than the other columns."""
    row, column = key.rsplit(".", 1)
    others = (c.key for c in load_schema().t3_cols if c.key not in (column, "total"))
    return column != "total" and any(cells.get(f"{row}.{other}") in stated for other in others)


def sign_pinned_warnings(tables: list[TableResult], items: list[Item], cells: dict[str, Value],
                 provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> list[ReportWarning]:
    """二's blocks printed labels first whose signed values pin the column-by-column order."""
    t2 = _t2(tables)
    if t2 is None:
        return []
    pinned = sign_pinned_blocks(t2.decisions, items)
    if not pinned:
        return []
    cols = {k: c for d in t2.decisions for k, c in zip(d.row.plan.keys, d.row.plan.cols)}
    return take_pinned_blocks(pinned, cols, cells, provenance, warnings)


def reused_value_warnings(tables: list[TableResult], items: list[Item], cells: dict[str, Value],
                          provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> list[ReportWarning]:
    """二's rows left holding a value another row holds, read anew (``block_reuse``)."""
    t2 = _t2(tables)
    return [] if t2 is None else reread_reused_rows(t2.decisions, items, cells, provenance, warnings)


def _t2(tables: list[TableResult]) -> TableResult | None:
    return next((t for t in tables if t.table == "t2"), None)


# The core's own scale: a reading it is sure of gets at least 0.9 (0.9 when placed by order and the
# checks); below, the core itself doubted it. Not the user's flag threshold (Settings), which must
# not change which value is shown.
DOUBTED = 0.9


def flow_warnings(tables: list[TableResult], items: list[Item], version: T2Version, cells: dict[str, Value],
                  provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """二 printed box by box: the cells of blocks its order could not place shown as read down the
    columns their headers name (``block_flow``), when that reading fills every cell of 二."""
    t2 = _t2(tables)
    if t2 is None:
        return []
    keys = unplaced_block_keys(t2.decisions, items)
    flow = flow_reading(items[t2.zone.start:t2.zone.end], version) if keys else None
    if flow is None:
        return []
    if signs_confirm(flow):  # the blocks the signs speak for, printed apart: their cells in doubt take it too
        keys = list(keys) + [k for k in signed_apart_block_keys(t2.decisions, items) if k not in keys
                             and k in flow and k in provenance and provenance[k].confidence < DOUBTED]
    return take_flow_reading(flow, keys, version, cells, provenance)


def unread_cell_warnings(template: Template, zones: dict[str, Zone], header_tables: set[str],
                          unmatched: dict[str, list[str]], cells: dict[str, Value],
                          warnings: list[ReportWarning]) -> list[ReportWarning]:
    """A safety net: every cell of a table that was found is either read or named by a warning. A
    key left out of the output with no word (a search cut short, a row the alignment dropped) would
    be a silent error. A table read by its headers leaves out the columns and rows its headers say
    are not printed, unless some header matched nothing: that header may be a misread of the
    missing cells' own (a garbled 科研机构), so they are named; 三's and 四's columns and rows are
    named too (every report prints them: one missing was cut off or lost)."""
    named = {k for w in warnings for k in w.keys}
    schema = load_schema()  # cached
    out = []
    for table in zones:
        if table in header_tables and table not in unmatched:
            parts = _read_parts(schema.table_keys(template, table), cells)
            out.extend(_holes_in_read_rows(parts, named, table))
            if table != "t2":  # (二's blocks have columns of their own: a block's column is no table column)
                out.extend(_lines_not_found(parts, named, table))
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


class _ReadParts(NamedTuple):
    """A table's keys, each key's row and column, which keys were read, and the rows and columns read."""

    keys: tuple[str, ...]
    row_of: tuple[str, ...]
    col_of: tuple[str, ...]
    read: list[bool]
    rows: set[str]
    cols: set[str]


def _read_parts(keys: Sequence[str], cells: dict[str, Value]) -> _ReadParts:
    keys, row_of, col_of = _key_parts(tuple(keys))
    # (which keys were read, and their rows and columns, by map() and compress() in C: most keys are)
    read = list(map(cells.__contains__, keys))
    return _ReadParts(keys, row_of, col_of, read, set(compress(row_of, read)), set(compress(col_of, read)))


def _holes_in_read_rows(parts: _ReadParts, named: set[str], table: str) -> list[ReportWarning]:
    """A table read by its headers: a cell whose row was read and whose column was read in other
    rows (in 二, a cell of a block that was read) was printed (what the headers leave out is a
    whole column or row), so not reading it is no 'not printed' (a row printed with fewer cells
    than the table, or a grid misjoined)."""
    # 二's blocks each have columns of their own (采购总金额 only under 政府集中采购): a block read
    # without one of its cells left that cell unread, whatever the other blocks read.
    holes = [k for k, row, col in compress(zip(parts.keys, parts.row_of, parts.col_of), map(not_, parts.read))
             if k not in named and row in parts.rows and (table == "t2" or col in parts.cols)]
    if not holes:
        return []
    where = "the rest of their blocks was read" if table == "t2" else "their rows and columns were read elsewhere"
    return [ReportWarning("cells_not_read", f"{len(holes)} cells of table {TABLE_TITLES[table]} were not read "
                                            f"though {where}", holes)]


def _lines_not_found(parts: _ReadParts, named: set[str], table: str) -> list[ReportWarning]:
    """A table read by its headers whose headers name no column (or row) of the national format
    where every report prints one: 三 printed wider than the page, its 总计 column cut off at the
    edge, reads as a table without that column. Its cells are not in the output; they are named,
    so that no one takes the table for complete."""
    if not parts.rows:
        return []
    lost_cols = list(dict.fromkeys(c for c in parts.col_of if c not in parts.cols))
    lost_rows = list(dict.fromkeys(r for r in parts.row_of if r not in parts.rows))
    unread = [k for k, row, col in zip(parts.keys, parts.row_of, parts.col_of)
              if k not in named and (row in lost_rows or col in lost_cols)]
    if not unread:
        return []
    lines = ([f"columns {lost_cols}"] if lost_cols else []) + ([f"rows {lost_rows[:6]}"] if lost_rows else [])
    return [ReportWarning("cells_not_read", f"{len(unread)} cells of table {TABLE_TITLES[table]} were not found: its "
                                            f"headers name no {' and no '.join(lines)} (cut off at the page's edge, "
                                            "or left out of the print)", unread)]


_NOTES = attrgetter("notes")  # of a GridCell


@lru_cache(maxsize=16)  # a table's keys under a template (the schema's, so a few tuples in all)
def _key_parts(keys: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The keys, each key's row and each key's column ('t3.result.total.natural' → 't3.result.total',
    'natural')."""
    split = [k.rsplit(".", 1) for k in keys]
    return keys, tuple(row for row, _col in split), tuple(col for _row, col in split)


def cell_note_warnings(layout: Layout, provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """One warning per note code a source attached to grid cells, on the keys read from those cells.

    A key is read from a cell when its provenance names the cell's page and box.
    """
    places: dict[str, set[tuple[int | None, tuple[float, ...]]]] = {}
    for grid in layout.grids:
        if not any(map(_NOTES, grid.cells)):  # (only OCR notes cells: one C pass over the rest's grids)
            continue
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
