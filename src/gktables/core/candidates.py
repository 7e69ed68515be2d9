"""Readings of a run of value tokens as one table row: the printed values, every way to split
run-together digits, drop stray tokens, place missing cells or give a number back the sign a
converter printed apart from it, each with a cost.

Nothing here decides; the aligner ranks readings by cost and the table's checks.

(About 500 lines, over the ~400 the house aims at: splitting, dropping and placing share one cost
model and one search budget; split apart, each cost would be read without the others it is
weighed against. The guided cut search itself lives in :mod:`.cut_search`.)
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from enum import IntEnum
from functools import lru_cache, partial
from itertools import combinations, islice
from collections.abc import Callable, Iterator, Sequence

from ..report import Value
from ..schema import ValueType
from ..values import MAX_DIGITS, parse_value
from ..deadline import Deadline
from .hints import DROP_BLANK_COST, NO_HINTS, TokenHints
from .cut_search import sum_splits
from .items import Item, sign_printed_apart
from .wrapped import wrapped_arrangements

FIELD_HINT_COST = 0.01  # a value whose field (counted from the right of a separated row) is not its column's
NULL_COST = 1.5  # a cell placed as missing where the text printed nothing
MAX_MISSING = 3  # at most this many cells of a row placed as missing
MAX_MISSING_UNCUT = 5  # …or this many when no digit string is cut (zero cells printed empty: '9 1 10' for 7)
MAX_SPLITS = 3000  # cuts of one digit string tried without the checks' guidance
MAX_DROP_SETS = 400  # ways to leave surplus tokens out of one run
JOIN_COST = 2.0  # two neighbouring digit strings read as one number (a number wrapped in a narrow cell)
MAX_JOINS = 3  # wrapped numbers per row
MAX_SPLIT_NODES = 60_000  # steps of the guided cut search per run (~0.05 s): beyond, it stops and flags
_SPLITTABLE = re.compile(r"^([+-]?)(\d+)((?:\.\d+)?(?:亿元|万元|元)?)$")


@dataclass(frozen=True)
class Piece:
    value: Value
    item: Item | None  # None: a cell the text does not print (placed by the reading)
    raw: str
    split: bool = False  # cut out of a run-together digit string
    alternative: bool = False  # an OCR engine's other reading of the cell, chosen by a check

    @property
    def inferred(self) -> bool:
        return self.item is None


@dataclass(frozen=True)
class Reading:
    pieces: tuple[Piece, ...]
    cost: float
    truncated: bool = False  # the cut search stopped at its bound: other readings may exist

    @property
    def values(self) -> tuple[Value, ...]:
        return tuple(p.value for p in self.pieces)


@dataclass(frozen=True)
class Column:
    type: ValueType
    money_unit: str = "万元"  # unit stated by the header; '?' when it states none


class Completeness(IntEnum):
    """How much a :func:`best_readings` answer can be relied on."""

    BOUNDED = 0  # nothing cheaper than the bound: the cost is only a lower bound, no readings
    COST = 1  # the least cost is exact; the readings are some of those tied for it
    FULL = 2  # the least cost and every distinct reading tied for it


def best_readings(tokens: Sequence[Item], cols: Sequence[Column], split_cost: float, limit: int,
                  penalty: Callable[[Reading], float], groups: Sequence[int] | None = None,
                  fail_penalty: float = 0.0, bound: float = math.inf, ties: bool = True,
                  deadline: Deadline | None = None, hints: TokenHints = NO_HINTS
                  ) -> tuple[float, list[Reading], Completeness]:
    """The readings of ``tokens`` as ``len(cols)`` values with the least cost + penalty (ties kept,
    distinct values only). Readings are generated tier by tier, cheapest first; generation stops
    once no further tier can beat the best found.

    ``fail_penalty`` is what ``penalty`` charges a reading whose groups do not add up. ``bound``
    is the cost at or above which the caller has no use for any reading. Without ``ties`` the
    search stops at the first reading nothing can beat (the caller only wants the cost). ``hints``:
    the aligner's drop costs and column hints for the tokens."""
    if deadline is not None:
        deadline.check_now("reading run-together digits")  # each call may run a bounded cut search
    best = math.inf
    tied: dict[tuple, Reading] = {}
    produced = 0
    for tier_cost, tier in _tiers(list(tokens), cols, split_cost, groups, fail_penalty, hints, deadline):
        if tier_cost > best + 1e-9:
            break
        if not tied and tier_cost >= bound:
            return tier_cost, [], Completeness.BOUNDED
        for reading in tier():
            produced += 1
            if deadline is not None:
                deadline.check("reading run-together digits")
            score = reading.cost + penalty(reading)
            if score < best - 1e-9:
                best, tied = score, {reading.values: reading}
            elif score <= best + 1e-9:
                tied.setdefault(reading.values, reading)
            if not ties and best <= tier_cost + 1e-9:
                return best, list(tied.values()), Completeness.COST  # later tiers cost at least as much
            if produced >= limit:
                return best, list(tied.values()), Completeness.FULL
    return best, list(tied.values()), Completeness.FULL


