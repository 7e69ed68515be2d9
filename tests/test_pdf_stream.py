"""Word grids of PDF tables without vertical rules (sources/pdf/stream.py), on hand-placed characters:
numbers and their units, a header alone at a page foot, tall group labels, columns printing no value,
borderless tables a browser printed (tight columns, rows of one value, misaligned columns, clipped digits)."""

from __future__ import annotations

from gktables.core.headers.mapping import layout_to_mappings
from gktables.geometry import Ruling
from gktables.layout import BBox, Grid, GridCell, Layout
from gktables.schema import Template
from gktables.sources.pdf.lattice import Tolerances
from gktables.sources.pdf.objects import Char
from gktables.sources.pdf.reader import note_clipped_cells
from gktables.sources.pdf.stream import chars_to_stream_grids
from gktables.sources.pdf.stream_lines import chars_to_segments

TOL = Tolerances.from_glyph(10.0)
PAGE = (600.0, 800.0)


def _run(text: str, x0: float, top: float, size: float = 10.0) -> list[Char]:
    """Characters of one word: CJK a glyph wide, digits and signs half a glyph."""
    out, x = [], x0
    for t in text:
        w = size if ord(t) > 0x2E80 else size / 2
        out.append(Char(t, x, top, x + w, top + size, size))
        x += w
    return out


def _rules(tops: list[float], x0: float = 90.0, x1: float = 520.0) -> list[Ruling]:
    return [Ruling("h", y, x0, x1) for y in tops]


def _texts(grid: Grid) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in grid.cells if c.text}


def test_a_unit_a_little_apart_joins_its_number_and_digits_a_space_apart_do_not():
    chars = _run("政府集中采购", 100, 100) + _run("0", 300, 100) + _run("195509350", 380, 100) + _run("元", 428, 100)
    line = chars_to_segments(chars, 10.0)[0]
    assert [s.text for s in line.segments] == ["政府集中采购", "0", "195509350元"]
    assert line.is_numeric
    # three narrow columns whose numbers stand closer than a segment gap, but a word space apart
    chars = _run("122", 100, 100) + _run("100", 118, 100) + _run("672", 136, 100)
    assert [s.text for s in chars_to_segments(chars, 10.0)[0].segments] == ["122", "100", "672"]


def test_a_number_wrapped_in_its_column_is_one_number():
    chars = (_run("一、本年新收申请数量", 100, 110) + _run("1215", 300, 104) + _run("1", 300, 116)
             + _run("3", 360, 110) + _run("12154", 420, 110)
             + _run("二、上年结转申请数量", 100, 140) + _run("0", 300, 140) + _run("0", 360, 140) + _run("0", 420, 140))
    grids, _ = chars_to_stream_grids(chars, _rules([100, 135, 160]), TOL, 1, PAGE)
    texts = [t for t, *_ in _texts(grids[0]).values()]
    assert "12151" in texts and "1215 1" not in texts


def _t2_header(top: float) -> tuple[list[Char], list[Ruling]]:
    # the caption's line and the header words' lie closer than a line gap, a rule between them
    chars = (_run("第二十条第（一）项", 250, top + 8) + _run("信息内容", 100, top + 22)
             + _run("本年制发件数", 200, top + 22) + _run("本年废止件数", 300, top + 22)
             + _run("现行有效件数", 400, top + 22))
    return chars, _rules([top, top + 20, top + 40])


def test_a_ruled_header_alone_at_a_page_foot_heads_the_next_pages_rows():
    head_chars, head_rules = _t2_header(700)
    first, _ = chars_to_stream_grids(head_chars + _run("- 1 -", 290, 770), head_rules, TOL, 1, PAGE)
    assert len(first) == 1 and first[0].debug.get("header_only")
    assert {c.text for c in first[0].cells if c.row == 0 and c.text} == {"第二十条第（一）项"}
    rows = (_run("规章", 100, 65) + _run("1", 230, 65) + _run("2", 330, 65) + _run("3", 430, 65)
            + _run("行政规范性文件", 100, 85) + _run("4", 230, 85) + _run("5", 330, 85) + _run("16", 430, 85))
    second, _ = chars_to_stream_grids(rows, _rules([60, 80, 100]), TOL, 2, PAGE)
    assert len(second) == 1
    mapping = layout_to_mappings(Layout("pdf", first + second), Template("2021", "split"))["t2"]
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {
        "t2.regulations.issued": "1", "t2.regulations.repealed": "2", "t2.regulations.in_force": "3",
        "t2.normative_docs.issued": "4", "t2.normative_docs.repealed": "5", "t2.normative_docs.in_force": "16"}
    assert all(kc.confident for kc in mapping.cells)


