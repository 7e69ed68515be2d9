"""How well a printed label or header path names a label or path of the national format, 0..1,
and cheap upper bounds of that score (to skip pairs that cannot reach a threshold)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ...labels import label_core, normalised_similarity, normalize_label

MATCH_MIN = 0.8  # least score for a header to name a schema row or column
LOW_SCORE = 0.3  # below this a label names nothing; the exact figure does not matter
CONTAINED_SCORE = 0.85  # the label of the format printed whole inside a longer cell text


@lru_cache(maxsize=65536)
def score_label(printed: str, canonical: str) -> float:
    """How well a printed label names a label of the national format, 0..1: the better of the
    whole normalised labels and their cores (ordinal and notes dropped). Pairs whose characters
    barely overlap are scored by that overlap (an upper bound of the similarity, below 0.3)."""
    bound = _overlap_bound(printed, canonical)
    if bound < LOW_SCORE:
        return bound
    whole = normalised_similarity(_norm(printed), _norm(canonical))
    a, b = _core(printed), _core(canonical)
    core = normalised_similarity(_norm(a), _norm(b)) if a and b else 0.0
    # a cell that printed two labels run together (a caption and a column header, no ruling between)
    contained = CONTAINED_SCORE if len(b) >= 4 and b in a and a != b else 0.0
    return max(whole, core, contained)


# pure, and asked of the same few labels against every other
_norm = lru_cache(maxsize=4096)(normalize_label)
_core = lru_cache(maxsize=4096)(label_core)


@lru_cache(maxsize=4096)
def _chars(text: str) -> tuple[dict[str, int], int]:
    """The normalised label's characters with their counts, and its length."""
    norm = _norm(text)
    return Counter(norm), len(norm)


def _overlap_bound(a: str, b: str) -> float:
    """2·|shared characters| / (|a| + |b|): no alignment of the two can score higher."""
    ca, na = _chars(a)
    cb, nb = _chars(b)
    return _bounded_overlap(ca, na, _distinct_chars(a), cb, nb, _distinct_chars(b))


@lru_cache(maxsize=4096)
def _distinct_chars(text: str) -> frozenset[str] | None:
    """The normalised label's characters when none repeats (see :func:`_bounded_overlap`)."""
    return _distinct(*_chars(text))


def _overlap(ca: dict[str, int], na: int, cb: dict[str, int], nb: int) -> float:
    """:func:`_overlap_bound` of two labels' characters and lengths."""
    if len(cb) < len(ca):
        ca, cb = cb, ca
    shared = sum(min(n, cb[ch]) for ch, n in ca.items() if ch in cb)  # the size of the multiset intersection
    total = na + nb
    return 2 * shared / total if total else 0.0


@lru_cache(maxsize=65536)  # pure; a table asks for every printed path against every schema path
def score_path(printed: tuple[str, ...], schema: tuple[str, ...]) -> float:
    """A printed path against a schema path: the leaf decides (0.8), the parents confirm (0.2).
    Parents are matched wherever they are printed (wrapping or a page break may split them), also
    inside the leaf's own cell when run together with it (a caption and a header with no rule
    between them, as word grids print them)."""
    if not printed or not schema:
        return 0.0
    leaf = score_label(printed[-1], schema[-1])
    parents = schema[:-1]
    if not parents:
        return leaf
    others = printed[:-1]
    confirm = sum(max((score_label(p, s) for p in others), default=_run_into(printed[-1], s)) for s in parents)
    return 0.8 * leaf + 0.2 * confirm / len(parents)


def _run_into(printed: str, parent: str) -> float:
    """CONTAINED_SCORE when a parent label is printed inside a longer cell text, else 0."""
    a, b = normalize_label(printed), normalize_label(parent)
    return CONTAINED_SCORE if len(b) >= 4 and b in a and a != b else 0.0


