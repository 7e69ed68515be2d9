"""Every source becomes one stream of items: label fragments and value tokens, in reading order.

Text is tokenised here; grids are walked row by row. The aligner downstream never needs to know
which source an item came from, only whether a value token is an explicit cell (a grid cell is
one value and is never split) or a piece of free text (which may hold run-together digits).

(About 800 lines, over the ~400 the house aims at: tokenising text and walking grids are the two
halves of one contract, the Item stream with its blanks and explicit cells, and share the value
and blank patterns built here from the format's labels.)
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from operator import attrgetter
from dataclasses import MISSING, dataclass, field, fields
from functools import cached_property, lru_cache
from typing import Literal

from ..labels import normalize_label, strip_ordinal
from ..schema import Template, load_schema
from ..layout import BBox, Grid, GridCell, Layout, SourceKind
from .pipe_tables import without_spacer_fields
from ..values import (BLANK_MARKERS, COUNT_UNIT, MINUS_SIGNS, OCR_DIGITS, PAGE_NUMBER_LINE, PRINTED_NUMBER,
                      is_blank, normalize_number_text)

ItemKind = Literal["label", "value"]


@dataclass(frozen=True)
class Item:
    """A label fragment or a value token as the source printed it, and where. Never changed: the
    aligner keeps what it works out about a token in its own tables (:mod:`.hints`)."""

    kind: ItemKind
    text: str  # as printed
    source: SourceKind
    line: int  # text line or grid row (items on one line share it)
    explicit: bool = False  # a whole grid cell: one value, never split
    blank: bool = False  # an empty cell or a blank marker (/, —, 无)
    ocr_letters: bool = False  # letters read as digits (U → 0)
    page: int | None = None
    bbox: BBox | None = None
    cell: GridCell | None = field(default=None, repr=False, compare=False)  # the grid cell it was read from
    span: tuple[int, int] | None = None  # offsets into the text, for text input
    confidence: float = 1.0
    alternatives: tuple[str, ...] = ()
    pos: int = 0  # index in the stream (reading order), given once by `number_items`
    field_from_right: int | None = None  # in a tab/'|' row as printed: 1 for the last field, 2 for the one before…
    column: float | None = None  # space-aligned text (pdftotext -layout): character column of the token's centre
    merged_column: tuple[int, int] | None = None  # a '|' table merging columns: (column from the right, cells)
    parts: tuple[Item, ...] = field(default=(), repr=False)  # the printed strings a joined number was read from

    @cached_property
    def norm(self) -> str:
        """A label's normalised text ('' for a value)."""
        return normalize_label(self.text) if self.kind == "label" else ""

    def evolve(self, **facts: object) -> Item:
        """A copy with some facts given as the stream is built (its position, the field or column
        it was printed in, a unit wrapped onto the next line). The same as ``dataclasses.replace``
        without its checks: the stream holds thousands of items, and this runs for each."""
        new = object.__new__(Item)
        state = new.__dict__
        state.update(self.__dict__)
        for name in _DERIVED:
            state.pop(name, None)
        state.update(facts)
        return new

    @property
    def empty_field(self) -> bool:
        """An empty field of a tab- or '|'-separated row (a blank cell, or padding), not a printed mark."""
        return self.blank and not self.text

    @cached_property
    def digits(self) -> str:
        """The value text with sign and unit stripped of spaces, OCR letters mapped."""
        s = normalize_number_text(self.text)
        return s.translate(OCR_DIGITS) if self.ocr_letters else s


_DERIVED = ("digits", "norm")  # cached from the text: not copied by Item.evolve
_DEFAULTS = {f.name: f.default for f in fields(Item) if f.default is not MISSING}


def new_item(**facts: object) -> Item:
    """``Item(**facts)`` without the frozen dataclass's checked setting of each of its 17 fields
    (every cell of every grid makes one; this is about three times as fast). Every field without a
    default must be given."""
    new = object.__new__(Item)
    state = new.__dict__
    state.update(_DEFAULTS)
    state.update(facts)
    return new

# A number as printed: optional sign, digits (with thousands commas), decimals, a money unit.
_NUMBER = PRINTED_NUMBER
# A standalone OCR misreading of 0 ('U', 'O') inside a table row.
_OCR_ZERO = r"(?<![A-Za-z])[UOo](?![A-Za-z])"
_BLANK = rf"(?<![\w/])(?:/|—{{1,2}}|[{re.escape(MINUS_SIGNS)}]|无)(?![\w/])"
# A plus printed apart from the number after it ('＋ 3'): its sign, or nothing; +3 and 3 are one
# value, so it is passed over (neither a cell nor a piece of a label).
_LONE_PLUS = r"(?<!\S)[+＋﹢](?=[ \u3000]{1,2}\d)"
# Blank markers glued into a run of cells (scraped text: '1—1无无无2'): each em dash is one cell;
# 无 only where no word follows it (not 无法提供, 无正当理由).
@lru_cache(maxsize=1)
def _format_labels() -> frozenset[str]:
    schema = load_schema()
    return frozenset({normalize_label(part) for t2 in ("2019", "2021") for t3 in ("single", "split")
                      for row in schema.rows(Template(t2, t3)) for part in (*row.path, row.caption or "")} - {""})


def _words_after_wu() -> str:
    """What follows 无 inside the national format's own labels (无法提供, 申请人无正当理由…)."""
    return "|".join(sorted({re.escape(lab[i + 1:i + 3]) for lab in _format_labels() for i, ch in enumerate(lab)
                            if ch == "无" and lab[i + 1:i + 3]}))


