"""`gktables audit corpus.sqlite --format csv|json -o FILE [--html REPORT.html] [--summary FILE.csv]`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import GktablesError
from .corpus import audit_reports, entry_of
from .findings import FINDING_COLUMNS, Finding
from .html import render_html
from .identity import load_agency_map
from .summary import corpus_summary, summary_frame

EXIT_OK, EXIT_FAILED = 0, 1


def add_commands(sub: Any) -> None:
    au = sub.add_parser("audit", help="audit a corpus store: prose vs tables, year vs year; findings, summary, HTML")
    au.add_argument("store", help="the SQLite store written by `gktables run`")
    au.add_argument("--format", choices=("csv", "json"), default="csv")
    au.add_argument("-o", "--output", required=True, help="the findings file (one finding per row)")
    au.add_argument("--agency-map", help="JSON object mapping agency names as printed to one name per agency")
    au.add_argument("--summary", help="also write the per agency and year summary here (.csv)")
    au.add_argument("--html", help="also write the corpus report (plots, failing audits) here")
    au.add_argument("--debug-base", default="debug",
                    help="where the HTML's links to a document's debug view point: BASE/<sha256[:16]>/index.html")
    au.set_defaults(func=cmd_audit)


def write_findings(findings: list[Finding], path: Path, fmt: str) -> None:
    if fmt == "json":
        path.write_text(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(FINDING_COLUMNS))
        writer.writeheader()
        writer.writerows(f.to_row() for f in findings)


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
        summary_frame(rows).to_csv(args.summary, index=False)
    if args.html:
        Path(args.html).write_text(render_html(rows, findings, debug_base=args.debug_base), "utf-8")
    failing = sum(1 for f in findings if f.passed is False)
    print(f"{len(items)} reports, {len(findings)} findings, {failing} failing → {args.output}", file=sys.stderr)
    return EXIT_OK
