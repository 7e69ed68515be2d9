"""The public entry points: extract a report from a file, bytes or text."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from .deadline import Deadline
from .errors import InputError, NotAReportError, TooLargeError, UnsupportedFormatError
from .layout import Layout
from .report import Report
from .settings import Settings

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md", ".text", ".csv", ".tsv"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", ".gif"}
LEGACY_WORD_SUFFIXES = {".doc", ".wps", ".rtf", ".odt"}
SUPPORTED = sorted(TEXT_SUFFIXES | HTML_SUFFIXES | IMAGE_SUFFIXES | LEGACY_WORD_SUFFIXES | {".pdf", ".docx"})


Source = str | Path | bytes | bytearray | memoryview | BinaryIO


def extract(source: Source, settings: Settings | dict[str, Any] | None = None, *, name: str | None = None,
            kind: str | None = None) -> Report:
    """Read a report from a path, bytes or a binary file object and return its tables as a :class:`Report`.

    ``kind`` forces a source ('text', 'pdf', 'ocr', 'html', 'docx'); by default it is chosen
    from the extension and the file's first bytes. Raises :class:`InputError` subclasses for files
    that cannot be read (:class:`TimeLimitError` once ``settings.time_limit_s`` has passed, checked
    inside the work); a readable file without report tables gives a Report with warnings, or
    :class:`NotAReportError` with ``settings.require_tables``.
    """
    settings = Settings.resolve(settings)
    data, name = read_source(source, settings, name)
    deadline = Deadline.from_settings(settings, name)
    layout = read_layout(data, name, settings, kind, deadline)
    del data  # the layout keeps what it needs; large inputs should not stay in memory twice
    report = _report(layout, name, settings, deadline)
    report.trace["seconds"] = deadline.elapsed()
    return report


def extract_text(text: str | bytes, settings: Settings | dict[str, Any] | None = None, *,
                 name: str = "<text>") -> Report:
    """Recover the tables from a report's text, however mangled its extraction came out."""
    from .sources.text import decode_text, text_layout

    settings = Settings.resolve(settings)
    if isinstance(text, (bytes, bytearray)):
        text = decode_text(bytes(text), name)
    if not isinstance(text, str):
        raise TypeError(f"extract_text() takes the text as a str (or bytes), not {type(text).__name__}; "
                        "for a file use gktables.extract(path)")
    if len(text) > settings.max_text_bytes:
        raise TooLargeError(name, f"{len(text):,} characters of text is above "
                                  f"max_text_bytes={settings.max_text_bytes:,}")
    return _report(text_layout(text), name, settings, Deadline.from_settings(settings, name))


def read_source(source: Source, settings: Settings, name: str | None = None) -> tuple[bytes, str]:
    """The input's bytes (at most ``settings.max_bytes``) and the name errors will give it."""
    if isinstance(source, (str, Path)):
        if isinstance(source, str) and not source:
            raise InputError("''", "an empty path; give a file")
        return read_file(Path(source), settings.max_bytes), name or str(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        name = name or "<bytes>"
        if len(source) > settings.max_bytes:
            raise TooLargeError(name, f"{len(source):,} bytes is above max_bytes={settings.max_bytes:,}")
        return bytes(source), name
    if hasattr(source, "read"):
        name = name or str(getattr(source, "name", "<stream>"))
        data = source.read(settings.max_bytes + 1)
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"extract() reads binary file objects; {name} gave {type(data).__name__} "
                            "(open it with 'rb')")
        if len(data) > settings.max_bytes:
            raise TooLargeError(name, f"more than max_bytes={settings.max_bytes:,} bytes; "
                                      "raise that setting to read it")
        return bytes(data), name
    raise TypeError(f"extract() takes a path, bytes or a binary file object, not {type(source).__name__}")


def read_file(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes``. FIFOs, devices and sockets are refused before
    any read (a FIFO would block, /dev/zero never ends); opened non-blocking so a FIFO cannot hang."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory; give a file (the CLI takes several files)") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot be opened ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(path, "is a directory; give a file (the CLI takes several files)")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file (a pipe, device or socket); save the input to a file first")
        if info.st_size > max_bytes:
            raise TooLargeError(path, f"{info.st_size:,} bytes is above max_bytes={max_bytes:,}; "
                                      "raise that setting to read it")
        try:
            # As many bytes as the file holds, one more to see it grow (a buffer of max_bytes, sized
            # for the largest input, cost more than reading a page); then the rest, if it grew.
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size:
                data += handle.read(max_bytes + 1 - len(data))
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > max_bytes:  # the file grew while being read
        raise TooLargeError(path, f"more than max_bytes={max_bytes:,} bytes; raise that setting to read it")
    return data


