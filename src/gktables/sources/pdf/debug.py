"""Debug views of grids: a text table with spans, for eyes and for test failure messages.

``grid_to_text(grid)`` prints every slot of the grid: a cell's text (with ``{rowspan x colspan}``
when it spans) at its first slot, ``^`` in slots covered from above, ``<`` in slots covered from
the left, ``.`` for empty cells. Widths count CJK characters as two columns.
"""

from __future__ import annotations

import unicodedata

from ...layout import Grid


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _clip(text: str, max_width: int) -> str:
    if _width(text) <= max_width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > max_width - 1:
            return out + "…"
        out += ch
    return out


def grid_to_rows(grid: Grid, max_width: int = 24) -> list[list[str]]:
    """The grid's slots as strings (see the module docstring)."""
    slots = grid.slots()
    rows = []
    for r, row in enumerate(slots):
        out = []
        for c, cell in enumerate(row):
            if cell is None:
                out.append("?")
            elif cell.row == r and cell.col == c:
                span = f"{{{cell.rowspan}x{cell.colspan}}}" if cell.rowspan > 1 or cell.colspan > 1 else ""
                out.append(_clip(cell.text, max_width) + span if cell.text else "." + span)
            elif cell.col == c:
                out.append("^")
            else:
                out.append("<")
        rows.append(out)
    return rows


def grid_to_text(grid: Grid, max_width: int = 24) -> str:
    """A printable table of the grid with a one-line header (page, size, method, bbox)."""
    rows = grid_to_rows(grid, max_width)
    n_cols = grid.n_cols
    widths = [max((_width(r[c]) for r in rows), default=1) for c in range(n_cols)]
    bbox = grid.bbox.as_list() if grid.bbox else None
    lines = [f"grid page={grid.page} rows={grid.n_rows} cols={n_cols} "
             f"method={grid.debug.get('method', '?')} bbox={bbox}"]
    for i, row in enumerate(rows):
        cells = [text + " " * (widths[c] - _width(text)) for c, text in enumerate(row)]
        lines.append(f"{i:>3} | " + " | ".join(cells))
    return "\n".join(lines)
