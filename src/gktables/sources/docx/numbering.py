"""List numbering that Word renders but does not store as text (一、 （一） 1.), rebuilt from
numbering.xml and styles.xml so that labels read as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .xml import child, int_val, val, w


_CN_DIGITS = "零一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"


def _chinese_count(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + ten + (digits[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def format_number(n: int, fmt: str) -> str:
    """A list counter in a w:numFmt: decimal 3, chineseCounting 三, decimalEnclosedCircle ③ …"""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographDigital", "koreanCounting"):
        return _chinese_count(n)
    if fmt == "chineseLegalSimplified":
        return _chinese_count(n, _CN_LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _HEAVENLY[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class Numbering:
    """numbering.xml resolved: numId → (counter key, levels), with running counters. Lists of
    one abstract definition count on together, as in Word, unless a list restarts its start
    value (w:lvlOverride), which gives it counters of its own."""

    nums: dict[str, tuple[str, dict[int, _Level]]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # pStyle → (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_parts(cls, numbering, styles) -> Numbering:
        out = cls()
        if numbering is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for a in numbering.findall(w("abstractNum")):
                levels = {}
                for lvl in a.findall(w("lvl")):
                    levels[_int_val_attr(lvl, "ilvl", 0)] = _Level(
                        start=int_val(child(lvl, "start"), 1),
                        fmt=val(child(lvl, "numFmt")) or "decimal",
                        text=val(child(lvl, "lvlText")) or "",
                    )
                abstract[a.get(w("abstractNumId")) or ""] = levels
            for num in numbering.findall(w("num")):
                num_id = num.get(w("numId")) or ""
                abstract_id = val(child(num, "abstractNumId")) or ""
                overrides = num.findall(w("lvlOverride"))
                levels = dict(abstract.get(abstract_id, {}))
                for override in overrides:
                    ilvl = _int_val_attr(override, "ilvl", 0)
                    start = child(override, "startOverride")
                    replaced = child(override, "lvl")
                    base = levels.get(ilvl, _Level())
                    if replaced is not None:
                        base = _Level(int_val(child(replaced, "start"), base.start),
                                      val(child(replaced, "numFmt")) or base.fmt,
                                      val(child(replaced, "lvlText")) or base.text)
                    if start is not None:
                        base = _Level(int_val(start, base.start), base.fmt, base.text)
                    levels[ilvl] = base
                out.nums[num_id] = (f"num:{num_id}" if overrides else abstract_id, levels)
        if styles is not None:
            for style in styles.findall(w("style")):
                num_pr = child(child(style, "pPr"), "numPr")
                if num_pr is not None:
                    num_id = val(child(num_pr, "numId"))
                    if num_id is not None:
                        out.style_num[style.get(w("styleId")) or ""] = (num_id, int_val(child(num_pr, "ilvl"), 0))
        return out

    def label(self, p) -> str:
        """The list label Word shows before paragraph ``p`` ('' when it is not numbered)."""
        if not self.nums:
            return ""
        p_pr = child(p, "pPr")
        if p_pr is None:
            return ""
        num_pr = child(p_pr, "numPr")
        num_id, ilvl = None, 0
        style = val(child(p_pr, "pStyle"))
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if num_pr is not None:
            num_id = val(child(num_pr, "numId")) or num_id
            ilvl = int_val(child(num_pr, "ilvl"), ilvl)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, levels = self.nums[num_id]
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return ""
        counts = self.counters.setdefault(abstract_id, {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]

        def substitute(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            return format_number(counts.get(k, lvl.start), lvl.fmt) if lvl.fmt != "bullet" else ""

        return re.sub(r"%([1-9])", substitute, level.text)


def _int_val_attr(el, attr: str, default: int) -> int:
    try:
        return int(el.get(w(attr)))
    except (TypeError, ValueError):
        return default

