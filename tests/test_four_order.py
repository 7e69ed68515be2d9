"""四 printed box by box (core/four_order.py), on small hand-built streams: values placed under the
column headers printed before them, the groups by print order and the checks."""

from gktables.core.align import RowPlan
from gktables.core.candidates import Column
from gktables.core.four_order import group_order_warnings, header_order_reading, headed_values, worth_taking
from gktables.core.items import Item
from gktables.report import Provenance, Value
from gktables.schema import CheckSpec

GROUPS = ("review", "direct", "after")
COLS = ("upheld", "corrected", "other", "pending", "total")
HEADERS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
KEYS = tuple(f"t4.{g}.{c}" for g in GROUPS for c in COLS)
CHECKS = [CheckSpec(f"t4.{g}.total", tuple(f"t4.{g}.{c}" for c in COLS[:-1]), (f"t4.{g}.total",), "")
          for g in GROUPS]
PLAN = RowPlan("t4", KEYS, tuple(Column("count") for _ in KEYS), None, 0, (5, 5, 5))


def _zone(stream: list[str]) -> list[Item]:
    """One item a line: numbers (and '—') are values, the rest labels."""
    items: list[Item] = []
    at = 0
    for line, piece in enumerate(stream):
        kind = "value" if piece.isdigit() or piece == "—" else "label"
        items.append(Item(kind, piece, "text", line, pos=line, span=(at, at + len(piece)), blank=piece == "—"))
        at += len(piece) + 1
    return items


def _expected(*groups: tuple[int, ...]) -> dict[str, int]:
    return {f"t4.{g}.{c}": v for g, row in zip(GROUPS, groups) for c, v in zip(COLS, row)}


# pdfminer on a landscape page: 未经复议直接起诉's 总计, 复议后起诉's four results and 总计, then 复议's
# five and 未经复议直接起诉's four with no header before them
LANDSCAPE = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *HEADERS, "未经复议直接起诉",
             "复议后起诉", *HEADERS, "66", *HEADERS[:4], "3", "0", "0", "0", "总计", "3", "29", "5", "6", "8", "48",
             "46", "6", "10", "4"]


def test_landscape_order_is_read_under_its_headers():
    reading = header_order_reading([PLAN], _zone(LANDSCAPE), CHECKS, HEADERS)
    assert reading is not None and not reading.open
    assert reading.cells == _expected((29, 5, 6, 8, 48), (46, 6, 10, 4, 66), (3, 0, 0, 0, 3))
    assert reading.provenance["t4.direct.total"].raw == "66"
    assert reading.provenance["t4.direct.total"].confidence == 0.9


def test_landscape_order_that_the_checks_cannot_settle_keeps_candidates():
    # every group 1 = 1: the 总计 printed first may be any group's, so the cells stay open
    stream = [*LANDSCAPE[:LANDSCAPE.index("66")], "1", *HEADERS[:4], "1", "0", "0", "0", "总计", "1", "0", "0", "1",
              "0", "1", "0", "0", "1", "0"]
    reading = header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS)
    assert reading is not None and reading.open
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.open)
    assert reading.cells["t4.review.total"] == 1


def test_values_each_after_its_header_with_interleaved_vertical_headers():
    # large print: each value after its header; 未经复议直接起诉's 总计 comes after 复议后起诉's first cell;
    # 复议后起诉's last three headers printed side by side come out character by character
    stream = ["行政复议", "结", "果", "纠", "正", "0", "其他结果", "0", "尚未审结", "0", "结果维持", "0", "总计", "0",
              "结果维持", "32", "未经复议直接起诉", "其他结果", "6", "结果纠正", "7", "尚未审结", "4", "行政诉讼",
              "结果维持", "8", "总计", "49", "复议后起诉", "尚其结未他果审结纠结果正", "2", "5", "3", "总计", "18"]
    values = headed_values(_zone(stream), HEADERS)
    assert values is not None and [v.column for v in values][-4:] == [3, 2, 1, 4]
    reading = header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS)
    assert reading is not None and not reading.open
    assert reading.cells == _expected((0, 0, 0, 0, 0), (32, 7, 6, 4, 49), (8, 3, 5, 2, 18))


