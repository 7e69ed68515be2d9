"""Every golden document's full report as one JSON file, to show that a restructuring changes nothing.

    python tools/golden_snapshot.py before.json            # on the old code
    python tools/golden_snapshot.py after.json             # on the new code
    cmp before.json after.json                              # byte for byte

Reads golden/real, golden/synthetic and ../shared/realdocs (scans only with ``--scans``: they take
minutes). A document that raises is recorded with its error, so a new failure shows in the diff too.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import gktables  # noqa: E402
from gktables.errors import GktablesError  # noqa: E402


def documents(scans: bool) -> list[Path]:
    """The golden inputs (not their expected JSON), scans only when asked."""
    folders = (ROOT / "golden" / "real", ROOT / "golden" / "synthetic", ROOT.parent / "shared" / "realdocs")
    out = []
    for folder in folders:
        for path in sorted(folder.glob("*")):
            if path.is_dir() or path.suffix == ".json" or path.name == "README.md":
                continue
            if "_scan_" in path.name and not scans:
                continue
            out.append(path)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scans", action="store_true", help="also the generated scans (slow)")
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds per document")
    args = parser.parse_args()
    reports: dict[str, object] = {}
    for path in documents(args.scans):
        name = f"{path.parent.name}/{path.name}"  # the same in every checkout
        try:
            report = gktables.extract(path, {"time_limit_s": args.time_limit}).to_dict()
            report["source"] = name
            reports[name] = report
        except GktablesError as exc:
            reports[name] = {"error": f"{type(exc).__name__}: {str(exc).replace(str(path), name)}"}
    args.out.write_text(json.dumps(reports, ensure_ascii=False, indent=0, sort_keys=True, default=str), "utf-8")
    print(f"{len(reports)} documents → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
