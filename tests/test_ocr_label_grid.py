"""The label-or-number sorter of number-shaped cells by their place in the grid (label_grid), and
its safety net in read_cells: a cell placed as a label that the Chinese model does not read as
words goes on to the digits reader, as every number-shaped cell did before."""

from __future__ import annotations

import numpy as np

from gktables.layout import BBox
from gktables.sources.grid_spans import CellBox
from gktables.sources.ocr import cell_ocr
from gktables.sources.ocr.cells import CellJob, cell_key
from gktables.sources.ocr.decide import decide_cell
from gktables.sources.ocr.engines import Reading, distinct_crops
from gktables.sources.ocr.label_grid import grid_labels, reads_as_words, value_columns

G = 20.0  # px per glyph
ROW_H = 40


def cell(row: int, col: int, glyphs: float, rowspan: int = 1, colspan: int = 1, table: int = 0) -> CellJob:
    """A cell whose ink is `glyphs` wide (one line); number-shaped as cell_jobs decides it."""
    x0, y0 = 200.0 * col, float(ROW_H * row)
    box = CellBox(row, col, rowspan, colspan, BBox(x0, y0, x0 + 200 * colspan, y0 + ROW_H * rowspan))
    ink = BBox(x0 + 5, y0 + 10, x0 + 5 + glyphs * G, y0 + 10 + G) if glyphs else None
    return CellJob(table, box, ink, "text" if ink else "empty", bool(ink) and glyphs <= 12)


def placed(jobs: list[CellJob]) -> set[tuple[int, int]]:
    return {(j.box.row, j.box.col) for j in grid_labels(jobs, G)}


def applications_table() -> list[CellJob]:
    """Table 三's shape: a two-row header over the value columns, captions and row labels on the
    left (some spanning two columns, one as narrow as a number), a total column."""
    return [
        cell(0, 0, 6, rowspan=2, colspan=2), cell(0, 2, 3, colspan=3),   # 本年度办理结果 / 申请人情况
        cell(1, 2, 3), cell(1, 3, 4), cell(1, 4, 2),                     # 自然人 商业企业 总计
        cell(2, 0, 6, colspan=2), cell(2, 2, 0.5), cell(2, 3, 0.5), cell(2, 4, 1),
        cell(3, 0, 5, rowspan=4), cell(3, 1, 7), cell(3, 2, 1), cell(3, 3, 0.5), cell(3, 4, 1),
        cell(4, 1, 9), cell(4, 2, 0.5), cell(4, 3, 0), cell(4, 4, 0.5),
        cell(5, 1, 8), cell(5, 2, 0.5), cell(5, 3, 1), cell(5, 4, 1.5),
        cell(6, 1, 2), cell(6, 2, 1.5), cell(6, 3, 2), cell(6, 4, 2),  # 其他: a row label as narrow as 1234
    ]


def test_headers_captions_and_row_labels_are_labels_values_are_not():
    jobs = applications_table()
    assert value_columns(jobs, 5, G) == {2, 3, 4}
    assert placed(jobs) == {(0, 0), (0, 2), (1, 2), (1, 3), (1, 4), (2, 0), (3, 0), (3, 1), (4, 1), (5, 1), (6, 1)}


def test_header_row_below_a_caption_mid_table_is_labels():
    """Table 一's shape: sections each with a caption across the table and a header row of its own."""
    jobs = [
        cell(0, 0, 9, colspan=3),
        cell(1, 0, 4), cell(1, 1, 6), cell(1, 2, 6),     # 信息内容 本年制发件数 现行有效件数
        cell(2, 0, 2), cell(2, 1, 0.5), cell(2, 2, 1),   # 规章 0 12
        cell(3, 0, 7), cell(3, 1, 1), cell(3, 2, 1.5),
        cell(4, 0, 9, colspan=3),
        cell(5, 0, 4), cell(5, 1, 6), cell(5, 2, 6),
        cell(6, 0, 4), cell(6, 1, 2), cell(6, 2, 0.5),
    ]
    assert placed(jobs) == {(0, 0), (1, 0), (1, 1), (1, 2), (2, 0), (3, 0), (4, 0), (5, 0), (5, 1), (5, 2), (6, 0)}


def test_table_without_row_labels_keeps_its_values():
    """Table 四's shape: header rows over one row of values that starts in the first column."""
    jobs = [cell(0, 0, 4, colspan=2), cell(0, 2, 4, colspan=2),
            cell(1, 0, 4), cell(1, 1, 2), cell(1, 2, 4), cell(1, 3, 2),
            cell(2, 0, 0.5), cell(2, 1, 1), cell(2, 2, 0.5), cell(2, 3, 0.5)]
    assert placed(jobs) == {(0, 0), (0, 2), (1, 0), (1, 1), (1, 2), (1, 3)}