def test_a_header_above_its_rows_is_not_gridded_alone():
    head_chars, head_rules = _t2_header(300)
    grids, _ = chars_to_stream_grids(head_chars + _run("正文继续", 100, 400) + _run("- 1 -", 290, 770), head_rules,
                                     TOL, 1, PAGE)
    assert grids == []  # not at the page foot: prose follows


def test_a_tall_group_label_is_its_own_cell_over_its_rows():
    """（三）不予公开 wrapped over two lines, centred beside four sub-rows, printed close to the
    sub-label of the row beside its first line."""
    subs = ["1.属于国家秘密", "2.其他法律禁止", "3.危及安全稳定", "4.保护第三方"]
    chars = _run("（一）予以公开", 100, 80) + _run("5", 300, 80) + _run("5", 350, 80)
    for k, sub in enumerate(subs):
        top = 100 + 20 * k
        chars += _run(sub, 156, top) + _run(str(k), 300, top) + _run(str(k), 350, top)
    chars += _run("（三）不予", 100, 116) + _run("公开", 100, 126)  # centred on the four rows
    chars += _run("（四）其他处理", 100, 180) + _run("1", 300, 180) + _run("1", 350, 180)
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    cells = _texts(grids[0])
    group = [(rc, v) for rc, v in cells.items() if v[0] == "（三）不予公开"]
    assert len(group) == 1
    (row, col), (_, rowspan, colspan) = group[0]
    assert rowspan == 4 and colspan == 1
    sub_rows = {v[0]: rc[0] for rc, v in cells.items() if v[0] in subs}
    assert sorted(sub_rows.values()) == list(range(row, row + 4))  # the group spans exactly its sub-rows
    assert all(v[0] in subs for (r, c), v in cells.items() if c == col + 1 and row <= r < row + 4)


def test_columns_printing_no_value_are_found_from_their_headers():
    """四's row printing values in some columns only (blank cells left empty): the empty columns
    come from their leaf headers, so no header shifts onto a neighbour's values."""
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    chars = _run("行政复议", 200, 100)
    for j, h in enumerate(heads):
        chars += _run(h, 100 + 50 * j, 120)
    chars += _run("1", 165, 140) + _run("1", 315, 140)  # under 结果纠正 and 总计 only
    grids, _ = chars_to_stream_grids(chars, _rules([95, 115, 135, 155]), TOL, 1, PAGE)
    cells = _texts(grids[0])
    col_of = {v[0]: c for (r, c), v in cells.items()}
    value_cols = sorted(c for (r, c), v in cells.items() if v[0] == "1")
    assert value_cols == [col_of["结果纠正"], col_of["总计"]]
    assert len({col_of[h] for h in heads}) == 5


