"""Cells printed empty in 三 printed column by column (core/column_blanks.py), on hand-built items."""

from gktables.core.align import RowPlan
from gktables.core.column_blanks import (MAX_LIKELIEST, distinct_gaps, fewest_zero_fillings, filled_pages,
                                         zero_column_gaps, zero_filled_pages, zero_gaps)
from gktables.core.column_order import ColumnReading, column_major_reading
from gktables.core.items import Item
from gktables.schema import CheckSpec

from .column_streams import stream_checks, stream_table

COLS = ("a", "b", "c", "total")
HEADERS = ("甲列", "乙列", "丙列", "总计")


def _values(texts: list[str]) -> list[Item]:
    return [Item("value", t, "text", n, pos=n) for n, t in enumerate(texts)]


def _table(rows: list[str], stream: list[str]) -> tuple[list[RowPlan], list[Item], str]:
    return stream_table(rows, stream, COLS, gap="\n")


def _checks(rows: list[str]) -> list[CheckSpec]:
    return stream_checks(rows, COLS)


def _read(rows: list[str], stream: list[str]) -> ColumnReading | None:
    """The table of ``rows`` printed as ``stream``, read column by column."""
    plans, items, text = _table(rows, stream)
    return column_major_reading(plans, items, 0, len(items), text, _checks(rows), HEADERS)


def test_places_after_a_zero_give_the_grid_of_the_place_before_its_stretch():
    # 5 | 0 0 | 3: an empty cell anywhere in the stretch of zeros fills the same cells with the same values
    assert distinct_gaps(_values(["5", "0", "0", "3"])) == [0, 1, 4]
    assert distinct_gaps(_values(["0", "/", "7"])) == [0, 3]  # a blank mark weighs as a 0


def test_empty_cells_are_put_in_each_distinct_place():
    # 3 values of rows of 4 cells: one more than whole rows, or one cell printed empty (no wrap candidate)
    fillings = [[it.text for it in page] for (page,) in filled_pages([_values(["5", "0", "3"])], [3], 4, "")]
    # before 5 and after 3 the empty cell is pinned (read blank); before the zeros it may be any cell of
    # the stretch, far likelier a 0 than the empty one (read 0, still marked blank for the flag)
    assert fillings == [["", "5", "0", "3"], ["5", "0", "0", "3"], ["5", "0", "3", ""]]
    (page,) = list(filled_pages([_values(["5", "0", "3"])], [3], 4, ""))[1]
    assert [it.blank for it in page] == [False, True, False, False] and page[1].pos < 0
    assert list(filled_pages([_values(["5", "0", "3", "1"])], [0], 4, "")) == []  # whole rows: nothing missing


def test_too_many_choices_are_not_tried():
    values = _values([str(n) for n in range(1, 60)])  # 60 distinct places
    assert list(filled_pages([values], [1], 7, "")) == []  # 6 missing: past MAX_MISSING
    assert list(filled_pages([values], [5], 7, "")) == []  # 2 missing: 1830 choices, past MAX_FILLINGS
    assert len(list(filled_pages([values[:8]], [6], 7, ""))) == 9


def test_past_the_limit_empty_cells_are_tried_in_a_column_of_zeros_only():
    # 2 missing among 20 distinct places (210 choices, past MAX_FILLINGS): only before the stretch of
    # zeros as long as a column of the page (6 rows of 4 cells) less the 2 empty ones
    texts = [str(n) for n in range(1, 13)] + ["0"] * 4 + [str(n) for n in range(20, 26)]
    assert zero_column_gaps(_values(texts), 4) == [12] and zero_column_gaps(_values(texts), 5) == []
    fillings = [[it.text for it in page] for (page,) in filled_pages([_values(texts)], [2], 4, "")]
    assert fillings == [texts[:12] + ["0", "0"] + texts[12:]]
    short = [str(n) for n in range(1, 15)] + ["0"] * 2 + [str(n) for n in range(20, 26)]
    assert list(filled_pages([_values(short)], [2], 4, "")) == []  # no column of zeros: none tried


