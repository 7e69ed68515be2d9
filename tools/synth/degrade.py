"""Scans as they really arrive: phone photos, stamped colour scans, faint toner, 150 dpi, halftone,
pen marks, turned pages and two pages on one image. Deterministic by seed (numpy + OpenCV).

    python -m tools.synth.degrade --pdf report.pdf --family photo --seed 3 --out photo.tif
    python -m tools.synth.degrade --pdf golden/real/hongze_2023.pdf --examples 4 --seed 7 --out golden/scans

Each family turns the clean RGB renderings of a PDF's pages into the images a user would hand us
and writes them as one multi-page TIFF (JPEG-compressed frames, as phones and scanners make them),
which :func:`gktables.sources.ocr.read_image` reads frame by frame. Where a family puts ink over
the table (a seal, a pen mark) it records the page and box in the returned :class:`Degraded`, so a
benchmark can tell a misread under a stamp from any other.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FAMILIES = ("photo", "stamp", "faint", "gray150", "halftone", "handmark", "turned", "twoup")
DPI = {"gray150": 150, "halftone": 300}  # render resolution; 200 dpi for the others
CJK_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
SEAL_RED = (214, 38, 48)
PEN_BLUE = (38, 60, 170)


@dataclass
class Degraded:
    """The pages of one degraded document and what was drawn over them."""

    pages: list[np.ndarray]  # RGB or grey uint8
    dpi: int
    marks: list[tuple[int, str, list[float]]] = field(default_factory=list)  # (page 1-based, what, box)


# --------------------------------------------------------------------------------------------
# rendering and page geometry


def render_pages(pdf: Path, dpi: int) -> list[np.ndarray]:
    """RGB renderings of every page at dpi."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [np.asarray(page.render(scale=dpi / 72).to_pil().convert("RGB")).copy() for page in doc]
    finally:
        doc.close()


def table_boxes(rgb: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1) of the ruled tables on a clean page: the large components of its long lines."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (gray < 160).astype(np.uint8) * 255
    long = max(40, rgb.shape[1] // 12)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, long), np.uint8))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((long // 2, 1), np.uint8))
    n, _, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_or(h, v), connectivity=8)
    return [(int(x), int(y), int(x + w), int(y + hh)) for x, y, w, hh, _ in stats[1:]
            if w > rgb.shape[1] // 4 and hh > long // 2]


def ruling_mask(rgb: np.ndarray) -> np.ndarray:
    """Pixels of the long horizontal and vertical lines of a clean page."""
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    ink = (gray < 160).astype(np.uint8) * 255
    long = max(30, rgb.shape[1] // 20)
    h = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, long), np.uint8))
    v = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((long, 1), np.uint8))
    return cv2.bitwise_or(h, v)


def perspective_photo(rgb: np.ndarray, rng: np.random.Generator, max_tilt: float = 15.0,
                      background: tuple[int, int, int] = (70, 64, 58)) -> np.ndarray:
    """The page lying on a desk, photographed at up to max_tilt degrees off square (keystone) and
    turned a little; the desk shows around it."""
    h, w = rgb.shape[:2]
    margin = int(0.06 * max(h, w))
    canvas = cv2.copyMakeBorder(rgb, margin, margin, margin, margin, cv2.BORDER_CONSTANT, value=background)
    tilt = math.radians(rng.uniform(0.3, 1.0) * max_tilt)
    shrink = 0.5 * math.sin(tilt) * 0.35  # the far edge looks shorter by about this share on each side
    turn = math.radians(rng.uniform(-4, 4))
    src = np.float32([[margin, margin], [margin + w, margin], [margin + w, margin + h], [margin, margin + h]])
    dst = src.copy()
    far_top = rng.random() < 0.5
    edge = (0, 1) if far_top else (3, 2)
    dst[edge[0], 0] += shrink * w
    dst[edge[1], 0] -= shrink * w
    if rng.random() < 0.4:  # a side tilt too
        side = (0, 3) if rng.random() < 0.5 else (1, 2)
        sign = 1 if side[0] == 0 else -1
        dst[side[0], 1] += sign * 0 + 0.5 * shrink * h
        dst[side[1], 1] -= 0.5 * shrink * h
    centre = np.float32([canvas.shape[1] / 2, canvas.shape[0] / 2])
    rot = np.float32([[math.cos(turn), -math.sin(turn)], [math.sin(turn), math.cos(turn)]])
    dst = (dst - centre) @ rot.T + centre
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    return cv2.warpPerspective(canvas, m, (canvas.shape[1], canvas.shape[0]), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=background)


