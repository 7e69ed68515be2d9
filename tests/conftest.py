import json
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN_REAL = ROOT / "golden" / "real"
SHARED = ROOT.parent / "shared"


def golden_cases(folder: Path, kinds: set[str] | None = None) -> list[tuple[Path, dict]]:
    cases = []
    for exp_path in sorted(folder.glob("*.expected.json")):
        expected = json.loads(exp_path.read_text("utf-8"))
        if kinds is None or expected["kind"] in kinds:
            cases.append((folder / expected["source"], expected))
    return cases


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@cache
def extract_cached(path: Path, kind: str | None = None) -> dict:
    """One extraction per golden document and kind for the whole session, shared by every test that
    scores it (so `-k html` reads only the HTML documents)."""
    import gktables

    return gktables.extract(path, kind=kind).to_dict()
