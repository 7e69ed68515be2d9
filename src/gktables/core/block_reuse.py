"""二's rows given a value another row holds: read anew from the values after their label.

二 has no checks, so the order alignment and the passes that re-read its blocks (column by column
when a sign pins it, down the header boxes when printed box by box) may leave one printed value in
two rows' cells: a pass took a value for its block that the order had given a row outside it
(pdfminer: a one-row block such as 行政事业性收费 after a block printed column by column, the
stream shifted by one past it). A printed value belongs to one cell. Of the rows sharing one, a row
whose label is followed by exactly one value a cell, none held by another cell, reads those (print
order alone: flagged, its old value a candidate); a row without such a run stays as it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..report import Provenance, ReportWarning, Value
from ..values import parse_value
from .block_signs import value_run
from .items import Item
from .provenance import item_provenance
from .resolve import RowDecision

REREAD_CONFIDENCE = 0.5  # read by print order alone after a conflict: shown, flagged


def reread_reused_rows(decisions: Sequence[RowDecision], items: Sequence[Item], cells: dict[str, Value],
                       provenance: dict[str, Provenance], warnings: list[ReportWarning]) -> list[ReportWarning]:
    """Re-read the rows of 二 that share a printed value with another row (see the module's doc);
    the re-read cells leave the warnings about the reading they had and get one of their own."""
    holders = _holders(cells, provenance)
    shared = {span for span, keys in holders.items() if len({k.rsplit(".", 1)[0] for k in keys}) > 1}
    if not shared:
        return []
    out = []
    for d in decisions:
        keys = d.row.plan.keys
        anchor = d.row.plan.anchor
        if anchor is None or not any(_span(provenance, k) in shared for k in keys):
            continue
        own = value_run(items, anchor + 1)
        if len(own) != len(keys) or any(it.span is None or set(holders.get(it.span, ())) - set(keys)
                                         for it in own):
            continue  # not one a cell, or a value another row holds
        parsed = [parse_value(it.text, c.type, c.money_unit) for it, c in zip(own, d.row.plan.cols)]
        if not all(p.ok for p in parsed):
            continue
        for key, item, value in zip(keys, own, parsed):
            before = cells.get(key)
            cells[key] = value.value
            provenance[key] = item_provenance(item, min(item.confidence, REREAD_CONFIDENCE), "inferred",
                                              candidates=[before] if before not in (None, value.value) else None)
        out.append(ReportWarning(
            "value_read_twice",
            f"row {d.row.plan.label!r} had been given a value another row of 二 holds; it reads "
            f"'{' '.join(it.text for it in own)}', printed right after its label, by print order alone", list(keys)))
    taken = {k for w in out for k in w.keys}
    warnings[:] = [kept for w in warnings if (kept := w.without(taken)) is not None]
    return out + _still_shared(cells, provenance)


def _still_shared(cells: dict[str, Value], provenance: dict[str, Provenance]) -> list[ReportWarning]:
    """The rows still sharing a printed value once re-read: at most one of them holds it rightly
    and nothing says which, so every holder is flagged."""
    out = []
    for keys in _holders(cells, provenance).values():
        if len({k.rsplit(".", 1)[0] for k in keys}) < 2:
            continue
        for key in keys:
            provenance[key].confidence = min(provenance[key].confidence, REREAD_CONFIDENCE)
        out.append(ReportWarning(
            "value_read_twice",
            f"the value '{provenance[keys[0]].raw}' is printed once but was read into {len(keys)} cells of "
            f"different rows ({', '.join(keys)}); at most one holds it rightly", list(keys)))
    return out


def _holders(cells: dict[str, Value], provenance: dict[str, Provenance]) -> dict[tuple[int, int], list[str]]:
    """The cells of 二 each printed value (its span in the text) was read into."""
    out: dict[tuple[int, int], list[str]] = {}
    for key in cells:
        span = _span(provenance, key) if key.startswith("t2.") else None
        if span is not None:
            out.setdefault(span, []).append(key)
    return out


def _span(provenance: dict[str, Provenance], key: str) -> tuple[int, int] | None:
    prov = provenance.get(key)
    return None if prov is None or prov.span is None else (prov.span[0], prov.span[1])

