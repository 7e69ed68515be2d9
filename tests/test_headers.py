"""Header bands, header paths and the path-to-key assignment (core/headers), on small hand-built
grids and on generated header-layout variants read straight from their grids (no rendering)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import gktables
from benchmarks.scoring import score_report
from gktables.checks import run_checks
from gktables.core.headers.assignment import assign
from gktables.core.headers.bands import (grid_to_header_bands, header_bands_to_paths, layout_to_header_bands,
                                         values_in_label_columns)
from gktables.core.headers.mapping import layout_to_mappings, paths_to_keys
from gktables.core.headers.vocabulary import band_table
from gktables.core.header_merge import aggregate_warnings
from gktables.core.pipeline import layout_to_report
from gktables.layout import Grid, GridCell, Layout
from gktables.schema import Template
from tools.synth.header_variants import HEADER_VARIANTS
from tools.synth.model import TableGrid
from tools.synth.plan import PlanItem, make_spec

from .conftest import GOLDEN_HEADERS, GOLDEN_REAL, golden_cases

T2019 = Template("2019", "single")
LEGAL = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")


def cell(r: int, c: int, text: str, rs: int = 1, cs: int = 1) -> GridCell:
    return GridCell(r, c, text, rowspan=rs, colspan=cs)


def t3_grid(legal: tuple[str, ...], rows: list[tuple[str, list[str]]], total_first: bool = False) -> Grid:
    """三's three-row column header over a few rows: 申请人情况 → 自然人 / 法人或其他组织 → … / 总计."""
    n = 2 + len(legal)
    cells = [cell(0, 0, "", 3, 1), cell(0, 1, "申请人情况", 1, n)]
    lead = ["总计", "自然人"] if total_first else ["自然人"]
    col = 1
    for label in lead:
        cells.append(cell(1, col, label, 2, 1))
        col += 1
    cells.append(cell(1, col, "法人或其他组织", 1, len(legal)))
    cells.extend(cell(2, col + j, label) for j, label in enumerate(legal))
    if not total_first:
        cells.append(cell(1, col + len(legal), "总计", 2, 1))
    for i, (label, values) in enumerate(rows):
        cells.append(cell(3 + i, 0, label))
        cells.extend(cell(3 + i, 1 + j, v) for j, v in enumerate(values))
    return Grid(cells, "html")


def test_header_band_and_paths_with_spans():
    grid = t3_grid(LEGAL, [("一、本年新收政府信息公开申请数量", ["3", "1", "0", "0", "2", "0", "6"]),
                           ("二、上年结转政府信息公开申请数量", ["0", "0", "0", "0", "0", "0", "0"])])
    bands = header_bands_to_paths(grid_to_header_bands(grid))
    assert len(bands) == 1
    band = bands[0]
    assert band.header_rows == [0, 1, 2] and band.value_rows == [3, 4] and band.label_cols == [0]
    assert band.col_paths[1] == ("申请人情况", "自然人")
    assert band.col_paths[3] == ("申请人情况", "法人或其他组织", "科研机构")
    assert band.col_paths[7] == ("申请人情况", "总计")
    assert band.row_paths[4] == ("二、上年结转政府信息公开申请数量",)
    assert band_table(band) == "t3"


def test_vertical_and_wrapped_header_text_is_joined():
    grid = t3_grid(("商业\n企业", "科研\n机构", "社会公\n益组织", "法律服\n务机构", "其\n他"),
                   [("一、本年新收政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"])])
    band = header_bands_to_paths(grid_to_header_bands(grid))[0]
    assert band.col_paths[5] == ("申请人情况", "法人或其他组织", "法律服务机构")


def test_assign_finds_the_best_total_not_the_greedy_one():
    # greedy would give row 0 column 0 (0.9) and leave row 1 with 0.1; the optimum is 0.8 + 0.85
    assert assign([[0.9, 0.8], [0.85, 0.1]]) == [1, 0]
    assert assign([[0.2, 0.9, 0.1]]) == [1]
    assert assign([[0.5], [0.9]]) == [None, 0]


