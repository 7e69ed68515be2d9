"""四 printed box by box (pdfminer.six): its values placed under the column headers printed before them.

pdfminer prints 四's header boxes and value boxes in an order of its own. Two layouts are common:

- every value right after its column's header (``结果纠正 0 | 其他结果 0 | … | 结果维持 32 | 总计 49``),
  the three groups one after the other, a group's 总计 sometimes after the next group's first
  cell; headers printed vertically side by side come out interleaved character by character
  (``尚其结未他果审结纠结果正 2 5 3``: 尚未审结, 其他结果, 结果纠正 — their values in that order);
- the landscape page: a run of headers, then values, the headers' last columns taking the values
  (``…总计 | 66`` a 总计; ``结果维持 结果纠正 其他结果 尚未审结 | 3 0 0 0``), the values printed past
  their headers (``总计 | 3 29 5 6 8 48 46 6 10 4``: a 总计, then nine with no header).

Reading: a value **headed** by a column takes that column; of one column's headed values, the one
printed first lies in an earlier group (复议, then 未经复议直接起诉, then 复议后起诉), and the values of
one run under one run of headers lie in one group. Every way of giving the headed values groups so
is tried; the unheaded values fill the cells left, in the template's order. A reading is kept when
every group adds up (four results = 总计); so is the print order taken in the template's order, the
headers unheeded, when some headers' reading is kept (a header box printed before values it does
not head is common, and the checks cannot tell two results of a group apart). The cells every kept
reading agrees on are read, the others carry the kept values as candidates. Nothing is read
unless the values number the cells.

When no such reading adds up, two weaker ones are tried, each shown flagged and taken only where the
order's own reading fails a check of 四 too: one column's values in any order of the groups (a 总计
box printed after the next group's), then — every value printed right after its own header — the
headers alone (the document misprints a sum: its values are read as printed, the check fails).

When 四 printed so is left to the row-by-row order (its headers unread, or the order trusted), the
print order is the boxes', and every check of 四 is one group's: whole groups put in each other's
place keep them all. Those cells are flagged (:func:`group_order_warnings`, naming the other
readings) unless the headers allow only the order's grouping.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations, permutations, product

from ..checks import evaluate
from ..report import Provenance, ReportWarning, Value
from ..schema import CheckSpec
from ..values import parse_value
from .align import RowPlan
from .association import unpin
from .items import Item
from .order_warnings import ambiguous_warning, blank_unsure_warning, placed_provenance

CONFIDENCE = 0.9  # placed by its header and the checks, not by its row's line
BLANK_CONFIDENCE = 0.6  # a 0-or-blank cell when a blank is printed: a blank and a 0 weigh the same in the checks
TITLE_END = "情况"  # the end of 四's title (政府信息公开行政复议、行政诉讼情况), before its headers
GROUP_NAMES = ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉")  # the headers over the columns' headers
MAX_READINGS = 256  # ways of grouping the headed values tried
UNSURE_CONFIDENCE = 0.6  # a reading against the groups' order, or adding up nowhere: shown, flagged


@dataclass(frozen=True)
class Headed:
    """A printed value of 四 and the column its header names (None: printed with no header)."""

    item: Item
    value: Value
    column: int | None
    run: int  # the run of values (after one run of headers) it was printed in
    nth: int | None = None  # its header is the column's nth printed (0: the first): the group it names


PRINTED = "四 is printed box by box"


@dataclass
class FourReading:
    cells: dict[str, Value]
    provenance: dict[str, Provenance]
    open: dict[str, list[Value]] = field(default_factory=dict)
    unsure_blanks: list[str] = field(default_factory=list)  # 0-or-blank cells when a blank mark is printed
    doubt: str = ""  # why the reading is shown below the confidence threshold, when it is

    def warnings(self) -> list[ReportWarning]:
        out = [ReportWarning(
            "header_order_read",
            f"四 is printed box by box (headers and values apart); {len(self.cells)} cells were placed under "
            f"the column headers printed before them and by the checks of 四", [])]
        if self.doubt:
            out.append(ReportWarning("header_order_unsure", f"{PRINTED}: {self.doubt}", list(self.cells)))
        if self.unsure_blanks:
            out.append(blank_unsure_warning("header_order_blank_unsure", PRINTED, self.unsure_blanks))
        if self.open:
            out.append(ambiguous_warning(
                "header_order_ambiguous", PRINTED, "several placements of its values under their headers add up",
                self.open))
        return out


def worth_taking(reading: FourReading, cells: dict[str, Value], checks: Sequence[CheckSpec]) -> bool:
    """Whether ``reading`` should replace 四 as the order read it (``cells``): a reading that adds up
    always; a doubted one (:attr:`FourReading.doubt`) only when the order's reading fails a check too
    or leaves blank a cell it reads a printed value into (the order set a printed value aside)."""
    return (not reading.doubt or order_fails(cells, checks)
            or any(v is not None and cells.get(k) is None for k, v in reading.cells.items()))


def order_fails(cells: dict[str, Value], checks: Sequence[CheckSpec]) -> bool:
    """Whether 四 as the order read it fails a check of 四: then its headers' reading is worth a try
    even in text that reads the other tables row by row (pdfminer prints 四 box by box regardless)."""
    return any(evaluate(c, cells).passed is False for c in checks)


def headed_values(zone: Sequence[Item], headers: Sequence[str]) -> list[Headed] | None:
    """The zone's values, each with the column of the header printed before it (see the module's
    doc), or None when a value is not a plain count or a run of values follows label text that is
    not headers and group names."""
    out: list[Headed] = []
    pending = ""  # label text since the last value
    run_values: list[Item] = []
    run = 0
    broken: list[int] = []  # runs under headers broken up past reading
    printed = [0] * len(headers)  # each column's headers printed so far

    def close() -> None:
        nonlocal run
        if run_values:
            found = _run_columns(pending, len(run_values), headers)
            if found is None:
                broken.append(run)
                found = ([], [])
            every, cols = found
            nth = _occurrences(every, printed)[len(every) - len(cols):]
            for k, it in enumerate(run_values):
                out.append(Headed(it, parse_value(it.text, "count").value, cols[k] if k < len(cols) else None, run,
                                  nth[k] if k < len(cols) else None))
            run += 1

    for it in zone:
        if it.kind == "value":
            if not parse_value(it.text, "count").ok:
                return None
            run_values.append(it)
            continue
        if run_values:
            close()
            pending, run_values = "", []
        pending += "".join(it.text.split())
    close()
    return None if broken else out


def _occurrences(cols: Sequence[int], printed: list[int]) -> list[int]:
    """For each header of ``cols`` (in print order), how many of its column's headers were printed
    before it; ``printed`` (per column, so far) is updated."""
    out = []
    for c in cols:
        out.append(printed[c])
        printed[c] += 1
    return out


def _run_columns(text: str, m: int, headers: Sequence[str]) -> tuple[list[int], list[int]] | None:
    """The headers printed in the label text ``text`` before a run of ``m`` values, and the columns
    of the run's values among them: the last ``m`` headers (or all of them, for the run's first
    values), or ``m`` headers interleaved character by character. None when the text is not made
    of headers and group names (headers broken up otherwise: which value is under which is not known)."""
    text = text[text.rfind(TITLE_END) + len(TITLE_END):] if TITLE_END in text else text
    for name in GROUP_NAMES:
        text = text.replace(name, "")
    found = _headers_in(text, headers)
    if found is not None and (len(found) >= m or not _interleaved(text, m, headers)):
        return found, found[-m:] if len(found) >= m else found
    cols = _interleaved(text, m, headers)
    if cols is None:
        return None
    return (_headers_in(text[:len(text) - sum(len(headers[c]) for c in cols)], headers) or []) + cols, cols


def _headers_in(text: str, headers: Sequence[str]) -> list[int] | None:
    """The headers ``text`` is made of, in order, or None when it holds anything else."""
    hits = []
    i = 0
    while i < len(text):
        col = next((c for c, h in enumerate(headers) if text.startswith(h, i)), None)
        if col is None:
            return None
        hits.append(col)
        i += len(headers[col])
    return hits


def _interleaved(text: str, m: int, headers: Sequence[str]) -> list[int] | None:
    """``m`` headers of one length printed side by side, vertically: their characters come out
    round-robin (``尚其结未他果审结纠结果正``)."""
    for width in sorted({len(h) for h in headers}):
        tail = text[-width * m:]
        if len(tail) != width * m or m < 2 or _headers_in(text[:-width * m], headers) is None:
            continue
        cols = [next((c for c, h in enumerate(headers) if h == tail[k::m]), None) for k in range(m)]
        if all(c is not None for c in cols):
            return [c for c in cols if c is not None]
    return None


def _group_keys(plans: Sequence[RowPlan], n_cols: int) -> list[list[str]]:
    """四's keys group by group (四 is one row of three groups of five)."""
    flat = [k for p in plans for k in p.keys]
    return [flat[i:i + n_cols] for i in range(0, len(flat), n_cols)]


