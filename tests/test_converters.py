"""Text made by popular PDF converters (tools/synth/converters.py: pdfminer.six, pdfplumber, PyMuPDF,
pypdf, PyPDF2, markitdown, PyMuPDF4LLM, pypdfium2, pdftotext) from generated PDFs, committed under
golden/synthetic/converters: accuracy floors per converter and no silent error. Plus the rules behind
them on small inputs: association confidence, wrapped numbers, label matching, values glued to prose."""

import json
from collections import defaultdict

import pytest

import gktables
from benchmarks.scoring import score_report
from gktables.core.document_passes import (blank_total_warnings, failing_columns_warnings, failing_rows_warnings,
                                           row_columns_warnings)
from gktables.core.items import text_to_items
from gktables.core.wrapped import drop_wrap_padding
from gktables.labels import match_label
from gktables.checks import evaluate
from gktables.report import CheckResult, Provenance, Value
from gktables.schema import CheckSpec

from .conftest import GOLDEN_REAL, HONGZE, ROOT, golden_cases

CONVERTED = ROOT / "golden" / "synthetic" / "converters"
CASES = golden_cases(CONVERTED)
# Least share of cells right per converter; not listed: 99.9 %.
FLOORS = {
    "conv_pdfminer": 79.0,  # labels in one run, values column by column: 三 read by core/column_order where the
    # checks confirm a placement; other orders (rows along lines, broken numbers) flagged
    "conv_markitdown": 99.5,  # a row split over markdown rows, one number wrapped apart: flagged
    "conv_pypdf_layout": 99.5,  # two wrapped numbers whose join adds up two ways: flagged
    "conv_pypdf2": 98.5,  # a row's cells run together: 二's digits cut where no check decides (flagged)
}


@pytest.fixture(scope="module")
def scores():
    by_converter = defaultdict(list)
    for path, expected in CASES:
        report = gktables.extract(path).to_dict()
        by_converter[expected["variant"]].append((path.name, score_report(report, expected)))
    return by_converter


def converters():
    return sorted({e["variant"] for _, e in CASES})


def test_every_converter_is_committed():
    names = ("pdfminer", "pdfplumber", "pymupdf", "pymupdf_sort", "pypdf", "pypdf_layout", "markitdown",
             "pymupdf4llm", "pypdfium2", "pypdf2", "pdftotext_raw", "pdftotext_layout")
    assert set(converters()) == {f"conv_{n}" for n in names}


@pytest.mark.parametrize("name", converters())
def test_cells_right(scores, name):
    results = scores[name]
    right = sum(s.right for _, s in results)
    cells = sum(s.cells for _, s in results)
    wrong = [(n, s.wrong_keys[:5]) for n, s in results if s.wrong_keys]
    assert 100.0 * right / cells >= FLOORS.get(name, 99.9), wrong


@pytest.mark.parametrize("name", converters())
def test_no_silent_errors(scores, name):
    assert [(n, s.silent_keys) for n, s in scores[name] if s.silent_keys] == []


# --- association: values printed apart from their labels ---------------------------------------

T3_HEADER = ("三、收到和处理政府信息公开申请情况\n"
             "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计\n")
T3_LABELS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "（一）予以公开",
             "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "1.属于国家秘密", "2.其他法律行政法规禁止公开",
             "3.危及“三安全一稳定”", "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
             "7.属于行政执法案卷", "8.属于行政查询事项", "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
             "3.补正后申请内容仍不明确", "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
             "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息", "（六）其他处理", "（七）总计",
             "四、结转下年度继续办理"]


def t3_rows() -> list[list[int]]:
    """A consistent 三 (single format): 10 new, 0 carried over; 6 granted, 2 partial, 2 not held."""
    zero = [0] * 7
    rows = [list(zero) for _ in T3_LABELS]
    rows[0] = [9, 1, 0, 0, 0, 0, 10]
    rows[2] = [5, 1, 0, 0, 0, 0, 6]
    rows[3] = [2, 0, 0, 0, 0, 0, 2]
    rows[12] = [2, 0, 0, 0, 0, 0, 2]
    rows[21] = [9, 1, 0, 0, 0, 0, 10]
    return rows


