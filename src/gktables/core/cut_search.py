"""The guided cut search of run-together digits: the cuts of digit strings into a row's groups of
numbers, each group ending in the sum of the others (三's rows, 四's three groups), found without
listing the cuts the checks refuse. :mod:`.candidates` makes readings of them and bounds the search.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, chain

from ..values import MAX_DIGITS


def sum_splits(texts: Sequence[str | None], groups: Sequence[int], nulls: int = 0, budget: list[int] | None = None
               ) -> Iterator[tuple[tuple[int | None, str | None], ...]]:
    """Cuts of run-together digit strings into groups of numbers, each group ending in the sum of
    the others (三's rows, 四's three groups): only cuts the checks allow are produced. A number
    never spans two strings; None is a printed blank, one whole cell counted as 0. ``nulls``
    cells are placed as missing (0 in sums). Each part is (index of its string or None for a
    placed cell, its digits). ``budget``: [steps left]; the search stops when it goes below 0.

    The row's last cell, its last group's total, is either the end of the last string or placed
    as missing: each such total is tried in turn, and knowing it bounds every other part of its
    group (a row of three 13-digit strings is found uncuttable in hundreds of steps, not 60,000)."""
    texts, groups = tuple(texts), tuple(groups)
    if not texts or not groups:
        return _walk_splits(texts, groups, nulls, budget, None)
    return chain(_printed_last_total(texts, groups, nulls, budget), _missing_last_total(texts, groups, nulls, budget))


def _printed_last_total(texts: tuple[str | None, ...], groups: tuple[int, ...], nulls: int, budget: list[int] | None
                        ) -> Iterator[tuple[tuple[int | None, str | None], ...]]:
    """The cuts whose last cell ends the last string: each ending of it tried as the total."""
    last, at = texts[-1], len(texts) - 1
    if last is None:  # a printed blank: the group adds up to 0
        for cut in _walk_splits(texts[:-1], groups, nulls, budget, 0):
            yield cut + ((at, None),)
        return
    for size in range(1, min(len(last), MAX_DIGITS) + 1):
        total, rest = last[len(last) - size:], last[:len(last) - size]
        if len(total) > 1 and total[0] == "0":
            continue
        for cut in _walk_splits(texts[:-1] + ((rest,) if rest else ()), groups, nulls, budget, int(total)):
            yield cut + ((at, total),)


def _missing_last_total(texts: tuple[str | None, ...], groups: tuple[int, ...], nulls: int, budget: list[int] | None
                        ) -> Iterator[tuple[tuple[int | None, str | None], ...]]:
    """The cuts whose last cell is placed as missing (0): the group's other cells add up to 0."""
    if nulls:
        for cut in _walk_splits(texts, groups, nulls - 1, budget, 0):
            yield cut + ((None, None),)


def _walk_splits(texts: tuple[str | None, ...], groups: tuple[int, ...], nulls: int, budget: list[int] | None,
                 last_total: int | None) -> Iterator[tuple[tuple[int | None, str | None], ...]]:
    """The search of :func:`sum_splits`. With ``last_total`` the last group's total is known and
    is no cell of this search: the cuts fill the group's other cells, adding up to it."""
    ends = set(accumulate(groups))
    n_cells = sum(groups)
    last_start = n_cells - groups[-1]
    if last_total is not None:
        ends.discard(n_cells)
        n_cells -= 1
    sizes = [1 if text is None else len(text) for text in texts]
    after = [sum(sizes[t + 1:]) for t in range(len(texts))] + [0]  # digits (or blanks) in later strings
    digit_sums = [list(accumulate((int(c) for c in text or ""), initial=0)) for text in texts]
    sums_after = [sum(d[-1] for d in digit_sums[t + 1:]) for t in range(len(texts))] + [0]

    def walk(t: int, o: int, cell: int, acc: int, placed: int) -> Iterator[tuple]:
        if budget is not None:
            budget[0] -= 1
            if budget[0] < 0:
                return
        printed_left = n_cells - cell - (nulls - placed)  # cells left that the strings must fill
        if t == len(texts) and (cell == n_cells or printed_left != 0):
            if printed_left == 0 and (last_total is None or acc == last_total):
                yield ()
            return
        digits_left = sizes[t] - o + after[t] if t < len(texts) else 0
        if printed_left < len(texts) - t:  # every string left needs a cell of its own
            return
        if last_total is not None and cell >= last_start:
            # The digits left are the group's other parts: however they are cut, their sum is their
            # digit sum modulo 9 (casting out nines), and it lies between what the cuts can make.
            left_sum = digit_sums[t][-1] - digit_sums[t][o] + sums_after[t] if t < len(texts) else 0
            if (last_total - acc - left_sum) % 9 or not _parts_can_make(digits_left, printed_left, last_total - acc):
                return
        elif printed_left + (len(str(acc)) - 1 if acc else 0) > digits_left:
            return  # every cell needs a digit, and the group's total, at least acc, all of its digits
        closes = cell + 1 in ends  # this cell is its group's total
        if placed < nulls and (not closes or acc == 0):  # the strings used up, the last cells may still be missing
            for rest in walk(t, o, cell + 1, 0 if closes else acc, placed + 1):
                yield ((None, None),) + rest
        if t == len(texts):
            return
        text = texts[t]
        heads: Iterable[tuple[str | None, tuple[int, int]]]
        if closes:
            total = str(acc)
            if text is None:
                heads = [(None, (t + 1, 0))] if acc == 0 else []
            elif text.startswith(total, o):
                heads = [(total, _next_start(text, t, o + len(total)))]
            else:
                heads = []
        else:
            heads = _numbers_at(text, t, o)
        for head, (nt, no) in heads:
            value = int(head) if head is not None else 0
            if last_total is not None and cell >= last_start and acc + value > last_total:
                break  # (the heads grow with their length)
            for rest in walk(nt, no, cell + 1, 0 if closes else acc + value, placed):
                yield ((t, head),) + rest

    return walk(0, 0, 0, 0, 0)


def _parts_can_make(digits: int, parts: int, remainder: int) -> bool:
    """Whether ``digits`` digits (a blank counted as one) cut into ``parts`` printed cells can add
    up to ``remainder``: no part is longer than it, and the sum is at least what the most even
    cut makes (each part of n digits at least 10^(n-1)) and at most what the most uneven makes."""
    if parts == 0:
        return digits == 0 and remainder == 0
    longest = len(str(remainder))
    if not parts <= digits <= parts * longest:
        return False
    size, longer = divmod(digits, parts)
    least = longer * 10 ** size + (parts - longer) * (10 ** (size - 1) if size > 1 else 0)
    full, extra = divmod(digits - parts, longest - 1) if longest > 1 else (0, 0)
    most = full * (10 ** longest - 1) + (10 ** (extra + 1) - 1 if full < parts else 0) + max(parts - full - 1, 0) * 9
    return least <= remainder <= most


def _numbers_at(text: str | None, t: int, o: int) -> Iterator[tuple[str | None, tuple[int, int]]]:
    """The numbers that can start at offset o of string t (no leading zeros), each with where the
    next one starts."""
    if text is None:
        yield None, (t + 1, 0)
        return
    for end in range(o + 1, min(len(text), o + MAX_DIGITS) + 1):
        head = text[o:end]
        if len(head) > 1 and head[0] == "0":
            return
        yield head, _next_start(text, t, end)


def _next_start(text: str, t: int, end: int) -> tuple[int, int]:
    """Where the number after one ending at ``end`` of string t starts: there, or the next string."""
    return (t, end) if end < len(text) else (t + 1, 0)
