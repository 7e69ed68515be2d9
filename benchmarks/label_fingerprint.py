"""Can label cells' ink widths confirm the national template instead of reading the labels? (issue #13 item 3)

    python benchmarks/label_fingerprint.py                        # hongze's pages 2-4 at 200 dpi + every golden scan
    python benchmarks/label_fingerprint.py --tol 0.12 -v          # each 三 row: measured against expected width

A label cell's fingerprint is the sum over its lines of the line's inked extent, in the page's
glyph size (from the binary image the OCR reads; no engine involved). A template label's expected
width counts full-width characters (CJK, （）、“”) as 1 and ASCII as 0.5. Per table a scale is fitted
(the median ratio; fonts, spacing and the page's glyph estimate differ), and a row agrees when its
fingerprint is within ``--tol`` (relative, at least 0.6 glyph) of the scaled expectation.

Reported per table 三 fragment (the rightmost label of each row with numbers; a table split over two
pages is a fragment): the true alignment (from the labels as main recognises them), how many rows
agree there, at the alignment shifted by one row either way, and at the best wrong alignment of
either format (2019, 2021; a fragment may begin or end outside the template). And, from the
templates alone, sibling labels the fingerprint cannot tell apart (equal widths within ``--tol``):
a permutation of those is invisible to it.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ocr_speed  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT / "src" / "gktables" / "data" / "schema.json"
FULL = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]")


def width(label: str) -> float:
    return sum(1.0 if FULL.match(ch) else 0.5 for ch in label if not ch.isspace())


def fingerprint(ink: np.ndarray, glyph: float) -> float:
    """Summed inked extent of the lines of a cell's ink (True = ink), in glyphs."""
    rows = np.flatnonzero(ink.any(1))
    if not len(rows):
        return 0.0
    lines, start, last = [], rows[0], rows[0]
    for y in rows[1:]:
        if y - last > 0.35 * glyph:  # a gap between lines, not inside a character (二, 三)
            lines.append((start, last + 1))
            start = y
        last = y
    lines.append((start, last + 1))
    total = 0.0
    for a, b in lines:
        if b - a >= 0.3 * glyph:
            cols = np.flatnonzero(ink[a:b].any(0))
            total += (cols[-1] - cols[0] + 1) / glyph
    return total


def agrees(fp: float, expected: float, scale: float, tol: float) -> bool:
    return abs(fp - scale * expected) <= max(0.6, tol * scale * expected)


def leaf_widths() -> dict[str, list[tuple[str, float]]]:
    templates = json.loads(SCHEMA.read_text("utf-8"))["templates"]
    return {year: [(r["label"].split(" / ")[-1], width(r["label"].split(" / ")[-1])) for r in t["t3"]["rows"]]
            for year, t in templates.items()}


def blind_siblings(tol: float) -> list[tuple[str, str, str]]:
    """Sibling labels of the templates whose expected widths agree within tol."""
    templates = json.loads(SCHEMA.read_text("utf-8"))["templates"]
    groups: dict[str, list[str]] = {}
    for year, t in templates.items():
        groups[f"{year} t3 cols"] = [c["label"] for c in t["t3"]["cols"]]
        groups[f"{year} t4 cols"] = [c["label"] for c in t["t4"]["cols"]]
        for r in t["t3"]["rows"]:
            parts = r["label"].split(" / ")
            groups.setdefault(f"{year} t3 rows {' / '.join(parts[:-1])}", []).append(parts[-1])
    out = []
    for name, labels in groups.items():
        for i, a in enumerate(labels):
            out += [(name, a, b) for b in labels[i + 1:] if agrees(width(a), width(b), 1.0, tol)]
    return out


