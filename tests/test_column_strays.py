"""Values printed among 三's row labels on a line of their own (core/column_strays.py)."""

from dataclasses import dataclass

from gktables.core.align import RowPlan
from gktables.core.candidates import Column
from gktables.core.column_strays import label_run_strays, label_value_followers
from gktables.core.items import Item


@dataclass(frozen=True)
class _Printed:
    item: Item


def _stream(lines: list[list[str]]) -> tuple[list[Item], list[_Printed]]:
    pieces = [(n, p) for n, line in enumerate(lines) for p in line]
    items = [Item("value" if p.isdigit() else "label", p, "text", n, pos=k) for k, (n, p) in enumerate(pieces)]
    return items, [_Printed(it) for it in items if it.kind == "value"]


def _plans(anchors: list[int]) -> list[RowPlan]:
    return [RowPlan(f"r{n}", (f"t3.r{n}.a", f"t3.r{n}.b"), (Column("count"), Column("count")), None, a, (2,))
            for n, a in enumerate(anchors)]


def test_a_value_alone_on_its_line_before_a_label_is_that_rows_first_cell():
    items, values = _stream([["one"], ["two", "0"], ["7"], ["three"], ["5"]])
    fixed = {(1, 0): values[0]}  # "0" on two's line: two's first cell (column_order reads it so)
    assert {rc: p.item.text for rc, p in label_run_strays(_plans([0, 1, 4]), items, values, fixed).items()} == {
        (2, 0): "7"}


def test_a_value_on_a_labels_second_line_or_two_values_are_not_strays():
    # two's label printed over two lines, its value on the second: two's, not three's
    items, values = _stream([["one"], ["two"], ["label end", "7"], ["three"], ["5"]])
    assert label_run_strays(_plans([0, 1, 4]), items, values, {}) == {}
    items, values = _stream([["one"], ["7"], ["8"], ["two"], ["5"]])  # two values: a row printed along its lines
    assert label_run_strays(_plans([0, 3]), items, values, {}) == {}


def test_a_value_alone_right_after_a_label_line_value_is_that_rows_second_cell():
    # "4.保护第三方合法权益 99" / "13" / "5.属于三类内部事务信息": the label's box took the row's second cell
    items, values = _stream([["one", "99"], ["13"], ["two"], ["5"]])
    fixed = {(0, 0): values[0]}
    assert {rc: p.item.text for rc, p in label_value_followers(items, values, fixed).items()} == {(0, 1): "13"}


def test_no_follower_when_the_next_item_is_not_a_label_or_the_cell_is_read():
    items, values = _stream([["one", "99"], ["13"], ["14"], ["two"]])  # a run of values: the stream's
    assert label_value_followers(items, values, {(0, 0): values[0]}) == {}
    items, values = _stream([["one", "99", "13"], ["two"]])  # on the label's line: already the row's
    assert label_value_followers(items, values, {(0, 0): values[0], (0, 1): values[1]}) == {}
