"""The DOCX source on documents built here with python-docx (and raw table XML where
python-docx has no API: gridBefore, hMerge, content controls, text boxes)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from gktables.errors import CorruptFileError, TooLargeError, UnsupportedFormatError
from gktables.layout import Grid, GridCell, Layout
from gktables.settings import Settings
from gktables.sources.docx import reader as docx_source
from gktables.sources.docx.legacy import OLE2_MAGIC, sniff_word_file
from gktables.sources.docx.numbering import Numbering, format_number
from gktables.sources.docx.reader import read_docx

from .conftest import GOLDEN_SYNTHETIC as SYNTHETIC

SETTINGS = Settings()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

T3_COLS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def save(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def t3_document() -> bytes:
    """Prose, then the top of table 三 with real merged cells, then prose."""
    d = docx.Document()
    d.add_paragraph("2020年某某县人民政府政府信息公开工作年度报告")
    d.add_paragraph("本年度共收到政府信息公开申请6件。")
    t = d.add_table(rows=8, cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, label in enumerate(T3_COLS):
        t.cell(2, 4 + i).text = label
    t.cell(3, 0).merge(t.cell(3, 2)).text = "一、本年新收政府信息公开申请数量"
    for i, v in enumerate(["5", "1", "", "", "", "", "6"]):
        t.cell(3, 3 + i).text = v
    t.cell(4, 0).merge(t.cell(7, 0)).text = "三、本年度办理结果"
    t.cell(4, 1).merge(t.cell(4, 2)).text = "（一）予以公开"
    t.cell(5, 1).merge(t.cell(7, 1)).text = "（三）不予公开"
    t.cell(5, 2).text = "1.属于国家秘密"
    t.cell(6, 2).text = "2.其他法律行政法规禁止公开"
    t.cell(7, 2).text = "3.危及“三安全一稳定”"
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    return save(d)


def body_document(body_xml: str) -> bytes:
    """A DOCX whose body is ``body_xml`` (w: namespace declared)."""
    d = docx.Document()
    body = d.element.body
    sect = body.find(qn("w:sectPr"))
    for child in list(body):
        if child is not sect:
            body.remove(child)
    fragment = parse_xml(f"<w:body {nsdecls('w')} xmlns:mc='http://schemas.openxmlformats.org/markup-compatibility/2006'>"
                         f"{body_xml}</w:body>")
    for el in list(fragment):
        sect.addprevious(el)
    return save(d)


def tc(text: str, props: str = "") -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t xml:space='preserve'>{t}</w:t></w:r></w:p>" for t in text.split("|"))
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{paragraphs}</w:tc>"


def tbl(*rows: str, grid: int = 4) -> str:
    cols = "".join("<w:gridCol w:w='1200'/>" for _ in range(grid))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{''.join(rows)}</w:tbl>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def grid_with(layout: Layout, text: str) -> tuple[Grid, GridCell]:
    for grid in layout.grids:
        for cell in grid.cells:
            if cell.text == text:
                return grid, cell
    raise AssertionError(f"no cell {text!r} in {[c.text for g in layout.grids for c in g.cells]}")


def spans(grid: Grid) -> list[tuple[str, int, int, int, int]]:
    return [(c.text, c.row, c.col, c.rowspan, c.colspan) for c in grid.cells]


def assert_well_formed(grid: Grid) -> None:
    seen: set[tuple[int, int]] = set()
    for cell in grid.cells:
        for r in range(cell.row, cell.last_row + 1):
            for c in range(cell.col, cell.last_col + 1):
                assert (r, c) not in seen
                seen.add((r, c))


# --- merged cells from python-docx ----------------------------------------------------------

@pytest.fixture(scope="module")
def t3() -> Layout:
    return read_docx(t3_document(), "t3.docx", SETTINGS)


def test_python_docx_merges_become_spans(t3):
    assert t3.source == "docx" and len(t3.grids) == 1
    grid = t3.grids[0]
    assert grid.source == "docx"
    assert_well_formed(grid)
    assert (grid.n_rows, grid.n_cols) == (8, 10)
    by_text = {c.text: c for c in grid.cells}
    assert (by_text["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"].rowspan,
            by_text["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"].colspan) == (3, 3)
    assert by_text["申请人情况"].colspan == 7
    assert (by_text["自然人"].row, by_text["自然人"].col, by_text["自然人"].rowspan) == (1, 3, 2)
    assert by_text["法人或其他组织"].colspan == 5
    assert by_text["总计"].rowspan == 2
    result = by_text["三、本年度办理结果"]
    assert (result.row, result.col, result.rowspan, result.colspan) == (4, 0, 4, 1)
    assert (by_text["（三）不予公开"].rowspan, by_text["（一）予以公开"].colspan) == (3, 2)
    new_row = sorted((c for c in grid.cells if c.row == 3), key=lambda c: c.col)
    assert [c.text for c in new_row] == ["一、本年新收政府信息公开申请数量", "5", "1", "", "", "", "", "6"]


def test_text_in_document_order(t3):
    lines = t3.text.splitlines()
    assert lines[0] == "2020年某某县人民政府政府信息公开工作年度报告"
    assert lines[1] == "本年度共收到政府信息公开申请6件。"
    assert lines[-1] == "四、政府信息公开行政复议、行政诉讼情况"
    assert "一、本年新收政府信息公开申请数量\t5\t1" in t3.text
    assert lines.index("四、政府信息公开行政复议、行政诉讼情况") > 2
    first, last = t3.grids[0].text_lines
    assert lines[first - 1] == "本年度共收到政府信息公开申请6件。" and lines[last + 1] == lines[-1]
    assert "\x00" not in t3.text


# --- table XML python-docx cannot write -----------------------------------------------------

def test_grid_before_vmerge_without_val_and_hmerge():
    xml = tbl(
        tr(tc("第二十条第（五）项", "<w:gridSpan w:val='4'/>")),
        tr(tc("信息内容", "<w:vMerge w:val='restart'/>"), tc("上一年项目数量"), tc("本年增/减"), tc("处理决定数量")),
        tr(tc("", "<w:vMerge/>"), tc("1"), tc("2"), tc("3")),  # continue: no w:val
        tr(tc("行政许"), tc("可", "<w:hMerge/>"), tc("7"), tc("8")),  # legacy horizontal merge
        tr(tc("9"), tc("10", "<w:gridSpan w:val='2'/>"), props="<w:gridBefore w:val='1'/>"),
        tr(tc("行政处罚"), tc("4"), props="<w:gridAfter w:val='2'/>"),
    )
    layout = read_docx(body_document(xml), "raw.docx", SETTINGS)
    grid = layout.grids[0]
    assert_well_formed(grid)
    assert spans(grid) == [
        ("第二十条第（五）项", 0, 0, 1, 4),
        ("信息内容", 1, 0, 2, 1), ("上一年项目数量", 1, 1, 1, 1), ("本年增/减", 1, 2, 1, 1),
        ("处理决定数量", 1, 3, 1, 1),
        ("1", 2, 1, 1, 1), ("2", 2, 2, 1, 1), ("3", 2, 3, 1, 1),
        ("行政许", 3, 0, 1, 2), ("7", 3, 2, 1, 1), ("8", 3, 3, 1, 1),
        ("9", 4, 1, 1, 1), ("10", 4, 2, 1, 2),
        ("行政处罚", 5, 0, 1, 1), ("4", 5, 1, 1, 1),
    ]


def test_row_deleted_with_tracked_changes_is_left_out():
    deleted = "<w:del w:id='9' w:author='a' w:date='2020-01-01T00:00:00Z'/>"
    xml = tbl(tr(tc("行政许可"), tc("1")), tr(tc("旧行"), tc("9"), props=deleted), tr(tc("行政处罚"), tc("2")), grid=2)
    layout = read_docx(body_document(xml), "tracked.docx", SETTINGS)
    assert [c.text for c in layout.grids[0].cells] == ["行政许可", "1", "行政处罚", "2"]


def test_vmerge_continue_with_nothing_above_is_kept_as_a_cell():
    xml = tbl(tr(tc("行政许可"), tc("1", "<w:vMerge/>")), tr(tc("行政处罚"), tc("2")), grid=2)
    layout = read_docx(body_document(xml), "orphan.docx", SETTINGS)
    assert ("1", 0, 1, 1, 1) in spans(layout.grids[0])
    assert layout.grids[0].debug["repairs"]


def test_cell_text_runs_breaks_vertical_hidden_deleted_fields():
    vertical = ("<w:tc><w:tcPr><w:vMerge w:val='restart'/><w:textDirection w:val='tbRlV'/></w:tcPr>"
                "<w:p><w:r><w:t>三、本年度</w:t></w:r><w:r><w:t>办理结果</w:t></w:r></w:p></w:tc>")
    header = ("<w:tc><w:p><w:r><w:t>本年新</w:t></w:r><w:r><w:br/><w:t>制作数量</w:t></w:r>"
              "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
              "<w:del w:id='1' w:author='a' w:date='2020-01-01T00:00:00Z'>"
              "<w:r><w:delText>删除</w:delText></w:r></w:del>"
              "</w:p></w:tc>")
    field = ("<w:tc><w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r><w:r><w:instrText> = 1+2 </w:instrText></w:r>"
             "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>3</w:t></w:r>"
             "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p></w:tc>")
    per_char = tc("1|.|属|于|国|家|秘|密")
    xml = tbl(tr(vertical, header, field, per_char), tr(tc("", "<w:vMerge/>"), tc("规章"), tc(""), tc("")))
    layout = read_docx(body_document(xml), "text.docx", SETTINGS)
    texts = [c.text for c in layout.grids[0].cells]
    assert texts[:4] == ["三、本年度办理结果", "本年新制作数量", "3", "1.属于国家秘密"]
    assert layout.grids[0].cells[0].rowspan == 2


def test_content_controls_nested_table_and_text_box():
    inner = tbl(tr(tc("行政处罚"), tc("5")), tr(tc("行政强制"), tc("6")), grid=2)
    wrapped_cell = f"<w:sdt><w:sdtPr/><w:sdtContent>{tc('规章')}</w:sdtContent></w:sdt>"
    outer_cell = f"<w:tc><w:p><w:r><w:t>第二十条第（六）项</w:t></w:r></w:p>{inner}<w:p/></w:tc>"
    box = ("<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires='wps'>"
           "<w:drawing><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></w:drawing>"
           "</mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>文本框内容</w:t></w:r></w:p>"
           "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")
    xml = box + tbl(tr(outer_cell, wrapped_cell, tc("行政许可"), tc("行政事业性收费")), grid=4)
    layout = read_docx(body_document(xml), "nested.docx", SETTINGS)
    outer = [c.text for c in layout.grids[0].cells]
    assert outer == ["第二十条第（六）项", "规章", "行政许可", "行政事业性收费"]  # nested table not in the cell text
    assert spans(layout.grids[1]) == [("行政处罚", 0, 0, 1, 1), ("5", 0, 1, 1, 1), ("行政强制", 1, 0, 1, 1),
                                      ("6", 1, 1, 1, 1)]
    assert layout.text.count("文本框内容") == 1  # Fallback not read twice
    assert layout.text.index("正文") < layout.text.index("文本框内容") < layout.text.index("行政处罚")


def test_layout_table_keeps_article_lines_and_table_order():
    article = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in ["一、总体情况", "正文第一段", "正文第二段"])
    report = tbl(tr(tc("行政处罚"), tc("5")), tr(tc("行政强制"), tc("6")), grid=2)
    cell = f"<w:tc>{article}{report}<w:p><w:r><w:t>五、存在的主要问题</w:t></w:r></w:p></w:tc>"
    layout = read_docx(body_document(tbl(tr(tc("导航"), cell), grid=2)), "layout.docx", SETTINGS)
    assert layout.text.splitlines() == ["导航", "一、总体情况", "正文第一段", "正文第二段",
                                        "行政处罚\t5", "行政强制\t6", "五、存在的主要问题"]
    assert len(layout.grids) == 1 and layout.grids[0].n_rows == 2


def test_sliver_grid_columns_are_removed():
    """Word grids often carry a hair-thin gridCol from misaligned borders."""
    cols = "<w:gridCol w:w='2000'/><w:gridCol w:w='1500'/><w:gridCol w:w='15'/><w:gridCol w:w='1500'/>"
    xml = (f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>"
           + tr(tc("信息内容"), tc("上一年项目数量"), tc("本年增/减", "<w:gridSpan w:val='2'/>"))
           + tr(tc("行政许可"), tc("0", "<w:gridSpan w:val='2'/>"), tc("1"))
           + "</w:tbl>")
    grid = read_docx(body_document(xml), "sliver.docx", SETTINGS).grids[0]
    assert grid.debug["sliver_cols"] == [2]
    assert spans(grid) == [("信息内容", 0, 0, 1, 1), ("上一年项目数量", 0, 1, 1, 1), ("本年增/减", 0, 2, 1, 1),
                           ("行政许可", 1, 0, 1, 1), ("0", 1, 1, 1, 1), ("1", 1, 2, 1, 1)]


def test_alt_chunk_html_is_read():
    """Web editors export .docx whose body is an imported HTML chunk (w:altChunk)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    page = ("<html><body><p>二、主动公开政府信息情况</p><table><tr><td>行政许可</td><td>11</td></tr>"
            "<tr><td>行政处罚</td><td>12</td></tr></table></body></html>").encode()
    d = docx.Document()
    d.add_paragraph("前言")
    part = Part(PackURI("/word/afchunk.htm"), "text/html", page, d.part.package)
    rid = d.part.relate_to(part, RT.A_F_CHUNK)
    body = d.element.body
    body.find(qn("w:sectPr")).addprevious(
        parse_xml(f"<w:altChunk {nsdecls('w', 'r')} r:id='{rid}'/>"))
    layout = read_docx(save(d), "chunk.docx", SETTINGS)
    assert layout.text.splitlines()[:2] == ["前言", "二、主动公开政府信息情况"]
    grid, _ = grid_with(layout, "11")
    assert grid.text_lines == (2, 3) and "\x00" not in layout.text


