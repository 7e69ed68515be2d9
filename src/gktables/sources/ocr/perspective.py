"""Page geometry and colour of photographed and stamped scans, before the page analysis of
:mod:`grid`: pure OpenCV/numpy, no OCR.

    colour image ─ colour_to_gray (red seals, blue ink dropped; their mask kept)
    gray ─ find_paper / table_quad ─ quad_to_warp ─ warp (perspective undone)
    gray ─ split_two_up (two pages photographed side by side become two pages)

A phone photo shows the page at an angle: its table's rulings converge instead of being parallel,
which no rotation straightens. The paper's outline against the desk, or else the table's outer
frame, is a quadrilateral whose corners map to a rectangle; that homography, applied to the
whole page, makes rulings straight and parallel again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

CHROMA_MIN = 40  # grey levels between a pixel's strongest and weakest channel: coloured ink …
CHROMA_SHARE = 0.3  # … and that difference as a share of its strongest channel (warm paper stays)
MIN_COLOUR_PIXELS = 200  # fewer coloured pixels than this: a grey page that happens to be RGB
PAPER_MIN_SHARE = 0.35  # the paper covers at least this share of a photo
KEYSTONE_MIN_DEG = 0.6  # a quad whose corners depart from square by less needs no perspective warp
FRAME_SUPPORT = 0.9  # each side of a table's frame quad lies on ink along this share of its length
TWO_UP_INKED_ROWS = 0.15  # each page of a two-up image has ink on at least this share of its rows


@dataclass
class Warp:
    """A perspective warp of a page: the 3×3 matrix and the output size (w, h)."""

    matrix: np.ndarray
    size: tuple[int, int]
    source: str  # "paper" or "table frame"
    keystone_deg: float

    def apply(self, image: np.ndarray, fill: int) -> np.ndarray:
        return cv2.warpPerspective(image, self.matrix, self.size, flags=cv2.INTER_LINEAR,
                                   borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


# --------------------------------------------------------------------------------------------
# colour


def colour_to_gray(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Grey page with coloured ink (red seals, blue pen) dropped, and the mask of that ink.

    Coloured ink absorbs little of its own colour: a red seal leaves the red channel almost as
    bright as paper, blue pen the blue one. Where a pixel is coloured its grey is therefore its
    strongest channel, scaled by how much that channel of the same ink over bare paper loses; black
    print under a seal, dark in every channel, stays dark, and so does a grey ruling. The mask is
    None when the page holds no colour.
    """
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    r, g, b = cv2.split(rgb)
    high = cv2.max(cv2.max(r, g), b)
    chroma = cv2.subtract(high, cv2.min(cv2.min(r, g), b))
    if cv2.countNonZero(cv2.threshold(chroma, CHROMA_MIN - 1, 255, cv2.THRESH_BINARY)[1]) < MIN_COLOUR_PIXELS:
        return gray, None  # a grey page stored as colour: the common case, decided in a few ms
    coloured = (chroma >= CHROMA_MIN) & (chroma >= CHROMA_SHARE * high)
    if np.count_nonzero(coloured) < MIN_COLOUR_PIXELS:
        return gray, None
    mask = cv2.morphologyEx(coloured.astype(np.uint8) * 255, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
    # the ink's fringe (anti-aliased, JPEG) is paler and less saturated: it goes too
    fringe = (cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0) & (chroma >= CHROMA_MIN // 2)
    if not fringe.any():
        return gray, None
    paper = paper_level(high.astype(np.uint8)).astype(np.float32)
    strongest = np.where(r == high, 0, np.where(g == high, 1, 2))
    out = gray.astype(np.float32)
    for channel in range(3):  # inks of one hue lose the same share of their strongest channel
        ink = fringe & (strongest == channel)
        pure = ink & coloured
        if not pure.any():
            continue
        kept = float(np.median(high[pure] / np.maximum(paper[pure], 1.0)))
        out[ink] = np.minimum(paper[ink], high[ink] / max(kept, 0.3))
    return out.astype(np.uint8), np.where(fringe, 255, 0).astype(np.uint8)


def paper_level(bright: np.ndarray) -> np.ndarray:
    """The local paper brightness: a grey closing wider than print, on a reduced image."""
    small = max(1, min(bright.shape[:2]) // 300)
    reduced = cv2.resize(bright, (bright.shape[1] // small, bright.shape[0] // small), interpolation=cv2.INTER_AREA)
    k = max(5, min(reduced.shape[:2]) // 25) | 1
    closed = cv2.morphologyEx(reduced, cv2.MORPH_CLOSE, np.ones((k, k), np.uint8))
    return cv2.resize(closed, (bright.shape[1], bright.shape[0]), interpolation=cv2.INTER_LINEAR)


# --------------------------------------------------------------------------------------------
# perspective


def order_corners(points: np.ndarray) -> np.ndarray:
    """Four points as top-left, top-right, bottom-right, bottom-left."""
    pts = points.reshape(4, 2).astype(np.float32)
    s, d = pts.sum(axis=1), pts[:, 1] - pts[:, 0]
    return np.array([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]], dtype=np.float32)


def contour_to_quad(contour: np.ndarray) -> np.ndarray | None:
    """The four corners of a roughly quadrilateral outline (its convex hull simplified), or None."""
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for share in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, share * perimeter, True)
        if len(approx) == 4:
            return order_corners(approx)
    return None


def keystone_degrees(quad: np.ndarray) -> float:
    """How far the quad is from a rectangle: the largest corner-angle departure from 90°, in degrees."""
    worst = 0.0
    for i in range(4):
        a, b, c = quad[i - 1], quad[i], quad[(i + 1) % 4]
        u, v = a - b, c - b
        cos = float(np.dot(u, v) / max(1e-6, np.linalg.norm(u) * np.linalg.norm(v)))
        worst = max(worst, abs(90.0 - float(np.degrees(np.arccos(np.clip(cos, -1, 1))))))
    return worst


def find_paper(gray: np.ndarray) -> np.ndarray | None:
    """The paper's corners in a photo of a page on a darker surface, or None when the image is
    all page (a scan) or the outline is no quadrilateral."""
    small = max(1, min(gray.shape[:2]) // 400)
    reduced = cv2.resize(gray, (gray.shape[1] // small, gray.shape[0] // small), interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(reduced, (0, 0), 3)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))  # print inside the paper
    dark_border = np.concatenate([bright[0], bright[-1], bright[:, 0], bright[:, -1]])
    if np.count_nonzero(dark_border == 0) < 0.5 * dark_border.size:
        return None  # the image edge is mostly paper: a scan, or a photo cropped to the page
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n <= 1:
        return None
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[biggest, cv2.CC_STAT_AREA] < PAPER_MIN_SHARE * bright.size:
        return None
    contours, _ = cv2.findContours((labels == biggest).astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    quad = contour_to_quad(max(contours, key=cv2.contourArea))
    return None if quad is None else quad * small


def table_quad(binary: np.ndarray, glyph: float) -> np.ndarray | None:
    """The corners of the largest table's outer frame: the biggest connected ink (rulings join a
    table into one component), simplified to four corners; None when there is none."""
    # each component's outer border (one inside another's hole has its own): following borders
    # is a fraction of the time of labelling every pixel of the page
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return None
    outer = [(c, cv2.boundingRect(c)) for c, link in zip(contours, hierarchy[0]) if link[3] < 0]
    if not outer:
        return None
    # the biggest bounding box; of equal ones the first in reading order (top row, then left)
    border, (x, y, w, h) = max(outer, key=lambda o: (o[1][2] * o[1][3], -o[1][1], -o[1][0]))
    if w < 0.3 * binary.shape[1] or h < 4 * glyph:
        return None
    quad = contour_to_quad(border)
    if quad is None:
        return None
    # the corners of a hull can cut across blank paper (a table cut by the page, its top rulings
    # of unequal length): only a quad whose four sides are printed lines is the table's frame
    return quad if min(edge_support(binary, quad, glyph)) >= FRAME_SUPPORT else None


def edge_support(binary: np.ndarray, quad: np.ndarray, glyph: float) -> list[float]:
    """For each side of quad, the share of points along it that lie on ink (within a fifth of a glyph)."""
    near = cv2.dilate(binary, np.ones((3, 3), np.uint8), iterations=max(1, int(0.2 * glyph)))
    h, w = binary.shape
    out = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        n = max(2, int(np.linalg.norm(b - a) / 2))
        ts = np.linspace(0.05, 0.95, n)
        xs = np.clip((a[0] + ts * (b[0] - a[0])).astype(int), 0, w - 1)
        ys = np.clip((a[1] + ts * (b[1] - a[1])).astype(int), 0, h - 1)
        out.append(float(np.count_nonzero(near[ys, xs])) / n)
    return out


def quad_to_warp(quad: np.ndarray, image_size: tuple[int, int], source: str) -> Warp | None:
    """The homography taking quad to an upright rectangle of its size, for the whole image.

    The rectangle's sides are the quad's longer opposite sides (the near edge of a tilted page
    keeps its length); the output is large enough to hold the whole warped image. None when the
    quad is square enough that a rotation would do, or too distorted to be a page or a table.
    """
    keystone = keystone_degrees(quad)
    tl, tr, br, bl = quad
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    if keystone < KEYSTONE_MIN_DEG or width < 10 or height < 10:
        return None
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    m = np.asarray(cv2.getPerspectiveTransform(quad.astype(np.float32), target), dtype=np.float64)
    w, h = image_size
    frame = np.array([[[0, 0]], [[w, 0]], [[w, h]], [[0, h]]], dtype=np.float32)
    corners = cv2.perspectiveTransform(frame, m).reshape(4, 2)
    if not np.isfinite(corners).all():
        return None
    lo, hi = corners.min(axis=0), corners.max(axis=0)
    if (hi - lo).max() > 2.5 * max(w, h):  # a quad this skewed is no page: leave the image alone
        return None
    shift = np.array([[1, 0, -lo[0]], [0, 1, -lo[1]], [0, 0, 1]], dtype=np.float64)
    size = (int(np.ceil(hi[0] - lo[0])), int(np.ceil(hi[1] - lo[1])))
    return Warp(shift @ m, size, source, round(keystone, 2))


def whiten_outside(gray: np.ndarray, quad: np.ndarray, fill: int) -> np.ndarray:
    """The image with everything outside the paper's outline painted paper-white (the desk)."""
    outline = np.zeros(gray.shape[:2], np.uint8)
    cv2.fillConvexPoly(outline, quad.astype(np.int32), 255)
    inside: np.ndarray = cv2.erode(outline, np.ones((5, 5), np.uint8))  # the paper's own edge shadow goes too
    out = gray.copy()
    out[inside == 0] = fill
    return out


# --------------------------------------------------------------------------------------------
# two pages on one image


def split_two_up(binary: np.ndarray, glyph: float) -> int | None:
    """The x of the gutter between two pages photographed side by side, or None.

    A landscape image whose middle fifth holds a blank column band at least two glyphs wide, with
    ink on both sides over a fair part of the height (TWO_UP_INKED_ROWS), holds two pages. The
    last page of a report often holds only a short table: a third of its height is inked.
    """
    h, w = binary.shape
    if w < 1.15 * h or glyph <= 0:
        return None
    inked = np.count_nonzero(binary, axis=0) > max(2, 0.002 * h)
    lo, hi = int(0.4 * w), int(0.6 * w)
    best, start = None, None
    for x in range(lo, hi + 1):
        blank = x < hi and not inked[x]
        if blank and start is None:
            start = x
        elif not blank and start is not None:
            if x - start >= 2 * glyph and (best is None or x - start > best[1] - best[0]):
                best = (start, x)
            start = None
    if best is None:
        return None
    rows_left = np.count_nonzero(binary[:, :best[0]].any(axis=1))
    rows_right = np.count_nonzero(binary[:, best[1]:].any(axis=1))
    if min(rows_left, rows_right) < TWO_UP_INKED_ROWS * h:
        return None
    return (best[0] + best[1]) // 2
