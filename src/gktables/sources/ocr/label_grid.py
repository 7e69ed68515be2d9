"""Which number-shaped cells of a grid are labels by their place in it, and whether a Chinese
reading of such a cell is words no number can give.

A number-shaped cell (one line, narrow ink) is read first by the digits reader, twice, and by the
Chinese model only when that reader is unsure: for the short labels of a table (captions, column
headers, short row labels) all three reads are spent, most of the OCR time they cost. Their place
in the grid tells them apart without reading: the value columns are the rightmost columns whose
single-column cells are mostly narrow (numbers print in few, half-width glyphs); a label is then

- a cell spanning several columns (a caption, a grouped header),
- a cell left of the value columns (a row label),
- a cell of a header row: a row above the first row whose value cells are all narrow, or a row
  holding a wide cell in a value column (a column header below a caption, mid-table).

The rule only chooses the route: a cell placed as a label is read by the Chinese model first, and
unless that reading is words (:func:`reads_as_words`) the cell goes on by today's route, digits
reader included. A number placed as a label costs a read, never a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ..joining import IDEOGRAPH
from .cells import CellJob, cell_key
from .decide import BLANK_LOOKALIKES, CONFUSABLE_DIGITS, DASHES, DIGIT_LOOKALIKES, normalise_number
from .known_labels import is_format_word, is_known_label, mend_label

NARROW = 3.0  # glyphs: ink this wide or less may be a number (six half-width digits)
MIN_WORD_CHARS = 2  # Chinese characters, none a look-alike of a digit or a blank mark
ORDINAL_WORD_CHARS = 4  # such characters after an ordinal ('5.', '(3)'), which no number is followed by

_ORDINAL = re.compile(r"^[(（〈《]?\d{1,2}[)）〉》]?[.、．,，]?(?=[\u4e00-\u9fff])")
_NOT_WORDS = DIGIT_LOOKALIKES | set(BLANK_LOOKALIKES) | set("无") | {c for d in DASHES for c in d}


def _narrow(job: CellJob, glyph: float) -> bool:
    return job.digits and job.ink is not None and job.ink.width <= NARROW * glyph


def value_columns(jobs: Sequence[CellJob], n_cols: int, glyph: float) -> set[int]:
    """The rightmost run of columns whose single-column cells with ink are mostly narrow (at least
    one, and at least half as many as wide ones: a column's headers are few against its values)."""
    out: set[int] = set()
    for c in range(n_cols - 1, -1, -1):
        cells = [j for j in jobs if j.box.col == c and j.box.colspan == 1 and j.ink is not None]
        narrow = sum(_narrow(j, glyph) for j in cells)
        if narrow == 0 or 2 * narrow < len(cells) - narrow:
            break
        out.add(c)
    return out


def grid_label_jobs(jobs: Sequence[CellJob], n_rows: int, n_cols: int, glyph: float) -> list[CellJob]:
    """The number-shaped cells of one table (its jobs) that its grid places as labels."""
    values = value_columns(jobs, n_cols, glyph)
    if not values:
        return []
    first_value = min(values)
    in_values = [j for j in jobs if j.box.colspan == 1 and j.box.col in values and j.ink is not None]
    wide_rows = {j.box.row for j in in_values if j.box.rowspan == 1 and not _narrow(j, glyph)}
    # a cell across several columns reaching into the values heads them (申请人情况 over its columns)
    headed = {j.box.row for j in jobs if j.box.colspan > 1 and j.box.col + j.box.colspan > first_value}
    body = [r for r in range(n_rows) if r not in headed and any(j.box.row == r for j in in_values)
            and all(_narrow(j, glyph) for j in in_values if j.box.row == r)]
    first_body = min(body, default=n_rows)
    return [j for j in jobs if j.digits and j.ink is not None and (
        j.box.colspan > 1 or j.box.col + j.box.colspan <= first_value
        or j.box.row + j.box.rowspan <= first_body or j.box.row in wide_rows)]


def _tables(jobs: Sequence[CellJob]) -> Iterator[tuple[list[CellJob], int, int]]:
    """Each table's jobs of a page (every cell of a grid one), with its rows and columns."""
    for t in dict.fromkeys(j.table for j in jobs):
        table = [j for j in jobs if j.table == t]
        yield table, max(j.box.row + j.box.rowspan for j in table), max(j.box.col + j.box.colspan for j in table)


def grid_labels(jobs: Sequence[CellJob], glyph: float) -> list[CellJob]:
    """The number-shaped cells of a page's tables (its jobs, every cell of a grid one) placed as labels."""
    return [j for table, n_rows, n_cols in _tables(jobs) for j in grid_label_jobs(table, n_rows, n_cols, glyph)]


def value_cells(jobs: Sequence[CellJob], glyph: float) -> set[tuple[int, int, int]]:
    """Keys (:func:`cells.cell_key`) of the single-column cells in their table's value columns."""
    out: set[tuple[int, int, int]] = set()
    for table, _, n_cols in _tables(jobs):
        values = value_columns(table, n_cols, glyph)
        out |= {cell_key(j) for j in table if j.box.colspan == 1 and j.box.col in values}
    return out


def reads_as_words(text: str, known_only: bool = False) -> bool:
    """Whether a Chinese reading is words that no reading of a number gives: a label of the
    report tables (short ones such as 总计 too), or (unless ``known_only``) at least
    MIN_WORD_CHARS Chinese characters that are no digit's or blank mark's look-alike and no digit
    at all, or an ordinal and then ORDINAL_WORD_CHARS such characters and no digit (else the
    digits reader must see the cell)."""
    s = re.sub(r"\s+", "", text)
    if len(IDEOGRAPH.findall(s)) < MIN_WORD_CHARS or normalise_number(s) is not None:
        return False
    if is_known_label(s) or mend_label(s) is not None or is_format_word(s):
        return True
    if known_only:
        return False
    ordinal = _ORDINAL.match(s)  # a row label's number ('5.属于…'), its words misread
    rest = s[ordinal.end():] if ordinal else s
    if any(ch.isdigit() for ch in rest.translate(CONFUSABLE_DIGITS)):
        return False
    needed = ORDINAL_WORD_CHARS if ordinal else MIN_WORD_CHARS
    return sum(1 for ch in IDEOGRAPH.findall(rest) if ch not in _NOT_WORDS) >= needed
