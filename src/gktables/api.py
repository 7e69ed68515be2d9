"""The public entry points: extract a report from a file, bytes or text."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from collections.abc import Callable

from .errors import InputError, TimeLimitError, UnsupportedFormatError
from .layout import Layout
from .report import Report
from .settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
LEGACY_WORD_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | LEGACY_WORD_SUFFIXES | {".pdf", ".docx"})


def extract(source: str | Path | bytes, settings: Settings | dict | None = None, *, name: str | None = None,
            kind: str | None = None) -> Report:
    """Read a report from a path or bytes and return its tables as a :class:`Report`.

    ``kind`` forces a source ('text', 'pdf', 'ocr', 'html', 'docx'); by default it is chosen
    from the extension and the file's first bytes. Raises :class:`InputError` subclasses for files
    that cannot be read; a readable file without report tables gives a Report with warnings.
    """
    settings = Settings.resolve(settings)
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(path, "no such file") from None
        except IsADirectoryError:
            raise InputError(path, "is a directory; give a file (the CLI takes several files)") from None
        except PermissionError:
            raise InputError(path, "permission denied") from None
    else:
        data = bytes(source)
        name = name or "<bytes>"
    started = time.perf_counter()
    layout = read_layout(data, name, settings, kind)
    report = _report(layout, name, settings)
    report.trace["seconds"] = time.perf_counter() - started
    if settings.time_limit_s is not None and report.trace["seconds"] > settings.time_limit_s:
        raise TimeLimitError(name, f"took {report.trace['seconds']:.1f} s, over the limit of {settings.time_limit_s} s "
                                   "(raise Settings.time_limit_s)")
    return report


def extract_text(text: str, settings: Settings | dict | None = None, *, name: str = "<text>") -> Report:
    """Recover the tables from a report's text, however mangled its extraction came out."""
    from .sources.text import text_layout

    return _report(text_layout(text), name, Settings.resolve(settings))


def _report(layout: Layout, name: str, settings: Settings) -> Report:
    from .core.pipeline import layout_to_report

    return layout_to_report(layout, name, settings)


def detect_kind(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8", b"RIFF")) or suffix in IMAGE_SUFFIXES:
        return "ocr"
    if head.startswith(b"PK\x03\x04") and (suffix == ".docx" or b"word/" in data[:65536]):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in LEGACY_WORD_SUFFIXES:
        return "legacy_word"
    if suffix in HTML_SUFFIXES or head[:200].lower().startswith((b"<!doctype html", b"<html")) \
            or (suffix not in TEXT_SUFFIXES and b"<table" in data[:200000].lower()):
        return "html"
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "text"
    raise UnsupportedFormatError(name, f"unknown file kind {suffix!r}; gktables reads {', '.join(SUPPORTED)} "
                                       "(use --text to read any file as text)")


def read_layout(data: bytes, name: str, settings: Settings, kind: str | None = None) -> Layout:
    if settings.force_text and kind is None:
        kind = "text"
    kind = kind or detect_kind(data, name)
    if not data.strip() and kind != "text":
        raise InputError(name, "the file is empty")
    reader = _READERS.get(kind)
    if reader is None:
        raise UnsupportedFormatError(name, f"unknown source kind {kind!r}; use one of {', '.join(sorted(_READERS))}")
    return reader(data, name, settings)


def _read_text(data: bytes, name: str, settings: Settings) -> Layout:
    from .sources.text import read_text

    return read_text(data, name, settings)


def _read_pdf(data: bytes, name: str, settings: Settings) -> Layout:
    if settings.force_ocr:
        return _read_scanned_pdf(data, name, settings)
    if settings.pdf_backend == "camelot":
        from .sources.pdf import read_pdf_camelot

        layout = read_pdf_camelot(data, name, settings)
    else:
        from .sources.pdf import read_pdf

        layout = read_pdf(data, name, settings)
    if layout.debug.get("needs_ocr"):
        log.info("%s has no text layer on its table pages; reading it by OCR", name)
        return _read_scanned_pdf(data, name, settings)
    if settings.keep_debug:
        layout.debug["pdf_bytes"] = data  # debug pictures render the pages from it
    return layout


def _read_scanned_pdf(data: bytes, name: str, settings: Settings) -> Layout:
    from .sources.ocr import read_scanned_pdf

    return read_scanned_pdf(data, name, settings)


def _read_image(data: bytes, name: str, settings: Settings) -> Layout:
    if data[:1024].lstrip().startswith(b"%PDF"):
        return _read_scanned_pdf(data, name, settings)
    from .sources.ocr import read_image

    return read_image(data, name, settings)


def _read_html(data: bytes, name: str, settings: Settings) -> Layout:
    from .sources.html import read_html

    return read_html(data, name, settings)


def _read_docx(data: bytes, name: str, settings: Settings) -> Layout:
    from .sources.docx import read_docx

    return read_docx(data, name, settings)


def _read_legacy_word(data: bytes, name: str, settings: Settings) -> Layout:
    # read_docx looks at the content itself: web pages saved as .doc are read as HTML, real
    # .doc/.wps go through LibreOffice when it is installed.
    from .sources.docx import read_docx

    return read_docx(data, name, settings)


_READERS: dict[str, Callable[[bytes, str, Settings], Layout]] = {
    "text": _read_text, "pdf": _read_pdf, "ocr": _read_image, "html": _read_html, "docx": _read_docx,
    "legacy_word": _read_legacy_word,
}
