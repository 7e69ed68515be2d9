"""Plain-text renderings: extractions of the generated PDFs, and text laid out straight from the grids.

From a PDF: pdftotext -raw, pdftotext -layout, pdfminer. From the grids: one cell per line,
tab-separated, '|'-separated, OCR-like noise, scraped page text with no cell separators, and the
fragmented markdown of PDF-to-markdown converters.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from .spec import TABLE_TITLES

from .grid import split_grid
from .model import Cell, DocSpec, TableGrid

PDF_VARIANTS = ("pdftotext_raw", "pdftotext_layout", "pdfminer")
GRID_VARIANTS = ("cell_per_line", "tsv", "pipe", "ocr_noise", "scraped", "md_converter")
# added after the committed set was made: planned only when named (--variants), so the plans of
# existing seeds, and golden/synthetic, stay what they were
OPT_IN_VARIANTS = ("md_converter",)
VARIANTS = PDF_VARIANTS + tuple(v for v in GRID_VARIANTS if v not in OPT_IN_VARIANTS)
# variants in which an empty cell would leave no trace, so blanks are printed as '/', '—' or '无'
# (md_converter: value-only rows, padded fragments and an extra trailing column would make '' cells
# indistinguishable from padding)
NEEDS_VISIBLE_BLANKS = {"pdftotext_raw", "pdfminer", "cell_per_line", "ocr_noise", "scraped", "md_converter"}


# --- from a PDF ----------------------------------------------------------------------------------
def pdf_to_text(pdf: Path, variant: str) -> str:
    if variant == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    flag = "-raw" if variant == "pdftotext_raw" else "-layout"
    done = subprocess.run(["pdftotext", flag, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


# --- grid linearisation --------------------------------------------------------------------------
def row_fields(grid: TableGrid, r: int, pad_colspan: bool = False) -> list[str]:
    """Texts of a grid row slot by slot: cells starting here, '' under a rowspan, colspans skipped."""
    out: list[str] = []
    for k in range(grid.n_cols):
        c = grid.covering(r, k)
        if c is None:
            out.append("")
        elif c.row == r and c.col == k:
            out.append(c.text)
        elif c.col == k:  # covered by a rowspan from above
            out.append("")
        elif pad_colspan:
            out.append("")
    return out


def _section_grids(spec: DocSpec, section: str) -> list[TableGrid]:
    return [g for g in spec.grids if g.section == section]


def _doc_blocks(spec: DocSpec, table_text: Callable[[list[TableGrid]], str]) -> list[str]:
    """The report in reading order; `table_text(grids)` renders one section's tables."""
    p = spec.prose
    blocks = [p.title, *p.intro, "一、总体情况", *p.overall]
    for section in ("t2", "t3", "t4"):
        blocks.append(TABLE_TITLES[section])
        blocks.append(table_text(_section_grids(spec, section)))
    blocks += [p.problems_title, *p.problems, p.other_title, *p.other]
    return blocks


# --- one cell per line (web page text) ---------------------------------------------------------------
def _cell_per_line(spec: DocSpec, rng: random.Random) -> str:
    def tables(grids: list[TableGrid]) -> str:
        return "\n\n".join(c.text for g in grids for r in range(g.n_rows) for c in g.at(r)
                           if not (c.role == "filler" and not c.text))

    return "\n\n".join(_doc_blocks(spec, tables)) + "\n"


# --- tab separated (Word/WPS copy) ----------------------------------------------------------------------
def _tsv(spec: DocSpec, rng: random.Random) -> str:
    def tables(grids: list[TableGrid]) -> str:
        out: list[str] = []
        for g in grids:
            parts = [g]
            if g.section == "t3" and rng.random() < 0.6:  # a page break with the header repeated
                at = rng.randint(g.header_rows + 3, g.n_rows - 5)
                parts = list(split_grid(g, at, repeat_header=True))
            for i, part in enumerate(parts):
                if i:
                    out.append("")
                for r in range(part.n_rows):
                    caption = any(c.role == "caption" for c in part.at(r))
                    out.append("\t".join(row_fields(part, r, pad_colspan=caption)))
        return "\n".join(out)

    return "\n\n".join(_doc_blocks(spec, tables)) + "\n"


