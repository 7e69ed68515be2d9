"""The result of an extraction: typed cells, per-cell provenance, check results and warnings."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from collections.abc import Container, Iterable
from typing import TYPE_CHECKING, Any, Literal

from .schema import Template, split_key

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    import pandas as pd

    from .debug import PageCanvas
    from .layout import Layout

DecidedBy = Literal["printed", "check", "prose", "cross_year", "inferred", "human"]
Value = int | float | None
FORMAT_VERSION = 1

MappedBy = Literal["header", "order"]  # how a grid cell got its key (core/headers)


def candidate_order(values: Iterable[Value]) -> list[Value]:
    """A cell's candidates as reports list them: numbers ascending, a blank last."""
    return sorted(values, key=lambda v: (v is None, v if v is not None else 0))


@dataclass(slots=True)  # (one per cell of the report, made as each is read: a fixed set of fields)
class Provenance:
    source: str  # text | pdf | ocr | html | docx
    raw: str  # the text as printed (for a split run-together string: the part taken)
    confidence: float
    decided_by: DecidedBy = "printed"
    page: int | None = None
    bbox: list[float] | None = None
    candidates: list[Value] | None = None  # other readings the document allows, when ambiguous
    span: tuple[int, int] | None = None  # character offsets in the text, for text input
    mapped_by: MappedBy | None = None  # grids: keyed by the cell's row/column headers, or by the format's order

    def to_dict(self) -> dict[str, Any]:
        # Spelled out rather than dataclasses.asdict: a corpus run serialises ~200 of these per
        # document, and asdict's deep copy made that most of the store's cost.
        d = {"source": self.source, "raw": self.raw, "confidence": self.confidence, "decided_by": self.decided_by,
             "page": self.page, "bbox": None if self.bbox is None else list(self.bbox),
             "candidates": None if self.candidates is None else list(self.candidates),
             "span": None if self.span is None else list(self.span), "mapped_by": self.mapped_by}
        return {k: v for k, v in d.items() if v is not None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Provenance:
        span = d.get("span")
        return cls(source=d["source"], raw=d["raw"], confidence=d["confidence"],
                   decided_by=d.get("decided_by", "printed"), page=d.get("page"), bbox=d.get("bbox"),
                   candidates=d.get("candidates"), span=(span[0], span[1]) if span is not None else None,
                   mapped_by=d.get("mapped_by"))


@dataclass
class CheckResult:
    id: str
    passed: bool | None  # None: none of its cells was printed
    keys: list[str]
    lhs: int | float | None
    rhs: int | float | None
    message: str | None = None  # audits say in words what disagrees
    evidence: dict[str, Any] | None = None  # e.g. the prose sentence, its offset and both numbers

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "passed": self.passed, "keys": list(self.keys), "lhs": self.lhs,
                             "rhs": self.rhs}
        if self.message is not None:
            d["message"] = self.message
        if self.evidence is not None:
            d["evidence"] = self.evidence
        return d


@dataclass
class ReportWarning:
    code: str
    message: str
    keys: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def without(self, keys: Container[str]) -> ReportWarning | None:
        """The warning for its other cells once ``keys`` were read anew (a pass took them): None when
        it named only those; a warning naming no cell stays as it is."""
        left = [k for k in self.keys if k not in keys]
        if len(left) == len(self.keys):
            return self
        return ReportWarning(self.code, self.message, left) if left else None


