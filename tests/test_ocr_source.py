"""The OCR source: page analysis on drawn pages (no OCR), then real OCR on a few rasterised pages.

The real fixture is hongze_2023.pdf rendered at 200 dpi: page 3 holds table 三 (vertical merged
label, 21 0 0 0 0 0 21 in the first row) and the tail of table 二; page 4 the rest of 三 (no
header) and table 四. OCR work is kept to a few crops and pages; tests that need Tesseract skip
when it or its Chinese data is missing.
"""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image

from gktables.errors import CorruptFileError, MissingDependencyError, TooLargeError
from gktables.layout import BBox, Grid, GridCell
from gktables.settings import Settings
from gktables.sources.grid_spans import CellBox
from gktables.sources.ocr.cell_ocr import faint_stroke_views, prefer_known_label
from gktables.sources.ocr.cells import CellJob, cell_jobs
from gktables.sources.ocr.decide import EMPTY_CONFIDENCE, decide_cell, normalise_number
from gktables.sources.ocr.grid import TableGrid
from gktables.sources.ocr.ink import cell_to_ink_box
from gktables.sources.ocr.orientation import rotate_quarter
from gktables.sources.ocr.reader import read_image, read_scanned_pdf
from gktables.sources.ocr.rulings import rulings_to_mask
from gktables.sources.ocr.upright import gray_to_upright
from gktables.sources.ocr.engines import Reading, TesseractEngine, crops_to_mosaics, distinct_crops, join_words

from .conftest import HONGZE, HONGZE_P3_SCAN



def _tesseract_langs() -> set[str]:
    if not shutil.which("tesseract"):
        return set()
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False)
    return set(out.stdout.split())


needs_tesseract = pytest.mark.skipif(not {"chi_sim", "chi_sim_vert", "eng"} <= _tesseract_langs(),
                                     reason="tesseract with chi_sim, chi_sim_vert and eng is not installed")
needs_hongze = pytest.mark.skipif(HONGZE is None, reason="hongze_2023.pdf not found")


