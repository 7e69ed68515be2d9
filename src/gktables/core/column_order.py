"""三 printed column by column: the reading of text that lists a table's values under their column
headers rather than along their rows (pdfminer.six's ``extract_text``).

pdfminer groups the characters of each column of cells into text boxes and prints box after box:
三's row labels come out in one run, then its values column by column, a page at a time. The
first columns are often cut into pieces by labels printed between them (自然人 and 商业企业,
whose cells sit next to the labels), and a value printed on its row label's line belongs to that
row's first column (one printed alone right before a label: tried first as that row's, see
:mod:`.column_strays`). What this reads:

- a **band** is the rows of one page: its values are the page's value tokens, ``rows × columns``
  of them. A page printing ``k`` values more is read again with each choice of ``k`` numbers wrapped
  over two lines joined (:mod:`.column_wraps`; the checks keep the right joins), and one printing
  ``k`` values fewer with ``k`` cells printed empty put in every distinct place (:mod:`.column_blanks`);
  a count that still does not divide leaves the table to the row-by-row reading, flagged;
- in a band, the columns after the first two (科研机构 … 总计), or after the first, are printed as
  whole runs one after the other, somewhere in the band's stream; the free first column(s) fill the
  rest top to bottom. The runs come left to right, or in the order of their **lone headers** (a
  column header printed alone right before a value: the box of that column, headed); 总计 may come
  anywhere (its row totals place it), and so may the one column with no lone header when all the
  others but 总计 have one. Two neighbouring lone headers heading one value each (header boxes that
  took their column's first cell), or m each (the first heads m values before the second), print
  those first cells, then the rest of each run; 其他 and 总计 may come as a pair printed group by
  group, and the first runs may leave their last rows' cells to after them (:mod:`.column_pairs`).
  When no reading of the table is found so, wider orders are tried: that pair anywhere among the
  runs, and the free columns' values as one stretch between two runs; a band's last rows printed
  as lines after the first runs cut short, their free cells with them (:mod:`.column_pairs`), and a
  band none of whose orders reads it, again with its first row's cells of the first three columns
  or more printed first, as a line (the first row's label box takes them; _head_readings); a
  reading found only so is read with every cell flagged (``column_order_loose``). Before
  those, one page may print its whole runs in any order of its own (pdfminer groups neighbouring
  columns' boxes, e.g. 法律服务机构 科研机构 总计 商业企业 其他) while the other pages keep to the
  orders above: which run is which column is then said by the checks of the columns across the
  pages (ANY, read loose too; the same order on every page would pass them alike, so the cells
  such readings disagree on stay open); a band still unread in the wider orders is read again
  with one or two of its columns taken as all 0, their zeros taken out of the stream wherever
  printed (:mod:`.column_zeros`; read loose too);
- every place of the block of runs is tried; the row totals then give each row's free cells' sum,
  and the interleavings of the two free columns that meet them are searched (a lone header before
  a free column's value deals it there; without one, the column whose first cell lies higher
  starts first: the checks cannot tell those two columns apart). With one free column, its cells
  are the rows' remainders when exactly those values are printed, in any order (pdfminer prints a
  value beside a two-line label after the next label's);
- last (XY), when none of the above reads the table: each page printed in a cut order, blocks
  of neighbouring columns printed along the label boxes' row groups (:mod:`.column_xycut`), a
  page no such order reads tried again with the values printed right after a row's label as that
  row's first cells; read loose;
- a reading is kept when every check of 三 holds on it (row totals, 一+二 = 三(七)+四, 三(七) = sum
  of the results) and no lone header names a column the reading puts other values under. When no
  reading passes, a band may be read with its one free column in print order, its row sums
  unchecked, or with its two free columns interleaved and one row's sum unchecked (the slip in a
  row they both fill), if the checks that then fail all go through one cell or two of one row (the
  report's own slip, which those failing checks flag). Before that, a page's whole runs in any order of
  its own (as ANY) are read with such a slip (ANY_SLIP): the slip's row adds up, its column checks fail
  through it alone. When the bands all have readings but none of their
  combinations passes the checks of the columns, the combinations whose failing checks are one
  such slip are kept, read with every cell flagged. The cells on which every kept reading agrees are
  read; the others are flagged with their candidates. When no reading is kept, nothing is read.
  When the print order left more than PINNED_SOLUTIONS placements of a band (or PINNED_READINGS of
  the table) to the checks, the reading is taken with every cell flagged (``column_order_loose``).

The checks cannot tell apart two columns other than 总计 (swapping them keeps every sum): their
order comes from the print order (left to right) and the lone headers, and a lone header that
contradicts a reading rejects it. The two free columns printed apart (each a whole box) are the
exception: pdfminer orders tall boxes by their heights as much as by their places, so each reading
is kept beside its mirror (the two swapped) unless a value on a label's line or a lone header pins
them, or the report's prose states a cell one of the two contradicts. A blank mark and a 0 weigh
the same in every check: in a band that prints a blank, the 0-or-blank cells are flagged.

(About 1,300 lines, over the ~400 the house aims at: bands, run orders, interleavings of the free
columns and the agreement of kept readings are one search over one Token/Segments model; split,
each part would only make sense read beside the others.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import permutations, product
from math import prod
from typing import Any, TypeVar

from ..checks import evaluate
from ..report import Provenance, ReportWarning, Value
from ..schema import CheckSpec
from ..values import parse_value
from .align import RowPlan
from .column_blanks import filled_pages, zero_filled_pages
from .column_pairs import (LAST, MAX_HEAD, PAIRED, TRIPLE, Groupings, head_parts, moved_anywhere, pair_groupings,
                           pair_orders, pair_variants, part_width, segment_rows, tail_orders, triple_groupings,
                           triple_orders, triple_variants)
from .column_rowpairs import row_pair_dealings
from .column_strays import label_run_strays
from .column_wraps import joined_pages
from .column_xycut import after_label, check_terms, section_starts, xy_readings
from .column_zeros import zero_column_ways
from .items import Item
from .order_warnings import ambiguous_warning, blank_unsure_warning, placed_provenance

FREE_COLUMNS = 2  # the first columns, printed in pieces between the labels
MAX_SOLUTIONS = 512  # readings kept per band before the band is called ambiguous
MAX_READINGS = 16384  # whole-table readings (bands combined) checked
# Past these, the print order leaves so many placements open that the checks alone choose among
# them, and two columns the checks cannot tell apart may be swapped in every reading kept (a run
# moved among the others): the cells are read but all flagged (LOOSE_CONFIDENCE).
PINNED_SOLUTIONS = 32  # readings of one band
PINNED_READINGS = 64  # whole-table readings
LOOSE_CONFIDENCE = 0.6
BLANK_CONFIDENCE = 0.6  # a 0-or-blank cell of a band printing a blank: below the flagging threshold
CONFIDENCE = 0.9  # a cell placed by print order and the checks, not by its row's line

PRINTED = "三 is printed column by column"
# the searches tried in turn, each only when the ones before found no reading (see _kept_readings)
NARROW, WIDE, ANY, WIDER, ANY_SLIP, SLIP, XY = "narrow", "wide", "any", "wider", "any_slip", "slip", "xy"
SEARCHES = (NARROW, ANY, WIDE, WIDER, ANY_SLIP, SLIP, XY)
XY_STEPS = 150_000  # steps of the cut-order searches (XY) for one table, every stream and band; more: not read so
BAND_STEPS = 40_000_000  # work of the band searches of one table (every stream and search), in steps of the
# free columns' dealing searches (~1 µs each here: ~30 s); more: the search at hand is too open (each search is
# bounded, but a page printing values more or fewer than whole rows is searched once per choice of joins or
# blanks, and that product was not: 200 CPU-s on one of seed 1's 100 pdfminer texts; the most any other takes
# is 24 M steps, 20 s)
PLACEMENT_STEPS = 4  # what one block placement costs of it (weights by their time), and one regrouping
PAIR_STEPS, TRIPLE_STEPS = 100, 3000  # of a pair or triple stretch (column_pairs; the latter up to 300 pairs')
# a stretch found in the memo still costs a share of its search's steps: the key, and the variants built from
# its groupings (free, 40 M steps took ~40 % longer on a text that spends them all, s53_022)
GROUPING_HIT_SHARE = 4
MAX_GROUPINGS_KEPT = 50_000  # stretches' groupings a table's search remembers (BandCache.groupings; ~1 kB each)
ROW_PAIR_STEPS = 10  # and one dealing step of column_rowpairs (its states are tuples built per step)
MAX_ANY_GRIDS = 4096  # readings of a band with its runs in any order (ANY); more: that band not read so
MAX_ANY_CHECKED = 8192  # its readings × the other bands' combinations checked; more: not read so
Grid = list[list[Value]]  # [row][column] of one band
Reading = tuple[Grid, dict[tuple[int, int], Item]]  # a band's grid and the printed item of each cell
T = TypeVar("T")


@dataclass
class ColumnReading:
    """三 read column by column: the cells every kept reading agrees on, and the others."""

    cells: dict[str, Value]
    provenance: dict[str, Provenance]
    open: dict[str, list[Value]] = field(default_factory=dict)  # key → the values the kept readings give it
    readings: int = 0
    unsure_blanks: list[str] = field(default_factory=list)  # 0-or-blank cells of a band printing a blank
    loose: bool = False  # read past PINNED_SOLUTIONS / PINNED_READINGS: every cell flagged

    def warnings(self) -> list[ReportWarning]:
        out = [ReportWarning(
            "column_order_read",
            f"三 is printed column by column (labels first, then each column's values); {len(self.cells)} cells "
            f"were placed by that order and the checks of 三 (a check that still fails is reported as such)", [])]
        blanks = [k for k in self.unsure_blanks if k not in self.open]
        if blanks:
            out.append(blank_unsure_warning("column_order_blank_unsure", PRINTED, blanks))
        if self.loose:
            out.append(ReportWarning(
                "column_order_loose",
                "三 is printed column by column in an order that leaves many placements of its values open; "
                "the cells they agree on are read, all below the confidence threshold (two columns the checks "
                "cannot tell apart may be swapped)", sorted(self.cells)))
        if self.open:
            out.append(ambiguous_warning(
                "column_order_ambiguous", PRINTED, f"{self.readings} placements of its values pass every check",
                self.open))
        return out


@dataclass(frozen=True)
class Token:
    """A printed value of the stream, parsed."""

    item: Item
    value: Value
    page: int


def column_major_reading(plans: Sequence[RowPlan], items: Sequence[Item], start: int, end: int, text: str,
                         checks: Sequence[CheckSpec], headers: Sequence[str],
                         prose: Mapping[str, set[int | float]] | None = None, steps: int = BAND_STEPS
                         ) -> ColumnReading | None:
    """三's cells read from a column-by-column print order, or None when no reading passes (or the
    band searches went past ``steps``, see BAND_STEPS, before one was found).

    ``plans``: 三's rows in the template's order (their anchors: the labels found);
    ``items[start:end]``: the table's zone; ``text``: the document (its form feeds split pages);
    ``checks``: 三's checks; ``headers``: the column headers' texts, in column order; ``prose``:
    the cells the report's prose states (key → values), which may tell the free columns apart.
    """
    n_cols = len(plans[0].cols) if plans else 0
    if not plans or n_cols <= FREE_COLUMNS or any(len(p.cols) != n_cols for p in plans):
        return None
    tokens = _tokens(items[start:end], text)
    if tokens is None:
        return None
    fixed = _label_line_values(plans, items, tokens)
    if fixed is None:
        return None
    # a value printed among the labels, on a line of its own: the next row's first cell, else read
    # in the stream (see column_strays)
    strays = label_run_strays(plans, items, tokens, fixed)
    cache = BandCache(steps_left=steps)  # both tries' band readings (keyed by their fixed cells) and budget
    # the looser tier of empty cells (column_blanks) only when the strict streams found no reading
    # at all, in either try: beside them, its extra streams leave other tables too open to read
    for loose in (False, True):
        if cache.too_open:
            return None
        reading = _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, {**fixed, **strays},
                              cache, loose) if strays else None
        reading = reading or _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, fixed,
                                         cache, loose)
        if reading:
            return reading
    return None


def _read_fixed(plans: Sequence[RowPlan], items: Sequence[Item], start: int, end: int, text: str,
                checks: Sequence[CheckSpec], headers: Sequence[str], prose: Mapping[str, set[int | float]] | None,
                tokens: list[Token], fixed: dict[tuple[int, int], Token], cache: BandCache, loose: bool = False
                ) -> ColumnReading | None:
    """column_major_reading with the cells ``fixed`` (row, column → the value printed for it) read
    from where they are printed rather than from the stream's order; ``cache``: the table's band
    readings and what its band searches may still spend (its ``too_open`` set when they could not
    be read). ``loose``: only the looser tier's streams of empty cells (column_blanks), a reading
    found so read loose."""
    n_cols = len(plans[0].cols)
    stream = [t for t in tokens if t.item.pos not in {f.item.pos for f in fixed.values()}]
    marks = _header_marks(items[start:end], headers)
    keys = [list(p.keys) for p in plans]
    found = _Found()
    by_pos = {t.item.pos: t for t in tokens}  # XY's second try (see _xy_kept): values right after a label
    follow = {rc: by_pos[pos] for rc, pos in after_label(plans, items, set(by_pos), n_cols).items()}
    xy_budget = [XY_STEPS]  # the cut-order searches of every stream of this table share it
    xy_marks = _header_marks(items[start:end], headers, spelled=True)

    def search_level(search: str, challengers: bool) -> bool:
        """Add the readings of every stream at this search; False when too open to read."""
        for joined in _joined_streams(stream, fixed, n_cols, text, loose, among_zeros=search == NARROW):
            bands = _bands(joined, fixed, len(plans), n_cols)
            if bands is None:
                continue
            try:
                got = _kept_readings(bands, fixed, n_cols, marks, keys, checks, search, cache, challengers, follow,
                                     xy_budget, xy_marks)
            except SearchTooOpen:
                got = None
            if got is None:
                cache.too_open = True
                return False
            found.add(got[0], bands, got[1] or loose)
        return True

    # Each search only when the narrower ones found no reading in any stream. The free columns'
    # boxes swapped (_boxes_swapped) challenge what the print order found, at the same search:
    # they never end a search themselves, so they cannot hide a reading a wider search would find.
    # (XY reads whole blocks of columns in any cut order, the free ones among them: no challengers.)
    challenge = not _free_columns_pinned(fixed, marks)
    for search in SEARCHES:
        if not search_level(search, False):
            return None  # too open to read
        if found.kept:
            if challenge and search != XY and not search_level(search, True):
                found.loose = True  # the challengers too many to combine: nothing is pinned
            break
    else:
        for search in [s for s in SEARCHES if s != XY] if challenge else []:
            if not search_level(search, True):
                return None
            if found.kept:
                break
    if not found.kept:
        return None
    found.prose_first(prose or {})
    kept, sources, placed, found_bands, loose = found.kept, found.sources, found.placed, found.bands, found.loose
    if challenge and _free_columns_apart(kept, sources, found_bands, keys):
        kept, placed = _with_mirrors(kept, placed, keys, prose or {})
    reading = _agreement(kept, placed, keys)
    reading.unsure_blanks = _unsure_blanks(found_bands, keys, reading.cells)
    for key in reading.unsure_blanks:
        reading.provenance[key].confidence = min(reading.provenance[key].confidence, BLANK_CONFIDENCE)
    if loose:
        reading.loose = True
        for prov in reading.provenance.values():
            prov.confidence = min(prov.confidence, LOOSE_CONFIDENCE)
    return reading


@dataclass
class _Found:
    """The whole-table readings kept so far, each with its printed items; the first one's items
    (``placed``) give the cells' provenance; the bands of every stream that gave a reading."""

    kept: list[dict[str, Value]] = field(default_factory=list)
    sources: list[dict[str, Item]] = field(default_factory=list)
    placed: dict[str, Item] = field(default_factory=dict)
    bands: list[tuple[int, int, list[Token]]] = field(default_factory=list)
    loose: bool = False  # a reading found past PINNED_SOLUTIONS / PINNED_READINGS, or by a wider search

    def add(self, got: list[tuple[dict[str, Value], dict[str, Item]]], bands: list[tuple[int, int, list[Token]]],
            open_search: bool) -> None:
        self.loose = self.loose or (open_search and bool(got))
        for cells, where in got:
            if cells not in self.kept:
                self.kept.append(cells)
                self.sources.append(where)
                self.placed = self.placed or where
                self.bands += [b for b in bands if b not in self.bands]  # each stream's blanks flag

    def prose_first(self, prose: Mapping[str, set[int | float]]) -> None:
        """Only the readings the report's prose contradicts least (every reading passes the checks;
        the prose is a witness they do not share), those agreeing with more of it first (the first
        is shown where the readings kept differ; those cells stay open)."""
        stated = [(k, values) for k, values in prose.items() if values]
        against = [sum(1 for k, values in stated if k in cells and cells[k] not in values) for cells in self.kept]
        agree = [sum(1 for k, values in stated if k in cells and cells[k] in values) for cells in self.kept]
        order = sorted((i for i in range(len(self.kept)) if against[i] == min(against, default=0)),
                       key=lambda i: -agree[i])
        if order != list(range(len(self.kept))):
            self.kept = [self.kept[i] for i in order]
            self.sources = [self.sources[i] for i in order]
            self.placed = self.sources[0]