def test_headers_broken_up_leave_the_table_unread():
    # '结果 其他 结果 维持' then four values on one line: which value is under which header is not known
    stream = ["总计", "0", "0", "0", "0", "0", "结果维持", "78", "结果纠正", "9", "尚未审结", "结果", "其他", "结果",
              "维持", "33", "17", "137", "22", "总计", "结果纠正", "1", "其他结果", "7", "尚未审结", "5", "总计", "35"]
    assert header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS) is None


def test_a_printed_blank_leaves_the_zero_cells_flagged():
    stream = [*LANDSCAPE[:LANDSCAPE.index("66")], "66", *HEADERS[:4], "3", "0", "0", "—", "总计", "3", "29", "5", "6",
              "8", "48", "46", "6", "10", "4"]
    reading = header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS)
    assert reading is not None
    assert reading.cells["t4.after.pending"] is None
    assert set(reading.unsure_blanks) == {"t4.after.corrected", "t4.after.other", "t4.after.pending"}
    assert reading.provenance["t4.after.pending"].confidence < 0.9


def test_header_boxes_printed_before_values_they_do_not_head_leave_the_swap_open():
    # pdfminer (hrules): two header boxes, then 未经复议直接起诉's and 复议后起诉's values in the
    # template's order. Read under those headers, 70 and 17 swap within a group, which every check
    # allows: the print order adds up too, so the two cells stay open with both values.
    stream = ["行政复议", "行政诉讼", *HEADERS, "2", "0", "0", "0", "2", "未经复议直接起诉", "复议后起诉", "结果纠正",
              "结果维持", "70", "17", "28", "19", "134", "99", "17", "30", "34", "180", "尚未审结", "其他结果", "总计"]
    reading = header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS)
    assert reading is not None
    assert set(reading.open) == {"t4.direct.upheld", "t4.direct.corrected"}
    assert sorted(reading.open["t4.direct.upheld"]) == [17, 70]
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.open)
    assert reading.cells["t4.after.total"] == 180 and "t4.after.total" not in reading.open


def test_checks_that_cannot_settle_show_the_groups_the_headers_print_order_names():
    # each header printed three times, the groups in turn: the 1 after the second 总计 is
    # 未经复议直接起诉's, the four after the third run of headers and the 1 after the third 总计
    # 复议后起诉's, the nine unheaded values 复议's five and 未经复议直接起诉's four. The checks keep
    # other groupings (every group 1 = 1), so the cells they disagree on stay open.
    stream = [*LANDSCAPE[:LANDSCAPE.index("66")], "1", *HEADERS[:4], "1", "0", "0", "0", "总计", "1", "0", "0", "1",
              "0", "1", "0", "0", "1", "0"]
    values = headed_values(_zone(stream), HEADERS)
    assert values is not None
    assert [(v.column, v.nth) for v in values[:6]] == [(4, 1), (0, 2), (1, 2), (2, 2), (3, 2), (4, 2)]
    assert values[6].nth is None
    reading = header_order_reading([PLAN], _zone(stream), CHECKS, HEADERS)
    assert reading is not None and reading.open
    assert reading.cells == _expected((0, 0, 1, 0, 1), (0, 0, 1, 0, 1), (1, 0, 0, 0, 1))
    assert all(reading.provenance[k].confidence < 0.9 for k in reading.open)


def _each_after_its_header(groups: list[tuple[int, ...]], totals_last: tuple[int, ...]) -> list[str]:
    """Large print, every value after its own header: each group's four results, then the 总计s
    printed last in the order given (review's after its results)."""
    stream = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
    for n, row in enumerate(groups):
        for header, v in zip(HEADERS[:4], row[:4]):
            stream += [header, str(v)]
        if n == 0:
            stream += ["总计", str(row[4])]
    for v in totals_last:
        stream += ["总计", str(v)]
    return stream


