"""OCR engines behind one interface: read a batch of crops of one kind, get one reading per crop.

(Over 400 lines because both engines sit beside the interface and :func:`make_engine` that picks
one: RapidOCR in a module of its own would import ``Reading`` from here and be imported back, a cycle.)

A crop is a grey image (uint8, dark ink on white) holding one cell's ink or one line of prose.
Batching is the engine's business: :class:`TesseractEngine` stacks all crops of a kind into a few
tall mosaic pages and reads them in one call, then gives each crop the words that fall in its band.
It runs Tesseract's library inside our process (:mod:`tessapi`: each model loaded once per process)
and falls back to the ``tesseract`` command through pytesseract, which pays ~0.25 s to start and
load a model on every call.
:class:`RapidOcrEngine` hands the crops (split into lines) to RapidOCR's recogniser in batches.

Kinds:
    ``text``      horizontal Chinese (labels, prose): Tesseract ``chi_sim``
    ``digits``    a number cell: digits, sign, decimal point, 万亿元 only
    ``vertical``  a tall narrow label written top to bottom: Tesseract ``chi_sim_vert``
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol
from collections.abc import Iterator, Sequence

import numpy as np

from ...deadline import Deadline
from ...errors import MissingDependencyError, TimeLimitError
from ..joining import join_pieces

log = logging.getLogger(__name__)

Kind = Literal["text", "digits", "vertical"]

DIGIT_CHARS = "0123456789.+-万亿元"
RECOGNISED_KEPT = 20000  # line readings RapidOcrEngine remembers (a page holds a few hundred)
MOSAIC_WIDTH_RATIO = 2.0  # a crop this many times wider than the first on a mosaic page starts a new page
MOSAIC_MAX_HEIGHT = 8000  # px per mosaic page; Tesseract handles up to 32767 but slows on huge pages


@dataclass(frozen=True)
class Reading:
    """What an engine read in one crop; confidence in 0..1 (1.0 for a crop with no words)."""

    text: str
    confidence: float


class OcrEngine(Protocol):
    name: str
    second_view: Literal["adaptive", "gray"]  # what number cells are read from a second time
    sure_digits: float  # both views agree at this confidence: the number is taken without more reading
    deadline: Deadline | None  # the document's time limit: reading stops when it runs out

    def read(self, crops: Sequence[np.ndarray], kind: Kind) -> list[Reading]:
        """One reading per crop, in order."""
        ...


def join_words(words: Sequence[str]) -> str:
    """Join the words of one line by the sources' one joining rule (sources/joining.py)."""
    return join_pieces(words)


def make_engine(name: str) -> OcrEngine:
    """The engine named by ``Settings.ocr_engine``."""
    if name == "rapidocr":
        return RapidOcrEngine()
    return TesseractEngine()


# --------------------------------------------------------------------------------------------
# Tesseract


_omp_lock = threading.Lock()
_omp_users = 0
_omp_saved: str | None = None


@contextmanager
def _single_threaded_tesseract() -> Iterator[None]:
    """Run Tesseract with one OpenMP thread unless the caller set OMP_THREAD_LIMIT.

    With OpenMP Tesseract spends ~0.3 s per call starting threads, more than it saves on the small
    images we give it; we run our own calls in parallel instead. pytesseract passes os.environ
    to the process, so the variable is set for the duration of our calls and restored after.
    """
    global _omp_users, _omp_saved
    with _omp_lock:
        if _omp_users == 0:
            _omp_saved = os.environ.get("OMP_THREAD_LIMIT")
            if _omp_saved is None:
                os.environ["OMP_THREAD_LIMIT"] = "1"
        _omp_users += 1
    try:
        yield
    finally:
        with _omp_lock:
            _omp_users -= 1
            if _omp_users == 0 and _omp_saved is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)


@dataclass(frozen=True)
class _Slot:
    page: int
    top: int
    bottom: int
    left: int
    right: int


