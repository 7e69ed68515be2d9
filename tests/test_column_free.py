"""Dealing the two free columns of 三 printed column by column (core/column_free.py): which of the
two boxes the stream's first free value may belong to, and one row's pair printed last."""

from gktables.core.column_budget import BandCache
from gktables.core.column_free import interleavings, last_pair
from gktables.core.column_tokens import Token
from gktables.core.items import Item


def _tokens(values: list[int]) -> list[Token]:
    return [Token(Item("value", str(v), "text", k, pos=k), v, 1) for k, v in enumerate(values)]


def test_first_column_box_may_lead_when_its_cells_above_are_on_their_labels_lines():
    """自然人 of row 0 printed on its label's line (``40``): the rest of its box (rows 1, 2) starts
    lower than 商业企业's (rows 0-2), yet pdfminer prints it first, as the left box."""
    fixed = {(0, 0): Token(Item("value", "40", "text", 99, pos=99), 40, 1)}
    #            N: 40 | 55 53    C: 1 4 0    free sums per row: 41, 59, 53
    stream = _tokens([55, 53, 1, 4, 0])
    dealt = interleavings(stream, [1, 2], [0, 1, 2], fixed, [41, 59, 53], {}, BandCache())
    assert ((55, 53), (1, 4, 0)) in dealt


def test_second_column_box_may_still_lead_then():
    """Either box may lead there (the print order no longer picks one): 商业企业's box printed first,
    as the higher one, is still dealt."""
    fixed = {(0, 0): Token(Item("value", "40", "text", 99, pos=99), 40, 1)}
    stream = _tokens([1, 4, 0, 55, 53])
    dealt = interleavings(stream, [1, 2], [0, 1, 2], fixed, [41, 59, 53], {}, BandCache())
    assert ((55, 53), (1, 4, 0)) in dealt


def test_one_rows_pair_printed_last_is_dealt_to_its_row():
    """Row 2's two cells (152, 18) printed after both columns' other values (pdfminer's box of
    (四)'s first row after the boxes below it): dealt to row 2, the rest top to bottom."""
    #            N: 3 29 | 10 0    C: 1 3 | 0 0    then row 2's pair: 152 18
    stream = _tokens([3, 29, 10, 0, 1, 3, 0, 0, 152, 18])
    sums = [4, 32, 170, 10, 0]
    rows = [0, 1, 2, 3, 4]
    assert not interleavings(stream, rows, rows, {}, sums, {}, BandCache())
    assert last_pair(stream, rows, rows, {}, sums, {}, BandCache()) == {((3, 29, 152, 10, 0), (1, 3, 18, 0, 0))}


def test_last_pair_needs_a_row_it_sums_and_not_two_zeros():
    """Two 0s pin no row, and a pair no row's sum matches is no row's."""
    rows = [0, 1, 2]
    assert not last_pair(_tokens([5, 1, 2, 3, 0, 0]), rows, rows, {}, [7, 3, 0], {}, BandCache())
    assert not last_pair(_tokens([5, 0, 2, 0, 4, 4]), rows, rows, {}, [7, 0, 9], {}, BandCache())
