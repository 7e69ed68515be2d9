"""Paths and the session's shared extractions.

Every test file takes its folders from here, and every test that only reads a golden document's
report takes it from :func:`report_cached`: each document (by content, name, kind and settings) is
extracted once per session, on first use — so `-k html` reads only the HTML documents and a real
PDF read by six test files is read once.
"""

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

# Bytecode caches for the suite's processes. A machine that sets PYTHONDONTWRITEBYTECODE (this one
# does) makes every process of the suite — both xdist workers and each `python -m gktables`, corpus
# worker and fuzz child a test starts — compile src/ and rewrite the test modules again: ~1.5 CPU-s
# a process (collection 3.7 against 2.2 CPU-s). Loaded before the workers start (pytest reads the
# testpaths' conftest first), so they and their children inherit it. The caches are __pycache__
# folders, which git ignores; Python checks each against its source's time and size.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_REAL = ROOT / "golden" / "real"
GOLDEN_SYNTHETIC = ROOT / "golden" / "synthetic"
GOLDEN_HEADERS = ROOT / "golden" / "headers"
GOLDEN_SCANS = ROOT / "golden" / "scans"
SHARED = ROOT.parent / "shared"
REALDOCS = SHARED / "realdocs"
# the real born-digital PDF most source tests read (None: neither copy is here, its tests skip)
HONGZE = next((p for p in (GOLDEN_REAL / "hongze_2023.pdf", REALDOCS / "hongze_2023.pdf") if p.exists()), None)


def golden_cases(folder: Path, kinds: set[str] | None = None) -> list[tuple[Path, dict]]:
    cases = []
    for exp_path in sorted(folder.glob("*.expected.json")):
        expected = json.loads(exp_path.read_text("utf-8"))
        if kinds is None or expected["kind"] in kinds:
            cases.append((folder / expected["source"], expected))
    return cases


# Modules that OCR scans in most of their tests: slow as a whole (still run by `pytest -q`).
OCR_MODULES = {"test_ocr_source.py", "test_ocr_scans.py"}
# One worker's group for the tests that read hongze's page 3 rasterised at 200 dpi (OCR'd once).
HONGZE_P3_SCAN = "hongze_p3_scan"
# CPU seconds of the groups that take more than a few (measured with the command in BENCHMARKS.md,
# section "Core restructure and test-suite time", session 9), plus what a group waits for with
# little CPU of its own (test_corpus_run's time limits and sleeps, Ray's start): the workers take
# them first, longest first, so that they end together. Only the order depends on these; a stale
# figure costs balance, not results. A group missing here goes last, in collection order.
GROUP_CPU_S = {
    "test_ocr_scans": 23, "test_converters": 14, "test_fuzz": 13, "test_column_order": 11,
    "s2_004_scan_tiff300_g4_mixed.tif": 9, "test_synth": 9, "test_ocr_source": 8,
    "s1_049_scan_tiff300_g4_2019.tif": 8, "test_corpus_run": 8,
    "test_corpus_ray": 8, "s1_017_scan_tiff300_g4_2021.tif": 7, "s1_015_scan_png200_gray_2021.png": 7,
    "s1_016_scan_pdf200_skew_2019.pdf": 7, "s1_050_scan_pdf150_rot90_2021.pdf": 7,
    "s1_048_scan_pdf200_skew_2021.pdf": 7, "test_headers": 6, "s1_018_scan_pdf150_rot90_2019.pdf": 6,
    "test_debug": 5, "s1_047_scan_png200_gray_2019.png": 5, "test_docx_source": 5, "test_audit": 5,
    "s1_046_scan_jpeg150_long_2021.jpg": 5, "test_regressions": 5, "s1_014_scan_jpeg150_long_2019.jpg": 5,
    "synthetic:text:pdfminer": 2, "test_review_app": 2, "test_pdf_source": 2, "test_review_browser": 2,
    "test_text_properties": 2, HONGZE_P3_SCAN: 2,
}


def xdist_group(item: pytest.Item) -> str:
    """The group a test runs in: the one it names, else its module's."""
    names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
    return "_".join(sorted(names)) or item.path.stem


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """OCR modules are marked slow. With pytest-xdist (`-n 2 --dist loadgroup`, see pyproject) a
    module's tests stay on one worker, so that its module fixtures and the documents it extracts
    are read once, unless a test names its own group (each golden scan is one). The groups are put
    in the order the workers take them (pyproject: --no-loadscope-reorder): longest first."""
    for item in items:
        if item.path.name in OCR_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    items.sort(key=lambda item: -GROUP_CPU_S.get(xdist_group(item), 0))  # stable: same order within a group


class XdistGroupIds:
    """pytest-xdist (3.8) tells the scheduler a test's group by writing ``@group`` into the old
    ``item._nodeid``, which pytest 9.2 no longer reads: every test became a group of its own, module
    fixtures ran on both workers and each worker read the documents again (pytest-xdist#1386). This
    writes the suffix where this pytest keeps the node id; nothing to do where xdist's own write worked."""

    @pytest.hookimpl(trylast=True)  # after pytest-xdist's own
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            group = xdist_group(item)
            node_id = getattr(item, "_id", None)
            if not item.nodeid.endswith(f"@{group}") and hasattr(node_id, "parse"):
                item._id = node_id.parse(f"{item.nodeid}@{group}")  # type: ignore[union-attr]


def pytest_configure(config: pytest.Config) -> None:
    if getattr(config.option, "loadgroup", False):  # a worker of --dist loadgroup
        config.pluginmanager.register(XdistGroupIds(), "gktables-xdist-group-ids")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


_REPORTS: dict[tuple, Any] = {}  # (content digest, file name, kind, settings) → Report
_DICTS: dict[tuple, dict] = {}


def _key(path: Path, kind: str | None, settings: dict[str, Any]) -> tuple:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.name, kind, tuple(sorted(settings.items()))


def report_cached(path: Path, kind: str | None = None, **settings: Any) -> Any:
    """The report of ``path``, extracted once per session for its content, name, kind and settings.
    Shared between tests: read it, never change it (a test that changes a report extracts its own)."""
    import gktables

    key = _key(path, kind, settings)
    if key not in _REPORTS:
        _REPORTS[key] = gktables.extract(path, settings or None, kind=kind)
    return _REPORTS[key]


def extract_cached(path: Path, kind: str | None = None) -> dict:
    """:func:`report_cached` as the JSON dict (what the golden tests score)."""
    key = _key(path, kind, {})
    if key not in _DICTS:
        _DICTS[key] = report_cached(path, kind).to_dict()
    return _DICTS[key]


@pytest.fixture(scope="session")
def hongze_p3_scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int], Any]:
    """Page 3 of hongze rasterised at 200 dpi (table 三 and the tail of 二) as a PNG file, and its
    report read by OCR with ``keep_debug`` — OCR'd once for the OCR-source and the debug tests (both
    in the group HONGZE_P3_SCAN). ``keep_debug`` changes only what is kept, never what is read."""
    import pypdfium2 as pdfium

    if HONGZE is None:
        pytest.skip("hongze_2023.pdf not found")
    doc = pdfium.PdfDocument(HONGZE.read_bytes())
    try:
        image = doc[2].render(scale=200 / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    path = tmp_path_factory.mktemp("scan") / "hongze_p3.png"
    image.save(path)
    return path, image.size, report_cached(path, keep_debug=True)
