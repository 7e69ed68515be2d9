"""Association confidence: whether a row's values are pinned to it by the text, or by order alone.

A row whose values share a line (or a grid row) with its own label is pinned. A row whose values
stand apart from its label (converters print a table's labels and its value rows as separate
lines, sometimes one row off) was given its values by their order only. When shifting a stretch of
such rows by one row — each taking its neighbour's values — keeps every check that held, nothing
in the document tells the two readings apart: the cells that would change are flagged, with a
warning naming the rows that could have swapped. Likewise an order-decided row whose label is
followed by a row's worth of other values, when reading those as its own keeps the checks, and a
row given values printed on another row's label line (or a blank from a line above its own), with
the row whose line it was; a value printed right after a row's label, a token a line, that order
gave another row; blank marks after a row's label given elsewhere while it reads 0s; and a '|' row
whose padding fields could stand elsewhere with its checks holding.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from ..checks import evaluate
from ..labels import normalize_label
from ..report import Provenance, ReportWarning, Value
from ..schema import CheckSpec
from ..values import parse_value
from .align import RowPlan
from .items import Item
from .resolve import RowDecision

UNPINNED_CONFIDENCE = 0.6
MAX_ROW_LINE_LABELS = 2  # label pieces of one table row's line (a group label and the row's); more: a run-on page
MAX_STRETCH = 12  # rows shifted together at most (a converter's shift runs over a block, not a table)


@dataclass
class Shift:
    """A stretch of rows (positions in the table's decisions) whose values could move by one row."""

    rows: list[int]
    keys: list[str]


def unpin(provenance: dict[str, Provenance], keys: Iterable[str]) -> None:
    """Lower the cells' confidence to UNPINNED_CONFIDENCE: their row or column rests on order alone."""
    for key in keys:
        if key in provenance:
            provenance[key].confidence = min(provenance[key].confidence, UNPINNED_CONFIDENCE)


def row_lines(decision: RowDecision, items: Sequence[Item], next_anchor: int) -> set[int]:
    """The lines that hold the row's own label text: from its anchor up to the next row's label."""
    anchor = decision.row.plan.anchor
    if anchor is None:
        return set()
    return {it.line for it in items[anchor:next_anchor] if it.kind == "label"}


def pinned_rows(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int) -> list[bool]:
    """Per row: its values are pinned to it by the text. Either they are all printed on lines of its
    own label that print no other row's label (or it has none), or they are exactly the values
    printed between its label and the next row's label while the row before is pinned too (for the
    first row: no value is printed between the table's start and its label). A chain of such rows
    starting from a sure point cannot be one row off; one that starts after a value printed out of
    place can."""
    anchors = sorted(d.row.plan.anchor for d in decisions if d.row.plan.anchor is not None)
    shared = _lines_of_several_labels(anchors, items)
    owner = {t.pos: n for n, d in enumerate(decisions) for t in d.row.tokens if not t.empty_field}
    out: list[bool] = []
    for n, d in enumerate(decisions):
        tokens = d.row.tokens
        anchor = d.row.plan.anchor
        if not tokens:
            out.append(True)
            continue
        if anchor is None:
            out.append(False)
            continue
        nxt = _next_anchor(anchors, anchor, zone_end)
        lines = row_lines(d, items, nxt) - shared
        # A row that took only empty fields of a '|' row while a value printed on its own line went
        # to another row is not pinned: its line says the value is its own, order said otherwise.
        lost = all(t.empty_field for t in tokens) and any(
            it.kind == "value" and not it.empty_field and it.line in lines and owner.get(it.pos, n) != n
            for it in items[anchor:nxt])
        if lines and all(t.line in lines for t in tokens) and not lost:
            out.append(True)
            continue
        between = {it.pos for it in _values_between(items, anchor, nxt)}
        own = {t.pos for t in tokens if not t.empty_field}
        before_ok = out[n - 1] if n else not any(it.kind == "value" for it in items[zone_start:anchor])
        out.append(own == between and before_ok)
    return out


def _next_anchor(anchors: Sequence[int], anchor: int, zone_end: int) -> int:
    """Where the stretch of a row's label ends: the next row's label, or the table's end."""
    return min((a for a in anchors if a > anchor), default=zone_end)


def _values_between(items: Sequence[Item], anchor: int, nxt: int) -> list[Item]:
    """The values printed after a row's label and before the next row's (empty fields left out)."""
    return [it for it in items[anchor + 1:nxt] if it.kind == "value" and not it.empty_field]


def _lines_of_several_labels(anchors: Sequence[int], items: Sequence[Item]) -> set[int]:
    """Lines printing two rows' labels or more (a page extracted as one line, words joined): a
    value on such a line is not pinned to a row by sharing its line, only by where it stands."""
    seen: set[int] = set()
    shared: set[int] = set()
    for a in anchors:
        line = items[a].line
        (shared if line in seen else seen).add(line)
    return shared


def _labels_per_line(items: Sequence[Item], zone_start: int, zone_end: int) -> Counter[int]:
    """How many label pieces each line of the table's zone prints."""
    return Counter(it.line for it in items[zone_start:zone_end] if it.kind == "label")


def row_values(decision: RowDecision) -> tuple[Value, ...]:
    return tuple(c.value for c in decision.cells)


def order_shifts(decisions: Sequence[RowDecision], pinned: Sequence[bool], cells: dict[str, Value],
                 checks: Sequence[CheckSpec]) -> list[Shift]:
    """Stretches of unpinned neighbouring rows whose values, moved one row up or down (the end
    row taking the other end's, which keeps column sums over the stretch), keep every check that
    holds; the cells that would take their neighbour's value are the uncertain ones."""
    holding = [c for c in checks if evaluate(c, cells).passed]
    shifts = []
    n = len(decisions)
    for start in range(n):
        for end in range(start + 1, min(n, start + MAX_STRETCH)):
            stretch = list(range(start, end + 1))
            if not all(_movable(decisions[i], pinned[i], decisions[start]) for i in stretch):
                break
            for step in (1, -1):
                shift = _shifted(decisions, stretch, step, cells, holding)
                if shift is not None:
                    shifts.append(shift)
    return shifts


def _movable(d: RowDecision, pinned: bool, first: RowDecision) -> bool:
    return not pinned and bool(d.row.tokens) and len(d.cells) == len(first.cells)


def _shifted(decisions: Sequence[RowDecision], stretch: list[int], step: int, cells: dict[str, Value],
             holding: Sequence[CheckSpec]) -> Shift | None:
    trial = dict(cells)
    changed: list[str] = []
    moved: list[str] = []  # cells that would take their neighbour's value
    wrap = stretch[-1] if step == 1 else stretch[0]  # takes the far end's values: it closes the stretch
    for pos, i in enumerate(stretch):
        source = decisions[stretch[(pos + step) % len(stretch)]]
        for key, value in zip(decisions[i].row.plan.keys, row_values(source)):
            if trial.get(key) != value:
                trial[key] = value
                changed.append(key)
                if i != wrap:
                    moved.append(key)
    if not moved:
        return None
    # The stretch's values stay the same multiset, so column sums over it hold; other checks decide.
    touched = [c for c in holding if any(k in c.keys for k in changed)]
    if any(not evaluate(c, trial).passed for c in touched):
        return None
    return Shift(stretch, moved)


def split_line_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int,
                        zone_end: int) -> list[ReportWarning]:
    """Two rows that share out one printed line of at most one row's worth of values: the line was
    one row's values (a converter's value row short of a blank), so one of the two rows has taken a
    value that is not its own. Likewise a row whose own label's line prints more values than it has
    cells, the next row taking the rest (a merged cell's value repeated per column, as python-docx
    gives a Word table's rows; not a line of several rows' labels, a scraped page's): which of them
    is the extra one the order does not say. Both rows are flagged."""
    per_line: dict[int, int] = {}
    for it in items[zone_start:zone_end]:
        if it.kind == "value" and not it.empty_field:
            per_line[it.line] = per_line.get(it.line, 0) + 1
    labels_on_line = _labels_per_line(items, zone_start, zone_end)
    out = []
    for a, b in zip(decisions, decisions[1:]):
        ta = [t for t in a.row.tokens if not t.empty_field]
        tb = [t for t in b.row.tokens if not t.empty_field]
        if not ta or not tb or ta[-1].line != tb[0].line:
            continue
        line = ta[-1].line
        anchor = a.row.plan.anchor
        if per_line[line] <= len(a.cells) and len({t.line for t in ta + tb}) > 1:
            out.append(ReportWarning(
                "line_split_between_rows",
                f"rows {a.row.plan.label!r} and {b.row.plan.label!r} share the values of one printed line "
                f"({per_line[line]} values, one row's worth at most): one of them has taken a value "
                "that is not its own", list(a.row.plan.keys) + list(b.row.plan.keys)))
        elif (per_line[line] > len(a.cells) and anchor is not None and items[anchor].line == line
              and labels_on_line.get(line, 0) <= MAX_ROW_LINE_LABELS):
            out.append(ReportWarning(
                "line_split_between_rows",
                f"row {a.row.plan.label!r} prints {per_line[line]} values on its line for {len(a.cells)} cells "
                f"and row {b.row.plan.label!r} took the rest: which value is not row "
                f"{a.row.plan.label!r}'s the order does not say", list(a.row.plan.keys) + list(b.row.plan.keys)))
    return out