def test_non_report_document_has_no_grids():
    d = docx.Document()
    d.add_paragraph("会议通知")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "姓名", "单位"
    layout = read_docx(save(d), "notice.docx", SETTINGS)
    assert layout.grids == [] and layout.debug["dropped_tables"]
    assert "会议通知" in layout.text


# --- list numbering -------------------------------------------------------------------------

NUMBERING = f"""<w:numbering {nsdecls('w')}>
<w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">\
<w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/>\
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>
</w:numbering>"""


def numbered(num_id: int, ilvl: int, text: str = "x"):
    return parse_xml(f"<w:p {nsdecls('w')}><w:pPr><w:numPr><w:ilvl w:val='{ilvl}'/><w:numId w:val='{num_id}'/>"
                     f"</w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")


def test_numbering_labels():
    numbering = Numbering.from_parts(parse_xml(NUMBERING), None)
    labels = [numbering.label(numbered(n, lvl)) for n, lvl in
              [(1, 0), (1, 1), (1, 2), (1, 2), (1, 1), (1, 2), (1, 0), (2, 0), (0, 0)]]
    assert labels == ["一、", "（一）", "1.", "2.", "（二）", "1.", "二、", "", ""]
    assert numbering.label(numbered(3, 0)) == "三、"  # a restarted list counts on its own
    assert numbering.label(numbered(1, 0)) == "三、"  # the first list continues


