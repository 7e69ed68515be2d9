"""二 printed box by box (core/block_flow.py), on small hand-built streams: values down the columns
their headers name, a column's nth header the nth block's."""

from gktables.core.block_flow import flow_reading, signs_confirm, take_flow_reading
from gktables.core.items import Item
from gktables.report import Provenance


def _zone(stream: list[str]) -> list[Item]:
    """One box a piece, a blank line between boxes; a piece starting with '|' is the next line of
    the box before. Numbers (signed, or with 元) are values, the rest labels."""
    items: list[Item] = []
    line = 0
    for pos, piece in enumerate(stream):
        line += 1 if piece.startswith("|") else 2
        piece = piece.lstrip("|")
        kind = "value" if piece.lstrip("+-－").split(" ")[0].replace(".", "").isdigit() else "label"
        items.append(Item(kind, piece, "text", line, pos=pos))
    return items


# large print, 2019: a header's box may hold its column's first cell ('|'); 20_5's and 20_6's boxes interleave
STREAM = ["二、主动公开政府信息情况", "信息内容", "规章", "规范性文件", "第二十条第（一）项",
          "本年新制作数", "|量", "|6", "本年新公开数", "|量", "|6", "对外公开总数", "|量", "|16", "4", "4", "75",
          "第二十条第（五）项", "上一年项目数", "|量", "|13", "其他对外管理服务事项", "4", "行政处罚", "行政强制",
          "第二十条第（六）项", "上一年项目数", "|量", "|2", "20", "第二十条第（八）项", "上一年项目数量", "|0",
          "本年增/减", "处理决定数量", "0", "0", "0", "0", "本年增/减", "处理决定数量", "+3", "0", "0", "164",
          "本年增/减", "+3", "采购项目数量", "采购总金额", "政府集中采购", "0", "1955 元"]


def _flow(stream: list[str]) -> dict[str, Item]:
    """The 2019 zone's flow reading, which must exist."""
    flow = flow_reading(_zone(stream), "2019")
    assert flow is not None
    return flow


def test_values_are_read_down_the_columns_their_headers_name():
    flow = _flow(STREAM)
    got = {k: it.text for k, it in flow.items()}
    assert [got[f"t2.regulations.{c}"] for c in ("made", "published", "total_published")] == ["6", "6", "16"]
    assert [got[f"t2.normative_docs.{c}"] for c in ("made", "published", "total_published")] == ["4", "4", "75"]
    assert [got[f"t2.other_services.{c}"] for c in ("prev_items", "change", "decisions")] == ["4", "0", "0"]
    # the second 本年增/减 and 处理决定数量 printed are 20_6's: down 本年增/减, then 处理决定数量
    assert [got[f"t2.penalty.{c}"] for c in ("prev_items", "change", "decisions")] == ["2", "+3", "0"]
    assert [got[f"t2.coercion.{c}"] for c in ("prev_items", "change", "decisions")] == ["20", "0", "164"]
    assert [got["t2.fees.prev_items"], got["t2.fees.change"]] == ["0", "+3"]
    assert [got["t2.procurement.items"], got["t2.procurement.amount"]] == ["0", "1955 元"]


# landscape, 2019: every row label first, each block's values column by column between the captions,
# 行政事业性收费's values printed before its headers (its block follows the full 20_6)
LANDSCAPE = ["二、主动公开政府信息情况", "规章", "规范性文件", "行政许可", "其他对外管理服务事项", "行政处罚",
             "行政强制", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第（一）项",
             "0", "0",
             "第二十条第（五）项", "0", "0", "0", "115", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
             "0", "7", "第二十条第（六）项", "0", "+2", "0", "0", "信息内容", "上一年项目数量", "本年增/减",
             "处理决定数量", "31", "1", "第二十条第（八）项", "+8", "+2", "56", "611", "行政事业性收费", "1", "0",
             "信息内容", "上一年项目数量", "本年增/减", "政府集中采购", "信息内容", "第二十条第（九）项",
             "采购项目数量", "186", "采购总金额", "41992.11 元"]


