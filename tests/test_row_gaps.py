"""A short row's blank cell read from the gaps between its values (`row_gaps`, through
`hint_columns_by_position`), and a value printed between a wrapped label's lines (`with_line_owners`)."""

from __future__ import annotations

from gktables.core.align import RowPlan, align_rows, hint_columns_by_position, total_is_sum
from gktables.core.field_padding import drop_padding_column
from gktables.core.candidates import Column
from gktables.core.hints import stream_hints
from gktables.core.items import Item, text_to_items
from gktables.core.header_columns import heap_segments
from gktables.core.row_gaps import blank_column_by_gaps, columns_by_gaps, page_centres, short_row_columns

FULL = [[40.0, 45.0, 48.0, 51.0, 54.0, 57.0, 61.0], [41.0, 45.0, 48.0, 51.0, 54.0, 57.0, 61.0],
        [38.0, 42.0, 45.0, 48.0, 51.0, 54.0, 58.0]]  # rows drifting left and right, spaced alike


def test_a_double_gap_inside_a_row_is_its_blank_cell_wherever_the_row_starts():
    assert columns_by_gaps([41, 45, 48, 54, 57, 61], FULL, 1.5) == [0, 1, 2, 4, 5, 6]
    assert columns_by_gaps([35, 39, 42, 48, 51, 55], FULL, 1.5) == [0, 1, 2, 4, 5, 6]  # drifted far left


def test_an_edge_blank_or_an_uneven_table_is_left_undecided():
    # evenly spaced, a row missing its first or its last cell prints the same gaps
    even = [[10.0 + 3 * c + d for c in range(7)] for d in (0, 2, -1)]
    assert columns_by_gaps([13, 16, 19, 22, 25, 28], even, 1.5) is None
    # full rows spaced unevenly (another page, another scale): their gaps are no measure
    uneven = FULL + [[24.0, 30.0, 36.0, 42.0, 48.0, 54.0, 60.0]]
    assert columns_by_gaps([41, 45, 48, 54, 57, 61], uneven, 1.5) is None
    # two cells short: no placement is sure enough
    assert columns_by_gaps([41, 45, 54, 57, 61], FULL, 1.5) is None


COUNT = Column("count")


def seven(label: str, anchor: int | None) -> RowPlan:
    keys = tuple(f"{label}.{c}" for c in range(7))
    return RowPlan(label, keys, (COUNT,) * 7, total_is_sum, anchor, (7,))


def values(items: list[Item]) -> list[Item]:
    return [it for it in items if it.kind == "value"]


def test_a_drifting_space_padded_row_places_its_blank_by_its_gaps():
    """PyMuPDF's sorted text: rows start a few characters apart, so where 丁's values sit says
    nothing, but the double gap after its third value is its blank fourth cell."""
    text = ("甲      2    1  0  0  0  0   3\n"
            "乙乙乙  7   0  0  0  0  0   7\n"
            "丙    4    1  0  0  0  0   5\n"
            "丁丁丁丁    0   0  0     0  0   0\n")
    items = text_to_items(text)
    at = {it.text: it.pos for it in items if it.kind == "label"}
    plans = [seven(label, at[label]) for label in ("甲", "乙乙乙", "丙", "丁丁丁丁")]
    hints = hint_columns_by_position(values(items), 7, stream_hints(items))
    assert [hints.column_from_right(t) for t in values(items) if t.line == 3] == [7, 6, 5, 3, 2, 1]
    row = next(r for r in align_rows(values(items), plans, 2.5, 100, hints=hints).rows if r.plan.label == "丁丁丁丁")
    assert [rd.values for rd in row.readings] == [(0, 0, 0, None, 0, 0, 0)]


def test_a_value_between_a_wrapped_label_s_lines_is_its_row_s():
    """markitdown: '5.属于三类内部事务信' / '无' / '息' — the blank mark is centred on the label's two
    lines; the next row, printed on its own line, does not take it. An end that does not complete
    the label (a heading's fragment) hands nothing over."""
    text = "5.属于三类内部事务信\n无\n息\n| 6.属于四类过程性信息 | 2 | 无 | 2 |\n"
    items = text_to_items(text)
    anchors = [items[0].pos, next(it.pos for it in items if "6." in it.text)]
    labels = ["5.属于三类内部事务信息", "6.属于四类过程性信息"]
    hints = stream_hints(items).with_line_owners(anchors, items, values(items), labels)
    assert hints.line_owner(items[1].pos) == anchors[0]
    other = stream_hints(items).with_line_owners(anchors, items, values(items), ["5.属于三类内部事务信件", labels[1]])
    assert other.line_owner(items[1].pos) is None


