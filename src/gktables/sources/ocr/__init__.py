"""Scans and photos: page image → upright, deskewed grid of cells read by an OCR engine (see ``reader``)."""

from .decode import image_bytes_to_grays
from .reader import page_to_grids_and_text, read_image, read_scanned_pdf
from .upright import gray_to_upright

__all__ = ["read_image", "read_scanned_pdf", "gray_to_upright", "image_bytes_to_grays", "page_to_grids_and_text"]
