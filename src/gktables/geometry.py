"""Geometry shared by every source that finds tables by their lines: ruling segments and the 1-D
clustering that snaps near-equal positions into row and column boundaries.

PDF rulings (points, from vector paths) and scan rulings (pixels, from morphology) are the same
object; a scan's ruling also knows its stroke thickness and the breaks that were joined across it.
Boxes (:class:`gktables.layout.BBox`) live with the layout they describe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Axis = Literal["h", "v"]

__all__ = ["Axis", "Ruling", "cluster_positions"]


@dataclass(frozen=True, slots=True)
class Ruling:
    """A straight axis-aligned line: y (for "h") or x (for "v") at ``pos``, from ``start`` to ``end``."""

    axis: Axis
    pos: float  # y of a horizontal, x of a vertical (centre of the stroke)
    start: float  # x0 of a horizontal, top of a vertical
    end: float
    thickness: float = 0.0  # stroke width where it was measured (scans); 0 when unknown
    gaps: tuple[tuple[float, float], ...] = ()  # breaks joined across (start, end): a broken or faint line

    @property
    def length(self) -> float:
        return self.end - self.start

    def as_list(self, ndigits: int = 2) -> list[str | float]:
        return [self.axis, round(self.pos, ndigits), round(self.start, ndigits), round(self.end, ndigits)]


def cluster_extents(values: Sequence[float], tol: float) -> list[tuple[float, float]]:
    """1-D single-linkage clusters of positions (a gap above ``tol`` starts a new one) → each one's
    least and greatest position, sorted."""
    out: list[tuple[float, float]] = []
    for value in sorted(values):
        if out and value - out[-1][1] <= tol:
            out[-1] = (out[-1][0], value)
        else:
            out.append((value, value))
    return out


def cluster_positions(values: Sequence[float], tol: float, weights: Sequence[float] | None = None) -> list[float]:
    """1-D single-linkage clusters of positions (a gap above ``tol`` starts a new one) → their
    weighted means, sorted."""
    if not values:
        return []
    pairs = sorted(zip(values, weights if weights is not None else [1.0] * len(values)))
    out: list[float] = []
    total = weighted = 0.0
    last = pairs[0][0]
    for value, weight in pairs:
        if value - last > tol:
            out.append(weighted / total if total else last)
            total = weighted = 0.0
        total += weight
        weighted += value * weight
        last = value
    out.append(weighted / total if total else last)
    return out
