"""core/empty_cells: a row printing fewer values than cells (zeros printed empty), placed by its checks."""

from __future__ import annotations

import random

import gktables
from gktables.core.align import Alignment, RowPlan, RowResult, groups_of_five_total
from gktables.core.candidates import Column
from gktables.core.empty_cells import place_missing_row, row_to_placements, zeros_printed_empty
from gktables.core.priors import placement_cost
from gktables.core.items import Item, text_to_items
from gktables.report import Provenance, Value
from tools.synth.plan import PlanItem, make_spec
from tools.synth.text_render import render_text

T4_KEYS = tuple(f"t4.{g}.{c}" for g in ("review", "lawsuit_direct", "lawsuit_after_review")
                for c in ("upheld", "corrected", "other", "pending", "total"))
T3_KEYS = tuple(f"t3.new.{c}" for c in ("natural", "commercial", "research", "nonprofit", "legal_service", "other",
                                        "total"))


def _tokens(*texts: str) -> list[Item]:
    return [Item("value", t, "text", 0, pos=i) for i, t in enumerate(texts)]


def _t4_alignment(values: list[Item]) -> Alignment:
    plan = RowPlan("四、行政复议、行政诉讼", T4_KEYS, tuple(Column("count") for _ in T4_KEYS), groups_of_five_total,
                   None, (5, 5, 5))
    return Alignment([RowResult(plan, [], [], missing=True)], skipped=list(values))


def _place(*texts: str) -> tuple[list, dict[str, Value], dict[str, Provenance], Alignment]:
    tokens = _tokens(*texts)
    alignment = _t4_alignment(tokens)
    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    warnings = place_missing_row(alignment, tokens, cells, provenance)
    return warnings, cells, provenance, alignment


def test_every_value_printed_is_one_placement():
    values = [1, 1, 1, 1, 4, 2, 2, 2, 2, 8, 3, 3, 3, 3, 12]
    found = row_to_placements(values, 15, (5, 5, 5))
    assert found.complete and found.placements == [tuple(values)]


def test_placements_keep_order_and_the_row_total():
    found = row_to_placements([2, 3, 5], 7, (7,))
    assert len(found.placements) == 15  # 2 and 3 in any two of the six members, in order; 5 the total
    assert all(p[6] == 5 and [v for v in p if v is not None] == [2, 3, 5] for p in found.placements)


def test_no_placement_when_the_printed_values_cannot_add_up():
    assert row_to_placements([3, 5], 15, (5, 5, 5)).placements == []


def test_tied_placements_ranked_by_where_real_reports_print_values():
    found = row_to_placements([5, 5], 7, (7,), T3_KEYS)
    assert len(found.placements) == 6
    assert found.placements[0] == (5, None, None, None, None, None, 5)  # 自然人 first
    assert placement_cost(T3_KEYS, found.placements[0]) < placement_cost(T3_KEYS, found.placements[-1])


def test_zeros_printed_empty_only_without_any_printed_zero():
    assert zeros_printed_empty(_tokens("3", "5"))
    assert not zeros_printed_empty(_tokens("3", "0", "3"))
    assert not zeros_printed_empty([])


def test_uniquely_placeable_row_read_and_flagged_as_placed_by_checks():
    texts = ["1", "1", "1", "1", "4", "2", "2", "2", "2", "8", "3", "3", "3", "3", "12"]
    warnings, cells, provenance, alignment = _place(*texts)
    assert [cells[k] for k in T4_KEYS] == [int(t) for t in texts]
    assert [w.code for w in warnings] == ["cells_placed_by_checks"]
    assert set(warnings[0].keys) == set(T4_KEYS)
    assert all(provenance[k].decided_by == "check" and provenance[k].confidence < 0.9 for k in T4_KEYS)
    assert not alignment.rows[0].missing and alignment.skipped == []


def test_ambiguous_row_flagged_with_candidates():
    warnings, cells, provenance, _ = _place("1", "1")
    assert [w.code for w in warnings] == ["ambiguous_value"]
    assert set(warnings[0].keys) == set(T4_KEYS)
    assert "12 placements" in warnings[0].message
    # shown: 行政复议 / 维持 (the likeliest); every cell the placements disagree on lists its candidates
    assert cells["t4.review.upheld"] == 1 and cells["t4.review.total"] == 1
    assert provenance["t4.review.upheld"].candidates == [1, None]
    assert provenance["t4.lawsuit_after_review.total"].candidates == [1, None]
    assert all(provenance[k].confidence <= 0.5 for k in T4_KEYS)


def test_row_that_cannot_add_up_is_left_missing():
    warnings, cells, _, alignment = _place("3", "5")
    assert warnings == [] and cells == {} and alignment.rows[0].missing


def test_a_printed_zero_means_empty_cells_are_not_zeros():
    warnings, cells, _, _ = _place("1", "0", "1")
    assert warnings == [] and cells == {}


def _zeros_printed_empty(seed: int, fmt: str) -> tuple[str, dict]:
    """A generated report, one cell per line, with every zero of 三 and 四 printed empty: the empty
    cells leave no line, so rows print fewer values than cells and rows of zeros print only labels."""
    spec = make_spec(PlanItem(1, "text", "cell_per_line", fmt), seed)
    text = render_text(spec, random.Random(f"{seed}:1:render"))
    head, tail = text.split("三、收到和处理", 1)
    text = head + "三、收到和处理" + "\n".join(line for line in tail.split("\n") if line.strip() != "0")
    cells = {k: None if k.startswith(("t3.", "t4.")) and v == 0 else v for k, v in spec.expected()["cells"].items()}
    return text, cells


def test_values_after_a_row_printed_empty_stay_with_the_label_printed_before_them():
    # rows of zeros print their label and nothing: the next row's values must not slide up to them
    text, expected = _zeros_printed_empty(20, "2019")
    report = gktables.extract_text(text)
    wrong = {k: (v, report.cells.get(k)) for k, v in expected.items()
             if k.startswith(("t3.", "t4.")) and report.cells.get(k) != v}
    assert wrong == {}


def test_a_page_number_drawn_into_a_markdown_row_is_not_a_value():
    assert [it for it in text_to_items("|     |     |     | - 3 | -   |") if it.kind == "value"] == []
    assert [it.text for it in text_to_items("| 行政许可 | - | 3 | - |") if it.kind == "value" and not it.blank] == ["3"]


def test_a_missing_table_names_the_cells_of_either_format_of_its_rows():
    report = gktables.extract_text("二、主动公开政府信息情况\n规章 1 0 5\n")
    keys = {k for w in report.warnings if w.code == "table_missing" for k in w.keys}
    assert {"t3.result.other.total", "t3.result.other_misc.total"} <= keys