def test_swapped_pair_is_read_by_its_headers():
    """科研机构 ↔ 法律服务机构 swapped, headers and values together: every check still holds, so
    only the headers can tell; each value must land under its own header's key."""
    swapped = ("商业企业", "法律服务机构", "社会公益组织", "科研机构", "其他")
    # natural, commercial, [legal_service printed 3rd], nonprofit, [research printed 5th], other, total
    grid = t3_grid(swapped, [("一、本年新收政府信息公开申请数量", ["3", "1", "7", "0", "2", "0", "13"])])
    bands = header_bands_to_paths(grid_to_header_bands(grid))
    mapping = paths_to_keys("t3", bands, T2019)
    got = {kc.key: kc.cell.text for kc in mapping.cells}
    assert got["t3.new.legal_service"] == "7" and got["t3.new.research"] == "2"
    assert got["t3.new.total"] == "13" and got["t3.new.natural"] == "3"
    assert all(kc.confident for kc in mapping.cells)
    by_position = {**got, "t3.new.research": got["t3.new.legal_service"],
                   "t3.new.legal_service": got["t3.new.research"]}
    for reading in (got, by_position):  # the row total holds either way: no check can tell them apart
        values = {k: int(v) for k, v in reading.items()}
        assert [c.passed for c in run_checks(values, "single") if c.id.startswith("t3.row_total.new")] == [True]


def test_total_first_and_omitted_subcolumns():
    grid = t3_grid(LEGAL, [("一、本年新收政府信息公开申请数量", ["9", "3", "1", "0", "0", "5", "0"])], total_first=True)
    bands = header_bands_to_paths(grid_to_header_bands(grid))
    got = {kc.key: kc.cell.text for kc in paths_to_keys("t3", bands, T2019).cells}
    assert got["t3.new.total"] == "9" and got["t3.new.natural"] == "3" and got["t3.new.legal_service"] == "5"
    cells = [cell(0, 0, "", 2, 1), cell(0, 1, "申请人情况", 1, 3), cell(1, 1, "自然人"), cell(1, 2, "法人或其他组织"),
             cell(1, 3, "总计"), cell(2, 0, "一、本年新收政府信息公开申请数量"), cell(2, 1, "4"), cell(2, 2, "2"),
             cell(2, 3, "6")]
    mapping = paths_to_keys("t3", header_bands_to_paths(grid_to_header_bands(Grid(cells, "docx"))), T2019)
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {"t3.new.natural": "4", "t3.new.total": "6"}
    assert any("法人或其他组织" in u for u in mapping.unmatched)


def test_t4_three_rows_of_five():
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    cells = [cell(0, 0, "", 1, 2)] + [cell(0, 2 + j, h) for j, h in enumerate(heads)]
    cells += [cell(1, 0, "行政复议", 1, 2), cell(2, 0, "行政诉讼", 2, 1), cell(2, 1, "未经复议直接起诉"),
              cell(3, 1, "复议后起诉")]
    values = [["1", "0", "0", "0", "1"], ["0", "2", "0", "0", "2"], ["0", "0", "3", "1", "4"]]
    cells += [cell(1 + i, 2 + j, v) for i, row in enumerate(values) for j, v in enumerate(row)]
    bands = header_bands_to_paths(grid_to_header_bands(Grid(cells, "html")))
    assert band_table(bands[0]) == "t4"
    got = {kc.key: kc.cell.text for kc in paths_to_keys("t4", bands, T2019).cells}
    assert got["t4.review.upheld"] == "1" and got["t4.lawsuit_direct.corrected"] == "2"
    assert got["t4.lawsuit_after_review.other"] == "3" and got["t4.lawsuit_after_review.total"] == "4"


def test_continuation_page_without_header_inherits_it():
    first = t3_grid(LEGAL, [("一、本年新收政府信息公开申请数量", ["1", "0", "0", "0", "0", "0", "1"])])
    values = ["0", "0", "2", "0", "0", "0", "2"]
    label = cell(0, 0, "二、上年结转政府信息公开申请数量")
    second = Grid([label] + [cell(0, 1 + j, v) for j, v in enumerate(values)], "pdf")
    bands = layout_to_header_bands(Layout("pdf", [first, second]))
    assert bands[1].inherited and bands[1].col_paths[3] == ("申请人情况", "法人或其他组织", "科研机构")
    got = layout_to_mappings(Layout("pdf", [first, second]), T2019)["t3"]
    assert {kc.key: kc.cell.text for kc in got.cells}["t3.carried_over.research"] == "2"