def t3_text(values_on_label_line: bool, shift: bool = False) -> str:
    """三 with each label on its own line and its values on the next (markdown-converter style), or
    on the label's own line. ``shift``: every value row printed one row early (the first before
    the first label), as converters do with vertically centred labels."""
    rows = t3_rows()
    lines = [T3_HEADER.rstrip("\n")]
    if shift:
        lines.append(" ".join(map(str, rows[0])))
    for n, (label, values) in enumerate(zip(T3_LABELS, rows)):
        printed = rows[n + 1] if shift and n + 1 < len(rows) else (None if shift else values)
        if values_on_label_line:
            lines.append(label + " " + " ".join(map(str, values)))
        else:
            lines.append(label)
            if printed is not None:
                lines.append(" ".join(map(str, printed)))
    return "\n".join(lines) + "\n"


def _uncertain(report: gktables.Report) -> set[str]:
    return {k for w in report.warnings if w.code == "association_uncertain" for k in w.keys}


def test_values_on_their_labels_lines_are_pinned():
    report = gktables.extract_text(t3_text(values_on_label_line=True))
    assert report.cells["t3.result.granted.natural"] == 5
    assert _uncertain(report) == set()


def test_label_then_values_from_a_sure_start_are_pinned():
    report = gktables.extract_text(t3_text(values_on_label_line=False))
    assert report.cells["t3.result.partial.natural"] == 2
    assert _uncertain(report) == set()


def test_rows_one_off_are_flagged_with_the_rows_that_could_swap():
    report = gktables.extract_text(t3_text(values_on_label_line=False, shift=True))
    uncertain = _uncertain(report)
    # Whatever the rows were given, granted (5) and partial (2) could have traded places.
    assert {"t3.result.granted.natural", "t3.result.partial.natural"} <= uncertain
    warning = next(w for w in report.warnings if w.code == "association_uncertain")
    assert "（一）予以公开" in warning.message
    # Rows of zeros between all-zero neighbours change nothing when shifted: not flagged.
    assert "t3.result.denied.state_secret.natural" not in uncertain


# --- reading what converters print ---------------------------------------------------------------

def test_a_number_wrapped_in_a_narrow_cell_is_joined_when_the_row_adds_up():
    row = "一、本年新收政府信息公开申请数量 9 1 0 0 0 0 "
    text = t3_text(values_on_label_line=True).replace(row + "10", row + "1 0")
    report = gktables.extract_text(text)
    assert report.cells["t3.new.total"] == 10
    assert report.provenance["t3.new.total"].decided_by == "check"


def test_a_row_printing_most_cells_empty_is_placed_by_the_checks_and_flagged():
    # zero cells printed empty leave '9 1 10' for seven cells; the column sums place 9 and 1
    label = "一、本年新收政府信息公开申请数量"
    text = t3_text(values_on_label_line=True).replace(f"{label} 9 1 0 0 0 0 10", f"{label} 9 1 10")
    report = gktables.extract_text(text)
    cols = ("natural", "commercial", "research", "nonprofit", "legal_service", "other", "total")
    keys = [f"t3.new.{c}" for c in cols]
    assert [report.cells[k] for k in keys] == [9, 1, None, None, None, None, 10]
    assert set(keys) <= set(report.flagged_keys())


def test_an_ordinal_alone_on_its_line_is_no_value():
    assert [i.kind for i in text_to_items("3.\n“\n”\n危及三安全一稳定")] == ["label"] * 4


def test_an_ordinal_spaced_from_its_label_is_no_value():
    # pypdf's layout mode spaces '3.' from the quote that opens its label
    items = text_to_items("         3.  “危及 三安全一稳—   —   —   —   —   —   —")
    assert [(i.kind, i.text) for i in items][:2] == [("label", "3.  “危及 三安全一稳"), ("value", "—")]
    assert len([i for i in items if i.kind == "value"]) == 7


