"""The labelled real reports (golden/real) in the other forms they reach users in: text from
extractors that are not among the converter families (pdftotext without options, pdfplumber's
words, PyMuPDF's blocks and words, pdfium, markitdown and markdownify of the web pages, their text
as BeautifulSoup gives it), generic manglings of each report's text (one line, one token a line,
spaces lost, tabs, no-break or ideographic spaces, full-width digits, CRLF with a BOM), and web
pages restructured as CMSs do (cells as <th>, a table nested in another, numbers wrapped in
<p><span>, counts printed with their unit, 三 cut into two tables).

    python benchmarks/real_forms.py            # a markdown table on stdout; --json for JSON

Per form: cells right over every report it applies to, and silent cells (wrong and not flagged):
the figure that must stay 0. Cells right depends on what the form keeps (a page's zeros printed
as empty cells vanish in plain text) and is reported, not judged.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from benchmarks.scoring import score_report  # noqa: E402

REAL = ROOT / "golden" / "real"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
MANGLINGS: dict[str, Callable[[str], str]] = {
    "plain text, as extracted (reference)": lambda t: t,
    "one_line": lambda t: re.sub(r"\s*\n\s*", " ", t),
    "token_per_line": lambda t: "\n".join(t.split()),
    "no_spaces": lambda t: re.sub(r"[ \t\u3000]+", "", t),
    "tabs": lambda t: re.sub(r"[ ]+", "\t", t),
    "nbsp": lambda t: t.replace(" ", "\u00a0"),
    "ideographic_space": lambda t: t.replace(" ", "\u3000"),
    "full_width_digits": lambda t: t.translate(FULL_WIDTH),
    "crlf_bom": lambda t: "\ufeff" + t.replace("\n", "\r\n"),
}


def reports() -> list[tuple[Path, dict]]:
    out = []
    for expected in sorted(REAL.glob("*.expected.json")):
        stem = expected.name[: -len(".expected.json")]
        source = next(p for p in REAL.iterdir() if p.name.startswith(stem + ".") and p.suffix != ".json")
        out.append((source, json.loads(expected.read_text("utf-8"))))
    return out


def plain_text(source: Path) -> str:
    """The report's text as a user would first get it: PyMuPDF for a PDF, the page's text for HTML."""
    if source.suffix == ".pdf":
        import fitz

        return "\n".join(page.get_text() for page in fitz.open(source))
    if source.suffix == ".html":
        from bs4 import BeautifulSoup

        return BeautifulSoup(source.read_bytes(), "lxml").get_text("\n")
    return source.read_text("utf-8")


def pdf_forms(source: Path) -> dict[str, str]:
    import fitz
    import pdfplumber
    import pypdfium2

    doc = fitz.open(source)
    with pdfplumber.open(source) as pdf:
        words = "\n".join(" ".join(w["text"] for w in page.extract_words()) for page in pdf.pages)
    pdfium = pypdfium2.PdfDocument(str(source))
    return {
        "pdftotext (no options)": subprocess.run(["pdftotext", str(source), "-"], capture_output=True,
                                                 text=True, check=True).stdout,
        "pdfplumber words, a page a line": words,
        "pymupdf blocks": "\n".join(b[4] for page in doc for b in page.get_text("blocks")),
        "pymupdf words, a page a line": "\n".join(" ".join(w[4] for w in page.get_text("words")) for page in doc),
        "pdfium text": "\n".join(pdfium[i].get_textpage().get_text_range() for i in range(len(pdfium))),
    }


def html_text_forms(source: Path) -> dict[str, str]:
    from bs4 import BeautifulSoup
    from markdownify import markdownify
    from markitdown import MarkItDown

    html = source.read_text("utf-8")
    soup = BeautifulSoup(html, "lxml")
    return {
        "markitdown (HTML)": MarkItDown().convert(str(source)).text_content,
        "markdownify (HTML)": markdownify(html),
        "BeautifulSoup get_text('\\n')": soup.get_text("\n"),
        "BeautifulSoup get_text(' ')": soup.get_text(" "),
    }


def html_restructured(source: Path) -> dict[str, bytes]:
    import lxml.html

    def variant(change: Callable[[lxml.html.HtmlElement], None]) -> bytes:
        page = lxml.html.document_fromstring(source.read_text("utf-8"))  # str: no charset guessing
        change(page)
        return bytes(lxml.html.tostring(page, encoding="utf-8"))

    def as_th(page: lxml.html.HtmlElement) -> None:
        for td in page.iter("td"):
            td.tag = "th"

    def nested(page: lxml.html.HtmlElement) -> None:
        for table in list(page.iter("table")):
            outer = lxml.html.fromstring("<table><tr><td></td></tr></table>")
            table.addprevious(outer)
            outer.find(".//td").append(table)

    def wrapped_numbers(page: lxml.html.HtmlElement) -> None:
        for td in page.iter("td"):
            text = td.text_content().strip()
            if text.isdigit():
                for child in list(td):
                    td.remove(child)
                td.text = None
                td.append(lxml.html.fromstring(f"<p><span>{text}</span></p>"))

    def with_unit(page: lxml.html.HtmlElement) -> None:
        for td in page.iter("td"):
            if td.text_content().strip().isdigit():
                td.text = td.text_content().strip() + "件"
                for child in list(td):
                    td.remove(child)

    def cut_in_two(page: lxml.html.HtmlElement) -> None:
        table = max(page.iter("table"), key=lambda t: len(t.findall(".//tr")))
        rows = table.findall(".//tr")
        second = lxml.html.Element("table")
        for row in rows[int(len(rows) * 0.6):]:
            row.getparent().remove(row)
            second.append(row)
        table.addnext(second)

    return {"cells as <th>": variant(as_th), "tables nested": variant(nested),
            "numbers in <p><span>": variant(wrapped_numbers), "counts printed with 件": variant(with_unit),
            "三 cut into two tables": variant(cut_in_two)}


def measure() -> dict[str, dict[str, int]]:
    totals: dict[str, dict[str, int]] = {}

    def add(form: str, report: gktables.Report, expected: dict) -> None:
        score = score_report(report.to_dict(), expected)
        row = totals.setdefault(form, {"reports": 0, "cells": 0, "right": 0, "silent": 0})
        row["reports"] += 1
        row["cells"] += score.cells
        row["right"] += score.right
        row["silent"] += len(score.silent_keys)

    with tempfile.TemporaryDirectory() as work:
        for source, expected in reports():
            base = plain_text(source)
            for name, mangle in MANGLINGS.items():
                add(name, gktables.extract_text(mangle(base)), expected)
            forms = pdf_forms(source) if source.suffix == ".pdf" else {}
            forms.update(html_text_forms(source) if source.suffix == ".html" else {})
            for name, text in forms.items():
                add(name, gktables.extract_text(text), expected)
            if source.suffix == ".html":
                for name, data in html_restructured(source).items():
                    path = Path(work) / f"{source.stem}.html"
                    path.write_bytes(data)
                    add(name, gktables.extract(path), expected)
    return totals


def markdown(totals: dict[str, dict[str, int]]) -> str:
    lines = ["| form | reports | cells right | % | silent |", "|---|---|---|---|---|"]
    for form, t in totals.items():
        lines.append(f"| {form} | {t['reports']} | {t['right']} / {t['cells']} | "
                     f"{100 * t['right'] / max(t['cells'], 1):.1f} | {t['silent']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a markdown table")
    args = parser.parse_args()
    totals = measure()
    print(json.dumps(totals, ensure_ascii=False, indent=1) if args.json else markdown(totals))


if __name__ == "__main__":
    main()
