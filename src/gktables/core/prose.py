"""Numbers the report states in its own prose (共收到申请75件) and its agency and year.

Prose only breaks ties between readings the checks cannot tell apart; it never overrides a
printed table value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..schema import load_schema
from ..values import MAX_DIGITS

# Cue words → the row a clause speaks of, and the column; most specific first.
_ROW_CUES: tuple[tuple[str, str], ...] = (
    ("其他对外管理服务", "t2.other_services"), ("行政许可", "t2.licensing"), ("行政处罚", "t2.penalty"),
    ("行政强制", "t2.coercion"), ("行政事业性收费", "t2.fees"), ("收费", "t2.fees"), ("集中采购", "t2.procurement"),
    ("规范性文件", "t2.normative_docs"), ("规章", "t2.regulations"),
)
_T2_COL_CUES: tuple[tuple[str, str], ...] = (
    ("对外公开总数", "total_published"), ("公开总数", "total_published"), ("新制作", "made"), ("制作", "made"),
    ("新公开", "published"), ("总数", "total_published"), ("上一年", "prev_items"), ("增加", "change"), ("减少", "change"), ("无增减", "change"),
    ("处理决定", "decisions"), ("决定", "decisions"), ("制发", "issued"), ("废止", "repealed"), ("现行有效", "in_force"),
    ("采购总金额", "amount"), ("金额", "amount"), ("收取", "amount"), ("采购项目", "items"), ("项目", "items"),
)
# 三's totals and 四's review total: (cue, key), most specific first.
_T3_CUES: tuple[tuple[str, str], ...] = (
    ("上年结转", "t3.carried_over.total"), ("上年度结转", "t3.carried_over.total"),
    ("结转下年", "t3.carried_forward.total"), ("转下一年", "t3.carried_forward.total"), ("下年度继续办理", "t3.carried_forward.total"),
    ("部分公开", "t3.result.partial.total"), ("不予公开", "t3.result.denied"), ("予以公开", "t3.result.granted.total"),
    ("同意公开", "t3.result.granted.total"), ("无法提供", "t3.result.unavailable"), ("不予处理", "t3.result.not_processed"),
    ("办结", "t3.result.total.total"), ("自然人", "t3.new.natural"),
    ("新收", "t3.new.total"), ("收到", "t3.new.total"), ("受理", "t3.new.total"),
    ("行政复议", "t4.review.total"),
)
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(件|项|个|条|万元|亿元|元)")
_CLAUSE = re.compile(r"[，,；;、：:]")
_SENTENCE = re.compile(r"[。！？\n]")


@dataclass(frozen=True)
class ProseFact:
    key: str
    value: int | float
    span: tuple[int, int]
    text: str


def prose_facts(text: str) -> list[ProseFact]:
    """Numbers the prose states, each tied to the cell its clause speaks of. A clause names its row
    (规章, 行政许可…) or inherits it from the sentence; it names its column by cue words."""
    flat = unicodedata.normalize("NFKC", text)
    flat = re.sub(r"(?<=[\u4e00-\u9fff\d])[ \t]+(?=[\u4e00-\u9fff\d])", "", flat)
    out: list[ProseFact] = []
    offset = 0
    for sentence in _SENTENCE.split(flat):
        if "\t" in sentence or "|" in sentence or len(sentence) > 400:
            offset += len(sentence) + 1
            continue  # table text, not prose
        row = None
        pos = offset
        for clause in _CLAUSE.split(sentence):
            row = _cue(clause, _ROW_CUES) or row
            for m in _NUMBER.finditer(clause):
                fact = _fact(clause, m, row)
                if fact:
                    out.append(ProseFact(fact[0], fact[1], (pos + m.start(), pos + m.end()), clause))
            pos += len(clause) + 1
        offset += len(sentence) + 1
    return out


def _cue(clause: str, cues: tuple[tuple[str, str], ...]) -> str | None:
    return next((target for cue, target in cues if cue in clause), None)


def _fact(clause: str, m: re.Match, row: str | None) -> tuple[str, int | float] | None:
    number, unit = m.group(1), m.group(2)
    before = clause[:m.start()]
    if len(number) > MAX_DIGITS:  # a run of glued digits, no fact
        return None
    if unit in ("万元", "亿元", "元"):
        if row not in ("t2.fees", "t2.procurement"):
            return None
        wan = float(number) * {"万元": 1, "亿元": 10000, "元": 0.0001}[unit]
        return f"{row}.amount", round(wan, 6)
    if "." in number or "%" in clause[m.end():m.end() + 1]:
        return None
    value = int(number)
    t3 = _cue(before, _T3_CUES)
    if t3 and load_schema().is_key(t3):
        return t3, value
    if row is None:
        return None
    col = _cue(before[-12:], _T2_COL_CUES) or _cue(before, _T2_COL_CUES)
    if col == "change":
        sign = -1 if "减少" in before[-8:] else 1
        return f"{row}.change", sign * value
    if col:
        return f"{row}.{col}", value
    return None


def facts_by_key(facts: list[ProseFact]) -> dict[str, set[int | float]]:
    out: dict[str, set[int | float]] = {}
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
