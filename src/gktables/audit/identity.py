"""One report's identity: agency (as printed and normalised), year, level and template per table,
each with where it was read (title, prose, file name, table headers)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.prose import normalised_text, read_title
from ..schema import Template

# Level by the agency name's ending, most specific first.
_LEVELS: tuple[tuple[str, str], ...] = (
    ("省人民政府办公厅", "province"), ("省人民政府", "province"), ("自治区人民政府", "province"),
    ("市人民政府办公厅", "city"), ("市人民政府办公室", "city"), ("市人民政府", "city"),
    ("区人民政府办公室", "county"), ("县人民政府办公室", "county"), ("区人民政府", "county"),
    ("县人民政府", "county"), ("实验区", "county"), ("新区", "county"),
    ("镇人民政府", "township"), ("乡人民政府", "township"), ("街道办事处", "township"),
)
_DEPARTMENT = re.compile(r"(局|委员会|委|厅|办公室|中心|署|院)$")
_PLACE_PREFIX = re.compile(r"[\u4e00-\u9fff]{2,3}[省市州]")
_NOT_PLACE = set("由与对和及在的向是为经据按请本")
_STATS_PERIOD = re.compile(r"统计期限?(?:为|是)?自?(20\d{2})年1月1日")
_FILE_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_FILE_AGENCY = re.compile(
    r"([\u4e00-\u9fff]{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|实验区|局|委员会|街道办事处))")


@dataclass
class Identity:
    agency: str | None = None  # as the title prints it
    agency_normalised: str | None = None  # one name per agency across reports
    year: int | None = None
    level: str | None = None  # province | city | county | township | department
    template_t2: str | None = None
    template_t3_other: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field → where it was read

    def to_meta(self) -> dict[str, Any]:
        return {"agency": self.agency, "year": self.year, "agency_normalised": self.agency_normalised,
                "level": self.level, "template_t2": self.template_t2, "template_t3_other": self.template_t3_other,
                "meta_sources": dict(self.sources)}


def load_agency_map(path: str | Path | None) -> dict[str, str]:
    """An optional JSON object {"name as printed": "one name for the agency"}."""
    if path is None:
        return {}
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: cannot read the agency mapping ({exc})") from exc
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError(f"{path}: the agency mapping must be a JSON object of names to names")
    return data


def read_identity(text: str, source: str, template: Template | None,
                  agency_map: Mapping[str, str] | None = None) -> Identity:
    ident = Identity()
    title = read_title(text)
    if title.agency:
        ident.agency, ident.sources["agency"] = title.agency, title.where
    else:
        m = _FILE_AGENCY.search(Path(source).name)
        if m:
            ident.agency, ident.sources["agency"] = m.group(1), f"file name: {Path(source).name}"
    _read_year(ident, text, source, title.year, title.where)
    if ident.agency:
        _normalise_agency(ident, text, agency_map or {})
        ident.level, where = agency_level(ident.agency_normalised or ident.agency)
        if ident.level:
            ident.sources["level"] = where
    if template is not None:
        ident.template_t2, ident.template_t3_other = template.t2, template.t3_other
        ident.sources["template_t2"] = "column headers of 二 (本年新制作数量 → 2019, 本年制发件数 → 2021)"
        ident.sources["template_t3_other"] = "rows of 三（六）其他处理 (sub-rows 1.–3. → split)"
    return ident


def _read_year(ident: Identity, text: str, source: str, title_year: int | None, where: str) -> None:
    if title_year:
        ident.year, ident.sources["year"] = title_year, where
        return
    m = _STATS_PERIOD.search(normalised_text(text[:20000]))
    if m:
        ident.year, ident.sources["year"] = int(m.group(1)), f"prose: {m.group(0)}"
        return
    years = _FILE_YEAR.findall(Path(source).name)
    if len(set(years)) == 1:
        ident.year, ident.sources["year"] = int(years[0]), f"file name: {Path(source).name}"


def _normalise_agency(ident: Identity, text: str, agency_map: Mapping[str, str]) -> None:
    """The agency's fullest name the document itself prints (淮安市 + 洪泽区人民政府), then the
    optional mapping file."""
    assert ident.agency is not None
    name, where = ident.agency, "as printed in the title"
    flat = normalised_text(text[:50000])
    for m in re.finditer(re.escape(ident.agency), flat):
        prefix = _place_before(flat, m.start())
        if prefix and not ident.agency.startswith(prefix):
            name = prefix + ident.agency
            where = f"prose: {flat[max(0, m.start() - 6):m.end() + 2]}"
            break
    for candidate in (ident.agency, name):
        if candidate in agency_map:
            name, where = agency_map[candidate], f"agency mapping: {candidate} → {agency_map[candidate]}"
            break
    ident.agency_normalised = name
    ident.sources["agency_normalised"] = where


def _place_before(flat: str, at: int) -> str | None:
    """A place name (淮安市) printed right before ``at``: the shortest that reads as one."""
    for n in (3, 4):
        p = flat[max(0, at - n):at]
        if _PLACE_PREFIX.fullmatch(p) and not (_NOT_PLACE & set(p)):
            return p
    return None


def agency_level(name: str) -> tuple[str | None, str]:
    for ending, level in _LEVELS:
        if name.endswith(ending):
            return level, f"agency name ends in {ending}"
    if _DEPARTMENT.search(name):
        return "department", "agency name ends in a department's title"
    for ending, level in (("省", "province"), ("市", "city"), ("区", "county"), ("县", "county"), ("镇", "township")):
        if name.endswith(ending):
            return level, f"agency name is a place ending in {ending}"
    return None, ""
