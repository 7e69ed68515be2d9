"""Browser-printed PDFs (tools/synth/browser_pdf.py): generated HTML reports printed by headless
Chromium, as users save a web report ("打印本页" → Save as PDF), read back by gktables.extract.

A table with CSS borders prints as thin filled rectangles, which come through as rulings and are
read as a ruled grid. A plain ``<table>`` prints no line at all: the stream reader reads it, and
the browser's tight columns (about 3 pt between a label and the next column) still merge columns,
so those cells are flagged, never silently wrong."""

from pathlib import Path

import pytest

import gktables
from benchmarks.scoring import score_report
from tools.synth.browser_pdf import PAGES, chromium_binary, make_doc, write_doc

pytestmark = pytest.mark.skipif(chromium_binary() is None,
                                reason="chromium is not installed (scripts/setup.sh installs it)")
SEED = 7
A4 = PAGES[0]


def _print(tmp_path: Path, index: int, style: str):
    doc = make_doc(index, SEED, style=style, page=A4)
    pdf = write_doc(doc, tmp_path, chromium_binary() or "chromium", tmp_path)
    return doc.spec.expected(), gktables.extract(pdf).to_dict()


@pytest.fixture(scope="module")
def bordered(tmp_path_factory):
    """The 'simple' page (bare <td>) with a 1px border-collapse CSS border."""
    return _print(tmp_path_factory.mktemp("bordered"), 1, "css_border")


@pytest.fixture(scope="module")
def cms_ruled(tmp_path_factory):
    """The CMS page as the site renders it: <table border="1" cellspacing="1">, cells nowrap."""
    return _print(tmp_path_factory.mktemp("cms"), 0, "as_rendered")


@pytest.fixture(scope="module")
def borderless(tmp_path_factory):
    """The same 'simple' page as a plain <table> with no border and no CSS (like hangzhou_style_2025)."""
    return _print(tmp_path_factory.mktemp("plain"), 1, "plain")


@pytest.mark.parametrize("case", ["bordered", "cms_ruled"])
def test_ruled_browser_pdf_reads_every_cell(case, request):
    expected, report = request.getfixturevalue(case)
    score = score_report(report, expected)
    assert score.wrong_keys == []
    assert report["template"] == expected["template"]
    for key in ("t3.new.natural", "t3.result.total.total", "t4.review.total"):
        assert report["cells"][key] == expected["cells"][key]


def test_borderless_browser_pdf_has_no_silent_cell(borderless):
    expected, report = borderless
    score = score_report(report, expected)
    assert score.silent_keys == []
    assert score.right >= 0.5 * score.cells  # what it reads now: merged columns flagged, the rest right


@pytest.mark.xfail(strict=True, reason="tight browser columns (~3 pt gaps) merge in the stream reader; "
                                       "the lead's stream fix is pending")
def test_borderless_browser_pdf_reads_every_cell(borderless):
    expected, report = borderless
    assert score_report(report, expected).wrong_keys == []