@dataclass
class Report:
    source: str
    template: Template | None
    meta: dict[str, Any]
    cells: dict[str, Value]
    provenance: dict[str, Provenance]
    checks: list[CheckResult]
    warnings: list[ReportWarning]
    layout: Layout | None = field(default=None, repr=False)  # intermediates, for debug drawing
    trace: dict[str, Any] = field(default_factory=dict, repr=False)  # how rows were aligned
    confidence_threshold: float = field(default=0.9, repr=False)  # Settings.confidence_threshold

    # --- questions users ask -------------------------------------------------------------
    @property
    def tables_found(self) -> list[str]:
        return sorted({k.split(".", 1)[0] for k in self.cells})

    def flagged_keys(self, threshold: float | None = None) -> set[str]:
        """Cells a user should not trust blindly: in a warning, in a failing check, or a confidence
        below ``threshold`` (by default the extraction's Settings.confidence_threshold)."""
        threshold = self.confidence_threshold if threshold is None else threshold
        keys = {k for w in self.warnings for k in w.keys}
        keys |= {k for c in self.checks if c.passed is False for k in c.keys}
        keys |= {k for k, p in self.provenance.items() if p.confidence < threshold}
        return keys & set(self.cells)

    @property
    def failing_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.passed is False]

    # --- output --------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "gktables": FORMAT_VERSION,
            "source": self.source,
            "template": self.template.as_dict() if self.template else None,
            "meta": self.meta,
            "cells": self.cells,
            "provenance": {k: p.to_dict() for k, p in self.provenance.items()},
            "checks": [c.to_dict() for c in self.checks],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        """Rebuild a Report from :meth:`to_dict` output (a stored or exported report); the
        debug intermediates (layout, trace) are not part of it."""
        if d.get("gktables") != FORMAT_VERSION:
            raise ValueError(f"report format {d.get('gktables')!r} is not {FORMAT_VERSION}; re-extract the document")
        template = Template(**d["template"]) if d.get("template") else None
        return cls(source=d["source"], template=template, meta=dict(d.get("meta") or {}), cells=dict(d["cells"]),
                   provenance={k: Provenance.from_dict(p) for k, p in d.get("provenance", {}).items()},
                   checks=[CheckResult(**c) for c in d.get("checks", [])],
                   warnings=[ReportWarning(**w) for w in d.get("warnings", [])])

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def rows(self) -> list[dict[str, Any]]:
        """One record per cell: key, table, row, col, value, raw and provenance fields."""
        flagged = self.flagged_keys()
        out = []
        for key, value in self.cells.items():
            table, row, col = split_key(key)
            p = self.provenance.get(key)
            out.append({
                "key": key, "table": table, "row": row, "col": col, "value": value,
                "raw": p.raw if p else None, "source": p.source if p else None,
                "page": p.page if p else None, "confidence": p.confidence if p else None,
                "decided_by": p.decided_by if p else None, "flagged": key in flagged,
            })
        return out

    def to_csv(self) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["key", "table", "row", "col", "value", "raw"])
        for r in self.rows():
            value = "" if r["value"] is None else r["value"]
            writer.writerow([r["key"], r["table"], r["row"], r["col"], value, r["raw"] or ""])
        return buf.getvalue()

    def to_frame(self) -> pd.DataFrame:
        """Long format: one row per cell with its provenance."""
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=["key", "table", "row", "col", "value", "raw", "source", "page",
                                                  "confidence", "decided_by", "flagged"])

    # --- debug pictures (gktables.debug; Pillow is imported only when these are called) --------
    def page_image(self, page: int | None = None, **options: Any) -> PageCanvas:
        """A page as a chainable debug image (shown inline in Jupyter):
        ``report.page_image(3).draw_rulings().draw_grid().draw_header_tree().draw_keys()``."""
        from .debug import page_image

        return page_image(self, page, **options)

    def debug_pages(self) -> list[int]:
        """Pages (for HTML/DOCX: grids, for text: table zones) that ``page_image`` can draw tables on."""
        from .debug import debug_pages

        return debug_pages(self)

    def write_debug(self, out_dir: str | Path, **options: Any) -> list[Path]:
        """Page PNGs and an index.html into ``out_dir``, as ``gktables debug`` writes them."""
        from .debug import write_debug

        return write_debug(self, out_dir, **options)

    def summary(self) -> str:
        failing = len(self.failing_checks)
        return (f"{self.source}: tables {','.join(self.tables_found) or '-'}, {len(self.cells)} cells, "
                f"{failing} failing checks, {len(self.warnings)} warnings, {len(self.flagged_keys())} flagged")

