"""Decoding scans: image files (every frame a page) and image-only PDFs to grey pages, sizes checked first.

Coloured ink (a red seal, blue pen) is dropped from the grey page and kept as a mask
(:func:`perspective.colour_to_gray`), so later stages can note cells it lay over.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import ExifTags, Image, ImageOps, ImageSequence, UnidentifiedImageError

from ...errors import CorruptFileError, EncryptedFileError, TooLargeError
from ...pdfium_guard import pdfium_lock, render_page
from ...settings import Settings
from . import perspective as geo

MEMORY_PER_PIXEL = 3  # decoded bytes allowed per pixel of max_image_pixels (an RGB frame at the limit)


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
                if index == 0 and frame.getexif().get(ExifTags.Base.Orientation, 1) != 1:
                    frame = ImageOps.exif_transpose(frame)  # (which copies the page even when upright)
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
        with pdfium_lock():
            doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFileError(name, "the PDF is password-protected; save an unprotected copy") from exc
        raise CorruptFileError(name, f"pdfium cannot open the PDF ({exc}); get a complete copy") from exc
    try:
        scale = settings.ocr_dpi / 72.0
        for index in range(len(doc)):
            yield ScanImage(*geo.colour_to_gray(np.asarray(_render(doc, index, scale, name, settings), dtype=np.uint8)))
    finally:
        with pdfium_lock():
            doc.close()


def _render(doc: Any, index: int, scale: float, name: str, settings: Settings) -> Image.Image:
    with pdfium_lock():
        page = doc[index]
        try:
            w, h = page.get_size()
            _check_pixels(int(w * scale), int(h * scale), name, settings, f"page {index + 1} at {settings.ocr_dpi} dpi")
            return render_page(page, scale)
        finally:
            page.close()
