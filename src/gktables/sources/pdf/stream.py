"""Tables without full rulings: columns from the alignment of words (the stream path).

    chars  --chars_to_segments-->  lines of segments (runs of characters without a wide gap)
    lines  --lines_to_bodies-->  runs of "numeric" lines (a label, then ≥ 2 numbers)
    body   --body_to_columns-->  column bands from the white gutters between body segments
    body + header lines + horizontal rules  --body_to_grid-->  a Grid (method "stream")

Rows: the bands between horizontal rules when the table has them, else one row per numeric line
with label-only lines (wrapped labels) joined to the nearest one. Header lines above the body
are kept as header rows; a header word covering several column bands spans them, and a header
word wrapped over lines in the same columns (商业/企业) is one cell, unless a rule runs between.
A money unit close after its number is part of it; digits a word space apart are two numbers.
Columns printing no value come from their leaf header words; a ruled header alone at a page foot
is a grid of header rows (``header_to_grid``); each block of a ruled table under headers of its own
is a grid of its own; a tall group label (（三）不予公开) is one cell over its rows.

(About 670 lines, well over the ~400 the house aims at: one algorithm whose stages share the
Segment / Line model and its glyph-relative tolerances. The label-column stages (from
``_with_label_columns`` down) are the part to move out next, with Segment and Line in a module of
their own so that neither imports the other.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Sequence

from ...layout import BBox, Grid, GridCell
from ...values import MONEY_UNIT, PDF_WORD_VALUE
from .lattice import Tolerances
from ...geometry import Ruling
from .objects import Char
from .text import SPACE_GAP, chars_to_cell_text, chars_to_lines, line_to_text

SEGMENT_GAP = 0.6  # glyphs: a wider horizontal gap ends a segment
GUTTER = 0.5  # glyphs: a white vertical band at least this wide separates columns
BODY_LINE_GAP = 5.0  # glyphs: numeric lines further apart belong to different tables
HEADER_LINE_GAP = 2.5  # glyphs: header lines further apart than this end the header
MAX_HEADER_LINES = 8
ROW_RULE_GAP = 12.0  # glyphs: rules further apart do not rule rows of one table

NUMBER = PDF_WORD_VALUE  # a printed value word, with its money unit if any
UNIT = re.compile(rf"^(?:{MONEY_UNIT})$")
UNIT_GAP = 1.5  # glyphs: a money unit this close after a number belongs to it
SECTION_TITLE = re.compile(r"^[一二三四五六七八九十]+、")
PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d+\s*页.*|\d{1,3}(?:\s*/\s*\d{1,3})?)\s*$")


@dataclass
class Segment:
    chars: list[Char]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def is_number(self) -> bool:
        return bool(NUMBER.match(self.text))


@dataclass
class Line:
    segments: list[Segment]

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def numbers(self) -> list[Segment]:
        return [s for s in self.segments if s.is_number]

    @property
    def ends_with_number(self) -> bool:
        return bool(self.segments) and self.segments[-1].is_number

    @property
    def is_numeric(self) -> bool:
        """A label (optional) followed by at least two numbers and nothing else."""
        segs = self.segments
        n = 0
        for s in reversed(segs):
            if not s.is_number:
                break
            n += 1
        return n >= 2 and n >= len(segs) - 2 and all(s.is_number for s in segs[len(segs) - n:])


def chars_to_segments(chars: Sequence[Char], glyph: float) -> list[Line]:
    """Lines of the page (top to bottom) cut into segments at gaps wider than SEGMENT_GAP glyphs."""
    out: list[Line] = []
    for line in chars_to_lines(c for c in chars if c.upright):
        segs: list[list[Char]] = [[line[0]]]
        for c in line[1:]:
            prev = segs[-1][-1]
            if c.x0 - prev.x1 > SEGMENT_GAP * glyph or _numbers_apart(prev, c):
                segs.append([c])
            else:
                segs[-1].append(c)
        out.append(Line(_units_to_numbers([_segment(s) for s in segs], glyph)))
    return out


def _units_to_numbers(segs: list[Segment], glyph: float) -> list[Segment]:
    """A money unit printed a little apart from its number (195509350 元) joins the number: cut
    off, the unit would make a column of its own and the amount be read in the wrong unit."""
    out: list[Segment] = []
    for seg in segs:
        if (out and UNIT.match(seg.text) and out[-1].is_number and any(ch.isdigit() for ch in out[-1].text)
                and seg.x0 - out[-1].x1 <= UNIT_GAP * glyph):
            out[-1] = _segment(out[-1].chars + seg.chars)
        else:
            out.append(seg)
    return out


def _numbers_apart(prev: Char, c: Char) -> bool:
    """Two digits with a word space between them (122 100 672 in narrow columns, closer than a
    segment gap) are two numbers: joined, they would read as one wrong number."""
    return (prev.text[-1:].isdigit() and c.text[:1].isdigit()
            and c.x0 - prev.x1 > SPACE_GAP * (min(prev.size, c.size) or 1.0))


def _segment(chars: list[Char]) -> Segment:
    return Segment(chars, line_to_text(chars), min(c.x0 for c in chars), max(c.x1 for c in chars),
                   min(c.top for c in chars), max(c.bottom for c in chars))


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


def segments_to_columns(segments: Sequence[Segment], glyph: float) -> list[tuple[float, float]]:
    """Column bands: x-intervals covered by segments, split at white gutters ≥ GUTTER glyphs."""
    spans = sorted((s.x0, s.x1) for s in segments)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1] + GUTTER * glyph:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _columns_of(seg: Segment, bands: Sequence[tuple[float, float]], glyph: float) -> tuple[int, int]:
    """The bands a segment covers (by band centres inside it), else the nearest band."""
    inside = [k for k, (a, b) in enumerate(bands) if seg.x0 - 0.5 * glyph <= (a + b) / 2 <= seg.x1 + 0.5 * glyph]
    if inside:
        return inside[0], inside[-1]
    cx = (seg.x0 + seg.x1) / 2
    k = min(range(len(bands)), key=lambda k: min(abs(cx - bands[k][0]), abs(cx - bands[k][1])))
    return k, k


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
    rotated = [c for c in chars if not c.upright]
    prose = [c for i, line in enumerate(lines) if i not in used for s in line.segments for c in s.chars]
    return grids, prose + rotated


def body_to_grid(lines: Sequence[Line], first: int, last: int, header: Sequence[int],
                 h_rulings: Sequence[Ruling], tol: Tolerances, page: int,
                 page_size: tuple[float, float], ruled: bool = False) -> Grid | None:
    """One stream table: header rows, then body rows; cells by column band and row band.

    ``ruled``: the body lies between horizontal rules (rows are the bands between them) and may
    have a single value column; columns then come from the lines ending in a number only, so that
    captions and headers centred over several columns do not close the gutters between them.
    """
    glyph = tol.glyph
    body = list(range(first, last + 1))
    is_value_line = (lambda line: line.ends_with_number) if ruled else (lambda line: line.is_numeric)
    value_lines = [i for i in body if is_value_line(lines[i])]
    band_lines = value_lines if ruled else body
    bands = segments_to_columns([s for i in band_lines for s in lines[i].segments], glyph)
    numbers = [s for i in value_lines for s in lines[i].numbers]
    first_x = min((s.x0 for s in numbers), default=0.0)
    labels_end = max((s.x1 for i in body for s in lines[i].segments if not s.is_number and s.x0 < first_x),
                     default=float("-inf"))
    bands = with_empty_columns(bands, [lines[i] for i in header], labels_end, glyph)
    numeric_bands = {k for i in value_lines for s in lines[i].numbers
                     for k in range(*_span(_columns_of(s, bands, glyph)))}
    if len(numeric_bands) < (1 if ruled else 2):
        return None
    left = [s for i in body for s in lines[i].segments if s.x1 <= bands[0][0]]
    if min(numeric_bands) == 0 and left:  # row labels on lines of their own, beside a wrapped value
        bands = [(min(s.x0 for s in left), max(s.x1 for s in left))] + bands
        numeric_bands = {k + 1 for k in numeric_bands}
    anchors = {id(s) for i in value_lines for s in lines[i].segments}
    bands, n_label = _with_label_columns(bands, min(numeric_bands), [s for i in body for s in lines[i].segments],
                                         glyph, anchors)

    def cols_of(seg: Segment) -> tuple[int, int]:
        if n_label and seg.x1 <= bands[n_label][0]:
            return _label_columns_of(seg, bands[:n_label], glyph)
        return _columns_of(seg, bands, glyph)

    x0, x1 = bands[0][0], bands[-1][1]
    top, bottom = lines[first].top, lines[last].bottom
    # Row bands: horizontal rules across the body, else the numeric lines.
    num_x0 = bands[n_label][0]  # rules need to cross the number columns, not the labels
    rules = sorted(r.pos for r in h_rulings
                   if r.start <= num_x0 + glyph and r.end >= x1 - 2 * glyph
                   and top - glyph <= r.pos <= bottom + glyph)
    numeric_lines = value_lines
    if len(rules) >= 3:
        bounds = [top - 0.5 * glyph] + [y for y in rules if top < y < bottom] + [bottom + 0.5 * glyph]
        rows_of = {i: _band(bounds, lines[i].cy) for i in body}
        n_body_rows = len(bounds) - 1
        row_centres = [(a + b) / 2 for a, b in zip(bounds, bounds[1:])]
    else:
        order = {i: k for k, i in enumerate(numeric_lines)}
        rows_of = {i: order[min(numeric_lines, key=lambda j: abs(lines[j].cy - lines[i].cy))] for i in body}
        n_body_rows = len(numeric_lines)
        row_centres = [lines[j].cy for j in numeric_lines]
    cells, n_header_rows = _header_rows(_header_cells([lines[i] for i in header], bands, glyph, cols_of,
                                                      h_rulings), len(bands), page)
    # Body rows: each slot owned by one record [row, c0, c1, rowspan, segments].
    owner: dict[tuple[int, int], list] = {}
    records: list[list] = []
    for i in body:
        parts = [part for whole in lines[i].segments for part in split_at_label_starts(whole, bands[:n_label], glyph)]
        for seg in parts:
            r = rows_of[i]
            c0, c1 = cols_of(seg)
            if (r, c0) in owner:
                owner[(r, c0)][4].append(seg)
                continue
            c1 = next((c - 1 for c in range(c0 + 1, c1 + 1) if (r, c) in owner), c1)
            rec = [r, c0, c1, 1, [seg]]
            records.append(rec)
            owner.update({(r, c): rec for c in range(c0, c1 + 1)})
    records = _merge_vertical_labels(records, owner, bands, n_label, n_body_rows, glyph)
    records = merge_group_labels(records, owner, bands, n_label, row_centres, glyph)
    for r, c0, c1, rowspan, segs in records:
        cells.append(_make_cell(n_header_rows + r, c0, c1 - c0 + 1, rowspan, segs, page))
    covered = {(r + k, c) for r, c0, c1, rowspan, _ in records for k in range(rowspan) for c in range(c0, c1 + 1)}
    for r in range(n_body_rows):
        for c in range(len(bands)):
            if (r, c) not in covered:
                cells.append(GridCell(row=n_header_rows + r, col=c, text="", page=page))
    all_lines = [lines[i] for i in list(header) + body]
    bbox = BBox(min(x0, *(s.x0 for l in all_lines for s in l.segments)), min(l.top for l in all_lines),
                max(x1, *(s.x1 for l in all_lines for s in l.segments)), bottom)
    cells.sort(key=lambda c: (c.row, c.col))
    debug = {"method": "stream", "page_size": page_size, "columns": bands, "row_rules": rules,
             "header_lines": len(header)}
    return Grid(cells=cells, source="pdf", page=page, bbox=bbox, debug=debug)


def _header_rows(header_cells: list[tuple[int, int, int, list[Segment]]], n_cols: int,
                 page: int) -> tuple[list[GridCell], int]:
    """The header rows' cells (spans from the words' columns) and how many rows they take."""
    cells: list[GridCell] = []
    n_header_rows = max((r + 1 for r, *_ in header_cells), default=0)
    taken: set[tuple[int, int]] = set()
    for r, c0, c1, segs in header_cells:
        if any((r, c) in taken for c in range(c0, c1 + 1)):
            continue  # two header words claim one slot: the first (upper, left) wins
        rowspan = 1
        if not any(hr > r and not (h1 < c0 or h0 > c1) for hr, h0, h1, _ in header_cells):
            rowspan = n_header_rows - r  # nothing below it in its columns: it spans the header down
        taken.update((r + k, c) for k in range(rowspan) for c in range(c0, c1 + 1))
        cells.append(_make_cell(r, c0, c1 - c0 + 1, rowspan, segs, page))
    for r in range(n_header_rows):
        cells += [GridCell(row=r, col=c, text="", page=page) for c in range(n_cols) if (r, c) not in taken]
    return cells, n_header_rows


def header_to_grid(lines: Sequence[Line], header: Sequence[int], h_rulings: Sequence[Ruling], glyph: float,
                   page: int, page_size: tuple[float, float]) -> Grid | None:
    """A ruled table's header alone at the foot of a page (its rows follow on the next page): a grid
    of header rows only, columns from the header line with the most words (else from all its
    words), so that the next page's rows can take their column headers from it."""
    widest = max(header, key=lambda i: len(lines[i].segments))
    bands = segments_to_columns(lines[widest].segments, glyph)
    if len(bands) < 2:  # no line prints every column's word (信息内容 centred beside a wrapped 本年处理决定数/量)
        bands = segments_to_columns([s for i in header for s in lines[i].segments], glyph)
    if len(bands) < 2:
        return None
    cells, n_rows = _header_rows(_header_cells([lines[i] for i in header], bands, glyph,
                                               lambda seg: _columns_of(seg, bands, glyph), h_rulings), len(bands), page)
    segs = [s for i in header for s in lines[i].segments]
    bbox = BBox(min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs), max(s.bottom for s in segs))
    cells.sort(key=lambda c: (c.row, c.col))
    debug = {"method": "stream", "page_size": page_size, "columns": bands, "row_rules": [],
             "header_lines": len(header), "header_only": True}
    return Grid(cells=cells, source="pdf", page=page, bbox=bbox, debug=debug)