def _headed_zone(zone: Sequence[Item], keys: list[list[str]], headers: Sequence[str]) -> list[Headed] | None:
    """The zone's values with their headers, when they number the cells and some value is headed."""
    values = headed_values(zone, headers)
    if values is None or len(values) != sum(len(k) for k in keys) or any(len(k) != len(headers) for k in keys):
        return None
    return values if any(v.column is not None for v in values) else None


def _headers_kept(values: list[Headed], keys: list[list[str]], checks: Sequence[CheckSpec]
                  ) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The placements the headers allow (:func:`_groupings`) on which every check of 四 holds; those
    whose groups follow the headers' own order (a column's second header printed is the second
    group's) first: the one shown when the checks leave several."""
    kept: list[tuple[dict[str, Value], dict[str, Item]]] = []
    for groups in sorted(_groupings(values, len(keys), len(keys[0])), key=lambda g: _against_headers(values, g)):
        _keep_if_it_adds_up(_fill(values, groups, keys), checks, kept)
    return kept


def header_order_reading(plans: Sequence[RowPlan], zone: Sequence[Item], checks: Sequence[CheckSpec],
                         headers: Sequence[str]) -> FourReading | None:
    """四's cells read from the headers printed before its values, or None (see the module's doc)."""
    n_cols = len(headers)
    keys = _group_keys(plans, n_cols)
    n_groups = len(keys)
    values = _headed_zone(zone, keys, headers)
    if values is None:
        return None
    kept = _headers_kept(values, keys, checks)
    doubt = ""
    if not kept:  # one column's boxes printed out of the groups' order (a 总计 after the next group's):
        for free in reversed(range(n_cols)):  # 总计 (the last) first, the one shown when several add up
            for groups in _groupings(values, n_groups, n_cols, free):
                _keep_if_it_adds_up(_fill(values, groups, keys), checks, kept)
        doubt = "no placement adds up with each column's values in the groups' order; one column's are not"
    if not kept:  # the document misprints a sum: every value after its own header is read as printed
        kept = _as_headed(values, n_groups, keys)
        doubt = "every value is printed after its own header, and no placement of them adds up"
    if not kept:
        return None
    # pdfminer sometimes prints a header box before values it does not head, and the checks cannot
    # tell two results of one group apart: the print order in the template's, headers unheeded, is
    # a reading too, and where it adds up and differs, the cells stay open (the headers' shown).
    _keep_if_it_adds_up(_fill(values, {}, keys), checks, kept)
    reading = _agreement(kept, keys)
    if doubt:
        reading.doubt = doubt
        for prov in reading.provenance.values():
            prov.confidence = min(prov.confidence, UNSURE_CONFIDENCE)
    if any(v.value is None for v in values):
        reading.unsure_blanks = [k for k, v in reading.cells.items() if v in (0, None) and k not in reading.open]
        for key in reading.unsure_blanks:
            reading.provenance[key].confidence = BLANK_CONFIDENCE
    return reading


