"""One stream table → a Grid: column bands from the gutters between words, rows from the rules
between them or from the lines of values, header rows from the header words above the body.

A header word covering several column bands spans them, and a header word wrapped over lines in
the same columns (商业/企业) is one cell, unless a rule runs between. Columns printing no value
come from their leaf header words; a ruled header alone at a page foot is a grid of header rows
(``header_to_grid``); a tall group label (（三）不予公开) is one cell over its rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...geometry import Ruling
from ...layout import BBox, Grid, GridCell
from ..joining import IDEOGRAPH
from .lattice import Tolerances
from .stream_labels import (label_columns_of, merge_group_labels, merge_vertical_labels, split_at_label_starts,
                            with_label_columns)
from .stream_lines import NUMBER, Line, Segment, columns_of, segments_to_columns, split_at_gutters
from .text import chars_to_cell_text


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
    # Without rules, a row printing one value (二、上年结转 18, its other cells blank) is a row of its
    # own: folded into the nearest row of several values, its value would join that row's as one
    # wrapped number (18 over 258: 18258).
    is_value_line = (lambda line: line.ends_with_number) if ruled else (
        lambda line: line.is_numeric or (line.ends_with_number and not line.segments[0].is_number))
    value_lines = [i for i in body if is_value_line(lines[i])]
    band_lines = value_lines if ruled else body
    bands = segments_to_columns([s for i in band_lines for s in lines[i].segments], glyph)
    numbers = [s for i in value_lines for s in lines[i].numbers]
    first_x = min((s.x0 for s in numbers), default=0.0)
    labels_end = max((s.x1 for i in body for s in lines[i].segments if not s.is_number and s.x0 < first_x),
                     default=float("-inf"))
    bands = with_empty_columns(bands, [lines[i] for i in header], labels_end, glyph)
    numeric_bands = {k for i in value_lines for s in lines[i].numbers
                     for k in range(*_span(columns_of(s, bands, glyph)))}
    if len(numeric_bands) < (1 if ruled else 2):
        return None
    left = [s for i in body for s in lines[i].segments if s.x1 <= bands[0][0]]
    if min(numeric_bands) == 0 and left:  # row labels on lines of their own, beside a wrapped value
        bands = [(min(s.x0 for s in left), max(s.x1 for s in left))] + bands
        numeric_bands = {k + 1 for k in numeric_bands}
    anchors = {id(s) for i in value_lines for s in lines[i].segments}
    bands, n_label = with_label_columns(bands, min(numeric_bands), [s for i in body for s in lines[i].segments],
                                         glyph, anchors)

    def cols_of(seg: Segment) -> tuple[int, int]:
        if n_label and seg.x1 <= bands[n_label][0]:
            return label_columns_of(seg, bands[:n_label], glyph)
        return columns_of(seg, bands, glyph)

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
    records = merge_vertical_labels(records, owner, bands, n_label, n_body_rows, glyph)
    records = merge_group_labels(records, owner, bands, n_label, row_centres, glyph)
    value_cols = {k for i in value_lines for s in lines[i].numbers for k in range(*_span(cols_of(s)))}
    unaligned = _columns_unaligned(bands, n_label, value_cols, [s for i in header for s in lines[i].segments],
                                   glyph)
    # a value column holding words on a row of values (a block's header or caption folded into it) is
    # no column (a row of words alone is a caption's or header's own row)
    valued_rows = {r for r, c0, _c1, _rs, segs in records if c0 >= n_label and any(seg.is_number for seg in segs)}
    worded = any(c0 >= n_label and r in valued_rows
                 and any(not seg.is_number and IDEOGRAPH.search(seg.text) for seg in segs)
                 for r, c0, _c1, _rs, segs in records)
    notes = ("pdf_columns_unaligned",) if unaligned or worded else ()
    for r, c0, c1, rowspan, segs in records:
        cell = _make_cell(n_header_rows + r, c0, c1 - c0 + 1, rowspan, segs, page)
        if c0 >= n_label:
            cell.notes = notes
        cells.append(cell)
    covered = {(r + k, c) for r, c0, c1, rowspan, _ in records for k in range(rowspan) for c in range(c0, c1 + 1)}
    for r in range(n_body_rows):
        for c in range(len(bands)):
            if (r, c) not in covered:
                # (a noted blank has a box, so that the warning can name the key read from it)
                box = BBox(bands[c][0], row_centres[r] - glyph / 2, bands[c][1], row_centres[r] + glyph / 2) \
                    if notes and c >= n_label else None
                cells.append(GridCell(row=n_header_rows + r, col=c, text="", page=page, bbox=box,
                                      notes=notes if c >= n_label else ()))
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
                                               lambda seg: columns_of(seg, bands, glyph), h_rulings), len(bands), page)
    segs = [s for i in header for s in lines[i].segments]
    bbox = BBox(min(s.x0 for s in segs), min(s.top for s in segs), max(s.x1 for s in segs), max(s.bottom for s in segs))
    cells.sort(key=lambda c: (c.row, c.col))
    debug = {"method": "stream", "page_size": page_size, "columns": bands, "row_rules": [],
             "header_lines": len(header), "header_only": True}
    return Grid(cells=cells, source="pdf", page=page, bbox=bbox, debug=debug)


def with_empty_columns(bands: list[tuple[float, float]], header: Sequence[Line], labels_end: float,
                       glyph: float) -> list[tuple[float, float]]:
    """Add the columns that print no value in any row (blank cells left empty) from their headers:
    a leaf header word (no other header word under it) right of the row labels (``labels_end``)
    that overlaps no column of values is a column of its own. Without it the leaf would be given to a
    neighbouring column, and the headers of every column after it shifted."""
    if not bands or not header:
        return bands
    new = [s for s in header_leaves([s for line in header for s in line.segments], glyph) if s.x0 > labels_end
           and not any(_overlaps(s.x0, s.x1, a, b) for a, b in bands)]
    if not new:
        return bands
    return sorted(bands + segments_to_columns(new, glyph))


def header_leaves(segs: Sequence[Segment], glyph: float) -> list[Segment]:
    """Header words with no other header word under them: the words that name one column each."""
    return [s for s in segs if not any(t.top > s.bottom - 0.2 * glyph and _overlaps(s.x0, s.x1, t.x0, t.x1)
                                       for t in segs if t is not s)]


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) > 0


def _columns_unaligned(bands: Sequence[tuple[float, float]], n_label: int, value_cols: set[int],
                       header: Sequence[Segment], glyph: float) -> bool:
    """Whether the header words and the values fail to line up (centred cells whose spans differ
    from row to row in a borderless table): a column of values under no header word beside a header
    word with no value under it; or a column that prints no value in any row while a column word
    stands over two columns, or a column of values stands under none. Which header a value is under,
    and which cell is blank, is then a guess."""
    columns = range(n_label, len(bands))
    over = {k: [s for s in header if _overlaps(*bands[k], s.x0, s.x1)] for k in columns}
    if any(k in value_cols and not over[k] for k in columns) and any(k not in value_cols and over[k]
                                                                      for k in columns):
        return True
    if all(k in value_cols for k in columns):
        return False
    leaves = {id(s) for s in header_leaves(header, glyph)}
    named = {k: [id(s) for s in over[k] if id(s) in leaves] for k in columns}
    shared = any(sum(w in named[k] for k in columns) > 1 for w in leaves)
    return shared or any(k in value_cols and not named[k] for k in columns)


def _span(cols: tuple[int, int]) -> tuple[int, int]:
    return cols[0], cols[1] + 1


def _band(bounds: Sequence[float], y: float) -> int:
    for k in range(len(bounds) - 1):
        if y < bounds[k + 1]:
            return k
    return len(bounds) - 2


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