def test_a_value_glued_to_the_next_paragraphs_year_is_split_at_the_year():
    items = text_to_items("行政事业性收费02025年，我局将继续")
    assert [(i.kind, i.text) for i in items] == [("label", "行政事业性收费"), ("value", "0"),
                                                 ("label", "2025年，我局将继续")]


def test_fields_holding_two_values_are_no_column_hints():
    items = [i for i in text_to_items("|     |     | 1 - | - - | - 无 | 1   |") if i.kind == "value"]
    assert [i.text for i in items] == ["1", "-", "-", "-", "-", "无", "1"]
    assert all(i.field_from_right is None for i in items)


# --- label variants ------------------------------------------------------------------------------

T2_LABELS = ["规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"]
T3_RESULT_LABELS = ["6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"]


@pytest.mark.parametrize("printed, labels, expected, reason", [
    ("规范性文件", T2_LABELS, "行政规范性文件", "prefix '行政' omitted"),
    ("行政执法案件", T3_RESULT_LABELS, "7.属于行政执法案卷", "件 for 卷"),
    ("7. 属于行政执法案件", T3_RESULT_LABELS, "7.属于行政执法案卷", "known stand-in"),
    ("属于行政查询事项", T3_RESULT_LABELS, "8.属于行政查询事项", "another ordinal"),
    ("行政許可", T2_LABELS, "行政许可", "same label"),
    ("行政事业收费", T2_LABELS, "行政事业性收费", "left out"),
    ("(三)不予公开", ["（三）不予公开", "（四）无法提供"], "（三）不予公开", "same label"),
    ("行政處罰", T2_LABELS, "行政处罚", "same label"),
])
def test_real_label_variants_match_their_format_label(printed, labels, expected, reason):
    best = match_label(printed, labels)[0]
    assert best.label == expected
    assert reason in best.reason


def test_label_matches_are_ranked_and_unrelated_labels_left_out():
    matches = match_label("行政执法案件", T3_RESULT_LABELS + T2_LABELS)
    assert [m.label for m in matches][:1] == ["7.属于行政执法案卷"]
    assert all(a.score >= b.score for a, b in zip(matches, matches[1:]))
    assert "规章" not in [m.label for m in matches]


def test_a_row_takes_no_label_another_row_matches_better():
    text = t3_text(values_on_label_line=True).replace("7.属于行政执法案卷", "7.属于行政执法案件")
    report = gktables.extract_text(text)
    assert report.cells["t3.result.denied.enforcement_file.total"] == 0
    assert report.cells["t3.result.granted.total"] == 6


# --- markdown made from real web pages -------------------------------------------------------------

@pytest.mark.parametrize("page", ["shanghai_office_2019.html", "hangzhou_style_2025.html"])
@pytest.mark.parametrize("converter", ["markitdown", "markdownify"])
def test_markdown_of_a_real_page_reads_as_the_page(page, converter):
    """markitdown (and markdownify, which it uses) keep every cell of an HTML table, empty ones as
    empty fields, and draw an empty header row over a table that has none; shanghai_office_2019
    prints its result totals blank and many zero cells empty, so whole rows print two values."""
    from markdownify import markdownify
    from markitdown import MarkItDown

    path = GOLDEN_REAL / page
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    html = path.read_text(encoding="utf-8")
    text = MarkItDown().convert(str(path)).text_content if converter == "markitdown" else markdownify(html)
    score = score_report(gktables.extract_text(text).to_dict(), expected)
    assert score.wrong_keys == [] and score.fully_right


def test_an_empty_header_row_over_a_markdown_rule_prints_no_cell():
    text = "|  |  |  |\n| --- | --- | --- |\n| 行政复议 | 5 |  |\n|  |  |  |\n"
    items = text_to_items(text)
    assert [(i.line, i.text) for i in items if i.kind == "value"] == [(2, "5"), (2, ""), (3, ""), (3, ""), (3, "")]


