"""三 printed in sub-bands (core/column_subbands.py), on small hand-built streams: blocks of
neighbouring columns, each printed row group by row group at the same rows (groups inside one
label section, where the section cuts of column_xycut cannot reach), a group's cells column by
column."""

from gktables.core.column_subbands import partitions, subband_readings
from gktables.core.column_xycut import check_terms, section_starts, xy_readings

from .column_streams import read_stream, stream_checks

COLS = ("a", "b", "c", "total")
HEADERS = ("甲列", "乙列", "丙列", "总计")
ROWS = ["x.k.one", "x.k.two", "x.k.three", "x.k.four", "sum"]  # rows one..four: one label section
TRUTH = [[5, 1, 2, 8], [4, 2, 0, 6], [1, 3, 3, 7], [2, 0, 1, 3], [12, 6, 6, 24]]
# rows one–four: the block (a, b), then the block (c, total), each as the row groups {one},
# {two, three}, {four} (a group column by column); row sum along its line
STREAM = [5, 1, 4, 1, 2, 3, 2, 0, 2, 8, 0, 3, 6, 7, 1, 3, 12, 6, 6, 24]
KEYS = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]


def _grid(stream: list[int], reading: dict[tuple[int, int], int]) -> list[list[int | None]]:
    grid: list[list[int | None]] = [[None] * len(COLS) for _ in ROWS]
    for (r, c), i in reading.items():
        grid[r][c] = stream[i]
    return grid


def test_partitions_are_every_cut_of_the_columns_left_to_right():
    assert partitions(3) == [[(0, 3)], [(0, 1), (1, 3)], [(0, 2), (2, 3)], [(0, 1), (1, 2), (2, 3)]]


def test_row_groups_inside_a_section_shared_by_the_blocks_are_read_back_by_the_row_checks():
    terms = check_terms(stream_checks(ROWS, COLS), KEYS)
    assert section_starts(KEYS) == [4]
    xy = xy_readings(STREAM, 5, 4, {}, terms, section_starts(KEYS))
    assert not any(_grid(STREAM, r) == TRUTH for r in xy or [])  # the section cuts cannot read it
    found = subband_readings(STREAM, 5, 4, {}, terms)
    assert found is not None
    assert [_grid(STREAM, r) for r in found if _grid(STREAM, r) == TRUTH] == [TRUTH]


def test_a_cell_known_from_its_line_is_left_out_of_the_groups():
    terms = check_terms(stream_checks(ROWS, COLS), KEYS)
    stream = STREAM[1:]  # row one's first cell printed on its label's line
    found = subband_readings(stream, 5, 4, {(0, 0): 5}, terms)
    assert found is not None
    grids = [_grid(stream, r) for r in found]
    for grid in grids:
        grid[0][0] = 5
    assert TRUTH in grids


def test_no_grouping_whose_rows_add_up_gives_no_reading():
    terms = check_terms(stream_checks(ROWS, COLS), KEYS)
    assert subband_readings([24, *STREAM[:-1]], 5, 4, {}, terms) == []
    assert subband_readings(STREAM[:-1], 5, 4, {}, terms) == []  # a count that does not fill the band


def test_the_table_read_so_is_read_loose_every_cell_flagged():
    reading = read_stream(ROWS, [str(v) for v in STREAM], COLS, HEADERS, gap="\n\n")
    assert reading is not None
    assert reading.cells == {f"t3.{r}.{c}": v for r, row in zip(ROWS, TRUTH) for c, v in zip(COLS, row)}
    assert reading.loose and all(p.confidence < 0.9 for p in reading.provenance.values())