def test_numbered_paragraph_text():
    numbering = Numbering.from_parts(parse_xml(NUMBERING), None)
    assert docx_source.paragraph_text(numbered(1, 0, "总体情况"), numbering, []) == "一、总体情况"


@pytest.mark.parametrize("n, fmt, expected", [
    (10, "chineseCounting", "十"), (12, "chineseCounting", "十二"), (20, "chineseCountingThousand", "二十"),
    (3, "decimalEnclosedCircle", "③"), (4, "upperRoman", "IV"), (2, "lowerLetter", "b"),
    (1, "ideographTraditional", "甲"), (7, "decimalFullWidth", "７"), (5, "decimal", "5"),
])
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


# --- errors and other Word-named files ------------------------------------------------------

def test_not_a_zip_names_the_file():
    with pytest.raises(CorruptFileError, match="broken.docx"):
        read_docx(b"this is not a word file", "broken.docx", SETTINGS)


def test_truncated_zip():
    data = t3_document()
    with pytest.raises(CorruptFileError, match="cut.docx"):
        read_docx(data[: len(data) // 2], "cut.docx", SETTINGS)


def test_zip_without_a_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CorruptFileError, match="empty.docx"):
        read_docx(out.getvalue(), "empty.docx", SETTINGS)


def test_inflated_size_limit():
    with pytest.raises(TooLargeError, match="big.docx"):
        read_docx(t3_document(), "big.docx", Settings(max_docx_xml_bytes=1000))


def test_legacy_doc_without_libreoffice(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    ole = OLE2_MAGIC + b"\x00" * 512
    with pytest.raises(UnsupportedFormatError, match="old.doc.*soffice --headless --convert-to docx"):
        read_docx(ole, "old.doc", SETTINGS)


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice not installed")
def test_legacy_doc_through_libreoffice(tmp_path):
    source = tmp_path / "t3.docx"
    source.write_bytes(t3_document())
    subprocess.run(
        [shutil.which("soffice") or shutil.which("libreoffice"), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
         "--headless", "--convert-to", "doc", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=120, check=True)
    data = (tmp_path / "t3.doc").read_bytes()
    assert sniff_word_file(data) == "ole"
    for name in ("t3.doc", "t3.wps"):  # Kingsoft .wps files are Word 97 inside
        layout = read_docx(data, name, SETTINGS)
        assert layout.debug["converted"] is True
        grid, result = grid_with(layout, "三、本年度办理结果")
        assert result.rowspan == 4
        assert grid_with(layout, "自然人")[1].rowspan == 2


def test_sniff_word_file():
    assert sniff_word_file(t3_document()) == "zip"
    assert sniff_word_file(OLE2_MAGIC + b"\x00" * 100) == "ole"
    assert sniff_word_file(b"{\\rtf1\\ansi hello}") == "rtf"
    word_2003 = (b'<?xml version="1.0"?><?mso-application progid="Word.Document"?>'
                 b'<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">')
    assert sniff_word_file(word_2003) == "wordml"
    assert sniff_word_file(b"\r\n<HTML><body>") == "html"
    assert sniff_word_file(b"MIME-Version: 1.0\r\n") == "mhtml"
    assert sniff_word_file(b"hello") == "unknown"
    odt = io.BytesIO()
    with zipfile.ZipFile(odt, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
    assert sniff_word_file(odt.getvalue()) == "odt"


def test_html_saved_as_doc_is_read_as_html():
    page = ("<html><body><table><tr><td>行政许可</td><td>1</td></tr>"
            "<tr><td>行政处罚</td><td>2</td></tr></table></body></html>")
    layout = read_docx(page.encode("utf-8"), "page.doc", SETTINGS)
    assert layout.source == "html" and len(layout.grids) == 1


def test_mhtml_saved_as_doc_is_read_as_html():
    page = ("<html><body><table><tr><td>行政许可</td><td>1</td></tr>"
            "<tr><td>行政处罚</td><td>2</td></tr></table></body></html>")
    import base64
    mht = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
           "Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + base64.b64encode(page.encode("gb2312")).decode() + "\r\n--b--\r\n")
    layout = read_docx(mht.encode("ascii"), "page.doc", SETTINGS)
    assert layout.source == "html"
    assert grid_with(layout, "行政许可")


# --- generated documents and speed ----------------------------------------------------------

SYNTHETIC_DOCX = sorted(SYNTHETIC.glob("**/*.docx")) if SYNTHETIC.exists() else []


@pytest.mark.skipif(not SYNTHETIC_DOCX, reason="no synthetic DOCX generated yet (tools/synth)")
@pytest.mark.parametrize("path", SYNTHETIC_DOCX, ids=lambda p: p.name)
def test_synthetic_documents_give_report_grids(path):
    layout = read_docx(path.read_bytes(), path.name, SETTINGS)
    assert layout.grids, layout.debug.get("dropped_tables")
    for grid in layout.grids:
        assert_well_formed(grid)
    texts = {c.text for g in layout.grids for c in g.cells}
    assert "三、本年度办理结果" in texts or "三、本年度办理结果".replace("、", "") in texts

