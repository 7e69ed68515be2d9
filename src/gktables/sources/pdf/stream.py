"""Tables without full rulings: columns from the alignment of words (the stream path).

    chars  --chars_to_segments-->  lines of segments (runs of characters without a wide gap)
    lines  --lines_to_bodies-->  runs of "numeric" lines (a label, then ≥ 2 numbers)
    body   --segments_to_columns-->  column bands from the white gutters between body segments
    body + header lines + horizontal rules  --body_to_grid-->  a Grid (method "stream")
    header line + rows of one value  --single_value_blocks-->  a Grid (二's 行政许可 11398889 without rules)

This module finds the tables on a page: the tables ruled between rows only, each block of a ruled
table under headers of its own, a ruled header alone at a page foot, then runs of numeric lines
anywhere else, and last blocks whose rows print one value under a header line. The line model is
:mod:`.stream_lines`, the grid of one table :mod:`.stream_grid`,
its row-label columns :mod:`.stream_labels`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...geometry import Ruling
from ...layout import Grid
from ...values import PAGE_FOOT_LINE
from .lattice import Tolerances
from .objects import Char
from .stream_grid import body_to_grid, header_to_grid
from .stream_lines import Line, Segment, chars_to_segments

BODY_LINE_GAP = 5.0  # glyphs: numeric lines further apart belong to different tables
HEADER_LINE_GAP = 2.5  # glyphs: header lines further apart than this end the header
MAX_HEADER_LINES = 8
ROW_RULE_GAP = 12.0  # glyphs: rules further apart do not rule rows of one table
SECTION_TITLE = re.compile(r"^[一二三四五六七八九十]+、")
PROSE_MARK = re.compile(r"[0-9０-９，。；;,.!！?？]")  # a digit or a sentence mark: not a header word or row label


def chars_to_stream_grids(chars: Sequence[Char], h_rulings: Sequence[Ruling], tol: Tolerances, page: int,
                          page_size: tuple[float, float]) -> tuple[list[Grid], list[Char]]:
    """Grids of the tables printed without (full) rulings, and the characters left as prose.

    First the tables ruled between rows only (every row a band between two rules, a single value
    column allowed), then runs of numeric lines anywhere else on the page.
    """
    glyph = tol.glyph
    lines = chars_to_segments(chars, glyph)
    used: set[int] = set()
    grids: list[Grid] = []
    regions = []
    for top, bottom in h_rulings_to_row_regions(h_rulings, glyph):
        inside = [i for i, line in enumerate(lines) if top - 0.2 * glyph <= line.cy <= bottom + 0.2 * glyph]
        if not inside:
            continue
        nxt = inside[-1] + 1  # a last row without a rule under it (the table goes on to the next page)
        while (nxt < len(lines) and lines[nxt].ends_with_number
               and lines[nxt].top - lines[nxt - 1].bottom <= 1.5 * glyph):
            inside.append(nxt)
            nxt += 1
        part: list[int] = []
        for n, i in enumerate(inside):  # a section title between rules (四、政府信息公开行政复议…) starts a new table
            if _is_section_title(lines[i]):
                regions.append(part)
                part = []
                continue
            if part and _starts_block(lines, inside, n, glyph):
                regions.append(part)  # 二's next block: its value columns are its own
                part = []
            part.append(i)
        regions.append(part)
    for inside in regions:
        values = [i for i in inside if lines[i].ends_with_number]
        if not values:
            if inside and _at_page_foot(lines, inside[-1]) and (head := header_to_grid(lines, inside, h_rulings, glyph,
                                                                                        page, page_size)):
                grids.append(head)
                used.update(inside)
            continue
        # The header ends at the last rule above the first line with values.
        cut = max((r.pos for r in h_rulings if r.pos < lines[values[0]].cy
                   and lines[inside[0]].top - glyph <= r.pos), default=lines[inside[0]].top - glyph)
        header = [i for i in inside if lines[i].cy < cut]
        body = [i for i in inside if lines[i].cy > cut]
        first, last = body[0], body[-1]
        grid = body_to_grid(lines, first, last, header, h_rulings, tol, page, page_size, ruled=True)
        if grid is not None:
            grids.append(grid)
            used.update(inside)
    free = [i for i in range(len(lines)) if i not in used]
    free_lines = [lines[i] for i in free]
    previous_bottom = -1.0
    for first, last in lines_to_bodies(free_lines, glyph):
        header = sorted(_header_lines(free_lines, first, glyph, previous_bottom))
        grid = body_to_grid(free_lines, first, last, header, h_rulings, tol, page, page_size)
        previous_bottom = free_lines[last].bottom
        if grid is None:
            continue
        grids.append(grid)
        used.update(free[k] for k in range(first, last + 1))
        used.update(free[k] for k in header)
    rest = [i for i in range(len(lines)) if i not in used]
    rest_lines = [lines[i] for i in rest]
    for first, last, header_line in single_value_blocks(rest_lines, glyph):
        grid = body_to_grid(rest_lines, first, last, [header_line], h_rulings, tol, page, page_size, ruled=True)
        if grid is not None:
            grids.append(grid)
            used.update(rest[k] for k in range(header_line, last + 1))
    rotated = [c for c in chars if not c.upright]
    prose = [c for i, line in enumerate(lines) if i not in used for s in line.segments for c in s.chars]
    return grids, prose + rotated


def lines_to_bodies(lines: Sequence[Line], glyph: float) -> list[tuple[int, int]]:
    """Index ranges [first, last] of table bodies: numeric lines close together (and what lies between)."""
    numeric = [i for i, line in enumerate(lines) if line.is_numeric]
    bodies: list[list[int]] = []
    for i in numeric:
        if bodies and lines[i].top - lines[bodies[-1][-1]].bottom <= BODY_LINE_GAP * glyph:
            bodies[-1].append(i)
        else:
            bodies.append([i])
    out = []
    for body in bodies:
        if len(body) >= 2 or len(lines[body[0]].numbers) >= 4:
            out.append((body[0], body[-1]))
    return out


def single_value_blocks(lines: Sequence[Line], glyph: float) -> list[tuple[int, int, int]]:
    """(first, last, header) of blocks whose rows print a label and one value (二's 行政许可 11398889
    in a table without rules, or with gutters too narrow for a body of numeric lines): rows right
    under a header line of two or more words, each value under a header word right of the first and
    each label under the first. Header words and labels hold no digit and no sentence punctuation,
    so that wrapped prose ending in a number makes no table."""
    out: list[tuple[int, int, int]] = []
    i = 1
    while i < len(lines):
        head = lines[i - 1]
        last = i - 1
        if len(head.segments) >= 2 and _plain_words(head.segments):
            while (last + 1 < len(lines) and _labelled_value(lines[last + 1], head, glyph)
                   and lines[last + 1].top - lines[last].bottom <= HEADER_LINE_GAP * glyph):
                last += 1
        if last >= i:
            out.append((i, last, i - 1))
            i = last + 2
        else:
            i += 1
    return out


def _plain_words(segments: Sequence[Segment]) -> bool:
    return not any(PROSE_MARK.search(s.text) for s in segments)


def _labelled_value(line: Line, head: Line, glyph: float) -> bool:
    """Labels under the header's first word, then one value, under another of its words."""
    *labels, value = line.segments
    first = head.segments[0]
    return (value.is_number and bool(labels) and _plain_words(labels)
            and labels[0].x0 < first.x1 + glyph and labels[-1].x1 > first.x0 - glyph
            and any(word.x0 - 0.5 * glyph <= value.x0 and value.x1 <= word.x1 + 0.5 * glyph
                    for word in head.segments[1:]))


