"""Parsing printed cell text into typed values (count, signed, money in 万元)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .schema import ValueType

BLANK_MARKERS = frozenset({"", "/", "-", "—", "–", "－", "−", "——", "无", "\\", "--", "/ ", "一"})
# OCR confusions inside number cells (only applied where a number is expected).
OCR_DIGITS = str.maketrans({"U": "0", "O": "0", "o": "0", "D": "0", "〇": "0", "l": "1", "I": "1", "|": "1"})

# --- Number patterns: the one home ------------------------------------------------------------
# Every reader of printed numbers takes its pattern from here. They differ, on purpose, by what
# the text has been through before it is matched (raw print, or normalised by
# normalize_number_text / OCR's mending) and by what the match decides.
MONEY_UNIT = "亿元|万元|元"  # as printed after an amount
MONEY_UNIT_OR_BARE = "亿元|万元|元|亿|万"  # also the bare 亿/万 left once text is normalised
COUNT_UNIT = "件|项|个|条"  # counting units of the report's prose (共收到申请75件), and of some tables' cells
_COUNT_SUFFIX = re.compile(rf"(?<=\d)(?:{COUNT_UNIT})$")
# The signs a number is printed with: ASCII, full-width (－ ＋), the minus sign (−), the small plus (﹢).
MINUS_SIGNS = "-－−"
NUMBER_SEPARATORS = ".,．，"  # a number's decimal point and thousands commas, ASCII and full-width
NUMBER_SIGNS = MINUS_SIGNS + "+＋﹢"
_SIGN = rf"[{re.escape(NUMBER_SIGNS)}]"
# A number as printed in table text: a sign (any of NUMBER_SIGNS), thousands commas, decimals, a
# money unit after at most one space. Unanchored: the core's tokenizer finds it inside lines.
PRINTED_NUMBER = rf"{_SIGN}?\d[\d,]*(?:\.\d+)?(?:\s?(?:{MONEY_UNIT}))?"
# A whole normalised number (ASCII sign, no spaces): what OCR's mended reading must be.
NORMALIZED_NUMBER = re.compile(rf"^[+\-]?\d[\d,]*(\.\d+)?({MONEY_UNIT_OR_BARE})?$")
# A value cell, judged leniently when choosing which grids are report tables: any sign (also
# fullwidth or the minus sign), separators anywhere, a money or counting unit or %.
VALUE_CELL = re.compile(rf"{_SIGN}?\s*\d[\d,，.]*\s*(?:{MONEY_UNIT}|{COUNT_UNIT}|%)?")
# One word of raw PDF text that is a value: a sign (any of NUMBER_SIGNS), fullwidth separators, %, or a
# dash or slash alone (a printed blank); it may carry its money unit (195509350元), or the first
# part of it where the unit wraps onto the next line (0.566771万 / 元).
PDF_WORD_VALUE = re.compile(rf"^{_SIGN}?\d[\d,，]*(?:[.．]\d+)?(?:%|\s?(?:{MONEY_UNIT_OR_BARE}))?$|^[/／—–\-－]$")
# A loose number of raw PDF text (sign, digits, separators), to find two numbers in one cell.
PDF_LOOSE_NUMBER = rf"{_SIGN}?\d[\d,.]*"
# OCR's mending of a reading before it must match NORMALIZED_NUMBER (sources/ocr/decide.py):
# a leading minus read as 一 or a dash before a number; thousands commas (removed only where the
# whole reading is grouped by three, so '1,5' stays unmatched); a stray mark after a number ('0.').
OCR_LEADING_MINUS = re.compile(r"^[一—–－-]+(?=\S*\d)")
OCR_GROUPED_THOUSANDS = re.compile(r"[+\-]?\d{1,3}(,\d{3})+(\.\d+)?\D*")
OCR_TRAILING_MARK = re.compile(r"(.*\d)[.,，。、]+")
# A number with its unit in the report's prose (not part of a longer number or a decimal); the
# number is group 1, the unit group 2.
# (Written to start with a digit, the look-behind after it: the pattern engine then skips to the
# next digit instead of trying the look-behind at every character of a page's prose.)
PROSE_NUMBER = re.compile(rf"(\d(?<![\d.]\d)\d*(?:\.\d+)?)\s*({MONEY_UNIT}|{COUNT_UNIT})")
# A printed page number alone on its line: '- 3 -', '第3页', '第 3 页，共 12 页', '3/12'. Two uses that
# differ on purpose: in a text stream (PAGE_NUMBER_LINE, core/items.py) a bare '3' on its own line
# is far more often a value cell than a page number, so it stays; below a table header at the foot
# of a page (PAGE_FOOT_LINE, the PDF stream path) no value can stand, so a bare number, and 第3页
# followed by anything, is the page's number too.
_PAGE_NUMBER = r"[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}"
PAGE_NUMBER_LINE = re.compile(rf"^\s*(?:{_PAGE_NUMBER})\s*$")
PAGE_FOOT_LINE = re.compile(rf"^\s*(?:{_PAGE_NUMBER}|第\s*\d+\s*页.*|\d{{1,3}})\s*$")

# What a reviewer may type for a cell (review app): plain digits, no units, no grouping; 13 digits
# at most (no report prints 10**12), money with at most 6 decimals (万元 to the 分 of 元).
TYPED_COUNT = re.compile(r"^\d{1,13}$")
TYPED_SIGNED = re.compile(r"^[+-]?\d{1,13}$")
TYPED_MONEY = re.compile(r"^[+-]?\d{1,13}(\.\d{1,6})?$")

_VALUE_TEXT = re.compile(rf"[+-]?[\d.]+({MONEY_UNIT_OR_BARE})?")  # after normalize_number_text
_MONEY = re.compile(rf"^([+-]?\d+(?:\.\d+)?)({MONEY_UNIT_OR_BARE})?$")
_INT = re.compile(r"^[+-]?\d+$")
_SPACES = re.compile(r"\s+")
MAX_DIGITS = 15  # more digits than this are no table value (and Python refuses int() of > 4300)


@dataclass(frozen=True)
class ParsedValue:
    value: int | float | None  # None = a blank cell
    ok: bool  # False: the text is not a value of this type
    ocr_fixed: bool = False  # letters read as digits were mapped (U → 0)
    note: str = ""


def is_lone_minus(text: str) -> bool:
    """A token printing a minus sign alone ('－'): a blank mark, or the sign of the number printed
    right after it, cut off into a field or token of its own."""
    sign = text.strip()
    return len(sign) == 1 and sign in MINUS_SIGNS


def is_value_text(text: str) -> bool:
    """A number as printed in a value cell (signed, with thousands separators or a unit)."""
    return bool(VALUE_CELL.fullmatch(text.strip()))


def normalize_number_text(raw: str) -> str:
    return _normalize_short(raw) if len(raw) <= _CACHED_LEN else _normalize(raw)


def is_blank(raw: str) -> bool:
    return _is_blank_short(raw) if len(raw) <= _CACHED_LEN else _is_blank(raw)


# Both are asked of the same short cell texts many times per document; long texts (which no
# cache should keep alive) are worked out each time.
_CACHED_LEN = 64


@lru_cache(maxsize=4096)
def _normalize_short(raw: str) -> str:
    return _normalize(raw)


@lru_cache(maxsize=4096)
def _is_blank_short(raw: str) -> bool:
    return _is_blank(raw)


def _normalize(raw: str) -> str:
    s = unicodedata.normalize("NFKC", raw).strip()
    s = s.replace("－", "-").replace("−", "-").replace("—", "-").replace("﹢", "+")
    s = _SPACES.sub("", s)
    return _COUNT_SUFFIX.sub("", s.replace(",", ""))  # '21件' in a cell counts 21


def _is_blank(raw: str) -> bool:
    return unicodedata.normalize("NFKC", raw).strip().replace("\u00a0", "") in BLANK_MARKERS


@lru_cache(maxsize=65536)
def parse_value(raw: str, vtype: ValueType, money_unit: str = "万元") -> ParsedValue:
    """Parse a printed cell. ``money_unit`` is the unit the column header states (2021: 万元)."""
    if is_blank(raw):
        return ParsedValue(None, True)
    s = normalize_number_text(raw)
    fixed = False
    if not _VALUE_TEXT.fullmatch(s):
        t = s.translate(OCR_DIGITS)
        if t != s and _VALUE_TEXT.fullmatch(t):
            s, fixed = t, True
    if sum(ch.isdigit() for ch in s) > MAX_DIGITS:
        return ParsedValue(None, False, fixed, f"too many digits for a table value: {raw[:20]!r}…")
    if vtype == "money_wan":
        return _parse_money(s, money_unit, fixed)
    if not _INT.match(s):
        return ParsedValue(None, False, fixed, f"not an integer: {raw!r}")
    n = int(s)
    if vtype == "count" and (n < 0 or s.startswith("+")):
        return ParsedValue(n, False, fixed, f"a count cannot be signed: {raw!r}")
    return ParsedValue(n, True, fixed)


def _parse_money(s: str, header_unit: str, fixed: bool) -> ParsedValue:
    m = _MONEY.match(s)
    if not m:
        return ParsedValue(None, False, fixed, f"not an amount: {s!r}")
    try:
        amount = Decimal(m.group(1))
    except InvalidOperation:
        return ParsedValue(None, False, fixed, f"not an amount: {s!r}")
    unit = m.group(2) or (header_unit if header_unit != "?" else "万元")
    factor = {"元": Decimal("0.0001"), "万元": Decimal(1), "万": Decimal(1),
              "亿元": Decimal(10000), "亿": Decimal(10000)}[unit]
    wan = amount * factor
    note = "" if m.group(2) or header_unit != "?" else "unit not printed; read as 万元"
    return ParsedValue(float(round(wan, 6)), True, fixed, note)
