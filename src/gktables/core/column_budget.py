"""What the band searches of :mod:`.column_order` may spend on one table (BAND_STEPS, in steps of
the free columns' dealing searches; a bound that, unlike the clock, gives the same result on a fast
or a loaded machine), and the table's cache: each band's readings for each way of reading it, and
the groupings of the pair and triple stretches (:mod:`.column_pairs`), each searched once per table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..deadline import Deadline
from ..report import Value
from .column_pairlines import lined_pair_groupings
from .column_pairs import pair_groupings, triple_groupings
from .column_rowpairs import Dealt, row_pair_dealings
from .column_tokens import Reading

BAND_STEPS = 40_000_000  # work of the band searches of one table (every stream and search), in steps of the
# free columns' dealing searches (~1 µs each here: ~30 s); more: the search at hand is too open (each search is
# bounded, but a page printing values more or fewer than whole rows is searched once per choice of joins or
# blanks, and that product was not: 200 CPU-s on one of seed 1's 100 pdfminer texts; the most any other takes
# is 24 M steps, 20 s)
PAIR_STEPS, TRIPLE_STEPS = 100, 3000  # of a pair or triple stretch (column_pairs; the latter up to 300 pairs')
# a stretch found in the memo still costs a share of its search's steps: the key, and the variants built from
# its groupings (free, 40 M steps took ~40 % longer on a text that spends them all, s53_022)
GROUPING_HIT_SHARE = 4
MAX_GROUPINGS_KEPT = 50_000  # stretches' groupings a table's search remembers (BandCache.groupings; ~1 kB each)
ROW_PAIR_STEPS = 10  # one dealing step of column_rowpairs (its states are tuples built per step)
# a row-pair search found in the memo (BandCache.row_pairs): its key, built from the band's free values
# (the run orders that leave the same free values and row sums ask it again: 9 in 10 of its searches
# on a text whose zeros leave many orders alike, s53_008)
ROW_PAIR_HIT_STEPS = 100
MAX_ROW_PAIRS_KEPT = 20_000  # row-pair searches a table's search remembers (each a key and a few dealings)
CLOCK_EVERY_STEPS = 50_000  # the document's time limit read every so many steps (~50 ms): the step budget is
# the same on every machine, the time limit is the user's bound on the whole document
SPARE_SHARE, MAX_SPARE_S = 0.05, 3.0  # the search stops this share of the limit before it (at most 3 s): the
# table is then kept as read in print order, and the rest of the document must still finish in time


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
    deadline: Deadline | None = None  # the document's time limit (TimeLimitError once past)

    # a stretch's groupings by its values and floors: the placements of a band's runs, and the
    # streams that differ elsewhere (joins, blanks), regroup the same stretches again and again
    groupings: dict[tuple[object, ...], list[Any]] = field(default_factory=dict)
    # the row-pair dealings (column_rowpairs) by their whole input, for the same reason
    dealings: dict[tuple[object, ...], set[Dealt]] = field(default_factory=dict)
    # spend() looks further only below this: the budget's end (0) or the next reading of the clock
    _next_event: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._next_event = max(0, self.steps_left - CLOCK_EVERY_STEPS)

    def spend(self, steps: int) -> None:
        """``steps`` more (see BAND_STEPS); SearchTooOpen past the table's budget. (Called tens of
        millions of times by a search that spends it all: one comparison in the common case.)"""
        self.steps_left -= steps
        if self.steps_left < self._next_event:
            if self.steps_left < 0:
                raise SearchTooOpen
            self._next_event = max(0, self.steps_left - CLOCK_EVERY_STEPS)
            self.check_time()

    def check_time(self) -> None:
        """TimeLimitError once the document's time limit has (nearly: SPARE_SHARE) passed; called
        between coarse steps too."""
        if self.deadline is not None and self.deadline.limit_s is not None:
            spare = min(MAX_SPARE_S, SPARE_SHARE * self.deadline.limit_s)
            self.deadline.check_now("三 read column by column", spare)

    def pairs(self, values: Sequence[Value], floors: Sequence[int | float]) -> list[Any]:
        """pair_groupings, each stretch searched (and spent for) once per table."""
        return self._grouped(PAIR_STEPS, pair_groupings, values, floors)

    def lined_pairs(self, values: Sequence[Value], floors: Sequence[int | float], lines: Sequence[int]) -> list[Any]:
        """lined_pair_groupings (printed ``lines`` narrowing a pair stretch too open to read), memoised
        like pairs."""
        return self._grouped(PAIR_STEPS, lined_pair_groupings, values, floors, (tuple(lines),))

    def triples(self, values: Sequence[Value], floors: Sequence[int | float]) -> list[Any]:
        """triple_groupings, each stretch searched (and spent for) once per table."""
        return self._grouped(TRIPLE_STEPS, triple_groupings, values, floors)

    def _grouped(self, steps: int, search: Callable[..., list[Any]], values: Sequence[Value],
                 floors: Sequence[int | float], extra: tuple[object, ...] = ()) -> list[Any]:
        key = (search, tuple(values), tuple(floors), *extra)
        self.spend(steps // GROUPING_HIT_SHARE)  # a memo hit: the key, and the caller's variants built from it
        if key not in self.groupings:
            self.spend(steps - steps // GROUPING_HIT_SHARE)
            if len(self.groupings) >= MAX_GROUPINGS_KEPT:
                self.groupings.clear()  # a bound on the memory, not on the work (that is spent again)
            self.groupings[key] = search(values, floors, *extra)
        return self.groupings[key]

    def row_pairs(self, values: Sequence[Value], rows0: list[int], rows1: list[int], known0: Mapping[int, int | float],
                  known1: Mapping[int, int | float], sums: Sequence[int | float], forced: Mapping[int, int],
                  lead: int | None) -> set[Dealt]:
        """row_pair_dealings, each search done (and spent for, ROW_PAIR_STEPS a step) once per table;
        a memo hit costs ROW_PAIR_HIT_STEPS."""
        key = (tuple((v, type(v)) for v in values), tuple(rows0), tuple(rows1), tuple(sorted(known0.items())),
               tuple(sorted(known1.items())), tuple(sums), tuple(sorted(forced.items())), lead)  # (0 and 0.0 apart)
        self.spend(ROW_PAIR_HIT_STEPS)
        if key not in self.dealings:
            if len(self.dealings) >= MAX_ROW_PAIRS_KEPT:
                self.dealings.clear()  # a bound on the memory, not on the work (that is spent again)
            self.dealings[key] = row_pair_dealings(values, rows0, rows1, dict(known0), dict(known1), sums,
                                                   dict(forced), lead, lambda steps: self.spend(ROW_PAIR_STEPS * steps))
        return set(self.dealings[key])  # the caller's own set
