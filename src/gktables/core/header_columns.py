"""Space-aligned text (pdftotext -layout, pypdf's layout mode) where one column is blank in every
row: no line prints all the table's values, so the values' own positions cannot say which column is
the missing one. The column headers printed above the table can: each header word sits over its
column, and the values' columns, matched to the headers in order, leave out the one header no value
sits under. A page break can move every column (each page is laid out on its own): the table's
later pages get their own positions, the missing column the same one."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_right
from itertools import combinations
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..values import PAGE_NUMBER_LINE
from .items import Item
from .row_gaps import page_centres

HEADER_LOOKBACK = 8  # lines above a table's first value line that may hold its column headers
MIN_MARGIN = 3.0  # characters by which the best match must beat the next (a clear-cut answer only)

T = TypeVar("T")  # what a cost was computed for (a skipped column, a choice of groups)


@dataclass(frozen=True)
class ColumnHeader:
    """Per column, the centre of its header word (None: not found); the lines a new page starts at."""

    centres: tuple[float | None, ...] = ()
    page_starts: tuple[int, ...] = ()


NO_HEADER = ColumnHeader()
Segment = tuple[list[int], list[float]]  # lines, and the centre of each column on them


def table_header(text: str, tokens: Sequence[Item], labels: Sequence[str]) -> ColumnHeader:
    """The header over ``tokens`` placed by position, and where the table's pages start."""
    placed = [t.line for t in tokens if t.column is not None]
    if not placed:
        return ColumnHeader()
    first, last = min(placed), max(placed)
    lines = text.split("\n")
    starts = tuple(n for n in range(first + 1, last + 1)
                   if "\f" in lines[n] or PAGE_NUMBER_LINE.match(lines[n]))
    return ColumnHeader(tuple(header_centres(lines, first, labels)), starts)


def header_centres(lines: Sequence[str], first_line: int, labels: Sequence[str]) -> list[float | None]:
    """Per column label, the character column of the centre of the one header word printed above
    ``first_line`` that starts the label ('社会公益' for 社会公益组织, wrapped onto two lines);
    None where no such word, or more than one, is printed."""
    above = lines[max(0, first_line - HEADER_LOOKBACK):first_line]
    words = [(m.group(), m.start() + len(m.group()) / 2) for line in above for m in re.finditer(r"\S+", line)]
    out: list[float | None] = []
    for label in labels:
        found = [centre for word, centre in words if len(word) >= 2 and label.startswith(word)]
        out.append(found[0] if len(found) == 1 else None)
    return out


def header_segments(positions: Mapping[int, list[float]], width: int, header: ColumnHeader) -> list[Segment]:
    """``positions``: per line, its values' columns. Per page of the table, its lines and the
    columns' centres there, when the header page's lines one value short clearly leave out one
    header and a later page's lines leave a gap at the same place; else nothing for that page.
    Without lines one value short, several columns blank throughout: :func:`centres_missing_several`
    per page."""
    pages = lines_by_page(positions, header.page_starts)
    longest = max((len(run) for run in positions.values()), default=0)
    if width - longest >= 2:
        return [(lines, centres) for lines in (pages[page] for page in sorted(pages))
                if (centres := centres_missing_several([positions[n] for n in lines], header.centres)) is not None]
    segments: list[Segment] = []
    skip = widest = -1
    for lines in (pages[page] for page in sorted(pages)):
        short = [positions[n] for n in lines if len(positions[n]) == width - 1]
        if not segments:
            found = centres_missing_one(short, header.centres) if len(short) >= 3 else None
            if found is None:
                return []
            centres, skip = found
            widest = _widest_gap([c for i, c in enumerate(centres) if i != skip])
        elif len(short) >= 2 and 0 < skip < width - 1:
            seen = [statistics.median(run[c] for run in short) for c in range(width - 1)]
            if _widest_gap(seen) != widest or widest != skip - 1:
                continue
            centres = seen[:skip] + [(seen[skip - 1] + seen[skip]) / 2] + seen[skip:]
        else:
            continue
        segments.append((lines, centres))
    return segments


def heap_segments(positions: Mapping[int, list[float]], width: int, page_starts: Sequence[int]) -> list[Segment]:
    """Per page of a table, its lines and their columns' centres from where its values heap
    (:func:`~.row_gaps.page_centres`: most cells empty); pages where they do not heap clearly are left out."""
    pages = lines_by_page(positions, page_starts)
    return [(lines, centres) for lines in (pages[page] for page in sorted(pages))
            if (centres := page_centres([positions[n] for n in lines], width)) is not None]


