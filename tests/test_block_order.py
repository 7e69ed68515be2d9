"""二's blocks printed labels first, values after (core/block_order.py): the prose picks the
order only when it confirms one and contradicts the other."""

from types import SimpleNamespace

from gktables.core.align import RowPlan
from gktables.core.block_order import BlockOrders, detached_block_warnings, prose_order, prose_verdict
from gktables.core.candidates import Column, Piece
from gktables.core.items import Item
from gktables.report import Provenance

KEYS = ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force",
        "t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]
# printed 0 7 0 0 0 13 under 规章 / 行政规范性文件: row by row, or column by column
ORDERS = BlockOrders("第二十条第（一）项", KEYS, [0, 7, 0, 0, 0, 13], [0, 0, 0, 7, 0, 13], [])


def test_prose_that_restates_the_column_order_picks_it():
    prose = {"t2.regulations.issued": {0}, "t2.normative_docs.issued": {7}, "t2.normative_docs.repealed": {0}}
    assert prose_order(ORDERS, prose) == [0, 0, 0, 7, 0, 13]


def test_prose_that_restates_the_row_order_keeps_it():
    prose = {"t2.regulations.repealed": {7}}
    assert prose_order(ORDERS, prose) == [0, 7, 0, 0, 0, 13]


def test_prose_about_cells_both_orders_share_decides_nothing():
    assert prose_order(ORDERS, {"t2.normative_docs.in_force": {13}, "t2.regulations.issued": {0}}) is None
    assert prose_order(ORDERS, {}) is None


def test_prose_contradicting_both_orders_decides_nothing():
    # a prose slip (the report says 8 where the table prints 7) leaves both orders open
    prose = {"t2.normative_docs.issued": {8}, "t2.regulations.repealed": {9}}
    assert prose_order(ORDERS, prose) is None


# printed 0 3 | 0 7 | 0 6: 本年废止, 现行有效, then 本年制发 (pdfminer printed the first column last)
TURNED = BlockOrders("第二十条第（一）项", KEYS, [0, 3, 0, 7, 0, 6], [0, 0, 0, 3, 7, 6], [],
                     [Piece(v, None, str(v)) for v in (0, 0, 0, 6, 3, 7)])


def test_prose_contradicting_both_orders_and_confirming_the_first_column_last_picks_it():
    prose = {"t2.regulations.issued": {0}, "t2.normative_docs.issued": {6}, "t2.normative_docs.repealed": {3},
             "t2.normative_docs.in_force": {7}}
    assert prose_order(TURNED, prose) == [0, 0, 0, 6, 3, 7]


def test_first_column_last_is_not_taken_on_silence_or_when_an_order_fits():
    assert prose_order(TURNED, {"t2.regulations.issued": {0}}) is None
    # the prose fits the column order: that order, as before
    assert prose_order(TURNED, {"t2.normative_docs.issued": {3}, "t2.normative_docs.in_force": {6}}) == \
        [0, 0, 0, 3, 7, 6]
    # the prose contradicts the turned order too: nothing decided
    assert prose_order(TURNED, {"t2.normative_docs.issued": {6}, "t2.normative_docs.in_force": {9}}) is None


def test_verdict_counts_confirmed_and_contradicted_cells():
    assert prose_verdict(KEYS, [0, 7, 0, 0, 0, 13], {"t2.regulations.repealed": {7}, KEYS[3]: {7}}) == (1, 1)


# --- no prose, no sign: which order is shown ----------------------------------------------------

def _detached(values: list[str], lines: list[int]) -> tuple[list[SimpleNamespace], list[Item], dict, dict]:
    """规章 and 行政规范性文件 printed one after the other, then ``values`` on ``lines``; the row-by-row
    reading as the cells and provenance the order alignment left."""
    items = [Item("label", "规章", "text", 0, pos=0), Item("label", "行政规范性文件", "text", 1, pos=1)]
    items += [Item("value", v, "text", 2 + line, pos=2 + i) for i, (v, line) in enumerate(zip(values, lines))]
    decisions, cells, provenance = _row_by_row(items[2:], (0, 1), 0.6)
    return decisions, items, cells, provenance


def _row_by_row(values: list[Item], anchors: tuple[int, int], confidence: float
                ) -> tuple[list[SimpleNamespace], dict, dict]:
    """The order alignment's decisions, cells and provenance for 规章 and 行政规范性文件 (their labels
    at ``anchors``), each taking the next three of ``values``, read at ``confidence``."""
    cols = (Column("count"), Column("count"), Column("count"))
    decisions, cells, provenance = [], {}, {}
    for r, (label, keys) in enumerate(zip(("规章", "行政规范性文件"), (KEYS[:3], KEYS[3:]))):
        pieces = [Piece(int(it.text), it, it.text) for it in values[3 * r:3 * r + 3]]
        decisions.append(SimpleNamespace(row=SimpleNamespace(plan=RowPlan(label, tuple(keys), cols, None, anchors[r])),
                                         reading=SimpleNamespace(pieces=pieces)))
        for key, p in zip(keys, pieces):
            cells[key] = p.value
            provenance[key] = Provenance(source="text", raw=p.raw, decided_by="printed", confidence=confidence)
    return decisions, cells, provenance


