"""Dealing the two free columns of 三 printed column by column (core/column_free.py): which of the
two boxes the stream's first free value may belong to."""

from gktables.core.column_budget import BandCache
from gktables.core.column_free import interleavings
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
