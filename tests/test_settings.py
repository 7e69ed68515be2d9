"""Every setting is validated where it is made and changes what extraction does (issues #17, #18)."""

from __future__ import annotations

import io
import json
import math
import sys
from dataclasses import fields

import pytest

import gktables
from gktables.core.pipeline import layout_to_report
from gktables import MissingDependencyError, NotAReportError, Settings, SettingsError, TooLargeError
from gktables.cli import build_parser, output_names, settings_from_args
from gktables.deadline import Deadline
from gktables.errors import TimeLimitError
from tools import hostile

from .conftest import GOLDEN_REAL

PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"
PINGTAN_2021 = GOLDEN_REAL / "pingtan_2021_page.txt"  # 三's digits run together: the cut search has work
HONGZE = GOLDEN_REAL / "hongze_2023.pdf"


BAD_VALUES = [
    ("ocr_dpi", -200), ("ocr_dpi", 0), ("time_limit_s", math.nan), ("time_limit_s", -1), ("time_limit_s", math.inf),
    ("max_pages", 0), ("max_pages", True), ("max_bytes", 1.5), ("confidence_threshold", 5),
    ("confidence_threshold", -0.1), ("force_ocr", 1), ("ocr_engine", "abbyy"), ("max_candidates", "many"),
    ("force_text", "yes"), ("pdf_backend", "magic"), ("max_text_bytes", 0), ("max_image_pixels", -1),
    ("max_html_bytes", None), ("max_docx_xml_bytes", 2.5), ("require_tables", None), ("keep_debug", 0),
    ("max_candidates", 5), ("pdf_text_reread", "no"),
]


def test_every_field_has_a_refused_value():
    assert {f.name for f in fields(Settings)} == {name for name, _ in BAD_VALUES}


@pytest.mark.parametrize("field,value", BAD_VALUES)
def test_bad_values_are_refused_naming_the_field(field, value):
    with pytest.raises(SettingsError, match=repr(field)):
        Settings(**{field: value})
    with pytest.raises(SettingsError, match=repr(field)):
        Settings.resolve({field: value})


def test_good_values_are_taken():
    s = Settings(time_limit_s=None, ocr_dpi=300, confidence_threshold=0.5, max_pages=1)
    assert (s.time_limit_s, s.ocr_dpi, s.confidence_threshold, s.max_pages) == (None, 300, 0.5, 1)
    assert Settings.resolve({"time_limit_s": 5}).time_limit_s == 5


def test_confidence_threshold_decides_what_is_flagged():
    strict = gktables.extract(PINGTAN, {"confidence_threshold": 1.0})
    default = gktables.extract(PINGTAN)
    lax = gktables.extract(PINGTAN, {"confidence_threshold": 0.0})
    assert strict.cells == default.cells == lax.cells
    low = {k for k, p in default.provenance.items() if p.confidence < 1.0}
    assert low and low <= strict.flagged_keys()
    assert len(strict.flagged_keys()) > len(default.flagged_keys()) >= len(lax.flagged_keys())
    assert default.flagged_keys(threshold=1.0) == strict.flagged_keys()


def test_time_limit_stops_the_work_inside():
    made = hostile.glued_t3_text(2500, seed=1, off_by_one=True)
    deadline_s = 0.02  # the page takes ~0.13 s warm, ~0.5 s cold: the limit falls inside the work either way
    with pytest.raises(TimeLimitError, match="time_limit_s=0.02"):
        gktables.extract(made[1], {"time_limit_s": deadline_s}, name=made[0])
    with pytest.raises(TimeLimitError, match="<text>"):
        gktables.extract_text(made[1].decode("utf-8"), {"time_limit_s": 0.001})


