"""Numbers the report states in its own prose (共收到申请75件), each tied to the cell(s) it speaks of.

Two users: the resolver, where prose only breaks ties between readings the checks cannot tell
apart (it never overrides a printed table value), and the prose audit (:mod:`gktables.audit.prose`),
which compares every claim with the table. The cue words live in ``data/prose.json``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..schema import T2_ROW_HEADER, ProseCues, format_markers, load_schema, prose_cues
from ..values import MAX_DIGITS, PROSE_NUMBER

_CLAUSE = re.compile(r"[，,；;：:（）()]")
_SENTENCE_ENDS = "。！？"  # and the line break
CUE_REACH = 14  # characters between a cue and its number: farther, the clause speaks of something else


@dataclass(frozen=True)
class ProseClaim:
    """One number of the prose: the target it names (a key, a row prefix, or '+'-joined targets),
    its value in the table's unit (万元 for money), where it stands and the sentence around it."""

    target: str
    value: int | float
    unit: str
    span: tuple[int, int]  # character offsets of number + unit in the text as given
    sentence: str
    printed: str  # the number and unit as printed


@dataclass(frozen=True)
class ProseFact:
    key: str
    value: int | float
    span: tuple[int, int]
    text: str


def normalise(text: str) -> tuple[str, list[int]]:
    """NFKC (per character), spaces inside Chinese runs removed and hard-wrapped prose lines
    joined; with, for every character of the result, its offset in ``text`` (claims report where
    they stand in the document itself). Tabs stay: they mark table text."""
    flat, where = _normalised(text)
    return flat, list(where)  # the caller's own list


def normalised_text(text: str) -> str:
    """:func:`normalise`'s text alone (without the offsets: no copy of a list as long as the text)."""
    return _normalised(text)[0]


def _normalised(text: str) -> tuple[str, Sequence[int]]:
    """:func:`normalise`'s text and offsets, cached up to _CACHED_LEN characters: the cached offsets
    themselves, not a copy, for callers that only read them."""
    return _normalise(text) if len(text) > _CACHED_LEN else _normalise_cached(text)


# The claims, the identity and the prose audit each ask for the same document's text; a report's
# text is well under this, and longer ones (which no cache should keep alive) are worked out each time.
_CACHED_LEN = 60_000


@lru_cache(maxsize=4)
def _normalise_cached(text: str) -> tuple[str, tuple[int, ...]]:
    flat, where = _normalise(text)
    return flat, tuple(where)


def _normalise(text: str) -> tuple[str, list[int]]:
    flat = text.translate(_NFKC_CHAR)
    # The usual case, nothing moves: every character's NFKC is one character. (NFKC never maps a
    # character to nothing, so that is when the text keeps its length.)
    if len(flat) == len(text):
        where = list(range(len(text)))
    else:
        chars: list[str] = []
        where = []
        for i, ch in enumerate(text):
            for c in _NFKC_CHAR[ord(ch)]:
                chars.append(c)
                where.append(i)
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for m in _DROP.finditer(flat):
        if m.group(0).startswith("\n") and not _wrapped(flat, m.start(), m.end() - 1):
            continue
        pieces.append(flat[last:m.start()])
        kept += where[last:m.start()]
        last = m.end()
    if not pieces:
        return flat, where
    pieces.append(flat[last:])
    kept += where[last:]
    return "".join(pieces), kept


class _NfkcTable(dict):
    """Code point → its NFKC form on its own (a str.translate table), worked out on first sight."""

    def __missing__(self, code: int) -> str:
        out = self[code] = unicodedata.normalize("NFKC", chr(code))
        return out


_NFKC_CHAR = _NfkcTable()


# Spaces between Chinese characters, or a character and a digit (never between two digits: table
# cells printed side by side), and line breaks inside a wrapped sentence.
# (Each branch starts with its space or line break, the look-behind after it, so that the pattern
# engine skips to those instead of trying the look-behinds at every character.)
# pdfminer prints each line of a wrapped paragraph as its own box, the boxes apart by a blank line
# ("其中自然人申请 113\n\n件，"): a blank line is such a wrap under the same tests as a line break.
_DROP = re.compile(r" (?<=[\u4e00-\u9fff] ) *(?=[\u4e00-\u9fff\d])"
                   r"| (?<=\d ) *(?=[\u4e00-\u9fff])|\n\n?(?=[\u4e00-\u9fff])")


