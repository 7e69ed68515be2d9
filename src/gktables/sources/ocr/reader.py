"""The scanned-report source: page images (PNG, JPEG, TIFF, image-only PDF) to a :class:`Layout`.

Per page::

    gray ─ upright (quarter turn, skew, 180° probe) ─ rulings ─ table grids ─ cell ink boxes
         ─ OCR in three batched passes (text / digits × 2 binarisations / vertical) ─ Grid cells
         ─ prose lines outside the tables ─ Layout.text

Page analysis lives in :mod:`grid` (pure OpenCV), engines in :mod:`engines`. Boxes are in
pixels of the *normalised* page image (after the rotation and deskew recorded in
``Layout.debug["pages"][n]``); with ``settings.keep_debug`` that image is kept too.

Cells whose own-threshold crop holds a stroke the page's threshold dropped are read from that
crop too; its reading wins only when it is a label of the report tables and the first is not.

Number cells are read twice by a digits-only configuration (the main binarisation and an
adaptive one) and once by the Chinese model; the best reading becomes ``text`` and the others
``alternatives``, so the core can let the table's checks choose. A cell without ink is ``''``
with high confidence: nothing is ever read into an empty cell.
"""

from __future__ import annotations

import io
import logging
import re
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal
from collections.abc import Iterator

import cv2
import numpy as np
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from ...deadline import Deadline
from ...errors import CorruptFileError, EncryptedFileError, TooLargeError
from ...labels import label_similarity, normalize_label
from ...layout import BBox, Grid, GridCell, Layout
from ...schema import report_labels
from ...settings import Settings
from ...values import NORMALIZED_NUMBER
from . import perspective as geo
from . import grid as og
from .engines import OcrEngine, Reading, make_engine

log = logging.getLogger(__name__)

__all__ = ["read_image", "read_scanned_pdf", "gray_to_upright", "page_to_grids_and_text"]

MEMORY_PER_PIXEL = 3  # decoded bytes allowed per pixel of max_image_pixels (an RGB frame at the limit)
EMPTY_CONFIDENCE = 0.99  # a cell with no ink is empty, and we are sure of it
PROBE_LINES = 4  # text lines also read turned by 180° to tell an upside-down page
PROBE_WIDTH = 10.0  # glyphs of each probe line read turned
DIGITS_MAX_WIDTH = 12.0  # glyphs: wider ink is a label, not a number
DIGITS_MAX_HEIGHT = 1.9  # glyphs: a number is one line
BAND_SKEW_SPREAD = 0.5  # degrees: bands of a long image skewed further apart are straightened one by one
SPLIT_TEXT_BATCH = 12  # crops: a text batch this long is read by two processes
SURE_DIGITS = 0.8  # both digit readings agree at this confidence: the Chinese model is not asked
VERTICAL_ASPECT = 2.2  # ink this many times taller than wide (and 2.5+ glyphs tall) is a vertical label
DIGIT_LOOKALIKES = set("工了丁丨亅〇口日己乙")  # single characters the Chinese model reads for a digit
BLANK_LOOKALIKES = {"天": "无", "旡": "无", "尢": "无", "兀": "无"}  # a lone 无 (a blank cell) misread
FAINT_STROKE = 0.3  # glyphs: ink this long that only a cell's own threshold keeps is a stroke, not edge growth
SAME_TEXT = 0.6  # a second reading of a label less similar than this to the first is another text
DASHES = {"一", "—", "-", "－", "–", "_", "──", "——", "--"}

_CONFUSABLE_DIGITS = str.maketrans({
    "O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0", "口": "0", "○": "0",
    "l": "1", "I": "1", "|": "1", "]": "1", "[": "1", "!": "1", "i": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "g": "9",
    "，": ",", "。": ".", "．": ".", "－": "-", "＋": "+", "—": "-",
    **{chr(0xFF10 + d): str(d) for d in range(10)},
})
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMBER = NORMALIZED_NUMBER  # the number patterns live in values.py


# --------------------------------------------------------------------------------------------
# entry points


def read_image(data: bytes, name: str, settings: Settings | dict | None = None,
               deadline: Deadline | None = None) -> Layout:
    """OCR a scanned page image: PNG, JPEG, TIFF (every frame a page), BMP, WebP."""
    settings = Settings.resolve(settings)
    pages = image_bytes_to_grays(data, name, settings)
    return _grays_to_layout(pages, name, settings, {"input": "image"},
                            deadline or Deadline(settings.time_limit_s, name))


def read_scanned_pdf(data: bytes, name: str, settings: Settings | dict | None = None,
                     deadline: Deadline | None = None) -> Layout:
    """OCR every page of a PDF rasterised at ``settings.ocr_dpi`` (for image-only PDFs).

    200 dpi is the sweet spot for these reports (五号 table text is then ~24 px tall): on the real
    hongze report every cell is right at 200 and 300 dpi, 300 costs ~40% more time; at 150 dpi the
    grey top bar of 二 in 第二十条 is recovered only by a second view of the cell
    (:func:`_faint_stroke_views`).
    """
    settings = Settings.resolve(settings)
    return _grays_to_layout(pdf_bytes_to_grays(data, name, settings), name, settings,
                            {"input": "pdf", "dpi": settings.ocr_dpi},
                            deadline or Deadline(settings.time_limit_s, name))


# --------------------------------------------------------------------------------------------
# decoding


@dataclass
class ScanImage:
    """One decoded page: grey, with the mask of coloured ink (seals, pen) dropped from it, if any."""

    gray: np.ndarray
    colour_ink: np.ndarray | None = None