def test_labelled_rows_printing_few_values_keep_their_empty_fields():
    # three rows of a zero-heavy 三 whose value counts (2, 5, 2) add up to the width like a number
    # wrapped over padded markdown rows would: the outer rows print labels, so their fields are cells
    text = ("| 2.重复申请 | 5 | 4 |  |  |  |  |  |\n| （七）总计 | 767 | 35 |  |  | 2 | 1 | 805 |\n"
            "| 四、结转下年度继续办理 | 72 |  |  |  |  |  | 72 |\n")
    items = text_to_items(text)
    tokens = [i for i in items if i.kind == "value"]
    assert drop_wrap_padding(tokens, 7, items) == tokens


def test_values_on_a_line_of_several_labels_are_not_pinned_by_the_line():
    # a page extracted as one line of words (pdfplumber's extract_words joined): every value shares
    # the line with every label, and each row's values printed before its label read one row off
    text = t3_text(values_on_label_line=False, shift=True)
    header, table = text.split("\n", 2)[:2], text.split("\n", 2)[2]
    one_line = "\n".join(header) + "\n" + table.replace("\n", " ")
    uncertain = _uncertain(gktables.extract_text(one_line))
    assert {"t3.result.granted.natural", "t3.result.partial.natural"} <= uncertain


def test_a_real_page_of_joined_words_reads_no_silent_cell():
    """hongze_2023 through pdfplumber's extract_words, a page a line: some rows print their values
    before their label (vertical group labels between), so 不予公开 / 无法提供 rows read one row off;
    in these zero-heavy rows no check can see it, and the cells must be flagged."""
    import pdfplumber

    with pdfplumber.open(HONGZE) as pdf:
        text = "\n".join(" ".join(w["text"] for w in page.extract_words()) for page in pdf.pages)
    expected = json.loads((GOLDEN_REAL / "hongze_2023.expected.json").read_text(encoding="utf-8"))
    score = score_report(gktables.extract_text(text).to_dict(), expected)
    assert score.silent_keys == []
    assert score.right >= 178


def test_a_label_followed_by_other_values_than_its_own_is_flagged():
    """shanghai_kewei_2024 (a text extraction that prints 二's blocks out of order), one token a
    line: with no line to tie values to labels, 二 is read by order, one block off; 规范性文件 is
    followed by '13 0 55' but was given '0 0 0', and no check can tell — its cells are flagged."""
    text = "\n".join((GOLDEN_REAL / "shanghai_kewei_2024_extracted.md").read_text(encoding="utf-8").split())
    expected = json.loads((GOLDEN_REAL / "shanghai_kewei_2024_extracted.expected.json").read_text(encoding="utf-8"))
    report = gktables.extract_text(text)
    assert score_report(report.to_dict(), expected).silent_keys == []
    warning = next(w for w in report.warnings if w.code == "association_label_run" and "规范性文件" in w.message)
    assert "'13 0 55'" in warning.message and "t2.normative_docs.in_force" in warning.keys


def test_a_blank_pipe_row_over_a_row_whose_value_it_took_is_flagged():
    """'| 行政处罚 |  |  |' (printed blank, so no cell of its own) then '| 行政强制 | 6 |  |  |': the
    aligner gave 6 to 行政处罚 (the two labels read as one run) and an empty field to 行政强制,
    which then counted as pinned by its line though the 6 printed on that line went elsewhere."""
    text = ("| 第二十条第（六）项 |  |  |  |\n|---|---|---|---|\n| 信息内容 | 本年处理决定数量 |  |  |\n"
            "| 行政处罚 |  |  |  |\n| 行政强制 | 6 |  |  |\n")
    report = gktables.extract_text(text)
    wrong = {k for k, v in {"t2.penalty.decisions": None, "t2.coercion.decisions": 6}.items() if report.cells[k] != v}
    flagged = {k for w in report.warnings if w.code.startswith("association") for k in w.keys}
    assert wrong <= flagged


