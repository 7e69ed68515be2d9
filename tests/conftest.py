"""Paths and the session's shared extractions.

Every test file takes its folders from here, and every test that only reads a golden document's
report takes it from :func:`report_cached`: each document (by content, name, kind and settings) is
extracted once per session, on first use — so `-k html` reads only the HTML documents and a real
PDF read by six test files is read once.
"""

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """OCR modules are marked slow. With pytest-xdist (`-n 2 --dist loadgroup`, see pyproject) a
    module's tests stay on one worker, so that its module fixtures and the documents it extracts
    are read once, unless a test names its own group (each golden scan is one)."""
    for item in items:
        if item.path.name in OCR_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.path.stem))


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
