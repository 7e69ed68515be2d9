"""其他 and 总计 printed as a grouped pair, and runs cut before their last rows (core/column_pairs.py),
on small hand-built streams."""

from dataclasses import replace

from gktables.core import column_pairs
from gktables.core.align import RowPlan
from gktables.core.column_order import ColumnReading, column_major_reading
from gktables.core.column_pairs import (CUT, LAST, PAIRED, TRIPLE, grouped_rows, head_parts, moved_anywhere,
                                        pair_groupings, pair_orders, segment_rows, tail_orders, triple_groupings,
                                        triple_orders)
from gktables.core.items import Item
from gktables.schema import CheckSpec

from .column_streams import stream_checks, stream_table

COLS = ("a", "b", "c", "other", "total")
HEADERS = ("甲列", "乙列", "丙列", "其他", "总计")


def _table(rows: list[str], stream: list[str]) -> tuple[list[RowPlan], list[Item], str]:
    return stream_table(rows, stream, COLS, gap="\n\n")


def _checks(rows: list[str]) -> list[CheckSpec]:
    return stream_checks(rows, COLS)


def _read_loose(rows: list[str], stream: list[str]) -> ColumnReading:
    """The table's reading, which only a wide order finds: every cell flagged."""
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows), HEADERS)
    assert reading is not None and not reading.open and reading.loose
    return reading


def test_grouping_is_pinned_by_total_minus_other_bound():
    # rows' placed cells sum to 10, 5, 20: "5 20" is row 0 (20 - 5 >= 10); "1 2 | 9 30" can only be
    # 其他 1, 2 and 总计 9, 30 of rows 1-2 (row 1 alone would give 2 - 1 < 5)
    assert pair_groupings([5, 20, 1, 2, 9, 30], [10, 5, 20]) == [(1, 2)]
    assert grouped_rows([0, 1, 2], (1, 2)) == [(0, 0), (0, 1), (1, 0), (2, 0), (1, 1), (2, 1)]


def test_groupings_giving_the_same_values_count_once_and_open_ones_are_all_returned():
    assert pair_groupings([0] * 6, [0, 0, 0]) == [(1, 1, 1)]  # every grouping reads zeros
    # 1 2 3 4: rows (1, 2), (3, 4) or 其他 1, 2 / 总计 3, 4: both fit, the checks must choose
    assert pair_groupings([1, 2, 3, 4], [0, 0]) == [(1, 1), (2,)]
    assert pair_groupings([1, 2, 3], [0, 0]) == []  # not two cells a row


def test_too_many_groupings_are_not_read(monkeypatch):
    monkeypatch.setattr(column_pairs, "MAX_GROUPINGS", 1)
    assert pair_groupings([1, 2, 3, 4], [0, 0]) == []


def test_segment_rows_and_orders():
    rows = [0, 1, 2, 3, 4]
    assert segment_rows(rows, None) == rows and segment_rows(rows, PAIRED) == rows
    assert segment_rows(rows, 0) == [0] and segment_rows(rows, 1) == [1, 2, 3, 4]
    assert segment_rows(rows, CUT - 2) == [0, 1, 2]
    assert segment_rows(rows, LAST - 1) == [4] and segment_rows(rows, LAST - 2) == [3]
    whole = ((1, None), (2, None), (3, None), (4, None))
    assert pair_orders([whole], 5) == [((1, None), (2, None), (3, PAIRED))]
    assert tail_orders([whole], 1, 5)[0] == ((1, CUT - 1), (2, CUT - 1), (1, LAST - 1), (2, LAST - 1),
                                              (3, None), (4, None))


def test_pair_printed_group_by_group_is_read():
    rows = ["one", "two", "three", "sum"]
    #         a  b  c  other total
    # one     5  2  1  3     11
    # two     3  0  4  1     8
    # three   1  1  2  0     4
    # sum     9  3  7  4     23
    # a and b interleaved row by row, 丙列 a whole run, then 其他 / 总计 by row groups: one | two, three | sum
    stream = ["5", "2", "3", "0", "1", "1", "9", "3", "1", "4", "2", "7",
              "3", "11", "1", "0", "8", "4", "4", "23"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows), HEADERS)
    assert reading is not None and not reading.open
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in ("other", "total")] == [3, 11, 1, 8, 0, 4, 4, 23]
    assert reading.cells["t3.three.c"] == 2 and reading.cells["t3.sum.a"] == 9