def curl(image: np.ndarray, rng: np.random.Generator, amplitude: float = 0.004) -> np.ndarray:
    """A slight page curl: rows bend by up to amplitude × height, most near one edge."""
    h, w = image.shape[:2]
    a = amplitude * h * rng.uniform(0.5, 1.0)
    xs = np.arange(w, dtype=np.float32)
    bend = a * (xs / w) ** 2 if rng.random() < 0.5 else a * (1 - xs / w) ** 2
    map_x = np.tile(xs, (h, 1))
    map_y = (np.arange(h, dtype=np.float32)[:, None] + bend[None, :]).astype(np.float32)
    return cv2.remap(image, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


def uneven_light(image: np.ndarray, rng: np.random.Generator, strength: float = 0.35) -> np.ndarray:
    """Light falling off across the page and a soft shadow (a hand, a phone) over one part."""
    h, w = image.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0, w), rng.uniform(0, h)
    fall = 1 - strength * 0.6 * np.hypot((xx - cx) / w, (yy - cy) / h)
    sx, sy = rng.uniform(0.1, 0.9) * w, rng.uniform(0.5, 1.0) * h
    shadow = 1 - strength * 0.5 * np.exp(-(((xx - sx) / (0.35 * w)) ** 2 + ((yy - sy) / (0.3 * h)) ** 2))
    gain = np.clip(fall * shadow, 0.45, 1.0)
    tint = np.array([1.0, rng.uniform(0.95, 0.99), rng.uniform(0.85, 0.93)], np.float32)  # warm lamp light
    out = image.astype(np.float32) * gain[..., None] * tint[None, None, :]
    return np.clip(out, 0, 255).astype(np.uint8)


def add_noise(image: np.ndarray, rng: np.random.Generator, sigma: float) -> np.ndarray:
    noisy = image.astype(np.float32) + rng.normal(0, sigma, image.shape).astype(np.float32)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def jpeg_round_trip(image: np.ndarray, quality: int) -> np.ndarray:
    ok, data = cv2.imencode(".jpg", image[..., ::-1] if image.ndim == 3 else image,
                            [cv2.IMWRITE_JPEG_QUALITY, quality])
    out = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    return out[..., ::-1].copy() if out.ndim == 3 else out


# --------------------------------------------------------------------------------------------
# ink drawn over the page


def _multiply(page: np.ndarray, layer: np.ndarray, colour: tuple[int, int, int], strength: np.ndarray) -> None:
    """Ink of colour where layer is set, multiplied over the page (black print stays black)."""
    a = (layer.astype(np.float32) / 255.0 * strength)[..., None]
    tint = np.array(colour, np.float32)[None, None, :] / 255.0
    page[:] = np.clip(page.astype(np.float32) * (1 - a + a * tint), 0, 255).astype(np.uint8)


