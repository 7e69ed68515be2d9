"""Empty fields of '|' tables whose fields do not number their cells, read per table, not per row.

markitdown merges columns that have no ruling between them: some rows of such a table print two
values in one field ('| 100 5 | 2 / |'), and a row whose label is printed outside the table (a
wrapped label markitdown puts on lines of its own) starts with the table's label columns as empty
fields ('|     |     | 4   | /   | /   | 4   |'). Read alone, such a row looks like two blank cells
before its values; read with the table's other rows, whose labels fill those fields, they are the
label columns. In other tables each column spans two fields, its name over the one and its values
in the other: fields no row prints a value in are spacers there, not blank cells. Where a table
prints its blank cells as marks (a web page's '&nbsp;' kept as a no-break space) in the same fields
in every row, or its header names exactly the fields its values stand in, those fields are its
columns and the other empty fields spacers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING

from ..labels import normalize_label
from ..schema import t2_column_labels
from ..values import NUMBER_SEPARATORS, is_lone_minus

if TYPE_CHECKING:
    from .items import Item

Row = tuple[str, int, list["Item"]]  # the line as read, its offset in the text, its items


def without_spacer_fields(rows: Sequence[Row]) -> Iterable[list[Item]]:
    """Each row's items, the spacer fields of '|' tables whose fields are not cells dropped (see
    the module), with no field hints in such tables."""
    out = [items for _, _, items in rows]
    for group in _tables(rows):
        for part in _headed_parts(rows, group):
            label_fields = max((_label_fields(rows[i]) for i in part), default=0)
            if any(_shares_fields(rows[i]) for i in part):
                spacers = set(range(1, label_fields + 1))
                columns = _merged_columns(rows, part)
            else:
                spacers = _unmarked_fields(rows, part, label_fields) or _spacer_fields(rows, part, label_fields)
                columns = {}
            if spacers or columns:
                for i in part:
                    out[i] = _dropped(rows[i], spacers, columns)
            for f in _split_headers(rows, part):
                for i in part:
                    out[i] = _joined_across(rows[i], out[i], f)
    return out


def _split_headers(rows: Sequence[Row], part: list[int]) -> set[int]:
    """Fields whose header is the second half of one of 二's column headers cut in two ('| 本年 |
    增/减 |', '| 采购 | 总金额 |': PyMuPDF4LLM cuts a wrapped header cell so), neither half a header
    of its own: the values under the two halves are one cell cut with it ('| － | 1 |' for −1)."""
    first_data = min((i for i in part if _values(rows[i])), default=None)
    out: set[int] = set()
    for i in part:
        if first_data is None or i >= first_data:
            break
        texts = [normalize_label(t) for t in _field_texts(rows[i])]
        out |= {f + 1 for f in range(1, len(texts)) if _halves(texts[f - 1], texts[f])}
    return out


def _halves(first: str, second: str) -> bool:
    """Whether two header fields hold one header of 二 between them, neither a header alone: in
    order ('本年' '增/减'), or the cut cell's lines dealt across the fields ('上一年 量' '项目数':
    上一年项目数量 wrapped over two lines, each line cut at the bar), so compared as characters."""
    known = t2_column_labels()
    return bool(first and second and first not in known and second not in known
                and "".join(sorted(first + second)) in _header_letters())


@lru_cache(maxsize=1)
def _header_letters() -> frozenset[str]:
    """二's headers, each as its sorted characters."""
    return frozenset("".join(sorted(label)) for label in t2_column_labels())


def _joined_across(row: Row, items: list[Item], field: int) -> list[Item]:
    """``items`` with the value printed in ``field`` joined to the one in the field before (one
    value in each; a dash alone before it is its sign): one cell's text cut at a bar ('519.2 | 3 万元'
    → 519.23 万元, '－ | 1' → −1)."""
    def printed(f: int, sign: bool) -> list[Item]:
        return [it for it in items if it.kind == "value" and it.span is not None and _field_of(row, it) == f
                and (not it.blank or (sign and is_lone_minus(it.text)))]

    head, tail = printed(field - 1, True), printed(field, False)
    if len(head) != 1 or len(tail) != 1:
        return items
    a, b = head[0], tail[0]
    (start, a_end), (b_start, end) = a.span or (0, 0), b.span or (0, 0)
    line, offset, _ = row
    # what the cut left between the two tokens ('7507.|22 元': the point is no token's): a decimal
    # point or a thousands comma stays the number's
    kept = "".join(c for c in line[a_end - offset:b_start - offset] if c in NUMBER_SEPARATORS)
    joined = a.evolve(text=a.text.strip() + kept + b.text.strip(), span=(start, end), blank=False, parts=(a, b),
                      field_from_right=b.field_from_right)
    return [joined if it is a else it for it in items if it is not b]


