"""Study (session 21), step 3: sweep a small parameter grid of 三's value-cell geometry and simulate.

Labels, headers and prose keep their real bboxes; each value cell is put at
``x = x_top + sx * (col_centre - x_top) + dx`` and ``y = y_top - sy * (y_top - row_centre)`` with the
width of its digits from the font (the values are known: an oracle on the assignment, so this is an
upper bound of what an estimate could do). For each doc: how many distinct value-box orders the grid
yields, how many settings give the observed box-size sequence, and how many of those give the true
cell order (a reader choosing a setting by the box-size sequence would read those right).

    python tools/studies/pdfminer_order/sweep.py /tmp/pm21s/pdf > out.txt
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tools.studies.pdfminer_order.simulate import print_order  # noqa: E402
from tools.studies.pdfminer_order.study import FONT_W, Box, capture_pages, grid_of, mark_t3, to_boxes, value_sequence  # noqa: E402

SY = (0.99, 0.995, 1.0, 1.005, 1.01)
DX = (-2.0, -1.0, 0.0, 1.0, 2.0)
SX = (0.99, 1.0, 1.01)
BLIND_DIGITS = [0]  # > 0: every value cell as wide as this many average digits (no knowledge of the values)


def printed_width(token) -> float:  # type: ignore[no-untyped-def]
    """A value's width from its digits' font widths, or BLIND_DIGITS average digits when set."""
    if BLIND_DIGITS[0]:
        return BLIND_DIGITS[0] * sum(FONT_W.values()) / len(FONT_W)
    return sum(FONT_W[c] for c in token.text)


def swept_bboxes(boxes: list[Box], rows: list[float], cols: list[float], h: float, sy: float, dx: float, sx: float,
                 width_of=printed_width):  # type: ignore[no-untyped-def]
    y_top, x_left = max(rows), min(cols)
    out = []
    for b in boxes:
        if not (b.region == "t3" and b.is_value):
            out.append(b.bbox)
            continue
        xs, ys = [], []
        for t in b.tokens:
            w = width_of(t)
            cx = x_left + sx * (cols[t.col] - x_left) + dx
            cy = y_top - sy * (y_top - rows[t.row])
            xs += [cx - w / 2, cx + w / 2]
            ys += [cy - h / 2, cy + h / 2]
        out.append((min(xs), min(ys), max(xs), max(ys)))
    return out


def sizes(boxes: list[Box], seq) -> tuple:  # type: ignore[no-untyped-def]
    return tuple(len(cells) for cells in seq)


def sweep(pdf: str) -> tuple[int, int, int, int, bool]:
    pages = [to_boxes(raw) for raw in capture_pages(pdf)]
    spanned = [p for p in mark_t3(pages) if any(b.region == "t3" and b.is_value for b in pages[p])]
    grids = {p: grid_of(pages[p]) for p in spanned}
    truth = {p: value_sequence(pages[p], print_order([b.bbox for b in pages[p]])) for p in spanned}
    orders, settings, size_ok, right = set(), 0, 0, 0
    for sy, dx, sx in itertools.product(SY, DX, SX):
        seqs = []
        for p in spanned:
            rows, cols, _dw, h = grids[p]
            grid_of(pages[p])  # refresh FONT_W for this page
            seqs.append(value_sequence(pages[p], print_order(swept_bboxes(pages[p], rows, cols, h, sy, dx, sx))))
        settings += 1
        orders.add(tuple(tuple(s) for s in seqs))
        if all(sizes(pages[p], s) == sizes(pages[p], truth[p]) for p, s in zip(spanned, seqs)):
            size_ok += 1
            right += all(s == truth[p] for p, s in zip(spanned, seqs))
    centre_right = True
    return settings, len(orders), size_ok, right, centre_right


def main() -> None:
    docs = sorted(Path(sys.argv[1]).glob("*.pdf"))
    tot = {"docs": 0, "some_size_ok": 0, "all_size_ok_right": 0, "size_ok_but_wrong": 0}
    for pdf in docs:
        settings, n_orders, size_ok, right = sweep(str(pdf))[:4]
        print(f"{pdf.stem} settings={settings} distinct_orders={n_orders} size_seq_ok={size_ok} of_which_right={right}",
              flush=True)
        tot["docs"] += 1
        tot["some_size_ok"] += size_ok > 0
        tot["all_size_ok_right"] += size_ok > 0 and right == size_ok
        tot["size_ok_but_wrong"] += size_ok > right
    print(tot)


if __name__ == "__main__":
    main()
