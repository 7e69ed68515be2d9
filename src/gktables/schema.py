"""The canonical schema: every table, row, column, cell key and check of both national formats.

Built once from the bundled copy of ``shared/spec/schema.json`` (the project's contract for output
keys). Every source and the core use this module; nobody keeps a label list of their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any, Literal

from .labels import normalize_label

Table = Literal["t2", "t3", "t4"]
ValueType = Literal["count", "signed", "money_wan"]
T2Version = Literal["2019", "2021"]
T3Other = Literal["single", "split"]
T3_OTHERS: tuple[T3Other, ...] = ("single", "split")

VERSIONS: tuple[T2Version, ...] = ("2019", "2021")
T3_VALUE_COLS = ("natural", "commercial", "research", "nonprofit", "legal_service", "other")
# The header printed over 二's row labels: no cell, so not in schema.json.
T2_ROW_HEADER = "信息内容"

# 四 is aligned as one row of its 15 cells (its groups print as column headers, not row labels):
# the name the warnings give that row.
T4_ROW_LABEL = "四、行政复议、行政诉讼"

TABLE_TITLES = {
    "t2": "二、主动公开政府信息情况",
    "t3": "三、收到和处理政府信息公开申请情况",
    "t4": "四、政府信息公开行政复议、行政诉讼情况",
}


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    type: ValueType = "count"

    @property
    def money_unit(self) -> str:
        """The money unit the column's header states ('万元'), '?' when it states none."""
        return stated_money_unit(self.label)


def stated_money_unit(header: str) -> str:
    """The money unit a header's text states ('万元' in '本年收费金额（单位：万元）'), '?' when none."""
    for unit in ("亿元", "万元", "元"):
        if unit in header:
            return unit
    return "?"


@dataclass(frozen=True)
class RowSpec:
    """One printed row of a table: its label path (outer → leaf) and the columns it carries."""

    table: Table
    key: str  # row part of the cell key, e.g. "result.denied.state_secret" or "licensing"
    path: tuple[str, ...]  # label path, e.g. ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    cols: tuple[ColumnSpec, ...]
    block: str | None = None  # t2 only: the 第二十条 block ("art20_1")
    caption: str | None = None  # t2 only: the block caption ("第二十条第（一）项")

    @property
    def leaf(self) -> str:
        return self.path[-1]

    def cell_key(self, col: str) -> str:
        return f"{self.table}.{self.key}.{col}"

    @cached_property  # asked for on every row of every document; the row never changes
    def cell_keys(self) -> tuple[str, ...]:
        return tuple(self.cell_key(c.key) for c in self.cols)

    @cached_property  # (the same: every printed row a header band reads)
    def col_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cols)


@dataclass(frozen=True)
class BlockSpec:
    """A 第二十条 block of table 二: a caption, a header row of column labels, and its rows."""

    block: str
    caption: str
    rows: tuple[RowSpec, ...]
    cols: tuple[ColumnSpec, ...]


@dataclass(frozen=True)
class CheckSpec:
    """An arithmetic check: sum(lhs) == sum(rhs). Null cells count as 0."""

    id: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    rule: str

    @cached_property  # read for every check of every table, several times a document; a check never changes
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True)
class Template:
    """A concrete combination of per-table versions, as real reports mix them."""

    t2: T2Version
    t3_other: T3Other

    def as_dict(self) -> dict[str, str]:
        return {"t2": self.t2, "t3_other": self.t3_other}


