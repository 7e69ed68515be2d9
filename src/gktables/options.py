"""The reading options the commands share: declared on a parser, read back into Settings.

Its own module so that the main CLI and the command groups it registers (corpus, audit, review)
both import it, and neither imports the other's module.
"""

from __future__ import annotations

import argparse
import sys

from .settings import Settings


def add_reading_options(p: argparse.ArgumentParser) -> None:
    """Every reading option (`extract` and `debug` take them all; `run` declares a subset itself)."""
    p.add_argument("--ocr", action="store_true", help="OCR every PDF page, even with a text layer")
    p.add_argument("--text", action="store_true", help="read the file as text (a broken extraction)")
    p.add_argument("--time-limit", type=float, help="seconds per document (default 120)")
    p.add_argument("--backend", choices=("builtin", "camelot", "pdfplumber"),
                   help="PDF table reader: builtin (default: gktables' own rulings and word grids) or camelot; "
                        "pdfplumber is the deprecated name of builtin")
    p.add_argument("--engine", choices=("tesseract", "rapidocr"), help="OCR engine")
    p.add_argument("--dpi", type=int, help="rasterisation of scanned PDFs")


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Settings from the reading options a command declares (commands declare a subset of them)."""
    overrides: dict[str, object] = {"force_ocr": getattr(args, "ocr", False),
                                    "force_text": getattr(args, "text", False)}
    if getattr(args, "time_limit", None) is not None:
        overrides["time_limit_s"] = float(args.time_limit)
    if getattr(args, "backend", None):
        overrides["pdf_backend"] = args.backend
        if args.backend == "pdfplumber":
            print("gktables: --backend pdfplumber is deprecated; it is now called --backend builtin", file=sys.stderr)
            overrides["pdf_backend"] = "builtin"
    if getattr(args, "engine", None):
        overrides["ocr_engine"] = args.engine
    if getattr(args, "dpi", None) is not None:
        overrides["ocr_dpi"] = args.dpi
    return Settings.resolve(None, **overrides)