def _report(layout: Layout, name: str, settings: Settings, deadline: Deadline) -> Report:
    from .core.pipeline import layout_to_report

    report = layout_to_report(layout, name, settings, deadline)
    if settings.require_tables and not report.cells:
        raise NotAReportError(name, "no report tables recognised (二、三 or 四 of a 政府信息公开工作年度报告)")
    return report


def detect_kind(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF") or suffix == ".pdf":
        return "pdf"
    image_magic = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8", b"RIFF")
    if head.startswith(image_magic) or suffix in IMAGE_SUFFIXES:
        return "ocr"
    if suffix == ".docx" or (head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]):
        return "docx"  # a .docx that is no zip is told so by the DOCX reader
    if head.startswith(b"\xd0\xcf\x11\xe0") or suffix in LEGACY_WORD_SUFFIXES:
        return "legacy_word"
    if suffix in HTML_SUFFIXES or head[:200].lower().startswith((b"<!doctype html", b"<html")) \
            or (suffix not in TEXT_SUFFIXES and b"<table" in data[:200000].lower()):
        return "html"
    if suffix in TEXT_SUFFIXES or suffix == "":
        return "text"
    raise UnsupportedFormatError(name, f"unknown file kind {suffix!r}; gktables reads {', '.join(SUPPORTED)} "
                                       "(use --text to read any file as text)")


def read_layout(data: bytes, name: str, settings: Settings, kind: str | None = None,
                deadline: Deadline | None = None) -> Layout:
    deadline = deadline or Deadline.from_settings(settings, name)
    if settings.force_text and kind is None:
        kind = "text"
    kind = kind or detect_kind(data, name)
    if not data.strip() and kind != "text":
        raise InputError(name, "the file is empty")
    reader = _READERS.get(kind)
    if reader is None:
        raise UnsupportedFormatError(name, f"unknown source kind {kind!r}; use one of {', '.join(sorted(_READERS))}")
    return reader(data, name, settings, deadline)


def _read_text(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    from .sources.text import read_text

    return read_text(data, name, settings, deadline)


def _read_pdf(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    if settings.force_ocr:
        return _read_scanned_pdf(data, name, settings, deadline)
    if settings.pdf_backend == "camelot":
        from .sources.pdf import read_pdf_camelot

        layout = read_pdf_camelot(data, name, settings, deadline)
    else:
        from .sources.pdf import read_pdf

        layout = read_pdf(data, name, settings, deadline)
    if layout.needs_ocr:
        log.info("%s has no text layer on its table pages; reading it by OCR", name)
        return _read_scanned_pdf(data, name, settings, deadline)
    if settings.keep_debug:
        layout.debug["pdf_bytes"] = data  # debug pictures render the pages from it
    return layout


def _read_scanned_pdf(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    from .sources.ocr import read_scanned_pdf

    return read_scanned_pdf(data, name, settings, deadline)


def _read_image(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    if data[:1024].lstrip().startswith(b"%PDF"):
        return _read_scanned_pdf(data, name, settings, deadline)
    from .sources.ocr import read_image

    return read_image(data, name, settings, deadline)


def _read_html(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    from .sources.html import read_html

    return read_html(data, name, settings, deadline)


def _read_docx(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    from .sources.docx import read_docx

    return read_docx(data, name, settings, deadline)


def _read_legacy_word(data: bytes, name: str, settings: Settings, deadline: Deadline) -> Layout:
    # read_docx looks at the content itself: web pages saved as .doc are read as HTML, real
    # .doc/.wps go through LibreOffice when it is installed.
    from .sources.docx import read_docx

    return read_docx(data, name, settings, deadline)


_READERS: dict[str, Callable[[bytes, str, Settings, Deadline], Layout]] = {
    "text": _read_text, "pdf": _read_pdf, "ocr": _read_image, "html": _read_html, "docx": _read_docx,
    "legacy_word": _read_legacy_word,
}