def test_no_value_columns_places_nothing():
    jobs = [cell(0, 0, 6), cell(0, 1, 8), cell(1, 0, 5), cell(1, 1, 7)]
    assert placed(jobs) == set()


def test_only_number_shaped_cells_are_placed_and_tables_apart():
    jobs = applications_table() + [cell(0, 0, 14, table=1), cell(0, 1, 0.5, table=1), cell(1, 0, 5, table=1),
                                   cell(1, 1, 1, table=1)]
    labels = grid_labels(jobs, G)
    assert all(j.digits for j in labels)
    assert {(j.box.row, j.box.col) for j in labels if j.table == 1} == {(1, 0)}


def test_words_are_chinese_text_no_number_gives():
    for words in ("总计", "商业企业", "1.属于国家秘密", "(三)不予公开", "第二十条第(一)项", "结果纠正",
                  "5.居士三类内部事务信息", "4保护第三方合法权益"):
        assert reads_as_words(words), words
    for number in ("", "12", "0", "1.4亿元", "一", "无", "工了", "口口", "12万", "1工", "/", "—", "1.工作",
                   "5有人机关1和新上", "12.5万元", "(3)了了了了"):
        assert not reads_as_words(number), number


def test_blanks_keep_shapes_and_which_crops_are_copies():
    a = np.full((30, 40), 255, np.uint8)
    a[10:20, 5:30] = 0
    b = a.copy()
    b[12, 12] = 255
    crops = [a, b, a.copy(), np.zeros((30, 50), np.uint8)]
    blanks = cell_ocr.blank_like(crops)
    assert [x.shape for x in blanks] == [x.shape for x in crops]
    assert all(int(x.min()) >= 254 for x in blanks)
    assert distinct_crops(blanks) == distinct_crops(crops) == [0, 1, 0, 3]


class FakeEngine:
    """Reads a crop by its width (each test cell's ink has its own): Chinese and digits readings."""

    name = "fake"
    sure_digits = 0.8
    deadline = None

    def __init__(self, by_width: dict[int, tuple[str, str]]) -> None:
        self.by_width = by_width
        self.calls: list[tuple[str, list[int]]] = []

    def read(self, crops, kind):  # noqa: ANN001, ANN201
        inked = [c for c in crops if int(c.min()) < 128]
        self.calls.append((kind, [c.shape[1] for c in inked]))
        out = []
        for c in crops:
            text, digits = self.by_width.get(c.shape[1], ("", ""))
            reading = digits if kind == "digits" else text
            out.append(Reading(reading, 0.95) if int(c.min()) < 128 and reading else Reading("", 1.0))
        return out


