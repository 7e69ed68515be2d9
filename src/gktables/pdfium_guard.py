"""pdfium, one call at a time, from any thread.

pdfium is not thread-safe, not even across documents: pypdfium2's documentation forbids calls from
two threads at once, and they crash the process (a general protection fault inside libpdfium.so:
the review app's prefetch thread rendered a page while a request thread rendered another, or while
the caller opened a PDF). So every pdfium call of gktables — opening, reading, rendering, closing —
runs under :func:`pdfium_lock`, and pdfium objects are closed explicitly under it rather than left
to a finalizer in whichever thread the garbage collector runs. Separate processes (the corpus
workers) each hold their own pdfium and never wait for one another.
"""

from __future__ import annotations

import os
import threading
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image

_lock = threading.RLock()


def pdfium_lock() -> AbstractContextManager[bool]:
    """The process's pdfium lock (re-entrant: a locked helper may call another)."""
    return _lock


def _fresh_lock_in_child() -> None:
    # a fork while another thread held the lock would leave the child's copy locked for ever
    global _lock
    _lock = threading.RLock()


os.register_at_fork(after_in_child=_fresh_lock_in_child)


def render_page(page: Any, scale: float, *, grey: bool = False) -> Image.Image:
    """A pypdfium2 page rendered at ``scale`` (pixels per point) as an image that owns its pixels
    (mode ``L`` when ``grey``, else ``RGB``); pdfium's bitmap is freed before the lock is let go."""
    with pdfium_lock():
        bitmap = page.render(scale=scale, grayscale=grey)
        try:
            return bitmap.to_pil().convert("L" if grey else "RGB")  # convert copies out of the bitmap
        finally:
            bitmap.close()


__all__ = ["pdfium_lock", "render_page"]
