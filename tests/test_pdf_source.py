"""The born-digital PDF source: grids, cell text, page text and the errors of bad input.

The real fixture is hongze_2023.pdf (WPS export): checked against its rendered pages. Broken and
special PDFs (encrypted, truncated, empty, image-only, rotated, without rulings) are built here.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct

import pytest

from gktables.errors import CorruptFileError, EncryptedFileError, TimeLimitError
from gktables.layout import Grid
from gktables.settings import Settings
from gktables.sources.pdf.reader import page_objects_to_grids, pdf_needs_ocr, read_pdf
from gktables.sources.pdf.debug import grid_to_text
from gktables.sources.pdf.lattice import (Tolerances, lattice_to_cells, merge_rulings, on_open_edge,
                                          region_to_lattice, rulings_to_regions, split_stacked_tables)
from gktables.geometry import Ruling
from gktables.sources.pdf.objects import Char
from gktables.sources.pdf.text import chars_to_cell_text

from .conftest import HONGZE

needs_hongze = pytest.mark.skipif(HONGZE is None, reason="hongze_2023.pdf not found")


@pytest.fixture(scope="module")
def hongze_bytes() -> bytes:
    assert HONGZE is not None
    return HONGZE.read_bytes()


@pytest.fixture(scope="module")
def hongze(hongze_bytes):
    return read_pdf(hongze_bytes, "hongze_2023.pdf", Settings())


def _row_texts(grid: Grid) -> list[list[str]]:
    rows: dict[int, list] = {}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        rows.setdefault(cell.row, []).append(cell.text)
    return [rows[r] for r in sorted(rows)]


def _find_row(grid: Grid, label: str) -> list[str]:
    for row in _row_texts(grid):
        if label in row:
            return row
    raise AssertionError(f"no row with {label!r} in\n{grid_to_text(grid)}")


def _cell(grid: Grid, text: str):
    found = [c for c in grid.cells if c.text == text]
    assert found, f"no cell {text!r} in\n{grid_to_text(grid)}"
    return found[0]


# ------------------------------------------------------------------------------------------
# hongze_2023.pdf (real)
# ------------------------------------------------------------------------------------------

@needs_hongze
def test_hongze_grids_pages_and_methods(hongze):
    assert hongze.source == "pdf" and hongze.n_pages == 5
    assert [g.page for g in hongze.grids] == [2, 3, 3, 4, 4]
    assert all(g.debug["method"] == "lattice" for g in hongze.grids)
    assert hongze.table_pages == [2, 3, 4]
    assert hongze.needs_ocr is False
    for grid in hongze.grids:  # every slot covered exactly once, cells inside the page
        slots = grid.slots()
        assert all(cell is not None for row in slots for cell in row), grid_to_text(grid)
        assert sum(c.rowspan * c.colspan for c in grid.cells) == grid.n_rows * grid.n_cols
        assert all(c.page == grid.page and c.bbox is not None and 0 <= c.bbox.top < c.bbox.bottom <= 842
                   for c in grid.cells)


@needs_hongze
def test_hongze_table3_page3(hongze):
    t3 = hongze.grids[2]
    assert t3.page == 3 and (t3.n_rows, t3.n_cols) == (17, 10)
    vertical = _cell(t3, "三、本年度办理结果")  # printed one character per line in a merged cell
    assert vertical.rowspan == 12 and vertical.colspan == 1 and vertical.col == 0
    for word in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "自然人", "总计"):
        _cell(t3, word)
    assert _cell(t3, "申请人情况").colspan == 7
    assert _cell(t3, "法人或其他组织").colspan == 5
    assert _find_row(t3, "一、本年新收政府信息公开申请数量")[1:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert _find_row(t3, "1.本机关不掌握相关政府信息")[-7:] == ["10", "0", "0", "0", "0", "0", "10"]
    assert _find_row(t3, "2.其他法律行政止公开")[-7:] == ["0"] * 7  # the printed typo, kept as printed
    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"  # wrapped over two lines, 情 形 spaced
    assert _cell(t3, partial).colspan == 2
    assert _cell(t3, "（三）不予公开").rowspan == 8


@needs_hongze
def test_hongze_continuations_and_table4(hongze):
    t2_top, t3_cont, t4 = hongze.grids[1], hongze.grids[3], hongze.grids[4]
    assert _find_row(t2_top, "行政处罚") == ["行政处罚", "4119"]
    assert _find_row(t2_top, "行政事业性收费") == ["行政事业性收费", "7730.28"]
    # 三 continues on page 4 without its header: the first row is a data row
    assert _row_texts(t3_cont)[0][-8:] == ["3.补正后申请内容仍不明确", "0", "0", "0", "0", "0", "0", "0"]
    assert _find_row(t3_cont, "4.无正当理由大量反复申请")[-7:] == ["0"] * 7
    assert _find_row(t3_cont, "5.要求行政机关确认或重新出具已获取信息")[-1] == "0"
    assert _find_row(t3_cont, "（七）总计")[-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert (t4.n_rows, t4.n_cols) == (4, 15)
    assert _row_texts(t4)[-1] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert _cell(t4, "行政诉讼").colspan == 10
    assert [c.text for c in t4.cells if c.row == 2][:2] == ["结果维持", "结果纠正"]
    assert sum(1 for c in t4.cells if c.text == "总计") == 3  # printed 总 计 with a wide space


@needs_hongze
def test_hongze_text(hongze):
    text = hongze.text
    assert "洪泽区人民政府" in text and "2023年政府信息公开工作年度报告" in text
    assert "受理政府信息公开申请21件" in text  # spaces around the Latin digits dropped
    assert "- 3 -" in text and "- 5 -" in text  # page numbers stay
    assert "一、本年新收政府信息公开申请数量\t21\t0\t0\t0\t0\t0\t21" in text  # grid rows, tab-separated
    offsets = hongze.debug["page_text_offsets"]
    assert len(offsets) == 5 and text[offsets[4]:].startswith("人员跟班学习制度")


@needs_hongze
def test_hongze_pdfplumber_objects_give_the_same_grids(hongze_bytes, hongze):
    """The pdfplumber extractor (pdfminer) and pdfium agree on page 3."""
    pdfplumber = pytest.importorskip("pdfplumber")
    from gktables.sources.pdf.objects import plumber_page_to_objects

    with pdfplumber.open(io.BytesIO(hongze_bytes)) as pdf:
        objs = plumber_page_to_objects(pdf.pages[2])
    grids = page_objects_to_grids(objs).grids
    ours = [g for g in hongze.grids if g.page == 3]
    assert [_row_texts(g) for g in grids] == [_row_texts(g) for g in ours]


@needs_hongze
def test_hongze_landscape_page_with_rotate(hongze_bytes):
    """Page 3 drawn turned by 90° inside a Form XObject on a landscape page with /Rotate 90: it
    displays exactly like the original, and the grids must too."""
    pdfium = pytest.importorskip("pypdfium2")
    src = pdfium.PdfDocument(hongze_bytes)
    doc = pdfium.PdfDocument.new()
    form = src.page_as_xobject(2, doc).as_pageobject()
    form.set_matrix(pdfium.PdfMatrix(0, 1, -1, 0, 842, 0))  # (x, y) -> (842 - y, x)
    page = doc.new_page(842, 595)
    page.insert_obj(form)
    page.gen_content()
    page.set_rotation(90)
    buf = io.BytesIO()
    doc.save(buf)
    layout = read_pdf(buf.getvalue(), "rotated.pdf", Settings())
    original = read_pdf(hongze_bytes, "hongze_2023.pdf", Settings())
    assert [_row_texts(g) for g in layout.grids] == [_row_texts(g) for g in original.grids if g.page == 3]
    a, b = layout.grids[1].cells[0].bbox, original.grids[2].cells[0].bbox
    assert abs(a.x0 - b.x0) < 1 and abs(a.top - b.top) < 1


def _strip_rulings(data: bytes, keep_horizontal: bool) -> bytes:
    pdfium = pytest.importorskip("pypdfium2")
    import pypdfium2.raw as pdfium_c

    doc = pdfium.PdfDocument(data)
    for page in doc:
        for obj in list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=1)):
            left, bottom, right, top = obj.get_bounds()
            if keep_horizontal and top - bottom < 3 and right - left > 3:
                continue
            page.remove_obj(obj)
        page.gen_content()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@needs_hongze
@pytest.mark.parametrize("keep_horizontal", [False, True], ids=["no-rulings", "horizontal-rules-only"])
def test_hongze_without_rulings_uses_word_alignment(hongze_bytes, keep_horizontal):
    layout = read_pdf(_strip_rulings(hongze_bytes, keep_horizontal), "norules.pdf", Settings())
    t3 = [g for g in layout.grids if g.page == 3 and g.debug["method"] == "stream"]
    assert t3, [grid_to_text(g) for g in layout.grids]
    grid = t3[-1]
    assert _find_row(grid, "一、本年新收政府信息公开申请数量")[-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    assert _find_row(grid, "1.本机关不掌握相关政府信息")[-7:] == ["10", "0", "0", "0", "0", "0", "10"]
    assert _cell(grid, "三、本年度办理结果").rowspan >= 6
    for word in ("商业企业", "科研机构", "社会公益组织"):
        _cell(grid, word)
    t4 = [g for g in layout.grids if g.page == 4][-1]
    assert _row_texts(t4)[-1] == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]


@needs_hongze
def test_hongze_limits(hongze_bytes):
    with pytest.raises(TimeLimitError, match="hongze_2023.pdf"):
        read_pdf(hongze_bytes, "hongze_2023.pdf", Settings(time_limit_s=0.001))
    one = read_pdf(hongze_bytes, "hongze_2023.pdf", Settings(max_pages=1))
    assert {g.page for g in one.grids} == {2} and one.table_pages == [2]
    assert "人员跟班学习制度" in one.text  # prose of every page is still read


@needs_hongze
def test_hongze_does_not_need_ocr(hongze_bytes):
    assert pdf_needs_ocr(hongze_bytes, "hongze_2023.pdf") is False


# ------------------------------------------------------------------------------------------
# Stages on hand-made input
# ------------------------------------------------------------------------------------------

def _ch(text: str, x0: float, top: float, size: float = 10.0, width: float | None = None) -> Char:
    w = width if width is not None else (size if ord(text) > 0x2E80 else size / 2)
    return Char(text, x0, top, x0 + w, top + size, size)


def _run(text: str, x0: float, top: float, size: float = 10.0) -> list[Char]:
    out, x = [], x0
    for t in text:
        c = _ch(t, x, top, size)
        out.append(c)
        x = c.x1
    return out


def test_cell_text_vertical_wrapped_and_spaced():
    vertical = [_ch(t, 85, 500 + 10 * k) for k, t in enumerate("三、本年度办理结果")]
    assert chars_to_cell_text(reversed(vertical)) == "三、本年度办理结果"
    assert chars_to_cell_text(_run("商业", 340, 440) + _run("企业", 340, 453)) == "商业企业"
    spaced = _run("总", 100, 100) + _run("计", 125, 100)  # 总 计 with a wide gap
    assert chars_to_cell_text(spaced) == "总计"
    assert chars_to_cell_text(_run("2023", 100, 100) + _run("年", 123, 100)) == "2023年"
    numbers = _run("21", 100, 100) + _run("0", 130, 100)
    assert chars_to_cell_text(numbers) == "21 0"
    assert chars_to_cell_text(_run("10", 100, 100) + _run("3", 100, 112)) == "10 3"  # lines of numbers
    label_then_number = _run("数量", 100, 100) + _run("21", 160, 100)
    assert chars_to_cell_text(label_then_number) == "数量 21"
    from gktables.layout import BBox

    narrow = BBox(98, 95, 117, 130)  # 151 fills the cell: 4 was pushed to the next line
    assert chars_to_cell_text(_run("151", 100, 100) + _run("4", 100, 112), narrow) == "1514"
    wide = BBox(90, 95, 160, 130)
    assert chars_to_cell_text(_run("10", 100, 100) + _run("3", 100, 112), wide) == "10 3"
    bold = _run("信息", 100, 100) + _run("信息", 100.4, 100)  # fake bold: drawn twice
    assert chars_to_cell_text(bold) == "信息"


def test_rulings_to_cells_with_spans_and_broken_lines():
    # 3 x 3 grid; the top-left cell spans two rows; the right border is drawn per cell with gaps.
    h = [Ruling("h", y, 100, 400) for y in (100, 130, 160, 190)]
    h[1] = Ruling("h", 130.6, 199.5, 400)  # no line under the top-left cell
    v = [Ruling("v", 100, 100, 190), Ruling("v", 200.4, 99.7, 190.2), Ruling("v", 300, 100, 190)]
    v += [Ruling("v", 400, 100, 129), Ruling("v", 400.3, 131, 160), Ruling("v", 399.8, 161, 190)]
    tol = Tolerances.from_glyph(10.0)
    regions = rulings_to_regions(merge_rulings(h + v, tol), tol)
    assert len(regions) == 1
    lattice = region_to_lattice(regions[0], tol)
    assert len(lattice.xs) == 4 and len(lattice.ys) == 4
    cells = {(c.row, c.col): (c.rowspan, c.colspan) for c in lattice_to_cells(lattice)}
    assert cells[(0, 0)] == (2, 1) and (1, 0) not in cells
    assert len(cells) == 8 and cells[(2, 2)] == (1, 1)


def test_tables_printed_edge_to_edge_leave_the_narrower_ones_outline_open():
    # A browser prints 三 cut into two tables one under the other, the lower one narrower (300 → 260):
    # one region, whose bounding box closes slots right of the lower table that no ruling draws.
    upper = [Ruling("h", y, 100, 300) for y in (100, 120, 140)] + [Ruling("v", x, 100, 140) for x in (100, 200, 300)]
    lower = [Ruling("h", y, 100, 260) for y in (140, 160, 180)] + [Ruling("v", x, 140, 180) for x in (100, 200, 260)]
    tol = Tolerances.from_glyph(10.0)
    regions = rulings_to_regions(merge_rulings(upper + lower, tol), tol)
    assert len(regions) == 1
    lattice = region_to_lattice(regions[0], tol)
    cells = lattice_to_cells(lattice)
    open_cells = sorted((c.row, c.col) for c in cells if on_open_edge(lattice, c))
    assert lattice.xs == [100, 200, 260, 300]
    assert open_cells == [(2, 2)]  # rows 2-3 right of x=260 (one cell spanning both), nothing else
    assert [c.rowspan for c in cells if (c.row, c.col) == (2, 2)] == [2]


def test_tables_printed_edge_to_edge_are_cut_apart_and_spanning_rows_are_not():
    tol = Tolerances.from_glyph(10.0)
    # two tables sharing the line y=140, each with its own columns: cut there
    upper = ([Ruling("h", y, 100, 300) for y in (100, 120, 140)]
             + [Ruling("v", x, 100, 140) for x in (100, 150, 200, 250, 300)])
    lower = ([Ruling("h", y, 100, 300) for y in (140, 160, 180)]
             + [Ruling("v", x, 140, 180) for x in (100, 170, 230, 300)])
    regions = rulings_to_regions(merge_rulings(upper + lower, tol), tol)
    assert len(regions) == 1
    parts = split_stacked_tables(regions[0], tol)
    assert [(round(p.bbox.top), round(p.bbox.bottom)) for p in parts] == [(100, 140), (140, 180)]
    assert [len(region_to_lattice(p, tol).xs) for p in parts] == [5, 4]
    # one table whose middle row spans every column: its columns end above it and start below it again
    spanning = ([Ruling("h", y, 100, 300) for y in (100, 120, 140, 160)]
                + [Ruling("v", x, 100, 160) for x in (100, 300)]
                + [Ruling("v", x, 100, 120) for x in (150, 200, 250)] + [Ruling("v", x, 140, 160) for x in (170, 230)])
    region = rulings_to_regions(merge_rulings(spanning, tol), tol)[0]
    assert split_stacked_tables(region, tol) == [region]


def test_separate_tables_are_separate_regions():
    tol = Tolerances.from_glyph(10.0)

    def box(top: float) -> list[Ruling]:
        return [Ruling("h", top, 100, 300), Ruling("h", top + 20, 100, 300), Ruling("h", top + 40, 100, 300),
                Ruling("v", 100, top, top + 40), Ruling("v", 200, top, top + 40), Ruling("v", 300, top, top + 40)]

    underline = [Ruling("h", 50, 120, 180)]
    regions = rulings_to_regions(merge_rulings(box(100) + box(300) + underline, tol), tol)
    assert [round(r.bbox.top) for r in regions] == [100, 300]


# ------------------------------------------------------------------------------------------
# Bad input
# ------------------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return out


def _text_pdf(user_password: bytes | None = None, owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF with one line of text; RC4-40 encrypted (standard handler R2) if a user
    password is given (b"" = opens without a password)."""
    content = b"BT /F1 24 Tf 72 720 Td (Hello encrypted world) Tj ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    if user_password is None:
        objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
        return _pdf(objects)
    file_id = hashlib.md5(b"gktables test").digest()
    permissions = -4
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5((user_password + _PAD)[:32] + o_value + struct.pack("<i", permissions) + file_id).digest()[:5]
    u_value = _rc4(key, _PAD)
    object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\x00\x00").digest()[:10]
    encrypted = _rc4(object_key, content)
    objects[3] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(encrypted), encrypted)
    objects.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                   % (o_value.hex().encode(), u_value.hex().encode(), permissions))
    trailer = b"/Encrypt 6 0 R /ID [<%s> <%s>]" % (file_id.hex().encode(), file_id.hex().encode())
    return _pdf(objects, trailer)


