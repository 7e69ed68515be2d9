"""The generator's own reading of the national format, straight from the spec JSON.

The generator must not learn the format from the library it tests (``gktables.schema``): a key,
label or check the library got wrong would then be generated just as wrong, and read back as
right. This small reader takes labels, keys and column types from ``shared/spec/schema.json``
(the project's contract; the byte-identical copy bundled in ``src/gktables/data`` when the shared
folder is not beside the checkout) and builds the checks by reading each check's ``rule`` text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED_SPEC = ROOT.parent / "shared" / "spec" / "schema.json"
BUNDLED_SPEC = ROOT / "src" / "gktables" / "data" / "schema.json"

VERSIONS = ("2019", "2021")
T3_OTHERS = {"single": "2019", "split": "2021"}  # 三's （六）其他处理: one row (2019) or three sub-rows (2021)


def spec_path() -> Path:
    return SHARED_SPEC if SHARED_SPEC.exists() else BUNDLED_SPEC


@dataclass(frozen=True)
class Template:
    """Which version each table follows (real reports mix them)."""

    t2: str  # "2019" | "2021"
    t3_other: str  # "single" | "split"

    def as_dict(self) -> dict[str, str]:
        return {"t2": self.t2, "t3_other": self.t3_other}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: str = "count"


@dataclass(frozen=True)
class Row:
    table: str
    key: str
    path: tuple[str, ...]  # printed labels, outer → leaf
    cols: tuple[Column, ...]
    block: str | None = None  # 二 only
    caption: str | None = None  # 二 only

    @property
    def leaf(self) -> str:
        return self.path[-1]

    def cell_key(self, col: str) -> str:
        return f"{self.table}.{self.key}.{col}"

    @property
    def cell_keys(self) -> tuple[str, ...]:
        return tuple(self.cell_key(c.key) for c in self.cols)


@dataclass(frozen=True)
class Block:
    block: str
    caption: str
    rows: tuple[Row, ...]
    cols: tuple[Column, ...]


@dataclass(frozen=True)
class Check:
    """sum(lhs) == sum(rhs), null as 0."""

    id: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]
    rule: str

    @property
    def keys(self) -> tuple[str, ...]:
        return self.lhs + self.rhs


@dataclass(frozen=True)
class Spec:
    raw: dict
    titles: dict[str, str]  # t2/t3/t4 → the table's printed title
    t2_blocks: dict[str, tuple[Block, ...]]
    t3_rows: dict[str, tuple[Row, ...]]  # by t3_other
    t4_rows: tuple[Row, ...]
    t3_cols: tuple[Column, ...]
    t4_cols: tuple[Column, ...]
    types: dict[str, str] = field(default_factory=dict)  # cell key → value type, every template
    _checks: dict[str, tuple[Check, ...]] = field(default_factory=dict, repr=False)

    def t2_rows(self, version: str) -> tuple[Row, ...]:
        return tuple(r for b in self.t2_blocks[version] for r in b.rows)

    def rows(self, template: Template) -> tuple[Row, ...]:
        return self.t2_rows(template.t2) + self.t3_rows[template.t3_other] + self.t4_rows

    def cell_keys(self, template: Template) -> tuple[str, ...]:
        return tuple(k for r in self.rows(template) for k in r.cell_keys)

    def value_type(self, key: str) -> str:
        return self.types[key]

    @property
    def t3_value_cols(self) -> tuple[str, ...]:
        """三's applicant columns, the total left out."""
        return tuple(c.key for c in self.t3_cols if c.key != "total")

    def checks(self, t3_other: str) -> tuple[Check, ...]:
        if t3_other not in self._checks:
            self._checks[t3_other] = _read_checks(self, t3_other)
        return self._checks[t3_other]


def _cols(raw: list[dict]) -> tuple[Column, ...]:
    return tuple(Column(c["key"], c["label"], c.get("type", "count")) for c in raw)


def _path(label: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in label.split(" / "))


@cache
def load_spec() -> Spec:
    raw = json.loads(spec_path().read_text("utf-8"))
    templates = raw["templates"]
    t2_blocks = {v: tuple(Block(b["block"], b["caption"],
                                tuple(Row("t2", r["key"], (r["label"],), _cols(b["cols"]), b["block"], b["caption"])
                                      for r in b["rows"]), _cols(b["cols"]))
                          for b in templates[v]["t2"]["blocks"]) for v in VERSIONS}
    t3_cols = _cols(templates["2019"]["t3"]["cols"])
    t3_rows = {other: tuple(Row("t3", r["key"], _path(r["label"]), t3_cols) for r in templates[v]["t3"]["rows"])
               for other, v in T3_OTHERS.items()}
    t4_cols = _cols(templates["2019"]["t4"]["cols"])
    t4_rows = tuple(Row("t4", g["key"], _path(g["label"]), t4_cols) for g in templates["2019"]["t4"]["groups"])
    titles = {t: templates["2019"][t]["title"] for t in ("t2", "t3", "t4")}
    spec = Spec(raw, titles, t2_blocks, t3_rows, t4_rows, t3_cols, t4_cols)
    spec.types.update((r.cell_key(c.key), c.type) for t2 in VERSIONS for other in T3_OTHERS
                      for r in spec.rows(Template(t2, other)) for c in r.cols)
    return spec


# --- checks, read from their rule text ---------------------------------------------------------

_SUM_OF_ROWS = re.compile(r"^sum of every (?P<table>t\d)\.(?P<prefix>[\w.]+)\.\* row except (?P<except>[\w.]+)$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _read_checks(spec: Spec, t3_other: str) -> tuple[Check, ...]:
    """Every check of the spec, each family's rule expanded over the rows, columns or groups its
    id names: '{col}' over 三's columns, '{row}' over 三's rows, '{group}' over 四's groups."""
    domains = {"col": [c.key for c in spec.t3_cols], "row": [r.key for r in spec.t3_rows[t3_other]],
               "group": [g.key for g in spec.t4_rows]}
    out = []
    for family in spec.raw["checks"]:
        [name] = set(_PLACEHOLDER.findall(family["id"]))
        for value in domains[name]:
            lhs, rhs = _read_rule(family["rule"].replace("{" + name + "}", value), spec, t3_other)
            out.append(Check(family["id"].replace("{" + name + "}", value), lhs, rhs, family["rule"]))
    return tuple(out)


def _read_rule(rule: str, spec: Spec, t3_other: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """'a + b == c + d' over cell keys. A bare column name on the right is the left cell's row's
    ('t3.new.total == natural + …'); 'sum of every t3.result.* row except result.total' is that
    column of every such row."""
    left, right = (side.strip() for side in rule.split("=="))
    lhs = tuple(t.strip() for t in left.split("+"))
    table, row, _ = _split(lhs[0])
    col = lhs[0].rsplit(".", 1)[1]
    m = _SUM_OF_ROWS.match(right)
    if m:
        rows = spec.t3_rows[t3_other] if m["table"] == "t3" else spec.t4_rows
        rhs = tuple(r.cell_key(col) for r in rows
                    if r.key.startswith(m["prefix"] + ".") and r.key != m["except"])
    else:
        rhs = tuple(t if "." in t else f"{table}.{row}.{t}" for t in (t.strip() for t in right.split("+")))
    return lhs, rhs


def _split(key: str) -> tuple[str, str, str]:
    table, rest = key.split(".", 1)
    row, col = rest.rsplit(".", 1)
    return table, row, col


T3_VALUE_COLS = load_spec().t3_value_cols
TABLE_TITLES = load_spec().titles