def test_the_loose_tier_puts_the_last_empty_cell_anywhere_and_only_adds_streams():
    # the same page, looser (tried only after the strict streams found no reading): one empty cell
    # before the stretch of zeros and the other in any distinct place, less the strict stream itself
    texts = [str(n) for n in range(1, 13)] + ["0"] * 4 + [str(n) for n in range(20, 26)]
    loose = [[it.text for it in page] for (page,) in filled_pages([_values(texts)], [2], 4, "", loose=True)]
    assert len(loose) == len(distinct_gaps(_values(texts))) - 1 == 18
    assert texts[:12] + ["0", "0"] + texts[12:] not in loose  # the strict tier's
    assert texts[:5] + [""] + texts[5:12] + ["0"] + texts[12:] in loose  # one left empty after 5
    # a page whose every place is tried strictly has nothing looser; nor one without a column of zeros
    assert list(filled_pages([_values(["5", "0", "3"])], [3], 4, "", loose=True)) == []
    short = [str(n) for n in range(1, 15)] + ["0"] * 2 + [str(n) for n in range(20, 26)]
    assert list(filled_pages([_values(short)], [2], 4, "", loose=True)) == []


def test_past_the_limit_of_any_place_the_loose_tier_puts_the_last_empty_cell_among_zeros():
    # 23 rows of 4 cells, 2 printed empty: a column of zeros with a hole, and a 0 left blank beside a
    # short stretch of zeros; 69 distinct places for the last one (past MAX_FILLINGS): tried only
    # before a stretch of zeros (in the caller's narrowest search), the strict tier's stream left out
    texts = [str(n) for n in range(1, 34)] + ["0"] + [str(n) for n in range(34, 67)] + ["0"] * 21 + ["67", "68"]
    assert len(distinct_gaps(_values(texts))) == 69 and zero_gaps(_values(texts)) == [33, 67]
    loose = [[it.text for it in page]
             for (page,) in filled_pages([_values(texts)], [2], 4, "", loose=True, last_among_zeros=True)]
    assert loose == [texts[:33] + ["0"] + texts[33:67] + ["0"] + texts[67:]]
    assert list(filled_pages([_values(texts)], [2], 4, "", loose=True)) == []  # outside the narrowest search
    strict = [[it.text for it in page] for (page,) in filled_pages([_values(texts)], [2], 4, "")]
    assert strict == [texts[:67] + ["0", "0"] + texts[67:]]


def test_a_wrapped_number_and_empty_cells_on_one_page():
    # rows of 4 cells, 7 printed lines: one cell printed empty, or 151 / 4 (one number wrapped over two
    # lines of one box) joined and two cells printed empty
    text = "151\n4\n\n2\n\n9\n\n3\n\n1\n\n7\n"
    values: list[Item] = []
    at = 0
    for line in text.split("\n"):
        if line:
            values.append(Item("value", line, "text", len(values), pos=len(values), span=(at, at + len(line))))
        at += len(line) + 1
    got = [[it.text for it in page] for (page,) in filled_pages([values], [3], 4, text)]
    # 8 places for one empty cell; 7 places for each of two empty cells among the 6 values once joined
    assert len(got) == 8 + 28
    assert ["1514", "", "2", "9", "3", "1", "7", ""] in got
    assert ["151", "4", "2", "9", "3", "1", "7", ""] in got


def test_a_cell_printed_empty_is_placed_by_the_checks():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  1  8
    # two     3  _  4  7      (two.b printed empty)
    # sum     8  2  5  15
    # the first two columns interleaved (5 2 | 3 | 8 2), then 丙列 and 总计 as whole runs: 12 cells, 11 values
    stream = ["5", "2", "3", "8", "2", "1", "4", "5", "总计", "8", "7", "15"]
    reading = _read(rows, stream)
    assert reading is not None and not reading.open
    assert reading.cells == {
        "t3.one.a": 5, "t3.one.b": 2, "t3.one.c": 1, "t3.one.total": 8,
        "t3.two.a": 3, "t3.two.b": None, "t3.two.c": 4, "t3.two.total": 7,
        "t3.sum.a": 8, "t3.sum.b": 2, "t3.sum.c": 5, "t3.sum.total": 15}
    # a blank and a 0 weigh the same in the checks: the band's 0-or-blank cell is flagged
    assert reading.unsure_blanks == ["t3.two.b"] and reading.provenance["t3.two.b"].confidence < 0.9
    assert any(w.code == "column_order_blank_unsure" for w in reading.warnings())


