"""Labels printed as real reports print them, not as the national format words them.

A generator that prints every label exactly as the spec does lets the reader pass by matching
exact strings. Real reports leave out prefixes and notes, mistype characters, use other quote
marks or variant characters, and space out short labels. A share of generated documents (``--label-
variants``) prints some of these; the expected values do not change, so the reader must still
put every number under its key.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .model import Cell, TableGrid

LABEL_ROLES = ("label", "header", "caption")


@dataclass(frozen=True)
class LabelVariant:
    name: str
    printed: str  # as the format prints it (a part of a label cell's text; a regex when ``pattern``)
    real: str  # as some real reports print it instead
    pattern: bool = False

    def regex(self) -> re.Pattern[str]:
        """Matches the format's wording in the official and the ascii label style ((一) for （一））."""
        source = self.printed if self.pattern else re.escape(self.printed)
        return re.compile(source.replace("（", "[（(]").replace("）", "[）)]"))


VARIANTS: tuple[LabelVariant, ...] = (
    LabelVariant("prefix_omitted", "行政规范性文件", "规范性文件"),  # 2021's 二: the 2019 wording kept
    LabelVariant("case_file_typo", "行政执法案卷", "行政执法案件"),  # 件 for 卷
    LabelVariant("misprint", "其他法律行政法规禁止公开", "其他法律行政止公开"),  # seen in a printed report
    LabelVariant("straight_quotes", "“三安全一稳定”", '"三安全一稳定"'),
    LabelVariant("note_omitted", "（区分处理的，只计这一情形，不计其他情形）", ""),
    LabelVariant("traditional_char", "本年增/减", "本年增/減"),
    LabelVariant("spaced_total", "总计", "总  计"),
    LabelVariant("spaced_short_label", "规章", "规  章"),
    LabelVariant("ordinal_comma", r"^(\d)\.\s?", r"\1、", pattern=True),  # 1、 for 1.
)


def vary_labels(grids: list[TableGrid], rng: random.Random) -> list[str]:
    """Print some of :data:`VARIANTS` in the grids' label cells (each with even odds, at least one
    that the grids print); returns the names of those printed."""
    present = [v for v in VARIANTS if any(v.regex().search(c.text) for g in grids for c in g.cells
                                          if c.role in LABEL_ROLES)]
    if not present:
        return []
    chosen = [v for v in present if rng.random() < 0.5] or [rng.choice(present)]
    for grid in grids:
        grid.cells = [_varied(c, chosen) for c in grid.cells]
    return [v.name for v in chosen]


def _varied(cell: Cell, variants: list[LabelVariant]) -> Cell:
    if cell.role not in LABEL_ROLES:
        return cell
    text = cell.text
    for v in variants:
        text = v.regex().sub(v.real if v.pattern else (lambda _m, real=v.real: real), text)
    if text == cell.text:
        return cell
    return Cell(cell.row, cell.col, text, cell.rowspan, cell.colspan, cell.role, cell.key, cell.vertical)
