"""Web pages: HTML tables (spans resolved) and the page's prose → layout (see ``reader``)."""

from .reader import read_html

__all__ = ["read_html"]