def _wrapped(flat: str, at: int, last: int) -> bool:
    """A line break (``at`` .. ``last``, one or two line feeds) inside a sentence of prose
    (hard-wrapped PDF text): the line before ends in a character or digit, and neither line is
    table text or a heading."""
    start = flat.rfind("\n", 0, at) + 1
    end = flat.find("\n", last + 1)
    before, after = flat[start:at], flat[last + 1:end if end >= 0 else len(flat)]
    if not before or not _ENDS_IN_WORD.search(before.rstrip(" ")):
        return False
    if any(c in line for line in (before, after) for c in "\t|"):
        return False
    if last > at and any("  " in line for line in (before, after)):
        return False  # a blank line between rows of a table laid out with spaces: not a wrap
    return len(before) >= 15 and not _HEADING.match(after)


_ENDS_IN_WORD = re.compile(r"[\u4e00-\u9fff\d]$")
_HEADING = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）")


def prose_claims(text: str) -> list[ProseClaim]:
    """Every number of the prose tied to what it counts. A clause names its row (规章, 行政许可…)
    or inherits it from its sentence; its column from cue words, inherited across 、."""
    cues = prose_cues()
    flat, where = _normalised(text)  # (only read: not copied)
    out: list[ProseClaim] = []
    claimed: set[str] = set()  # the targets of `out` (kept as it grows, not rebuilt per sentence)
    offset = 0
    for sentence in _sentences(flat):
        # (a sentence without a number has no claim: tested before whether it looks like a table)
        if not ("\t" in sentence or "|" in sentence or len(sentence) > 600 or not PROSE_NUMBER.search(sentence)
                or _looks_like_table(sentence)):
            for target, value, unit, start, end, printed in _sentence_claims(sentence, offset, cues):
                if _breakdown(sentence, target, claimed):
                    continue
                claimed.add(target)
                out.append(ProseClaim(target, value, unit, _text_span(where, start, end, len(text)), sentence, printed))
        offset += len(sentence) + 1
    return out


def _text_span(where: Sequence[int], start: int, end: int, text_end: int) -> tuple[int, int]:
    """Where the normalised characters [start, end) stand in the text (an offset past the last
    character is the text's end)."""
    return (where[start] if start < len(where) else text_end,
            (where[end - 1] if end - 1 < len(where) else text_end) + 1)


def _sentences(flat: str) -> list[str]:
    """The text split at 。！？ and line breaks (as ``re.split("[。！？\\n]")``), by str methods: the
    regex engine tests every character against its set, some ten times slower."""
    for end in _SENTENCE_ENDS:
        if end in flat:
            flat = flat.replace(end, "\n")
    return flat.split("\n")


def _breakdown(sentence: str, target: str, claimed: set[str]) -> bool:
    """A number restating a target already stated, after 其中 (其中，市级受理572件，县级受理869件):
    a part of the total by sub-unit, not a second claim about the table."""
    return target in claimed and prose_cues().breakdown in sentence


_DIGITS_GLUED_TO_TEXT = re.compile(r"\d{5,}[\u4e00-\u9fff]")


def _looks_like_table(sentence: str) -> bool:
    """Table text that reached the prose: 二's row header (信息内容) or scraped runs of digits glued
    to labels ('规范性文件693665第二十条')."""
    return T2_ROW_HEADER in sentence or (bool(_DIGITS_GLUED_TO_TEXT.search(sentence))
                                         and any(m in sentence for m in format_markers().t2_open))


# A claim as a sentence gives it: target, value, unit, the start and end of number + unit in the
# normalised text, and the number and unit as printed (the ProseClaim is made once, by prose_claims)
SentenceClaim = tuple[str, int | float, str, int, int, str]