# --- generated variants, read from their grids (no rendering) -------------------------------------

def to_layout(grids: list[TableGrid]) -> Layout:
    return Layout("html", [Grid([GridCell(c.row, c.col, c.text, c.rowspan, c.colspan) for c in g.cells], "html")
                           for g in grids])


@pytest.mark.parametrize("variant", ["hdr_swapped_pair", "hdr_total_first", "hdr_omitted_legal", "hdr_extra_heji",
                                     "hdr_t4_rows", "hdr_t4_transposed", "hdr_t2_reordered", "hdr_permuted"])
def test_generated_variant_reads_right_from_headers(variant):
    spec = make_spec(PlanItem(0, "html", variant, "2019"), 5)
    report = layout_to_report(to_layout(spec.grids), spec.doc_id)
    assert {k: report.cells.get(k, "missing") for k in spec.cells} == spec.cells
    assert set(report.cells) == set(spec.cells)  # a column the document leaves out has no keys
    assert all(report.provenance[k].mapped_by == "header" for k in spec.cells)
    assert sorted(c.id for c in report.failing_checks) == sorted(spec.failing_checks)


def test_swapped_pair_keeps_every_check_and_comes_out_right():
    spec = make_spec(PlanItem(0, "html", "hdr_swapped_pair", "2019"), 5)
    differ = [k for k in spec.cells if k.endswith(".research")
              and spec.cells[k] != spec.cells[k.replace(".research", ".legal_service")]]
    assert differ, "the generated document must print different values in the swapped columns"
    swapped = {**spec.cells}
    for k in differ:  # what reading the swapped table by the national order gives
        other = k.replace(".research", ".legal_service")
        swapped[k], swapped[other] = spec.cells[other], spec.cells[k]
    assert [c.passed for c in run_checks(swapped, "single")] == [c.passed for c in run_checks(spec.cells, "single")]
    report = layout_to_report(to_layout(spec.grids), spec.doc_id)
    assert all(report.cells[k] == spec.cells[k] for k in differ)
    assert report.to_dict()["provenance"][differ[0]]["mapped_by"] == "header"


# --- committed golden examples of the variants (golden/headers), rendered in every grid kind ---------

HEADER_CASES = golden_cases(GOLDEN_HEADERS)


def _case_id(case: tuple[Path, dict]) -> str:
    return case[0].name


@pytest.mark.parametrize("case", [c for c in HEADER_CASES if c[1]["kind"] != "ocr"], ids=_case_id)
def test_golden_header_variant(case):
    path, expected = case
    report = gktables.extract(path).to_dict()
    score = score_report(report, expected)
    assert score.wrong_keys == [] and score.fully_right
    assert set(report["cells"]) == set(expected["cells"])
    assert all(report["provenance"][k]["mapped_by"] == "header" for k in expected["cells"])


@pytest.mark.slow
@pytest.mark.parametrize("case", [c for c in HEADER_CASES if c[1]["kind"] == "ocr"], ids=_case_id)
def test_golden_header_variant_scan(case):
    path, expected = case
    report = gktables.extract(path, kind="ocr").to_dict()
    score = score_report(report, expected)
    assert score.wrong_keys == [] and score.silent == 0 and score.checks_ok


def test_golden_header_variants_cover_every_grid_kind():
    kinds = {e["kind"] for _, e in HEADER_CASES}
    assert kinds == {"html", "docx", "pdf", "ocr"}
    assert {e["header_variant"] for _, e in HEADER_CASES} == set(HEADER_VARIANTS)


# --- a real web page with its columns moved (headers and values together) ----------------------------

