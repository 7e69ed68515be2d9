"""A table read by its headers that lacks a column of the national format (三 printed wider than the
page, its 总计 column cut off at the edge): the missing cells are named, never silently left out
(core/document_passes.py, ``unread_cell_warnings``). On the real hangzhou page, its 总计 column removed."""

from __future__ import annotations

import re
from pathlib import Path

import gktables

PAGE = Path(__file__).resolve().parents[1] / "golden" / "real" / "hangzhou_style_2025.html"


def _without_total_column(html: str) -> str:
    start = html.index("三、收到和处理")
    end = html.index("</table>", start)
    table = html[start:end]
    table = table.replace('<td colspan="7">申请人情况</td>', '<td colspan="6">申请人情况</td>')
    table = table.replace("<td>其他</td><td></td>", "<td>其他</td>").replace("<td>总计</td>", "")
    table = re.sub(r"<td>[\d.]+</td></tr>", "</tr>", table)  # each row's last value: its 总计
    return html[:start] + table + html[end:]


def test_a_column_missing_from_a_header_read_table_is_named():
    html = _without_total_column(PAGE.read_text(encoding="utf-8"))
    assert "<td>总计</td>" not in html[html.index("三、收到和处理"):html.index("四、政府信息公开行政复议")]
    report = gktables.extract(html.encode("utf-8"), name="cut.html").to_dict()
    assert report["cells"]["t3.new.natural"] == 13612 and report["cells"]["t3.new.other"] == 32
    totals = [k for k in report["cells"] if k.startswith("t3.") and k.endswith(".total")]
    assert not totals
    named = {k for w in report["warnings"] if w["code"] == "cells_not_read" for k in w["keys"]}
    assert {"t3.new.total", "t3.result.total.total", "t3.carried_forward.total"} <= named
