"""The cells of a page's tables as jobs for the reader: where each cell's ink is and how it will be read.

Also the clean-up of the text image before reading: hand-drawn strokes erased from cells, the
specks a seal's colour dropout leaves at its edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

from ...layout import BBox
from ..grid_spans import CellBox
from .engines import Reading
from .grid import TableGrid
from .ink import cell_to_ink_box, erase_pen_strokes, leading_sign_bar
from .upright import Ruled

VERTICAL_ASPECT = 2.2  # ink this many times taller than wide (and 2.5+ glyphs tall) is a vertical label
DIGITS_MAX_WIDTH = 12.0  # glyphs: wider ink is a label, not a number
DIGITS_MAX_HEIGHT = 1.9  # glyphs: a number is one line


def crop(text: np.ndarray, box: BBox, pad: float) -> np.ndarray:
    """Dark-on-white crop of the ink image around box, with a white margin of pad pixels."""
    h, w = text.shape
    x0, y0 = max(0, int(box.x0)), max(0, int(box.top))
    x1, y1 = min(w, int(np.ceil(box.x1))), min(h, int(np.ceil(box.bottom)))
    region = 255 - text[y0:y1, x0:x1]
    p = max(2, int(pad))
    return cv2.copyMakeBorder(region, p, p, p, p, cv2.BORDER_CONSTANT, value=255)


@dataclass
class CellJob:
    """One cell to read: where its ink is and which readers see it."""

    table: int
    box: CellBox
    ink: BBox | None
    kind: Literal["empty", "text", "vertical"]
    digits: bool  # a one-line, narrow ink box: read as a number first
    pen_mark: bool = False  # a hand-drawn stroke was erased from it
    sign_bar: bool = False  # its ink begins with a flat bar apart from the digits: a minus sign
    readings: dict[str, Reading] = field(default_factory=dict)


def cell_key(job: CellJob) -> tuple[int, int, int]:
    """A cell's place on its page: (table, row, column), the same for every copy of its job."""
    return job.table, job.box.row, job.box.col


def drop_colour_residue(ruled: Ruled, colour_ink: np.ndarray, glyph: float) -> np.ndarray:
    """Erase from the text image the specks the colour dropout left at a seal's edges; returns them.

    A speck lying on dropped coloured ink, smaller than a third of a glyph, is the fringe of a
    seal's stroke, not print: left in, it reads as a decimal point ('0.').
    """
    near = cv2.dilate(colour_ink, np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ruled.text, connectivity=8)
    if n <= 1:
        return np.zeros_like(ruled.text)
    on_ink = np.bincount(labels[near > 0], minlength=n)
    small = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]) < glyph / 3
    residue = np.flatnonzero(small & (on_ink >= 0.5 * stats[:, cv2.CC_STAT_AREA]))
    residue = residue[residue > 0]
    mask = np.where(np.isin(labels, residue), 255, 0).astype(np.uint8)
    ruled.text[mask > 0] = 0
    return cv2.dilate(mask, np.ones((3, 3), np.uint8))


def erase_table_pen_strokes(tables: list[TableGrid], ruled: Ruled, glyph: float) -> set[tuple[int, int, int]]:
    """Erase hand-drawn strokes from the cells' ink (once per page); (table, row, col) of cells that held one."""
    if ruled.pen_strokes is not None:
        return set(ruled.marked)
    before = ruled.text.copy()
    ruled.marked = []
    for t, table in enumerate(tables):
        thickness = max((r.thickness for r in table.rulings), default=2.0)
        hit = erase_pen_strokes(ruled.text, [b.bbox for b in table.cells], glyph, thickness / 2 + 1)
        ruled.marked += [(t, table.cells[i].row, table.cells[i].col) for i in hit]
    ruled.pen_strokes = cv2.dilate(cv2.subtract(before, ruled.text), np.ones((3, 3), np.uint8))
    return set(ruled.marked)


def cell_jobs(tables: list[TableGrid], text: np.ndarray, glyph: float) -> list[CellJob]:
    jobs = []
    for t, table in enumerate(tables):
        thickness = max((r.thickness for r in table.rulings), default=2.0)
        for box in table.cells:
            ink = cell_to_ink_box(text, box.bbox, glyph, inset=thickness / 2 + 1)
            if ink is None:
                jobs.append(CellJob(t, box, None, "empty", False))
                continue
            vertical = ink.height >= max(VERTICAL_ASPECT * ink.width, 2.5 * glyph) and ink.width <= 2.0 * glyph
            digits = not vertical and ink.height <= DIGITS_MAX_HEIGHT * glyph and ink.width <= DIGITS_MAX_WIDTH * glyph
            jobs.append(CellJob(t, box, ink, "vertical" if vertical else "text", digits,
                                sign_bar=digits and leading_sign_bar(text, ink, glyph)))
    return jobs