def test_a_sign_cut_off_into_a_field_of_its_own_flags_the_value_after_it():
    """A wrapped '－1' cut at a bar ('|1|－|1|') under a header that does not say the two fields are
    one column: the row prints one value more than its cells, and the dash left out may be the next
    value's sign (seed 77's s77_003 page-break PDF, its 二 as PyMuPDF4LLM wrote it, but for that
    header, which PyMuPDF4LLM cut in two as well: core/pipe_tables joins such fields)."""
    two = ("## **二、主动公开政府信息情况**\n\n"
           "||**第二十条第（一）项**|||\n|---|---|---|---|\n"
           "|**信息内容**|**本年新制作数量**|**本年新公开数量**|**对外公开总数量**|\n|规章|0|0|0|\n|规范性文件|3|3|8|\n"
           "||**第二十条第（五）项**|||\n|**信息内容**|**上一年项目数量**|**本年增/减**|**处理决定数量**|\n"
           "|行政许可|0|+1|1|\n|其他对外管理服务事项|5|+2|9|\n"
           "||**第二十条第（六）项**<br>|||\n|**信息内容**|**上一年项目数量**|**本年增/减**|**处理决定数量**|\n"
           "|行政处罚|596|+51|21|\n|行政强制|25|0|176|\n"
           "||**第二十条第（八）项**|||\n|**信息内容**|**上一年项目数量**||**本年增/减**|\n"
           "|行政事业性收费|1|－|1|\n"
           "||**第二十条第（九）项**|||\n|**信息内容**|**采购项目数量**|**采购**|**总金额**|\n"
           "|政府集中采购|6|519.23 万元|\n")
    report = gktables.extract_text(two)
    assert report.cells["t2.penalty.change"] == 51 and report.cells["t2.procurement.amount"] == 519.23
    assert report.cells["t2.fees.prev_items"] == 1 and report.cells["t2.fees.change"] == 1  # printed −1
    assert "t2.fees.change" in report.flagged_keys() and "t2.penalty.change" not in report.flagged_keys()
    padded = gktables.extract_text(two.replace("|1|－|1|", "|1||1|"))  # an empty field: padding, not a sign
    assert padded.cells["t2.fees.change"] == 1 and "t2.fees.change" not in padded.flagged_keys()


def test_a_row_the_converter_lost_from_its_table_is_flagged():
    """PyMuPDF4LLM's markdown of a browser print (seed 7's s7_032): 行政强制, the last row of its block,
    fell out of the '|' table and its values came one a line in the converter's reading order
    (0 / 66 / 15 for 15 0 66): the row above stands in the table, so which column each is the text
    does not say. Printed on one line beside its label, the row's order is its line's."""
    two = ("## 二、主动公开政府信息情况\n\n第二十条第（一）项\n\n"
           "信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n\n"
           "|规章|1<br>0|13|\n|---|---|---|\n|规范性文件|43<br>43|170|\n||第二十条第（五）项||\n\n"
           "|信息内容|上一年项目数量<br>|本年增/减|处理决定数量|\n|---|---|---|---|\n"
           "|行政许可|0|0|20373|\n|其他对外管理服务事项|0|0|0|\n||第二十条第（六）|项||\n"
           "|信息内容|上一年项目数量<br>|本年增/减|处理决定数量|\n|行政处罚|0|0|9750|\n\n\n\n"
           "行政强制 \n\n0 \n\n66 \n\n15 \n\n"
           "第二十条第（八）项 \n\n信息内容 上一年项目数量 本年增/减 行政事业性收费 1 0 第二十条第（九）项 \n\n"
           "信息内容 采购项目数量 采购总金额\n\n政府集中采购 0 337.694794万元 \n")
    report = gktables.extract_text(two)
    coercion = ["t2.coercion.prev_items", "t2.coercion.change", "t2.coercion.decisions"]
    assert [report.cells[k] for k in coercion] == [0, 66, 15]  # as printed, in the converter's order
    assert set(coercion) <= report.flagged_keys()
    assert any(w.code == "association_outside_table" for w in report.warnings)
    assert report.cells["t2.penalty.decisions"] == 9750 and "t2.penalty.decisions" not in report.flagged_keys()
    one_line = gktables.extract_text(two.replace("行政强制 \n\n0 \n\n66 \n\n15 \n\n", "行政强制 15 0 66\n\n"))
    assert [one_line.cells[k] for k in coercion] == [15, 0, 66]
    assert not any(w.code == "association_outside_table" for w in one_line.warnings)


