"""Scans as they really arrive (tools/synth/degrade.py families): the geometry and colour steps on
drawn pages (no OCR), then one committed page per family read end to end.

The committed pages (golden/scans/) are page 4 of the real hongze report (the tail of 三 and all
of 四) made by ``python -m tools.synth.degrade --pdf golden/real/hongze_2023.pdf --examples 4
--seed 7 --out golden/scans``; ``twoup`` holds pages 3 and 4 side by side.
"""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from gktables.geometry import Ruling
from gktables.sources.ocr import perspective as geo
from gktables.sources.ocr.binarise import binary_to_glyph_height, gray_to_binary
from gktables.sources.ocr.grid import table_to_grid
from gktables.sources.ocr.ink import erase_pen_strokes
from gktables.sources.ocr.upright import gray_to_upright
from tests.test_ocr_source import draw_table, needs_tesseract, spans

from .conftest import GOLDEN_REAL
from .conftest import GOLDEN_SCANS as SCANS

EXPECTED = json.loads((GOLDEN_REAL / "hongze_2023.expected.json").read_text("utf-8"))


def keystone(gray: np.ndarray, shrink: float, background: int | None = None) -> np.ndarray:
    """The page seen from below: its top edge shorter by ``shrink`` of its width on each side."""
    h, w = gray.shape
    margin = 80 if background is not None else 0
    page = cv2.copyMakeBorder(gray, margin, margin, margin, margin, cv2.BORDER_CONSTANT,
                              value=background if background is not None else 255)
    src = np.array([[margin, margin], [margin + w, margin], [margin + w, margin + h], [margin, margin + h]],
                   dtype=np.float32)
    dst = src.copy()
    dst[0, 0] += shrink * w
    dst[1, 0] -= shrink * w
    m = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(page, m, (page.shape[1], page.shape[0]), borderValue=background or 255)


# --------------------------------------------------------------------------------------------
# geometry and colour on drawn pages


def test_keystone_quad_measures_the_departure_from_square():
    square = np.array([[0, 0], [100, 0], [100, 50], [0, 50]], dtype=np.float32)
    assert geo.keystone_degrees(square) == pytest.approx(0.0, abs=1e-6)
    trapezoid = np.array([[10, 0], [90, 0], [100, 50], [0, 50]], dtype=np.float32)
    assert geo.keystone_degrees(trapezoid) == pytest.approx(11.31, abs=0.05)  # atan(10/50)


@pytest.mark.parametrize("background", [None, 60], ids=["frame", "paper-on-desk"])
def test_perspective_is_undone_from_the_frame_or_the_paper(background):
    gray = keystone(draw_table(), 0.08, background)
    page, ruled = gray_to_upright(gray)
    assert page.orientation["perspective"]["from"] == ("paper" if background else "table frame")
    assert page.orientation["perspective"]["keystone_deg"] > 5
    assert ruled is not None
    (table,) = ruled.tables
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert (2, 0, 2, 1) in spans(table)


def test_a_square_table_is_not_warped():
    page, _ = gray_to_upright(draw_table(skew=2.0))
    assert "perspective" not in page.orientation


def test_red_seal_is_dropped_and_black_print_under_it_stays():
    rgb = np.full((300, 400, 3), 250, np.uint8)
    cv2.line(rgb, (20, 150), (380, 150), (40, 40, 40), 2)  # a ruling
    cv2.putText(rgb, "12", (150, 140), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
    seal = np.zeros((300, 400), np.uint8)
    cv2.circle(seal, (200, 150), 90, 255, 12)
    cv2.circle(seal, (200, 150), 30, 255, -1)
    a = (seal.astype(np.float32) / 255 * 0.85)[..., None]
    stamped = (rgb * (1 - a + a * np.array([214, 38, 48], np.float32) / 255)).astype(np.uint8)
    gray, ink = geo.colour_to_gray(stamped)
    assert ink is not None and ink[150, 290] == 255  # the ring is marked as coloured ink
    assert gray[150 - 40, 200 - 88] > 200  # the ring over bare paper is paper now
    assert gray[150, 200] < 100  # the black ruling under the seal's centre stays black
    assert gray[150, 50] < 100
    plain, none = geo.colour_to_gray(rgb)
    assert none is None and np.array_equal(plain, cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY))


def test_two_pages_side_by_side_are_cut_at_the_gutter():
    page = draw_table()
    both = np.hstack([page, np.full((page.shape[0], 60), 255, np.uint8), page])
    binary = gray_to_binary(both)
    glyph = binary_to_glyph_height(binary)
    cut = geo.split_two_up(binary, glyph)
    assert cut is not None and 1000 < cut < page.shape[1] + 60 + 100  # in the blank band between the tables
    assert geo.split_two_up(gray_to_binary(page), glyph) is None  # one page: never cut


def test_circle_drawn_round_a_cell_is_erased_and_the_cell_noted():
    page = draw_table()
    cv2.ellipse(page, (700, 370), (106, 46), 0, 0, 360, 0, 3)  # round the cell of row 2, col 2, a little over it
    _, ruled = gray_to_upright(page)
    assert ruled is not None
    (table,) = ruled.tables
    boxes = [c.bbox for c in table.cells]
    hit = erase_pen_strokes(ruled.text, boxes, 20.0, 2.0)
    assert [(table.cells[i].row, table.cells[i].col) for i in hit] == [(2, 2)]