def test_a_short_row_on_a_shifted_page_is_measured_against_the_full_rows_around_it():
    """pdftotext -layout: the next page prints the table two characters right; 丁 (one value short,
    its total blank) sits under the columns of the rows around it, not the table's median ones."""
    full = {0: [20.0, 28.0, 36.0], 1: [20.0, 28.0, 36.0], 2: [20.0, 28.0, 36.0], 9: [23.5, 29.0, 37.5],
            5: [22.5, 30.5, 38.5], 7: [22.5, 30.5, 38.5]}
    centres = [20.0, 28.0, 36.0]
    assert short_row_columns([22.5, 30.5], 6, centres, 2.0, full) == [0, 1]
    # with the table's columns alone, 22.5 and 30.5 sit under none of them within a third of a gap
    assert short_row_columns([22.5, 30.5], 6, centres, 2.0, {}) is None
    # rows around it that do not line up with each other (text drifting row by row) place nothing
    drifting = {**full, 5: [25.5, 33.5, 41.5]}
    assert short_row_columns([22.5, 30.5], 6, centres, 2.0, drifting) is None


def test_an_empty_field_every_longer_row_prints_in_one_place_is_a_padding_column():
    """markitdown, after a page break: a spacer field between two columns in every row of the
    table. Rows printing all their cells and it show where it is; the row with a blank cell
    then has its blank in the last field, not in the spacer."""
    text = ("| | 甲 | | 1 | 2 | | 4 | 7 |\n| | 乙 | | 0 | 0 | | 0 | 0 |\n"
            "| | 丙 | | 1 | 0 | | 0 | |\n")
    items = text_to_items(text)
    tokens, hints = drop_padding_column(values(items), 4, stream_hints(items))
    row = [(t.text, hints.field_from_right(t)) for t in tokens if t.line == 2 and hints.field_from_right(t) <= 4]
    assert row == [("1", 4), ("0", 3), ("0", 2), ("", 1)]


def test_a_column_blank_in_every_row_is_found_by_the_double_gap_every_row_shows():
    """PyMuPDF's sorted text, a column blank throughout (no row prints all seven): each row one
    value short has its widest gap, twice any other, after its third value: column 4 is blank."""
    text = ("甲      1611      153      50                165      76      2055\n"
            "乙乙    380      34       9                39       14       476\n"
            "丙       50       4        2                 4        3        63\n"
            "丁丁丁      9                                  1         1         11\n")
    items = text_to_items(text)
    hints = hint_columns_by_position(values(items), 7, stream_hints(items))
    assert [hints.column_from_right(t) for t in values(items) if t.line == 1] == [7, 6, 5, 3, 2, 1]
    assert all(hints.column_from_right(t) is None for t in values(items) if t.line == 3)  # 丁: three short
    # one row without the double gap, or a blank first or last column: nothing is said
    assert blank_column_by_gaps([[0, 9, 17, 35, 43, 52]] * 2 + [[0, 9, 17, 26, 35, 43]], 7) is None
    assert blank_column_by_gaps([[0, 9, 17, 26, 35, 43]] * 3, 7) is None


# pdftotext -layout of a report printing most cells empty (positions of s199_007's first page):
# no row prints all seven, yet every column prints in some row
SPARSE = [[25.5, 31.5, 42.5, 48.5, 52.5, 58.5], [24.5, 31.5, 57.5], [24.5, 36.5, 41.5, 52.5, 57.5],
          [25.0, 42.5, 48.5, 52.5, 58.0], [31.5, 41.5, 52.5, 57.5], [25.0, 36.5, 58.0]]


def test_values_of_a_mostly_empty_table_heap_under_its_columns():
    centres = page_centres(SPARSE, 7)
    assert centres is not None and [round(c) for c in centres] == [25, 32, 36, 42, 48, 52, 58]
    assert columns_under_all(SPARSE, centres) == [[0, 1, 3, 4, 5, 6], [0, 1, 6], [0, 2, 3, 5, 6], [0, 3, 4, 5, 6],
                                                  [1, 3, 5, 6], [0, 2, 6]]
    # a column blank on the whole page leaves six heaps for seven columns: nothing said
    assert page_centres([[x for x in row if x != 36.5] for row in SPARSE], 7) is None
    # values drifting from row to row run the heaps into each other: nothing said
    drifting = [[x + 2.5 * (n % 2) for x in row] for n, row in enumerate(SPARSE)]
    assert page_centres(drifting, 7) is None


def test_each_page_of_a_mostly_empty_table_heaps_on_its_own():
    page_two = {20: [22.0, 28.5, 32.5, 40.5, 44.5, 49.5, 58.0], 21: [23.5, 29.5, 33.5, 41.5, 45.5, 59.5]}
    positions = {n: row for n, row in enumerate(SPARSE)} | page_two
    segments = heap_segments(positions, 7, page_starts=(20,))
    assert [lines for lines, _ in segments] == [list(range(len(SPARSE))), [20, 21]]
    assert round(segments[1][1][0]) == 23  # page two's natural-person column sits left of page one's


def columns_under_all(rows: list[list[float]], centres: list[float]) -> list[list[int]]:
    return [[min(range(len(centres)), key=lambda c: abs(centres[c] - x)) for x in row] for row in rows]
