"""The 180° probe of a page that is all table and whose labels are all narrow (turned s1_010 and
s1_039: page 2 holds only 二's blocks, every label read digits-first, so no label had a text
reading to compare and the page was never turned); a drawn page and a stand-in engine, no OCR."""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from gktables.sources.ocr.engines import Reading
from gktables.sources.ocr.reader import page_to_grids_and_text
from gktables.sources.ocr.upright import PageImage, find_tables


class TopHeavyReader:
    """Reads a crop well when its ink is heavier in its upper half (as a line the right way up)."""

    name = "stand-in"
    second_view = "adaptive"
    sure_digits = 0.95
    deadline = None

    def read(self, crops: Sequence[np.ndarray], kind: str) -> list[Reading]:
        out = []
        for c in crops:
            ys = np.nonzero(c < 128)[0]  # (crops are dark ink on white)
            upright = ys.size > 0 and ys.mean() < c.shape[0] / 2
            out.append(Reading("信息内容", 0.95) if upright and kind != "digits" else Reading("", 0.1))
        return out


def _upside_down_table() -> np.ndarray:
    """A ruled table of narrow labels, each bottom-heavy (a top-heavy line turned by 180°)."""
    gray = np.full((600, 500), 255, np.uint8)
    for y in range(100, 501, 50):
        cv2.line(gray, (50, y), (450, y), 0, 2)
    for x in (50, 250, 450):
        cv2.line(gray, (x, 100), (x, 500), 0, 2)
    for y in range(100, 500, 50):
        for x in (70, 270):
            gray[y + 15:y + 35, x + 38:x + 42] = 0  # a thin stem …
            gray[y + 27:y + 35, x:x + 80] = 0  # … over a heavy foot
    return gray


def test_a_table_page_of_narrow_labels_is_probed_and_turned():
    gray = _upside_down_table()
    binary = np.where(gray < 128, 255, 0).astype(np.uint8)
    page = PageImage(gray, binary, 20.0)
    ruled = find_tables(binary, 20.0)
    assert len(ruled.tables) == 1
    _, _, debug = page_to_grids_and_text(page, ruled, 1, TopHeavyReader(), probe=True)
    assert debug.get("upside_down") is True
    assert page.orientation["probe"]["lines"] >= 2
