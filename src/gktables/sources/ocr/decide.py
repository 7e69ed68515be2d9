"""One cell's text from its readings: the digits readers' and the Chinese model's votes, dashes, blanks.

Number cells are read twice by a digits-only configuration (the main binarisation and an
adaptive one) and, when those are unsure, once by the Chinese model; the best reading becomes the
cell's text and the others its alternatives, so the core can let the table's checks choose. A
cell without ink is ``''`` with high confidence: nothing is ever read into an empty cell.
"""

from __future__ import annotations

import re

import numpy as np

from .cells import CellJob
from .engines import Reading

EMPTY_CONFIDENCE = 0.99  # a cell with no ink is empty, and we are sure of it
SURE_DIGITS = 0.8  # both digit readings agree at this confidence: the Chinese model is not asked
DIGIT_LOOKALIKES = set("工了丁丨亅〇口日己乙")  # single characters the Chinese model reads for a digit
BLANK_LOOKALIKES = {"天": "无", "旡": "无", "尢": "无", "兀": "无"}  # a lone 无 (a blank cell) misread
DASHES = {"一", "—", "-", "－", "–", "_", "──", "——", "--"}

CONFUSABLE_DIGITS = str.maketrans({
    "O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0", "口": "0", "○": "0",
    "l": "1", "I": "1", "|": "1", "]": "1", "[": "1", "!": "1", "i": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "g": "9",
    "，": ",", "。": ".", "．": ".", "－": "-", "＋": "+", "—": "-",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
})


_NUMBER = re.compile(r"^[+\-]?\d[\d,]*(\.\d+)?(万元|亿元|万|亿|元)?$")


def normalise_number(text: str) -> str | None:
    """The reading as a number if it looks like one after mending OCR confusions (O→0, l→1, －→-)."""
    s = re.sub(r"\s+", "", text).translate(CONFUSABLE_DIGITS)
    s = re.sub(r"^[一—–－-]+(?=\S*\d)", "-", s)  # a minus read as 一
    s = s.replace(",", "") if re.fullmatch(r"[+\-]?\d{1,3}(,\d{3})+(\.\d+)?\D*", s) else s
    return s if _NUMBER.match(s) and any(ch.isdigit() for ch in text.translate(CONFUSABLE_DIGITS)) else None


def decide_cell(job: CellJob, glyph: float) -> tuple[str, float, tuple[str, ...], str]:
    """(text, confidence, alternatives, kind) of one cell from its readings."""
    r = job.readings
    if job.kind == "empty" or job.ink is None:
        return "", EMPTY_CONFIDENCE, (), "empty"
    if job.kind == "vertical":
        readings = [x for x in (r.get("vertical"), r.get("row")) if x and x.text]
        if not readings:
            return "", 0.0, (), "vertical"
        readings.sort(key=lambda x: -x.confidence)
        best = readings[0]
        alts = tuple(dict.fromkeys(x.text for x in readings[1:] if x.text != best.text))
        return best.text, best.confidence, alts, "vertical"
    t: Reading = r.get("text", Reading("", 0.0))
    if not job.digits:
        return t.text, t.confidence if t.text else 0.0, (), "text"
    d1: Reading = r["d1"]
    d2: Reading = r["d2"]
    n1, n2 = normalise_number(d1.text), normalise_number(d2.text)
    if "text" not in r:  # the digits reader was sure (both views agree)
        return n1 or d1.text, agreed_confidence([d1.confidence, d2.confidence]), (), "number"
    stripped = re.sub(r"\s+", "", t.text)
    if stripped in DASHES and job.ink.height <= 0.35 * glyph:
        return "—", max(t.confidence, 0.9), (), "dash"
    if stripped in BLANK_LOOKALIKES and n1 is None and n2 is None:  # 无 read as 天
        return BLANK_LOOKALIKES[stripped], min(t.confidence, 0.8), (stripped,), "text"
    as_number = normalise_number(t.text)
    digit_numbers = {n for n in (n1, n2) if n is not None}
    digits_one_number = len(digit_numbers) == 1 and max(d1.confidence, d2.confidence) >= SURE_DIGITS - 0.2
    if as_number is None and stripped:
        # digits among marks ('1】', '1L1'): a number misread, the digits readers decide
        garbled_number = not re.search(r"[\u4e00-\u9fff]", stripped) and bool(re.search(r"\d", stripped)) \
            and not (stripped[0] in "/／" and not digit_numbers)  # '/7': a blank mark and a speck
        # a lone digit read as a look-alike character by the Chinese model ('1' as 了 or 工)
        lone_misread = (len(stripped) <= 2 and t.confidence < 0.6) or stripped in DIGIT_LOOKALIKES
        # the Chinese model's lone character at almost no confidence is no reading at all
        no_reading = len(stripped) <= 2 and t.confidence < 0.3 and bool(digit_numbers)
        if not (garbled_number or (lone_misread and digits_one_number) or no_reading):
            # words ('总计', '/', '无'): keep them; offer the digits readers' number if they agree
            if stripped[0] in "/／" and not digit_numbers:
                return "/", min(t.confidence, 0.8), (t.text,) if stripped != "/" else (), "text"
            return t.text, t.confidence, (n1,) if n1 is not None and n1 == n2 else (), "text"
    number_text = as_number or ""
    unit = re.search(r"(万元|亿元|万|亿|元)$", number_text)
    numbers: list[tuple[str, float]] = []  # (number, confidence) from each reader that read one
    for v, c in ((n1, d1.confidence), (n2, d2.confidence)):
        if v is not None:
            if unit:
                figures = number_text[:unit.start()]
                if v != figures and v.startswith(figures):
                    v = figures  # the digits reader read the unit's glyphs as more digits
                if not v.endswith(unit.group(1)):
                    v += unit.group(1)
            numbers.append((v, c))
    if as_number is not None:
        numbers.append((as_number, t.confidence))
    rescue = normalise_number(r["rescue"].text) if "rescue" in r else None
    if not numbers and rescue is not None:  # only the other engine read it: take it, with doubt
        return rescue, round(min(r["rescue"].confidence, 0.7), 3), (), "number"
    if not numbers:
        # ink that no reader could turn into a number: say so, never guess
        return t.text or d1.text, 0.0, (), "number"
    if as_number is None and stripped:  # the Chinese model saw no number: doubt stays
        numbers = [(v, min(c, 0.6)) for v, c in numbers]
    votes: dict[str, float] = {}
    for v, c in numbers:
        votes[v] = votes.get(v, 0.0) + c + 0.1  # confidence-weighted; agreement adds a little
    ranked = sorted(votes, key=lambda v: -votes[v])
    winner = ranked[0]
    agreeing = [c for v, c in numbers if v == winner]
    if len(ranked) == 1:
        conf = agreed_confidence(agreeing) if len(numbers) >= 2 else min(agreeing)
    else:  # readers disagree: below any sensible threshold, the alternatives say what else it may be
        conf = min(min(agreeing), 0.4 + 0.4 * len(agreeing) / len(numbers))
    return winner, round(conf, 3), tuple(ranked[1:]), "number"


def agreed_confidence(confidences: list[float]) -> float:
    """Confidence of a reading several independent views agree on: 1 - Π(1 - c), at most 0.999."""
    doubt = float(np.prod([1.0 - min(max(c, 0.0), 1.0) for c in confidences]))
    return round(min(0.999, 1.0 - doubt), 3)
