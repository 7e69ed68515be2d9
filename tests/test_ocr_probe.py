"""The 180° probe of a page that is all table and whose labels are all narrow (turned s1_010 and
s1_039: page 2 holds only 二's blocks, every label read digits-first, so no label had a text
reading to compare and the page was never turned); a drawn page and a stand-in engine, no OCR.
Also the two rules that spare reading what could not change a result: the turned probe lines
(:func:`upright.turned_could_win`) and a label's second view (:func:`known_labels.similarity_bound_to_known`)."""

from __future__ import annotations

import random
from collections.abc import Sequence

import cv2
import numpy as np

from gktables.labels import label_similarity
from gktables.schema import report_labels
from gktables.sources.ocr.cell_ocr import SAME_TEXT
from gktables.sources.ocr.engines import Reading
from gktables.sources.ocr.known_labels import is_known_label, similarity_bound_to_known
from gktables.sources.ocr.reader import page_to_grids_and_text
from gktables.sources.ocr.upright import PageImage, find_tables, turned_could_win


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


class CountingReader(TopHeavyReader):
    """TopHeavyReader that also counts the text crops it is given."""

    def __init__(self) -> None:
        self.text_crops = 0

    def read(self, crops: Sequence[np.ndarray], kind: str) -> list[Reading]:
        self.text_crops += len(crops) if kind == "text" else 0
        return super().read(crops, kind)


def test_turned_probe_lines_are_read_only_when_they_could_win():
    # the upright page reads every label at 0.95: no turned reading can beat that by PROBE_MARGIN
    gray = np.ascontiguousarray(_upside_down_table()[::-1, ::-1])
    binary = np.where(gray < 128, 255, 0).astype(np.uint8)
    page = PageImage(gray, binary, 20.0)
    reader = CountingReader()
    _, _, debug = page_to_grids_and_text(page, find_tables(binary, 20.0), 1, reader, probe=True)
    assert not debug.get("upside_down")
    assert page.orientation["probe"]["turned"] is None and page.orientation["probe"]["upright"] >= 0.85
    assert not turned_could_win([Reading("信息内容", 0.85)] * 4)
    assert turned_could_win([Reading("信息内容", 0.84)] * 4) and turned_could_win([Reading("", 1.0)] * 4)


def test_similarity_bound_to_known_bounds_every_known_reading():
    """No reading that is a label of the report is nearer a text than the bound says (random texts:
    known labels with characters changed, added and dropped; readings: labels with marks added)."""
    rnd = random.Random(13)
    labels = list(report_labels())
    marks = "(),.、:;〈〉《》0123456789 "
    pool = "".join(dict.fromkeys("".join(labels))) + marks
    for _ in range(300):
        chars = list(rnd.choice(labels))
        for _ in range(rnd.randint(0, len(chars))):
            at = rnd.randrange(len(chars))
            op = rnd.random()
            if op < 0.4:
                chars[at] = rnd.choice(pool)
            elif op < 0.7:
                chars.insert(at, rnd.choice(pool))
            elif len(chars) > 1:
                del chars[at]
        text = "".join(chars)
        bound = similarity_bound_to_known(text)
        for label in rnd.sample(labels, 20):
            reading = list(label)
            for _ in range(rnd.randint(0, 3)):
                reading.insert(rnd.randrange(len(reading) + 1), rnd.choice(marks))
            if is_known_label("".join(reading)):
                assert label_similarity(text, "".join(reading)) <= bound + 1e-12
    assert similarity_bound_to_known("二部分公开(区分处理的，只计这一情形，不计其他情形)") == 1.0
    assert similarity_bound_to_known("(本列数据的勾稽关系为:第一项加第二项之和，等于第三项加第四项之和)") < SAME_TEXT