def test_plain_text_pdf_reads():
    layout = read_pdf(_text_pdf(), "plain.pdf", Settings())
    assert "Hello encrypted world" in layout.text and layout.grids == [] and layout.n_pages == 1


def test_encrypted_with_empty_user_password_opens():
    layout = read_pdf(_text_pdf(user_password=b""), "empty-password.pdf", Settings())
    assert "Hello encrypted world" in layout.text


def test_encrypted_with_password_raises():
    with pytest.raises(EncryptedFileError, match="locked.pdf.*password"):
        read_pdf(_text_pdf(user_password=b"secret"), "locked.pdf", Settings())
    with pytest.raises(EncryptedFileError):
        pdf_needs_ocr(_text_pdf(user_password=b"secret"), "locked.pdf")


@needs_hongze
@pytest.mark.parametrize("cut", [0, 100, 5000, 150000, -100])
def test_truncated_or_empty_raises(hongze_bytes, cut):
    data = hongze_bytes[:cut] if cut >= 0 else hongze_bytes[:cut]
    with pytest.raises(CorruptFileError, match="cut.pdf"):
        read_pdf(data, "cut.pdf", Settings())


def test_not_a_pdf_and_garbage_raise():
    with pytest.raises(CorruptFileError, match="not a PDF"):
        read_pdf(b"<html><body>hello</body></html>", "page.pdf", Settings())
    with pytest.raises(CorruptFileError, match="damaged"):
        read_pdf(b"%PDF-1.7\n" + bytes(range(256)) * 20, "garbage.pdf", Settings())


