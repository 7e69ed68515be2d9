"""Targeted cases of broken-text recovery, on generated reports edited the way real extractions
break, and on the digit cutter the scraped family depends on."""

import json
import random

import pytest

import gktables
from benchmarks.scoring import score_report
from gktables.core.cut_search import sum_splits
from gktables.core.items import text_to_items
from tools.synth.plan import PlanItem, make_spec
from tools.synth.text_render import render_text

from .conftest import ROOT, report_cached


def generated(family: str, fmt: str, seed: int, index: int = 1) -> tuple[str, dict]:
    spec = make_spec(PlanItem(index, "text", family, fmt), seed)
    text = render_text(spec, random.Random(f"{seed}:{index}:render"))
    return text, spec.expected()


def test_sum_splits_cuts_one_string_by_the_row_total():
    cuts = [tuple(raw for _, raw in c) for c in sum_splits(["713000074"], (7,))]
    assert ("71", "3", "0", "0", "0", "0", "74") in cuts
    assert all(int(c[-1]) == sum(int(x) for x in c[:-1]) for c in cuts)


def test_sum_splits_never_joins_two_strings_and_counts_blanks_as_zero():
    cuts = [tuple(raw for _, raw in c) for c in sum_splits(["7130", None, "0074"], (7,))]
    assert cuts == [("71", "3", "0", None, "0", "0", "74")]


def test_sum_splits_places_missing_cells_only_where_the_total_allows():
    cuts = list(sum_splits(["53", "8"], (4,), nulls=1))
    assert [(None, None), (0, "5"), (0, "3"), (1, "8")] in [list(c) for c in cuts]
    assert all(c[-1] != (None, None) for c in cuts)  # a total of 8 cannot be the missing cell


def test_sum_splits_may_leave_the_last_cells_missing_when_their_group_adds_to_zero():
    """'0 0 0 0 0 0' for seven cells: the blank may be the total (0 = 0), the last cell of all."""
    cuts = [tuple(raw for _, raw in c) for c in sum_splits(["0"] * 6, (7,), nulls=1)]
    assert ("0", "0", "0", "0", "0", "0", None) in cuts and len(cuts) == 7
    cuts = [tuple(raw for _, raw in c) for c in sum_splits(["1", "1", "2"], (3, 3), nulls=3)]
    assert ("1", "1", "2", None, None, None) in cuts  # a whole last group unprinted
    assert (None, None, None, "1", "1", "2") in cuts and len(cuts) == 2


def _blank_t4_values(text: str, family: str) -> str:
    start = text.index("四、政府信息公开行政复议")
    lines = text[start:].split("\n")
    for i, line in enumerate(lines):
        fields = [f.strip() for f in (line.strip().strip("|").split("|") if family == "pipe" else line.split("\t"))]
        numbers_only = all(f.lstrip("-").isdigit() or f in ("", "/", "—", "无") for f in fields)
        if len(fields) >= 15 and any(fields) and numbers_only:
            lines[i] = "|" + "|".join(["  "] * len(fields)) + "|" if family == "pipe" else "\t".join([""] * len(fields))
            return text[:start] + "\n".join(lines)
    raise AssertionError("no value row in 四")


@pytest.mark.parametrize("family", ["tsv", "pipe"])
def test_a_table_printed_all_empty_is_read_as_blank_cells(family):
    text, _ = generated(family, "2021", 77)
    report = gktables.extract_text(_blank_t4_values(text, family))
    t4 = {k: v for k, v in report.cells.items() if k.startswith("t4.")}
    assert len(t4) == 15 and set(t4.values()) == {None}
    assert not [w for w in report.warnings if w.code == "row_missing"]


def test_wu_before_a_space_is_a_blank_cell_unless_a_label_goes_on_past_it():
    """PyPDF2 spaces a label's words: '1.申请人无 正当理由…' is one label, not a label and a blank
    cell (which broke 三's rows); 无 standing between cells or labels stays a blank cell."""
    def kinds(text: str) -> list[tuple[str, str]]:
        return [(it.kind, it.text) for it in text_to_items(text)]
    label = "（六）其他处理1.申请人无 正当理由逾期不 补正、"
    assert kinds(label) == [("label", label)]
    assert kinds("（四）无 法提供") == [("label", "（四）无 法提供")]
    assert kinds("行政许可无 行政处罚 3") == [("label", "行政许可"), ("value", "无"), ("label", "行政处罚"),
                                         ("value", "3")]
    assert kinds("12 无 5") == [("value", "12"), ("value", "无"), ("value", "5")]


