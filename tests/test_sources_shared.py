"""The concepts every source shares, each in one home: the joining rule (sources/joining.py), the
number patterns (values.py) and the national format's non-cell words (schema.format_markers)."""

from __future__ import annotations

import json

from gktables.core.prose import read_title
from gktables.core.zones import detect_t2_version, detect_t3_other
from gktables.labels import normalize_label
from gktables.schema import format_markers
from gktables.sources.joining import join_markup_lines, join_pieces
from gktables.sources.ocr.engines import join_words
from gktables.sources.pdf.text import chars_to_cell_text
from gktables.sources.pdf.camelot_reader import camelot_text_to_cell_text
from gktables.values import NORMALIZED_NUMBER, PROSE_NUMBER, is_value_text, parse_value

from .conftest import ROOT



def test_one_joining_rule_for_every_source():
    # words of an OCR line, lines of an HTML/DOCX cell, lines of a camelot cell: the same rule
    pieces = ["5", ".要求", "行政", "机关"]
    assert join_words(pieces) == join_pieces(pieces) == join_markup_lines(pieces) == "5.要求行政机关"
    assert join_words(["-1", "-"]) == "-1-"  # a page footer read as two words
    assert join_words(["21", "0"]) == join_markup_lines(["21", "0"]) == "21 0"  # two numbers stay apart
    assert camelot_text_to_cell_text("本年新\n制作数量") == "本年新制作数量"
    assert camelot_text_to_cell_text("10\n3") == "10 3"
    # a PDF number wrapped for lack of room joins without a space; unwrapped lines keep one
    assert join_pieces(["151", "4"], wrapped=[True]) == "1514"
    assert join_pieces(["151", "4"], wrapped=[False]) == "151 4"
    assert join_pieces(["", "商业", "", "企业"]) == "商业企业"


def test_pdf_cell_text_uses_the_joining_rule():
    from gktables.layout import BBox
    from gktables.sources.pdf.objects import Char

    def char(text: str, x0: float, top: float) -> Char:
        return Char(text=text, x0=x0, top=top, x1=x0 + 10, bottom=top + 10, size=10.0)

    # two lines of one narrow cell: "151" then "4", the "4" pushed down because it did not fit
    chars = [char("1", 0, 0), char("5", 10, 0), char("1", 20, 0), char("4", 0, 14)]
    assert chars_to_cell_text(chars, BBox(-1, -1, 31, 30)) == "1514"
    assert chars_to_cell_text(chars, BBox(-1, -1, 200, 30)) == "151 4"


def test_number_patterns():
    for text in ("12", "1,234", "-3", "＋5", "2.5万元", "12件", "80%", "3条"):
        assert is_value_text(text), text
    for text in ("第二十条", "12a", "", "共12件申请"):
        assert not is_value_text(text), text
    assert NORMALIZED_NUMBER.match("-1,200.5万元") and not NORMALIZED_NUMBER.match("1 200")
    claims = [(m.group(1), m.group(2)) for m in PROSE_NUMBER.finditer("共收到申请75件，收费0.5万元，第3条")]
    assert claims == [("75", "件"), ("0.5", "万元"), ("3", "条")]
    assert parse_value("1,2O3", "count").value == 1203  # OCR letters mended where a number is expected
    assert parse_value("1.5亿元", "money_wan").value == 15000.0


def test_format_words_come_from_the_schema_data():
    markers = format_markers()
    raw = json.loads((ROOT / "src" / "gktables" / "data" / "markers.json").read_text("utf-8"))
    assert markers.t2_2021_hints == tuple(raw["t2_2021_hints"])
    text_2021 = "".join(normalize_label(h) for h in markers.t2_2021_hints)
    text_2019 = "".join(normalize_label(h) for h in markers.t2_2019_hints)
    assert detect_t2_version(text_2021) == "2021" and detect_t2_version(text_2019) == "2019"
    assert detect_t3_other(markers.t3_split_hints[0]) == "split" and detect_t3_other("其他") == "single"
    title = read_title("洪泽区人民政府\n2023年政府信息公开工作年度报告\n")
    assert (title.agency, title.year) == ("洪泽区人民政府", 2023)


def _clean_by_patterns(text: str) -> str:
    """clean_inline as it was written: three substitutions over the whole text."""
    import re

    from gktables.sources.joining import CJK_RANGES

    text = re.sub("[\u200b-\u200d\u2060\ufeff\u00ad]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(f"(?<=[{CJK_RANGES}]) +| +(?=[{CJK_RANGES}])", "", text) if " " in text else text


def test_clean_inline_equals_the_substitutions():
    """clean_inline (whitespace split, a space kept only between two non-CJK characters) gives
    what the three substitutions gave: on every whitespace character there is, on random texts
    of CJK, Latin, digits, whitespace and invisible characters, and on the real pages' texts."""
    import random
    import sys

    import gktables
    from gktables.sources.joining import clean_inline

    from .conftest import GOLDEN_REAL, GOLDEN_SYNTHETIC

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    for ch in spaces:
        for text in (f"a{ch}b", f"中{ch}b", f"{ch}1{ch}{ch}2{ch}", f"中{ch}文", ch):
            assert clean_inline(text) == _clean_by_patterns(text), repr(text)
    rng = random.Random(3)
    alphabet = ["中", "文", "（", "）", "—", "a", "B", "1", "9", ".", "/", "\u200b", "\u00ad", "\ufeff", " ", " ",
                "\u3000", "\xa0", "\t", "\n", "\x1c", "\u2028", "\u2010", "\U00020001"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 120))) for _ in range(4000)]
    texts += [line for p in sorted(GOLDEN_SYNTHETIC.glob("*.txt")) for line in p.read_text("utf-8").split("\n")]
    texts += [gktables.extract(p).layout.text for p in sorted(GOLDEN_REAL.glob("*.html"))]
    assert [clean_inline(t) for t in texts] == [_clean_by_patterns(t) for t in texts]
