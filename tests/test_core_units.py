"""The core on small hand-built inputs: the aligner (`align_rows`, `lock_line_bound_rows`), the
table-wide resolution (`resolve_rows`) and the pipeline's post-passes (through `extract_text` on
tiny texts). Rows here are three cells (a, b, total) with the row-total check of 三 unless a test
says otherwise; every value asserted is what the text prints or what a check forces."""

from __future__ import annotations

import dataclasses

import pytest

import gktables
from gktables.core.align import (Alignment, RowPlan, align_rows, hint_columns_by_position, lock_line_bound_rows,
                                 total_is_sum)
from gktables.core.field_padding import drop_padding_column, drop_spacers_past_reach
from gktables.core.candidates import Column
from gktables.core.header_columns import centres_missing_one, centres_missing_several, group_columns, table_header
from gktables.core.hints import DROP_NUMBER_COST, STRAY_DROP_CAP, stream_hints
from gktables.core.items import Item, printed_field_from_right, text_to_items
from gktables.core.plans import CROWDED_LINE_FLOOR, drop_crowded_lines
from gktables.core.resolve import resolve_rows
from gktables.schema import CheckSpec, load_schema

COUNT = Column("count")
RUN_TOGETHER = 0.3  # the pipeline's split cost when a text runs its cells together
SEPARATED = 2.5  # … and when its values are separated
LIMIT = 100


def plan(label: str, anchor: int | None, with_total: bool = True) -> RowPlan:
    keys = tuple(f"{label}.{col}" for col in ("a", "b", "total"))
    return RowPlan(label, keys, (COUNT,) * 3, total_is_sum if with_total else None, anchor,
                   (3,) if with_total else None)


def stream(text: str, labels: list[str], with_total: bool = True) -> tuple[list[Item], list[RowPlan]]:
    """The items of ``text`` and one plan per row label, anchored where the label is printed."""
    items = text_to_items(text)
    at = {it.text: it.pos for it in items if it.kind == "label"}
    return items, [plan(label, at.get(label), with_total) for label in labels]


def align(text: str, labels: list[str], split_cost: float = SEPARATED, with_total: bool = True) -> Alignment:
    items, plans = stream(text, labels, with_total)
    return align_rows(values(items), plans, split_cost, LIMIT, hints=stream_hints(items))


def values(items: list[Item]) -> list[Item]:
    return [it for it in items if it.kind == "value"]


def readings(alignment: Alignment) -> dict[str, list[tuple]]:
    return {r.plan.label: [rd.values for rd in r.readings] for r in alignment.rows}


def column_check(column: str, total_row: str, rows: tuple[str, ...]) -> CheckSpec:
    return CheckSpec(f"col.{column}", (f"{total_row}.{column}",), tuple(f"{r}.{column}" for r in rows),
                     f"{total_row} = sum of rows")


# --- align ------------------------------------------------------------------------------------

def test_row_is_read_from_its_own_line_whatever_the_order_of_the_rows():
    """A converter printed 乙 before 甲: each label shares its line with exactly three values, so
    each row is read from its line, and nothing is left to the alignment."""
    items, plans = stream("乙 4 5 9\n甲 1 2 3\n", ["甲", "乙"])
    tokens = [it for it in items if it.kind == "value"]
    locked, plans_left, tokens_left = lock_line_bound_rows(plans, [p.anchor for p in plans], items, tokens,
                                                           SEPARATED, LIMIT)
    assert {r.plan.label: r.best.values for r in locked if r.best} == {"甲": (1, 2, 3), "乙": (4, 5, 9)}
    assert {r.plan.label: [t.text for t in r.tokens] for r in locked} == {"甲": ["1", "2", "3"], "乙": ["4", "5", "9"]}
    assert plans_left == [] and tokens_left == []


def test_a_line_with_fewer_values_than_cells_is_left_to_the_alignment():
    items, plans = stream("甲 1 2 3\n乙 4 4\n", ["甲", "乙"])
    tokens = [it for it in items if it.kind == "value"]
    locked, plans_left, tokens_left = lock_line_bound_rows(plans, [p.anchor for p in plans], items, tokens,
                                                           SEPARATED, LIMIT)
    assert [r.plan.label for r in locked] == ["甲"]
    assert [p.label for p in plans_left] == ["乙"] and [t.text for t in tokens_left] == ["4", "4"]


def test_separated_values_are_read_as_printed():
    alignment = align("甲 5 6 11\n乙 4 5 9\n", ["甲", "乙"])
    assert readings(alignment) == {"甲": [(5, 6, 11)], "乙": [(4, 5, 9)]}
    assert alignment.cost == 0.0 and alignment.skipped == [] and alignment.ties == []


def test_run_together_digits_are_cut_where_the_row_total_holds():
    """'2810' cut into three cells: 2|8|10, 2|81|0 and 28|1|0 cost the same; only 2 + 8 = 10 adds up."""
    alignment = align("甲 2810\n", ["甲"], RUN_TOGETHER)
    assert readings(alignment) == {"甲": [(2, 8, 10)]}
    [row] = alignment.rows
    assert [(p.raw, p.split) for p in row.readings[0].pieces] == [("2", True), ("8", True), ("10", True)]
    # Without a row total nothing prefers one cut: all three are kept, tied.
    assert sorted(readings(align("甲 2810\n", ["甲"], RUN_TOGETHER, with_total=False))["甲"]) == \
        [(2, 8, 10), (2, 81, 0), (28, 1, 0)]


def test_two_cuts_that_both_add_up_are_both_kept():
    alignment = align("甲 11011\n", ["甲"], RUN_TOGETHER)
    assert sorted(readings(alignment)["甲"]) == [(1, 10, 11), (11, 0, 11)]


def test_a_stray_number_between_rows_is_skipped():
    alignment = align("甲 1 2 3\n7\n乙 4 5 9\n", ["甲", "乙"])
    assert readings(alignment) == {"甲": [(1, 2, 3)], "乙": [(4, 5, 9)]}
    assert [t.text for t in alignment.skipped] == ["7"]


def test_a_cell_the_row_does_not_print_is_placed_where_the_total_holds():
    """'4 4' for three cells: the blank is a or b (0 + 4 = 4), never the total (4 + 4 ≠ 0)."""
    alignment = align("乙 4 4\n", ["乙"])
    assert sorted(readings(alignment)["乙"], key=str) == [(4, None, 4), (None, 4, 4)]
    assert all(p.inferred == (p.value is None) for rd in alignment.rows[0].readings for p in rd.pieces)


