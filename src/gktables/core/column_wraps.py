"""Numbers wrapped in a narrow cell, in text printed column by column (pdfminer.six).

pdfminer prints each cell of 三 as a text box of its own, boxes apart by a blank line; a number
too wide for its cell is broken over two lines of one box:

    250

    151
    4

    16

is 250, 1514, 16. A column's cells printed as one box (自然人's, beside the labels) keep one cell
a line, and a wrapped number is again two lines of it (``761 / 1 / 840 / 494 / 5``: 7611, 840,
4945). A **wrap candidate** is two value lines in a row of one box (a single line break between
them, nothing else on either line) whose upper part is a number of two digits or more and whose
lower part has fewer digits than it (the upper line is as wide as the cell allows, the rest is
shorter). Which candidates are wraps is not decided here: a page printing ``k`` values more than
whole rows of cells needs ``k`` joins, and the caller tries every choice of ``k`` candidates and
keeps the readings the checks of 三 pass.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations, product

from .items import Item
from .wrapped import join_wrapped

MAX_JOIN_CHOICES = 12  # choices of joins tried on one page, and on all pages together; more: unread (flagged)


def joined_pages(pages: Sequence[Sequence[Item]], extra: Sequence[int], text: str) -> Iterator[list[list[Item]]]:
    """Each page's value items with ``extra[page]`` wrapped numbers joined, for every choice of
    joins (nothing when no page needs one, a page needing joins has no choice, or the choices are
    too many to try)."""
    per_page: list[list[list[Item]]] = []
    for values, k in zip(pages, extra):
        if not k:
            per_page.append([list(values)])
            continue
        choices = [_join(values, c) for c in join_choices(wrap_candidates(values, text), k)]
        if not choices:
            return
        per_page.append(choices)
    total = 1
    for choices in per_page:
        total *= len(choices)
    if any(extra) and total <= MAX_JOIN_CHOICES:
        for combo in product(*per_page):
            yield list(combo)


def _join(values: Sequence[Item], at: Sequence[int]) -> list[Item]:
    out = list(values)
    for i in sorted(at, reverse=True):
        out[i:i + 2] = [join_wrapped(out[i], out[i + 1])]
    return out


def wrap_candidates(values: Sequence[Item], text: str) -> list[int]:
    """The indices ``i`` of ``values`` (one page's value items, in print order) where
    ``values[i]`` and ``values[i + 1]`` may be the upper and lower lines of one wrapped number."""
    return [i for i in range(len(values) - 1) if _one_box(values[i], values[i + 1], text)
            and _halves(values[i], values[i + 1])]


def join_choices(candidates: Sequence[int], k: int) -> Iterator[tuple[int, ...]]:
    """Every choice of ``k`` candidates that share no line (a line is the half of one number at
    most), or nothing when there are more than MAX_JOIN_CHOICES of them (too open to try)."""
    choices = [c for c in combinations(candidates, k) if all(b - a > 1 for a, b in zip(c, c[1:]))]
    if len(choices) <= MAX_JOIN_CHOICES:
        yield from choices


def _one_box(upper: Item, lower: Item, text: str) -> bool:
    if upper.span is None or lower.span is None:
        return False
    start, end = upper.span[0], lower.span[1]
    before = text[start - 1] if start > 0 else "\n"
    after = text[end] if end < len(text) else "\n"
    return before == "\n" and after == "\n" and text[upper.span[1]:lower.span[0]] == "\n"


def _halves(upper: Item, lower: Item) -> bool:
    a, b = upper.text.strip(), lower.text.strip()
    return a.isdigit() and b.isdigit() and len(a) >= 2 and not a.startswith("0") and len(b) < len(a)
