"""Data model shared by the generator stages: formats, table grids, prose and the document spec."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from .spec import Template

Kind = Literal["pdf", "ocr", "html", "docx", "text"]
Role = Literal["caption", "header", "label", "value", "filler", "note"]
Value = int | Decimal  # money is kept as an exact Decimal of 万元 until written
Expected = int | float | None

# --formats names → the concrete per-table template they stand for
FORMATS: dict[str, Template] = {
    "2019": Template("2019", "single"),
    "2021": Template("2021", "split"),
    "mixed": Template("2021", "single"),  # 2021 table 二 with one 2019-style （六）其他处理 row
}
# --kinds names → the "kind" written to the expected JSON
KINDS: dict[str, Kind] = {"docx": "docx", "pdf": "pdf", "scan": "ocr", "html": "html", "text": "text"}


@dataclass(frozen=True)
class Cell:
    """One grid cell, stored once with its span; `key` is the canonical cell key of a value cell."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    role: Role = "value"
    key: str | None = None
    vertical: bool = False  # the tall 三、本年度办理结果 label

    @property
    def last_row(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.colspan - 1


@dataclass
class TableGrid:
    """A printed table: its section ("t2", "t3", "t4"), spans, header depth and relative column widths."""

    section: str
    name: str  # "t2", "t2.art20_1", "t3", "t4"
    n_rows: int
    n_cols: int
    cells: list[Cell]
    header_rows: int = 0  # rows repeated when a table continues on the next page
    col_weights: tuple[float, ...] = ()

    def at(self, row: int) -> list[Cell]:
        """Cells that start on `row`, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def covering(self, row: int, col: int) -> Cell | None:
        for c in self.cells:
            if c.row <= row <= c.last_row and c.col <= col <= c.last_col:
                return c
        return None


@dataclass
class Prose:
    """The report's own words around the tables."""

    title: str
    intro: list[str]
    overall: list[str]  # paragraphs under 一、总体情况
    problems: list[str]  # under 五、存在的主要问题及改进情况
    other: list[str]  # under 六、其他需要报告的事项
    problems_title: str = "五、存在的主要问题及改进情况"
    other_title: str = "六、其他需要报告的事项"


@dataclass
class DocSpec:
    """Everything known about one generated document before and after rendering."""

    doc_id: str
    kind: Kind
    variant: str
    fmt: str
    template: Template
    agency: str
    year: int
    seed: int
    printed: dict[str, str]  # cell key → the text printed in the cell
    cells: dict[str, Expected]  # cell key → expected value (blank → None, money in 万元)
    failing_checks: list[str]
    prose: Prose
    grids: list[TableGrid]
    ambiguous: dict[str, list[Expected]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    base_style: str | None = None  # the DOCX style a PDF, scan or PDF text was made from
    source: str = ""  # file name once written
    header_variant: str = ""  # tools/synth/header_variants: how the headers deviate from the national format

    def expected(self) -> dict:
        out = {
            "source": self.source,
            "kind": self.kind,
            "variant": self.variant,
            "template": self.template.as_dict(),
            "meta": {"agency": self.agency, "year": self.year},
            "cells": self.cells,
            "ambiguous": self.ambiguous,
            "failing_checks": self.failing_checks,
            "notes": "; ".join([f"generated, seed {self.seed}, format {self.fmt}"] + self.notes),
        }
        if self.header_variant:
            out["header_variant"] = self.header_variant
        return out

    def write_expected(self, out_dir: Path) -> Path:
        path = out_dir / f"{self.doc_id}.expected.json"
        path.write_text(json.dumps(self.expected(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return path