def _move_t3_columns(html: str, order: list[int]) -> bytes:
    """The real page's 三 with its seven value columns printed in `order` (indexes into the national
    order), headers and values moved together; only for a table printing every leaf header in one row
    and seven value cells at the end of each value row, as this page does."""
    import lxml.html

    doc = lxml.html.fromstring(html)
    table = next(t for t in doc.iter("table") if "申请人情况" in t.text_content())
    for tr in table.iter("tr"):
        tds = [td for td in tr if td.tag in ("td", "th")]
        texts = [td.text_content().strip() for td in tds]
        if "商业企业" in texts:  # the leaf header row: (blank under 自然人), 5 sub-columns, (blank under 总计)
            tds = tds[-7:]
        elif len(tds) >= 8 and all(t.replace("-", "").isdigit() or t in ("", "/", "0") for t in texts[-7:]):
            tds = tds[-7:]
        else:
            continue
        copies = [lxml.html.fromstring(lxml.html.tostring(td)) for td in tds]
        for td, j in zip(tds, order):
            td.getparent().replace(td, copies[j])
    return lxml.html.tostring(doc, encoding="utf-8")


@pytest.mark.parametrize("order", [[0, 1, 4, 3, 2, 5, 6],  # 科研机构 ↔ 法律服务机构: every check still holds
                                   [0, 5, 3, 1, 2, 4, 6]],  # the 法人 sub-columns permuted
                         ids=["swapped_pair", "permuted"])
def test_real_page_with_moved_columns_reads_by_its_headers(order):
    page = GOLDEN_REAL / "hangzhou_style_2025.html"
    expected = json.loads(page.with_suffix(".expected.json").read_text("utf-8"))
    moved = _move_t3_columns(page.read_text("utf-8"), order)
    report = gktables.extract(moved, kind="html", name=page.name)
    wrong = {k: (report.cells.get(k), v) for k, v in expected["cells"].items() if report.cells.get(k) != v}
    assert wrong == {}
    assert report.provenance["t3.new.research"].mapped_by == "header"


def test_header_at_the_foot_of_a_page_heads_the_next_pages_rows():
    """二 (2021) breaks right under block （五）'s header: its row on the next page takes that header,
    not the header of the block printed above it."""
    first = Grid([cell(0, 0, "第二十条第（一）项", 1, 4), cell(1, 0, "信息内容"), cell(1, 1, "本年制发件数"),
                  cell(1, 2, "本年废止件数"), cell(1, 3, "现行有效件数"), cell(2, 0, "规章"), cell(2, 1, "1"),
                  cell(2, 2, "2"), cell(2, 3, "3"), cell(3, 0, "行政规范性文件"), cell(3, 1, "4"), cell(3, 2, "5"),
                  cell(3, 3, "6"), cell(4, 0, "第二十条第（五）项", 1, 4), cell(5, 0, "信息内容"),
                  cell(5, 1, "本年处理决定数量", 1, 3)], "pdf")
    second = Grid([cell(0, 0, "行政许可"), cell(0, 1, "77", 1, 3)], "pdf")
    mapping = layout_to_mappings(Layout("pdf", [first, second]), Template("2021", "split"))["t2"]
    got = {kc.key: kc.cell.text for kc in mapping.cells}
    assert got == {"t2.regulations.issued": "1", "t2.regulations.repealed": "2", "t2.regulations.in_force": "3",
                   "t2.normative_docs.issued": "4", "t2.normative_docs.repealed": "5",
                   "t2.normative_docs.in_force": "6", "t2.licensing.decisions": "77"}


def test_omitted_subcolumns_are_checked_through_their_parent_column():
    """Only 自然人 / 法人或其他组织 / 总计: no check of the schema can be evaluated on the row, so the
    法人 column stands in for its sub-columns: 3 + 2 ≠ 6 is flagged."""
    cells = [cell(0, 0, "", 2, 1), cell(0, 1, "申请人情况", 1, 3), cell(1, 1, "自然人"), cell(1, 2, "法人或其他组织"),
             cell(1, 3, "总计"), cell(2, 0, "一、本年新收政府信息公开申请数量"), cell(2, 1, "3"), cell(2, 2, "2"),
             cell(2, 3, "6"), cell(3, 0, "二、上年结转政府信息公开申请数量"), cell(3, 1, "1"), cell(3, 2, "1"),
             cell(3, 3, "2")]
    mapping = paths_to_keys("t3", header_bands_to_paths(grid_to_header_bands(Grid(cells, "docx"))), T2019)
    values = {kc.key: int(kc.cell.text) for kc in mapping.cells}
    warnings = aggregate_warnings(mapping, values)
    assert [w.keys for w in warnings] == [["t3.new.natural", "t3.new.total"]]


