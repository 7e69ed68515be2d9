"""二's blocks printed labels first whose signed values pin the column-by-column order
(core/block_signs.py)."""

from types import SimpleNamespace

from gktables.core.align import RowPlan
from gktables.core.block_order import signed_apart_block_keys
from gktables.core.block_signs import sign_pinned_blocks, take_pinned_blocks
from gktables.core.candidates import Column
from gktables.core.items import Item
from gktables.report import ReportWarning


def _pinned_stream(values: list[str], headers: tuple[str, ...] = ()
                   ) -> tuple[list[SimpleNamespace], list[Item]]:
    """行政许可 and 其他对外管理服务事项 printed one after the other, then ``headers`` and
    ``values``, one a line."""
    pieces = ["行政许可", "其他对外管理服务事项", *headers, *values, "第二十条第（六）项"]
    items = [Item("value" if p[0] in "0123456789+－-" else "label", p, "text", line, pos=line,
                  span=(line, line + 1)) for line, p in enumerate(pieces)]
    decisions = [SimpleNamespace(row=SimpleNamespace(plan=RowPlan(
        label, tuple(f"t2.{row}.{c}" for c in ("prev_items", "change", "decisions")),
        (Column("count"), Column("signed"), Column("count")), None, anchor))) for anchor, (label, row) in
        enumerate((("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")))]
    return decisions, items


def test_signed_value_in_the_change_column_pins_column_order():
    # column by column: 1 71 | 0 －2 | 53 18; row by row －2 would be 其他's 上一年项目数量
    decisions, items = _pinned_stream(["1", "71", "0", "－2", "53", "18"])
    pinned = sign_pinned_blocks(decisions, items)  # type: ignore[arg-type]
    assert len(pinned) == 1
    assert [it.text for it in pinned[0].items] == ["1", "0", "53", "71", "－2", "18"]
    cols = {k: Column("signed" if k.endswith("change") else "count") for k in pinned[0].keys}
    cells: dict = {}
    provenance: dict = {}
    warnings = [ReportWarning("reading_order_uncertain", "…", list(pinned[0].keys))]
    out = take_pinned_blocks(pinned, cols, cells, provenance, warnings)
    assert cells == {"t2.licensing.prev_items": 1, "t2.licensing.change": 0, "t2.licensing.decisions": 53,
                     "t2.other_services.prev_items": 71, "t2.other_services.change": -2,
                     "t2.other_services.decisions": 18}
    assert warnings == [] and [w.code for w in out] == ["order_by_sign"]
    assert provenance["t2.other_services.change"].confidence == 0.9


def test_column_headers_printed_between_labels_and_values_are_passed_over():
    # pdfminer printed the header row (上一年项目数 / 量 wrapped) after the row labels
    headers = ("上一年项目数", "量", "本年增/减", "处理决定数量")
    pinned = sign_pinned_blocks(*_pinned_stream(["0", "0", "+1", "0", "4546", "108"], headers))  # type: ignore[arg-type]
    assert len(pinned) == 1
    assert [it.text for it in pinned[0].items] == ["0", "+1", "4546", "0", "0", "108"]
    # the block's caption, and two headers in one box (pdfminer joins neighbouring header cells)
    headers = ("第二十条第（五）项", "信息内容", "上一年项目数", "量", "本年增/减 处理决定数量")
    pinned = sign_pinned_blocks(*_pinned_stream(["0", "38", "+2", "+7", "6828", "1"], headers))  # type: ignore[arg-type]
    assert [it.text for it in pinned[0].items] == ["0", "+2", "6828", "38", "+7", "1"]
    # a label that is no piece of the block's headers still ends the search: nothing pinned
    assert sign_pinned_blocks(*_pinned_stream(["0", "0", "+1", "0", "4546", "108"], ("行政处罚",))) == []  # type: ignore[arg-type]


