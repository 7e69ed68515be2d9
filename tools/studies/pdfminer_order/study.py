"""Study (session 21): how much of 三's pdfminer print order the table geometry decides.

Regenerated training PDFs in a folder; for each, the page(s) of 三 (between the 三 heading and the
四 heading), pdfminer's real text boxes as ``group_textboxes`` receives them, the value tokens (numeric
runs of chars, a box line may hold several cells) clustered into rows and columns. Variants replace
the bboxes and compare the simulated print order (tools/studies/pdfminer_order/simulate.py) with pdfminer's real one.

    python tools/studies/pdfminer_order/study.py /tmp/pm21s/pdf > out.txt
"""

from __future__ import annotations

import random
import re
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer import layout
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
from tools.studies.pdfminer_order.simulate import print_order  # noqa: E402

NUMERIC = re.compile(r"^[\d ]+$")


@dataclass
class Token:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    row: int = -1
    col: int = -1
    widths: tuple[float, ...] = ()


@dataclass
class Box:
    bbox: tuple[float, float, float, float]
    lines: list[str]
    tokens: list[Token] = field(default_factory=list)  # value tokens when the box is a value box
    region: str = "out"  # "t3" inside 三, "out" elsewhere

    @property
    def is_value(self) -> bool:
        return bool(self.tokens)


def capture_pages(pdf: str) -> list[list]:
    """pdfminer's text boxes per page in the order group_textboxes receives them (the id tie order)."""
    got: list[list] = []
    orig = layout.LTLayoutContainer.group_textboxes

    def spy(self, laparams, boxes):  # type: ignore[no-untyped-def]
        got.append(list(boxes))
        return orig(self, laparams, boxes)

    layout.LTLayoutContainer.group_textboxes = spy  # type: ignore[method-assign]
    try:
        list(extract_pages(pdf))
    finally:
        layout.LTLayoutContainer.group_textboxes = orig  # type: ignore[method-assign]
    return got


def line_tokens(line) -> list[Token]:  # type: ignore[no-untyped-def]
    toks: list[Token] = []
    cur: list[LTChar] = []
    for ch in list(line) + [None]:
        if isinstance(ch, LTChar) and ch.get_text().isdigit():
            cur.append(ch)
            continue
        if cur:
            toks.append(Token("".join(c.get_text() for c in cur), min(c.x0 for c in cur), min(c.y0 for c in cur),
                              max(c.x1 for c in cur), max(c.y1 for c in cur), widths=tuple(c.width for c in cur)))
            cur = []
    return toks


def to_boxes(raw: list) -> list[Box]:
    out = []
    for b in raw:
        lines = [ln.get_text().strip() for ln in b]
        box = Box(b.bbox, lines)
        if all(NUMERIC.match(t) for t in lines if t) and any(lines):
            box.tokens = [t for ln in b for t in line_tokens(ln)]
        out.append(box)
    return out


def mark_t3(pages: list[list[Box]]) -> list[int]:
    """Mark the boxes of 三 (below its heading, above 四's heading, across pages); the pages it spans."""
    inside = False
    spanned = []
    for p, boxes in enumerate(pages):
        top = [b for b in boxes]
        start = next((b for b in top if b.lines and b.lines[0].startswith("三、收到和处理")), None)
        end = next((b for b in top if b.lines and re.match(r"^四、政府信息公开行政复议", b.lines[0])), None)
        if start is None and not inside:
            continue
        y_hi = start.bbox[1] if start is not None else 1e9
        y_lo = end.bbox[3] if end is not None else -1e9
        for b in boxes:
            cy = (b.bbox[1] + b.bbox[3]) / 2
            if y_lo < cy < y_hi:
                b.region = "t3"
        spanned.append(p)
        inside = end is None
        if not inside:
            break
    return spanned


def cluster(values: list[float], gap: float) -> list[float]:
    """Centres of 1-D clusters (sorted values split where the gap exceeds ``gap``)."""
    vs = sorted(values)
    groups = [[vs[0]]]
    for v in vs[1:]:
        if v - groups[-1][-1] > gap:
            groups.append([])
        groups[-1].append(v)
    return [statistics.fmean(g) for g in groups]


def nearest(centres: list[float], v: float) -> int:
    return min(range(len(centres)), key=lambda k: abs(centres[k] - v))


FONT_W: dict[str, float] = {}


def font_widths(boxes: list[Box]) -> None:
    """Each digit's median glyph width on the page (what a font metric table would give)."""
    per: dict[str, list[float]] = {}
    for b in boxes:
        for t in b.tokens:
            for c, w in zip(t.text, t.widths):
                per.setdefault(c, []).append(w)
    FONT_W.clear()
    FONT_W.update({c: statistics.median(ws) for c, ws in per.items()})


def grid_of(boxes: list[Box]) -> tuple[list[float], list[float], float, float]:
    toks = [t for b in boxes if b.region == "t3" for t in b.tokens]
    rows = cluster([(t.y0 + t.y1) / 2 for t in toks], 3.0)
    cols = cluster([(t.x0 + t.x1) / 2 for t in toks], 4.0)
    for t in toks:
        t.row, t.col = nearest(rows, (t.y0 + t.y1) / 2), nearest(cols, (t.x0 + t.x1) / 2)
    font_widths(boxes)
    digit_w = statistics.median((t.x1 - t.x0) / len(t.text) for t in toks)
    height = statistics.median(t.y1 - t.y0 for t in toks)
    return rows, cols, digit_w, height