def _sentence_claims(sentence: str, offset: int, cues: ProseCues) -> list[SentenceClaim]:
    """The claims of a sentence that prints a number (prose_claims searched for one)."""
    out: list[SentenceClaim] = []
    row: str | None = None
    pos = offset
    # (a cue found in no part is in none of them: each list is searched in the sentence once, and in
    # its parts only when there)
    rows_named, cols_named = _any_of(cues.t2_rows).search(sentence), _any_of(cues.t2_cols).search(sentence)
    for clause in _CLAUSE.split(sentence):
        col: str | None = None
        sub_pos = pos
        for sub in clause.split("、"):
            if rows_named:
                row = _cue(sub, cues.t2_rows) or row
            if cols_named:
                col = _t2_col(sub, cues) or col
            for m in PROSE_NUMBER.finditer(sub):
                claim = _claim(sub, clause[:sub_pos - pos + m.start()], m, row, col, cues)
                if claim:
                    target, value = claim
                    out.append((target, value, m.group(2), sub_pos + m.start(), sub_pos + m.end(), m.group(0)))
            sub_pos += len(sub) + 1
        pos += len(clause) + 1
    return out


def _cue(text: str, cues: tuple[tuple[str, str], ...]) -> str | None:
    if not _any_of(cues).search(text):  # (most parts of a sentence hold no cue: one search, not one per cue)
        return None
    return next((target for cue, target in cues if cue in text), None)


Cues = tuple[tuple[str, str], ...] | tuple[str, ...]
# The patterns of the cue lists asked for, by the list's identity (the lists are the schema's own
# ProseCues fields, asked for some hundred times a page: an lru_cache hashed the whole list at each
# call). The list is kept beside its pattern, so an id is never read for another list.
_CUE_PATTERNS: dict[int, tuple[Cues, re.Pattern[str]]] = {}


def _any_of(cues: Cues) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of the cues (words, or (word, target) pairs)
    is in it."""
    known = _CUE_PATTERNS.get(id(cues))
    if known is not None and known[0] is cues:
        return known[1]
    words = [cue if isinstance(cue, str) else cue[0] for cue in cues]
    pattern = re.compile("|".join(re.escape(w) for w in words))
    if len(_CUE_PATTERNS) >= 16:  # (only lists made elsewhere than the schema would fill it)
        _CUE_PATTERNS.clear()
    _CUE_PATTERNS[id(cues)] = (cues, pattern)
    return pattern


def _t2_col(text: str, cues: ProseCues) -> str | None:
    return _cue(text, cues.t2_cols)


def _near_cue(before: str, cues: tuple[tuple[str, str], ...]) -> str | None:
    """The most specific cue before the number, within reach, with no other number in between."""
    if not _any_of(cues).search(before):
        return None
    # (the cues in the text picked out by str's search in a comprehension; only those looked at again)
    for cue, target in [pair for pair in cues if pair[0] in before]:
        at = before.rfind(cue)
        gap = before[at + len(cue):]
        if len(gap) <= CUE_REACH and not _DIGIT.search(gap):
            return target
    return None


_DIGIT = re.compile(r"\d")


def _claim(clause: str, clause_before: str, m: re.Match, row: str | None, col: str | None,
           cues: ProseCues) -> tuple[str, int | float] | None:
    """What the number ``m`` of the 、-part ``clause`` counts; ``clause_before`` is all of its
    clause before it (三's and 四's cues reach across 、, 二's columns are per part)."""
    number, unit = m.group(1), m.group(2)
    before, after = clause[:m.start()], clause[m.end():]
    if len(number) > MAX_DIGITS:  # a run of glued digits, no fact
        return None
    context = clause_before + clause[m.start():]
    if _any_of(cues.not_a_cell).search(context) or after[:1] in ("%", "％"):
        return None
    if unit in cues.money_units:
        if row not in ("t2.fees", "t2.procurement"):
            return None
        return f"{row}.amount", round(float(number) * cues.money_units[unit], 6)
    if "." in number:
        return None
    value = int(number)
    target = _near_cue(clause_before, cues.t3_t4) or _cue(after[:8], cues.t3_t4_after)
    if target:
        return (target, value) if unit in cues.count_units else None
    if row is None or unit not in cues.count_units_t2:
        return None
    near = _cue(before[-12:], cues.t2_cols) or col
    if near == "change":
        sign = -1 if cues.decrease in before[-8:] else 1
        return f"{row}.change", sign * value
    if near:
        return f"{row}.{near}", value
    return None


def prose_facts(text: str, claims: list[ProseClaim] | None = None) -> list[ProseFact]:
    """The claims that name one cell, for the resolver's tie-breaking (``claims``: the text's
    :func:`prose_claims` when the caller has them already)."""
    schema = load_schema()
    claims = prose_claims(text) if claims is None else claims
    return [ProseFact(c.target, c.value, c.span, c.sentence) for c in claims if schema.is_key(c.target)]


def facts_by_key(facts: list[ProseFact]) -> dict[str, set[int | float]]:
    out: dict[str, set[int | float]] = {}
    for f in facts:
        out.setdefault(f.key, set()).add(f.value)
    return out


@lru_cache(maxsize=1)
def _title_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the year phrase 2023年政府信息公开, the whole title ``agency 2023年度 … 政府信息公开工作年度报告``),
    built from the format's title words (schema.format_markers)."""
    m = format_markers()
    subject = "|".join(re.escape(s) for s in m.report_title_subjects)
    year_title = re.compile(rf"(20\d{{2}})\s*年(?:度)?\s*(?:{subject})")
    work, annual, report = (re.escape(w) for w in (m.report_title_work, m.report_title_annual, m.report_title_report))
    title = re.compile(rf"^(.{{0,40}}?)(20\d{{2}})\s*年(?:度)?(.{{0,30}}?)(?:{subject})(?:{work})?"
                       rf"\s*(?:{annual})?\s*{report}")
    return year_title, title


