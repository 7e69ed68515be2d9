"""What the band searches of core/column_order.py spend of a table's budget (core/column_budget.py's BAND_STEPS): work
done once is not paid again, and work that cannot read anything is not done."""

import pytest

from gktables.core import column_budget
from gktables.core.column_budget import PAIR_STEPS, BandCache
from gktables.core.column_free import interleavings
from gktables.core.column_pairs import pair_groupings
from gktables.core.column_rowpairs import row_pair_dealings
from gktables.core.column_tokens import Token
from gktables.core.items import Item
from gktables.deadline import Deadline
from gktables.errors import TimeLimitError


def _tokens(values: list[int]) -> list[Token]:
    return [Token(Item("value", str(v), "text", k, pos=k), v, 1) for k, v in enumerate(values)]


def test_a_pair_stretch_is_grouped_and_paid_for_once_per_table():
    """The placements of a band's runs, and the streams that differ elsewhere, regroup the same
    (其他, 总计) stretch again and again: the table's cache searches it once and spends its full
    weight once (a hit, a share of it)."""
    values, floors = [1, 4, 2, 6], [2, 3]  # rows (1, 4) and (2, 6) as one group or two
    cache = BandCache()
    first = cache.pairs(values, floors)
    assert first == pair_groupings(values, floors) and first
    assert column_budget.BAND_STEPS - cache.steps_left == PAIR_STEPS
    assert cache.pairs(list(values), list(floors)) == first
    hit = PAIR_STEPS // column_budget.GROUPING_HIT_SHARE  # not paid again: a share for the key and variants
    assert column_budget.BAND_STEPS - cache.steps_left == PAIR_STEPS + hit
    cache.pairs(values, [2, 4])  # other floors: another search
    assert column_budget.BAND_STEPS - cache.steps_left == 2 * PAIR_STEPS + hit


def test_free_values_that_cannot_make_the_rows_sums_are_not_dealt():
    """Every free value is dealt to a row, so the values must add up to the rows' free sums: a
    placement of the runs that leaves values adding up to anything else deals nothing, at no cost,
    where the dealing search would have tried every interleaving first."""
    rows0, rows1 = [0, 1, 2], [0, 1, 2]
    sums = [5, 7, 9]
    fits = _tokens([2, 3, 4, 3, 4, 5])  # 自然人's box (2, 3, 4), then 商业企业's (3, 4, 5)
    cache = BandCache()
    dealt = interleavings(fits, rows0, rows1, {}, sums, {}, cache)
    assert dealt and all(a + b == s for first, second in dealt for a, b, s in zip(first, second, sums))
    wrong_total = _tokens([2, 3, 4, 3, 4, 6])  # 22: no dealing makes 5 + 7 + 9
    cache = BandCache()
    assert interleavings(wrong_total, rows0, rows1, {}, sums, {}, cache) == set()
    assert cache.steps_left == column_budget.BAND_STEPS
    # a row left unchecked (None: the report's own slip) checks nothing: the search runs
    cache = BandCache()
    interleavings(wrong_total, rows0, rows1, {}, [5, None, 9], {}, cache)
    assert cache.steps_left < column_budget.BAND_STEPS


def test_known_free_cells_count_towards_the_rows_sums():
    """A free cell read from its label's line (fixed) is part of its row's sum: the values dealt
    make the rest."""
    fixed = {(1, 0): Token(Item("value", "3", "text", 9, pos=9), 3, 1)}
    cache = BandCache()
    dealt = interleavings(_tokens([2, 5, 3, 4, 6]), [0, 2], [0, 1, 2], fixed, [5, 7, 11], {}, cache)
    assert dealt
    assert interleavings(_tokens([2, 5, 3, 4, 7]), [0, 2], [0, 1, 2], fixed, [5, 7, 11], {},
                         BandCache()) == set()


def test_a_row_pair_search_is_done_and_paid_for_once_per_table():
    """Run orders that leave the same free values and row sums ask column_rowpairs the same search
    again (9 times in 10 on a text of many zeros): the table's cache does it once, a hit costs only
    ROW_PAIR_HIT_STEPS, and each caller gets its own set."""
    args = ([5, 2, 6, 3, 3, 5], [0, 1, 2], [0, 1, 2], {}, {}, [7, 8, 9], {}, 0)
    cache = BandCache()
    first = cache.row_pairs(*args)
    assert first == row_pair_dealings(*args) and first
    spent = column_budget.BAND_STEPS - cache.steps_left
    assert spent > column_budget.ROW_PAIR_HIT_STEPS
    first.clear()
    again = cache.row_pairs(*args)
    assert again == row_pair_dealings(*args)
    assert column_budget.BAND_STEPS - cache.steps_left == spent + column_budget.ROW_PAIR_HIT_STEPS
    floats = cache.row_pairs([5.0, 2, 6, 3, 3, 5], *args[1:])  # 5.0 is not 5: another search, its own values
    assert column_budget.BAND_STEPS - cache.steps_left > spent + 2 * column_budget.ROW_PAIR_HIT_STEPS
    assert any(isinstance(v, float) for first_col, _ in floats for v in first_col)


def test_the_documents_time_limit_is_read_while_the_budget_is_spent():
    """The step budget gives the same reading on any machine; the user's time limit still bounds the
    whole document: a spent stretch of CLOCK_EVERY_STEPS reads the clock (not every step: 40 M of them)."""
    unbounded = BandCache(deadline=None)
    unbounded.spend(3 * column_budget.CLOCK_EVERY_STEPS)
    passed = BandCache(deadline=Deadline(0.0, "s1.pdfminer.txt"))
    passed.spend(column_budget.CLOCK_EVERY_STEPS - 1)  # the clock not read yet
    with pytest.raises(TimeLimitError, match="s1.pdfminer.txt.*三 read column by column"):
        passed.spend(2)
