"""Upper bound of the OCR time that label cells cost: hongze_2023's table pages read with label cells not read.

    taskset -c 0 python benchmarks/ocr_label_bound.py none 2      # as main reads (the reference)
    taskset -c 0 python benchmarks/ocr_label_bound.py all 2       # no label cell read at all
    taskset -c 0 python benchmarks/ocr_label_bound.py round1 2    # only the wide labels (round 1) not read
    taskset -c 0 python benchmarks/ocr_label_bound.py round2 2    # only the number-shaped labels not read
    taskset -c 0 python benchmarks/ocr_label_bound.py rows3 2     # only table 三's row labels not read
    taskset -c 0 python benchmarks/ocr_label_bound.py chinese 2   # number-shaped labels read, by the Chinese model only

Each page is first read as main reads it (untimed); the cells decided as text there ("labels") are
the oracle: in the timed reads (``runs`` per page, as ``benchmarks/ocr_speed.py`` renders and counts
them) the chosen label cells get that text without any engine seeing them, as if a free, perfect
template confirmation had given it. The engine batches then lack those crops, so the other cells'
mosaics change; the digest of the cells shows whether they still read the same. A measure of how
much a label-skipping scheme could gain at best, not a reader. ``rows3`` is specific to hongze's
layout (三's rows: page 3's second table from row 3, page 4's first table). ``chinese`` gives no
text: the number-shaped label cells are read as wide labels are (Chinese model, round 1), never by
the digits reader — a perfect label-or-number classifier, the bound of sessions 6-7's route.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ocr_speed  # noqa: E402

MODES = ("none", "all", "round1", "round2", "rows3", "chinese")


def skipped(mode: str, page: int, job) -> bool:  # noqa: ANN001 - a CellJob
    if mode == "rows3":
        return (page == 3 and job.table == 1 and job.box.row >= 3) or (page == 4 and job.table == 0)
    return mode == "all" or (mode == "round1") == (not job.digits)


def main() -> int:
    mode, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2
    if mode not in MODES:
        raise SystemExit(f"mode: one of {MODES}")
    import gktables
    from gktables.sources.ocr import reader
    from gktables.sources.ocr.engines import Reading

    settings = {"ocr_engine": "tesseract", "time_limit_s": 3600}
    pages = ocr_speed.render_pages(next(p for p in ocr_speed.REAL if p.exists()), 200)
    known: dict[int, dict[tuple[int, int, int], str]] = {}
    for n, png in pages.items():  # the oracle (and the warm-up)
        report = gktables.extract(png, settings, name=f"p{n}.png", kind="ocr")
        known[n] = {(g.debug["table_index"], c.row, c.col): c.text for g in report.layout.grids for c in g.cells
                    if g.debug["cell_kinds"].get(f"{c.row},{c.col}") == "text" and c.text}
    current = [0]
    read_cells = reader.read_cells

    def without_labels(jobs, text, alt, gray_ink, extra, engine, glyph):  # noqa: ANN001, ANN202, PLR0913
        page = known[current[0]]
        skip = [j for j in jobs if j.ink is not None and (j.table, j.box.row, j.box.col) in page
                and skipped(mode, current[0], j)]
        if mode == "chinese":
            for j in jobs:
                j.digits = j.digits and (j.table, j.box.row, j.box.col) not in page
            return read_cells(jobs, text, alt, gray_ink, extra, engine, glyph)
        out = read_cells([j for j in jobs if all(j is not s for s in skip)], text, alt, gray_ink, extra, engine, glyph)
        for j in skip:
            j.digits = False
            j.readings["text"] = Reading(page[(j.table, j.box.row, j.box.col)], 0.99)
        return out

    if mode != "none":
        reader.read_cells = without_labels
    calls: list[dict] = []
    ocr_speed.record_engine_calls(calls)
    cpu = []
    for run in range(runs):
        for n, png in pages.items():
            current[0] = n
            calls.clear()
            report = gktables.extract(png, settings, name=f"p{n}.png", kind="ocr")
            page = next(iter(report.layout.debug["pages"].values()))
            cells = sorted((g.page, c.row, c.col, c.text) for g in report.layout.grids for c in g.cells)
            digest = hashlib.blake2b(json.dumps(cells, ensure_ascii=False).encode(), digest_size=4).hexdigest()
            cpu.append(page["timings"]["cpu_s"])
            print(run, n, page["timings"]["cpu_s"], digest,
                  " | ".join(f"{c['kind']} {c['crops']} {c['cpu_s']}" for c in calls), flush=True)
    print(mode, "median CPU per table page", statistics.median(cpu))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
