"""Decoding a web page's bytes: BOM, strict UTF-8, the declared charset, strict GB18030."""

from __future__ import annotations

import codecs
import logging
import re

log = logging.getLogger(__name__)

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_DECLARED = re.compile(rb"(?:<meta[^>]{0,200}?charset|<\?xml[^>]{0,100}?encoding)"
                       rb"""\s*=\s*["']?\s*([A-Za-z0-9_:.\-]{1,40})""", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312-80", "euc-cn", "x-euc-cn",
              "hz-gb-2312", "csgb2312", "chinese", "gb18030"}


def declared_charset(head: bytes) -> str | None:
    """The encoding a page declares in a <meta> or XML declaration, as a Python codec name."""
    m = _DECLARED.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii").lower()
    if label in _GB_FAMILY:
        return "gb18030"  # a superset: pages labelled gb2312 routinely hold GBK characters
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def bytes_to_text(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """Decode a page: BOM, else strict UTF-8, else UTF-8 with replacements when only a few bytes
    are broken, else the declared charset, strict GB18030, else the candidate with fewest
    replacement characters. Returns (text, encoding used)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    as_utf8 = data.decode("utf-8", errors="replace")
    broken = as_utf8.count("\ufffd")
    non_ascii = sum(1 for b in data if b >= 0x80) if len(data) < 1 << 22 else len(data) // 4
    if broken * 50 < non_ascii:  # UTF-8 with a few damaged bytes; GBK read as UTF-8 breaks everywhere
        log.warning("%s: UTF-8 with %d undecodable places; they are replaced", name, broken)
        return as_utf8, "utf-8+replace"
    candidates = []
    declared = declared_charset(data[:4096])
    if declared and declared != "utf-8":
        candidates.append(declared)
    if "gb18030" not in candidates:
        candidates.append("gb18030")
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    decoded = [(as_utf8, "utf-8")] + [(data.decode(e, errors="replace"), e) for e in candidates]
    text, encoding = min(decoded, key=lambda te: te[0].count("\ufffd"))
    log.warning("%s: no encoding decodes the page cleanly; using %s with replacement characters", name, encoding)
    return text, encoding + "+replace"