def _label_starts() -> str:
    """How the national format's labels begin (ordinal dropped): 规章, 其他对, 第二十…"""
    starts = {strip_ordinal(lab)[:3] for lab in _format_labels()}
    return "|".join(sorted({re.escape(s) for s in starts if len(s) >= 3}))


# After another value, or right after a label and before the next label of the format, 无 is a
# cell ('390无其他对外…', '行政许可无第二十条…') unless the format has a label going on that way.
# Before a sub-row ordinal ('1.') it is a cell only after another value: after a label it is a
# piece of that label cut off by a converter ('（四）无' + '法提供'); before a space, it is a cell
# unless the label goes on past the space ('1.申请人无 正当理由…': PyPDF2 spaces a label's words).
_NOT_AFTER_WU = _words_after_wu()
_GLUED_BLANK = (rf"—|无(?=$|[\s—/（(无]|[一二三四五六七八九十]+、)(?!\s+(?:{_NOT_AFTER_WU}))"
                r"|无(?=\d)(?!\d[.、．])|(?<=[\d—无/])无(?=\d[.、．])"
                rf"|(?<=[\d—无/])无(?=[\u4e00-\u9fff])(?!{_NOT_AFTER_WU})"
                rf"|无(?={_label_starts()})(?!{_NOT_AFTER_WU})"
                r"|(?<=[\d—无/])/|/(?=[\d—无/])")
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<ocr>{_OCR_ZERO})|(?P<blank>{_BLANK})|(?P<glued>{_GLUED_BLANK})"
                    rf"|(?P<plus>{_LONE_PLUS})")
# An empty field, or one holding only a no-break space: web pages fill their empty cells with
# '&nbsp;', which a print or a converter keeps; such a field is a cell printed blank, as '/' is,
# where a field of plain spaces may be a converter's padding.
_EMPTY_FIELD = re.compile(r"(?<=[\t|])[ \u3000]*(?P<nbsp>\u00a0[ \u3000\u00a0]*)?(?=[\t|]|$)")
# Numbers that are prose, not cells: 2023年, 第3页, 21件, 45%.
_PROSE_SUFFIX = re.compile(r"\s?[年月日件条个次人%％页号时分名家篇期批天项]")
# A row's last value before one character of a vertical label (see _row_end_stray).
_ROW_CELL = r"(?:\d+|[无/—－-]+)"  # a value or a blank mark ('无无': two glued)
_ROW_BEFORE = re.compile(rf"(?:^|\s){_ROW_CELL}(?:\s+{_ROW_CELL}){{1,}}\s+$")  # two or more cells, then this one
_STRAY_AFTER = re.compile(r"\s[\u4e00-\u9fff]\s*")  # one character, alone, at the line's end
_WORD_AND_CELL = re.compile(rf"(\S+)\s+{_ROW_CELL}\s+$")  # a word, one cell, then this one
# An ordinal that starts a label: '2.其他法律…', '1、…' (the tables number sub-rows 1–8).
_ORDINAL_AFTER = re.compile(r"[.．、][ \u3000]{0,3}[\u4e00-\u9fff（(“\"]")  # '3.  “危及…' (layout text)
# A value run into a year: digits, then 19xx/20xx before 年 (the value has no leading zero unless 0).
_GLUED_YEAR = re.compile(r"(0|[1-9]\d*(?:\.\d+)?)((?:19|20)\d\d)")
# An ordinal alone on its line ('3.' with its label on the next lines: PyMuPDF breaks a label at quotes).
_ORDINAL_ALONE = re.compile(r"^\s*\d{1,2}[.．、]\s*$")
_ORDINAL_OVER = re.compile(r"^\s*[1-9]\s*$")  # an ordinal alone, its separator and label on the next line
_IDEOGRAPH_END = re.compile(r"[\u4e00-\u9fff）)]\s*$")  # a line of label text
# A page number '- 3 -' printed after a run of spaces on a line with other text (PyMuPDF's sorted
# text merges the footer with the next page's first line).
_PAGE_NUMBER_INLINE = re.compile(r"(?<=\s{8})[-—–－] \d{1,3} [-—–－](?=\s|$|[\u4e00-\u9fff])")
# A page number in a markdown row ('|  |  | - 3 | -  |': markitdown draws the footer into the table
# it runs through): the row holds nothing else, and one of its cells holds a dash and the number
# together (a blank cell's dash stands alone in its cell).
_PAGE_NUMBER_CELL = re.compile(r"^\s*(?:[-—–－] \d{1,3}|\d{1,3} [-—–－])\s*$")
_UNIT_LINE = re.compile(r"^\s*(?:亿元|万元|元)\s*$")
# Markup of a markdown table's cell, no text of it: a line break ('|1.申请人无正当理由逾<br>期不补正、…|':
# PyMuPDF4LLM, docling; the cell's lines read as one text, its words joined as a wrapped label's are)
# and inline code or HTML styling ('`251000`元', '<u>`251000`</u> <u>元</u>': PyMuPDF4LLM marks a
# monospaced or underlined font so; the unit stays the number's).
_CELL_MARKUP = re.compile(r"</?(?:br|u|b|i|em|strong|s|del|sup|sub|span|font|mark)\b[^<>]{0,80}>|`", re.IGNORECASE)
_MARKDOWN_RULE = re.compile(r"^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")


