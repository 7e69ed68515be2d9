"""'|' rows' empty fields that are no cells: a converter's padding column, and label-column spacers.

Split from :mod:`.align` (the passes that prepare a '|' table's tokens before the alignment).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .hints import NO_HINTS, TokenHints
from .items import Item, by_line, printed_field_from_right


def drop_padding_column(tokens: list[Item], width: int, hints: TokenHints = NO_HINTS
                        ) -> tuple[list[Item], TokenHints]:
    """Converters add an empty column to some '|' rows, mostly last (markitdown: also one between
    two columns, after a page break). Where rows print ``width`` values (blank ones as marks) and
    one empty field, each in the same field, that field is padding, not a cell: it is taken out of
    every row printing more fields than cells, and the fields counted from the right again. Returns
    the tokens left and ``hints`` with the fields so counted."""
    field = hints.field_from_right
    lines = by_line(t for t in tokens if field(t) is not None)
    pad = _padding_field(lines.values(), width, field)
    if pad is None:
        return tokens, hints
    padding = set()
    fields: dict[int, int | None] = {}
    for run in lines.values():
        spacer = next((t for t in run if t.empty_field and field(t) == pad), None)
        if len(_printed_on(run)) > width and spacer is not None and spacer in _printed_on(run):
            padding.add(spacer.pos)
            fields.update((t.pos, f - 1) for t in run if (f := field(t)) is not None and f > pad)
    return [t for t in tokens if t.pos not in padding], hints.with_fields(fields)


def _padding_field(runs: Iterable[list[Item]], width: int, field: Callable[[Item], int | None]) -> int | None:
    """The field (from the right) that the rows printing one field more than cells leave empty, their
    only empty field: in two rows at least (or the table's one line: 四), in one field alone (the last
    where several are)."""
    runs = [_printed_on(run) for run in runs]
    seen: dict[int, int] = {}
    for run in runs:
        empty = [field(t) for t in run if t.empty_field]
        if len(run) == width + 1 and len(empty) == 1 and empty[0] is not None:
            seen[empty[0]] = seen.get(empty[0], 0) + 1
    found = [f for f, n in seen.items() if n >= 2 or len(runs) == 1]
    return 1 if 1 in found else (found[0] if len(found) == 1 else None)


def _printed_on(run: list[Item]) -> list[Item]:
    """A '|' row's tokens from its first printed value on: the empty fields before it pad the
    label columns (a label printed outside the table leaves them empty)."""
    first = next((i for i, t in enumerate(run) if not t.empty_field), len(run))
    return run[first:]


def drop_spacers_past_reach(tokens: list[Item], text: str) -> list[Item]:
    """Empty fields printed further left than any row of the table prints a value pad the label
    columns: they are no blank cells. (A converter that merges two columns into one field,
    '| 0 255 |', leaves the table a field narrower than its rows have cells, and a row that then
    prints one value fewer than its cells would otherwise take the padding as its first cell.)"""
    def printed(token: Item) -> int | None:
        return printed_field_from_right(text, token.span) if token.span else None

    reach = max((f for t in tokens if not t.blank and (f := printed(t)) is not None), default=None)
    if reach is None:
        return tokens
    return [t for t in tokens if not (t.empty_field and (printed(t) or 0) > reach)]