def test_a_separator_that_exists_only_by_a_joined_gap_is_a_repair():
    h = [Ruling("h", y, 0.0, 300.0, 2.0) for y in (0.0, 100.0)]
    h.append(Ruling("h", 50.0, 0.0, 300.0, 2.0, gaps=((110.0, 190.0),)))  # broken over column 1
    v = [Ruling("v", x, 0.0, 100.0, 2.0) for x in (0.0, 100.0, 200.0, 300.0)]
    table = table_to_grid(h + v, np.zeros((120, 320), np.uint8), 20.0)
    assert table is not None and (table.n_rows, table.n_cols) == (2, 3)
    beside = {(c.row, c.col) for c in table.cells if table.cell_beside_repair(c)}
    assert beside == {(0, 1), (1, 1)}


# --------------------------------------------------------------------------------------------
# one committed page per family, read end to end


T4 = {k: v for k, v in EXPECTED["cells"].items() if k.startswith("t4.")}


@needs_tesseract
@pytest.mark.slow
@pytest.mark.parametrize("family", ["photo", "stamp", "faint", "gray150", "halftone", "handmark", "turned", "twoup"])
def test_family_page_reads_table_four_and_nothing_silently_wrong(family):
    import gktables

    report = gktables.extract(SCANS / f"hongze_2023_p4_{family}.jpg", kind="ocr")
    assert {k: report.cells.get(k) for k in T4} == T4
    flagged = set(report.flagged_keys())
    silent = [k for k, v in report.cells.items() if k in EXPECTED["cells"] and v != EXPECTED["cells"][k]
              and k not in flagged]
    assert silent == []
    pages = list(report.layout.debug["pages"].values())
    if family == "photo":
        assert pages[0]["orientation"]["perspective"]["from"] == "paper"
    if family == "turned":
        assert pages[0]["rotation"] == 180
    if family == "twoup":
        assert [p["half"] for p in pages] == ["left", "right"]
        assert report.cells["t3.new.total"] == 21  # page 3, the left half, holds 三's first rows
    if family == "stamp":
        stamped = next(w for w in report.warnings if w.code == "ocr_stamp_overlap")
        assert "t4.lawsuit_after_review.total" in stamped.keys


@needs_tesseract
@pytest.mark.slow
def test_ruleless_2019_table_at_150dpi_has_no_silent_cell():
    """A 150 dpi grey scan of a table with no vertical rules: on the scans branch, digits of a
    neighbouring 二 cell merged into numbers no check covers (上年项目数量, 本年增/减), silently."""
    import json

    import gktables
    from benchmarks.scoring import score_report

    expected = json.loads((SCANS / "s1_012_pdf_hrules_2019_gray150.expected.json").read_text("utf-8"))
    report = gktables.extract(SCANS / "s1_012_pdf_hrules_2019_gray150.tif", kind="ocr")
    assert score_report(report.to_dict(), expected).silent_keys == []


# --------------------------------------------------------------------------------------------
# regressions on a ruleless 2019 table (horizontal rules only: no lattice, its rules stay in the
# text image): small committed parts of the `turned` and `twoup` scans of s1_012_pdf_hrules_2019


def upside_down_part() -> np.ndarray:
    return cv2.imread(str(SCANS / "s1_012_pdf_hrules_2019_upside_down_part.jpg"), cv2.IMREAD_GRAYSCALE)


def test_probe_lines_of_a_ruleless_table_page_are_text_not_rules():
    """The widest 'lines' of such a page are its horizontal rules: read turned or not they hold no
    character, so the upside-down page was never turned and its tables were lost, silently."""
    from gktables.sources.ocr.ink import text_to_prose_lines
    from gktables.sources.ocr.upright import probe_boxes

    page, ruled = gray_to_upright(upside_down_part())
    # the table ruled only across is found now (its rules leave the text image), but a page whose
    # rules stay among its lines (the table not recovered) must not probe them either
    assert ruled is not None and ruled.tables
    boxes = text_to_prose_lines(page.binary, [], page.glyph)
    assert any(b.height < 0.3 * page.glyph and b.width > 20 * page.glyph for b in boxes)  # the rules
    chosen = [boxes[i] for i in probe_boxes(boxes, page.glyph)]
    assert len(chosen) >= 2 and all(b.height >= 0.5 * page.glyph for b in chosen)


@needs_tesseract
def test_upside_down_page_of_a_ruleless_table_is_turned():
    from gktables.sources.ocr.engines import make_engine
    from gktables.sources.ocr.reader import page_to_grids_and_text

    page, ruled = gray_to_upright(upside_down_part())
    _, _, debug = page_to_grids_and_text(page, ruled, 1, make_engine("tesseract"), probe=True)
    assert debug.get("upside_down") is True
    assert page.orientation["probe"]["turned"] > page.orientation["probe"]["upright"] + 0.3


def test_two_up_image_whose_right_page_holds_a_short_table_is_cut():
    """Pages 1 and 2 side by side, page 2 (the report's last) inked over a quarter of its height:
    it was read as one page, lines of both pages merged and three 二 cells came out wrong silently."""
    gray = cv2.imread(str(SCANS / "s1_012_pdf_hrules_2019_twoup_p1p2_100dpi.jpg"), cv2.IMREAD_GRAYSCALE)
    binary = gray_to_binary(gray)
    cut = geo.split_two_up(binary, binary_to_glyph_height(binary))
    assert cut is not None and 0.45 * gray.shape[1] < cut < 0.55 * gray.shape[1]