def number_items(items: list[Item]) -> list[Item]:
    """The stream in reading order, each item given its position in it."""
    return [it if it.pos == i else it.evolve(pos=i) for i, it in enumerate(items)]


# --- text ------------------------------------------------------------------------------------

# Kangxi radicals and radical supplements a PDF's fonts map its ideographs to ('⽆' U+2F46 for 无,
# '⼀' for 一, in Chromium's prints: pdfplumber, pypdf, markitdown, PyMuPDF4LLM and PyPDF2 keep them):
# read as the ideographs, one character each (offsets kept), so that a printed 无 is a blank cell.
def _radicals() -> dict[int, str]:
    out = {}
    for code in range(0x2E80, 0x2FE0):
        ideograph = unicodedata.normalize("NFKC", chr(code))
        if len(ideograph) == 1 and ideograph != chr(code):
            out[code] = ideograph
    return out


_RADICALS = _radicals()
# Hyphens run together with a cell ('1595508--247852435', '1-----1': PyPDF2 runs a row's cells together,
# '-' printed for empty ones): each is a blank cell, as glued em dashes are, and the last one no minus of
# the number after it (a minus never follows another); so is one glued between a cell and digits
# starting with 0 ('3320-0035': no number printed with a sign starts with 0 and another digit). One
# before other digits may be a sign ('62-11494' is 62, −11, 494 in 二's 本年增/减): read as one. Read as
# em dashes (one character each: offsets kept).
_GLUED_HYPHENS = re.compile(r"(?<=[\d—无/])-{2,}|-{2,}(?=[\d—无/])|(?<=[\d—无/])-(?=0\d)")
# A row of blank cells alone ('二、上年结转政府信息公开申请数量 -------'): a run standing apart is its cells
# too ('--' one, as a standalone '——' is), on a line with something else (a line of hyphens is a rule).
_STANDALONE_HYPHENS = re.compile(r"(?<![^\s|])-{2,}(?![^\s|])")


def _glued_hyphens_as_dashes(line: str) -> str:
    if "-" not in line:
        return line
    line = _GLUED_HYPHENS.sub(_as_dashes, line)
    return _STANDALONE_HYPHENS.sub(_as_dashes, line) if line.strip(" \t|-") else line


def _as_dashes(m: re.Match[str]) -> str:
    return "—" * len(m.group())


def text_to_items(text: str, source: SourceKind = "text") -> list[Item]:
    rows: list[tuple[str, int, list[Item]]] = []
    offset = 0
    lines = text.split("\n")
    for line_no, line in enumerate(lines):
        if (not PAGE_NUMBER_LINE.match(line) and not _MARKDOWN_RULE.match(line) and not _markdown_page_number(line)
                and not _placeholder_header(line, lines[line_no + 1] if line_no + 1 < len(lines) else "")):
            # (offsets kept)
            line_read = _glued_hyphens_as_dashes(
                _blanked(_CELL_MARKUP, _blanked(_PAGE_NUMBER_INLINE, line)).translate(_RADICALS))
            next_line = lines[line_no + 1] if line_no + 1 < len(lines) else ""
            last = next((t for t in reversed(lines[max(0, line_no - 3):line_no]) if t.strip()), "")
            if _nbsp_between_values(line, last, lines[line_no + 1:line_no + 4]):
                # a web page's '&nbsp;' cell, printed and kept on a line of its own between values
                at = line.index("\u00a0")
                found = [Item("value", "\u00a0", source, line_no, blank=True, span=(offset + at, offset + at + 1))]
            elif (_ORDINAL_OVER.match(line) and _ORDINAL_AFTER.match(next_line.lstrip())
                    and _IDEOGRAPH_END.search(last)):
                # '法提供' / '2' / '、没有现成信息': a label's ordinal broken onto a line of its own between
                # two lines of labels (pdfminer); after a value it is a row's last cell (PyMuPDF)
                start = offset + line.index(line.strip())
                found = [Item("label", line.strip(), source, line_no, span=(start, start + len(line.strip())))]
            else:
                found = _line_items(line_read, offset, line_no, source)
            rows.append((line_read, offset, found))
        offset += len(line) + 1
    items = [it for row in without_spacer_fields(rows) for it in row]
    return number_items(_with_wrapped_units(items, text))


_NBSP_LINE = re.compile(r"[ \t\u3000]*\u00a0[ \t\u3000\u00a0]*\r?")
_ENDS_WITH_VALUE = re.compile(r"(?:^|\s)(?:\d[\d,.]*|[/—－-]+)\s*$")
# a value, or a sub-row's ordinal with its point and a space ('2. 没有现成信息…': the blank cell then the
# row's last, right before the next row's label; _ROW_CELL's bare digits would leave it out)
_STARTS_WITH_VALUE = re.compile(r"^\s*(?:\d[\d,.]*|[/—－-]+)(?:\s|$)")


def _nbsp_between_values(line: str, before: str, following: Sequence[str]) -> bool:
    """A line of no-break spaces alone, right between a line ending in a value (``before``) and the
    next line with text (of ``following``) starting with a value (or a sub-row's ordinal, see
    _STARTS_WITH_VALUE): a cell a web page filled with '&nbsp;', which a print and a converter (PyMuPDF)
    kept on a line of its own among its row's values: a cell printed blank, as in a '|' field."""
    if not _NBSP_LINE.fullmatch(line) or not _ENDS_WITH_VALUE.search(before):
        return False  # (most lines: the lines after are not looked at)
    after = next((t for t in following if t.strip()), "")
    return bool(_STARTS_WITH_VALUE.match(after))