def png_bytes(gray: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(gray).save(buf, format="PNG")
    return buf.getvalue()


def rows_of(grid: Grid) -> dict[int, list[GridCell]]:
    rows: dict[int, list[GridCell]] = {}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows.setdefault(cell.row, []).append(cell)
    return rows


# --------------------------------------------------------------------------------------------
# drawn pages: grid detection without OCR


def draw_table(broken: bool = False, top_border: bool = True, skew: float = 0.0) -> np.ndarray:
    """A white page with a 5×4 ruled table: a header cell spanning 3 columns, a label spanning 2 rows."""
    page = np.full((900, 1200), 255, np.uint8)
    xs, ys = [100, 400, 600, 800, 1000], [150, 250, 330, 410, 490, 570]
    for i, y in enumerate(ys):
        if i == 0 and not top_border:
            continue
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    page[ys[0] - 1:ys[1] - 3, xs[1] + 4:xs[4] - 3] = 255  # header row: one cell over columns 1-3 …
    cv2.line(page, (xs[1], ys[0]), (xs[4], ys[0]), 0, 2) if top_border else None
    page[ys[3] - 2:ys[3] + 3, xs[0] + 3:xs[1] - 3] = 255  # … and the label of rows 2-3 spans both
    for r, y in enumerate(ys[:-1]):
        for c, x in enumerate(xs[:-1]):
            if (r == 0 and c > 1) or (r == 3 and c == 0):
                continue
            cv2.putText(page, f"{r}{c}", (x + 20, y + 50), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    if broken:  # punch small gaps into every line, as a worn scan does
        for x in range(110, 1000, 37):
            page[:, x:x + 3][page[:, x:x + 3] == 0] = 255
    if skew:
        m = cv2.getRotationMatrix2D((600, 450), skew, 1.0)
        page = cv2.warpAffine(page, m, (1200, 900), borderValue=255)
    return page


def detect(gray: np.ndarray) -> list[TableGrid]:
    page, ruled = gray_to_upright(gray)
    assert ruled is not None
    return ruled.tables


def spans(table: TableGrid) -> set[tuple[int, int, int, int]]:
    return {(c.row, c.col, c.rowspan, c.colspan) for c in table.cells}


def test_drawn_table_gives_grid_with_spans():
    (table,) = detect(draw_table())
    assert (table.n_rows, table.n_cols) == (5, 4)
    got = spans(table)
    assert (0, 1, 1, 3) in got  # the header over three columns
    assert (2, 0, 2, 1) in got  # the label over two rows
    assert len(table.cells) == 5 * 4 - 2 - 1


def test_broken_lines_and_missing_top_border_still_give_the_grid():
    (table,) = detect(draw_table(broken=True, top_border=False))
    assert (table.n_rows, table.n_cols) == (5, 4)
    assert "top edge" in table.inferred
    assert (2, 0, 2, 1) in spans(table)


def test_skew_is_measured_and_undone():
    gray = draw_table(skew=3.0)
    page, ruled = gray_to_upright(gray)
    assert abs(page.skew + 3.0) <= 0.3  # rotated back by about -3°
    (table,) = ruled.tables
    assert (table.n_rows, table.n_cols) == (5, 4)


def test_strokes_of_digits_and_headings_are_not_rulings():
    page = draw_table()
    cv2.putText(page, "1111", (420, 470), cv2.FONT_HERSHEY_SIMPLEX, 2.2, 0, 3)  # tall '1's in a cell
    cv2.putText(page, "HEADING TITLE", (150, 120), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 0, 6)
    (table,) = detect(page)
    assert (table.n_rows, table.n_cols) == (5, 4)


def test_ink_box_leaves_out_a_stray_dot_but_keeps_a_decimal_point():
    glyph = 24.0
    cell = np.zeros((60, 200), np.uint8)  # the text image: ink is 255
    cv2.putText(cell, "0", (150, 42), cv2.FONT_HERSHEY_SIMPLEX, 0.9, 255, 2)
    cell[30:33, 20:23] = 255  # a dot of dirt five glyphs left of the digit
    box = cell_to_ink_box(cell, BBox(0, 0, 200, 60), glyph, inset=2)
    assert box is not None and box.x0 >= 140  # the box (and so the crop) holds the digit only
    cell[36:40, 140:144] = 255  # a decimal point just before it stays
    assert cell_to_ink_box(cell, BBox(0, 0, 200, 60), glyph, inset=2).x0 == 140
    dots = np.zeros((60, 200), np.uint8)
    dots[30:34, 20:24] = dots[30:34, 120:124] = 255  # a cell holding nothing but dots is not emptied here
    assert cell_to_ink_box(dots, BBox(0, 0, 200, 60), glyph, inset=2) is not None


def test_blank_and_tiny_pages_give_no_grid():
    for gray in (np.full((1100, 800), 250, np.uint8), np.full((6, 6), 255, np.uint8)):
        layout = read_image(png_bytes(gray), "blank.png", Settings())
        assert layout.grids == [] and layout.text == ""
        assert layout.n_pages == 1 and layout.source == "ocr"
        assert "images" not in layout.debug  # page images only with keep_debug
        kept = read_image(png_bytes(gray), "blank.png", Settings(keep_debug=True))
        assert kept.debug["images"][1].shape == gray.shape


def test_uneven_lighting_and_noise_keep_the_grid():
    gray = draw_table().astype(np.float32)
    h, w = gray.shape
    light = 0.45 + 0.55 * np.linspace(0, 1, w)[None, :]  # dark on the left, bright on the right
    rng = np.random.default_rng(1)
    noisy = np.clip(gray * light + rng.normal(0, 12, gray.shape), 0, 255).astype(np.uint8)
    (table,) = detect(noisy)
    assert (table.n_rows, table.n_cols) == (5, 4)


# --------------------------------------------------------------------------------------------
# bad input


def test_huge_image_is_refused_before_decoding():
    # a PNG whose header claims 40000×40000 pixels; its data is never decoded
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40000, 40000, 1, 0, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(b"\x00" * 100)) + chunk(b"IEND", b"")
    with pytest.raises(TooLargeError, match="bomb.png"):
        read_image(bomb, "bomb.png", Settings())
    small = png_bytes(np.full((200, 200), 255, np.uint8))
    with pytest.raises(TooLargeError, match="max_image_pixels"):
        read_image(small, "small.png", Settings(max_image_pixels=10_000))


def test_unreadable_files_raise_corrupt_file_error():
    good = png_bytes(draw_table())
    for data in (b"this is not an image at all", good[: len(good) // 3], b""):
        with pytest.raises(CorruptFileError):
            read_image(data, "broken.png", Settings())
    with pytest.raises(CorruptFileError):
        read_scanned_pdf(b"%PDF-1.4\n garbage", "broken.pdf", Settings())


def test_photo_with_an_exif_turn_is_decoded_upright_and_one_without_as_it_is():
    from gktables.sources.ocr.decode import image_bytes_to_grays

    wide = Image.fromarray(np.tile(np.arange(200, dtype=np.uint8), (100, 1)))
    turned = wide.getexif()
    turned[0x0112] = 6  # Orientation: the camera was held turned by 90°
    for exif, shape in ((turned.tobytes(), (200, 100)), (b"", (100, 200))):
        buf = io.BytesIO()
        wide.save(buf, "JPEG", exif=exif)
        (scan,) = image_bytes_to_grays(buf.getvalue(), "photo.jpg", Settings())
        assert scan.gray.shape == shape


def test_missing_rapidocr_says_how_to_install(monkeypatch):
    from gktables.sources.ocr import engines as ocr_engines

    monkeypatch.setitem(sys.modules, "rapidocr_onnxruntime", None)  # import fails as if absent
    with pytest.raises(MissingDependencyError, match=r"gktables\[rapidocr\]"):
        ocr_engines.make_engine("rapidocr")


# --------------------------------------------------------------------------------------------
# deciding a cell from its readings (no OCR)


def job(digits: bool = True) -> CellJob:
    box = CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50))
    return CellJob(0, box, BBox(10, 10, 30, 40), "text", digits)


def test_number_readings_vote_and_keep_alternatives():
    j = job()
    j.readings = {"d1": Reading("21", 0.95), "d2": Reading("21", 0.96), "text": Reading("2l", 0.7)}
    text, conf, alts, kind = decide_cell(j, 24.0)
    assert (text, kind, alts) == ("21", "number", ())
    j.readings = {"d1": Reading("8", 0.7), "d2": Reading("3", 0.6), "text": Reading("3", 0.8)}
    text, conf, alts, kind = decide_cell(j, 24.0)
    assert text == "3" and alts == ("8",) and conf < 0.9
    # a lone '1' the Chinese model read as 了: the digit readers win
    j.readings = {"d1": Reading("1", 0.95), "d2": Reading("1", 0.96), "text": Reading("了", 0.34)}
    assert decide_cell(j, 24.0)[:1] == ("1",)
    # digits readers that disagree ('4', '41') and an unsure lone character: a number, in doubt
    j.readings = {"d1": Reading("4", 0.52), "d2": Reading("41", 0.04), "text": Reading("二", 0.4)}
    text, conf, alts, kind = decide_cell(j, 24.0)
    assert (text, alts, kind) == ("4", ("41",), "number") and conf <= 0.6
    j.readings = {"d1": Reading("1", 0.0), "d2": Reading("11", 0.27), "text": Reading("了", 0.37)}
    assert decide_cell(j, 24.0)[::3] == ("11", "number")
    j.readings = {"d1": Reading("7", 0.3), "d2": Reading("71", 0.2), "text": Reading("无", 0.5)}
    assert decide_cell(j, 24.0)[::3] == ("无", "text")  # a blank mark stays one
    # the Chinese model's '02' (a seal's mark read beside a 0) is garbled, not a number: the digits decide
    j.readings = {"d1": Reading("0", 0.3), "d2": Reading("", 1.0), "text": Reading("Q 2", 0.42)}
    assert decide_cell(j, 24.0)[:2] == ("0", 0.3)
    # a short label stays a label; the digits readers' agreeing number is only an alternative
    j.readings = {"d1": Reading("", 1.0), "d2": Reading("", 1.0), "text": Reading("总计", 0.92)}
    assert decide_cell(j, 24.0) == ("总计", 0.92, (), "text")
    # money keeps its unit from the Chinese reading
    j.readings = {"d1": Reading("63.8495", 0.9), "d2": Reading("63.8495", 0.7), "text": Reading("63.8495亿元", 0.8)}
    assert decide_cell(j, 24.0)[0] == "63.8495亿元"


def test_empty_cell_is_empty_and_sure():
    j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50)), None, "empty", False)
    assert decide_cell(j, 24.0) == ("", EMPTY_CONFIDENCE, (), "empty")