def test_hyphens_run_together_with_cells_are_blank_cells():
    """PyPDF2 runs a row's cells together, '-' printed for empty ones: '1595508--247852435' is 1595 508
    - - 247 85 2435, the second hyphen no minus of 247… (a minus never follows another); each reads as
    a glued em dash would, and so does a run standing apart on a row's line ('-------', seven blanks)."""
    def values(text: str) -> list[str]:
        return [it.text for it in text_to_items(text) if it.kind == "value"]
    assert values("1.本机关不掌握相关政府信息 1595508--247852435") == ["1595508", "—", "—", "247852435"]
    assert values("39 18--8 - 65") == ["39", "18", "—", "—", "8", "-", "65"]
    assert values("一、本年新收政府信息公开申请数量 1-----1") == ["1"] + ["—"] * 5 + ["1"]
    assert values("行政许可 12 -1 11") == ["12", "-1", "11"]
    # one hyphen glued before digits starting with 0: no sign (3320-0035 is 33 2 0 - 0 0 35); before
    # other digits it may be one (二's 本年增/减: 62-11494 is 62, -11, 494), read as printed
    assert values("1.属于国家秘密3320-0035") == ["3320", "—", "0035"]
    assert values("其他对外管理服务事项62-11494") == ["62", "-11494"]
    # a row of blank cells alone is its cells too ('--' one, as '——'); a line of hyphens is a rule
    assert values("二、上年结转政府信息公开申请数量 -------") == ["—"] * 7
    assert values("二、上年结转政府信息公开申请数量 --") == ["——"]
    assert values("| -- | 5 |") == ["——", "5"]
    assert values("-----------") == []


def test_kangxi_radicals_read_as_the_ideographs_they_stand_for():
    """A browser's print maps 无 and 一 to Kangxi radicals (U+2F46 '⽆', U+2F00 '⼀'), which pdfplumber,
    pypdf, markitdown and PyPDF2 keep: '582⽆⽆⽆⽆ 60' is 582, four blank cells and 60; labels read as
    printed; offsets stay those of the text."""
    line = "⼀、本年新收 582⽆⽆⽆⽆ 60"
    found = text_to_items(line)
    cells = [("value", "582")] + [("value", "无")] * 4 + [("value", "60")]
    assert [(it.kind, it.text) for it in found] == [("label", "一、本年新收"), *cells]
    assert [line[a:b] for a, b in (it.span for it in found if it.span)][-2:] == ["⽆", "60"]


def test_a_cut_no_check_confirms_is_flagged():
    # 行政许可 prints '390无' glued to the next label: 39, 0, 无 (the prose confirms 39 and 0).
    # 二 has no totals, so a cut that neither a check nor the prose confirms must be flagged.
    text, expected = generated("scraped", "2019", 9027, 27)
    assert "行政许可390无其他" in text
    report = gktables.extract_text(text).to_dict()
    assert score_report(report, expected).silent_keys == []
    licensing = [report["cells"][f"t2.licensing.{c}"] for c in ("prev_items", "change", "decisions")]
    assert licensing == [39, 0, None]
    flagged = {k for w in report["warnings"] if w["code"] == "split_unverified" for k in w["keys"]}
    assert {"t2.fees.prev_items", "t2.fees.change"} <= flagged  # '02' cut as 0, 2 by cost alone


@pytest.mark.xdist_group("synthetic:text:pdfminer")  # the golden test's extraction of s1_026, shared
def test_pdfminer_order_reads_column_by_column_and_flags_the_rest():
    # 三 printed column by column is read from that order (every check of 三 confirms it); 二's
    # blocks whose signed 本年增/减 values pin the column-by-column order are read so; the rest of 二,
    # whose order nothing confirms, stays flagged
    path = ROOT / "golden" / "synthetic" / "s1_026_text_pdfminer_2019.txt"
    report = report_cached(path)
    expected = json.loads(path.with_name(path.name.replace(".txt", ".expected.json")).read_text("utf-8"))["cells"]
    order = [w for w in report.warnings if w.code == "reading_order_uncertain"]
    # (三's labels now fall in 三's zone, so the count of labels followed by their values says it)
    assert order and "lists labels and values apart" in order[0].message
    pinned = {k for k in report.cells if k.split(".")[1] in ("licensing", "other_services", "penalty", "coercion")}
    assert sum(w.code == "order_by_sign" for w in report.warnings) == 2
    assert {k: report.cells[k] for k in pinned} == {k: expected[k] for k in pinned}
    assert not pinned & set(order[0].keys)
    assert {k for k in report.cells if k.startswith("t2.")} - pinned <= set(order[0].keys)
    assert any(w.code == "column_order_read" for w in report.warnings)
    t3 = {k: v for k, v in report.cells.items() if k.startswith("t3.")}
    assert t3 == {k: v for k, v in expected.items() if k.startswith("t3.")}
    assert not set(t3) & set(order[0].keys)


def test_space_aligned_text_places_an_empty_cell_by_position():
    # pdftotext -layout prints an empty cell as spaces: the values' positions on the line, matched
    # against the lines that print every column, say which cell is empty.
    path = ROOT / "golden" / "synthetic" / "s1_025_text_pdftotext_layout_2021.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines) if "2. 重复申请" in line)
    assert lines[row].split()[-7:] == ["17", "0", "0", "0", "0", "1", "18"]
    at = lines[row].rindex(" 0    1    18") + 1
    lines[row] = lines[row][:at] + " " + lines[row][at + 1:]  # the legal-service cell printed empty
    report = gktables.extract_text("\n".join(lines))
    cells = {k.rsplit(".", 1)[1]: v for k, v in report.cells.items() if k.startswith("t3.result.not_processed.repeat.")}
    assert cells == {"natural": 17, "commercial": 0, "research": 0, "nonprofit": 0, "legal_service": None,
                     "other": 1, "total": 18}
    assert report.provenance["t3.result.not_processed.repeat.other"].decided_by == "printed"