def _merged_columns(rows: Sequence[Row], part: list[int]) -> dict[int, tuple[int, int]]:
    """Where a merged table's fields each hold a fixed number of columns, the column from the right
    of each value printed in a full field and the table's width in cells, by the value's offset
    (the aligner trusts them only for rows of that many cells). A field's columns are the most
    values any row prints in it; they are trusted only where one row prints every field full (a
    row with every cell printed). A field printing fewer values than its columns leaves its values'
    columns open: which of its cells is blank the text does not say."""
    per_row = {i: _values_by_field(rows[i]) for i in part}
    capacity: dict[int, int] = {}
    for by_field in per_row.values():
        for f, values in by_field.items():
            capacity[f] = max(capacity.get(f, 0), len(values))
    if not any(all(len(by_field.get(f, ())) == c for f, c in capacity.items()) for by_field in per_row.values()):
        return {}
    width = sum(capacity.values())
    columns: dict[int, tuple[int, int]] = {}
    for by_field in per_row.values():
        for f, values in by_field.items():
            if len(values) == capacity[f]:
                right = sum(c for g, c in capacity.items() if g > f)
                columns.update((it.span[0], (right + capacity[f] - k, width)) for k, it in enumerate(values) if it.span)
    return columns


def _values_by_field(row: Row) -> dict[int, list[Item]]:
    by_field: dict[int, list[Item]] = {}
    for it in _values(row):
        by_field.setdefault(_field_of(row, it), []).append(it)
    return by_field


def _headed_parts(rows: Sequence[Row], group: list[int]) -> list[list[int]]:
    """The group cut where a header follows rows with values: a row without values whose text
    reaches past the label columns read so far starts a new table (二 prints its blocks one under
    another with as many fields; 三's last rows and 四 may have as many). A row of label text
    only (a label wrapped inside the table) does not."""
    parts: list[list[int]] = [[]]
    label_fields = 0
    for i in group:
        if _values(rows[i]):
            label_fields = max(label_fields, _label_fields(rows[i]))
        elif label_fields and max(_label_text_fields(rows[i]), default=0) > label_fields:
            parts.append([])
            label_fields = 0
        parts[-1].append(i)
    return [p for p in parts if p]


def _spacer_fields(rows: Sequence[Row], group: list[int], label_fields: int) -> set[int]:
    """Fields that no row of the table prints a value in, where the header does not line up with
    the values: it names fields no value is under, and values sit in fields it does not name (a
    column spanning two fields, its name in the one and its values in the other: '| 本年新制作数量 |
    |' over '|     | 0   |'). The fields then do not number the cells, and the empty ones are
    spacers, not blank cells. Most values must stand in fields the header does not name: a table
    whose names and values line up but for one field (a garbled header cell) keeps its fields.
    Where the header names exactly the fields values stand in, fewer than the table has, those
    fields are the columns and the others spacers ('| 本年新 | | | 本年新 |' over '| 13 |
    | | 13 |': markitdown gives a print's wide cells several fields)."""
    data = [i for i in group if _values(rows[i])]
    valued = {_field_of(rows[i], it) for i in data for it in _values(rows[i])}
    named = {f for i in group if i < min(data, default=-1) and not _repeated_caption(rows[i])
             for f in _label_text_fields(rows[i]) if f > label_fields}
    fields = _value_fields(rows, group, label_fields)
    if data and valued == named and len(named) < len(fields):
        # the header names the fields the values stand in, and those alone: they are the columns,
        # the unnamed empty ones a converter's spacers
        return fields - named
    if not data or not named - valued or not valued - named or len(valued & named) >= len(valued - named):
        # (where most values stand under names the header lines up: a column that no row prints a
        # value in is a blank column, not a spacer)
        return set()
    return fields - valued