def test_last_row_printed_after_the_runs_is_read():
    rows = ["one", "two", "three", "sum"]
    # the same table; a free, b and c as runs of rows one-three, then the sum row's b, c; then 其他, 总计
    stream = ["5", "3", "1", "9",
              "2", "0", "1", "1", "4", "2", "3", "7",
              "3", "1", "0", "4", "11", "8", "4", "23"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows), HEADERS)
    assert reading is not None
    assert [reading.cells[f"t3.sum.{c}"] for c in COLS] == [9, 3, 7, 4, 23]
    assert [reading.cells[f"t3.{r}.b"] for r in rows] == [2, 0, 1, 3]
    # a's values all printed before b's: nothing printed tells the two apart, so where they differ
    # the cells stay open (with both readings as candidates)
    assert reading.open == {"t3.one.a": [2, 5], "t3.one.b": [2, 5], "t3.two.a": [0, 3], "t3.two.b": [0, 3],
                            "t3.sum.a": [3, 9], "t3.sum.b": [3, 9]}


def test_pair_printed_before_the_runs_left_of_it_is_read():
    rows = ["one", "two", "three", "sum"]
    # the same table; a and b interleaved, then 其他 / 总计 by row groups (one | two, three | sum), and
    # only then 丙列's run: the pair's boxes printed before the column left of it
    stream = ["5", "2", "3", "0", "1", "1", "9", "3",
              "3", "11", "1", "0", "8", "4", "4", "23",
              "1", "4", "2", "7"]
    reading = _read_loose(rows, stream)
    assert [reading.cells[f"t3.{r}.c"] for r in rows] == [1, 4, 2, 7]
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in ("other", "total")] == [3, 11, 1, 8, 0, 4, 4, 23]


def test_free_columns_printed_between_two_runs_are_read():
    rows = ["one", "two", "three", "sum"]
    # the same table; 丙列's run, then a and b interleaved, then 其他's and 总计's runs
    stream = ["1", "4", "2", "7",
              "5", "2", "3", "0", "1", "1", "9", "3",
              "3", "1", "0", "4", "11", "8", "4", "23"]
    reading = _read_loose(rows, stream)
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [
        5, 2, 1, 3, 11, 3, 0, 4, 1, 8, 1, 1, 2, 0, 4, 9, 3, 7, 4, 23]


def test_triple_groupings_nest_the_pair_in_each_group():
    # rows' placed cells sum to 10, 5, 20. "1 4 15" is row 0 (c 1, 其他 4, 总计 15 ≥ 10 + 1 + 4); then
    # rows 1-2: c "2 3", then their 其他 / 总计 as one pair group "0 1 | 7 24"
    where = triple_groupings([1, 4, 15, 2, 3, 0, 1, 7, 24], [10, 5, 20])
    assert where == [[(0, 0), (0, 1), (0, 2), (1, 0), (2, 0), (1, 1), (2, 1), (1, 2), (2, 2)]]
    assert triple_groupings([1, 2, 3], [0, 0]) == []  # not three cells a row
    whole = ((2, None), (3, None), (4, None))
    assert triple_orders([whole], 5) == [((2, TRIPLE),)]
    assert moved_anywhere([((2, None), (3, PAIRED))], [(3, PAIRED)]) == [((2, None), (3, PAIRED)),
                                                                        ((3, PAIRED), (2, None))]