def test_values_under_a_lost_header_are_not_read_as_left_out():
    """OCR lost the header 采购总金额 (2019 二): its column still prints a value, so its key is
    'unread' (the order's reading is kept, flagged), never 'not printed'."""
    cells = [cell(0, 0, "第二十条第（九）项", 1, 3), cell(1, 0, "信息内容"), cell(1, 1, "采购项目数量"), cell(1, 2, ""),
             cell(2, 0, "政府集中采购"), cell(2, 1, "3"), cell(2, 2, "12.5")]
    bands = header_bands_to_paths(grid_to_header_bands(Grid(cells, "ocr")))
    mapping = paths_to_keys("t2", bands, T2019)
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {"t2.procurement.items": "3"}
    assert mapping.unread_keys == {"t2.procurement.amount"}


# --- word grids (PDF tables without vertical rules): parents over the columns their words cover -----

def stream_grid(rows: list[list[tuple[int, int, str, int, int]]]) -> Grid:
    """A grid as the PDF reader's word alignment builds it: each header word only over the column
    bands it covers, blank cells elsewhere."""
    cells = [cell(r, c, t, rs, cs) for row in rows for (r, c, t, rs, cs) in row]
    taken = {(x.row + i, x.col + j) for x in cells for i in range(x.rowspan) for j in range(x.colspan)}
    n_rows = max(x.row + x.rowspan for x in cells)
    n_cols = max(x.col + x.colspan for x in cells)
    cells += [cell(r, c, "") for r in range(n_rows) for c in range(n_cols) if (r, c) not in taken]
    return Grid(cells, "pdf", debug={"method": "stream"})


def test_word_grid_t4_parents_are_widened_over_their_children():
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [[(0, 2, "行政复议", 1, 1), (0, 9, "行政诉讼", 1, 2)],
            [(1, 6, "未经复议直接起诉", 1, 3), (1, 11, "复议后起诉", 1, 3)],
            [(2, j, h, 2, 1) for j, h in enumerate(results)],  # 行政复议's leaves stand as high as row 2
            [(3, 5 + j, h, 1, 1) for j, h in enumerate(results * 2)],
            [(4, j, str(j + 1), 1, 1) for j in range(15)]]
    bands = header_bands_to_paths(grid_to_header_bands(stream_grid(rows)))
    paths = bands[0].col_paths
    assert paths[4] == ("行政复议", "总计")
    assert paths[5] == ("行政诉讼", "未经复议直接起诉", "结果维持")
    assert paths[14] == ("行政诉讼", "复议后起诉", "总计")
    got = {kc.key: kc.cell.text for kc in paths_to_keys("t4", bands, T2019).cells}
    assert got["t4.review.total"] == "5" and got["t4.lawsuit_direct.upheld"] == "6"
    assert got["t4.lawsuit_after_review.total"] == "15"


def test_word_grid_parent_stops_at_a_leaf_standing_as_high_as_it():
    """自然人 and 总计 start a row above 法人's sub-columns: they are 法人's siblings, not children."""
    rows = [[(0, 4, "申请人情况", 1, 1)],
            [(1, 3, "法人或其他组织", 1, 3)],
            [(2, 1, "自然人", 2, 1), (2, 7, "总计", 2, 1)],
            [(3, 2 + j, h, 1, 1) for j, h in enumerate(LEGAL)],
            [(4, 0, "一、本年新收政府信息公开申请数量", 1, 1)] + [(4, 1 + j, v, 1, 1)
                                                            for j, v in enumerate("3100206")]]
    bands = header_bands_to_paths(grid_to_header_bands(stream_grid(rows)))
    paths = bands[0].col_paths
    assert paths[1] == ("申请人情况", "自然人") and paths[7] == ("申请人情况", "总计")
    assert paths[2] == ("申请人情况", "法人或其他组织", "商业企业")
    assert paths[6] == ("申请人情况", "法人或其他组织", "其他")
    got = {kc.key: kc.cell.text for kc in paths_to_keys("t3", bands, T2019).cells}
    assert got == {"t3.new.natural": "3", "t3.new.commercial": "1", "t3.new.research": "0",
                   "t3.new.nonprofit": "0", "t3.new.legal_service": "2", "t3.new.other": "0", "t3.new.total": "6"}