def capture_pages(docs: list[tuple[str, bytes]]) -> list[dict]:
    """Read each document as main does; per table, the label leaf of each row: (text, fingerprint)."""
    import gktables
    from gktables.sources.ocr import reader

    captured: list[tuple[list, np.ndarray, float]] = []
    read_cells = reader.read_cells

    def capture(jobs, text, alt, gray_ink, extra, engine, glyph):  # noqa: ANN001, ANN202, PLR0913
        captured.append((jobs, text, glyph))
        return read_cells(jobs, text, alt, gray_ink, extra, engine, glyph)

    reader.read_cells = capture
    out = []
    for name, data in docs:
        captured.clear()
        report = gktables.extract(data, {"ocr_engine": "tesseract", "time_limit_s": 3600}, name=name, kind="ocr")
        for g in report.layout.grids:
            t, kinds = g.debug["table_index"], g.debug["cell_kinds"]
            texts = {(c.row, c.col): c.text.replace("\n", "") for c in g.cells if c.text}
            # the page's last capture holding this table's cells (a page read upside down first is read twice)
            page = [(jobs, text, glyph) for jobs, text, glyph in captured
                    if {(j.box.row, j.box.col) for j in jobs if j.table == t and j.ink is not None} == set(texts)]
            if not page:
                continue
            jobs, text, glyph = page[-1]
            ink = {(j.box.row, j.box.col): j.ink for j in jobs if j.table == t and j.ink is not None}
            rows = []
            for r in sorted({r for r, _ in texts}):
                numbers = [c for (rr, c) in texts if rr == r and kinds.get(f"{r},{c}") == "number"]
                labels = [c for (rr, c) in texts if rr == r and numbers and c < min(numbers)
                          and kinds.get(f"{r},{c}") == "text"]
                if labels:
                    b = ink[(r, max(labels))]
                    cut = text[max(0, int(b.top)):int(np.ceil(b.bottom)), max(0, int(b.x0)):int(np.ceil(b.x1))] > 0
                    rows.append((texts[(r, max(labels))], fingerprint(cut, glyph)))
            out.append({"doc": name, "page": g.page, "table": t, "rows": rows})
    return out


def alignments(rows: list[tuple[str, float]], tol: float) -> list[tuple[int, int, str, int]]:
    """(rows agreeing, rows compared, format, offset) for every placement of the fragment on a template."""
    out = []
    for year, leaves in leaf_widths().items():
        for offset in range(-len(rows) + 1, len(leaves)):
            pairs = [(fp, leaves[offset + i][1]) for i, (_, fp) in enumerate(rows) if 0 <= offset + i < len(leaves)]
            if len(pairs) < min(len(rows), 4):
                continue
            scale = statistics.median(fp / w for fp, w in pairs)
            out.append((sum(agrees(fp, w, scale, tol) for fp, w in pairs), len(pairs), year, offset))
    return out


def true_offset(rows: list[tuple[str, float]]) -> dict[str, int]:
    """Per format, the offset a recognised label that occurs once in the template fixes (majority)."""
    from gktables.sources.ocr.known_labels import label_key

    out = {}
    for year, leaves in leaf_widths().items():
        keys = [label_key(lab) for lab, _ in leaves]
        votes = [keys.index(label_key(txt)) - i for i, (txt, _) in enumerate(rows) if keys.count(label_key(txt)) == 1]
        if votes:
            out[year] = statistics.mode(votes)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tol", type=float, default=0.12)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    pages = ocr_speed.render_pages(next(p for p in ocr_speed.REAL if p.exists()), 200)
    docs = [(f"hongze_2023_p{n}_200dpi.png", png) for n, png in pages.items()]
    docs += [(p.name, p.read_bytes()) for p in sorted((ROOT / "golden" / "scans").iterdir()) if p.suffix != ".json"]
    docs += [(p.name, p.read_bytes()) for p in sorted((ROOT / "golden" / "synthetic").glob("*scan*"))
             if p.suffix != ".json"]
    for table in capture_pages(docs):
        rows = table["rows"]
        truth = true_offset(rows)
        if len(rows) < 4 or len(truth) < 1 or sum(1 for _ in truth) == 0:
            continue
        found = alignments(rows, args.tol)
        true = [a for a in found if truth.get(a[2]) == a[3]]
        shifted = [a for a in found if a[2] in truth and abs(a[3] - truth[a[2]]) == 1]
        wrong = max((a for a in found if a[2] in truth and a[3] != truth[a[2]]), default=None)
        print(f"{table['doc']} p{table['page']} t{table['table']}: {len(rows)} rows; true "
              f"{[(a[2], a[3], f'{a[0]}/{a[1]}') for a in true]}; shifted by one "
              f"{[f'{a[0]}/{a[1]}' for a in shifted]}; best wrong {wrong}", flush=True)
        if args.verbose:
            year, offset = next(iter(truth.items()))
            leaves = leaf_widths()[year]
            pairs = [(txt, fp, leaves[offset + i]) for i, (txt, fp) in enumerate(rows) if 0 <= offset + i < len(leaves)]
            scale = statistics.median(fp / w for _, fp, (_, w) in pairs)
            for txt, fp, (lab, w) in pairs:
                print(f"    {fp:6.2f} vs {scale * w:6.2f} {'ok ' if agrees(fp, w, scale, args.tol) else 'NO '}"
                      f"{lab}  (read {txt})")
    blind = blind_siblings(args.tol)
    print(f"sibling labels of equal width (tol {args.tol}): {len(blind)}")
    for name, a, b in blind:
        print(f"    {name}: {a} ~ {b}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
