"""Study (session 21): can the values' widths be found with the order (the widths are the reading's)?

Exact geometry (value grid from the real cells, real labels/prose); start with every value cell two
average digits wide, simulate, read the observed value stream along the simulated order, give each cell
the width of the value read there, simulate again, until the order repeats (at most 12 rounds).
Per doc: does the fixed point reach the true order?

    python tools/studies/pdfminer_order/fixpoint.py PDF_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tools.studies.pdfminer_order.simulate import print_order  # noqa: E402
from tools.studies.pdfminer_order.study import FONT_W, capture_pages, grid_of, mark_t3, to_boxes, value_sequence  # noqa: E402
from tools.studies.pdfminer_order.sweep import swept_bboxes  # noqa: E402


def page(boxes) -> str:  # type: ignore[no-untyped-def]
    rows, cols, _dw, h = grid_of(boxes)
    avg = sum(FONT_W.values()) / len(FONT_W)
    truth = value_sequence(boxes, print_order([b.bbox for b in boxes]))
    value_at = {(t.row, t.col): t.text for b in boxes if b.region == "t3" for t in b.tokens}
    stream = [value_at[c] for box in truth for c in box]
    read: dict[tuple[int, int], str] = {}
    seen = []
    for rnd in range(12):
        def width_of(t, read=read):  # type: ignore[no-untyped-def]
            return sum(FONT_W.get(c, avg) for c in read[(t.row, t.col)]) if read else 2 * avg
        seq = value_sequence(boxes, print_order(swept_bboxes(boxes, rows, cols, h, 1.0, 0.0, 1.0, width_of)))
        if seq == truth:
            return f"true@{rnd}"
        if seq in seen:
            return f"cycle@{rnd}"
        seen.append(seq)
        cells = [c for box in seq for c in box]
        read = dict(zip(cells, stream)) if len(cells) == len(stream) else read
    return "no"


def main() -> None:
    tally: dict[str, int] = {}
    for pdf in sorted(Path(sys.argv[1]).glob("*.pdf")):
        pages = [to_boxes(raw) for raw in capture_pages(str(pdf))]
        res = [page(pages[p]) for p in mark_t3(pages) if any(b.region == "t3" and b.is_value for b in pages[p])]
        verdict = "true" if all(r.startswith("true") for r in res) else "not"
        tally[verdict] = tally.get(verdict, 0) + 1
        print(pdf.stem, verdict, res, flush=True)
    print(tally)


if __name__ == "__main__":
    main()
