"""Values an order reading takes from another row's line (sources/…→core/association.py,
``foreign_line_warnings``), on a hand-built layout: 二 of a borderless page a browser printed with no
cell padding, where the stream path glued each label to its first value and lost the （八） block.
Order alone handed the 行政规范性文件 row's last value to 行政事业性收费 and a blank of the caption's
line to 规章: both must be flagged, never given at full confidence."""

from __future__ import annotations

from gktables.core.pipeline import layout_to_report
from gktables.layout import Grid, GridCell, Layout
from gktables.settings import Settings


def _grid(rows: list[list[str]]) -> Grid:
    cells = [GridCell(row=r, col=c, text=t, page=1) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return Grid(cells=cells, source="pdf", page=1)


def _layout() -> Layout:
    # as the stream path read it: the caption over two rows, the header words glued into one cell
    first = _grid([["规章 3", "5", "74"], ["行政规范性文件564", "984", "4185"]])
    first.cells = [GridCell(row=c.row + 2, col=c.col, text=c.text, page=1) for c in first.cells] + [
        GridCell(row=0, col=0, text="第二十条第（一）项信息内容", rowspan=2, page=1),
        GridCell(row=0, col=1, text="", page=1), GridCell(row=0, col=2, text="", page=1),
        GridCell(row=1, col=1, text="本年制发件数本年废止件数现行有效件数", colspan=2, page=1)]
    licensing = _grid([["信息内容", "本年处理决定数量"], ["行政许可", "11398889"]])
    penalty = _grid([["信息内容", "本年处理决定数量"], ["行政处罚", "6937489"], ["行政强制", "166105"]])
    text = ("二、主动公开政府信息情况\n第二十条第（一）项信息内容\n本年制发件数本年废止件数现行有效件数\n"
            "规章 3\t5\t74\n"
            "行政规范性文件564\t984\t4185\n第二十条第（五）项\n信息内容\t本年处理决定数量\n行政许可\t11398889\n"
            "第二十条第（六）项\n信息内容\t本年处理决定数量\n行政处罚\t6937489\n行政强制\t166105\n第二十条第（八）项\n"
            "信息内容本年收费金额（单位：万元）\n行政事业性收费316441\n")
    return Layout(source="pdf", grids=[first, licensing, penalty], text=text)


def _flagged(report: dict) -> set[str]:
    keys = {k for w in report["warnings"] for k in w.get("keys", [])}
    return keys | {k for k, p in report["provenance"].items() if p.get("confidence", 1.0) < 0.9}


def test_values_taken_from_another_rows_line_or_above_the_label_are_flagged():
    # (the grids' reading: the text lines' second reading, Settings.pdf_text_reread, reads 二 right)
    report = layout_to_report(_layout(), "h_small.pdf", Settings(pdf_text_reread=False)).to_dict()
    cells, flagged = report["cells"], _flagged(report)
    assert cells["t2.licensing.decisions"] == 11398889 and "t2.licensing.decisions" not in flagged
    assert cells["t2.coercion.decisions"] == 166105 and "t2.coercion.decisions" not in flagged
    for key in ("t2.fees.amount", "t2.regulations.issued"):  # wrong (4185, blank) unless flagged
        assert key in flagged, key
    warning = next(w for w in report["warnings"] if w["code"] == "association_foreign_line"
                   and "t2.fees.amount" in w["keys"])
    assert "行政规范性文件" in warning["message"] and "not found" in warning["message"]
    # the row whose line it is read its cells without 4185: they are as doubtful
    assert {"t2.normative_docs.issued", "t2.normative_docs.in_force"} <= set(warning["keys"])

