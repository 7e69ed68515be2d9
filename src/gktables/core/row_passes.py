"""Passes over one table's order alignment once its rows are resolved: rows printed blank, stray
numbers placed by the checks, and the warnings of rows not found and numbers no cell took."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..checks import evaluate
from ..report import Provenance, ReportWarning, Value
from ..schema import CheckSpec, Template, load_schema
from ..values import parse_value
from .align import Alignment
from .items import Item
from .provenance import item_provenance
from .zones import Zone

ROW_OF_ZEROS = 3  # skipped zeros on one line that make a row of values (三 prints 7 a row, 四 5 or 15)


def emit_blank_rows(alignment: Alignment, items: list[Item], zone: Zone, cells: dict[str, Value],
                    provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> None:
    """A row whose label is printed with nothing after it before the next row's label, or only blank
    marks, is a row of blank cells (a tab-separated line of empty fields; a row printing '/' in some
    cells and nothing in the others): null, flagged as inferred. A table of one unlabelled row (四)
    whose whole zone prints no number is such a row too: its header over an empty value row."""
    anchors = sorted(r.plan.anchor for r in alignment.rows if r.plan.anchor is not None)
    for r in alignment.rows:
        if not r.missing:
            continue
        if r.plan.anchor is not None:
            start, end = r.plan.anchor, next((a for a in anchors if a > r.plan.anchor), zone.end)
        elif len(alignment.rows) == 1:
            start, end = zone.start, zone.end
        else:
            continue
        if any(it.kind == "value" and not it.blank for it in items[start + 1:end]):
            continue
        label = items[start]
        for key in r.plan.keys:
            cells[key] = None
            provenance[key] = Provenance(source=label.source, raw="", confidence=0.6, decided_by="inferred",
                                         page=label.page, span=label.span)
        r.missing = False
        printed = "its label" if r.plan.anchor is not None else "its table's header"
        warnings.append(ReportWarning("row_printed_blank", f"row {r.plan.label!r} prints {printed} and no number: "
                                      "its cells are read as blank", list(r.plan.keys)))


def place_stray_values(alignment: Alignment, checks: list[CheckSpec], cells: dict[str, Value],
                        provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> None:
    """A number no cell took (a converter moved it out of reading order) goes into a blank cell
    when that is the one placement that makes its row add up and leaves fewer failing checks: a
    competing reading chosen by the checks, and flagged as such."""
    strays = [t for t in alignment.skipped if not t.blank and t.digits.strip("0+-")]
    for token in strays:
        parsed = parse_value(token.digits, "count")
        if not parsed.ok or parsed.value is None:
            continue
        failing = _failing(checks, cells)
        blanks = [k for r in alignment.rows for k in r.plan.keys if k in cells and cells[k] is None
                  and any(c.id in failing and k in c.keys and c.id.startswith(("t3.row_total", "t4.")) for c in checks)]
        better = []
        for key in blanks:
            trial = {**cells, key: parsed.value}
            left = _failing(checks, trial)
            if len(left) < len(failing) and not any(key in c.keys for c in checks if c.id in left):
                better.append((len(left), key))
        if len(better) != 1 and not (better and sorted(better)[0][0] < sorted(better)[1][0]):
            continue
        key = min(better)[1]
        cells[key] = parsed.value
        provenance[key] = item_provenance(token, 0.6, "check")
        alignment.skipped.remove(token)
        warnings.append(ReportWarning("value_placed_by_checks",
                                      f"{token.text!r}, printed apart from any row, was placed in the blank cell "
                                      f"{key}: the only placement that makes its row add up", [key]))


def _failing(checks: list[CheckSpec], cells: dict[str, Value]) -> set[str]:
    return {c.id for c in checks if any(k in cells for k in c.keys) and evaluate(c, cells).passed is False}


def with_other_format_rows(warnings: list[ReportWarning], template: Template) -> list[ReportWarning]:
    """三's row not found whose cells exist under the template's format only (the one （六）其他处理 row,
    read as that format because the words of its three sub-rows were not found either): the cells the
    other format has in its place are not in the output, and are as unread: named too."""
    schema = load_schema()
    mine = schema.table_keys(template, "t3")
    other = schema.table_keys(replace(template, t3_other="split" if template.t3_other == "single" else "single"), "t3")
    format_only, other_format = set(mine) - set(other), [k for k in other if k not in mine]
    return [ReportWarning(w.code, w.message, w.keys + [k for k in other_format if k not in w.keys])
            if w.code == "row_missing" and w.keys and w.keys[0] in format_only else w for w in warnings]


def alignment_warnings(alignment: Alignment) -> list[ReportWarning]:
    out = []
    rows = alignment.rows
    for n, r in enumerate(rows):
        if r.missing:
            # Its values may have gone to a neighbour, so the rows on either side are flagged too.
            near = [k for m in (n - 1, n + 1) if 0 <= m < len(rows) and not rows[m].missing for k in rows[m].plan.keys]
            out.append(ReportWarning("row_missing", f"row {r.plan.label!r} was not found; its cells are not in the "
                                     "output, and the rows beside it may hold its values", list(r.plan.keys) + near))
    row_lines = {t.line for r in alignment.rows for t in r.tokens}
    # A number no cell took: any non-zero one, and a 0 printed on a row's own line or in a run of
    # zeros no cell took (a stray 0 alone on a line is typically a ruling read as a digit; a line
    # of ROW_OF_ZEROS or more is a row of 三 or 四, e.g. one whose wrapped label was matched on a
    # line of its own). Lines holding OCR's letter zeros ('U 0 U') are scan noise and left out.
    noisy = {t.line for t in alignment.skipped if t.ocr_letters}
    per_line = Counter(t.line for t in alignment.skipped if not t.blank and t.line not in noisy)
    junk = [t for t in alignment.skipped if not t.blank
            and (t.digits.strip("0+-") != "" or t.line in row_lines or per_line[t.line] >= ROW_OF_ZEROS)]
    if junk:
        # A printed number no cell took is junk or a sign that values slid between rows: the rows
        # printed on either side of it are not to be trusted blindly.
        placed = [(min(t.pos for t in r.tokens), max(t.pos for t in r.tokens), r) for r in alignment.rows if r.tokens]
        keys: list[str] = []
        for t in junk:
            before = max((p for p in placed if p[1] < t.pos), key=lambda p: p[1], default=None)
            after = min((p for p in placed if p[0] > t.pos), key=lambda p: p[0], default=None)
            for p in (before, after):
                if p is not None:
                    keys.extend(k for k in p[2].plan.keys if k not in keys)
        out.append(ReportWarning("tokens_ignored",
                                 f"numbers inside the table that no cell took: {[t.text for t in junk][:20]}; "
                                 "the rows printed next to them are flagged", keys))
    return out
