"""Label normalisation and matching, shared by every source and the core.

Printed labels differ from the national format in width (（一） vs (一)), spacing (总 计), variant
or OCR-confused characters (減/减), wrapping, and typos (其他法律行政止公开). Everything compares
labels through :func:`normalize_label` and :func:`label_similarity`.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
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
    "戶": "户", "単": "单", "処": "处", "説": "说", "広": "广",
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
    na, nb = normalize_label(a), normalize_label(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb, autojunk=False).ratio()