def _joined_streams(stream: list[Token], fixed: dict[tuple[int, int], Token], n_cols: int, text: str,
                    loose: bool = False, among_zeros: bool = False) -> Iterator[list[Token]]:
    """The stream as printed, then, when a page prints ``k`` values more than whole rows of cells,
    the stream with each choice of ``k`` wrapped numbers joined on that page (``151`` / ``4`` read as
    1514; see :mod:`.column_wraps`). Which joins are right is left to the checks. ``loose``: only
    the looser tier's streams of cells printed empty (see :mod:`.column_blanks`). ``among_zeros`` (the
    narrowest search only, its streams being many): then the streams with the empty cells among
    zeros that neither tier tries."""
    pages = sorted({t.page for t in stream} | {t.page for t in fixed.values()})
    values = [[t.item for t in stream if t.page == page] for page in pages]
    extra = [(len(v) + sum(1 for t in fixed.values() if t.page == page)) % n_cols for v, page in zip(values, pages)]
    if not loose:
        yield stream
        for joined in joined_pages(values, extra, text):
            yield [Token(it, parse_value(it.text, "count").value, page)
                   for page, page_items in zip(pages, joined) for it in page_items]
    # or as many values fewer: cells printed empty (see :mod:`.column_blanks`)
    for filled in filled_pages(values, extra, n_cols, text, loose):
        yield [Token(it, parse_value(it.text, "count").value, page)
               for page, page_items in zip(pages, filled) for it in page_items]
    for filled in zero_filled_pages(values, extra, n_cols, text) if among_zeros and not loose else ():
        yield [Token(it, parse_value(it.text, "count").value, page)
               for page, page_items in zip(pages, filled) for it in page_items]