def test_normalise_number_mends_confusions_only_for_numbers():
    assert normalise_number("2l") == "21"
    assert normalise_number("O") == "0"
    assert normalise_number("－3") == "-3"
    assert normalise_number("一1") == "-1"  # a minus sign read as 一
    assert normalise_number("1,234") == "1234"
    assert normalise_number("7730.28") == "7730.28"
    assert normalise_number("总计") is None
    assert normalise_number("/") is None
    assert normalise_number("无") is None


def test_mosaic_slots_hold_each_crop_apart():
    crops = [np.zeros((30, 50), np.uint8), np.zeros((40, 20), np.uint8)]
    pages, slots = crops_to_mosaics(crops, gap=20)
    assert len(pages) == 1 and slots[1].top >= slots[0].bottom + 20
    assert join_words(["21", "0"]) == "21 0" and join_words(["本年", "新收"]) == "本年新收"


def test_tesseract_reads_each_distinct_crop_once(monkeypatch):
    # two views of a clean cell are the same pixels, and so are cells printing the same number:
    # the engine is asked about each distinct crop once, every copy gets that reading
    zero, one = np.full((30, 20), 255, np.uint8), np.full((30, 20), 255, np.uint8)
    zero[5:25, 5] = 0
    one[5:25, 10] = 0
    crops = [zero, one, zero.copy(), one.copy(), np.full((31, 20), 255, np.uint8)]
    assert distinct_crops(crops) == [0, 1, 0, 1, 4]
    asked: list[int] = []

    def read_distinct(self, unique, kind):
        asked.append(len(unique))
        return [Reading(f"r{k}", 0.9) for k in range(len(unique))]

    monkeypatch.setattr(TesseractEngine, "_read_distinct", read_distinct)
    got = TesseractEngine(in_process=False).read(crops, "digits")
    assert asked == [3] and [r.text for r in got] == ["r0", "r1", "r0", "r1", "r2"]


