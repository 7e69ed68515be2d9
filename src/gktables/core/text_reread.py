"""A PDF's tables read a second time from its text layer, where its grids left them unread.

The PDF path reads tables from grids: ruled lattices, and word-aligned (stream) grids of what is
left. A table printed without rules whose columns do not line up with its header words (a web page
saved as PDF by a browser: columns ~3 pt apart, header words centred over neighbours) may come out
as no grid at all, or as a grid the format cannot be read from: the table is missing or its cells
flagged. The same characters, read as lines of text (the page text every PDF layout carries), go
through the text reader, which reads a row from its label and the values after it: that reading is
the one the PDF-to-text converters' output gets, right on such prints where the grids are not.

A table is taken from the text reading only when the grid reading left some of its cells unread,
warned about or below the confidence threshold, and the text reading trusts more of them (or as
many, and reads more); its cells, warnings and checks come with it, each cell's provenance naming
its page, and the grid reading's warnings about the page itself stay (:data:`PAGE_EVIDENCE`).
Everything else stays the grid reading's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..errors import TimeLimitError
from ..layout import Layout
from ..report import CheckResult, Report, ReportWarning
from ..schema import TABLE_TITLES, Template, load_schema

TABLES = ("t2", "t3", "t4")
# The grid reading's warnings that say what the page shows, not how the grids were read: they hold
# for any reading of the table's text (values standing in another order than the format's, header
# words and values that do not line up, digits cut at a clip's edge, columns the page leaves out).
PAGE_EVIDENCE = frozenset({"columns_against_position", "pdf_columns_unaligned", "pdf_clipped", "cells_not_read"})


def reread_weak_tables(report: Report, layout: Layout, read: Callable[[Layout], Report], max_pages: int) -> Report:
    """``report`` with each table the grids read worse than the PDF's text taken from ``read`` of
    that text (see the module): the text of the pages analysed for tables and of the page after
    each (a table broken across pages), ``max_pages`` of them at most."""
    if layout.source != "pdf" or not layout.grids or not layout.text.strip():
        return report
    doubted = _doubted(report)
    weak = [t for t in TABLES if any(k not in report.cells or k in doubted for k in _table_keys(report, t))]
    if not weak:
        return report
    text, pieces = _table_pages_text(layout, max_pages)
    try:
        other = read(Layout(source="text", text=text))
    except TimeLimitError:
        return report  # (the document's time ran out: the grids' reading, flagged where it is weak)
    mine, theirs = report.flagged_keys(), other.flagged_keys()
    taken = [t for t in weak if _standing(other, t, theirs) > _standing(report, t, mine)]
    if not taken:
        return report
    return _merged(report, other, taken, pieces)


class _Piece(NamedTuple):
    start: int  # where the page's text starts in the text reread
    full_start: int  # and in the layout's text
    page: int | None  # (None: a layout that does not say where its pages start)


def _table_pages_text(layout: Layout, max_pages: int) -> tuple[str, list[_Piece]]:
    """The text of the pages analysed for tables and the pages after them, with where each page's
    text starts in it and in the layout's text (a layout without page offsets: its whole text)."""
    starts: list[int] = layout.debug.get("page_text_offsets") or []
    if not starts:
        return layout.text, [_Piece(0, 0, None)]
    ends = [*starts[1:], len(layout.text) + 1]
    wanted = sorted({p for t in layout.table_pages for p in (t, t + 1) if p <= len(starts)})[:max_pages]
    parts: list[str] = []
    pieces: list[_Piece] = []
    at = 0
    for page in wanted:
        page_text = layout.text[starts[page - 1]:ends[page - 1] - 1]  # (pages are joined by one newline)
        pieces.append(_Piece(at, starts[page - 1], page))
        parts.append(page_text)
        at += len(page_text) + 1
    return "\n".join(parts), pieces


def _table_keys(report: Report, table: str) -> tuple[str, ...]:
    """The table's keys under the report's template (its format as read), or under either format
    of 二 / 三 where the table was not found."""
    schema = load_schema()
    return schema.table_keys(report.template, table) if report.template is not None else schema.any_format_keys(table)


def _standing(report: Report, table: str, flagged: set[str]) -> tuple[int, int]:
    """The table's cells read and not ``flagged`` (the report's), then its cells read (flagged ones
    too: a flagged reading of a table beats none)."""
    read = [k for k in report.cells if k.startswith(table + ".")]
    return sum(1 for k in read if k not in flagged), len(read)


def _doubted(report: Report) -> set[str]:
    """The cells named in a warning or below the confidence threshold: what makes a table worth a
    second reading, with its cells unread. A failing check alone is no reason: it flags the same
    cells in any reading of what the document printed (a source error), and a second reading would
    cost its time for nothing."""
    warned = {k for w in report.warnings for k in w.keys}
    return warned | {k for k, p in report.provenance.items() if p.confidence < report.confidence_threshold}


def _table_of(key: str) -> str:
    """'t3' for 't3.new.total' and for a prose check's 'prose.t3.new.total'."""
    parts = key.split(".")
    return parts[1] if parts[0] == "prose" else parts[0]


def _merged(report: Report, other: Report, taken: Sequence[str], pieces: Sequence[_Piece]) -> Report:
    def from_other(keys: Sequence[str]) -> bool:
        return bool(keys) and all(_table_of(k) in taken for k in keys)

    cells = {k: v for k, v in report.cells.items() if _table_of(k) not in taken}
    provenance = {k: p for k, p in report.provenance.items() if _table_of(k) not in taken}
    starts = [p.start for p in pieces]
    for k, v in other.cells.items():
        if _table_of(k) in taken:
            cells[k] = v
            prov = provenance[k] = other.provenance[k]
            prov.source = "pdf"
            if prov.span is not None:  # (offsets into the layout's text, as the grids' cells give)
                piece = pieces[bisect_right(starts, prov.span[0]) - 1]
                shift = piece.full_start - piece.start
                prov.page, prov.span = piece.page, (prov.span[0] + shift, prov.span[1] + shift)
    warnings = [w for w in report.warnings if not from_other(w.keys) or w.code in PAGE_EVIDENCE]
    warnings += [w for w in other.warnings if from_other(w.keys)]
    names = "、".join(TABLE_TITLES[t].split("、", 1)[0] for t in taken)
    warnings.append(ReportWarning(
        "pdf_text_reading", f"table(s) {names} read from the PDF's text lines: the table grids found on its "
                            "pages left them unread or flagged (a table printed without rules)", []))
    checks: list[CheckResult] = [c for c in report.checks if _table_of(c.id) not in taken]
    checks += [c for c in other.checks if _table_of(c.id) in taken]
    template = _template(report.template, other.template, taken)
    report.cells, report.provenance, report.warnings, report.checks = cells, provenance, warnings, checks
    report.template = template
    report.trace["text_reading"] = other.trace
    return report


def _template(mine: Template | None, other: Template | None, taken: Sequence[str]) -> Template | None:
    """二's format from the reading 二 came from, 三's (one 其他处理 row or three) from 三's."""
    if other is None:
        return mine
    if mine is None:
        return other
    return Template(other.t2 if "t2" in taken else mine.t2,
                    other.t3_other if "t3" in taken else mine.t3_other)
