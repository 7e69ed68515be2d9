"""What the markup sources (HTML, DOCX) share once a table's cells are placed: the grid clean-up
(lossless collapses, then hair-thin columns), the test of which grids are report tables, and the
markers that record where each table's lines are in the document text."""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter

from ..labels import normalize_label
from ..layout import Grid, GridCell, SourceKind
from ..schema import report_labels
from ..values import is_value_text

MAX_TABLE_COLS = 1000  # a wider table cannot be a report table; it is skipped, not laid out


def _renumber(cells: list[GridCell], removed: set[int], axis: str) -> None:
    """Remove grid lines ``removed`` (rows or columns no cell is alone in) from every cell."""
    if not removed:
        return
    # (row + rowspan is last_row + 1: the sums, not the properties, on every cell of every table)
    size = max((c.row + c.rowspan for c in cells) if axis == "row" else (c.col + c.colspan for c in cells), default=0)
    new_index: list[int] = []
    kept = 0
    for i in range(size):
        new_index.append(kept)
        if i not in removed:
            kept += 1
    for cell in cells:
        first, span = (cell.row, cell.rowspan) if axis == "row" else (cell.col, cell.colspan)
        last = first + span - 1
        if first == last:  # most cells: one line, kept or not (without the searches below)
            lo = hi = None if first in removed else first
        else:
            lo = next((i for i in range(first, last + 1) if i not in removed), None)
            hi = next((i for i in range(last, first - 1, -1) if i not in removed), None)
        if lo is None or hi is None:  # cannot happen: callers only remove lines no cell is alone in
            raise AssertionError(f"cell at ({cell.row}, {cell.col}) would vanish")
        if axis == "row":
            cell.row, cell.rowspan = new_index[lo], new_index[hi] - new_index[lo] + 1
        else:
            cell.col, cell.colspan = new_index[lo], new_index[hi] - new_index[lo] + 1


_ROW_COL = attrgetter("row", "col")  # (the key cells are sorted by: a C key, no Python call per cell)


def _width(cells: list[GridCell]) -> int:
    """The cells' last_col + 1 (0 without cells)."""
    width = 0
    for c in cells:  # (a plain loop: a generator under max() cost half again, on every table)
        if c.col + c.colspan > width:
            width = c.col + c.colspan
    return width


def collapse_empty_lines(cells: list[GridCell], n_cols: int | None = None) -> dict[str, int]:
    """Drop rows and columns no cell starts in (empty <tr>s, slots only reached by an
    over-long span such as colspan=100 in a 4-column table). Lossless: such a line is not a
    boundary of any cell. ``n_cols``: the cells' width, when the caller has it."""
    row_starts: set[int] = set()
    col_starts: set[int] = set()
    n_rows = 0  # (last_row + 1)
    for c in cells:  # (one plain loop for the three: this runs for every table of every page)
        row_starts.add(c.row)
        col_starts.add(c.col)
        if c.row + c.rowspan > n_rows:
            n_rows = c.row + c.rowspan
    n_cols = _width(cells) if n_cols is None else n_cols
    empty_rows = set(range(n_rows)) - row_starts
    empty_cols = set(range(n_cols)) - col_starts
    _renumber(cells, empty_rows, "row")
    _renumber(cells, empty_cols, "col")
    return {"rows": len(empty_rows), "cols": len(empty_cols)}


MAX_SLIVER_COLS = 64  # wider tables are not report tables; their widths are not solved


def column_widths(spans: list[tuple[int, int, float]], n_cols: int) -> list[float]:
    """Column widths from cell widths, by least squares: each (first col, last col, width) says
    the columns it covers sum to that width. Normal equations with a tiny ridge (so columns the
    widths do not determine share evenly), solved by Gaussian elimination; n_cols is small."""
    m = [[0.0] * n_cols for _ in range(n_cols)]
    v = [0.0] * n_cols
    for first, last, width in spans:
        for i in range(first, last + 1):
            v[i] += width
            row = m[i]
            for j in range(first, last + 1):
                row[j] += 1.0
    for i in range(n_cols):
        m[i][i] += 1e-6
    for k in range(n_cols):  # elimination with partial pivoting
        pivot = max(range(k, n_cols), key=lambda i: abs(m[i][k]))
        m[k], m[pivot], v[k], v[pivot] = m[pivot], m[k], v[pivot], v[k]
        for i in range(k + 1, n_cols):
            factor = m[i][k] / m[k][k]
            if factor:
                row_i, row_k = m[i], m[k]
                for j in range(k, n_cols):
                    row_i[j] -= factor * row_k[j]
                v[i] -= factor * v[k]
    x = [0.0] * n_cols
    for i in range(n_cols - 1, -1, -1):
        x[i] = (v[i] - sum(m[i][j] * x[j] for j in range(i + 1, n_cols))) / m[i][i]
    return x