def _repeated_caption(row: Row) -> bool:
    """A row printing one text in every field it fills ('|第二十条第（六）项|第二十条第（六）项|…|': a
    caption's merged cell, repeated by PyMuPDF's table finder in each column it spans): it names
    no column."""
    texts = [t.strip() for t in _field_texts(row) if t.strip()]
    return len(texts) >= 2 and len(set(texts)) == 1


def _field_texts(row: Row) -> list[str]:
    """The text of each field of a '|' row, first to last."""
    return row[0].strip()[1:-1].split("|")


def _unmarked_fields(rows: Sequence[Row], group: list[int], label_fields: int) -> set[int]:
    """Where a table prints its blank cells as marks ('/', or the no-break space of a web page's
    empty cell) and every row prints its values and marks in the same fields, those fields are
    its columns: an empty field beside them, in no row printed, is a converter's spacer."""
    data = [i for i in group if _values(rows[i])]
    printed = [frozenset(_field_of(rows[i], it) for it in _values(rows[i])) for i in data]
    marked = any(it.blank for i in data for it in _values(rows[i]))
    if len(data) < 2 or not marked or len(set(printed)) != 1:
        return set()
    return _value_fields(rows, group, label_fields) - printed[0]


def _value_fields(rows: Sequence[Row], group: list[int], label_fields: int) -> set[int]:
    """The table's fields after its label columns (its first row's fields counted)."""
    return set(range(label_fields + 1, (_field_count(rows[group[0]][0]) or 0) + 1))


def _tables(rows: Sequence[Row]) -> list[list[int]]:
    """Runs of '|' rows with the same number of fields (lines of plain text between them allowed:
    wrapped labels printed outside the table)."""
    groups: list[list[int]] = []
    last_fields = None
    for i, (line, _, _) in enumerate(rows):
        n = _field_count(line)
        if n is None:
            continue
        if n != last_fields or not groups:
            groups.append([])
        groups[-1].append(i)
        last_fields = n
    return groups


def _field_count(line: str) -> int | None:
    body = line.strip()
    if not body.startswith("|") or not body.endswith("|") or len(body) < 2:
        return None
    return body.count("|") - 1


def _field_of(row: Row, it: Item) -> int:
    """1 for the row's first field."""
    line, offset, _ = row
    return _bars_before(line)[it.span[0] - offset] if it.span else 0


@lru_cache(maxsize=64)
def _bars_before(line: str) -> tuple[int, ...]:
    """The number of '|' in ``line[:i]``, for every i: counted once per line, so that a line of
    any length is read in linear time."""
    return tuple(accumulate((c == "|" for c in line), initial=0))


def _values(row: Row) -> list[Item]:
    return [it for it in row[2] if it.kind == "value" and not it.empty_field]


def _shares_fields(row: Row) -> bool:
    fields = [_field_of(row, it) for it in _values(row)]
    return len(fields) != len(set(fields))


def _label_fields(row: Row) -> int:
    """The last field holding label text before the row's first value (0: none)."""
    values = _values(row)
    if not values:
        return 0  # header rows fill value columns with label text
    first = _field_of(row, values[0])
    return max((f for f in _label_text_fields(row) if f < first), default=0)


def _label_text_fields(row: Row) -> set[int]:
    """The fields label text is printed in (a label item may run over several fields' bars)."""
    line, offset, items = row
    bars = _bars_before(line)
    return {bars[i] for it in items if it.kind == "label" and it.span
            for i in range(it.span[0] - offset, it.span[1] - offset) if line[i] not in "| \t\u3000"}


def _dropped(row: Row, spacers: set[int], columns: dict[int, tuple[int, int]]) -> list[Item]:
    """The row's items without its empty fields in ``spacers`` and with no field hints (the
    table's fields do not number its cells); a value's column from ``columns`` (by offset)."""
    return [it.evolve(field_from_right=None, merged_column=columns.get(it.span[0]) if it.span else None)
            for it in row[2] if not (it.empty_field and _field_of(row, it) in spacers)]
