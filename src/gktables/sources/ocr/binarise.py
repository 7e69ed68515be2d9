"""Binarisation and glyph size of a scanned page: the unit every tolerance of the OCR path is measured in.

A binary image holds ink as 255 on 0. Every tolerance downstream is a multiple of the median glyph
height measured here once per page, never a fixed pixel count, so the same code works at 150, 200
or 300 dpi.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_GLYPH_PX = 6.0  # below this the page holds no legible text at all


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
    sizes = component_sizes(binary)
    if not len(sizes):
        return 0.0, 0.0
    w, h = sizes[:, 0], sizes[:, 1]
    keep = (h >= 2) & (w >= 2) & (h < binary.shape[0] / 8) & (w < binary.shape[1] / 8) & (w < 6 * h) & (h < 6 * w)
    keep &= np.maximum(h, w) >= 4
    if np.count_nonzero(keep) < 5:
        return 0.0, 0.0
    return float(np.percentile(h[keep], 70)), float(np.percentile(w[keep], 70))


def component_sizes(binary: np.ndarray) -> np.ndarray:
    """(width, height) of every 8-connected component of ink, one row each (in no particular order).

    The bounding boxes of the components' outer borders (a component inside another's hole has its
    own outer border): the same boxes as ``connectedComponentsWithStats`` gives, a quarter of its time
    on a page (it labels every pixel; this only follows the borders).
    """
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return np.zeros((0, 2), np.int64)
    boxes = [cv2.boundingRect(c) for c, link in zip(contours, hierarchy[0]) if link[3] < 0]
    return np.array([(w, h) for _, _, w, h in boxes], np.int64).reshape(-1, 2)


def component_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, w, h) of every 8-connected component of mask, in the order
    ``connectedComponentsWithStats`` labels them (by the first 2×2 block of the page, row of blocks
    by row, holding a pixel of the component): its boxes in its order, from the components' outer
    borders only (:func:`component_sizes`), a small part of its time on a page.
    """
    return [box for box, _ in _outer_borders(mask)]


def component_boxes_and_areas(mask: np.ndarray) -> list[tuple[tuple[int, int, int, int], int]]:
    """:func:`component_boxes`, each with its component's pixel count (labelled within its box only)."""
    out = []
    for (x, y, w, h), (sx, sy) in _outer_borders(mask):
        _, labels = cv2.connectedComponents(mask[y:y + h, x:x + w], connectivity=8)
        out.append(((x, y, w, h), int(np.count_nonzero(labels == labels[sy - y, sx - x]))))
    return out


def _outer_borders(mask: np.ndarray) -> list[tuple[tuple[int, int, int, int], tuple[int, int]]]:
    """(box, a pixel of it) of every component, in connectedComponentsWithStats' label order."""
    contours, hierarchy = cv2.findContours(mask, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    if hierarchy is None:
        return []
    keyed = []
    for c, link in zip(contours, hierarchy[0]):
        if link[3] >= 0:
            continue  # a hole's border
        x, y, w, h = cv2.boundingRect(c)
        points = c[:, 0, :]
        # a component's leftmost pixel in a row lies on its outer border
        first = int(points[points[:, 1] < y // 2 * 2 + 2, 0].min())
        keyed.append(((y // 2, first // 2), (x, y, w, h), (int(points[0, 0]), int(points[0, 1]))))
    return [(box, seed) for _, box, seed in sorted(keyed)]


def binary_to_glyph_height(binary: np.ndarray) -> float:
    """The typical height of a character in pixels (see binary_to_glyph_size); 0 for no text."""
    return binary_to_glyph_size(binary)[0]


def true_runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) runs of True."""
    padded = np.concatenate(([False], flags.astype(bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2])]
