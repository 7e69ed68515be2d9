"""二's blocks printed labels first, values after: row by row, or column by column?

pdfminer (and other converters that emit text box by text box) print a 第二十条 block's row
labels in one run and its values after them. The values may run row by row or, when each column
of cells made one text box, column by column; 二 has no checks to tell. The first column's cells
may come beside their row labels (a label box merged with the cell beside it: one value between
two labels, the other columns after the last label), which reads column by column as well as row
by row. The report's own prose often restates those cells (本年制发规章0件、行政规范性文件7件…):
when it agrees with one order and contradicts the other, that order is taken (decided by the
prose). pdfminer may also print the first column's box last (seen on fresh generated
seeds: 本年废止, 现行有效, then 本年制发). That third order is taken only when the prose
confirms it and contradicts both others. Otherwise the cells where the row and column orders
differ keep the orders' values as candidates and are flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from ..report import Provenance, ReportWarning, Value, candidate_order
from ..schema import load_schema
from .candidates import Piece
from .items import Item
from .order_warnings import OPEN_CONFIDENCE
from .resolve import RowDecision
from .provenance import item_provenance

PROSE_CONFIDENCE = 0.9


@dataclass
class BlockOrders:
    """One block's cells as read row by row (the reading given) and column by column."""

    block: str
    keys: list[str]
    by_row: list[Value]
    by_column: list[Value]
    column_pieces: list[Piece]  # the printed value of each cell in the column-by-column reading
    # column by column with the first column's values printed last (see the module's docstring)
    rotated_pieces: list[Piece] = field(default_factory=list)

    @property
    def rotated(self) -> list[Value]:
        return [p.value for p in self.rotated_pieces]


def detached_blocks(decisions: Sequence[RowDecision], items: Sequence[Item]) -> list[BlockOrders]:
    """The blocks of 二 whose labels are all printed before all their values, each value printed
    (none placed), with both readings of their values."""
    blocks = by_block(decisions)
    out = []
    for block, rows in blocks.items():
        n_cols = len(rows[0].row.plan.cols)
        if len(rows) < 2 or n_cols < 2 or any(len(d.row.plan.cols) != n_cols for d in rows):
            continue
        pieces = [p for d in rows for p in d.reading.pieces]
        printed = [(p, p.item) for p in pieces if p.item is not None]
        if len(printed) != len(pieces):
            continue
        anchors = [a for d in rows if (a := d.row.plan.anchor) is not None]
        if len(anchors) != len(rows) or not _labels_before_columns(anchors, [it.pos for _, it in printed]):
            continue  # values between labels, a row's worth or more: rows are printed row by row
        last_label = max(anchors)
        if any(it.kind == "value" and it.line == items[last_label].line for it in items if it.pos > last_label):
            continue  # the last label shares its line with values: a row of a table
        ordered = [p for p, _ in sorted(printed, key=lambda pi: pi[1].pos)]
        k = len(rows)
        keys = [key for d in rows for key in d.row.plan.keys]
        by_row = [p.value for d in rows for p in d.reading.pieces]
        column_pieces = [ordered[c * k + r] for r in range(k) for c in range(n_cols)]
        rotated = [ordered[((c - 1) % n_cols) * k + r] for r in range(k) for c in range(n_cols)]
        out.append(BlockOrders(block, keys, by_row, [p.value for p in column_pieces], column_pieces, rotated))
    return out


def _labels_before_columns(anchors: Sequence[int], values: Sequence[int]) -> bool:
    """The block's labels are all printed before its values, or each label but the last is followed
    by one value only, before the next label (the first column's cell printed beside its row's label,
    the other columns after the last label: ``行政许可 0 其他对外管理服务事项 26 0 0 0 132``), so the
    values may run column by column as well as row by row."""
    if max(anchors) < min(values):
        return True
    if list(anchors) != sorted(anchors) or min(values) < anchors[0]:
        return False
    return all(sum(1 for v in values if a < v < b) == 1 for a, b in zip(anchors, anchors[1:]))


def prose_verdict(keys: Sequence[str], values: Sequence[Value], prose: dict[str, set[int | float]]
                  ) -> tuple[int, int]:
    """(cells the prose confirms, cells it contradicts) of one reading."""
    stated = [(v, prose[k]) for k, v in zip(keys, values) if k in prose]
    agree = sum(1 for v, said in stated if v in said)
    return agree, len(stated) - agree


def prose_order(orders: BlockOrders, prose: dict[str, set[int | float]]) -> list[Value] | None:
    """The one reading the prose picks: it confirms at least one cell where the readings differ
    and contradicts none, while the other reading is contradicted. None when it does not decide."""
    differ = [i for i, (a, b) in enumerate(zip(orders.by_row, orders.by_column)) if a != b]
    keys = [orders.keys[i] for i in differ]
    row_agree, row_contra = prose_verdict(keys, [orders.by_row[i] for i in differ], prose)
    col_agree, col_contra = prose_verdict(keys, [orders.by_column[i] for i in differ], prose)
    if row_agree and not row_contra and col_contra:
        return orders.by_row
    if col_agree and not col_contra and row_contra:
        return orders.by_column
    return _rotated_order(orders, prose)


def _rotated_order(orders: BlockOrders, prose: dict[str, set[int | float]]) -> list[Value] | None:
    """The first-column-last reading, when the prose confirms it where it differs from the two
    others, contradicts it nowhere, and contradicts both others."""
    rotated = orders.rotated
    if not rotated:
        return None
    differ = [i for i, v in enumerate(rotated) if v != orders.by_row[i] or v != orders.by_column[i]]
    keys = [orders.keys[i] for i in differ]
    agree, contra = prose_verdict(keys, [rotated[i] for i in differ], prose)
    _, row_contra = prose_verdict(orders.keys, orders.by_row, prose)
    _, col_contra = prose_verdict(orders.keys, orders.by_column, prose)
    if agree and not contra and row_contra and col_contra:
        return rotated
    return None