def _at_page_foot(lines: Sequence[Line], last: int) -> bool:
    """Nothing but a page number below line ``last``."""
    return all(PAGE_NUMBER.match("".join(s.text for s in line.segments)) for line in lines[last + 1:])


def with_empty_columns(bands: list[tuple[float, float]], header: Sequence[Line], labels_end: float,
                       glyph: float) -> list[tuple[float, float]]:
    """Add the columns that print no value in any row (blank cells left empty) from their headers:
    a leaf header word (no other header word under it) right of the row labels (``labels_end``)
    that overlaps no column of values is a column of its own. Without it the leaf would be given to a
    neighbouring column, and the headers of every column after it shifted."""
    if not bands or not header:
        return bands
    segs = [s for line in header for s in line.segments]

    def overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
        return min(a1, b1) - max(a0, b0) > 0

    leaves = [s for s in segs if not any(t.top > s.bottom - 0.2 * glyph and overlaps(s.x0, s.x1, t.x0, t.x1)
                                         for t in segs if t is not s)]
    new = [s for s in leaves if s.x0 > labels_end
           and not any(overlaps(s.x0, s.x1, a, b) for a, b in bands)]
    if not new:
        return bands
    return sorted(bands + segments_to_columns(new, glyph))


def _span(cols: tuple[int, int]) -> tuple[int, int]:
    return cols[0], cols[1] + 1