def test_a_number_wrapped_in_a_narrow_cell_is_joined_where_the_row_adds_up():
    """'142 2' is 1422 wrapped: four strings for three cells, and only the joined reading adds up."""
    alignment = align("甲 142 2 1 1423\n", ["甲"])
    assert readings(alignment) == {"甲": [(1422, 1, 1423)]}
    [piece, *_] = alignment.rows[0].readings[0].pieces
    assert piece.item is not None and [p.text for p in piece.item.parts] == ["142", "2"]


def test_three_numbers_wrapped_in_one_row_are_joined_where_the_row_adds_up():
    """A narrow-column PDF's text (PyMuPDF, pdftotext -raw): 125, 144 and 269 each wrapped over two
    lines, six strings for three cells; only joining the three pairs makes three cells."""
    alignment = align("甲\n12\n5\n14\n4\n26\n9\n", ["甲"])
    assert readings(alignment) == {"甲": [(125, 144, 269)]}


def test_rows_sharing_too_few_tokens_are_both_left_open():
    """Five zeros for two rows of three cells: either row may be the one missing a cell (another
    sharing costs as much), so every cell that might be the missing one lists both values."""
    alignment = align("甲 乙 0 0 0 0 0\n", ["甲", "乙"])
    assert alignment.ties
    decisions = {d.row.plan.label: d for d in resolve_rows(alignment.rows, [], {}, alignment.ties)}
    for label in ("甲", "乙"):
        assert [(c.decided_by, c.candidates) for c in decisions[label].cells] == \
            [("inferred", [0, None])] * 3  # the total of zeros too: 0 = 0 with it blank


# --- the aligner's working values (core/hints.py) -----------------------------------------------

def test_items_are_not_changed_by_reading_them():
    items, plans = stream("| 甲 | 1 | 2 | 3 | |\n| 乙 | 4 | 5 | 9 | |\n", ["甲", "乙"])
    before = [dataclasses.astuple(it) for it in items]
    tokens, hints = drop_padding_column(values(items), 3, stream_hints(items))
    align_rows(tokens, plans, SEPARATED, LIMIT, hints=hints)
    assert [dataclasses.astuple(it) for it in items] == before
    with pytest.raises(dataclasses.FrozenInstanceError):
        items[0].text = "乙"  # type: ignore[misc]


def test_only_a_line_printing_far_more_numbers_than_the_table_has_cells_is_set_aside():
    """Three-cell rows: a line is no row past max(CROWDED_LINE_FLOOR, twice the cells) numbers."""
    items, plans = stream("a 1 2 3\n" + " 1" * CROWDED_LINE_FLOOR + "\n" + " 2" * (CROWDED_LINE_FLOOR + 1)
                          + "\nb 4 5 9", ["a", "b"])
    kept, warned = drop_crowded_lines(values(items), plans, "三")
    assert [t.text for t in kept] == ["1", "2", "3"] + ["1"] * CROWDED_LINE_FLOOR + ["4", "5", "9"]
    assert len(warned) == 1 and warned[0].code == "tokens_ignored" and "line 3 (501 numbers)" in warned[0].message
    assert drop_crowded_lines(values(items)[:10], plans, "三") == (values(items)[:10], [])


def test_a_padding_column_is_taken_out_and_the_fields_counted_again():
    """A converter's empty last '|' field after every full row is padding: the fields from the
    right are counted without it (in the hints; the items keep what was printed)."""
    items, _ = stream("| 甲 | 1 | 2 | 3 | |\n| 乙 | 4 | 5 | 9 | |\n", ["甲", "乙"])
    assert [(t.text, t.field_from_right) for t in values(items)] == \
        [("1", 4), ("2", 3), ("3", 2), ("", 1), ("4", 4), ("5", 3), ("9", 2), ("", 1)]
    tokens, hints = drop_padding_column(values(items), 3, stream_hints(items))
    assert [(t.text, hints.field_from_right(t)) for t in tokens] == \
        [("1", 3), ("2", 2), ("3", 1), ("4", 3), ("5", 2), ("9", 1)]


def test_one_padded_row_alone_is_no_padding_column():
    items, _ = stream("| 甲 | 1 | 2 | 3 | |\n| 乙 | 4 | 5 | 9 |\n", ["甲", "乙"])
    tokens, hints = drop_padding_column(values(items), 3, stream_hints(items))
    assert tokens == values(items) and [hints.field_from_right(t) for t in tokens] == [4, 3, 2, 1, 3, 2, 1]


MERGED = "| 甲 | | 1 2 | 3 |\n| 乙 | | | 0 | 0 |\n"


def test_empty_fields_past_every_printed_value_pad_the_label():
    """markitdown merged a and b into one field ('1 2'): the table is a field narrower than its
    rows have cells. 乙 then prints two zeros for three cells, and its second empty field lies
    further left than any value of the table: it pads the label and is no blank cell a (which
    would read 乙 as (None, 0, 0) with no doubt: the blank may be a or b)."""
    items, plans = stream(MERGED, ["甲", "乙"])
    assert [(t.text, printed_field_from_right(MERGED, t.span)) for t in values(items) if t.span] == \
        [("1", 2), ("2", 2), ("3", 1), ("", 4), ("", 3), ("0", 2), ("0", 1)]
    tokens = drop_spacers_past_reach(values(items), MERGED)
    assert [t.text for t in tokens] == ["1", "2", "3", "0", "0"]
    alignment = align_rows(tokens, plans, SEPARATED, LIMIT, hints=stream_hints(items))
    assert sorted(readings(alignment)["乙"], key=str) == [(0, 0, None), (0, None, 0), (None, 0, 0)]
    # a table whose rows print a value in that field keeps the empty field as a blank cell
    full = "| 甲 | 1 | 2 | 3 |\n| 乙 | | 0 | 0 |\n"
    items, _ = stream(full, ["甲", "乙"])
    assert [t.text for t in drop_spacers_past_reach(values(items), full)] == ["1", "2", "3", "", "0", "0"]


SPACED = "甲    1    2    3\n乙    4    5    9\n丙    1    1    2\n丁    5         5\n"