def test_label_read_as_words_skips_the_digits_reader_and_a_number_placed_as_label_does_not(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(cell_ocr, "GRID_LABELS_FIRST", True)
    jobs = [cell(0, 0, 9, colspan=2),                 # a caption read as words
            cell(0, 2, 2),                            # a header read as words
            cell(1, 0, 5), cell(1, 1, 0.5), cell(1, 2, 1),
            cell(2, 0, 6), cell(2, 1, 4, colspan=2)]  # a number spanning two value columns
    page = np.zeros((200, 800), np.uint8)  # ink bright on dark, as the text image is
    for j in jobs:
        if j.ink:
            page[int(j.ink.top):int(j.ink.bottom), int(j.ink.x0):int(j.ink.x1)] = 255
    pad = max(2, int(0.35 * G))
    width = {round(g * G) + 2 * pad: g for g in (9, 2, 0.5, 1, 5, 6, 4)}
    readings = {9: ("第二十条第(一)项", "7"), 2: ("总计", "2"), 0.5: ("0", "0"), 1: ("12", "12"),
                5: ("行政处罚", "1"), 6: ("行政强制", "1"), 4: ("1430", "1430")}
    engine = FakeEngine({w: readings[g] for w, g in width.items()})
    cell_ocr.read_cells(jobs, page, page, page, [], engine, G)  # type: ignore[arg-type]
    assert [kind for kind, _ in engine.calls][:2] == ["text", "digits"]  # the labels first, the digits after
    digits_read = [width[w] for kind, ws in engine.calls if kind == "digits" for w in ws]
    assert not {9, 2, 5, 6} & set(digits_read)  # the labels' ink never reached it
    assert 4 in digits_read  # the number placed as a label read as a number: on to the digits reader
    decided = {(j.box.row, j.box.col): decide_cell(j, G)[::3] for j in jobs}
    assert decided[(0, 0)] == ("第二十条第(一)项", "text")
    assert decided[(0, 2)] == ("总计", "text")
    assert decided[(1, 0)] == ("行政处罚", "text")
    assert decided[(2, 1)] == ("1430", "number")
    assert decided[(1, 1)] == ("0", "number")


def test_route_off_reads_every_number_shaped_cell_as_before(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(cell_ocr, "GRID_LABELS_FIRST", False)
    jobs = [cell(0, 0, 9, colspan=2), cell(0, 2, 2), cell(1, 0, 5), cell(1, 1, 0.5), cell(1, 2, 1)]
    page = np.zeros((200, 800), np.uint8)
    for j in jobs:
        page[int(j.ink.top):int(j.ink.bottom), int(j.ink.x0):int(j.ink.x1)] = 255
    engine = FakeEngine({})
    cell_ocr.read_cells(jobs, page, page, page, [], engine, G)  # type: ignore[arg-type]
    digits = [ws for kind, ws in engine.calls if kind == "digits"]
    assert len(digits[0]) == 2 * len(jobs)  # both views of every cell, none blanked


def _unsure_page() -> tuple[list[CellJob], np.ndarray, dict[int, float], FakeEngine]:
    """A caption and a header read as words, row labels, a sure 0, an unsure number in a value
    column (1.5: a decimal is never sure) and an unsure number spanning two value columns (placed
    as a label, not read as words)."""
    jobs = [cell(0, 0, 9, colspan=2), cell(0, 2, 2),
            cell(1, 0, 5), cell(1, 1, 0.5), cell(1, 2, 1),
            cell(2, 0, 6), cell(2, 1, 4, colspan=2)]
    page = np.zeros((200, 800), np.uint8)
    for j in jobs:
        if j.ink:
            page[int(j.ink.top):int(j.ink.bottom), int(j.ink.x0):int(j.ink.x1)] = 255
    pad = max(2, int(0.35 * G))
    width = {round(g * G) + 2 * pad: g for g in (9, 2, 0.5, 1, 5, 6, 4)}
    readings = {9: ("第二十条第(一)项", "7"), 2: ("总计", "2"), 0.5: ("0", "0"), 1: ("1.5", "1.5"),
                5: ("行政处罚", "1"), 6: ("行政强制", "1"), 4: ("1.43", "1.43")}
    return jobs, page, width, FakeEngine({w: readings[g] for w, g in width.items()})


def _text_calls(engine: FakeEngine, width: dict[int, float]) -> list[list[float]]:
    return [[width[w] for w in ws if w in width] for kind, ws in engine.calls if kind == "text"]


def test_unsure_numbers_are_read_in_a_round_two_batch_of_their_own_on_both_routes(monkeypatch):  # noqa: ANN001
    for route in (True, False):
        monkeypatch.setattr(cell_ocr, "GRID_LABELS_FIRST", route)
        jobs, page, width, engine = _unsure_page()
        cell_ocr.read_cells(jobs, page, page, page, [], engine, G)  # type: ignore[arg-type]
        with_number = [c for c in _text_calls(engine, width) if 1 in c]
        assert with_number == [[1]], route  # the unsure number alone: no label's ink beside it
        decided = {(j.box.row, j.box.col): decide_cell(j, G)[::3] for j in jobs}
        assert decided[(1, 2)] == ("1.5", "number")
        assert decided[(2, 1)] == ("1.43", "number")


def test_a_number_placed_as_a_label_is_read_by_the_chinese_model_once(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(cell_ocr, "GRID_LABELS_FIRST", True)
    jobs, page, width, engine = _unsure_page()
    cell_ocr.read_cells(jobs, page, page, page, [], engine, G)  # type: ignore[arg-type]
    assert sum(c.count(4) for c in _text_calls(engine, width)) == 1  # round 1's reading serves round 2
    assert [j.readings["text"].text for j in jobs if j.box.col == 1 and j.box.row == 2] == ["1.43"]


def test_cells_are_keyed_by_their_place_not_by_object():
    a, b = cell(2, 1, 1), cell(2, 1, 1)
    assert cell_key(a) == cell_key(b) == (0, 2, 1)
    assert cell_key(cell(2, 1, 1, table=1)) != cell_key(a)


def test_in_a_value_column_only_a_label_of_the_report_counts_as_words(monkeypatch):  # noqa: ANN001
    monkeypatch.setattr(cell_ocr, "GRID_LABELS_FIRST", True)
    jobs, page, width, engine = _unsure_page()
    header = next(w for w, g in width.items() if g == 2)
    engine.by_width[header] = ("所则", "48")  # a number in the header row, misread as two characters
    cell_ocr.read_cells(jobs, page, page, page, [], engine, G)  # type: ignore[arg-type]
    assert 2 in [width[w] for kind, ws in engine.calls if kind == "digits" for w in ws if w in width]
    decided = {(j.box.row, j.box.col): decide_cell(j, G)[::3] for j in jobs}
    assert decided[(0, 2)] == ("48", "number")
    assert decided[(0, 0)] == ("第二十条第(一)项", "text")  # a caption's words, no value column's
    assert reads_as_words("所则") and not reads_as_words("所则", known_only=True)
    assert reads_as_words("总计", known_only=True)
