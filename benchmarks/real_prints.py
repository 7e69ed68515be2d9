"""The labelled real web pages (golden/real/*.html) saved as PDF from a browser, as users often
get a report: headless chromium prints each page in N print styles (font size, cell padding and
spacing, borders or none, alignment, wrapping, page size and orientation), drawn from a seeded
random generator so that a run is repeatable. Some styles make 三 wider than the page: the browser
then cuts it at the margin, and what it cut is not in the PDF (cells right falls; silent must not rise).

    python benchmarks/real_prints.py --styles 40              # a markdown table on stdout
    python benchmarks/real_prints.py --styles 40 --converters # also the nine converters' text

Per reader: cells right, silent cells (wrong and not flagged: the figure that must stay 0) and
flagged cells, over every page × style. PDFs are cached under synth_out/real_prints/.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from benchmarks.scoring import score_report  # noqa: E402

REAL = ROOT / "golden" / "real"
CACHE = ROOT / "synth_out" / "real_prints"


def style(rng: random.Random) -> str:
    """One print style: CSS a site or a user's browser settings could give the page."""
    size = rng.choice([9, 10, 11, 12, 13, 14, 15, 16, 18])
    font = rng.choice(["serif", "sans-serif", "monospace"])
    line = rng.choice(["normal", "1.2", "1.8", "2.5"])
    spacing, collapse = rng.choice([0, 1, 2, 3]), rng.choice(["separate", "collapse"])
    width = rng.choice(["auto", "100%", "90%", "600px"])
    pad = rng.choice([0, 1, 2, 3, 5, 8])
    align, valign = rng.choice(["left", "center", "right"]), rng.choice(["middle", "top", "bottom"])
    border = rng.choice(["none", "1px solid #000", "1px solid #999", "0.5px solid #000", "2px solid #333"])
    wrap = rng.choice(["normal", "normal", "nowrap"])
    page = rng.choice(["A4", "A4", "A4 landscape", "A5", "letter"])
    return (f"body{{font-size:{size}px;font-family:{font};line-height:{line}}} "
            f"table{{border-spacing:{spacing}px;border-collapse:{collapse};width:{width}}} "
            f"td{{padding:{pad}px;text-align:{align};vertical-align:{valign};border:{border};white-space:{wrap}}} "
            f"@page{{size:{page}}}")


def styled_page(html: str, css: str) -> str:
    tag = f"<style>{css}</style>"
    if "</head>" in html:
        return html.replace("</head>", tag + "</head>", 1)
    return f'<html><head><meta charset="utf-8">{tag}</head><body>{html}</body></html>'


def print_pdf(html_path: Path, pdf_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("real_prints: chromium is not installed (scripts/setup.sh installs it)")
    subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf_path}", html_path.resolve().as_uri()],
                   capture_output=True, timeout=120, check=True)


def prints(n_styles: int, seed: int) -> list[tuple[Path, dict]]:
    """(PDF, expected) for every real page in every style, printed once and cached."""
    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for page in sorted(REAL.glob("*.html")):
        expected = json.loads(page.with_name(page.stem + ".expected.json").read_text("utf-8"))
        rng = random.Random(f"{seed}:{page.stem}")
        for k in range(n_styles):
            css = style(rng)
            html = CACHE / f"{page.stem}_{seed}_{k:02d}.html"
            pdf = html.with_suffix(".pdf")
            if not pdf.exists() or html.read_text("utf-8") != styled_page(page.read_text("utf-8"), css):
                html.write_text(styled_page(page.read_text("utf-8"), css), "utf-8")
                print_pdf(html, pdf)
            out.append((pdf, expected))
    return out


def flagged(report: dict) -> set[str]:
    keys = {k for w in report.get("warnings", []) for k in w.get("keys", [])}
    keys |= {k for c in report.get("checks", []) if c.get("passed") is False for k in c["keys"]}
    return keys | {k for k, p in report.get("provenance", {}).items() if p.get("confidence", 1) < 0.9}


def score(readers: dict[str, list[tuple[dict, dict]]]) -> list[dict]:
    rows = []
    for name, pairs in readers.items():
        cells = right = silent = flags = 0
        for report, expected in pairs:
            s = score_report(report, expected)
            cells, right, silent = cells + s.cells, right + s.right, silent + s.silent
            flags += len(flagged(report) & set(expected["cells"]))
        rows.append({"reader": name, "documents": len(pairs), "cells": cells, "right": right,
                     "silent": silent, "flagged": flags})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--styles", type=int, default=40, help="print styles per page (default 40)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--converters", action="store_true", help="also read the nine converters' text of each PDF")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    readers: dict[str, list[tuple[dict, dict]]] = {"gktables.extract (PDF)": []}
    for pdf, expected in prints(args.styles, args.seed):
        readers["gktables.extract (PDF)"].append((gktables.extract(pdf).to_dict(), expected))
        if args.converters:
            from tools.synth.converters import CONVERTERS, convert

            for conv in CONVERTERS:
                report = gktables.extract_text(convert(pdf, conv)).to_dict()
                readers.setdefault(conv, []).append((report, expected))
    rows = score(readers)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print("| reader | prints | cells right | silent | flagged |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['reader']} | {r['documents']} | {r['right']}/{r['cells']} ({100 * r['right'] / r['cells']:.2f} %) "
              f"| {r['silent']} | {r['flagged']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
