"""三 printed column by column: the reading of text that lists a table's values under their column
headers rather than along their rows (pdfminer.six's ``extract_text``).

pdfminer groups the characters of each column of cells into text boxes and prints box after box:
三's row labels come out in one run, then its values column by column, a page at a time. The
first columns are often cut into pieces by labels printed between them (自然人 and 商业企业,
whose cells sit next to the labels), and a value printed on its row label's line belongs to that
row's first column (one printed alone right before a label: tried first as that row's; one
printed alone right after a label-line value, before the next label: tried before that as the
row's second cell, in the narrowest orders; see :mod:`.column_strays`). What this reads:

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
  group (one too open to read so: in the wider searches, narrowed by its printed lines,
  :mod:`.column_pairlines`), and the first runs may leave their last rows' cells to after them
  (:mod:`.column_pairs`).
  When no reading of the table is found so, wider orders are tried: that pair anywhere among the
  runs, and the free columns' values as one stretch between two runs; a band's last rows printed
  as lines after the first runs cut short, their free cells with them (:mod:`.column_pairs`), and a
  band none of whose orders reads it, again with its first row's cells of the first three columns
  or more printed first, as a line (the first row's label box takes them; head_readings); a
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
  of neighbouring columns printed along the label boxes' row groups (:mod:`.column_xycut`), or as
  the narrower searches read it alone (one page in a band order, the next in a cut order), a
  page no such order reads tried again with the values printed right after a row's label as that
  row's first cells, then with row groups at any rows shared by a strip's blocks
  (:mod:`.column_subbands`), then with a block's row group cut into blocks again, the strip's
  blocks walked down the rows together (:mod:`.column_nested`, a budget of its own); read loose.
  With a value printed alone among the labels (strays), both readings of it go through every search
  with XY's plain cut orders first, and only then, each in turn, through XY's costlier kinds (shared
  row groups, nested cuts) and the challengers.
  When the band searches went too open (a page short of one empty cell among many places: their
  many streams spend BAND_STEPS), the cut orders alone (not the nested ones) are tried on the
  streams with the fewest empty cells put before stretches of zeros, with a budget of their own,
  up to the first that reads; read loose;
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
  read; the others are flagged with their candidates. When no reading is kept, the pages read alone
  are (the cut orders', else the narrower searches', each page on its own rows' checks; the column
  sums across the pages unchecked), read loose, the other pages left to the row-by-row reading
  (:func:`.column_anyorder.xy_bands_alone`); when no page, or every page, reads alone, nothing is read.
  When the report's prose contradicts every reading of ANY_SLIP (a cell of each stated otherwise: its
  slip, the report's own, put in a wrong row, 一 and 二 swapped with it), SLIP is searched too, its
  readings kept beside them, and those the prose contradicts least are read (loose, as before).
  When the print order left more than PINNED_SOLUTIONS placements of a band (or PINNED_READINGS of
  the table) to the checks, the reading is taken with every cell flagged (``column_order_loose``).

The checks cannot tell apart two columns other than 总计 (swapping them keeps every sum): their
order comes from the print order (left to right) and the lone headers, and a lone header that
contradicts a reading rejects it. The two free columns printed apart (each a whole box) are the
exception: pdfminer orders tall boxes by their heights as much as by their places, so each reading
is kept beside its mirror (the two swapped) unless a value on a label's line or a lone header pins
them, or the report's prose states a cell one of the two contradicts. A blank mark and a 0 weigh
the same in every check: in a band that prints a blank, the 0-or-blank cells are flagged.

Here: the searches tried in turn and what is made of their readings. The parts, each in its own
module: the stream, its bands and lone headers (:mod:`.column_tokens`); the table's budget and
cache (:mod:`.column_budget`); one band's run orders and readings (:mod:`.column_bands`); dealing
its free columns (:mod:`.column_free`); the readings kept and their slips, mirrors and blanks
(:mod:`.column_agreement`); the ANY and XY searches (:mod:`.column_anyorder`).

(About 440 lines, over the ~400 the house aims at: some 80 of them are this map of the tiers, kept
beside the code that runs them in turn.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from ..deadline import Deadline
from ..report import Provenance, ReportWarning, Value
from ..schema import CheckSpec
from ..values import parse_value
from .align import RowPlan
from .column_agreement import combined, free_columns_apart, unsure_blanks, with_mirrors
from .column_anyorder import (CUTS, NESTED_STEPS, SHARED, XY_KINDS, XyMemo, any_order_kept, xy_bands_alone,
                              xy_kept)
from .column_bands import cached_readings, head_readings, known_readings, zero_readings
from .column_blanks import fewest_zero_fillings, filled_pages, zero_filled_pages
from .column_budget import BAND_STEPS, BandCache, SearchTooOpen
from .column_strays import label_run_strays, label_value_followers
from .column_tokens import (FREE_COLUMNS, Band, Grid, Reading, Token, fixed_in_band, free_columns_pinned,
                            header_marks, label_line_values, page_bands, shifted, value_tokens)
from .column_wraps import joined_pages
from .column_xycut import after_label
from .items import Item
from .order_warnings import ambiguous_warning, blank_unsure_warning, placed_provenance

LOOSE_CONFIDENCE = 0.6
BLANK_CONFIDENCE = 0.6  # a 0-or-blank cell of a band printing a blank: below the flagging threshold
CONFIDENCE = 0.9  # a cell placed by print order and the checks, not by its row's line

PRINTED = "三 is printed column by column"
# the searches tried in turn, each only when the ones before found no reading (see _kept_readings)
NARROW, WIDE, ANY, WIDER, ANY_SLIP, SLIP, XY = "narrow", "wide", "any", "wider", "any_slip", "slip", "xy"
SEARCHES = (NARROW, ANY, WIDE, WIDER, ANY_SLIP, SLIP, XY)
# the searches past which readings all contradicted by the prose go on to the next: ANY_SLIP's slip (a
# row the report itself breaks) put in a row the prose says otherwise, which SLIP may place right. (From
# every wider search, on to XY: ~6-15 CPU-s more on some texts, for no cell put right in the seeds.)
PROSE_GOES_ON = (ANY_SLIP,)
XY_STEPS = 150_000  # steps of the cut-order searches (XY) for one table, every stream and band; more: not read so
# a table's two variants (a value on a line of its own taken as the next row's first cell, or not) are
# read in two passes: every search with XY's plain cut orders only, both variants, then XY's costlier
# kinds (shared row groups, nested cuts) and the challengers after them, each variant in turn: a variant
# read at NARROW no longer waits for the other's nested search (s67_016: 4.8 → 2.1 CPU-s)
FIRST_PASS, LAST_PASS, WHOLE = "first", "last", "whole"
XY_LAST_STEPS = 1_500_000  # of the last try (XY alone, after the band searches went too open; ~20 µs a step):
# its streams (one empty cell put before each stretch of zeros) cost some 60 000-150 000 steps each
# its kinds of cut order: not the nested ones (column_nested), which spent their whole NESTED_STEPS there on
# many texts without reading one (s199_001, s181_015, s131_008, s97_031, …: ~8-10 CPU-s each)
XY_LAST_KINDS = (CUTS, SHARED)


@dataclass
class ColumnReading:
    """三 read column by column: the cells every kept reading agrees on, and the others."""

    cells: dict[str, Value]
    provenance: dict[str, Provenance]
    open: dict[str, list[Value]] = field(default_factory=dict)  # key → the values the kept readings give it
    readings: int = 0
    unsure_blanks: list[str] = field(default_factory=list)  # 0-or-blank cells of a band printing a blank
    loose: bool = False  # read past PINNED_SOLUTIONS / PINNED_READINGS: every cell flagged
    bands_alone: bool = False  # only the pages read alone (_bands_alone): the others left to the rows' order

    def warnings(self) -> list[ReportWarning]:
        out = [ReportWarning(
            "column_order_read",
            f"三 is printed column by column (labels first, then each column's values); {len(self.cells)} cells "
            f"were placed by that order and the checks of 三 (a check that still fails is reported as such)", [])]
        blanks = [k for k in self.unsure_blanks if k not in self.open]
        if blanks:
            out.append(blank_unsure_warning("column_order_blank_unsure", PRINTED, blanks))
        if self.bands_alone:
            out.append(ReportWarning(
                "column_order_pages_alone",
                "三's pages are printed in orders no reading of the whole table passes; the pages read alone "
                "(their rows' sums hold; the sums down the columns, across the pages, are not checked) are "
                "read, all below the confidence threshold, the others left to the row-by-row reading",
                sorted(self.cells)))
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


def column_major_reading(plans: Sequence[RowPlan], items: Sequence[Item], start: int, end: int, text: str,
                         checks: Sequence[CheckSpec], headers: Sequence[str],
                         prose: Mapping[str, set[int | float]] | None = None, steps: int = BAND_STEPS,
                         deadline: Deadline | None = None) -> ColumnReading | None:
    """三's cells read from a column-by-column print order, or None when no reading passes (or the
    band searches went past ``steps``, see BAND_STEPS, before one was found).

    ``plans``: 三's rows in the template's order (their anchors: the labels found);
    ``items[start:end]``: the table's zone; ``text``: the document (its form feeds split pages);
    ``checks``: 三's checks; ``headers``: the column headers' texts, in column order; ``prose``:
    the cells the report's prose states (key → values), which may tell the free columns apart;
    ``deadline``: the document's time limit (TimeLimitError once past, read between search steps).
    """
    n_cols = len(plans[0].cols) if plans else 0
    if not plans or n_cols <= FREE_COLUMNS or any(len(p.cols) != n_cols for p in plans):
        return None
    tokens = value_tokens(items[start:end], text)
    if tokens is None:
        return None
    fixed = label_line_values(plans, items, tokens)
    if fixed is None:
        return None
    # a value printed among the labels, on a line of its own: the next row's first cell, else read
    # in the stream (see column_strays)
    strays = label_run_strays(plans, items, tokens, fixed)
    # a value right after a label-line value, before the next label: that row's second cell (see
    # column_strays), tried first in the narrowest orders alone, with a budget of its own (a cheap
    # try that leaves the others as they were; its readings pass the checks as any other)
    followers = label_value_followers(items, tokens, fixed)
    followers_cache = BandCache(steps_left=steps, deadline=deadline)
    # both tries' band readings (keyed by their fixed cells) and budget
    cache = BandCache(steps_left=steps, deadline=deadline)
    # the looser tier of empty cells (column_blanks) only when the strict streams found no reading
    # at all, in either try: beside them, its extra streams leave other tables too open to read
    # with strays, both variants' first passes before either's last (see FIRST_PASS)
    passes = [(loose, part) for loose in (False, True) for part in ((FIRST_PASS, LAST_PASS) if strays else (WHOLE,))]
    reading = None
    for loose, part in passes:
        if cache.too_open:
            break
        reading = _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, {**fixed, **followers},
                              followers_cache, loose, searches=(NARROW,)) if followers and part != LAST_PASS else None
        reading = reading or (_read_fixed(plans, items, start, end, text, checks, headers, prose, tokens,
                                          {**fixed, **strays}, cache, loose, part=part) if strays else None)
        reading = reading or _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, fixed,
                                         cache, loose, part=part)
        if reading:
            return reading
    if cache.too_open:
        # the band searches too open: the cut orders alone (XY, a budget of their own), read loose
        reading = _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, {**fixed, **strays},
                              cache, True, True) if strays else None
        reading = reading or _read_fixed(plans, items, start, end, text, checks, headers, prose, tokens, fixed,
                                         cache, True, True)
    cache.check_time()
    return reading or _bands_alone(plans, items, start, end, headers, checks, prose or {}, tokens, fixed, cache)


def _bands_alone(plans: Sequence[RowPlan], items: Sequence[Item], start: int, end: int, headers: Sequence[str],
                 checks: Sequence[CheckSpec], prose: Mapping[str, set[int | float]], tokens: list[Token],
                 fixed: dict[tuple[int, int], Token], cache: BandCache) -> ColumnReading | None:
    """The pages read alone (:func:`.column_anyorder.xy_bands_alone`: in the orders the table's searches
    read them in, ``cache``, else in the cut orders), read loose, when no reading of the whole table
    passes; the other pages' cells are left to the rows' order reading."""
    n_cols = len(plans[0].cols)
    stream = [t for t in tokens if t.item.pos not in {f.item.pos for f in fixed.values()}]
    bands = page_bands(stream, fixed, len(plans), n_cols)
    if bands is None:
        return None
    by_pos = {t.item.pos: t for t in tokens}
    follow = {rc: by_pos[pos] for rc, pos in after_label(plans, items, set(by_pos), n_cols).items()}
    marks = header_marks(items[start:end], headers, spelled=True)
    keys = [list(p.keys) for p in plans]
    found = xy_bands_alone(bands, fixed, n_cols, marks, keys, checks, follow,
                           _known(cache, fixed))
    if found is None:
        return None
    readings, read = found
    kept, placed = [cells for cells, _ in readings], readings[0][1]
    read_keys = [row for first, n, _ in read for row in keys[first:first + n]]
    if not free_columns_pinned(fixed, header_marks(items[start:end], headers)) and \
            free_columns_apart(kept, [where for _, where in readings], read, keys):
        kept, placed = with_mirrors(kept, placed, read_keys, prose)  # as every reading (see _read_fixed)
    reading = _agreement(kept, placed, read_keys)
    reading.loose = reading.bands_alone = True
    for prov in reading.provenance.values():
        prov.confidence = min(prov.confidence, LOOSE_CONFIDENCE)
    return reading


def _known(cache: BandCache, fixed: dict[tuple[int, int], Token]) -> Callable[[Band], list[Reading]]:
    """A band's readings the table's band searches already found, without searching again (see
    :func:`.column_bands.known_readings`)."""
    return lambda band: known_readings(cache, band[2], fixed_in_band(fixed, band[0], band[1]), band[1])


def _read_fixed(plans: Sequence[RowPlan], items: Sequence[Item], start: int, end: int, text: str,
                checks: Sequence[CheckSpec], headers: Sequence[str], prose: Mapping[str, set[int | float]] | None,
                tokens: list[Token], fixed: dict[tuple[int, int], Token], cache: BandCache, loose: bool = False,
                xy_only: bool = False, searches: Sequence[str] = SEARCHES, part: str = WHOLE) -> ColumnReading | None:
    """column_major_reading with the cells ``fixed`` (row, column → the value printed for it) read
    from where they are printed rather than from the stream's order; ``cache``: the table's band
    readings and what its band searches may still spend (its ``too_open`` set when they could not
    be read). ``loose``: only the looser tier's streams of empty cells (column_blanks), a reading
    found so read loose. ``xy_only``: the cut orders alone (XY), on the printed stream and the
    fewest empty cells among zeros (see _xy_streams), after the band searches went too open.
    ``searches``: those tried (SEARCHES, in their order). ``part``: FIRST_PASS, every search with XY's
    plain cut orders only and no challengers after them; LAST_PASS, the rest: XY with every kind of
    cut order, then the challengers; WHOLE, all of it."""
    n_cols = len(plans[0].cols)
    stream = [t for t in tokens if t.item.pos not in {f.item.pos for f in fixed.values()}]
    marks = header_marks(items[start:end], headers)
    keys = [list(p.keys) for p in plans]
    found = _Found()
    by_pos = {t.item.pos: t for t in tokens}  # XY's second try (see xy_kept): values right after a label
    follow = {rc: by_pos[pos] for rc, pos in after_label(plans, items, set(by_pos), n_cols).items()}
    xy_budget = [XY_LAST_STEPS if xy_only else XY_STEPS]  # the cut-order searches of every stream share it
    xy_memo: XyMemo = {}  # and their bands' readings: a band printed alike in several streams is searched once
    nested_budget = [NESTED_STEPS]  # the nested cut orders' (column_nested), every stream and band
    xy_marks = header_marks(items[start:end], headers, spelled=True)

    def readable(first: int, n: int, band_tokens: list[Token]) -> bool:
        """Whether a band reads alone in the narrowest orders, its free columns' boxes either way round."""
        band_fixed = fixed_in_band(fixed, first, n)
        try:
            return bool(cached_readings(cache, band_tokens, band_fixed, n, n_cols, marks, (False, False, False), True))
        except SearchTooOpen:
            return True  # not known: kept (the table's searches then find it too open)

    def search_level(search: str, challengers: bool) -> bool:
        """Add the readings of every stream at this search; False when too open to read."""
        streams = _xy_streams(stream, fixed, n_cols) if xy_only else \
            _joined_streams(stream, fixed, n_cols, text, loose, search == NARROW, readable)
        for joined in streams:
            cache.check_time()  # each stream's cut-order searches spend budgets of their own
            bands = page_bands(joined, fixed, len(plans), n_cols)
            if bands is None:
                continue
            # XY's kinds: in the first pass its plain cuts (all of them past readings the prose contradicts)
            kinds = XY_LAST_KINDS if xy_only else (CUTS,) if part == FIRST_PASS and not found.kept else XY_KINDS
            try:
                got = _kept_readings(bands, fixed, n_cols, marks, keys, checks, search, cache, challengers, follow,
                                     xy_budget, xy_marks, xy_memo, nested_budget, kinds)
            except SearchTooOpen:
                got = None
            if got is None:
                cache.too_open = True
                return False
            found.add(got[0], bands, got[1] or loose)
            if xy_only and found.kept:
                break  # the last try reads from the first stream that reads (loose: every cell flagged)
        return True

    # Each search only when the narrower ones found no reading in any stream. The free columns'
    # boxes swapped (_boxes_swapped) challenge what the print order found, at the same search:
    # they never end a search themselves, so they cannot hide a reading a wider search would find.
    # (XY reads whole blocks of columns in any cut order, the free ones among them: no challengers.)
    challenge = not free_columns_pinned(fixed, marks)
    for search in (XY,) if xy_only or part == LAST_PASS else searches:
        if not search_level(search, False):
            if found.kept:
                break  # a search past readings the prose contradicts (below): those readings stand
            return None  # too open to read
        if search in PROSE_GOES_ON and prose_contradicts_all(found.kept, prose or {}):
            continue  # read loose and the prose contradicts each reading: the next search's beside them
        if found.kept:
            if challenge and search != XY and not search_level(search, True):
                found.loose = True  # the challengers too many to combine: nothing is pinned
            break
    else:
        for search in [s for s in searches if s != XY] if challenge and not xy_only and part != FIRST_PASS else []:
            if not search_level(search, True):
                return None
            if found.kept:
                break
    if not found.kept:
        return None
    found.prose_first(prose or {})
    kept, sources, placed, found_bands, loose = found.kept, found.sources, found.placed, found.bands, found.loose
    if challenge and free_columns_apart(kept, sources, found_bands, keys):
        kept, placed = with_mirrors(kept, placed, keys, prose or {})
    reading = _agreement(kept, placed, keys)
    reading.unsure_blanks = unsure_blanks(found_bands, keys, reading.cells)
    for key in reading.unsure_blanks:
        reading.provenance[key].confidence = min(reading.provenance[key].confidence, BLANK_CONFIDENCE)
    if loose:
        reading.loose = True
        for prov in reading.provenance.values():
            prov.confidence = min(prov.confidence, LOOSE_CONFIDENCE)
    return reading


