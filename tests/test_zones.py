"""Where 三 opens in the item stream (core/zones.py)."""

from gktables.core.items import Item
from gktables.core.zones import find_zones


def _items(pieces: list[str]) -> list[Item]:
    return [Item("value" if p.isdigit() else "label", p, "text", n, pos=n) for n, p in enumerate(pieces)]


def test_three_opens_at_its_caption_when_its_labels_are_printed_before_its_values():
    # printed column by column: the caption and every row label, then 申请人情况, then the values; the
    # caption has fewer than 3 values in its window, 申请人情况 has them
    labels = [f"{n}.某类申请情形第{n}行" for n in range(70)]
    caption = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    pieces = ["三、收到和处理政府信息公开申请情况", caption, "一、本年新收政府信息公开申请数量", *labels,
              "申请人情况", "自然人", *["1"] * 20]
    zones = find_zones(_items(pieces))
    assert zones["t3"].start == 1


def test_three_does_not_reach_back_past_prose_or_without_its_title():
    labels = [f"{n}.某类申请情形第{n}行" for n in range(70)]
    for head in (["三、收到和处理政府信息公开申请情况", "本年新收政府信息公开申请数量较上年有所增加。"], []):
        pieces = [*head, "一、本年新收政府信息公开申请数量", *labels, "申请人情况", "自然人", *["1"] * 20]
        zones = find_zones(_items(pieces))
        assert zones["t3"].start == len(head) + 71


def test_three_opens_at_its_title_when_values_are_printed_between_it_and_its_labels():
    # pdfminer may print a box of 三's cells right under its title, before the caption and the row
    # labels: those values are 三's (the table before must not take them), so 三 opens at its title
    labels = [f"{n}.某类申请情形第{n}行" for n in range(70)]
    caption = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    pieces = ["第二十条第（一）项", "规章", "6", "三、收到和处理政府信息公开申请情况", "0", "3", caption,
              "一、本年新收政府信息公开申请数量", *labels, "申请人情况", "自然人", *["1"] * 20]
    zones = find_zones(_items(pieces))
    assert zones["t3"].start == 3 and zones["t2"].end == 3


def test_three_printing_no_number_at_all_still_opens_at_its_title():
    """An agency with no application prints 三's labels over empty cells; converters drop the cells, so
    no marker has values after it. A marker followed by the first row labels opens the table (its
    rows are then read as printed blank, flagged); the title with prose and no row labels does not."""
    rows = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开"]
    four = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", *["1"] * 5]
    zones = find_zones(_items(["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", *rows, *four]))
    assert zones["t3"].start == 1  # 申请人情况, the table's own marker
    prose = find_zones(_items(["三、收到和处理政府信息公开申请情况", "本年度未收到申请。", *four]))
    assert "t3" not in prose


def test_three_takes_its_values_printed_between_four_s_title_and_headers():
    """pdfminer may print 三's last boxes after 四's title (beside them on the page), before 四's header
    row: they are 三's when 四 still has a value for each of its cells after its headers."""
    three = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", *["1"] * 20]
    title = "四、政府信息公开行政复议、行政诉讼情况"
    heads = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    pieces = [*three, title, "0", "7", "9", *heads, *["2"] * 15]
    zones = find_zones(_items(pieces))
    header = pieces.index("行政复议")
    assert zones["t3"].end == header and zones["t4"].start == header
    short = [*three, title, "0", "7", "9", *heads, *["2"] * 14]  # 四 would lose cells: values stay 四's
    assert find_zones(_items(short))["t4"].start == len(three)
    worded = [*three, title, "0", "本年度无变化", "9", *heads, *["2"] * 15]  # not values alone
    assert find_zones(_items(worded))["t4"].start == len(three)


def test_four_opens_at_its_numbered_title_when_its_headers_are_printed_in_vertical_slices():
    # a browser print of a narrow 四 through pdfplumber: each header cut into one- or two-character
    # slices ('结果维' / '持'), no whole header but 行政诉讼 after the title; prose naming 行政复议 and
    # 行政诉讼 before the tables (no number, no header after it) opens nothing
    prose = "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    slices = ["行政复", "行政诉讼", "议", "未经复议直", "复议后起", "接起诉", "诉", "结", "结果维", "其他结", "尚未审",
              "总", "果纠", "持", "果", "正"]
    pieces = [prose, "说明", "三、收到和处理政府信息公开申请情况", "申请人情况", "一、本年新收政府信息公开申请数量",
              *["1"] * 7, "四、政府信息公开行政复议、行政诉讼情况", *slices, *["0"] * 15,
              "五、存在的主要问题及改进情况"]
    zones = find_zones(_items(pieces))
    title = pieces.index("四、政府信息公开行政复议、行政诉讼情况")
    assert zones["t4"].start == title and zones["t3"].end == title
    # without its number the same line is no title: one header is not enough
    unnumbered = [p if p != pieces[title] else "政府信息公开行政复议、行政诉讼情况" for p in pieces]
    assert "t4" not in find_zones(_items(unnumbered))


def test_two_opens_at_its_header_row_when_its_caption_is_printed_in_vertical_slices():
    # 第二十条 cut into '第' / '二' / '十条第（一）项' by a narrow cell: 二 opens at its header row; prose
    # naming a column before it (with its punctuation) opens nothing
    pieces = ["二、主动公开政府信息情况", "本年处理决定数量较上年有所增加，", "第", "二", "十条第（一）项",
              "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章", "0", "0", "0",
              "三、收到和处理政府信息公开申请情况", "申请人情况", "一、本年新收政府信息公开申请数量", *["1"] * 7]
    zones = find_zones(_items(pieces))
    assert zones["t2"].start == pieces.index("信息内容 本年制发件数 本年废止件数 现行有效件数")
    assert zones["t2"].end == zones["t3"].start