def test_time_limit_stops_the_column_by_column_search():
    """pdfminer's text of a narrow-wrapped table (golden/slow/: its 三 read column by column spends
    its whole step budget, over a minute of searching): the limit stops the search, which keeps 三 as
    read in print order, every cell flagged by a warning that names the file and the limit."""
    slow = GOLDEN_REAL.parent / "slow" / "s199_001_pdf_narrow_wrap_2021.pdfminer.txt"
    report = gktables.extract_text(slow.read_text(encoding="utf-8"), {"time_limit_s": 3}, name=slow.name)
    stopped = [w for w in report.warnings if w.code == "column_search_stopped"]
    assert len(stopped) == 1 and "s199_001" in stopped[0].message and "time_limit_s=3" in stopped[0].message
    t3 = {k for k in report.cells if k.startswith("t3.")}
    assert len(t3) == 175 and set(stopped[0].keys) == t3 and t3 <= report.flagged_keys()
    assert report.cells["t2.regulations.issued"] == 0 and report.cells["t4.review.total"] == 2


def test_deadline_reads_the_clock_every_n_calls():
    deadline = Deadline(0.0, "x.pdf", every=4)
    for _ in range(3):
        deadline.check()  # the clock is not read yet
    with pytest.raises(TimeLimitError, match="x.pdf"):
        deadline.check()
    Deadline(None).check_now()  # no limit: never raises


def test_byte_limits_refuse_large_inputs(tmp_path):
    with pytest.raises(TooLargeError, match="max_bytes"):
        gktables.extract(PINGTAN, {"max_bytes": 1000})
    with pytest.raises(TooLargeError, match="max_text_bytes"):
        gktables.extract(PINGTAN, {"max_text_bytes": 1000})
    with pytest.raises(TooLargeError, match="max_html_bytes"):
        gktables.extract(GOLDEN_REAL / "hangzhou_style_2025.html", {"max_html_bytes": 1000})
    with pytest.raises(TooLargeError, match="max_docx_xml_bytes"):
        gktables.extract(hostile.docx_table(200)[1], {"max_docx_xml_bytes": 10_000}, name="t.docx")
    with pytest.raises(TooLargeError, match="max_image_pixels"):
        gktables.extract(hostile.png_speckle(300)[1], {"max_image_pixels": 300 * 299}, name="s.png")


def test_read_file_reads_what_the_file_holds_when_it_grows(tmp_path, monkeypatch):
    """read_file reads the size fstat gives plus one byte, then the rest: a file that grew after
    fstat (seen here as one whose fstat says less) is read whole, or refused past max_bytes."""
    import os

    from gktables import api

    page = tmp_path / "p.txt"
    page.write_bytes(b"x" * 5000)
    assert api.read_file(page, 5000) == b"x" * 5000
    real_fstat = os.fstat

    def smaller(fd: int) -> os.stat_result:
        st = list(real_fstat(fd))
        st[6] = 100  # st_size: the file "grew" from 100 bytes
        return os.stat_result(st)

    monkeypatch.setattr(api.os, "fstat", smaller)
    assert api.read_file(page, 5000) == b"x" * 5000
    with pytest.raises(TooLargeError, match="max_bytes"):
        api.read_file(page, 4999)


def test_max_image_pixels_is_the_limit_that_applies():
    """Pillow's own bomb limit (179 Mpx) fired first and raising the setting did not admit more;
    now the setting decides (a lying 3.6 Gpx header is refused naming it, not Pillow's limit)."""
    name, data = hostile.png_lying_header()
    with pytest.raises(TooLargeError, match="max_image_pixels = 100,000,000"):
        gktables.extract(data, {"max_image_pixels": 100_000_000}, name=name)


def test_require_tables_raises_not_a_report(tmp_path):
    notice = tmp_path / "notice.txt"
    notice.write_text("关于做好年度工作的通知。请各单位按时报送。", encoding="utf-8")
    assert gktables.extract(notice).cells == {}  # backwards compatible: a Report with warnings
    with pytest.raises(NotAReportError, match="notice.txt"):
        gktables.extract(notice, {"require_tables": True})


def test_sources_of_every_type():
    data = PINGTAN.read_bytes()
    assert gktables.extract(io.BytesIO(data)).cells["t3.new.total"] == 81
    assert gktables.extract(bytearray(data), name="p.txt").cells["t3.new.total"] == 81
    assert gktables.extract_text(data).cells["t3.new.total"] == 81
    with pytest.raises(TypeError, match="not NoneType"):
        gktables.extract(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="binary file objects"):
        gktables.extract(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="not NoneType"):
        gktables.extract_text(None)  # type: ignore[arg-type]


