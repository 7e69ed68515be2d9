"""Crafted hostile inputs of every kind gktables reads, made in memory (no committed binaries).

Used by ``tests/test_fuzz.py`` (fixed cases, each once a crash, hang or blow-up) and by
``benchmarks/fuzz.py`` (random mutations of them). Each maker returns ``(file name, bytes)``.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRAPED = ROOT / "golden" / "real" / "pingtan_2021_page.txt"  # a real scraped page: 三's digits run together


def _scraped_rows() -> tuple[str, list[tuple[str, list[int]]]]:
    """The scraped page's text and its 三 rows as (glued digits, values), in printed order."""
    text = SCRAPED.read_text(encoding="utf-8")
    cells = json.loads(SCRAPED.with_name("pingtan_2021_page.expected.json").read_text(encoding="utf-8"))["cells"]
    rows: dict[str, list[int]] = {}
    for key, value in cells.items():
        if key.startswith("t3."):
            rows.setdefault(key.rsplit(".", 1)[0], []).append(int(value or 0))
    return text, [("".join(map(str, v)), v) for v in rows.values()]


def glued_t3_text(max_count: int = 2500, seed: int = 0, off_by_one: bool = False) -> tuple[str, bytes]:
    """The scraped page with every 三 row's counts drawn up to ``max_count``, still run together
    (each row adds up; ``off_by_one`` makes one total wrong)."""
    rng = random.Random(seed)
    text, rows = _scraped_rows()
    start = text.find("三、收到和处理")
    out, pos = [text[:start]], start
    for n, (glued, values) in enumerate(rows):
        at = text.find(glued, pos)
        if at < 0:
            continue
        parts = [rng.randint(0, max_count) for _ in values[:-1]]
        total = sum(parts) + (1 if off_by_one and n == 0 else 0)
        out += [text[pos:at], "".join(map(str, parts + [total]))]
        pos = at + len(glued)
    out.append(text[pos:])
    return f"glued_t3_{max_count}.txt", "".join(out).encode("utf-8")


def glued_t4_text(n_digits: int = 200, seed: int = 0) -> tuple[str, bytes]:
    """The scraped page with 四's row replaced by ``n_digits`` run-together digits."""
    rng = random.Random(seed)
    text, _ = _scraped_rows()
    four = text.find("四、因政府信息公开申请行政复议")
    tail = text[four:]
    m = re.search(r"\d{15,}", tail)
    digits = "".join(rng.choice("0123456789") for _ in range(n_digits))
    body = tail[:m.start()] + digits + tail[m.end():] if m else tail + digits
    return f"glued_t4_{n_digits}.txt", (text[:four] + body).encode("utf-8")


def long_digit_run(n_digits: int = 5000) -> tuple[str, bytes]:
    """A report's text with one run of more digits than Python converts to int by default (4300)."""
    text, _ = _scraped_rows()
    at = text.find("一、本年新收")
    return "digits_5000.txt", (text[:at] + "9" * n_digits + text[at:]).encode("utf-8")


def all_rows_glued_text(rows: int = 20, seed: int = 0) -> tuple[str, bytes]:
    """A 三 table whose rows' values all run together between labels (no separator anywhere)."""
    rng = random.Random(seed)
    text, _ = _scraped_rows()
    start, end = text.find("一、本年新收"), text.find("四、因政府信息公开申请行政复议")
    labels = re.findall(r"[^\d]+", text[start:end])[:rows]
    body = []
    for label in labels:
        parts = [rng.randint(0, 9999) for _ in range(6)]
        body.append(label + "".join(map(str, parts + [sum(parts)])))
    return f"all_glued_{rows}.txt", (text[:start] + "".join(body) + text[end:]).encode("utf-8")



