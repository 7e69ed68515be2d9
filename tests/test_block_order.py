"""二's blocks printed labels first, values after (core/block_order.py): the prose picks the
order only when it confirms one and contradicts the other."""

from gktables.core.block_order import BlockOrders, prose_order, prose_verdict

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


def test_verdict_counts_confirmed_and_contradicted_cells():
    assert prose_verdict(KEYS, [0, 7, 0, 0, 0, 13], {"t2.regulations.repealed": {7}, KEYS[3]: {7}}) == (1, 1)
