"""Bringing a scanned page upright: perspective, quarter turn, skew, 180° probe, two-up split; its tables found.

A photo's perspective is undone first, then quarter turns (from the shape of the text) and skew
(from the row profile). Whether a page is upside down needs OCR: :func:`probe_boxes` chooses a few
lines that the reader reads turned as well (only when :func:`turned_could_win`), and
:func:`readings_say_upside_down` judges them. When
the shape of the text leaves the quarter turn undecided (:data:`QUARTER_UNSURE`), OCR decides that
too: :func:`quarter_probe_turns` judges lines read across and down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from ...geometry import Ruling
from ...layout import BBox
from . import perspective as geo
from .binarise import MIN_GLYPH_PX, binary_to_glyph_height, gray_to_binary
from .decode import ScanImage
from .engines import Reading
from .grid import TableGrid, hrules_to_grids
from .orientation import binary_to_bands, binary_to_quarter_turn, binary_to_skew, rotate_by, rotate_quarter
from .rulings import (
    binary_to_line_masks,
    binary_to_text,
    clip_rulings,
    drop_text_strokes,
    line_masks_to_rulings,
    rulings_to_table_rulings,
    rulings_to_tables,
)

PROBE_LINES = 4  # text lines also read turned by 180° to tell an upside-down page
PROBE_MIN_HEIGHT = 0.6  # glyphs: a probe line is at least this tall (a ruling is not a line of text)
PROBE_MAX_HEIGHT = 2.2  # glyphs: … and one line, not a paragraph
BAND_SKEW_SPREAD = 0.5  # degrees: bands of a long image skewed further apart are straightened one by one
QUARTER_UNSURE = 1.15  # quarter-turn scores below this leave the writing direction to OCR (quarter_probe)
PROBE_MARGIN = 0.15  # mean confidence by which one way of reading the probe lines must win


@dataclass
class PageImage:
    """A page brought upright: the normalised grey image and what was done to it."""

    gray: np.ndarray
    binary: np.ndarray
    glyph: float
    turns: int = 0  # quarter turns clockwise applied
    skew: float = 0.0  # degrees counter-clockwise applied
    orientation: dict[str, Any] = field(default_factory=dict)
    colour_ink: np.ndarray | None = None  # where coloured ink (seal, pen) was dropped, same geometry as gray


@dataclass
class Ruled:
    rulings: list[Ruling]
    table_rulings: list[Ruling]
    tables: list[TableGrid]
    text: np.ndarray  # binary without table rulings
    pen_strokes: np.ndarray | None = None  # hand-drawn strokes erased from text (dilated a little)
    marked: list[tuple[int, int, int]] = field(default_factory=list)  # (table, row, col) of cells that held one


def binarise_page(gray: np.ndarray, glyph: float | None = None) -> tuple[np.ndarray, float]:
    """The page's binary image at a background scale of three glyphs, and the glyph height.

    Without a glyph height a rough binarisation (background scale from the page size) measures it.
    """
    if glyph is None:
        glyph = binary_to_glyph_height(gray_to_binary(gray))
    if glyph < MIN_GLYPH_PX:
        return np.zeros_like(gray), 0.0
    binary = gray_to_binary(gray, glyph)
    return binary, binary_to_glyph_height(binary)


def find_tables(binary: np.ndarray, glyph: float) -> Ruled:
    h_mask, v_mask = binary_to_line_masks(binary, glyph)
    rulings = line_masks_to_rulings(h_mask, v_mask, glyph)
    candidates = drop_text_strokes(rulings, binary, h_mask, v_mask, glyph)
    table_rulings = rulings_to_table_rulings(candidates, glyph)
    text = binary_to_text(binary, h_mask, v_mask, table_rulings, glyph)
    groups = rulings_to_tables(table_rulings, glyph)
    tables = [t for group in groups for t in hrules_to_grids(group, text, glyph)]
    # only the parts of rulings inside a table are lines: a stroke of a heading joined to a
    # table's vertical stays text
    inside = clip_rulings(table_rulings, [t.bbox for t in tables], glyph)
    if len(inside) != len(table_rulings) or inside != table_rulings:
        text = binary_to_text(binary, h_mask, v_mask, inside, glyph)
    return Ruled(rulings, inside, tables, text)


def gray_to_upright(gray: np.ndarray, colour_ink: np.ndarray | None = None) -> tuple[PageImage, Ruled | None]:
    """Turn a page so its text runs left to right, and straighten it; find its tables.

    A photo's perspective is undone first (:func:`_undo_perspective`). Quarter turns come from
    the shape of the text (lines are long along the writing direction), skew from the row
    profile. Whether the page is upside down needs OCR: a few lines are also read turned by 180°
    in a batch of their own (:func:`probe_boxes`, :func:`readings_say_upside_down`), and a page
    that reads better turned is read again turned (:func:`turn_page`). ``colour_ink`` (the mask
    of dropped seal and pen ink) follows every turn and warp of the page.
    """
    page = PageImage(gray, np.zeros_like(gray), 0.0, colour_ink=colour_ink)
    binary, glyph = _undo_perspective(page)
    gray, colour_ink = page.gray, page.colour_ink
    page.binary, page.glyph = binary, glyph
    if glyph <= 0:
        return page, None
    sideways, certainty = binary_to_quarter_turn(binary, glyph)
    page.orientation["quarter_turn_score"] = round(certainty, 2)
    if sideways:
        page.turns = 1
        gray = rotate_quarter(gray, 1)
        binary = rotate_quarter(binary, 1)
        colour_ink = None if colour_ink is None else rotate_quarter(colour_ink, 1)
        glyph = binary_to_glyph_height(binary)
    gray, skew, band_skews, colour_ink = _deskew(gray, binary, glyph, colour_ink)
    if band_skews:
        page.orientation["band_skews"] = band_skews
    if skew or band_skews:
        binary, glyph = binarise_page(gray, glyph)
    page.gray, page.binary, page.glyph, page.skew, page.colour_ink = gray, binary, glyph, skew, colour_ink
    return page, find_tables(binary, glyph)


def _undo_perspective(page: PageImage) -> tuple[np.ndarray, float]:
    """Warp a photographed page so its table is rectangular again; returns its binary and glyph.

    The paper's outline against a darker desk gives the homography when it shows; else the outer
    frame of the largest table does, when its corners depart from square by more than a
    rotation explains (:data:`perspective.KEYSTONE_MIN_DEG`). The desk is painted paper-white
    either way. ``page.gray`` and ``page.colour_ink`` are replaced in place.
    """
    gray = page.gray
    paper = geo.find_paper(gray)
    warp = None
    if paper is not None:
        inside = np.zeros(gray.shape, np.uint8)
        cv2.fillConvexPoly(inside, paper.astype(np.int32), 255)
        fill = int(np.percentile(gray[inside > 0], 90))
        gray = geo.whiten_outside(gray, paper, fill)
        warp = geo.quad_to_warp(paper, (gray.shape[1], gray.shape[0]), "paper")
    binary, glyph = binarise_page(gray)
    if warp is None and glyph > 0:
        quad = geo.table_quad(binary, glyph)
        warp = geo.quad_to_warp(quad, (gray.shape[1], gray.shape[0]), "table frame") if quad is not None else None
    if warp is not None:
        fill = int(np.percentile(gray, 90))
        gray = warp.apply(gray, fill)
        page.colour_ink = None if page.colour_ink is None else warp.apply(page.colour_ink, 0)
        page.orientation["perspective"] = {"from": warp.source, "keystone_deg": warp.keystone_deg}
        binary, glyph = binarise_page(gray, glyph or None)
    page.gray = gray
    return binary, glyph


def _deskew(gray: np.ndarray, binary: np.ndarray, glyph: float, colour_ink: np.ndarray | None = None
            ) -> tuple[np.ndarray, float, list[list[float]], np.ndarray | None]:
    """Straighten the page: one angle, or one per band when a long image stacks pages skewed apart.

    Returns the straightened image, the (median) angle applied, [top, bottom, angle] per band
    when bands were straightened separately (empty otherwise), and colour_ink straightened alike.
    """
    bands = binary_to_bands(binary, glyph)
    skews = [binary_to_skew(binary[a:b], glyph) for a, b in bands] if len(bands) > 1 else []
    if len(skews) > 1 and max(skews) - min(skews) > BAND_SKEW_SPREAD:
        fill = int(np.percentile(gray, 90))
        out = gray.copy()
        ink = None if colour_ink is None else colour_ink.copy()
        for (a, b), angle in zip(bands, skews):
            out[a:b] = rotate_by(gray[a:b], angle, fill=fill)
            if ink is not None and colour_ink is not None:
                ink[a:b] = rotate_by(colour_ink[a:b], angle, fill=0)
        return out, float(np.median(skews)), [[a, b, angle] for (a, b), angle in zip(bands, skews)], ink
    skew = binary_to_skew(binary, glyph)
    if not skew:
        return gray, 0.0, [], colour_ink
    fill = int(np.percentile(gray, 90))  # the paper's grey, for the corners the turn uncovers (only then)
    return rotate_by(gray, skew, fill=fill), skew, [], \
        None if colour_ink is None else rotate_by(colour_ink, skew, fill=0)


def turn_page(page: PageImage) -> tuple[PageImage, Ruled]:
    """The same page turned by 180° (exact), its tables found again."""
    turned = PageImage(rotate_quarter(page.gray, 2), rotate_quarter(page.binary, 2), page.glyph,
                       (page.turns + 2) % 4, page.skew, dict(page.orientation),
                       None if page.colour_ink is None else rotate_quarter(page.colour_ink, 2))
    return turned, find_tables(turned.binary, turned.glyph)


def quarter_probe_turns(readings: list[Reading], counts: list[int], record: dict[str, Any]) -> int:
    """Quarter turns clockwise that bring the page upright by its probe readings (0, 1 or 3).

    ``counts`` are the crops in each of the four groups of :func:`quarter_probe_crops`. The page is
    turned only when a way of reading its lines down wins clearly over both ways across; the 180°
    probe of the page's reading then still runs.
    """
    scores, at = [], 0
    for n in counts:
        scores.append(_probe_score(readings[at:at + n]))
        at += n
    record["quarter_probe"] = [round(s, 3) for s in scores]
    across, down_cw, down_ccw = max(scores[0], scores[1]), scores[2], scores[3]
    if max(down_cw, down_ccw) <= across + PROBE_MARGIN:
        return 0
    return 1 if down_cw >= down_ccw else 3


def turn_page_quarter(page: PageImage, turns_cw: int) -> tuple[PageImage, Ruled]:
    """The page turned by quarter turns (1 or 3) and straightened again, its tables found again."""
    gray = rotate_quarter(page.gray, turns_cw)
    ink = None if page.colour_ink is None else rotate_quarter(page.colour_ink, turns_cw)
    binary = rotate_quarter(page.binary, turns_cw)
    glyph = binary_to_glyph_height(binary)
    gray, skew, band_skews, ink = _deskew(gray, binary, glyph, ink)
    if skew or band_skews:
        binary, glyph = binarise_page(gray, glyph)
    turned = PageImage(gray, binary, glyph, (page.turns + turns_cw) % 4, page.skew + skew,
                       dict(page.orientation), ink)
    return turned, find_tables(binary, glyph)


def probe_boxes(candidates: list[BBox], glyph: float) -> list[int]:
    """Indices of the widest one-line boxes among candidates, to be read both ways up.

    A box much lower than a glyph is a ruling (of a table drawn with horizontal rules only, which
    is no lattice and keeps its rules in the text image), not a line of text: read either way up
    it holds no character, and the probe would never turn the page.
    """
    lines = [i for i, b in enumerate(candidates)
             if b.width >= 3 * glyph and PROBE_MIN_HEIGHT * glyph <= b.height <= PROBE_MAX_HEIGHT * glyph]
    lines.sort(key=lambda i: -candidates[i].width)
    return lines[:PROBE_LINES]


def turned_could_win(upright: list[Reading]) -> bool:
    """Whether any reading of the probe lines turned by 180° could beat these upright readings.

    A score is a mean confidence times a share, at most 1: upright lines scoring 1 - PROBE_MARGIN
    or more cannot be beaten by the margin, so their turned crops need not be read at all.
    """
    return _probe_score(upright) + PROBE_MARGIN < 1.0


def readings_say_upside_down(upright: list[Reading], turned: list[Reading] | None, record: dict[str, Any]) -> bool:
    """Whether the lines turned by 180° read clearly better (mean confidence) than as they are
    (``turned`` None: not read, as :func:`turned_could_win` said they could not)."""
    up, down = _probe_score(upright), None if turned is None else _probe_score(turned)
    record["probe"] = {"upright": round(up, 3), "turned": None if down is None else round(down, 3),
                       "lines": len(upright)}
    return bool(turned) and down is not None and down > up + PROBE_MARGIN


def _probe_score(readings: list[Reading]) -> float:
    """Mean confidence of the readings that hold any Chinese character (0 when none does)."""
    confs = [r.confidence for r in readings if re.search(r"[\u4e00-\u9fff]", r.text)]
    return float(np.mean(confs)) * len(confs) / max(1, len(readings)) if confs else 0.0


def split_two_up(scans: Iterator[ScanImage]) -> Iterator[tuple[ScanImage, str]]:
    """Each page, with a landscape image holding two pages side by side cut at its gutter.

    Yields (page, where) with where '' for a whole image, 'left' / 'right' for the halves. A page
    turned sideways is landscape too, but its text runs down: it is never cut.
    """
    for scan in scans:
        gray = scan.gray
        if gray.shape[1] < 1.15 * gray.shape[0]:
            yield scan, ""
            continue
        binary, glyph = binarise_page(gray)
        cut = geo.split_two_up(binary, glyph) if glyph > 0 and not binary_to_quarter_turn(binary, glyph)[0] \
            else None
        if cut is None:
            yield scan, ""
            continue
        for where, part in (("left", slice(0, cut)), ("right", slice(cut, None))):
            ink = None if scan.colour_ink is None else scan.colour_ink[:, part]
            yield ScanImage(gray[:, part].copy(), ink), where
