"""Ink on a scanned page once the rulings are gone: cells' ink boxes, pen strokes, prose lines, line crops.

A binary image holds ink as 255 on 0; crops handed to OCR are dark on white.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from ...geometry import Ruling
from ...layout import BBox
from .binarise import MIN_GLYPH_PX, component_boxes, true_runs


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
        for start, end in true_runs((grown_before[0] & grown_after[0]).astype(bool)):
            if end - start < 1.5 * g:  # a pen line is thin where it crosses; a run of text along a line is not
                at = a + (start + end) / 2
                out.append((at, float(p)) if r.axis == "h" else (float(p), at))
    return out


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


def leading_sign_bar(text: np.ndarray, ink: BBox, glyph: float) -> bool:
    """Whether a number cell's ink begins with a flat bar at mid-height, apart from the figures after
    it: a minus sign. The digits reader drops a thin minus next to a digit at low resolution
    ('-3' read '3' with full confidence); the bar on the page says the sign is there.
    """
    region = text[max(0, int(ink.top)):int(math.ceil(ink.bottom)), max(0, int(ink.x0)):int(math.ceil(ink.x1))]
    n, _, stats, _ = cv2.connectedComponentsWithStats(region, connectivity=8)
    parts = sorted((s for s in stats[1:] if s[cv2.CC_STAT_AREA] >= 2), key=lambda s: int(s[0]))
    if len(parts) < 2:
        return False
    bar, rest = parts[0], parts[1:]
    top, bottom = min(int(s[1]) for s in rest), max(int(s[1] + s[3]) for s in rest)
    height = bottom - top
    if height < 0.5 * glyph:
        return False
    flat = bar[3] <= 0.25 * height and bar[2] >= 1.5 * bar[3] and bar[2] >= 0.15 * height
    middle = top + 0.3 * height <= bar[1] + bar[3] / 2 <= top + 0.75 * height
    apart = bar[0] + bar[2] <= min(int(s[0]) for s in rest) + 1
    return bool(flat and middle and apart)


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
    runs = true_runs(inked)
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
    runs = true_runs(inked)
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
    boxes = []
    for x, y, w, h in component_boxes(blobs):
        if h < 0.35 * g and w < 0.35 * g:
            continue
        # undo the dilation on the box
        boxes.append(BBox(float(x + k // 2), float(y), float(x + w - k // 2), float(y + h)))
    boxes = [b for b in boxes if b.width > 0]
    return merge_line_boxes(boxes, g)


def merge_line_boxes(boxes: list[BBox], glyph: float) -> list[BBox]:
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
