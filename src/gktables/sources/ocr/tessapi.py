"""Tesseract inside our process: each model loaded once per process, reused by every page.

The command line pays for a process start and a model load on every call (~0.25 s for chi_sim,
three to four calls a page): more than the recognition itself on a table page. Here one API handle
per (language, page segmentation mode, variables) stays loaded in a pool; a reader borrows one for
a batch and gives it back, so the corpus workers, which read many documents each, load every model
once. Two threads reading at once (digits and text batches) borrow two handles; a handle is used by
one thread at a time (the API is not thread-safe; ctypes releases the GIL while it works).

It calls the C API of the very library the ``tesseract`` command runs on (Debian's
``libtesseract5``, installed with ``tesseract-ocr``) through ctypes, with the same language data,
settings and 300 dpi the command line is given: the word table is the same, word for word. (The
``tesserocr`` wheel bundles another Tesseract, 5.5, which reads some of our mosaics differently — it
dropped the line 商业 of 商业企业 on the real report — so it is not used.)
"""

from __future__ import annotations

import atexit
import csv
import ctypes
import ctypes.util
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

SOURCE_DPI = 300  # what the command line is told (the mosaics' TIFF header): Tesseract's size rules use it
TSV_COLUMNS = ("level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width",
               "height", "conf", "text")
TESSDATA_GLOBS = ("/usr/share/tesseract-ocr/*/tessdata", "/usr/share/tessdata", "/usr/local/share/tessdata",
                  "/opt/homebrew/share/tessdata", "/usr/local/share/tesseract-ocr/*/tessdata")
OEM_DEFAULT = 3  # the command line's default engine mode
IN_PROCESS_ENV = "GKTABLES_TESSERACT_IN_PROCESS"  # '0': run the tesseract command instead (as before)

_lock = threading.Lock()
_idle: dict[tuple[str, int, tuple[tuple[str, str], ...]], list[int]] = {}
_lib: list[Any] = []  # the loaded library, once


class ApiTimeout(Exception):
    """Recognition stopped at the time limit."""


class ApiError(Exception):
    """The library could not be loaded or initialised for a language."""


def library() -> Any | None:
    """libtesseract with the C API's signatures declared, or None where it cannot be loaded."""
    with _lock:
        if _lib:
            return _lib[0]
        lib = _load()
        _lib.append(lib)
        if lib is not None:
            atexit.register(_unload)
        return lib


def _unload() -> None:
    """Free the pooled handles at exit (else the library's cache reports them as leaks on stderr)."""
    with _lock:
        handles = [h for stack in _idle.values() for h in stack]
        _idle.clear()
    for handle in handles:
        _lib[0].TessBaseAPIDelete(handle)


def _load() -> Any | None:
    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    # Tesseract runs its LSTM with OpenMP threads; with the small images we give it, starting and
    # syncing them costs more than they save, and we run two readers side by side already.
    # libgomp reads the limit once, when it is loaded: set it for the load unless the caller did.
    saved = os.environ.get("OMP_THREAD_LIMIT")
    if saved is None:
        os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        log.info("libtesseract cannot be loaded (%s): Tesseract runs as a command", exc)
        return None
    finally:
        if saved is None:
            os.environ.pop("OMP_THREAD_LIMIT", None)
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    signatures: dict[str, tuple[Any, list[Any]]] = {
        "TessBaseAPICreate": (vp, []),
        "TessBaseAPIDelete": (None, [vp]),
        "TessBaseAPIInit4": (i, [vp, cp, cp, i, ctypes.POINTER(cp), i, ctypes.POINTER(cp), ctypes.POINTER(cp),
                                 ctypes.c_size_t, i]),
        "TessBaseAPISetPageSegMode": (None, [vp, i]),
        "TessBaseAPISetImage": (None, [vp, cp, i, i, i, i]),
        "TessBaseAPISetSourceResolution": (None, [vp, i]),
        "TessBaseAPIRecognize": (i, [vp, vp]),
        "TessBaseAPIGetTsvText": (ctypes.POINTER(ctypes.c_char), [vp, i]),
        "TessDeleteText": (None, [ctypes.POINTER(ctypes.c_char)]),
        "TessBaseAPIClear": (None, [vp]),
        "TessMonitorCreate": (vp, []),
        "TessMonitorDelete": (None, [vp]),
        "TessMonitorSetDeadlineMSecs": (None, [vp, i]),
    }
    try:
        for fn, (restype, argtypes) in signatures.items():
            getattr(lib, fn).restype = restype
            getattr(lib, fn).argtypes = argtypes
    except AttributeError as exc:  # a library without the C API
        log.info("libtesseract lacks the C API (%s): Tesseract runs as a command", exc)
        return None
    return lib


def loaded_handles() -> dict[tuple[str, int], list[int]]:
    """The idle pooled handles per (language, page segmentation mode): what is loaded, for tests and logs."""
    with _lock:
        out: dict[tuple[str, int], list[int]] = {}
        for (lang, psm, _), stack in _idle.items():
            out.setdefault((lang, psm), []).extend(stack)
        return out