def crops_to_mosaics(crops: Sequence[np.ndarray], gap: int, vertical: bool = False, row_width: int = 0,
                     max_extent: int = MOSAIC_MAX_HEIGHT, width_ratio: float = 0.0
                     ) -> tuple[list[np.ndarray], list[_Slot]]:
    """Lay crops out on white mosaic pages with `gap` white pixels around each.

    Horizontal text goes in bands top to bottom; with ``row_width`` several crops share a band
    side by side (each a separate word for the engine, `gap` apart), which cuts the number of text
    lines the engine has to find. Vertical text goes side by side in one band. With
    ``width_ratio`` a crop more than that many times wider than the first on its page starts a
    new page: given crops sorted by width, narrow number crops do not sit on pages as wide as
    the widest one (the engine's page analysis costs by the pixel, white ones included).
    """
    if vertical:
        row_width, max_extent = 10**9, max_extent * 4
    pages: list[list[tuple[np.ndarray, int, int]]] = [[]]  # (crop, x, y) per page
    slots: list[_Slot] = []
    x, y, band = gap, gap, 0
    for crop in crops:
        h, w = crop.shape[:2]
        if x > gap and x + w + gap > max(row_width, 1):  # start a new band
            x, y, band = gap, y + band + gap, 0
        too_wide = width_ratio > 0 and pages[-1] and w > width_ratio * max(1, pages[-1][0][0].shape[1])
        if pages[-1] and (y + h + gap > max_extent or too_wide) and not vertical:
            pages.append([])
            x, y, band = gap, gap, 0
        pages[-1].append((crop, x, y))
        slots.append(_Slot(len(pages) - 1, y, y + h, x, x + w))
        band = max(band, h)
        x += w + gap
    mosaics = []
    for items in pages:
        if not items:
            continue
        width = max(px + c.shape[1] for c, px, _ in items) + gap
        height = max(py + c.shape[0] for c, _, py in items) + gap
        page = np.full((height, width), 255, np.uint8)
        for crop, px, py in items:
            page[py:py + crop.shape[0], px:px + crop.shape[1]] = crop
        mosaics.append(page)
    return mosaics, slots


def distinct_crops(crops: Sequence[np.ndarray]) -> list[int]:
    """For each crop, the index of the first crop with the very same pixels (its own when none)."""
    first: dict[tuple[tuple[int, ...], bytes], int] = {}
    return [first.setdefault((c.shape, hashlib.blake2b(np.ascontiguousarray(c).tobytes(), digest_size=16).digest()), i)
            for i, c in enumerate(crops)]


def in_process_available() -> bool:
    """Whether Tesseract's library can run inside our process (:mod:`tessapi`)."""
    from .tessapi import api_available

    return api_available()


