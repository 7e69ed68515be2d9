"""The HTML tree: parsing (lxml, no network) and walking it iteratively (no recursion limits on
deep documents) into visible lines, tables and the row/cell elements of a table."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from ...errors import CorruptFileError
from ..joining import clean_inline

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "iframe", "frame",
                        "object", "embed", "svg", "math", "select", "option", "textarea", "map",
                        "area", "img", "audio", "video", "canvas", "input", "button", "meta", "link"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5",
                         "h6", "tr", "section", "article", "header", "footer", "nav", "aside",
                         "blockquote", "pre", "form", "fieldset", "hr", "address", "figure",
                         "figcaption", "caption", "center", "main", "table", "tbody", "thead",
                         "tfoot", "body", "html", "legend", "details", "summary"})
FLAT_BLOCK_TAGS = _BLOCK_TAGS - {"table"}  # blocks a cell's text may stand in without a walk
_ZERO_HEIGHT = re.compile(r"(?:^|;)\s*height\s*:\s*0(?:\.0*)?\s*(?:px|pt)?\s*(?:;|$)", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all", re.IGNORECASE)


def text_to_tree(text: str, name: str, utf8: bytes | None = None):
    """Parse with lxml's HTML parser: comments and PIs dropped, no network. huge_tree lifts libxml2's
    nesting limit from 256 to 2048 (the input's size is bounded by max_html_bytes); a page nested
    deeper would lose its tables silently, so it is refused with a clear error. ``utf8``: the text's
    UTF-8 bytes when the caller has them (a page that decoded as strict UTF-8 is its own encoding)."""
    from lxml import etree

    parser = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                              huge_tree=True, no_network=True, default_doctype=False)
    if not text.strip():
        return None
    try:
        root = etree.fromstring(text.encode("utf-8", errors="replace") if utf8 is None else utf8, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise CorruptFileError(name, f"lxml cannot parse it as HTML ({exc}); check that it is a web page") from exc
    if any("Excessive depth" in str(e.message) for e in parser.error_log):
        raise CorruptFileError(name, "the page nests its elements more than 2048 levels deep, where the HTML "
                                     "parser stops reading; tables past that point would be lost")
    return root


def tag_of(el) -> str | None:
    """The element's tag, or None for comments, PIs and entities."""
    tag = el.tag
    return tag if isinstance(tag, str) else None  # comments/PIs/entities have non-str tags; libxml2 lowercases


def is_hidden(el) -> bool:
    """Hidden by the ``hidden`` attribute or an inline style (display:none, Word's mso-hide)."""
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style) and style_hides(style)  # (most elements have no style: no call for them)


def hidden_by(attributes: Mapping[str, str]) -> bool:
    """:func:`is_hidden` of an element's attributes (name → value)."""
    return "hidden" in attributes or style_hides(attributes.get("style"))


def style_hides(style: str | None) -> bool:
    """Whether an inline style hides its element (display:none, visibility:hidden, Word's mso-hide)."""
    if not style:
        return False
    return _hides(style) if len(style) <= 200 else bool(_HIDDEN_STYLE.search(style))


@lru_cache(maxsize=1024)  # Word writes the same few styles on every cell
def _hides(style: str) -> bool:
    return bool(_HIDDEN_STYLE.search(style))


def element_lines(el, on_table: Callable[[object], list[str]]) -> list[str]:
    """The visible lines under ``el``: block elements and <br> break lines, inline text joins.

    ``on_table(table)`` returns the lines that stand for a nested <table> (the element itself is
    not entered). Hidden and non-text elements are skipped; their tails are kept.
    """
    flat = flat_lines(el)
    if flat is not None:
        return flat
    lines: list[str] = []
    current: list[str] = []

    def newline() -> None:
        if current:
            lines.append(clean_inline("".join(current)))
            current.clear()

    # Elements to enter, and 1-tuples of the elements to leave (their children are pushed by one C
    # call, no tuple per child); each text and tail read once (lxml decodes it at every read)
    stack: list[Any] = [el]  # lxml elements (lxml ships no type stubs)
    while stack:
        node = stack.pop()
        if node.__class__ is tuple:  # leaving an element entered below
            node = node[0]
            if node.tag in _BLOCK_TAGS:
                newline()
            if node is not el and (tail := node.tail):
                current.append(tail)
            continue
        tag = node.tag
        if node is not el:
            if not isinstance(tag, str) or tag in _SKIP_TAGS or is_hidden(node):  # (comments, PIs)
                if tail := node.tail:
                    current.append(tail)
                continue
            if tag == "table":
                newline()
                lines.extend(on_table(node))
                if tail := node.tail:
                    current.append(tail)
                continue
        if tag == "br":
            newline()
            if tail := node.tail:
                current.append(tail)
            continue
        if tag in _BLOCK_TAGS:
            newline()
        if text := node.text:
            current.append(text)
        stack.append((node,))
        stack.extend(reversed(node))
    newline()
    return [line for line in lines if line]


def flat_lines(el) -> list[str] | None:
    """:func:`element_lines` of the usual table cell, without the walk: text only, or visible
    childless blocks (Word's ``<td><p>…</p></td>``), each block's text and tail a line of its
    own. None when ``el`` holds anything else."""
    text = el.text
    lines = [text] if text and (text := clean_inline(text)) else []
    for child in el:
        if len(child) or child.tag not in FLAT_BLOCK_TAGS:  # (comments' tags are functions)
            return None
        if child.get("hidden") is not None or ((style := child.get("style")) and style_hides(style)):
            return None  # (is_hidden written out: this runs for every block of every Word cell)
        text, tail = child.text, child.tail
        if text and (text := clean_inline(text)):
            lines.append(text)
        if tail and (tail := clean_inline(tail)):
            lines.append(tail)
    return lines


def own_descendants(table, wanted: frozenset[str]) -> Iterator[Any]:
    """Descendants of ``table`` with a tag in ``wanted`` whose nearest <table> is ``table``,
    in document order, not entering nested tables or hidden elements."""
    stack = list(reversed(table))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or is_hidden(node):  # comments, PIs
            continue
        if tag in wanted:
            yield node
            continue
        if tag == "table" or tag in _SKIP_TAGS:
            continue
        stack.extend(reversed(node))


def is_spacer_row(tr) -> bool:
    """Word's ``<tr height=0>`` row of empty cells that only fixes column widths."""
    height = tr.get("height")
    if height is not None and height.strip() == "0":
        return True
    style = tr.get("style")  # (most rows have none: no pattern search then)
    return bool(style) and bool(_ZERO_HEIGHT.search(style))



def tree_to_tables(root) -> list:
    """Every <table> not inside a hidden or skipped element, in document order."""
    return [t for t in root.iter("table") if not any(is_hidden(a) or tag_of(a) in _SKIP_TAGS
                                                       for a in (t, *t.iterancestors()))]



def nested_tables(table) -> list:
    """The visible tables directly nested in ``table``'s cells (one level down)."""
    out = []
    for nested in table.iter("table"):
        if nested is table:
            continue
        chain = []
        for ancestor in nested.iterancestors():
            if ancestor is table:
                break
            chain.append(ancestor)
        if any(tag_of(a) == "table" or is_hidden(a) or tag_of(a) in _SKIP_TAGS for a in chain) or is_hidden(nested):
            continue
        out.append(nested)
    return out
