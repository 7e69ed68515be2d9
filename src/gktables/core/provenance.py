"""A cell's provenance built from the printed item it was read from: one place for what an item
tells about where a value came from."""

from __future__ import annotations

from ..report import DecidedBy, Provenance, Value
from .items import Item


def item_provenance(item: Item, confidence: float, decided_by: DecidedBy, raw: str | None = None,
                    candidates: list[Value] | None = None) -> Provenance:
    """Where a cell read from ``item`` came from (``raw``: the part of its text taken, when not all)."""
    return Provenance(source=item.source, raw=item.text if raw is None else raw, confidence=confidence,
                      decided_by=decided_by, page=item.page, bbox=item.bbox.as_list() if item.bbox else None,
                      candidates=candidates, span=item.span)
