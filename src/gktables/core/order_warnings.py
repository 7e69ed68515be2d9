"""What the readings that place values by print order alone (三 column by column, 四 box by box)
share: their warnings (which cells hold a printed blank, which cells several placements leave
open) and the provenance of a cell placed by them.

`printed` names the table and how it is printed ("三 is printed column by column"); the codes keep
each reading's own prefix so users can filter them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..errors import TimeLimitError
from ..report import Provenance, ReportWarning, Value, candidate_order
from ..schema import TABLE_TITLES
from .items import Item
from .provenance import item_provenance

OPEN_CONFIDENCE = 0.5  # a cell the kept placements disagree on: its value is the first candidate


def placed_provenance(item: Item | None, values: Sequence[Value], confidence: float) -> Provenance:
    """A cell placed by print order and the checks, from ``item`` (None: placed as blank), given
    ``values`` by the kept placements (in their order); several: the cell is open, with candidates."""
    prov = item_provenance(item, confidence, "check") if item else Provenance("text", "", confidence, "check")
    if len(values) > 1:
        prov.candidates = candidate_order(values)
        prov.confidence = OPEN_CONFIDENCE
        prov.decided_by = "inferred"
    return prov


def blank_unsure_warning(code: str, printed: str, keys: Sequence[str]) -> ReportWarning:
    """A blank mark printed among values that a 0 could equally fill: the print order alone decides."""
    return ReportWarning(
        code,
        f"{printed} and prints a blank mark among its values; a blank and a 0 weigh the same in every "
        f"check, so which of these 0-or-blank cells holds it rests on the print order",
        list(keys))


def ambiguous_warning(code: str, printed: str, placements: str, keys: Iterable[str]) -> ReportWarning:
    """Several placements pass the checks; `placements` says how many and by what they agree."""
    return ReportWarning(
        code,
        f"{printed} and {placements}; the cells where they differ have their values as candidates",
        sorted(keys))


def search_stopped_warning(table: str, stop: TimeLimitError, cells: Iterable[str]) -> ReportWarning:
    """The table read in print order because the search for its column-by-column reading ran out of
    the document's time (``stop`` says how to give it more): each cell to check."""
    keys = [k for k in cells if k.startswith(f"{table}.")]
    return ReportWarning("column_search_stopped",
                         f"{TABLE_TITLES[table]} looks printed column by column, but its search was stopped "
                         f"({stop}): its cells are as read in print order, each to check", keys)