def test_a_total_column_blank_in_every_row_while_totals_fail_is_flagged_whole():
    """A print clipped at 总计: every row's total blank. Rows with values fail their totals; a row of
    zeros adds up with its blank total, and would stand unflagged: the whole column is flagged. A
    column other than 总计 blank throughout is a column printed blank, whatever fails beside it."""
    cells = {"t3.new.natural": 5, "t3.new.total": None, "t3.result.publication.natural": 0,
             "t3.result.publication.total": None, "t3.new.research": None, "t3.result.publication.research": None}
    failing = [CheckResult("t3.row_total.new", False, ["t3.new.natural", "t3.new.research", "t3.new.total"], 5, 0)]
    [warning] = blank_total_warnings(failing, cells)
    assert warning.code == "column_total_blank"
    assert warning.keys == ["t3.new.total", "t3.result.publication.total"]
    assert blank_total_warnings([], cells) == []  # nothing fails: a column printed blank
    printed = {**cells, "t3.new.total": 5}
    assert blank_total_warnings(failing, printed) == []  # 总计 printed somewhere: not cut off


COLS = ["natural", "commercial", "research", "nonprofit", "legal_service", "other", "total"]


def _balance(rows: dict[str, list[int | None]]) -> tuple[list[CheckSpec], list[CheckResult], dict[str, Value]]:
    """三's balance rows as read (一 + 二 = 三(七) + 四 down each column), each row's total: their checks,
    results and cells."""
    cells = {f"t3.{r}.{c}": v for r, values in rows.items() for c, v in zip(COLS, values)}
    checks = [CheckSpec(f"t3.balance.{c}", (f"t3.new.{c}", f"t3.carried_over.{c}"),
                        (f"t3.result.total.{c}", f"t3.carried_forward.{c}"), "") for c in COLS]
    checks += [CheckSpec(f"t3.row_total.{r}", (f"t3.{r}.total",), tuple(f"t3.{r}.{c}" for c in COLS[:-1]), "")
               for r in rows]
    return checks, [evaluate(c, cells) for c in checks], cells


def test_a_row_whose_values_fit_the_column_checks_better_in_another_order_is_flagged_whole():
    """pdftotext's default order (a real page printed by Chromium) printed 结转下年度's values apart
    from its label: read 6 0 2 25 3 783 for 783 6 0 2 25 3, the row adds up in any order, and
    商业企业's balance passed by chance through 上年结转's own misreading (its 6 read blank), leaving
    结转下年度's 0 (printed 6) unflagged. The row's values dealt in another order meet more of the
    column checks through it: every cell of the row is flagged."""
    read = {"new": [13612, 252, 0, 45, 128, 32, 14069], "carried_over": [535, None, 6, 0, 1, 18, 0],
            "result.total": [13364, 252, 0, 44, 121, 29, 13810], "carried_forward": [6, 0, 2, 25, 3, 783, 819]}
    [warning] = row_columns_warnings(*_balance(read))
    assert warning.code == "row_columns_doubt"
    assert "t3.carried_forward.commercial" in warning.keys and len(warning.keys) == 7
    # a misprinted cell (上年结转's 6 for 5) fails its column's check, and no other order of its row's
    # values meets more of them: its failing checks flag it, the rows' other cells stand
    right = {**read, "carried_over": [535, 6, 0, 1, 18, 0, 560], "carried_forward": [783, 6, 0, 2, 25, 3, 819]}
    assert row_columns_warnings(*_balance(right)) == []
    misprinted = {**right, "carried_over": [535, 5, 0, 1, 18, 0, 559]}
    assert row_columns_warnings(*_balance(misprinted)) == []


