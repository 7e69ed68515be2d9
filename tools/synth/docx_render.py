"""Word documents in the official layout, with real merged cells, written with python-docx."""

from __future__ import annotations

import datetime as dt
import io
import random
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from .spec import TABLE_TITLES

from .grid import slot_matrix
from .model import Cell, DocSpec, TableGrid

SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"


@dataclass(frozen=True)
class DocxStyle:
    t2_mode: str = "combined"  # "combined" or "blocks" (one table per 第二十条 block)
    table_pt: float = 10.5
    body_pt: float = 12
    widths: str = "standard"  # "narrow": value columns so narrow that 商业企业 and 结果维持 wrap
    vertical: str = "tbRlV"  # the tall 三、本年度办理结果 cell: "tbRlV" text direction or "chars" (one per line)
    t3_break: str = "none"  # "repeat": tall rows force a page break inside 三, header rows repeat; "norepeat"
    landscape: bool = False  # tables in a landscape section
    rules: str = "grid"  # "hrules": horizontal rules only
    shade_captions: bool = False  # shaded 第二十条 caption rows (as WPS exports do)
    table_font: str = SERIF


STYLES: dict[str, DocxStyle] = {
    "official": DocxStyle(),
    "narrow_wrap": DocxStyle(table_pt=9, widths="narrow", vertical="chars"),
    "large_font_repeat_header": DocxStyle(table_pt=12, body_pt=14, t3_break="repeat", shade_captions=True),
    "page_break_no_repeat": DocxStyle(t3_break="norepeat", vertical="chars", table_font=SANS),
    "landscape": DocxStyle(landscape=True, table_pt=11),
    "hrules": DocxStyle(rules="hrules", table_font=SANS),
    "t2_blocks": DocxStyle(t2_mode="blocks", shade_captions=True),
}
VARIANTS = tuple(STYLES)

PORTRAIT = (21.0, 29.7)
MARGINS = (3.7, 3.5, 2.8, 2.6)  # top, bottom, left, right (cm), as in official documents


# --- low-level helpers -------------------------------------------------------------------------------
def _run(p: Paragraph, text: str, pt: float, bold: bool = False, font: str = SERIF) -> Run:
    r = p.add_run(text)
    r.font.size = Pt(pt)
    r.font.bold = bold
    r.font.name = font
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return r


def _para(doc: DocumentObject, text: str, pt: float, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None,
          indent: bool = True, font: str = SERIF) -> Paragraph:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    pf = p.paragraph_format
    pf.space_after = Pt(0)
    pf.line_spacing = 1.25
    if indent:
        pf.first_line_indent = Pt(pt * 2)
    pf.keep_with_next = bold  # headings stay with what follows
    _run(p, text, pt, bold, font)
    return p


def _set(el: BaseOxmlElement, tag: str, **attrs: str) -> BaseOxmlElement:
    """Append <w:tag w:attr=...> to `el`."""
    child = OxmlElement(tag)
    for k, v in attrs.items():
        child.set(qn(f"w:{k}"), v)
    el.append(child)
    return child


def _borders(tbl: Table, rules: str) -> None:
    tblPr = tbl._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        horizontal = side in ("top", "bottom", "insideH")
        if rules == "hrules" and not horizontal:
            _set(b, f"w:{side}", val="nil")
        else:
            sz = "12" if rules == "hrules" and side in ("top", "bottom") else "4"
            _set(b, f"w:{side}", val="single", sz=sz, space="0", color="000000")
    tblPr.append(b)


def _fix_widths(tbl: Table, widths_cm: list[float]) -> None:
    """Fixed layout, grid columns and every tc width (sum over its gridSpan)."""
    tblPr = tbl._tbl.tblPr
    _set(tblPr, "w:tblLayout", type="fixed")
    grid = tbl._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for tr in tbl._tbl.tr_lst:
        col = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tc.width = Cm(sum(widths_cm[col:col + span]))
            col += span


def _text_cm(text: str, pt: float) -> float:
    """Rough printed width of `text` (CJK full width, digits about half) plus cell margins."""
    ems = sum(1.0 if ord(ch) > 0x2E80 else 0.56 for ch in text)
    return ems * pt * 0.03528 + 0.3


