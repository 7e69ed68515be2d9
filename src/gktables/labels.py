"""Label normalisation and matching, shared by every source and the core.

Printed labels differ from the national format in width (（一） vs (一)), spacing (总 计), variant
or OCR-confused characters (減/减), wrapping, and typos (其他法律行政止公开). Everything compares
labels through :func:`normalize_label` and :func:`label_similarity`; :func:`match_label` scores a
printed label against the format's labels and says why (prefix omitted, a stand-in character…).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Traditional/variant forms and OCR confusions seen in reports → the simplified form of the format.
VARIANT_CHARS = str.maketrans({
    "減": "减", "開": "开", "處": "处", "國": "国", "義": "义", "決": "决", "門": "门", "請": "请",
    "數": "数", "據": "据", "實": "实", "計": "计", "總": "总", "結": "结", "轉": "转", "覆": "复",
    "復": "复", "訴": "诉", "議": "议", "維": "维", "糾": "纠", "正": "正", "審": "审", "類": "类",
    "內": "内", "務": "务", "規": "规", "範": "范", "許": "许", "強": "强", "製": "制", "發": "发",
    "廢": "废", "採": "采", "購": "购", "費": "费", "額": "额", "項": "项", "條": "条", "機": "机",
    "關": "关", "這": "这", "護": "护", "權": "权", "益": "益", "查": "查", "詢": "询", "舉": "举",
    "報": "报", "訪": "访", "複": "复", "確": "确", "認": "认", "獲": "获", "補": "补", "現": "现",
    "戶": "户", "単": "单", "処": "处", "説": "说", "広": "广", "罰": "罚", "執": "执", "層": "层", "號": "号",
    "會": "会", "無": "无", "對": "对", "當": "当", "構": "构", "與": "与", "屬": "属", "於": "于", "級": "级",
})

# Misprints seen in real reports, mapped to the format's wording.
KNOWN_TYPOS = {
    "其他法律行政止公开": "其他法律行政法规禁止公开",
    "其他法律行政法规禁止公示": "其他法律行政法规禁止公开",
}

_DROP = re.compile(r"[\s\u200b\u3000“”\"'‘’「」『』*#_|`~·•]+")
_DOTS = re.compile(r"[、．。,，]")
ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[.、]|\([一二三四五六七八九十]+\)|\d{1,2}[.、])")


@lru_cache(maxsize=4096)
def normalize_label(text: str) -> str:
    """Width-, space- and variant-insensitive form of a label: '（三） 不予 公开' → '(三)不予公开'."""
    s = unicodedata.normalize("NFKC", text).translate(VARIANT_CHARS)
    s = _DROP.sub("", s)
    s = _DOTS.sub(".", s)
    s = s.replace("〔", "(").replace("〕", ")").replace("[", "(").replace("]", ")")
    for typo, fixed in KNOWN_TYPOS.items():
        s = s.replace(typo, fixed)
    return s


def strip_ordinal(label: str) -> str:
    """'(三)不予公开' → '不予公开', '1.属于国家秘密' → '属于国家秘密' (on a normalised label)."""
    return ORDINAL.sub("", label, count=1)


def label_core(text: str) -> str:
    """The distinctive part of a label: normalised, ordinal stripped, parenthetical notes dropped."""
    s = strip_ordinal(normalize_label(text))
    s = re.sub(r"\(区分处理的.*", "", s)  # the note of （二）部分公开
    s = re.sub(r"\(单位.*?\)", "", s)
    return s


def label_similarity(a: str, b: str) -> float:
    """Similarity in 0..1 of two labels after normalisation."""
    return normalised_similarity(normalize_label(a), normalize_label(b))


def normalised_similarity(na: str, nb: str) -> float:
    """:func:`label_similarity` of two labels already normalised by :func:`normalize_label`."""
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return sequence_ratio(na, nb)


def sequence_ratio(a: str, b: str) -> float:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()``, the same figure by the same
    steps (the longest matching block, leftmost, then the same on either side of it), without the
    matcher's junk handling, which does nothing with no junk: labels are scored by the thousand on a
    page read for the first time, and the matcher's set-up was most of each score.
    tests/test_values_labels.py compares the two on random and real labels."""
    total = len(a) + len(b)
    if not total:
        return 1.0
    b2j: dict[str, list[int]] = {}
    for j, ch in enumerate(b):
        b2j.setdefault(ch, []).append(j)
    matched = 0
    queue = [(0, len(a), 0, len(b))]
    while queue:
        alo, ahi, blo, bhi = queue.pop()
        i, j, k = _longest_match(a, b2j, alo, ahi, blo, bhi)
        if k:
            matched += k
            if alo < i and blo < j:
                queue.append((alo, i, blo, j))
            if i + k < ahi and j + k < bhi:
                queue.append((i + k, ahi, j + k, bhi))
    return 2.0 * matched / total


def _longest_match(a: str, b2j: dict[str, list[int]], alo: int, ahi: int, blo: int, bhi: int) -> tuple[int, int, int]:
    """``SequenceMatcher.find_longest_match`` with no junk: the longest block of ``a[alo:ahi]`` and
    ``b[blo:bhi]``, the one ending first in ``a`` (then in ``b``) among the longest."""
    besti, bestj, bestsize = alo, blo, 0
    j2len: dict[int, int] = {}
    nothing: list[int] = []
    for i in range(alo, ahi):
        get = j2len.get
        new: dict[int, int] = {}
        for j in b2j.get(a[i], nothing):
            if j < blo:
                continue
            if j >= bhi:
                break
            k = new[j] = get(j - 1, 0) + 1
            if k > bestsize:
                besti, bestj, bestsize = i - k + 1, j - k + 1, k
        j2len = new
    return besti, bestj, bestsize