def _blanked(pattern: re.Pattern[str], line: str) -> str:
    """``line`` with what ``pattern`` matches made spaces (the offsets into the text kept)."""
    return pattern.sub(lambda m: " " * len(m.group()), line)


def _row_end_stray(line: str, a: int, b: int) -> bool:
    """'7.属于行政执法案卷 8 0 0 0 1 0 9 年': a row's last value followed by one character of a
    vertical label ('三、本年度办理结果' printed a character a row: PyMuPDF's sorted text) is a
    cell, not a count in prose ('9 年'): a run of values comes before it, the character ends the line.
    A row of two values ('7.属于行政执法案卷 2 2 年', a blank-heavy table) is a run too short to
    tell from prose: there the word before its first value must begin a row label of the format."""
    if not _STRAY_AFTER.fullmatch(line[b:]):
        return False
    if _ROW_BEFORE.search(line[:a]):
        return True
    two_cells = _WORD_AND_CELL.search(line[:a])
    return bool(two_cells and _begins_format_label(two_cells.group(1)))


def _begins_format_label(word: str) -> bool:
    """Whether ``word`` is a row label of the national format or its first four characters or more
    (a label wrapped in its cell): '7.属于行政执法案卷', '1.本机关不掌握相关政'; not '其中'."""
    text = normalize_label(word)
    return len(text) >= 4 and any(label.startswith(text) for label in _format_labels())


def _placeholder_header(line: str, next_line: str) -> bool:
    """A markdown table's header row of empty fields ('|  |  |  |' over '| --- | --- | --- |'):
    converters draw it when the table they convert has no header row. It prints no cell."""
    return bool(_MARKDOWN_RULE.match(next_line)) and "|" in line and not line.replace("|", "").strip()


def _markdown_page_number(line: str) -> bool:
    if "|" not in line:
        return False
    cells = line.strip().strip("|").split("|")
    return (bool(PAGE_NUMBER_LINE.match(" ".join(c.strip() for c in cells if c.strip())))
            and any(_PAGE_NUMBER_CELL.match(c) for c in cells))


def _with_wrapped_units(items: list[Item], text: str) -> list[Item]:
    """A money unit wrapped onto a line of its own ('12505816.66' then '元' below it) belongs to
    the number ending the line before: read together, the unit is not lost (a 元 amount would be
    taken for 万元). So does a unit cut in two ('0.566771万' then '元'), one wrapped below a
    row label printed between the lines of its value cell ('5667.71' / '行政事业性收费' / '元'), and
    one kept apart from its number by markup only ('<u>`251000`</u> <u>元</u>')."""
    out: list[Item] = []
    for it in items:
        prev = out[-1] if out else None
        if (it.kind == "label" and _UNIT_LINE.match(it.text) and prev is not None and _ends_amount(prev)
                and prev.line == it.line and prev.span and it.span and _markup_only(text[prev.span[1]:it.span[0]])):
            out[-1] = prev.evolve(text=f"{prev.text}{it.text.strip()}", span=(prev.span[0], it.span[1]))
            continue
        if (it.kind == "label" and it.text in _BARE_UNITS and prev is not None and _ends_amount(prev)
                and prev.line == it.line and prev.span is not None and it.span is not None
                and prev.span[1] == it.span[0]):
            out[-1] = prev.evolve(text=f"{prev.text}{it.text}", span=(prev.span[0], it.span[1]))  # 0.566771万
            continue
        if it.kind == "label" and _UNIT_LINE.match(it.text) and not any(x.line == it.line for x in out):
            target = _amount_above(out, it.line)
            if target is not None:
                amount = out[target]
                out[target] = amount.evolve(text=_with_unit(amount.text, it.text.strip()))
                continue
        out.append(it)
    return out


_BARE_UNITS = ("万", "亿")


def _markup_only(gap: str) -> bool:
    """Whether ``gap`` holds markup (and spaces) only, some of it: a cell's styling, no text."""
    return bool(gap.strip()) and not _CELL_MARKUP.sub("", gap).strip()


def _ends_amount(it: Item) -> bool:
    return it.kind == "value" and not it.blank and it.text[-1:].isdigit()


def _amount_above(out: list[Item], line: int) -> int | None:
    """The index of the number ending the line above a unit line, or the line above that when
    that line holds a label alone (the row label centred between a wrapped value's lines)."""
    if not out:
        return None
    k = len(out) - 1
    if out[k].kind == "label" and out[k].line == line - 1 and (k == 0 or out[k - 1].line != line - 1):
        k, line = k - 1, line - 1  # a label alone on the line between
        if k < 0:
            return None
    it = out[k]
    if it.line != line - 1 or it.kind != "value" or it.blank:
        return None
    return k if it.text[-1:].isdigit() or it.text.endswith(_BARE_UNITS) else None


def _with_unit(text: str, unit: str) -> str:
    """'0.566771万' + '元' → '0.566771万元'; '12505816.66' + '元' → '12505816.66元'."""
    return text + unit.lstrip("万亿") if text.endswith(_BARE_UNITS) else text + unit


