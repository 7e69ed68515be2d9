"""The HTML source on the real pages and on small hand-written pages for each hard case."""

from __future__ import annotations

import pytest

from gktables.errors import CorruptFileError, TooLargeError
from gktables.layout import Grid, GridCell, Layout
from gktables.settings import Settings
from gktables.sources.html.charset import bytes_to_text
from gktables.sources.html.reader import read_html
from gktables.sources.joining import join_markup_lines

from .conftest import GOLDEN_REAL as REAL
from .conftest import GOLDEN_SYNTHETIC as SYNTHETIC

SETTINGS = Settings()


def read(name: str) -> Layout:
    return read_html((REAL / name).read_bytes(), name, SETTINGS)


def find_cell(layout: Layout, text: str) -> tuple[Grid, GridCell]:
    for grid in layout.grids:
        for cell in grid.cells:
            if cell.text == text:
                return grid, cell
    raise AssertionError(f"no cell {text!r}")


def row_texts(grid: Grid, row: int) -> list[str]:
    return [c.text for c in sorted(grid.cells, key=lambda c: c.col) if c.row == row]


def assert_well_formed(grid: Grid) -> None:
    """Every slot covered at most once, spans positive."""
    seen: set[tuple[int, int]] = set()
    for cell in grid.cells:
        assert cell.rowspan >= 1 and cell.colspan >= 1
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.col, cell.last_col + 1):
                assert (r, c) not in seen, f"slot {(r, c)} covered twice"
                seen.add((r, c))


# --- shanghai_office_2019.html: a fragment with <br /> headers, &nbsp; blanks, shifted colspans ----

@pytest.fixture(scope="module")
def shanghai() -> Layout:
    return read("shanghai_office_2019.html")


def test_shanghai_three_report_grids_in_order(shanghai):
    assert shanghai.source == "html"
    assert len(shanghai.grids) == 3
    firsts = [g.cells[0].text for g in shanghai.grids]
    assert firsts[0] == "第二十条第（一）项"
    assert firsts[1].startswith("（本列数据的勾稽关系为")
    assert firsts[2] == "行政复议"
    for grid in shanghai.grids:
        assert grid.source == "html"
        assert_well_formed(grid)


def test_shanghai_table3_spans(shanghai):
    grid, result = find_cell(shanghai, "三、本年度办理结果")
    assert (result.rowspan, result.colspan, result.col) == (20, 1, 0)
    _, natural = find_cell(shanghai, "自然人")
    assert (natural.rowspan, natural.colspan) == (2, 1)
    _, corner = find_cell(shanghai, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (corner.rowspan, corner.colspan) == (3, 3)
    _, legal = find_cell(shanghai, "法人或其他组织")
    assert legal.colspan == 5
    _, denied = find_cell(shanghai, "（三）不予公开")
    assert denied.rowspan == 8
    assert grid.n_cols == 10 and grid.n_rows == 26
    # 一、本年新收: 821 35 blank blank 2 1 859, blanks are ''
    new = next(c for c in grid.cells if c.text == "一、本年新收政府信息公开申请数量")
    assert row_texts(grid, new.row)[1:] == ["821", "35", "", "", "2", "1", "859"]


def test_shanghai_no_markup_artefacts(shanghai):
    texts = [c.text for g in shanghai.grids for c in g.cells]
    assert "本年新制作数量" in texts and "本年新公开数量" in texts
    assert not any("<" in t or "\xa0" in t or "&nbsp" in t for t in texts)
    assert "" in texts  # &nbsp; cells are blank, not absent
    assert "251000元" in texts


def test_shanghai_shifted_colspans_are_realigned(shanghai):
    """(五)/(六) value rows use colspan=2 under a header whose colspan=2 sits one column later;
    the declared widths show the extra column is 1px wide, so it is removed."""
    t2 = shanghai.grids[0]
    assert t2.debug.get("sliver_cols") == [2]
    assert t2.n_cols == 4
    _, header = find_cell(shanghai, "上一年项目数量")
    licensing = next(c for c in t2.cells if c.text == "行政许可")
    assert row_texts(t2, header.row) == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"]
    values = sorted((c for c in t2.cells if c.row == licensing.row and c.col > 0), key=lambda c: c.col)
    assert [(c.col, c.colspan, c.text) for c in values] == [(1, 1, "0"), (2, 1, "0"), (3, 1, "0")]


def test_shanghai_table4(shanghai):
    t4 = shanghai.grids[2]
    assert t4.n_cols == 15
    assert row_texts(t4, 3) == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]
    _, upheld = find_cell(shanghai, "未经复议直接起诉")
    assert upheld.colspan == 5


