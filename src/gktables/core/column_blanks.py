"""Cells printed empty, in text printed column by column (pdfminer.six).

A report that prints a zero cell empty (or leaves a cell blank) prints nothing for it: pdfminer
writes each cell of 三 as a text box of its own, and an empty cell has none. A page of 三 then
prints ``k`` values fewer than whole rows of cells, and the column-by-column reading
(:mod:`.column_order`) finds no ``rows × columns`` to fill. The ``k`` missing cells are somewhere
in the print order: each one sits between two printed values (or before the first, after the
last) of the stream, and where it sits decides which cell is empty and which cells the values
after it fill. This module gives the page's value items with ``k`` **empty items** inserted, for
every choice of places; the caller reads each such stream as it reads a printed one and keeps
the readings every check of 三 passes (a shifted run of non-zero values breaks the row totals and
the column sums). A page may also print numbers wrapped over two lines (:mod:`.column_wraps`)
besides its empty cells: ``b`` empty cells and ``extra + b`` joins are tried together.

Places that give the same grid are tried once: an empty cell inserted anywhere in a stretch of
zeros (or blank marks) gives the same values in the same cells, but for which of those 0-or-blank
cells is the empty one — and a 0 and a blank weigh the same in every check, so that rests on the
print order alone (the caller flags the band's 0-or-blank cells, as for a printed blank mark).
The empty cell is put before the stretch. When the choices are more than MAX_FILLINGS (many
missing cells, many non-zero values), the empty cells are tried only before the page's stretches
of zeros as long as a column (a report that prints nothing for a 0 leaves its columns of zeros
with holes: four empty cells among some sixty places, all in the columns of zeros); when those
choices are too many as well, none is tried: the table stays unread and flagged rather than read
from a guess.

A looser tier (``loose=True``) is for the caller to try only after the whole search of the strict
streams found no reading: past MAX_FILLINGS, all the empty cells but one before those stretches of
zeros and the last one in any distinct place (a hole in a column of zeros, and one cell left empty
among values printed group by group, such as 其他 beside 总计; or, when those places are too many,
before any stretch of zeros, in the caller's narrowest search only: a hole among a column's zeros,
the column not all zeros), the streams the strict tier did not try. Tried beside the strict
streams, its extra streams left a table with too open a search to be read at all; tried after
them, they only read tables the strict streams leave unread. When the pages' places multiply past
MAX_FILLINGS (one empty cell on each of two pages: 33 × 15 places), it tries the likeliest
MAX_LIKELIEST streams (likeliest_fillings): a page's places its band reads from alone first, then
those among zeros.

An among-zeros tier (zero_filled_pages) is for the caller's narrowest search only (where a stream
costs little), beside the strict streams: every empty cell before some stretch of zeros, however
short (a cell printed empty is most often a 0 left blank, so it hides among its column's zeros,
which need not be a whole column: 4 empty cells among some 60 places, beside zeros of three
columns), up to MAX_ZERO_FILLINGS streams, those the strict tier does not try. It also takes the
tables whose pages' choices multiply past MAX_FILLINGS (two pages of one empty cell each among 10
places). The checks judge each reading as any other; the stretches' 0-or-blank cells are flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import combinations_with_replacement, product
from math import comb, prod

from ..values import parse_value
from .column_wraps import joined_pages
from .items import Item

MAX_MISSING = 4  # empty cells on one page tried at most
MAX_FILLINGS = 64  # streams tried for one table (each is read through the whole column-order search)
MAX_ZERO_FILLINGS = 128  # streams of the among-zeros tier (zero_filled_pages), read in the narrowest search only
# (~0.1 CPU-s each on a narrow_wrap page: 351 of them cost one of seed 1's texts 32 s for nothing)


def filled_pages(pages: Sequence[Sequence[Item]], extra: Sequence[int], n_cols: int, text: str,
                 loose: bool = False, viable: Viable | None = None, last_among_zeros: bool = False
                 ) -> Iterator[list[list[Item]]]:
    """Each page's value items, a page printing ``extra[page]`` values more than whole rows of
    ``n_cols`` cells (0 < extra < n_cols) read with empty items inserted: ``n_cols - extra`` of them,
    or ``b`` of them and ``extra + b`` numbers wrapped over two lines joined (:mod:`.column_wraps`),
    for every choice of distinct places and joins (nothing when no page needs any, or the choices
    are more than MAX_FILLINGS). Wraps alone are the caller's other reading. ``loose``: the looser
    tier's streams instead, those with a page filled in a way the strict tier did not try (nothing
    when there are none). ``viable``: when the pages' choices multiply past MAX_FILLINGS (each
    page's own being fewer), the looser tier tries the likeliest streams only (likeliest_fillings).
    ``last_among_zeros`` (the caller's narrowest search only, each stream being read through the
    whole search): the looser tier's last empty cell before any stretch of zeros when its places
    anywhere are too many (see _fillings)."""
    if not any(extra):
        return
    per_page: list[list[tuple[list[Item], bool]]] = []  # per page: each filling, and whether it is loose-only
    for values, e in zip(pages, extra):
        choices: list[tuple[list[Item], bool]] = [(list(values), False)] if not e else [
            got for b in range(1, MAX_MISSING + 1) for joined in _joined(values, (e + b) % n_cols, text)
            for got in _fillings(joined, b, n_cols, loose, last_among_zeros)]
        if not choices or len(choices) > MAX_FILLINGS:
            return
        per_page.append(choices)
    if prod(len(c) for c in per_page) > MAX_FILLINGS:
        if loose and viable is not None:  # the looser tier: the likeliest streams only
            yield from likeliest_fillings(per_page, viable)
        return
    for combo in product(*per_page):
        if not loose or any(new for _, new in combo):
            yield [filled for filled, _ in combo]


Viable = Callable[[int, int, list[Item]], tuple[int, bool]]
# (page, the band's first row, the page's values filled) → the band's rows, and whether it reads alone
MAX_RANKED_PAGES = 3  # pages with empty cells whose fillings likeliest_fillings ranks; more: none tried
MAX_LIKELIEST = 16  # its streams (each read through the whole search of the looser tier, ~0.15 CPU-s)


def likeliest_fillings(per_page: list[list[tuple[list[Item], bool]]], viable: Viable) -> Iterator[list[list[Item]]]:
    """The first MAX_LIKELIEST streams when the pages' fillings multiply past it (two pages of 33 and
    15 places of one empty cell each: 495 streams, each read through the whole table's search),
    the likeliest first: a page's fillings its band reads from alone in the narrowest orders (some
    reading passes its rows' checks), then those whose empty cells all sit among zeros (a cell
    printed empty is most often a 0 left blank), then the others, each in print order; streams by
    the sum of their pages' ranks. A page's first row is counted from the pages before it; nothing
    when a page's fillings give it different numbers of rows (the next page's first row is then not
    known). The caller reads these in its looser tier only, every cell flagged."""
    ranked: list[list[list[Item]]] = []
    first = 0
    for page, choices in enumerate(per_page):
        judged = [(viable(page, first, filled), filled) for filled, _ in choices]
        rows = {n for (n, _), _ in judged}
        if len(rows) > 1 or sum(len(r) > 1 for r in ranked) > MAX_RANKED_PAGES:
            return
        ranks = [(0 if ok else 1 if _among_zeros(filled) else 2, k) for k, ((_, ok), filled) in enumerate(judged)]
        # a stream among the MAX_LIKELIEST of least rank sum takes none of a page's later fillings
        ranked.append([judged[k][1] for _, k in sorted(ranks)][:MAX_LIKELIEST])
        first += rows.pop()
    combos = sorted(product(*(range(len(r)) for r in ranked)), key=sum)[:MAX_LIKELIEST]
    for combo in combos:
        yield [ranked[p][i] for p, i in enumerate(combo)]


def _among_zeros(filled: Sequence[Item]) -> bool:
    """Whether every empty item of a filling sits before a stretch of zeros (see empty_item)."""
    return all(it.text == "0" for it in filled if it.blank and it.pos < 0)


def zero_filled_pages(pages: Sequence[Sequence[Item]], extra: Sequence[int], n_cols: int, text: str
                      ) -> Iterator[list[list[Item]]]:
    """As filled_pages, with every page's empty cells put only before stretches of zeros
    (zero_gaps), in every choice of such places and joins, but those filled_pages tries: a cell
    printed empty is most often a 0 left blank, so it hides among its column's zeros (past
    MAX_FILLINGS, filled_pages tries only the column-long stretches, or nothing when the pages'
    choices multiply past it). Nothing past MAX_ZERO_FILLINGS streams: the caller reads them in its
    narrowest search only, where a stream costs little."""
    per_page: list[list[tuple[list[Item], bool]]] = []  # per page: each filling, and whether filled_pages tries it
    strict_total = total = 1  # the streams filled_pages tries (none past MAX_FILLINGS), and these
    for values, e in zip(pages, extra):
        choices: list[tuple[list[Item], bool]] = [(list(values), True)]
        if e:
            choices, strict_count = [], 0
            for b in range(1, MAX_MISSING + 1):
                for joined in _joined(values, (e + b) % n_cols, text):
                    strict = set(_strict_places(joined, b, n_cols)[0])
                    strict_count += len(strict)
                    choices += [(_filled(joined, at), at in strict) for at in _zero_places(joined, b)]
            strict_total *= strict_count or MAX_FILLINGS + 1
        total *= len(choices)
        if not choices or total > MAX_ZERO_FILLINGS:
            return
        per_page.append(choices)
    if not any(extra):
        return
    for combo in product(*per_page):
        if strict_total > MAX_FILLINGS or not all(tried for _, tried in combo):
            yield [filled for filled, _ in combo]


def fewest_zero_fillings(pages: Sequence[Sequence[Item]], extra: Sequence[int], n_cols: int
                         ) -> Iterator[list[list[Item]]]:
    """Each page's values with the fewest empty cells that make whole rows (``n_cols - extra``, no
    numbers joined), in every choice of places before stretches of zeros (a cell printed empty is
    most often a 0 left blank); nothing when no page needs any, or past MAX_FILLINGS streams. The
    streams of the caller's last try (cut orders only), where the tiers above give up: one empty
    cell among more than MAX_FILLINGS distinct places, in a band whose searches went too open."""
    per_page: list[list[list[Item]]] = []
    for values, e in zip(pages, extra):
        per_page.append([_filled(values, at) for at in _zero_places(values, n_cols - e)] if e else [list(values)])
    if not any(extra) or prod(len(p) for p in per_page) > MAX_FILLINGS:
        return
    for combo in product(*per_page):
        yield list(combo)


def _zero_places(values: Sequence[Item], k: int) -> list[tuple[int, ...]]:
    """Each choice of ``k`` places before stretches of zeros; none past MAX_ZERO_FILLINGS."""
    at_zeros = zero_gaps(values)
    return list(combinations_with_replacement(at_zeros, k)) if comb(len(at_zeros) + k - 1, k) <= MAX_ZERO_FILLINGS \
        else []


def _strict_places(values: Sequence[Item], k: int, n_cols: int) -> tuple[list[tuple[int, ...]], list[int] | None]:
    """The places of ``k`` empty cells the strict tier tries (_fillings, not loose), and the places
    before column-long stretches of zeros they were taken from past MAX_FILLINGS (None: every
    distinct place, few enough)."""
    gaps = distinct_gaps(values)
    if gaps and comb(len(gaps) + k - 1, k) <= MAX_FILLINGS:
        return list(combinations_with_replacement(gaps, k)), None
    zeros = zero_column_gaps(values, (len(values) + k) // n_cols - k)  # a column of zeros whose k cells are empty
    fits = comb(len(zeros) + k - 1, k) <= MAX_FILLINGS
    return (list(combinations_with_replacement(zeros, k)) if fits else []), zeros


def _joined(values: Sequence[Item], k: int, text: str) -> list[list[Item]]:
    """The page's values with each choice of ``k`` wrapped numbers joined."""
    if not k:
        return [list(values)]
    return [page for (page,) in joined_pages([values], [k], text)]