def _tiers(tokens: list[Item], cols: Sequence[Column], split_cost: float, groups: Sequence[int] | None,
           fail_penalty: float, hints: TokenHints, deadline: Deadline | None = None
           ) -> list[tuple[float, Callable[[], Iterator[Reading]]]]:
    """Generators of readings with the least cost each can yield, sorted by it."""
    n, m = len(cols), len(tokens)
    if m < n and groups and sum(groups) == n and all(_guidable(t) for t in tokens):
        # Run-together digits in a row with totals: cut them (and place missing cells) the ways
        # the checks allow first. When that finds every such way, the unguided ones all fail the
        # checks and cost that much more.
        tiers = []
        for cost, nulls, splits in _shortfalls(tokens, cols, split_cost):
            unguided = partial(_expand, tokens, cols, _caps(tokens), nulls, splits, cost, hints)
            tiers.append((cost, partial(_guided_splits, tokens, cols, groups, nulls, cost, unguided, hints, deadline)))
            tiers.append((cost + fail_penalty, partial(_unless_truncated, tokens, groups, nulls, unguided, deadline)))
        return sorted(tiers, key=lambda t: t[0])
    if m >= n:
        def drops() -> Iterator[Reading]:
            for kept in islice(_distinct_subsequences(tokens, n), MAX_DROP_SETS):
                cost = total_drop - sum(hints.drop_cost(t) for t in kept)
                reading = _exact(kept, cols, cost, hints if _only_label_spacers_dropped(tokens, kept) else None)
                if reading:
                    yield from _signed_apart(tokens, kept, cols, reading)
                    yield reading
        floor = (m - n) * DROP_BLANK_COST
        total_drop = sum(hints.drop_cost(t) for t in tokens)
        options: list[tuple[float, Callable[[], Iterator[Reading]]]] = [(floor, drops)]
        for joins in range(1, min(m - n, MAX_JOINS) + 1):
            if groups:
                floor_joined = joins * JOIN_COST + (m - n - joins) * DROP_BLANK_COST
                options.append((floor_joined, partial(_joined, tokens, cols, groups, joins, hints)))
        if groups and m > n:
            options.append((JOIN_COST + (m - n - 1) * DROP_BLANK_COST, partial(_wrapped, tokens, cols, groups)))
        return sorted(options, key=lambda t: t[0])
    return _null_tiers(tokens, cols, split_cost, hints)