def _band(bounds: Sequence[float], y: float) -> int:
    for k in range(len(bounds) - 1):
        if y < bounds[k + 1]:
            return k
    return len(bounds) - 2


def split_at_gutters(seg: Segment, bands: Sequence[tuple[float, float]], glyph: float) -> list[Segment]:
    """Cut a segment where a gap between two characters lies in the white gutter between bands
    (header words of narrow neighbouring columns, 商业 科研, printed closer than a segment gap)."""
    gutters = [(bands[k][1], bands[k + 1][0]) for k in range(len(bands) - 1)]
    parts: list[list[Char]] = [[seg.chars[0]]]
    for c in seg.chars[1:]:
        prev = parts[-1][-1]
        gap_mid = (prev.x1 + c.x0) / 2
        if c.x0 - prev.x1 > 0.15 * glyph and any(a - 0.2 * glyph <= gap_mid <= b + 0.2 * glyph for a, b in gutters):
            parts.append([c])
        else:
            parts[-1].append(c)
    return [_segment(p) for p in parts]


def _header_cells(lines: Sequence[Line], bands, glyph: float, cols_of,
                  h_rulings: Sequence[Ruling] = ()) -> list[tuple[int, int, int, list[Segment]]]:
    """Header segments → (row, first col, last col, segments); a word wrapped in the same columns is
    one cell, unless a horizontal rule over the word runs between its lines (二's caption
    第二十条第（五）项 over its 本年处理决定数量 is two rows)."""
    cells: list[list] = []  # [top, bottom, c0, c1, segs]

    def ruled_apart(upper: float, seg: Segment) -> bool:
        return any(upper < r.pos < seg.top and r.start < seg.x1 and r.end > seg.x0 for r in h_rulings)

    for line in lines:
        for s in (part for seg in line.segments for part in split_at_gutters(seg, bands, glyph)):
            c0, c1 = cols_of(s)
            for cell in cells:
                if (cell[2] == c0 and cell[3] == c1 and 0 <= s.top - cell[1] <= 0.8 * glyph
                        and not ruled_apart(cell[1], s)):
                    cell[1] = s.bottom
                    cell[4].append(s)
                    break
            else:
                cells.append([s.top, s.bottom, c0, c1, [s]])
    if not cells:
        return []
    tops = sorted({round(c[0], 1) for c in cells})
    levels: list[float] = []
    for t in tops:
        if not levels or t - levels[-1] > 0.8 * glyph:
            levels.append(t)
    out = []
    for top, _, c0, c1, segs in cells:
        row = max(k for k, t in enumerate(levels) if t <= top + 0.8 * glyph)
        out.append((row, c0, c1, segs))
    return out