def _keep_if_it_adds_up(placed: dict[str, Headed] | None, checks: Sequence[CheckSpec],
                        kept: list[tuple[dict[str, Value], dict[str, Item]]]) -> None:
    """Add a placement to ``kept`` when every check of 四 holds on it and no kept one reads the same."""
    if placed is None:
        return
    cells = {k: v.value for k, v in placed.items()}
    if all(evaluate(c, cells).passed is True for c in checks) and all(cells != seen for seen, _ in kept):
        kept.append((cells, {k: v.item for k, v in placed.items()}))


def _groupings(values: list[Headed], n_groups: int, n_cols: int, free: int | None = None) -> list[dict[int, int]]:
    """Every giving of groups to the headed values (index in ``values`` → group): a column's headed
    values in increasing groups in print order (column ``free``'s in any order), the headed values
    of one run in one group (when their columns differ)."""
    per_col: list[list[int]] = [[i for i, v in enumerate(values) if v.column == c] for c in range(n_cols)]
    if any(len(ix) > n_groups for ix in per_col):
        return []
    options = [list((permutations if c == free else combinations)(range(n_groups), len(ix)))
               for c, ix in enumerate(per_col)]
    out = []
    for choice in product(*options):
        groups = {i: g for ix, gs in zip(per_col, choice) for i, g in zip(ix, gs)}
        if _runs_agree(values, groups):
            out.append(groups)
            if len(out) > MAX_READINGS:
                return []
    return out


