"""How well the grid places number-shaped cells as labels or numbers (``sources/ocr/label_grid.py``).

    python benchmarks/label_sort.py FILE...            # scans (images, PDFs, TIFFs) read by OCR
    python benchmarks/label_sort.py -v FILE...         # also every cell placed on the wrong side

Each file is read with the grid route off (every number-shaped cell read as a number cell, as
before session 11), so the truth does not depend on the rule measured: a number-shaped cell is a
label when it is decided as text (but a blank mark '/', '无', a dash, which stand in value cells),
a number otherwise. The rule is then applied to the same jobs. A label placed as a number only
takes the old route (time); a number placed as a label is read by the Chinese model first and,
read as a number, goes on to the digits reader (time), or, read as words, is decided as words —
the row 'numbers read as words' counts those (it must stay 0: it is where a value could be lost).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BLANK_MARKS = {"/", "／", "无", "-", "—"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    import gktables
    from gktables.sources.ocr import cell_ocr, reader
    from gktables.sources.ocr.cells import cell_key
    from gktables.sources.ocr.decide import decide_cell
    from gktables.sources.ocr.label_grid import grid_labels, reads_as_words

    cell_ocr.GRID_LABELS_FIRST = False
    pages: list = []
    cell_jobs = reader.cell_jobs

    def capture(tables, text, glyph):  # noqa: ANN001, ANN202
        jobs = cell_jobs(tables, text, glyph)
        pages.append((jobs, glyph))
        return jobs

    reader.cell_jobs = capture
    counts: collections.Counter = collections.Counter()
    for f in args.files:
        pages.clear()
        gktables.extract(f, {"ocr_engine": "tesseract", "time_limit_s": 3600}, kind="ocr")
        for jobs, glyph in pages:
            placed = {cell_key(j) for j in grid_labels(jobs, glyph)}
            for j in jobs:
                if not j.digits or not j.readings:
                    continue
                d = decide_cell(j, glyph)
                truth = "label" if d.kind == "text" and d.text.strip() not in BLANK_MARKS else "number"
                side = "label" if cell_key(j) in placed else "number"
                counts[(truth, side)] += 1
                if truth == "number" and side == "label" and reads_as_words(j.readings.get("text", d).text):
                    counts["numbers read as words"] += 1
                    if args.verbose:
                        print(f"  {f.name} t{j.table} r{j.box.row} c{j.box.col}: number {d.text!r} read as words "
                              f"{j.readings['text'].text!r}")
                if args.verbose and truth != side:
                    print(f"  {f.name} t{j.table} r{j.box.row} c{j.box.col} span {j.box.rowspan}x{j.box.colspan} "
                          f"{j.ink.width / glyph:.1f} glyphs: {truth} placed as {side}: {d.text!r}")
        print(f, dict(counts), flush=True)
    labels = counts[("label", "label")] + counts[("label", "number")]
    numbers = counts[("number", "number")] + counts[("number", "label")]
    print(f"labels placed as labels {counts[('label', 'label')]} / {labels}; "
          f"numbers placed as labels {counts[('number', 'label')]} / {numbers}; "
          f"numbers whose Chinese reading (if any) is words {counts['numbers read as words']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
