"""DOCX → PDF with LibreOffice headless (needed to generate, never to read the committed set)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def soffice_binary() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("LibreOffice is needed to make PDFs and scans: apt-get install -y libreoffice-writer-nogui "
                       "(or libreoffice-writer), plus a CJK font such as fonts-noto-cjk")


def docx_to_pdf(docx_files: list[Path], out_dir: Path, batch: int = 20) -> dict[Path, Path]:
    """Convert DOCX files to PDF in `out_dir`, in batches, with a private LibreOffice profile."""
    if not docx_files:
        return {}
    binary = soffice_binary()
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="synth_lo_") as profile:
        for i in range(0, len(docx_files), batch):
            chunk = docx_files[i:i + batch]
            cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir), *map(str, chunk)]
            done = subprocess.run(cmd, capture_output=True, timeout=600)
            if done.returncode != 0:
                log.warning("LibreOffice exited %s: %s", done.returncode, done.stderr.decode(errors="replace")[-500:])
            for d in chunk:
                pdf = out_dir / (d.stem + ".pdf")
                if not pdf.exists():
                    stderr = done.stderr.decode(errors="replace")[-500:]
                    raise RuntimeError(f"LibreOffice did not convert {d.name}: {stderr}")
                result[d] = pdf
    return result
