"""Numbers wrapped above and below their row's line.

A number too wide for a narrow cell is broken by the PDF into two lines of the cell; a cell is
centred vertically, so its first digits print above the row's line and the rest below it. Text
converters (pdfplumber, PyMuPDF sorted, pdftotext -layout, markitdown) keep the lines apart:

    151
    一、本年新收政府信息公开申请数量 250 16 19 0 53 1852
    4

is one row of seven cells, 1514 in the first. Here a run of value tokens is read that way: its
first line's tokens (above) are joined one by one to its last line's (below), and each joined
number may stand in any column between the row line's values (keeping their order). Nothing here
decides: the caller keeps only arrangements that make the row add up, and the table's checks
choose among those (or leave the cells ambiguous).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import combinations

from .items import Item

MAX_WRAPPED = 2  # wrapped numbers in one row


def line_groups(tokens: Sequence[Item]) -> list[list[Item]]:
    """The tokens split into runs that share a line, in order."""
    groups: list[list[Item]] = []
    for t in tokens:
        if groups and groups[-1][-1].line == t.line:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


def _wrap_part(token: Item) -> bool:
    """A plain digit string (no sign, unit, decimals or blank mark) that can be half a number."""
    return not token.blank and not token.explicit and token.digits.isdigit()


def join_wrapped(top: Item, bottom: Item) -> Item:
    """The one number ``top`` and ``bottom`` were printed from (its parts remembered)."""
    span = (top.span[0], bottom.span[1]) if top.span and bottom.span else top.span
    return replace(top, text=top.digits + bottom.digits, parts=(top, bottom), span=span)


def wrapped_arrangements(tokens: Sequence[Item], n: int) -> Iterator[tuple[int, list[Item]]]:
    """Every way to read ``tokens`` as ``n`` values where the first line's tokens are the upper
    halves of wrapped numbers and the last line's the lower halves (as many of each), the lines
    between holding the row's other values in order; with the number of wrapped numbers. Empty
    fields of '|' rows (markdown pads every row to the table's width) are left out. Nothing when
    the tokens are not laid out so."""
    groups = line_groups([t for t in tokens if not t.empty_field])
    if len(groups) < 3:
        return
    above, middle, below = groups[0], [t for g in groups[1:-1] for t in g], groups[-1]
    k = len(above)
    if k != len(below) or k > MAX_WRAPPED or len(middle) + k != n:
        return
    if not all(_wrap_part(t) for t in (*above, *below)) or any(t.digits.startswith("0") for t in above):
        return
    joined = [join_wrapped(a, b) for a, b in zip(above, below)]
    for slots in combinations(range(n), k):
        rest = iter(middle)
        wrapped = iter(joined)
        yield k, [next(wrapped) if c in slots else next(rest) for c in range(n)]


def drop_wrap_padding(tokens: list[Item], width: int) -> list[Item]:
    """A markdown converter prints a wrapped number's halves as rows of their own, padded with
    empty fields to the table's width ('| | | 833 | | | 919 |'). Those empty fields are no cells:
    they are left out where a line of at most MAX_WRAPPED values and padding, the row line with
    ``width`` less that many values, and a like line below follow each other."""
    groups = line_groups(tokens)
    padding: set[int] = set()
    for above, middle, below in zip(groups, groups[1:], groups[2:]):
        k = _values_only(above)
        if k and k == _values_only(below) and sum(not t.empty_field for t in middle) + k == width:
            padding.update(id(t) for t in (*above, *below) if t.empty_field)
    return [t for t in tokens if id(t) not in padding] if padding else tokens


def _values_only(group: list[Item]) -> int:
    """How many plain digit strings a line of wrapped halves holds (0 when it is not such a line)."""
    values = [t for t in group if not t.empty_field]
    if not 0 < len(values) <= MAX_WRAPPED or not all(_wrap_part(t) for t in values):
        return 0
    return len(values)