def test_shanghai_text_has_prose_and_tables(shanghai):
    text = shanghai.text
    assert text.startswith("2019年上海市人民政府办公厅政府信息公开工作年度报告")
    assert "一、总体情况" in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "一、本年新收政府信息公开申请数量\t821\t35" in text
    assert "<br" not in text and "<p" not in text and "\xa0" not in text
    assert "《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in text  # &lt; &gt; decoded


# --- hangzhou_style_2025.html: 2021 format, colspan=3 value cells ---------------------------

@pytest.fixture(scope="module")
def hangzhou() -> Layout:
    return read("hangzhou_style_2025.html")


def test_hangzhou_colspan3_values_stay_one_cell(hangzhou):
    grid, licensing = find_cell(hangzhou, "行政许可")
    value = next(c for c in grid.cells if c.row == licensing.row and c.col == 1)
    assert (value.text, value.colspan, value.rowspan) == ("11398889", 3, 1)
    _, fees_header = find_cell(hangzhou, "本年收费金额（单位：万元）")
    assert fees_header.colspan == 3


def test_hangzhou_table3(hangzhou):
    assert len(hangzhou.grids) == 3
    grid, result = find_cell(hangzhou, "三、本年度办理结果")
    assert result.rowspan == 22
    _, other = find_cell(hangzhou, "（六）其他处理")
    assert other.rowspan == 3
    for g in hangzhou.grids:
        assert_well_formed(g)
    assert "2025年1月1日至12月31日" in hangzhou.text
    assert hangzhou.text.splitlines()[0] == "测试市2025年政府信息公开工作年度报告"  # the <title>


def test_grids_know_their_lines_in_the_text(hangzhou):
    lines = hangzhou.text.splitlines()
    headings = []
    for grid in hangzhou.grids:
        first, last = grid.text_lines
        headings.append(lines[first - 1])
        assert lines[first].split("\t")[0] == grid.cells[0].text
    assert headings == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况"]
    assert "\x00" not in hangzhou.text


# --- encodings ------------------------------------------------------------------------------

def test_gbk_page_with_meta_charset():
    page = (REAL / "hangzhou_style_2025.html").read_text("utf-8").replace('charset="utf-8"', 'charset="gb2312"')
    layout = read_html(page.encode("gbk"), "gbk.html", SETTINGS)
    assert layout.debug["encoding"] == "gb18030"
    _, cell = find_cell(layout, "行政许可")
    assert cell.text == "行政许可"
    assert len(layout.grids) == 3


def test_gb18030_page_without_declaration():
    page = (REAL / "hangzhou_style_2025.html").read_text("utf-8").replace('<meta charset="utf-8">', "")
    layout = read_html(page.encode("gb18030"), "nodecl.html", SETTINGS)
    assert len(layout.grids) == 3
    find_cell(layout, "三、本年度办理结果")


def test_declared_gbk_but_really_utf8():
    page = '<meta charset="gbk"><p>共收到申请859件</p>'.encode()
    text, encoding = bytes_to_text(page)
    assert encoding == "utf-8" and "共收到申请859件" in text


def test_utf8_bom_and_utf16():
    assert bytes_to_text("\ufeff<p>规章</p>".encode("utf-8"))[0] == "<p>规章</p>"
    assert bytes_to_text("<p>规章</p>".encode("utf-16"))[0] == "<p>规章</p>"


