"""'|' tables whose fields do not number their cells (markitdown): label columns and spacer fields
are read per table, from the table's other rows."""

from __future__ import annotations

from gktables.core.items import Item, text_to_items


def row(items: list[Item], line: int) -> list[tuple[str, int | None]]:
    return [(it.text, it.field_from_right) for it in items if it.kind == "value" and it.line == line]


MERGED = ("| 甲 | 乙一 | 100 5 | 2 / | 6 | 113 |\n"
          "丙一\n"
          "|     |     | 4   | /   | /   | 4   |\n"
          "| 丁 | 丁一 | 3 | / | / | 3 |\n")


def test_a_row_with_its_label_outside_a_merged_table_starts_with_label_columns():
    """Other rows print their labels in the first two fields and two values in one field: the two
    empty fields before 丙一's values are its label columns, not blank cells, and no field is a hint."""
    items = text_to_items(MERGED)
    assert row(items, 2) == [("4", None), ("/", None), ("/", None), ("4", None)]
    # One value per field in every row: the fields are cells, empty ones are read as printed.
    plain = MERGED.replace("100 5", "100").replace("2 /", "2")
    assert row(text_to_items(plain), 2)[:2] == [("", 6), ("", 5)]


SHIFTED = ("|    | 信息内容 | 本年新制作数量 |     | 对外公开总数量 |     |\n"
           "| --- | ---- | ------- | --- | ------- | --- |\n"
           "| 甲  |      |         | 0   |         | 5   |\n"
           "| 乙  |      |         | 1   |         |     |\n")


def test_values_one_field_right_of_their_header_leave_spacer_fields():
    """Each column spans two fields, its name in the one and its values in the other: fields no
    row prints a value in are spacers, the rest are the cells (乙's last is blank)."""
    items = text_to_items(SHIFTED)
    assert row(items, 2) == [("0", None), ("5", None)]
    assert row(items, 3) == [("1", None), ("", None)]
    # A header over its values: the fields are the cells, an empty one a blank cell.
    aligned = SHIFTED.replace("| 本年新制作数量 |     | 对外公开总数量 |     |",
                              "|     | 本年新制作数量 |     | 对外公开总数量 |")
    assert row(text_to_items(aligned), 3) == [("", 5), ("", 4), ("1", 3), ("", 2), ("", 1)]


FULL = ("| 甲 | 1 2 | 3 4 5 | 6 12 |\n"
        "| 乙 | 0 0 | 0 0 | 0 0 |\n")


def test_a_merged_field_printed_full_points_to_its_columns():
    """甲 prints every field full (2, 3 and 2 cells): 乙's values in full fields have their columns
    (from the right, with the table's seven cells); its middle field is one short, so which of its
    three cells is blank stays open."""
    items = text_to_items(FULL)
    assert [it.merged_column for it in items if it.kind == "value" and it.line == 1] == \
        [(7, 7), (6, 7), None, None, (2, 7), (1, 7)]
    # Without 甲, 乙 is the fullest row: six cells, which the aligner does not trust for rows of seven.
    assert {it.merged_column[1] for it in text_to_items(FULL.split("\n", 1)[1]) if it.merged_column} == {6}


def test_fields_are_counted_right_on_rows_of_any_width():
    """Each value's field from the right, on a row of 2,000 fields after a long label (counted once
    per line, not from the line's start for every token)."""
    line = "| " + "申" * 5000 + " |" + "".join(f" {k % 10} |" for k in range(2000))
    values = [it for it in text_to_items(line) if it.kind == "value"]
    assert len(values) == 2000
    assert [it.field_from_right for it in values[:3]] == [2000, 1999, 1998]
    assert [it.field_from_right for it in values[-2:]] == [2, 1]
    assert [it.text for it in values[-2:]] == ["8", "9"]


BROKEN_CELLS = ("||1.申请人无正当理由逾<br>期不补正、行政机关不<br>再处理其政府信息公开|113|12|133|\n"
                "|---|---|---|---|---|\n"
                "|（六）其<br/>他处理|2.申请人逾期未按收费<BR>通知要求缴纳费用|0|0|0|\n")


