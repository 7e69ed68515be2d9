"""Hand-built 三-like tables for the column-order tests (column_blanks, column_pairs): row labels,
one per line, then a stream of boxes as pdfminer prints them; the row totals and the last row
summing the others as checks."""

from gktables.core.align import RowPlan
from gktables.core.candidates import Column
from gktables.core.column_order import ColumnReading, column_major_reading
from gktables.core.items import Item
from gktables.schema import CheckSpec


def stream_table(rows: list[str], stream: list[str], cols: tuple[str, ...], gap: str = "\n"
                 ) -> tuple[list[RowPlan], list[Item], str]:
    """Row labels, one per line, then the stream (numbers are values, other text a label), one per
    line; ``gap`` ends each line ("\\n\\n": a box a paragraph, as pdfminer prints cells)."""
    items: list[Item] = []
    text = ""
    for line, piece in enumerate([*rows, *stream]):
        kind = "value" if piece.isdigit() else "label"
        items.append(Item(kind, piece, "text", line, pos=len(items), span=(len(text), len(text) + len(piece))))
        text += piece + gap
    plans = [RowPlan(r, tuple(f"t3.{r}.{c}" for c in cols), tuple(Column("count") for _ in cols), None, n,
                     (len(cols),)) for n, r in enumerate(rows)]
    return plans, items, text


def stream_checks(rows: list[str], cols: tuple[str, ...]) -> list[CheckSpec]:
    """Each row's total, and the last row the sum of the others in every column."""
    out = [CheckSpec(f"t3.row_total.{r}", tuple(f"t3.{r}.{c}" for c in cols[:-1]), (f"t3.{r}.total",), "")
           for r in rows]
    out += [CheckSpec(f"t3.sum.{c}", tuple(f"t3.{r}.{c}" for r in rows[:-1]), (f"t3.{rows[-1]}.{c}",), "")
            for c in cols]
    return out


def read_stream(rows: list[str], stream: list[str], cols: tuple[str, ...], headers: tuple[str, ...],
                gap: str = "\n") -> ColumnReading | None:
    """The table of :func:`stream_table` read column by column under :func:`stream_checks`."""
    plans, items, text = stream_table(rows, stream, cols, gap)
    return column_major_reading(plans, items, 0, len(items), text, stream_checks(rows, cols), headers)
