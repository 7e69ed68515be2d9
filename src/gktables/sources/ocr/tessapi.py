"""Tesseract inside our process (tesserocr): each model loaded once per process, reused by every page.

The command line pays for a process start and a model load on every call (~0.25 s for chi_sim,
three to four calls a page): more than the recognition itself on a table page. Here one API object
per (language, page segmentation mode, variables) stays loaded in a pool; a reader borrows one for
a batch and gives it back, so the corpus workers, which read many documents each, load every model
once. Two threads reading at once (digits and text batches) borrow two objects; an object is used
by one thread at a time (the API is not thread-safe, tesserocr releases the GIL while it works).

tesserocr's wheels bundle libtesseract; the language data comes from the system's tessdata
(Debian's ``tesseract-ocr-chi-sim``), the same files the command line reads.
"""

from __future__ import annotations

import csv
import glob
import io
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

SOURCE_DPI = 300  # what the command line was told (the mosaics' TIFF header): Tesseract's size rules use it
TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
               "height", "conf", "text")
TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                  "/opt/homebrew/share/tessdata", "/usr/local/share/tesseract-ocr/*/tessdata")

_lock = threading.Lock()
_idle: dict[tuple[str, int, tuple[tuple[str, str], ...]], list[Any]] = {}


class ApiTimeout(Exception):
    """Recognition stopped at the time limit."""


def api_importable() -> bool:
    try:
        import tesserocr  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=8)
def tessdata_dir(lang: str) -> str | None:
    """The folder holding ``lang.traineddata``: TESSDATA_PREFIX, the usual places, else the command line's."""
    places = [os.environ.get("TESSDATA_PREFIX", "")]
    places += [p for pattern in TESSDATA_GLOBS for p in sorted(glob.glob(pattern), reverse=True)]
    for place in places:
        for cand in (place, os.path.join(place, "tessdata")) if place else ():
            if os.path.isfile(os.path.join(cand, f"{lang}.traineddata")):
                return cand
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    try:  # 'List of available languages in "/usr/share/tesseract-ocr/5/tessdata/" (4):'
        out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r'"([^"]+)"', out)
    if found and os.path.isfile(os.path.join(found.group(1), f"{lang}.traineddata")):
        return found.group(1)
    return None


def parse_config(config: str) -> tuple[int, dict[str, str]]:
    """(page segmentation mode, variables) from a command-line config ('--psm 6 -c name=value ...')."""
    psm = re.search(r"--psm\s+(\d+)", config)
    variables = dict(re.findall(r"-c\s+(\w+)=(\S+)", config))
    return int(psm.group(1)) if psm else 3, variables


@contextmanager
def borrowed(lang: str, psm: int, variables: dict[str, str]) -> Iterator[Any]:
    """An initialised API for (lang, psm, variables) from the pool, loaded on first use."""
    import tesserocr

    key = (lang, psm, tuple(sorted(variables.items())))
    with _lock:
        stack = _idle.setdefault(key, [])
        api = stack.pop() if stack else None
    if api is None:
        path = tessdata_dir(lang)
        if path is None:
            raise FileNotFoundError(f"no {lang}.traineddata found (set TESSDATA_PREFIX)")
        api = tesserocr.PyTessBaseAPI(path=path, lang=lang, psm=psm,
                                      variables={"user_defined_dpi": str(SOURCE_DPI), **variables})
        log.debug("tesserocr: loaded %s (psm %d)", lang, psm)
    try:
        yield api
    finally:
        api.Clear()
        with _lock:
            _idle[key].append(api)


def mosaics_to_data(mosaics: Sequence[np.ndarray], lang: str, config: str,
                    timeout_s: float | None = None) -> dict[str, list[Any]]:
    """What ``pytesseract.image_to_data(..., output_type=DICT)`` gives for these pages, read in process.

    Raises :class:`ApiTimeout` when recognition of a page stops at ``timeout_s`` (the time left).
    """
    psm, variables = parse_config(config)
    data: dict[str, list[Any]] = {name: [] for name in TSV_COLUMNS}
    started = time.monotonic()
    with borrowed(lang, psm, variables) as api:
        for index, page in enumerate(mosaics):
            page = np.ascontiguousarray(page, dtype=np.uint8)
            api.SetImageBytes(page.tobytes(), page.shape[1], page.shape[0], 1, page.shape[1])
            api.SetSourceResolution(SOURCE_DPI)
            left = None if timeout_s is None else timeout_s - (time.monotonic() - started)
            if left is not None and left <= 0:
                raise ApiTimeout(f"no time left for mosaic page {index + 1}")
            if not api.Recognize(0 if left is None else max(1, int(left * 1000))):
                raise ApiTimeout(f"recognition of mosaic page {index + 1} stopped")
            _tsv_into(api.GetTSVText(index), data)
    return data


def _tsv_into(tsv: str, data: dict[str, list[Any]]) -> None:
    for row in csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < len(TSV_COLUMNS):
            row = row + [""] * (len(TSV_COLUMNS) - len(row))
        for name, value in zip(TSV_COLUMNS, row):
            data[name].append(value if name == "text" else (float(value) if name == "conf" else int(value)))
