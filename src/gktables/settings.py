"""All knobs in one explicit object, passed in (never read from module globals)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from .errors import SettingsError


@dataclass(frozen=True)
class Settings:
    # How to read
    force_ocr: bool = False  # OCR every PDF page even when it has a text layer
    force_text: bool = False  # treat the input as text (read its text layer / decode it) only
    ocr_engine: Literal["tesseract", "rapidocr"] = "tesseract"
    ocr_dpi: int = 200  # rasterisation of image-only PDFs: as accurate as 300 here, 40 % faster
    pdf_backend: Literal["pdfplumber", "camelot"] = "pdfplumber"
    # Safety limits
    time_limit_s: float | None = 120.0  # per document; None = no limit
    max_pages: int = 400  # pages looked at for tables (prose of every page is still read)
    max_image_pixels: int = 200_000_000  # refuse decompression bombs above this
    max_html_bytes: int = 50_000_000
    max_docx_xml_bytes: int = 50_000_000  # largest XML part of a DOCX once inflated (zip bombs)
    # Recovery
    max_candidates: int = 50_000  # bound of the split/alignment search per table
    confidence_threshold: float = 0.9  # below this a cell counts as flagged
    # Debugging: keep page images and intermediates on the result (costs memory)
    keep_debug: bool = False

    @classmethod
    def resolve(cls, value: Settings | dict[str, Any] | None = None, **overrides: Any) -> Settings:
        """Accept nothing, a dict or an instance (plus keyword overrides); name any bad field."""
        if value is None:
            base = cls()
        elif isinstance(value, Settings):
            base = value
        elif isinstance(value, dict):
            base = cls()._with(value)
        else:
            raise SettingsError(f"settings must be a Settings, a dict or None, not {type(value).__name__}")
        return base._with(overrides) if overrides else base

    def _with(self, changes: dict[str, Any]) -> Settings:
        known = {f.name: f for f in fields(self)}
        for name, val in changes.items():
            if name not in known:
                raise SettingsError(f"unknown setting {name!r}; known: {', '.join(sorted(known))}")
            default = getattr(self, name)
            if default is not None and val is not None and not isinstance(val, type(default)) \
                    and not (isinstance(default, float) and isinstance(val, int)):
                raise SettingsError(f"setting {name!r} must be {type(default).__name__}, got {val!r}")
        allowed = {"ocr_engine": ("tesseract", "rapidocr"), "pdf_backend": ("pdfplumber", "camelot")}
        for name, options in allowed.items():
            if name in changes and changes[name] not in options:
                raise SettingsError(f"setting {name!r} must be one of {options}, got {changes[name]!r}")
        return replace(self, **changes)
