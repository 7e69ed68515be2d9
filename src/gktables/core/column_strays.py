"""Values printed among 三's row labels on a line of their own (pdfminer.six's ``extract_text``, see
:mod:`.column_order`).

Text printed column by column lists 三's row labels in one run; a value printed on a label's line
is that row's first cell (column_order's ``fixed``). pdfminer may also print a value of the first
column between two labels, on its own line: the cell beside the next label, whose text box it
joined with the label above (a two-line label, ``5.要求行政机关确认或重新出具已获取信息``, whose
box reaches down beside the next row's value):

    5.要求行政机关确认或重新出具已获取信息 0
    7
    （六）其他处理

is 0 in row 19's first column and 7 in row 20's. Read in the stream, such a value would be the
first free column's first cell and shift every cell of that column by one: the column-order reading
finds no placement. So the table is read first with each such value as the first cell of the row
whose label follows it (the checks then judge the reading as any other), and, when that finds no
reading, again with the values in the stream.

A value printed alone right after a label-line value, before the next label, may instead be that
row's second cell (the label's box reached beside it, one line down):

    4.保护第三方合法权益 99
    13
    5.属于三类内部事务信息

is 13 in row 7's second column. In the stream it would come after the second column's cells of the
rows below printed before the label's box, out of that column's order. column_order tries it so
first, in its narrowest orders alone (``label_value_followers``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from .align import RowPlan
from .items import Item


class _Printed(Protocol):
    @property
    def item(self) -> Item: ...


T = TypeVar("T", bound=_Printed)


def label_run_strays(plans: Sequence[RowPlan], items: Sequence[Item], values: Sequence[T],
                     fixed: dict[tuple[int, int], T]) -> dict[tuple[int, int], T]:
    """The values (``values``: the table's printed values) printed between two row labels on a line
    with no label, right before the second label, the only value between the two but those of
    ``fixed`` (printed on a label's line): the second label's row's first cell → the value. None
    when the labels are not printed in the template's order, or that cell is in ``fixed``."""
    anchored = [(p.anchor, r) for r, p in enumerate(plans) if p.anchor is not None]
    if len(anchored) < 2 or [a for a, _ in anchored] != sorted(a for a, _ in anchored):
        return {}
    taken = {t.item.pos for t in fixed.values()}
    out: dict[tuple[int, int], T] = {}
    for (before, _), (after, row) in zip(anchored, anchored[1:]):
        between = [t for t in values if before < t.item.pos < after and t.item.pos not in taken]
        if len(between) != 1 or (row, 0) in fixed:
            continue
        t = between[0]
        line_labels = [it for it in items[before:after] if it.kind == "label" and it.line == t.item.line]
        if t.item.pos + 1 == after and not line_labels:
            out[(row, 0)] = t
    return out


def label_value_followers(items: Sequence[Item], values: Sequence[T], fixed: dict[tuple[int, int], T]
                          ) -> dict[tuple[int, int], T]:
    """The values printed right after a row's first cell read from its label's line, on a line of
    their own, right before the next label (the label's box took the row's next cell below its
    value, ``4.保护第三方合法权益 99`` / ``13`` / ``5.属于三类内部事务信息``): that row's second
    cell → the value. Read in the stream, it would come after the rows the second column printed
    before the label's box and break that column's order."""
    by_pos = {t.item.pos: t for t in values}
    taken = {t.item.pos for t in fixed.values()}
    out: dict[tuple[int, int], T] = {}
    for (row, col), first in fixed.items():
        if col != 0 or (row, 1) in fixed:
            continue
        pos = first.item.pos
        follower = by_pos.get(pos + 1)
        if follower is None or follower.item.pos in taken or pos + 2 >= len(items):
            continue
        line = follower.item.line
        alone = all(it.line != line for it in (items[pos], items[pos + 2]))
        if alone and items[pos + 2].kind == "label" and items[pos].line != line:
            out[(row, 1)] = follower
    return out
