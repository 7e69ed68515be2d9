"""Page analysis of scanned reports: small pure OpenCV transforms from a page image to table grids.

The chain, each stage named for what goes in and what comes out::

    gray ─ gray_to_binary ─ binary_to_glyph_height ─ binary_to_quarter_turn ─ binary_to_skew
         ─ binary_to_line_masks ─ line_masks_to_rulings ─ rulings_to_tables ─ table_to_grid

Every tolerance is a multiple of the median glyph height measured once per page, never a fixed
pixel count, so the same code works at 150, 200 or 300 dpi. All images are numpy arrays; a binary
image holds ink as 255 on 0. Nothing here runs OCR (see ``engines``) or knows about the
report's labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import cv2
import numpy as np

from ...geometry import Axis, Ruling, cluster_positions
from ...layout import BBox
from ..grid_spans import CellBox


# Tolerances, in glyph heights unless said otherwise.
MIN_H_RULING = 2.0  # a horizontal ruling is at least this long (longer than any stroke of a character)
MIN_V_RULING = 1.3  # verticals may be short: a one-line row is under 2 glyphs tall
GAP_BRIDGE = 0.15  # gaps in a horizontal line closed before opening (more joins strokes of text)
SEGMENT_JOIN = 1.5  # collinear segments closer than this are one ruling (broken or faint lines)
SNAP = 0.25  # a ruling end this close to a perpendicular ruling meets it (ruled tables meet exactly)
LINE_MERGE = 0.5  # rulings this close (across) are one grid line
TEXT_CONTACT_OFFSET = 0.15  # glyphs beside a ruling where text strokes would cross it …
TEXT_CONTACT_SHARE = 0.25  # … on both sides along this share of its length
SEPARATOR_COVER = 0.5  # a slot boundary is a separator where at least this share of it is ruled
MIN_GLYPH_PX = 6.0  # below this the page holds no legible text at all
SKEW_STRIPS = 48  # vertical strips whose row profiles are shifted to measure a skew


@dataclass
class TableGrid:
    """One table found on a page, with the intermediates that produced it."""

    bbox: BBox
    row_lines: list[float]  # y of each row boundary, n_rows + 1 of them
    col_lines: list[float]  # x of each column boundary, n_cols + 1 of them
    cells: list[CellBox]
    rulings: list[Ruling]
    inferred: list[str] = field(default_factory=list)  # boundaries not printed, e.g. "top edge", "col 3 (text gap)"
    repaired: set[tuple[str, int, int]] = field(default_factory=set)  # separators that exist only by a joined gap

    def cell_beside_repair(self, box: CellBox) -> bool:
        """Whether one of box's separators exists only because a broken ruling was joined."""
        r0, r1, c0, c1 = box.row, box.row + box.rowspan, box.col, box.col + box.colspan
        edges = {("v", r, c) for r in range(r0, r1) for c in (c0, c1)}
        edges |= {("h", r, c) for r in (r0, r1) for c in range(c0, c1)}
        return bool(edges & self.repaired)

    @property
    def n_rows(self) -> int:
        return len(self.row_lines) - 1

    @property
    def n_cols(self) -> int:
        return len(self.col_lines) - 1


# --------------------------------------------------------------------------------------------
# binarisation and glyph size


