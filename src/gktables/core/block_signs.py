"""二's blocks printed labels first whose values a sign pins to the column-by-column order.

A 第二十条 block with a change column (本年增/减) printed labels first, values after, can run row
by row or column by column; 二 has no checks to tell. A signed value (+3, －1) is a change and
nothing else: when it lands in a change column only column by column, that order is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..labels import normalize_label
from ..report import Provenance, ReportWarning, Value
from ..schema import T2_ROW_HEADER, load_schema
from ..values import NUMBER_SIGNS, parse_value
from .block_order import PROSE_CONFIDENCE, by_block
from .candidates import Column
from .items import Item
from .provenance import item_provenance
from .resolve import RowDecision

SIGNS = tuple(NUMBER_SIGNS)  # a count printed with a sign is a change (本年增/减), nothing else


@dataclass
class PinnedBlock:
    """A block printed labels first whose values can run only column by column: a signed value
    (本年增/减) lands in the change column that way and in a count column row by row."""

    block: str
    keys: list[str]
    items: list[Item]  # the printed value of each key


def sign_pinned_blocks(decisions: Sequence[RowDecision], items: Sequence[Item]) -> list[PinnedBlock]:
    """The blocks of 二 (two rows or more) whose labels are printed in one run, followed (past the
    headers and the runs of blocks whose labels come first, :func:`_block_values`) by a run of
    exactly rows × columns values in which every signed value falls in a change column when read
    column by column, and one of them in a column of counts when read row by row."""
    blocks = by_block(decisions)
    anchor_block = {d.row.plan.anchor: block for block, rows in blocks.items() for d in rows
                    if d.row.plan.anchor is not None}
    sizes = {block: sum(len(d.row.plan.keys) for d in rows) for block, rows in blocks.items()}
    out = []
    for block, rows in blocks.items():
        keys = [list(d.row.plan.keys) for d in rows]
        n_cols = len(keys[0])
        anchors = [d.row.plan.anchor for d in rows]
        if len(rows) < 2 or n_cols < 2 or any(len(k) != n_cols for k in keys) or None in anchors:
            continue
        first, last = min(a for a in anchors if a is not None), max(a for a in anchors if a is not None)
        if any(it.kind == "value" for it in items[first:last]):
            continue  # values between the labels: rows printed row by row
        values = _block_values(items, anchor_block, sizes, first, last)
        if len(values) != len(rows) * n_cols or any(it.line == items[last].line for it in values):
            continue
        k = len(rows)
        by_column = [values[c * k + r] for r in range(k) for c in range(n_cols)]
        flat = [key for row in keys for key in row]
        signed = [i for i, it in enumerate(values) if it.text.strip().startswith(SIGNS)]
        col_key = {id(it): key for key, it in zip(flat, by_column)}
        if signed and all(col_key[id(values[i])].endswith(".change") for i in signed) and any(
                not flat[i].endswith(".change") for i in signed):
            out.append(PinnedBlock(block, flat, by_column))
    return out


def _block_values(items: Sequence[Item], anchor_block: dict[int, str], sizes: dict[str, int], first: int,
                  last: int) -> list[Item]:
    """The values of the block whose row labels stand at ``first``..``last``. pdfminer may print
    several blocks' row labels in one run, then each block's caption, headers and values in turn
    (行政许可 其他… 行政处罚 行政强制 | 第二十条第（五）项 … 0 0 3 2 208 2 | 第二十条第（六）项 … 29 2 -7 …): the
    block's values are the run of values whose place after the labels is the block's among them.
    Caption and header pieces between are passed over; anything else ends the search. Each run
    passed over must hold exactly its block's cells: a block's values split by a caption printed
    among them (0 10 | 第二十条第（五）项 | 0 10 0 103) would shift every later block onto the wrong
    run, so no run is returned then."""
    block = anchor_block[first]
    start = first
    while start > 0 and items[start - 1].kind == "label" and start - 1 in anchor_block:
        start -= 1
    before = list(dict.fromkeys(anchor_block[p] for p in range(start, first)))  # blocks printed before
    pos = _past_headers(items, last + 1, anchor_block, block)
    for earlier in before:
        run = value_run(items, pos)
        if len(run) != sizes[earlier]:
            return []
        pos = _past_headers(items, pos + len(run), anchor_block, block)
    return value_run(items, pos)


def _past_headers(items: Sequence[Item], start: int, anchor_block: dict[int, str], block: str) -> int:
    """The position after the labels from ``start`` on that are pieces of a block's caption and
    column headers (第二十条第（五）项 / 上一年项目数 / 量 / 本年增/减 处理决定数量 …: pdfminer may print
    them between the row labels and the values, two neighbouring headers in one box) or row labels
    of other blocks printed in the same run (see :func:`_block_values`)."""
    headers = _t2_block_headers()
    pos = start
    while pos < len(items) and items[pos].kind == "label" and (
            anchor_block.get(pos, block) != block or items[pos].norm and any(
                items[pos].norm in h for hs in headers.values() for h in hs)):
        pos += 1
    return pos


@lru_cache(maxsize=1)
def _t2_block_headers() -> dict[str, tuple[str, ...]]:
    """Each block's caption, 二's row header and the block's column headers printed one after
    the other, normalised (both formats: one string each)."""
    schema = load_schema()
    out: dict[str, tuple[str, ...]] = {}
    for v in ("2019", "2021"):
        for b in schema.t2_blocks[v]:
            out[b.block] = out.get(b.block, ()) + (normalize_label(b.caption), normalize_label(T2_ROW_HEADER),
                                                   normalize_label("".join(c.label for c in b.cols)))
    return out


def value_run(items: Sequence[Item], start: int) -> list[Item]:
    """The values printed from ``start`` up to the next label."""
    out = []
    for it in items[start:]:
        if it.kind != "value":
            break
        out.append(it)
    return out


def take_pinned_blocks(pinned: Sequence[PinnedBlock], plans_cols: dict[str, Column], cells: dict[str, Value],
                       provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> list[ReportWarning]:
    """Read each pinned block column by column: its cells leave every warning (they were flagged
    for an order the sign settles) and one warning says how they were read."""
    out_warnings = []
    taken: set[str] = set()
    for block in pinned:
        parsed = [parse_value(item.text, plans_cols[key].type, plans_cols[key].money_unit)
                  for key, item in zip(block.keys, block.items)]
        if not all(p.ok for p in parsed):
            continue  # a value that does not fit its column: the block stays as the order reading left it
        for key, item, value in zip(block.keys, block.items, parsed):
            cells[key] = value.value
            provenance[key] = item_provenance(item, min(item.confidence, PROSE_CONFIDENCE), "check")
            taken.add(key)
        out_warnings.append(ReportWarning(
            "order_by_sign",
            f"the labels of block {block.block} are printed before its values; a signed value (本年增/减) fits "
            f"the change column only when they run column by column, which was taken", []))
    warnings[:] = [kept for w in warnings if (kept := w.without(taken)) is not None]
    return out_warnings