def test_a_block_with_a_change_column_printed_labels_first_is_apart():
    decisions, items = _pinned_stream(["1", "71", "0", "2", "53", "18"])
    assert len(signed_apart_block_keys(decisions, items)) == 6  # type: ignore[arg-type]
    # each label followed by its values (row by row): not apart
    pieces = ["行政许可", "1", "0", "53", "其他对外管理服务事项", "71", "2", "18"]
    items = [Item("value" if p[0].isdigit() else "label", p, "text", line, pos=line) for line, p in enumerate(pieces)]
    decisions = [SimpleNamespace(row=SimpleNamespace(plan=RowPlan(
        d.row.plan.label, d.row.plan.keys, d.row.plan.cols, None, anchor)))
        for d, anchor in zip(decisions, (0, 4))]
    assert signed_apart_block_keys(decisions, items) == []  # type: ignore[arg-type]


def test_no_sign_or_a_sign_both_orders_place_alike_pins_nothing():
    assert sign_pinned_blocks(*_pinned_stream(["1", "71", "0", "2", "53", "18"])) == []  # type: ignore[arg-type]
    # +2 is the second cell of both readings' first row (a change either way): nothing to pin
    assert sign_pinned_blocks(*_pinned_stream(["1", "+2", "0", "0", "53", "18"])) == []  # type: ignore[arg-type]


def test_two_blocks_labels_in_one_run_then_each_blocks_values_in_turn():
    # 行政许可 其他… 行政处罚 行政强制, then (五)'s caption, headers and values, then (六)'s
    five = ["第二十条第(五)项", "上一年项目数", "量", "本年增/减 处理决定数量", "0", "0", "3", "2", "208", "2"]
    six = ["第二十条第(六)项", "上一年项目数", "量", "本年增/减 处理决定数量", "29", "2", "-7", "0", "564", "11"]
    pieces = ["行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "信息内容", *five, *six, "第二十条第(八)项"]
    items = [Item("value" if p[0] in "0123456789+－-" else "label", p, "text", line, pos=line,
                  span=(line, line + 1)) for line, p in enumerate(pieces)]
    cols = (Column("count"), Column("signed"), Column("count"))
    rows = (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"), ("行政处罚", "penalty"),
            ("行政强制", "coercion"))
    decisions = [SimpleNamespace(row=SimpleNamespace(plan=RowPlan(
        label, tuple(f"t2.{row}.{c}" for c in ("prev_items", "change", "decisions")), cols, None, anchor)))
        for anchor, (label, row) in enumerate(rows)]
    pinned = sign_pinned_blocks(decisions, items)  # type: ignore[arg-type]
    # (五) prints no sign: not pinned; (六) is, from the second run of values
    assert [p.block for p in pinned] == ["art20_6"]
    assert [it.text for it in pinned[0].items] == ["29", "-7", "564", "2", "0", "11"]


def test_an_earlier_blocks_values_split_by_a_caption_pin_nothing():
    # 规章 规范性文件 行政许可 其他… 行政处罚 行政强制 in one run; (一)'s six values printed 0 10 | caption |
    # 0 10 0 103: counting runs would give (六) the run of (五) (9 3 －2 -1 38 571), whose signs fit
    # (六)'s change column all the same
    one_cols = (Column("count"), Column("count"), Column("count"))
    five_cols = (Column("count"), Column("signed"), Column("count"))
    pieces = ["规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "0", "10",
              "第二十条第（五）项", "0", "10", "0", "103", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
              "9", "3", "－2", "-1", "38", "571", "第二十条第（六）项", "信息内容", "2", "1", "第二十条第（八）项"]
    items = [Item("value" if p[0] in "0123456789+－-" else "label", p, "text", line, pos=line,
                  span=(line, line + 1)) for line, p in enumerate(pieces)]
    rows = (("规章", "regulations", ("made", "published", "total_published"), one_cols),
            ("规范性文件", "normative_docs", ("made", "published", "total_published"), one_cols),
            ("行政许可", "licensing", ("prev_items", "change", "decisions"), five_cols),
            ("其他对外管理服务事项", "other_services", ("prev_items", "change", "decisions"), five_cols),
            ("行政处罚", "penalty", ("prev_items", "change", "decisions"), five_cols),
            ("行政强制", "coercion", ("prev_items", "change", "decisions"), five_cols))
    decisions = [SimpleNamespace(row=SimpleNamespace(plan=RowPlan(
        label, tuple(f"t2.{row}.{c}" for c in names), cols, None, anchor)))
        for anchor, (label, row, names, cols) in enumerate(rows)]
    assert sign_pinned_blocks(decisions, items) == []  # type: ignore[arg-type]