def _fillings(values: Sequence[Item], k: int, n_cols: int, loose: bool = False, last_among_zeros: bool = False
              ) -> list[tuple[list[Item], bool]]:
    """The page's values with ``k`` empty items in each choice of distinct places; past MAX_FILLINGS,
    in each choice of places before a stretch of zeros as long as a column of the page less ``k``
    (see zero_column_gaps); none when those are past it too. Each with whether it is a loose-only
    filling: ``loose``, past MAX_FILLINGS, the one-loose places (see _one_loose) come too: the last
    empty cell in any distinct place, or (``last_among_zeros``) before any stretch of zeros when
    those are too many."""
    if not values:
        return []
    strict, zeros = _strict_places(values, k, n_cols)
    out = [(_filled(values, at), False) for at in strict]
    if loose and zeros is not None:
        tried = set(strict)
        loose_places = _one_loose(zeros, distinct_gaps(values), k)
        if not loose_places and last_among_zeros:  # the last empty cell anywhere too many: among some zeros
            loose_places = _one_loose(zeros, zero_gaps(values), k)
        out += [(_filled(values, at), True) for at in loose_places if at not in tried]
    return out


def _one_loose(zeros: Sequence[int], gaps: Sequence[int], k: int) -> list[tuple[int, ...]]:
    """The places of ``k`` empty cells, ``k - 1`` before column-long stretches of zeros (``zeros``)
    and the last one in any of ``gaps``; none past MAX_FILLINGS or without such a stretch (a page
    of zero columns with one hole, and one more cell left empty among the other columns' values,
    e.g. 其他 printed group by group beside 总计). The caller gives every distinct place, or when
    those are too many, the places before any stretch of zeros (the last cell left empty among a
    column's zeros, the column not all zeros: 社会公益组织 3 0 0 … 1 with one of its 0s blank)."""
    if k < 2 or not zeros:
        return []
    places = sorted({tuple(sorted((*at, g))) for at in combinations_with_replacement(zeros, k - 1) for g in gaps})
    return [] if len(places) > MAX_FILLINGS else places