# --- scored matching of printed labels to the format's labels ----------------------------------

# Characters that stand in for each other in real reports: typos seen in print (卷/件 in
# 行政执法案卷), near-homophones, and OCR confusions of similar shapes. Each pair scores as a
# near match; any other single differing character scores lower.
CONFUSABLE = frozenset(frozenset(p) for p in (
    "卷件", "己已", "已巳", "未末", "土士", "人入", "日曰", "千干", "戊戌", "复夏", "制治", "项顶", "采釆",
    "账帐", "佈布", "其甚", "询洵", "务务", "决诀", "公仝", "处外", "理埋", "请清", "情清", "开升", "公分",
))

EXACT_SCORE = 1.0
ORDINAL_SCORE = 0.97  # the same words under another ordinal or none ((三) vs 3.)
CONFUSABLE_SCORE = 0.93  # one character replaced by a known stand-in
OMITTED_BASE = 0.9  # a prefix or suffix left out (规范性文件 for 行政规范性文件), less per character
OMITTED_PER_CHAR = 0.04
TYPO_SCORE = 0.82  # one other character differs, added or left out
SIMILAR_WEIGHT = 0.8  # anything else: the sequence similarity, scaled below the named cases
MIN_SCORE = 0.5


@dataclass(frozen=True)
class LabelMatch:
    """How well a printed label matches one of the format's labels, and why."""

    label: str  # the format's label, as given
    score: float  # 0..1; 1 is the same label after normalisation
    reason: str  # e.g. "prefix '行政' omitted", "one character differs: 件 for 卷"


def match_label(text: str, labels: Iterable[str], min_score: float = MIN_SCORE) -> list[LabelMatch]:
    """The format's labels that ``text`` may stand for, best first, each with an explainable score.

    Both sides are compared normalised (width, spaces, variant characters, known typos), then with
    their ordinals stripped. Recognised differences, best first: another ordinal; one character
    replaced by a known stand-in (:data:`CONFUSABLE`: 案件 for 案卷, OCR shapes); a prefix or suffix
    left out (规范性文件 for 行政规范性文件); one other character replaced, added or left out.
    Anything else scores by sequence similarity, scaled below those."""
    out = [m for m in (_match_one(text, label, min_score) for label in labels) if m.score >= min_score]
    return sorted(out, key=lambda m: -m.score)


@lru_cache(maxsize=16384)  # printed labels repeat across reports of one national format
def _match_one(text: str, label: str, min_score: float = 0.0) -> LabelMatch:
    a, b = normalize_label(text), normalize_label(label)
    if not a or not b:
        return LabelMatch(label, 0.0, "empty")
    if a == b:
        return LabelMatch(label, EXACT_SCORE, "same label")
    ca, cb = strip_ordinal(a), strip_ordinal(b)
    if ca == cb and ca:
        return LabelMatch(label, ORDINAL_SCORE, "same words, another ordinal")
    found = _named_difference(ca, cb)
    if found is not None:
        return LabelMatch(label, *found)
    total = len(ca) + len(cb)
    bound = 2.0 * min(len(ca), len(cb)) / total if total else 1.0  # the ratio is at most this
    if round(SIMILAR_WEIGHT * bound, 3) < min_score:  # cannot reach min_score: match_label drops it anyway
        return LabelMatch(label, 0.0, "not similar")
    ratio = sequence_ratio(ca, cb)
    return LabelMatch(label, round(SIMILAR_WEIGHT * ratio, 3), f"similar ({ratio:.2f} of characters in order)")


def _stand_in(a: str, b: str) -> str:
    """'件 for 卷' when a and b differ in exactly one character and that is a known stand-in."""
    if len(a) != len(b):
        return ""
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    if len(diff) == 1 and frozenset(diff[0]) in CONFUSABLE:
        return f"{diff[0][0]} for {diff[0][1]} (a known stand-in)"
    return ""


def _named_difference(a: str, b: str) -> tuple[float, str] | None:
    """A difference of a kind seen in real reports between printed ``a`` and the format's ``b``."""
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        if len(diff) == 1:
            x, y = diff[0]
            if frozenset((x, y)) in CONFUSABLE:
                return CONFUSABLE_SCORE, f"one character differs: {x} for {y} (a known stand-in)"
            if len(b) >= 4:
                return TYPO_SCORE, f"one character differs: {x} for {y}"
        return None
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    missing = len(long_) - len(short)
    if len(short) >= 3 and missing <= 4:
        tail, head = long_[missing:], long_[:len(short)]
        for rest, part, where in ((tail, long_[:missing], "prefix"), (head, long_[len(short):], "suffix")):
            stand_in = _stand_in(short, rest)
            if rest == short or stand_in:
                side = "omitted" if short is a else "added"
                score = OMITTED_BASE - OMITTED_PER_CHAR * missing - (OMITTED_BASE - CONFUSABLE_SCORE) * bool(stand_in)
                extra = f", {stand_in}" if stand_in else ""
                return round(score, 3), f"{where} '{part}' {side}{extra}"
    if missing == 1 and len(short) >= 4 and any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))):
        return TYPO_SCORE, "one character added or left out"
    return None