def test_a_line_break_tag_inside_a_cell_joins_the_cells_lines():
    """PyMuPDF4LLM writes a cell's lines joined by '<br>': the tag is no text of the cell, so the
    label reads whole (and is matched as the 1. row's, not torn at the tag), its span still pointing
    into the text as printed."""
    items = text_to_items(BROKEN_CELLS)
    labels = [it for it in items if it.kind == "label"]
    assert [it.line for it in labels] == [0, 2] and all("<" not in it.text for it in labels)
    assert "".join(labels[0].text.split()).strip("|") == "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开"
    assert "".join(labels[1].text.split()) == "|（六）其他处理|2.申请人逾期未按收费通知要求缴纳费用|"
    start, end = labels[0].span or (0, 0)
    assert BROKEN_CELLS[start:end].startswith("1.申请人无正当理由逾<br>期")  # the span: the text as printed
    assert row(items, 0) == [("113", 3), ("12", 2), ("133", 1)]


SPLIT_HEADERS = ("||**第二十条第（八）项**|||\n|---|---|---|---|\n"
                 "|**信息内容**|**上一年项目数量**|**本年**|**增/减**|\n"
                 "|行政事业性收费|1|－|1|\n"
                 "||**第二十条第（六）项**||||\n|---|---|---|---|---|\n"
                 "|**信息内容**|**上一年**<br>**量**|**项目数**<br>|**本年增/减**|**处理决定数量**|\n"
                 "|行政处罚|2|3|6|0|\n"
                 "||**第二十条第（九）项**|||\n|---|---|---|---|\n"
                 "|**信息内容**|**采购项目数量**|**采购**|**总金额**|\n"
                 "|政府集中采购|6|519.2|3 万元|\n"
                 "|**信息内容**||**采购项目数量**|**采购总**|**金额**|\n"
                 "|政府集中采购||1|7507.|22 元|\n")


def test_values_under_a_header_cut_in_two_are_one_cell():
    """PyMuPDF4LLM cuts a wrapped header cell of 二 at a bar, its lines dealt across two fields
    ('本年' '增/减'; '上一年 量' '项目数'), and the cell's value under it with it: the two fields are one
    column, their values one number (its sign, its digits or its decimals cut off)."""
    values = [(it.line, it.text) for it in text_to_items(SPLIT_HEADERS) if it.kind == "value"]
    assert values == [(3, "1"), (3, "－1"), (7, "23"), (7, "6"), (7, "0"), (11, "6"), (11, "519.23 万元"),
                      (13, "1"), (13, "7507.22 元")]  # (the point left between the bars is the number's)
    whole = SPLIT_HEADERS.replace("|**本年**|**增/减**|", "|**本年增/减**||")  # a header whole: fields kept
    assert [it.text for it in text_to_items(whole) if it.kind == "value" and it.line == 3] == ["1", "－", "1"]


REPEATED_CAPTION = ("|**第二十条第（六）项**|**第二十条第（六）项**|**第二十条第（六）项**|**第二十条第（六）项**|\n"
                    "|**信息内容**|**本年处理决定**<br>**数量**|||\n"
                    "|行政处罚|32|||\n"
                    "|行政强制|0|||\n")


def test_a_caption_repeated_in_every_field_names_no_column():
    """PyMuPDF's table finder repeats a merged caption cell in each column it spans (older
    PyMuPDF4LLM): the header names one field, so the other empty fields are spacers, not blank
    cells the row's value would have to be placed among."""
    values = [(it.line, it.text, it.field_from_right) for it in text_to_items(REPEATED_CAPTION) if it.kind == "value"]
    assert values == [(2, "32", None), (3, "0", None)]


def test_styling_markup_is_no_text_and_keeps_a_unit_with_its_number():
    """PyMuPDF4LLM marks fonts with inline code and HTML ('<u>', '<sup>'): no text of the cell. A unit
    kept apart from its number by markup alone is the number's (251000 元 is 25.1 万元, not 251000
    万元); spaces alone between them are not markup, and leave them apart as before."""
    styled = "<u>政府集中采购</u> <u>`6`</u> <u>`251000`</u> <u>元</u>"
    items = text_to_items(styled)
    assert [(it.kind, it.text) for it in items] == [("label", "政府集中采购"), ("value", "6"), ("value", "251000元")]
    start, end = items[2].span or (0, 0)
    assert styled[start:end] == "251000`</u> <u>元"
    def values(text: str) -> list[str]:
        return [it.text for it in text_to_items(text) if it.kind == "value"]

    assert values("|1、本机关不掌握相关政府信息|<sup>0</sup>|0|") == ["0", "0"]
    assert values("政府集中采购 6 251000   元") == ["6", "251000"]