def label_run_warnings(decisions: Sequence[RowDecision], pinned: Sequence[bool], items: Sequence[Item],
                       zone_end: int, cells: dict[str, Value], provenance: dict[str, Provenance],
                       checks: Sequence[CheckSpec]) -> list[ReportWarning]:
    """An order-decided row whose label is followed by a row's worth of other values: the text
    offers a second reading (the values printed after its label; the row holding them now takes
    this row's, when one row does) that order alone set aside — converters that reorder blocks or
    print a token a line leave nothing else to tell them apart. Unless a check that holds rules the
    second reading out, the cells the two readings disagree on are flagged."""
    anchors = sorted(d.row.plan.anchor for d in decisions if d.row.plan.anchor is not None)
    owner = {t.pos: n for n, d in enumerate(decisions) for t in d.row.tokens}
    holding = [c for c in checks if evaluate(c, cells).passed]
    out = []
    for n, (d, is_pinned) in enumerate(zip(decisions, pinned)):
        anchor = d.row.plan.anchor
        if is_pinned or anchor is None or not d.row.tokens:
            continue
        after = _values_between(items, anchor, _next_anchor(anchors, anchor, zone_end))
        if len(after) != len(d.cells):
            continue
        trial = _label_run_reading(decisions, n, after, owner, cells)
        differ = [k for k, v in trial.items() if v != cells.get(k)]
        touched = [c for c in holding if any(k in differ for k in c.keys)]
        if not differ or any(not evaluate(c, trial).passed for c in touched):
            continue
        unpin(provenance, differ)
        printed = " ".join(it.text for it in after)
        out.append(ReportWarning(
            "association_label_run",
            f"row {d.row.plan.label!r} was given its values by print order, but its label is followed by "
            f"'{printed}', one value per cell, and reading those as its own keeps every check that holds: "
            "which are its own the text does not say", differ))
    return out


