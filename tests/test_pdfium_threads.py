"""pdfium from two threads at once: the review app renders crops in request and prefetch threads
while PDFs are read. pdfium is not thread-safe, and without gktables' lock this crashed the process
within a second or two (a general protection fault in libpdfium.so; once it took a pytest worker
down). Run in a child process, so that a crash fails this test instead of killing the suite."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .conftest import HONGZE

SCRIPT = textwrap.dedent("""
    import shutil, sys, threading
    from pathlib import Path
    import gktables
    from gktables.review.sources import Box, crop_png

    pdf, scratch = Path(sys.argv[1]), Path(sys.argv[2])
    copies = [shutil.copy(pdf, scratch / f"copy{n}.pdf") for n in range(30)]  # one render each: no cache hit
    crops, reads = [], []

    def review() -> None:
        for n, copy in enumerate(copies):
            crops.append(crop_png(Path(copy), Box(1 + n % 4, (100, 100, 300, 130), "pdf"), []))

    thread = threading.Thread(target=review)
    thread.start()
    while thread.is_alive() or len(reads) < 3:
        reads.append(gktables.extract(pdf).cells["t3.new.total"])
    thread.join()
    print(len(crops), len(reads), set(reads), all(c.startswith(b"\\x89PNG") for c in crops))
""")


@pytest.mark.skipif(HONGZE is None, reason="hongze_2023.pdf not available")
def test_pdfs_read_while_another_thread_renders_crops(tmp_path: Path) -> None:
    assert HONGZE is not None
    run = subprocess.run([sys.executable, "-c", SCRIPT, str(HONGZE), str(tmp_path)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, f"the child died ({run.returncode}): {run.stderr[-2000:]}"
    crops, reads, values, pngs = run.stdout.split(maxsplit=3)
    assert crops == "30" and int(reads) >= 3 and values.strip() == "{21}" and pngs.strip() == "True"