# --- '|' separated (markdown-ish) --------------------------------------------------------------------
def _pipe(spec: DocSpec, rng: random.Random) -> str:
    def tables(grids: list[TableGrid]) -> str:
        out: list[str] = []
        for g in grids:
            for r in range(g.n_rows):
                out.append("| " + " | ".join(row_fields(g, r, pad_colspan=True)) + " |")
                if r == 0:
                    out.append("|" + "---|" * g.n_cols)
            out.append("")
        return "\n".join(out).rstrip()

    return "\n\n".join(_doc_blocks(spec, tables)) + "\n"


# --- OCR-like noise --------------------------------------------------------------------------------
def _wrap(text: str, width: int) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)] or [""]


def _noisy_label(rng: random.Random, text: str) -> str:
    text = text.replace("减", "減") if rng.random() < 0.7 else text
    text = text.replace("（", "(").replace("）", ")") if rng.random() < 0.6 else text
    if text.startswith("一、") and rng.random() < 0.5:
        text = "-\t、" + text[2:]
    return text


def _noisy_value(rng: random.Random, text: str) -> str:
    return "U" if text == "0" and rng.random() < 0.12 else text


def _ocr_grid_lines(g: TableGrid, rng: random.Random) -> list[str]:
    lines: list[str] = []
    vertical: Cell | None = next((c for c in g.cells if c.vertical), None)
    v_chars = list(vertical.text) if vertical else []
    interleave = rng.random() < 0.5
    for r in range(g.n_rows):
        cells = g.at(r)
        labels = [c for c in cells if c.role != "value" and not c.vertical and c.text]
        values = [_noisy_value(rng, c.text) for c in cells if c.role == "value" and c.text]
        if vertical and r == vertical.row and not interleave:
            lines.extend(v_chars)  # the tall label read as a column of single characters
            v_chars = []
        chunks: list[str] = []
        for c in labels:
            text = _noisy_label(rng, c.text)
            if c.role == "header" and len(text) <= 6 and rng.random() < 0.3:
                text = " ".join(text)  # wide letter-spacing read as separate characters
            chunks.extend(_wrap(text, rng.randint(5, 9)) if len(text) > 9 else [text])
        row_lines = chunks[:] or [""]
        if values:
            if rng.random() < 0.5:  # numbers on the line after their label
                row_lines.append("\t".join(values))
            else:
                row_lines[0] = (row_lines[0] + "\t" if row_lines[0] else "") + "\t".join(values)
        if vertical and interleave and vertical.row <= r <= vertical.last_row:
            row_lines = [(v_chars.pop(0) + "\t" if v_chars else "\t") + ln for ln in row_lines]
        lines.extend(row_lines)
    return lines


def _ocr_noise(spec: DocSpec, rng: random.Random) -> str:
    def tables(grids: list[TableGrid]) -> str:
        return "\n".join(ln for g in grids for ln in _ocr_grid_lines(g, rng))

    blocks = _doc_blocks(spec, tables)
    wrapped: list[str] = []
    for b in blocks:  # prose wrapped at a page-like width, as OCR returns it
        wrapped.append(b if "\t" in b or "\n" in b else "\n".join(_wrap(b, rng.randint(26, 34))))
    return "\n\n".join(wrapped) + "\n"


# --- scraped page text: cells run together ------------------------------------------------------------
def _scraped(spec: DocSpec, rng: random.Random) -> str:
    def tables(grids: list[TableGrid]) -> str:
        return "".join(c.text for g in grids for r in range(g.n_rows) for c in g.at(r))

    p = spec.prose
    head = (f"标题: {p.title}\n发布时间: {spec.year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)} "
            f"{rng.randint(8, 18)}:{rng.randint(10, 59)}\n文号: \n发布机构: {spec.agency}\n栏目: 政府信息公开年报\n"
            f"==================== 正文 ====================\n")
    blocks = _doc_blocks(spec, tables)[1:]  # title already in the header
    joiner = rng.choice(["", " "])
    body = joiner.join(blocks)
    return head + body + "\n"