def _kept_readings(bands: list[tuple[int, int, list[Token]]], fixed: dict[tuple[int, int], Token], n_cols: int,
                   marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec], search: str = NARROW,
                   cache: BandCache | None = None, challengers: bool = False,
                   follow: dict[tuple[int, int], Token] | None = None, xy_budget: list[int] | None = None,
                   xy_marks: dict[int, int] | None = None
                   ) -> tuple[list[tuple[dict[str, Value], dict[str, Item]]], bool] | None:
    """The whole-table readings of these bands that pass 三's checks (with the printed item each cell
    came from), and whether they are to be read loose (every cell flagged): the search went past
    PINNED_SOLUTIONS / PINNED_READINGS, or is wider than NARROW. None when the bands' readings are
    too many to combine. ``search``: NARROW, the orders known to pin a reading; WIDE, with the
    wider orders too (see _band_readings); WIDER, with any one run moved anywhere too; SLIP, the
    wider readings and each band's first column in print order, kept when the checks they break
    are one slip of the report's own (_one_slip): the report may break one row itself, which the
    bands' row-checked readings cannot hold. ``challengers``: each band's readings with the free
    columns' boxes swapped too (after the others)."""
    wide = search != NARROW
    cache = BandCache() if cache is None else cache
    if search in (ANY, ANY_SLIP):
        return _any_order_kept(bands, fixed, n_cols, marks, keys, checks, cache, challengers,
                               slip=search == ANY_SLIP), True
    if search == XY:
        return _xy_kept(bands, fixed, n_cols, xy_marks or marks, keys, checks, follow or {},
                        xy_budget or [XY_STEPS]), True
    per_band, tolerant, slipped = _per_band(bands, fixed, n_cols, marks, search, cache, challengers)
    if per_band is None:
        return [], False
    if search == SLIP:
        for k, (first, n, band_tokens) in enumerate(bands):
            band_fixed = _band_fixed(fixed, first, n)
            in_order = _shifted(_cached(cache, band_tokens, band_fixed, n, n_cols, marks, (True, False, False)), first)
            per_band[k] += [g for g in in_order if not any(g[0] == seen for seen, _ in per_band[k])]
    found = _combined(per_band, keys, checks, tolerant or search == SLIP, slipped)
    return None if found is None else (found[0], found[1] or wide)


def _per_band(bands: list[tuple[int, int, list[Token]]], fixed: dict[tuple[int, int], Token], n_cols: int,
              marks: dict[int, int], search: str, cache: BandCache, challengers: bool = False
              ) -> tuple[list[list[tuple[Grid, dict[tuple[int, int], Item]]]] | None, bool, bool]:
    """Each band's readings (None when a band has none), and whether a band was read only with its
    first column in print order, its row sums unchecked (tolerant), and whether one was read with a
    row's sum unchecked (slipped)."""
    per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]] = []
    tolerant = slipped = False
    for first, n, band_tokens in bands:
        band_fixed = _band_fixed(fixed, first, n)
        readings = _cached(cache, band_tokens, band_fixed, n, n_cols, marks,
                           (False, search != NARROW, search in (WIDER, SLIP)), challengers)
        if not readings and search in (WIDE, WIDER, SLIP):  # the band's first row printed first, as a line
            readings = _head_readings(cache, band_tokens, band_fixed, n, n_cols, marks, search != WIDE)
        if not readings and search in (WIDER, SLIP):  # columns of zeros printed scattered (column_zeros)
            readings = _zero_readings(cache, band_tokens, band_fixed, n, n_cols, marks)
        if not readings:
            readings = _cached(cache, band_tokens, band_fixed, n, n_cols, marks, (True, False, False))
            tolerant = True
            if search == SLIP:  # or the slip in a row both free columns fill, interleaved
                dealt = _cached(cache, band_tokens, band_fixed, n, n_cols, marks, (False, True, False, True),
                                challengers)
                more = [g for g in dealt if not any(g[0] == seen for seen, _ in readings)]
                readings, slipped = readings + more, slipped or bool(more)
        if not readings:
            return None, tolerant, slipped
        per_band.append(_shifted(readings, first))
    return per_band, tolerant, slipped


class SearchTooOpen(Exception):
    """The band searches of one table went past BAND_STEPS."""


