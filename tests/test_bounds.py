"""Work bounded by construction (issue #17): the OCR line-box merge makes the same merges as the
restart-after-every-merge scan it replaced (that scan was O(n³) on speckled scans); the run-together
cut search stops at its bound and flags the row instead of running for minutes."""

from __future__ import annotations

import random

import pytest

import gktables
from gktables.layout import BBox
from gktables.sources.ocr.ink import merge_line_boxes
from tools import hostile


def merge_by_restarting(boxes: list[BBox], glyph: float) -> list[BBox]:
    """The former implementation, kept as the oracle."""
    out = sorted(boxes, key=lambda b: b.x0)
    merged = True
    while merged:
        merged = False
        for i in range(len(out)):
            for j in range(i + 1, len(out)):
                a, b = out[i], out[j]
                overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
                near = b.x0 - a.x1 <= 3 * glyph and a.x0 - b.x1 <= 3 * glyph
                if near and overlap >= 0.5 * min(a.height, b.height):
                    out[i] = a.union(b)
                    del out[j]
                    merged = True
                    break
            if merged:
                break
    return sorted(out, key=lambda b: (b.top, b.x0))


def test_line_box_merge_equals_the_restarting_scan():
    rng = random.Random(7)
    for _ in range(1500):
        boxes = []
        for _ in range(rng.randint(0, 30)):
            x, y = rng.uniform(0, 300), rng.uniform(0, 100)
            boxes.append(BBox(x, y, x + rng.uniform(0.5, 40), y + rng.uniform(0.5, 20)))
        glyph = rng.uniform(1, 10)
        assert merge_line_boxes(boxes, glyph) == merge_by_restarting(boxes, glyph)


@pytest.mark.slow
def test_glued_rows_past_the_search_bound_are_flagged():
    """Every 三 row's seven counts run together, with totals in the thousands (this ran for minutes):
    the cut search stops at its bound, and rows it could not read, or read from a stopped search,
    are flagged — never a silent pick."""
    name, data = hostile.glued_t3_text(2500, seed=3)
    report = gktables.extract(data, {"time_limit_s": None}, name=name)
    codes = {w.code for w in report.warnings}
    assert codes & {"split_search_truncated", "row_missing"}
    t3 = {k for k in report.cells if k.startswith("t3.")}
    assert t3 <= report.flagged_keys()
