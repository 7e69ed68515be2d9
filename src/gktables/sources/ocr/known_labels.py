"""Labels of the report tables as the OCR path sees them: whether a reading is one, and mending a
reading that misses one only by characters the recogniser confuses in these fonts.

At 150 dpi the short top bar of 二 in a bold 第二十条 disappears into 一 in every view of the cell,
量 comes out as 最, 申 as 甲; the section headers are then no label and a whole 二 block is lost.
A reading is mended only when replacing confusable characters (at most MAX_MENDED of them), and
perhaps adding a lost last character (a wrapped label's last line), turns it into exactly one known
label; the reading as printed stays as an alternative.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from ...labels import normalize_label
from ...schema import all_report_labels, report_labels
from ..joining import IDEOGRAPH

# characters Tesseract's Chinese model reads for one another in the reports' fonts; each group is
# one class (the first character stands for it)
CONFUSABLE_GROUPS = ("一二十", "量最", "废度", "申甲中趾", "予子于了村", "务各", "事串", "掌学党", "构梅", "请清",
                     "已己巳", "未末")
MAX_MENDED = 2  # characters: a reading further from every label is another text
MENDED_CONFIDENCE = 0.85  # at most this sure of a mended label
MIN_TRUNCATED = 6  # characters: a shorter reading missing a label's last one may be another label

_CLASS = str.maketrans({ch: group[0] for group in CONFUSABLE_GROUPS for ch in group})


def label_key(text: str) -> str:
    """The Chinese characters of a normalised label: OCR's brackets, ordinals' dots and spaces vary."""
    return "".join(IDEOGRAPH.findall(normalize_label(text)))


@lru_cache(maxsize=1)
def _known_keys() -> frozenset[str]:
    return frozenset(label_key(label) for label in report_labels())


@lru_cache(maxsize=1)
def _keys_by_class() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for key in _known_keys():
        out.setdefault(key.translate(_CLASS), set()).add(key)
    return {k: frozenset(v) for k, v in out.items()}


def is_known_label(text: str) -> bool:
    return label_key(text) in _known_keys()


def similarity_bound_to_known(text: str) -> float:
    """An upper bound of ``label_similarity(text, other)`` over every ``other`` that is a label of
    the report (:func:`is_known_label`), whatever else ``other`` holds.

    ``other`` normalised holds exactly a known key's Chinese characters, and any number of others;
    a character of ``text`` can only match its own kind. With ``c`` Chinese characters in common
    (as multisets) and ``n`` others in ``text`` (normalised, length ``L``), the ratio 2M / (L + |other|)
    is at most 2(c + n) / (L + |key| + n), reached when ``other`` holds as many others as ``text``.
    """
    norm = normalize_label(text)
    if not norm:
        return 0.0
    chinese = Counter(IDEOGRAPH.findall(norm))
    others = len(norm) - sum(chinese.values())
    return max((2 * (sum((chinese & Counter(key)).values()) + others) / (len(norm) + len(key) + others)
                for key in _known_keys()), default=0.0)


@lru_cache(maxsize=1)
def _word_keys() -> frozenset[str]:
    return frozenset(label_key(label) for label in all_report_labels())


def is_format_word(text: str) -> bool:
    """Whether the reading is a label of the report tables, short ones (总计, 自然人) included."""
    return label_key(text) in _word_keys()


def mend_label(text: str) -> str | None:
    """The reading with its confusable characters set to those of the one known label it then
    matches, or None (already a label, no label or several within reach, too many changes)."""
    key = label_key(text)
    if not key or key in _known_keys():
        return None
    matches = _keys_by_class().get(key.translate(_CLASS), frozenset()) or _lost_last_character(key)
    if len(matches) != 1:
        return None
    target = next(iter(matches))
    if sum(a != b for a, b in zip(key, target)) > MAX_MENDED or len(IDEOGRAPH.findall(text)) != len(key):
        return None
    chars = iter(target)
    return IDEOGRAPH.sub(lambda _: next(chars), text) + target[len(key):]


def _lost_last_character(key: str) -> frozenset[str]:
    """Known labels the reading misses only by their last character, apart from confusables (the
    last line of a wrapped label, one character, lost: 5.属于三类内部事务信 / 息)."""
    if len(key) < MIN_TRUNCATED:
        return frozenset()
    cls = key.translate(_CLASS)
    return frozenset(k for k in _known_keys() if len(k) == len(key) + 1 and k.translate(_CLASS).startswith(cls))