def _joined(tokens: list[Item], cols: Sequence[Column], groups: Sequence[int], joins: int,
            hints: TokenHints) -> Iterator[Reading]:
    """A number wrapped in a narrow cell comes out as two strings ('142 2' for 1422): ``joins``
    pairs of neighbouring plain digit strings read as one number each, the rest read as usual
    (surplus dropped). Only rows with totals get this reading, and only where the row adds up."""
    pairs = [i for i in range(len(tokens) - 1)
             if _joinable(tokens[i]) and _joinable(tokens[i + 1]) and tokens[i].digits != "0"]
    for chosen in combinations(pairs, joins):
        if any(b - a < 2 for a, b in zip(chosen, chosen[1:])):
            continue  # a string joins one neighbour at most
        rest = list(tokens)
        for i in reversed(chosen):
            a, b = rest[i], rest[i + 1]
            rest[i:i + 2] = [replace(a, text=a.digits + b.digits, parts=(a, b),
                                     span=(a.span[0], b.span[1]) if a.span and b.span else a.span)]
        # A joined token keeps its first part's position, so its drop cost is that part's.
        total_drop = sum(hints.drop_cost(t) for t in rest)
        for kept in islice(_distinct_subsequences(rest, len(cols)), MAX_DROP_SETS):
            cost = joins * JOIN_COST + total_drop - sum(hints.drop_cost(t) for t in kept)
            reading = _exact(kept, cols, cost, None)
            if reading and _groups_add_up(reading.values, groups):
                yield reading


def _wrapped(tokens: list[Item], cols: Sequence[Column], groups: Sequence[int]) -> Iterator[Reading]:
    """Numbers wrapped above and below the row's line (see :mod:`.wrapped`), where the row adds up."""
    for joins, arranged in wrapped_arrangements(tokens, len(cols)):
        padding = len(tokens) - len(cols) - joins  # empty fields left out
        reading = _exact(arranged, cols, joins * JOIN_COST + padding * DROP_BLANK_COST, None)
        if reading and _groups_add_up(reading.values, groups):
            yield reading


MAX_SIGN_JOINS = 3  # signs printed apart taken back per reading


def _signed_apart(tokens: list[Item], kept: list[Item], cols: Sequence[Column], reading: Reading) -> Iterator[Reading]:
    """``reading`` with numbers of signed columns (本年增/减) taking as their sign the minus mark left
    out right before them (:func:`.items.sign_printed_apart`: '1 － 1 765' is 1, －1, 765), at the
    cost of leaving the mark out: the two readings tie, so a check decides, or the cell is flagged
    with both values. Signed first: a minus a space before a number is its sign more often than a
    stray mark, and the first of tied readings is the one shown."""
    at = {id(t): c for c, t in enumerate(kept)}
    joins = [(at[id(number)], mark, number) for mark, number in zip(tokens, tokens[1:])
             if id(number) in at and id(mark) not in at and cols[at[id(number)]].type == "signed"
             and sign_printed_apart(mark, number)][:MAX_SIGN_JOINS]
    for size in range(len(joins), 0, -1):
        for chosen in combinations(joins, size):
            pieces = list(reading.pieces)
            for c, mark, number in chosen:
                span = (mark.span[0], number.span[1]) if mark.span and number.span else number.span
                signed = replace(number, text=mark.text + number.text, parts=(mark, number), span=span)
                piece = _piece(signed, signed.digits, cols[c], False)
                if piece is None:
                    break
                pieces[c] = piece
            else:
                yield Reading(tuple(pieces), reading.cost)


def _joinable(token: Item) -> bool:
    return _guidable(token) and not token.blank


def _groups_add_up(values: Sequence[Value], groups: Sequence[int]) -> bool:
    start = 0
    for size in groups:
        group = values[start:start + size]
        if sum(v or 0 for v in group[:-1]) != (group[-1] or 0):
            return False
        start += size
    return True


def _caps(tokens: list[Item]) -> list[int]:
    return [_max_parts(t) - 1 for t in tokens]


def _shortfalls(tokens: list[Item], cols: Sequence[Column], split_cost: float) -> list[tuple[float, int, int]]:
    """Fewer tokens than cells: the ways to make up the difference as (cost, cells placed as
    missing, extra values cut from run-together digits), cheapest first."""
    extra = len(cols) - len(tokens)
    cut_room = sum(_caps(tokens))
    ways = [(nulls * NULL_COST + (extra - nulls) * split_cost, nulls, extra - nulls)
            for nulls in range(0, min(extra, MAX_MISSING) + 1) if extra - nulls <= cut_room]
    if MAX_MISSING < extra <= MAX_MISSING_UNCUT:
        ways.append((extra * NULL_COST, extra, 0))
    return sorted(ways)


