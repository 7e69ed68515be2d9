"""Targeted cases of broken-text recovery, on generated reports edited the way real extractions
break, and on the digit cutter the scraped family depends on."""

import json
import random

import pytest

import gktables
from benchmarks.scoring import score_report
from gktables.core.candidates import sum_splits
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