def image_bytes_to_grays(data: bytes, name: str, settings: Settings) -> Iterator[ScanImage]:
    """Every frame of an image file as a grey page, refusing frames above max_image_pixels.

    The size is checked from the header, before any pixel is decoded.
    """
    if not data:
        raise CorruptFileError(name, "the file is empty; get a complete copy of the scan")
    try:
        image = _open_image(data, settings.max_image_pixels)
    except Image.DecompressionBombError as exc:
        raise TooLargeError(name, f"the image is too large to decode safely ({exc}), over "
                                  f"settings.max_image_pixels = {settings.max_image_pixels:,}; raise the limit if "
                                  "the file is trusted, or scan at a lower resolution") from exc
    except UnidentifiedImageError as exc:
        raise CorruptFileError(name, "not a readable image (PNG, JPEG, TIFF, BMP, WebP): the file is damaged "
                                     "or of another kind") from exc
    except OSError as exc:
        raise CorruptFileError(name, f"the image cannot be opened ({exc}); get a complete copy") from exc
    _check_pixels(image.size[0], image.size[1], name, settings, "the image", _bytes_per_pixel(image))  # before decoding
    return _frames_to_grays(image, name, settings)


_PIL_LIMIT = threading.Lock()


def _open_image(data: bytes, max_pixels: int) -> Image.Image:
    """Image.open with ``max_pixels`` as Pillow's bomb limit (Pillow refuses at twice its global,
    179 Mpx by default: the setting, checked just after, must be the limit that applies)."""
    with _PIL_LIMIT, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            return Image.open(io.BytesIO(data))
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _bytes_per_pixel(image: Image.Image) -> int:
    """Bytes one decoded pixel of this mode takes (RGB 3, RGBA/CMYK 4, I;16 2, I/F 4, 1/L/P 1)."""
    return {"RGB": 3, "YCbCr": 3, "LAB": 3, "HSV": 3, "RGBA": 4, "RGBX": 4, "CMYK": 4, "I": 4, "F": 4,
            "LA": 2, "PA": 2, "I;16": 2, "I;16B": 2, "I;16L": 2}.get(image.mode, 1)


def _frames_to_grays(image: Image.Image, name: str, settings: Settings) -> Iterator[ScanImage]:
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        _check_pixels(frame.size[0], frame.size[1], name, settings, f"frame {index + 1}", _bytes_per_pixel(frame))
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                frame = ImageOps.exif_transpose(frame) if index == 0 else frame
                yield _pil_to_gray(frame)
        except (OSError, ValueError, SyntaxError) as exc:  # truncated data, broken compression
            raise CorruptFileError(name, f"frame {index + 1} cannot be decoded ({exc}); "
                                         "get a complete copy of the scan") from exc