def _line_items(line: str, offset: int, line_no: int, source: SourceKind) -> list[Item]:
    out: list[Item] = []
    cursor = 0

    def label(a: int, b: int) -> None:
        frag = line[a:b]
        core = frag.strip(" \t|\u3000\u00a0")  # (a field of no-break spaces is a blank cell)
        if core:  # the span covers the label's own characters, not the separators around it
            start = a + frag.index(core)
            out.append(Item("label", frag.strip(), source, line_no, span=(offset + start, offset + start + len(core))))

    for m in _TOKEN.finditer(line):
        a, b = m.span()
        if m.group("num"):
            after = line[b:b + 3]
            before = line[max(0, a - 1):a]
            glued_year = _GLUED_YEAR.fullmatch(line[a:b]) if after.startswith("年") else None
            if glued_year:
                # '行政事业性收费02025年，我局…': a cell glued to the next paragraph's year.
                b = a + len(glued_year.group(1))
            elif (before == "第" or (_PROSE_SUFFIX.match(after) and not _row_end_stray(line, a, b))
                  or _is_inside_word(line, a, b) or _ORDINAL_ALONE.match(line)):
                continue
            if _ORDINAL_AFTER.match(line[b:b + 5]):
                # '00000002.其他…' : the last digit is the label's ordinal, the rest is a value.
                b_value = b - 1
                if b_value <= a:
                    continue
                label(cursor, a)
                out.append(Item("value", line[a:b_value], source, line_no, span=(offset + a, offset + b_value)))
                cursor = b_value
                continue
            label(cursor, a)
            out.append(Item("value", line[a:b], source, line_no, span=(offset + a, offset + b)))
            cursor = b
        elif m.group("ocr"):
            if not _standalone(line, a, b):
                continue
            label(cursor, a)
            out.append(Item("value", line[a:b], source, line_no, ocr_letters=True, confidence=0.9,
                            span=(offset + a, offset + b)))
            cursor = b
        elif m.group("plus"):
            label(cursor, a)
            cursor = b
        elif m.group("blank") or m.group("glued"):
            glued_dashes = m.group("blank") and not _standalone(line, a, b) and set(line[a:b]) == {"—"}
            if m.group("blank") and not _standalone(line, a, b) and not glued_dashes:
                continue
            label(cursor, a)
            # Glued into a run ('1——2'), each em dash is a cell of its own; standalone, '——' is one.
            for x in (range(a, b) if glued_dashes else (a,)):
                y = x + 1 if glued_dashes else b
                out.append(Item("value", line[x:y], source, line_no, blank=True, span=(offset + x, offset + y)))
            cursor = b
    label(cursor, len(line))
    if "\t" not in line and "|" not in line:
        return _with_columns(line, offset, out)
    return _with_empty_fields(line, offset, line_no, source, out)


def _with_columns(line: str, offset: int, items: list[Item]) -> list[Item]:
    """Where each value sits on its line, in characters (pdftotext -layout pads with spaces so that
    a table's columns line up character for character, whatever the width of the label before).
    A line with no run of spaces is not padded: one space follows a label of any length, and where
    a value sits says nothing of its column."""
    if sum(1 for it in items if it.kind == "value" and it.span) < 2 or "  " not in line.strip():
        return items
    return [it.evolve(column=(it.span[0] + it.span[1]) / 2 - offset) if it.kind == "value" and it.span else it
            for it in items]


def _with_empty_fields(line: str, offset: int, line_no: int, source: SourceKind, items: list[Item]) -> list[Item]:
    """In tab- or '|'-separated rows, an empty field after the row's last label field is a blank
    cell, and its position says which cell is blank (四 has no label field at all). Empty fields
    before a label are label-column spacers."""
    if "\t" not in line and "|" not in line:
        return items
    if not line.strip(" \t|\u3000"):
        return _all_blank_fields(line, offset, line_no, source)
    if not any(it.kind == "value" for it in items):
        return items  # header rows add no blanks; a row printed all blank is read from its label
    label_spans = [it.span for it in items if it.kind == "label" and it.text.strip("|\t ")]
    last_span = label_spans[-1] if label_spans else None
    start = (last_span[1] - offset) if last_span else 0
    pipe_row = line.strip().startswith("|")
    # A tab row's trailing tabs are its trailing empty cells; a '|' row ends at its last bar.
    end = len(line.rstrip()) - 1 if pipe_row and line.rstrip().endswith("|") else len(line.rstrip("\r\n "))
    blanks = []
    for m in _EMPTY_FIELD.finditer(line):
        a = m.start()
        trailing = not pipe_row and a >= len(line.rstrip())
        if a < start or a > end or (trailing and not any(it.kind == "value" for it in items)):
            continue
        mark = "\u00a0" if m.group("nbsp") else ""
        blanks.append(Item("value", mark, source, line_no, blank=True, span=(offset + a, offset + a + len(mark))))
    merged = sorted(items + blanks, key=lambda it: it.span[0] if it.span else 0) if blanks else items
    return _without_shared_fields(_with_fields_from_right(line, offset, merged, pipe_row))


def _without_shared_fields(items: list[Item]) -> list[Item]:
    """A row whose fields hold two values each ('| 1 - | - - |': markitdown merges columns that
    have no ruling between them) does not number its cells by fields: the fields are no hint, and
    empty fields before its first value pad the label columns."""
    printed = [it.field_from_right for it in items if it.kind == "value" and not it.empty_field]
    if len(printed) == len(set(printed)):
        return items
    first = next(i for i, it in enumerate(items) if it.kind == "value" and not it.empty_field)
    return [it.evolve(field_from_right=None) for i, it in enumerate(items) if not (i < first and it.empty_field)]


