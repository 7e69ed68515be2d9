"""The stream :mod:`.column_order` reads 三 from (pdfminer.six's ``extract_text``): the table's
printed values as tokens, the values printed on their row label's line (that row's first cells),
the pages as **bands** (each page prints whole rows, ``rows × columns`` values), and the **lone
headers**: a column header printed alone right before a value, the box of that column's cells,
headed (a run of headers is the header row printed before the table). With them, the small
helpers every search shares: whether a reading agrees with the lone headers, whether anything
printed tells the two free columns apart, a band's cells keyed by band row or table row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..report import Value
from ..values import parse_value
from .align import RowPlan
from .items import Item

FREE_COLUMNS = 2  # the first columns, printed in pieces between the labels
Grid = list[list[Value]]  # [row][column] of one band
Reading = tuple[Grid, dict[tuple[int, int], Item]]  # a band's grid and the printed item of each cell


@dataclass(frozen=True)
class Token:
    """A printed value of the stream, parsed."""

    item: Item
    value: Value
    page: int


def value_tokens(zone: Sequence[Item], text: str) -> list[Token] | None:
    """The zone's values as tokens, each with its page (form feeds split pages); None when one is not
    a count (a decimal, a sign, a glued string)."""
    out = []
    for it in zone:
        if it.kind != "value":
            continue
        parsed = parse_value(it.text, "count")
        if not parsed.ok:
            return None  # a decimal, a sign, a glued string: not a table of counts printed one by one
        page = text.count("\f", 0, it.span[0]) if it.span else 0
        out.append(Token(it, parsed.value, page))
    return out


def label_line_values(plans: Sequence[RowPlan], items: Sequence[Item], tokens: list[Token]
                      ) -> dict[tuple[int, int], Token] | None:
    """Values printed on their row label's line, after it: that row's first cells. None when a
    label's line holds more numbers than the free columns (a row printed along its line: not this
    order). Blank marks alone ('6.属于四类过程性信息 无 无 无') are the row's first cells however
    many (up to a row's worth): a box of blanks beside the label, which tells nothing of the order."""
    fixed: dict[tuple[int, int], Token] = {}
    for r, plan in enumerate(plans):
        if plan.anchor is None:
            continue
        label = items[plan.anchor]
        on_line = [t for t in tokens if t.item.line == label.line and t.item.pos > label.pos]
        marks_only = len(on_line) <= len(plan.cols) and all(t.value is None for t in on_line)
        if len(on_line) > FREE_COLUMNS and not marks_only:
            return None  # a row printed along its line: not this order
        for c, t in enumerate(on_line):
            fixed[(r, c)] = t
    return fixed


Band = tuple[int, int, list[Token]]  # a page's rows of 三: first row, rows, printed tokens


def page_bands(stream: list[Token], fixed: dict[tuple[int, int], Token], n_rows: int, n_cols: int
               ) -> list[Band] | None:
    """(first row, rows, tokens) per page: each page prints whole rows, rows × columns cells."""
    pages = sorted({t.page for t in stream} | {t.page for t in fixed.values()})
    out = []
    first = 0
    for page in pages:
        tokens = [t for t in stream if t.page == page]
        count = len(tokens) + sum(1 for t in fixed.values() if t.page == page)
        if count % n_cols:
            return None
        n = count // n_cols
        if any(t.page == page and not first <= r < first + n for (r, _), t in fixed.items()):
            return None
        out.append((first, n, tokens))
        first += n
    return out if first == n_rows else None


def fixed_in_band(fixed: dict[tuple[int, int], Token], first: int, n: int) -> dict[tuple[int, int], Token]:
    """The cells read from their row's line that lie in the band of ``n`` rows from ``first``, by band row."""
    return {(r - first, c): t for (r, c), t in fixed.items() if first <= r < first + n}


def shifted(readings: list[tuple[Grid, dict[tuple[int, int], Item]]], first: int
            ) -> list[tuple[Grid, dict[tuple[int, int], Item]]]:
    """A band's readings with their sources keyed by the table's rows (the band starts at ``first``)."""
    return [(grid, {(r + first, c): it for (r, c), it in src.items()}) for grid, src in readings]


def header_marks(zone: Sequence[Item], headers: Sequence[str], spelled: bool = False) -> dict[int, int]:
    """Column headers printed right before a value, alone (not one of a run of headers, which is
    the header row printed before the table): the box of that column's cells, headed. The stream
    position of the value → the header's column. ``spelled``: a header printed one character a
    line after another (``总计`` then ``其`` / ``他``) makes a run of headers too (the XY search's
    marks; the other searches keep the marks they were tuned with)."""
    marks: dict[int, int] = {}
    pending: int | None = None  # a lone header's column, waiting for its first value
    after_header = False  # the item before (a header's other lines skipped) is a column header
    pieces = ""  # the fragments printed since the last header (spelled)
    for it in zone:
        if it.kind == "value":
            if pending is not None:
                marks[it.pos] = pending
            pending, after_header, pieces = None, False, ""
            continue
        col = _header_column(it.text, headers)
        if col is not None:
            pending = None if after_header else col
            after_header, pieces = True, ""
        elif after_header and _header_fragment(it.text, headers):
            pieces += "".join(it.text.split())
            if spelled and _header_column(pieces, headers) not in (None, pending):
                pending = None
        else:
            pending, after_header, pieces = None, False, ""
    return marks


def _header_column(text: str, headers: Sequence[str]) -> int | None:
    s = "".join(text.split())
    hits = [c for c, h in enumerate(headers) if len(s) >= 2 and h.startswith(s)]
    return hits[0] if len(hits) == 1 else None


def _header_fragment(text: str, headers: Sequence[str]) -> bool:
    s = "".join(text.split())
    return bool(s) and any(s in h for h in headers)


def headers_agree(grid: Grid, owner: dict[int, int], marks: dict[int, int]) -> bool:
    """No column header printed between values heads a value this reading puts in another column
    (unless the two columns hold the same values in this band: then the swap changes nothing)."""
    for pos, col in marks.items():
        got = owner.get(pos)
        if got is None or got == col:
            continue
        if [row[got] for row in grid] != [row[col] for row in grid]:
            return False
    return True


def free_columns_pinned(fixed: dict[tuple[int, int], Token], marks: dict[int, int]) -> bool:
    """Whether anything printed tells the two free columns apart: a value on its row label's line
    (the first column's), or a lone header of either."""
    return any(c < FREE_COLUMNS for _, c in fixed) or any(c < FREE_COLUMNS for c in marks.values())


def num(v: Value) -> int | float:
    """A cell's value as a number: a blank weighs 0."""
    return 0 if v is None else v
