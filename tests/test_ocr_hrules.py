"""A table ruled only across (the generator's ``hrules`` style: 二 in blocks under captions, no
verticals) becomes grids, one per block with its own columns; drawn examples, no OCR engine."""

from __future__ import annotations

import numpy as np

from gktables.geometry import Ruling
from gktables.sources.ocr.grid import hrules_to_grids
from gktables.sources.ocr.rulings import rulings_to_tables

GLYPH = 20.0


def _page() -> tuple[list[Ruling], np.ndarray]:
    """Rules at every 40 px and text blobs: caption, header, row; caption, header, row, row."""
    rules = [Ruling("h", float(y), 0.0, 600.0, 2.0) for y in range(0, 321, 40)]
    text = np.zeros((340, 620), np.uint8)
    blobs = {  # band top → x ranges of its text
        0: [(250, 350)],  # 第二十条第（一）项
        40: [(60, 140), (300, 380), (460, 540)],  # 信息内容 | 本年制发件数 | 现行有效件数
        80: [(10, 90), (330, 350), (490, 510)],  # 规章 | 0 | 0
        120: [(250, 290), (310, 330), (350, 380)],  # 第二十条第（五）项, a glyph's gap around （五）
        160: [(90, 170), (380, 520)],  # 信息内容 (centred over the labels) | 本年处理决定数量
        200: [(10, 60), (440, 460)],  # 行政许可 | 0
        240: [(10, 50), (440, 480)],
        280: [(10, 70), (440, 455)],
    }
    for top, runs in blobs.items():
        for a, b in runs:
            text[top + 12:top + 28, a:b] = 255
    return rules, text


def test_rules_without_verticals_are_one_table():
    rules, _ = _page()
    assert rulings_to_tables(rules, GLYPH) == [rules]


def test_a_block_cut_by_the_page_foot_after_two_rows_is_a_table():
    # 二's first block whose caption and header rows end page 1 (three full-width rules; its data rows
    # open page 2): found as a table, so page 2's headerless rows continue it
    rules, _ = _page()
    assert rulings_to_tables(rules[:3], GLYPH) == [rules[:3]]
    assert rulings_to_tables(rules[:2], GLYPH) == []  # two rules around a heading are no table


def test_each_block_under_a_caption_gets_its_own_columns():
    rules, text = _page()
    grids = hrules_to_grids(rules, text, GLYPH)
    assert [(g.n_rows, g.n_cols) for g in grids] == [(3, 3), (5, 2)]
    first, second = grids
    assert first.row_lines == [0.0, 40.0, 80.0, 120.0]
    # the second block's header 信息内容, centred over left-aligned labels, shares their column
    assert len(second.col_lines) == 3 and 170 < second.col_lines[1] < 380


def test_label_columns_start_where_row_rules_start():
    rules, text = _page()
    # a group label's rows: the rules between them start at the sub-labels' column (x = 200)
    rules = rules[:6] + [Ruling("h", 240.0, 200.0, 600.0, 2.0), Ruling("h", 280.0, 200.0, 600.0, 2.0),
                         rules[8]]
    text[160:320, :] = 0
    text[172:188, 90:240] = 255  # 信息内容 over both label columns
    text[172:188, 380:520] = 255
    text[212:228, 10:60] = 255  # the group label, once over its rows
    for top in (200, 240, 280):
        text[top + 12:top + 28, 210:260] = 255  # sub-labels
        text[top + 12:top + 28, 440:460] = 255  # values
    second = hrules_to_grids(rules, text, GLYPH)[-1]
    assert [round(x) for x in second.col_lines][1:3] == [200, 320]  # (320: the text gap 260 … 380)
    group = next(c for c in second.cells if c.col == 0 and c.row == 2)
    assert group.rowspan == 3
