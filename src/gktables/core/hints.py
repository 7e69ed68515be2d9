"""The aligner's working values for a stream's value tokens, kept apart from the items.

An :class:`~gktables.core.items.Item` is a fact from the source and never changes. What the
aligner works out about a token — what leaving it out costs (a stray number amid a header's words
is cheap), which field from the right it stands in once a converter's padding column is taken out,
which column its place on a space-aligned line points to — lives here, in tables keyed by the
token's position in its stream. A token with no entry gets what the item alone says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..labels import normalize_label
from .items import Item

DROP_COST = 2.0  # a token left out of a row: junk such as a ruling read as 'U' or a stray 0
DROP_NUMBER_COST = 4.5  # a non-zero number left out: dearer than a failing check (never dropped to fit one)
DROP_CELL_COST = 12.0  # a whole grid cell left out: a printed cell is never dropped to fit a check
DROP_BLANK_COST = 0.5  # an empty '|' or tab field: it printed nothing
DROP_BLANK_MARK_COST = 0.6  # a printed blank mark ('—', '/'): dearer to leave out than an empty field beside it
STRAY_DROP_CAP = 2.0  # a stray number on a header-like line costs at most this to leave out
_HAN = re.compile(r"[\u4e00-\u9fff]")


def item_drop_cost(token: Item) -> float:
    """What leaving a token out costs by the token alone: cheap for blanks and zeros, dear for numbers."""
    if token.blank:
        return DROP_BLANK_COST if token.empty_field else DROP_BLANK_MARK_COST
    if token.explicit:
        return DROP_CELL_COST
    return DROP_COST if token.digits.strip("0+-") == "" else DROP_NUMBER_COST


@dataclass(frozen=True)
class TokenHints:
    """Per stream position: drop costs, fields from the right, columns from the right."""

    drop: Mapping[int, float] = field(default_factory=dict)
    fields: Mapping[int, int | None] = field(default_factory=dict)  # overrides Item.field_from_right
    columns: Mapping[int, int] = field(default_factory=dict)
    owners: Mapping[int, int] = field(default_factory=dict)  # the row label printed before it on its line

    def drop_cost(self, token: Item) -> float:
        cost = self.drop.get(token.pos)
        return item_drop_cost(token) if cost is None else cost

    def field_from_right(self, token: Item) -> int | None:
        """In a tab/'|' row: 1 for the last field, 2 for the one before… (padding columns taken out)."""
        return self.fields[token.pos] if token.pos in self.fields else token.field_from_right

    def column_from_right(self, token: Item) -> int | None:
        """The table column a space-aligned token's position points to (1 = last), when clear-cut."""
        return self.columns.get(token.pos)

    def line_owner(self, token_pos: int) -> int | None:
        """The stream position of the row label printed before the token on its line, if any."""
        return self.owners.get(token_pos)

    def with_fields(self, fields: Mapping[int, int | None]) -> TokenHints:
        return replace(self, fields={**self.fields, **fields})

    def with_columns(self, columns: Mapping[int, int]) -> TokenHints:
        return replace(self, columns={**self.columns, **columns})

    def with_line_owners(self, anchors: Iterable[int | None], items: Sequence[Item],
                         values: Sequence[Item] = (), labels: Sequence[str] = ()) -> TokenHints:
        """Each value printed on a row label's line after it (before any other label) is that
        label's; so are those after the label's wrapped end, when the label's own line prints
        none and the next line opens with that end ('5.要求行政机关确认或' / '重新出具已获取信息 无 无');
        and where the label's lines print no value, the value-only lines right after them, up to
        the next label (one value a line: pymupdf, pdftotext), unless the table's ``values``
        begin before its first row label (markitdown prints a row's values on the line before its
        label: the values after a label are the next row's). A value line between a label's line and
        the wrapped end that completes it (``labels``: the rows' labels, as ``anchors``) is that
        label's wherever a table prints its values. ``anchors``: the rows' labels' stream positions;
        ``items`` numbered."""
        owners = dict(self.owners)
        anchors = list(anchors)
        rows = {a for a in anchors if a is not None}
        inside = {pos: anchor for anchor, label in zip(anchors, labels) if anchor is not None
                  for pos in _inside_wrapped_label(anchor, rows, items, label)}
        # (not in tab/'|' rows: markitdown prints a row's values in a table row above its label,
        # whatever the table's first rows do)
        below = (not rows or not any(v.pos < min(rows) for v in values)) and not any(
            v.field_from_right is not None for v in values)
        for anchor in sorted(rows):
            owners.update((pos, anchor) for pos in _owned(anchor, rows, items, below))
        return replace(self, owners={**owners, **inside})


def _inside_wrapped_label(anchor: int, rows: set[int], items: Sequence[Item], label: str) -> list[int]:
    """The values on a line of their own between a row label's first line and its wrapped end
    ('5.属于三类内部事务信' / '无' / '息': the cell is centred on the label's two lines), when that
    end completes the row's ``label``; else none."""
    first = items[anchor]
    k = anchor + 1
    while k < len(items) and items[k].kind == "value" and items[k].line == first.line + 1:
        k += 1
    if k == anchor + 1 or k >= len(items) or k in rows:
        return []
    end = items[k]
    whole, own = normalize_label(label), normalize_label(first.text)
    if (end.kind != "label" or end.line != first.line + 2 or not whole or own.endswith(whole)
            or not normalize_label(first.text + end.text).endswith(whole)):
        return []
    return list(range(anchor + 1, k))


def _owned(anchor: int, rows: set[int], items: Sequence[Item], below: bool) -> list[int]:
    start = anchor + 1
    if (start < len(items) and items[start].kind == "label" and start not in rows
            and items[start].line == items[anchor].line + 1):
        start += 1  # the label's wrapped end: its values follow it
    line = items[start - 1].line
    owned: list[int] = []
    on_label_line = False
    for it in items[start:]:
        if it.kind == "label" or (it.line != line and (on_label_line or not below)):
            break  # values on the label's line are the row's; the next line is another's
        on_label_line = on_label_line or it.line == line
        owned.append(it.pos)
    return owned


NO_HINTS = TokenHints()


def stream_hints(items: Sequence[Item]) -> TokenHints:
    """The drop cost of every value token of a numbered stream (``items[i].pos == i``)."""
    values_on_line: dict[int, int] = {}
    for it in items:
        values_on_line[it.line] = values_on_line.get(it.line, 0) + (it.kind == "value")
    drop = {}
    for it in items:
        if it.kind == "value":
            cost = item_drop_cost(it)
            drop[it.pos] = min(cost, STRAY_DROP_CAP) if _is_stray(it, items, values_on_line) else cost
    return TokenHints(drop)


def _is_stray(it: Item, items: Sequence[Item], values_on_line: dict[int, int]) -> bool:
    """A number amid words on a header-like line (an OCR'd header: '4. 1 纠正 5年末'): a table row
    prints its values after its label, so a few numbers followed by words are strays, cheap to leave."""
    if it.explicit or values_on_line[it.line] > 3:
        return False
    after = "".join(x.text for x in items[it.pos + 1:it.pos + 4] if x.line == it.line and x.kind == "label")
    return len(_HAN.findall(after)) >= 2
