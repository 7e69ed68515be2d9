"""`gktables run` (read a corpus into a store) and `gktables export` (store → Parquet/CSV/Excel)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import GktablesError
from ..options import settings_from_args
from .export import FORMATS, TABLES, export
from .runner import RunOptions, run_corpus

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 130


def add_commands(sub: Any) -> None:
    """Register `run` and `export` on the main parser's subparsers."""
    run = sub.add_parser("run", help="read files and folders into a corpus store (resumable, parallel)")
    run.add_argument("paths", nargs="+", help="report files and folders (read recursively)")
    run.add_argument("--store", required=True, help="the SQLite store to fill (created if missing)")
    run.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    run.add_argument("--include", action="append", default=[], metavar="GLOB",
                     help="only files whose name or path matches (repeatable; default: supported suffixes)")
    run.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="skip matching files (repeatable)")
    run.add_argument("--retry-failed", action="store_true", help="read failed and timed-out documents again")
    run.add_argument("--reextract", action="store_true",
                     help="read again documents extracted under another gktables version or settings")
    run.add_argument("--ray", metavar="auto|ADDRESS",
                     help="run on Ray: 'auto' (a running cluster, else a local one) or a cluster address")
    run.add_argument("--time-limit", type=float, help="seconds per document before its worker is killed (default 120)")
    run.add_argument("--memory-limit", type=int, default=4096, help="MB of address space per worker (default 4096)")
    run.add_argument("--ocr", action="store_true", help="OCR every PDF page, even with a text layer")
    run.add_argument("--engine", choices=("tesseract", "rapidocr"), help="OCR engine")
    run.add_argument("--dpi", type=int, help="rasterisation of scanned PDFs")
    run.set_defaults(func=cmd_run)

    ex = sub.add_parser("export", help="write a corpus store's cells, documents, checks or warnings to a file")
    ex.add_argument("store", help="the SQLite store written by `gktables run`")
    ex.add_argument("--format", choices=FORMATS, default="csv")
    ex.add_argument("--table", choices=TABLES, default="cells")
    ex.add_argument("--wide", action="store_true", help="cells: one row per report and table, one column per key")
    ex.add_argument("-o", "--output", required=True, help="the file to write")
    ex.set_defaults(func=cmd_export)


def cmd_run(args: argparse.Namespace) -> int:
    from .progress import make_progress

    options = RunOptions(workers=args.workers, include=tuple(args.include), exclude=tuple(args.exclude),
                         retry_failed=args.retry_failed, reextract=args.reextract, ray=args.ray,
                         memory_mb=args.memory_limit or None)
    progress = make_progress(sys.stderr)
    try:
        summary = run_corpus(args.paths, args.store, settings_from_args(args), options, progress=progress,
                             argv=sys.argv[1:])
    except GktablesError as exc:
        progress.close()
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        progress.close()
        print("gktables: interrupted; finished documents are in the store, run the same command to go on",
              file=sys.stderr)
        return EXIT_INTERRUPTED
    progress.close()
    print(summary.text(), file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    try:
        out = export(args.store, args.output, args.format, args.table, args.wide)
    except GktablesError as exc:
        print(f"gktables: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {out}", file=sys.stderr)
    return EXIT_OK
