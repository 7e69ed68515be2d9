"""三 printed block by block along the label boxes' row groups (core/column_xycut.py), on small
hand-built streams: a row along its line, then blocks of neighbouring columns, each printed row
group by row group, a group's cells column by column."""

from dataclasses import replace

from gktables.core.column_order import column_major_reading
from gktables.core.column_xycut import check_terms, xy_readings

from .column_streams import read_stream, stream_checks, stream_table

COLS = ("a", "b", "c", "total")
HEADERS = ("甲列", "乙列", "丙列", "总计")
ROWS = ["one", "two", "three", "four", "sum"]
TRUTH = [[5, 1, 2, 8], [4, 2, 0, 6], [1, 3, 3, 7], [2, 0, 1, 3], [12, 6, 6, 24]]
# row one along its line; rows two–four: the block (a, b) column by column, then the block (c, total)
# as two row groups, {two} along its line and {three, four} column by column; row sum along its line
STREAM = [5, 1, 2, 8, 4, 1, 2, 2, 3, 0, 0, 6, 3, 1, 7, 3, 12, 6, 6, 24]


def _grid(stream: list[int], reading: dict[tuple[int, int], int], n: int, n_cols: int) -> list[list[int | None]]:
    grid: list[list[int | None]] = [[None] * n_cols for _ in range(n)]
    for (r, c), i in reading.items():
        grid[r][c] = stream[i]
    return grid


def test_blocks_printed_along_row_groups_are_read_back_by_the_checks():
    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    found = xy_readings(STREAM, 5, 4, {}, check_terms(stream_checks(ROWS, COLS), keys), [1, 2, 3, 4])
    assert found is not None and len(found) == 1
    assert _grid(STREAM, found[0], 5, 4) == TRUTH


def test_a_cell_known_from_its_line_is_left_out_of_the_stream():
    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    stream = STREAM[1:]  # row one's first cell printed on its label's line
    found = xy_readings(stream, 5, 4, {(0, 0): 5}, check_terms(stream_checks(ROWS, COLS), keys), [1, 2, 3, 4])
    assert found is not None and len(found) == 1
    grid = _grid(stream, found[0], 5, 4)
    grid[0][0] = 5
    assert grid == TRUTH


def test_no_cut_order_that_holds_gives_no_reading():
    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    stream = [24, *STREAM[:-1]]  # the grand total printed first: no cut order puts it last
    assert xy_readings(stream, 5, 4, {}, check_terms(stream_checks(ROWS, COLS), keys), [1, 2, 3, 4]) == []


def test_the_table_read_so_is_read_loose_every_cell_flagged():
    reading = read_stream(ROWS, [str(v) for v in STREAM], COLS, HEADERS, gap="\n\n")
    assert reading is not None
    assert reading.cells == {f"t3.{r}.{c}": v for r, row in zip(ROWS, TRUTH) for c, v in zip(COLS, row)}
    assert reading.loose and all(p.confidence < 0.9 for p in reading.provenance.values())


def test_values_printed_right_after_their_label_are_that_rows_first_cells():
    # row three's first two cells (1, 3) printed as a box right after its label, before the next
    # label; the rest as above without them
    pieces = ["one", "two", "three", "1", "3", "four", "sum",
              "5", "1", "2", "8", "4", "2", "2", "0", "0", "6", "3", "1", "7", "3", "12", "6", "6", "24"]
    plans, items, text = stream_table(ROWS, [], COLS, gap="\n\n")
    _, items, text = stream_table(pieces, [], COLS, gap="\n\n")
    anchors = [pieces.index(r) for r in ROWS]
    plans = [replace(p, anchor=a) for p, a in zip(plans, anchors)]
    reading = column_major_reading(plans, items, 0, len(items), text, stream_checks(ROWS, COLS), HEADERS)
    assert reading is not None and reading.loose
    assert reading.cells == {f"t3.{r}.{c}": v for r, row in zip(ROWS, TRUTH) for c, v in zip(COLS, row)}
    assert reading.provenance["t3.three.b"].raw == "3"


def test_a_header_spelled_one_character_a_line_after_another_is_a_run_of_headers():
    from gktables.core.column_tokens import header_marks
    from gktables.core.items import Item
    zone = [Item("label", t, "text", k, pos=k) for k, t in enumerate(["总计", "丙", "列"])]
    zone.append(Item("value", "7", "text", 3, pos=3))
    assert header_marks(zone, HEADERS) == {3: 3}  # as the narrower searches read it: 总计 heads 7
    assert header_marks(zone, HEADERS, spelled=True) == {}  # 丙列 spelled after it: a run of headers


def test_a_band_printed_alike_in_several_streams_is_searched_once():
    # streams that differ on another page (a cell printed empty put in each place of it) print
    # this band alike: its cut-order readings are kept, the table's shared budget spent once
    from gktables.core.column_anyorder import XyMemo, xy_kept
    from gktables.core.column_tokens import Token
    from gktables.core.items import Item

    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    tokens = [Token(Item("value", str(v), "text", i, pos=i), v, 0) for i, v in enumerate(STREAM)]
    budget, memo = [150_000], XyMemo()
    first = xy_kept([(0, 5, tokens)], {}, 4, {}, keys, stream_checks(ROWS, COLS), {}, budget, memo)
    spent = 150_000 - budget[0]
    again = xy_kept([(0, 5, list(tokens))], {}, 4, {}, keys, stream_checks(ROWS, COLS), {}, budget, memo)
    assert spent > 0 and budget[0] == 150_000 - spent
    assert again == first and len(first) == 1
    assert first[0][0] == {f"t3.{r}.{c}": v for r, row in zip(ROWS, TRUTH) for c, v in zip(COLS, row)}


def test_a_page_no_cut_order_reads_is_taken_as_the_band_searches_read_it():
    """s227_025 (pdfminer, landscape): page 1 deals its two free columns interleaved (甲 乙 乙 甲 …),
    which no cut order prints; page 2 prints its blocks cut at different rows (甲/乙 at row six,
    丙/丁 at the sum row), which no band order prints. Each page read its own way, the column sums
    across the pages judge the combination: the table is read, loose."""
    from .column_streams import stream_checks, stream_table
    cols = ("a", "b", "c", "d", "total")
    headers = ("甲列", "乙列", "丙列", "丁列", "总计")
    rows = ["one", "two", "three", "four", "five", "six", "sum"]
    truth = [[7, 2, 1, 3, 13], [5, 0, 4, 1, 10], [9, 3, 2, 0, 14], [6, 1, 0, 2, 9], [8, 4, 3, 5, 20],
             [2, 1, 6, 1, 10], [37, 11, 16, 12, 76]]
    page1 = [7, 2, 0, 5, 9, 3, 1, 4, 2, 3, 1, 0, 13, 10, 14]
    page2 = [6, 8, 1, 4, 2, 37, 1, 11, 0, 3, 6, 2, 5, 1, 16, 12, 9, 20, 10, 76]
    plans, items, text = stream_table(rows, [str(v) for v in page1 + page2], cols, gap="\n\n")
    at = items[len(rows) + len(page1)].span[0] - 1
    text = text[:at] + "\f" + text[at + 1:]  # the page break before page 2's first value
    reading = column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), headers)
    assert reading is not None
    assert reading.cells == {f"t3.{r}.{c}": v for r, row in zip(rows, truth) for c, v in zip(cols, row)}
    assert reading.loose and all(p.confidence < 0.9 for p in reading.provenance.values())