def test_blocks_of_one_ruled_table_under_headers_of_their_own_are_grids_of_their_own():
    """二 (2019) in one stack of rules: a block of three value columns, then one of two whose wide
    amount would run across the first block's column gutters."""
    chars = (_run("第二十条第（六）项", 250, 105) + _run("信息内容", 100, 125) + _run("上一年项目数量", 200, 125)
             + _run("本年增/减", 320, 125) + _run("处理决定数量", 420, 125)
             + _run("行政处罚", 100, 145) + _run("164", 240, 145) + _run("0", 350, 145) + _run("106", 450, 145)
             + _run("第二十条第（九）项", 250, 165) + _run("信息内容", 100, 185) + _run("采购项目数量", 200, 185)
             + _run("采购总金额", 380, 185)
             + _run("政府集中采购", 100, 205) + _run("73", 240, 205) + _run("825.079848万元", 330, 205))
    grids, _ = chars_to_stream_grids(chars, _rules([100, 120, 140, 160, 180, 200, 220]), TOL, 1, PAGE)
    assert len(grids) == 2
    second = _texts(grids[1])
    amount = next(rc for rc, v in second.items() if v[0] == "825.079848万元")
    header = next(rc for rc, v in second.items() if v[0] == "采购总金额")
    assert amount[1] == header[1] and second[amount][2] == 1
    mapping = layout_to_mappings(Layout("pdf", grids), Template("2019", "single"))["t2"]
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {
        "t2.penalty.prev_items": "164", "t2.penalty.change": "0", "t2.penalty.decisions": "106",
        "t2.procurement.items": "73", "t2.procurement.amount": "825.079848万元"}


def _row_texts(grid: Grid) -> list[list[str]]:
    rows: dict[int, list[str]] = {}
    for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        if c.text:
            rows.setdefault(c.row, []).append(c.text)
    return list(rows.values())


def test_a_browser_printed_table_without_borders_keeps_its_tight_columns_apart():
    # A web page's borderless table saved as PDF: each column as wide as its widest word, a label
    # 3 pt (0.3 glyph) before the first value, a five-digit value 3 pt before the next column.
    chars = (_run("信息内容", 100, 100) + _run("本年制发件数", 173, 100) + _run("本年废止件数", 236, 100)
             + _run("现行有效件数", 299, 100)
             + _run("规章", 100, 115) + _run("3", 173, 115) + _run("5", 236, 115) + _run("74", 299, 115)
             + _run("行政规范性文件", 100, 130) + _run("564", 173, 130) + _run("984", 236, 130)
             + _run("4185", 299, 130))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert _row_texts(grids[0])[-2:] == [["规章", "3", "5", "74"], ["行政规范性文件", "564", "984", "4185"]]
    chars = (_run("一、本年新收申请数量", 100, 200) + _run("13612", 300, 200) + _run("252", 328, 200)
             + _run("14069", 350, 200)
             + _run("二、上年结转申请数量", 100, 215) + _run("535", 300, 215) + _run("6", 328, 215)
             + _run("560", 350, 215))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert _row_texts(grids[0]) == [["一、本年新收申请数量", "13612", "252", "14069"],
                                    ["二、上年结转申请数量", "535", "6", "560"]]


def test_rows_of_one_value_under_a_header_line_are_a_table_and_wrapped_prose_is_not():
    chars = (_run("第二十条第（六）项", 100, 85) + _run("信息内容", 100, 100) + _run("本年处理决定数量", 173, 100)
             + _run("行政处罚", 100, 115) + _run("6937489", 173, 115)
             + _run("行政强制", 100, 130) + _run("166105", 173, 130)
             # prose wrapped after a number, a sentence mark in its words: no table
             + _run("本年度共办结申请，其中予以公开", 100, 200) + _run("公开", 300, 200)
             + _run("部分公开及不予公开", 100, 215) + _run("17", 300, 215))
    grids, prose = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert len(grids) == 1
    assert _row_texts(grids[0]) == [["信息内容", "本年处理决定数量"], ["行政处罚", "6937489"], ["行政强制", "166105"]]
    assert "".join(c.text for c in prose).endswith("部分公开及不予公开17")


def test_a_row_printing_one_value_is_a_row_of_its_own_not_a_wrapped_number():
    # Without rules, rows come from the lines of values: 二、上年结转 prints one value (its other
    # cells blank). Folded into the row below, 18 over 258 read as one wrapped number, 18258.
    chars = (_run("一、本年新收申请数量", 100, 100) + _run("821", 300, 100) + _run("35", 340, 100)
             + _run("859", 420, 100)
             + _run("二、上年结转申请数量", 100, 118) + _run("18", 300, 118)
             + _run("（一）予以公开", 100, 136) + _run("258", 300, 136) + _run("12", 340, 136)
             + _run("270", 420, 136))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert _row_texts(grids[0]) == [["一、本年新收申请数量", "821", "35", "859"], ["二、上年结转申请数量", "18"],
                                    ["（一）予以公开", "258", "12", "270"]]


