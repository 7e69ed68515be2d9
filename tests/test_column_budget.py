"""What the band searches of core/column_order.py spend of a table's budget (BAND_STEPS): work
done once is not paid again, and work that cannot read anything is not done."""

from gktables.core import column_order
from gktables.core.column_order import PAIR_STEPS, BandCache, Token
from gktables.core.column_pairs import pair_groupings
from gktables.core.items import Item


def _tokens(values: list[int]) -> list[Token]:
    return [Token(Item("value", str(v), "text", k, pos=k), v, 1) for k, v in enumerate(values)]


def test_a_pair_stretch_is_grouped_and_paid_for_once_per_table():
    """The placements of a band's runs, and the streams that differ elsewhere, regroup the same
    (其他, 总计) stretch again and again: the table's cache searches it once and spends once."""
    values, floors = [1, 4, 2, 6], [2, 3]  # rows (1, 4) and (2, 6) as one group or two
    cache = BandCache()
    first = cache.pairs(values, floors)
    assert first == pair_groupings(values, floors) and first
    assert column_order.BAND_STEPS - cache.steps_left == PAIR_STEPS
    assert cache.pairs(list(values), list(floors)) == first
    assert column_order.BAND_STEPS - cache.steps_left == PAIR_STEPS  # not paid again
    cache.pairs(values, [2, 4])  # other floors: another search
    assert column_order.BAND_STEPS - cache.steps_left == 2 * PAIR_STEPS
