"""Scans of the generated PDFs: rasterised at 150/200/300 dpi with noise, blur, skew and JPEG artefacts."""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class ScanStyle:
    dpi: int
    fmt: str  # "jpeg" / "png" (pages stacked into one long image), "pdf" (image-only), "tiff" (multi-page)
    skew: float  # max |degrees| per page
    blur: float  # Gaussian radius in pixels
    noise: float  # sigma of grey-level noise
    jpeg_quality: int = 50
    bilevel: bool = False  # thresholded to black and white (fax-like), TIFF group 4
    grey_levels: int = 0  # quantise to this many grey levels (small PNGs)
    rotate_tables: bool = False  # pages holding table 三 scanned sideways (rotated 90°)


STYLES: dict[str, ScanStyle] = {
    "jpeg150_long": ScanStyle(150, "jpeg", skew=0.6, blur=0.5, noise=3, jpeg_quality=25),
    "png200_gray": ScanStyle(200, "png", skew=1.0, blur=0.6, noise=0, grey_levels=4),
    "pdf200_skew": ScanStyle(200, "pdf", skew=2.0, blur=1.0, noise=3, jpeg_quality=20),
    "tiff300_g4": ScanStyle(300, "tiff", skew=1.5, blur=0.9, noise=10, bilevel=True),
    "pdf150_rot90": ScanStyle(150, "pdf", skew=0.8, blur=0.5, noise=3, jpeg_quality=25, rotate_tables=True),
}
VARIANTS = tuple(STYLES)
EXTENSIONS = {"jpeg": "jpg", "png": "png", "pdf": "pdf", "tiff": "tif"}


def rasterise(pdf: Path, dpi: int) -> tuple[list[Image.Image], list[str]]:
    """Greyscale page images and the text of each page."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    images, texts = [], []
    for page in doc:
        images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
        texts.append(page.get_textpage().get_text_range())
    doc.close()
    return images, texts


def degrade(img: Image.Image, style: ScanStyle, rng: np.random.Generator) -> Image.Image:
    """Skew, blur, uneven paper, grey noise, speckles and JPEG artefacts on one page."""
    angle = float(rng.uniform(-style.skew, style.skew))
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if style.blur:
        img = img.filter(ImageFilter.GaussianBlur(style.blur))
    arr = np.asarray(img, dtype=np.float32)
    h, w = arr.shape
    shade = np.linspace(0, float(rng.uniform(4, 14)), w, dtype=np.float32)[None, :]  # uneven lighting
    arr = arr - shade
    if style.noise:
        arr = arr + rng.normal(0, style.noise, arr.shape).astype(np.float32)
    n_specks = int(h * w / 40000)
    ys, xs = rng.integers(0, h, n_specks), rng.integers(0, w, n_specks)
    arr[ys, xs] = rng.uniform(0, 120, n_specks)
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    img = Image.fromarray(arr, "L")
    if style.bilevel:
        return img.point(lambda v: 255 if v > 150 else 0).convert("1")
    if style.fmt in ("jpeg", "pdf"):
        return img  # artefacts come from the final JPEG encoding
    buf = io.BytesIO()  # a JPEG round trip before a lossless format, as from a scanner's firmware
    img.save(buf, "JPEG", quality=style.jpeg_quality + 20)
    img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    if style.grey_levels:  # a palette of a few greys, white included
        n = style.grey_levels
        pal = Image.new("P", (1, 1))
        pal.putpalette([round(i * 255 / (n - 1)) for i in range(n) for _ in range(3)])
        img = img.convert("RGB").quantize(palette=pal, dither=Image.Dither.NONE)
    return img


def _stack(pages: list[Image.Image]) -> Image.Image:
    """Pages one below the other, as in a long screenshot."""
    w, h = max(p.width for p in pages), sum(p.height for p in pages)
    first = pages[0]
    if first.mode == "P":
        palette = first.getpalette() or []
        out = Image.new("P", (w, h), len(palette) // 3 - 1)  # the last palette entry is white
        out.putpalette(palette)
    else:
        out = Image.new("L", (w, h), 255)
    y = 0
    for p in pages:
        out.paste(p, (0, y))
        y += p.height
    return out


def scan_pdf(pdf: Path, out: Path, style: ScanStyle, seed: int) -> list[int]:
    """Write the scan of `pdf` to `out`; returns the 1-based pages rotated by 90°."""
    rng = np.random.default_rng(seed)
    images, texts = rasterise(pdf, style.dpi)
    rotated: list[int] = []
    pages = []
    for i, (img, text) in enumerate(zip(images, texts)):
        if style.rotate_tables and "申请人情况" in text.replace("\r", "").replace("\n", ""):
            img = img.rotate(90 if rng.random() < 0.5 else -90, expand=True)
            rotated.append(i + 1)
        pages.append(degrade(img, style, rng))
    when = time.gmtime(1704067200)  # fixed dates keep equal seeds byte-identical
    if style.fmt == "jpeg":
        _stack(pages).save(out, "JPEG", quality=style.jpeg_quality, dpi=(style.dpi, style.dpi), optimize=True,
                           progressive=True)
    elif style.fmt == "png":  # few grey levels: a 2-bit palette PNG
        _stack(pages).save(out, "PNG", dpi=(style.dpi, style.dpi), bits=2)
    elif style.fmt == "tiff":
        pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:], compression="group4",
                      dpi=(style.dpi, style.dpi))
    else:
        pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=float(style.dpi),
                      quality=style.jpeg_quality, creationDate=when, modDate=when, producer="scanner",
                      creator="scanner", title="")
    return rotated