# --- headers OCR lost: the checks decide where exactly one assignment fits ---------------------------

def _lost_headers_grid(legal: tuple[str, ...], total: str) -> Grid:
    rows = [("一、本年新收政府信息公开申请数量", ["9", "3", "1", "0", "0", "5", "0"]),
            ("二、上年结转政府信息公开申请数量", ["4", "1", "0", "2", "0", "0", "1"])]
    grid = t3_grid(legal, rows, total_first=True)
    for c in grid.cells:
        if c.text == "总计":
            c.text = total
    return grid


def test_columns_whose_header_ocr_lost_are_placed_by_the_checks():
    """总计 printed first, its header lost (blank) and 其他's garbled: only one way of giving them
    总计 and 其他 makes the row totals hold; the cells land right and stay flagged (unsure)."""
    grid = _lost_headers_grid(LEGAL[:4] + ("工匚",), "")
    mapping = paths_to_keys("t3", header_bands_to_paths(grid_to_header_bands(grid)), T2019)
    got = {kc.key: kc.cell.text for kc in mapping.cells}
    assert got["t3.new.total"] == "9" and got["t3.new.other"] == "0" and got["t3.carried_over.other"] == "1"
    assert got["t3.carried_over.total"] == "4" and got["t3.new.legal_service"] == "5"
    assert not mapping.unread_keys
    unsure = {kc.key for kc in mapping.cells if not kc.confident}
    assert unsure == {"t3.new.total", "t3.new.other", "t3.carried_over.total", "t3.carried_over.other"}


def test_lost_headers_the_checks_cannot_tell_apart_stay_unread():
    """科研机构 and 法律服务机构 both unread: either way every check holds, so neither is given."""
    grid = _lost_headers_grid(("商业企业", "", "社会公益组织", "", "其他"), "总计")
    mapping = paths_to_keys("t3", header_bands_to_paths(grid_to_header_bands(grid)), T2019)
    keys = {kc.key for kc in mapping.cells}
    assert "t3.new.research" not in keys and "t3.new.legal_service" not in keys
    assert {"t3.new.research", "t3.new.legal_service"} <= mapping.unread_keys


# --- the headers decide alone: the order alignment does not run ------------------------------------

@pytest.mark.parametrize("variant", ["hdr_extra_heji", "hdr_omitted_legal", "hdr_swapped_pair"])
def test_confident_headers_read_the_table_without_the_order(variant):
    spec = make_spec(PlanItem(0, "html", variant, "2019"), 5)
    report = layout_to_report(to_layout(spec.grids), spec.doc_id)
    assert [t.table for t in report.trace["tables"]] == []  # no table went through the order alignment
    assert {k: report.cells.get(k, "missing") for k in spec.cells} == spec.cells
    assert all(report.provenance[k].mapped_by == "header" for k in spec.cells)


def test_a_row_the_headers_do_not_find_leaves_the_table_to_the_order():
    spec = make_spec(PlanItem(0, "html", "hdr_permuted", "2019"), 5)
    t3 = next(g for g in spec.grids if g.section == "t3")
    new_row = min(c.row for c in t3.cells if c.role == "value")
    t3.cells = [c for c in t3.cells if c.row != new_row or c.role != "label"]  # its label lost
    report = layout_to_report(to_layout(spec.grids), spec.doc_id)
    assert report.provenance["t3.new.total"].mapped_by == "order"  # the order read the row the headers lost
    assert "t3.new.total" in report.flagged_keys()


def test_columns_of_blank_cells_under_their_own_headers_are_printed():
    """A 2021 table printing blanks (read as empty cells) in every column but one: the blank columns
    are columns of the table, their keys read as blank, not dropped as 'not printed'."""
    grid = t3_grid(LEGAL, [("一、本年新收政府信息公开申请数量", ["", "", "", "", "", "", "0"]),
                           ("二、上年结转政府信息公开申请数量", ["", "", "", "", "", "", "0"])])
    bands = header_bands_to_paths(grid_to_header_bands(grid))
    assert bands[0].value_cols == [1, 2, 3, 4, 5, 6, 7] and bands[0].label_cols == [0]
    mapping = paths_to_keys("t3", bands, T2019)
    got = {kc.key: kc.cell.text for kc in mapping.cells}
    assert got["t3.new.natural"] == "" and got["t3.carried_over.research"] == "" and got["t3.new.total"] == "0"
    assert len(got) == 14


