"""Debug output on real documents: a born-digital PDF (hongze), a scan of one of its pages, a text
extraction (pingtan) and a small DOCX; pixels of the overlay colours must lie inside the boxes of
known cells, and index.html must list every key once."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter

import pytest

import gktables
from gktables.cli import main as cli_main
from gktables.debug import COLOURS, STAGES, PageCanvas, fonts, write_debug

from .conftest import GOLDEN_REAL, HONGZE_P3_SCAN, report_cached

HONGZE = GOLDEN_REAL / "hongze_2023.pdf"
PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"
DEBUG = {"keep_debug": True}


@pytest.fixture(scope="module")
def pdf_report():
    return gktables.extract(HONGZE, DEBUG)


@pytest.fixture(scope="module")
def pdf_out(pdf_report, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    return out, write_debug(pdf_report, out)


@pytest.fixture(scope="module")
def text_report():
    return gktables.extract(PINGTAN, DEBUG)


def pixels(image, box, colour) -> int:
    """How many pixels of exactly ``colour`` lie inside ``box`` (pixels)."""
    x0, top, x1, bottom = (round(v) for v in box)
    crop = image.convert("RGB").crop((x0, top, x1 + 1, bottom + 1))
    return sum(n for n, c in crop.getcolors(1 << 20) if c == colour)


def scaled(bbox, scale):
    return [v * scale for v in bbox]


def keys_in(html: str) -> Counter:
    return Counter(re.findall(r'<td data-key="([^"]+)"', html))


# --- PDF ----------------------------------------------------------------------------------------

def test_pdf_pages_with_tables_are_written(pdf_out):
    out, written = pdf_out
    names = {p.name for p in written}
    for page in (2, 3, 4):  # hongze prints its tables on pages 2-4
        assert f"page-{page}.png" in names
        assert {f"page-{page}-{s}.png" for s in STAGES} <= names
    assert "page-1.png" not in names and "page-5.png" not in names
    assert "index.html" in names and "text.html" not in names


def test_pdf_png_is_the_page_at_two_pixels_per_point(pdf_out):
    from PIL import Image
    import pypdfium2 as pdfium

    out, _ = pdf_out
    doc = pdfium.PdfDocument(str(HONGZE))
    width, height = doc[2].get_size()
    doc.close()
    image = Image.open(out / "page-3.png")
    assert abs(image.width - 2 * width) <= 1 and abs(image.height - 2 * height) <= 1


def test_pdf_overlay_colours_lie_in_known_cells(pdf_report, pdf_out):
    from PIL import Image

    out, _ = pdf_out
    page3 = Image.open(out / "page-3.png")
    prov = pdf_report.provenance["t3.new.total"]
    assert prov.page == 3 and pdf_report.cells["t3.new.total"] == 21
    box = scaled(prov.bbox, 2)
    assert pixels(page3, box, COLOURS["key"]) > 100  # read as printed, in no failing check
    assert pixels(page3, box, COLOURS["failing"]) == 0
    # 四's review group fails its total (0 printed for 10+1): its cells are outlined red on page 4.
    assert "t4.review.total" in {c.id for c in pdf_report.failing_checks}
    page4 = Image.open(out / "page-4.png")
    for key in ("t4.review.total", "t4.review.upheld"):
        assert pixels(page4, scaled(pdf_report.provenance[key].bbox, 2), COLOURS["failing"]) > 100
    far = scaled(pdf_report.provenance["t4.lawsuit_direct.total"].bbox, 2)
    assert pixels(page4, far, COLOURS["failing"]) == 0


def test_pdf_stages_draw_separately(pdf_report):
    canvas = pdf_report.page_image(3)
    assert isinstance(canvas, PageCanvas) and canvas.scale == 2
    assert canvas.draw_rulings() is canvas  # chainable
    lines = canvas.image
    grid = pdf_report.layout.grids[2]  # 三's ruled grid on page 3
    assert grid.page == 3 and grid.debug["rulings"]
    assert pixels(lines, scaled(grid.bbox.as_list(), 2), COLOURS["ruling"]) > 2000
    assert pixels(lines, scaled(grid.bbox.as_list(), 2), COLOURS["key"]) == 0
    keys = pdf_report.page_image(3).draw_keys().image
    assert pixels(keys, scaled(grid.bbox.as_list(), 2), COLOURS["ruling"]) == 0
    # the header tree: the label that anchors 一、本年新收… is drawn in the header colour
    anchor = pdf_report.trace["items"][pdf_report.trace["tables"][1].decisions[0].row.plan.anchor]
    tree = pdf_report.page_image(3).draw_header_tree().image
    assert pixels(tree, scaled(anchor.bbox.as_list(), 2), COLOURS["header"]) > 50
    # the grid with spans: the 申请人情况 header spans seven columns
    assert any(c.colspan == 7 and "申请人情况" in c.text for c in grid.cells)
    assert pixels(pdf_report.page_image(3).draw_grid().image, scaled(grid.bbox.as_list(), 2), COLOURS["grid"]) > 2000


def test_canvas_in_jupyter_and_key_boxes(pdf_report):
    canvas = pdf_report.page_image(3).draw_all()
    png = canvas._repr_png_()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(canvas.key_box("t3.new.total")) == pytest.approx(
        [v * 2 for v in pdf_report.provenance["t3.new.total"].bbox], abs=0.1)
    assert canvas.key_box("t4.review.total") is None  # page 4
    assert pdf_report.debug_pages() == [2, 3, 4]
    blank_page = pdf_report.page_image(1)  # a page without tables still renders
    assert blank_page.image.size == canvas.image.size


def test_pdf_read_from_bytes_renders_from_the_kept_bytes():
    report = gktables.extract(HONGZE.read_bytes(), DEBUG)  # source is '<bytes>': no path to render
    from_kept = report.page_image(3).image.convert("L")
    from_given = report.page_image(3, pdf=HONGZE.read_bytes()).image.convert("L")
    dark = lambda im: sum(n for n, v in im.getcolors(256) if v < 128)  # noqa: E731
    assert dark(from_kept) == dark(from_given) > 50_000


def test_index_lists_every_key_once_with_provenance(pdf_report, pdf_out):
    out, _ = pdf_out
    html = (out / "index.html").read_text("utf-8")
    found = keys_in(html)
    assert set(found) == set(pdf_report.cells) and set(found.values()) == {1}
    for check in pdf_report.failing_checks:
        assert f"<b>{check.id}</b>" in html
    # the clickable box of t3.new.total is its provenance bbox, in percent of page 3's picture
    td = re.search(r'<td data-key="t3\.new\.total"[^>]*>', html).group(0)
    assert 'data-view="3"' in td and "&quot;decided_by&quot;: &quot;printed&quot;" in td
    box = [float(v) for v in re.search(r'data-box="([^"]+)"', td).group(1).split(",")]
    bbox = pdf_report.provenance["t3.new.total"].bbox
    assert box[0] == pytest.approx(100 * bbox[0] * 2 / 1190, abs=0.2)
    # self-contained: every picture is a file next to it, nothing from the network
    for src in re.findall(r'src="([^"]+)"', html):
        assert (out / src).is_file()
    assert "http://" not in html and "https://" not in html


# --- scan ---------------------------------------------------------------------------------------

@pytest.mark.xdist_group(HONGZE_P3_SCAN)
def test_scan_page_is_drawn_from_the_kept_image(hongze_p3_scan, tmp_path):
    """Page 3 of hongze rasterised at 200 dpi, read by OCR (conftest: shared with the OCR source
    tests; the only OCR in this file)."""
    from PIL import Image

    path, (width, height), report = hongze_p3_scan
    assert report.layout.source == "ocr" and "t3.new.total" in report.cells
    written = write_debug(report, tmp_path)
    assert {"page-1.png", "index.html"} <= {p.name for p in written}
    image = Image.open(tmp_path / "page-1.png")
    scale = min(1.0, 2000 / max(width, height))  # scans are shrunk to 2000 px on their long side
    assert image.size == (round(width * scale), round(height * scale))
    box = scaled(report.provenance["t3.new.total"].bbox, scale)
    drawn = sum(pixels(image, box, COLOURS[c]) for c in ("key", "decided", "failing"))
    assert drawn > 50
    lines = report.page_image(1).draw_rulings().image
    assert pixels(lines, (0, 0, lines.width - 1, lines.height - 1), COLOURS["ruling"]) > 2000
    html = (tmp_path / "index.html").read_text("utf-8")
    assert set(keys_in(html)) == set(report.cells) and set(keys_in(html).values()) == {1}


# --- text ---------------------------------------------------------------------------------------

def test_text_views_and_overlay_colours(text_report, tmp_path):
    from PIL import Image

    written = write_debug(text_report, tmp_path)
    assert {"page-1.png", "page-2.png", "page-3.png", "text.html", "index.html"} <= {p.name for p in written}
    tables = {n: text_report.page_image(n).view.tables for n in text_report.debug_pages()}
    assert tables == {1: ["t2"], 2: ["t3"], 3: ["t4"]}  # one view per table zone
    canvas = text_report.page_image(2)
    box = canvas.key_box("t3.new.total")
    assert Image.open(tmp_path / "page-2.png").size == canvas.image.size
    assert pixels(Image.open(tmp_path / "page-2.png"), box, COLOURS["key"]) > 10
    # 予以公开's run-together digits were cut by the table's checks: amber
    decided = [k for k, p in text_report.provenance.items() if p.decided_by == "check"]
    assert "t3.result.granted.natural" in decided
    keys = canvas.draw_keys().image
    assert pixels(keys, canvas.key_box("t3.result.granted.natural"), COLOURS["decided"]) > 5
    # a cell the text leaves undecided (low confidence) is tinted magenta
    low = "t2.normative_docs.repealed"
    assert text_report.provenance[low].confidence < 0.9
    t2 = text_report.page_image(1).draw_keys()
    x0, top, x1, bottom = (round(v) for v in t2.key_box(low))
    r, g, b = t2.image.getpixel(((x0 + x1) // 2, (top + bottom) // 2 - 3))
    assert r - g > 40 and b - g > 40


def test_text_html_marks_the_characters_of_each_cell(text_report, tmp_path):
    write_debug(text_report, tmp_path)
    html = (tmp_path / "text.html").read_text("utf-8")
    text = text_report.layout.text
    a, b = text_report.provenance["t3.new.total"].span
    assert text[a:b] == "801000081"  # run-together: 80 1 0 0 0 0 81, the total last
    piece = re.search(r'<span class="[^"]*" id="t3\.new\.total" title="([^"]*)">([^<]*)</span>', html)
    assert piece.group(2) == "81" and "t3.new.total = 81" in piece.group(1)
    assert re.search(r'id="t3\.new\.natural" title="[^"]*">80</span>', html)
    for key in text_report.cells:
        if text_report.provenance[key].decided_by != "inferred":
            assert html.count(f'id="{key}"') == 1, key
    index = (tmp_path / "index.html").read_text("utf-8")
    assert set(keys_in(index)) == set(text_report.cells) and set(keys_in(index).values()) == {1}
    assert 'href="text.html"' in index


# --- every input kind through the CLI -------------------------------------------------------------

def t4_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("某某县人民政府2023年政府信息公开工作年度报告")
    t = d.add_table(rows=5, cols=15)
    t.cell(0, 0).merge(t.cell(0, 14)).text = "四、政府信息公开行政复议、行政诉讼情况"
    t.cell(1, 0).merge(t.cell(2, 4)).text = "行政复议"
    t.cell(1, 5).merge(t.cell(1, 14)).text = "行政诉讼"
    t.cell(2, 5).merge(t.cell(2, 9)).text = "未经复议直接起诉"
    t.cell(2, 10).merge(t.cell(2, 14)).text = "复议后起诉"
    for g in range(3):
        for i, label in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
            t.cell(3, 5 * g + i).text = label
    for i, v in enumerate([1, 2, 0, 0, 3, 0, 1, 0, 0, 1, 2, 0, 0, 1, 4]):
        t.cell(4, i).text = str(v)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["hongze_2023.pdf", "pingtan_2023_page.txt", "shanghai_office_2019.html",
                                  "shanghai_kewei_2024_extracted.md", "t4.docx"])
def test_cli_debug_on_every_input_kind(name, tmp_path):
    from PIL import Image

    source = tmp_path / name if name.endswith(".docx") else GOLDEN_REAL / name
    if name.endswith(".docx"):
        source.write_bytes(t4_docx())
    out = tmp_path / "out"
    assert cli_main(["debug", str(source), "--out", str(out)]) == 0  # in process: `-m gktables` is test_cli_api's
    html = (out / "index.html").read_text("utf-8")
    report = report_cached(source)
    assert set(keys_in(html)) == set(report.cells) and set(keys_in(html).values()) == {1}
    pngs = [p for p in out.glob("page-*.png") if re.fullmatch(r"page-\d+\.png", p.name)]
    assert pngs and all(Image.open(p).width > 100 for p in pngs)


# --- costs nothing when not asked for; works without a CJK font -----------------------------------

def test_extract_imports_no_drawing():
    code = ("import sys, gktables; gktables.extract(sys.argv[1]); gktables.extract(sys.argv[2]); "
            "bad = sorted(m for m in sys.modules "
            "if m.startswith(('gktables.debug', 'PIL.ImageDraw', 'PIL.ImageFont'))); "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code, str(HONGZE), str(PINGTAN)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_without_a_cjk_font_labels_are_ascii(pdf_report, monkeypatch):
    caches = (fonts.cjk_font_file, fonts.font, fonts.is_monospaced)
    for f in caches:
        f.cache_clear()
    monkeypatch.setattr(fonts, "KNOWN_FONTS", ())
    monkeypatch.setattr(fonts, "_fontconfig_matches", lambda: [])
    try:
        assert not fonts.has_cjk() and fonts.printable("三 new") == "? new"
        canvas = pdf_report.page_image(3).draw_all()
        box = canvas.key_box("t3.new.total")
        assert pixels(canvas.image, box, COLOURS["key"]) > 100
    finally:
        for f in caches:
            f.cache_clear()


# --- every cell read from a grid is drawn where it was read -------------------------------------

@pytest.mark.parametrize("name", ["hangzhou_style_2025.html", "shanghai_office_2019.html"])
def test_every_value_read_from_a_grid_is_drawn_in_its_cell(name):
    """hangzhou's header rows have empty cells in value columns; the reader skips them, and the
    debug view must map items to cells the same way (it once re-walked the grids and lost count)."""
    from gktables.debug.model import report_trace
    from gktables.debug.views import report_to_doc

    report = gktables.extract(GOLDEN_REAL / name, DEBUG)
    read = {key for key, piece in report_trace(report).pieces if piece.item is not None and key in report.cells}
    drawn = report_to_doc(report).key_views()
    assert len(read) >= 190 and set(drawn) == read
    for key, mark in drawn.items():
        assert mark.value == report.cells[key]
