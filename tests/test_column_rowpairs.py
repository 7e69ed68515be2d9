"""A row's two free cells printed together, out of their columns' order (core/column_rowpairs.py)."""

from gktables.core.column_rowpairs import row_pair_dealings

from .column_streams import read_stream

COLS = ("a", "b", "c", "total")
HEADERS = ("甲列", "乙列", "丙列", "总计")


def test_row_pair_printed_before_the_rows_above_it_is_read_loose():
    rows = ["one", "two", "three", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  5  0  8
    # three   6  3  1  10
    # sum    14 10  2  26
    # row three's a and b (6 3) are printed together before row two's: no top-to-bottom dealing fits
    stream = ["5", "2", "6", "3", "3", "5", "14", "10", "1", "0", "1", "2", "总计", "8", "8", "10", "26"]
    reading = read_stream(rows, stream, COLS, HEADERS)
    assert reading is not None and not reading.open
    assert [reading.cells[f"t3.{r}.{c}"] for r in rows for c in COLS] == [
        5, 2, 1, 8, 3, 5, 0, 8, 6, 3, 1, 10, 14, 10, 2, 26]
    # found only by a wider search: every cell flagged
    assert reading.loose and all(p.confidence < 0.9 for p in reading.provenance.values())


def test_equal_row_sums_leave_the_rows_open():
    rows = ["one", "two", "three", "sum"]
    # rows one and two both sum to 7 (5 2, 3 4): either may be the one printed first
    stream = ["5", "2", "6", "2", "3", "4", "14", "8", "1", "0", "1", "2", "总计", "8", "7", "9", "24"]
    reading = read_stream(rows, stream, COLS, HEADERS)
    assert reading is not None
    assert reading.open == {"t3.one.a": [3, 5], "t3.one.b": [2, 4], "t3.two.a": [3, 5], "t3.two.b": [2, 4]}


def test_row_pair_dealings_keep_the_columns_in_order_otherwise():
    # three rows of sums 7, 8, 9: 5 2 | 6 3 | 3 5 is row 1, then row 3 together, then row 2
    got = row_pair_dealings([5, 2, 6, 3, 3, 5], [0, 1, 2], [0, 1, 2], {}, {}, [7, 8, 9], {}, 0)
    # (row 2's cells in either order: the row sums alone cannot tell; the checks of 三 do)
    assert got == {((5, 3, 6), (2, 5, 3)), ((5, 5, 6), (2, 3, 3))}


def test_row_pair_dealings_read_nothing_when_the_sums_cannot_be_made():
    assert row_pair_dealings([5, 2, 6, 3], [0, 1], [0, 1], {}, {}, [7, 8], {}, 0) == set()


def test_row_pair_dealings_of_zeros_stay_bounded():
    # forty rows of sum 0 printed as 0s: two 0s are never a row's pair, the columns are dealt in order
    got = row_pair_dealings([0] * 80, list(range(40)), list(range(40)), {}, {}, [0] * 40, {}, 0)
    assert got in (set(), {(tuple([0] * 40), tuple([0] * 40))})


def test_row_pair_printed_after_both_columns_passed_it_is_dealt_to_its_row():
    #        a  b   sum
    # row 0  5  2   7
    # row 1  4  5   9     printed last, together (a value beside a two-line label comes later)
    # row 2  6  1   7
    # row 3  8  3   11
    # printed: a of rows 0, 2, 3; b of rows 0, 2, 3; then row 1's pair: no dealing top to bottom fits,
    # nor one with a pair printed early
    got = row_pair_dealings([5, 6, 8, 2, 1, 3, 4, 5], [0, 1, 2, 3], [0, 1, 2, 3], {}, {}, [7, 9, 7, 11], {}, 0)
    assert ((5, 4, 6, 8), (2, 5, 1, 3)) in got
    # the row sums alone also allow 5 6 as row 3's pair printed first and 3 4 as row 0's printed late;
    # the checks of 三 choose among them
    assert got == {((5, 4, 6, 8), (2, 5, 1, 3)), ((3, 8, 2, 5), (4, 1, 5, 6)), ((3, 1, 5, 5), (4, 8, 2, 6))}