def test_one_columns_values_out_of_the_groups_order_are_read_flagged():
    # 复议后起诉's 总计 (5) printed before 未经复议直接起诉's (2): only that order adds up
    groups = [(10, 2, 4, 3, 19), (0, 1, 0, 1, 2), (1, 2, 2, 0, 5)]
    reading = header_order_reading([PLAN], _zone(_each_after_its_header(groups, (5, 2))), CHECKS, HEADERS)
    assert reading is not None and reading.cells == _expected(*groups)
    assert reading.doubt and all(p.confidence == 0.6 for p in reading.provenance.values())
    assert "header_order_unsure" in [w.code for w in reading.warnings()]
    # in the groups' order it adds up and is sure
    reading = header_order_reading([PLAN], _zone(_each_after_its_header(groups, (2, 5))), CHECKS, HEADERS)
    assert reading is not None and not reading.doubt and reading.provenance["t4.after.total"].confidence == 0.9


def test_a_misprinted_sum_reads_each_value_under_its_own_header_flagged():
    # 复议后起诉 prints 14 1 3 3 and 总计 19 (the document's error): nothing adds up
    groups = [(0, 0, 0, 0, 0), (31, 12, 18, 7, 68), (14, 1, 3, 3, 19)]
    reading = header_order_reading([PLAN], _zone(_each_after_its_header(groups, (68, 19))), CHECKS, HEADERS)
    assert reading is not None and reading.cells == _expected(*groups) and reading.doubt
    order_read = dict(_expected(*groups), **{"t4.direct.total": 14})  # the order's reading, failing too
    assert worth_taking(reading, order_read, CHECKS)
    assert not worth_taking(reading, _expected((0,) * 5, (31, 12, 18, 7, 68), (14, 1, 3, 3, 21)), CHECKS)
    # an order reading adding up only with a printed value set aside (a cell left blank) is worth less
    assert worth_taking(reading, dict(_expected((0,) * 5, (31, 12, 18, 7, 68), (14, 1, 3, 3, 21)),
                                      **{"t4.review.other": None}), CHECKS)



def _order_read(stream: list[str]) -> tuple[dict[str, Value], dict[str, Provenance]]:
    """四 as the row-by-row order reads it: its values in print order, in the template's order."""
    printed = [p for p in stream if p.isdigit()]
    cells: dict[str, Value] = {k: int(v) for k, v in zip(KEYS, printed)}
    return cells, {k: Provenance("text", str(v), 1.0, "printed") for k, v in cells.items()}


# pdfminer (hangzhou, a print style): 复议's header boxes with no values, the two 诉讼 groups' each value
# after its header, then 复议's five values with no header; 总计 and 尚未审结 printed side by side
# line by line. In print order each group adds up, but the first five values are 未经复议直接起诉's.
PERMUTED = ["四、政府信息公开行政复议、行政诉讼情况", "结果", "维持", "结果", "纠正", "其他", "结果", "行政复议", "总",
            "尚未", "计", "审结", "未经复议直接起诉", "行政诉讼", "复议后起诉",
            "结果", "维持", "16", "结果", "纠正", "1", "其他", "结果", "12", "尚未", "审结", "总", "计", "27", "56",
            "结果", "维持", "74", "结果", "纠正", "1", "其他", "结果", "30", "尚未", "审结", "总", "计", "51", "156",
            "376", "97", "196", "121", "790"]