def test_an_empty_cell_among_zeros_reads_0_and_flags_the_stretch():
    rows = ["one", "two", "sum"]
    #         a  b  c  total
    # one     5  2  0  7
    # two     3  0  _  3      (two.c printed empty: the 丙列 run prints one 0 for three cells)
    # sum     8  2  0  10     (sum.c printed 0)
    stream = ["5", "2", "3", "0", "8", "2", "0", "0", "总计", "7", "3", "10"]
    reading = _read(rows, stream)
    assert reading is not None
    assert [reading.cells[f"t3.two.{c}"] for c in COLS] == [3, 0, 0, 3]
    assert [reading.cells[f"t3.sum.{c}"] for c in COLS] == [8, 2, 0, 10]
    # which of the zeros is the empty cell rests on the order alone: all of them are flagged
    assert {"t3.one.c", "t3.two.b", "t3.two.c", "t3.sum.c"} <= set(reading.unsure_blanks)
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.unsure_blanks)


FIVE_ROWS = ["r1", "r2", "r3", "r4", "r5", "sum"]
#         a   b   c  total
# r1      5   2   0   7
# r2      3   4   _   7      (r2.c and r4.c printed empty)
# r3      6   1   0   7
# r4      2   8   _  10
# r5      9   3   0  12
# sum    25  18   0  43
# 22 values of 24 cells, 19 distinct places for the 2 empty ones: tried only in the column of zeros
ZEROS_COLUMN = ["5", "2", "3", "4", "6", "1", "2", "8", "9", "3", "25", "18", "0", "0", "0", "0",
                "总计", "7", "7", "7", "10", "12", "43"]


def test_empty_cells_of_a_column_of_zeros_past_the_limit_of_places():
    rows, stream = FIVE_ROWS, ZEROS_COLUMN
    reading = _read(rows, stream)
    assert reading is not None
    assert [reading.cells[f"t3.r4.{c}"] for c in COLS] == [2, 8, 0, 10]
    assert [reading.cells[f"t3.sum.{c}"] for c in COLS] == [25, 18, 0, 43]
    # which zeros are the empty cells rests on the order alone: the column's cells are all flagged
    assert {f"t3.{r}.c" for r in rows} <= set(reading.unsure_blanks)
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.unsure_blanks)


def test_the_loose_tier_only_after_the_strict_streams_found_no_reading(monkeypatch):
    import gktables.core.column_order as column_order
    asked: list[bool] = []

    def recording(*args, **kwargs):
        asked.append(bool(kwargs.get("loose", args[4] if len(args) > 4 else False)))
        return filled_pages(*args, **kwargs)

    monkeypatch.setattr(column_order, "filled_pages", recording)
    rows, stream = FIVE_ROWS, ZEROS_COLUMN
    # past the limit of places: read by the strict streams, the loose ones are never made
    assert _read(rows, stream) is not None
    assert asked and not any(asked)
    # the same with totals no reading meets: the loose streams are tried, after the strict ones
    asked.clear()
    assert _read(rows, stream[:-6] + ["9"] * 6) is None
    assert asked[0] is False and asked[-1] is True


def test_the_among_zeros_tier_puts_empty_cells_before_any_stretch_of_zeros():
    # 2 missing among 21 distinct places (past MAX_FILLINGS) and no column-long stretch of zeros: the
    # strict tier tries nothing; the among-zeros tier tries every pair of places before a stretch of zeros
    short = [str(n) for n in range(1, 9)] + ["0"] + [str(n) for n in range(9, 17)] + ["0", "0"] + ["20", "21", "22"]
    assert zero_gaps(_values(short)) == [8, 17]
    assert list(filled_pages([_values(short)], [2], 4, "")) == []
    fillings = [[it.text for it in page] for (page,) in zero_filled_pages([_values(short)], [2], 4, "")]
    assert fillings == [short[:8] + ["0", "0"] + short[8:], short[:8] + ["0"] + short[8:17] + ["0"] + short[17:],
                        short[:17] + ["0", "0"] + short[17:]]
    # a page whose every place the strict tier tries adds nothing; a page needing none: nothing either
    assert list(zero_filled_pages([_values(["5", "0", "3"])], [3], 4, "")) == []
    assert list(zero_filled_pages([_values(["5", "0", "3", "1"])], [0], 4, "")) == []