def lines_by_page(positions: Mapping[int, list[float]], page_starts: Sequence[int]) -> dict[int, list[int]]:
    """The lines of ``positions`` per page (each page of a table is laid out on its own)."""
    pages: dict[int, list[int]] = {}
    for line in sorted(positions):
        pages.setdefault(bisect_right(page_starts, line), []).append(line)
    return pages


def _widest_gap(centres: Sequence[float]) -> int:
    gaps = [b - a for a, b in zip(centres, centres[1:])]
    return max(range(len(gaps)), key=gaps.__getitem__) if gaps else -1


def centres_missing_one(short: Sequence[Sequence[float]], header: Sequence[float | None]
                        ) -> tuple[list[float], int] | None:
    """``short``: the positions of lines that each print one value fewer than the table's
    ``len(header)`` columns. Their columns' centres, with the missing column's centre taken from
    its header, and that column, when exactly one way to leave a header out matches the rest
    clearly best; else None."""
    width = len(header)
    if not short or any(h is None for h in header) or any(len(run) != width - 1 for run in short):
        return None
    heads = [h for h in header if h is not None]
    centres = [statistics.median(run[c] for run in short) for c in range(width - 1)]
    # a match is as good as its worst-placed column: the column a wrong guess puts under the wrong
    # header lies a whole column off, whatever the others do
    costs = sorted((max(abs(c - h) for c, h in zip(centres, heads[:skip] + heads[skip + 1:])), skip)
                   for skip in range(width))
    skip = _clear_best(costs)
    if skip is None:
        return None
    return centres[:skip] + [heads[skip]] + centres[skip:], skip


def centres_missing_several(runs: Sequence[Sequence[float]], header: Sequence[float | None]
                            ) -> list[float] | None:
    """``runs``: the positions of one page's value lines, the longest of which print ``k`` >= 2
    values fewer than the ``len(header)`` columns (columns blank throughout). The columns' centres,
    the blank ones' taken from their headers, when exactly one choice of ``k`` headers to leave out
    puts every value of every longest line within a third of a column of its header, clearly better
    than any other choice; else None."""
    width = len(header)
    longest = max((len(run) for run in runs), default=0)
    full = [run for run in runs if len(run) == longest]
    heads = [h for h in header if h is not None]
    if len(full) < 3 or len(heads) != width or not 0 < longest <= width - 2:
        return None
    tolerance = min(b - a for a, b in zip(heads, heads[1:])) / 3
    if tolerance <= 0:
        return None
    costs = []
    for blank in combinations(range(width), width - longest):
        kept = [h for c, h in enumerate(heads) if c not in blank]
        costs.append((max(abs(run[i] - kept[i]) for run in full for i in range(longest)), blank))
    costs.sort()
    left_out = _clear_best(costs)
    if left_out is None or costs[0][0] > tolerance:
        return None
    kept_centres = iter(statistics.median(run[i] for run in full) for i in range(longest))
    return [heads[c] if c in left_out else next(kept_centres) for c in range(width)]


def group_columns(text: str, tokens: Sequence[Item], labels: Sequence[str], size: int) -> dict[int, int]:
    """四 in space-aligned text with whole groups blank ('15 2 5 2 24 5 1 1 2 9' for three groups of
    ``size``): each printed group's values sit under one group header ('行政复议', '未经复议直接起诉',
    '复议后起诉': ``labels``). Per token, its column from the right (1 = last), when exactly one
    choice of groups puts each run of ``size`` values clearly nearest its header; else nothing."""
    n = len(labels)
    if not tokens or len(tokens) % size or not 0 < len(tokens) // size < n:
        return {}
    if any(t.column is None or t.blank for t in tokens):
        return {}
    heads = table_header(text, tokens, labels).centres
    if len(heads) != n or any(h is None for h in heads):
        return {}
    runs = [tokens[i:i + size] for i in range(0, len(tokens), size)]
    centres = [((run[0].column or 0) + (run[-1].column or 0)) / 2 for run in runs]
    costs = sorted((max(abs(c - (heads[g] or 0)) for c, g in zip(centres, chosen)), chosen)
                   for chosen in combinations(range(n), len(runs)))
    chosen = _clear_best(costs)
    if chosen is None:
        return {}
    return {t.pos: n * size - (g * size + i) for run, g in zip(runs, chosen) for i, t in enumerate(run)}


def _clear_best(costs: Sequence[tuple[float, T]]) -> T | None:
    """The choice of the cheapest of ``costs`` (sorted, at least two), when it beats the next by
    MIN_MARGIN and by half: a clear-cut answer only."""
    (best, choice), (second, _) = costs[0], costs[1]
    return None if second - best < MIN_MARGIN or second < 2 * best else choice