def _all_blank_fields(line: str, offset: int, line_no: int, source: SourceKind) -> list[Item]:
    """A separated row with no text at all (四 printed empty has no label to read it from): one
    blank cell per field."""
    body = line.strip(" \u3000\r\n")
    if body.startswith("|"):
        fields = max(body.count("|") - 1, 0)
    else:
        fields = body.count("\t") + 1 if "\t" in body else 0
    if fields < 3:
        return []  # a stray tab is no row
    return [Item("value", "", source, line_no, blank=True, span=(offset, offset)) for _ in range(fields)]


def _with_fields_from_right(line: str, offset: int, items: list[Item], pipe_row: bool) -> list[Item]:
    """Fields of a separated row line up with the table's columns from the right; each value
    keeps its field index from the right as a hint for its column."""
    body = _separated_body(line, pipe_row)
    cuts = [i for i, ch in enumerate(body) if ch in "\t|"]  # in order: bisect counts those at or after a value
    return [it.evolve(field_from_right=len(cuts) - bisect_left(cuts, it.span[0] - offset) + 1)
            if it.kind == "value" and it.span else it for it in items]


def _separated_body(line: str, pipe_row: bool) -> str:
    """A separated row's text whose tabs and bars count its fields: a '|' row ends at its last bar."""
    body = line.rstrip()
    return body[:-1] if pipe_row and body.endswith("|") else body


def by_line(items: Iterable[Item]) -> dict[int, list[Item]]:
    """``items`` grouped by the line (or grid row) they were printed on, in their order."""
    lines: dict[int, list[Item]] = {}
    for it in items:
        lines.setdefault(it.line, []).append(it)
    return lines


def printed_field_from_right(text: str, span: tuple[int, int]) -> int | None:
    """The field from the right (1 = the last) a token of ``text`` was printed in on its tab- or
    '|'-separated line, counted as printed: also where the row's fields are no hint of its columns
    (two values sharing a field). None off such lines."""
    start = text.rfind("\n", 0, span[0]) + 1
    end = text.find("\n", span[1])
    line = text[start:len(text) if end < 0 else end]
    if "\t" not in line and "|" not in line:
        return None
    tail = _separated_body(line, line.lstrip().startswith("|"))[span[0] - start:]
    return tail.count("|") + tail.count("\t") + 1


SIGN_GAP = 2  # at most this many characters between a sign printed apart and its number


def sign_printed_apart(mark: Item, number: Item) -> bool:
    """Whether a lone minus read as a blank mark may be the sign of the number printed right after
    it: on one line, nothing but a space or two between, in one tab or '|' field. pypdf breaks
    '－1' where the font changes between the full-width sign and the digit ('1 － 1 765'), and the
    mark then reads as a blank cell or a stray; which it is, only the row's count and checks tell."""
    return (mark.kind == "value" and mark.blank and mark.text in tuple(MINUS_SIGNS) and not mark.explicit
            and number.kind == "value" and not number.blank and not number.explicit
            and number.text[:1].isdigit() and number.pos == mark.pos + 1 and number.line == mark.line
            and mark.field_from_right == number.field_from_right  # in one '|' or tab field, if any
            and mark.span is not None and number.span is not None
            and 1 <= number.span[0] - mark.span[1] <= SIGN_GAP)


def glued_signs_apart(run: Sequence[Item]) -> list[Item] | None:
    """The run with each number whose minus is glued to the value printed before it ('2013337-43-242417':
    PyPDF2 runs a row's cells together, '-' printed for an empty one) read as a blank mark and the
    number, for a row of counts (none negative); None when the run has no such number."""
    out: list[Item] = []
    for before, token in zip([None, *run], run):
        if (before is not None and before.kind == token.kind == "value" and not token.blank and not token.explicit
                and token.text[:1] in MINUS_SIGNS and token.text[1:2].isdigit() and before.line == token.line
                and token.span is not None and before.span is not None and before.span[1] == token.span[0]):
            start, end = token.span
            out += [token.evolve(text=token.text[0], blank=True, span=(start, start + 1)),
                    token.evolve(text=token.text[1:], span=(start + 1, end))]
        else:
            out.append(token)
    return out if len(out) > len(run) else None


def _standalone(line: str, a: int, b: int) -> bool:
    """A token with a separator (space, tab, |, line end) on both sides."""
    left = line[a - 1] if a > 0 else " "
    right = line[b] if b < len(line) else " "
    return left in " \t|\u3000" and right in " \t|\u3000"


def _is_inside_word(line: str, a: int, b: int) -> bool:
    """Digits glued to Latin letters (URLs, codes like GB2312) are not values."""
    left = line[a - 1] if a > 0 else " "
    right = line[b] if b < len(line) else " "
    return left.isascii() and left.isalpha() or right.isascii() and right.isalpha() and right not in "UO"


# --- grids -----------------------------------------------------------------------------------

_CELL_NUMBER = re.compile(rf"^\s*(?:{_NUMBER}(?:\s?(?:{COUNT_UNIT}))?|[UOo])\s*$")  # '21件' too
_CELL_NUMBERS = re.compile(rf"^\s*(?:{_NUMBER})(?:\s+{_NUMBER})+\s*$")
# A label cell that swallowed its row's first values ('（七）总计 1538 0 45 0 92 63 1738'): a word-aligned
# grid whose columns merged. The label is the text up to the run of space-separated numbers at its end.
_GLUED_VALUES = re.compile(rf"^(?P<label>.*[\u4e00-\u9fff）)][^\d]*?)(?P<values>(?:\s+{_NUMBER})+)\s*$")