def prose_contradicts_all(readings: Sequence[Mapping[str, Value]], prose: Mapping[str, set[int | float]]) -> bool:
    """Whether the report's prose states a cell of every one of these readings otherwise (none
    left for prose_first to prefer)."""
    return bool(readings) and all(any(k in cells and values and cells[k] not in values
                                      for k, values in prose.items()) for cells in readings)


@dataclass
class _Found:
    """The whole-table readings kept so far, each with its printed items; the first one's items
    (``placed``) give the cells' provenance; the bands of every stream that gave a reading."""

    kept: list[dict[str, Value]] = field(default_factory=list)
    sources: list[dict[str, Item]] = field(default_factory=list)
    placed: dict[str, Item] = field(default_factory=dict)
    bands: list[Band] = field(default_factory=list)
    loose: bool = False  # a reading found past PINNED_SOLUTIONS / PINNED_READINGS, or by a wider search

    def add(self, got: list[tuple[dict[str, Value], dict[str, Item]]], bands: list[Band],
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


def _stream_pages(stream: list[Token], fixed: dict[tuple[int, int], Token], n_cols: int
                  ) -> tuple[list[int], list[list[Item]], list[int]]:
    """The stream's pages (with those of its fixed cells), each page's printed value items, and how
    many values each page prints past whole rows of ``n_cols`` cells (its fixed cells counted)."""
    pages = sorted({t.page for t in stream} | {t.page for t in fixed.values()})
    values = [[t.item for t in stream if t.page == page] for page in pages]
    extra = [(len(v) + sum(1 for t in fixed.values() if t.page == page)) % n_cols for v, page in zip(values, pages)]
    return pages, values, extra


def _tokens(pages: Sequence[int], per_page: Sequence[Sequence[Item]]) -> list[Token]:
    """Each page's items (as filled or joined) as one stream of tokens again."""
    return [Token(it, parse_value(it.text, "count").value, page)
            for page, page_items in zip(pages, per_page) for it in page_items]


def _xy_streams(stream: list[Token], fixed: dict[tuple[int, int], Token], n_cols: int) -> Iterator[list[Token]]:
    """The stream as printed, then with the fewest cells printed empty that make its pages whole rows,
    each before a stretch of zeros (:func:`.column_blanks.fewest_zero_fillings`): one empty cell
    among many distinct places is past the tiers of _joined_streams, whose band searches may go too
    open on the many streams they try."""
    yield stream
    pages, values, extra = _stream_pages(stream, fixed, n_cols)
    for filled in fewest_zero_fillings(values, extra, n_cols):
        yield _tokens(pages, filled)


def _joined_streams(stream: list[Token], fixed: dict[tuple[int, int], Token], n_cols: int, text: str,
                    loose: bool = False, among_zeros: bool = False,
                    readable: Callable[[int, int, list[Token]], bool] | None = None) -> Iterator[list[Token]]:
    """The stream as printed, then, when a page prints ``k`` values more than whole rows of cells,
    the stream with each choice of ``k`` wrapped numbers joined on that page (``151`` / ``4`` read as
    1514; see :mod:`.column_wraps`). Which joins are right is left to the checks. ``loose``: only
    the looser tier's streams of cells printed empty (see :mod:`.column_blanks`). ``among_zeros`` (the
    narrowest search only, its streams being many): then the streams with the empty cells among
    zeros that neither tier tries (and the looser tier's last one among zeros, see filled_pages).
    ``readable`` (first row, rows, a band's tokens → whether that band reads alone): in the looser
    tier, the cells printed empty on several pages whose places multiply past the strict tier's,
    the likeliest places first (see :func:`.column_blanks.likeliest_fillings`)."""
    pages, values, extra = _stream_pages(stream, fixed, n_cols)
    if not loose:
        yield stream
        for joined in joined_pages(values, extra, text):
            yield _tokens(pages, joined)

    def viable(p: int, first: int, filled: list[Item]) -> tuple[int, bool]:
        n = (len(filled) + sum(1 for t in fixed.values() if t.page == pages[p])) // n_cols
        return n, readable is not None and readable(first, n, _tokens([pages[p]], [filled]))

    # or as many values fewer: cells printed empty (see :mod:`.column_blanks`)
    for filled in filled_pages(values, extra, n_cols, text, loose, viable, last_among_zeros=among_zeros):
        yield _tokens(pages, filled)
    for filled in zero_filled_pages(values, extra, n_cols, text) if among_zeros and not loose else ():
        yield _tokens(pages, filled)


def _kept_readings(bands: list[Band], fixed: dict[tuple[int, int], Token], n_cols: int,
                   marks: dict[int, int], keys: list[list[str]], checks: Sequence[CheckSpec], search: str = NARROW,
                   cache: BandCache | None = None, challengers: bool = False,
                   follow: dict[tuple[int, int], Token] | None = None, xy_budget: list[int] | None = None,
                   xy_marks: dict[int, int] | None = None, xy_memo: XyMemo | None = None,
                   nested_budget: list[int] | None = None, xy_kinds: Sequence[str] = XY_KINDS
                   ) -> tuple[list[tuple[dict[str, Value], dict[str, Item]]], bool] | None:
    """The whole-table readings of these bands that pass 三's checks (with the printed item each cell
    came from), and whether they are to be read loose (every cell flagged): the search went past
    PINNED_SOLUTIONS / PINNED_READINGS, or is wider than NARROW. None when the bands' readings are
    too many to combine. ``search``: NARROW, the orders known to pin a reading; WIDE, with the
    wider orders too (see band_readings); WIDER, with any one run moved anywhere too; SLIP, the
    wider readings and each band's first column in print order, kept when the checks they break
    are one slip of the report's own (one_slip): the report may break one row itself, which the
    bands' row-checked readings cannot hold. ``challengers``: each band's readings with the free
    columns' boxes swapped too (after the others). ``xy_kinds``: XY's kinds of cut order tried."""
    wide = search != NARROW
    cache = BandCache() if cache is None else cache
    if search in (ANY, ANY_SLIP):
        return any_order_kept(bands, fixed, n_cols, marks, keys, checks, cache, challengers,
                              slip=search == ANY_SLIP), True
    if search == XY:
        return xy_kept(bands, fixed, n_cols, xy_marks or marks, keys, checks, follow or {},
                       xy_budget or [XY_STEPS], xy_memo, nested_budget, xy_kinds, _known(cache, fixed)), True
    per_band, tolerant, slipped = _per_band(bands, fixed, n_cols, marks, search, cache, challengers)
    if per_band is None:
        return [], False
    if search == SLIP:
        for k, (first, n, band_tokens) in enumerate(bands):
            band_fixed = fixed_in_band(fixed, first, n)
            in_order = shifted(cached_readings(cache, band_tokens, band_fixed, n, n_cols, marks, (True, False, False)),
                               first)
            per_band[k] += [g for g in in_order if not any(g[0] == seen for seen, _ in per_band[k])]
    found = combined(per_band, keys, checks, tolerant or search == SLIP, slipped)
    return None if found is None else (found[0], found[1] or wide)


def _per_band(bands: list[Band], fixed: dict[tuple[int, int], Token], n_cols: int,
              marks: dict[int, int], search: str, cache: BandCache, challengers: bool = False
              ) -> tuple[list[list[tuple[Grid, dict[tuple[int, int], Item]]]] | None, bool, bool]:
    """Each band's readings (None when a band has none), and whether a band was read only with its
    first column in print order, its row sums unchecked (tolerant), and whether one was read with a
    row's sum unchecked (slipped)."""
    per_band: list[list[tuple[Grid, dict[tuple[int, int], Item]]]] = []
    tolerant = slipped = False
    for first, n, band_tokens in bands:
        band_fixed = fixed_in_band(fixed, first, n)
        readings = cached_readings(cache, band_tokens, band_fixed, n, n_cols, marks,
                                   (False, search != NARROW, search in (WIDER, SLIP)), challengers)
        if not readings and search in (WIDE, WIDER, SLIP):  # the band's first row printed first, as a line
            readings = head_readings(cache, band_tokens, band_fixed, n, n_cols, marks, search != WIDE)
        if not readings and search in (WIDER, SLIP):  # columns of zeros printed scattered (column_zeros)
            readings = zero_readings(cache, band_tokens, band_fixed, n, n_cols, marks)
        if not readings:
            readings = cached_readings(cache, band_tokens, band_fixed, n, n_cols, marks, (True, False, False))
            tolerant = True
            if search == SLIP:  # or the slip in a row both free columns fill, interleaved
                dealt = cached_readings(cache, band_tokens, band_fixed, n, n_cols, marks, (False, True, False, True),
                                        challengers)
                more = [g for g in dealt if not any(g[0] == seen for seen, _ in readings)]
                readings, slipped = readings + more, slipped or bool(more)
        if not readings:
            return None, tolerant, slipped
        per_band.append(shifted(readings, first))
    return per_band, tolerant, slipped


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