def _make_cell(row: int, col: int, colspan: int, rowspan: int, segs: Sequence[Segment], page: int) -> GridCell:
    chars = [c for s in segs for c in s.chars]
    bbox = BBox(min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs), max(s.bottom for s in segs))
    return GridCell(row=row, col=col, text=_wrapped_number(segs) or chars_to_cell_text(chars), rowspan=rowspan,
                    colspan=colspan, bbox=bbox, page=page)


def _wrapped_number(segs: Sequence[Segment]) -> str | None:
    """A number wrapped over lines in its narrow column (150 / 3: 1503), one digit run per line,
    is one number; its pieces are joined without the space that would make it two."""
    ordered = sorted(segs, key=lambda s: s.top)
    if len(segs) < 2 or not all(s.text.isdigit() for s in ordered[:-1]) or not NUMBER.match(ordered[-1].text):
        return None
    if any(b.top < a.bottom - 0.2 * (a.bottom - a.top) for a, b in zip(ordered, ordered[1:])):
        return None  # two numbers on one line: not a wrapped number
    return "".join(s.text for s in ordered)


def _with_label_columns(bands: list[tuple[float, float]], first_number: int, segments: Sequence[Segment],
                        glyph: float, anchors: set[int]) -> tuple[list[tuple[float, float]], int]:
    """Replace the bands left of the numbers by label columns found from left-aligned label starts.

    Row labels of several levels (三、本年度办理结果 / （三）不予公开 / 1.属于国家秘密) start at a few
    x positions; a label that starts at one and runs past the next spans both columns. A start
    counts when two labels share it and one of them is on a line with values (``anchors``), so
    centred captions and header words make no columns.
    """
    if first_number == 0:
        return bands, 0
    limit = bands[first_number][0]
    labels = sorted((s for s in segments if s.x1 <= limit), key=lambda s: s.x0)
    if not labels:
        return bands, first_number
    starts: list[list[Segment]] = []
    for seg in labels:
        if starts and seg.x0 - starts[-1][-1].x0 <= 0.5 * glyph:
            starts[-1].append(seg)
        else:
            starts.append([seg])
    firsts = [g[0].x0 for k, g in enumerate(starts)
              if k == 0 or (len(g) >= 2 and any(id(seg) in anchors for seg in g))]
    right = max(s.x1 for s in labels)
    label_bands = [(firsts[k], firsts[k + 1] - 0.01) for k in range(len(firsts) - 1)] + [(firsts[-1], right)]
    return label_bands + bands[first_number:], len(label_bands)


