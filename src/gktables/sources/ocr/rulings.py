"""Rulings of a scanned page: line masks ─ rulings ─ table rulings ─ groups of rulings, one per table.

Broken or faint lines are joined along their direction (the joined gaps are kept on the
:class:`~gktables.geometry.Ruling`); strokes of text that look like lines are dropped. Tolerances
are in glyph heights.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ...geometry import Axis, Ruling
from ...layout import BBox
from .binarise import MIN_GLYPH_PX, component_boxes_and_areas

MIN_H_RULING = 2.0  # a horizontal ruling is at least this long (longer than any stroke of a character)
MIN_V_RULING = 1.3  # verticals may be short: a one-line row is under 2 glyphs tall
GAP_BRIDGE = 0.15  # gaps in a horizontal line closed before opening (more joins strokes of text)
SEGMENT_JOIN = 1.5  # collinear segments closer than this are one ruling (broken or faint lines)
SNAP = 0.25  # a ruling end this close to a perpendicular ruling meets it (ruled tables meet exactly)
LINE_MERGE = 0.5  # rulings this close (across) are one grid line
TEXT_CONTACT_OFFSET = 0.15  # glyphs beside a ruling where text strokes would cross it …
TEXT_CONTACT_SHARE = 0.25  # … on both sides along this share of its length


def binary_to_line_masks(binary: np.ndarray, glyph: float) -> tuple[np.ndarray, np.ndarray]:
    """Masks of horizontal and vertical ruling pixels, by morphological opening.

    Small gaps (a worn or dashed line) are closed first: up to GAP_BRIDGE glyphs along
    horizontals, a few pixels along verticals, where more would join the stacked characters of a
    vertical label into a line. Longer breaks are joined later, segment to segment.
    """
    g = max(glyph, MIN_GLYPH_PX)
    bridge = max(2, int(round(GAP_BRIDGE * g)))
    closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((1, bridge + 1), np.uint8))
    h_mask = cv2.morphologyEx(closed, cv2.MORPH_OPEN, np.ones((1, int(MIN_H_RULING * g)), np.uint8))
    v_closed = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8))
    v_mask = cv2.morphologyEx(v_closed, cv2.MORPH_OPEN, np.ones((int(MIN_V_RULING * g), 1), np.uint8))
    return h_mask, v_mask


def _mask_to_segments(mask: np.ndarray, axis: Axis) -> list[Ruling]:
    out = []
    for (x, y, w, h), area in component_boxes_and_areas(mask):
        if axis == "h":
            if w < 2 * h:
                continue
            out.append(Ruling("h", float(y + h / 2), float(x), float(x + w), float(max(1.0, area / w))))
        else:
            if h < 2 * w:
                continue
            out.append(Ruling("v", float(x + w / 2), float(y), float(y + h), float(max(1.0, area / h))))
    return out


def _join_collinear(segments: list[Ruling], glyph: float) -> list[Ruling]:
    """Join segments on one line whose gap is small (a broken or faint ruling)."""
    tol_across = max(2.0, 0.25 * glyph)
    gap = SEGMENT_JOIN * glyph
    out: list[Ruling] = []
    for seg in sorted(segments, key=lambda s: (s.pos, s.start)):
        for i, prev in enumerate(out):
            if abs(prev.pos - seg.pos) <= tol_across and seg.start <= prev.end + gap and seg.end >= prev.start - gap:
                weight = prev.length + seg.length
                # a break of more than a couple of pixels between them is a repair worth knowing
                joined = prev.gaps + seg.gaps + tuple(g for g in ((prev.end, seg.start), (seg.end, prev.start))
                                                      if g[1] - g[0] > 2)
                out[i] = Ruling(seg.axis, (prev.pos * prev.length + seg.pos * seg.length) / weight,
                                min(prev.start, seg.start), max(prev.end, seg.end),
                                max(prev.thickness, seg.thickness), joined)
                break
        else:
            out.append(seg)
    return out


def line_masks_to_rulings(h_mask: np.ndarray, v_mask: np.ndarray, glyph: float) -> list[Ruling]:
    """Ruling segments of both masks, broken pieces joined."""
    g = max(glyph, MIN_GLYPH_PX)
    hs = _join_collinear(_mask_to_segments(h_mask, "h"), g)
    vs = _join_collinear(_mask_to_segments(v_mask, "v"), g)
    # a second pass joins chains that became collinear neighbours only after the first
    return _join_collinear(hs, g) + _join_collinear(vs, g)


def _anchored_ends(rulings: list[Ruling], tol: float) -> np.ndarray:
    """For each ruling, how many of its two ends meet a perpendicular ruling (within tol)."""
    if not rulings:
        return np.zeros(0, int)
    pos = np.array([r.pos for r in rulings])
    start = np.array([r.start for r in rulings])
    end = np.array([r.end for r in rulings])
    horizontal = np.array([r.axis == "h" for r in rulings])
    # crosses[i, j]: ruling j runs across the line of ruling i (i's line at pos[i] lies within j's extent)
    crosses = (start[None, :] - tol <= pos[:, None]) & (pos[:, None] <= end[None, :] + tol)
    crosses &= horizontal[:, None] != horizontal[None, :]
    at_start = crosses & (np.abs(pos[None, :] - start[:, None]) <= tol)
    at_end = crosses & (np.abs(pos[None, :] - end[:, None]) <= tol)
    return at_start.any(axis=1).astype(int) + at_end.any(axis=1).astype(int)


def _touches(a: Ruling, b: Ruling, tol: float) -> bool:
    """Whether a horizontal and a vertical ruling meet (within tol)."""
    h, v = (a, b) if a.axis == "h" else (b, a)
    return h.start - tol <= v.pos <= h.end + tol and v.start - tol <= h.pos <= v.end + tol


def rulings_to_table_rulings(rulings: list[Ruling], glyph: float) -> list[Ruling]:
    """The rulings that belong to tables, not strokes of characters.

    A table ruling meets perpendicular rulings at both ends, or at one end when it is long (a
    broken line, a table cut by the page), or is very long by itself. A stroke of a large digit or
    heading character inside a cell stops short of the cell's rulings and is dropped. Dropping
    one ruling can leave another unanchored, so this runs until nothing changes.
    """
    g = max(glyph, MIN_GLYPH_PX)
    tol = max(3.0, SNAP * g)
    kept = list(rulings)
    for _ in range(4):
        ends = _anchored_ends(kept, tol)
        # a long horizontal alone may be a rule of a three-line table; a long vertical alone is
        # more likely the strokes of a vertical label joined up
        keep = [r for r, n in zip(kept, ends)
                if n == 2 or (n == 1 and r.length >= 3 * g) or (r.axis == "h" and r.length >= 8 * g)]
        # a table cut at both ends (a page break above and below) leaves some of its verticals
        # meeting nothing: they run exactly as far as the anchored ones beside them
        extents = {(r.axis, round(r.start / tol), round(r.end / tol)) for r in keep if r.length >= 3 * g}
        keep += [r for r in kept if r not in keep and r.length >= 3 * g and any(
            (r.axis, round(r.start / tol) + ds, round(r.end / tol) + de) in extents
            for ds in (-1, 0, 1) for de in (-1, 0, 1))]
        if len(keep) == len(kept):
            break
        kept = keep
    return kept


def drop_text_strokes(rulings: list[Ruling], binary: np.ndarray, h_mask: np.ndarray, v_mask: np.ndarray,
                      glyph: float) -> list[Ruling]:
    """Drop 'rulings' that are strokes of characters joined up (bold text filling a narrow cell).

    Along a ruling the paper just above and below is white except where a perpendicular ruling
    or a touching character meets it; along a stroke of text the other strokes of its characters
    cross it all the time.
    """
    g = max(glyph, MIN_GLYPH_PX)
    # along a ruling, on the paper just beside it, ink that is not a perpendicular ruling
    beside = {"h": binary & ~v_mask, "v": (binary & ~h_mask).T}
    out = []
    for r in rulings:
        off = int(round(r.thickness / 2 + max(2.0, TEXT_CONTACT_OFFSET * g)))
        p, a, b = int(round(r.pos)), int(r.start), int(r.end)
        above = beside[r.axis][max(0, p - off - 1):max(0, p - off + 1), a:b]
        below = beside[r.axis][p + off - 1:p + off + 1, a:b]
        if above.size and below.size:
            up, down = above.any(axis=0), below.any(axis=0)
            both, either = float(np.mean(up & down)), float(np.mean(up | down))
            # ink on both sides along much of its length, or on one side along most of it and on
            # both along some: a stroke inside text (a ruling has white paper beside it)
            if both > TEXT_CONTACT_SHARE or (either > 0.45 and both > 0.1):
                continue
        out.append(r)
    return out


def rulings_to_tables(rulings: list[Ruling], glyph: float) -> list[list[Ruling]]:
    """Group table rulings into tables: connected sets of crossing rulings, 2+ of each axis.

    Horizontal-only tables (three-line tables) form a group of 3+ stacked horizontals of similar
    extent with nothing crossing them; so does a table ruled only across, every row (its columns
    come from the text, block by block: :func:`grid.hrules_to_grids`). Expects rulings already
    filtered (rulings_to_table_rulings).
    """
    g = max(glyph, MIN_GLYPH_PX)
    tables = []
    loose_h = []
    for members in _connected_rulings(rulings, g):
        hs = [r for r in members if r.axis == "h"]
        vs = [r for r in members if r.axis == "v"]
        if len(hs) >= 2 and len(vs) >= 2 or (len(hs) >= 1 and len(vs) >= 3) or (len(vs) >= 1 and len(hs) >= 3):
            tables.append(members)
        elif not vs and len(hs) == 1:
            loose_h.append(hs[0])
        elif not vs and _ruled_only_across(hs, g):
            tables.append(members)
    tables.extend(_stacked_horizontals(loose_h, g))
    _absorb_inner_rules(tables, _connected_rulings(rulings, g), g)
    tables.sort(key=lambda t: min(r.pos if r.axis == "h" else r.start for r in t))
    return tables


def _connected_rulings(rulings: list[Ruling], g: float) -> list[list[Ruling]]:
    """Rulings grouped by touching (crossing or meeting); a ruling meeting nothing joins a parallel
    neighbour of the same extent (the columns of a table cut by page breaks above and below, the
    rules of a table ruled only across)."""
    tol = max(3.0, SNAP * g)
    n = len(rulings)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    touching = np.zeros(n, bool)
    for i in range(n):
        for j in range(i + 1, n):
            if rulings[i].axis != rulings[j].axis and _touches(rulings[i], rulings[j], tol):
                parent[find(i)] = find(j)
                touching[i] = touching[j] = True
    for i in range(n):
        if touching[i]:
            continue
        a = rulings[i]
        for j in range(n):
            b = rulings[j]
            if j != i and a.axis == b.axis and _same_extent(a, b, tol) \
                    and abs(a.pos - b.pos) <= 12 * g and min(a.length, b.length) >= 3 * g:
                parent[find(i)] = find(j)
    groups: dict[int, list[Ruling]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(rulings[i])
    return list(groups.values())


def _ruled_only_across(hs: list[Ruling], glyph: float) -> bool:
    """Whether parallels joined by their common extent are a table ruled only across: 3+ long
    rules running the group's whole width (row rules of a table, or a block's caption and header
    rows that end a page, its rows on the next; a pair of rules around a heading is fewer)."""
    x0, x1 = min(h.start for h in hs), max(h.end for h in hs)
    full = [h for h in hs if h.length >= 8 * glyph and h.start - x0 <= 2 * glyph and x1 - h.end <= 2 * glyph]
    return len(hs) >= 3 and len(full) >= 3


def _absorb_inner_rules(tables: list[list[Ruling]], groups: list[list[Ruling]], g: float) -> None:
    """A table ruled only across takes the shorter rules inside it (the rule under 法人或其他组织
    runs over its own columns only), which were grouped apart for their other extent."""
    tol = max(3.0, SNAP * g)
    for table in tables:
        if any(r.axis == "v" for r in table):
            continue
        x0, x1 = min(r.start for r in table), max(r.end for r in table)
        top, bottom = min(r.pos for r in table), max(r.pos for r in table)
        for grp in groups:
            if grp is table or any(r.axis == "v" or r in table for r in grp):
                continue
            # (a rule less than a line of text from the table's own is an underline, no row rule)
            if all(x0 - tol <= r.start and r.end <= x1 + tol and top < r.pos < bottom
                   and min(abs(r.pos - t.pos) for t in table) >= g for r in grp):
                table.extend(grp)


def _same_extent(a: Ruling, b: Ruling, tol: float) -> bool:
    """Parallels of one table: the same extent, or horizontals ending at the same right edge (the
    row rules of a table ruled only across start under their labels' indent)."""
    same_end = abs(a.end - b.end) <= tol
    return same_end and (a.axis == "h" or abs(a.start - b.start) <= tol)


def _stacked_horizontals(hs: list[Ruling], glyph: float) -> list[list[Ruling]]:
    """Groups of 3+ long horizontals of about the same extent, each within a few lines of the next."""
    long = sorted((h for h in hs if h.length >= 8 * glyph), key=lambda r: r.pos)
    groups: list[list[Ruling]] = []
    for h in long:
        last = groups[-1][-1] if groups else None
        if last and h.pos - last.pos < 12 * glyph and abs(h.start - last.start) < 2 * glyph \
                and abs(h.end - last.end) < 2 * glyph:
            groups[-1].append(h)
        else:
            groups.append([h])
    return [grp for grp in groups if len(grp) >= 3]


def coverage(mask: np.ndarray, axis: Axis, pos: float, start: float, end: float, tol: float) -> float:
    """Share of the span [start, end] along a line at pos where the mask has ink within ±tol."""
    a, b = int(round(start)), int(round(end))
    lo, hi = int(math.floor(pos - tol)), int(math.ceil(pos + tol)) + 1
    if b <= a:
        return 0.0
    if axis == "h":
        band = mask[max(0, lo):max(0, hi), max(0, a):max(0, b)]
        hit = band.any(axis=0) if band.size else np.zeros(0, bool)
    else:
        band = mask[max(0, a):max(0, b), max(0, lo):max(0, hi)]
        hit = band.any(axis=1) if band.size else np.zeros(0, bool)
    return float(np.count_nonzero(hit)) / max(1, b - a)


def clip_rulings(rulings: list[Ruling], boxes: list[BBox], glyph: float) -> list[Ruling]:
    """The parts of rulings that lie within the given table boxes (plus a line's width)."""
    m = max(3.0, 0.3 * max(glyph, MIN_GLYPH_PX))
    out = []
    for r in rulings:
        for b in boxes:
            lo, hi = (b.x0, b.x1) if r.axis == "h" else (b.top, b.bottom)
            across_lo, across_hi = (b.top, b.bottom) if r.axis == "h" else (b.x0, b.x1)
            if not across_lo - m <= r.pos <= across_hi + m:
                continue
            start, end = max(r.start, lo - m), min(r.end, hi + m)
            if end > start:
                out.append(r if (start, end) == (r.start, r.end)
                           else Ruling(r.axis, r.pos, start, end, r.thickness, r.gaps))
                break
    return out


def rulings_to_mask(rulings: list[Ruling], shape: tuple[int, ...], glyph: float) -> np.ndarray:
    """A mask of the bands the given rulings run in (their thickness plus a small margin)."""
    mask = np.zeros(shape[:2], np.uint8)
    margin = max(2.0, 0.15 * max(glyph, MIN_GLYPH_PX))
    for r in rulings:
        half = r.thickness / 2 + margin
        if r.axis == "h":
            p0, p1 = (int(r.start - margin), int(r.pos - half)), (int(r.end + margin), int(math.ceil(r.pos + half)))
        else:
            p0, p1 = (int(r.pos - half), int(r.start - margin)), (int(math.ceil(r.pos + half)), int(r.end + margin))
        cv2.rectangle(mask, p0, p1, 255, thickness=-1)
    return mask


def binary_to_text(binary: np.ndarray, h_mask: np.ndarray, v_mask: np.ndarray, rulings: list[Ruling],
                   glyph: float) -> np.ndarray:
    """The binary image without the pixels of table rulings; strokes of text stay, even long ones."""
    lines = cv2.dilate(cv2.bitwise_or(h_mask, v_mask), np.ones((3, 3), np.uint8))
    lines = cv2.bitwise_and(lines, rulings_to_mask(rulings, binary.shape, glyph))
    return cv2.subtract(binary, lines)
