"""Slots of a ruled table → cells with spans, shared by every reader that finds rulings."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable

from ..layout import BBox


@dataclass(frozen=True)
class CellBox:
    """One cell of a detected grid: its slot span and its box (inside the rulings)."""

    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox


Rect = tuple[int, int, int, int]  # first row, first col, last row, last col


def merge_open_slots(n_rows: int, n_cols: int, open_right: Callable[[int, int], bool],
                     open_below: Callable[[int, int], bool]) -> list[Rect]:
    """Join slots that no ruling separates into rectangles, sorted by (row, col).

    ``open_right(r, c)``: no line between slot (r, c) and (r, c + 1); ``open_below(r, c)``: none
    between (r, c) and (r + 1, c). A joined group that is not a rectangle (a line missing inside a
    ragged area) is cut into its row-wise runs, so cells never overlap.
    """
    parent = list(range(n_rows * n_cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb

    for r in range(n_rows):
        for c in range(n_cols):
            if c + 1 < n_cols and open_right(r, c):
                union(r * n_cols + c, r * n_cols + c + 1)
            if r + 1 < n_rows and open_below(r, c):
                union(r * n_cols + c, (r + 1) * n_cols + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            groups.setdefault(find(r * n_cols + c), []).append((r, c))
    rects: list[Rect] = []
    for members in groups.values():
        r0, r1 = min(m[0] for m in members), max(m[0] for m in members)
        c0, c1 = min(m[1] for m in members), max(m[1] for m in members)
        if len(members) == (r1 - r0 + 1) * (c1 - c0 + 1):
            rects.append((r0, c0, r1, c1))
            continue
        for r in range(r0, r1 + 1):
            cols = sorted(c for rr, c in members if rr == r)
            start = prev = cols[0]
            for nxt in cols[1:] + [None]:
                if nxt is None or nxt != prev + 1:
                    rects.append((r, start, r, prev))
                    start = nxt if nxt is not None else start
                if nxt is not None:
                    prev = nxt
    rects.sort(key=lambda rect: (rect[0], rect[1]))
    return rects