def _label_columns_of(seg: Segment, label_bands: Sequence[tuple[float, float]], glyph: float) -> tuple[int, int]:
    c0 = max((k for k, (a, _) in enumerate(label_bands) if a <= seg.x0 + 0.5 * glyph), default=0)
    c1 = max((k for k, (a, _) in enumerate(label_bands) if a < seg.x1 - 0.5 * glyph), default=c0)
    return c0, max(c0, c1)


def _merge_vertical_labels(records: list[list], owner: dict, bands, n_label: int, n_rows: int,
                           glyph: float) -> list[list]:
    """Vertical text in a narrow label column (三/、/本/年 … one or two characters per row) → one
    cell, spanning down and up over the rows where that column is otherwise empty."""
    drop: set[int] = set()
    for c in range(n_label):
        if bands[c][1] - bands[c][0] > 2.5 * glyph:
            continue
        stack = [rec for rec in records if rec[1] == c and rec[2] == c and len("".join(s.text for s in rec[4])) <= 12]
        stack.sort(key=lambda rec: rec[0])
        if len(stack) < 3:
            continue
        first, last = stack[0][0], stack[-1][0]
        if any((r, c) in owner and owner[(r, c)] not in stack for r in range(first, last + 1)):
            continue
        while first > 0 and (first - 1, c) not in owner:
            first -= 1
        while last < n_rows - 1 and (last + 1, c) not in owner:
            last += 1
        merged = [first, c, c, last - first + 1, [s for rec in stack for s in rec[4]]]
        drop.update(id(rec) for rec in stack)
        records = [rec for rec in records if id(rec) not in drop] + [merged]
        for r in range(first, last + 1):
            owner[(r, c)] = merged
    return records