def _col_widths(grid: TableGrid, style: DocxStyle, usable_cm: float) -> list[float]:
    """Column widths: the grid's weights, value columns never narrower than their widest number."""
    weights = list(grid.col_weights)
    if style.widths == "narrow" and grid.section in ("t3", "t4"):
        n_val = 7 if grid.section == "t3" else 15
        weights = [w * (2.2 if i < grid.n_cols - n_val else 0.78) for i, w in enumerate(weights)]
    table_cm = usable_cm * (0.9 if grid.section == "t2" and style.t2_mode == "blocks" else 1.0)
    total = sum(weights)
    widths = [table_cm * w / total for w in weights]
    need = [0.0] * grid.n_cols
    for c in grid.cells:
        if c.role == "value" and c.colspan == 1:
            need[c.col] = max(need[c.col], _text_cm(c.text, _value_pt(style)))
    extra = sum(max(0.0, n - w) for n, w in zip(need, widths))
    if extra:
        widths = [max(w, n) for w, n in zip(widths, need)]
        free = [i for i in range(grid.n_cols) if need[i] == 0.0]  # label columns give the room back
        room = sum(widths[i] for i in free)
        for i in free:
            widths[i] -= extra * widths[i] / room
    return widths


def _value_pt(style: DocxStyle) -> float:
    return style.table_pt + 1.5 if style.table_pt < 11 else style.table_pt


def _fill_cell(dcell: _Cell, c: Cell, style: DocxStyle) -> None:
    p = dcell.paragraphs[0]
    pf = p.paragraph_format
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing = 1.0
    bold = c.role in ("header", "caption") or (c.role == "label" and c.colspan == 3)
    left = c.role in ("label", "note") and not c.vertical
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    if c.vertical and style.vertical == "chars":
        for i, ch in enumerate(c.text):
            r = _run(p, ch, style.table_pt, True, style.table_font)
            if i < len(c.text) - 1:
                r.add_break(WD_BREAK.LINE)
    else:
        _run(p, c.text, _value_pt(style) if c.role == "value" else style.table_pt, bold, style.table_font)
    tcPr = dcell._tc.get_or_add_tcPr()
    if c.role == "caption" and style.shade_captions:
        _set(tcPr, "w:shd", val="clear", color="auto", fill="D9E2F3")
    if c.vertical and style.vertical == "tbRlV":
        _set(tcPr, "w:textDirection", val="tbRlV")
    # a tall label that runs over a page break stays in the first part when top-aligned
    top = c.vertical and style.t3_break != "none"
    dcell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP if top else WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _merged_rows(tbl: Table, grid: TableGrid) -> dict[tuple[int, int], _Cell]:
    """Rebuild the rows of `tbl` with w:gridSpan / w:vMerge as the grid says; top-left cell per grid cell."""
    matrix = slot_matrix(grid)
    first: dict[tuple[int, int], _Cell] = {}
    for r, tr in enumerate(tbl._tbl.tr_lst):
        for tc in list(tr.tc_lst):
            tr.remove(tc)
        c = 0
        while c < grid.n_cols:
            cell = matrix[r][c]
            assert cell is not None, f"grid {grid.name} has a hole at {r},{c}"
            tc = tr.add_tc()  # comes with its one empty paragraph
            tcPr = tc.get_or_add_tcPr()
            if cell.colspan > 1:
                _set(tcPr, "w:gridSpan", val=str(cell.colspan))
            if cell.rowspan > 1:
                _set(tcPr, "w:vMerge", **({"val": "restart"} if r == cell.row else {}))
            if r == cell.row:
                first[(cell.row, cell.col)] = _Cell(tc, tbl)
            c += cell.colspan
    return first