@dataclass
class BandCache:
    """Each band's readings for each way of reading it, computed once per table, and the work the
    table's band searches may still do (a bound that, unlike the clock, gives the same result on a
    fast or a loaded machine)."""

    readings: dict[tuple[object, ...], tuple[list[Reading], list[Reading]]] = field(default_factory=dict)
    steps_left: int = BAND_STEPS
    too_open: bool = False  # a search of the table could not be read (past the budget, or too many readings)

    # a stretch's groupings by its values and floors: the placements of a band's runs, and the
    # streams that differ elsewhere (joins, blanks), regroup the same stretches again and again
    groupings: dict[tuple[object, ...], list[Any]] = field(default_factory=dict)

    def spend(self, steps: int) -> None:
        """``steps`` more (see BAND_STEPS); SearchTooOpen past the table's budget."""
        self.steps_left -= steps
        if self.steps_left < 0:
            raise SearchTooOpen

    def pairs(self, values: Sequence[Value], floors: Sequence[int | float]) -> list[Any]:
        """pair_groupings, each stretch searched (and spent for) once per table."""
        return self._grouped(PAIR_STEPS, pair_groupings, values, floors)

    def triples(self, values: Sequence[Value], floors: Sequence[int | float]) -> list[Any]:
        """triple_groupings, each stretch searched (and spent for) once per table."""
        return self._grouped(TRIPLE_STEPS, triple_groupings, values, floors)

    def _grouped(self, steps: int, search: Groupings, values: Sequence[Value], floors: Sequence[int | float]
                 ) -> list[Any]:
        key = (steps, tuple(values), tuple(floors))
        self.spend(steps // GROUPING_HIT_SHARE)  # a memo hit: the key, and the caller's variants built from it
        if key not in self.groupings:
            self.spend(steps - steps // GROUPING_HIT_SHARE)
            if len(self.groupings) >= MAX_GROUPINGS_KEPT:
                self.groupings.clear()  # a bound on the memory, not on the work (that is spent again)
            self.groupings[key] = search(values, floors)
        return self.groupings[key]


def _band_fixed(fixed: dict[tuple[int, int], Token], first: int, n: int) -> dict[tuple[int, int], Token]:
    """The cells read from their row's line that lie in the band of ``n`` rows from ``first``, by band row."""
    return {(r - first, c): t for (r, c), t in fixed.items() if first <= r < first + n}


def _cached(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
            marks: dict[int, int], how: tuple[bool, ...], challengers: bool = False) -> list[Reading]:
    """_band_readings (``how``: in_order, wide, anywhere[, slipped]), each band and way read once per
    table; with ``challengers``, the readings with the free boxes swapped follow."""
    key = (*_band_key(tokens, fixed, n), how)
    if key not in cache.readings:
        in_order, wide, anywhere, *slipped = how
        cache.readings[key] = _band_readings(tokens, fixed, n, n_cols, marks, in_order, wide, anywhere,
                                             any(slipped), budget=cache)
    readings, swapped = cache.readings[key]
    return readings + swapped if challengers else readings


def _band_key(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int) -> tuple[object, ...]:
    """What a band's readings depend on besides the way of reading it: its stream, its fixed cells, its rows."""
    return tuple((t.item.pos, t.value) for t in tokens), tuple(sorted((rc, t.item.pos) for rc, t in fixed.items())), n


def _zero_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                   marks: dict[int, int]) -> list[Reading]:
    """The band's readings in the wider orders with some columns taken as all 0, their zeros taken
    out of the stream in each distinct way (see :mod:`.column_zeros`); none past MAX_SOLUTIONS."""
    def batches() -> Iterator[list[Reading]]:
        kept = {k for k, t in enumerate(tokens) if t.item.pos in marks or t.item.blank}
        for columns, taken in zero_column_ways([t.value for t in tokens], n, n_cols, FREE_COLUMNS, kept):
            if any(c in columns for _, c in fixed):
                continue
            zeros = iter(tokens[k] for k in taken)
            pinned = {**fixed, **{(r, c): next(zeros) for c in columns for r in range(n)}}
            out_of_stream = set(taken)
            rest = [t for k, t in enumerate(tokens) if k not in out_of_stream]
            yield _band_readings(rest, pinned, n, n_cols, marks, False, True, True, budget=cache)[0]

    return _distinct_readings(cache, ("zeros", *_band_key(tokens, fixed, n)), batches())


def _head_readings(cache: BandCache, tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                   marks: dict[int, int], anywhere: bool) -> list[Reading]:
    """The band's readings in the wider orders (``anywhere``: with any one run moved anywhere too)
    with its first row's cells of the columns 0 … b (b past
    the free ones) printed first, left to right, before any column's box (the first row's label box
    takes them, ``56 13 0`` or ``355`` | ``27`` | ``11``: the mirror of tail_orders' last rows), the
    rest as usual; the free columns' boxes then start below that row, in either order (free_lead).
    None past MAX_SOLUTIONS."""
    def batches() -> Iterator[list[Reading]]:
        for b in range(FREE_COLUMNS, n_cols - 2):
            cells = [(0, c) for c in range(b + 1) if (0, c) not in fixed]
            if len(cells) >= len(tokens) or any(tokens[k].item.pos in marks for k in range(len(cells))):
                continue
            pinned = {**fixed, **dict(zip(cells, tokens))}
            yield _band_readings(tokens[len(cells):], pinned, n, n_cols, marks, False, True, anywhere, budget=cache,
                                 free_lead=True)[0]

    return _distinct_readings(cache, ("head", anywhere, *_band_key(tokens, fixed, n)), batches())


def _distinct_readings(cache: BandCache, key: tuple[object, ...], batches: Iterator[list[Reading]]) -> list[Reading]:
    """The distinct readings of ``batches`` (each a search's), cached under ``key``; none once
    they pass MAX_SOLUTIONS (the batches then stop being searched)."""
    if key in cache.readings:
        return cache.readings[key][0]
    out: list[Reading] = []
    for got in batches:
        out += [(g, source) for g, source in got if not any(g == seen for seen, _ in out)]
        if len(out) > MAX_SOLUTIONS:
            out = []
            break
    cache.readings[key] = (out, [])
    return out


def _shifted(readings: list[tuple[Grid, dict[tuple[int, int], Item]]], first: int
             ) -> list[tuple[Grid, dict[tuple[int, int], Item]]]:
    """A band's readings with their sources keyed by the table's rows (the band starts at ``first``)."""
    return [(grid, {(r + first, c): it for (r, c), it in src.items()}) for grid, src in readings]


def _combined(per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]], keys: list[list[str]],
              checks: Sequence[CheckSpec], slip: bool, seen_twice: bool = False
              ) -> tuple[list[tuple[dict[str, Value], dict[str, Item]]], bool] | None:
    """The combinations of the bands' readings that pass every check of 三 (``slip``: or break them
    as one slip, see _one_slip; ``seen_twice``: a slip that breaks two checks at least), and whether
    the search went past PINNED_SOLUTIONS / PINNED_READINGS; None when the combinations are more
    than MAX_READINGS."""
    total = 1
    for readings in per_band:
        total *= len(readings)
    if total > MAX_READINGS:
        return None
    open_search = total > PINNED_READINGS or any(len(readings) > PINNED_SOLUTIONS for readings in per_band)
    out: list[tuple[dict[str, Value], dict[str, Item]]] = []
    for combo in product(*per_band):
        rows = [row for grid, _ in combo for row in grid]
        cells = {k: v for key_row, row in zip(keys, rows) for k, v in zip(key_row, row)}
        failing = [c.keys for c in checks if evaluate(c, cells).passed is False]
        if any(cells == seen for seen, _ in out) or (failing and not (slip and _one_slip(failing))):
            continue
        if seen_twice and len(failing) == 1:  # a band read with a row's sum unchecked: its slip must show
            continue  # in its row and its column (one failing check pins nothing)
        out.append((cells, {keys[r][c]: it for _, src in combo for (r, c), it in src.items()}))
    return out, open_search


def _any_order_kept(bands: list[tuple[int, int, list[Token]]], fixed: dict[tuple[int, int], Token], n_cols: int,
                    marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec], cache: BandCache,
                    challengers: bool = False, slip: bool = False) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The readings with one band's whole runs in any order (its free columns as in the other
    searches) and the other bands in the WIDE orders, that pass every check of 三 (``slip``, ANY_SLIP:
    or break two of them at least as one slip of the report's own, see _one_slip): pdfminer may
    print a page's column boxes in an order of its own (groups of neighbouring columns), while
    another page keeps left to right. The checks of the columns (a column's cells across the
    bands) then say which run is which column; runs they cannot tell apart leave their cells open.
    Nothing when a band stands alone (no other band pins the columns). Larger bands are tried as
    the reordered one first (their order is the likelier to stray; the first reading kept gives
    an open cell's shown value)."""
    out: list[tuple[dict[str, Value], dict[str, Item]]] = []
    seen: set[tuple[Value, ...]] = set()
    if len(bands) < 2:
        return out
    for k in sorted(range(len(bands)), key=lambda k: -bands[k][1]):
        first, n, band_tokens = bands[k]
        others = _other_bands(bands, k, fixed, n_cols, marks, cache, challengers)
        if not others:
            continue
        grids = _any_order_grids(band_tokens, _band_fixed(fixed, first, n), n, n_cols, marks, cache, challengers)
        if len(grids) * prod(len(readings) for readings in others) > MAX_ANY_CHECKED:
            continue
        terms = _band_terms(checks, keys, first, n)
        for combo in product(*others):
            rows = {r: row for (grid, src), (f, m, _) in zip(combo, [b for j, b in enumerate(bands) if j != k])
                    for r, row in zip(range(f, f + m), grid)}
            rest = [sum(sign * _num(rows[r][c]) for (r, c), sign in outside) for _, outside in terms]
            for grid, src in grids:
                failing = (base + sum(sign * _num(grid[r][c]) for (r, c), sign in inside) != 0
                           for (inside, _), base in zip(terms, rest))
                if (not slip and any(failing)) or (slip and not _slip_or_none(
                        [check.keys for check, fails in zip(checks, failing) if fails])):
                    continue  # a check fails (the quick sums; the checks themselves confirm below)
                rows.update(zip(range(first, first + n), grid))
                cells = {key: v for r in sorted(rows) for key, v in zip(keys[r], rows[r])}
                values = tuple(cells.values())  # in the table's order, whichever band was reordered
                if values in seen or not _passes(cells, checks, slip):
                    continue
                seen.add(values)
                sources = {keys[r][c]: it for _, s in (*combo, (None, _shifted([(grid, src)], first)[0][1]))
                           for (r, c), it in s.items()}
                out.append((cells, sources))
    return out


def _passes(cells: dict[str, Value], checks: Sequence[CheckSpec], slip: bool) -> bool:
    """Whether every check holds on ``cells``, or (``slip``) those that fail are two at least and one
    slip (_one_slip): a slip in a row whose sum the band's reading holds shows in its column's checks."""
    failing = [c.keys for c in checks if evaluate(c, cells).passed is False]
    return not failing or (slip and _slip_or_none(failing))


def _slip_or_none(failing: list[tuple[str, ...]]) -> bool:
    """No check fails, or two at least as one slip (one check failing alone pins no cell)."""
    return not failing or (len(failing) >= 2 and _one_slip(failing))


def _xy_kept(bands: list[tuple[int, int, list[Token]]], fixed: dict[tuple[int, int], Token], n_cols: int,
             marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec],
             follow: dict[tuple[int, int], Token], budget: list[int]) -> list[tuple[dict[str, Value], dict[str, Item]]]:
    """The readings with each band printed in a cut order (:mod:`.column_xycut`: blocks of
    neighbouring columns printed along the label boxes' row groups) that pass every check of 三. A
    band none of whose cut orders holds is read again with the values printed right after a row's
    label (``follow``, a box printed beside its label) taken as that row's first cells. ``budget``:
    the steps left to this table's cut-order searches (all its streams)."""
    per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]] = []
    for first, n, tokens in bands:
        band_fixed = _band_fixed(fixed, first, n)
        readings: list[tuple[Grid, dict[tuple[int, int], Item]]] = []
        after = {rc: t for rc, t in _band_fixed(follow, first, n).items() if rc not in band_fixed}
        for extra in ({}, after) if after else ({},):  # the values after a label: only when nothing read
            if readings:
                break
            pinned = {**band_fixed, **extra}
            printed = [t for t in tokens if t.item.pos not in {x.item.pos for x in extra.values()}]
            found = xy_readings([t.value for t in printed], n, n_cols, {rc: t.value for rc, t in pinned.items()},
                                check_terms(checks, keys[first:first + n]), section_starts(keys[first:first + n]),
                                budget)
            for where in found or []:
                grid: Grid = [[None] * n_cols for _ in range(n)]
                source: dict[tuple[int, int], Item] = {}
                for (r, c), t in [*pinned.items(), *((rc, printed[i]) for rc, i in where.items())]:
                    grid[r][c] = t.value
                    source[(r, c)] = t.item
                if _headers_agree(grid, {it.pos: c for (_, c), it in source.items()}, marks):
                    readings.append((grid, source))
        if not readings:
            return []
        per_band.append(_shifted(readings, first))
    found_all = _combined(per_band, keys, checks, False)
    return [] if found_all is None else found_all[0]