def split_at_label_starts(seg: Segment, label_bands: Sequence[tuple[float, float]], glyph: float) -> list[Segment]:
    """Cut a label segment where a character starts a label column after a gap: a group label
    （三）不予 printed close to the first sub-label beside it (4.保护第三方合法权益) is two cells."""
    starts = [a for a, _ in label_bands[1:] if seg.x0 + 0.5 * glyph < a < seg.x1 - 0.5 * glyph]
    if not starts:
        return [seg]
    parts: list[list[Char]] = [[seg.chars[0]]]
    for c in seg.chars[1:]:
        prev = parts[-1][-1]
        if c.x0 - prev.x1 > 0.25 * glyph and any(abs(c.x0 - a) <= 0.5 * glyph for a in starts):
            parts.append([c])
        else:
            parts[-1].append(c)
    return [_segment(p) for p in parts] if len(parts) > 1 else [seg]


def merge_group_labels(records: list[list], owner: dict, bands, n_label: int, row_centres: Sequence[float],
                       glyph: float) -> list[list]:
    """A tall group label (（三）不予公开 over eight sub-rows) wrapped over the lines of one or two
    of its rows → one cell over the rows where its column is otherwise empty and the next label
    column holds the sub-labels. The text is centred in its cell: the cell grows from the row (or
    the two rows) at the text's centre, one row up and one down at a time, group after group from
    the top, then by one row more on the one side still free (an odd count of rows under an even
    count of text lines)."""
    for c in range(n_label - 1):
        if bands[c][1] - bands[c][0] > 2.5 * glyph:  # narrower: vertical text (_merge_vertical_labels)
            records = _merge_groups_in_column(records, owner, c, row_centres)
    return records


