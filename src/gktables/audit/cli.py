"""`gktables audit corpus.sqlite --format csv|json -o FILE [--html REPORT.html] [--summary FILE.csv]`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GktablesError
from .corpus import audit_reports, entry_of
from .findings import FINDING_COLUMNS, Finding
from .html import render_html
from .identity import load_agency_map
from .summary import corpus_summary, summary_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(sub: Any) -> None:
    au = sub.add_parser("audit", help="audit a corpus store: prose vs tables, year vs year; findings, summary, HTML")
    au.add_argument("store", help="the SQLite store written by `gktables run`")
    au.add_argument("--format", choices=("csv", "json"), default="csv")
    au.add_argument("-o", "--output", required=True, help="the findings file (one finding per row)")
    au.add_argument("--agency-map", help="JSON object mapping agency names as printed to one name per agency")
    au.add_argument("--summary", help="also write the per agency and year summary here (.csv, .xlsx or .parquet)")
    au.add_argument("--html", help="also write the corpus report (plots, failing audits) here")
    au.add_argument("--debug-base", help="where the HTML's links to a document's debug view point: "
                    "BASE/<sha256[:16]>/index.html (default: the --write-debug folder, else 'debug')")
    au.add_argument("--write-debug", metavar="DIR",
                    help="write the debug view (gktables debug) of every document with a failing hard audit "
                         "into DIR/<sha256[:16]>/")
    au.set_defaults(func=cmd_audit)


def write_findings(findings: list[Finding], path: Path, fmt: str) -> None:
    if fmt == "json":
        path.write_text(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(FINDING_COLUMNS))
        writer.writeheader()
        writer.writerows(f.to_row() for f in findings)


def write_summary(frame: pd.DataFrame, path: Path) -> None:
    """The summary table in the format its file name asks for."""
    from ..corpus.export import write_xlsx

    if path.suffix == ".xlsx":
        write_xlsx({"summary": frame}, path)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)


def write_debug_views(findings: list[Finding], out: Path) -> int:
    """The debug view of every document with a failing hard audit, read again from its path."""
    from ..api import extract
    from ..debug import write_debug
    from ..settings import Settings

    done: set[str] = set()
    for f in findings:
        if f.passed is not False or f.severity != "hard" or not f.sha256 or f.sha256 in done:
            continue
        done.add(f.sha256)
        if not f.document or not Path(f.document).is_file():
            print(f"gktables: {f.document}: not found, no debug view written", file=sys.stderr)
            continue
        try:
            report = extract(f.document, Settings.resolve(None, keep_debug=True))
        except GktablesError as exc:
            print(f"gktables: {exc}", file=sys.stderr)
            continue
        write_debug(report, out / f.sha256[:16])
    return len(done)


def _relative(target: Path, start: Path) -> str:
    import os

    return os.path.relpath(target.resolve(), start.resolve())


def cmd_audit(args: argparse.Namespace) -> int:
    from ..corpus.store import Store

    try:
        agency_map = load_agency_map(args.agency_map)
        with Store.open(args.store, create=False) as store:
            items = list(store.reports())
    except (GktablesError, ValueError) as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    findings = audit_reports(items, agency_map)
    write_findings(findings, Path(args.output), args.format)
    entries = [e for e in (entry_of(i, agency_map) for i in items) if e is not None]
    rows = corpus_summary(entries)
    if args.summary:
        write_summary(summary_frame(rows), Path(args.summary))
    if args.write_debug:
        write_debug_views(findings, Path(args.write_debug))
    if args.html:
        base = args.debug_base or (_relative(Path(args.write_debug), Path(args.html).parent) if args.write_debug
                                   else "debug")
        Path(args.html).write_text(render_html(rows, findings, debug_base=base), "utf-8")
    failing = sum(1 for f in findings if f.passed is False)
    print(f"{len(items)} reports, {len(findings)} findings, {failing} failing → {args.output}", file=sys.stderr)
    return EXIT_OK