def api_available() -> bool:
    """Whether the library loads, unless GKTABLES_TESSERACT_IN_PROCESS=0 asks for the command."""
    if os.environ.get(IN_PROCESS_ENV, "1").strip().lower() in ("0", "false", "no", "off"):
        return False
    return library() is not None


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


def _new_handle(lib: Any, lang: str, psm: int, variables: dict[str, str]) -> int:
    path = tessdata_dir(lang)
    if path is None:
        raise ApiError(f"no {lang}.traineddata found (set TESSDATA_PREFIX)")
    handle = lib.TessBaseAPICreate()
    # the library's messages ('Empty page!!', 'Image too small to scale') went to the command's
    # stderr, which pytesseract swallowed; in process they would land on ours
    variables = {"debug_file": os.devnull, **variables}
    names = (ctypes.c_char_p * max(1, len(variables)))(*[k.encode() for k in variables])
    values = (ctypes.c_char_p * max(1, len(variables)))(*[v.encode() for v in variables.values()])
    if lib.TessBaseAPIInit4(handle, path.encode(), lang.encode(), OEM_DEFAULT, None, 0, names, values,
                            len(variables), 0) != 0:
        lib.TessBaseAPIDelete(handle)
        raise ApiError(f"Tesseract could not load {lang} from {path}")
    lib.TessBaseAPISetPageSegMode(handle, psm)
    log.debug("libtesseract: loaded %s (psm %d)", lang, psm)
    return int(handle)


@contextmanager
def borrowed(lang: str, psm: int, variables: dict[str, str]) -> Iterator[tuple[Any, int]]:
    """(library, handle) initialised for (lang, psm, variables) from the pool, loaded on first use."""
    lib = library()
    if lib is None:
        raise ApiError("libtesseract is not loadable")
    key = (lang, psm, tuple(sorted(variables.items())))
    with _lock:
        stack = _idle.setdefault(key, [])
        handle = stack.pop() if stack else None
    if handle is None:
        handle = _new_handle(lib, lang, psm, variables)
    try:
        yield lib, handle
    finally:
        lib.TessBaseAPIClear(handle)  # drops the page and its results, keeps the model
        with _lock:
            _idle[key].append(handle)


def mosaics_to_data(mosaics: Sequence[np.ndarray], lang: str, config: str,
                    timeout_s: float | None = None) -> dict[str, list[Any]]:
    """What ``pytesseract.image_to_data(..., output_type=DICT)`` gives for these pages, read in process.

    Raises :class:`ApiTimeout` when recognition stops at ``timeout_s`` (the time left), and
    :class:`ApiError` when the library or the language cannot be loaded.
    """
    psm, variables = parse_config(config)
    data: dict[str, list[Any]] = {name: [] for name in TSV_COLUMNS}
    started = time.monotonic()
    with borrowed(lang, psm, variables) as (lib, handle):
        for index, page in enumerate(mosaics):
            left = None if timeout_s is None else timeout_s - (time.monotonic() - started)
            if left is not None and left <= 0:
                raise ApiTimeout(f"no time left for mosaic page {index + 1}")
            _tsv_into(_recognise(lib, handle, np.ascontiguousarray(page, dtype=np.uint8), index, left), data)
    return data


def _recognise(lib: Any, handle: int, page: np.ndarray, index: int, left: float | None) -> str:
    """The TSV of one grey page (page number ``index + 1``), recognised within ``left`` seconds."""
    pixels = page.tobytes()  # kept alive until recognition is over: the library does not copy it
    lib.TessBaseAPISetImage(handle, pixels, page.shape[1], page.shape[0], 1, page.shape[1])
    lib.TessBaseAPISetSourceResolution(handle, SOURCE_DPI)
    monitor = None
    if left is not None:  # the library stops recognising at this deadline
        monitor = lib.TessMonitorCreate()
        lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(left * 1000)))
    try:
        if lib.TessBaseAPIRecognize(handle, monitor) != 0:
            if monitor is None:
                raise ApiError(f"Tesseract failed on mosaic page {index + 1}")
            raise ApiTimeout(f"recognition of mosaic page {index + 1} stopped")
        text = lib.TessBaseAPIGetTsvText(handle, index)
        try:
            return ctypes.string_at(text).decode("utf-8", "replace") if text else ""
        finally:
            if text:
                lib.TessDeleteText(text)
    finally:
        if monitor is not None:
            lib.TessMonitorDelete(monitor)


def _tsv_into(tsv: str, data: dict[str, list[Any]]) -> None:
    for row in csv.reader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(row) < len(TSV_COLUMNS):
            row = row + [""] * (len(TSV_COLUMNS) - len(row))
        for name, value in zip(TSV_COLUMNS, row):
            # confidences in whole percent, as pytesseract gives them: the same readings either way
            data[name].append(value if name == "text" else int(float(value)) if name == "conf" else int(value))
