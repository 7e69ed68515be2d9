"""Every setting is validated where it is made and changes what extraction does (issues #17, #18)."""

from __future__ import annotations

import io
import math

import pytest

import gktables
from gktables import NotAReportError, Settings, SettingsError, TooLargeError
from gktables.cli import output_names
from gktables.deadline import Deadline
from gktables.errors import TimeLimitError
from tools import hostile

from .conftest import GOLDEN_REAL

PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"


@pytest.mark.parametrize("field,value", [
    ("ocr_dpi", -200), ("ocr_dpi", 0), ("time_limit_s", math.nan), ("time_limit_s", -1), ("time_limit_s", math.inf),
    ("max_pages", 0), ("max_pages", True), ("max_bytes", 1.5), ("confidence_threshold", 5),
    ("confidence_threshold", -0.1), ("force_ocr", 1), ("ocr_engine", "abbyy"), ("max_candidates", "many"),
])
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
    deadline_s = 0.5
    with pytest.raises(TimeLimitError, match="time_limit_s=0.5"):
        gktables.extract(made[1], {"time_limit_s": deadline_s}, name=made[0])
    with pytest.raises(TimeLimitError, match="<text>"):
        gktables.extract_text(made[1].decode("utf-8"), {"time_limit_s": 0.001})


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
