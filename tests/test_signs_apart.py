"""A sign printed apart from its number ('1 － 1 765': pypdf breaks －1 where the font changes
between the full-width minus and the digit) is the number's sign or a blank mark; a check decides,
or the cell is flagged with both values (core/items.py sign_printed_apart, core/candidates.py)."""

import pytest

import gktables
from gktables.core.candidates import Column, best_readings
from gktables.core.items import text_to_items

# 二 as pypdf printed a browser's PDF of it (s7_047), the row of 其他对外管理服务事项 left open
_SECTION_TWO = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
规范性文件 15 3 9
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 0 0 48
其他对外管理服务事项 {row}
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 39 0 4304
行政强制 0 0 0
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 1 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 0 0 元
"""
_ROW = ("t2.other_services.prev_items", "t2.other_services.change", "t2.other_services.decisions")


def _row(printed: str) -> tuple[list, dict, set[str]]:
    report = gktables.extract_text(_SECTION_TWO.format(row=printed)).to_dict()
    flagged = {k for w in report["warnings"] for k in w["keys"]}
    return [report["cells"][k] for k in _ROW], report["provenance"], flagged


@pytest.mark.parametrize("sign", ["－", "-", "−"])
def test_a_minus_printed_apart_in_the_change_column_is_flagged_with_both_values(sign):
    values, provenance, flagged = _row(f"1 {sign} 1 765")
    assert values == [1, -1, 765]  # the sign read, and the cell flagged: 二 has no check to tell
    assert provenance["t2.other_services.change"]["candidates"] == [-1, 1]
    assert provenance["t2.other_services.change"]["confidence"] < 0.9
    assert "t2.other_services.change" in flagged
    assert not {"t2.other_services.prev_items", "t2.other_services.decisions"} & flagged


def test_a_minus_glued_to_its_number_is_read_and_not_flagged():
    # the minus sign (U+2212) is a sign like '-' and '－'
    values, provenance, flagged = _row("1 −1 765")
    assert values == [1, -1, 765]
    assert provenance["t2.other_services.change"].get("candidates") is None and not set(_ROW) & flagged


def test_a_plus_printed_apart_reads_the_same_value_either_way():
    values, _, flagged = _row("1 ＋ 1 765")
    assert values == [1, 1, 765] and not set(_ROW) & flagged


def test_a_dash_that_takes_a_cell_of_its_own_stays_a_blank_cell():
    # three values for three cells: the dash is the blank 上一年项目数量, nothing is left to sign
    values, _, flagged = _row("－ 1 765")
    assert values == [None, 1, 765] and not set(_ROW) & flagged


def _tokens(line: str) -> list:
    return [it for it in text_to_items(line) if it.kind == "value"]


_COLS = (Column("count"), Column("signed"), Column("count"))


def test_the_signed_reading_ties_with_the_mark_left_out_and_a_check_decides():
    tokens = _tokens("其他对外管理服务事项 1 － 1 765")
    cost, readings, _ = best_readings(tokens, _COLS, 1.0, 1000, lambda r: 0.0)
    assert [r.values for r in readings] == [(1, -1, 765), (1, 1, 765)]
    assert cost == pytest.approx(0.6)  # what leaving the mark out costs, no more
    for truth in (1, -1):
        def check(r, truth=truth):
            return 0.0 if r.values[1] == truth else 3.0
        _, decided, _ = best_readings(tokens, _COLS, 1.0, 1000, check)
        assert [r.values for r in decided] == [(1, truth, 765)]


def test_a_minus_apart_in_the_same_markdown_cell_is_taken_back_too():
    # markitdown keeps the converter's space inside the cell: '| － 1 |'
    tokens = _tokens("| 其他对外管理服务事项 | 1 | － 1 | 765 |")
    _, readings, _ = best_readings(tokens, _COLS, 1.0, 1000, lambda r: 0.0)
    assert [r.values for r in readings] == [(1, -1, 765), (1, 1, 765)]


def test_a_mark_far_from_the_number_or_in_a_field_of_its_own_is_no_sign():
    # a column apart (space-aligned text), or its own tab field: the mark is a blank or a stray
    for line in ("其他对外管理服务事项 1    －    1 765", "其他对外管理服务事项\t1\t－\t1\t765"):
        _, readings, _ = best_readings(_tokens(line), _COLS, 1.0, 1000, lambda r: 0.0)
        assert all(r.values[1] != -1 for r in readings)
    # a count column takes no sign: the mark before 上一年项目数量 is left out alone
    _, readings, _ = best_readings(_tokens("其他对外管理服务事项 － 1 0 765"), _COLS, 1.0, 1000, lambda r: 0.0)
    assert [r.values for r in readings] == [(1, 0, 765)]