def zero_column_gaps(values: Sequence[Item], column: int) -> list[int]:
    """The places before a stretch of at least ``column`` (> 1) 0-or-blank values: a column of zeros
    (or more than one), where a report that leaves cells empty most often leaves them (it prints
    nothing for a 0). The empty cells are tried only there when every place is too many to try: the
    checks still judge each reading, and the stretch's 0-or-blank cells are flagged."""
    out = []
    for i in distinct_gaps(values):
        run = 0
        while i + run < len(values) and _zero_or_blank(values[i + run]):
            run += 1
        if column > 1 and run >= column:
            out.append(i)
    return out


def zero_gaps(values: Sequence[Item]) -> list[int]:
    """The distinct gaps (see distinct_gaps) right before a 0-or-blank value: an empty cell there is
    one of that stretch of zeros (any place in the stretch gives the same grid)."""
    return [i for i in distinct_gaps(values) if i < len(values) and _zero_or_blank(values[i])]


def distinct_gaps(values: Sequence[Item]) -> list[int]:
    """The places ``i`` (before ``values[i]``; ``len(values)``: after the last) where an empty cell
    gives a grid of its own: not right after a 0 or a blank mark, which is the same grid as the
    place before that stretch of zeros (up to which of its 0-or-blank cells is the empty one)."""
    return [i for i in range(len(values) + 1) if i == 0 or not _zero_or_blank(values[i - 1])]


def _zero_or_blank(item: Item) -> bool:
    parsed = parse_value(item.text, "count")
    return parsed.ok and parsed.value in (0, None)


def _filled(values: Sequence[Item], at: Sequence[int]) -> list[Item]:
    out = list(values)
    for n, i in enumerate(sorted(at, reverse=True)):
        before_zeros = i < len(values) and _zero_or_blank(values[i])
        out.insert(i, empty_item(values[min(i, len(values) - 1)], n, before_zeros))
    return out


def empty_item(beside: Item, n: int, among_zeros: bool) -> Item:
    """An empty cell, printed nowhere: a blank value item on the line of the value it is put beside
    (``n`` numbers the empty items of one stream; their stream positions are negative, so that
    they are never taken for a printed item). Put before a stretch of zeros it may be any cell of
    that stretch, each of which is far likelier a 0 than the empty one: it reads as 0 (``blank``
    still marks it, and the caller flags the stretch's 0-or-blank cells); elsewhere its place is
    pinned and it reads as a blank."""
    return replace(beside, text="0" if among_zeros else "", blank=True, span=None, bbox=None, cell=None,
                   pos=-1 - n, parts=(), alternatives=(), explicit=False)