def test_utf8_with_a_damaged_byte_stays_utf8():
    page = (REAL / "shanghai_office_2019.html").read_bytes()
    text, encoding = bytes_to_text(page[:5000] + b"\xff" + page[5000:])
    assert encoding == "utf-8+replace" and "上海市人民政府办公厅" in text


def test_gbk_with_a_damaged_byte_stays_gbk():
    page = (REAL / "shanghai_office_2019.html").read_text("utf-8").encode("gb18030")
    text, encoding = bytes_to_text(page[:3000] + b"\xff\xff" + page[3000:])
    assert encoding == "gb18030+replace" and "上海市人民政府办公厅" in text


def test_undecodable_bytes_do_not_raise():
    layout = read_html(b"<p>\xff\xfe\xfa abc \x80</p>" + "规章".encode(), "bad.html", SETTINGS)
    assert "abc" in layout.text


# --- the table algorithm --------------------------------------------------------------------

def grid_of(html: str) -> Grid:
    """Lay out one table without the report filter."""
    from gktables.sources.html.placement import rows_to_cells, table_to_rows
    from gktables.sources.html.tree import text_to_tree
    from gktables.sources.tables import finish_grid

    root = text_to_tree(html, "t.html")
    table = next(root.iter("table"))
    rows = table_to_rows(table, lambda td: ["".join(td.itertext()).strip()], lambda: None)
    cells, widths, repairs = rows_to_cells(rows)
    grid = finish_grid(cells, widths, "html", {"repairs": repairs})
    assert_well_formed(grid)
    return grid