def _null_tiers(tokens: list[Item], cols: Sequence[Column], split_cost: float,
                hints: TokenHints) -> list[tuple[float, Callable[[], Iterator[Reading]]]]:
    return [(cost, partial(_expand, tokens, cols, _caps(tokens), nulls, splits, cost, hints))
            for cost, nulls, splits in _shortfalls(tokens, cols, split_cost)]


def _piece(item: Item, raw: str, col: Column, split: bool, alternative: bool = False) -> Piece | None:
    if item.blank and not alternative:
        return Piece(None, item, item.text, split)
    parsed = parse_value(raw, col.type, col.money_unit)
    if not parsed.ok or (parsed.value is None and raw.strip()):
        return None
    return Piece(parsed.value, item, raw, split, alternative)


ALTERNATIVE_COST = 1.0  # taking an OCR engine's second reading of a cell


def alternative_readings(reading: Reading, cols: Sequence[Column]) -> Iterator[Reading]:
    """The reading with one cell replaced by one of its OCR alternatives."""
    for i, piece in enumerate(reading.pieces):
        if piece.item is None:
            continue
        for alt in piece.item.alternatives:
            if alt == piece.raw:
                continue
            swapped = _piece(piece.item, alt, cols[i], False, alternative=True)
            if swapped is not None and swapped.value != piece.value:
                yield Reading(reading.pieces[:i] + (swapped,) + reading.pieces[i + 1:], reading.cost + ALTERNATIVE_COST)


def _only_label_spacers_dropped(tokens: list[Item], kept: list[Item]) -> bool:
    """Whether the tokens left out are all empty fields before the row's first value (padding of a
    label column one level short). Only then do field positions still point at columns; an empty
    field left out elsewhere (a trailing padding column, or a real blank) shifts them, and which
    one it was is for the checks to say, or to stay ambiguous."""
    first_value = next((i for i, t in enumerate(tokens) if not t.blank), len(tokens))
    return all(tokens[i].empty_field and i < first_value for i in _left_out(tokens, kept))


def _left_out(tokens: list[Item], kept: list[Item]) -> list[int]:
    """Indices of the tokens not in ``kept`` (a subsequence of ``tokens``)."""
    out, j = [], 0
    for i, t in enumerate(tokens):
        if j < len(kept) and kept[j] is t:
            j += 1
        else:
            out.append(i)
    return out


def _exact(tokens: list[Item], cols: Sequence[Column], cost: float, hints: TokenHints | None) -> Reading | None:
    """The tokens read one per cell; with ``hints``, a value whose field is not its column costs a little."""
    pieces = []
    n = len(cols)
    for c, (item, col) in enumerate(zip(tokens, cols)):
        p = _piece(item, item.digits, col, False)
        if p is None:
            return None
        pieces.append(p)
        field_from_right = hints.field_from_right(item) if hints is not None else None
        if field_from_right is not None and field_from_right != n - c:
            cost += FIELD_HINT_COST
    return Reading(tuple(pieces), cost)


def _max_parts(item: Item) -> int:
    if item.explicit or item.blank:
        return 1
    m = _SPLITTABLE.match(item.digits)
    return len(m.group(2)) if m else 1


def _guidable(token: Item) -> bool:
    """A token the guided cutter can take: plain digits, or a blank marker (a whole cell, 0 in sums)."""
    if token.blank:
        return True
    m = _SPLITTABLE.match(token.digits)
    return m is not None and not m.group(1) and not m.group(3) and not token.explicit