def _is_value_text(text: str) -> bool:
    return _is_value_text_short(text) if len(text) <= _CACHED_LEN else _value_text(text)


def _is_printed_value(text: str) -> bool:
    """A number, or a printed blank mark ('—', '/', '无'), as opposed to an empty cell."""
    return _is_printed_value_short(text) if len(text) <= _CACHED_LEN else _printed_value(text)


# Both are asked of every cell of every grid several times (value columns, header rows); long
# texts (which no cache should keep alive) are worked out each time.
_CACHED_LEN = 64


def _value_text(text: str) -> bool:
    t = text.replace("\u00a0", " ").strip()
    return bool(_CELL_NUMBER.match(t)) or is_blank(t) or bool(_CELL_NUMBERS.match(t))


def _printed_value(text: str) -> bool:
    t = text.replace("\u00a0", " ").strip()
    return bool(t) and (bool(_CELL_NUMBER.match(t)) or is_blank(t))


_is_value_text_short = lru_cache(maxsize=4096)(_value_text)
_is_printed_value_short = lru_cache(maxsize=4096)(_printed_value)


def grid_value_columns(grid: Grid) -> set[int]:
    """Columns that hold values: in rows holding a number, mostly numeric or blank cells (worked
    out once per grid content: reports repeat their tables' layout)."""
    return set(_value_columns(tuple(map(_CELL_KEY, grid.cells))))


@dataclass(frozen=True)
class GridFacts:
    """What the items and the header bands both read of a grid: made once per grid and handed to
    both (each used to expand the spans and look up the value columns again)."""

    slots: list[list[GridCell | None]]  # Grid.slots(): rows × columns, spans expanded
    value_cols: frozenset[int]  # grid_value_columns


def grid_facts(grid: Grid) -> GridFacts:
    """A grid's :class:`GridFacts`; the grid must not change while they are in use."""
    return GridFacts(grid.slots(), _value_columns(tuple(map(_CELL_KEY, grid.cells))))


def layout_facts(layout: Layout) -> list[GridFacts]:
    """:func:`grid_facts` of each of the layout's grids, in order."""
    return [grid_facts(grid) for grid in layout.grids]


_CELL_KEY = attrgetter("row", "col", "rowspan", "colspan", "text")  # a cell's (row, col, rowspan, colspan, text)


CellsKey = tuple[tuple[int, int, int, int, str], ...]  # all grid_value_columns reads of a grid's cells


@lru_cache(maxsize=64)
def _value_columns(cells: CellsKey) -> frozenset[int]:
    grid = Grid([GridCell(row=r, col=c, text=t, rowspan=rs, colspan=cs) for r, c, rs, cs, t in cells], "text")
    return frozenset(_grid_value_columns(grid))


def _grid_value_columns(grid: Grid) -> set[int]:
    slots = grid.slots()
    n_cols = len(slots[0]) if slots else grid.n_cols  # the slots are the grid's rows × columns
    numeric_rows = [r for r in range(len(slots))
                    if any(c is not None and c.text.strip() and _is_printed_value(c.text) for c in slots[r])]
    # Values lie right of the labels: nothing left of the first column printing a value counts
    # (empty cells under a label column are not blank values).
    printed = [c for c in range(n_cols)
               if any((s := slots[r][c]) is not None and _is_printed_value(s.text) for r in numeric_rows)]
    if not printed:
        return _columns_of_blank_rows(grid, slots)
    # A value row with no label cell at all (四) is values from its first column on.
    unlabelled = any(all(c is None or not c.text.strip() or _is_value_text(c.text) for c in slots[r])
                     for r in numeric_rows)
    cols: set[int] = set()
    for c in range(0 if unlabelled else printed[0], n_cols):
        hits = sum(1 for r in numeric_rows if (s := slots[r][c]) is not None and _is_value_text(s.text))
        if hits / len(numeric_rows) >= 0.5:
            cols.add(c)
    return cols


def _columns_of_blank_rows(grid: Grid, slots: list[list[GridCell | None]]) -> set[int]:
    """A table that prints no value at all (四 all empty): an entirely empty row below rows of text
    is a row of blank cells, in every column."""
    seen_text = False
    for r in range(grid.n_rows):
        texts = [c.text.strip() for c in slots[r] if c is not None]
        if any(texts):
            seen_text = True
        elif seen_text and texts:
            return set(range(grid.n_cols))
    return set()


_ROW_COL = attrgetter("row", "col")  # (a C key: the cells of every grid are sorted by it)


