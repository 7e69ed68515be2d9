"""Regression tests for silent errors found by benchmarks/scans.py (issue #13), one per cause, on
small drawn examples (no OCR engine: readings are given, or a stand-in engine returns them)."""

from __future__ import annotations

import cv2
import numpy as np

from gktables.layout import BBox
from gktables.sources.grid_spans import CellBox
from gktables.sources.ocr.cell_ocr import _read_blank_labels, prefer_known_label, read_number_lines
from gktables.sources.ocr.cells import CellJob, cell_jobs
from gktables.sources.ocr.decide import decide_cell, decision_notes
from gktables.sources.ocr.engines import Reading
from gktables.sources.ocr.grid import TableGrid
from gktables.sources.ocr.ink import leading_sign_bar

GLYPH = 20.0


def _number_ink(sign: bool) -> tuple[np.ndarray, BBox]:
    """A binary page (ink 255) holding '3', with a thin minus bar before it when sign."""
    text = np.zeros((60, 120), np.uint8)
    cv2.putText(text, "3", (50, 40), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 255, 2)
    if sign:
        text[28:31, 38:45] = 255  # a 7 x 3 px bar at mid-height, apart from the digit: gray150's '-3'
    ys, xs = np.nonzero(text)
    return text, BBox(float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))


def _job(readings: dict[str, Reading], sign_bar: bool = False) -> CellJob:
    j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50)), BBox(10, 10, 40, 40), "text", True, sign_bar=sign_bar)
    j.readings = readings
    return j


def test_minus_bar_is_seen_on_the_ink():
    assert leading_sign_bar(*_number_ink(True), GLYPH)
    assert not leading_sign_bar(*_number_ink(False), GLYPH)


def test_minus_bar_no_reader_read_adds_the_sign_with_doubt():
    # gray150 s1_039 t2.penalty.change: '-3' read '3' by both digits views at 0.99, silent
    text, ink = _number_ink(True)
    table = TableGrid(BBox(0, 0, 120, 60), [0.0, 60.0], [0.0, 120.0], [CellBox(0, 0, 1, 1, BBox(0, 0, 120, 60))], [])
    (job,) = cell_jobs([table], text, GLYPH)
    assert job.digits and job.sign_bar
    job.readings = {"d1": Reading("3", 0.99), "d2": Reading("3", 0.99)}
    decision = decide_cell(job, GLYPH)
    assert decision.text == "-3" and decision.confidence < 0.9 and "3" in decision.alternatives
    assert decision_notes(job, decision) == ("ocr_sign_from_ink",)  # the cell's provenance says so
    # a sign read already is kept as read
    job.readings = {"d1": Reading("-3", 0.99), "d2": Reading("-3", 0.99)}
    assert decide_cell(job, GLYPH)[:2] == ("-3", 0.999)
    assert decision_notes(job, decide_cell(job, GLYPH)) == ()


def test_number_with_a_stray_mark_after_it_is_the_number_with_doubt():
    # stamp s1_041 t4.lawsuit_after_review.pending: a seal's speck after a 0 read '0.'; the cell
    # was no value and a table read from its headers dropped it with no warning
    job = _job({"d1": Reading("0.", 0.8), "d2": Reading("0.", 0.7), "text": Reading("0.", 0.6)})
    decision = decide_cell(job, GLYPH)
    assert decision.text == "0" and decision.kind == "number" and decision.confidence < 0.9
    assert decision_notes(job, decision) == ("ocr_trailing_mark",)
    plain = _job({"d1": Reading("0", 0.5), "d2": Reading("0.", 0.5), "text": Reading("0", 0.5)})
    assert decision_notes(plain, decide_cell(plain, GLYPH)) == ()


def test_label_read_as_nothing_takes_a_known_label_from_another_view():
    # halftone s1_039: the header 结果维持 read '' by the page's binarisation lost the column's key
    j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50)), BBox(10, 10, 90, 40), "text", False)
    j.readings["text"] = Reading("", 1.0)
    prefer_known_label(j, Reading("结果\n维持", 0.6))
    assert j.readings["text"].text == "结果\n维持"


class _Engine:
    """Returns the given readings in order, whatever the crops."""

    name = "stand-in"

    def __init__(self, readings: list[Reading]):
        self.readings = readings
        self.asked: list[tuple[int, str]] = []

    def read(self, crops: list[np.ndarray], kind: str) -> list[Reading]:
        self.asked.append((len(crops), kind))
        return self.readings[:len(crops)]


def test_label_both_views_read_as_nothing_is_read_from_the_grey_crop():
    j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50)), BBox(10, 10, 90, 40), "text", False)
    j.readings["text"] = Reading("", 1.0)
    engine = _Engine([Reading("结果\n维持", 0.93)])
    _read_blank_labels([j], np.zeros((50, 100), np.uint8), engine, 7.0)  # type: ignore[arg-type]
    assert j.readings["text"].text == "结果\n维持" and engine.asked == [(1, "text")]


def test_lone_number_line_of_prose_is_read_by_the_digits_reader():
    # halftone s1_012 (a table ruled only horizontally, read as prose): '+2' read '42' by the
    # Chinese model alone, silent; the digits reader on both views reads '+2'
    text, ink = _number_ink(False)
    engine = _Engine([Reading("+2", 0.95), Reading("+2", 0.93)])
    out = read_number_lines([Reading("42", 0.9), Reading("行政许可", 0.9)], [ink, BBox(0, 0, 80, 20)], text, text,
                            engine, GLYPH)  # type: ignore[arg-type]
    assert out[0].text == "+2" and out[1].text == "行政许可" and engine.asked == [(2, "digits")]