def test_zero_pages_raises():
    pdf = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"])
    with pytest.raises(CorruptFileError, match="no pages"):
        read_pdf(pdf, "empty.pdf", Settings())


def _image_only_pdf() -> bytes:
    pdfium = pytest.importorskip("pypdfium2")
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(image)
    for y in range(100, 1000, 40):
        draw.line((80, y, 770, y), fill="black", width=2)
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(612, 792)
    obj = pdfium.PdfImage.new(doc)
    obj.set_bitmap(pdfium.PdfBitmap.from_pil(image))
    obj.set_matrix(pdfium.PdfMatrix().scale(612, 792))
    page.insert_obj(obj)
    page.gen_content()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_image_only_pdf_needs_ocr():
    data = _image_only_pdf()
    layout = read_pdf(data, "scan.pdf", Settings())
    assert layout.needs_ocr is True and layout.debug["ocr_pages"] == [1]
    assert layout.grids == []
    assert pdf_needs_ocr(data, "scan.pdf") is True
    assert pdf_needs_ocr(_text_pdf(), "plain.pdf") is False


def test_dump_shows_spans():
    h = [Ruling("h", y, 0, 200) for y in (0, 20, 40)]
    v = [Ruling("v", 0, 0, 40), Ruling("v", 100, 20, 40), Ruling("v", 200, 0, 40)]
    from gktables.sources.pdf.objects import PageObjects

    chars = _run("申请人情况", 60, 5) + _run("21", 40, 25) + _run("0", 140, 25)
    grids = page_objects_to_grids(PageObjects(1, 300, 300, chars, h + v)).grids
    dump = grid_to_text(grids[0])
    assert re.search(r"申请人情况\{1x2\} \| <", dump) and "21" in dump, dump


@needs_hongze
def test_camelot_backend_gives_the_same_grids(hongze_bytes, hongze):
    pytest.importorskip("camelot")
    layout = read_pdf(hongze_bytes, "hongze_2023.pdf", Settings(pdf_backend="camelot"))
    assert layout.debug["backend"] == "camelot" and layout.text == hongze.text

    def spans(g: Grid) -> list[tuple[int, int, int, int, str]]:
        return sorted((c.row, c.col, c.rowspan, c.colspan, c.text) for c in g.cells)

    assert [g.page for g in layout.grids] == [g.page for g in hongze.grids]
    assert [spans(g) for g in layout.grids] == [spans(g) for g in hongze.grids]
