"""The free columns of 三 with some rows' two cells printed together, out of their columns' order
(pdfminer.six's ``extract_text``, see :mod:`.column_order`).

The first two columns (自然人, 商业企业) are printed top to bottom each, interleaved; but pdfminer
may print a row's two cells together (one text box, ``647`` / ``10``) where its box order puts it,
before rows of either column still to come:

    11 | 647 10 | 35 23 54 28

is 自然人 of row 8 (11), then row 12's two cells (647, 10), then 自然人 of rows 10, 11, 13, 14.
Or later, after rows of either column below it (a value beside a two-line label):

    6 8 0 19 | … 自然人 … 商业企业 … | 28 10 | 9 1 0

is 自然人 of rows 10, 11, 12, 14, …, then row 13's two cells (28, 10): both columns pass over a
row whose pair is to come (one at a time). Tried only when no dealing is found without, under its
own bound (MAX_LATE_STEPS): each pass-over opens a branch at every value.
Each printed value is dealt to the first column's next row, the second column's next row (each
top to bottom, skipping the rows already dealt), or, with the value after it, to both cells of
any row whose sum they make (the row's total minus its other columns' cells; not two 0s, which
pin nothing and would multiply the dealings). The row sums are the only check here; the checks
of 三 choose among the readings. Tried only in the wider searches (read loose: every cell flagged)
when the strict interleaving finds none, and bounded: past MAX_STEPS the layout is not read so.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..report import Value

MAX_STEPS = 5000  # dealing steps per band layout; more: too open, not read this way
MAX_DEALT = 512  # distinct dealings kept; more: too open
MAX_LATE_STEPS = 30000  # the same with a row's pair printed later (a wider search)

Dealt = tuple[tuple[Value, ...], tuple[Value, ...]]


def row_pair_dealings(values: Sequence[Value], rows0: list[int], rows1: list[int], known0: dict[int, int | float],
                      known1: dict[int, int | float], sums: Sequence[int | float], forced: dict[int, int],
                      lead: int | None, spend: Callable[[int], None] | None = None) -> set[Dealt]:
    """The ways of dealing ``values`` to the first column's rows ``rows0`` and the second's ``rows1``
    (the module's doc) that give every row its sum (``sums[r]``; ``known0`` / ``known1``: the cells
    read from their label's line). ``forced``: value index → the column a lone header gives it;
    ``lead``: the column the first value goes to (None: either). Empty when the search is too open.
    A row's pair printed after its turn is tried only when no dealing is found without. ``spend``:
    told the dealing steps each search took (the caller's bound on a table's work)."""
    rows = set(rows0) | set(rows1) | set(known0) | set(known1)
    if sum(_num(v) for v in values) + sum(known0.values()) + sum(known1.values()) != sum(sums[r] for r in rows):
        return set()  # the values cannot make the rows' sums, however dealt (most run orders tried)
    spend = spend or (lambda steps: None)
    return (_dealings(values, rows0, rows1, known0, known1, sums, forced, lead, 0, MAX_STEPS, spend)
            or _dealings(values, rows0, rows1, known0, known1, sums, forced, lead, 1, MAX_LATE_STEPS, spend))


def _dealings(values: Sequence[Value], rows0: list[int], rows1: list[int], known0: dict[int, int | float],
              known1: dict[int, int | float], sums: Sequence[int | float], forced: dict[int, int],
              lead: int | None, max_late: int, max_steps: int, spend: Callable[[int], None]) -> set[Dealt]:
    """row_pair_dealings with up to ``max_late`` rows passed over at a time, past ``max_steps`` none."""
    got0: dict[int, Value] = {}
    got1: dict[int, Value] = {}
    late: set[int] = set()  # rows both columns pass over: their two cells come later, together
    out: set[Dealt] = set()
    steps = 0
    complete = 0  # dealings reached (a state whose search reached none is dead, whatever led to it)
    dead: set[tuple[object, ...]] = set()
    in0, in1 = set(rows0), set(rows1)  # the rows' membership, asked at every step (the lists keep the order)

    def cell(known: dict[int, int | float], got: dict[int, Value], r: int) -> int | float | None:
        """Row r's cell of one column: read from its label's line, dealt, or not yet (None)."""
        if r in known:
            return known[r]
        return _num(got[r]) if r in got else None

    def fits(r: int) -> bool:
        a, b = cell(known0, got0, r), cell(known1, got1, r)
        if r not in in1 and r not in known1:
            b = 0  # one free column in this row
        return a is None or b is None or a + b == sums[r]

    def state(k: int) -> tuple[object, ...]:
        dealt0, dealt1 = sorted(got0), sorted(got1)
        half = tuple((r, 0, got0[r]) for r in dealt0 if r in in1 and r not in got1)
        half += tuple((r, 1, got1[r]) for r in dealt1 if r in in0 and r not in got0)
        return k, tuple(dealt0), tuple(dealt1), half, tuple(sorted(late - set(got0)))

    def go(k: int) -> bool:
        nonlocal steps, complete
        steps += 1
        if steps > max_steps or len(out) > MAX_DEALT:
            return False
        if k == len(values):
            if len(got0) == len(rows0) and len(got1) == len(rows1):
                out.add((tuple(got0[r] for r in rows0), tuple(got1[r] for r in rows1)))
                complete += 1
            return True
        key = state(k)
        if key in dead:
            return True
        before = complete
        if not deal(k):
            return False
        if complete == before:
            dead.add(key)
        return True

    def deal(k: int) -> bool:
        only = forced.get(k, lead if k == 0 else None)
        next0 = next((r for r in rows0 if r not in got0 and r not in late), None)
        next1 = next((r for r in rows1 if r not in got1 and r not in late), None)
        for col, r, got in ((0, next0, got0), (1, next1, got1)):
            if r is None or only not in (None, col):
                continue
            got[r] = values[k]
            ok = fits(r) and go(k + 1)
            del got[r]
            if not ok and (steps > max_steps or len(out) > MAX_DEALT):
                return False
        if len(late - set(got0)) < max_late:  # pass over a row neither column dealt: its pair comes later
            for r in sorted({r for r in (next0, next1) if r is not None}):
                if r in got0 or r in got1 or r not in in0 or r not in in1 or not sums[r]:
                    continue
                late.add(r)
                ok = go(k)
                late.discard(r)
                if not ok:
                    return False
        if k + 1 < len(values) and only in (None, 0) and forced.get(k + 1, 1) == 1:
            a, b = values[k], values[k + 1]
            for r in rows0 if _num(a) + _num(b) else ():  # (two 0s: no row's pair pins anything)
                if r in got0 or r in got1 or r not in in1 or r == next0 == next1 or _num(a) + _num(b) != sums[r]:
                    continue
                got0[r], got1[r] = a, b
                ok = go(k + 2)
                del got0[r], got1[r]
                if not ok:
                    return False
        return True

    finished = go(0)
    spend(steps)
    return out if finished and len(out) <= MAX_DEALT else set()


def _num(v: Value) -> int | float:
    return 0 if v is None or isinstance(v, str) else v