def collapse_sliver_columns(cells: list[GridCell], widths: list[float | None], *,
                            min_known: float = 0.8, ratio: float = 0.12, n_cols: int | None = None) -> list[int]:
    """Remove columns that only exist because colspans are misaligned by a hair.

    Word-made tables often carry rows like ``[149px][colspan=2 101px]`` over
    ``[colspan=2 150px][101px]``: a 1-px column appears that no cell lies alone in, and the
    values seem shifted by one column. Column widths are solved from the declared cell widths
    (least squares); a column no cell lies alone in whose width is below ``ratio`` × the median
    column width is removed. Nothing happens unless ``min_known`` of the cells declare a width.
    Returns the removed column indices (before removal). ``n_cols``: the cells' width, when the
    caller has it.
    """
    if not cells:
        return []
    n_cols = _width(cells) if n_cols is None else n_cols  # (last_col + 1)
    alone = {c.col for c in cells if c.colspan == 1}
    candidates = [i for i in range(n_cols) if i not in alone]
    if not candidates or n_cols < 3 or n_cols > MAX_SLIVER_COLS:  # (tested first: no widths needed)
        return []
    known = [(c, w) for c, w in zip(cells, widths) if w is not None and w > 0]
    if len(known) < min_known * len(cells):
        return []
    solved = column_widths([(c.col, c.last_col, width) for c, width in known], n_cols)
    ordered = sorted(solved)
    median = ordered[len(ordered) // 2]
    if median <= 0:
        return []
    slivers = [i for i in candidates if solved[i] < ratio * median]
    _renumber(cells, set(slivers), "col")
    return slivers



def grid_report_labels(grid: Grid) -> set[str]:
    """The schema labels found among the grid's cells: a cell equal to a label, or a short cell
    containing one (行政规范性文件 ⊃ 规范性文件, 1.属于国家秘密 ⊃ 属于国家秘密)."""
    found: set[str] = set()
    for cell in grid.cells:
        text = normalize_label(cell.text)
        if 4 <= len(text) <= 80:
            found.update(_labels_in(text))
    return found


@lru_cache(maxsize=4096)  # labels repeat page after page: each text is held against the labels once
def _labels_in(text: str) -> tuple[str, ...]:
    """The schema labels a normalised cell text (4 to 80 characters) is or contains (see above)."""
    labels = report_labels()
    if text in labels:
        return (text,)
    return tuple(label for label in labels if label in text and len(text) <= len(label) + 8)


def _raw_cols(grid: Grid) -> int:
    """The grid's width before the clean-up (:func:`finish_grid` notes it; else its width now)."""
    return grid.debug["raw_cols"] if "raw_cols" in grid.debug else grid.n_cols  # (n_cols scans every cell)


def select_report_grids(grids: list[Grid]) -> tuple[list[Grid], list[dict]]:
    """Keep the grids that hold report content, in order; say why each other one was dropped.

    A grid is kept when two distinct schema labels are among its cells and it also has a value
    cell or a third label (a header in a <table> of its own). A grid of values only is kept
    when it directly follows a grid kept for its labels and has as many columns (a table cut
    into a header <table> and a values <table>)."""
    kept: list[Grid] = []
    dropped: list[dict] = []
    previous: Grid | None = None  # the grid just before, when it was kept for its labels
    for index, grid in enumerate(grids):
        labels = grid_report_labels(grid)
        texts = [c.text for c in grid.cells if c.text]
        # (values are counted only when the labels alone do not decide: three labels keep a grid)
        values = 0 if len(labels) >= 3 else sum(1 for t in texts if is_value_text(t))
        if len(labels) >= 2 and (values or len(labels) >= 3):
            keep, reason = True, f"{len(labels)} report labels"
        elif previous is not None and _raw_cols(previous) == _raw_cols(grid) and values >= 2 \
                and values >= 0.6 * len(texts):
            keep, reason = True, "values continuing the previous report table"
        else:
            keep, reason = False, f"{len(labels)} report labels, {values} values"
        grid.debug["report_labels"] = len(labels)
        if keep:
            grid.debug["kept"] = reason
            kept.append(grid)
        else:
            preview = " | ".join(texts[:6])[:120]
            dropped.append({"index": index, "reason": reason, "preview": preview})
        previous = grid if keep and labels else None
    return kept, dropped


def finish_grid(cells: list[GridCell], widths: list[float | None] | None, source: SourceKind,
                debug: dict) -> Grid:
    """Clean a placed grid (lossless collapses, then slivers) and wrap it."""
    raw_cols = debug["raw_cols"] = _width(cells)  # (last_col + 1)
    collapsed = debug["collapsed"] = collapse_empty_lines(cells, raw_cols)
    if widths is not None:  # (the width after the collapse: each column left is one a cell starts in)
        slivers = collapse_sliver_columns(cells, widths, n_cols=raw_cols - collapsed["cols"])
        if slivers:
            debug["sliver_cols"] = slivers
    cells.sort(key=_ROW_COL)
    return Grid(cells=cells, source=source, debug=debug)


_MARK = "\x00gktables-table:"


def mark_table_lines(index: int, lines: list[str]) -> list[str]:
    """A table's text lines between two markers that :func:`marked_lines_to_text` removes."""
    return [f"{_MARK}<{index}", *lines, f"{_MARK}>{index}"]


def marked_lines_to_text(lines: list[str]) -> tuple[str, dict[int, tuple[int, int]]]:
    """Join lines into the document text, dropping empty lines and table markers; return the
    text and, per table index, its (first, last) line number in the text (0-based, inclusive),
    so the core can read the heading above a grid or the note under it."""
    out: list[str] = []
    starts: dict[int, int] = {}
    spans: dict[int, tuple[int, int]] = {}
    for line in lines:
        if line.startswith(_MARK):
            index = int(line[len(_MARK) + 1:])
            if line[len(_MARK)] == "<":
                starts[index] = len(out)
            elif index in starts and len(out) > starts[index]:
                spans[index] = (starts.pop(index), len(out) - 1)
            continue
        if line.strip():
            out.append(line)
    return "\n".join(out), spans