def test_output_names_are_distinct_for_distinct_inputs():
    names = output_names(["a/report.txt", "b/report.txt", "c/other.pdf", "a/report.txt"], ".json")
    assert str(names["a/report.txt"]) == "a/report.txt.json" and str(names["b/report.txt"]) == "b/report.txt.json"
    assert str(names["c/other.pdf"]) == "other.pdf.json"


# --- every field changes what extraction does (issue #18): field -> the test that shows it ------
BEHAVIOUR = {
    "force_ocr": "test_force_ocr_reads_a_text_pdf_by_ocr", "force_text": "test_force_text_reads_markup_as_text",
    "ocr_engine": "test_ocr_engine_picks_the_engine", "ocr_dpi": "test_ocr_dpi_sets_the_rasterisation",
    "pdf_backend": "test_pdf_backend_picks_the_table_reader",
    "pdf_text_reread": "test_pdf_text_reread_reads_a_table_the_grids_flagged_from_the_text_lines",
    "time_limit_s": "test_time_limit_stops_the_work_inside", "max_bytes": "test_byte_limits_refuse_large_inputs",
    "max_text_bytes": "test_byte_limits_refuse_large_inputs", "max_html_bytes": "test_byte_limits_refuse_large_inputs",
    "max_docx_xml_bytes": "test_byte_limits_refuse_large_inputs",
    "max_image_pixels": "test_max_image_pixels_is_the_limit_that_applies",
    "max_pages": "test_max_pages_bounds_the_pages_searched_for_tables",
    "max_candidates": "test_max_candidates_bounds_the_cut_search_and_flags_what_it_cut_short",
    "confidence_threshold": "test_confidence_threshold_decides_what_is_flagged",
    "require_tables": "test_require_tables_raises_not_a_report",
    "keep_debug": "test_keep_debug_keeps_the_intermediates",
}


def test_every_field_has_a_behaviour_test():
    module = sys.modules[__name__]
    assert set(BEHAVIOUR) == {f.name for f in fields(Settings)}
    assert all(callable(getattr(module, name, None)) for name in BEHAVIOUR.values())


def test_force_ocr_reads_a_text_pdf_by_ocr():
    name, data = hostile.pdf_text_page()
    assert gktables.extract(data, name=name).layout.source == "pdf"
    assert gktables.extract(data, {"force_ocr": True}, name=name).layout.source == "ocr"


def test_force_text_reads_markup_as_text():
    page = "<html><body><table><tr><td>本年新收政府信息公开申请数量</td><td>1</td></tr></table></body></html>"
    plain = gktables.extract(page.encode("utf-8"), name="page.html")
    as_text = gktables.extract(page.encode("utf-8"), {"force_text": True}, name="page.html")
    assert (plain.layout.source, as_text.layout.source) == ("html", "text")
    assert "<td>" in as_text.layout.text and "<td>" not in plain.layout.text


def test_ocr_engine_picks_the_engine():
    name, data = hostile.png_speckle(120)
    assert gktables.extract(data, name=name).layout.debug["engine"] == "tesseract"
    try:
        layout = gktables.extract(data, {"ocr_engine": "rapidocr"}, name=name).layout
    except MissingDependencyError as exc:  # not installed: the setting was read all the same
        assert "rapidocr" in str(exc)
    else:
        assert layout.debug["engine"] == "rapidocr"


def test_ocr_dpi_sets_the_rasterisation():
    name, data = hostile.pdf_huge_page(144)  # an image-only page of two inches square
    sizes = [gktables.extract(data, {"ocr_dpi": dpi}, name=name).layout.debug["pages"][1]["input_size"]
             for dpi in (100, 200)]
    assert sizes == [(200, 200), (400, 400)]


