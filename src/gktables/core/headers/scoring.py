"""How well a printed label or header path names a label or path of the national format, 0..1,
and cheap upper bounds of that score (to skip pairs that cannot reach a threshold)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from ...labels import label_core, label_similarity, normalize_label

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
    whole = label_similarity(printed, canonical)
    a, b = label_core(printed), label_core(canonical)
    core = label_similarity(a, b) if a and b else 0.0
    # a cell that printed two labels run together (a caption and a column header, no ruling between)
    contained = CONTAINED_SCORE if len(b) >= 4 and b in a and a != b else 0.0
    return max(whole, core, contained)


@lru_cache(maxsize=4096)
def _chars(text: str) -> tuple[dict[str, int], int]:
    """The normalised label's characters with their counts, and its length."""
    norm = normalize_label(text)
    return Counter(norm), len(norm)


def _overlap_bound(a: str, b: str) -> float:
    """2·|shared characters| / (|a| + |b|): no alignment of the two can score higher."""
    (ca, na), (cb, nb) = _chars(a), _chars(b)
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



def may_reach(printed: str, canonical: str, least: float) -> bool:
    """Whether :func:`score_label` of the two can reach ``least`` (≥ LOW_SCORE): an upper bound of
    each of its parts — a similarity never exceeds its characters-shared bound, of the whole labels
    and of their cores — or the contained score."""
    if _length_bound(printed, canonical) >= least and _overlap_bound(printed, canonical) >= least:
        return True
    a, b = _core(printed), _core(canonical)
    if len(b) >= 4 and b in a and a != b and CONTAINED_SCORE >= least:
        return True
    return bool(a and b) and _length_bound(a, b) >= least and _overlap_bound(a, b) >= least


def _length_bound(a: str, b: str) -> float:
    """2·min(|a|, |b|) / (|a| + |b|) of the normalised labels: no characters-shared bound is higher."""
    na, nb = _chars(a)[1], _chars(b)[1]
    return 2 * min(na, nb) / (na + nb) if na + nb else 0.0


_core = lru_cache(maxsize=4096)(label_core)  # pure; asked of the same labels against every other