def test_a_row_most_of_whose_column_checks_fail_is_flagged_whole():
    """The same page read worse (一's 32 14069 run together as 3214069, 二 misread too): no order of
    结转下年度's values meets more column checks as read, but six of its seven column checks fail; the
    seventh (商业企业: 252 + 0 = 252 + 0, printed 252 + 6 = 252 + 6) holds by chance. Every cell of such
    a row is flagged; a row with one or two failing column checks (a misprint) is not."""
    read = {"new": [13612, 252, 0, 45, 128, 3214069, 535], "carried_over": [6, None, None, 0, 1, 1, 8],
            "result.total": [13364, 252, 0, 44, 121, 29, 13810], "carried_forward": [6, 0, 2, 25, 783, 3, 819]}
    checks, results, _ = _balance(read)
    warnings = failing_columns_warnings(checks, results)
    assert {w.code for w in warnings} == {"row_columns_failing"}
    assert [w.keys[0] for w in warnings] == [f"t3.{r}.total" for r in read]  # every row: 6 of 7 fail
    assert "t3.carried_forward.commercial" in warnings[-1].keys and len(warnings[-1].keys) == 7
    right = {**read, "new": [13612, 252, 0, 45, 128, 32, 14069], "carried_over": [535, 6, 0, 1, 18, 0, 560],
             "carried_forward": [783, 6, 0, 2, 25, 3, 819]}
    assert failing_columns_warnings(*_balance(right)[:2]) == []
    misprinted = {**right, "carried_over": [535, 5, 0, 1, 18, 0, 559]}  # 商业企业 and 总计 fail
    assert failing_columns_warnings(*_balance(misprinted)[:2]) == []


S77_032_ROWS = [[4773, 1334, 0, 217, 518, 272, 7114], [0] * 7, [83, 16, 0, 4, 5, 3, 111],
                [881, 245, 0, 39, 106, 46, 1317], [15, 4, 0, 1, 1, 0, 21], [42, 10, 0, 2, 7, 1, 62],
                [33, 5, 0, 1, 0, 1, 40], [183, 61, 0, 5, 20, 9, 278], [102, 23, 0, 5, 23, 6, 159],
                [32, 17, 0, 0, 6, 1, 56], [99, 35, 0, 7, 21, 10, 172], [208, 56, 0, 12, 15, 20, 311],
                [2007, 559, 0, 87, 189, 107, 2949], [0] * 7, [193, 63, 0, 11, 20, 14, 301],
                [305, 84, 0, 16, 36, 21, 462], [316, 73, 0, 12, 35, 16, 452], [51, 22, 0, 5, 7, 6, 91],
                [0] * 7, [21, 7, 0, 1, 4, 0, 33], [16, 9, 0, 1, 2, 2, 30],
                [4587, 1289, 0, 209, 497, 263, 6845], [186, 45, 0, 8, 21, 9, 269]]


def test_rows_run_together_into_long_digit_strings_are_cut_where_their_totals_hold():
    """PyPDF2 runs each row of 三 into one digit string (generated s77_032, its numbers): a 22-digit
    row takes ~28,000 steps of the cut search (about 0.02 s), past the old bound of 10,000 that left
    三 unread. Every row is cut where its total holds, the column sums confirming."""
    text = T3_HEADER + "".join(f"{label} {''.join(map(str, row))}\n" for label, row in zip(T3_LABELS, S77_032_ROWS))
    assert "4773133402175182727114" in text
    report = gktables.extract_text(text)
    assert [report.cells[f"t3.new.{c}"] for c in COLS] == S77_032_ROWS[0]
    assert [report.cells[f"t3.result.total.{c}"] for c in COLS] == S77_032_ROWS[-2]
    assert [report.cells[f"t3.result.unavailable.not_held.{c}"] for c in COLS] == S77_032_ROWS[12]


def test_a_minus_glued_to_the_value_before_it_is_a_blank_cell_in_a_row_of_counts():
    """PyPDF2 runs a row's cells together with '-' printed for an empty one: '2013337-43-242417' is
    2013 337 - 43 - 24 2417 (generated s1_089's 本年新收). Read as signs, -43 and -242417 left the row
    failing; in a row of counts a minus glued to the value before it is a blank cell where that makes
    the row add up. (二's 本年增/减 keeps its signs: '62-11494' stays 62, −11, 494.)"""
    rows = [[2013, 337, None, 43, None, 24, 2417], [0] * 7, [445, 70, None, 7, None, 5, 527]]
    rows += [[1, 1, 0, 0, 0, 0, 2]] * 18 + [[2459, 408, None, 50, None, 29, 2946], [0] * 7]
    rows[-2] = [sum(r[c] or 0 for r in rows[2:21]) or (None if c in (2, 4) else 0) for c in range(7)]
    text = T3_HEADER + "".join(f"{label} {''.join('-' if v is None else str(v) for v in row)}\n"
                               for label, row in zip(T3_LABELS, rows))
    assert "2013337-43-242417" in text
    report = gktables.extract_text(text)
    assert [report.cells[f"t3.new.{c}"] for c in COLS] == rows[0]
    assert [report.cells[f"t3.result.granted.{c}"] for c in COLS] == rows[2]


