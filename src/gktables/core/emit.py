"""A table's row decisions → cells, provenance and the warnings each row's reading calls for.

The resolver has chosen one reading per row (:mod:`.resolve`); here every cell of it is written
with its provenance and confidence, and a row read with doubt (several readings left, blanks
placed, digits cut by cost alone, an OCR alternative taken, printed numbers left out) is named
by a warning on the keys the doubt reaches.
"""

from __future__ import annotations

from ..report import Provenance, ReportWarning, Value
from ..values import is_lone_minus
from .candidates import Piece
from .items import Item
from .resolve import CellDecision, RowDecision
from .provenance import item_provenance


def emit_rows(decisions: list[RowDecision], cells: dict[str, Value], provenance: dict[str, Provenance],
          warnings: list[ReportWarning]) -> None:
    for d in decisions:
        plan = d.row.plan
        ambiguous: list[tuple[str, CellDecision]] = []
        inferred: list[str] = []
        for key, piece, cell in zip(plan.keys, d.reading.pieces, d.cells):
            cells[key] = cell.value
            provenance[key] = _provenance(piece, cell)
            if cell.candidates:
                ambiguous.append((key, cell))
            elif piece.inferred:
                inferred.append(key)
        if ambiguous:
            raw = " ".join(t.text for t in d.row.tokens)
            placed = any(p.inferred for r in d.row.readings for p in r.pieces)
            detail = "; ".join(f"{k.rsplit('.', 1)[1]} ∈ {c.candidates}" for k, c in ambiguous)
            warnings.append(ReportWarning(
                "ambiguous_value",
                f"row {plan.label!r}: the printed text {raw!r} can be read several ways the table's checks "
                f"and the report's prose do not decide ({detail})",
                # where blanks are placed decides the column of every other value of the row
                list(plan.keys) if placed else [k for k, _ in ambiguous]))
        if inferred:
            # Where the missing cells go decides which column every other value of the row lands
            # in, so the whole row is uncertain, not only the placed blanks.
            warnings.append(ReportWarning(
                "cell_not_printed",
                f"row {plan.label!r} prints {len(d.row.tokens)} values for {len(plan.cols)} cells; "
                f"placed as blank: {', '.join(inferred)}; the columns of its other values follow from that placement",
                list(plan.keys)))
        unverified = _unverified_cuts(d)
        if unverified:
            for k in unverified:
                provenance[k].confidence = min(provenance[k].confidence, 0.6)
            raw = " ".join(t.text for t in d.row.tokens)
            warnings.append(ReportWarning(
                "split_unverified",
                f"row {plan.label!r}: the run-together digits {raw!r} were cut by the least cost, and no check "
                f"or prose confirms where", unverified))
        if d.reading.truncated:
            warnings.append(ReportWarning(
                "split_search_truncated",
                f"row {plan.label!r}: the run-together digits {' '.join(t.text for t in d.row.tokens)[:80]!r} allow "
                f"too many cuts to try them all; the reading is the best of those tried", list(plan.keys)))
        swapped = [k for k, p in zip(plan.keys, d.reading.pieces) if p.alternative]
        if swapped:
            warnings.append(ReportWarning(
                "ocr_alternative_chosen",
                f"row {plan.label!r} does not add up as first read; the OCR's other reading of "
                f"{', '.join(swapped)} makes it add up and was taken", swapped))
        read = {x.pos for p in d.reading.pieces if p.item is not None for x in (p.item, *p.item.parts)}
        dropped = [t for t in d.row.tokens if t.pos not in read]
        if dropped:
            # A printed number left out, even a 0, may have been a cell and the row shifted to
            # fit its total; only a blank left out (padding) leaves the row's reading sure. Not a
            # dash right before a value read: it may be that value's sign, cut off into a field of
            # its own ('|行政事业性收费|1|－|1|' for 本年增/减 -1: PyMuPDF4LLM).
            numbers = [t for t in dropped if not t.blank or _sign_of_next(t, d.row.tokens, read)]
            warnings.append(ReportWarning(
                "tokens_ignored",
                f"row {plan.label!r}: ignored {[t.text for t in dropped]} (more values than cells)",
                list(plan.keys) if numbers else []))


def _sign_of_next(token: Item, tokens: list[Item], read: set[int]) -> bool:
    """Whether ``token`` is a minus sign alone, printed right before a number the row read."""
    after = next((t for t in tokens if t.pos > token.pos), None)
    return (is_lone_minus(token.text) and after is not None and after.pos in read and not after.blank
            and after.line == token.line)


def _unverified_cuts(d: RowDecision) -> list[str]:
    """A row with no total of its own (二's) whose digits were cut apart: nothing but the cost
    model says where the cuts go (无 glued to the next label can hide a cell), so its cells are
    flagged unless the prose decided them."""
    cut = [p for p in d.reading.pieces if p.split]
    if d.row.plan.check is not None or all(p.raw == "0" for p in cut):
        return []  # a run of zeros has one cut only ('00' is no number)
    return [k for k, c in zip(d.row.plan.keys, d.cells) if c.decided_by == "printed" and not c.candidates]


def _provenance(piece: Piece, cell: CellDecision) -> Provenance:
    item = piece.item
    confidence = item.confidence if item else 0.5
    if item is not None and item.ocr_letters:
        confidence = min(confidence, 0.9)
    joined = item is not None and bool(item.parts)  # two printed strings read as one number by the row's total
    if cell.decided_by in ("check", "prose") or joined:
        confidence = min(confidence, 0.9)
    if piece.alternative:
        confidence = min(confidence, 0.8)
    if cell.candidates or piece.inferred:
        confidence = min(confidence, 0.5)
    decided_by = ("inferred" if piece.inferred and not cell.candidates
                  else "check" if piece.alternative or joined else cell.decided_by)
    if item is None:
        return Provenance("text", "", round(confidence, 3), decided_by, candidates=cell.candidates)
    return item_provenance(item, round(confidence, 3), decided_by, raw=piece.raw, candidates=cell.candidates)
