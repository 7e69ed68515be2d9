"""三 printed as boxes nested two levels deep (core/column_nested.py), on small hand-built streams:
a strip's blocks printed whole one after the other, a block's row group cut into blocks again."""

from gktables.core.column_anyorder import line_strips
from gktables.core.column_nested import LINE_STRIP_BLOCKS, nested_readings
from gktables.core.column_xycut import check_terms, xy_readings

from .column_streams import stream_checks

COLS = ("a", "b", "c", "total")
ROWS = ["one", "two", "three", "four", "five", "sum"]
TRUTH = [[5, 1, 2, 8], [4, 2, 0, 6], [1, 3, 3, 7], [2, 0, 1, 3], [0, 4, 9, 13], [12, 10, 15, 37]]
# the block (a) whole; then the block (b, c, total): row one along its line, rows two–five cut into
# the blocks (b) and (c, total), the latter as {two, three} column by column and {four, five} so too;
# row sum along its line. Each value on a line of its own but the rows printed along their lines.
ORDER = [(r, 0) for r in range(6)] + [(0, 1), (0, 2), (0, 3)] + [(r, 1) for r in range(1, 5)] \
    + [(1, 2), (2, 2), (1, 3), (2, 3), (3, 2), (4, 2), (3, 3), (4, 3)] + [(5, 1), (5, 2), (5, 3)]
STREAM = [TRUTH[r][c] for r, c in ORDER]
LINES = list(range(6)) + [6, 6, 6] + list(range(7, 19)) + [19, 19, 19]
CUTS = [1, 3, 5]


def _terms() -> list:
    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    return check_terms(stream_checks(ROWS, COLS), keys)


def _grid(reading: dict[tuple[int, int], int]) -> list[list[int | None]]:
    grid: list[list[int | None]] = [[None] * 4 for _ in range(6)]
    for (r, c), i in reading.items():
        grid[r][c] = STREAM[i]
    return grid


def test_a_row_group_cut_into_blocks_again_is_read_by_the_walk_down_the_rows():
    assert xy_readings(STREAM, 6, 4, {}, _terms(), CUTS) == []  # one level of blocks does not read it
    found = nested_readings(STREAM, LINES, 6, 4, {}, _terms(), CUTS)
    assert found is not None and [_grid(f) for f in found] == [TRUTH]


def test_a_line_printed_across_two_rows_rules_the_reading_out():
    lines = LINES[:]
    lines[1] = lines[0]  # rows one and two of column a printed on one line: no box prints them so
    assert nested_readings(STREAM, lines, 6, 4, {}, _terms(), CUTS) == []


def test_the_search_past_its_budget_reads_nothing():
    assert nested_readings(STREAM, LINES, 6, 4, {}, _terms(), CUTS, budget=[5]) is None


def test_strips_read_a_band_whose_first_row_is_printed_across_every_column_first():
    order = [(0, c) for c in range(4)] + ORDER[:6][1:] + [o for o in ORDER[6:] if o[0] != 0]
    stream = [TRUTH[r][c] for r, c in order]
    lines = [0, 0, 0, 0] + list(range(1, len(stream) - 3))
    lines[-3:] = [lines[-3]] * 3  # row sum along its line
    assert nested_readings(stream, lines, 6, 4, {}, _terms(), CUTS) == []  # one strip: the line spans its blocks
    found = nested_readings(stream, lines, 6, 4, {}, _terms(), CUTS, strips=CUTS)
    assert found is not None and len(found) == 1
    grid = [[stream[found[0][(r, c)]] for c in range(4)] for r in range(6)]
    assert grid == TRUTH


def test_line_strips_are_the_rows_printed_along_a_line_to_their_end():
    # row 0 printed whole along a line first; row 5 (sum) ends along a line after its first cell
    order = [(0, c) for c in range(4)] + ORDER[:6][1:] + [o for o in ORDER[6:] if o[0] != 0]
    lines = [0, 0, 0, 0] + list(range(1, len(order) - 3))
    lines[-3:] = [lines[-3]] * 3
    assert line_strips(lines, 6, 4, {}) == [1, 5]
    assert line_strips(lines[4:], 6, 4, {(0, c): 0 for c in range(4)}) == [5]  # row 0 known: not a line here
    stream = [TRUTH[r][c] for r, c in order]
    found = nested_readings(stream, lines, 6, 4, {}, _terms(), CUTS, strips=line_strips(lines, 6, 4, {}),
                            max_blocks=LINE_STRIP_BLOCKS)
    assert found is not None and len(found) == 1
    assert [[stream[found[0][(r, c)]] for c in range(4)] for r in range(6)] == TRUTH


def test_xy_with_its_plain_cut_orders_only_leaves_a_nested_band_to_the_later_pass():
    # column_order's first pass tries XY's plain cuts alone (both variants), its costlier kinds after
    from gktables.core.column_anyorder import CUTS as PLAIN_CUTS
    from gktables.core.column_anyorder import xy_kept
    from gktables.core.column_tokens import Token
    from gktables.core.items import Item

    keys = [[f"t3.{r}.{c}" for c in COLS] for r in ROWS]
    tokens = [Token(Item("value", str(v), "text", line, pos=i), v, 0) for i, (v, line) in enumerate(zip(STREAM, LINES))]
    checks = stream_checks(ROWS, COLS)
    assert xy_kept([(0, 6, tokens)], {}, 4, {}, keys, checks, {}, [150_000], kinds=(PLAIN_CUTS,)) == []
    found = xy_kept([(0, 6, tokens)], {}, 4, {}, keys, checks, {}, [150_000])
    assert [cells for cells, _ in found] == [{f"t3.{r}.{c}": v for r, row in zip(ROWS, TRUTH)
                                               for c, v in zip(COLS, row)}]