def _as_headed(values: list[Headed], n_groups: int, keys: list[list[str]]
               ) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The one placement the headers alone give, when every value follows its own header and each
    header's place among its column's printed headers names a group: each cell its header's value."""
    if any(v.column is None or v.nth is None or v.nth >= n_groups for v in values):
        return []
    groups = {i: v.nth for i, v in enumerate(values) if v.nth is not None}
    placed = _fill(values, groups, keys)
    if placed is None or len({(g, values[i].column) for i, g in groups.items()}) != len(values):
        return []
    return [({k: v.value for k, v in placed.items()}, {k: v.item for k, v in placed.items()})]


def _against_headers(values: list[Headed], groups: dict[int, int]) -> int:
    """How many headed values a grouping puts in another group than their header's place among the
    column's printed headers names."""
    return sum(1 for i, g in groups.items() if values[i].nth is not None and values[i].nth != g)


def _runs_agree(values: list[Headed], groups: dict[int, int]) -> bool:
    by_run: dict[int, set[int]] = {}
    cols: dict[int, list[int | None]] = {}
    for i, g in groups.items():
        by_run.setdefault(values[i].run, set()).add(g)
        cols.setdefault(values[i].run, []).append(values[i].column)
    return all(len(gs) == 1 or len(set(cols[r])) < len(cols[r]) for r, gs in by_run.items())


def _fill(values: list[Headed], groups: dict[int, int], keys: list[list[str]]) -> dict[str, Headed] | None:
    """The cells: headed values under their (group, column), the others in template order."""
    placed: dict[str, Headed] = {}
    for i, g in groups.items():
        col = values[i].column
        assert col is not None
        placed[keys[g][col]] = values[i]
    rest = iter(v for i, v in enumerate(values) if i not in groups)
    for key in (k for row in keys for k in row):
        if key not in placed:
            v = next(rest, None)
            if v is None:
                return None
            placed[key] = v
    return placed


def _agreement(kept: list[tuple[dict[str, Value], dict[str, Item]]], keys: list[list[str]]) -> FourReading:
    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    open_: dict[str, list[Value]] = {}
    first, items = kept[0]
    for key in (k for row in keys for k in row):
        values: list[Value] = []
        for reading, _ in kept:
            if reading[key] not in values:
                values.append(reading[key])
        cells[key] = first[key]
        provenance[key] = prov = placed_provenance(items[key], values, CONFIDENCE)
        if prov.candidates:
            open_[key] = prov.candidates
    return FourReading(cells, provenance, open_)


