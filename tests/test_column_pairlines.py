"""The (其他, 总计) pair too open to read, narrowed by pdfminer's printed lines and its few row
groups (core/column_pairlines.py), on small hand-built stretches."""

from gktables.core import column_pairs
from gktables.core.column_pairlines import lined_pair_groupings
from gktables.core.column_pairs import pair_groupings

# 其他 is 0 in every row, 总计 often 0: the rows' groups could fall many ways. Row 0 prints as one
# line (`0 5`), rows 1-6 as two boxes (其他's six 0s, then 总计's), rows 7 and 8 as a line each
# (`0 9`) and as two lines (`0` / `0`).
VALUES = [0, 5] + [0] * 6 + [1, 0, 2, 0, 0, 3] + [0, 9] + [0, 0]
LINES = [1, 1] + list(range(2, 14)) + [14, 14] + [15, 16]
TRUTH = (1, 6, 1, 1)


def test_too_open_pair_read_by_lines_and_fewest_groups(monkeypatch):
    monkeypatch.setattr(column_pairs, "MAX_GROUPINGS", 4)  # the stretch fits more readings: too open
    assert pair_groupings(VALUES, [0] * 9) == []
    assert lined_pair_groupings(VALUES, [0] * 9, LINES) == [TRUTH]


def test_open_enough_pair_keeps_every_grouping():
    # within MAX_GROUPINGS: every grouping as before, the lines not asked
    assert lined_pair_groupings(VALUES, [0] * 9, LINES) == pair_groupings(VALUES, [0] * 9)


def test_a_line_across_two_rows_is_no_grouping(monkeypatch):
    monkeypatch.setattr(column_pairs, "MAX_GROUPINGS", 1)
    # `3 0` on one line: 总计 of row 0 beside 其他 of row 1 (two one-row groups), or inside one
    # two-row group (其他's box then 总计's): pdfminer prints neither so; unconstrained, two readings
    assert pair_groupings([0, 3, 0, 4], [0, 0]) == []
    assert lined_pair_groupings([0, 3, 0, 4], [0, 0], [1, 2, 2, 3]) == []
    assert lined_pair_groupings([0, 3, 0, 4], [0, 0], [1, 1, 2, 2]) == [(1, 1)]