def _guided_splits(tokens: list[Item], cols: Sequence[Column], groups: Sequence[int], nulls: int, cost: float,
                   unguided: Callable[[], Iterator[Reading]], hints: TokenHints,
                   deadline: Deadline | None = None) -> Iterator[Reading]:
    """The readings whose groups add up; when there are too many to list, every reading (the
    unguided tier's cost assumes this one found all that add up)."""
    hinted = _hinted(tokens, hints)
    cuts, truncated = _sum_splits_listed(_texts(tokens), tuple(groups), nulls, deadline)
    for parts in cuts[:MAX_SPLITS]:
        pieces = []
        for (t, raw), col in zip(parts, cols):
            if t is None:  # a cell the text does not print
                pieces.append(Piece(None, None, ""))
                continue
            token = tokens[t]
            piece = _piece(token, raw if raw is not None else token.text, col, raw is not None and raw != token.digits)
            if piece is None:
                break
            pieces.append(piece)
        else:
            yield Reading(tuple(pieces), cost + (_hint_cost(tuple(pieces), hints) if hinted else 0.0), truncated)
    # A stopped search gives only what it found, flagged (the unguided readings of such long runs
    # are millions, most failing the total: no use, and no bound on the time to list them).
    if not truncated and len(cuts) > MAX_SPLITS:
        yield from unguided()


def _texts(tokens: Sequence[Item]) -> tuple[str | None, ...]:
    return tuple(None if t.blank else t.digits for t in tokens)


def _unless_truncated(tokens: list[Item], groups: Sequence[int], nulls: int,
                      unguided: Callable[[], Iterator[Reading]], deadline: Deadline | None = None) -> Iterator[Reading]:
    """The unguided tier, unless the guided search stopped at its bound (long glued runs have
    millions of unguided readings; the row is flagged instead)."""
    if _sum_splits_listed(_texts(tokens), tuple(groups), nulls, deadline)[1]:
        return iter(())
    return unguided()


def _sum_splits_listed(texts: tuple[str | None, ...], groups: tuple[int, ...], nulls: int,
                       deadline: Deadline | None = None) -> tuple[tuple[tuple, ...], bool]:
    """:func:`sum_splits`, at most MAX_SPLITS + 1 of them, and whether the search stopped short
    (then the list may miss cuts: long glued runs have exponentially many). Each search takes
    at most MAX_SPLIT_NODES steps, and no more than the document's budget (``deadline``) has
    left: a page whose every row is glued asks about hundreds of runs."""
    nodes = MAX_SPLIT_NODES if deadline is None else deadline.search_allowance(MAX_SPLIT_NODES)
    cuts, truncated, used = _sum_splits_bounded(texts, groups, nulls, nodes)
    if deadline is not None:
        deadline.spend_search(used)  # remembered searches cost the same: a document's result never
        # depends on what this process read before
    return cuts, truncated


@lru_cache(maxsize=2048)
def _sum_splits_bounded(texts: tuple[str | None, ...], groups: tuple[int, ...], nulls: int, nodes: int
                        ) -> tuple[tuple[tuple, ...], bool, int]:
    """The search of :func:`_sum_splits_listed` in at most ``nodes`` steps, remembered (the same
    digit strings are read for several rows while the aligner searches); also the steps taken."""
    budget = [nodes]
    cuts = tuple(islice(sum_splits(texts, groups, nulls, budget), MAX_SPLITS + 1))
    return cuts, budget[0] < 0, nodes - max(budget[0], 0)


def _distinct_subsequences(tokens: list[Item], n: int) -> Iterator[list[Item]]:
    """Subsequences of n tokens, one per distinct sequence of printed values (dropping any one of
    eight zeros gives the same row, so it is read once)."""
    def walk(start: int, need: int) -> Iterator[list[Item]]:
        if need == 0:
            yield []
            return
        seen: set[tuple[str, bool]] = set()
        for i in range(start, len(tokens) - need + 1):
            mark = (tokens[i].digits, tokens[i].blank)
            if mark in seen:
                continue
            seen.add(mark)
            for rest in walk(i + 1, need - 1):
                yield [tokens[i]] + rest
    return walk(0, n)


