"""Study (session 21, issue #12): pdfminer.six's text-box grouping and ordering over abstract boxes.

pdfminer (LAParams defaults) prints a page's text boxes in the order of a hierarchy built by
``LTLayoutContainer.group_textboxes``: repeatedly merge the closest pair (distance = area of the
union bbox less the two areas); a pair with another element inside its union bbox is deferred
(re-queued with the flag ``True``, so it comes after every unflagged pair); each group orders its two
children by ``(1-flow)*x0 - (1+flow)*(y0+y1)``. This module reimplements exactly that over plain
``(x0, y0, x1, y1)`` boxes so that a table geometry estimated from the text can be turned into the
order pdfminer would print. pdfminer breaks exact distance ties by ``id()`` (memory addresses); here
the ties go by creation order (boxes in input order, then groups as they are made).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

Rect = tuple[float, float, float, float]


class _Node:
    __slots__ = ("x0", "y0", "x1", "y1", "kids", "leaf", "uid")

    def __init__(self, bbox: Rect, uid: int, leaf: int = -1, kids: tuple[_Node, ...] = ()) -> None:
        self.x0, self.y0, self.x1, self.y1 = bbox
        self.uid, self.leaf, self.kids = uid, leaf, kids

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.y1 - self.y0)


def _dist(a: _Node, b: _Node) -> float:
    w = max(a.x1, b.x1) - min(a.x0, b.x0)
    h = max(a.y1, b.y1) - min(a.y0, b.y0)
    return w * h - a.area - b.area


def _anything_between(a: _Node, b: _Node, alive: dict[int, _Node]) -> bool:
    x0, y0 = min(a.x0, b.x0), min(a.y0, b.y0)
    x1, y1 = max(a.x1, b.x1), max(a.y1, b.y1)
    for n in alive.values():
        if n is a or n is b:
            continue
        if not (n.x1 <= x0 or x1 <= n.x0 or n.y1 <= y0 or y1 <= n.y0):
            return True
    return False


def _merge(a: _Node, b: _Node, uid: int, flow: float) -> _Node:
    kids = sorted((a, b), key=lambda n: (1 - flow) * n.x0 - (1 + flow) * (n.y0 + n.y1))
    bbox = (min(a.x0, b.x0), min(a.y0, b.y0), max(a.x1, b.x1), max(a.y1, b.y1))
    return _Node(bbox, uid, kids=(kids[0], kids[1]))


def _leaves(node: _Node) -> list[int]:
    out: list[int] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.leaf >= 0:
            out.append(n.leaf)
        else:
            stack.extend(reversed(n.kids))
    return out


def print_order(boxes: Sequence[Rect], flow: float = 0.5) -> list[int]:
    """Indices of ``boxes`` in the order pdfminer's ``extract_text`` prints them."""
    if len(boxes) <= 1:
        return list(range(len(boxes)))
    alive = {i: _Node(b, i, leaf=i) for i, b in enumerate(boxes)}
    heap = [(False, _dist(alive[i], alive[j]), i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))]
    heapq.heapify(heap)
    uid = len(boxes)
    while heap:
        skip, d, i, j = heapq.heappop(heap)
        if i not in alive or j not in alive:
            continue
        a, b = alive[i], alive[j]
        if not skip and _anything_between(a, b, alive):
            heapq.heappush(heap, (True, d, i, j))
            continue
        group = _merge(a, b, uid, flow)
        del alive[i], alive[j]
        for other in alive.values():
            heapq.heappush(heap, (False, _dist(group, other), uid, other.uid))
        alive[uid] = group
        uid += 1
    order: list[int] = []
    for node in alive.values():
        order.extend(_leaves(node))
    return order