def test_pdf_backend_picks_the_table_reader():
    """(That camelot's grids read hongze's tables is tests/test_pdf_source.py's.)"""
    name, data = hostile.pdf_text_page()
    default = gktables.extract(data, name=name)
    camelot = gktables.extract(data, {"pdf_backend": "camelot"}, name=name)
    assert (default.layout.debug["backend"], camelot.layout.debug["backend"]) == ("pdfium", "camelot")


def test_pdf_backend_old_name_is_read_as_builtin_with_a_deprecation_note(capsys):
    """'pdfplumber' named a fallback, not what the default reader does: still accepted, as 'builtin'."""
    assert Settings().pdf_backend == "builtin"
    with pytest.warns(DeprecationWarning, match="builtin"):
        assert Settings(pdf_backend="pdfplumber").pdf_backend == "builtin"  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning):
        assert Settings.resolve({"pdf_backend": "pdfplumber"}) == Settings()
    args = build_parser().parse_args(["extract", "--backend", "pdfplumber", "x.pdf"])
    assert settings_from_args(args).pdf_backend == "builtin"
    assert "deprecated" in capsys.readouterr().err


def test_pdf_text_reread_reads_a_table_the_grids_flagged_from_the_text_lines():
    """二 of the real hangzhou page printed by a browser without cell padding, as the stream grids
    read it (tests/test_association_foreign_line.py): labels glued to their first values, the （八）
    block lost, so the grids' reading is flagged. The page's text lines read every cell of 二."""
    from .test_association_foreign_line import _layout

    off = layout_to_report(_layout(), "h_small.pdf", Settings(pdf_text_reread=False))
    on = layout_to_report(_layout(), "h_small.pdf", Settings())
    two = {"t2.regulations.issued": 3, "t2.normative_docs.issued": 564, "t2.normative_docs.in_force": 4185,
           "t2.fees.amount": 316441.0}
    assert {k: off.cells.get(k) for k in two} != two and set(two) <= off.flagged_keys()
    assert {k: on.cells.get(k) for k in two} == two and not set(two) & on.flagged_keys()


def test_max_pages_bounds_the_pages_searched_for_tables():
    assert len(gktables.extract(HONGZE).cells) == 186
    assert len(gktables.extract(HONGZE, {"max_pages": 1}).cells) < 186


def test_max_candidates_bounds_the_cut_search_and_flags_what_it_cut_short():
    """The cut search of run-together digits spends at most max_candidates × 30 steps per table:
    a small bound cuts it short, and the rows read from a search cut short are flagged (the readings
    found before the budget ran out stand, wrong ones among them: none unflagged)."""
    expected = json.loads(PINGTAN_2021.with_name("pingtan_2021_page.expected.json").read_text("utf-8"))["cells"]
    full = gktables.extract(PINGTAN_2021)
    assert full.cells == expected
    short = gktables.extract(PINGTAN_2021, {"max_candidates": 10})  # 300 steps: the rows need ~1,800
    assert "split_search_truncated" in {w.code for w in short.warnings}
    wrong = {k for k, v in short.cells.items() if expected.get(k) != v}
    assert wrong and wrong <= short.flagged_keys()
    assert len(short.flagged_keys()) > 10 * len(full.flagged_keys())


def test_cut_search_budget_gives_the_same_result_warm_or_cold():
    """Remembered cut searches are charged as if run again: a document's reading never depends on
    what the process read before (a corpus worker reads many)."""
    from gktables.core.candidates import _sum_splits_bounded  # noqa: PLC2701 - the cache under test

    name, data = hostile.glued_t3_text(250_000, seed=4)
    _sum_splits_bounded.cache_clear()
    cold = gktables.extract(data, {"time_limit_s": None}, name=name)
    warm = gktables.extract(data, {"time_limit_s": None}, name=name)
    assert cold.to_dict() == warm.to_dict()
    t3 = {k for k in cold.cells if k.startswith("t3.")}
    assert t3 <= cold.flagged_keys()


def test_keep_debug_keeps_the_intermediates():
    assert "pdf_bytes" not in gktables.extract(HONGZE).layout.debug
    assert gktables.extract(HONGZE, {"keep_debug": True}).layout.debug["pdf_bytes"] == HONGZE.read_bytes()