def group_order_warnings(plans: Sequence[RowPlan], zone: Sequence[Item], checks: Sequence[CheckSpec],
                         headers: Sequence[str], cells: dict[str, Value],
                         provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """四 read in print order from text that prints it box by box (its headers among its values, as
    pdfminer does, or each value a box of its own): the print order is the boxes', not the table's.
    Every check of 四 is one group's, so whole groups put in each other's place keep them all, and
    a group's results in any order keep its total (the second only where each value is a box: a
    line printed along the row keeps its order). Unless the headers printed before the values allow
    only the order's reading (their placements under the checks, as :func:`header_order_reading`
    tries them), the cells such a permutation changes are flagged, the other readings named."""
    keys = _group_keys(plans, len(headers))
    boxed = _values_boxed(zone) and not _headers_before_in_order(zone, headers)
    if len(keys) < 2 or not (boxed or _headers_among_values(zone, headers)):
        return []
    flat = [k for row in keys for k in row]
    read = {k: cells.get(k) for k in flat}
    swaps = _permuted_groups(keys, read, checks)
    reorders = _permuted_results(keys, read, checks) if boxed else []
    values = _headed_zone(zone, keys, headers)
    allowed = [placed for placed, _ in _headers_kept(values, keys, checks)] if values is not None else []
    if read in allowed:  # the headers speak for the order's reading: only what they allow too is open
        swaps = [(order, o) for order, o in swaps if o in allowed]
        reorders = [(g, o) for g, o in reorders if o in allowed]
    differ = [k for k in flat if any(o[k] != read[k] for _, o in swaps + reorders)]
    if not differ:
        return []
    unpin(provenance, differ)
    group = [row[0].rsplit(".", 1)[0] for row in keys]
    moves = "; ".join(", ".join(f"{group[g]} as {group[src]} was read" for g, src in enumerate(order) if g != src)
                      for order, _ in swaps)
    reordered = ", ".join(group[g] for g in sorted({g for g, _ in reorders}))
    return [ReportWarning(
        "header_order_groups",
        f"{PRINTED} and was read in print order; "
        + "; ".join(part for part in (moves and f"its groups put in each other's place keep every check ({moves})",
                                      reordered and f"the results of {reordered} keep their totals in any order")
                    if part)
        + ": where each value stands the text does not say", differ)]


def _headers_among_values(zone: Sequence[Item], headers: Sequence[str]) -> bool:
    """Whether a column header of 四 is printed after one of its values (boxes printed one by one)."""
    first = next((i for i, it in enumerate(zone) if it.kind == "value"), None)
    if first is None:
        return False
    after = "".join("".join(it.text.split()) for it in zone[first:] if it.kind == "label")
    return any(h in after for h in headers)


def _values_boxed(zone: Sequence[Item]) -> bool:
    """Whether 四's values are printed box by box: at least two of them each alone on its line, a
    blank line after the one before (pdfminer, pdftotext's default order: the order of the boxes may
    be the converter's, not the table's; a converter printing a table line by line leaves no blank)."""
    per_line = Counter(it.line for it in zone)
    values = [it for it in zone if it.kind == "value"]
    apart = sum(1 for a, b in zip(values, values[1:])
                if per_line[a.line] == per_line[b.line] == 1 and b.line - a.line >= 2)
    return apart >= 2


def _headers_before_in_order(zone: Sequence[Item], headers: Sequence[str]) -> bool:
    """Whether 四's column headers are printed whole and in the table's order before its first value
    (a page printed cell by cell in the table's order, a scraped page one cell a line): its boxes then
    follow the table's order too."""
    first = next((i for i, it in enumerate(zone) if it.kind == "value"), len(zone))
    text = "".join("".join(it.text.split()) for it in zone[:first] if it.kind == "label")
    at = 0
    for header in headers:
        at = text.find(header, at)
        if at < 0:
            return False
        at += len(header)
    return True


def _permuted_results(keys: list[list[str]], read: dict[str, Value], checks: Sequence[CheckSpec]
                      ) -> list[tuple[int, dict[str, Value]]]:
    """The readings with one group's results (its cells but 总计) in another order that keep every
    check holding on ``read`` (a group's total holds in any order of its results), each with its group."""
    holding = [c for c in checks if evaluate(c, read).passed]
    out: list[tuple[int, dict[str, Value]]] = []
    for g, row in enumerate(keys):
        results = row[:-1]
        for order in sorted(set(permutations([read[k] for k in results])), key=str):
            trial = {**read, **dict(zip(results, order))}
            if trial != read and all(evaluate(c, trial).passed for c in holding):
                out.append((g, trial))
    return out


def _permuted_groups(keys: list[list[str]], read: dict[str, Value], checks: Sequence[CheckSpec]
                     ) -> list[tuple[tuple[int, ...], dict[str, Value]]]:
    """The readings with whole groups in each other's place (group g taking the values ``read`` gives
    group ``order[g]``) that keep every check holding on ``read``."""
    holding = [c for c in checks if evaluate(c, read).passed]
    out: list[tuple[tuple[int, ...], dict[str, Value]]] = []
    for order in permutations(range(len(keys))):
        trial = {k: read[src] for row, g in zip(keys, order) for k, src in zip(row, keys[g])}
        if trial != read and all(trial != seen for _, seen in out) and all(evaluate(c, trial).passed for c in holding):
            out.append((order, trial))
    return out
