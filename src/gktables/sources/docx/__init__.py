"""Word files (.docx; .doc/.wps through LibreOffice): tables and paragraphs → layout (see ``reader``)."""

from .reader import read_docx

__all__ = ["read_docx"]