def _merge_groups_in_column(records: list[list], owner: dict, c: int, row_centres: Sequence[float]) -> list[list]:
    n_rows = len(row_centres)
    pieces = sorted((rec for rec in records if rec[1] == c and rec[2] == c and rec[3] == 1), key=lambda rec: rec[0])
    groups: list[list[list]] = []
    for rec in pieces:
        if groups and rec[0] == groups[-1][-1][0] + 1:
            groups[-1].append(rec)
        else:
            groups.append([rec])
    groups = [g for g in groups if all((r, c + 1) in owner for r in range(g[0][0], g[-1][0] + 1))]
    if not groups:
        return records  # labels of whole rows, not groups beside their sub-labels
    taken = {(rec[0], c) for g in groups for rec in g}
    for key in taken:
        owner.pop(key, None)

    def free(r: int) -> bool:
        return 0 <= r < n_rows and (r, c) not in owner and (r, c + 1) in owner

    spans: list[list[int]] = []
    for group in groups:
        segs = [s for rec in group for s in rec[4]]
        first, last = _centre_rows(row_centres, (min(s.top for s in segs) + max(s.bottom for s in segs)) / 2,
                                   group[0][0], group[-1][0])
        spans.append([first, last])
        owner.update({(r, c): group for r in range(first, last + 1)})
    for span, group in zip(spans, groups):  # top down: each group starts under a cell already whole
        while free(span[0] - 1) and free(span[1] + 1):
            span[0], span[1] = span[0] - 1, span[1] + 1
            owner.update({(span[0], c): group, (span[1], c): group})
    for span, group in zip(spans, groups):
        if free(span[0] - 1) != free(span[1] + 1):
            r = span[0] - 1 if free(span[0] - 1) else span[1] + 1
            span[0], span[1] = min(span[0], r), max(span[1], r)
            owner[(r, c)] = group
    merged_ids = {id(rec) for g in groups for rec in g}
    out = [rec for rec in records if id(rec) not in merged_ids]
    for (first, last), group in zip(spans, groups):
        merged = [first, c, c, last - first + 1, [s for rec in group for s in rec[4]]]
        out.append(merged)
        owner.update({(r, c): merged for r in range(first, last + 1)})
    return out


def _centre_rows(row_centres: Sequence[float], y: float, first: int, last: int) -> tuple[int, int]:
    """The row whose centre is nearest y, or the two rows y lies between when it is nearer their
    boundary than either centre; within [first, last] (the rows the text's lines fell in)."""
    k = min(range(first, last + 1), key=lambda r: abs(row_centres[r] - y))
    j = k + 1 if y > row_centres[k] else k - 1
    if first <= j <= last and abs(y - row_centres[k]) > 0.25 * abs(row_centres[j] - row_centres[k]):
        return min(j, k), max(j, k)
    return k, k