# --------------------------------------------------------------------------------------------
# real OCR on rasterised hongze pages


@pytest.fixture(scope="module")
def hongze_pages() -> dict[int, np.ndarray]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(HONGZE.read_bytes())
    try:
        return {n: np.asarray(doc[n - 1].render(scale=200 / 72, grayscale=True).to_pil().convert("L"))
                for n in (3, 4)}
    finally:
        doc.close()


@pytest.fixture
def page3_layout(hongze_p3_scan):
    """Page 3 at 200 dpi as OCR read it: shared with the debug tests (conftest), so read once."""
    return hongze_p3_scan[2].layout


def t3_first_row(layout) -> list[str]:
    for grid in layout.grids:
        for row in rows_of(grid).values():
            if any("本年新收" in c.text for c in row):
                return [c.text for c in row if c.text and "本年新收" not in c.text]
    raise AssertionError("no row labelled 本年新收 found")


@needs_tesseract
@needs_hongze
@pytest.mark.xdist_group(HONGZE_P3_SCAN)
def test_hongze_page3_first_row_reads_as_separate_number_cells(page3_layout):
    assert t3_first_row(page3_layout) == ["21", "0", "0", "0", "0", "0", "21"]
    t3 = max(page3_layout.grids, key=lambda g: len(g.cells))
    assert (t3.n_rows, t3.n_cols) == (17, 10)
    label = next(c for c in t3.cells if "办理结果" in c.text)
    assert label.rowspan >= 10 and label.colspan == 1  # the vertical 三、本年度办理结果
    assert all(c.page == 1 and c.bbox is not None for c in t3.cells)
    numbers = [c for c in t3.cells if c.text.isdigit()]
    assert len(numbers) == 14 * 7, [(c.row, c.col, c.text) for c in t3.cells if c.row >= 3 and c.col >= 3]
    assert min(c.confidence for c in numbers) >= 0.8
    assert "收到和处理政府信息公开申请情况" in page3_layout.text


