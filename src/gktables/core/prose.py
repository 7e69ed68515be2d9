"""Numbers the report states in its own prose (共收到申请75件) and its agency and year.

Prose only breaks ties between readings the checks cannot tell apart; it never overrides a
printed table value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_N = r"(\d+)"
_GAP = r"[^。；;，,\d]{0,12}?"
# (pattern, cell key). Each pattern's last group is the number.
_FACTS: tuple[tuple[str, str], ...] = (
    (rf"(?:新收|收到|受理)(?:各类)?(?:政府信息公开|依申请公开)?(?:申请)?{_GAP}(?:共计|共|合计)?{_N}件", "t3.new.total"),
    (rf"上年(?:度)?结转(?:政府信息公开)?(?:申请)?{_GAP}{_N}件", "t3.carried_over.total"),
    (rf"(?:结转|转入|顺延)(?:至|到)?下(?:一)?年度{_GAP}{_N}件", "t3.carried_forward.total"),
    (rf"(?:同意公开|予以公开)(?:答复)?{_GAP}{_N}件", "t3.result.granted.total"),
    (rf"部分公开(?:答复)?{_GAP}{_N}件", "t3.result.partial.total"),
    (rf"(?:本年|全年)?(?:度)?制发(?:行政)?(?:规范性文件)?{_GAP}{_N}件", "t2.normative_docs.issued"),
    (rf"废止(?:行政)?(?:规范性文件)?{_GAP}{_N}件", "t2.normative_docs.repealed"),
    (rf"现行有效(?:的)?(?:行政)?(?:规范性文件)?{_GAP}{_N}件", "t2.normative_docs.in_force"),
    (rf"(?:行政复议|复议)(?:案件)?{_GAP}{_N}(?:件|起)", "t4.review.total"),
)
_COMPILED = tuple((re.compile(p), key) for p, key in _FACTS)


@dataclass(frozen=True)
class ProseFact:
    key: str
    value: int
    span: tuple[int, int]
    text: str


def prose_facts(text: str) -> list[ProseFact]:
    flat = unicodedata.normalize("NFKC", text)
    flat = re.sub(r"(?<=[\u4e00-\u9fff\d])[ \t]+(?=[\u4e00-\u9fff\d])", "", flat)
    out = []
    for rx, key in _COMPILED:
        for m in rx.finditer(flat):
            out.append(ProseFact(key, int(m.group(m.lastindex or 1)), m.span(), m.group(0)))
    return out


def facts_by_key(facts: list[ProseFact]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for f in facts:
        out.setdefault(f.key, set()).add(f.value)
    return out


_YEAR_TITLE = re.compile(r"(20\d{2})\s*年(?:度)?\s*(?:政府信息公开|政务公开)")
_TITLE = re.compile(r"^(.{0,40}?)(20\d{2})\s*年(?:度)?(.{0,30}?)(?:政府信息公开|政务公开)(?:工作)?\s*(?:年度)?\s*报告")


def _clean_agency(text: str) -> str:
    text = re.sub(r"^(?:标题|正文|title)[:：]?", "", text.strip("：:|# "))
    return text.strip("：:|# ")


def report_meta(text: str) -> dict[str, object]:
    """Agency and report year from the title (first lines), else from the first year-report phrase."""
    head = re.sub(r"[ \t\u3000]+", "", unicodedata.normalize("NFKC", text[:3000]))
    head_one_line = re.sub(r"\n+", "", head)
    meta: dict[str, object] = {"agency": None, "year": None}
    lines = [l for l in head.split("\n") if l.strip()]
    for i, line in enumerate(lines[:40]):
        m = _TITLE.search(line)
        if not m:
            continue
        agency = _clean_agency(m.group(1) + m.group(3))
        if not agency and i > 0 and len(lines[i - 1]) <= 30 and not re.search(r"[。，,：:]", lines[i - 1]):
            agency = _clean_agency(lines[i - 1])  # the title printed over two lines: agency / year + 报告
        meta["year"] = int(m.group(2))
        meta["agency"] = agency or None
        return meta
    m = _TITLE.search(head_one_line)
    if m:
        meta["year"], meta["agency"] = int(m.group(2)), _clean_agency(m.group(1) + m.group(3)) or None
        return meta
    m = _YEAR_TITLE.search(head_one_line)
    if m:
        meta["year"] = int(m.group(1))
    return meta
