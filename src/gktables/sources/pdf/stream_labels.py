"""Row-label columns of a stream table: labels of several levels (三、本年度办理结果 / （三）不予公开 /
1.属于国家秘密) left of the values, found from where labels start, and the label cells that span
rows (a tall group label beside its sub-labels, vertical text in a narrow column).

Body cells are records ``[row, first col, last col, rowspan, segments]``; ``owner`` maps each
(row, col) slot to the record holding it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .objects import Char
from .stream_lines import Segment, segment_of


def with_label_columns(bands: list[tuple[float, float]], first_number: int, segments: Sequence[Segment],
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


def label_columns_of(seg: Segment, label_bands: Sequence[tuple[float, float]], glyph: float) -> tuple[int, int]:
    c0 = max((k for k, (a, _) in enumerate(label_bands) if a <= seg.x0 + 0.5 * glyph), default=0)
    c1 = max((k for k, (a, _) in enumerate(label_bands) if a < seg.x1 - 0.5 * glyph), default=c0)
    return c0, max(c0, c1)


def merge_vertical_labels(records: list[list], owner: dict, bands, n_label: int, n_rows: int,
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
    return [segment_of(p) for p in parts] if len(parts) > 1 else [seg]


def merge_group_labels(records: list[list], owner: dict, bands, n_label: int, row_centres: Sequence[float],
                       glyph: float) -> list[list]:
    """A tall group label (（三）不予公开 over eight sub-rows) wrapped over the lines of one or two
    of its rows → one cell over the rows where its column is otherwise empty and the next label
    column holds the sub-labels. The text is centred in its cell: the cell grows from the row (or
    the two rows) at the text's centre, one row up and one down at a time, group after group from
    the top, then by one row more on the one side still free (an odd count of rows under an even
    count of text lines)."""
    for c in range(n_label - 1):
        if bands[c][1] - bands[c][0] > 2.5 * glyph:  # narrower: vertical text (merge_vertical_labels)
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
