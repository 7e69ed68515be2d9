"""二 printed box by box (pdfminer.six, large print and landscape pages): values down the columns
their headers name.

When 二's blocks do not fit a page row by row, pdfminer prints each column header's box with the
cells under it, and the blocks' boxes interleave (``上一年项目数量 101 | 其他对外管理服务事项 | 7 |
本年增/减 处理决定数量 | 0 | －1 | 463 | 5``: 上一年项目数量 of both rows, then 本年增/减's and 处理决定数量's).
Reading, like a pen: a run of header names sends the values after it down those columns (the
first cells left empty, column by column); a column's nth header printed is the nth block's with
that column; values after other text continue in the block of the last header, column by column,
and once it is full in the next block (landscape pages print a one-row block's values, 行政事业性收费
0 +3, before its headers).
A reading is offered only when it fills every cell of 二 exactly. 二 has no checks, so it stays
an order reading: it only changes which value is shown in blocks the order alignment could not
place (labels not followed by their values), every such cell keeps the other value as a
candidate and stays flagged.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..report import Provenance, ReportWarning, Value, candidate_order
from ..schema import RowSpec, T2Version, load_schema
from ..values import parse_value
from .block_signs import SIGNS
from .items import Item
from .provenance import item_provenance

FLOW_CONFIDENCE = 0.5  # shown by print order alone, the row-by-row reading a candidate


def flow_reading(zone: Sequence[Item], version: T2Version) -> dict[str, Item] | None:
    """二's cells read down the columns their headers name (see the module's doc), or None when the
    values do not fill the cells exactly (a value with no block yet, or with no empty cell left).
    When the pen's reading does not fill them, the landscape one is tried (:func:`_flow`, ``late``)."""
    return _flow(zone, version, late=False) or _flow(zone, version, late=True)


def _flow(zone: Sequence[Item], version: T2Version, late: bool) -> dict[str, Item] | None:
    """The flow reading. ``late``: pdfminer on landscape pages may print a header run, then row
    labels, then fewer values than the headers' columns hold: those are the last columns' (行政处罚
    行政强制 … | 1 8 21 16: 本年增/减 and 处理决定数量); the first column's follow later, after other
    blocks' boxes, so a value past its headers' cells goes to the first block with an empty cell."""
    blocks: dict[str, list[RowSpec]] = {}
    for row in load_schema().t2_rows(version):
        if row.block:
            blocks.setdefault(row.block, []).append(row)
    named: dict[str, list[tuple[str, int]]] = {}  # header -> (block, column) of each block with it, in order
    for name, rows in blocks.items():
        for c, col in enumerate(rows[0].cols):
            named.setdefault(col.label, []).append((name, c))
    printed = dict.fromkeys(named, 0)
    filled: dict[str, Item] = {}
    targets: list[str] = []  # cells the last headers name, column by column
    block: str | None = None
    pending = ""
    last_label = -2
    row_labels = [r.path[-1] for rows in blocks.values() for r in rows]
    for n, it in enumerate(zone):
        if it.kind != "value":
            pending += "".join(it.text.split())
            last_label = it.line
            continue
        if pending:
            heads = _headers_in(pending, named, printed)
            targets = [k for b, c in heads for k in _column_keys(blocks[b], c)]
            if late and heads and _labels_after_headers(pending, named, row_labels):
                run = next((m for m, later in enumerate(zone[n:]) if later.kind != "value"), len(zone) - n)
                targets = targets[-run:]
            if heads and it.line == last_label + 1:
                # in its header's box (no blank line between): that column's first cell; the boxes
                # after it are the cells left, column by column
                targets = [k for k in _column_keys(blocks[heads[-1][0]], heads[-1][1]) if k not in filled][:1]
            block = heads[-1][0] if heads else block
            pending = ""
        if block is None:
            return None
        if late and not any(k not in filled for k in targets):
            block = next((b for b in blocks if any(k not in filled for k in _column_keys(blocks[b]))), block)
        key = next((k for k in targets + _column_keys(blocks[block]) if k not in filled), None)
        if key is None:  # the block is full: a block whose headers are printed after its values
            block, key = _next_block_cell(blocks, block, filled)
        if key is None:
            return None
        filled[key] = it
        if it.line == last_label + 1:
            targets = []  # a value in its header's box: the boxes after it are not that header's
    every = {r.cell_key(c.key) for rows in blocks.values() for r in rows for c in r.cols}
    return filled if set(filled) == every else None


def signs_confirm(flow: dict[str, Item]) -> bool:
    """Whether the reading puts a signed value (本年增/减) somewhere and every one in a change column:
    a sign is printed on a change, nothing else."""
    signed = [k for k, it in flow.items() if it.text.strip().startswith(SIGNS)]
    return bool(signed) and all(k.endswith(".change") for k in signed)


def _next_block_cell(blocks: dict[str, list[RowSpec]], block: str, filled: dict[str, Item]
                     ) -> tuple[str, str | None]:
    """The first empty cell (column by column) of the blocks after ``block``, and its block."""
    names = list(blocks)
    for name in names[names.index(block) + 1:]:
        key = next((k for k in _column_keys(blocks[name]) if k not in filled), None)
        if key is not None:
            return name, key
    return block, None


def _headers_in(text: str, named: dict[str, list[tuple[str, int]]], printed: dict[str, int]
                ) -> list[tuple[str, int]]:
    """The (block, column) of each header printed in ``text``; ``printed`` counts them."""
    names = sorted(named, key=len, reverse=True)  # 本年处理决定数量 before 处理决定数量
    out = []
    i = 0
    while i < len(text):
        name = next((n for n in names if text.startswith(n, i)), None)
        if name is None:
            i += 1
            continue
        nth = printed[name]
        printed[name] += 1
        if nth < len(named[name]):
            out.append(named[name][nth])
        i += len(name)
    return out


def _labels_after_headers(text: str, named: dict[str, list[tuple[str, int]]], row_labels: Sequence[str]) -> bool:
    """Whether ``text`` prints a row label of 二 after its last column header."""
    end = max((text.rfind(name) + len(name) for name in named if name in text), default=0)
    return any(label in text[end:] for label in row_labels)


def _column_keys(rows: Sequence[RowSpec], col: int | None = None) -> list[str]:
    """A block's cells column by column (one column's when ``col`` is given)."""
    cols = range(len(rows[0].cols)) if col is None else (col,)
    return [r.cell_key(r.cols[c].key) for c in cols for r in rows]


def take_flow_reading(flow: dict[str, Item], keys: Sequence[str], version: T2Version, cells: dict[str, Value],
                      provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """Show the flow reading's value in ``keys`` (cells of blocks the order alignment could not
    place), the value shown before kept as a candidate; nothing when a value does not fit its column."""
    cols = {r.cell_key(c.key): c for r in load_schema().t2_rows(version) for c in r.cols}
    parsed = {k: parse_value(flow[k].text, cols[k].type, cols[k].money_unit) for k in keys}
    if not all(p.ok for p in parsed.values()):
        return []
    moved = []
    for key in keys:
        value, item = parsed[key].value, flow[key]
        if key in cells and cells[key] == value:
            continue
        before = cells.get(key)
        cells[key] = value
        provenance[key] = item_provenance(item, FLOW_CONFIDENCE, "inferred",
                                          candidates=candidate_order({value, before}))
        moved.append(key)
    if not moved:
        return []
    return [ReportWarning(
        "header_flow_order",
        "二 is printed box by box (each column header with the cells under it); these cells were read down "
        "the columns their headers name, by print order alone: the value the rows' order gave is a candidate",
        moved)]