def detached_block_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], cells: dict[str, Value],
                            provenance: dict[str, Provenance], prose: dict[str, set[int | float]]
                            ) -> list[ReportWarning]:
    """Decide each detached block's order by the prose where it can (the cells it moves become
    decided by the prose), and give the cells where the orders differ both values as candidates
    where it cannot."""
    out = []
    for orders in detached_blocks(decisions, items):
        chosen = prose_order(orders, prose)
        if chosen is not None and chosen != orders.by_row and chosen != orders.by_column:  # first col last
            if _take(orders, provenance, cells, orders.rotated_pieces):
                out.append(ReportWarning(
                    "order_by_prose",
                    f"the labels of block {orders.block} are printed before its values; the report's prose "
                    f"restates them column by column with the first column printed last, which was taken", []))
            continue
        if chosen is orders.by_column:
            moved = _take(orders, provenance, cells)
            if moved:
                out.append(ReportWarning(
                    "order_by_prose",
                    f"the labels of block {orders.block} are printed before its values; the report's prose "
                    f"restates them in the column-by-column order, which was taken", []))
            continue
        if chosen is orders.by_row:
            continue
        shown_by_column = one_value_a_line(orders)
        if shown_by_column:
            _take(orders, provenance, cells)
        flagged = []
        # flagged: the cells the row and column orders dispute, as ever; the first-column-last
        # order's value joins their candidates
        rotated = orders.rotated or orders.by_column
        for key, mine, across, turned in zip(orders.keys, orders.by_row, orders.by_column, rotated):
            if mine != across:
                prov = provenance[key]
                prov.candidates = candidate_order({mine, across, turned})
                prov.confidence = min(prov.confidence, OPEN_CONFIDENCE)
                prov.decided_by = "inferred"
                flagged.append(key)
        if flagged:
            shown = "the column-by-column one (each value printed on a line of its own)" if shown_by_column \
                else "the row-by-row one"
            out.append(ReportWarning(
                "ambiguous_order",
                f"the labels of block {orders.block} are printed before its values, which may run row by row or "
                f"column by column; the cells where the two orders differ have both as candidates, {shown} "
                f"shown", flagged))
    return out


def one_value_a_line(orders: BlockOrders) -> bool:
    """Whether each of the block's values is printed on a line of its own. A converter that prints
    a row's cells along one line (row by row) puts several on a line; pdfminer writes a box per cell
    or per column of cells, and merges the nearest boxes first: a table's cells are wider than
    tall, so a column's cells come together, one a line, and the values run column by column."""
    lines = [p.item.line for p in orders.column_pieces if p.item is not None]
    return len(lines) == len(orders.column_pieces) and len(set(lines)) == len(lines)


def _take(orders: BlockOrders, provenance: dict[str, Provenance], cells: dict[str, Value],
          pieces: list[Piece] | None = None) -> list[str]:
    """Put the column-by-column values (or ``pieces``) in their cells, with the provenance of the
    printed value."""
    moved = []
    for key, mine, piece in zip(orders.keys, orders.by_row, pieces or orders.column_pieces):
        item = piece.item
        if mine == piece.value or item is None:
            continue
        cells[key] = piece.value
        provenance[key] = item_provenance(item, min(item.confidence, PROSE_CONFIDENCE), "prose", raw=piece.raw)
        moved.append(key)
    return moved


def unplaced_block_keys(decisions: Sequence[RowDecision], items: Sequence[Item]) -> list[str]:
    """The cells of 二's blocks the order alignment could not place by their labels: neither printed
    labels first (``detached_blocks``, read by their own orders) nor each row's label followed by
    a value (printed row by row)."""
    detached = {k for b in detached_blocks(decisions, items) for k in b.keys}
    blocks = by_block(decisions)
    out = []
    for rows in blocks.values():
        if _printed_row_by_row(rows, items):
            continue
        out += [k for d in rows for k in d.row.plan.keys if k not in detached]
    return out


def signed_apart_block_keys(decisions: Sequence[RowDecision], items: Sequence[Item]) -> list[str]:
    """The cells of 二's blocks with a change column (本年增/减, where a sign may print) in which some
    row's label is not followed by a value: their values were printed apart from their labels."""
    blocks = by_block(decisions)
    out = []
    for rows in blocks.values():
        keys = [k for d in rows for k in d.row.plan.keys]
        if not any(k.endswith(".change") for k in keys) or _printed_row_by_row(rows, items):
            continue
        out += keys
    return out


def by_block(decisions: Sequence[RowDecision]) -> dict[str, list[RowDecision]]:
    """二's row decisions grouped by their 第二十条 block, in print order."""
    blocks: dict[str, list[RowDecision]] = {}
    for d in decisions:
        blocks.setdefault(_block_of(d), []).append(d)
    return blocks


def _printed_row_by_row(rows: Sequence[RowDecision], items: Sequence[Item]) -> bool:
    """Whether each row's label is followed by a value."""
    anchors = [d.row.plan.anchor for d in rows]
    return all(a is not None and a + 1 < len(items) and items[a + 1].kind == "value" for a in anchors)


def _block_of(d: RowDecision) -> str:
    return _t2_block_by_keys().get(d.row.plan.keys, d.row.plan.label)


@lru_cache(maxsize=1)
def _t2_block_by_keys() -> dict[tuple[str, ...], str]:
    schema = load_schema()
    return {r.cell_keys: r.block for v in ("2019", "2021") for r in schema.t2_rows(v) if r.block}