def test_a_short_space_aligned_line_places_its_values_under_their_columns():
    """pdftotext -layout: 丁 prints two values for three cells; where they sit says the blank is b."""
    items, plans = stream(SPACED, ["甲", "乙", "丙", "丁"])
    hints = hint_columns_by_position(values(items), 3, stream_hints(items))
    assert [(t.text, hints.column_from_right(t)) for t in values(items) if t.line == 3] == [("5", 3), ("5", 1)]
    assert readings(align_rows(values(items), plans, SEPARATED, LIMIT, hints=hints))["丁"] == [(5, None, 5)]
    # Without the positions either cell may be the blank one.
    assert readings(align(SPACED, ["甲", "乙", "丙", "丁"]))["丁"] == [(None, 5, 5), (5, None, 5)]


def test_where_a_value_sits_on_a_single_spaced_line_says_nothing():
    """Plain text puts one space after a label of any length, so where 丁's values sit on their line
    points to no column; only lines padded with runs of spaces (pdftotext -layout) give columns."""
    plain = "甲 1 2 3\n乙 4 5 9\n丙 1 1 2\n丁丁丁丁 5 5\n"
    items, _ = stream(plain, ["甲", "乙", "丙", "丁丁丁丁"])
    assert all(t.column is None for t in values(items))
    assert hint_columns_by_position(values(items), 3, stream_hints(items)).columns == {}
    assert all(t.column is not None for t in values(text_to_items(SPACED)))


def test_numbers_amid_a_header_s_words_are_cheap_to_leave_out():
    """An OCR'd header '4. 1 纠正 5年末': numbers followed by words are strays; a row's values are not."""
    items = text_to_items("4. 1 纠正 5年末\n甲 1 2 3\n")
    hints = stream_hints(items)
    assert [(t.text, hints.drop_cost(t)) for t in values(items)] == \
        [("4", STRAY_DROP_CAP), ("1", STRAY_DROP_CAP), ("1", DROP_NUMBER_COST), ("2", DROP_NUMBER_COST),
         ("3", DROP_NUMBER_COST)]


# --- resolve ----------------------------------------------------------------------------------

TOTAL_TEXT = "甲 1 2 3\n乙 4 4\n丙 1 6 7\n"  # 丙 = 甲 + 乙, column by column


def test_a_column_check_decides_where_the_unprinted_cell_goes():
    alignment = align(TOTAL_TEXT, ["甲", "乙", "丙"])
    checks = [column_check(c, "丙", ("甲", "乙")) for c in ("a", "b", "total")]
    decisions = {d.row.plan.label: d for d in resolve_rows(alignment.rows, checks, {})}
    row = decisions["乙"]
    assert row.reading.values == (None, 4, 4)
    assert [(c.value, c.decided_by, c.candidates) for c in row.cells] == \
        [(None, "check", None), (4, "check", None), (4, "printed", None)]
    assert [(c.value, c.decided_by) for c in decisions["甲"].cells] == [(1, "printed"), (2, "printed"), (3, "printed")]


def test_a_tie_no_check_decides_is_reported_with_its_candidates():
    alignment = align(TOTAL_TEXT, ["甲", "乙", "丙"])
    [row] = [d for d in resolve_rows(alignment.rows, [], {}) if d.row.plan.label == "乙"]
    assert [(c.decided_by, c.candidates) for c in row.cells] == \
        [("inferred", [4, None]), ("inferred", [4, None]), ("printed", None)]


def test_the_prose_breaks_a_tie_the_checks_leave():
    alignment = align("甲 11011\n", ["甲"], RUN_TOGETHER)
    [row] = resolve_rows(alignment.rows, [], {"甲.b": {10}})
    assert row.reading.values == (1, 10, 11)
    assert [(c.value, c.decided_by) for c in row.cells] == [(1, "prose"), (10, "prose"), (11, "printed")]
    [row] = resolve_rows(alignment.rows, [], {})
    assert [(c.decided_by, c.candidates) for c in row.cells] == \
        [("inferred", [1, 11]), ("inferred", [0, 10]), ("printed", None)]


def test_the_prose_s_zero_is_a_blank_cell():
    """'复议0件' where the row prints one value short: the blank cell is the one the prose says is 0."""
    alignment = align("乙 4 4\n", ["乙"])
    [row] = resolve_rows(alignment.rows, [], {"乙.a": {0}})
    assert [(c.value, c.decided_by) for c in row.cells] == [(None, "prose"), (4, "prose"), (4, "printed")]


def test_a_failing_check_changes_no_printed_value():
    """丙.a should be 1 + 4 = 5; it prints 6. The checks choose among readings, they never edit one."""
    alignment = align("甲 1 2 3\n乙 4 4 8\n丙 6 6 12\n", ["甲", "乙", "丙"])
    checks = [column_check(c, "丙", ("甲", "乙")) for c in ("a", "b", "total")]
    decisions = resolve_rows(alignment.rows, checks, {})
    assert [d.reading.values for d in decisions] == [(1, 2, 3), (4, 4, 8), (6, 6, 12)]
    assert {c.decided_by for d in decisions for c in d.cells} == {"printed"}



def test_a_best_reading_found_one_row_at_a_time_decides_no_checked_cell(monkeypatch):
    """丙.total prints 8 (not 7): no reading makes every check hold. Trying every combination,
    the checks that can hold still place 乙's blank; a search that changes one row at a time
    cannot see two rows' errors cancelling in a column sum, so it places it with candidates."""
    import gktables.core.resolve as resolve

    alignment = align("甲 1 2 3\n乙 4 4\n丙 1 6 8\n", ["甲", "乙", "丙"])
    checks = [column_check(c, "丙", ("甲", "乙")) for c in ("a", "b", "total")]
    [row] = [d for d in resolve_rows(alignment.rows, checks, {}) if d.row.plan.label == "乙"]
    assert [c.decided_by for c in row.cells] == ["check", "check", "printed"]
    monkeypatch.setattr(resolve, "BRUTE_FORCE_LIMIT", 1)
    [row] = [d for d in resolve_rows(alignment.rows, checks, {}) if d.row.plan.label == "乙"]
    assert [(c.decided_by, c.candidates) for c in row.cells] == \
        [("inferred", [4, None]), ("inferred", [4, None]), ("printed", None)]

# --- the pipeline's post-passes, on tiny texts -------------------------------------------------

T4_HEAD = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n"
           "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
           "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n")


