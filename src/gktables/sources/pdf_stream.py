"""Tables without full rulings: columns from the alignment of number words (stub)."""
from __future__ import annotations


def chars_to_stream_grids(chars, h_rulings, tol, page, page_size):
    return [], list(chars)