def _pil_to_gray(image: Image.Image) -> ScanImage:
    """Any PIL mode to 8-bit grey; transparency is composed on white paper, coloured ink dropped."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(paper, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        arr = np.asarray(image, dtype=np.float64)
        top = arr.max() or 1.0
        return ScanImage((arr * (255.0 / top)).astype(np.uint8))
    if image.mode in ("RGB", "RGBA", "CMYK", "YCbCr", "P", "LAB", "HSV"):
        rgb = np.asarray(image.convert("RGB"), dtype=np.uint8)
        return ScanImage(*geo.colour_to_gray(rgb))
    return ScanImage(np.asarray(image.convert("L"), dtype=np.uint8).copy())


def _check_pixels(width: int, height: int, name: str, settings: Settings, what: str, depth: int = 1) -> None:
    """Refuse before decoding: more pixels than max_image_pixels, or a decoded frame (``depth`` bytes
    a pixel, converted to grey after) taking more memory than MEMORY_PER_PIXEL grey pixels would."""
    pixels = width * height
    if pixels > settings.max_image_pixels or pixels * depth > MEMORY_PER_PIXEL * settings.max_image_pixels:
        raise TooLargeError(name, f"{what} has {width}×{height} = {pixels:,} pixels ({pixels * depth / 1e6:,.0f} MB "
                                  f"decoded), over settings.max_image_pixels = {settings.max_image_pixels:,}; "
                                  "raise the limit if the file is trusted, or scan at a lower resolution")


def pdf_bytes_to_grays(data: bytes, name: str, settings: Settings) -> Iterator[ScanImage]:
    """Render each page at settings.ocr_dpi with pdfium, in colour so that seals and pen can be dropped."""
    import pypdfium2 as pdfium

    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(name, "the PDF is password-protected; save an unprotected copy") from exc
        raise CorruptFileError(name, f"pdfium cannot open the PDF ({exc}); get a complete copy") from exc
    try:
        scale = settings.ocr_dpi / 72.0
        for index in range(len(doc)):
            page = doc[index]
            w, h = page.get_size()
            _check_pixels(int(w * scale), int(h * scale), name, settings, f"page {index + 1} at {settings.ocr_dpi} dpi")
            bitmap = page.render(scale=scale)
            yield ScanImage(*geo.colour_to_gray(np.asarray(bitmap.to_pil().convert("RGB"), dtype=np.uint8)))
    finally:
        doc.close()


# --------------------------------------------------------------------------------------------
# one page


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
class _Ruled:
    rulings: list[og.Ruling]
    table_rulings: list[og.Ruling]
    tables: list[og.TableGrid]
    text: np.ndarray  # binary without table rulings
    pen_strokes: np.ndarray | None = None  # hand-drawn strokes erased from text (dilated a little)
    marked: list[tuple[int, int, int]] = field(default_factory=list)  # (table, row, col) of cells that held one


def _binarise(gray: np.ndarray, glyph: float | None = None) -> tuple[np.ndarray, float]:
    """The page's binary image at a background scale of three glyphs, and the glyph height.

    Without a glyph height a rough binarisation (background scale from the page size) measures it.
    """
    if glyph is None:
        glyph = og.binary_to_glyph_height(og.gray_to_binary(gray))
    if glyph < og.MIN_GLYPH_PX:
        return np.zeros_like(gray), 0.0
    binary = og.gray_to_binary(gray, glyph)
    return binary, og.binary_to_glyph_height(binary)


def _find_tables(binary: np.ndarray, glyph: float) -> _Ruled:
    h_mask, v_mask = og.binary_to_line_masks(binary, glyph)
    rulings = og.line_masks_to_rulings(h_mask, v_mask, glyph)
    candidates = og.drop_text_strokes(rulings, binary, h_mask, v_mask, glyph)
    table_rulings = og.rulings_to_table_rulings(candidates, glyph)
    text = og.binary_to_text(binary, h_mask, v_mask, table_rulings, glyph)
    groups = og.rulings_to_tables(table_rulings, glyph)
    tables = [t for t in (og.table_to_grid(group, text, glyph) for group in groups) if t]
    # only the parts of rulings inside a table are lines: a stroke of a heading joined to a
    # table's vertical stays text
    inside = og.clip_rulings(table_rulings, [t.bbox for t in tables], glyph)
    if len(inside) != len(table_rulings) or inside != table_rulings:
        text = og.binary_to_text(binary, h_mask, v_mask, inside, glyph)
    return _Ruled(rulings, inside, tables, text)


def gray_to_upright(gray: np.ndarray, colour_ink: np.ndarray | None = None) -> tuple[PageImage, _Ruled | None]:
    """Turn a page so its text runs left to right, and straighten it; find its tables.

    A photo's perspective is undone first (:func:`_undo_perspective`). Quarter turns come from
    the shape of the text (lines are long along the writing direction), skew from the row
    profile. Whether the page is upside down needs OCR: a few lines are also read turned by 180°
    in the page's text batch (:func:`probe_boxes`, :func:`readings_say_upside_down`), and a page
    that reads better turned is read again turned (:func:`turn_page`). ``colour_ink`` (the mask
    of dropped seal and pen ink) follows every turn and warp of the page.
    """
    page = PageImage(gray, np.zeros_like(gray), 0.0, colour_ink=colour_ink)
    binary, glyph = _undo_perspective(page)
    gray, colour_ink = page.gray, page.colour_ink
    page.binary, page.glyph = binary, glyph
    if glyph <= 0:
        return page, None
    sideways, certainty = og.binary_to_quarter_turn(binary, glyph)
    page.orientation["quarter_turn_score"] = round(certainty, 2)
    if sideways:
        page.turns = 1
        gray = og.rotate_quarter(gray, 1)
        binary = og.rotate_quarter(binary, 1)
        colour_ink = None if colour_ink is None else og.rotate_quarter(colour_ink, 1)
        glyph = og.binary_to_glyph_height(binary)
    gray, skew, band_skews, colour_ink = _deskew(gray, binary, glyph, colour_ink)
    if band_skews:
        page.orientation["band_skews"] = band_skews
    if skew or band_skews:
        binary, glyph = _binarise(gray, glyph)
    page.gray, page.binary, page.glyph, page.skew, page.colour_ink = gray, binary, glyph, skew, colour_ink
    return page, _find_tables(binary, glyph)


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
    binary, glyph = _binarise(gray)
    if warp is None and glyph > 0:
        quad = geo.table_quad(binary, glyph)
        warp = geo.quad_to_warp(quad, (gray.shape[1], gray.shape[0]), "table frame") if quad is not None else None
    if warp is not None:
        fill = int(np.percentile(gray, 90))
        gray = warp.apply(gray, fill)
        page.colour_ink = None if page.colour_ink is None else warp.apply(page.colour_ink, 0)
        page.orientation["perspective"] = {"from": warp.source, "keystone_deg": warp.keystone_deg}
        binary, glyph = _binarise(gray, glyph or None)
    page.gray = gray
    return binary, glyph


def _deskew(gray: np.ndarray, binary: np.ndarray, glyph: float, colour_ink: np.ndarray | None = None
            ) -> tuple[np.ndarray, float, list[list[float]], np.ndarray | None]:
    """Straighten the page: one angle, or one per band when a long image stacks pages skewed apart.

    Returns the straightened image, the (median) angle applied, [top, bottom, angle] per band
    when bands were straightened separately (empty otherwise), and colour_ink straightened alike.
    """
    fill = int(np.percentile(gray, 90))
    bands = og.binary_to_bands(binary, glyph)
    skews = [og.binary_to_skew(binary[a:b], glyph) for a, b in bands] if len(bands) > 1 else []
    if len(skews) > 1 and max(skews) - min(skews) > BAND_SKEW_SPREAD:
        out = gray.copy()
        ink = None if colour_ink is None else colour_ink.copy()
        for (a, b), angle in zip(bands, skews):
            out[a:b] = og.rotate_by(gray[a:b], angle, fill=fill)
            if ink is not None and colour_ink is not None:
                ink[a:b] = og.rotate_by(colour_ink[a:b], angle, fill=0)
        return out, float(np.median(skews)), [[a, b, angle] for (a, b), angle in zip(bands, skews)], ink
    skew = og.binary_to_skew(binary, glyph)
    if not skew:
        return gray, 0.0, [], colour_ink
    return og.rotate_by(gray, skew, fill=fill), skew, [], \
        None if colour_ink is None else og.rotate_by(colour_ink, skew, fill=0)


def turn_page(page: PageImage) -> tuple[PageImage, _Ruled]:
    """The same page turned by 180° (exact), its tables found again."""
    turned = PageImage(og.rotate_quarter(page.gray, 2), og.rotate_quarter(page.binary, 2), page.glyph,
                       (page.turns + 2) % 4, page.skew, dict(page.orientation),
                       None if page.colour_ink is None else og.rotate_quarter(page.colour_ink, 2))
    return turned, _find_tables(turned.binary, turned.glyph)


def probe_boxes(candidates: list[BBox], glyph: float) -> list[int]:
    """Indices of the widest one-line boxes among candidates, to be read both ways up."""
    lines = [i for i, b in enumerate(candidates) if b.width >= 3 * glyph and b.height <= 2.2 * glyph]
    lines.sort(key=lambda i: -candidates[i].width)
    return lines[:PROBE_LINES]


def readings_say_upside_down(upright: list[Reading], turned: list[Reading], record: dict[str, Any]) -> bool:
    """Whether the lines turned by 180° read clearly better (mean confidence) than as they are."""
    up, down = _probe_score(upright), _probe_score(turned)
    record["probe"] = {"upright": round(up, 3), "turned": round(down, 3), "lines": len(upright)}
    return bool(turned) and down > up + 0.15


def _probe_score(readings: list[Reading]) -> float:
    """Mean confidence of the readings that hold any Chinese character (0 when none does)."""
    confs = [r.confidence for r in readings if re.search(r"[\u4e00-\u9fff]", r.text)]
    return float(np.mean(confs)) * len(confs) / max(1, len(readings)) if confs else 0.0


def _crop(text: np.ndarray, box: BBox, pad: float) -> np.ndarray:
    """Dark-on-white crop of the ink image around box, with a white margin of pad pixels."""
    h, w = text.shape
    x0, y0 = max(0, int(box.x0)), max(0, int(box.top))
    x1, y1 = min(w, int(np.ceil(box.x1))), min(h, int(np.ceil(box.bottom)))
    region = 255 - text[y0:y1, x0:x1]
    p = max(2, int(pad))
    return cv2.copyMakeBorder(region, p, p, p, p, cv2.BORDER_CONSTANT, value=255)


@dataclass
class _CellJob:
    """One cell to read: where its ink is and which readers see it."""

    table: int
    box: og.CellBox
    ink: BBox | None
    kind: Literal["empty", "text", "vertical"]
    digits: bool  # a one-line, narrow ink box: read as a number first
    pen_mark: bool = False  # a hand-drawn stroke was erased from it
    readings: dict[str, Reading] = field(default_factory=dict)


def _drop_colour_residue(ruled: _Ruled, colour_ink: np.ndarray, glyph: float) -> np.ndarray:
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


def _erase_pen_strokes(tables: list[og.TableGrid], ruled: _Ruled, glyph: float) -> set[tuple[int, int, int]]:
    """Erase hand-drawn strokes from the cells' ink (once per page); (table, row, col) of cells that held one."""
    if ruled.pen_strokes is not None:
        return set(ruled.marked)
    before = ruled.text.copy()
    ruled.marked = []
    for t, table in enumerate(tables):
        thickness = max((r.thickness for r in table.rulings), default=2.0)
        hit = og.erase_pen_strokes(ruled.text, [b.bbox for b in table.cells], glyph, thickness / 2 + 1)
        ruled.marked += [(t, table.cells[i].row, table.cells[i].col) for i in hit]
    ruled.pen_strokes = cv2.dilate(cv2.subtract(before, ruled.text), np.ones((3, 3), np.uint8))
    return set(ruled.marked)


