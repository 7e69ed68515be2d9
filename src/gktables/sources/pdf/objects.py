"""PDF page → characters, ruling lines and image boxes, in top-left page coordinates.

The default extractor is pdfium (via ``pypdfium2``, installed with pdfplumber): it reads a
five-page report in a few tens of milliseconds where pdfminer needs half a second. A pdfplumber
extractor producing the same objects is kept for cross-checking (tests) and as a fallback.

Coordinates follow pdfplumber: PDF points, origin at the top-left of the page as displayed
(page /Rotate applied), y growing downwards. Nothing here decides what a table is.
"""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import dataclass, field
from collections.abc import Iterable

from ...geometry import Ruling
from ...layout import BBox

log = logging.getLogger(__name__)



@dataclass(frozen=True, slots=True)
class Char:
    """One printed glyph. ``size`` is the font size; ``upright`` is False for rotated glyphs."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    upright: bool = True

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class PageObjects:
    """What one page holds, in display coordinates. ``rulings`` is None when not extracted."""

    page: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    rulings: list[Ruling] | None = None
    images: list[BBox] = field(default_factory=list)
    unicode_errors: int = 0  # characters whose font has no usable Unicode mapping
    clips: list[BBox] = field(default_factory=list)  # rectangles text is clipped to, inside the page


# ------------------------------------------------------------------------------------------
# pdfium
# ------------------------------------------------------------------------------------------

_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mat_mul(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (PDF row-vector convention: p' = p·m·n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


class PageFrame:
    """Maps PDF user space of one page to top-left display coordinates (crop box, /Rotate)."""

    def __init__(self, cropbox: tuple[float, float, float, float], rotation: int):
        self.l, self.b, self.r, self.t = cropbox
        self.rotation = rotation % 360
        w, h = self.r - self.l, self.t - self.b
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        rot = self.rotation
        if rot == 0:
            return x - self.l, self.t - y
        if rot == 90:
            return y - self.b, x - self.l
        if rot == 180:
            return self.r - x, y - self.b
        return self.t - y, self.r - x

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        xa, ya = self.point(left, bottom)
        xb, yb = self.point(right, top)
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def page_frame(page) -> PageFrame:
    """The page's crop box and rotation, to map PDF user space to top-left page coordinates."""
    return PageFrame(tuple(page.get_cropbox()), page.get_rotation())


def pdfium_page_to_chars(page, frame: PageFrame | None = None) -> tuple[list[Char], int]:
    """All printed characters of a pdfium page (generated spaces and line breaks dropped).

    Returns the characters and the number of characters whose font lacks a Unicode mapping.
    Whitespace characters are dropped too: spacing is decided from geometry later.
    """
    import pypdfium2.raw as pdfium_c

    frame = frame or page_frame(page)
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        rect = pdfium_c.FS_RECTF()
        matrix = pdfium_c.FS_MATRIX()
        has_map_error = getattr(pdfium_c, "FPDFText_HasUnicodeMapError", None)
        chars: list[Char] = []
        errors = 0
        for i in range(n):
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            if code in (0, 0xFFFE, 0xFFFF) or pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
                continue
            ch = chr(code)
            if ch.isspace():
                continue
            if code == 0xFFFD or (has_map_error is not None and has_map_error(raw, i) == 1):
                errors += 1
            # The font size as set by Tf, scaled by the text and graphics matrices.
            size = pdfium_c.FPDFText_GetFontSize(raw, i)
            if pdfium_c.FPDFText_GetMatrix(raw, i, matrix):
                size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
            box = None
            if pdfium_c.FPDFText_GetLooseCharBox(raw, i, rect):
                box = frame.box(rect.left, rect.bottom, rect.right, rect.top)
                # pdfium's loose box ignores the matrix scale for vertical-writing fonts (WPS):
                # a box much larger than the glyph size is wrong, and the tight box is used.
                if size > 0 and max(box[2] - box[0], box[3] - box[1]) > 2.5 * size:
                    box = None
            if box is None:
                if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
                    continue
                box = frame.box(left.value, bottom.value, right.value, top.value)
            if size <= 0:
                size = max(box[2] - box[0], box[3] - box[1])
            angle = max(pdfium_c.FPDFText_GetCharAngle(raw, i), 0.0)  # -1 on error
            deg = (math.degrees(angle) + frame.rotation) % 180  # as displayed
            upright = deg < 45 or deg > 135
            chars.append(Char(ch, box[0], box[1], box[2], box[3], float(size), upright))
        return chars, errors
    finally:
        textpage.close()