def _band_terms(checks: Sequence[CheckSpec], keys: list[list[str]], first: int, n: int
                ) -> list[tuple[list[tuple[tuple[int, int], int]], list[tuple[tuple[int, int], int]]]]:
    """Each check of the table as signed cells (lhs +1, rhs −1: a check holds when they sum to 0), split
    into those in the band of ``n`` rows from ``first`` (by band row) and the others (by table row)."""
    where = {key: (r, c) for r, row in enumerate(keys) for c, key in enumerate(row)}
    out = []
    for check in checks:
        inside: list[tuple[tuple[int, int], int]] = []
        outside: list[tuple[tuple[int, int], int]] = []
        for key, sign in [(k, 1) for k in check.lhs] + [(k, -1) for k in check.rhs]:
            if key not in where:
                continue
            r, c = where[key]
            if first <= r < first + n:
                inside.append(((r - first, c), sign))
            else:
                outside.append(((r, c), sign))
        out.append((inside, outside))
    return out


def _other_bands(bands: list[tuple[int, int, list[Token]]], k: int, fixed: dict[tuple[int, int], Token],
                 n_cols: int, marks: dict[int, int], cache: BandCache, challengers: bool = False
                 ) -> list[list[tuple[Grid, dict[tuple[int, int], Item]]]]:
    """The readings of the bands but the ``k``-th in the NARROW orders (the orders that pin the
    columns best), or when one has none, in the WIDE ones; empty when a band has none even so."""
    for wide in (False, True):
        others = [_shifted(_cached(cache, t, _band_fixed(fixed, f, m), m, n_cols, marks, (False, wide, False),
                                   challengers), f)
                  for j, (f, m, t) in enumerate(bands) if j != k]
        if all(others):
            return others
    return []


def _any_order_grids(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                     marks: dict[int, int], budget: BandCache, challengers: bool = False) -> list[Reading]:
    """A band's readings with its whole runs in every order (two free columns, else one), the
    block of runs at every place or cut around the free values; none past MAX_ANY_GRIDS. Only
    总计's place among the runs changes which readings pass the rows' sums: the others are read
    left to right, then their runs swapped among the columns in every way (runs of the same rows)."""
    out: list[tuple[Grid, dict[tuple[int, int], Item]]] = []
    seen: set[tuple[tuple[Value, ...], ...]] = set()
    need = [tuple(r for r in range(n) if (r, c) not in fixed) for c in range(n_cols)]
    for n_free in range(FREE_COLUMNS, 0, -1):
        others = [(c, None) for c in range(n_free, n_cols - 1)]
        free_marks = {pos: c for pos, c in marks.items() if c < n_free}  # the runs' are checked once swapped
        for at in range(len(others) + 1):
            order = (*others[:at], (n_cols - 1, None), *others[at:])
            readings, swapped = _layout_readings(tokens, fixed, n, n_cols, free_marks, n_free, order, budget, False,
                                                 True)
            for grid, source in readings + swapped if challengers else readings:
                for moved, moved_source in _runs_swapped(grid, source, need, n_free, n_cols):
                    owner = {it.pos: c for (_, c), it in moved_source.items()}
                    key = tuple(tuple(row) for row in moved)
                    if key in seen or not _headers_agree(moved, owner, marks):
                        continue
                    seen.add(key)
                    out.append((moved, moved_source))
                    if len(out) > MAX_ANY_GRIDS:
                        return []
    return out


def _runs_swapped(grid: Grid, source: dict[tuple[int, int], Item], need: list[tuple[int, ...]], n_free: int,
                  n_cols: int) -> Iterator[tuple[Grid, dict[tuple[int, int], Item]]]:
    """``grid`` with the runs of the columns between the free ones and 总计 put in every order
    (a run only where a column of the same rows was)."""
    cols = list(range(n_free, n_cols - 1))
    for perm in permutations(cols):
        if any(need[c] != need[p] for c, p in zip(cols, perm)):
            continue
        to = dict(zip(cols, perm))
        moved = [row[:] for row in grid]
        for row, old in zip(moved, grid):
            for c in cols:
                row[to[c]] = old[c]
        yield moved, {(r, to.get(c, c)): it for (r, c), it in source.items()}


def _one_slip(failing: list[tuple[str, ...]]) -> bool:
    """Whether the checks that fail are all explained by one printed slip: one cell, or two cells
    of one row (a report's own error, which the checks then flag), rather than a misplacement."""
    cells = sorted({k for keys in failing for k in keys})
    for a in cells:
        if all(a in keys for keys in failing):
            return True
    for i, a in enumerate(cells):
        for b in cells[i + 1:]:
            if a.rsplit(".", 1)[0] == b.rsplit(".", 1)[0] and all(a in keys or b in keys for keys in failing):
                return True
    return False


def _unsure_blanks(bands: list[tuple[int, int, list[Token]]], keys: list[list[str]], cells: dict[str, Value]
                   ) -> list[str]:
    """A blank mark and a 0 weigh the same in every check: in a band that prints a blank among its
    values, which of its 0-or-blank cells holds the blank rests on the print order alone."""
    out: list[str] = []
    for first, n, tokens in bands:
        if any(t.value is None or t.item.blank for t in tokens):  # a blank mark, or a cell printed empty
            out += [k for r in range(first, first + n) for k in keys[r] if cells[k] in (0, None) and k not in out]
    return out


# --- the stream -------------------------------------------------------------------------------

def _tokens(zone: Sequence[Item], text: str) -> list[Token] | None:
    out = []
    for it in zone:
        if it.kind != "value":
            continue
        parsed = parse_value(it.text, "count")
        if not parsed.ok:
            return None  # a decimal, a sign, a glued string: not a table of counts printed one by one
        page = text.count("\f", 0, it.span[0]) if it.span else 0
        out.append(Token(it, parsed.value, page))
    return out


def _label_line_values(plans: Sequence[RowPlan], items: Sequence[Item], tokens: list[Token]
                       ) -> dict[tuple[int, int], Token] | None:
    """Values printed on their row label's line, after it: that row's first cells."""
    fixed: dict[tuple[int, int], Token] = {}
    for r, plan in enumerate(plans):
        if plan.anchor is None:
            continue
        label = items[plan.anchor]
        on_line = [t for t in tokens if t.item.line == label.line and t.item.pos > label.pos]
        if len(on_line) > FREE_COLUMNS:
            return None  # a row printed along its line: not this order
        for c, t in enumerate(on_line):
            fixed[(r, c)] = t
    return fixed


def _bands(stream: list[Token], fixed: dict[tuple[int, int], Token], n_rows: int, n_cols: int
           ) -> list[tuple[int, int, list[Token]]] | None:
    """(first row, rows, tokens) per page: each page prints whole rows, rows × columns cells."""
    pages = sorted({t.page for t in stream} | {t.page for t in fixed.values()})
    out = []
    first = 0
    for page in pages:
        tokens = [t for t in stream if t.page == page]
        count = len(tokens) + sum(1 for t in fixed.values() if t.page == page)
        if count % n_cols:
            return None
        n = count // n_cols
        if any(t.page == page and not first <= r < first + n for (r, _), t in fixed.items()):
            return None
        out.append((first, n, tokens))
        first += n
    return out if first == n_rows else None