def grid_to_items(grid: Grid, line_base: int = 0, first_pos: int = 0, facts: GridFacts | None = None) -> list[Item]:
    """Walk a grid row by row. Label cells are emitted at their first row, values once per cell.
    Items are numbered from ``first_pos`` (their place in the stream when the grids before this
    one gave that many); ``facts``: the grid's :func:`grid_facts`, when the caller has them."""
    facts = facts or grid_facts(grid)
    slots, value_cols = facts.slots, facts.value_cols
    items: list[Item] = []
    r = -1
    header = glued_row = False
    line = line_base
    # Row by row, left to right: one sort in C (a stable one: cells sharing a slot keep their order),
    # not a list per row sorted apart (the sources' grids come sorted so: the sort only checks it).
    for cell in sorted(grid.cells, key=_ROW_COL):
        if cell.row != r:
            r = cell.row
            # A header row has words in the value columns; its empty cells are not blank values.
            header = False
            row_slots = slots[r]
            for c in value_cols:  # (a loop, not a generator: once per row of every grid)
                s = row_slots[c]
                if s is not None and (t := s.text).strip() and not (
                        _is_value_text_short(t) if len(t) <= _CACHED_LEN else _value_text(t)):
                    header = True
                    break
            line = line_base + r
            glued_row = False
        # The cell's items, numbered on from the stream's (written out: every cell of every grid)
        raw = cell.text
        text, blank, number, numbers = _text_kind(raw) if len(raw) <= 64 else _text_kind.__wrapped__(raw)
        in_value_col = (cell.col in value_cols if cell.colspan == 1
                        else not value_cols.isdisjoint(range(cell.col, cell.last_col + 1)))
        if (not in_value_col and not header and (glued := _glued_values(text)) is not None
                and _row_prints_nothing(row_slots, value_cols)):
            # Its numbers are the row's values; the row's empty cells then say nothing (the
            # columns were not found), so they give no blank.
            label, values = glued
            if label:
                items.append(_cell_item(cell, grid, line, first_pos + len(items), "label", label))
            items.extend(_cell_item(cell, grid, line, first_pos + len(items) + k, "value", v)
                         for k, v in enumerate(values))
            glued_row = True
            continue
        if in_value_col and blank:
            if glued_row and not text:
                continue
            if not header:  # (a header row's empty cells are no values)
                items.append(_cell_item(cell, grid, line, first_pos + len(items), "value", text, True, True))
        elif in_value_col and number:  # (U, O, o: OCR's 0)
            items.append(_cell_item(cell, grid, line, first_pos + len(items), "value", text, True, False,
                                    text in ("U", "O", "o")))
        elif in_value_col and numbers:
            # Two numbers in one detected cell: a missed ruling. Each is a separate value.
            pos = first_pos + len(items)
            items.extend([_cell_item(cell, grid, line, pos + k, "value", t) for k, t in enumerate(text.split())])
        elif text and text not in BLANK_MARKERS:
            items.append(_cell_item(cell, grid, line, first_pos + len(items), "label", text))
    return items


def _row_prints_nothing(row_slots: list[GridCell | None], value_cols: frozenset[int]) -> bool:
    return all((s := row_slots[c]) is None or not s.text.strip() for c in value_cols)


@lru_cache(maxsize=4096)
def _glued_values(text: str) -> tuple[str, list[str]] | None:
    """A label cell's text split into its label and the numbers glued after it, or None."""
    if not text or not text[-1].isdigit() or len(text) > 200:
        return None
    if _CELL_NUMBERS.match(text):  # the numbers alone, in a label column (the row's label beside them)
        return "", text.split()
    m = _GLUED_VALUES.match(text)
    return (m.group("label").strip(), m.group("values").split()) if m else None


@lru_cache(maxsize=4096)  # cell texts recur ('0', '/', the format's labels)
def _text_kind(raw: str) -> tuple[str, bool, bool, bool]:
    """A grid cell's text as its items read it, and whether it is blank, a number or numbers a
    space apart (the tests :func:`grid_to_items` makes of a cell in a value column)."""
    text = raw.replace("\u00a0", " ").strip()
    return text, not text or is_blank(text), bool(_CELL_NUMBER.match(text)), bool(_CELL_NUMBERS.match(text))


_set_state = object.__setattr__


def _cell_item(cell: GridCell, grid: Grid, line: int, pos: int, kind: ItemKind, text: str, explicit: bool = False,
               blank: bool = False, ocr_letters: bool = False) -> Item:
    """``new_item`` of a grid cell's item, its facts set at once (every cell of every grid makes
    one). The item keeps the source's facts about the cell (page, box, confidence, other readings)
    only when it has any: a field left out of an instance reads its default from the class, as
    a dataclass sets it (and a dict of 17 entries per item was most of the cost of the items)."""
    new = object.__new__(Item)
    # (the state given as the instance's dict, not copied into it: the frozen class's own
    # __setattr__ refuses the assignment, object's does not)
    _set_state(new, "__dict__", state := {"kind": kind, "text": text, "source": grid.source, "line": line,
                                          "pos": pos, "cell": cell, "explicit": explicit, "blank": blank,
                                          "ocr_letters": ocr_letters})
    if kind == "label":  # (the zones read every label's norm: set here, as the cached property would
        state["norm"] = normalize_label(text)  # store it, without its Python-level __get__ per label)
    page = cell.page or grid.page
    if page is not None or cell.bbox is not None or cell.confidence != 1.0 or cell.alternatives:
        state.update({"page": page, "bbox": cell.bbox, "confidence": cell.confidence,
                      "alternatives": cell.alternatives})
    return new


def layout_to_items(layout: Layout, facts: list[GridFacts] | None = None) -> list[Item]:
    """Grids when the source found any, else the text (``facts``: :func:`layout_facts`, when the
    caller has them)."""
    if layout.grids:
        items: list[Item] = []
        line_base = 0
        for grid, grid_read in zip(layout.grids, facts or layout_facts(layout)):
            items.extend(grid_to_items(grid, line_base, len(items), grid_read))
            line_base += len(grid_read.slots) + 1  # (the slots are the grid's rows)
        return items  # (numbered as made: each grid's from the count of the items before it)
    return text_to_items(layout.text, layout.source)
