"""A '|' row printing more fields than cells (markitdown's padding columns among blank cells): the
cells whose column depends on which empty fields are padding are flagged (core/association.py,
``padding_warnings``). 四 as markitdown printed it from a browser's print of the real shanghai page:
its 5 stands under 结果维持 in the document, and one field to the right here; 5 + 2 = 7 either way."""

from __future__ import annotations

import gktables

FOUR = """四、政府信息公开行政复议、行政诉讼情况
| | | | | 行政复议 | | | | | | | | | 行政诉讼 | | |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
| | 结果维持结果纠正其他结果尚未审结 | | | | 总计 | | | 未经复议直接起诉 | | | | | 复议后起诉 | | |
| | | | | | 结果维持结果纠正其他结果尚未审结 | | | | | 总计结果维持结果纠正其他结果尚未审结总计 | | | | | |
| | | 5 | | 2 | 7 | 8 | | | 1 | 9 | | | | | |
五、存在的主要问题及改进情况
"""


def _flagged(report: dict) -> set[str]:
    keys = {k for w in report["warnings"] for k in w.get("keys", [])}
    return keys | {k for k, p in report["provenance"].items() if p.get("confidence", 1.0) < 0.9}


def test_a_value_whose_column_rests_on_the_padding_is_flagged_with_its_group():
    report = gktables.extract_text(FOUR).to_dict()
    cells, flagged = report["cells"], _flagged(report)
    assert cells["t4.review.total"] == 7 and cells["t4.lawsuit_direct.total"] == 9
    review = [k for k in cells if k.startswith("t4.review.")]
    assert len(review) == 5 and set(review) <= flagged  # 5 is 结果维持's in the document
    assert any(w["code"] == "association_padding" for w in report["warnings"])


def test_a_row_whose_fields_fit_its_cells_is_not_flagged_for_padding():
    full = FOUR.replace("| | | 5 | | 2 | 7 | 8 | | | 1 | 9 | | | | | |",
                        "| 5 | 0 | 0 | 2 | 7 | 8 | 0 | 0 | 1 | 9 | 0 | 0 | 0 | 0 | 0 |")
    report = gktables.extract_text(full).to_dict()
    assert report["cells"]["t4.review.upheld"] == 5
    assert not any(w["code"] == "association_padding" for w in report["warnings"])
