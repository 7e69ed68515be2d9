"""Study (session 21): can 三's row positions be told from the text (label line wraps)?

Per doc and page of 三: row centres of the value cells, each row's label lines (the most lines of a
label box centred on the row), least-squares fit of the row pitch as ``A + B * extra lines`` with the
pitch between consecutive rows the mean of their heights; the largest residual says how well a
two-parameter row model (line height, padding) places the rows.

    python tools/studies/pdfminer_order/rows.py PDF_DIR
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tools.studies.pdfminer_order.study import capture_pages, grid_of, mark_t3, to_boxes  # noqa: E402


def fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    return my - b * mx, b


def main() -> None:
    worst = []
    for pdf in sorted(Path(sys.argv[1]).glob("*.pdf")):
        pages = [to_boxes(raw) for raw in capture_pages(str(pdf))]
        res = []
        for p in mark_t3(pages):
            boxes = pages[p]
            if not any(b.region == "t3" and b.is_value for b in boxes):
                continue
            rows, cols, _, _ = grid_of(boxes)
            rows = sorted(rows, reverse=True)
            x_min = min(cols) - 15
            labels = [b for b in boxes if b.region == "t3" and not b.is_value and b.bbox[2] < x_min]
            extra = []
            for r in rows:
                near = [len(b.lines) for b in labels if abs((b.bbox[1] + b.bbox[3]) / 2 - r) < 3.5]
                extra.append(max(near, default=1) - 1)
            xs = [(extra[i] + extra[i + 1]) / 2 for i in range(len(rows) - 1)]
            ys = [rows[i] - rows[i + 1] for i in range(len(rows) - 1)]
            if len(ys) < 3:
                continue
            a, b = fit(xs, ys)
            res.append(max(abs(y - (a + b * x)) for x, y in zip(xs, ys)))
            print(f"{pdf.stem} page {p} rows {len(rows)} pitch A={a:.2f} B={b:.2f} max_residual={res[-1]:.2f}",
                  flush=True)
        worst.append(max(res, default=0.0))
    print("docs", len(worst), "max residual ≤0.5:", sum(w <= 0.5 for w in worst), "≤1.5:", sum(w <= 1.5 for w in worst),
          "median", round(statistics.median(worst), 2))


if __name__ == "__main__":
    main()