def test_the_among_zeros_tier_takes_pages_whose_choices_multiply_past_the_limit():
    # two pages of 10 distinct places, one empty cell each: 100 streams, past MAX_FILLINGS, so
    # filled_pages tries none; among zeros, 2 × 1 places
    one = _values(["1", "0", "2", "3", "0", "4", "5", "6", "7", "8", "9"])
    two = _values(["1", "2", "3", "0", "0", "4", "5", "6", "7", "8", "9"])
    assert len(distinct_gaps(one)) == len(distinct_gaps(two)) == 10
    assert list(filled_pages([one, two], [3, 3], 4, "")) == []
    assert len(list(zero_filled_pages([one, two], [3, 3], 4, ""))) == 2
    # past MAX_ZERO_FILLINGS: nothing
    many = _values(["1", "0"] * 40)
    assert list(zero_filled_pages([many, many], [2, 2], 3, "")) == []


def test_cells_printed_empty_among_short_stretches_of_zeros_are_read():
    rows = ["r1", "r2", "r3", "r4", "r5", "sum"]
    #         a   b   c  total
    # r1      5   2   4  11
    # r2      3   4   _   7      (r2.c and r4.c printed empty, beside zeros: no column of zeros)
    # r3      6   1   0   7
    # r4      2   8   _  10
    # r5      9   3   0  12
    # sum    25  18   4  47
    # 22 values of 24 cells, 21 distinct places for the 2 empty ones (past MAX_FILLINGS): read in the
    # among-zeros tier, both before the stretch 0 0
    stream = ["5", "2", "3", "4", "6", "1", "2", "8", "9", "3", "25", "18", "4", "0", "0", "4",
              "总计", "11", "7", "7", "10", "12", "47"]
    reading = _read(rows, stream)
    assert reading is not None
    assert [[reading.cells[f"t3.{r}.{c}"] for c in COLS] for r in rows] == [
        [5, 2, 4, 11], [3, 4, 0, 7], [6, 1, 0, 7], [2, 8, 0, 10], [9, 3, 0, 12], [25, 18, 4, 47]]
    # which of the column's zeros are the empty cells rests on the order alone: they are flagged
    assert {f"t3.{r}.c" for r in rows[1:5]} <= set(reading.unsure_blanks)
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.unsure_blanks)


def test_past_the_limit_on_two_pages_the_looser_tier_tries_the_likeliest_places_first():
    # two pages of 3 rows × 4 cells, one cell printed empty on each: 10 × 12 places (past MAX_FILLINGS).
    # The strict tier tries none; the looser one the likeliest few: a place whose page reads alone
    # first, then one among zeros (a 0 left blank), each page's first row counted from the pages before
    page0 = _values([str(n) for n in range(1, 10)] + ["0", "0"])
    page1 = _values([str(n) for n in range(11, 22)])
    assert list(filled_pages([page0, page1], [3, 3], 4, "")) == []
    firsts = []

    def viable(page: int, first: int, filled: list[Item]) -> tuple[int, bool]:
        firsts.append((page, first))
        return len(filled) // 4, page == 1 and filled[5].text == ""  # page 1 reads with its empty cell 6th

    streams = [[[it.text for it in p] for p in pages]
               for pages in filled_pages([page0, page1], [3, 3], 4, "", loose=True, viable=viable)]
    assert len(streams) == MAX_LIKELIEST
    assert streams[0] == [[str(n) for n in range(1, 10)] + ["0", "0", "0"],
                          [str(n) for n in range(11, 16)] + [""] + [str(n) for n in range(16, 22)]]
    assert {first for page, first in firsts if page == 1} == {3}
    assert list(filled_pages([page0, page1], [3, 3], 4, "", loose=True)) == []  # no judge: none


def test_the_last_try_puts_the_fewest_empty_cells_before_stretches_of_zeros_only():
    # 76 values, one empty cell short of 11 rows of 7, among 73 distinct places (past MAX_FILLINGS, no column
    # of zeros): only before each of the three stretches of zeros (read 0 there); a page of whole rows as printed
    values = _values([str(n) for n in range(1, 71)] + ["0", "0", "5", "0", "6", "0"])
    streams = [[it.text for it in page] for page, _ in fewest_zero_fillings([values, values[:7]], [6, 0], 7)]
    assert len(streams) == 3 and all(len(s) == 77 for s in streams)
    assert [s[70:76] for s in streams] == [["0", "0", "0", "5", "0", "6"], ["0", "0", "5", "0", "0", "6"],
                                          ["0", "0", "5", "0", "6", "0"]]
    assert list(fewest_zero_fillings([values[:7]], [0], 7)) == []  # whole rows: nothing missing
    assert list(fewest_zero_fillings([values[:69]], [6], 7)) == []  # no zeros: no place
    assert list(filled_pages([values], [6], 7, "")) == []  # the strict tier tries none of them