def add_grid(doc: DocumentObject, grid: TableGrid, style: DocxStyle, usable_cm: float) -> None:
    tbl = doc.add_table(rows=grid.n_rows, cols=grid.n_cols)
    tbl.style = doc.styles["Table Grid"]
    tbl.autofit = False
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    _borders(tbl, style.rules)
    first = _merged_rows(tbl, grid)
    for c in grid.cells:
        _fill_cell(first[(c.row, c.col)], c, style)
    _fix_widths(tbl, _col_widths(grid, style, usable_cm))
    tblPr = tbl._tbl.tblPr
    mar = _set(tblPr, "w:tblCellMar")
    for side in ("left", "right"):
        _set(mar, f"w:{side}", w="57", type="dxa")
    keep_rows = grid.n_rows - 1 if grid.section == "t4" else grid.header_rows  # rows kept with the next one
    for tr in tbl._tbl.tr_lst[:keep_rows]:
        for p in tr.iter(qn("w:p")):
            _set(p.get_or_add_pPr(), "w:keepNext")
    for i, row in enumerate(tbl.rows):
        trPr = row._tr.get_or_add_trPr()
        _set(trPr, "w:cantSplit")
        if grid.section == "t3" and style.t3_break == "repeat" and i < grid.header_rows:
            _set(trPr, "w:tblHeader")
        if grid.section == "t3" and style.t3_break != "none" and i >= grid.header_rows:
            row.height, row.height_rule = Cm(1.0), WD_ROW_HEIGHT_RULE.AT_LEAST
        elif grid.section == "t3" and i < grid.header_rows:
            row.height, row.height_rule = Cm(0.75), WD_ROW_HEIGHT_RULE.AT_LEAST
        else:
            row.height, row.height_rule = Cm(0.7), WD_ROW_HEIGHT_RULE.AT_LEAST


def _page_numbers(section: Section, font: str) -> None:
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, "- ", 10, font=font)
    fld = _set(p._p, "w:fldSimple", instr="PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    _run(p, " -", 10, font=font)


def _geometry(section: Section, landscape: bool) -> float:
    """Set page size and margins; return the usable width in cm."""
    w, h = PORTRAIT if not landscape else PORTRAIT[::-1]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(w), Cm(h)
    top, bottom, left, right = MARGINS if not landscape else (2.6, 2.4, 2.8, 2.6)
    section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
    section.left_margin, section.right_margin = Cm(left), Cm(right)
    return w - left - right


# --- document ----------------------------------------------------------------------------------------
def build_document(spec: DocSpec, style: DocxStyle, rng: random.Random) -> DocumentObject:
    doc = Document()
    f = style.table_font  # one CJK family per document keeps the PDFs small
    normal = doc.styles["Normal"]
    normal.font.name = f
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), f)
    usable = _geometry(doc.sections[0], False)
    _page_numbers(doc.sections[0], f)
    cp = doc.core_properties
    cp.author, cp.title = "", spec.prose.title
    cp.created = cp.modified = dt.datetime(spec.year + 1, 1, 20, 9, 0, 0)
    cp.revision = 1
    pt = style.body_pt

    def para(text: str, size: float = pt, **kw) -> Paragraph:
        return _para(doc, text, size, font=f, **kw)

    para(spec.prose.title, 18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    para("", indent=False)
    for t in spec.prose.intro:
        para(t)
    para("一、总体情况", pt + 2, bold=True)
    for t in spec.prose.overall:
        para(t, bold=t.startswith("（") and len(t) < 16)
    if style.landscape:
        usable = _geometry(doc.add_section(WD_SECTION.NEW_PAGE), True)
    for section in ("t2", "t3", "t4"):
        title = para(TABLE_TITLES[section], pt + 2, bold=True)
        if section == "t3":  # 三 starts a page: its header never splits, breaks happen only where meant
            title.paragraph_format.page_break_before = True
        for g in (g for g in spec.grids if g.section == section):
            if g.name.endswith(".cont"):  # continued on the next page (tools/synth/header_variants)
                para("", 6, indent=False).paragraph_format.page_break_before = True
            add_grid(doc, g, style, usable)
            para("", 6, indent=False)  # keeps adjacent tables apart
    if style.landscape:
        _geometry(doc.add_section(WD_SECTION.NEW_PAGE), False)
    para(spec.prose.problems_title, pt + 2, bold=True)
    for t in spec.prose.problems:
        para(t)
    para(spec.prose.other_title, pt + 2, bold=True)
    for t in spec.prose.other:
        para(t)
    para("", indent=False)
    para(spec.agency, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    para(f"{spec.year + 1}年1月{rng.randint(10, 31)}日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return doc


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed member timestamps so equal seeds give equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def write_docx(spec: DocSpec, style: DocxStyle, path: Path, rng: random.Random) -> None:
    buf = io.BytesIO()
    build_document(spec, style, rng).save(buf)
    path.write_bytes(_deterministic_zip(buf.getvalue()))
