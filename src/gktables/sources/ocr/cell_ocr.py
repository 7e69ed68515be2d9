"""Reading a page's cells in batches: digits and text in parallel, then a second round for what stays open.

Cells whose own-threshold crop holds a stroke the page's threshold dropped are read from that
crop too; its reading wins only when it is a label of the report tables and the first is not.
A crop is never read twice by the same model.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import cv2
import numpy as np

from ...labels import label_similarity
from ...layout import BBox
from ..grid_spans import CellBox
from .cells import DIGITS_MAX_HEIGHT, DIGITS_MAX_WIDTH, CellJob, cell_key, crop
from .decide import SURE_DIGITS, decide_cell, normalise_number
from .engines import OcrEngine, Reading, distinct_crops
from .ink import leading_sign_bar, vertical_crop_to_row
from .known_labels import MENDED_CONFIDENCE, is_known_label, mend_label, similarity_bound_to_known
from .label_grid import grid_labels, reads_as_words, value_cells

SPLIT_TEXT_BATCH = 12  # crops: a text batch this long is read by two processes
FAINT_STROKE = 0.3  # glyphs: ink this long that only a cell's own threshold keeps is a stroke, not edge growth
SAME_TEXT = 0.6  # a second reading of a label less similar than this to the first is another text
# number-shaped cells the grid places as labels read by the Chinese model first (label_grid): ~0.1 s
# a table page less; the unsure numbers' round-2 batch holds no label either way, so the route moves
# no number's reading (BENCHMARKS.md, OCR, sessions 11 and 12)
GRID_LABELS_FIRST = True



def _digits_sure(job: CellJob, threshold: float) -> bool:
    """Both views read the same number with good confidence: no need for the Chinese model."""
    d1, d2 = job.readings.get("d1"), job.readings.get("d2")
    if d1 is None or d2 is None:
        return False
    n1 = normalise_number(d1.text)
    # a decimal may be money printed with its unit (1.4亿元), which the digits-only reader turns
    # into more digits (1.427): the Chinese model has to see it
    return n1 is not None and n1 == normalise_number(d2.text) and min(d1.confidence, d2.confidence) >= threshold \
        and "." not in n1


def read_cells(jobs: list[CellJob], text: np.ndarray, alt_text: np.ndarray, gray_ink: np.ndarray,
               extra_text: list[np.ndarray], engine: OcrEngine, glyph: float) -> list[Reading]:
    """Read every cell in batches; returns the readings of `extra_text` crops (prose, probe).

    Round 1, in parallel: the digits reader on number-shaped cells (both binarisations), the
    Chinese reader on the other cells (vertical labels laid out as a row) and the extra crops.
    Number-shaped cells that the grid places as labels (:mod:`label_grid`) are read by the Chinese
    model first, in a batch of their own; those it reads as words never reach the digits reader
    (their crops are blanked there, so the numbers' mosaics keep their layout), the others go on
    as number cells, that Chinese reading kept for round 2. Round 2, only what round 1 left open:
    the Chinese reader on the number-shaped cells the digits reader was not sure of (numbers read
    two ways, short labels such as 总计) in a batch holding only those the grid places as numbers
    (so that their reading never depends on which labels are read with them), on the own-threshold
    crops of those that lost a faint stroke (:func:`faint_stroke_views`) and of label cells whose
    first reading is no label of the report (a view wins only as a known label,
    :func:`prefer_known_label`); the vertical reader on vertical labels whose row reading is no
    label of the report. A crop is never read twice by the same model.
    """
    pad = 0.35 * glyph
    text_jobs = [j for j in jobs if j.kind == "text" and not j.digits]
    vertical_jobs = [j for j in jobs if j.kind == "vertical"]
    digit_jobs = [j for j in jobs if j.digits]
    placed = grid_labels(jobs, glyph)
    first = placed if GRID_LABELS_FIRST else []
    vertical_crops = [crop(text, j.ink, pad) for j in vertical_jobs if j.ink]
    text_crops = [crop(text, j.ink, pad) for j in text_jobs if j.ink] + \
        [vertical_crop_to_row(c) for c in vertical_crops] + extra_text
    words: set[tuple[int, int, int]] = set()
    first_readings: dict[tuple[int, int, int], Reading] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:
        # the labels first (their readings decide which crops the digits reader gets), else the digits
        f_first = pool.submit(engine.read, [crop(text, j.ink, pad) for j in first if j.ink], "text") if first else None
        f_digits = None if first else pool.submit(engine.read, _digit_crops(digit_jobs, words, text, alt_text, pad),
                                                  "digits")
        # a long text batch is split in two so both workers share it (with a second CPU)
        cut = _balanced_cut(text_crops) if len(text_crops) >= SPLIT_TEXT_BATCH and _cpus() > 1 else len(text_crops)
        f_text = [pool.submit(engine.read, part, "text") for part in (text_crops[:cut], text_crops[cut:]) if part]
        if f_first is not None:
            first_readings = {cell_key(j): r for j, r in zip([j for j in first if j.ink], f_first.result())}
            words = _read_as_words(first, first_readings, value_cells(jobs, glyph))
            f_digits = pool.submit(engine.read, _digit_crops(digit_jobs, words, text, alt_text, pad), "digits")
        assert f_digits is not None
        digit_readings = f_digits.result()
        text_readings = [r for f in f_text for r in f.result()]
    for k, j in enumerate(digit_jobs):
        if cell_key(j) not in words:
            j.readings.update(d1=digit_readings[k], d2=digit_readings[len(digit_jobs) + k])
    for j, r in zip(text_jobs, text_readings):
        j.readings["text"] = r
    for j, row in zip(vertical_jobs, text_readings[len(text_jobs):]):
        j.readings["row"] = row
    sure = getattr(engine, "sure_digits", SURE_DIGITS)
    unsure = [j for j in digit_jobs if cell_key(j) not in words and not _digits_sure(j, sure)]
    for j in unsure:  # a number placed as a label: the Chinese model has read it already
        if cell_key(j) in first_readings:
            j.readings["text"] = first_readings[cell_key(j)]
    as_labels = {cell_key(j) for j in placed}
    _second_round(unsure, as_labels, words, digit_jobs, text_jobs, vertical_jobs, text, gray_ink, engine, glyph)
    _read_blank_labels(text_jobs, gray_ink, engine, pad)
    # a short label (a section header) is number-shaped
    open_keys = words | {cell_key(j) for j in unsure}
    _mend_labels(text_jobs + [j for j in digit_jobs if cell_key(j) in open_keys])
    _rescue_blank_readings(digit_jobs, text, engine, pad)
    return text_readings[len(text_jobs) + len(vertical_jobs):]


def _read_as_words(first: list[CellJob], readings: dict[tuple[int, int, int], Reading],
                   in_values: set[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Keys of the cells placed as labels whose Chinese reading is words (that reading becomes
    their text); the others keep no text from it yet and are read as number cells are. In a value
    column (``in_values``) only a label of the report counts as words: a number the Chinese model
    misreads can be two ordinary characters (48 read 所则)."""
    words = set()
    for j in first:
        r = readings.get(cell_key(j))
        if r is not None and reads_as_words(r.text, known_only=cell_key(j) in in_values):
            j.readings["text"] = r
            words.add(cell_key(j))
    return words


def _digit_crops(digit_jobs: list[CellJob], words: set[tuple[int, int, int]], text: np.ndarray, alt_text: np.ndarray,
                 pad: float) -> list[np.ndarray]:
    """Both views of every number-shaped cell, the cells read as words blanked (:func:`blank_like`)."""
    crops = [crop(view, j.ink, pad) for view in (text, alt_text) for j in digit_jobs if j.ink]
    owners = [j for _ in (text, alt_text) for j in digit_jobs if j.ink]
    return _blanked(crops, [cell_key(j) in words for j in owners])


def _blanked(crops: list[np.ndarray], blank: list[bool]) -> list[np.ndarray]:
    """crops with those marked replaced by :func:`blank_like` copies of them."""
    if not any(blank):
        return crops
    chosen = [c for c, b in zip(crops, blank) if b]
    blanks = iter(blank_like(chosen))
    return [next(blanks) if b else c for c, b in zip(crops, blank)]


def blank_like(crops: list[np.ndarray]) -> list[np.ndarray]:
    """White crops of the same shapes, identical exactly where the originals are.

    In place of crops left unread in an engine batch, they keep the other crops' mosaic layout
    (Tesseract's reading of a crop depends on its neighbours and on the gap, set by the batch's
    crop sizes) while nothing is read there. Copies of one crop are read once
    (:meth:`TesseractEngine.read`); the blanks of distinct crops differ by near-white pixels in
    their top row, which any binarisation keeps white.
    """
    index = distinct_crops(crops)
    out = []
    for c, i in zip(crops, index):
        b = np.full_like(c, 255)
        bits = min(b.shape[1], 16)
        b[0, :bits] = 255 - ((i >> np.arange(bits)) & 1).astype(np.uint8)
        out.append(b)
    return out


def read_number_lines(lines: list[Reading], boxes: list[BBox], text: np.ndarray, alt_text: np.ndarray,
                      engine: OcrEngine, glyph: float) -> list[Reading]:
    """Prose lines (outside any table found) that the Chinese model read as a lone number, read
    again as number cells are: by the digits reader on both binarisations, with the minus bar
    check, decided as a cell is (:func:`decide.decide_cell`).

    A table ruled only horizontally, whose grid is not recovered, reaches the core as prose: each
    value a line of its own. The Chinese model alone reads '+2' as '42' there.
    """
    pad = 0.35 * glyph
    jobs = []
    for i, (r, b) in enumerate(zip(lines, boxes)):
        if normalise_number(r.text) is None or b.height > DIGITS_MAX_HEIGHT * glyph \
                or b.width > DIGITS_MAX_WIDTH * glyph:
            continue
        job = CellJob(-1, CellBox(0, 0, 1, 1, b), b, "text", True, sign_bar=leading_sign_bar(text, b, glyph))
        job.readings["text"] = r
        jobs.append((i, job))
    if not jobs:
        return lines
    readings = engine.read([crop(text, j.ink, pad) for _, j in jobs if j.ink] +
                           [crop(alt_text, j.ink, pad) for _, j in jobs if j.ink], "digits")
    out = list(lines)
    for k, (i, job) in enumerate(jobs):
        job.readings.update(d1=readings[k], d2=readings[len(jobs) + k])
        decision = decide_cell(job, glyph)
        if decision.kind == "number" and normalise_number(decision.text) is not None:
            out[i] = Reading(decision.text, decision.confidence)
    return out


def _second_round(unsure: list[CellJob], as_labels: set[tuple[int, int, int]], words: set[tuple[int, int, int]],
                  digit_jobs: list[CellJob], text_jobs: list[CellJob], vertical_jobs: list[CellJob],
                  text: np.ndarray, gray_ink: np.ndarray, engine: OcrEngine, glyph: float) -> None:
    """Round 2 of :func:`read_cells`, one batch per group so that no group's readings move with another's:

    - the unsure number cells the grid places as numbers (not in ``as_labels``): the Chinese model,
      alone in their batch — Tesseract reads a mosaic as one block, so a cell's reading depends on
      the ink beside it, and these decide values;
    - the unsure cells placed as labels that round 1 did not read yet (the route off), and the
      faint-stroke views of the unsure cells and of the cells read as words (but of those only when
      their reading is no label of the report: no view could change it), and of label cells;
    - the own-threshold views of label cells read as no label of the report (and no faint-stroke
      view): printed texture (halftone, toner) breaks strokes differently there;
    - the vertical model on vertical labels whose row reading is no label of the report.

    A view is read only when its reading could be taken (:func:`_may_become_known`)."""
    pad = 0.35 * glyph
    numbers = [j for j in unsure if j.ink is not None and cell_key(j) not in as_labels]
    labels = [j for j in unsure if j.ink is not None and cell_key(j) in as_labels and "text" not in j.readings]
    open_keys = words | {cell_key(j) for j in unsure}
    again_jobs = [j for j in digit_jobs if cell_key(j) in open_keys]
    settled = {cell_key(j) for j in again_jobs if cell_key(j) in words and is_known_label(j.readings["text"].text)}
    unknown = [j for j in text_jobs if not is_known_label(j.readings["text"].text)]
    views = faint_stroke_views(again_jobs + unknown, text, gray_ink, pad, glyph)
    faint = [(j, view) for j, view in views if cell_key(j) not in settled and _may_become_known(j)]
    retry = [(j, _own_threshold_crop(gray_ink, j.ink, pad)) for j in unknown
             if j.ink is not None and not any(j is f for f, _ in views) and _may_become_known(j)]
    vertical_open = [j for j in vertical_jobs if j.ink is not None and not is_known_label(j.readings["row"].text)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        f_numbers = pool.submit(engine.read, [crop(text, j.ink, pad) for j in numbers if j.ink], "text")
        f_labels = pool.submit(engine.read, [crop(text, j.ink, pad) for j in labels if j.ink] +
                               [view for _, view in faint], "text")
        f_vertical = pool.submit(engine.read, [crop(text, j.ink, pad) for j in vertical_open if j.ink], "vertical")
        f_retry = pool.submit(engine.read, [view for _, view in retry], "text") if retry else None
        number_readings, label_readings = f_numbers.result(), f_labels.result()
        vertical_readings = f_vertical.result()
        retried = f_retry.result() if f_retry is not None else []
    for j, r in zip(numbers + labels, number_readings + label_readings[:len(labels)]):
        j.readings["text"] = r
    for j, r in zip(vertical_open, vertical_readings):
        j.readings["vertical"] = r
    for (j, _), r in zip(faint + retry, label_readings[len(labels):] + retried):
        prefer_known_label(j, r)


def _may_become_known(job: CellJob) -> bool:
    """Whether a second view could replace the cell's reading (:func:`prefer_known_label`): it has
    none yet (an unsure number, read in the same round), its first reading is blank, or that is as
    similar to some reading that is a label of the report as :func:`prefer_known_label` asks."""
    first = job.readings.get("text")
    return first is None or not first.text.strip() or similarity_bound_to_known(first.text) >= SAME_TEXT


def _read_blank_labels(jobs: list[CellJob], gray_ink: np.ndarray, engine: OcrEngine, pad: float) -> None:
    """Label cells with ink that both binarised views read as nothing are read once more from the
    grey crop (the engine binarises it itself): printed texture (halftone) can make Tesseract
    return nothing for a two-line label, and a label read as nothing loses its column's key."""
    blank = [j for j in jobs if j.ink is not None and not j.readings.get("text", Reading("", 0.0)).text.strip()]
    if not blank:
        return
    for j, r in zip(blank, engine.read([crop(gray_ink, j.ink, pad) for j in blank if j.ink], "text")):
        if r.text.strip():
            j.readings["grey_view"] = j.readings["text"] = r


def _mend_labels(jobs: list[CellJob]) -> None:
    """Label cells whose reading misses a label of the report only by confusable characters take
    that label (:func:`known_labels.mend_label`); the reading as printed is kept as ``unmended``."""
    for j in jobs:
        first = j.readings.get("text")
        mended = mend_label(first.text) if first is not None else None
        if first is not None and mended is not None:
            j.readings["unmended"] = first
            j.readings["text"] = Reading(mended, min(first.confidence, MENDED_CONFIDENCE))


def _rescue_blank_readings(jobs: list[CellJob], text: np.ndarray, engine: OcrEngine, pad: float) -> None:
    """Cells with ink that no reader read at all get one more try by another engine.

    RapidOCR's recogniser drops a lone '0' in some fonts; Tesseract's digits reader, when
    installed, reads it. (Tesseract's own misses have been read three ways already.)
    """
    blank = [j for j in jobs if j.ink is not None and j.readings and not any(r.text for r in j.readings.values())]
    if not blank or engine.name == "tesseract" or not _tesseract_available():
        return
    from .engines import TesseractEngine

    for j, r in zip(blank, TesseractEngine().read([crop(text, j.ink, pad) for j in blank if j.ink], "digits")):
        j.readings["rescue"] = r


def faint_stroke_views(jobs: list[CellJob], text: np.ndarray, gray_ink: np.ndarray, pad: float,
                        glyph: float) -> list[tuple[CellJob, np.ndarray]]:
    """The cells whose crop binarised at its own threshold holds strokes the page's binarisation
    dropped, each with that crop.

    The page is binarised at one threshold; a thin stroke printed grey (the top bar of 二 at
    150 dpi) can fall below it and leave a speck, so 第二十条 reads 第一十条 and table 二 is never
    found. The cell's own threshold keeps the stroke. Only these crops are read twice: growing
    faint ink on the whole page breaks ruling detection, and reading every cell twice costs time.
    """
    views = [(j, j.ink, _own_threshold_crop(gray_ink, j.ink, pad)) for j in jobs if j.ink is not None]
    return [(j, view) for j, ink, view in views if _has_recovered_stroke(crop(text, ink, pad), view, glyph)]


def _has_recovered_stroke(binary_crop: np.ndarray, view: np.ndarray, glyph: float) -> bool:
    """Whether view holds ink FAINT_STROKE glyphs long or more that binary_crop lacks.

    Ink within a pixel of the binary crop's is edge growth of strokes both views have, not a stroke.
    """
    kept = cv2.dilate((binary_crop < 128).astype(np.uint8), np.ones((3, 3), np.uint8))
    recovered = ((view < 128) & (kept == 0)).astype(np.uint8)
    _, _, stats, _ = cv2.connectedComponentsWithStats(recovered, connectivity=8)
    return any(max(s[cv2.CC_STAT_WIDTH], s[cv2.CC_STAT_HEIGHT]) >= FAINT_STROKE * glyph for s in stats[1:])


def prefer_known_label(job: CellJob, second: Reading) -> None:
    """Take the second view's reading (kept as ``second_view``) when it is a label of the report
    tables and the first reading is not, and both read about the same text (or the first read nothing).

    Elsewhere the page's binarisation reads as well or better (its own threshold thickens some
    strokes and thins others), so the first reading stays.
    """
    job.readings["second_view"] = second
    first = job.readings.get("text")
    if first is not None and not is_known_label(first.text) and is_known_label(second.text) \
            and (not first.text.strip() or label_similarity(first.text, second.text) >= SAME_TEXT):
        job.readings["text"] = second


def _own_threshold_crop(gray_ink: np.ndarray, box: BBox, pad: float) -> np.ndarray:
    """The cell's crop of the grey page (ink bright, rulings blanked), dark on white, binarised at
    its own Otsu threshold.

    Rulings are blanked before cropping: their grey edges in the margin read as strokes ('人0').
    """
    _, binary = cv2.threshold(crop(gray_ink, box, pad), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


def _tesseract_available() -> bool:
    import shutil

    return shutil.which("tesseract") is not None


def _cpus() -> int:
    """CPUs this process may run on: splitting a batch in two only pays with a second one."""
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _balanced_cut(crops: list[np.ndarray]) -> int:
    """Where to cut a batch so both halves hold about the same ink width (the engine's cost)."""
    widths = np.cumsum([c.shape[1] * max(1, c.shape[0] // 40) for c in crops])
    return int(np.searchsorted(widths, widths[-1] / 2)) + 1 if len(widths) else 0
