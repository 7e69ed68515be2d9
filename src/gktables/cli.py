"""Command line: `gktables extract FILE...` and `gktables debug FILE --out DIR`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .api import extract
from .errors import GktablesError
from .report import Report
from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_NO_TABLES = 0, 1, 2


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"force_ocr": args.ocr, "force_text": args.text}
    if args.time_limit is not None:
        overrides["time_limit_s"] = float(args.time_limit)
    if args.backend:
        overrides["pdf_backend"] = args.backend
    if args.engine:
        overrides["ocr_engine"] = args.engine
    if args.dpi:
        overrides["ocr_dpi"] = args.dpi
    return Settings.resolve(None, **overrides)


def _render(report: Report, fmt: str) -> str:
    if fmt == "csv":
        return report.to_csv()
    return report.to_json(indent=1) + "\n"


def cmd_extract(args: argparse.Namespace) -> int:
    settings = _settings(args)
    many = len(args.files) > 1
    out = Path(args.output) if args.output else None
    if many and out and not out.is_dir():
        out.mkdir(parents=True, exist_ok=True)
    worst = EXIT_OK
    for file in args.files:
        try:
            report = extract(file, settings)
        except GktablesError as exc:  # one bad file never stops a batch
            print(f"gktables: {exc}", file=sys.stderr)
            worst = max(worst, EXIT_FAILED)
            continue
        if not report.cells:
            print(f"gktables: {file}: no report tables recognised (二、三 or 四 of a 政府信息公开工作年度报告)", file=sys.stderr)
            worst = max(worst, EXIT_NO_TABLES)
            if not many:
                return EXIT_NO_TABLES
            continue
        text = _render(report, args.format)
        if out is None:
            sys.stdout.write(text)
        else:
            target = out / (Path(file).name + (".csv" if args.format == "csv" else ".json")) if many else out
            target.write_text(text, encoding="utf-8")
        if args.summary or many:
            print(report.summary(), file=sys.stderr)
    return worst


def cmd_debug(args: argparse.Namespace) -> int:
    from .debug import write_debug

    settings = Settings.resolve(_settings(args), keep_debug=True)
    try:
        report = extract(args.file, settings)
    except GktablesError as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    written = write_debug(report, Path(args.out))
    print(f"wrote {len(written)} files to {args.out} (open {Path(args.out) / 'index.html'})", file=sys.stderr)
    return EXIT_OK if report.cells else EXIT_NO_TABLES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gktables", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log what is being done")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--ocr", action="store_true", help="OCR every PDF page, even with a text layer")
        p.add_argument("--text", action="store_true", help="read the file as text (a broken extraction)")
        p.add_argument("--time-limit", type=float, help="seconds per document (default 120)")
        p.add_argument("--backend", choices=("pdfplumber", "camelot"), help="PDF table reader")
        p.add_argument("--engine", choices=("tesseract", "rapidocr"), help="OCR engine")
        p.add_argument("--dpi", type=int, help="rasterisation of scanned PDFs")

    ex = sub.add_parser("extract", help="print the tables of report(s) as JSON or CSV")
    ex.add_argument("files", nargs="+", help="report files: .pdf .png/.jpg/.tif .html .docx .txt/.md")
    ex.add_argument("-o", "--output", help="write here (a folder when several files are given)")
    ex.add_argument("--format", choices=("json", "csv"), default="json")
    ex.add_argument("--summary", action="store_true", help="print a one-line summary per file on stderr")
    common(ex)
    ex.set_defaults(func=cmd_extract)

    db = sub.add_parser("debug", help="draw what was detected: page overlays and an index.html")
    db.add_argument("file")
    db.add_argument("--out", required=True, help="folder for the PNGs and index.html")
    common(db)
    db.set_defaults(func=cmd_debug)

    from .audit.cli import add_commands as add_audit_commands
    from .corpus.cli import add_commands as add_corpus_commands
    from .review.cli import add_commands as add_review_commands

    add_corpus_commands(sub)
    add_audit_commands(sub)
    add_review_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
