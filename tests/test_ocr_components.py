"""The components of a page's masks from their outer borders (binarise.component_boxes): the same
boxes, pixel counts and order as labelling every pixel (cv2.connectedComponentsWithStats)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from gktables.sources.ocr.binarise import component_boxes, component_boxes_and_areas


def _labelled(mask: np.ndarray) -> list[tuple[int, ...]]:
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    return [tuple(int(v) for v in row) for row in stats[1:]]


@pytest.mark.parametrize("seed", range(6))
def test_components_from_borders_match_labelling_every_pixel(seed: int) -> None:
    rng = np.random.default_rng(seed)
    mask = np.zeros((301, 257), np.uint8)
    for _ in range(60):  # strokes, rings (holes with specks inside), specks, touching diagonals
        x, y = int(rng.integers(0, 250)), int(rng.integers(0, 295))
        kind = int(rng.integers(0, 4))
        if kind == 0:
            mask[y:y + int(rng.integers(1, 4)), x:x + int(rng.integers(5, 80))] = 255
        elif kind == 1:
            cv2.circle(mask, (x, y), int(rng.integers(4, 20)), 255, 1)
            mask[y, x] = 255
        elif kind == 2:
            mask[y, x] = 255
        else:
            for k in range(int(rng.integers(2, 12))):
                mask[min(y + k, 300), min(x + k, 256)] = 255
    want = _labelled(mask)
    assert [b + (a,) for b, a in component_boxes_and_areas(mask)] == want
    assert component_boxes(mask) == [w[:4] for w in want]


def test_empty_mask_has_no_components() -> None:
    assert component_boxes(np.zeros((10, 10), np.uint8)) == []