def test_last_three_columns_printed_group_by_group_are_read():
    rows = ["one", "two", "three", "sum"]
    # the same table; a and b interleaved, then 丙列, 其他, 总计 by row groups: row one's three cells,
    # then rows two-sum: 丙列's cells, then their 其他 and 总计 cells
    stream = ["5", "2", "3", "0", "1", "1", "9", "3",
              "1", "3", "11",
              "4", "2", "7", "1", "0", "4", "8", "4", "23"]
    reading = _read_loose(rows, stream)
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in ("c", "other", "total")] == [
        1, 3, 11, 4, 1, 8, 2, 0, 4, 7, 4, 23]


def test_header_boxes_that_took_their_columns_first_cells_are_read():
    rows = ["one", "two", "three", "sum"]
    #         a  b  c  other total
    # one     5  2  1  3     11
    # two     3  0  4  1     8
    # three   1  1  2  0     4
    # sum     9  3  7  4     23
    # a and b interleaved; 丙列's and 其他's header boxes each took their column's first two cells
    # (丙列 1 4 | 其他 3 1), then the rest of 丙列's run and of 其他's, then 总计's
    stream = ["5", "2", "3", "0", "1", "1", "9", "3", "丙列", "1", "4", "其他", "3", "1", "2", "7", "0", "4",
              "11", "8", "4", "23"]
    plans, items, text = _table(rows, stream)
    reading = column_major_reading(plans, items, 0, len(items), text, _checks(rows), HEADERS)
    assert reading is not None and not reading.open and not reading.loose
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in ("c", "other")] == [1, 3, 4, 1, 2, 0, 7, 4]
    assert segment_rows([0, 1, 2, 3], head_parts(2)[0]) == [0, 1]
    assert segment_rows([0, 1, 2, 3], head_parts(2)[1]) == [2, 3]
    assert head_parts(1) == (0, 1)


def test_last_row_printed_as_a_line_with_the_free_columns_cells_is_read():
    rows = ["one", "two", "three", "sum"]
    # the same table; a and b interleaved for rows one-three, 丙列's run without its last row, then
    # the sum row's a, b, c as one line (its label box took them), then 其他's and 总计's runs
    stream = ["5", "2", "3", "0", "1", "1",
              "1", "4", "2",
              "9", "3", "7",
              "3", "1", "0", "4", "11", "8", "4", "23"]
    reading = _read_loose(rows, stream)
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [
        5, 2, 1, 3, 11, 3, 0, 4, 1, 8, 1, 1, 2, 0, 4, 9, 3, 7, 4, 23]
    whole = ((2, None), (3, None), (4, None))
    assert tail_orders([whole], 2, 5) == []  # one run's last rows after it, without the free cells: the run
    assert tail_orders([whole], 2, 5, with_free=True)[0] == ((2, CUT - 1), (0, LAST - 1), (1, LAST - 1),
                                                              (2, LAST - 1), (3, None), (4, None))


def test_first_row_printed_as_a_line_before_the_columns_is_read():
    rows = ["one", "two", "three", "sum"]
    #         a   b   c   other total
    # one     50  20  10  3     83
    # two     30  6   40  1     77
    # three   12  11  2   0     25
    # sum     92  37  52  4     185
    # row one's a on its label's line, its b and c next (its label box took them), then a and b
    # interleaved for rows two-sum, 丙列's run from row two, then 其他's and 总计's runs
    stream = ["20", "10",
              "30", "6", "12", "11", "92", "37",
              "40", "2", "52",
              "3", "1", "0", "4", "83", "77", "25", "185"]
    plans, items, text = _table(rows, stream)
    on_line = Item("value", "50", "text", 0, pos=1, span=(len(text), len(text) + 2))  # 'one 50' on one line
    items = [items[0], on_line, *(replace(it, pos=it.pos + 1) for it in items[1:])]
    plans = [replace(p, anchor=p.anchor + (p.anchor > 0)) for p in plans]
    reading = column_major_reading(plans, items, 0, len(items), text + "50\n\n", _checks(rows), HEADERS)
    assert reading is not None and not reading.open and reading.loose  # found by a wide search: flagged
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [
        50, 20, 10, 3, 83, 30, 6, 40, 1, 77, 12, 11, 2, 0, 25, 92, 37, 52, 4, 185]