# --- numbers printed in the row header band (value columns taken for label columns) ----------------

def _noted_grid(n_noted: int) -> Grid:
    """三 whose first ``n_noted`` value columns print a note (见附注) instead of a number in most
    rows: those columns are taken for label columns, though the first row prints numbers there."""
    note = ["见附注"] * n_noted
    return t3_grid(LEGAL, [("一、本年新收政府信息公开申请数量", ["3", "1", "0", "0", "2", "0", "6"]),
                           ("二、上年结转政府信息公开申请数量", note + ["0", "0", "0", "0", "0", "0", "0"][n_noted:]),
                           ("（一）予以公开", note + ["1", "0", "0", "0", "0", "0", "1"][n_noted:])])


def test_numbers_in_two_label_columns_make_the_headers_unusable():
    grid = _noted_grid(2)
    band = header_bands_to_paths(grid_to_header_bands(grid))[0]
    assert band.label_cols == [0, 1, 2] and band.value_cols == [3, 4, 5, 6, 7]
    assert values_in_label_columns(band) == {1, 2} and values_in_label_columns(band, [4]) == set()
    mapping = layout_to_mappings(Layout("html", [grid]), T2019)["t3"]
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {
        "t3.new.research": "0", "t3.new.nonprofit": "0", "t3.new.legal_service": "2", "t3.new.other": "0",
        "t3.new.total": "6"}
    assert mapping.values_in_labels == 2 and not mapping.usable  # the order's reading is kept
    assert {"t3.new.natural", "t3.new.commercial"} <= mapping.unread_keys


def test_a_value_column_taken_for_labels_is_unread_not_left_out():
    """One column (自然人) taken for labels: the headers stay usable, but 自然人's key is unread (its
    number stands in the label column), never 'not printed': the cell is flagged, not dropped."""
    grid = _noted_grid(1)
    band = header_bands_to_paths(grid_to_header_bands(grid))[0]
    assert band.label_cols == [0, 1] and values_in_label_columns(band) == {1}
    mapping = layout_to_mappings(Layout("html", [grid]), T2019)["t3"]
    assert {kc.key: kc.cell.text for kc in mapping.cells} == {
        "t3.new.commercial": "1", "t3.new.research": "0", "t3.new.nonprofit": "0", "t3.new.legal_service": "2",
        "t3.new.other": "0", "t3.new.total": "6"}
    assert mapping.values_in_labels == 1 and mapping.usable
    assert "t3.new.natural" in mapping.unread_keys and "t3.new.natural" not in mapping.printed_keys
    report = layout_to_report(Layout("html", [grid]), "noted")
    assert report.cells.get("t3.new.natural") == 3 or "t3.new.natural" in report.flagged_keys()
    assert report.cells["t3.new.total"] == 6 and report.cells["t3.new.legal_service"] == 2


def test_cells_under_a_header_that_matches_nothing_are_named_not_dropped():
    """A garbled leaf header (科研机构 printed as something no schema label resembles) leaves its
    column unmatched: the table may still be read from its other headers, but the column's cells
    must then be named by a warning, never left out of the output without a word."""
    page = GOLDEN_REAL / "hangzhou_style_2025.html"
    expected = json.loads(page.with_suffix(".expected.json").read_text("utf-8"))
    html = page.read_text("utf-8")
    assert html.count("科研机构") >= 1
    report = gktables.extract(html.replace("科研机构", "甲乙丙丁").encode("utf-8"), kind="html", name=page.name)
    flagged = {k for w in report.warnings for k in w.keys}
    research = [k for k in expected["cells"] if k.startswith("t3.") and k.endswith(".research")]
    assert len(research) >= 20
    for key in research:
        assert report.cells.get(key) == expected["cells"][key] or key in flagged, key
    silent = [k for k, v in expected["cells"].items() if report.cells.get(k) != v and k not in flagged]
    assert silent == []
