"""WordprocessingML helpers: qualified tag names and the attribute readers every DOCX module uses."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W = "{" + W + "}"
MAX_GRID_SPAN = 1000

_TAGS: dict[str, str] = {}


def w(tag: str) -> str:
    """'tc' → '{w namespace}tc' (cached: called for every element)."""
    full = _TAGS.get(tag)
    if full is None:
        full = _TAGS[tag] = _W + tag
    return full


def child(el, tag: str):
    """The first child of ``el`` with the w: ``tag`` (lxml's find() parses a path each call:
    five times slower, and this runs for every cell)."""
    if el is None:
        return None
    full = _TAGS.get(tag) or w(tag)
    for node in el:
        if node.tag == full:
            return node
    return None


def val(el, attr: str = "val") -> str | None:
    return None if el is None else el.get(_W + attr)


def int_val(el, default: int) -> int:
    raw = val(el)
    try:
        return int(raw) if raw is not None else default
    except ValueError:
        return default


def is_on(el) -> bool:
    """A w:ST_OnOff property: present and not switched off."""
    return el is not None and val(el) not in ("0", "false", "off")