def gray_to_binary(gray: np.ndarray, glyph: float | None = None) -> np.ndarray:
    """Ink as 255, robust to uneven lighting and tinted cell fills.

    The background is estimated by a grey closing larger than any glyph (three glyphs, or a
    25th of the page without a glyph size) and divided out, then Otsu splits ink from paper.
    """
    k = int(max(15, 3 * glyph if glyph else min(gray.shape[:2]) / 25)) | 1
    small = max(1, int(k // 15))  # estimate the background on a reduced image: same result, faster
    reduced = cv2.resize(gray, (max(1, gray.shape[1] // small), max(1, gray.shape[0] // small)),
                         interpolation=cv2.INTER_AREA)
    kern = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, k // small) | 1,) * 2)
    background = cv2.morphologyEx(reduced, cv2.MORPH_CLOSE, kern)
    background = cv2.resize(background, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    norm = cv2.divide(gray, np.maximum(background, 1), scale=255)
    _, binary = cv2.threshold(norm, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if np.count_nonzero(binary) > 0.5 * binary.size:  # Otsu split a blank page's noise: no ink
        binary[:] = 0
    if float(norm.min()) > 200:  # nothing darker than faint paper texture
        binary[:] = 0
    return binary


def gray_to_binary_adaptive(gray: np.ndarray, glyph: float | None = None) -> np.ndarray:
    """A second, independent binarisation (local Gaussian mean); used for alternative readings."""
    block = int(max(15, 2 * glyph if glyph else min(gray.shape) / 40)) | 1
    smooth = cv2.medianBlur(gray, 3)  # salt-and-pepper noise would otherwise pass the local threshold
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, block, 15)


def binary_to_glyph_size(binary: np.ndarray) -> tuple[float, float]:
    """Typical (height, width) of a character in pixels: 70th percentiles over glyph-sized components.

    Chinese characters break into several components (亻 + 言), whose sizes pull the median down;
    the 70th percentile sits close to a whole character. (0, 0) when the page holds no text.
    """
    n, _, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
    if n <= 1:
        return 0.0, 0.0
    h = stats[1:, cv2.CC_STAT_HEIGHT]
    w = stats[1:, cv2.CC_STAT_WIDTH]
    keep = (h >= 2) & (w >= 2) & (h < binary.shape[0] / 8) & (w < binary.shape[1] / 8) & (w < 6 * h) & (h < 6 * w)
    keep &= np.maximum(h, w) >= 4
    if np.count_nonzero(keep) < 5:
        return 0.0, 0.0
    return float(np.percentile(h[keep], 70)), float(np.percentile(w[keep], 70))


def binary_to_glyph_height(binary: np.ndarray) -> float:
    """The typical height of a character in pixels (see binary_to_glyph_size); 0 for no text."""
    return binary_to_glyph_size(binary)[0]


# --------------------------------------------------------------------------------------------
# orientation and skew


def binary_to_quarter_turn(binary: np.ndarray, glyph: float) -> tuple[bool, float]:
    """Whether text runs vertically (page turned by 90°), and how sure (ratio of the two scores).

    Smearing ink along the writing direction joins each text line into one blob, smearing across
    it leaves characters apart; the direction that leaves fewer blobs is the writing direction.
    Ruling lines are removed first, and a single vertical label column barely counts.
    """
    if glyph <= 0:
        return False, 1.0
    glyph = max(binary_to_glyph_size(binary))  # the same unit whichever way the page lies
    scale = min(1.0, 12.0 / glyph)  # work at ~12 px per glyph: fast, same answer
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else binary
    small = (small > 64).astype(np.uint8) * 255
    g = glyph * scale
    masks = binary_to_line_masks(small, g)
    text = cv2.subtract(small, cv2.bitwise_or(*masks))
    k = max(2, int(round(0.45 * g)))
    n_h = cv2.connectedComponents(cv2.dilate(text, np.ones((1, k), np.uint8)), connectivity=8)[0] - 1
    n_v = cv2.connectedComponents(cv2.dilate(text, np.ones((k, 1), np.uint8)), connectivity=8)[0] - 1
    if n_h <= 0 or n_v <= 0:
        return False, 1.0
    return n_v < n_h, max(n_h, n_v) / min(n_h, n_v)


def rotate_quarter(image: np.ndarray, turns_cw: int) -> np.ndarray:
    """Rotate by a multiple of 90° clockwise (exact, no resampling)."""
    turns_cw %= 4
    if turns_cw == 0:
        return image
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(image, codes[turns_cw])


def binary_to_skew(binary: np.ndarray, glyph: float, max_angle: float = 5.0) -> float:
    """The page's skew in degrees (counter-clockwise positive), within ±max_angle.

    Maximises the variance of the row profile: text lines and horizontal rulings line up with
    pixel rows only when the page is straight. Coarse 0.5° search, then 0.05° refinement, on a
    reduced image. For these small angles a rotation is a shear: the image is cut into narrow
    vertical strips whose row profiles are computed once and, per angle, shifted by their
    centre's offset and summed (no image is warped per angle).
    """
    if glyph <= 0 or not binary.any():
        return 0.0
    scale = min(1.0, 1200.0 / max(binary.shape))
    small = cv2.resize(binary, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else binary
    h, w = small.shape
    n_strips = max(1, min(SKEW_STRIPS, w // 8))
    edges = np.linspace(0, w, n_strips + 1).astype(int)
    profiles = [small[:, a:b].sum(axis=1, dtype=np.float64) for a, b in zip(edges, edges[1:])]
    centres = (edges[:-1] + edges[1:]) / 2 - w / 2
    rows = np.arange(h, dtype=np.float64)

    def score(angle: float) -> float:
        # counter-clockwise rotation by angle moves a point at x (right of centre) up by x·tan(angle)
        t = math.tan(math.radians(angle))
        profile = np.zeros(h)
        for c, prof in zip(centres, profiles):
            profile += np.interp(rows + c * t, rows, prof, left=0.0, right=0.0)
        return float(np.var(profile))

    coarse = np.arange(-max_angle, max_angle + 1e-9, 0.5)
    best = max(coarse, key=score)
    fine = np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05)
    best = max(fine, key=score)
    return float(round(best, 2)) if abs(best) >= 0.1 else 0.0


def binary_to_bands(binary: np.ndarray, glyph: float, min_gap: float = 2.5) -> list[tuple[int, int]]:
    """Horizontal bands of content separated by blank gaps of at least min_gap glyphs.

    A long image that stacks several scanned pages has a different skew on each; each band is
    straightened on its own. Rows with a few specks of noise still count as blank.
    """
    g = max(glyph, MIN_GLYPH_PX)
    inked = np.count_nonzero(binary, axis=1) > max(2, 0.002 * binary.shape[1])
    gaps = [(a, b) for a, b in _runs(~inked) if b - a >= min_gap * g]
    cuts = [0] + [(a + b) // 2 for a, b in gaps if 0 < a and b < binary.shape[0]] + [binary.shape[0]]
    bands = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    # a band too small to measure a skew joins its neighbour
    merged: list[list[int]] = []
    for a, b in bands:
        if merged and (b - a < 6 * g or merged[-1][1] - merged[-1][0] < 6 * g):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def rotate_by(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    """Rotate by a small angle (degrees, counter-clockwise) about the centre, keeping the size."""
    if angle == 0:
        return image
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT,
                          borderValue=fill)


# --------------------------------------------------------------------------------------------
# ruling lines


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
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for x, y, w, h, area in stats[1:]:
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
    extent with nothing crossing them. Expects rulings already filtered (rulings_to_table_rulings).
    """
    g = max(glyph, MIN_GLYPH_PX)
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
    for i in range(n):  # a ruling meeting nothing joins a parallel neighbour of the same extent
        if touching[i]:  # (the columns of a table cut by page breaks above and below)
            continue
        a = rulings[i]
        for j in range(n):
            b = rulings[j]
            if j != i and a.axis == b.axis and abs(a.start - b.start) <= tol and abs(a.end - b.end) <= tol \
                    and abs(a.pos - b.pos) <= 12 * g and min(a.length, b.length) >= 3 * g:
                parent[find(i)] = find(j)
    groups: dict[int, list[Ruling]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(rulings[i])
    tables = []
    loose_h = []
    for members in groups.values():
        hs = [r for r in members if r.axis == "h"]
        vs = [r for r in members if r.axis == "v"]
        if len(hs) >= 2 and len(vs) >= 2 or (len(hs) >= 1 and len(vs) >= 3) or (len(vs) >= 1 and len(hs) >= 3):
            tables.append(members)
        elif not vs and len(hs) == 1:
            loose_h.append(hs[0])
    tables.extend(_stacked_horizontals(loose_h, g))
    tables.sort(key=lambda t: min(r.pos if r.axis == "h" else r.start for r in t))
    return tables


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


def _coverage(mask: np.ndarray, axis: Axis, pos: float, start: float, end: float, tol: float) -> float:
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


def table_to_grid(table: list[Ruling], text: np.ndarray, glyph: float) -> TableGrid | None:
    """Row and column boundaries of one table, and its cells with spans.

    Boundaries are the clustered positions of its rulings; an outer edge that is not printed (a
    table cut by a page break, a missing border) becomes an inferred boundary at the rulings'
    extent. With no verticals, column boundaries come from gaps in the text. A boundary between two
    slots is a separator where it is ruled for at least half its length, or, for inferred
    boundaries, where no text crosses it; slots without a separator merge into one spanning cell.
    """
    g = max(glyph, MIN_GLYPH_PX)
    hs = [r for r in table if r.axis == "h"]
    vs = [r for r in table if r.axis == "v"]
    x0 = min([r.start for r in hs] + [r.pos for r in vs])
    x1 = max([r.end for r in hs] + [r.pos for r in vs])
    tol = LINE_MERGE * g
    # a boundary must run for a fair part of the table, or it is a stroke inside a cell
    long_hs = [r for r in hs if r.length >= min(4 * g, 0.2 * (x1 - x0))]
    rows = cluster_positions([r.pos for r in long_hs], tol, [r.length for r in long_hs])
    cols = cluster_positions([r.pos for r in vs], tol, [r.length for r in vs])
    inferred: list[str] = []
    edge = 1.0 * g
    top = _unprinted_edge([r.start for r in vs], rows[0] if rows else None, -1, edge)
    bottom = _unprinted_edge([r.end for r in vs], rows[-1] if rows else None, +1, edge)
    left = _unprinted_edge([r.start for r in hs], cols[0] if cols else None, -1, edge)
    right = _unprinted_edge([r.end for r in hs], cols[-1] if cols else None, +1, edge)
    if top is not None:
        rows.insert(0, top)
        inferred.append("top edge")
    if bottom is not None:
        rows.append(bottom)
        inferred.append("bottom edge")
    if left is not None:
        cols.insert(0, left)
        inferred.append("left edge")
    if right is not None:
        cols.append(right)
        inferred.append("right edge")
    if not rows or not cols:
        return None
    text_cols: set[int] = set()
    if len(cols) <= 2:  # horizontals only: columns from the gaps in the text
        gaps = _text_gaps_to_cols(text, rows, cols[0], cols[-1], g)
        if gaps:
            text_cols = set(range(1, len(gaps) + 1))
            cols = [cols[0]] + gaps + [cols[-1]]
            inferred.append(f"{len(gaps)} column(s) from text gaps")
    if len(rows) < 2 or len(cols) < 2:
        return None
    rows, cols = [float(y) for y in rows], [float(x) for x in cols]
    n_r, n_c = len(rows) - 1, len(cols) - 1
    if n_r * n_c == 1 and not _has_ink(text, rows[0], rows[1], cols[0], cols[1]):
        return None  # an empty box (a frame, a signature line pair)
    if rows[-1] - rows[0] < 1.5 * g or cols[-1] - cols[0] < 3 * g or float(np.median(np.diff(rows))) < 0.9 * g:
        return None  # too small to hold text: strokes of a bold heading, an underline
    line_tol = max(2.0, 0.3 * g)

    repaired: set[tuple[str, int, int]] = set()

    def ruled(axis: Axis, r: int, c: int, rulings: list[Ruling], pos: float, start: float, end: float) -> bool:
        share = _ruled_share(rulings, pos, start, end, line_tol)
        joined = _joined_share(rulings, pos, start, end, line_tol)
        if share >= SEPARATOR_COVER > share - joined:
            repaired.add((axis, r, c))
        return share >= SEPARATOR_COVER

    def v_sep(r: int, c: int) -> bool:  # boundary left of col c, in row r
        if c in text_cols:
            return not _ink_crosses(text, "v", cols[c], rows[r], rows[r + 1], g)
        return ruled("v", r, c, vs, cols[c], rows[r], rows[r + 1])

    def h_sep(r: int, c: int) -> bool:  # boundary above row r, in col c
        return ruled("h", r, c, hs, rows[r], cols[c], cols[c + 1])

    taken = [[False] * n_c for _ in range(n_r)]
    cells: list[CellBox] = []
    for r in range(n_r):
        for c in range(n_c):
            if taken[r][c]:
                continue
            cs = 1
            while c + cs < n_c and not taken[r][c + cs] and not v_sep(r, c + cs):
                cs += 1
            rs = 1
            while r + rs < n_r and all(not taken[r + rs][k] and not h_sep(r + rs, k) for k in range(c, c + cs)):
                rs += 1
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    taken[rr][cc] = True
            cells.append(CellBox(r, c, rs, cs, BBox(cols[c], rows[r], cols[c + cs], rows[r + rs])))
    return TableGrid(BBox(cols[0], rows[0], cols[-1], rows[-1]), rows, cols, cells, table, inferred, repaired)


def _unprinted_edge(ends: list[float], outer: float | None, direction: int, edge: float) -> float | None:
    """Where a table edge that is not printed lies: rulings run past the outermost boundary.

    A table cut by a page break has all its verticals run past its last horizontal; one stroke
    of a heading below the table that happens to line up with a vertical is not enough. Returns
    None when the outermost printed boundary is the edge.
    """
    if not ends:
        return None
    if outer is None:
        return min(ends) if direction < 0 else max(ends)
    past = [e for e in ends if (outer - e if direction < 0 else e - outer) > edge]
    if len(past) < 2 or len(past) < 0.3 * len(ends):
        return None
    return float(np.median(past))


def _ruled_share(rulings: list[Ruling], pos: float, start: float, end: float, tol: float) -> float:
    """Share of the span [start, end] on the line at pos that rulings (within ±tol) cover."""
    pieces = sorted((max(start, r.start), min(end, r.end)) for r in rulings
                    if abs(r.pos - pos) <= tol and r.end > start and r.start < end)
    covered, reach = 0.0, start
    for a, b in pieces:
        if b > reach:
            covered += b - max(a, reach)
            reach = b
    return covered / max(1e-6, end - start)


def _joined_share(rulings: list[Ruling], pos: float, start: float, end: float, tol: float) -> float:
    """Share of the span [start, end] on the line at pos that only joined gaps of rulings cover."""
    covered = sum(max(0.0, min(end, b) - max(start, a)) for r in rulings if abs(r.pos - pos) <= tol
                  for a, b in r.gaps)
    return covered / max(1e-6, end - start)


def _has_ink(text: np.ndarray, top: float, bottom: float, left: float, right: float) -> bool:
    region = text[int(top):int(bottom), int(left):int(right)]
    return bool(region.size and np.count_nonzero(region) > 10)


def _ink_crosses(text: np.ndarray, axis: Axis, pos: float, start: float, end: float, glyph: float) -> bool:
    """Whether text ink lies on an (unprinted) boundary, i.e. one text run spans it."""
    return _coverage(text, axis, pos, start, end, 0.0) > 0.0


def _text_gaps_to_cols(text: np.ndarray, rows: list[float], x0: float, x1: float, glyph: float) -> list[float]:
    """Column boundaries of a table without verticals: x ranges free of ink in most rows."""
    region = text[int(rows[0]):int(rows[-1]), int(x0):int(x1)]
    if not region.size:
        return []
    n_rows = len(rows) - 1
    inked = np.zeros(region.shape[1], np.int32)
    for r in range(n_rows):
        band = text[int(rows[r]):int(rows[r + 1]), int(x0):int(x1)]
        if band.any():
            inked += band.any(axis=0)
    limit = max(1, n_rows // 5)  # a header spanning several columns may cross a gap
    free = inked <= limit - 1 if n_rows >= 5 else inked == 0
    gaps = []
    start = None
    for x, f in enumerate(np.append(free, False)):
        if f and start is None:
            start = x
        elif not f and start is not None:
            if x - start >= 0.8 * glyph and start > 0 and x < len(free):
                gaps.append(x0 + (start + x) / 2)
            start = None
    return gaps


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


def erase_pen_strokes(text: np.ndarray, cells: list[BBox], glyph: float, inset: float) -> list[int]:
    """Erase from ``text`` (in place) the hand-drawn strokes in cells; the indices of cells that held one.

    Print keeps a margin inside its cell; a circle drawn round a number, or a tick over it, runs
    into the cell's border. Ink that touches the border of a cell's inner area and is longer than
    a character (1.3 glyphs) is such a stroke.
    """
    g = max(glyph, MIN_GLYPH_PX)
    marked = []
    for i, b in enumerate(cells):
        x0, y0 = int(math.ceil(b.x0 + inset)), int(math.ceil(b.top + inset))
        x1, y1 = int(b.x1 - inset), int(b.bottom - inset)
        if x1 - x0 < 3 or y1 - y0 < 3:
            continue
        region = text[y0:y1, x0:x1]
        if not (region[0].any() or region[-1].any() or region[:, 0].any() or region[:, -1].any()):
            continue  # nothing reaches the border: print only
        n, labels, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
        h, w = region.shape
        strokes = [k for k in range(1, n) if max(stats[k, cv2.CC_STAT_WIDTH], stats[k, cv2.CC_STAT_HEIGHT]) >= 1.3 * g
                   and (stats[k, 0] == 0 or stats[k, 1] == 0 or stats[k, 0] + stats[k, 2] == w
                        or stats[k, 1] + stats[k, 3] == h)]
        if strokes:
            region[np.isin(labels, strokes)] = 0
            marked.append(i)
    return marked


def stroke_crossings(text: np.ndarray, rulings: list[Ruling], glyph: float) -> list[tuple[float, float]]:
    """Points (x, y) where ink runs across a table ruling: a pen stroke, not print.

    Printed text keeps inside its cell; a hand-drawn tick or circle crosses the rulings. With the
    rulings removed from ``text``, a crossing leaves ink just beside the ruling on both sides at
    the same place.
    """
    g = max(glyph, MIN_GLYPH_PX)
    out = []
    image = {"h": text, "v": text.T}
    for r in rulings:
        near = int(round(r.thickness / 2 + max(2.0, 0.15 * g))) + 3  # just past the band blanked with the ruling
        p, a, b = int(round(r.pos)), max(0, int(r.start)), int(r.end)
        img = image[r.axis]
        if p - near - 2 < 0 or p + near + 2 > img.shape[0]:
            continue
        before = np.any(img[p - near - 2:p - near + 1, a:b], axis=0).astype(np.uint8)
        after = np.any(img[p + near - 1:p + near + 2, a:b], axis=0).astype(np.uint8)
        # a stroke crossing at a shallow angle leaves the ruling's band some way along from where it entered
        reach = np.ones(max(3, int(0.5 * g)), np.uint8)
        grown_before: np.ndarray = cv2.dilate(np.atleast_2d(before), reach[None, :])
        grown_after: np.ndarray = cv2.dilate(np.atleast_2d(after), reach[None, :])
        for start, end in _runs((grown_before[0] & grown_after[0]).astype(bool)):
            if end - start < 1.5 * g:  # a pen line is thin where it crosses; a run of text along a line is not
                at = a + (start + end) / 2
                out.append((at, float(p)) if r.axis == "h" else (float(p), at))
    return out


# --------------------------------------------------------------------------------------------
# cells and lines of text


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) runs of True."""
    padded = np.concatenate(([False], flags.astype(bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]


def cell_to_ink_box(text: np.ndarray, bbox: BBox, glyph: float, inset: float) -> BBox | None:
    """The box of the ink inside a cell (rulings already removed), or None for an empty cell.

    Specks smaller than a tenth of a glyph in both directions are not ink, so a dirty scan does
    not turn an empty cell into a reading; nor is a dot of dirt a glyph away from the cell's
    characters (it would be read as a decimal point: '.0').
    """
    x0, y0 = int(math.ceil(bbox.x0 + inset)), int(math.ceil(bbox.top + inset))
    x1, y1 = int(bbox.x1 - inset), int(bbox.bottom - inset)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    region = text[y0:y1, x0:x1]
    if not region.any():
        return None
    speck = max(2, int(0.1 * glyph))
    n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    keep = [s for s in stats[1:] if s[cv2.CC_STAT_WIDTH] >= speck or s[cv2.CC_STAT_HEIGHT] >= speck]
    if not keep or sum(int(s[cv2.CC_STAT_AREA]) for s in keep) < max(6, 0.02 * glyph * glyph):
        return None
    keep = _drop_stray_dots(keep, glyph)
    left = min(s[0] for s in keep)
    top = min(s[1] for s in keep)
    right = max(s[0] + s[2] for s in keep)
    bottom = max(s[1] + s[3] for s in keep)
    return BBox(float(x0 + left), float(y0 + top), float(x0 + right), float(y0 + bottom))


def _drop_stray_dots(components: list[np.ndarray], glyph: float) -> list[np.ndarray]:
    """Components (x, y, w, h, area) without the dots lying a glyph or more from any larger ink.

    A decimal point, a comma or the dots of a character sit next to larger ink and stay; a cell
    holding nothing but dots keeps them all (it is not empty, its reading decides).
    """
    dot = 0.25 * glyph
    small = [bool(c[2] < dot and c[3] < dot) for c in components]
    large = [c for c, is_small in zip(components, small) if not is_small]
    if not large:
        return components

    def gap(a: np.ndarray, b: np.ndarray) -> int:
        return max(0, a[0] - (b[0] + b[2]), b[0] - (a[0] + a[2]), a[1] - (b[1] + b[3]), b[1] - (a[1] + a[3]))

    return [c for c, is_small in zip(components, small) if not is_small or min(gap(c, b) for b in large) < glyph]


def crop_to_line_spans(crop: np.ndarray, ink_below: int = 128) -> list[tuple[int, int]]:
    """Rows [top, bottom) of each text line in a grey crop (dark ink), split at blank rows."""
    inked = np.asarray((crop < ink_below).any(axis=1))  # the stubs allow a scalar; a 2-D crop gives rows
    runs = _runs(inked)
    if not runs:
        return []
    heights = sorted(b - a for a, b in runs)
    tall = heights[len(heights) // 2]
    merged: list[list[int]] = []
    for a, b in runs:  # a run much thinner than a line (a dot, the bar of 二) joins its neighbour
        thin = b - a < 0.4 * tall or merged[-1][1] - merged[-1][0] < 0.4 * tall if merged else False
        if merged and thin and a - merged[-1][1] < 0.3 * tall:
            merged[-1][1] = b
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def vertical_crop_to_row(crop: np.ndarray, ink_below: int = 128) -> np.ndarray:
    """Cut a vertical label into characters and lay them out left to right as one line."""
    inked = np.asarray((crop < ink_below).any(axis=1))  # the stubs allow a scalar; a 2-D crop gives rows
    runs = _runs(inked)
    if len(runs) <= 1:
        return crop
    width = crop.shape[1]
    chars = [crop[a:b] for a, b in runs]
    height = max(c.shape[0] for c in chars)
    gap = max(2, width // 8)
    row = np.full((height, sum(width + gap for _ in chars)), 255, np.uint8)
    x = 0
    for c in chars:
        top = (height - c.shape[0]) // 2
        row[top:top + c.shape[0], x:x + width] = c
        x += width + gap
    return row


def text_to_prose_lines(text: np.ndarray, tables: list[BBox], glyph: float) -> list[BBox]:
    """Boxes of the lines of text outside the tables, top to bottom (a page's prose)."""
    g = max(glyph, MIN_GLYPH_PX)
    outside = text.copy()
    for b in tables:
        outside[max(0, int(b.top) - 2):int(b.bottom) + 3, max(0, int(b.x0) - 2):int(b.x1) + 3] = 0
    # join characters into line blobs, then keep blobs of at least a speck
    k = max(3, int(1.2 * g))
    blobs = cv2.dilate(outside, np.ones((max(1, int(0.15 * g)), k), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    boxes = []
    for x, y, w, h, _ in stats[1:]:
        if h < 0.35 * g and w < 0.35 * g:
            continue
        # undo the dilation on the box
        boxes.append(BBox(float(x + k // 2), float(y), float(x + w - k // 2), float(y + h)))
    boxes = [b for b in boxes if b.width > 0]
    return _merge_line_boxes(boxes, g)


def _merge_line_boxes(boxes: list[BBox], glyph: float) -> list[BBox]:
    """Blobs on the same text line become one box: the strokes of 三 or a line with wide spaces.

    Two boxes are on one line when they overlap vertically by half the smaller one's height and
    lie within a few glyphs of each other horizontally.
    """
    # The same merges, in the same order, as restarting the pairwise scan after each merge (which
    # was O(n³) on speckled scans): boxes are kept sorted by x0, so a box's scan stops at the first
    # box too far right; after a merge only boxes that can reach the grown box are scanned again.
    out = sorted(boxes, key=lambda b: b.x0)
    reach = 3 * glyph
    widest = max((b.width for b in out), default=0.0)
    i = 0
    while i < len(out):
        a = out[i]
        partner = None
        for j in range(i + 1, len(out)):
            b = out[j]
            if b.x0 - a.x1 > reach:
                break  # this box and every later one lie too far right
            if a.x0 - b.x1 <= reach and min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.height, b.height):
                partner = j
                break
        if partner is None:
            i += 1
            continue
        out[i] = a.union(out[partner])
        del out[partner]
        widest = max(widest, out[i].width)
        while i > 0 and out[i - 1].x0 >= out[i].x0 - reach - widest:
            i -= 1  # an earlier box may reach the grown one
    return sorted(out, key=lambda b: (b.top, b.x0))