def lent_value_warnings(decisions: Sequence[RowDecision], pinned: Sequence[bool], items: Sequence[Item],
                        provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """The value printed right after a row's label, given by order to another row (a converter that
    prints a token a line moved a row's values past the next row's label: pdfminer's '政府集中采购 / 6'
    read as 行政事业性收费's 6). The row whose label it follows read its cells without it, the other row
    took it: both rows' cells are flagged, unless the taker's values are printed on its own line.
    Only where the label and the value stand alone on their lines (a token a line): a converter that
    prints a row's values on a line of their own before its label (markitdown) puts another row's
    label right before them, and order reads those right."""
    owner = {t.pos: n for n, d in enumerate(decisions) for t in d.row.tokens}
    per_line = Counter(it.line for it in items if it.text.strip(" \t|") or it.kind == "value")
    out = []
    for n, d in enumerate(decisions):
        anchor = d.row.plan.anchor
        after = _first_after(items, anchor) if anchor is not None else None
        taker = owner.get(after.pos) if after is not None else None
        if after is None or anchor is None or taker is None or taker == n or pinned[taker]:
            continue
        if per_line[items[anchor].line] > 1 or per_line[after.line] > 1:
            continue
        keys = [*d.row.plan.keys, *decisions[taker].row.plan.keys]
        unpin(provenance, keys)
        out.append(ReportWarning(
            "association_lent_value",
            f"'{after.text}', printed right after row {d.row.plan.label!r}'s label, was given by print order to row "
            f"{decisions[taker].row.plan.label!r}: which row each value belongs to the text does not say", keys))
    return out


def _first_after(items: Sequence[Item], anchor: int) -> Item | None:
    """The value printed right after the label at ``anchor`` (no other label between), if any."""
    for it in items[anchor + 1:anchor + 3]:
        if it.kind == "label" and it.text.strip(" \t|"):
            return None
        if it.kind == "value" and not it.empty_field:
            return it
    return None


def _label_run_reading(decisions: Sequence[RowDecision], n: int, after: list[Item], owner: dict[int, int],
                       cells: dict[str, Value]) -> dict[str, Value]:
    """The cells with row ``n`` reading the values printed after its label; when one row of the same
    width holds all of them now, that row takes row ``n``'s values (the two swap)."""
    d = decisions[n]
    trial = {**cells, **dict(zip(d.row.plan.keys, _field_values(after, d)))}
    holders = {owner.get(it.pos) for it in after}
    other = next(iter(holders)) if len(holders) == 1 else None
    if other is not None and other != n and len(decisions[other].cells) == len(d.cells):
        trial.update(zip(decisions[other].row.plan.keys, row_values(d)))
    return trial


def grouped_row_warnings(decisions: Sequence[RowDecision], cells: dict[str, Value],
                         provenance: dict[str, Provenance], checks: Sequence[CheckSpec]) -> list[ReportWarning]:
    """A table read as one row of checked groups (四: three groups of five under a stack of headers)
    from values printed over several lines, apart from any row label: which group each value is in
    rests on print order alone. When a group's check fails, that order is in doubt (or the document
    misprints), and a group of blank or zero cells is no evidence of its own — it holds whatever the
    order. Its cells are flagged too (the failing groups' are, by their checks); a group holding with
    numbers in it speaks for the order and stays."""
    out = []
    for d in decisions:
        plan = d.row.plan
        lines = {t.line for t in d.row.tokens if not t.empty_field}
        if not plan.groups or len(plan.groups) < 2 or len(lines) < 2:
            continue
        row_checks = [c for c in checks if set(plan.keys) & set(c.keys)]
        failing = [c for c in row_checks if evaluate(c, cells).passed is False]
        empty = [c for c in row_checks if c not in failing and not any(cells.get(k) for k in c.keys)]
        unsure = [k for c in empty for k in c.keys if k in plan.keys]
        if not failing or not unsure:
            continue
        unpin(provenance, unsure)
        out.append(ReportWarning(
            "association_uncertain",
            f"row {plan.label!r} prints its values over {len(lines)} lines apart from its headers and "
            f"{', '.join(c.id for c in failing)} fail: which group each value belongs to rests on order alone, "
            f"and {', '.join(c.id for c in empty)} hold only as blank or zero groups hold under any order", unsure))
    return out


def blank_mark_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int,
                        cells: dict[str, Value], provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """Blank marks ('-', '—', '/') printed after a row's label, before the next row's, that order gave
    other rows or none, while the row reads 0 cells: a blank and a 0 weigh the same in every check,
    so whether one of those 0s is the blank printed for it the text does not say. Its 0 cells are
    flagged."""
    anchors = sorted(d.row.plan.anchor for d in decisions if d.row.plan.anchor is not None)
    row_at = {d.row.plan.anchor: n for n, d in enumerate(decisions) if d.row.plan.anchor is not None}
    owner = {t.pos: n for n, d in enumerate(decisions) for t in d.row.tokens}
    given: dict[int, list[Item]] = {}  # row → the blank marks printed after its label that went elsewhere
    for it in items[zone_start:zone_end]:
        below = bisect_left(anchors, it.pos)  # the labels printed before it
        if not (it.kind == "value" and it.blank and not it.empty_field and below):
            continue
        row = row_at[anchors[below - 1]]
        if owner.get(it.pos) != row:
            given.setdefault(row, []).append(it)
    out = []
    for n, marks in given.items():
        d = decisions[n]
        zeros = [k for k in d.row.plan.keys if cells.get(k) == 0]
        if not zeros:
            continue
        unpin(provenance, zeros)
        taken = sorted({decisions[owner[it.pos]].row.plan.label for it in marks if it.pos in owner})
        out.append(ReportWarning(
            "association_blank_mark",
            f"blank marks {[it.text for it in marks]} printed after row {d.row.plan.label!r}'s label were given "
            f"to {taken or 'no row'} by print order; a blank and a 0 weigh the same in every check, so whether "
            "one of its 0 cells is blank the text does not say", zeros))
    return out


def foreign_line_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int,
                          provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """A row given by order values printed on the line of another row's label, not its own (its
    label not found, or on another line): the line says they are that row's, order said otherwise.
    A source that lost a block (a borderless 二 whose （八） block went unread) leaves its rows to
    take whatever the order hands them; those cells are flagged, naming the row whose line it was,
    and so are that row's own, read without them."""
    labels_on_line = _labels_per_line(items, zone_start, zone_end)
    line_owner = {items[d.row.plan.anchor].line: d.row.plan for d in decisions if d.row.plan.anchor is not None}
    line_owner = {**_continued_labels(decisions, items, zone_start, zone_end, set(line_owner)), **line_owner}
    out = []
    for d in decisions:
        anchor = d.row.plan.anchor
        own = items[anchor].line if anchor is not None else None
        # an empty field of a line above its label (a caption's grid row read as values) is as
        # doubtful; a number there is a wrapped half or a centred label's, read by their own passes
        foreign = [t for t in d.row.tokens if t.line != own
                   and labels_on_line[t.line] <= MAX_ROW_LINE_LABELS
                   and (line_owner.get(t.line, d.row.plan) is not d.row.plan
                        or (own is not None and t.empty_field and t.line < own))]
        if not foreign:
            continue
        keys = list(d.row.plan.keys)  # which of its cells took them the row's reading may have moved
        # the row whose line it is read its cells without them: as doubtful
        keys += [k for t in foreign if t.line in line_owner for k in line_owner[t.line].keys if k not in keys]
        unpin(provenance, keys)
        others = sorted({line_owner[t.line].label for t in foreign if t.line in line_owner})
        where = f"on the line of row {others[0]!r}" if others else "above its label, on a line of no row's label"
        lost = "" if anchor is not None else ", and its own label was not found"
        printed = [t.text or "(blank)" for t in foreign]
        out.append(ReportWarning(
            "association_foreign_line",
            f"row {d.row.plan.label!r} was given {printed} by print order, but they are printed {where}{lost}: "
            "which row they belong to the text does not say", keys))
    return out


def outside_table_warnings(decisions: Sequence[RowDecision], text: str,
                           provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """A row printed as plain lines right after a row printed in a '|' table: the converter lost it
    from the table (PyMuPDF4LLM, a row its layout model left out), and gave its values in its own
    reading order ('0 / 66 / 15' for 15 0 66), not the table's columns. With its values on two
    lines or more, which column each is the text does not say."""
    lines = text.split("\n")

    def on_pipe_lines(tokens: Sequence[Item]) -> set[bool]:
        """Whether each token's line is a '|' row (empty: no token, or a token not of text)."""
        if not tokens or any(t.source != "text" or t.line >= len(lines) for t in tokens):
            return set()
        return {"|" in lines[t.line] for t in tokens}

    out = []
    for above, d in zip(decisions, decisions[1:]):
        printed = [t for t in d.row.tokens if not t.empty_field]
        if (len({t.line for t in printed}) < 2  # (one line's values stand left to right)
                or on_pipe_lines(above.row.tokens) != {True} or on_pipe_lines(printed) != {False}):
            continue
        keys = list(d.row.plan.keys)
        unpin(provenance, keys)
        out.append(ReportWarning(
            "association_outside_table",
            f"row {d.row.plan.label!r} is printed as lines of its own after the table's '|' rows (the "
            f"converter lost it from the table): its values {[t.text for t in printed]} come in the "
            "converter's reading order, which column each is the text does not say", keys))
    return out


MIN_CONTINUATION = 4  # characters of a label's wrapped line that tell which row's label it continues


def _continued_labels(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int,
                      anchored: set[int]) -> dict[int, RowPlan]:
    """Lines of no row's anchor whose label text continues exactly one row's label (its wrapped
    lines: '求缴纳费用、行政机关不再处理其政府信息公开申请' is 2.申请人逾期未按收费…'s alone), by line:
    values printed there are that row's as much as values on its anchor's line are."""
    labels = [(d.row.plan, normalize_label(d.row.plan.label)) for d in decisions]
    out: dict[int, RowPlan] = {}
    for it in items[zone_start:zone_end]:
        if it.kind != "label" or it.line in anchored:
            continue
        for piece in (normalize_label(p) for p in it.text.split("|")):
            if len(piece) < MIN_CONTINUATION:
                continue
            rows = [plan for plan, norm in labels if piece in norm and not norm.startswith(piece)]
            if len(rows) == 1:
                out.setdefault(it.line, rows[0])
    return out


MAX_PADDINGS = 256  # placements of a '|' row's padding tried at most


def padding_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int,
                     text: str, cells: dict[str, Value], provenance: dict[str, Provenance],
                     checks: Sequence[CheckSpec]) -> list[ReportWarning]:
    """A '|' row printing more fields than cells, some empty (markitdown pads a table with columns
    of its own, not always at the end): which empty fields are padding decides every value's
    column. Where another choice of padding fields keeps every check of the row that holds (四's
    5 under 结果维持 or 结果纠正: 5 + 2 = 7 either way), the cells the choices disagree on are flagged,
    with the other cells of their checks' groups."""
    holding = [c for c in checks if evaluate(c, cells).passed]
    padded = {i: f for i, d in enumerate(decisions)
              if (f := _pipe_row_fields(d, items, zone_start, zone_end, text)) is not None}
    out = []
    for i, fields in padded.items():
        d = decisions[i]
        # a check over another padded row is no witness: a converter pads its rows alike, so that
        # row's values may stand one column off just as this one's do, and the check hold with both
        others = {k for j in padded if j != i for k in decisions[j].row.plan.keys}
        row_checks = [c for c in holding if set(c.keys) & set(d.row.plan.keys) and not set(c.keys) & others]
        mine = {k: cells.get(k) for k in d.row.plan.keys}
        differ: set[str] = set()
        empties = [i for i, it in enumerate(fields) if it.empty_field]
        for n, dropped in enumerate(combinations(empties, len(fields) - len(d.cells))):
            if n >= MAX_PADDINGS:
                break
            kept = [it for i, it in enumerate(fields) if i not in dropped]
            trial = {**cells, **dict(zip(d.row.plan.keys, _field_values(kept, d)))}
            if all(evaluate(c, trial).passed for c in row_checks):
                differ.update(k for k in mine if trial.get(k) != mine[k])
        if not differ:
            continue
        # the blank cells of a group whose values can move are as doubtful as the moved ones
        group = {k for c in row_checks if differ & set(c.keys) for k in c.keys}
        keys = [k for k in d.row.plan.keys if k in differ | group]
        unpin(provenance, keys)
        out.append(ReportWarning(
            "association_padding",
            f"row {d.row.plan.label!r} prints {len(fields)} fields for {len(d.cells)} cells, some empty: with "
            "other fields taken as the converter's padding its values stand in other columns and its checks "
            "still hold: which column each is in the text does not say", keys))
    return out


def _pipe_row_fields(d: RowDecision, items: Sequence[Item], zone_start: int, zone_end: int,
                     text: str) -> list[Item] | None:
    """The fields a row's one '|' line prints after its label, when they outnumber its cells and
    some of them are empty."""
    lines = {t.line for t in d.row.tokens}
    if len(lines) != 1:
        return None
    line = lines.pop()
    first = d.row.tokens[0]
    if first.span is None or not text[text.rfind("\n", 0, first.span[0]) + 1:].lstrip().startswith("|"):
        return None
    anchor = d.row.plan.anchor
    start = anchor if anchor is not None and items[anchor].line == line else zone_start
    fields = [it for it in items[start:zone_end] if it.line == line and it.kind == "value"]
    if len(fields) <= len(d.cells) or not any(it.empty_field for it in fields):
        return None
    return fields


def _field_values(fields: Sequence[Item], d: RowDecision) -> list[Value]:
    return [None if it.empty_field else parse_value(it.digits, col.type, col.money_unit).value
            for it, col in zip(fields, d.row.plan.cols)]


def association_warnings(decisions: Sequence[RowDecision], items: Sequence[Item], zone_start: int, zone_end: int,
                         cells: dict[str, Value], provenance: dict[str, Provenance],
                         checks: Sequence[CheckSpec], text: str = "") -> list[ReportWarning]:
    """Flag the cells that a one-row shift of order-decided rows would change, the checks unmoved;
    those of rows split between lines or followed by another reading (above); and a grouped row's
    whose groups the order leaves in doubt (:func:`grouped_row_warnings`)."""
    padded = padding_warnings(decisions, items, zone_start, zone_end, text, cells, provenance, checks)
    if len(decisions) < 2:
        return padded + grouped_row_warnings(decisions, cells, provenance, checks)
    pinned = pinned_rows(decisions, items, zone_start, zone_end)
    out = padded + split_line_warnings(decisions, items, zone_start, zone_end)
    out += foreign_line_warnings(decisions, items, zone_start, zone_end, provenance)
    out += blank_mark_warnings(decisions, items, zone_start, zone_end, cells, provenance)
    out += label_run_warnings(decisions, pinned, items, zone_end, cells, provenance, checks)
    out += lent_value_warnings(decisions, pinned, items, provenance)
    out += outside_table_warnings(decisions, text, provenance)
    shifts = order_shifts(decisions, pinned, cells, checks)
    if not shifts:
        return out
    keys: list[str] = []
    rows: list[int] = []
    for s in shifts:
        keys.extend(k for k in s.keys if k not in keys)
        rows.extend(r for r in s.rows if r not in rows)
    unpin(provenance, keys)
    names = [decisions[r].row.plan.label for r in sorted(rows)]
    return out + [ReportWarning(
        "association_uncertain",
        f"rows {names} print their values apart from their labels; moved one row up or down they keep "
        f"every check, so which row each belongs to rests on order alone", keys)]
