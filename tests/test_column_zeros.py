"""Columns of 三 holding only zeros, printed scattered (core/column_zeros.py), on hand-built streams."""

from gktables.core.column_zeros import zero_column_ways, zero_stretches, zero_takings

from .column_streams import read_stream

COLS = ("a", "b", "c", "d", "total")
HEADERS = ("甲列", "乙列", "丙列", "丁列", "总计")


def test_zeros_taken_from_one_stretch_are_one_way():
    values = [5, 0, 0, 3, 0, 7, 0]
    assert zero_stretches(values, set()) == [[1, 2], [4], [6]]
    assert zero_stretches(values, {4}) == [[1, 2], [6]]  # a headed value stays in the stream
    # two zeros out of stretches of 2, 1 and 1: (2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 1, 1)
    assert zero_takings(zero_stretches(values, set()), 2) == [[1, 2], [1, 4], [1, 6], [4, 6]]
    assert zero_takings(zero_stretches(values, set()), 2, max_ways=3) is None  # too open: not tried
    assert zero_takings([[1]], 2) == []


def test_zero_columns_are_tried_between_the_free_ones_and_the_total_smaller_sets_first():
    ways = list(zero_column_ways([0, 0, 1, 0], 2, 5, 2, set()))
    # one column of 2 rows (2 of the 3 zeros: both of the first stretch, or one of each); two columns
    # of 2 rows would take 4 zeros, only 3 are printed; 总计 (column 4) is never one
    assert ways == [((2,), [0, 1]), ((2,), [0, 3]), ((3,), [0, 1]), ((3,), [0, 3])]


def test_a_column_of_zeros_printed_scattered_is_read_loose():
    rows = ["one", "two", "sum"]
    #         a  b  c  d  total
    # one     5  2  0  1  8
    # two     3  1  0  4  8
    # sum     8  3  0  5  16
    # the free columns row by row with row one's 丙列 cell on its line (5 2 0), then 丙列's other two
    # cells, then 丁列 and 总计: no order of whole runs reads it, the stream without 丙列's zeros does
    stream = ["5", "2", "0", "3", "1", "8", "3", "0", "0", "1", "4", "5", "8", "8", "16"]
    reading = read_stream(rows, stream, COLS, HEADERS)
    assert reading is not None and reading.loose
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [5, 2, 0, 1, 8, 3, 1, 0, 4, 8,
                                                                         8, 3, 0, 5, 16]
    assert all(p.confidence < 0.9 for p in reading.provenance.values())


def test_a_band_with_too_many_ways_is_not_read_so():
    # 70 zeros in stretches of one, 30 rows: far more ways than MAX_WAYS to take 30 or 60 of them
    assert list(zero_column_ways([v for k in range(70) for v in (0, k + 1)], 30, 5, 2, set())) == []
    # stretches of 30 and 20 zeros, 30 rows: 21 ways to take 30, for each of 4 columns: 84 readings of
    # 30 rows to try, past MAX_ROW_TRIES
    assert list(zero_column_ways([0] * 30 + [1] + [0] * 20, 30, 7, 2, set())) == []
    # a small band with few ways: tried (3 zeros, 1 row; columns 2 and 3: each alone, two ways, and the
    # pair, two ways)
    assert len(list(zero_column_ways([0, 4, 0, 0], 1, 5, 2, set()))) == 2 * 2 + 1 * 2