@needs_tesseract
@needs_hongze
@pytest.mark.xdist_group(HONGZE_P3_SCAN)
def test_hongze_page3_debug_keeps_intermediates(page3_layout, hongze_p3_scan):
    page = page3_layout.debug["pages"][1]
    assert page["rotation"] == 0 and page["skew"] == 0.0
    assert set(page["timings"]) >= {"analysis_s", "ocr_s", "total_s"}
    grid = page3_layout.grids[-1]
    assert grid.debug["rulings"] and grid.debug["row_lines"] and grid.debug["ink_boxes"]
    width, height = hongze_p3_scan[1]
    assert page3_layout.debug["images"][1].shape == (height, width)  # read with keep_debug: the page kept


def crop_t3_head(gray: np.ndarray) -> np.ndarray:
    """The top of table 三 on page 3: its header and first rows (small, so OCR stays cheap)."""
    return gray[940:1560, 150:1500].copy()


@needs_tesseract
@needs_hongze
@pytest.mark.parametrize("turns", [2, 1])
def test_turned_copy_is_turned_back(hongze_pages, turns):
    turned = rotate_quarter(crop_t3_head(hongze_pages[3]), turns)
    layout = read_image(png_bytes(turned), "turned.png", Settings(keep_debug=True))
    page = layout.debug["pages"][1]
    assert page["rotation"] == (360 - 90 * turns) % 360
    assert t3_first_row(layout) == ["21", "0", "0", "0", "0", "0", "21"]
    assert layout.debug["images"][1].shape[:2] == crop_t3_head(hongze_pages[3]).shape[:2]


@needs_tesseract
@needs_hongze
def test_page_cut_table_keeps_its_empty_continuation_cell(hongze_pages):
    top = hongze_pages[4][180:560].copy()  # first rows of page 4: 三 continues without a header
    layout = read_image(png_bytes(top), "p4.png", Settings())
    (grid,) = layout.grids
    row0 = rows_of(grid)[0]
    empty = [c for c in row0 if c.text == ""]
    assert empty and all(c.confidence >= 0.95 for c in empty)  # continuation of （四）无法提供: no ink
    assert [c.text for c in row0][-7:] == ["0"] * 7


@needs_hongze
def test_rapidocr_engine_reads_a_page_when_installed(hongze_pages):
    pytest.importorskip("rapidocr_onnxruntime")
    layout = read_image(png_bytes(crop_t3_head(hongze_pages[3])), "crop.png", Settings(ocr_engine="rapidocr"))
    assert layout.debug["engine"] == "rapidocr"
    assert t3_first_row(layout) == ["21", "0", "0", "0", "0", "0", "21"]


# --------------------------------------------------------------------------------------------
# faint strokes: at 150 dpi the top bar of 二 in 第二十条 prints grey and falls below the page's
# threshold; the cell's own threshold keeps it


@pytest.fixture(scope="module")
def hongze_page2_at_150dpi():
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(HONGZE.read_bytes())
    try:
        gray = np.asarray(doc[1].render(scale=150 / 72, grayscale=True).to_pil().convert("L")).copy()
    finally:
        doc.close()
    page, ruled = gray_to_upright(gray)
    return page, ruled


@needs_hongze
def test_only_cells_that_lost_a_faint_stroke_get_a_second_view(hongze_page2_at_150dpi):
    page, ruled = hongze_page2_at_150dpi
    g = page.glyph
    jobs = [j for j in cell_jobs(ruled.tables, ruled.text, g) if j.kind == "text"]
    lines = rulings_to_mask(ruled.table_rulings, page.gray.shape, g)
    gray_ink = cv2.subtract(255 - page.gray, lines)
    faint = faint_stroke_views(jobs, ruled.text, gray_ink, 0.35 * g, g)
    # the page's three 第二十条 captions and no other of its 19 cells: reading twice costs time
    assert {(j.box.row, j.box.col) for j, _ in faint} == {(0, 0), (4, 0), (7, 0)}
    for _, view in faint:  # rulings are blanked: no grey edge in the margin of the view
        assert view[:2].min() == 255 and view[-2:].min() == 255 and view[:, :2].min() == 255


