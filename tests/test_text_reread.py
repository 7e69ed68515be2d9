"""A PDF's tables read again from its text lines where its grids left them flagged
(core/text_reread.py), on a committed generated PDF: s9_002 prints 二 without rules and with 采购总金额
before 采购项目数量, so its stream grid's columns do not line up with the header words."""

from __future__ import annotations

import gktables
from gktables.core.text_reread import reread_weak_tables
from gktables.errors import TimeLimitError

from .conftest import ROOT

PDF = ROOT / "golden" / "regressions" / "s9_002_pdf_hdr_total_first_2019.pdf"


def test_a_table_the_grids_flagged_is_taken_from_the_text_lines_with_the_pages_evidence():
    grids = gktables.extract(PDF, settings={"pdf_text_reread": False})
    report = gktables.extract(PDF)
    assert any(w.code == "pdf_text_reading" and "二" in w.message for w in report.warnings)
    assert "pdf_text_reading" not in {w.code for w in grids.warnings}
    # 二's cells now come from the text lines, each naming its page
    prov = report.provenance["t2.licensing.decisions"]
    assert report.cells["t2.licensing.decisions"] == 542 and prov.source == "pdf" and prov.page == 1
    # the page shows 228 left of 155019282, against the format's order: that stays said, whichever reading
    against = [w for w in report.warnings if w.code == "columns_against_position"]
    assert against and {"t2.procurement.items", "t2.procurement.amount"} <= set(against[0].keys)
    assert {"t2.procurement.items", "t2.procurement.amount"} <= report.flagged_keys()
    # 三 and 四, which the grids read, are the grids' reading
    assert {k: v for k, v in report.cells.items() if k.startswith(("t3.", "t4."))} == \
        {k: v for k, v in grids.cells.items() if k.startswith(("t3.", "t4."))}


def test_the_grids_reading_stays_when_time_runs_out_during_the_second_reading():
    grids = gktables.extract(PDF, settings={"pdf_text_reread": False})
    cells = dict(grids.cells)

    def out_of_time(_layout):
        raise TimeLimitError(str(PDF), "time limit reached")

    assert grids.layout is not None
    assert reread_weak_tables(grids, grids.layout, out_of_time, max_pages=400) is grids
    assert grids.cells == cells
