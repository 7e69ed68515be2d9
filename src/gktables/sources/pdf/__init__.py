"""Born-digital PDF: page objects (chars, rulings) → grids and text lines (see ``reader``)."""

from .reader import open_pdf, page_objects_to_grids, pdf_needs_ocr, read_pdf, read_pdf_camelot

__all__ = ["read_pdf", "read_pdf_camelot", "pdf_needs_ocr", "page_objects_to_grids", "open_pdf"]