def crowded_row_text(fields: int = 20000) -> tuple[str, bytes]:
    """The scraped page with a markdown row of ``fields`` numbers inside its 三 table: no table's row,
    but the alignment's work grows with every number (it once ran for minutes)."""
    text, _ = _scraped_rows()
    at = text.find("一、本年新收")
    row = "| 申请 |" + " 1 |" * fields + "\n"
    return f"crowded_row_{fields}.txt", (text[:at] + row + text[at:]).encode("utf-8")

# --- PDF ----------------------------------------------------------------------------------------

def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def pdf_page_tree_loop() -> tuple[str, bytes]:
    """A page tree whose Kids point back at itself."""
    return "loop.pdf", _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"])


def pdf_broken_page() -> tuple[str, bytes]:
    """A page tree that counts a page whose object is not a page."""
    return "broken_page.pdf", _pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                    b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                                    b"(not a page)"])


def pdf_huge_page(side_pt: int = 14400) -> tuple[str, bytes]:
    """One image-only page of 200 inches square (2.1 Gpx at 200 dpi if rendered naively)."""
    img = zlib.compress(b"\x80" * 64)
    return "huge_page.pdf", _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>" % (side_pt, side_pt),
        b"<< /Length %d >>\nstream\nq %d 0 0 %d 0 0 cm /Im0 Do Q\nendstream" % (
            len(b"q %d 0 0 %d 0 0 cm /Im0 Do Q" % (side_pt, side_pt)), side_pt, side_pt),
        b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray /BitsPerComponent 8 "
        b"/Filter /FlateDecode /Length %d >>\nstream\n" % len(img) + img + b"\nendstream",
    ])


def pdf_text_page(text: bytes = b"1") -> tuple[str, bytes]:
    """One page with one line of text in its text layer."""
    content = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    return "text_page.pdf", _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"])


def pdf_many_pages(pages: int = 300) -> tuple[str, bytes]:
    """Many pages of text that name the report's tables (each is analysed for grids)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (4 + i) for i in range(pages)), pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    content = b"BT /F1 12 Tf 72 720 Td (" + b"1 2 3 4 5 6 7 " * 20 + b") Tj ET"
    for i in range(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (4 + pages + i))
    for _ in range(pages):
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    return f"pages_{pages}.pdf", _pdf(objs)


# --- DOCX ---------------------------------------------------------------------------------------

_CT = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       b'<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
       b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(document: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", document)
    return buf.getvalue()


def docx_table(rows: int = 20000) -> tuple[str, bytes]:
    """A DOCX whose one table has ``rows`` rows of seven cells."""
    row = b"<w:tr>" + b"<w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>" * 7 + b"</w:tr>"
    doc = b"<w:document " + _W + b"><w:body><w:tbl>" + row * rows + b"</w:tbl></w:body></w:document>"
    return f"table_{rows}.docx", _docx(doc)


def docx_lying_headers(inflated: int = 300_000_000) -> tuple[str, bytes]:
    """document.xml inflates to ``inflated`` bytes while its zip headers claim 1,000."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = b"<w:document " + _W + b"><w:body>"
    raw, crc = comp.compress(head), zlib.crc32(head)
    chunk = b" " * 1_000_000
    for _ in range(inflated // len(chunk)):
        raw += comp.compress(chunk)
        crc = zlib.crc32(chunk, crc)
    raw += comp.flush()
    out = io.BytesIO()
    central = []
    for name, content, size, crc_ in (("[Content_Types].xml", zlib.compress(_CT)[2:-4], len(_CT), zlib.crc32(_CT)),
                                      ("_rels/.rels", zlib.compress(_RELS)[2:-4], len(_RELS), zlib.crc32(_RELS)),
                                      ("word/document.xml", raw, 1000, crc)):
        off = out.tell()
        header = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc_, len(content), size, len(name), 0)
        out.write(header + name.encode() + content)
        central.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc_, len(content),
                                   size, len(name), 0, 0, 0, 0, 0, off) + name.encode())
    cd = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 3, 3, out.tell() - cd, cd, 0))
    return "lying_headers.docx", out.getvalue()