def test_whole_groups_the_checks_cannot_place_are_flagged_with_the_other_reading():
    cells, provenance = _order_read(PERMUTED)
    assert cells == _expected((16, 1, 12, 27, 56), (74, 1, 30, 51, 156), (376, 97, 196, 121, 790))
    warnings = group_order_warnings([PLAN], _zone(PERMUTED), CHECKS, HEADERS, cells, provenance)
    assert [w.code for w in warnings] == ["header_order_groups"]
    # every cell moves under some permutation of the groups (结果纠正's 1 to 97)
    assert set(warnings[0].keys) == set(KEYS)
    assert "t4.review as t4.after was read, t4.direct as t4.review was read, t4.after as t4.direct was read" in (
        warnings[0].message)
    assert all(provenance[k].confidence < 0.9 for k in warnings[0].keys)


def test_groups_pinned_by_their_headers_or_printed_row_by_row_stay_unflagged():
    # every value after its own header, each column's headers printed once per group in turn: only
    # the print order's grouping follows the headers
    pinned = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议",
              *[p for row in ((3, 0, 1, 0, 4), (16, 1, 12, 27, 56), (74, 1, 30, 51, 156))
                for h, v in zip(HEADERS, row) for p in (h, str(v))]]
    # the headers all printed before the values (a row-by-row text): nothing says the boxes' order
    by_row = ["四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼", *HEADERS, "未经复议直接起诉",
              "复议后起诉", *HEADERS, *HEADERS, "3", "0", "1", "0", "4", "16", "1", "12", "27", "56", "74", "1", "30",
              "51", "156"]
    for stream in (pinned, by_row):
        cells, provenance = _order_read(stream)
        assert group_order_warnings([PLAN], _zone(stream), CHECKS, HEADERS, cells, provenance) == []
        assert all(p.confidence == 1.0 for p in provenance.values())


def _boxes(lines: list[list[str]]) -> list[Item]:
    """Each line a box, a blank line between boxes (pdftotext's default order); numbers are values."""
    items: list[Item] = []
    for n, pieces in enumerate(lines):
        for piece in pieces:
            kind = "value" if piece.isdigit() else "label"
            items.append(Item(kind, piece, "text", 2 * n, pos=len(items), span=(len(items), len(items) + 1)))
    return items


# pdftotext's default order of a real-page print: 复议's headers cut into slices, its results each a box
# in an order of pdftotext's own (结果维持, 尚未审结, 结果纠正, 其他结果: 376 121 97 196 for 376 97 196 121)
BOXED = [["四、政府信息公开行政复议、行政诉讼情况"], ["行政复议"], ["结果", "结果", "其他"], ["维持", "纠正", "结果"],
         ["尚未"], ["审结"], ["376"], ["121"], ["97"], ["196"], ["行政诉讼"], ["总"], ["未经复议直接起诉"],
         ["复议后起诉"], ["计"], ["790", "16"], ["1"], ["12"], ["27"], ["56", "74"], ["1"], ["30"], ["51"], ["156"]]


def test_a_groups_results_printed_each_a_box_are_flagged_in_any_order():
    """Each value a box of its own, in pdftotext's order rather than the table's: a group's total holds
    in any order of its results, so they are flagged (as are whole groups, which keep every check in
    each other's place). Printed whole and in order before the values, the headers vouch for the boxes'
    order: nothing is flagged."""
    stream = [p for line in BOXED for p in line]
    cells, provenance = _order_read(stream)
    assert cells["t4.review.corrected"] == 121  # printed 97: the order read is wrong, and the checks hold
    [warning] = group_order_warnings([PLAN], _boxes(BOXED), CHECKS, HEADERS, cells, provenance)
    assert {"t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"} <= set(warning.keys)
    assert "the results of t4.review, t4.direct, t4.after keep their totals in any order" in warning.message
    in_order = [[p] for p in ("四、政府信息公开行政复议、行政诉讼情况", "行政复议", *HEADERS)] + BOXED[6:]
    cells, provenance = _order_read([p for line in in_order for p in line])
    assert group_order_warnings([PLAN], _boxes(in_order), CHECKS, HEADERS, cells, provenance) == []
