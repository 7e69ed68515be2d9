"""Scans and photos: page image → upright, deskewed grid of cells read by an OCR engine (see ``reader``)."""

from .reader import gray_to_upright, image_bytes_to_grays, page_to_grids_and_text, read_image, read_scanned_pdf

__all__ = ["read_image", "read_scanned_pdf", "gray_to_upright", "image_bytes_to_grays", "page_to_grids_and_text"]
