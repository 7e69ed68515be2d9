"""The warnings shared by the readings that place values by print order alone (三 column by column,
四 box by box): which cells hold a printed blank, and which cells several placements leave open.

`printed` names the table and how it is printed ("三 is printed column by column"); the codes keep
each reading's own prefix so users can filter them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..report import ReportWarning


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
