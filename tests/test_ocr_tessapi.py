"""Tesseract in process (sources/ocr/tessapi.py): the same words as the command line, each model
loaded once per process, the time limit obeyed.

Crops are label and number cells drawn in a CJK font at the size a 200 dpi scan gives (五号 text
~24 px tall); a few crops per kind keep the test to about a second.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from gktables.deadline import Deadline
from gktables.errors import TimeLimitError
from gktables.sources.ocr import tessapi
from gktables.sources.ocr.engines import TesseractEngine

FONT = next((p for p in (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
                         Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")) if p.exists()), None)
pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None or not tessapi.api_available()
                                or tessapi.tessdata_dir("chi_sim") is None or FONT is None,
                                reason="needs Tesseract's library with chi_sim and a CJK font")

LABELS = ["自然人", "法人或其他组织", "本年新收政府信息公开申请数量", "行政复议"]
NUMBERS = ["21", "0", "7730.28", "1234", "56"]


def drawn(text: str, size: int = 24) -> np.ndarray:
    """A crop as the OCR source makes it: dark ink on white with a margin of about a third of a glyph."""
    font = ImageFont.truetype(str(FONT), size)
    left, top, right, bottom = font.getbbox(text)
    pad = size // 3
    image = Image.new("L", (right - left + 2 * pad, bottom - top + 2 * pad), 255)
    ImageDraw.Draw(image).text((pad - left, pad - top), text, font=font, fill=0)
    return np.asarray(image)


def test_in_process_reads_word_for_word_what_the_command_reads():
    in_process, command = TesseractEngine(in_process=True), TesseractEngine(in_process=False)
    for kind, texts in (("text", LABELS), ("digits", NUMBERS)):
        crops = [drawn(t) for t in texts]
        ours = in_process.read(crops, kind)
        assert ours == command.read(crops, kind)
        assert [r.text for r in ours] == texts, kind


def test_each_model_is_loaded_once_and_reused():
    engine = TesseractEngine(in_process=True)
    engine.read([drawn("21")], "digits")  # loaded here, or by an earlier test
    pooled = tessapi.loaded_handles()[("eng", 6)]
    assert pooled
    for _ in range(3):
        assert [r.text for r in engine.read([drawn("1234"), drawn("0")], "digits")] == ["1234", "0"]
    assert tessapi.loaded_handles()[("eng", 6)] == pooled  # the same handles, none loaded anew


def test_out_of_time_raises_the_documents_time_limit_error():
    engine = TesseractEngine(in_process=True)
    engine.deadline = Deadline(0.001, "scan.png")
    time.sleep(0.01)
    with pytest.raises(TimeLimitError, match="scan.png"):
        engine.read([drawn(t) for t in LABELS], "text")


def test_command_line_config_becomes_mode_and_variables():
    psm, variables = tessapi.parse_config("--psm 5 -c tessedit_do_invert=0 -c tessedit_char_whitelist=0123")
    assert psm == 5 and variables == {"tessedit_do_invert": "0", "tessedit_char_whitelist": "0123"}


def test_the_environment_can_ask_for_the_command(monkeypatch):
    monkeypatch.setenv("GKTABLES_TESSERACT_IN_PROCESS", "0")
    engine = TesseractEngine()
    assert not engine.in_process
    assert [r.text for r in engine.read([drawn("21")], "digits")] == ["21"]
    monkeypatch.setenv("GKTABLES_TESSERACT_IN_PROCESS", "1")
    assert TesseractEngine().in_process