def score_label_set(printed: Sequence[str], schema: Sequence[str], weights: Sequence[float]) -> float:
    """A cell's labels (row and column paths together, any orientation) against a key's labels."""
    if not printed:
        return 0.0
    return sum(w * max(score_label(p, s) for p in printed) for s, w in zip(schema, weights)) / sum(weights)


@dataclass(frozen=True)
class LabelBounds:
    """What :func:`may_reach` reads of a label: its normalised characters and length, its core and
    the core's (worked out once per label; the format's labels once per process)."""

    chars: dict[str, int]
    n: int
    core: str
    core_chars: dict[str, int]
    core_n: int
    distinct: frozenset[str] | None  # the characters, when none repeats (most labels): then the
    core_distinct: frozenset[str] | None  # characters shared are a set intersection, in C


def label_bounds(label: str) -> LabelBounds:
    chars, n = _chars(label)
    core = _core(label)
    core_chars, core_n = _chars(core)
    return LabelBounds(chars, n, core, core_chars, core_n, _distinct(chars, n), _distinct(core_chars, core_n))


def _distinct(chars: dict[str, int], n: int) -> frozenset[str] | None:
    return frozenset(chars) if len(chars) == n else None


def _bounded_overlap(ca: dict[str, int], na: int, sa: frozenset[str] | None,
                     cb: dict[str, int], nb: int, sb: frozenset[str] | None) -> float:
    """:func:`_overlap`, from the sets of characters when neither label repeats one."""
    if sa is None or sb is None:
        return _overlap(ca, na, cb, nb)
    total = na + nb
    return 2 * len(sa & sb) / total if total else 0.0


def may_reach(p: LabelBounds, c: LabelBounds, least: float) -> bool:
    """Whether :func:`score_label` of the two labels can reach ``least`` (≥ LOW_SCORE): an upper
    bound of each of its parts — a similarity never exceeds its characters-shared bound, of the
    whole labels and of their cores — or the contained score."""
    if _length(p.n, c.n) >= least and _bounded_overlap(p.chars, p.n, p.distinct, c.chars, c.n, c.distinct) >= least:
        return True
    a, b = p.core, c.core
    if len(b) >= 4 and b in a and a != b and CONTAINED_SCORE >= least:
        return True
    return (bool(a and b) and _length(p.core_n, c.core_n) >= least
            and _bounded_overlap(p.core_chars, p.core_n, p.core_distinct, c.core_chars, c.core_n,
                                 c.core_distinct) >= least)


def reachable(p: LabelBounds, labels: Sequence[tuple[str, LabelBounds]], least: float) -> list[str]:
    """The labels ``c`` of ``labels`` for which ``may_reach(p, c, least)``, in their order: the same
    tests, written out in one loop (a page read for the first time asks it of each of its header
    labels against every label of each table)."""
    out = []
    n, chars, distinct = p.n, p.chars, p.distinct
    a, core_n, core_chars, core_distinct = p.core, p.core_n, p.core_chars, p.core_distinct
    contained = CONTAINED_SCORE >= least
    for label, c in labels:
        cn = c.n
        if (2 * min(n, cn) / (n + cn) if n + cn else 0.0) >= least:
            cd = c.distinct
            if distinct is not None and cd is not None:
                total = n + cn
                shared = 2 * len(distinct & cd) / total if total else 0.0
            else:
                shared = _overlap(chars, n, c.chars, cn)
            if shared >= least:
                out.append(label)
                continue
        b = c.core
        if contained and len(b) >= 4 and b in a and a != b:
            out.append(label)
            continue
        if a and b and (2 * min(core_n, c.core_n) / (core_n + c.core_n) if core_n + c.core_n else 0.0) >= least \
                and _bounded_overlap(core_chars, core_n, core_distinct, c.core_chars, c.core_n,
                                     c.core_distinct) >= least:
            out.append(label)
    return out


def _length(na: int, nb: int) -> float:
    """2·min(|a|, |b|) / (|a| + |b|) of two normalised lengths: no characters-shared bound is higher."""
    return 2 * min(na, nb) / (na + nb) if na + nb else 0.0