def test_rows_adding_up_through_cut_digits_in_a_table_whose_rows_mostly_do_not_are_flagged():
    """PyPDF2 (a real page printed by Chromium) shifted most of 三's rows: a wrapped 41 cut into 4 and 1,
    总计 pushed out. 行政查询事项's '147 0 0 0 12' cut 147 into 1, 4, 7 beside 12 and added up by chance
    (its columns' checks passing through the same shift): in a table most of whose rows do not add up,
    a row adding up through digits cut apart is flagged whole. A row read from whole printed values
    stands (a report whose rows fail as printed errs itself), and so do all when few rows fail."""
    read = {"result.granted": [5345, 129, 0, 4, 1, 19, 14], "result.partial": [212, 0, 39, 0, 1, 6, 2],
            "result.denied.enforcement_file": [2, 82, 4, 0, 0, 0, 0],
            "result.unavailable.need_creation": [1, 77, 3, 0, 0, 0, 0],
            "result.denied.admin_query": [1, 4, 7, 0, 0, 0, 12], "result.denied.state_secret": [13, 0, 0, 0, 0, 0, 13]}
    spans = {"natural": (798, 801), "commercial": (798, 801), "research": (798, 801), "nonprofit": (802, 803),
             "legal_service": (804, 805), "other": (806, 807), "total": (808, 810)}
    provenance = {f"t3.result.denied.admin_query.{c}": Provenance("text", "", 1.0, span=span)
                  for c, span in spans.items()}
    provenance |= {f"t3.result.denied.state_secret.{c}": Provenance("text", "", 1.0, span=(900 + 3 * k, 902 + 3 * k))
                   for k, c in enumerate(COLS)}
    _, results, _ = _balance(read)
    [warning] = failing_rows_warnings(results, provenance)
    assert warning.code == "rows_mostly_failing" and "4 of 三's 6 rows" in warning.message
    assert sorted(warning.keys) == sorted(f"t3.result.denied.admin_query.{c}" for c in COLS)
    # three rows failing (fewer than MIN_FAILING), or four of ten (fewer than half): the report's errors
    three = {k: v for k, v in read.items() if k != "result.partial"}
    assert failing_rows_warnings(_balance(three)[1], provenance) == []
    ten = {**read, **{f"result.denied.{name}": [1, 1, 0, 0, 0, 0, 2] for name in
                      ("law_prohibited", "safety_stability", "third_party", "internal_affairs")}}
    assert failing_rows_warnings(_balance(ten)[1], provenance) == []


def test_a_no_break_space_alone_on_a_line_between_values_is_a_cell_printed_blank():
    """A web page fills an empty cell with '&nbsp;'; printed to PDF, PyMuPDF (plain or its blocks) keeps
    it on a line of its own among the row's values: a cell printed blank, as in a '|' field.
    Read as nothing, the row was a value short and a blank cell of 其他 read 0 at full
    confidence (s7_034, browser print, PyMuPDF blocks: silent)."""
    items = text_to_items("2.重复申请\n0\n0\n0\n0\n0\n\u00a0 \n0\n3.要求提供公开出版物")
    assert [(it.kind, it.blank) for it in items if it.kind == "value"] == [("value", False)] * 5 + [
        ("value", True), ("value", False)]
    # not between values: a paragraph's spacing, nothing
    assert [it.kind for it in text_to_items("规章\n\u00a0\n5")] == ["label", "value"]
    assert [it.kind for it in text_to_items("5\n\u00a0\n规章")] == ["value", "label"]
