"""All knobs in one explicit object, passed in (never read from module globals)."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from typing import Any, Literal

from .errors import SettingsError


@dataclass(frozen=True)
class Settings:
    # How to read
    force_ocr: bool = False  # OCR every PDF page even when it has a text layer
    force_text: bool = False  # treat the input as text (read its text layer / decode it) only
    ocr_engine: Literal["tesseract", "rapidocr"] = "tesseract"
    ocr_dpi: int = 200  # rasterisation of image-only PDFs: as accurate as 300 here, 40 % faster
    # PDF grids: "builtin" = gktables' own ruling (lattice) and word-alignment (stream) readers on the
    # text layer; "camelot" = camelot's lattice parser. "pdfplumber", the old name of "builtin" (it
    # named a fallback, not what the default does), is still accepted and read as "builtin".
    pdf_backend: Literal["builtin", "camelot"] = "builtin"
    # A PDF table its grids left unread or flagged is read again from the page's text lines, and
    # taken where that reading trusts more cells (a table printed without rules: a browser's print)
    pdf_text_reread: bool = True
    # Safety limits
    time_limit_s: float | None = 120.0  # per document, checked inside the work; None = no limit
    max_bytes: int = 200_000_000  # most bytes read from any input (files, pipes, file objects)
    max_text_bytes: int = 20_000_000  # text inputs (a report's text is well under 1 MB)
    max_pages: int = 400  # pages looked at for tables (prose of every page is still read)
    max_image_pixels: int = 80_000_000  # pixels of one image or rendered page (A3 at 600 dpi is 70 M); bounds memory
    max_html_bytes: int = 50_000_000
    max_docx_xml_bytes: int = 50_000_000  # largest part of a DOCX as really inflated (zip bombs); 4× in all
    # Recovery
    max_candidates: int = 50_000  # bound of the split/alignment search per table
    confidence_threshold: float = 0.9  # below this a cell counts as flagged
    require_tables: bool = False  # raise NotAReportError when no report table is found (the CLI sets it)
    # Debugging: keep page images and intermediates on the result (costs memory); tables the headers
    # alone would read also run the order alignment, so that every step can be drawn
    keep_debug: bool = False

    def __post_init__(self) -> None:
        if self.pdf_backend in _OLD_NAMES:  # the API's old value
            warnings.warn(f"pdf_backend={self.pdf_backend!r} is deprecated; it is now called "
                          f"{_OLD_NAMES[self.pdf_backend]!r}", DeprecationWarning, stacklevel=3)
            object.__setattr__(self, "pdf_backend", _OLD_NAMES[self.pdf_backend])
        for f in fields(self):
            _validate(f.name, getattr(self, f.name))

    @classmethod
    def resolve(cls, value: Settings | dict[str, Any] | None = None, **overrides: Any) -> Settings:
        """Accept nothing, a dict or an instance (plus keyword overrides); name any bad field."""
        if value is None:  # (the defaults, validated once: frozen, so one instance serves every call)
            base = _default() if cls is Settings else cls()
        elif isinstance(value, Settings):
            base = value
        elif isinstance(value, dict):
            base = cls()._with(value)
        else:
            raise SettingsError(f"settings must be a Settings, a dict or None, not {type(value).__name__}")
        return base._with(overrides) if overrides else base

    def _with(self, changes: dict[str, Any]) -> Settings:
        known = {f.name for f in fields(self)}
        for name in changes:
            if name not in known:
                raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
        return replace(self, **changes)  # __post_init__ validates every field


@lru_cache(maxsize=1)
def _default() -> Settings:
    return Settings()


# field -> (lowest, highest) allowed; None: no bound on that side
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "ocr_dpi": (50, 1200), "time_limit_s": (0.001, None), "max_bytes": (1, None), "max_text_bytes": (1, None),
    "max_pages": (1, None), "max_image_pixels": (1, None), "max_html_bytes": (1, None),
    "max_docx_xml_bytes": (1, None), "max_candidates": (10, None), "confidence_threshold": (0.0, 1.0),
}
_CHOICES: dict[str, tuple[str, ...]] = {"ocr_engine": ("tesseract", "rapidocr"),
                                        "pdf_backend": ("builtin", "camelot")}
_OLD_NAMES = {"pdfplumber": "builtin"}  # pdf_backend: deprecated value → its name now
_BOOLS = ("force_ocr", "force_text", "pdf_text_reread", "require_tables", "keep_debug")


def _validate(name: str, value: Any) -> None:
    """Raise SettingsError naming the field when ``value`` is not allowed for it."""
    if name in _BOOLS:
        if not isinstance(value, bool):
            raise SettingsError(f"setting {name!r} must be True or False, got {value!r}")
        return
    if name in _CHOICES:
        if value not in _CHOICES[name]:
            raise SettingsError(f"setting {name!r} must be one of {_CHOICES[name]}, got {value!r}")
        return
    if name == "time_limit_s" and value is None:
        return
    is_float = name in ("time_limit_s", "confidence_threshold")
    number_ok = isinstance(value, (int, float)) if is_float else isinstance(value, int)
    if isinstance(value, bool) or not number_ok:
        kind = "a number" if is_float else "a whole number"
        raise SettingsError(f"setting {name!r} must be {kind}, got {value!r} ({type(value).__name__})")
    if not math.isfinite(value):
        raise SettingsError(f"setting {name!r} must be a finite number, got {value!r}"
                            + ("; use None for no limit" if name == "time_limit_s" else ""))
    lo, hi = _RANGES.get(name, (None, None))
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        span = f"at least {lo:g}" if hi is None else f"between {lo:g} and {hi:g}"
        raise SettingsError(f"setting {name!r} must be {span}, got {value!r}")
