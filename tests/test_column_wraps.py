"""Numbers wrapped over two lines of one pdfminer box (core/column_wraps.py), on hand-built items."""

from gktables.core.column_wraps import join_choices, joined_pages, wrap_candidates
from gktables.core.items import Item


def _values(text: str) -> list[Item]:
    out: list[Item] = []
    at = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Item("value", line, "text", len(out), pos=len(out), span=(at, at + len(line))))
        at += len(line) + 1
    return out


def test_a_long_line_over_a_shorter_one_in_one_box_is_a_candidate():
    text = "250\n\n151\n4\n\n16\n\n7\n40\n"
    values = _values(text)  # 250 | 151 4 | 16 | 7 40
    # 151/4: one box, three digits over one; 7/40: the upper line is shorter; 4/16: two boxes
    assert wrap_candidates(values, text) == [1]


def test_choices_share_no_line_and_too_many_are_not_tried():
    assert list(join_choices([0, 1, 3], 2)) == [(0, 3), (1, 3)]
    assert list(join_choices(list(range(0, 40, 2)), 2)) == []  # 190 choices: too open


def test_joined_pages_join_the_extra_values_of_each_page():
    text = "250\n\n151\n4\n\n16\n"
    values = _values(text)
    (joined,) = list(joined_pages([values], [1], text))
    assert [[it.text for it in page] for page in joined] == [["250", "1514", "16"]]
    assert joined[0][1].parts == (values[1], values[2])
    assert list(joined_pages([values], [0], text)) == []  # nothing to join