def _header_marks(zone: Sequence[Item], headers: Sequence[str], spelled: bool = False) -> dict[int, int]:
    """Column headers printed right before a value, alone (not one of a run of headers, which is
    the header row printed before the table): the box of that column's cells, headed. The stream
    position of the value → the header's column. ``spelled``: a header printed one character a
    line after another (``总计`` then ``其`` / ``他``) makes a run of headers too (the XY search's
    marks; the other searches keep the marks they were tuned with)."""
    marks: dict[int, int] = {}
    pending: int | None = None  # a lone header's column, waiting for its first value
    after_header = False  # the item before (a header's other lines skipped) is a column header
    pieces = ""  # the fragments printed since the last header (spelled)
    for it in zone:
        if it.kind == "value":
            if pending is not None:
                marks[it.pos] = pending
            pending, after_header, pieces = None, False, ""
            continue
        col = _header_column(it.text, headers)
        if col is not None:
            pending = None if after_header else col
            after_header, pieces = True, ""
        elif after_header and _header_fragment(it.text, headers):
            pieces += "".join(it.text.split())
            if spelled and _header_column(pieces, headers) not in (None, pending):
                pending = None
        else:
            pending, after_header, pieces = None, False, ""
    return marks


def _header_column(text: str, headers: Sequence[str]) -> int | None:
    s = "".join(text.split())
    hits = [c for c, h in enumerate(headers) if len(s) >= 2 and h.startswith(s)]
    return hits[0] if len(hits) == 1 else None


def _header_fragment(text: str, headers: Sequence[str]) -> bool:
    s = "".join(text.split())
    return bool(s) and any(s in h for h in headers)


# --- one band -----------------------------------------------------------------------------------

def _band_readings(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                   marks: dict[int, int], in_order: bool = False, wide: bool = False, anywhere: bool = False,
                   slipped: bool = False, *, budget: BandCache, free_lead: bool = False
                   ) -> tuple[list[Reading], list[Reading]]:
    """Every reading of one band's values (see the module's doc): its grid of values, and the
    printed item each cell was read from; apart, those with the free columns' boxes swapped. None
    of either past MAX_SOLUTIONS. The first two columns are free (printed in pieces) or
    only the first; the whole runs follow left to right, or in the order their lone headers give.
    ``in_order``: the first column alone is free and its values are taken in print order, its
    row sums not checked (for a report whose own slip breaks one row: the checks then flag it).
    ``wide``: also the orders tried only when no reading of the table is found without them (the
    pair 其他 / 总计 printed group by group anywhere among the runs, the free columns printed between
    two runs, the last three columns as a grouped triple); ``anywhere``: also any one run moved
    anywhere among the others; a reading found so is read loose. ``slipped``: two free columns
    dealt with one row's sum unchecked (the report's own slip in a row both free columns fill
    interleaved, which in_order cannot read; see _slipped_sums), the others as ``wide``. ``budget``:
    the table's, spent per block placement (SearchTooOpen when none is left)."""
    out: list[Reading] = []
    later: list[Reading] = []  # the free boxes swapped: shown last
    sizes = [sum(1 for r in range(n) if (r, c) not in fixed) for c in range(n_cols)]
    for n_free in (1,) if in_order else (FREE_COLUMNS,) if slipped else range(FREE_COLUMNS, 0, -1):
        for order in _run_orders(tokens, n_free, n_cols, marks, wide, anywhere, sizes):
            readings, swapped = _layout_readings(tokens, fixed, n, n_cols, marks, n_free, order, budget, in_order,
                                                 wide, slipped, free_lead)
            out += [(g, source) for g, source in readings if not any(g == seen for seen, _ in out)]
            later += swapped
            if len(out) > MAX_SOLUTIONS:
                return [], []
    swapped = [(g, source) for k, (g, source) in enumerate(later)
               if not any(g == seen for seen, _ in out) and not any(g == seen for seen, _ in later[:k])]
    return (out, swapped) if len(out) + len(swapped) <= MAX_SOLUTIONS else ([], [])


Segments = tuple[tuple[int, int | None], ...]  # the whole runs in print order: (column, None) or a split run's part


def _run_orders(tokens: list[Token], n_free: int, n_cols: int, marks: dict[int, int], wide: bool = False,
                anywhere: bool = False, sizes: Sequence[int] = ()) -> list[Segments]:
    """The orders the whole runs may come in: left to right, and the order of their lone headers
    (a column with none stays after its left neighbour). Two neighbouring columns whose lone
    headers each head one value, one after the other (a header box that took its first cell),
    print those first cells, then the rest of the one column, then of the other: (column, 0) is
    a run's first cell, (column, 1) the rest. Likewise when the first header heads m > 1 values
    (up to MAX_HEAD, fewer than either run's ``sizes``: its cells to print) before the second: each
    header's box took its column's first m cells ((column, HEAD + m), then (column, REST + m))."""
    left_to_right = tuple(range(n_free, n_cols))
    index = {t.item.pos: k for k, t in enumerate(tokens)}
    at: dict[int, int] = {}
    for t in tokens:
        col = marks.get(t.item.pos)
        if col is not None and col >= n_free and col not in at:
            at[col] = index[t.item.pos]
    key: dict[int, tuple[float, int]] = {}
    prev: tuple[float, int] = (-1.0, -1)
    for c in left_to_right:
        key[c] = (float(at[c]), c) if c in at else (prev[0], c)
        prev = key[c]
    by_headers = tuple(sorted(left_to_right, key=lambda c: key[c]))
    out = []
    for order in (left_to_right, by_headers):
        segments: list[tuple[int, int | None]] = []
        k = 0
        while k < len(order):
            a, b = order[k], order[k + 1] if k + 1 < len(order) else None
            if b is not None and _headed_split(at, a, b, sizes):
                m = at[b] - at[a]
                head, rest = head_parts(m)
                segments += [(a, head), (b, head), (a, rest), (b, rest)]
                k += 2
            else:
                segments.append((a, None))
                k += 1
        if tuple(segments) not in out:
            out.append(tuple(segments))
    # 总计 may come anywhere among the runs (its row totals place it); so may the one column with no
    # lone header when every other column but 总计 has one (their headers place them): after the above
    movable = [(n_cols - 1, None)]
    unmarked = [c for c in left_to_right[:-1] if c not in at]
    if len(unmarked) == 1:
        movable.append((unmarked[0], None))
    base = list(out)
    for run in movable:  # one after the other: the second moved in the orders the first made too
        out = moved_anywhere(out, [run])
    if anywhere:  # a wider search: any other one run anywhere in the orders above (read loose)
        runs = [(c, None) for c in left_to_right[:-1] if (c, None) not in movable]
        out += [o for o in moved_anywhere(base, runs) if o not in out]
    paired = pair_orders(out, n_cols)  # 其他 and 总计 printed group by group, runs cut: see column_pairs
    out += moved_anywhere(paired, [(n_cols - 2, PAIRED)]) if wide else paired
    if wide:  # 法律服务机构, 其他 and 总计 printed group by group (from the first orders only: a costly search)
        out += [order for order in triple_orders(base, n_cols) if order not in out]
    return out + tail_orders(out, n_free, n_cols, with_free=wide and n_free == FREE_COLUMNS)


def _headed_split(at: dict[int, int], a: int, b: int, sizes: Sequence[int]) -> bool:
    """Whether the lone headers of columns ``a`` and ``b`` (stream places ``at``) head their
    columns' first m cells each: b's header right after a's first m values, 1 < m <= MAX_HEAD
    and fewer than either run's cells (``sizes``; m = 1: header boxes that took one cell each)."""
    if a not in at or b not in at:
        return False
    m = at[b] - at[a]
    return m == 1 or 1 < m <= MAX_HEAD and bool(sizes) and m < min(sizes[a], sizes[b])


