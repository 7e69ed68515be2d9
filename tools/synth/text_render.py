"""Plain-text renderings: extractions of the generated PDFs, and text laid out straight from the grids.

From a PDF: pdftotext -raw, pdftotext -layout, pdfminer. From the grids: one cell per line,
tab-separated, '|'-separated, OCR-like noise, and scraped page text with no cell separators.
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path
from typing import Callable

from gktables.schema import TABLE_TITLES

from .grid import split_grid
from .model import Cell, DocSpec, TableGrid

PDF_VARIANTS = ("pdftotext_raw", "pdftotext_layout", "pdfminer")
GRID_VARIANTS = ("cell_per_line", "tsv", "pipe", "ocr_noise", "scraped")
VARIANTS = PDF_VARIANTS + GRID_VARIANTS
# variants in which an empty cell would leave no trace, so blanks are printed as '/', '—' or '无'
NEEDS_VISIBLE_BLANKS = {"pdftotext_raw", "pdfminer", "cell_per_line", "ocr_noise", "scraped"}


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


_GRID_RENDERERS = {"cell_per_line": _cell_per_line, "tsv": _tsv, "pipe": _pipe, "ocr_noise": _ocr_noise,
                   "scraped": _scraped}


def render_text(spec: DocSpec, rng: random.Random) -> str:
    return _GRID_RENDERERS[spec.variant](spec, rng)

