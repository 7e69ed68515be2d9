"""Browser-printed PDFs (tools/synth/browser_pdf.py): generated HTML reports printed by headless
Chromium, as users save a web report ("打印本页" → Save as PDF), read back by gktables.extract.

A table with CSS borders prints as thin filled rectangles, which come through as rulings and are
read as a ruled grid. A plain ``<table>`` prints no line at all: the stream reader reads it, and
the browser's tight columns (about 3 pt between a label and the next column) still merge columns,
so those cells are flagged, never silently wrong."""

from pathlib import Path

import pytest

import gktables
from benchmarks.scoring import score_report
from tools.synth.browser_pdf import PAGES, chromium_binary, make_doc, write_doc
from tools.synth.converters import convert

pytestmark = pytest.mark.skipif(chromium_binary() is None,
                                reason="chromium is not installed (scripts/setup.sh installs it)")
SEED = 7
A4 = PAGES[0]


def _print(tmp_path: Path, index: int, style: str):
    doc = make_doc(index, SEED, style=style, page=A4)
    pdf = write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)
    return doc.spec.expected(), gktables.extract(pdf).to_dict()


@pytest.fixture(scope="module")
def bordered(tmp_path_factory):
    """The 'simple' page (bare <td>) with a 1px border-collapse CSS border."""
    return _print(tmp_path_factory.mktemp("bordered"), 1, "css_border")


@pytest.fixture(scope="module")
def cms_ruled(tmp_path_factory):
    """The CMS page as the site renders it: <table border="1" cellspacing="1">, cells nowrap."""
    return _print(tmp_path_factory.mktemp("cms"), 0, "as_rendered")


@pytest.fixture(scope="module")
def borderless(tmp_path_factory):
    """The same 'simple' page as a plain <table> with no border and no CSS (like hangzhou_style_2025)."""
    return _print(tmp_path_factory.mktemp("plain"), 1, "plain")


@pytest.mark.parametrize("case", ["bordered", "cms_ruled"])
def test_ruled_browser_pdf_reads_every_cell(case, request):
    expected, report = request.getfixturevalue(case)
    score = score_report(report, expected)
    assert score.wrong_keys == []
    assert report["template"] == expected["template"]
    for key in ("t3.new.natural", "t3.result.total.total", "t4.review.total"):
        assert report["cells"][key] == expected["cells"][key]


def test_borderless_browser_pdf_has_no_silent_cell(borderless):
    expected, report = borderless
    score = score_report(report, expected)
    assert score.silent_keys == []
    assert score.right >= 0.5 * score.cells  # what it reads now: merged columns flagged, the rest right


def test_borderless_browser_pdf_reads_every_cell(borderless):
    """二 of the 2019 format printed as one borderless table: its blocks' header words, wider than
    their values, close the gutters between another block's columns, and the stream grid reads 178
    of 198 cells (the rest flagged). Its text lines read every cell: 二 is taken from them."""
    expected, report = borderless
    assert score_report(report, expected).wrong_keys == []
    reread = next(w for w in report["warnings"] if w["code"] == "pdf_text_reading")
    assert "二" in reread["message"]
    assert report["provenance"]["t2.regulations.made"]["page"] >= 1


def test_tables_no_grid_found_are_read_from_the_text_lines(tmp_path):
    """A Word-export page printed plain on Letter: no grid of the page holds 三 or 四 (all three
    tables missing from the grids). The page's text lines read them; a row printing two values of
    seven ('一、本年新收… 5 5') cannot say which columns they stand in: flagged, never guessed."""
    doc = make_doc(52, SEED)
    assert (doc.style, doc.page.name) == ("plain", "letter_default")
    expected = doc.spec.expected()
    pdf = write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)
    grids_only = score_report(gktables.extract(pdf, settings={"pdf_text_reread": False}).to_dict(), expected)
    report = gktables.extract(pdf).to_dict()
    score = score_report(report, expected)
    assert grids_only.right == 0 and score.silent_keys == []
    assert score.right >= 190
    assert report["cells"]["t2.penalty.decisions"] == expected["cells"]["t2.penalty.decisions"]
    assert report["provenance"]["t2.penalty.decisions"]["source"] == "pdf"


@pytest.fixture(scope="module")
def wrapped_label_row(tmp_path_factory):
    """A Word-export page printed plain (no rulings): the row （六）1 prints its wrapped label on one line
    and its seven zeros on the next; the row is matched on its label line, the zeros no cell took."""
    doc = make_doc(22, SEED)
    return doc.spec.expected(), gktables.extract(write_doc(doc, tmp_path_factory.mktemp("w"), chromium_binary()
                                                           or "chromium", tmp_path_factory.mktemp("wp"))).to_dict()


