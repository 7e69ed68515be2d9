"""Money units printed apart from their number in text (core/items._with_wrapped_units): a unit
lost would read a 元 amount as 万元, a wrong number with full confidence."""

from __future__ import annotations

import pytest

from gktables.core.items import text_to_items


def _values(text: str) -> list[str]:
    return [it.text for it in text_to_items(text, "pdf") if it.kind == "value"]


@pytest.mark.parametrize("text, want", [
    ("行政事业性收费 12505816.66\n元\n", ["12505816.66元"]),  # the unit wrapped onto a line of its own
    ("信息内容\n0.566771万\n行政事业性收费\n元\n", ["0.566771万元"]),  # a unit cut in two, the label between
    ("5667.71\n行政事业性收费\n元\n", ["5667.71元"]),  # the row label centred between the value's lines
    ("行政事业性收费 3.5万\n", ["3.5万"]),  # the bare 万 kept with its number
])
def test_a_unit_apart_from_its_number_is_read_with_it(text, want):
    assert _values(text) == want


def test_a_unit_line_under_a_label_with_no_number_above_joins_nothing():
    assert _values("行政事业性收费\n元\n") == []
