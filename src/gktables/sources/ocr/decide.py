"""One cell's text from its readings: the digits readers' and the Chinese model's votes, dashes, blanks.

Number cells are read twice by a digits-only configuration (the main binarisation and an
adaptive one) and, when those are unsure, once by the Chinese model; the best reading becomes the
cell's text and the others its alternatives, so the core can let the table's checks choose. A
cell without ink is ``''`` with high confidence: nothing is ever read into an empty cell.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from ...values import MONEY_UNIT_OR_BARE, NORMALIZED_NUMBER, OCR_GROUPED_THOUSANDS, OCR_LEADING_MINUS, OCR_TRAILING_MARK
from .cells import CellJob
from .engines import Reading

EMPTY_CONFIDENCE = 0.99  # a cell with no ink is empty, and we are sure of it
SURE_DIGITS = 0.8  # both digit readings agree at this confidence: the Chinese model is not asked
DIGIT_LOOKALIKES = set("工了丁丨亅〇口日己乙")  # single characters the Chinese model reads for a digit
BLANK_LOOKALIKES = {"天": "无", "旡": "无", "尢": "无", "兀": "无"}  # a lone 无 (a blank cell) misread
DASHES = {"一", "—", "-", "－", "–", "_", "──", "——", "--"}
BLANK_MARKS = {"无", "/", "／"} | DASHES  # what a cell with no value prints
DASH_MAX_HEIGHT = 0.35  # glyphs: a dash is a flat stroke
DASH_CONFIDENCE = 0.9  # at least this sure of a flat dash the Chinese model read as one
LOOKALIKE_CAP = 0.8  # at most this sure of a blank mark ('/', 无) read from a look-alike
ONE_NUMBER_MIN = SURE_DIGITS - 0.2  # the digits readers agree on one number at least this sure
LONE_CHARS = 2  # a reading this short is a lone character
LONE_MISREAD_CONF = 0.6  # a lone character read less surely may be a digit's look-alike
NO_READING_CONF = 0.3  # a lone character read less surely than this is no reading at all
RESCUE_CAP = 0.7  # at most this sure of a number only the rescue engine read
NO_NUMBER_CAP = 0.6  # at most this sure of a number the Chinese model did not see
AGREEMENT_BONUS = 0.1  # each reader's vote adds this to its confidence: agreement counts
DISAGREE_BASE = 0.4  # readers disagree: the winner's confidence is at most this …
DISAGREE_SPAN = 0.4  # … plus this times the share of readers that agree with it
SIGN_BAR_CAP = 0.85  # at most this sure of a sign the page's ink shows but no reader read
TRAILING_MARK_CAP = 0.6  # at most this sure of a number read with a stray mark after it ('0.')

CONFUSABLE_DIGITS = str.maketrans({
    "O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0", "口": "0", "○": "0",
    "l": "1", "I": "1", "|": "1", "]": "1", "[": "1", "!": "1", "i": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "g": "9",
    "，": ",", "。": ".", "．": ".", "－": "-", "＋": "+", "—": "-",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
})


_SPACES = re.compile(r"\s+")
_LEADING_ZERO = re.compile(r"[+-]?0\d")  # a number read with a zero before its digits
_TRAILING_UNIT = re.compile(rf"({MONEY_UNIT_OR_BARE})$")  # the unit the Chinese model read after figures


def normalise_number(text: str) -> str | None:
    """The reading as a number if it looks like one after mending OCR confusions (O→0, l→1, －→-)."""
    s = _SPACES.sub("", text).translate(CONFUSABLE_DIGITS)
    s = OCR_LEADING_MINUS.sub("-", s)  # a minus read as 一
    s = s.replace(",", "") if OCR_GROUPED_THOUSANDS.fullmatch(s) else s
    return s if NORMALIZED_NUMBER.match(s) and any(ch.isdigit() for ch in text.translate(CONFUSABLE_DIGITS)) else None


def _without_trailing_mark(text: str) -> str | None:
    """The number before a trailing separator no number ends with ('0.', '12,'), or None."""
    m = OCR_TRAILING_MARK.fullmatch(_SPACES.sub("", text))
    return normalise_number(m.group(1)) if m else None


class CellDecision(NamedTuple):
    """What a cell reads: its text, how sure, what else it may be, and which kind of cell it is."""

    text: str
    confidence: float
    alternatives: tuple[str, ...]
    kind: str


def decide_cell(job: CellJob, glyph: float) -> CellDecision:
    """(text, confidence, alternatives, kind) of one cell from its readings."""
    decision = _readings_to_decision(job, glyph)
    if job.sign_bar and decision.kind == "number" and normalise_number(decision.text) is not None \
            and decision.text[:1] not in "+-":
        # the ink begins with a minus bar no reader read: the sign is added, with doubt
        return CellDecision("-" + decision.text, min(decision.confidence, SIGN_BAR_CAP),
                            (decision.text,) + decision.alternatives, "number")
    return decision


def decision_notes(job: CellJob, decision: CellDecision) -> tuple[str, ...]:
    """Which repairs a cell's reading rests on (codes of :data:`gktables.layout.CELL_NOTES`): a sign
    added from a bar in the ink that no reader read, a number read past a trailing mark ('0.')."""
    notes = []
    if job.sign_bar and decision.kind == "number" and decision.text.startswith("-") \
            and decision.alternatives[:1] == (decision.text[1:],):
        notes.append("ocr_sign_from_ink")
    r = job.readings
    if job.digits and decision.kind == "number" and "text" in r and "d1" in r and "d2" in r \
            and decision.confidence <= TRAILING_MARK_CAP \
            and not any(normalise_number(x.text) for x in (r["d1"], r["d2"], r["text"])) \
            and any(_without_trailing_mark(x.text) == decision.text for x in (r["d1"], r["d2"], r["text"])):
        notes.append("ocr_trailing_mark")
    return tuple(notes)


def _readings_to_decision(job: CellJob, glyph: float) -> CellDecision:
    r = job.readings
    if job.kind == "empty" or job.ink is None:
        return CellDecision("", EMPTY_CONFIDENCE, (), "empty")
    if job.kind == "vertical":
        return _vertical_cell(job)
    t: Reading = r.get("text", Reading("", 0.0))
    if not job.digits or "d1" not in r:  # a label, or a cell the grid places as one read as words
        unmended = (r["unmended"].text,) if "unmended" in r else ()
        return CellDecision(t.text, t.confidence if t.text else 0.0, unmended, "text")
    d1: Reading = r["d1"]
    d2: Reading = r["d2"]
    n1, n2 = normalise_number(d1.text), normalise_number(d2.text)
    if "text" not in r:  # the digits reader was sure (both views agree)
        return CellDecision(n1 or d1.text, agreed_confidence([d1.confidence, d2.confidence]), (), "number")
    stripped = _SPACES.sub("", t.text)
    if stripped in DASHES and job.ink.height <= DASH_MAX_HEIGHT * glyph:
        return CellDecision("—", max(t.confidence, DASH_CONFIDENCE), (), "dash")
    if stripped in BLANK_LOOKALIKES and n1 is None and n2 is None:  # 无 read as 天
        return CellDecision(BLANK_LOOKALIKES[stripped], min(t.confidence, LOOKALIKE_CAP), (stripped,), "text")
    as_number = normalise_number(t.text)
    if as_number is not None and _LEADING_ZERO.match(as_number):
        as_number = None  # '02' ('Q 2'): no report prints a count so; a mark read beside a 0, garbled
    if as_number is None and stripped:
        word = _word_in_number_cell(t, stripped, d1, d2)
        if word is not None and "unmended" in r:
            return word._replace(alternatives=word.alternatives + (r["unmended"].text,))
        if word is not None:
            return word
    numbers = _unit_aligned(as_number or "", [(n1, d1.confidence), (n2, d2.confidence)])
    if as_number is not None:
        numbers.append((as_number, t.confidence))
    rescue = normalise_number(r["rescue"].text) if "rescue" in r else None
    if not numbers and rescue is not None:  # only the other engine read it: take it, with doubt
        return CellDecision(rescue, round(min(r["rescue"].confidence, RESCUE_CAP), 3), (), "number")
    if not numbers:
        # a number with a stray mark after it ('0.': a seal's speck beside the 0): the number, with doubt
        mended = [(v, c) for v, c in ((_without_trailing_mark(x.text), x.confidence) for x in (d1, d2, t)) if v]
        if mended:
            best = _vote(mended)
            return best._replace(confidence=min(best.confidence, TRAILING_MARK_CAP))
        # ink that no reader could turn into a number: say so, never guess
        return CellDecision(t.text or d1.text, 0.0, (), "number")
    if as_number is None and stripped:  # the Chinese model saw no number: doubt stays
        numbers = [(v, min(c, NO_NUMBER_CAP)) for v, c in numbers]
    return _vote(numbers)


def _vertical_cell(job: CellJob) -> CellDecision:
    """A vertical label: the surer of its vertical and its laid-out-as-a-row readings."""
    readings = [x for x in (job.readings.get("vertical"), job.readings.get("row")) if x and x.text]
    if not readings:
        return CellDecision("", 0.0, (), "vertical")
    readings.sort(key=lambda x: -x.confidence)
    best = readings[0]
    alts = tuple(dict.fromkeys(x.text for x in readings[1:] if x.text != best.text))
    return CellDecision(best.text, best.confidence, alts, "vertical")


def _word_in_number_cell(t: Reading, stripped: str, d1: Reading, d2: Reading) -> CellDecision | None:
    """The Chinese model's reading of a number-shaped cell when it is a word ('总计', '/', '无'),
    or None when it is a number misread and the digits readers decide."""
    n1, n2 = normalise_number(d1.text), normalise_number(d2.text)
    digit_numbers = {n for n in (n1, n2) if n is not None}
    digits_one_number = len(digit_numbers) == 1 and max(d1.confidence, d2.confidence) >= ONE_NUMBER_MIN
    # digits among marks ('1】', '1L1'): a number misread, the digits readers decide
    garbled_number = not re.search(r"[\u4e00-\u9fff]", stripped) and bool(re.search(r"\d", stripped)) \
        and not (stripped[0] in "/／" and not digit_numbers)  # '/7': a blank mark and a speck
    # a lone digit read as a look-alike character by the Chinese model ('1' as 了 or 工)
    lone = len(stripped) <= LONE_CHARS
    lone_misread = (lone and t.confidence < LONE_MISREAD_CONF) or stripped in DIGIT_LOOKALIKES
    # the Chinese model's lone character at almost no confidence is no reading at all
    no_reading = lone and t.confidence < NO_READING_CONF and bool(digit_numbers)
    # digits readers that read two numbers ('4' and '41') are unsure, not wrong: an unsure lone
    # character ('二' 0.4, '了') is no better evidence of a word, so their numbers are voted on,
    # capped as the Chinese model saw none (a blank mark stays one)
    disputed = lone_misread and len(digit_numbers) > 1 and stripped not in BLANK_MARKS
    if garbled_number or (lone_misread and digits_one_number) or no_reading or disputed:
        return None
    # words: keep them; offer the digits readers' number if they agree
    if stripped[0] in "/／" and not digit_numbers:
        return CellDecision("/", min(t.confidence, LOOKALIKE_CAP), (t.text,) if stripped != "/" else (), "text")
    return CellDecision(t.text, t.confidence, (n1,) if n1 is not None and n1 == n2 else (), "text")


def _unit_aligned(number_text: str, readings: list[tuple[str | None, float]]) -> list[tuple[str, float]]:
    """(number, confidence) of each digits reader that read one, given the unit the Chinese model
    read after the figures (1.4亿元): the digits reader reads the unit's glyphs as more digits."""
    unit = _TRAILING_UNIT.search(number_text)
    numbers: list[tuple[str, float]] = []
    for v, c in readings:
        if v is None:
            continue
        if unit:
            figures = number_text[:unit.start()]
            if v != figures and v.startswith(figures):
                v = figures
            if not v.endswith(unit.group(1)):
                v += unit.group(1)
        numbers.append((v, c))
    return numbers


def _vote(numbers: list[tuple[str, float]]) -> CellDecision:
    """The number most readers read, weighted by confidence; below any sensible threshold when
    they disagree, with the alternatives saying what else it may be."""
    votes: dict[str, float] = {}
    for v, c in numbers:
        votes[v] = votes.get(v, 0.0) + c + AGREEMENT_BONUS
    ranked = sorted(votes, key=lambda v: -votes[v])
    winner = ranked[0]
    agreeing = [c for v, c in numbers if v == winner]
    if len(ranked) == 1:
        conf = agreed_confidence(agreeing) if len(numbers) >= 2 else min(agreeing)
    else:
        conf = min(min(agreeing), DISAGREE_BASE + DISAGREE_SPAN * len(agreeing) / len(numbers))
    return CellDecision(winner, round(conf, 3), tuple(ranked[1:]), "number")


def agreed_confidence(confidences: list[float]) -> float:
    """Confidence of a reading several independent views agree on: 1 - Π(1 - c), at most 0.999."""
    doubt = float(np.prod([1.0 - min(max(c, 0.0), 1.0) for c in confidences]))
    return round(min(0.999, 1.0 - doubt), 3)