def _cell_jobs(tables: list[og.TableGrid], text: np.ndarray, glyph: float) -> list[_CellJob]:
    jobs = []
    for t, table in enumerate(tables):
        thickness = max((r.thickness for r in table.rulings), default=2.0)
        for box in table.cells:
            ink = og.cell_to_ink_box(text, box.bbox, glyph, inset=thickness / 2 + 1)
            if ink is None:
                jobs.append(_CellJob(t, box, None, "empty", False))
                continue
            vertical = ink.height >= max(VERTICAL_ASPECT * ink.width, 2.5 * glyph) and ink.width <= 2.0 * glyph
            digits = not vertical and ink.height <= DIGITS_MAX_HEIGHT * glyph and ink.width <= DIGITS_MAX_WIDTH * glyph
            jobs.append(_CellJob(t, box, ink, "vertical" if vertical else "text", digits))
    return jobs


def _digits_sure(job: _CellJob, threshold: float) -> bool:
    """Both views read the same number with good confidence: no need for the Chinese model."""
    d1, d2 = job.readings.get("d1"), job.readings.get("d2")
    if d1 is None or d2 is None:
        return False
    n1 = normalise_number(d1.text)
    # a decimal may be money printed with its unit (1.4亿元), which the digits-only reader turns
    # into more digits (1.427): the Chinese model has to see it
    return n1 is not None and n1 == normalise_number(d2.text) and min(d1.confidence, d2.confidence) >= threshold \
        and "." not in n1


def _agreeing(confidences: list[float]) -> float:
    """Confidence of a reading several independent views agree on: 1 - Π(1 - c), at most 0.999."""
    doubt = float(np.prod([1.0 - min(max(c, 0.0), 1.0) for c in confidences]))
    return round(min(0.999, 1.0 - doubt), 3)


