"""The quarter-turn probe of a page whose text shape leaves the writing direction undecided (turned
s13_001: pages 2 and 4, short labels wrapped in narrow columns, scored 1.01 and 1.08 and were read
sideways); drawn pages and a stand-in engine, no OCR."""

from __future__ import annotations


import numpy as np

from gktables.sources.ocr.engines import Reading
from gktables.sources.ocr.orientation import rotate_quarter
from gktables.sources.ocr.reader import quarter_probe
from gktables.sources.ocr.upright import PageImage, Ruled, find_tables, quarter_probe_turns

from .test_ocr_probe import TopHeavyReader  # reads a crop well when it is the right way up


def _upright_lines() -> np.ndarray:
    """White page (binary: ink 255) of eight lines of 'text', each a heavy bar over thin stems."""
    binary = np.zeros((600, 400), np.uint8)
    for y in range(60, 540, 60):
        binary[y:y + 8, 60:300] = 255  # heavy top …
        for x in range(60, 300, 20):
            binary[y + 8:y + 20, x:x + 3] = 255  # … over thin stems
    return binary


def _page(binary: np.ndarray, score: float) -> tuple[PageImage, Ruled]:
    page = PageImage(255 - binary, binary, 20.0, orientation={"quarter_turn_score": score})
    return page, find_tables(binary, 20.0)


def test_the_probe_turns_by_the_way_that_reads_best():
    low, high = Reading("行政", 0.2), Reading("行政", 0.9)
    record: dict = {}
    assert quarter_probe_turns([low, low, low, high], [1, 1, 1, 1], record) == 3
    assert record["quarter_probe"] == [0.2, 0.2, 0.2, 0.9]
    assert quarter_probe_turns([low, low, high, low], [1, 1, 1, 1], {}) == 1
    assert quarter_probe_turns([low, high, high, low], [1, 1, 1, 1], {}) == 0  # across reads as well
    assert quarter_probe_turns([high, high, high], [2, 0, 1, 0], {}) == 0
    assert quarter_probe_turns([Reading("1", 0.99)] * 4, [1, 1, 1, 1], {}) == 0  # no Chinese: no vote


def test_an_undecided_sideways_page_is_turned_upright():
    sideways = rotate_quarter(_upright_lines(), 3)  # text running up the page
    page, ruled = _page(sideways, 1.02)
    turned, _ = quarter_probe(page, ruled, TopHeavyReader())
    assert turned.turns == 1
    assert turned.gray.shape == (600, 400)
    assert page.orientation["quarter_probe"][3] < page.orientation["quarter_probe"][2]


def test_a_sure_or_upright_page_is_left_as_it_is():
    sideways = rotate_quarter(_upright_lines(), 3)
    page, ruled = _page(sideways, 1.5)  # the shape of the text decided: no probe
    assert quarter_probe(page, ruled, TopHeavyReader())[0] is page
    assert "quarter_probe" not in page.orientation
    page, ruled = _page(_upright_lines(), 1.02)  # undecided, but it reads best as it lies
    assert quarter_probe(page, ruled, TopHeavyReader())[0] is page
    assert page.orientation["quarter_probe"][0] > 0.9