def _expand(tokens: list[Item], cols: Sequence[Column], caps: list[int], nulls: int, splits: int,
            cost: float, hints: TokenHints) -> Iterator[Reading]:
    """Fewer tokens than cells: ``splits`` extra values cut from run-together digits, ``nulls``
    cells placed as missing."""
    n = len(cols)
    hinted = _hinted(tokens, hints)
    for parts in _distributions(splits, caps):
        for null_slots in combinations(range(n), nulls):
            for pieces in _assemble(tokens, parts, null_slots, cols):
                yield Reading(pieces, cost + (_hint_cost(pieces, hints) if hinted else 0.0))


def _hinted(tokens: list[Item], hints: TokenHints) -> bool:
    return any(hints.column_from_right(t) is not None or t.merged_column is not None for t in tokens)


def _column_hint(token: Item, hints: TokenHints, n: int) -> int | None:
    """The column a token's place on its line points to; or else, in a '|' table whose fields merge
    columns, the one its field and its place in it point to, where the table's fields hold n cells."""
    column = hints.column_from_right(token)
    if column is None and token.merged_column is not None and token.merged_column[1] == n:
        return token.merged_column[0]
    return column


def _hint_cost(pieces: tuple[Piece, ...], hints: TokenHints) -> float:
    """What placing values in another column than the one their position on the line points to costs."""
    n = len(pieces)
    return FIELD_HINT_COST * sum(1 for c, p in enumerate(pieces)
                                 if p.item is not None and not p.split
                                 and _column_hint(p.item, hints, n) not in (None, n - c))


def _distributions(total: int, caps: list[int]) -> Iterator[tuple[int, ...]]:
    """Ways to give ``total`` extra parts to tokens, token i taking at most caps[i]."""
    if not caps:
        if total == 0:
            yield ()
        return
    for k in range(min(total, caps[0]), -1, -1):
        for rest in _distributions(total - k, caps[1:]):
            yield (k,) + rest


def _assemble(tokens: list[Item], extra_parts: tuple[int, ...], null_slots: tuple[int, ...],
              cols: Sequence[Column]) -> Iterator[tuple[Piece, ...]]:
    slots = set(null_slots)
    value_cols = [c for i, c in enumerate(cols) if i not in slots]

    def walk(t: int, col_i: int) -> Iterator[list[Piece]]:
        if t == len(tokens):
            yield []
            return
        k = extra_parts[t] + 1
        for raws in _split_token(tokens[t].digits, k) if k > 1 else [(tokens[t].digits,)]:
            pieces = []
            for j, raw in enumerate(raws):
                p = _piece(tokens[t], raw, value_cols[col_i + j], k > 1)
                if p is None:
                    break
                pieces.append(p)
            else:
                for rest in walk(t + 1, col_i + k):
                    yield pieces + rest

    for value_pieces in walk(0, 0):
        it = iter(value_pieces)
        yield tuple(Piece(None, None, "") if i in slots else next(it) for i in range(len(cols)))


@lru_cache(maxsize=4096)
def _split_token(text: str, k: int) -> tuple[tuple[str, ...], ...]:
    """The first MAX_SPLITS cuts of a token into k numbers, remembered (the readings' walk asks again
    for every combination of the other tokens' cuts)."""
    m = _SPLITTABLE.match(text)
    if not m:
        return ()
    sign, digits, tail = m.groups()
    out = []
    for parts in islice(_compositions(digits, k), MAX_SPLITS):
        out.append((sign + parts[0],) + parts[1:-1] + (parts[-1] + tail,) if k > 1 else (sign + parts[0] + tail,))
    return tuple(out)


def _compositions(digits: str, k: int) -> Iterator[tuple[str, ...]]:
    """Cut a digit string into k numbers without leading zeros ('0' itself is fine)."""
    if len(digits) > k * MAX_DIGITS:  # some part would be no table value
        return
    if k == 1:
        if digits and (digits == "0" or digits[0] != "0"):
            yield (digits,)
        return
    for cut in range(1, min(len(digits) - k + 2, MAX_DIGITS + 1)):
        head = digits[:cut]
        if len(head) > 1 and head[0] == "0":
            return
        for rest in _compositions(digits[cut:], k - 1):
            yield (head,) + rest
