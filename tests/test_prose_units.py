"""Prose helpers made faster give what the straightforward code gave: the title read line by line
against the whole head normalised at once, and the one-search cue test against a test per cue."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

import gktables
from gktables.core.prose import TitleReading, _any_of, _clean_agency, _title_patterns, prose_claims, read_title
from gktables.schema import prose_cues

from .conftest import GOLDEN_REAL, GOLDEN_SYNTHETIC


def _read_title_whole_head(text: str) -> TitleReading:
    """read_title as it was: the head's 3000 characters normalised at once, then searched."""
    year_title, title = _title_patterns()
    head = re.sub(r"[ \t\u3000]+", "", unicodedata.normalize("NFKC", text[:3000]))
    head_one_line = re.sub(r"\n+", "", head)
    lines = [line for line in head.split("\n") if line.strip()]
    for i, line in enumerate(lines[:40]):
        m = title.search(line)
        if not m:
            continue
        agency = _clean_agency(m.group(1) + m.group(3))
        where = f"title (line {i + 1}): {line[:60]}"
        if not agency and i > 0 and len(lines[i - 1]) <= 30 and not re.search(r"[。，,：:]", lines[i - 1]):
            agency = _clean_agency(lines[i - 1])
            where = f"title over lines {i}-{i + 1}: {lines[i - 1][:30]}{line[:40]}"
        return TitleReading(agency or None, int(m.group(2)), where)
    m = title.search(head_one_line)
    if m:
        return TitleReading(_clean_agency(m.group(1) + m.group(3)) or None, int(m.group(2)), f"head: {m.group(0)[:60]}")
    m = year_title.search(head_one_line)
    if m:
        return TitleReading(None, int(m.group(1)), f"year phrase: {m.group(0)}")
    return TitleReading(None, None, "")


def _texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted(GOLDEN_SYNTHETIC.glob("*.txt"))]
    texts += [gktables.extract(p).layout.text for p in sorted(GOLDEN_REAL.glob("*.html"))]
    assert len(texts) > 20
    return texts


TITLE = "上海市人民政府办公厅2019年政府信息公开工作年度报告"
TRICKY = [
    "",
    TITLE,
    "\n\n  \n" + TITLE + "\n正文",
    "上海市人民政府办公厅\n2019年政府信息公开工作年度报告\n",  # the title over two lines
    "\r\n".join(["第一行"] * 3) + "\n" + TITLE,
    "\n".join(f"第{i}行内容" for i in range(45)) + "\n" + TITLE,  # past the 40 lines searched: the head
    # blank-looking lines, full-width digits and space:
    "\u2028\n\r\n\x0c\n上海市人民政府\n办公厅２０１９年度政府信息\u3000公开工作年度报告",
    "e\u0301\n\u0301上海市2019年政府信息公开工作年度报告",  # a combining mark either side of a line break
    "报告\n" + "2019年政府信息公开工作" + "x" * 3000 + "年度报告",  # the head cut inside the title
    "前言\n本机关2018年度政府信息公开情况如下",  # only the year phrase
]


@pytest.mark.parametrize("text", TRICKY)
def test_read_title_line_by_line_equals_the_whole_head_on_tricky_heads(text):
    assert read_title(text) == _read_title_whole_head(text)


def test_read_title_line_by_line_equals_the_whole_head_on_golden_texts():
    texts = _texts()
    assert [read_title(t) for t in texts] == [_read_title_whole_head(t) for t in texts]
    assert read_title(texts[-1]).year == 2019  # shanghai_office_2019.html


def test_cue_pattern_finds_a_cue_exactly_when_one_is_in_the_text():
    cues = prose_cues()
    rng = random.Random(7)
    for words in (cues.t2_rows, cues.t2_cols, cues.t3_t4, cues.t3_t4_after, cues.not_a_cell):
        plain = [w if isinstance(w, str) else w[0] for w in words]
        alphabet = "".join(set("".join(plain))) + "0123456789，、 "
        samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(2000)]
        samples += [s + rng.choice(plain) + s for s in samples[:300]]
        for s in samples:
            assert bool(_any_of(words).search(s)) == any(w in s for w in plain), (s, words[:2])


def test_prose_claims_of_the_shanghai_page():
    text = gktables.extract(GOLDEN_REAL / "shanghai_office_2019.html").layout.text
    assert [(c.target, c.value) for c in prose_claims(text)] == [
        ("t3.new.total", 859), ("t3.result.total.total", 805), ("t3.carried_over.total", 18),
        ("t3.result.granted.total+t3.result.partial.total", 258), ("t3.result.denied", 35),
        ("t3.result.unavailable", 265), ("t3.result.not_processed", 158), ("t3.result.other", 0),
        ("t4.review.total", 7)]


def test_prose_number_equals_the_pattern_with_its_look_behind_first():
    """values.PROSE_NUMBER (written to start with a digit) finds the same numbers, units and spans
    as the pattern with its look-behind first, on random texts and the golden texts."""
    from gktables.values import COUNT_UNIT, MONEY_UNIT, PROSE_NUMBER

    first = re.compile(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*({MONEY_UNIT}|{COUNT_UNIT})")
    rng = random.Random(5)
    alphabet = ["1", "2", "0", "９", "٣", ".", ".", " ", "\n", "件", "项", "万元", "元", "亿元", "个", "条",
                "年", "a", "，"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20000)]
    texts += _texts()
    for text in texts:
        assert [(m.span(), m.groups()) for m in PROSE_NUMBER.finditer(text)] == \
            [(m.span(), m.groups()) for m in first.finditer(text)], text
        assert bool(PROSE_NUMBER.search(text)) == bool(first.search(text))


def test_normalise_drop_pattern_equals_the_look_behind_first_pattern():
    """prose._DROP (each branch starting with its space or line break) finds the same spans as the
    pattern with its look-behinds first; and no character's NFKC is empty (normalise tells that
    nothing moved by the text's length)."""
    import sys

    from gktables.core.prose import _DROP

    first = re.compile(r"(?<=[\u4e00-\u9fff]) +(?=[\u4e00-\u9fff\d])|(?<=\d) +(?=[\u4e00-\u9fff])"
                       r"|\n\n?(?=[\u4e00-\u9fff])")
    rng = random.Random(9)
    alphabet = ["中", "文", "1", "٣", " ", " ", "\n", "a", "，", "\t", "\u3000"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(20000)] + _texts()
    for text in texts:
        assert [m.span() for m in _DROP.finditer(text)] == [m.span() for m in first.finditer(text)], text
    assert all(unicodedata.normalize("NFKC", chr(c)) for c in range(sys.maxunicode + 1))


def test_a_sentence_wrapped_over_a_blank_line_is_joined():
    """pdfminer prints each line of a wrapped paragraph as its own box, a blank line between: the
    number before the break keeps its cue and its unit after it."""
    text = "本年度共收到政府信息公开申请 113 件，上年结转 0 件。其中自然人申请 113\n\n件，法人或其他组织申请 0 件。\n"
    claims = {(c.target, c.value) for c in prose_claims(text)}
    assert ("t3.new.natural", 113) in claims
    assert ("t3.new.total", 113) in claims


def test_rows_of_a_table_laid_out_with_spaces_are_not_joined_over_a_blank_line():
    text = ("          信息内容      采购项目数量             采购总金额\n\n"
            "政府集中采购                 2             20.8519 万元\n")
    assert [(c.target, c.value) for c in prose_claims(text)] == [("t2.procurement.amount", 20.8519)]