def test_values_past_a_full_block_go_on_in_the_next_block():
    flow = _flow(LANDSCAPE)
    got = {k: it.text for k, it in flow.items()}
    assert [got[f"t2.normative_docs.{c}"] for c in ("made", "published", "total_published")] == ["0", "0", "115"]
    assert [got[f"t2.other_services.{c}"] for c in ("prev_items", "change", "decisions")] == ["7", "+2", "0"]
    assert [got[f"t2.coercion.{c}"] for c in ("prev_items", "change", "decisions")] == ["1", "+2", "611"]
    assert [got["t2.fees.prev_items"], got["t2.fees.change"]] == ["1", "0"]
    assert [got["t2.procurement.items"], got["t2.procurement.amount"]] == ["186", "41992.11 元"]
    assert signs_confirm(flow)  # +2, +8, +2: each in a change column
    # values past the last block: no reading
    assert flow_reading(_zone([*LANDSCAPE, "3"]), "2019") is None


def test_values_that_do_not_fill_the_cells_exactly_give_no_reading():
    assert flow_reading(_zone(STREAM[:-1]), "2019") is None  # one cell left empty
    assert flow_reading(_zone([*STREAM, "7"]), "2019") is None  # a value with no cell left


def test_the_flow_value_is_shown_flagged_with_the_row_order_value_a_candidate():
    flow = _flow(STREAM)
    keys = ["t2.penalty.change", "t2.penalty.decisions"]
    cells = {"t2.penalty.change": 0, "t2.penalty.decisions": 3}  # as the rows' order read them
    provenance = {k: Provenance(source="text", raw=str(v), confidence=0.6) for k, v in cells.items()}
    out = take_flow_reading(flow, keys, "2019", cells, provenance)  # type: ignore[arg-type]
    assert cells == {"t2.penalty.change": 3, "t2.penalty.decisions": 0}
    assert [w.code for w in out] == ["header_flow_order"] and out[0].keys == keys
    assert provenance["t2.penalty.change"].candidates == [0, 3]
    assert provenance["t2.penalty.change"].confidence == 0.5


def test_signs_confirm_only_a_reading_with_every_signed_value_in_a_change_column():
    def item(text: str) -> Item:
        return Item("value", text, "text", 0)
    assert signs_confirm({"t2.fees.change": item("+3"), "t2.fees.prev_items": item("4")})
    assert not signs_confirm({"t2.fees.change": item("3"), "t2.fees.prev_items": item("4")})  # no sign
    assert not signs_confirm({"t2.fees.change": item("0"), "t2.fees.prev_items": item("-4")})


# landscape, 2019 (pdfminer): 第二十条第（六）项's header run is followed by row labels, then four values, its
# last two columns'; its first column (0 26) is printed after 采购总金额's value
FIRST = ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量", "第二十条第（一）项", "5", "0"]
FIFTH = ["第二十条第（五）项", "5", "0", "17", "75", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
         "1148", "133"]
SIXTH = ["第二十条第（六）项", "156", "0", "8450", "142", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
         "行政处罚", "行政强制", "行政事业性收费", "政府集中采购", "信息内容", "信息内容", "1", "8", "21", "16"]
AFTER = ["本年增/减", "3", "采购总金额", "78470691 元", "0", "26", "第二十条第（八）项", "上一年项目数量", "1",
         "第二十条第（九）项", "采购项目数量", "3"]
LATE = ["二、主动公开政府信息情况", "规章", "规范性文件", "行政许可", "其他对外管理服务事项", *FIRST, *FIFTH, *SIXTH,
        *AFTER]


def test_landscape_values_after_row_labels_are_the_headers_last_columns():
    got = {k[3:]: it.text for k, it in _flow(LATE).items()}
    assert [got[f"regulations.{c}"] for c in ("made", "published", "total_published")] == ["5", "5", "17"]
    assert [got[f"licensing.{c}"] for c in ("prev_items", "change", "decisions")] == ["1148", "156", "8450"]
    assert [got[f"penalty.{c}"] for c in ("prev_items", "change", "decisions")] == ["0", "1", "21"]
    assert [got[f"coercion.{c}"] for c in ("prev_items", "change", "decisions")] == ["26", "8", "16"]
    assert [got["fees.prev_items"], got["fees.change"], got["procurement.items"]] == ["1", "3", "3"]
    assert got["procurement.amount"] == "78470691 元"