def t3_text(values: dict[str, str], stray_before: str | None = None, stray: str = "1") -> str:
    """三 (2021 format) with one row per line, zeros unless ``values`` says; ``stray`` printed on a
    line of its own before the row ``stray_before`` (a converter moved it out of reading order)."""
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况 自然人 法人或其他组织 总计",
             "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    for row in load_schema().t3_rows["split"]:
        lines += [part for part in row.path[:-1] if part not in lines]
        if row.key == stray_before:
            lines.append(stray)
        lines.append(f"{row.path[-1]} {values.get(row.key, '0 0 0 0 0 0 0')}")
    return "\n".join(lines) + "\n"


def codes(report: gktables.Report) -> list[str]:
    return [w.code for w in report.warnings if w.code != "table_missing"]


def test_a_number_printed_apart_is_placed_in_the_one_blank_cell_where_its_row_adds_up():
    text = t3_text({"new": "1 0 0 0 0 0 1", "carried_forward": "1 0 0 0 0 0 —"}, stray_before="carried_forward")
    report = gktables.extract_text(text)
    assert {k: v for k, v in report.cells.items() if v} == \
        {"t3.new.natural": 1, "t3.new.total": 1, "t3.carried_forward.natural": 1, "t3.carried_forward.total": 1}
    prov = report.provenance["t3.carried_forward.total"]
    assert (prov.decided_by, prov.raw, prov.confidence) == ("check", "1", 0.6)
    assert codes(report) == ["value_placed_by_checks"] and report.failing_checks == []
    assert "t3.carried_forward.total" in report.flagged_keys()


def test_a_number_that_fits_two_blank_cells_is_left_out_and_reported():
    text = t3_text({"new": "1 0 0 0 0 0 —", "carried_forward": "1 0 0 0 0 0 —"}, stray_before="carried_forward")
    report = gktables.extract_text(text)
    assert report.cells["t3.new.total"] is None and report.cells["t3.carried_forward.total"] is None
    assert codes(report) == ["tokens_ignored"]
    assert sorted(c.id for c in report.failing_checks) == ["t3.row_total.carried_forward", "t3.row_total.new"]


