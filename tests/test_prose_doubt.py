"""A row total the prose contradicts while its row adds up to it (audit/prose.py, prose_row_doubt):
the row's other cells are in doubt too, on small hand-built 三 tables."""

import gktables

from .test_wrapped import NEW, t3_with

GRANTED = [f"t3.result.granted.{c}" for c in ("natural", "commercial", "research", "nonprofit", "legal_service",
                                              "other")]
TABLE = t3_with("一、本年新收政府信息公开申请数量 " + " ".join(map(str, NEW)))


def test_a_contradicted_total_whose_row_adds_up_flags_the_row():
    # the table prints 予以公开 1514 250 16 19 0 53 | 1852, the prose says 1850: at least one of the six
    # cells is misread too (a shifted column-by-column reading keeps the row's sum), which one unknown
    report = gktables.extract_text("本年度办结1852件，其中予以公开1850件。\n" + TABLE)
    assert [report.cells[k] for k in GRANTED] == NEW[:6]  # read as printed, not changed
    assert set(GRANTED) <= report.flagged_keys()
    doubt = [w for w in report.warnings if w.code == "prose_row_doubt"]
    assert [w.keys for w in doubt] == [GRANTED]
    assert "t3.new.natural" not in report.flagged_keys()


def test_prose_that_agrees_or_a_row_that_does_not_add_up_puts_no_doubt_on_the_row():
    agreeing = gktables.extract_text("本年度办结1852件，其中予以公开1852件。\n" + TABLE)
    assert not [w for w in agreeing.warnings if w.code == "prose_row_doubt"]
    assert not set(GRANTED) & agreeing.flagged_keys()
    # the row's own sum fails (its check flags it): nothing more to say
    broken = TABLE.replace("（一）予以公开 1514", "（一）予以公开 1510")
    report = gktables.extract_text("本年度办结1852件，其中予以公开1850件。\n" + broken)
    assert report.cells["t3.result.granted.natural"] == 1510
    assert not [w for w in report.warnings if w.code == "prose_row_doubt"]


def test_a_row_printed_all_blank_is_no_reading_to_doubt():
    # the prose counts 5 部分公开 where the table prints the row empty: the prose check flags the total,
    # the blank cells are what the table printed
    blank = TABLE.replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0 0 0 0 0",
                          "（二）部分公开（区分处理的，只计这一情形，不计其他情形） - - - - - - -")
    report = gktables.extract_text("本年度办结1852件，其中部分公开5件。\n" + blank)
    assert report.cells["t3.result.partial.natural"] is None
    assert any(c.id == "prose.t3.result.partial.total" and c.passed is False for c in report.checks)
    assert not [w for w in report.warnings if w.code == "prose_row_doubt"]