def _near_white(rgba: tuple[int, int, int, int]) -> bool:
    r, g, b, a = rgba
    return a < 16 or (r > 235 and g > 235 and b > 235)


def _color(getter, obj) -> tuple[int, int, int, int]:
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return (0, 0, 0, 255)
    return (r.value, g.value, b.value, a.value)


def _subpaths(obj, matrix: _Matrix) -> Iterable[tuple[list[tuple[float, float]], bool, bool]]:
    """The path's subpaths as point lists in PDF page space: (points, closed, has_curves)."""
    import pypdfium2.raw as pdfium_c

    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed = curved = False
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        pt = _apply(matrix, x.value, y.value)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                yield points, closed, curved
            points, closed, curved = [pt], False, False
            continue
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curved = True
        points.append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            closed = True
    if len(points) > 1:
        yield points, closed, curved


def subpath_to_rulings(points: list[tuple[float, float]], closed: bool, stroked: bool, filled: bool,
                       frame: PageFrame, thin: float, skew: float) -> list[Ruling]:
    """A subpath in PDF space → rulings in display space.

    A thin visible shape (filled bar or stroked hairline rectangle) is one ruling along its long
    side; otherwise, if stroked, every axis-aligned segment is one ruling. Filled wide shapes are
    cell backgrounds and give nothing.
    """
    disp = [frame.point(px, py) for px, py in points]
    xs = [p[0] for p in disp]
    ys = [p[1] for p in disp]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, y1 - y0
    if w <= thin and h <= thin:
        return []
    if h <= thin:
        return [Ruling("h", (y0 + y1) / 2, x0, x1)]
    if w <= thin:
        return [Ruling("v", (x0 + x1) / 2, y0, y1)]
    if not stroked:
        return []
    out = []
    segs = list(zip(disp, disp[1:]))
    if closed and disp[0] != disp[-1]:
        segs.append((disp[-1], disp[0]))
    for (ax, ay), (bx, by) in segs:
        if abs(ay - by) <= skew and abs(ax - bx) > thin:
            out.append(Ruling("h", (ay + by) / 2, min(ax, bx), max(ax, bx)))
        elif abs(ax - bx) <= skew and abs(ay - by) > thin:
            out.append(Ruling("v", (ax + bx) / 2, min(ay, by), max(ay, by)))
    return out


def pdfium_page_to_rulings_and_images(page, frame: PageFrame | None = None, thin: float = 3.0,
                                      skew: float = 1.0) -> tuple[list[Ruling], list[BBox]]:
    """Visible straight lines of a pdfium page (paths, thin bars, rectangle edges) and image boxes."""
    import pypdfium2.raw as pdfium_c

    frame = frame or page_frame(page)
    rulings: list[Ruling] = []
    images: list[BBox] = []
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    forms: list[tuple[int, _Matrix]] = []  # (level, matrix to page space of its content)
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    for obj in page.get_objects(filter=kinds, max_depth=8):
        while forms and forms[-1][0] >= obj.level:
            forms.pop()
        outer = forms[-1][1] if forms else _IDENTITY
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms.append((obj.level, _mat_mul(tuple(obj.get_matrix().get()), outer)))
            continue
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            l, b, r, t = obj.get_bounds()
            if outer != _IDENTITY:
                (l, b), (r, t) = _apply(outer, l, b), _apply(outer, r, t)
            box = frame.box(min(l, r), min(b, t), max(l, r), max(b, t))
            images.append(BBox(*box))
            continue
        raw = obj.raw
        if not pdfium_c.FPDFPath_GetDrawMode(raw, fillmode, stroke):
            continue
        stroked = bool(stroke.value) and not _near_white(_color(pdfium_c.FPDFPageObj_GetStrokeColor, raw))
        filled = fillmode.value != 0 and not _near_white(_color(pdfium_c.FPDFPageObj_GetFillColor, raw))
        if not (stroked or filled):
            continue
        matrix = _mat_mul(tuple(obj.get_matrix().get()), outer)
        for points, closed, curved in _subpaths(raw, matrix):
            if curved:
                continue
            rulings.extend(subpath_to_rulings(points, closed, stroked, filled, frame, thin, skew))
    return rulings, images