# --- PDF-to-markdown converter output (marker, MinerU, docling-like) -----------------------------------
# Like shanghai_kewei_2024_extracted.md: tables come out as markdown fragments; narrow header cells are
# cut into character pieces read across as loose lines; many rows lose their label (printed as loose
# wrapped text before the values, sometimes several in a run) and become value-only one-row tables
# `| 0 | 0 | … |` + `|---|`; the tall 三、本年度办理结果 and group labels such as （三）不予公开 are cut
# into pieces mixed into other labels' lines; some fragments carry an extra empty column. Values are
# never cut, dropped or reordered: value rows keep the table's row order.
_NUMERALS = {"t2": "二", "t3": "三", "t4": "四"}


@dataclass(frozen=True)
class _MdStyle:
    """How hard one document's converter mangled it (drawn once per document)."""

    split: float  # chance a body row is printed value-only, its label as loose text
    run: int  # most rows whose loose labels are printed together before their values
    after: float  # chance a run's loose labels come after its value rows instead
    label_cell: float  # chance a piece of a spanning label stays a cell of its row
    trail: float  # chance a new fragment carries an extra empty trailing column
    sep_value_only: float  # chance a value-only row opens its own one-row table (+ separator)
    loose_t2: float  # chance a 二 block is printed as plain 'label v1 v2' lines
    header: tuple[float, float, float]  # weights: pieces row / clean leaf row / no markdown header
    heading: float  # chance of a '## 表三：…' heading before a table's first fragment
    md_titles: float  # chance section titles come out as '## ' headings
    wrap_prose: bool  # prose wrapped at the PDF's line width


def _md_style(rng: random.Random) -> _MdStyle:
    level = rng.random()  # overall intensity: light conversions keep most rows whole
    return _MdStyle(split=0.05 + 0.75 * level * rng.uniform(0.6, 1.0), run=rng.randint(1, 2 + int(4 * level)),
                    after=rng.choice([0.0, 0.0, 0.1, 0.25]), label_cell=rng.uniform(0.2, 0.8),
                    trail=rng.choice([0.0, 0.15, 0.4, 0.7]), sep_value_only=rng.uniform(0.7, 1.0),
                    loose_t2=rng.uniform(0.0, 0.7),
                    header=(rng.uniform(0.3, 1), rng.uniform(0, 0.6), rng.uniform(0, 0.4)),
                    heading=rng.choice([0.0, 0.4, 0.8]), md_titles=rng.choice([0.0, 0.5, 1.0]),
                    wrap_prose=rng.random() < 0.7)


def _md_row(fields: list[str]) -> str:
    return "| " + " | ".join(fields) + " |"


def _md_sep(n: int) -> str:
    return "|" + "---|" * n


def _pieces(text: str, rng: random.Random, lo: int, hi: int) -> list[str]:
    """Cut a label into pieces of lo..hi characters (a narrow cell's lines)."""
    out, i = [], 0
    while i < len(text):
        n = rng.randint(lo, hi)
        out.append(text[i:i + n])
        i += n
    return out or [""]


def _read_across(columns: list[list[str]], rng: random.Random) -> list[str]:
    """Side-by-side cells read line by line: line i joins every column's line i (columns start at random
    heights), as '（四）无' + '2.没有现成信息需要另' → '（四）无2.没有现成信息需要另'."""
    columns = [c for c in columns if c]
    if not columns:
        return []
    depth = max(len(c) for c in columns)
    starts = [rng.randint(0, depth - len(c)) for c in columns]
    return ["".join(c[i - s] for c, s in zip(columns, starts) if 0 <= i - s < len(c)) for i in range(depth)]


class _MdOut:
    """Lines of one table region, tracking whether a markdown table fragment is open."""

    def __init__(self, rng: random.Random, style: _MdStyle, heading: str | None):
        self.rng, self.style, self.heading = rng, style, heading
        self.lines: list[str] = []
        self.open = False
        self.width = 0

    def loose(self, lines: list[str]) -> None:
        lines = [ln for ln in lines if ln]
        if not lines:
            return
        if self.open and self.rng.random() < 0.6:
            self.lines.append("")
        self.lines.extend(lines)
        self.open = False

    def _start(self, fields: list[str], sep: bool = True) -> None:
        if self.heading is not None:
            self.lines.append(self.heading)
            self.heading = None
        elif self.lines and self.lines[-1] and self.rng.random() < 0.3:
            self.lines.append("")
        if self.rng.random() < self.style.trail:
            fields = fields + [""]
        self.width = len(fields)
        self.lines.append(_md_row(fields))
        if sep:
            self.lines.append(_md_sep(len(fields)))
        self.open = True

    def row(self, fields: list[str], value_only: bool) -> None:
        if not self.open or (value_only and self.rng.random() < self.style.sep_value_only):
            self._start(fields)
            return
        if not value_only and len(fields) < self.width:  # the fragment's column count pads short rows
            fields = fields + [""] * (self.width - len(fields))
        self.lines.append(_md_row(fields))

    def header(self, fields: list[str]) -> None:
        self._start(fields)