def test_a_failing_check_is_reported_and_the_printed_value_kept():
    report = gktables.extract_text(T4_HEAD + "1 1 0 0 2 4 0 0 1 6 1 0 1 0 2\n")
    assert [report.cells[f"t4.lawsuit_direct.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] \
        == [4, 0, 0, 1, 6]
    assert [c.id for c in report.failing_checks] == ["t4.lawsuit_direct.total"]
    assert report.provenance["t4.lawsuit_direct.total"].decided_by == "printed"
    assert "t4.lawsuit_direct.total" in report.flagged_keys()


def test_a_row_missing_a_cell_the_checks_cannot_place_lists_candidates():
    """Four zeros for five cells: which one was left empty, no check can tell (null counts as 0)."""
    report = gktables.extract_text(T4_HEAD + "1 1 0 0 2 0 0 0 0 1 0 1 0 2\n")
    keys = [f"t4.lawsuit_direct.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]
    assert [(report.provenance[k].decided_by, report.provenance[k].candidates) for k in keys] == \
        [("inferred", [0, None])] * 5
    assert [report.cells[f"t4.review.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")] == \
        [1, 1, 0, 0, 2]
    assert codes(report) == ["ambiguous_value"] and report.failing_checks == []
    assert set(keys) <= set(report.flagged_keys())


T3_KEYS = ("natural", "commercial", "research", "nonprofit", "legal_service", "other", "total")


def test_a_row_printed_as_its_label_alone_is_blank_and_flagged():
    report = gktables.extract_text(t3_text({"carried_forward": ""}))
    keys = [f"t3.carried_forward.{c}" for c in T3_KEYS]
    assert [report.cells[k] for k in keys] == [None] * 7
    assert {(report.provenance[k].decided_by, report.provenance[k].confidence) for k in keys} == {("inferred", 0.6)}
    assert codes(report) == ["row_printed_blank"] and set(keys) <= set(report.flagged_keys())


def test_a_four_table_printing_its_header_and_no_number_is_blank_and_flagged():
    """四's header over an empty value row (an agency with no review or lawsuit), then the next
    section: its 15 cells are blank, not missing; a number in its zone keeps it unread instead."""
    tail = "五、存在的主要问题及改进情况\n部分栏目信息更新不够及时。\n"
    report = gktables.extract_text(T4_HEAD + tail)
    keys = [k for r in load_schema().t4_rows for k in r.cell_keys]
    assert len(keys) == 15 and [report.cells[k] for k in keys] == [None] * 15
    assert {(report.provenance[k].decided_by, report.provenance[k].confidence) for k in keys} == {("inferred", 0.6)}
    assert codes(report) == ["row_printed_blank"] and set(keys) <= set(report.flagged_keys())
    assert "row_missing" in codes(gktables.extract_text(T4_HEAD + "3\n" + tail))


def test_a_four_failing_by_order_with_blank_marks_is_read_under_its_headers():
    """四 as pdfminer prints it: headers one per line (a blank mark among them), then its values over
    several lines, in a text that reads nothing else apart. Read in that order two groups fail; under
    the headers printed before its values every group adds up: that reading replaces it (placed by
    header and checks, flagged; the 0-or-blank cells flagged as a blank is printed among them)."""
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结"]
    head = "\n".join(["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *results, "总计",
                      "未经复议直接起诉", "复议后起诉", *results, "无", "总计", *results, "总计"]) + "\n"
    tail = "五、存在的主要问题及改进情况\n部分栏目信息更新不够及时。\n"
    report = gktables.extract_text(head + "1\n无 无 无 无 无\n无 无 无\n1\n1\n无 无\n1\n" + tail)
    cols = ("upheld", "corrected", "other", "pending", "total")
    groups = [[report.cells[f"t4.{g}.{c}"] or 0 for c in cols] for g in ("review", "lawsuit_direct",
                                                                          "lawsuit_after_review")]
    assert groups == [[0, 0, 0, 1, 1], [0, 0, 1, 0, 1], [0, 0, 0, 0, 0]]
    assert all(c.passed for c in report.checks if c.id.startswith("t4"))
    assert "header_order_read" in codes(report) and "association_uncertain" not in codes(report)
    assert report.provenance["t4.lawsuit_direct.other"].confidence < 0.9
    # groups holding with numbers in them speak for the order: only the failing group is flagged
    holding = gktables.extract_text(T4_HEAD + "\n".join("2 0 0 1 3 4 1 0 0 5 1 0 0 0 9".split()) + "\n" + tail)
    assert holding.cells["t4.review.total"] == 3 and holding.cells["t4.lawsuit_after_review.total"] == 9
    assert "association_uncertain" not in codes(holding)
    assert holding.flagged_keys() & set(holding.cells) == {k for k in holding.cells if "after_review" in k}


def test_a_table_printing_most_cells_empty_is_not_read_as_run_together_digits():
    """Four numbers for seven cells in every row, spaced apart: far fewer tokens than cells, as on a
    scraped page that runs cells together, but each token one cell's digits. Cutting them is a last
    resort, not the normal reading ('9190' was read as 91 and 90, '9857' as 9 and 857: the row still
    adds up); which columns are empty stays open."""
    rows = {r.key: "0 0 0 0" for r in load_schema().t3_rows["split"]}
    rows.update({"new": "9190 258 409 9857", "result.granted": "9000 250 400 9650",
                 "result.total": "9000 250 400 9650", "carried_forward": "190 8 9 207"})
    report = gktables.extract_text(t3_text(rows))
    assert (report.cells["t3.new.natural"], report.cells["t3.new.total"]) == (9190, 9857)
    assert {v for k, v in report.cells.items() if k.startswith("t3.new.")} == {9190, 258, 409, 9857, None}
    assert "ambiguous_value" in codes(report)


def test_rows_printing_a_few_blank_marks_and_no_number_are_blank_and_flagged():
    """Zeros printed '/' in some cells and nothing in the others (real reports do both): a row with
    fewer marks than cells and no number is still a row of blank cells, whatever cells the marks
    stood in. One token a line (PyMuPDF's text): each row owns the marks on the lines after its
    label (:meth:`TokenHints.with_line_owners`), so none is left out or handed its neighbour's."""
    blank_rows = {"result.partial": "/ / /", "result.denied.law_prohibited": "/ /",
                  "result.denied.enforcement_file": "/ / / /", "carried_forward": "/ /"}
    text = t3_text({"new": "19 / / 19", "result.granted": "19 / / / 19", "result.total": "19 / / 19", **blank_rows})
    report = gktables.extract_text(text.replace(" ", "\n"))
    for row in blank_rows:  # read from its own marks: blank, and flagged (which cells the marks stood in is open)
        keys = [f"t3.{row}.{c}" for c in T3_KEYS]
        assert [report.cells[k] for k in keys] == [None] * 7 and set(keys) <= set(report.flagged_keys()), row
        assert "cell_not_printed" in codes(report)


def test_a_row_not_printed_at_all_is_missing_and_its_neighbours_are_flagged():
    """上年结转 left out (label and values): no cell of it is output, and the rows on either side,
    which may have taken its values, are flagged."""
    report = gktables.extract_text("\n".join(line for line in t3_text({}).split("\n") if "上年结转" not in line))
    assert not any(k.startswith("t3.carried_over.") for k in report.cells)
    [warning] = [w for w in report.warnings if w.code == "row_missing"]
    assert warning.keys == [f"t3.{row}.{c}" for row in ("carried_over", "new", "result.granted") for c in T3_KEYS]
    assert {f"t3.new.{c}" for c in T3_KEYS} <= set(report.flagged_keys())


def test_a_number_no_cell_takes_flags_the_rows_beside_it():
    """An eighth value on 本年新收's line: no row takes it, the value stays as printed, and the rows
    printed on either side of it are flagged."""
    report = gktables.extract_text(t3_text({"new": "1 0 0 0 0 0 1 5"}))
    assert report.cells["t3.new.total"] == 1 and report.cells["t3.new.natural"] == 1
    [warning] = [w for w in report.warnings if w.code == "tokens_ignored"]
    assert "'5'" in warning.message
    assert warning.keys == [f"t3.{row}.{c}" for row in ("new", "carried_over") for c in T3_KEYS]


def test_the_header_assignment_shortcut_gives_what_the_hungarian_method_gives(monkeypatch):
    """When each printed path's best schema path is clearly best and no two share it, the header
    assignment takes those without the Hungarian method: on random score matrices (ragged, tied,
    near-diagonal) it chooses what the Hungarian method chooses, and it does step in."""
    import random

    from gktables.core.headers import assignment

    rng = random.Random(18)
    cases = []
    for _ in range(2000):
        n, m = rng.randint(1, 10), rng.randint(1, 10)
        scores = [[round(rng.random(), rng.choice((1, 2, 3))) for _ in range(m - rng.randint(0, 1))] or [0.5]
                  for _ in range(n)]
        if rng.random() < 0.5:  # most rows clearly naming one column, as real headers do
            for i, row in enumerate(scores):
                if i < len(row):
                    row[i] += 1.0
        cases.append(scores)
    fast = [assignment.assign(s) for s in cases]
    shortcut = sum(assignment._clear_best(s) is not None for s in cases)
    monkeypatch.setattr(assignment, "_clear_best", lambda scores: None)
    assert fast == [assignment.assign(s) for s in cases]
    assert shortcut > 300


def _textbook_hungarian(cost: list[list[float]]) -> list[int]:
    """The Hungarian method as usually written (every column scanned at every step)."""
    n, inf = len(cost), float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0], j0 = i, 0
        minv, used = [inf] * (n + 1), [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    return p


def test_hungarian_breaks_ties_as_the_textbook_loop():
    """The assignment's Hungarian method scans only the columns left at each step: on random
    square cost matrices, many with tied costs (rounded to one digit), it chooses exactly what
    the textbook loop over every column chooses (ties broken alike: results stay byte-identical)."""
    import random

    from gktables.core.headers.assignment import hungarian

    rng = random.Random(7)
    for _ in range(1500):
        n = rng.randint(1, 12)
        digits = rng.choice((1, 1, 2, 6))
        cost = [[round(rng.random(), digits) for _ in range(n)] for _ in range(n)]
        assert hungarian(cost) == _textbook_hungarian(cost)


def test_three_best_candidates_are_those_of_rounding_every_score():
    """A match's candidates are its three best scores rounded to 3 decimals, ties in the schema's
    order; only scores near the third best are rounded: on random rows with near ties (scores a
    few ten-thousandths apart) the result is that of rounding and sorting every score."""
    import random

    from gktables.core.headers.assignment import _three_best

    rng = random.Random(3)
    for _ in range(3000):
        base = rng.random()
        row = [rng.choice((rng.random(), base + rng.randint(-8, 8) * 0.0001, round(base, 3) + 0.0005))
               for _ in range(rng.randint(0, 30))]
        assert _three_best(row) == sorted(range(len(row)), key=lambda j: -round(row[j], 3))[:3]


def test_a_clear_lead_over_the_prior_chooses_what_the_prior_would():
    """match_paths skips the order prior when every printed path's best score leads by more than
    the prior can add: on random score matrices (many near-diagonal, some leads just above or below
    the prior's weight) those choices are the assignment of the scores with the prior added."""
    import random

    from gktables.core.headers.assignment import CLEAR_MARGIN, PRIOR_WEIGHT, _clear_best, assign

    rng = random.Random(11)
    skipped = 0
    for _ in range(3000):
        n, m = rng.randint(1, 9), rng.randint(1, 9)
        raw = [[rng.random() * 0.5 for _ in range(m)] for _ in range(n)]
        for i, row in enumerate(raw):
            if i < m and rng.random() < 0.9:
                row[i] = max(row) + rng.choice((0.3, PRIOR_WEIGHT + rng.uniform(-0.005, 0.005)))
        at = [j / max(m, 1) for j in range(m)]
        prior = [[x + PRIOR_WEIGHT * (1 - abs(i / max(n, 1) - a)) for x, a in zip(row, at)]
                 for i, row in enumerate(raw)]
        quick = _clear_best(raw, PRIOR_WEIGHT + 2 * CLEAR_MARGIN)
        if quick is not None:
            skipped += 1
            assert quick == assign(prior)
    assert skipped > 300


def test_characters_shared_by_sets_when_no_character_repeats():
    """The header scoring's characters-shared bound takes a set intersection when neither label
    repeats a character: on random labels (some with repeats) it equals the multiset count."""
    import random

    from gktables.core.headers.scoring import _bounded_overlap, _chars, _overlap, label_bounds

    rng = random.Random(5)
    alphabet = "申请人情况法人或其他组织商业企业科研机构不予公开（）1.三"
    for _ in range(2000):
        a, b = ("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(2))
        pa, pb = label_bounds(a), label_bounds(b)
        assert _bounded_overlap(pa.chars, pa.n, pa.distinct, pb.chars, pb.n, pb.distinct) == \
            _overlap(*_chars(a), *_chars(b))


def test_reachable_is_may_reach_over_a_list():
    """scoring.reachable (the vocabulary's filter, written out in one loop) keeps exactly the
    labels may_reach keeps, in order, on random labels with and without repeated characters, cores
    and ordinals, at the thresholds the header code uses."""
    import random

    from gktables.core.headers.scoring import label_bounds, may_reach, reachable

    rng = random.Random(7)
    alphabet = "申请人情况法人或其他组织商业企业科研机构不予公开（）1.三、(区分处理的)"
    labels = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(300)]
    bounds = [(v, label_bounds(v)) for v in labels]
    for least in (0.3, 0.8, 0.9):
        for printed in labels[:120]:
            mine = label_bounds(printed)
            assert reachable(mine, bounds, least) == [v for v, c in bounds if may_reach(mine, c, least)]


def test_grid_items_are_the_items_new_item_makes():
    """A grid cell's items (set at once by items._cell_item, which leaves out the source's facts a
    cell has none of) read every field of Item as new_item gives it, and keep nothing else (but a
    label's norm, the cached property's value), on the
    real pages' grids, a cell of two numbers and cells with a page, a confidence or other readings."""
    from gktables.core.items import grid_to_items, new_item
    from gktables.layout import Grid, GridCell

    from .conftest import GOLDEN_REAL

    grids = [g for p in sorted(GOLDEN_REAL.glob("*.html")) for g in gktables.extract(p).layout.grids]
    two_numbers = Grid([GridCell(0, 0, "规章"), GridCell(0, 1, "12 7", page=2), GridCell(1, 0, "合计"),
                        GridCell(1, 1, "19")], "pdf", page=1)
    grids.append(two_numbers)
    grids.append(Grid([GridCell(0, 0, "规章", confidence=0.8), GridCell(0, 1, "12", alternatives=("13",)),
                       GridCell(1, 0, "合计"), GridCell(1, 1, "19")], "ocr"))
    names = [f.name for f in dataclasses.fields(Item)]
    made = 0
    for grid in grids:
        for item in grid_to_items(grid, 3, 10):
            facts = {name: getattr(item, name) for name in names}
            again = new_item(**facts)
            assert item == again and all(getattr(item, n) == getattr(again, n) for n in names)  # (cell too)
            assert set(vars(item)) <= set(names) | {"norm"}  # (a label's norm is set as it is made)
            assert item.norm == again.norm
            made += 1
    assert made > 500
    two = grid_to_items(two_numbers)
    assert [(i.text, i.kind, i.pos, i.page, i.explicit) for i in two] == [
        ("规章", "label", 0, 1, False), ("12", "value", 1, 2, False), ("7", "value", 2, 2, False),
        ("合计", "label", 3, 1, False), ("19", "value", 4, 1, True)]


def test_a_column_reading_the_prose_contradicts_flags_every_column_but_the_total():
    """三 read column by column: 自然人 and 商业企业 swapped whole keep every check; the prose that
    states 自然人 7 is then the only witness, and every cell but 总计 is flagged."""
    from gktables.core.document_passes import prose_column_warnings
    from gktables.report import ReportWarning

    cells = {f"t3.{row}.{c}": v for row, vals in (("new", (1, 7, 8)), ("result.total", (1, 7, 8)))
             for c, v in zip(("natural", "commercial", "total"), vals)}
    read = [ReportWarning("column_order_read", "三 is printed column by column", [])]
    [warning] = prose_column_warnings(read, cells, {"t3.new.natural": {7}})
    assert warning.code == "column_contradicts_prose"
    assert set(warning.keys) == {k for k in cells if not k.endswith(".total")}
    assert prose_column_warnings(read, cells, {"t3.new.natural": {1}}) == []  # the prose agrees
    assert prose_column_warnings([], cells, {"t3.new.natural": {7}}) == []  # read row by row: its own rules


def test_a_column_reading_whose_rows_slid_against_the_prose_flags_the_total_too():
    """A stated value no other column of its row holds, or a stated total, is no swap of two columns:
    the rows may have slid by one (a column of blank marks read from the wrong start), which moves
    总计 with the rest, so 总计 is flagged too."""
    from gktables.core.document_passes import prose_column_warnings
    from gktables.report import ReportWarning

    cells = {f"t3.{row}.{c}": v for row, vals in (("new", (None, None, None)), ("carried_over", (5, 1, 6)))
             for c, v in zip(("natural", "legal_service", "total"), vals)}
    read = [ReportWarning("column_order_read", "三 is printed column by column", [])]
    for stated in ({"t3.new.natural": {5}}, {"t3.carried_over.total": {0}}):
        [warning] = prose_column_warnings(read, cells, stated)
        assert set(warning.keys) == set(cells), stated


def test_match_paths_worked_out_once_is_not_changed_by_a_caller():
    """match_paths is worked out once per distinct set of paths: a second call gives equal matches,
    and a caller replacing a match in its list (resolve_unread_by_checks does) changes no later call."""
    from gktables.core.headers.assignment import Match, match_paths

    printed = [("本年新收政府信息公开申请数量",), ("上年结转政府信息公开申请数量",), ("合计",)]
    schema = [("本年新收政府信息公开申请数量",), ("上年结转政府信息公开申请数量",)]
    first = match_paths(printed, schema, ["new", "carried"])
    assert [m.name for m in first] == ["new", "carried", None]
    first[2] = Match(printed[2], 0, 0.0, 0.0, [], "new")
    again = match_paths(printed, schema, ["new", "carried"])
    assert again is not first and [m.name for m in again] == ["new", "carried", None]


# Column 乙 is blank in every row: no line prints all four values, only the header says which is missing.
BLANK_COLUMN = ("      自然人     商业企业    科研机构     总计\n"
                "甲      1               2       3\n"
                "乙      4               5       9\n"
                "丙      5               7       12\n"
                "丁                      7       7\n")


def test_a_column_blank_throughout_is_found_under_its_header():
    """pdftotext -layout: the values sit under 自然人, 科研机构 and 总计; 商业企业 is the blank column."""
    text = BLANK_COLUMN
    items = text_to_items(text)
    tokens = values(items)
    header = table_header(text, tokens, ["自然人", "商业企业", "科研机构", "总计"])
    hints = hint_columns_by_position(tokens, 4, stream_hints(items), header)
    assert [(t.text, hints.column_from_right(t)) for t in tokens if t.line in (1, 4)] == \
        [("1", 4), ("2", 2), ("3", 1), ("7", 2), ("7", 1)]
    # No header over the table: the double gap every row shows between 自然人 and 科研机构 says it
    # (core/row_gaps); rows evenly spaced (the blank column first or last) leave it open.
    bare = "\n".join(text.split("\n")[1:])
    items = text_to_items(bare)
    header = table_header(bare, values(items), ["自然人", "商业企业", "科研机构", "总计"])
    hints = hint_columns_by_position(values(items), 4, stream_hints(items), header)
    assert [hints.column_from_right(t) for t in values(items) if t.line == 0] == [4, 2, 1]
    even = "甲      1       2       3\n乙      4       5       9\n丙      5       7       12\n"
    items = text_to_items(even)
    header = table_header(even, values(items), ["自然人", "商业企业", "科研机构", "总计"])
    hints = hint_columns_by_position(values(items), 4, stream_hints(items), header)
    assert not any(hints.column_from_right(t) for t in values(items))


def test_a_header_that_fits_two_blank_columns_alike_decides_nothing():
    """Values half-way between two headers: leaving out either fits as well, so no column is hinted."""
    short = [[10.0, 25.0, 40.0]] * 3
    assert centres_missing_one(short, [10.0, 20.0, 30.0, 40.0]) is None
    assert centres_missing_one(short, [10.0, 15.0, 25.0, 40.0]) == ([10.0, 15.0, 25.0, 40.0], 1)


def test_columns_blank_throughout_are_the_headers_no_value_sits_under():
    """Two columns blank in every row (pdftotext -layout): the longest lines' values sit under five
    of the seven headers; the other two are the blank ones. Drifting lines decide nothing."""
    header = [25.0, 32.0, 38.0, 43.0, 48.0, 53.0, 58.0]
    lines = [[26.0, 30.5, 43.0, 53.0, 59.0], [25.5, 31.0, 43.5, 52.5, 58.5], [26.0, 31.5, 42.5, 53.0, 58.0], [25.0]]
    assert centres_missing_several(lines, header) == [26.0, 31.0, 38.0, 43.0, 48.0, 53.0, 58.5]
    drifting = [[26.0, 33.0, 40.0, 50.0, 59.0], [25.0, 31.0, 45.0, 51.0, 58.0], [26.0, 35.0, 41.0, 47.0, 58.0]]
    assert centres_missing_several(drifting, header) is None
    assert centres_missing_several(lines[:2], header) is None  # too few lines to go by


def seven(label: str, anchor: int | None) -> RowPlan:
    keys = tuple(f"{label}.{c}" for c in range(7))
    return RowPlan(label, keys, (COUNT,) * 7, total_is_sum, anchor, (7,))


def test_a_row_owns_the_values_on_its_label_s_line_even_when_its_total_fails():
    """'甲 10 无 无 无': 甲's total is misprinted blank. Handing its values to 乙 would make 乙 an exact
    row of seven and leave 甲 empty; printed on 甲's line, they are 甲's."""
    items = text_to_items("甲 10 无 无 无\n乙 2 无 2\n")
    at = {it.text: it.pos for it in items if it.kind == "label"}
    plans = [seven(label, at[label]) for label in ("甲", "乙")]
    hints = stream_hints(items)
    shifted = readings(align_rows(values(items), plans, SEPARATED, LIMIT, hints=hints))
    assert shifted["甲"] == [] and shifted["乙"] == [(10, None, None, None, 2, None, 2)]
    owned = hints.with_line_owners((p.anchor for p in plans), items)
    kept = readings(align_rows(values(items), plans, SEPARATED, LIMIT, hints=owned))
    assert 10 in kept["甲"][0] and kept["乙"][0][-1] == 2


def test_values_after_a_wrapped_label_s_end_are_its_row_s():
    items = text_to_items("甲要求确认或\n重新出具 无 无\n乙 1 1\n")
    anchors = [it.pos for it in items if it.text in ("甲要求确认或", "乙")]
    hints = stream_hints(items).with_line_owners(anchors, items)
    assert [hints.line_owner(t.pos) for t in values(items)] == [anchors[0]] * 2 + [anchors[1]] * 2


def test_value_lines_after_a_label_are_its_row_s_unless_the_table_prints_values_first():
    """One value a line (pymupdf): the lines after 甲's label are 甲's. markitdown prints a row's
    values on the line before its label: there, the line after 甲 is 乙's, and stays unowned."""
    below = text_to_items("甲\n1\n1\n乙\n2\n")
    anchors = [it.pos for it in below if it.kind == "label"]
    hints = stream_hints(below).with_line_owners(anchors, below, values(below))
    assert [hints.line_owner(t.pos) for t in values(below)] == [anchors[0]] * 2 + [anchors[1]]
    above = text_to_items("| 0 | 0 |\n甲\n| 1 | 1 |\n乙\n")
    anchors = [it.pos for it in above if it.kind == "label" and it.text in ("甲", "乙")]
    hints = stream_hints(above).with_line_owners(anchors, above, values(above))
    assert not any(hints.line_owner(t.pos) for t in values(above))

    # markitdown of a real ruled PDF: the first rows print their values on their own line, the later
    # ones in a '|' row above their label; a '|' row after a label is never taken as that label's
    mixed = text_to_items("甲 5 5\n乙\n| 2 | 2 |\n丙\n")
    anchors = [it.pos for it in mixed if it.kind == "label"]
    hints = stream_hints(mixed).with_line_owners(anchors, mixed, values(mixed))
    assert [hints.line_owner(t.pos) for t in values(mixed)] == [anchors[0]] * 2 + [None] * 2

GROUPS_TEXT = ("    甲组              乙组              丙组\n"
               "                  1  2  3         4  5  9\n")


def test_whole_blank_groups_are_found_under_their_group_headers():
    """Three groups of three, the first blank throughout: each printed run sits under 乙组 and 丙组."""
    tokens = values(text_to_items(GROUPS_TEXT))
    columns = group_columns(GROUPS_TEXT, tokens, ["甲组", "乙组", "丙组"], 3)
    assert [columns.get(t.pos) for t in tokens] == [6, 5, 4, 3, 2, 1]
    # headers that do not tell (no 乙组 printed): nothing is hinted
    assert group_columns(GROUPS_TEXT.replace("乙组", "    "), tokens, ["甲组", "乙组", "丙组"], 3) == {}


def test_a_row_s_last_value_before_a_vertical_label_s_character_is_a_cell():
    """PyMuPDF's sorted text appends '三、本年度办理结果' a character a row: '… 1 0 9 年' ends a row
    with its total, not with a year; prose keeps its counts out ('2022 年 1 月 30 日', '共 12 件')."""
    def texts(line: str) -> list[str]:
        return [t.text for t in values(text_to_items(line + "\n"))]

    assert texts("7.属于行政执法案卷     8    0    0    0     1    0    9 年") == ["8", "0", "0", "0", "1", "0", "9"]
    # cells printed as blank marks run up to it as well ('无无': two glued)
    assert texts("1.本机关不掌握相关政府信息   8  2 无无 无 无  10 年")[-1] == "10"
    assert texts("落款 2022 年 1 月 30 日") == []
    assert "12" not in texts("其中无 无 12 年")  # one mark before it is no run of cells
    assert texts("其中 3 4 共 12 件") == ["3", "4"]
    # a row of two values (a blank-heavy table) ends with one only after a row label of the format
    assert texts("         7.属于行政执法案卷     2                              2 年") == ["2", "2"]
    assert texts(" 度         8.属于行政查询事项     5                              5 办") == ["5", "5"]
    assert texts("其中 3 12 年") == ["3"]


def test_grid_label_cell_with_the_rows_values_glued_gives_them_as_values():
    from gktables.core.items import grid_to_items
    from gktables.layout import Grid, GridCell

    cells = [GridCell(0, 0, "信息内容"), GridCell(0, 1, "自然人"), GridCell(0, 2, "总计"),
             GridCell(1, 0, "1.本机关不掌握相关政府信息"), GridCell(1, 1, "4"), GridCell(1, 2, "4"),
             GridCell(2, 0, "2.重复申请 0 3 3"), GridCell(2, 1, ""), GridCell(2, 2, ""),
             GridCell(3, 0, "3.其他"), GridCell(3, 1, ""), GridCell(3, 2, "")]
    items = grid_to_items(Grid(cells, "pdf"))
    read = [(it.kind, it.text, it.blank) for it in items if it.line >= 2]
    assert read == [("label", "2.重复申请", False), ("value", "0", False), ("value", "3", False),
                    ("value", "3", False), ("label", "3.其他", False), ("value", "", True), ("value", "", True)]


def test_grid_label_column_cell_holding_only_the_rows_values_gives_them_as_values():
    # 三 cut into two tables of other column widths, one under the other (a browser's print): the
    # lower table's values stand in the upper one's sub-label column, its value columns empty
    from gktables.core.items import grid_to_items
    from gktables.layout import Grid, GridCell

    cells = [GridCell(0, 0, "信息内容"), GridCell(0, 1, ""), GridCell(0, 2, "自然人"), GridCell(0, 3, "总计"),
             GridCell(1, 0, "（五）不予处理"), GridCell(1, 1, "1.信访举报投诉类申请"), GridCell(1, 2, "4"),
             GridCell(1, 3, "4"),
             GridCell(2, 0, "（六）其他处理"), GridCell(2, 1, "119 0 132"), GridCell(2, 2, ""), GridCell(2, 3, "")]
    items = grid_to_items(Grid(cells, "pdf"))
    read = [(it.kind, it.text, it.blank) for it in items if it.line >= 2]
    assert read == [("label", "（六）其他处理", False), ("value", "119", False), ("value", "0", False),
                    ("value", "132", False)]


def test_an_ordinal_broken_onto_a_line_of_its_own_is_the_labels():
    # pdfminer: '2' over '、没有现成信息' (a label's ordinal), among values each on a line of its own
    items = text_to_items("0\n\n（四）无\n法提供\n2\n、没有现成信息\n需要另行\n制作\n\n0\n\n3\n")
    assert [it.text for it in values(items)] == ["0", "0", "3"]
    assert any(it.kind == "label" and it.text == "2" for it in items)