def test_values_under_no_header_word_beside_a_header_word_with_none_are_noted():
    # centred cells whose spans differ between the header row and the value rows (a borderless
    # print): the middle value stands under no header word, 本年增/减 has no value under it
    chars = (_run("信息内容", 100, 100) + _run("上一年项目数量", 200, 100) + _run("本年增/减", 330, 100)
             + _run("处理决定数量", 460, 100)
             + _run("行政许可", 100, 115) + _run("0", 230, 115) + _run("0", 420, 115) + _run("15", 480, 115)
             + _run("行政处罚", 100, 130) + _run("3", 230, 130) + _run("1", 420, 130) + _run("40", 480, 130))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    body = [c for c in grids[0].cells if c.row >= 1 and c.col >= 1]
    assert body and all(c.notes == ("pdf_columns_unaligned",) and c.bbox is not None for c in body)
    # the same rows under header words that line up with them: no note
    chars = (_run("信息内容", 100, 100) + _run("上年", 225, 100) + _run("增减", 415, 100) + _run("决定", 475, 100)
             + _run("行政许可", 100, 115) + _run("0", 230, 115) + _run("0", 420, 115) + _run("15", 480, 115)
             + _run("行政处罚", 100, 130) + _run("3", 230, 130) + _run("1", 420, 130) + _run("40", 480, 130))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert not any(c.notes for c in grids[0].cells)


def test_digits_reaching_the_edge_of_a_clip_are_noted_as_possibly_cut():
    # a browser clips a too-wide table at the page margin (x = 391): 13612 prints as 1361
    cut = Grid(cells=[GridCell(row=0, col=0, text="1361", bbox=BBox(370, 100, 400, 112), page=1),
                      GridCell(row=0, col=1, text="252", bbox=BBox(300, 100, 330, 112), page=1)], source="pdf")
    chars = _run("1361", 371, 100) + _run("252", 305, 100)  # 1361 ends at 391
    note_clipped_cells([cut], chars, [BBox(28, 28, 391.3, 567)])
    assert [c.notes for c in cut.cells] == [("pdf_clipped",), ()]
    # a clip far from the digits cuts nothing
    whole = Grid(cells=[GridCell(row=0, col=0, text="1361", bbox=BBox(370, 100, 400, 112), page=1)], source="pdf")
    note_clipped_cells([whole], _run("1361", 371, 100), [BBox(28, 28, 500, 567)])
    assert whole.cells[0].notes == ()


def test_a_column_printing_nothing_beside_a_header_word_over_two_columns_is_noted():
    # 本年增/减 centred over an empty band, 处理决定数量 over two bands of values (a real page's
    # colspans printed without borders): the blank under 本年增/减 is no printed blank
    chars = (_run("信息内容", 100, 100) + _run("上一年项目数量", 180, 100) + _run("本年增/减", 300, 100)
             + _run("处理决定数量", 380, 100)
             + _run("行政处罚", 100, 115) + _run("0", 200, 115) + _run("7", 385, 115) + _run("0", 430, 115)
             + _run("行政强制", 100, 130) + _run("3", 200, 130) + _run("1", 385, 130) + _run("2", 430, 130))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    body = [c for c in grids[0].cells if c.row >= 1 and c.col >= 1]
    assert body and all(c.notes == ("pdf_columns_unaligned",) for c in body)


def test_words_in_a_value_column_on_a_row_of_values_are_noted():
    # a continuation without header: a block's caption folded into a row of values
    chars = (_run("行政处罚", 100, 100) + _run("0", 200, 100) + _run("5", 300, 100) + _run("9", 400, 100)
             + _run("行政强制", 100, 115) + _run("0", 200, 115) + _run("第二十条第（八）项", 205, 115)
             + _run("4", 300, 115) + _run("4", 400, 115))
    grids, _ = chars_to_stream_grids(chars, [], TOL, 1, PAGE)
    assert any(c.notes == ("pdf_columns_unaligned",) for c in grids[0].cells if c.text == "9")