def pdfium_page_to_clips(page, frame: PageFrame | None = None) -> list[BBox]:
    """The rectangles the page's text objects are clipped to, where they lie inside the page: a
    browser clips what it prints to the page's margins, so a table wider than the page loses the
    glyphs past them (13612 printed as 1361). A clip the size of the page cuts nothing and is left out."""
    import pypdfium2.raw as pdfium_c

    frame = frame or page_frame(page)
    x, y = ctypes.c_float(), ctypes.c_float()
    seen: set[tuple[float, float, float, float]] = set()
    out: list[BBox] = []
    for i in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
            continue
        clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
        if not clip or pdfium_c.FPDFClipPath_CountPaths(clip) != 1:
            continue
        xs, ys = [], []
        for j in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, 0)):
            pdfium_c.FPDFPathSegment_GetPoint(pdfium_c.FPDFClipPath_GetPathSegment(clip, 0, j), x, y)
            xs.append(x.value)
            ys.append(y.value)
        if not xs:
            continue
        key = (round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1))
        if key in seen:
            continue
        seen.add(key)
        box = BBox(*frame.box(*key))
        if box.x0 > 1.0 or box.x1 < frame.width - 1.0:
            out.append(box)
    return out


def pdfium_page_to_images(page, frame: PageFrame | None = None, max_depth: int = 4) -> list[BBox]:
    """Boxes of the page's images (also inside Form XObjects), without touching other objects."""
    import pypdfium2.raw as pdfium_c

    frame = frame or page_frame(page)
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    out: list[BBox] = []

    def walk(count, get, parent, outer: _Matrix, depth: int) -> None:
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
                (xa, ya), (xb, yb) = _apply(outer, l.value, b.value), _apply(outer, r.value, t.value)
                out.append(BBox(*frame.box(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))))
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < max_depth:
                m = pdfium_c.FS_MATRIX()
                inner = outer
                if pdfium_c.FPDFPageObj_GetMatrix(obj, m):
                    inner = _mat_mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
                walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj, inner, depth + 1)

    walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, _IDENTITY, 0)
    return out


# ------------------------------------------------------------------------------------------
# pdfplumber (cross-check and fallback)
# ------------------------------------------------------------------------------------------

def plumber_page_to_objects(page, thin: float = 3.0) -> PageObjects:
    """The same objects from a ``pdfplumber`` page (slower: pdfminer parses in Python)."""
    chars = [
        Char(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], float(c["size"]), bool(c.get("upright", True)))
        for c in page.chars if not c["text"].isspace()
    ]
    rulings: list[Ruling] = []
    for line in page.lines:
        if _plumber_white(line.get("stroking_color")):
            continue
        if abs(line["top"] - line["bottom"]) <= thin:
            rulings.append(Ruling("h", (line["top"] + line["bottom"]) / 2, line["x0"], line["x1"]))
        elif abs(line["x0"] - line["x1"]) <= thin:
            rulings.append(Ruling("v", (line["x0"] + line["x1"]) / 2, line["top"], line["bottom"]))
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        stroked = bool(rect.get("stroke")) and not _plumber_white(rect.get("stroking_color"))
        filled = bool(rect.get("fill")) and not _plumber_white(rect.get("non_stroking_color"))
        if not (stroked or filled) or (x1 - x0 <= thin and bottom - top <= thin):
            continue
        if bottom - top <= thin:
            rulings.append(Ruling("h", (top + bottom) / 2, x0, x1))
        elif x1 - x0 <= thin:
            rulings.append(Ruling("v", (x0 + x1) / 2, top, bottom))
        elif stroked:
            rulings += [Ruling("h", top, x0, x1), Ruling("h", bottom, x0, x1),
                        Ruling("v", x0, top, bottom), Ruling("v", x1, top, bottom)]
    images = [BBox(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    return PageObjects(page.page_number, float(page.width), float(page.height), chars, rulings, images)


def _plumber_white(color) -> bool:
    """pdfplumber colours: gray, RGB or CMYK tuples (or a pattern name, never white)."""
    if color is None:
        return False
    vals = list(color) if isinstance(color, (tuple, list)) else [color]
    if not vals or not all(isinstance(v, (int, float)) for v in vals):
        return False
    if len(vals) in (1, 3):
        return min(vals) > 0.92
    if len(vals) == 4:  # CMYK
        return max(vals) < 0.08
    return False