def _clean_agency(text: str) -> str:
    text = re.sub(r"^(?:标题|正文|title)[:：]?", "", text.strip("：:|# "))
    return text.strip("：:|# ")


@dataclass(frozen=True)
class TitleReading:
    agency: str | None
    year: int | None
    where: str  # 'title line N', 'title over two lines N', 'head', 'year phrase'
    span: tuple[int, int] | None = None


def head_lines(text: str) -> Iterator[str]:
    """The lines of the text's head (its first 3000 characters) in NFKC, without spaces or tabs,
    each normalised as it is reached: a title is most often on the first line, and NFKC is a
    whole-text pass (a line break is never changed by NFKC nor combines with its neighbours,
    so the lines normalised one by one are the lines of the head normalised at once)."""
    for line in text[:3000].split("\n"):
        yield _SPACES.sub("", unicodedata.normalize("NFKC", line))


_SPACES = re.compile(r"[ \t\u3000]+")


def read_title(text: str) -> TitleReading:
    """Agency and report year from the title (first lines), else from the first year-report phrase."""
    year_title, title = _title_patterns()
    read: list[str] = []  # the head's lines as far as they are read
    lines: list[str] = []  # those that hold anything
    for line in head_lines(text):
        read.append(line)
        if not line.strip():
            continue
        lines.append(line)
        i = len(lines) - 1
        m = title.search(line) if i < 40 else None
        if not m:
            continue
        agency = _clean_agency(m.group(1) + m.group(3))
        where = f"title (line {i + 1}): {line[:60]}"
        if not agency and i > 0 and len(lines[i - 1]) <= 30 and not re.search(r"[。，,：:]", lines[i - 1]):
            agency = _clean_agency(lines[i - 1])  # the title printed over two lines: agency / year + 报告
            where = f"title over lines {i}-{i + 1}: {lines[i - 1][:30]}{line[:40]}"
        return TitleReading(agency or None, int(m.group(2)), where)
    head_one_line = "".join(read)  # (the head without its line breaks)
    m = title.search(head_one_line)
    if m:
        found = _clean_agency(m.group(1) + m.group(3)) or None
        return TitleReading(found, int(m.group(2)), f"head: {m.group(0)[:60]}")
    m = year_title.search(head_one_line)
    if m:
        return TitleReading(None, int(m.group(1)), f"year phrase: {m.group(0)}")
    return TitleReading(None, None, "")


def report_meta(text: str) -> dict[str, object]:
    """Agency and report year as the title prints them."""
    t = read_title(text)
    return {"agency": t.agency, "year": t.year}
