"""Exports of a corpus store to Parquet, CSV or Excel, and the same tables as pandas frames.

Column names are a contract scripts rely on. Rows are sorted (path, sha256, key / check / order)
and run-specific columns (seconds, extracted_at) stay in the store, so two runs over the same
files give byte-identical exports whether they ran locally or on Ray.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import MissingDependencyError
from .store import Store, StoreError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

ExportTable = Literal["cells", "documents", "checks", "warnings"]
ExportFormat = Literal["parquet", "csv", "xlsx"]
TABLES: tuple[ExportTable, ...] = ("cells", "documents", "checks", "warnings")
FORMATS: tuple[ExportFormat, ...] = ("parquet", "csv", "xlsx")

CELL_COLUMNS = ["path", "sha256", "key", "tbl", "row", "col", "value", "final_value", "reviewed", "flagged", "raw",
                "source", "page", "bbox", "span", "confidence", "decided_by", "candidates"]
DOCUMENT_COLUMNS = ["sha256", "path", "paths", "status", "error", "kind", "pages", "agency", "year", "level",
                    "template_t2", "template_t3_other", "n_cells", "n_flagged", "n_failing_checks", "n_warnings",
                    "gktables_version", "settings_hash"]
CHECK_COLUMNS = ["path", "sha256", "check_id", "passed", "keys", "lhs", "rhs", "message"]
WARNING_COLUMNS = ["path", "sha256", "code", "message", "keys"]
WIDE_ID_COLUMNS = ["sha256", "path", "agency", "year"]
_NUMBERS = {"value", "final_value", "lhs", "rhs", "confidence"}
_INTEGERS = {"reviewed", "flagged", "page", "pages", "year", "n_cells", "n_flagged", "n_failing_checks", "n_warnings",
             "passed"}
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entry times in xlsx files, for reproducible bytes


def table_frame(store: Store, table: ExportTable) -> pd.DataFrame:
    """A long table as exported: cells (with reviewed/final values), documents, checks or warnings."""
    if table == "cells":
        frame, columns, order = store.cells(final=True), CELL_COLUMNS, ["path", "sha256", "key"]
    elif table == "documents":
        frame, columns, order = store.documents(), DOCUMENT_COLUMNS, ["path", "sha256"]
    elif table == "checks":
        frame, columns, order = store.checks(), CHECK_COLUMNS, ["path", "sha256", "check_id"]
    elif table == "warnings":
        frame, columns, order = store.warnings(), WARNING_COLUMNS, ["path", "sha256", "code", "message"]
    else:
        raise StoreError(f"{store.path}: no table {table!r} to export; choose one of {', '.join(TABLES)}")
    # mergesort is stable: rows equal on the sort keys keep the store's order (checks/warnings rowid)
    return frame[columns].sort_values(order, kind="mergesort", na_position="first").reset_index(drop=True)


def wide_frames(store: Store) -> dict[str, pd.DataFrame]:
    """One frame per table (t2, t3, t4): one row per report, one column per cell key (final values)."""
    return {t: store.wide(t).sort_values(["path", "sha256"], kind="mergesort").reset_index(drop=True)
            for t in ("t2", "t3", "t4")}


def wide_frame(store: Store) -> pd.DataFrame:
    """The three wide tables stacked: one row per report and table, a ``table`` column saying which."""
    import pandas as pd

    parts = [f.assign(table=t)[["table", *f.columns]] for t, f in wide_frames(store).items()]
    return pd.concat(parts, ignore_index=True)[["table", *WIDE_ID_COLUMNS,
                                                *[c for p in parts for c in p.columns[5:]]]]


def export(store_path: str | Path, out: str | Path, fmt: ExportFormat = "csv", table: ExportTable = "cells",
           wide: bool = False) -> Path:
    """Write one table of the store at ``store_path`` to ``out`` in ``fmt``; return ``out``."""
    out = Path(out)
    if fmt not in FORMATS:
        raise StoreError(f"{out}: unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if wide and table != "cells":
        raise StoreError(f"{out}: --wide applies to cells only (one row per report and table)")
    with Store.open(store_path, create=False) as store:
        if wide and fmt == "xlsx":
            frames = wide_frames(store)
        else:
            frames = {table: wide_frame(store) if wide else table_frame(store, table)}
    _require(fmt)
    if fmt == "csv":
        out.write_text(next(iter(frames.values())).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    elif fmt == "parquet":
        typed(next(iter(frames.values()))).to_parquet(out, index=False)
    else:
        write_xlsx(frames, out)
    return out


def _require(fmt: ExportFormat) -> None:
    package = {"parquet": "pyarrow", "xlsx": "openpyxl"}.get(fmt)
    if package is None:
        return
    try:
        __import__(package)
    except ImportError:
        raise MissingDependencyError(package, extra="export") from None


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Stable column types whatever the data: numbers as float, counts as nullable ints, the rest text."""
    import pandas as pd

    out = frame.copy()
    for col in out.columns:
        if col in _NUMBERS or "." in col:  # "." : a cell key column of a wide table
            out[col] = pd.to_numeric(out[col]).astype("float64")
        elif col in _INTEGERS:
            out[col] = pd.to_numeric(out[col]).astype("Int64")
        else:
            out[col] = out[col].astype("string")
    return out


def write_xlsx(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """One sheet per frame; document properties and zip entry times fixed so equal data give equal bytes."""
    import datetime

    import pandas as pd

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in frames.items():
            frame.to_excel(writer, sheet_name=name, index=False)
        writer.book.properties.created = datetime.datetime(*_FIXED_TIME)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time there
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2020-01-01T00:00:00Z", data)
            dst.writestr(entry, data)
