"""Numbers wrapped above and below their row's line (core/wrapped.py), as the converters print
them, on small hand-built 三 tables: joined where the row adds up one way, flagged where not."""

import gktables
from gktables.core.items import text_to_items
from gktables.core.wrapped import join_wrapped_lines, wrapped_arrangements

from .test_converters import T3_HEADER, T3_LABELS

NEW = [1514, 250, 16, 19, 0, 53, 1852]


def t3_with(new_row: str, total_row: str | None = None) -> str:
    """三 on label lines, 1852 new and all granted; ``new_row`` (and ``total_row``) replace the
    lines of 一 (and （七）总计) as a converter printed them."""
    zero = " ".join(["0"] * 7)
    full = " ".join(map(str, NEW))
    lines = [T3_HEADER.rstrip("\n")]
    for label in T3_LABELS:
        if label.startswith("一、"):
            lines.append(new_row)
        elif label == "（七）总计" and total_row is not None:
            lines.append(total_row)
        else:
            lines.append(f"{label} {full if label in ('（一）予以公开', '（七）总计') else zero}")
    return "\n".join(lines) + "\n"


def new_cells(report: gktables.Report) -> list:
    return [report.cells[f"t3.new.{c}"] for c in
            ("natural", "commercial", "research", "nonprofit", "legal_service", "other", "total")]


def test_halves_above_and_below_the_row_line_are_one_number():
    # pdfplumber, PyMuPDF sorted: '151' above the row's line, '4' below it
    report = gktables.extract_text(t3_with("151\n一、本年新收政府信息公开申请数量 250 16 19 0 53 1852\n4"))
    assert new_cells(report) == NEW
    assert report.provenance["t3.new.natural"].decided_by == "check"
    assert "t3.new.natural" not in report.flagged_keys()


def test_upper_half_on_the_row_line_and_the_rest_below():
    # pypdf layout mode: every cell on the row's line, the wrapped one cut short
    text = t3_with("一、本年新收政府信息公开申请数量   151  250  16   19   0   53  1852\n"
                   "                                  4")
    assert new_cells(gktables.extract_text(text)) == NEW


def test_markdown_rows_of_wrapped_halves_lose_their_padding():
    text = t3_with("|  |  | 151 |  |  |\n| 一、本年新收政府信息公开申请数量 | 250 | 16 19 | 0 53 | 1852 |\n"
                   "|  |  | 4 |  |  |")
    assert new_cells(gktables.extract_text(text)) == NEW


def test_two_wrapped_numbers_in_one_row():
    new = [8335, 0, 0, 248, 547, 63, 9193]
    text = t3_with("833 919\n一、本年新收政府信息公开申请数量 0 0 248 547 63\n5 3").replace(
        " ".join(map(str, NEW)), " ".join(map(str, new)))
    assert new_cells(gktables.extract_text(text)) == new


def test_three_wrapped_numbers_in_one_row():
    # pdfplumber on a narrow 2021 column: 12592, 1445 and 14095 each wrapped over the row's line
    new = [12592, 1445, 0, 0, 0, 58, 14095]
    text = t3_with("1259 144 1409\n一、本年新收政府信息公开申请数量 0 0 0 58\n2 5 5").replace(
        " ".join(map(str, NEW)), " ".join(map(str, new)))
    assert new_cells(gktables.extract_text(text)) == new


def test_arrangements_keep_the_row_lines_order():
    tokens = [t for t in text_to_items("151\n行 250 16\n4") if t.kind == "value"]
    arranged = [[t.text for t in out] for _, out in wrapped_arrangements(tokens, 3)]
    assert arranged == [["1514", "250", "16"], ["250", "1514", "16"], ["250", "16", "1514"]]


def test_a_join_that_adds_up_two_ways_is_left_to_the_checks():
    # 198|6 → 1986 and 218|7 → 2187 add up, and so does 198|0 → 1980 with 6 left as it is
    items = text_to_items("198 218\n1.本机关不掌握相关政府信息 6 0 0 62 126 13 7")
    tokens = [t for t in items if t.kind == "value"]
    assert join_wrapped_lines(tokens, items, (7,)) == tokens


def test_a_row_line_that_adds_up_one_way_with_the_line_below_is_joined():
    items = text_to_items("一、本年新收政府信息公开申请数量 207 30 14 37 0 21 2177\n5")
    joined = join_wrapped_lines([t for t in items if t.kind == "value"], items, (7,))
    assert [t.text for t in joined] == ["2075", "30", "14", "37", "0", "21", "2177"]
    assert [p.text for p in joined[0].parts] == ["207", "5"]


def test_a_line_of_words_is_no_wrapped_half():
    items = text_to_items("1.本机关不掌握相关政府信息 6 0 0 62 126 13 7\n共计 198 件")
    tokens = [t for t in items if t.kind == "value"]
    assert join_wrapped_lines(tokens, items, (7,)) == tokens