@pytest.fixture(scope="module")
def edge_to_edge(tmp_path_factory):
    """三 cut into two bordered tables on a Letter page, the lower one narrower and printed right under
    the upper: one ruled region whose bounding box makes empty cells right of the lower table."""
    doc = make_doc(43, SEED)
    return doc.spec.expected(), gktables.extract(write_doc(doc, tmp_path_factory.mktemp("e"), chromium_binary()
                                                           or "chromium", tmp_path_factory.mktemp("ep"))).to_dict()


def test_a_line_of_zeros_no_cell_took_flags_its_rows(wrapped_label_row):
    expected, report = wrapped_label_row
    score = score_report(report, expected)
    assert score.silent_keys == []
    row = [k for k in expected["cells"] if k.startswith("t3.result.other_no_correction.")]
    flagged = {k for w in report["warnings"] if w["code"] == "tokens_ignored" for k in w["keys"]}
    assert all(report["cells"].get(k) == expected["cells"][k] or k in flagged for k in row)


def test_tables_printed_edge_to_edge_are_read_apart(edge_to_edge):
    expected, report = edge_to_edge
    score = score_report(report, expected)
    assert score.wrong_keys == []  # one ruled region cut where the two tables meet (6 flagged cells before)
    key = "t3.result.denied.state_secret.total"  # the lower table's last column: read as blank before
    assert report["cells"][key] == expected["cells"][key]


def test_a_value_row_broken_onto_a_page_without_table_words_is_read(tmp_path):
    """四's header ends page 5 and its one value row starts page 6, among prose with no table word:
    page 6 is analysed as the continuation of a table page, and 四 is read from it."""
    doc = make_doc(39, SEED)
    assert (doc.style, doc.page.name) == ("css_border", "a4")
    expected = doc.spec.expected()
    report = gktables.extract(write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)).to_dict()
    t4 = {k: v for k, v in expected["cells"].items() if k.startswith("t4.")}
    assert {k: report["cells"].get(k) for k in t4} == t4
    assert score_report(report, expected).wrong_keys == []


def test_values_merged_into_the_label_cell_are_read_as_the_rows_values(tmp_path):
    """三 of a split_tables page printed plain: the browser's ~3 pt column gaps merge a row's values
    into its label's column ('2.重复申请 0 0 0 0 0 0 0', the value columns empty). Those numbers are the
    row's values, and its empty cells are no blanks (they were read as blank, silently, for zeros)."""
    doc = make_doc(3, SEED)
    assert (doc.style, doc.page.name) == ("plain", "a4")
    expected = doc.spec.expected()
    pdf = write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)
    report = gktables.extract(pdf, settings={"pdf_text_reread": False}).to_dict()  # the grids' reading
    score = score_report(report, expected)
    assert score.silent_keys == []  # 4 silent blanks before (petition and repeat rows' zeros)
    assert score.right >= 110  # 60 before, 121 with the stream path's tight columns; the rest flagged
    reread = score_report(gktables.extract(pdf).to_dict(), expected)  # 三 taken from the text lines
    assert reread.silent_keys == [] and reread.right > score.right
    query = "t3.result.denied.admin_query"  # '8.属于行政查询事项 8 0 0' in one cell, the rest beside it
    assert [report["cells"][f"{query}.{c}"] for c in ("natural", "commercial", "total")] == [8, 0, 8]
    assert [expected["cells"][f"{query}.{c}"] for c in ("natural", "commercial", "total")] == [8, 0, 8]


@pytest.mark.parametrize("index", [34, 39])
def test_pdfminer_text_of_a_print_with_blank_cells_has_no_silent_cell(tmp_path, index):
    """pdfminer.six's text of two css_border prints with blank cells, read by print order. #34 prints
    the ordinal of '2、没有现成信息…' on a line of its own ('2' over '、没有现成信息'): read as a value, it
    made the rows after it one value longer, and a zero filled the blank of 2、重复申请 (silently).
    #39 prints 2、申请人逾期未按收费通知…'s '-' after its label, and order gave it to （七）总计: the
    row's 0s stand where the blank could (one silently, before)."""
    doc = make_doc(index, SEED)
    assert doc.style == "css_border"
    pdf = write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)
    expected = doc.spec.expected()
    report = gktables.extract_text(convert(pdf, "pdfminer")).to_dict()
    score = score_report(report, expected)
    assert score.silent_keys == []
    assert score.right >= 174  # as before (174, 175 of about 200: the rest flagged)