def test_second_view_replaces_only_a_reading_that_is_no_label():
    def job(first: str) -> CellJob:
        j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 10, 10)), BBox(0, 0, 10, 10), "text", True)
        j.readings["text"] = Reading(first, 0.86)
        return j

    mended = job("第一十条第〈一)项")
    prefer_known_label(mended, Reading("第二十条第《一)项", 0.9))
    assert mended.readings["text"].text == "第二十条第《一)项"
    kept = job("第二十条第(一)项")  # already a label: the page's binarisation stays
    prefer_known_label(kept, Reading("第二十条第(五)项", 0.95))
    assert kept.readings["text"].text == "第二十条第(一)项"
    garbled = job("第一十条第〈一)项")  # the second view reads no label either
    prefer_known_label(garbled, Reading("第一十条第(一)顶", 0.9))
    assert garbled.readings["text"].text == "第一十条第〈一)项"
    other = job("由请人情况")  # a known label, but another text than the first reading
    prefer_known_label(other, Reading("行政复议", 0.9))
    assert other.readings["text"].text == "由请人情况"


@needs_tesseract
@needs_hongze
def test_hongze_at_150dpi_finds_table_two_by_its_captions(tmp_path):
    """Its three table pages (2-4: 二, 三, 四), every table cell scored: the prose-only pages 1 and 5
    hold no cell and would cost a third of the OCR."""
    import json

    import pypdfium2 as pdfium

    import gktables
    from benchmarks.scoring import score_report

    tables = pdfium.PdfDocument.new()
    tables.import_pages(pdfium.PdfDocument(HONGZE.read_bytes()), [1, 2, 3])
    path = tmp_path / "hongze_2023_p2-4.pdf"
    tables.save(path)
    report = gktables.extract(path, {"ocr_engine": "tesseract", "ocr_dpi": 150}, kind="ocr").to_dict()
    expected = json.loads((HONGZE.parent / "hongze_2023.expected.json").read_text("utf-8"))
    t2 = {k: v for k, v in expected["cells"].items() if k.startswith("t2.")}
    assert t2 and {k: report["cells"].get(k) for k in t2} == t2
    score = score_report(report, expected)
    assert score.silent_keys == [] and score.wrong_keys == []


def test_label_missing_a_known_one_by_confusable_characters_is_mended():
    from gktables.sources.ocr.known_labels import mend_label

    # 150 dpi grey: the short top bar of a bold 二 is lost in every view, 量 reads 最
    assert mend_label("第一十条第〈一)项") == "第二十条第〈一)项"
    assert mend_label("第一十条第(六)项") == "第二十条第(六)项"
    assert mend_label("本年处理决定数最") == "本年处理决定数量"
    assert mend_label("第二十条第(一)项") is None  # already a label
    assert mend_label("本年新收") is None  # no label within reach
    assert mend_label("第一二条第〈一)项") == "第二十条第〈一)项"  # 二十 read as 一二
    assert mend_label("本年度止件数") == "本年废止件数"
    # halftone s1_007: two 三 rows lost (flagged) for 属于…事务 read 属村…串务 and 申请 read 趾请
    assert mend_label("5.属村三类内部串务信\n息") == "5.属于三类内部事务信\n息"
    assert mend_label("2.重复趾请") == "2.重复申请"
    assert mend_label("5.属村三类内部串务信") == "5.属于三类内部事务信息"  # its last line (息) lost
    assert mend_label("本年新收") is None and mend_label("行政许") is None  # too short to tell


def test_mended_label_keeps_the_printed_reading_as_alternative():
    j = CellJob(0, CellBox(0, 0, 1, 1, BBox(0, 0, 100, 50)), BBox(10, 10, 90, 40), "text", False)
    j.readings.update(text=Reading("第二十条第(一)项", 0.85), unmended=Reading("第一十条第(一)项", 0.9))
    assert decide_cell(j, 24.0) == ("第二十条第(一)项", 0.85, ("第一十条第(一)项",), "text")