def _header_lines(lines: Sequence[Line], first: int, glyph: float, stop_at: float) -> list[int]:
    """Indices of the header lines above a body (nearest first), up to a title or a wide gap."""
    out: list[int] = []
    below_top = lines[first].top
    for i in range(first - 1, -1, -1):
        line = lines[i]
        if line.bottom < stop_at or below_top - line.bottom > HEADER_LINE_GAP * glyph:
            break
        if _is_section_title(line) or len(out) >= MAX_HEADER_LINES:
            break
        if line.is_numeric:
            break
        out.append(i)
        below_top = line.top
    return out


def h_rulings_to_row_regions(h_rulings: Sequence[Ruling], glyph: float) -> list[tuple[float, float]]:
    """(top, bottom) of stacks of ≥ 3 long horizontal rules, each near the next and overlapping it:
    tables ruled between rows only (no vertical lines)."""
    stacks: list[list[Ruling]] = []
    for rule in sorted((r for r in h_rulings if r.length >= 8 * glyph), key=lambda r: r.pos):
        if stacks:
            last = stacks[-1][-1]
            overlap = min(rule.end, last.end) - max(rule.start, last.start)
            if rule.pos - last.pos <= ROW_RULE_GAP * glyph and overlap >= 0.5 * min(rule.length, last.length):
                stacks[-1].append(rule)
                continue
        stacks.append([rule])
    return [(st[0].pos, st[-1].pos) for st in stacks if len(st) >= 3]


def _starts_block(lines: Sequence[Line], inside: Sequence[int], n: int, glyph: float) -> bool:
    """Whether line inside[n] starts a block of the table under headers of its own (二's
    第二十条第（九）项, whose two value columns are cut apart otherwise than the blocks' before it):
    right after a row of values, a caption alone on its line and then a line of two or more words
    and no number, both right of that row's label (over the value columns, where a table's own
    wrapped labels never stand)."""
    if n == 0 or n + 1 >= len(inside):
        return False
    prev, line, head = lines[inside[n - 1]], lines[inside[n]], lines[inside[n + 1]]
    if not prev.ends_with_number or prev.segments[0].is_number or len(line.segments) != 1 or line.numbers:
        return False
    label_end = prev.segments[0].x1 + glyph
    return (line.segments[0].x0 > label_end and not head.numbers
            and sum(1 for s in head.segments if s.x0 > label_end) >= 2)


def _is_section_title(line: Line) -> bool:
    text = "".join(s.text for s in line.segments)
    return len(line.segments) == 1 and bool(SECTION_TITLE.match(text)) and not line.ends_with_number


def _at_page_foot(lines: Sequence[Line], last: int) -> bool:
    """Nothing but a page number below line ``last``."""
    return all(PAGE_FOOT_LINE.match("".join(s.text for s in line.segments)) for line in lines[last + 1:])
