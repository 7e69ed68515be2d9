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

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import combinations

from .items import Item

MAX_WRAPPED = 3  # wrapped numbers in one row
_NOT_TEXT = re.compile(r"[|\s]")  # a separated row's field bars and spacing


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
    """Every way to read ``tokens`` as ``n`` values with up to MAX_WRAPPED wrapped numbers, and
    how many. Three layouts (empty fields of '|' rows, markdown's padding, left out):

    - above / row / below: the first line's tokens are upper halves, the last line's the lower
      halves (as many of each); each joined number may stand in any column between the row
      line's values;
    - row / below: the row line prints all ``n`` cells, some cut short, whose rest is printed on
      the line below (space-aligned converters put the upper half on the row's line);
    - above / row: the same with the upper halves above and the rest on the row line.

    Nothing when the tokens are not laid out so."""
    groups = line_groups([t for t in tokens if not t.empty_field])
    if len(groups) >= 3:
        above, middle, below = groups[0], [t for g in groups[1:-1] for t in g], groups[-1]
        k = len(above)
        if k == len(below) and len(middle) + k == n and _halves(above, below):
            joined = [join_wrapped(a, b) for a, b in zip(above, below)]
            for slots in combinations(range(n), k):
                rest, wrapped = iter(middle), iter(joined)
                yield k, [next(wrapped) if c in slots else next(rest) for c in range(n)]
    elif len(groups) == 2:
        first, second = groups
        if len(first) == n and len(second) < n:
            yield from _completed(first, second, below=True)
        elif len(second) == n and len(first) < n:
            yield from _completed(second, first, below=False)


def _halves(upper: Sequence[Item], lower: Sequence[Item]) -> bool:
    return (0 < len(upper) <= MAX_WRAPPED and len(lower) <= MAX_WRAPPED
            and all(_wrap_part(t) for t in (*upper, *lower)) and not any(t.digits.startswith("0") for t in upper))


def _completed(row: list[Item], rest: list[Item], below: bool) -> Iterator[tuple[int, list[Item]]]:
    """The row line's cells with ``rest`` (the line below or above) joined to ``len(rest)`` of them."""
    k = len(rest)
    for slots in combinations(range(len(row)), k):
        cut = [row[c] for c in slots]
        if not (_halves(cut, rest) if below else _halves(rest, cut)):
            continue
        out = list(row)
        for c, other in zip(slots, rest):
            out[c] = join_wrapped(row[c], other) if below else join_wrapped(other, row[c])
        yield k, out


def drop_wrap_padding(tokens: list[Item], width: int, items: Sequence[Item]) -> list[Item]:
    """A markdown converter prints a wrapped number's halves as rows of their own, padded with
    empty fields to the table's width ('| | | 833 | | | 919 |'). Those empty fields are no cells:
    they are left out where a line of at most MAX_WRAPPED values and padding, the row line with
    ``width`` less that many values, and a like line below follow each other — unless all three
    print labels of their own: rows of a zero-heavy table can print as few values by coincidence."""
    groups = line_groups(tokens)
    text_lines = _text_lines(items)
    padding: set[int] = set()  # stream positions
    for above, middle, below in zip(groups, groups[1:], groups[2:]):
        if all(group[0].line in text_lines for group in (above, middle, below)):
            continue
        k = _values_only(above)
        if k and k == _values_only(below) and sum(not t.empty_field for t in middle) + k == width:
            padding.update(t.pos for t in (*above, *below) if t.empty_field)
    return [t for t in tokens if t.pos not in padding] if padding else tokens


def _text_lines(items: Sequence[Item]) -> set[int]:
    """Lines printing label text of three characters or more (field bars and spaces not counted):
    a wrapped number's rest is printed with none, or with a character or two of a vertical
    label ('本/年/度') or of a label's own wrapped end ('量')."""
    return {it.line for it in items if it.kind == "label" and len(_NOT_TEXT.sub("", it.text)) > 2}


def _values_only(group: list[Item]) -> int:
    """How many plain digit strings a line of wrapped halves holds (0 when it is not such a line)."""
    values = [t for t in group if not t.empty_field]
    if not 0 < len(values) <= MAX_WRAPPED or not all(_wrap_part(t) for t in values):
        return 0
    return len(values)


def join_wrapped_lines(tokens: list[Item], items: Sequence[Item], groups: Sequence[int]) -> list[Item]:
    """Rows whose line prints every cell but does not add up, next to a line of nothing but one or
    two digit strings: when joining those strings to the row's cells (the rest of numbers wrapped
    in narrow cells) makes the row add up in exactly one way, that is how the row is read. Done
    before rows are read from their own lines, which would otherwise leave the halves apart."""
    n = sum(groups)
    # a line with words on it is text, not a wrapped cell's rest; a character or two is a
    # vertical label ('本/年/度') or a label's own wrapped end ('量'), printed beside the cells
    label_lines = _text_lines(items)
    lines = line_groups([t for t in tokens if not t.empty_field])
    replaced: dict[int, Item] = {}  # by stream position
    dropped: set[int] = set()
    for i, row in enumerate(lines):
        if len(row) != n or not all(t.digits.isdigit() for t in row) or _adds_up(row, groups):
            continue
        for j, below in ((i + 1, True), (i - 1, False)):
            if not 0 <= j < len(lines) or abs(lines[j][0].line - row[0].line) > 2 or lines[j][0].line in label_lines:
                continue
            fits = [out for _, out in _completed(row, lines[j], below) if _adds_up(out, groups)]
            if len(fits) == 1 and not dropped.intersection(t.pos for t in (*row, *lines[j])):
                replaced.update((old.pos, new) for old, new in zip(row, fits[0]) if old is not new)
                dropped.update(t.pos for t in lines[j])
                break
    if not replaced:
        return tokens
    return [replaced.get(t.pos, t) for t in tokens if t.pos not in dropped]


def _adds_up(values: Sequence[Item], groups: Sequence[int]) -> bool:
    numbers = [int(t.digits) for t in values]
    start = 0
    for size in groups:
        if sum(numbers[start:start + size - 1]) != numbers[start + size - 1]:
            return False
        start += size
    return True
