"""Metadata for browsing a store with datasette (`datasette corpus.sqlite -m corpus.metadata.json`):
titles, column descriptions and the facets that make a corpus readable. datasette itself is not
a dependency; `gktables run` writes this file next to the store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_DOCUMENT_COLUMNS = {
    "sha256": "content hash of the file: the document's identity (renamed or copied files are one document)",
    "kind": "how it was read: pdf, ocr (scans), html, docx, text or legacy_word",
    "pages": "number of pages (paged formats only)",
    "agency": "the reporting agency, from the report's title",
    "year": "the report year, from the report's title",
    "template_t2": "which national format table 二 follows: 2019 or 2021",
    "template_t3_other": "table 三: one 其他 column (single) or the split columns",
    "status": "ok, no_tables (read, but no report tables), failed or timed_out",
    "error": "why it failed or timed out, in one line",
    "seconds": "time spent reading it",
    "n_flagged": "cells a person should check: low confidence, in a warning or in a failing check",
    "n_failing_checks": "arithmetic checks of the tables that do not add up",
}
_CELL_COLUMNS = {
    "key": "canonical cell key: table.row.column (see gktables' schema.json)",
    "value": "the number as read (money in 万元); empty where the report printed a blank",
    "raw": "the text as printed",
    "page": "page it was printed on",
    "bbox": "where on the page: [x0, top, x1, bottom]",
    "span": "where in the text: [start, end] character offsets",
    "confidence": "0..1: how sure the reading is",
    "decided_by": "printed, check (restored by an arithmetic check), prose, inferred, or human (a review)",
    "flagged": "1: check this cell by hand",
    "final_value": "the reviewed value where a person decided, else the value as read",
    "reviewed": "1: a live human review decided this cell",
}


def datasette_metadata(database: str) -> dict[str, Any]:
    """datasette metadata for a store opened under the name ``database`` (the file's stem)."""
    cells = {"description_html": "One row per cell of every report.", "columns": _CELL_COLUMNS,
             "facets": ["tbl", "flagged", "decided_by"]}
    tables: dict[str, Any] = {
        "documents": {"description_html": "One row per distinct document (by content hash).",
                      "columns": _DOCUMENT_COLUMNS, "facets": ["agency", "year", "status", "kind"]},
        "paths": {"description_html": "Every path a document was found under."},
        "cells": cells,
        "cells_final": {**cells, "description_html": "Cells with human reviews applied (final_value).",
                        "facets": ["tbl", "flagged", "decided_by", "reviewed"]},
        "flagged_cells": {**cells, "description_html": "Flagged cells nobody has reviewed yet.",
                          "facets": ["tbl", "decided_by"]},
        "checks": {"description_html": "Arithmetic checks per document: passed 1/0, or empty when nothing printed.",
                   "facets": ["check_id", "passed"]},
        "warnings": {"description_html": "What the reader warns about, per document.", "facets": ["code"]},
        "reviews": {"description_html": "Human decisions; stale = 1 when a re-extraction changed the cell.",
                    "facets": ["action", "reviewer", "stale"]},
        "runs": {"description_html": "Each `gktables run` on this store."},
    }
    for t, title in (("t2", "二"), ("t3", "三"), ("t4", "四")):
        tables[f"{t}_wide"] = {"description_html": f"Table {title}: one row per report, one column per cell key "
                                                   "(final values).", "facets": ["agency", "year"]}
    return {"title": "gktables corpus",
            "description_html": "Statistics tables of 政府信息公开工作年度报告, read by gktables.",
            "databases": {database: {"tables": tables}}}


def write_datasette_metadata(store_path: str | Path) -> Path:
    """Write ``<store stem>.metadata.json`` next to the store; return its path."""
    store_path = Path(store_path)
    out = store_path.with_name(store_path.stem + ".metadata.json")
    out.write_text(json.dumps(datasette_metadata(store_path.stem), ensure_ascii=False, indent=1) + "\n", "utf-8")
    return out
