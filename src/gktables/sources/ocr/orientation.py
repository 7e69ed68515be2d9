"""Which way up a scanned page lies and how far it is skewed; turning and straightening it.

Quarter turns come from the shape of the text (lines are long along the writing direction), skew
from the row profile of narrow strips. Whether a page is upside down needs OCR (see ``upright``).
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from .binarise import MIN_GLYPH_PX, binary_to_glyph_size, true_runs
from .rulings import binary_to_line_masks

SKEW_STRIPS = 48  # vertical strips whose row profiles are shifted to measure a skew


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
    centres = (edges[:-1] + edges[1:]) / 2 - w / 2
    # each strip's row profile with zeros either side, as many as the largest shift reads past the edge
    pad = int(math.ceil(float(np.abs(centres).max()) * math.tan(math.radians(max_angle + 1.0)))) + 2
    padded = [np.concatenate((np.zeros(pad), small[:, a:b].sum(axis=1, dtype=np.float64), np.zeros(pad)))
              for a, b in zip(edges, edges[1:])]

    def score(angle: float) -> float:
        # counter-clockwise rotation by angle moves a point at x (right of centre) up by x·tan(angle):
        # each strip's profile read at rows + shift, linearly interpolated (a whole-row shift and a
        # fraction, the same for every row of the strip)
        t = math.tan(math.radians(angle))
        profile = np.zeros(h)
        for c, prof in zip(centres, padded):
            shift = c * t
            whole = math.floor(shift)
            frac = shift - whole
            low = prof[pad + whole:pad + whole + h]
            profile += low + (prof[pad + whole + 1:pad + whole + 1 + h] - low) * frac
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
    gaps = [(a, b) for a, b in true_runs(~inked) if b - a >= min_gap * g]
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