class TesseractEngine:
    """Tesseract: in our process through its C library when that loads (each model loaded once
    per process, :mod:`tessapi`), else through pytesseract, one process per kind and batch.

    Both run the same library on the same mosaic pages with the same settings: same words.
    """

    name = "tesseract"
    second_view: Literal["adaptive", "gray"] = "adaptive"
    sure_digits = 0.8
    deadline: Deadline | None = None

    def __init__(self, row_width: dict[str, int] | None = None, in_process: bool | None = None) -> None:
        self.row_width = row_width or {}  # side by side merges neighbours: off by default
        self.in_process = in_process_available() if in_process is None else in_process
        try:
            import pytesseract
        except ImportError as exc:  # pragma: no cover - a core dependency
            raise MissingDependencyError("pytesseract", system="apt-get install tesseract-ocr") from exc
        self._tess = pytesseract

    @staticmethod
    def config(kind: Kind) -> tuple[str, str]:
        """(lang, config) for a kind. Digits use the Latin model: chi_sim drops a lone '1'."""
        common = "-c tessedit_do_invert=0"  # crops are dark on white already: skip the inverted retry
        if kind == "digits":
            return "eng", f"--psm 6 {common} -c tessedit_char_whitelist={DIGIT_CHARS[:13]}"
        if kind == "vertical":
            return "chi_sim_vert", f"--psm 5 {common}"
        return "chi_sim", f"--psm 6 {common} -c preserve_interword_spaces=1"

    def read(self, crops: Sequence[np.ndarray], kind: Kind) -> list[Reading]:
        """One reading per crop; crops identical to the pixel are laid out and read once.

        On a clean scan most number cells' two views are the same pixels, and so are the cells
        printing the same number ('0'): on hongze's table pages at 200 dpi 79 of 246 digit crops
        differ. The copies would be recognised on the same mosaic, side by side (crops are laid out
        by width), so one reading serves them all.
        """
        if not crops:
            return []
        index = distinct_crops(crops)
        unique = list({i: crops[i] for i in index}.values())
        readings = self._read_distinct(unique, kind)
        position = {i: k for k, i in enumerate(dict.fromkeys(index))}
        return [readings[position[i]] for i in index]

    def _read_distinct(self, crops: Sequence[np.ndarray], kind: Kind) -> list[Reading]:
        # a gap of ~2.5 lines keeps Tesseract from fusing neighbouring crops into one paragraph
        gap = max(16, int(2.5 * float(np.median([min(c.shape[:2]) for c in crops]))))
        row_width = self.row_width.get(kind, 0)
        if kind == "vertical" or row_width:
            order = list(range(len(crops)))
        else:  # narrow crops together, on pages of their own width
            order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1])
        mosaics, slots = crops_to_mosaics([crops[i] for i in order], gap, vertical=kind == "vertical",
                                          row_width=row_width, width_ratio=MOSAIC_WIDTH_RATIO)
        data = self._image_to_data(mosaics, *self.config(kind))
        readings = _words_to_readings(data, slots, kind, gap)
        out = [Reading("", 1.0)] * len(crops)
        for i, reading in zip(order, readings):
            out[i] = reading
        return out

    def _image_to_data(self, mosaics: list[np.ndarray], lang: str, config: str) -> dict[str, list[Any]]:
        if self.in_process:
            from . import tessapi

            left = self.deadline.remaining() if self.deadline is not None else None
            try:
                return tessapi.mosaics_to_data(mosaics, lang, config, left)
            except tessapi.ApiTimeout as exc:
                self._out_of_time(exc)
            except tessapi.ApiError as exc:  # the command says why, in the words users know
                log.warning("Tesseract in process: %s; running it as a command", exc)
                self.in_process = False
        return self._cli_image_to_data(mosaics, lang, config)

    def _out_of_time(self, exc: Exception) -> None:
        """Raise the document's TimeLimitError for an engine stopped at its time limit (or ``exc``)."""
        if self.deadline is not None:
            self.deadline.check_now("OCR")
            raise TimeLimitError(self.deadline.name, "OCR ran out of time_limit_s; raise that "
                                                     "setting (or --time-limit)") from exc
        raise exc

    def _cli_image_to_data(self, mosaics: list[np.ndarray], lang: str, config: str) -> dict[str, list[Any]]:
        from PIL import Image

        with tempfile.TemporaryDirectory(prefix="gktables-ocr-") as tmp:
            path = Path(tmp) / "mosaic.tif"
            images = [Image.fromarray(m) for m in mosaics]
            images[0].save(path, save_all=True, append_images=images[1:], compression="tiff_lzw", dpi=(300, 300))
            left = self.deadline.remaining() if self.deadline is not None else None
            with _single_threaded_tesseract():
                try:
                    return self._tess.image_to_data(str(path), lang=lang, config=config, timeout=max(left, 0.01)
                                                    if left is not None else 0, output_type=self._tess.Output.DICT)
                except RuntimeError as exc:  # pytesseract killed the process at the timeout
                    if self.deadline is not None and "timeout" in str(exc).lower():
                        self._out_of_time(exc)
                    raise


def _words_to_readings(data: dict[str, list[Any]], slots: list[_Slot], kind: Kind, gap: int) -> list[Reading]:
    """Give each slot the words whose centre falls in its band; order them by line then x."""
    words: list[list[tuple[int, int, int, str, float]]] = [[] for _ in slots]
    by_page: dict[int, list[int]] = {}
    for i, s in enumerate(slots):
        by_page.setdefault(s.page, []).append(i)
    for i, text in enumerate(data["text"]):
        text = str(text).strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        page = int(data["page_num"][i]) - 1
        cx = data["left"][i] + data["width"][i] / 2
        cy = data["top"][i] + data["height"][i] / 2
        for k in by_page.get(page, ()):
            s = slots[k]
            if s.left - gap / 2 <= cx <= s.right + gap / 2 and s.top - gap / 2 <= cy <= s.bottom + gap / 2:
                line = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
                words[k].append((line[0] * 10000 + line[1] * 100 + line[2], int(data["left"][i]),
                                 int(data["top"][i]), text, conf / 100.0))
                break
    out = []
    for ws in words:
        if not ws:
            out.append(Reading("", 1.0))
            continue
        lines: dict[int, list[tuple[int, int, int, str, float]]] = {}
        for w in ws:
            lines.setdefault(w[0], []).append(w)
        along = 2 if kind == "vertical" else 1  # words follow each other down or across
        ordered = [sorted(line, key=lambda w: w[along]) for _, line in sorted(lines.items())]
        if kind == "vertical":
            text = "".join(w[3] for line in ordered for w in line)
        elif kind == "digits":
            text = "".join(w[3] for line in ordered for w in line)
        else:
            text = "\n".join(join_words([w[3] for w in line]) for line in ordered)
        confs = [w[4] for w in ws]
        conf = min(confs) if kind == "digits" else float(np.mean(confs))
        out.append(Reading(text, round(conf, 3)))
    return out


