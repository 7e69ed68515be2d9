"""How two pieces of text join, for every source: the lines of one cell (HTML, DOCX, PDF,
camelot) and the words of one OCR line.

One rule: a space goes between two pieces only when both touching characters are word
characters (letters or digits that are not CJK); none next to CJK text or punctuation. So
``本年新`` + ``制作数量`` → ``本年新制作数量``, ``251000`` + ``元`` → ``251000元``,
``1`` + ``.`` + ``属`` → ``1.属``, and two numbers stay apart (``2019`` + ``2020`` →
``2019 2020``) for the core to judge, unless the source knows the second piece continues the
first because it did not fit (a PDF number wrapped in a narrow cell, ``151`` / ``4`` → ``1514``).

The spacing *inside* a PDF line (from glyph gaps, :func:`gktables.sources.pdf.text.line_to_text`)
is a different question and keeps its own CJK test there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

# Characters that are written without spaces around them: CJK ideographs and punctuation,
# fullwidth forms, and the curly quotes / dashes Chinese text uses.
CJK_RANGES = (r"\u2010-\u2027\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u33ff"
              r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f")
CJK_CHAR = re.compile(f"[{CJK_RANGES}]")
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")  # a Chinese character: no punctuation, no full-width forms
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


def is_word_char(ch: str) -> bool:
    """A letter or digit of a space-separated script (Latin digits and letters, not CJK)."""
    return ch.isalnum() and not CJK_CHAR.match(ch)


def needs_space(left: str, right: str) -> bool:
    """Whether text ending with ``left`` and text starting with ``right`` join with a space."""
    return bool(left) and bool(right) and is_word_char(left[-1]) and is_word_char(right[0])


def join_pieces(pieces: Iterable[str], wrapped: Sequence[bool] | None = None) -> str:
    """Join pieces of one cell or line by the rule above; empty pieces are skipped.

    ``wrapped[k]`` True says piece k+1 continues piece k because it did not fit: joined without
    a space even between digits.
    """
    out = ""
    for k, piece in enumerate(pieces):
        if not piece:
            continue
        if out and is_word_char(out[-1]) and is_word_char(piece[0]):
            if not (wrapped and k > 0 and wrapped[k - 1]):
                out += " "
        out += piece
    return out


def clean_inline(text: str) -> str:
    """Collapse whitespace (``&nbsp;`` included), drop invisible characters and spaces next to
    CJK characters: one line of markup text (HTML, DOCX) as it reads."""
    return _clean_short(text) if len(text) <= 80 else _clean(text)


@lru_cache(maxsize=4096)  # table cells repeat ('0', '/', labels): each short text is cleaned once
def _clean_short(text: str) -> str:
    return _clean(text)


def _clean(text: str) -> str:
    # (invisible characters are rare: looked for by str's search, which skips through a long CJK line
    # several times faster than the regex engine testing each character against its set)
    # (and not at all in a printable text: all of them are format characters, which str.isprintable
    # refuses, so one pass clears the usual line)
    if not text.isprintable() and any(ch in text for ch in _INVISIBLE_CHARS):
        text = _INVISIBLE.sub("", text)
    words = text.split()  # whitespace runs as \s+ finds them (both ask str.isspace), none at the ends
    if len(words) < 2:
        return words[0] if words else ""
    # A space stays only between two characters that are not CJK: tested at each space (a
    # look-around pattern tried it at every character of a long text, most of the page's cost).
    out = [words[0]]
    for word in words[1:]:
        if not (CJK_CHAR.match(word) or CJK_CHAR.match(out[-1][-1])):
            out.append(" ")
        out.append(word)
    return "".join(out)


def join_markup_lines(lines: Iterable[str]) -> str:
    """The lines of one markup cell (HTML, DOCX), each cleaned by :func:`clean_inline`, joined."""
    if isinstance(lines, list) and len(lines) == 1:  # most cells: one line, nothing to join
        return clean_inline(lines[0])
    return join_pieces(clean_inline(line) for line in lines)