def test_values_one_a_line_show_the_column_order_with_both_candidates():
    # pdfminer: 0 0 | 7 0 | 0 13, each value a box of its own line: the column reading is shown, flagged
    decisions, items, cells, provenance = _detached(["0", "0", "7", "0", "0", "13"], [0, 1, 2, 3, 4, 5])
    out = detached_block_warnings(decisions, items, cells, provenance, {})  # type: ignore[arg-type]
    assert [cells[k] for k in KEYS] == [0, 7, 0, 0, 0, 13]
    assert [w.code for w in out] == ["ambiguous_order"]
    assert set(out[0].keys) == {KEYS[1], KEYS[2]}  # 行政规范性文件 reads 0 0 13 either way
    assert provenance[KEYS[1]].candidates == [0, 7] and provenance[KEYS[1]].confidence == 0.5
    assert provenance[KEYS[1]].raw == "7"


def test_a_row_printed_along_one_line_keeps_the_row_order_shown():
    decisions, items, cells, provenance = _detached(["0", "0", "7", "0", "0", "13"], [0, 0, 0, 1, 1, 1])
    out = detached_block_warnings(decisions, items, cells, provenance, {})  # type: ignore[arg-type]
    assert [cells[k] for k in KEYS] == [0, 0, 7, 0, 0, 13]
    assert provenance[KEYS[2]].candidates == [0, 7] and provenance[KEYS[2]].confidence == 0.5
    assert [w.code for w in out] == ["ambiguous_order"]


def test_prose_confirming_the_first_column_last_puts_it_in_the_cells():
    decisions, items, cells, provenance = _detached(["0", "3", "0", "7", "0", "6"], [0, 1, 2, 3, 4, 5])
    prose = {"t2.normative_docs.issued": {6}, "t2.normative_docs.repealed": {3}, "t2.normative_docs.in_force": {7}}
    out = detached_block_warnings(decisions, items, cells, provenance, prose)  # type: ignore[arg-type]
    assert [cells[k] for k in KEYS] == [0, 0, 0, 6, 3, 7]
    assert [w.code for w in out] == ["order_by_prose"]
    assert provenance[KEYS[3]].decided_by == "prose" and provenance[KEYS[3]].raw == "6"


def _first_column_beside_labels(values_after_first: list[str], first: str = "0"
                                ) -> tuple[list[SimpleNamespace], list[Item], dict, dict]:
    """规章, one value, then 行政规范性文件 and the rest: 规章 0 行政规范性文件 26 0 0 0 132 (pdfminer merged
    each label box with the cell beside it), each value on a line of its own; the row-by-row
    reading as the order alignment left it."""
    items = [Item("label", "规章", "text", 0, pos=0), Item("value", first, "text", 1, pos=1),
             Item("label", "行政规范性文件", "text", 2, pos=2)]
    items += [Item("value", v, "text", 3 + i, pos=3 + i) for i, v in enumerate(values_after_first)]
    decisions, cells, provenance = _row_by_row([it for it in items if it.kind == "value"], (0, 2), 1.0)
    return decisions, items, cells, provenance


def test_first_column_printed_beside_its_labels_is_read_down_the_columns_too():
    # 规章 0 | 行政规范性文件 26 0 0 0 132: column by column 0 0 0 | 26 0 132 (shown, each value on a
    # line of its own), row by row 0 26 0 | 0 0 132 — both kept as candidates, flagged
    decisions, items, cells, provenance = _first_column_beside_labels(["26", "0", "0", "0", "132"])
    out = detached_block_warnings(decisions, items, cells, provenance, {})  # type: ignore[arg-type]
    assert [cells[k] for k in KEYS] == [0, 0, 0, 26, 0, 132]
    assert [w.code for w in out] == ["ambiguous_order"]
    assert set(out[0].keys) == {KEYS[1], KEYS[3]}
    assert 26 in provenance[KEYS[3]].candidates and provenance[KEYS[3]].confidence == 0.5


def test_a_row_s_worth_between_labels_stays_row_by_row():
    # 规章 0 5 1 | 行政规范性文件 0 0 132: each label followed by its row: no column reading, no flag
    items = [Item("label", "规章", "text", 0, pos=0)]
    items += [Item("value", v, "text", 1 + i, pos=1 + i) for i, v in enumerate(["0", "5", "1"])]
    items += [Item("label", "行政规范性文件", "text", 4, pos=4)]
    items += [Item("value", v, "text", 5 + i, pos=5 + i) for i, v in enumerate(["0", "0", "132"])]
    value_items = [it for it in items if it.kind == "value"]
    cols = (Column("count"), Column("count"), Column("count"))
    decisions, cells, provenance = [], {}, {}
    for r, (label, row, anchor) in enumerate((("规章", "regulations", 0), ("行政规范性文件", "normative_docs", 4))):
        keys = tuple(f"t2.{row}.{c}" for c in ("issued", "repealed", "in_force"))
        pieces = [Piece(int(it.text), it, it.text) for it in value_items[3 * r:3 * r + 3]]
        decisions.append(SimpleNamespace(row=SimpleNamespace(plan=RowPlan(label, keys, cols, None, anchor)),
                                         reading=SimpleNamespace(pieces=pieces)))
        for key, p in zip(keys, pieces):
            cells[key] = p.value
            provenance[key] = Provenance(source="text", raw=p.raw, decided_by="printed", confidence=1.0)
    out = detached_block_warnings(decisions, items, cells, provenance, {})  # type: ignore[arg-type]
    assert out == [] and [cells[k] for k in KEYS] == [0, 5, 1, 0, 0, 132]