def _read_cells(jobs: list[_CellJob], text: np.ndarray, alt_text: np.ndarray, gray_ink: np.ndarray,
                extra_text: list[np.ndarray], engine: OcrEngine, glyph: float) -> list[Reading]:
    """Read every cell in batches; returns the readings of `extra_text` crops (prose, probe).

    Round 1, in parallel: the digits reader on number-shaped cells (both binarisations), the
    Chinese reader on the other cells (vertical labels laid out as a row) and the extra crops.
    Round 2, only what round 1 left open, one batch per model: the Chinese reader on number-shaped
    cells the digits reader was not sure of (short labels such as 总计, numbers read two ways),
    and on the own-threshold crops of cells that lost a faint stroke (:func:`_faint_stroke_views`)
    whose first reading is no label of the report; the vertical reader on vertical labels whose
    row reading is no label of the report. A crop is never read twice by the same model.
    """
    pad = 0.35 * glyph
    text_jobs = [j for j in jobs if j.kind == "text" and not j.digits]
    vertical_jobs = [j for j in jobs if j.kind == "vertical"]
    digit_jobs = [j for j in jobs if j.digits]
    vertical_crops = [_crop(text, j.ink, pad) for j in vertical_jobs if j.ink]
    text_crops = [_crop(text, j.ink, pad) for j in text_jobs if j.ink] + \
        [og.vertical_crop_to_row(c) for c in vertical_crops] + extra_text
    digit_crops = [_crop(text, j.ink, pad) for j in digit_jobs if j.ink] + \
        [_crop(alt_text, j.ink, pad) for j in digit_jobs if j.ink]
    with ThreadPoolExecutor(max_workers=2) as pool:
        f_digits = pool.submit(engine.read, digit_crops, "digits")
        # a long text batch is split in two so both workers share it (with a second CPU)
        cut = _balanced_cut(text_crops) if len(text_crops) >= SPLIT_TEXT_BATCH and _cpus() > 1 else len(text_crops)
        f_text = [pool.submit(engine.read, part, "text") for part in (text_crops[:cut], text_crops[cut:]) if part]
        digit_readings = f_digits.result()
        text_readings = [r for f in f_text for r in f.result()]
    for k, j in enumerate(digit_jobs):
        j.readings.update(d1=digit_readings[k], d2=digit_readings[len(digit_jobs) + k])
    for j, r in zip(text_jobs, text_readings):
        j.readings["text"] = r
    for j, row in zip(vertical_jobs, text_readings[len(text_jobs):]):
        j.readings["row"] = row
    sure = getattr(engine, "sure_digits", SURE_DIGITS)
    unsure = [j for j in digit_jobs if not _digits_sure(j, sure)]
    unknown = [j for j in text_jobs if not _is_known_label(j.readings["text"].text)]
    faint = _faint_stroke_views(unsure + unknown, text, gray_ink, pad, glyph)
    vertical_open = [j for j in vertical_jobs if j.ink is not None and not _is_known_label(j.readings["row"].text)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        f_again = pool.submit(engine.read, [_crop(text, j.ink, pad) for j in unsure if j.ink] +
                              [view for _, view in faint], "text")
        f_vertical = pool.submit(engine.read, [_crop(text, j.ink, pad) for j in vertical_open if j.ink], "vertical")
        again, vertical_readings = f_again.result(), f_vertical.result()
    for j, r in zip(unsure, again):
        j.readings["text"] = r
    for j, r in zip(vertical_open, vertical_readings):
        j.readings["vertical"] = r
    for (j, _), r in zip(faint, again[len(unsure):]):
        _prefer_known_label(j, r)
    _rescue_blank_readings(digit_jobs, text, engine, pad)
    return text_readings[len(text_jobs) + len(vertical_jobs):]


def _rescue_blank_readings(jobs: list[_CellJob], text: np.ndarray, engine: OcrEngine, pad: float) -> None:
    """Cells with ink that no reader read at all get one more try by another engine.

    RapidOCR's recogniser drops a lone '0' in some fonts; Tesseract's digits reader, when
    installed, reads it. (Tesseract's own misses have been read three ways already.)
    """
    blank = [j for j in jobs if j.ink is not None and j.readings and not any(r.text for r in j.readings.values())]
    if not blank or engine.name == "tesseract" or not _tesseract_available():
        return
    from .engines import TesseractEngine

    for j, r in zip(blank, TesseractEngine().read([_crop(text, j.ink, pad) for j in blank if j.ink], "digits")):
        j.readings["rescue"] = r


def _faint_stroke_views(jobs: list[_CellJob], text: np.ndarray, gray_ink: np.ndarray, pad: float,
                        glyph: float) -> list[tuple[_CellJob, np.ndarray]]:
    """The cells whose crop binarised at its own threshold holds strokes the page's binarisation
    dropped, each with that crop.

    The page is binarised at one threshold; a thin stroke printed grey (the top bar of 二 at
    150 dpi) can fall below it and leave a speck, so 第二十条 reads 第一十条 and table 二 is never
    found. The cell's own threshold keeps the stroke. Only these crops are read twice: growing
    faint ink on the whole page breaks ruling detection, and reading every cell twice costs time.
    """
    views = [(j, j.ink, _own_threshold_crop(gray_ink, j.ink, pad)) for j in jobs if j.ink is not None]
    return [(j, view) for j, ink, view in views if _has_recovered_stroke(_crop(text, ink, pad), view, glyph)]


def _has_recovered_stroke(binary_crop: np.ndarray, view: np.ndarray, glyph: float) -> bool:
    """Whether view holds ink FAINT_STROKE glyphs long or more that binary_crop lacks.

    Ink within a pixel of the binary crop's is edge growth of strokes both views have, not a stroke.
    """
    kept = cv2.dilate((binary_crop < 128).astype(np.uint8), np.ones((3, 3), np.uint8))
    recovered = ((view < 128) & (kept == 0)).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(recovered, connectivity=8)
    return any(max(s[cv2.CC_STAT_WIDTH], s[cv2.CC_STAT_HEIGHT]) >= FAINT_STROKE * glyph for s in stats[1:])


def _prefer_known_label(job: _CellJob, second: Reading) -> None:
    """Take the second view's reading (kept as ``second_view``) when it is a label of the report
    tables and the first reading is not, and both read about the same text.

    Elsewhere the page's binarisation reads as well or better (its own threshold thickens some
    strokes and thins others), so the first reading stays.
    """
    job.readings["second_view"] = second
    first = job.readings.get("text")
    if first is not None and not _is_known_label(first.text) and _is_known_label(second.text) \
            and label_similarity(first.text, second.text) >= SAME_TEXT:
        job.readings["text"] = second


@lru_cache(maxsize=1)
def _known_label_keys() -> frozenset[str]:
    return frozenset(_label_key(label) for label in report_labels())


def _label_key(text: str) -> str:
    """The Chinese characters of a normalised label: OCR's brackets, ordinals' dots and spaces vary."""
    return "".join(_CJK.findall(normalize_label(text)))


def _is_known_label(text: str) -> bool:
    return _label_key(text) in _known_label_keys()


def _own_threshold_crop(gray_ink: np.ndarray, box: BBox, pad: float) -> np.ndarray:
    """The cell's crop of the grey page (ink bright, rulings blanked), dark on white, binarised at
    its own Otsu threshold.

    Rulings are blanked before cropping: their grey edges in the margin read as strokes ('人0').
    """
    _, binary = cv2.threshold(_crop(gray_ink, box, pad), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def _tesseract_available() -> bool:
    import shutil

    return shutil.which("tesseract") is not None


def _cpus() -> int:
    """CPUs this process may run on: splitting a batch in two only pays with a second one."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _balanced_cut(crops: list[np.ndarray]) -> int:
    """Where to cut a batch so both halves hold about the same ink width (the engine's cost)."""
    widths = np.cumsum([c.shape[1] * max(1, c.shape[0] // 40) for c in crops])
    return int(np.searchsorted(widths, widths[-1] / 2)) + 1 if len(widths) else 0


def page_to_grids_and_text(page: PageImage, ruled: _Ruled | None, page_no: int, engine: OcrEngine,
                           find_tables: bool = True, probe: bool = False) -> tuple[list[Grid], str, dict[str, Any]]:
    """OCR one upright page: cells of every table (batched by kind) and the prose around them.

    With ``probe``, a few lines are also read turned by 180° in the same batch; when they read
    better, ``debug["upside_down"]`` is True (and nothing else is returned): the caller turns
    the page and reads it again.
    """
    debug: dict[str, Any] = {"size": (page.gray.shape[1], page.gray.shape[0]), "glyph": round(page.glyph, 1)}
    if ruled is None or page.glyph <= 0:
        return [], "", debug
    g = page.glyph
    tables = ruled.tables if find_tables else []
    lines = og.rulings_to_mask(ruled.table_rulings, page.gray.shape, g)
    marked = _erase_pen_strokes(tables, ruled, g)
    if marked and ruled.pen_strokes is not None:  # the second views must not see the strokes either
        lines = cv2.bitwise_or(lines, ruled.pen_strokes)
    if page.colour_ink is not None:
        lines = cv2.bitwise_or(lines, _drop_colour_residue(ruled, page.colour_ink, g))
    gray_ink = cv2.subtract(255 - page.gray, lines)  # ink as bright, rulings blanked, grey kept
    if getattr(engine, "second_view", "adaptive") == "gray":
        alt_text = gray_ink
    else:
        alt_text = cv2.subtract(og.gray_to_binary_adaptive(page.gray, g), lines)
    jobs = _cell_jobs(tables, ruled.text, g)
    for j in jobs:
        j.pen_mark = (j.table, j.box.row, j.box.col) in marked
    prose_boxes = og.text_to_prose_lines(ruled.text, [t.bbox for t in tables], g)
    prose_crops = [_crop(ruled.text, b, 0.35 * g) for b in prose_boxes]
    # lines to read turned by 180° as well: prose lines, or the labels of a page that is all table
    label_boxes = [j.ink for j in jobs if j.kind == "text" and not j.digits and j.ink]
    probe_from = prose_boxes if len(probe_boxes(prose_boxes, g)) >= 2 else label_boxes
    probe_idx = probe_boxes(probe_from, g) if probe else []
    probes = [og.rotate_quarter(_crop(ruled.text, BBox(b.x0, b.top, min(b.x1, b.x0 + PROBE_WIDTH * g), b.bottom),
                                      0.35 * g), 2) for b in (probe_from[i] for i in probe_idx)]
    if engine.deadline is not None:
        engine.deadline.check_now(f"OCR of page {page_no}")  # the page analysed; its reading is the long part
    started = time.perf_counter()
    extra = _read_cells(jobs, ruled.text, alt_text, gray_ink, prose_crops + probes, engine, g)
    debug["ocr_s"] = round(time.perf_counter() - started, 3)
    debug["n_crops"] = {"cells": sum(j.ink is not None for j in jobs), "prose_lines": len(prose_crops),
                        "digit_cells": sum(1 for j in jobs if j.digits),
                        "second_round": sum(1 for j in jobs if j.digits and "text" in j.readings),
                        "faint_views": sum(1 for j in jobs if "second_view" in j.readings),
                        "labels_mended": sum(1 for j in jobs if "second_view" in j.readings
                                             and j.readings["second_view"] is j.readings["text"])}
    if probe_from is prose_boxes:
        upright = [extra[i] for i in probe_idx]
    else:
        label_readings = [j.readings["text"] for j in jobs if j.kind == "text" and not j.digits and j.ink]
        upright = [label_readings[i] for i in probe_idx]
    if probes and readings_say_upside_down(upright, extra[len(prose_crops):], page.orientation):
        debug["upside_down"] = True
        return [], "", debug
    grids = [_table_to_grid(t, table, [j for j in jobs if j.table == t], page, page_no, debug["size"],
                            og.stroke_crossings(ruled.text, table.rulings, g))
             for t, table in enumerate(tables)]
    prose = "\n".join(r.text.replace("\n", "") for r in extra[:len(prose_crops)] if r.text)
    debug["prose_lines"] = [b.as_list() for b in prose_boxes]
    return grids, prose, debug


def _table_to_grid(t: int, table: og.TableGrid, jobs: list[_CellJob], page: PageImage, page_no: int,
                   size: tuple[int, int], crossings: list[tuple[float, float]]) -> Grid:
    cells = []
    kinds = {}
    for j in jobs:
        text, conf, alts, kind = _decide_cell(j, page.glyph)
        kinds[f"{j.box.row},{j.box.col}"] = kind
        cells.append(GridCell(row=j.box.row, col=j.box.col, text=text, rowspan=j.box.rowspan,
                              colspan=j.box.colspan, bbox=j.box.bbox, page=page_no,
                              confidence=conf, alternatives=alts,
                              notes=_cell_notes(j, table, page, crossings)))
    debug = {
        "method": "ocr-lattice", "table_index": t, "page_size": size, "glyph": round(page.glyph, 1),
        "rulings": [r.as_list(1) for r in table.rulings], "row_lines": [round(y, 1) for y in table.row_lines],
        "col_lines": [round(x, 1) for x in table.col_lines], "inferred": table.inferred,
        "cell_kinds": kinds, "ink_boxes": {f"{j.box.row},{j.box.col}": j.ink.as_list() for j in jobs if j.ink},
        "rotation": page.turns * 90, "skew": page.skew,
    }
    return Grid(cells=cells, source="ocr", page=page_no, bbox=table.bbox, debug=debug)


def _cell_notes(job: _CellJob, table: og.TableGrid, page: PageImage,
                crossings: list[tuple[float, float]]) -> tuple[str, ...]:
    """Why a cell's reading deserves a second look: coloured ink dropped over it, a pen stroke
    crossing its rulings, a separator beside it that exists only by joining a broken ruling
    (:data:`gktables.layout.CELL_NOTES`)."""
    notes = []
    if page.colour_ink is not None and _under_colour_ink(job, page.colour_ink, page.glyph):
        notes.append("ocr_stamp_overlap")
    b, m = job.box.bbox, 0.3 * page.glyph
    if job.pen_mark or any(b.x0 - m <= x <= b.x1 + m and b.top - m <= y <= b.bottom + m for x, y in crossings):
        notes.append("ocr_pen_mark")
    if table.cell_beside_repair(job.box):
        notes.append("ocr_repaired_line")
    return tuple(notes)


def _under_colour_ink(job: _CellJob, colour_ink: np.ndarray, glyph: float) -> bool:
    """Whether dropped coloured ink touches the cell's own ink (or covers a fair part of an empty cell).

    Ink of a seal that only passes through a cell's blank margin changes nothing that was read.
    """
    if job.ink is not None:
        pad = 0.25 * glyph
        box = BBox(job.ink.x0 - pad, job.ink.top - pad, job.ink.x1 + pad, job.ink.bottom + pad)
        limit = max(12.0, 0.05 * glyph * glyph)
    else:
        box = job.box.bbox
        limit = max(12.0, 0.1 * box.width * box.height)
    y0, y1 = max(0, int(box.top)), max(0, int(box.bottom))
    x0, x1 = max(0, int(box.x0)), max(0, int(box.x1))
    return bool(np.count_nonzero(colour_ink[y0:y1, x0:x1]) >= limit)


def normalise_number(text: str) -> str | None:
    """The reading as a number if it looks like one after mending OCR confusions (O→0, l→1, －→-)."""
    s = re.sub(r"\s+", "", text).translate(_CONFUSABLE_DIGITS)
    s = re.sub(r"^[一—–－-]+(?=\S*\d)", "-", s)  # a minus read as 一
    s = s.replace(",", "") if re.fullmatch(r"[+\-]?\d{1,3}(,\d{3})+(\.\d+)?\D*", s) else s
    return s if _NUMBER.match(s) and any(ch.isdigit() for ch in text.translate(_CONFUSABLE_DIGITS)) else None


def _decide_cell(job: _CellJob, glyph: float) -> tuple[str, float, tuple[str, ...], str]:
    """(text, confidence, alternatives, kind) of one cell from its readings."""
    r = job.readings
    if job.kind == "empty" or job.ink is None:
        return "", EMPTY_CONFIDENCE, (), "empty"
    if job.kind == "vertical":
        readings = [x for x in (r.get("vertical"), r.get("row")) if x and x.text]
        if not readings:
            return "", 0.0, (), "vertical"
        readings.sort(key=lambda x: -x.confidence)
        best = readings[0]
        alts = tuple(dict.fromkeys(x.text for x in readings[1:] if x.text != best.text))
        return best.text, best.confidence, alts, "vertical"
    t: Reading = r.get("text", Reading("", 0.0))
    if not job.digits:
        return t.text, t.confidence if t.text else 0.0, (), "text"
    d1: Reading = r["d1"]
    d2: Reading = r["d2"]
    n1, n2 = normalise_number(d1.text), normalise_number(d2.text)
    if "text" not in r:  # the digits reader was sure (both views agree)
        return n1 or d1.text, _agreeing([d1.confidence, d2.confidence]), (), "number"
    stripped = re.sub(r"\s+", "", t.text)
    if stripped in DASHES and job.ink.height <= 0.35 * glyph:
        return "—", max(t.confidence, 0.9), (), "dash"
    if stripped in BLANK_LOOKALIKES and n1 is None and n2 is None:  # 无 read as 天
        return BLANK_LOOKALIKES[stripped], min(t.confidence, 0.8), (stripped,), "text"
    as_number = normalise_number(t.text)
    digit_numbers = {n for n in (n1, n2) if n is not None}
    digits_one_number = len(digit_numbers) == 1 and max(d1.confidence, d2.confidence) >= SURE_DIGITS - 0.2
    if as_number is None and stripped:
        # digits among marks ('1】', '1L1'): a number misread, the digits readers decide
        garbled_number = not re.search(r"[\u4e00-\u9fff]", stripped) and bool(re.search(r"\d", stripped)) \
            and not (stripped[0] in "/／" and not digit_numbers)  # '/7': a blank mark and a speck
        # a lone digit read as a look-alike character by the Chinese model ('1' as 了 or 工)
        lone_misread = (len(stripped) <= 2 and t.confidence < 0.6) or stripped in DIGIT_LOOKALIKES
        # the Chinese model's lone character at almost no confidence is no reading at all
        no_reading = len(stripped) <= 2 and t.confidence < 0.3 and bool(digit_numbers)
        if not (garbled_number or (lone_misread and digits_one_number) or no_reading):
            # words ('总计', '/', '无'): keep them; offer the digits readers' number if they agree
            if stripped[0] in "/／" and not digit_numbers:
                return "/", min(t.confidence, 0.8), (t.text,) if stripped != "/" else (), "text"
            return t.text, t.confidence, (n1,) if n1 is not None and n1 == n2 else (), "text"
    number_text = as_number or ""
    unit = re.search(r"(万元|亿元|万|亿|元)$", number_text)
    numbers: list[tuple[str, float]] = []  # (number, confidence) from each reader that read one
    for v, c in ((n1, d1.confidence), (n2, d2.confidence)):
        if v is not None:
            if unit:
                figures = number_text[:unit.start()]
                if v != figures and v.startswith(figures):
                    v = figures  # the digits reader read the unit's glyphs as more digits
                if not v.endswith(unit.group(1)):
                    v += unit.group(1)
            numbers.append((v, c))
    if as_number is not None:
        numbers.append((as_number, t.confidence))
    rescue = normalise_number(r["rescue"].text) if "rescue" in r else None
    if not numbers and rescue is not None:  # only the other engine read it: take it, with doubt
        return rescue, round(min(r["rescue"].confidence, 0.7), 3), (), "number"
    if not numbers:
        # ink that no reader could turn into a number: say so, never guess
        return t.text or d1.text, 0.0, (), "number"
    if as_number is None and stripped:  # the Chinese model saw no number: doubt stays
        numbers = [(v, min(c, 0.6)) for v, c in numbers]
    votes: dict[str, float] = {}
    for v, c in numbers:
        votes[v] = votes.get(v, 0.0) + c + 0.1  # confidence-weighted; agreement adds a little
    ranked = sorted(votes, key=lambda v: -votes[v])
    winner = ranked[0]
    agreeing = [c for v, c in numbers if v == winner]
    if len(ranked) == 1:
        conf = _agreeing(agreeing) if len(numbers) >= 2 else min(agreeing)
    else:  # readers disagree: below any sensible threshold, the alternatives say what else it may be
        conf = min(min(agreeing), 0.4 + 0.4 * len(agreeing) / len(numbers))
    return winner, round(conf, 3), tuple(ranked[1:]), "number"


# --------------------------------------------------------------------------------------------
# document


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (Tesseract runs as a child process)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
        binary, glyph = _binarise(gray)
        cut = geo.split_two_up(binary, glyph) if glyph > 0 and not og.binary_to_quarter_turn(binary, glyph)[0] \
            else None
        if cut is None:
            yield scan, ""
            continue
        for where, part in (("left", slice(0, cut)), ("right", slice(cut, None))):
            ink = None if scan.colour_ink is None else scan.colour_ink[:, part]
            yield ScanImage(gray[:, part].copy(), ink), where


def _grays_to_layout(grays: Iterator[ScanImage], name: str, settings: Settings, debug: dict[str, Any],
                     clock: Deadline) -> Layout:
    engine = make_engine(settings.ocr_engine)
    engine.deadline = clock  # Tesseract is stopped when the document's time runs out
    grids: list[Grid] = []
    texts: list[str] = []
    pages: dict[int, dict[str, Any]] = {}
    images: dict[int, np.ndarray] = {}
    n_pages = 0
    for index, (scan, half) in enumerate(split_two_up(grays)):
        gray = scan.gray
        page_no = index + 1
        n_pages = page_no
        clock.check_now(f"OCR of page {page_no}")
        started, cpu_started = time.perf_counter(), _cpu_seconds()
        page, ruled = gray_to_upright(gray, scan.colour_ink)
        clock.check_now(f"OCR of page {page_no}")
        analysed = time.perf_counter()
        find_tables = page_no <= settings.max_pages
        page_grids, prose, page_debug = page_to_grids_and_text(page, ruled, page_no, engine, find_tables, probe=True)
        if page_debug.get("upside_down"):
            clock.check_now(f"OCR of page {page_no}")
            page, ruled = turn_page(page)
            page_grids, prose, page_debug = page_to_grids_and_text(page, ruled, page_no, engine, find_tables)
        done = time.perf_counter()
        ocr_s = page_debug.get("ocr_s", 0.0)
        page_debug.update({
            "input_size": (gray.shape[1], gray.shape[0]), "binary_size": (page.binary.shape[1], page.binary.shape[0]),
            "rotation": page.turns * 90, "skew": page.skew, "orientation": page.orientation, "half": half,
            "n_rulings": len(ruled.rulings) if ruled else 0, "n_tables": len(page_grids),
            "rulings": [r.as_list(1) for r in ruled.rulings] if ruled else [],  # all found, tables' or not
            "timings": {"analysis_s": round(analysed - started, 3),
                        "cells_and_ocr_s": round(done - analysed, 3), "ocr_s": ocr_s,
                        "total_s": round(done - started, 3),
                        "cpu_s": round(_cpu_seconds() - cpu_started, 3)},  # ours and the engine processes
        })
        for grid in page_grids:
            grid.debug["timings"] = page_debug["timings"]
        pages[page_no] = page_debug
        if settings.keep_debug:
            images[page_no] = page.gray
        grids.extend(page_grids)
        texts.append(prose)
        log.debug("%s page %d: %d grid(s) in %.2f s", name, page_no, len(page_grids), done - started)
    debug.update({"engine": engine.name, "pages": pages})
    if settings.keep_debug:
        debug["images"] = images
    return Layout(source="ocr", grids=grids, text="\n".join(texts), n_pages=n_pages, debug=debug)
