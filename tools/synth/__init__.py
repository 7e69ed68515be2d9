"""Synthetic golden documents for gktables.

Every document is generated from one set of cell values (``values``), laid out once as the
national table grids (``grid``), and rendered to DOCX, PDF (LibreOffice), scans, HTML or text.
Each rendering is written next to an ``<id>.expected.json`` holding the values as printed.

Entry point: ``python -m tools.synth --out DIR --seed N --count N`` (see README.md).
"""

from .model import DocSpec, FORMATS, KINDS

__all__ = ["DocSpec", "FORMATS", "KINDS"]