def _layout_readings(tokens: list[Token], fixed: dict[tuple[int, int], Token], n: int, n_cols: int,
                     marks: dict[int, int], n_free: int, order: Segments, budget: BandCache, in_order: bool = False,
                     wide: bool = False, slipped: bool = False, free_lead: bool = False
                     ) -> tuple[list[Reading], list[Reading]]:
    """The readings with the first ``n_free`` columns free and the others as whole runs in ``order``
    (``slipped``: one row's sum unchecked, see _slipped_sums), and apart, the readings with the free
    columns' two boxes the other way round (_boxes_swapped)."""
    need = [[r for r in range(n) if (r, c) not in fixed] for c in range(n_cols)]
    runs = [(c + j, segment_rows(need[c + j], part)) for c, part in order for j in range(part_width(part))]
    paired = (n_cols - 2, PAIRED) in order
    tripled = (n_cols - 3, TRIPLE) in order
    if paired and need[n_cols - 2] != need[n_cols - 1] or tripled and not need[-3] == need[-2] == need[-1]:
        return [], []
    in_runs = {(r, c) for c, rows in runs if c < n_free for r in rows}  # free cells in tail rows (tail_orders)
    if in_runs and not _tail_rows_agree(order, need):
        return [], []
    rows0 = [r for r in need[0] if (r, 0) not in in_runs]
    rows1 = [r for r in need[1] if (r, 1) not in in_runs] if n_free > 1 else []
    block = sum(len(rows) for _, rows in runs)
    free = len(tokens) - block
    if free != len(rows0) + len(rows1):
        return [], []
    out: list[Reading] = []
    swapped_out: list[Reading] = []
    segment_sizes = [sum(len(segment_rows(need[c + j], part)) for j in range(part_width(part))) for c, part in order]
    for at in _block_places(len(tokens), free, segment_sizes if wide else []):
        budget.spend(PLACEMENT_STEPS)
        grid: Grid = [[None] * n_cols for _ in range(n)]
        source: dict[tuple[int, int], Item] = {}
        owner: dict[int, int] = {}  # stream position → column
        for (r, c), t in fixed.items():
            grid[r][c] = t.value
            source[(r, c)] = t.item
        i = 0
        starts: dict[int, int] = {}  # column → where its run starts among the block's cells
        free_fixed = {rc: t for rc, t in fixed.items() if rc[1] < n_free}
        for c, rows in runs:
            starts.setdefault(c, i)
            for r in rows:
                t = tokens[at[i]]
                grid[r][c] = t.value
                source[(r, c)] = t.item
                owner[t.item.pos] = c
                if c < n_free:
                    free_fixed[(r, c)] = t
                i += 1
        variants = [(grid, source, owner)]
        if paired:
            c = n_cols - 2
            stretch = [tokens[k] for k in at[starts[c]:starts[c] + 2 * len(need[c])]]
            variants = pair_variants(grid, source, owner, [(t.item, t.value) for t in stretch], need[c], c,
                                     budget.pairs)
        if tripled:
            c = n_cols - 3
            stretch = [tokens[k] for k in at[starts[c]:starts[c] + 3 * len(need[c])]]
            variants = triple_variants(grid, source, owner, [(t.item, t.value) for t in stretch], need[c], c,
                                       budget.triples)
        for grid, source, owner in variants:
            pair_sums = [_num(grid[r][n_cols - 1]) - sum(_num(grid[r][c]) for c in range(n_free, n_cols - 1))
                         for r in range(n)]
            if not slipped and any(s < 0 for s in pair_sums):
                continue
            in_block = set(at)
            rest = [t for k, t in enumerate(tokens) if k not in in_block]
            if wide and any(marks.get(t.item.pos, 0) >= n_free for t in rest):
                continue  # a wider order's free values headed as a whole run's: not this order
            forced = {k: marks[t.item.pos] for k, t in enumerate(rest) if marks.get(t.item.pos, n_free) < n_free}
            dealt: set[tuple[tuple[Value, ...], tuple[Value, ...]]]
            if in_order:
                dealt = {(tuple(t.value for t in rest), ())}
            elif slipped:
                dealt = set()
                for sums in _slipped_sums(pair_sums, rows0, rows1):
                    dealt |= _interleavings(rest, rows0, rows1, free_fixed, sums, forced, budget, free_lead)
            else:
                dealt = _interleavings(rest, rows0, rows1, free_fixed, pair_sums, forced, budget, free_lead)
                if not dealt and n_free == 1:
                    dealt = _by_row_sums(rest, rows0, pair_sums)
                if not dealt and n_free == 2 and wide:  # a row's two cells printed together, out of order
                    dealt = _row_pairs(rest, rows0, rows1, free_fixed, pair_sums, forced,
                                       lambda steps: budget.spend(ROW_PAIR_STEPS * steps), free_lead)
            swapped = _boxes_swapped(dealt, rest, len(rows0)) \
                if n_free == FREE_COLUMNS and not _free_columns_pinned(fixed, marks) else set()
            dealings = [(d, out) for d in sorted(dealt, key=_dealt_order)]  # a set: its order changes between runs
            dealings += [(d, swapped_out) for d in sorted(swapped - dealt, key=_dealt_order)]
            for (first, second), into in dealings:
                g = [row[:] for row in grid]
                for r, v in zip(rows0, first):
                    g[r][0] = v
                for r, v in zip(rows1, second):
                    g[r][1] = v
                if not _headers_agree(g, owner, marks) or any(g == seen for seen, _ in into):
                    continue
                into.append((g, {**source, **_free_sources(rest, [rows0, rows1], first, second)}))
                if len(into) > MAX_SOLUTIONS:
                    return [], []
    return out, swapped_out


def _tail_rows_agree(order: Segments, need: list[list[int]]) -> bool:
    """Whether each tail row of ``order`` (tail_orders' LAST parts) is one row in every column it
    prints: a column whose last cells are printed elsewhere (on a label's line) would shift it."""
    tails: dict[int, set[tuple[int, ...]]] = {}
    for c, part in order:
        if part is not None and part <= LAST:
            tails.setdefault(part, set()).add(tuple(segment_rows(need[c], part)))
    return all(len(rows) == 1 and len(next(iter(rows))) == 1 for rows in tails.values())