def docx_bomb(inflated: int = 80_000_000) -> tuple[str, bytes]:
    """An honest zip bomb: document.xml of ``inflated`` bytes of spaces (80 KB compressed)."""
    doc = b"<w:document " + _W + b"><w:body>" + b" " * inflated + b"</w:body></w:document>"
    return "bomb.docx", _docx(doc)


def docx_corrupt_stream() -> tuple[str, bytes]:
    """A DOCX whose document.xml deflate stream has bytes flipped in its middle."""
    doc = b"<w:document " + _W + b"><w:body>" + b"<w:p><w:r><w:t>abc</w:t></w:r></w:p>" * 2000 + \
        b"</w:body></w:document>"
    data = bytearray(_docx(doc))
    at = data.find(b"word/document.xml") + len("word/document.xml") + 40
    for i in range(at, at + 24):
        data[i] ^= 0x5A
    return "corrupt_stream.docx", bytes(data)


# --- HTML ---------------------------------------------------------------------------------------

def html_deep(depth: int = 400) -> tuple[str, bytes]:
    """A report table nested deeper than libxml2's default limit of 255 elements."""
    text, _ = _scraped_rows()
    start = text.find("三、收到和处理")
    rows = "".join(f"<tr><td>{line}</td></tr>" for line in text[start:start + 3000].split("）"))
    table = "<table>" + rows + "</table>"
    page = "<html><body>" + "<div>" * depth + table + "</div>" * depth + "</body></html>"
    return f"deep_{depth}.html", page.encode("utf-8")


def html_many_tables(n: int = 10000) -> tuple[str, bytes]:
    """``n`` small tables."""
    one = "<table><tr><td>本年新收政府信息公开申请数量</td><td>1</td><td>2</td></tr></table>"
    return f"tables_{n}.html", ("<html><body>" + one * n + "</body></html>").encode("utf-8")


def html_huge_span() -> tuple[str, bytes]:
    """Cells claiming enormous row and column spans."""
    page = ("<html><body><table><tr><td rowspan=65534 colspan=1000>三、收到和处理政府信息公开申请情况</td>"
            "<td colspan=99999>1</td></tr><tr><td>本年新收</td></tr></table></body></html>")
    return "huge_span.html", page.encode("utf-8")


def html_bad_charset() -> tuple[str, bytes]:
    page = b'<html><head><meta charset="x-no-such-charset"></head><body><table><tr><td>\xff\xfe\x00' \
           b'</td></tr></table></body></html>'
    return "bad_charset.html", page


# --- images -------------------------------------------------------------------------------------

def _png(width: int, height: int, rows: bytes) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def png_lying_header() -> tuple[str, bytes]:
    """A PNG whose header claims 60,000 × 60,000 pixels with almost no data."""
    return "lying.png", _png(60000, 60000, b"\x00" * 1000)


def png_large(side: int = 13000) -> tuple[str, bytes]:
    """A real white grey-scale PNG of side × side pixels (compresses to a few hundred KB)."""
    comp = zlib.compressobj(9)
    line = b"\x00" + b"\xff" * side
    raw = b"".join(comp.compress(line) for _ in range(side)) + comp.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return f"large_{side}.png", b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def png_speckle(side: int = 1200, seed: int = 0) -> tuple[str, bytes]:
    """Speckle noise: thousands of tiny dark specks that look like text boxes to a page analysis."""
    rng = random.Random(seed)
    rows = bytearray()
    for _ in range(side):
        rows.append(0)
        rows.extend(0 if rng.random() < 0.08 else 255 for _ in range(side))
    return "speckle.png", _png(side, side, bytes(rows))


def truncated(name: str, data: bytes, keep: float = 0.5) -> tuple[str, bytes]:
    return "truncated_" + name, data[:int(len(data) * keep)]


def bit_flipped(name: str, data: bytes, flips: int = 20, seed: int = 0) -> tuple[str, bytes]:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(flips):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return "flipped_" + name, bytes(out)