@dataclass(frozen=True)
class Schema:
    raw: dict[str, Any]
    t2_blocks: dict[T2Version, tuple[BlockSpec, ...]]
    t3_rows: dict[T3Other, tuple[RowSpec, ...]]
    t4_rows: tuple[RowSpec, ...]
    t3_cols: tuple[ColumnSpec, ...]
    t4_cols: tuple[ColumnSpec, ...]
    _types: dict[str, ValueType] = field(default_factory=dict)
    _checks: dict[T3Other, tuple[CheckSpec, ...]] = field(default_factory=dict, repr=False, compare=False)
    _keys: dict[tuple[Template, str | None], tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    # --- rows and keys -------------------------------------------------------------------
    def t2_rows(self, version: T2Version) -> tuple[RowSpec, ...]:
        return tuple(r for b in self.t2_blocks[version] for r in b.rows)

    def rows(self, template: Template) -> tuple[RowSpec, ...]:
        return self.t2_rows(template.t2) + self.t3_rows[template.t3_other] + self.t4_rows

    def cell_keys(self, template: Template) -> tuple[str, ...]:
        if (template, None) not in self._keys:  # built once per template (the schema never changes)
            self._keys[(template, None)] = tuple(k for r in self.rows(template) for k in r.cell_keys)
        return self._keys[(template, None)]

    def table_keys(self, template: Template, table: str) -> tuple[str, ...]:
        """Every cell key of one table ("t2", "t3", "t4") under the template, in the format's order."""
        if (template, table) not in self._keys:
            self._keys[(template, table)] = tuple(k for r in self.rows(template) if r.table == table
                                                  for k in r.cell_keys)
        return self._keys[(template, table)]

    def any_format_keys(self, table: str) -> tuple[str, ...]:
        """Every cell key of one table under any format (二 of 2019 or 2021; 三 with one 其他处理 row or
        three), each once, in the formats' order: the keys of a table not found, whose format is unknown."""
        return tuple(dict.fromkeys(k for t2 in ("2019", "2021") for other in ("single", "split")
                                   for k in self.table_keys(Template(t2, other), table)))

    def value_type(self, key: str) -> ValueType:
        return self._types[key]

    def is_key(self, key: str) -> bool:
        return key in self._types

    # --- checks --------------------------------------------------------------------------
    def checks(self, t3_other: T3Other) -> tuple[CheckSpec, ...]:
        if t3_other not in self._checks:  # built once: every extraction asks (the schema never changes)
            self._checks[t3_other] = _build_checks(self, t3_other)
        return self._checks[t3_other]


def _col(d: dict[str, Any]) -> ColumnSpec:
    return ColumnSpec(key=d["key"], label=d["label"], type=d.get("type", "count"))


def _t3_rows(spec: dict[str, Any], cols: tuple[ColumnSpec, ...]) -> tuple[RowSpec, ...]:
    return tuple(
        RowSpec(table="t3", key=r["key"], path=tuple(p.strip() for p in r["label"].split(" / ")), cols=cols)
        for r in spec["rows"]
    )


def _t4_rows(spec: dict[str, Any]) -> tuple[RowSpec, ...]:
    cols = tuple(_col(c) for c in spec["cols"])
    return tuple(
        RowSpec(table="t4", key=g["key"], path=tuple(p.strip() for p in g["label"].split(" / ")), cols=cols)
        for g in spec["groups"]
    )


def _t2_blocks(spec: dict[str, Any]) -> tuple[BlockSpec, ...]:
    blocks = []
    for b in spec["blocks"]:
        cols = tuple(_col(c) for c in b["cols"])
        rows = tuple(
            RowSpec(table="t2", key=r["key"], path=(r["label"],), cols=cols, block=b["block"], caption=b["caption"])
            for r in b["rows"]
        )
        blocks.append(BlockSpec(block=b["block"], caption=b["caption"], rows=rows, cols=cols))
    return tuple(blocks)


def _build_checks(schema: Schema, t3_other: T3Other) -> tuple[CheckSpec, ...]:
    rules = {c["id"]: c["rule"] for c in schema.raw["checks"]}
    expected_families = {"t3.balance.{col}", "t3.result_sum.{col}", "t3.row_total.{row}", "t4.{group}.total"}
    if set(rules) != expected_families:  # the schema grew a check this module does not know how to run
        raise ValueError(f"schema checks changed: {sorted(set(rules) ^ expected_families)}")
    rows = schema.t3_rows[t3_other]
    result_rows = [r for r in rows if r.key.startswith("result.") and r.key != "result.total"]
    checks: list[CheckSpec] = []
    for col in (c.key for c in schema.t3_cols):
        checks.append(CheckSpec(
            id=f"t3.balance.{col}",
            lhs=(f"t3.new.{col}", f"t3.carried_over.{col}"),
            rhs=(f"t3.result.total.{col}", f"t3.carried_forward.{col}"),
            rule=rules["t3.balance.{col}"],
        ))
    for col in (c.key for c in schema.t3_cols):
        checks.append(CheckSpec(
            id=f"t3.result_sum.{col}",
            lhs=(f"t3.result.total.{col}",),
            rhs=tuple(r.cell_key(col) for r in result_rows),
            rule=rules["t3.result_sum.{col}"],
        ))
    for r in rows:
        checks.append(CheckSpec(
            id=f"t3.row_total.{r.key}",
            lhs=(r.cell_key("total"),),
            rhs=tuple(r.cell_key(c) for c in T3_VALUE_COLS),
            rule=rules["t3.row_total.{row}"],
        ))
    for g in schema.t4_rows:
        checks.append(CheckSpec(
            id=f"t4.{g.key}.total",
            lhs=(g.cell_key("total"),),
            rhs=tuple(g.cell_key(c) for c in ("upheld", "corrected", "other", "pending")),
            rule=rules["t4.{group}.total"],
        ))
    return tuple(checks)


def _load_raw() -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(resources.files("gktables.data").joinpath("schema.json").read_text("utf-8"))
    return raw


@lru_cache(maxsize=1)
def load_schema() -> Schema:
    raw = _load_raw()
    t2_blocks = {v: _t2_blocks(raw["templates"][v]["t2"]) for v in VERSIONS}
    t3_2019 = raw["templates"]["2019"]["t3"]
    t3_2021 = raw["templates"]["2021"]["t3"]
    t3_cols = tuple(_col(c) for c in t3_2019["cols"])
    t3_rows: dict[T3Other, tuple[RowSpec, ...]] = {"single": _t3_rows(t3_2019, t3_cols),
                                                   "split": _t3_rows(t3_2021, t3_cols)}
    t4_rows = _t4_rows(raw["templates"]["2019"]["t4"])
    types: dict[str, ValueType] = {}
    schema = Schema(raw=raw, t2_blocks=t2_blocks, t3_rows=t3_rows, t4_rows=t4_rows,
                    t3_cols=t3_cols, t4_cols=t4_rows[0].cols, _types=types)
    for t2 in VERSIONS:
        for other in T3_OTHERS:
            for row in schema.rows(Template(t2, other)):
                for c in row.cols:
                    types[row.cell_key(c.key)] = c.type
    _check_against_cell_keys(schema)
    return schema


def _check_against_cell_keys(schema: Schema) -> None:
    """The schema lists its cell keys per version; our row model must produce exactly those."""
    pairs: tuple[tuple[T2Version, T3Other], ...] = (("2019", "single"), ("2021", "split"))
    for version, other in pairs:
        listed = schema.raw["templates"][version]["cell_keys"]
        built = list(schema.cell_keys(Template(version, other)))
        if listed != built:
            missing = sorted(set(listed) ^ set(built))
            raise ValueError(f"schema model disagrees with cell_keys of {version}: {missing[:5]}")


def split_key(key: str) -> tuple[str, str, str]:
    """'t3.result.denied.state_secret.total' → ('t3', 'result.denied.state_secret', 'total')."""
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


@lru_cache(maxsize=1)
def report_labels() -> frozenset[str]:
    """Normalised labels of the report tables, from the schema: titles, captions, row labels,
    column labels; what the HTML, DOCX and OCR sources recognise a report table by. Only labels
    of 4+ characters, so that 总计/其他 alone prove nothing."""
    return frozenset(label for label in all_report_labels() if len(label) >= 4)


@lru_cache(maxsize=1)
def all_report_labels() -> frozenset[str]:
    """:func:`report_labels` of any length (总计, 自然人 too): words the report tables print."""
    schema = load_schema()
    labels: set[str] = set(TABLE_TITLES.values()) | {T2_ROW_HEADER}
    for version in schema.t2_blocks:
        for block in schema.t2_blocks[version]:
            labels.add(block.caption)
            labels.update(c.label for c in block.cols)
            labels.update(r.leaf for r in block.rows)
    for rows in schema.t3_rows.values():
        for row in rows:
            labels.update(row.path)
    labels.update(c.label for c in schema.t3_cols)
    for row in schema.t4_rows:
        labels.update(row.path)
    labels.update(c.label for c in schema.t4_cols)
    return frozenset(normalize_label(label) for label in labels)


@lru_cache(maxsize=1)
def t2_column_labels() -> frozenset[str]:
    """Normalised column headers of 二's blocks, both formats (本年增/减, 采购总金额, …)."""
    schema = load_schema()
    return frozenset(normalize_label(c.label) for blocks in schema.t2_blocks.values() for b in blocks for c in b.cols)


@dataclass(frozen=True)
class FormatMarkers:
    """Words of the national format that are not cells (``data/markers.json``): table openings and
    what follows the tables, the hints that tell the formats apart, the words of a report title."""

    t2_open: tuple[str, ...]
    t3_open: tuple[str, ...]
    t4_open: tuple[str, ...]
    t4_title_number: str
    t4_header: tuple[str, ...]
    after_tables: tuple[str, ...]
    t2_2021_hints: tuple[str, ...]
    t2_2019_hints: tuple[str, ...]
    t3_split_hints: tuple[str, ...]
    report_title_subjects: tuple[str, ...]
    report_title_work: str
    report_title_annual: str
    report_title_report: str


@lru_cache(maxsize=1)
def format_markers() -> FormatMarkers:
    raw = json.loads(resources.files("gktables.data").joinpath("markers.json").read_text("utf-8"))
    lists = {name: tuple(raw[name]) for name in ("t2_open", "t3_open", "t4_open", "t4_header", "after_tables",
                                                 "t2_2021_hints", "t2_2019_hints", "t3_split_hints",
                                                 "report_title_subjects")}
    return FormatMarkers(**lists, t4_title_number=raw["t4_title_number"], report_title_work=raw["report_title_work"],
                         report_title_annual=raw["report_title_annual"], report_title_report=raw["report_title_report"])


@dataclass(frozen=True)
class ProseCues:
    """How report prose names the tables' cells (``data/prose.json``): cue → target, most specific
    first. A target is a cell key, a row prefix (sum of its group's totals) or targets joined by '+'."""

    t3_t4: tuple[tuple[str, str], ...]
    t3_t4_after: tuple[tuple[str, str], ...]
    t2_rows: tuple[tuple[str, str], ...]
    t2_cols: tuple[tuple[str, str], ...]
    count_units: tuple[str, ...]
    count_units_t2: tuple[str, ...]
    money_units: dict[str, float]
    not_a_cell: tuple[str, ...]
    breakdown: str  # opens the parts of a total already stated (其中，市级受理572件…)
    decrease: str  # before a number of 二's 本年增/减 column: the change is negative


@lru_cache(maxsize=1)
def prose_cues() -> ProseCues:
    raw = json.loads(resources.files("gktables.data").joinpath("prose.json").read_text("utf-8"))

    def pairs(name: str) -> tuple[tuple[str, str], ...]:
        return tuple((cue, target) for cue, target in raw[name])

    return ProseCues(t3_t4=pairs("t3_t4_cues"), t3_t4_after=pairs("t3_t4_after_cues"), t2_rows=pairs("t2_row_cues"),
                     t2_cols=pairs("t2_col_cues"), count_units=tuple(raw["count_units"]),
                     count_units_t2=tuple(raw["count_units_t2"]), money_units=dict(raw["money_units"]),
                     not_a_cell=tuple(raw["not_a_cell"]), breakdown=raw["breakdown_cue"],
                     decrease=raw["decrease_cue"])


@lru_cache(maxsize=1024)  # of the schema alone; the prose of every report names the same few targets
def target_keys(target: str, template: Template) -> tuple[str, ...]:
    """The cells a prose target sums in ``template``: a cell key itself, or every ``.total`` cell
    of the rows under a prefix ('t3.result.denied' → its eight reasons), '+' joining several."""
    schema = load_schema()
    keys = schema.cell_keys(template)
    out: list[str] = []
    for part in target.split("+"):
        if part in keys:
            out.append(part)
        elif schema.is_key(part):
            continue  # a cell of the other format: this template does not print it
        else:
            out.extend(k for k in keys if k.startswith(part) and k.endswith(".total") and ".result.total." not in k)
    return tuple(out)
