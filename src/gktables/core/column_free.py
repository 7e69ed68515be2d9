"""Dealing the free columns of a band (:mod:`.column_order`): once the whole runs are placed,
the row totals give each row's free cells' sum, and the interleavings of the two free columns that
meet them are searched (a lone header before a free column's value deals it there; without one,
the column whose first cell lies higher starts first: the checks cannot tell those two columns
apart). With one free column, its cells are the rows' remainders when exactly those values are
printed, in any order (pdfminer prints a value beside a two-line label after the next label's).
A row's two cells may also be printed together (:mod:`.column_rowpairs`), and one row's sum may be
left unchecked (the report's own slip in a row both free columns fill). When that search goes too
open (many zeros: a value and the next make many rows' pairs), the narrow case of it is tried on its
own: one row's two cells printed last, after both columns' other values (pdfminer's box of a row,
often (四)'s first, printed after the columns' boxes below it: ``… 0 1 0 | 152 18``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from ..report import Value
from .column_budget import BandCache
from .column_tokens import Token, num
from .items import Item

MAX_SOLUTIONS = 512  # readings kept per band before the band is called ambiguous (and dealings per placement)


def slipped_sums(pair_sums: list[int | float], rows0: list[int], rows1: list[int]
                 ) -> Iterator[list[int | float | None]]:
    """The rows' free sums with one row's left unchecked (None), for each row both free columns
    fill (a row the report itself got wrong: its total is not its cells' sum; the checks of 三
    then fail through that row alone, see one_slip). Only the one row whose sum is negative when
    there is one; none when two are."""
    negative = [r for r, s in enumerate(pair_sums) if s < 0]
    rows = negative if negative else [r for r in rows0 if r in rows1]
    if len(negative) > 1:
        return
    for r in rows:
        yield [None if k == r else s for k, s in enumerate(pair_sums)]


def dealt_order(dealt: tuple[tuple[Value, ...], tuple[Value, ...]]) -> list[tuple[bool, int | float]]:
    """A fixed order of dealings (None's hash, and with it a set's order, differs between runs)."""
    return [(v is None, v or 0) for column in dealt for v in column]


def free_sources(rest: list[Token], need: list[list[int]], first: tuple[Value, ...], second: tuple[Value, ...]
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


def _lead(rows0: list[int], rows1: list[int], forced: dict[int, int], fixed: Iterable[tuple[int, int]] = ()
          ) -> int | None:
    """The free column the stream's first free value goes to: none chosen when a lone header
    names its values' columns; else the column whose first cell lies higher (自然人 on a tie).
    Also none when the first column starts lower only because its cells above are printed on
    their labels' lines (``fixed``: the free cells placed so): its box of the rest is still the
    left one, which pdfminer may print first (``40`` on its label's line, then ``55 53 0`` before
    the second column's ``0 1 4 0``)."""
    if forced:
        return None
    if not rows1 or (rows0 and rows0[0] <= rows1[0]):
        return 0
    above = range(rows1[0], rows0[0]) if rows0 else range(0)
    return None if above and set(above) <= {r for r, c in fixed if c == 0} else 1


def row_pairs(rest: list[Token], rows0: list[int], rows1: list[int], fixed: dict[tuple[int, int], Token],
              pair_sums: list[int | float], forced: dict[int, int], budget: BandCache,
              free_lead: bool = False) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """interleavings with a row's two cells also printed together anywhere (see :mod:`.column_rowpairs`);
    searched once per table (``budget``'s memo, which spends its steps)."""
    lead = None if free_lead else _lead(rows0, rows1, forced, fixed)
    known = [{r: num(t.value) for (r, c), t in fixed.items() if c == col} for col in (0, 1)]
    return budget.row_pairs([t.value for t in rest], rows0, rows1, known[0], known[1], pair_sums, forced, lead)


def last_pair(rest: list[Token], rows0: list[int], rows1: list[int], fixed: dict[tuple[int, int], Token],
              pair_sums: list[int | float], forced: dict[int, int], budget: BandCache,
              free_lead: bool = False) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """interleavings of all but the last two values, those two being the two cells of one row both
    columns fill (not the last of both: plain interleavings reads that), whose sum they make (not two
    0s, which pin nothing). Each step is spent from ``budget``."""
    if len(rest) < 2 or forced.get(len(rest) - 2, 0) != 0 or forced.get(len(rest) - 1, 1) != 1:
        return set()
    a, b = rest[-2].value, rest[-1].value
    if not num(a) + num(b):
        return set()
    head, head_forced = rest[:-2], {k: v for k, v in forced.items() if k < len(rest) - 2}
    out: set[tuple[tuple[Value, ...], tuple[Value, ...]]] = set()
    for r in rows0:
        if r not in rows1 or (r == rows0[-1] and r == rows1[-1]) or num(a) + num(b) != pair_sums[r]:
            continue
        at0, at1 = rows0.index(r), rows1.index(r)
        others0, others1 = rows0[:at0] + rows0[at0 + 1:], rows1[:at1] + rows1[at1 + 1:]
        for first, second in interleavings(head, others0, others1, fixed, pair_sums, head_forced, budget, free_lead):
            out.add((first[:at0] + (a,) + first[at0:], second[:at1] + (b,) + second[at1:]))
    return out


def by_row_sums(rest: list[Token], rows: list[int], row_sums: list[int | float]
                ) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The one free column's cells as the rest of their rows (total minus the whole runs), when
    the values printed are exactly those: pdfminer may print two of its cells out of order (a
    value beside a two-line label comes after the next label's). A blank printed for a 0 is read
    as 0 (the band's 0-or-blank cells are flagged)."""
    printed = sorted(num(t.value) for t in rest)
    wanted = [row_sums[r] for r in rows]
    if printed != sorted(wanted):
        return set()
    return {(tuple(wanted), ())}


def interleavings(rest: list[Token], rows0: list[int], rows1: list[int], fixed: dict[tuple[int, int], Token],
                  pair_sums: Sequence[int | float | None], forced: dict[int, int], budget: BandCache,
                  free_lead: bool = False) -> set[tuple[tuple[Value, ...], tuple[Value, ...]]]:
    """The ways of dealing ``rest`` to the first two columns (each top to bottom) that give every
    row its sum: the values of column 0's rows ``rows0`` and column 1's rows ``rows1``. A token a
    lone header names (``forced``: index in ``rest`` → column) goes to that column; without any,
    the column whose first cell lies higher starts first (自然人 before 商业企业 on a tie): the
    checks cannot tell the two columns apart, the print order does (``free_lead``: either may start,
    see head_readings). Each step is spent from ``budget``."""
    lead = None if free_lead else _lead(rows0, rows1, forced, fixed)
    known0 = {r: num(t.value) for (r, c), t in fixed.items() if c == 0}
    known1 = {r: num(t.value) for (r, c), t in fixed.items() if c == 1}
    if not _sums_reachable(rest, rows0, rows1, known0, known1, pair_sums):
        return set()
    memo: dict[tuple[int, int, tuple[Value, ...], tuple[Value, ...]], set] = {}
    overflow = False

    def fits(r: int, a: int | float, b: int | float) -> bool:
        return pair_sums[r] is None or a + b == pair_sums[r]  # None: a row left unchecked (slipped_sums)

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
                ok = fits(r, num(t.value), known1[r])
            elif r not in rows1:
                ok = fits(r, num(t.value), 0)  # one free column: its cell is the rest of the row
            elif j > rows1.index(r):
                ok = fits(r, num(t.value), num(ahead1[0]))
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
                ok = fits(r, known0[r], num(t.value))
            elif i > rows0.index(r) if r in rows0 else False:
                ok = fits(r, num(ahead0[0]), num(t.value))
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
        return True  # a row interleavings leaves unchecked
    printed = sum(num(t.value) for t in rest)
    printed += sum(known0.get(r, 0) for r in rows if r not in rows0)
    printed += sum(known1.get(r, 0) for r in rows if r not in rows1)
    wanted = sum(num(pair_sums[r]) for r in rows)
    return abs(printed - wanted) <= 1e-9 * max(1, abs(wanted))  # float cells: the sums' rounding