def _boxes_swapped(dealt: set[tuple[tuple[Value, ...], tuple[Value, ...]]], rest: list[Token], n0: int
                   ) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The dealings that print the two free columns apart (one's whole box, then the other's), with
    the boxes the other way round: a taller or lower box may come first in pdfminer's order, on one
    page and not on the next, and nothing but print order tells 自然人 from 商业企业 (their row sums
    are alike). Only for a page whose free columns no lone header or label line pins."""
    printed = tuple(t.value for t in rest)
    return {(second, first) for first, second in dealt
            if len(first) == len(second) == n0 and first + second == printed}


def _block_places(n_tokens: int, free: int, segment_sizes: list[int]) -> Iterator[list[int]]:
    """Where the whole runs' cells are in a band's stream of ``n_tokens`` values (their stream
    indices, in the runs' order), the ``free`` columns' values taking the rest: the runs as one
    block at every place (the free values before and after it), then the runs cut between two of
    their segments (``segment_sizes``: the cells of each, in order) with the free values printed as
    one stretch in the cut (pdfminer groups the free columns' boxes with the labels beside them,
    printed between the runs left of that group and those right of it)."""
    block = n_tokens - free
    for at in range(free + 1):
        yield list(range(at, at + block))
    if not free:
        return
    cut = 0  # (no sizes: no cuts)
    for size in segment_sizes[:-1]:
        cut += size
        yield list(range(cut)) + list(range(cut + free, n_tokens))


def _slipped_sums(pair_sums: list[int | float], rows0: list[int], rows1: list[int]
                  ) -> Iterator[list[int | float | None]]:
    """The rows' free sums with one row's left unchecked (None), for each row both free columns
    fill (a row the report itself got wrong: its total is not its cells' sum; the checks of 三
    then fail through that row alone, see _one_slip). Only the one row whose sum is negative when
    there is one; none when two are."""
    negative = [r for r, s in enumerate(pair_sums) if s < 0]
    rows = negative if negative else [r for r in rows0 if r in rows1]
    if len(negative) > 1:
        return
    for r in rows:
        yield [None if k == r else s for k, s in enumerate(pair_sums)]


def _dealt_order(dealt: tuple[tuple[Value, ...], tuple[Value, ...]]) -> list[tuple[bool, int | float]]:
    """A fixed order of dealings (None's hash, and with it a set's order, differs between runs)."""
    return [(v is None, v or 0) for column in dealt for v in column]


def _free_sources(rest: list[Token], need: list[list[int]], first: tuple[Value, ...], second: tuple[Value, ...]
                  ) -> dict[tuple[int, int], Item]:
    """The items the first two columns' values came from: each value taken, in order, from the
    stream's unused tokens printing it (tokens printing one value are alike for provenance)."""
    unused = list(rest)
    out = {}
    for c, rows, values in ((0, need[0], first), (1, need[1], second)):
        for r, v in zip(rows, values):
            t = next((t for t in unused if t.value == v), None)
            if t is not None:
                unused.remove(t)
                out[(r, c)] = t.item
    return out


def _lead(rows0: list[int], rows1: list[int], forced: dict[int, int]) -> int | None:
    """The free column the stream's first free value goes to: none chosen when a lone header
    names its values' columns; else the column whose first cell lies higher (自然人 on a tie)."""
    return None if forced else (0 if not rows1 or (rows0 and rows0[0] <= rows1[0]) else 1)


def _row_pairs(rest: list[Token], rows0: list[int], rows1: list[int], fixed: dict[tuple[int, int], Token],
               pair_sums: list[int | float], forced: dict[int, int], spend: Callable[[int], None],
               free_lead: bool = False) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """_interleavings with a row's two cells also printed together anywhere (see :mod:`.column_rowpairs`);
    ``spend`` told its dealing steps."""
    lead = None if free_lead else _lead(rows0, rows1, forced)
    known = [{r: _num(t.value) for (r, c), t in fixed.items() if c == col} for col in (0, 1)]
    return row_pair_dealings([t.value for t in rest], rows0, rows1, known[0], known[1], pair_sums, forced, lead,
                             spend)


def _by_row_sums(rest: list[Token], rows: list[int], row_sums: list[int | float]
                 ) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The one free column's cells as the rest of their rows (total minus the whole runs), when
    the values printed are exactly those: pdfminer may print two of its cells out of order (a
    value beside a two-line label comes after the next label's). A blank printed for a 0 is read
    as 0 (the band's 0-or-blank cells are flagged)."""
    printed = sorted(_num(t.value) for t in rest)
    wanted = [row_sums[r] for r in rows]
    if printed != sorted(wanted):
        return set()
    return {(tuple(wanted), ())}


def _interleavings(rest: list[Token], rows0: list[int], rows1: list[int], fixed: dict[tuple[int, int], Token],
                   pair_sums: Sequence[int | float | None], forced: dict[int, int], budget: BandCache,
                   free_lead: bool = False) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The ways of dealing ``rest`` to the first two columns (each top to bottom) that give every
    row its sum: the values of column 0's rows ``rows0`` and column 1's rows ``rows1``. A token a
    lone header names (``forced``: index in ``rest`` → column) goes to that column; without any,
    the column whose first cell lies higher starts first (自然人 before 商业企业 on a tie): the
    checks cannot tell the two columns apart, the print order does (``free_lead``: either may start,
    see _head_readings). Each step is spent from ``budget``."""
    lead = None if free_lead else _lead(rows0, rows1, forced)
    known0 = {r: _num(t.value) for (r, c), t in fixed.items() if c == 0}
    known1 = {r: _num(t.value) for (r, c), t in fixed.items() if c == 1}
    if not _sums_reachable(rest, rows0, rows1, known0, known1, pair_sums):
        return set()
    memo: dict[tuple[int, int, tuple[Value, ...], tuple[Value, ...]], set] = {}
    overflow = False

    def fits(r: int, a: int | float, b: int | float) -> bool:
        return pair_sums[r] is None or a + b == pair_sums[r]  # None: a row left unchecked (_slipped_sums)

    def go(i: int, j: int, ahead0: tuple[Value, ...], ahead1: tuple[Value, ...]) -> set:
        # ahead0: values dealt to column 0 for rows whose column-1 cell is still to come (and the same
        # for ahead1); rows with a fixed cell are checked as soon as their other cell is dealt.
        nonlocal overflow
        budget.spend(1)
        if i == len(rows0) and j == len(rows1):
            return {((), ())}
        key = (i, j, ahead0, ahead1)
        if key in memo:
            return memo[key]
        out: set = set()
        t = rest[i + j]
        only = forced.get(i + j, lead if i + j == 0 else None)
        if i < len(rows0) and only in (None, 0):
            r = rows0[i]
            new0, new1 = ahead0, ahead1
            ok = True
            if r in known1:
                ok = fits(r, _num(t.value), known1[r])
            elif r not in rows1:
                ok = fits(r, _num(t.value), 0)  # one free column: its cell is the rest of the row
            elif j > rows1.index(r):
                ok = fits(r, _num(t.value), _num(ahead1[0]))
                new1 = ahead1[1:]
            else:
                new0 = ahead0 + (t.value,)
            if ok:
                out |= {((t.value, *a), b) for a, b in go(i + 1, j, new0, new1)}
        if j < len(rows1) and only in (None, 1):
            r = rows1[j]
            new0, new1 = ahead0, ahead1
            ok = True
            if r in known0:
                ok = fits(r, known0[r], _num(t.value))
            elif i > rows0.index(r) if r in rows0 else False:
                ok = fits(r, _num(ahead0[0]), _num(t.value))
                new0 = ahead0[1:]
            else:
                new1 = ahead1 + (t.value,)
            if ok:
                out |= {(a, (t.value, *b)) for a, b in go(i, j + 1, new0, new1)}
        if len(out) > MAX_SOLUTIONS:
            overflow = True
            out = set(list(out)[:MAX_SOLUTIONS + 1])
        memo[key] = out
        return out

    found = go(0, 0, (), ())
    return set() if overflow else found


def _sums_reachable(rest: list[Token], rows0: list[int], rows1: list[int], known0: dict[int, int | float],
                    known1: dict[int, int | float], pair_sums: Sequence[int | float | None]) -> bool:
    """Whether ``rest``, however dealt, can give the rows their sums: every value is dealt, so the
    values and the rows' known free cells must add up to the rows' sums (a row left unchecked,
    None, checks nothing). Most placements of the runs fail this, which the dealing search would
    otherwise find only after trying every interleaving."""
    rows = set(rows0) | set(rows1)
    if any(pair_sums[r] is None for r in rows) or any(r not in rows0 and r not in known0 for r in rows1):
        return True  # a row _interleavings leaves unchecked
    printed = sum(_num(t.value) for t in rest)
    printed += sum(known0.get(r, 0) for r in rows if r not in rows0)
    printed += sum(known1.get(r, 0) for r in rows if r not in rows1)
    wanted = sum(_num(pair_sums[r]) for r in rows)
    return abs(printed - wanted) <= 1e-9 * max(1, abs(wanted))  # float cells: the sums' rounding


def _headers_agree(grid: Grid, owner: dict[int, int], marks: dict[int, int]) -> bool:
    """No column header printed between values heads a value this reading puts in another column
    (unless the two columns hold the same values in this band: then the swap changes nothing)."""
    for pos, col in marks.items():
        got = owner.get(pos)
        if got is None or got == col:
            continue
        if [row[got] for row in grid] != [row[col] for row in grid]:
            return False
    return True


def _free_columns_pinned(fixed: dict[tuple[int, int], Token], marks: dict[int, int]) -> bool:
    """Whether anything printed tells the two free columns apart: a value on its row label's line
    (the first column's), or a lone header of either."""
    return any(c < FREE_COLUMNS for _, c in fixed) or any(c < FREE_COLUMNS for c in marks.values())


def _free_columns_apart(kept: list[dict[str, Value]], sources: list[dict[str, Item]],
                        bands: list[tuple[int, int, list[Token]]], keys: list[list[str]]) -> bool:
    """Whether every kept reading has the two free columns printed apart on each page where they
    differ: one's values all before the other's. Interleaved (a piece of the one, then of the
    other), they sit beside each other row by row, and the one further left comes first; printed
    apart, they are two tall boxes, whose order pdfminer takes from their heights as much as from
    their places (a box reaching lower comes later)."""
    for cells, where in zip(kept, sources):
        for first, n in {(b[0], b[1]) for b in bands}:
            rows = keys[first:first + n]
            if all(cells[row[0]] == cells[row[1]] for row in rows):
                continue
            at = [[where[row[c]].pos for row in rows if row[c] in where] for c in range(FREE_COLUMNS)]
            if at[0] and at[1] and min(at[0]) < max(at[1]) and min(at[1]) < max(at[0]):
                return False
    return True


def _with_mirrors(kept: list[dict[str, Value]], placed: dict[str, Item], keys: list[list[str]],
                  prose: Mapping[str, set[int | float]]) -> tuple[list[dict[str, Value]], dict[str, Item]]:
    """The kept readings, each beside its mirror: the two free columns (自然人, 商业企业) swapped
    whole. Every check holds on both, and pdfminer does not always print the first column's box
    first (a taller or lower box comes later), so with nothing printed to pin them the cells the two
    disagree on are open. Where the report's prose states a cell one of the two reads as stated and
    the other does not, only that one is kept (``placed``, the first reading's items, swapped with it)."""
    out: list[dict[str, Value]] = []
    for k, cells in enumerate(kept):
        mirror = _free_swapped(cells, keys)
        if _prose_prefers(mirror, cells, prose):  # the print order had them the wrong way round
            choices = [mirror]
            placed = _free_swapped(placed, keys) if k == 0 else placed
        elif _prose_prefers(cells, mirror, prose):
            choices = [cells]
        else:
            choices = [cells, mirror]
        out += [c for c in choices if c not in out]
    return out, placed


def _free_swapped(cells: dict[str, T], keys: list[list[str]]) -> dict[str, T]:
    """``cells`` with each row's first two columns' entries exchanged."""
    out = dict(cells)
    for row in keys:
        first, second = row[0], row[1]
        out.pop(first, None)
        out.pop(second, None)
        if second in cells:
            out[first] = cells[second]
        if first in cells:
            out[second] = cells[first]
    return out


def _prose_prefers(cells: dict[str, Value], other: dict[str, Value], prose: Mapping[str, set[int | float]]) -> bool:
    """Whether the prose states a cell that ``cells`` reads as stated and ``other`` does not."""
    return any(k in cells and cells[k] in stated and other[k] not in stated for k, stated in prose.items())


def _num(v: Value) -> int | float:
    return 0 if v is None else v


# --- the result ---------------------------------------------------------------------------------

def _agreement(kept: list[dict[str, Value]], placed: dict[str, Item], keys: list[list[str]]) -> ColumnReading:
    cells: dict[str, Value] = {}
    provenance: dict[str, Provenance] = {}
    open_: dict[str, list[Value]] = {}
    for key in (k for row in keys for k in row):
        values = []
        for reading in kept:
            if reading[key] not in values:
                values.append(reading[key])
        cells[key] = values[0]
        provenance[key] = prov = placed_provenance(placed.get(key), values, CONFIDENCE)
        if prov.candidates:
            open_[key] = prov.candidates
    return ColumnReading(cells, provenance, open_, len(kept))