# --------------------------------------------------------------------------------------------
# RapidOCR


class RapidOcrEngine:
    """RapidOCR (PP-OCRv4 ONNX models shipped in the wheel), recogniser only: we find the cells.

    Its recogniser reads one horizontal line per image, so multi-line crops are split into lines
    first, and vertical labels are cut into characters laid out in a row.
    """

    name = "rapidocr"
    second_view: Literal["adaptive", "gray"] = "gray"  # a network reads grey better than a second threshold
    sure_digits = 0.5  # its scores for a lone digit sit lower (0.55-0.9) than Tesseract's
    deadline: Deadline | None = None

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise MissingDependencyError("rapidocr-onnxruntime", extra="rapidocr") from exc
        # the recogniser pads every line to at least 320 px wide by default: a lone digit then costs
        # as much as a long label; 96 px is four times faster on number cells, and as accurate.
        # One thread per call: we run two readers side by side, and onnxruntime's own pool on top
        # of that made each call twice as slow on two cores. Batches of one: a batch is padded to
        # its widest line, which costs more than batching saves on a CPU.
        self._ocr = _rapidocr_instance(lambda: RapidOCR(rec_img_shape=[3, 48, 96], intra_op_num_threads=1,
                                                        rec_batch_num=1))
        self._seen: dict[tuple[tuple[int, ...], bytes], tuple[str, float]] = {}

    def read(self, crops: Sequence[np.ndarray], kind: Kind) -> list[Reading]:
        import cv2

        from .grid import crop_to_line_spans, vertical_crop_to_row

        if not crops:
            return []
        pieces: list[np.ndarray] = []
        owner: list[int] = []
        for i, crop in enumerate(crops):
            if kind == "vertical":
                lines = [vertical_crop_to_row(crop)]
            else:
                lines = [crop[a:b] for a, b in crop_to_line_spans(crop)] or [crop]
            for line in lines:
                # crops come with a margin already; more white on the sides makes the recogniser
                # drop a lone digit (its CTC output becomes all blanks)
                line = cv2.copyMakeBorder(line, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
                pieces.append(cv2.cvtColor(line, cv2.COLOR_GRAY2BGR))
                owner.append(i)
        results = self._recognise(pieces)
        texts: list[list[str]] = [[] for _ in crops]
        confs: list[list[float]] = [[] for _ in crops]
        for i, (text, score) in zip(owner, results):
            text = unicodedata.normalize("NFKC", text).strip() if kind == "digits" else text.strip()
            if kind == "digits":
                text = "".join(ch for ch in text if ch in DIGIT_CHARS)
            if text:
                texts[i].append(text)
                confs[i].append(float(score))
        sep = "" if kind in ("digits", "vertical") else "\n"
        return [Reading(sep.join(t), round(min(c) if kind == "digits" else float(np.mean(c)), 3)) if t
                else Reading("", 1.0) for t, c in zip(texts, confs)]

    def _recognise(self, pieces: list[np.ndarray]) -> list[tuple[str, float]]:
        """(text, score) per line image, remembering recent ones.

        A number cell the digits reading is unsure of is read again as text, from the very same
        crop; with batches of one the recogniser would give the very same answer, so it is looked up.
        """
        keys = [(p.shape, hashlib.blake2b(p.tobytes(), digest_size=16).digest()) for p in pieces]
        known = {k: self._seen[k] for k in keys if k in self._seen}
        todo = list({k: p for k, p in zip(keys, pieces) if k not in known}.items())
        if todo:
            results, _ = self._ocr.text_rec([p for _, p in todo])
            known.update((k, (str(text), float(score))) for (k, _), (text, score) in zip(todo, results))
            if len(self._seen) > RECOGNISED_KEPT:  # a long document: forget earlier pages
                self._seen.clear()
            self._seen.update(known)
        return [known[k] for k in keys]


_rapid_lock = threading.Lock()
_rapid_cache: dict[str, Any] = {}


def _rapidocr_instance(factory: Any) -> Any:
    """One RapidOCR per process: loading its models takes about a second."""
    with _rapid_lock:
        if "ocr" not in _rapid_cache:
            _rapid_cache["ocr"] = factory()
        return _rapid_cache["ocr"]