def cjk_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The CJK font setup.sh installs (any stroke shapes do for a seal when it is missing)."""
    try:
        return ImageFont.truetype(CJK_FONT, size)
    except OSError:
        return ImageFont.load_default()


def seal_layer(size: int, rng: np.random.Generator) -> np.ndarray:
    """A round official seal (公章): ring, star and the agency's name around the rim, as a mask."""
    img = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(img)
    r = size / 2
    ring = max(3, int(size * 0.03))
    draw.ellipse([ring, ring, size - ring, size - ring], outline=255, width=ring)
    star_r = 0.22 * size
    pts = [(r + star_r * (1 if k % 2 == 0 else 0.4) * math.sin(math.pi * k / 5),
            r - star_r * (1 if k % 2 == 0 else 0.4) * math.cos(math.pi * k / 5)) for k in range(10)]
    draw.polygon(pts, fill=255)
    font = cjk_font(max(8, int(size * 0.11)))
    name = "某某县人民政府办公室"
    span = 240.0
    for i, ch in enumerate(name):  # characters along the upper rim, upright to the centre
        angle = -span / 2 + span * (i + 0.5) / len(name)
        glyph = Image.new("L", (int(size * 0.14),) * 2, 0)
        ImageDraw.Draw(glyph).text((0, 0), ch, fill=255, font=font)
        glyph = glyph.rotate(-angle, expand=True)
        gx = r + (r - 0.2 * size) * math.sin(math.radians(angle)) - glyph.width / 2
        gy = r - (r - 0.2 * size) * math.cos(math.radians(angle)) - glyph.height / 2
        img.paste(255, (int(gx), int(gy)), glyph)
    mask = np.asarray(img)
    ink = rng.uniform(0.55, 1.0, (size // 8 + 1, size // 8 + 1)).astype(np.float32)  # uneven stamp pad
    ink = cv2.resize(ink, (size, size), interpolation=cv2.INTER_CUBIC)
    return (mask * np.clip(ink, 0, 1)).astype(np.uint8)


def name_stamp_layer(w: int, h: int) -> np.ndarray:
    """A rectangular signature stamp (签章) with a name, as a mask."""
    img = Image.new("L", (w, h), 0)
    draw = ImageDraw.Draw(img)
    draw.rectangle([2, 2, w - 3, h - 3], outline=255, width=max(2, h // 14))
    font = cjk_font(int(h * 0.55))
    draw.text((int(w * 0.12), int(h * 0.18)), "张伟之印", fill=255, font=font)
    return np.asarray(img)


def pen_stroke(shape: tuple[int, int], points: np.ndarray, width: int) -> np.ndarray:
    layer = np.zeros(shape, np.uint8)
    cv2.polylines(layer, [points.astype(np.int32)], False, 255, width, cv2.LINE_AA)
    return layer


def stamp_page(page: np.ndarray, table: tuple[int, int, int, int], dpi: int, rng: np.random.Generator,
               overlap: bool) -> list[tuple[str, list[float]]]:
    """A red seal (42 mm) and a name stamp near the end of a table; over its last rows and right
    edge when ``overlap``, in the margin below it otherwise."""
    x0, y0, x1, y1 = table
    size = int(42 / 25.4 * dpi)
    if overlap:
        cx = int(x1 - rng.uniform(0.1, 0.6) * size)
        cy = int(y1 - rng.uniform(0.05, 0.4) * size)
    else:
        cx = int(rng.uniform(0.6, 0.85) * page.shape[1])
        cy = int(min(page.shape[0] - size / 2 - 5, y1 + 0.7 * size))
    seal = seal_layer(size, rng)
    marks = [_place(page, seal, cx - size // 2, cy - size // 2, SEAL_RED, "seal")]
    sw, sh = int(0.55 * size), int(0.22 * size)
    sx = int(cx - size * rng.uniform(1.0, 1.6))
    sy = int(cy + rng.uniform(-0.1, 0.3) * size)
    marks.append(_place(page, name_stamp_layer(sw, sh), sx, sy, SEAL_RED, "name_stamp"))
    pts = np.array([[sx + sw * 0.1 + k * sw * 0.08, sy - 0.35 * sh + 0.25 * sh * math.sin(k * 1.7)]
                    for k in range(11)])
    sig = pen_stroke(page.shape[:2], pts, max(2, dpi // 80))
    _multiply(page, sig, PEN_BLUE, np.float32(0.9))
    marks.append(("signature", [float(pts[:, 0].min()), float(pts[:, 1].min()),
                                float(pts[:, 0].max()), float(pts[:, 1].max())]))
    return marks


def _place(page: np.ndarray, layer: np.ndarray, x: int, y: int, colour: tuple[int, int, int],
           what: str) -> tuple[str, list[float]]:
    """Multiply layer over page at (x, y), clipped to the page; (what, box drawn)."""
    h, w = page.shape[:2]
    lh, lw = layer.shape
    a0, b0 = max(0, x), max(0, y)
    a1, b1 = min(w, x + lw), min(h, y + lh)
    if a1 > a0 and b1 > b0:
        full = np.zeros((h, w), np.uint8)
        full[b0:b1, a0:a1] = layer[b0 - y:b1 - y, a0 - x:a1 - x]
        _multiply(page, full, colour, np.float32(0.85))
    return what, [float(a0), float(b0), float(a1), float(b1)]


def value_cells(page: np.ndarray, table: tuple[int, int, int, int]) -> list[tuple[int, int, int, int]]:
    """Boxes of the table's cells (between rulings) that hold ink, from the clean page."""
    rules = ruling_mask(page)
    x0, y0, x1, y1 = table
    region = rules[y0:y1, x0:x1]
    rows = np.flatnonzero(np.count_nonzero(region, axis=1) > 0.5 * (x1 - x0))
    cols = np.flatnonzero(np.count_nonzero(region, axis=0) > 0.3 * (y1 - y0))

    def centres(idx: np.ndarray) -> list[int]:
        groups = np.split(idx, np.flatnonzero(np.diff(idx) > 3) + 1) if idx.size else []
        return [int(g.mean()) for g in groups if g.size]

    ys, xs = centres(rows), centres(cols)
    gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
    out = []
    for ya, yb in zip(ys, ys[1:]):
        for xa, xb in zip(xs, xs[1:]):
            inner = gray[y0 + ya + 4:y0 + yb - 3, x0 + xa + 4:x0 + xb - 3]
            if inner.size and (inner < 128).any():
                out.append((x0 + xa, y0 + ya, x0 + xb, y0 + yb))
    return out


def handmark_page(page: np.ndarray, table: tuple[int, int, int, int], dpi: int,
                  rng: np.random.Generator) -> list[tuple[str, list[float]]]:
    """A ballpoint tick beside or a circle around one cell's number (blue ink mostly, black sometimes)."""
    cells = value_cells(page, table)
    if not cells:
        return []
    x0, y0, x1, y1 = cells[int(rng.integers(len(cells)))]
    colour = PEN_BLUE if rng.random() < 0.7 else (40, 40, 45)
    width = max(2, dpi // 90)
    cx, cy, rw, rh = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    if rng.random() < 0.5:  # a circle, not quite closed, a little larger than the cell
        t = np.linspace(0.2, 2 * math.pi + 0.1, 40)
        pts = np.stack([cx + 1.05 * rw * np.cos(t), cy + 1.15 * rh * np.sin(t)], axis=1)
        what = "circle"
    else:  # a tick in the cell's right part, over its border
        s = 0.9 * (y1 - y0)
        bx, by = x1 - 0.6 * s, cy
        pts = np.array([[bx - 0.35 * s, by - 0.05 * s], [bx, by + 0.35 * s], [bx + 0.6 * s, by - 0.6 * s]])
        what = "tick"
    pts += rng.normal(0, 0.6, pts.shape)
    _multiply(page, pen_stroke(page.shape[:2], pts, width), colour, np.float32(0.95))
    return [(f"{what}_{'blue' if colour == PEN_BLUE else 'black'}",
             [float(pts[:, 0].min()), float(pts[:, 1].min()), float(pts[:, 0].max()), float(pts[:, 1].max())])]


# --------------------------------------------------------------------------------------------
# the families


def to_gray(rgb: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)


def family_photo(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    out = []
    for p in pages:
        img = curl(perspective_photo(p, rng), rng)
        img = uneven_light(img, rng)
        img = cv2.GaussianBlur(img, (0, 0), rng.uniform(0.5, 0.9))
        out.append(jpeg_round_trip(add_noise(img, rng, 4), int(rng.integers(60, 80))))
    return Degraded(out, 200)


def family_stamp(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    """Colour scan; the page ending the last table gets the seal and the signature stamp."""
    out = [p.copy() for p in pages]
    marks = []
    with_tables = [(i, table_boxes(p)) for i, p in enumerate(pages)]
    with_tables = [(i, boxes) for i, boxes in with_tables if boxes]
    if with_tables:
        i, boxes = with_tables[-1]
        last = max(boxes, key=lambda b: b[3])
        overlap = rng.random() < 0.7
        marks = [(i + 1, what, box) for what, box in stamp_page(out[i], last, 200, rng, overlap)]
    for k, p in enumerate(out):
        p[:] = cv2.GaussianBlur(p, (0, 0), 0.6)
        out[k] = jpeg_round_trip(add_noise(p, rng, 3), 75)
    return Degraded(out, 200, marks)


def family_faint(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    """Toner running out: light grey strokes, rulings broken into pieces."""
    out = []
    for p in pages:
        gray = to_gray(p)
        rules = ruling_mask(p)
        gaps = np.zeros_like(rules)
        h, w = gray.shape
        for _ in range(int(rng.integers(20, 45))):  # white breaks along the rulings
            y, x = int(rng.integers(0, h)), int(rng.integers(0, w))
            length = int(rng.uniform(6, 30))
            if rng.random() < 0.5:
                gaps[max(0, y - 3):y + 3, x:x + length] = 255
            else:
                gaps[y:y + length, max(0, x - 3):x + 3] = 255
        gaps = cv2.bitwise_and(gaps, cv2.dilate(rules, np.ones((3, 3), np.uint8)))
        gray = np.where(gaps > 0, 255, gray).astype(np.uint8)
        fade = rng.uniform(0.38, 0.5)
        mottle = cv2.resize(rng.uniform(0.8, 1.2, (h // 40 + 1, w // 40 + 1)).astype(np.float32), (w, h))
        ink = (255 - gray.astype(np.float32)) * fade * mottle
        gray = np.clip(255 - ink, 0, 255).astype(np.uint8)
        gray = cv2.GaussianBlur(gray, (0, 0), 0.6)
        out.append(jpeg_round_trip(add_noise(gray, rng, 3), 80))
    return Degraded(out, 200)


def family_gray150(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    out = []
    for p in pages:
        gray = cv2.GaussianBlur(to_gray(p), (0, 0), 0.5)
        out.append(jpeg_round_trip(add_noise(gray, rng, 3), 60))
    return Degraded(out, 150)


def family_halftone(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    """A printed copy scanned again: a 45° halftone screen at 300 dpi, resampled to 200 dpi (moiré)."""
    out = []
    for p in pages:
        gray = to_gray(p).astype(np.float32) / 255.0
        h, w = gray.shape
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        period = rng.uniform(3.2, 4.2)
        angle = math.radians(rng.uniform(40, 50))
        u = (xx * math.cos(angle) + yy * math.sin(angle)) * 2 * math.pi / period
        v = (-xx * math.sin(angle) + yy * math.cos(angle)) * 2 * math.pi / period
        screen = 0.5 + 0.25 * (np.cos(u) + np.cos(v))  # 0..1 threshold pattern
        tone = 0.1 + 0.88 * gray  # the copy's paper is not white, its black not black
        dots = (tone > screen).astype(np.float32)
        img = (cv2.GaussianBlur(dots, (0, 0), 0.7) * 255).astype(np.uint8)
        img = cv2.resize(img, (w * 2 // 3, h * 2 // 3), interpolation=cv2.INTER_LINEAR)
        out.append(jpeg_round_trip(add_noise(img, rng, 2), 80))
    return Degraded(out, 200)


def family_handmark(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    out = [p.copy() for p in pages]
    marks = []
    for i, p in enumerate(out):
        boxes = table_boxes(pages[i])
        if boxes and rng.random() < 0.7:
            marks += [(i + 1, what, box) for what, box in handmark_page(p, boxes[0], 200, rng)]
    return Degraded([jpeg_round_trip(add_noise(p, rng, 2), 80) for p in out], 200, marks)


def family_turned(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    """Pages fed upside down or sideways (each page its own way, some upright)."""
    codes = [None, cv2.ROTATE_180, cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE]
    out = []
    for p in pages:
        code = codes[int(rng.integers(0, 4))]
        gray = to_gray(p) if code is None else cv2.rotate(to_gray(p), code)
        out.append(jpeg_round_trip(add_noise(gray, rng, 3), 75))
    return Degraded(out, 200)


def family_twoup(pages: list[np.ndarray], rng: np.random.Generator) -> Degraded:
    """Two facing pages photographed together: side by side on one image, each a little turned."""
    out = []
    for k in range(0, len(pages), 2):
        pair = [to_gray(p) for p in pages[k:k + 2]]
        h = max(p.shape[0] for p in pair)
        gutter = int(0.03 * pair[0].shape[1])
        canvas = np.full((h + 2 * gutter, sum(p.shape[1] for p in pair) + 3 * gutter), 255, np.uint8)
        x = gutter
        for p in pair:
            m = cv2.getRotationMatrix2D((p.shape[1] / 2, p.shape[0] / 2), float(rng.uniform(-1.0, 1.0)), 1.0)
            turned = cv2.warpAffine(p, m, (p.shape[1], p.shape[0]), borderValue=255)
            canvas[gutter:gutter + p.shape[0], x:x + p.shape[1]] = turned
            x += p.shape[1] + gutter
        shade = np.linspace(1.0, rng.uniform(0.8, 0.9), canvas.shape[1], dtype=np.float32)[None, :]
        img = np.clip(canvas.astype(np.float32) * shade, 0, 255).astype(np.uint8)
        out.append(jpeg_round_trip(add_noise(img, rng, 3), 75))
    return Degraded(out, 200)


BUILDERS = {"photo": family_photo, "stamp": family_stamp, "faint": family_faint, "gray150": family_gray150,
            "halftone": family_halftone, "handmark": family_handmark, "turned": family_turned,
            "twoup": family_twoup}


def degrade_pdf(pdf: Path, family: str, seed: int) -> Degraded:
    """The pages of pdf as the family makes them, deterministic by seed."""
    if family not in BUILDERS:
        raise ValueError(f"unknown scan family {family!r}; one of {', '.join(FAMILIES)}")
    rng = np.random.default_rng([seed, FAMILIES.index(family)])
    return BUILDERS[family](render_pages(pdf, DPI.get(family, 200)), rng)


def write_tiff(doc: Degraded, out: Path, quality: int = 85) -> None:
    """One multi-page TIFF, JPEG-compressed frames (colour kept), the resolution recorded."""
    frames = [Image.fromarray(p) for p in doc.pages]
    frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="jpeg", quality=quality,
                   dpi=(doc.dpi, doc.dpi))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.synth.degrade", description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdf", type=Path, required=True)
    ap.add_argument("--family", choices=FAMILIES)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="a .tif file (a folder with --examples)")
    ap.add_argument("--examples", type=int, metavar="PAGE", help="write one JPEG per family of this page")
    args = ap.parse_args(argv)
    if args.examples:
        for path in write_examples(args.pdf, args.out, args.examples, args.seed):
            print(path)
        return 0
    if not args.family:
        ap.error("--family is needed (or --examples)")
    doc = degrade_pdf(args.pdf, args.family, args.seed)
    write_tiff(doc, args.out)
    for page, what, box in doc.marks:
        print(f"page {page}: {what} at {[round(v) for v in box]}")
    return 0



def write_examples(pdf: Path, out: Path, page: int = 4, seed: int = 7) -> list[Path]:
    """One JPEG per family of one table page of pdf (two facing pages for ``twoup``), for tests.

    Turned pages are turned by 180°; pen marks and the seal always land on the page's last table.
    """
    out.mkdir(parents=True, exist_ok=True)
    rendered: dict[int, list[np.ndarray]] = {}
    written = []
    for family in FAMILIES:
        dpi = DPI.get(family, 200)
        if dpi not in rendered:
            rendered[dpi] = render_pages(pdf, dpi)
        pages = rendered[dpi][page - 2:page] if family == "twoup" else [rendered[dpi][page - 1]]
        rng = np.random.default_rng([seed, FAMILIES.index(family)])
        if family == "turned":
            doc = Degraded([jpeg_round_trip(cv2.rotate(to_gray(pages[0]), cv2.ROTATE_180), 75)], 200)
        elif family == "stamp":  # the seal over the table's last rows and edge
            stamped = pages[0].copy()
            stamp_page(stamped, max(table_boxes(pages[0]), key=lambda b: b[3]), 200, rng, overlap=True)
            doc = Degraded([jpeg_round_trip(add_noise(cv2.GaussianBlur(stamped, (0, 0), 0.6), rng, 3), 75)], 200)
        elif family == "handmark":
            marked = pages[0].copy()
            boxes = table_boxes(pages[0])
            handmark_page(marked, max(boxes, key=lambda b: b[3]), 200, rng)
            doc = Degraded([jpeg_round_trip(marked, 80)], 200)
        else:
            doc = BUILDERS[family](pages, rng)
        path = out / f"{pdf.stem}_p{page}_{family}.jpg"
        image = doc.pages[0]
        Image.fromarray(image).save(path, "JPEG", quality=70, dpi=(doc.dpi, doc.dpi), optimize=True)
        written.append(path)
    return written


if __name__ == "__main__":
    raise SystemExit(main())
