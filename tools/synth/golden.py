"""Regenerate the committed set: ``python -m tools.synth.golden [--out golden/synthetic]``.

Seed 1: every kind × variant in both national formats (64 documents). Seed 2: the mixed format
(2021 table 二, single （六） row) for a DOCX, PDF, scan, HTML page and three texts.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from pathlib import Path

from .cli import generate
from .model import KINDS
from .plan import VARIANTS

ROOT = Path(__file__).resolve().parents[2]
MIXED_VARIANTS = ["official", "page_break_no_repeat", "tiff300_g4", "cms_nowrap", "tsv", "scraped"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tools.synth.golden", description=__doc__)
    ap.add_argument("--out", type=Path, default=ROOT / "golden" / "synthetic")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    t0 = time.time()
    if args.out.exists():
        shutil.rmtree(args.out)
    kinds = list(KINDS)
    n_combos = sum(len(VARIANTS[k]) for k in kinds)
    generate(args.out, 1, 2 * n_combos, kinds, ["2019", "2021"])
    generate(args.out, 2, 8, kinds, ["mixed"], MIXED_VARIANTS)
    size = sum(f.stat().st_size for f in args.out.iterdir())
    logging.info("committed set: %d files, %.1f MB, %.0fs", len(list(args.out.iterdir())), size / 1e6, time.time() - t0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