def _value_start(g: TableGrid) -> int:
    return min((c.col for c in g.cells if c.role == "value"), default=0)


def _spanning_pieces(g: TableGrid, rows: list[int], rng: random.Random) -> dict[int, list[tuple[int, str]]]:
    """Pieces of labels spanning several body rows (the tall 三、本年度办理结果, （三）不予公开 …), each
    assigned to one row of its span, in order: row → [(column, piece)]."""
    out: dict[int, list[tuple[int, str]]] = {}
    for c in g.cells:
        if c.role != "label" or c.rowspan < 2 or not c.text:
            continue
        pieces = _pieces(c.text, rng, 1, 2) if c.vertical else _pieces(c.text, rng, 3, 5)
        span = [r for r in rows if c.row <= r <= c.last_row]
        if len(pieces) <= len(span):
            where = sorted(rng.sample(span, len(pieces)))
        else:
            where = [span[j * len(span) // len(pieces)] for j in range(len(pieces))]
        for r, p in zip(where, pieces):
            out.setdefault(r, []).append((c.col, p))
    return out


def _md_body(g: TableGrid, rows: list[int], out: _MdOut, rng: random.Random) -> None:
    """Body rows in runs: each row whole (`| label | values |`) or value-only with its label loose."""
    style = out.style
    v0 = _value_start(g)
    spanning = _spanning_pieces(g, rows, rng)
    i = 0
    while i < len(rows):
        run = rows[i:i + rng.randint(1, style.run)]
        i += len(run)
        loose: list[str] = []
        printed: list[tuple[list[str], bool]] = []
        for r in run:
            values = row_fields(g, r, pad_colspan=True)[v0:]
            own = [c for c in g.at(r) if c.role == "label" and c.rowspan == 1 and c.text]
            pieces = spanning.get(r, [])
            if not own and not pieces:  # 四: no label at all
                printed.append((values, True))
            elif rng.random() < style.split:
                columns: dict[int, list[str]] = {}
                for col, p in pieces:
                    columns.setdefault(col, []).append(p)
                for c in own:
                    lo = rng.randint(7, 11) + 4 * (c.colspan - 1)
                    columns.setdefault(c.col, []).extend(_pieces(c.text, rng, lo, lo + 3))
                loose += _read_across([columns[k] for k in sorted(columns)], rng)
                printed.append((values, True))
            else:
                cells: list[str] = []
                for _col, p in pieces:
                    if rng.random() < style.label_cell:
                        cells.append(p)
                    else:
                        loose.append(p)
                cells += [c.text for c in own]
                printed.append((cells + values, False))
        after = rng.random() < style.after
        if not after:
            out.loose(loose)
        for fields, value_only in printed:
            out.row(fields, value_only)
        if after:
            out.loose(loose)


def _md_header_lines(g: TableGrid, rng: random.Random) -> list[list[str]]:
    """A multi-row header read across line by line: each line as its list of pieces."""
    lines: list[list[str]] = []
    for r in range(g.header_rows):
        columns = []
        for c in g.at(r):
            if c.role not in ("header", "note") or not c.text:
                continue
            if c.role == "note":
                lo = rng.randint(14, 24)
            elif c.colspan > 2:
                lo = 12
            else:
                lo = rng.choice([2, 3, 3, 4])
            columns.append(_pieces(c.text, rng, lo, lo))
        depth = max((len(c) for c in columns), default=0)
        starts = [rng.randint(0, depth - len(c)) for c in columns]
        for i in range(depth):
            lines.append([c[i - s] for c, s in zip(columns, starts) if 0 <= i - s < len(c)])
    return lines


def _md_table_header(g: TableGrid, out: _MdOut, rng: random.Random) -> None:
    lines = _md_header_lines(g, rng)
    mode = rng.choices(["pieces", "leaves", "none"], weights=out.style.header)[0]
    if mode == "pieces" and lines:  # the last line read across becomes the markdown header row
        *loose, last = lines
        out.loose(["".join(p) for p in loose])
        width = rng.choice([g.n_cols - 1, g.n_cols, len(last) + rng.randint(0, 3)])
        out.header(last + [""] * max(0, width - len(last)))
        return
    out.loose(["".join(p) for p in lines])
    if mode == "leaves":
        leaves = [c.text for c in sorted(g.cells, key=lambda c: c.col)
                  if c.role in ("header", "note") and c.last_row == g.header_rows - 1 and c.text]
        out.header(leaves)


def _md_t2_blocks(g: TableGrid, out: _MdOut, rng: random.Random) -> None:
    """二 block by block: caption and header rows, then the block's rows (plain lines or markdown)."""
    v0 = _value_start(g)
    blocks: list[list[int]] = []
    for r in range(g.n_rows):
        if any(c.role == "caption" for c in g.at(r)) or not blocks:
            blocks.append([])
        blocks[-1].append(r)
    for block in blocks:
        head = [r for r in block if not any(c.role == "value" for c in g.at(r))]
        body = [r for r in block if r not in head]
        plain = rng.random() < out.style.loose_t2
        for r in head:
            cells = [c for c in g.at(r) if c.text]
            caption = any(c.role == "caption" for c in cells)
            if caption or plain or rng.random() < 0.4:
                out.loose(["".join(c.text for c in cells)])
            else:
                out.header(row_fields(g, r, pad_colspan=True))
        if plain:
            for r in body:
                label = "".join(c.text for c in g.at(r) if c.role == "label")
                values = [v for v in row_fields(g, r, pad_colspan=True)[v0:] if v]
                out.loose([" ".join([label] + values)])
        else:
            _md_body(g, body, out, rng)


def _wrap_keeping_numbers(text: str, width: int) -> list[str]:
    """Lines of about `width` characters, never breaking inside a number (a PDF line break falls
    before or after 1852, not inside it)."""
    out: list[str] = []
    while len(text) > width:
        cut = width
        while 0 < cut < len(text) and text[cut - 1] in _NUMBER_CHARS and text[cut] in _NUMBER_CHARS:
            cut -= 1
        cut = cut or width
        out.append(text[:cut])
        text = text[cut:]
    return out + [text] if text or not out else out


_NUMBER_CHARS = set("0123456789.%")


def _md_converter(spec: DocSpec, rng: random.Random) -> str:
    style = _md_style(rng)

    def tables(grids: list[TableGrid]) -> str:
        section = grids[0].section
        heading = None
        if rng.random() < style.heading:
            heading = f"## 表{_NUMERALS[section]}：{TABLE_TITLES[section][2:]}"
        out = _MdOut(rng, style, heading)
        for g in grids:
            if section == "t2":
                _md_t2_blocks(g, out, rng)
            else:
                _md_table_header(g, out, rng)
                _md_body(g, [r for r in range(g.header_rows, g.n_rows)], out, rng)
            out.open = False
            out.lines.append("")
        return "\n".join(out.lines).strip("\n")

    p = spec.prose
    titles = {"一、总体情况", p.problems_title, p.other_title, *TABLE_TITLES.values()}
    md_titles = rng.random() < style.md_titles
    width = rng.randint(26, 34)
    blocks = []
    for b in _doc_blocks(spec, tables):
        if b in titles:
            blocks.append("## " + b if md_titles else b)
        elif style.wrap_prose and "|" not in b and "\n" not in b:
            blocks.append("\n".join(_wrap_keeping_numbers(b, width)))
        else:
            blocks.append(b)
    return "\n\n".join(blocks) + "\n"


_GRID_RENDERERS = {"cell_per_line": _cell_per_line, "tsv": _tsv, "pipe": _pipe, "ocr_noise": _ocr_noise,
                   "scraped": _scraped, "md_converter": _md_converter}


def render_text(spec: DocSpec, rng: random.Random) -> str:
    return _GRID_RENDERERS[spec.variant](spec, rng)