def spans(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


def test_rowspan_reserves_slots_below():
    grid = grid_of("<table><tr><td rowspan=2>A</td><td>B</td></tr><tr><td>C</td></tr></table>")
    assert spans(grid) == [("A", 0, 0, 2, 1), ("B", 0, 1, 1, 1), ("C", 1, 1, 1, 1)]


def test_rowspan_past_the_table_is_clamped():
    grid = grid_of("<table><tr><td rowspan=9>A</td><td>B</td></tr><tr><td>C</td></tr></table>")
    assert spans(grid)[0] == ("A", 0, 0, 2, 1)
    assert grid.debug["repairs"]


def test_rowspan_zero_runs_to_the_end_of_its_group():
    grid = grid_of("<table><tbody><tr><td rowspan=0>A</td><td>B</td></tr><tr><td>C</td></tr></tbody>"
                   "<tbody><tr><td>D</td><td>E</td></tr></tbody></table>")
    assert spans(grid) == [("A", 0, 0, 2, 1), ("B", 0, 1, 1, 1), ("C", 1, 1, 1, 1), ("D", 2, 0, 1, 1),
                           ("E", 2, 1, 1, 1)]


def test_rowspan_one_row_too_long_is_cut():
    """rowspan=3 where 2 was meant: the last row would start one column late and overflow."""
    grid = grid_of("<table><tr><td colspan=2>h</td><td>a</td><td>b</td></tr>"
                   "<tr><td rowspan=3>R</td><td>x</td><td>1</td><td>2</td></tr>"
                   "<tr><td>y</td><td>3</td><td>4</td></tr>"
                   "<tr><td colspan=2>total</td><td>5</td><td>6</td></tr></table>")
    assert ("R", 1, 0, 2, 1) in spans(grid) and ("total", 3, 0, 1, 2) in spans(grid)
    assert grid.n_cols == 4
    assert any("rowspan 3 cut to 2" in note for note in grid.debug["repairs"])


def test_short_rows_do_not_trigger_the_rowspan_repair():
    grid = grid_of("<table><tr><td colspan=2>h</td><td>a</td><td>b</td></tr>"
                   "<tr><td rowspan=3>R</td><td>x</td><td>1</td></tr>"
                   "<tr><td>y</td><td>3</td></tr>"
                   "<tr><td>z</td><td>5</td><td>6</td></tr></table>")
    assert ("R", 1, 0, 3, 1) in spans(grid)


def test_colspan_into_a_reserved_slot_is_cut():
    grid = grid_of("<table><tr><td>A</td><td rowspan=2>B</td></tr><tr><td colspan=3>C</td></tr></table>")
    assert ("C", 1, 0, 1, 1) in spans(grid)


def test_overlong_colspan_collapses_to_the_table_width():
    grid = grid_of("<table><tr><td colspan=100>title</td></tr><tr><td>a</td><td>b</td></tr></table>")
    assert grid.n_cols == 2
    assert spans(grid)[0] == ("title", 0, 0, 1, 2)


def test_garbage_spans_default_to_one():
    grid = grid_of('<table><tr><td rowspan="x" colspan="-2">a</td><td colspan="2.7">b</td></tr>'
                   "<tr><td>c</td><td>d</td><td>e</td></tr></table>")
    assert spans(grid)[:2] == [("a", 0, 0, 1, 1), ("b", 0, 1, 1, 2)]


def test_cells_outside_rows_and_empty_rows():
    grid = grid_of("<table><td>a<td>b<tr></tr><tr><td>c<td>d</table>")
    assert spans(grid) == [("a", 0, 0, 1, 1), ("b", 0, 1, 1, 1), ("c", 1, 0, 1, 1), ("d", 1, 1, 1, 1)]


def test_tfoot_goes_last():
    grid = grid_of("<table><tfoot><tr><td>foot</td></tr></tfoot><tbody><tr><td>body</td></tr></tbody></table>")
    assert [c.text for c in grid.cells] == ["body", "foot"]


# --- cell text ------------------------------------------------------------------------------

def test_join_lines_cjk():
    assert join_markup_lines(["本年新", "制作数量"]) == "本年新制作数量"
    assert join_markup_lines(["251000", "元"]) == "251000元"
    assert join_markup_lines(["2019", "2020"]) == "2019 2020"
    assert join_markup_lines(["\xa0"]) == ""
    assert join_markup_lines(["三、 本年度", " 办理结果 "]) == "三、本年度办理结果"
    assert join_markup_lines(["1", ".", "属", "于"]) == "1.属于"
    assert join_markup_lines(["（", "一", "）"]) == "（一）"
    assert join_markup_lines(["Total", "count"]) == "Total count"


def test_cell_text_from_nested_markup():
    page = ("<table><tr><td><p>第二十条</p><p><span>第（一）项</span></p></td><td>规章</td></tr>"
            "<tr><td>三<br>、<br>本<br>年<br>度<br>办<br>理<br>结<br>果</td><td><p>&nbsp;</p></td></tr>"
            "<tr><td>本年新<br />\n   制作数量</td><td><font>1</font><b>3</b></td></tr>"
            "<tr><td>规范性文件<span style='display:none'>隐藏</span></td><td> 4 5 </td></tr>"
            "</table>")
    layout = read_html(page.encode(), "cells.html", SETTINGS)
    texts = [c.text for c in layout.grids[0].cells]
    assert texts == ["第二十条第（一）项", "规章", "三、本年度办理结果", "", "本年新制作数量", "13",
                     "规范性文件", "4 5"]


# --- which tables are kept ------------------------------------------------------------------

NAV_PAGE = """<html><head><meta charset="utf-8"><title>门户</title><script>var x='<table>';</script></head><body>
<table class="nav"><tr><td><a href="/">首页</a></td><td>政务公开</td><td>行政许可</td><td>办事服务</td></tr></table>
<table class="meta"><tr><td>索引号</td><td>000014349/2020-00012</td></tr>\
<tr><td>发布日期</td><td>2020-01-31</td></tr></table>
<p>本网站内容</p><img src="http://example.invalid/x.png"></body></html>"""


def test_non_report_page_gives_no_grids():
    layout = read_html(NAV_PAGE.encode(), "nav.html", SETTINGS)
    assert layout.grids == []
    assert len(layout.debug["dropped_tables"]) == 2
    assert "本网站内容" in layout.text and "var x" not in layout.text


@pytest.mark.parametrize("junk", [
    b"", b"   ", b"<", b"<<<>>>", b"\x00\x01\x02", b"<table><tr><td rowspan=99999 colspan=99999>",
    b"<html><body><table><tr><td>a</td></tr></table></p></div></table></html>",
    "<p>未闭合<table><tr><td>规章<td>13<tr><td>行政许可".encode(),
    b"<!-- only a comment -->", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
])
def test_malformed_markup_does_not_raise(junk):
    layout = read_html(junk, "junk.html", SETTINGS)
    assert isinstance(layout, Layout)
    assert "root:" not in layout.text  # no external entity was resolved


def test_wrapper_layout_table_dropped_report_table_kept():
    report = (REAL / "hangzhou_style_2025.html").read_text("utf-8")
    body = report.split("<body>", 1)[1].split("</body>", 1)[0]
    page = f"<html><body><table class=layout><tr><td>导航</td><td>{body}</td></tr></table></body></html>"
    layout = read_html(page.encode(), "wrapped.html", SETTINGS)
    assert len(layout.grids) == 3
    assert layout.debug["dropped_tables"][0]["index"] == 0


def test_layout_table_keeps_the_article_lines():
    report = (REAL / "shanghai_office_2019.html").read_text("utf-8")
    page = (f"<html><body><table><tr><td><ul><li>指南</li><li>年报</li></ul></td><td>{report}</td></tr>"
            "</table></body></html>")
    layout = read_html(page.encode(), "portal.html", SETTINGS)
    lines = layout.text.splitlines()
    assert lines[:3] == ["指南", "年报", "2019年上海市人民政府办公厅政府信息公开工作年度报告"]
    assert "一、总体情况" in lines
    assert len(layout.grids) == 3
    # the report tables stay in their place in the article
    assert lines.index("三、收到和处理政府信息公开申请情况") < lines.index("自然人\t法人或其他组织\t总计") \
        < lines.index("四、政府信息公开行政复议、行政诉讼情况")


def test_hidden_table_is_skipped():
    report = (REAL / "hangzhou_style_2025.html").read_text("utf-8")
    hidden = report.replace("<table>", '<table style="display: none">', 1)
    layout = read_html(hidden.encode(), "hidden.html", SETTINGS)
    assert len(layout.grids) == 2


def test_values_table_continuing_a_report_table_is_kept():
    page = ("<table><tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>"
            "<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr></table>"
            "<table><tr>" + "<td>1</td>" * 15 + "</tr></table>")
    layout = read_html(page.encode(), "split.html", SETTINGS)
    assert len(layout.grids) == 2
    more = page + "<table><tr>" + "<td>2</td>" * 15 + "</tr></table>" + "<table><tr><td>7</td><td>8</td></tr></table>"
    assert len(read_html(more.encode(), "more.html", SETTINGS).grids) == 2  # no chain of value tables


# --- limits ---------------------------------------------------------------------------------

def test_too_large_names_the_file():
    with pytest.raises(TooLargeError, match="huge.html"):
        read_html(b"<p>x</p>" * 100, "huge.html", Settings(max_html_bytes=100))


def test_deep_nesting_is_bounded():
    deep = ("<div><span>" * 50_000 + "行政许可" + "</span></div>" * 50_000).encode()
    # Past libxml2's depth limit (2048 with huge_tree) the rest of the page is lost: a clear error,
    # never a silent page without tables.
    with pytest.raises(CorruptFileError, match="2048 levels"):
        read_html(deep, "deep.html", SETTINGS)
    tables = ("<table><tr><td>" * 2_000 + "x").encode()
    with pytest.raises(CorruptFileError, match="2048 levels"):
        read_html(tables, "deep_tables.html", SETTINGS)


def test_big_table_is_dropped():
    big = ("<table>" + ("<tr>" + "<td>1</td>" * 20 + "</tr>") * 2_000 + "</table>").encode()
    layout = read_html(big, "big.html", SETTINGS)
    assert layout.grids == []



# --- generated pages ------------------------------------------------------------------------

SYNTHETIC_HTML = sorted(SYNTHETIC.glob("**/*.htm*")) if SYNTHETIC.exists() else []


@pytest.mark.skipif(not SYNTHETIC_HTML, reason="no synthetic HTML generated yet (tools/synth)")
@pytest.mark.parametrize("path", SYNTHETIC_HTML, ids=lambda p: p.name)
def test_synthetic_pages_give_report_grids(path):
    layout = read_html(path.read_bytes(), path.name, SETTINGS)
    assert layout.grids, layout.debug.get("dropped_tables")
    for grid in layout.grids:
        assert_well_formed(grid)
        assert not any("<" in c.text and ">" in c.text for c in grid.cells)


def test_a_table_cut_in_two_reads_no_silent_cell(tmp_path):
    """hangzhou's 三 cut into two <table>s at 60 % of its rows, the rows of the second keeping no
    cell for the labels that span into them: their values sit one column left. Whatever is read
    wrong must be flagged, and a cell whose row and column were both read elsewhere cannot vanish
    from the output as 'not printed'."""
    import json

    import gktables
    from benchmarks.real_forms import html_restructured
    from benchmarks.scoring import score_report

    path = tmp_path / "cut.html"
    path.write_bytes(html_restructured(REAL / "hangzhou_style_2025.html")["三 cut into two tables"])
    report = gktables.extract(path)
    expected = json.loads((REAL / "hangzhou_style_2025.expected.json").read_text(encoding="utf-8"))
    assert score_report(report.to_dict(), expected).silent_keys == []
    unread = {k for w in report.warnings if w.code == "cells_not_read" for k in w.keys}
    assert "t3.result.unavailable.need_creation.total" in unread


@pytest.mark.parametrize("page", ["hangzhou_style_2025", "shanghai_office_2019"])
def test_counts_printed_with_their_unit_read_as_numbers(page, tmp_path):
    """Some agencies print a table's counts as '21件'."""
    import json

    import gktables
    from benchmarks.real_forms import html_restructured
    from benchmarks.scoring import score_report

    path = tmp_path / "unit.html"
    path.write_bytes(html_restructured(REAL / f"{page}.html")["counts printed with 件"])
    expected = json.loads((REAL / f"{page}.expected.json").read_text(encoding="utf-8"))
    score = score_report(gktables.extract(path).to_dict(), expected)
    assert score.right == score.cells


# --- a cell's attributes, read at once --------------------------------------------------------

def _attributes_one_by_one(td) -> tuple[bool, int, int, float | None, str]:
    """What cell_attributes says, read attribute by attribute as the HTML standard puts it."""
    import re

    from gktables.sources.html.tree import is_hidden

    def span(value: str | None, default: int, low: int, high: int) -> int:
        m = re.match(r"\s*(\d+)", value) if value is not None else None
        return max(low, min(high, int(m.group(1)))) if m else default

    style, width = td.get("style") or "", (td.get("width") or "").strip().lower()
    m = re.search(r"(?:^|;)\s*width\s*:\s*([0-9.]+)\s*(%|[a-z]+)?", style, re.IGNORECASE) \
        or re.fullmatch(r"([0-9.]+)\s*(px|%)?", width)
    declared: tuple[float | None, str] = (None, "px")
    unit = (m.group(2) or "px").lower() if m else ""
    if m and unit in ("px", "pt", "%"):  # (the pages here use no other unit)
        value = float(m.group(1))
        declared = (value, "%") if unit == "%" else (value * (96 / 72 if unit == "pt" else 1), "px")
    return (is_hidden(td), span(td.get("rowspan"), 1, 0, 65534), span(td.get("colspan"), 1, 1, 1000), *declared)


@pytest.mark.parametrize("name", ["shanghai_office_2019.html", "hangzhou_style_2025.html"])
def test_cell_attributes_equal_reading_each_attribute(name):
    from gktables.sources.html.charset import bytes_to_text as decode
    from gktables.sources.html.placement import cell_attributes
    from gktables.sources.html.tree import text_to_tree

    root = text_to_tree(decode((REAL / name).read_bytes())[0], name)
    cells = list(root.iter("td", "th"))
    assert len(cells) > 250
    assert [cell_attributes(td) for td in cells] == [_attributes_one_by_one(td) for td in cells]
    if name.startswith("shanghai"):  # Word's cells: widths in px, colspans
        assert cell_attributes(cells[0])[1:] == (1, 5, 559.0, "px")


def test_cell_attributes_of_unusual_cells():
    from gktables.sources.html.placement import cell_attributes
    from gktables.sources.html.tree import text_to_tree

    long_style = "width:12pt;" + "color:red;" * 40  # past the cached length: worked out directly
    root = text_to_tree(f"""<table><tr><td hidden>a</td><td style="display: none">b</td>
        <td style="mso-hide:all;width:10px">c</td><td rowspan=0 colspan="3x">d</td><td colspan=5000>e</td>
        <td width="50%">f</td><td style="width:3em">g</td><td style="{long_style}">h</td><td rowspan=x>i</td>
        </tr></table>""", "t.html")
    cells = list(root.iter("td"))
    got = [cell_attributes(td) for td in cells]
    assert got == [_attributes_one_by_one(td) for td in cells]
    assert [g[0] for g in got] == [True, True, True, False, False, False, False, False, False]
    assert got[3][1:3] == (0, 3) and got[4][2] == 1000 and got[5][3:] == (50.0, "%")
    assert got[6][3] is None and got[7][3:] == (16.0, "px") and got[8][1] == 1


def test_rows_skip_hidden_cells_and_read_cells_under_other_markup():
    grid = grid_of("<table><tr><td>A</td><td style='display:none'>X</td><td>B</td></tr>"
                   "<tr><!-- c --><td>C</td><td>D</td></tr><tr><form><td>E</td></form><td>F</td></tr></table>")
    assert [(c.text, c.row, c.col) for c in grid.cells] == [("A", 0, 0), ("B", 0, 1), ("C", 1, 0), ("D", 1, 1),
                                                            ("E", 2, 0), ("F", 2, 1)]


def _overlong_by_max_min(cells: list[GridCell]) -> tuple[int, int] | None:
    """placement._overlong_rowspan as it was first written (max and min per cell)."""
    extent: dict[int, int] = {}
    first: dict[int, int] = {}
    for cell in cells:
        extent[cell.row] = max(extent.get(cell.row, 0), cell.last_col + 1)
        first[cell.row] = min(first.get(cell.row, cell.col), cell.col)
    if len(extent) < 3:
        return None
    counts: dict[int, int] = {}
    for e in extent.values():
        counts[e] = counts.get(e, 0) + 1
    width = max(max(counts, key=lambda e: (counts[e], e)), extent[min(extent)])
    for r in sorted(extent):
        if extent[r] <= width:
            continue
        for index, cell in enumerate(cells):
            if not (cell.row < r <= cell.last_row and cell.last_col < first[r]):
                continue
            tail = range(r, cell.last_row + 1)
            if extent.get(r - 1, 0) <= width and all(extent.get(t, width + cell.colspan) - cell.colspan == width
                                                    for t in tail):
                return index, r - cell.row
        return None
    return None


def test_overlong_rowspan_equals_the_first_writing_on_random_tables():
    import random

    from gktables.sources.html.placement import HtmlRow, _overlong_rowspan, _place

    rng = random.Random(11)
    found = 0
    for _ in range(3000):
        rows = []
        for _ in range(rng.randint(1, 7)):
            spans = [(False, rng.choice([1, 1, 1, 2, 3, 0]), rng.choice([1, 1, 2]), None, "px")
                     for _ in range(rng.randint(1, 5))]
            rows.append(HtmlRow(["x"] * len(spans), spans, 0))
        cells, _widths, _repairs, (extent, first, spanned) = _place(rows, {})
        assert _overlong_rowspan(cells) == _overlong_by_max_min(cells)
        assert _overlong_rowspan(cells, extent, first) == _overlong_rowspan(cells)  # (the extents _place knows)
        assert spanned == any(c.rowspan > 1 for c in cells)
        found += _overlong_rowspan(cells) is not None
    assert found > 20