def ideal_bbox(box: Box, rows: list[float], cols: list[float], dw: float, h: float,
               width_digits: int | None, keep: str = "") -> tuple[float, float, float, float]:
    """The box's bbox from its cells' grid centres; ``keep`` "x", "y" or "w" keeps that real fact."""
    xs, ys = [], []
    for t in box.tokens:
        w = t.x1 - t.x0 if "w" in keep else dw * (width_digits or len(t.text))
        if "f" in keep:
            w = sum(FONT_W[c] for c in t.text)
        cx = (t.x0 + t.x1) / 2 if "x" in keep else cols[t.col]
        cy = (t.y0 + t.y1) / 2 if "y" in keep else rows[t.row]
        xs += [cx - w / 2, cx + w / 2]
        ys += [cy - h / 2, cy + h / 2]
    return (min(xs), min(ys), max(xs), max(ys))


def value_sequence(boxes: list[Box], order: list[int]) -> list[tuple[tuple[int, int], ...]]:
    """The 三 value boxes in print order, each as its cells (row, col)."""
    return [tuple((t.row, t.col) for t in boxes[i].tokens) for i in order
            if boxes[i].region == "t3" and boxes[i].is_value]


def variant_bboxes(boxes: list[Box], grid, variant: str, rng: random.Random) -> list:  # type: ignore[no-untyped-def]
    rows, cols, dw, h = grid
    if variant.startswith("jitter") or variant.startswith("labeljitter"):
        variant = variant + "_keepf"
    if variant.startswith("jitter"):
        amp = float(variant.split(":")[1].split("_")[0])
        rows = [r + rng.uniform(-amp, amp) for r in rows]
        cols = [c + rng.uniform(-amp, amp) for c in cols]
    out = []
    for b in boxes:
        if variant.startswith("labeljitter") and b.region == "t3" and not b.is_value:
            amp = float(variant.split(":")[1].split("_")[0])
            ddx, ddy = rng.uniform(-amp, amp), rng.uniform(-amp, amp)
            x0, y0, x1, y1 = b.bbox
            out.append((x0 + ddx, y0 + ddy, x1 + ddx, y1 + ddy))
            continue
        if b.region == "t3" and b.is_value and variant != "real":
            keep = variant.split("_keep")[1] if "_keep" in variant else ""
            out.append(ideal_bbox(b, rows, cols, dw, h, 1 if variant == "ideal_w1" else None, keep))
        else:
            out.append(b.bbox)
    return out


VARIANTS = ["real", "ideal", "ideal_keepw", "ideal_keepxw", "ideal_keepyw", "ideal_keepxy", "ideal_keepf", "ideal_w1",
            "ideal_keepf_noprose",
            "jitter:0.5", "jitter:1.5", "jitter:3", "labeljitter:0.5", "labeljitter:1.5", "labeljitter:3"]


def study(pdf: str, rng: random.Random) -> dict[str, object]:
    pages = [to_boxes(raw) for raw in capture_pages(pdf)]
    spanned = mark_t3(pages)
    res: dict[str, object] = {"pages": len(spanned)}
    for variant in VARIANTS:
        same_all = same_val = True
        for p in spanned:
            boxes = pages[p]
            if not any(b.region == "t3" and b.is_value for b in boxes):
                continue
            grid = grid_of(boxes)
            truth = print_order([b.bbox for b in boxes])
            keep = list(range(len(boxes)))
            if "noprose" in variant:
                keep = [i for i, b in enumerate(boxes) if b.region == "t3"]
            sub = [boxes[i] for i in keep]
            sim = [keep[i] for i in print_order(variant_bboxes(sub, grid, variant, rng))]
            truth_kept = [i for i in truth if i in set(keep)]
            same_all &= sim == truth_kept
            same_val &= value_sequence(boxes, sim) == value_sequence(boxes, truth)
        res[variant] = (same_all, same_val)
    return res


def main() -> None:
    folder = Path(sys.argv[1])
    if len(sys.argv) > 2:
        VARIANTS[:] = sys.argv[2].split(",")
    rng = random.Random(21)
    counts = {v: [0, 0] for v in VARIANTS}
    docs = sorted(folder.glob("*.pdf"))
    for pdf in docs:
        res = study(str(pdf), rng)
        flags = " ".join(f"{v}={'A' if res[v][0] else ('v' if res[v][1] else '-')}" for v in VARIANTS)  # type: ignore[index]
        print(pdf.stem, res["pages"], flags, flush=True)
        for v in VARIANTS:
            counts[v][0] += res[v][0]  # type: ignore[index]
            counts[v][1] += res[v][1]  # type: ignore[index]
    print("docs", len(docs))
    for v in VARIANTS:
        print(f"{v:15s} whole page order same {counts[v][0]:3d}  value-box order same {counts[v][1]:3d}")


if __name__ == "__main__":
    main()
