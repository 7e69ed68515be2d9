"""Text input (.txt, .md, or any caller's own extraction): decoded, handed to the core as text."""

from __future__ import annotations

from ..deadline import Deadline
from ..errors import TooLargeError, UnsupportedFormatError
from ..layout import Layout
from ..settings import Settings

ENCODINGS = ("utf-8-sig", "gb18030", "utf-16")


def decode_text(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnsupportedFormatError(name, "binary data, not text; give a .pdf, image, .html or .docx file instead")
    for enc in ENCODINGS:
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnsupportedFormatError(name, "text in an unknown encoding; save it as UTF-8")


def read_text(data: bytes, name: str, settings: Settings, deadline: Deadline | None = None) -> Layout:
    if len(data) > settings.max_text_bytes:
        raise TooLargeError(name, f"{len(data):,} bytes of text is above max_text_bytes={settings.max_text_bytes:,} "
                                  "(a report's text is well under 1 MB); raise that setting to read it")
    return text_layout(decode_text(data, name))


def text_layout(text: str) -> Layout:
    return Layout(source="text", text=text.replace("\r\n", "\n").replace("\r", "\n"))
