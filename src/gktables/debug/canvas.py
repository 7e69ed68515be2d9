"""A page picture to draw the stages of an extraction on, chainable like pdfplumber's PageImage::

    report.page_image(3).draw_rulings().draw_grid().draw_header_tree().draw_keys()

Each ``draw_*`` draws one stage from the intermediates the Report keeps (see
:mod:`gktables.debug.model`) and returns the canvas. Coordinates given to ``draw_rect`` and
``draw_line`` are page units (PDF points, scan pixels); the canvas scales them.
"""

from __future__ import annotations

import io
import statistics
from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

from . import fonts
from .model import DocView, PageView, ValueMark, short_key

if TYPE_CHECKING:  # pragma: no cover
    from PIL import Image

    from ..layout import BBox

RGB = tuple[int, int, int]
COLOURS: dict[str, RGB] = {
    "ruling": (31, 119, 255),  # detected ruling lines
    "grid": (255, 127, 14),  # cells with their spans
    "header": (148, 60, 200),  # the header tree's cells
    "key": (0, 158, 90),  # a value cell read as printed
    "decided": (255, 176, 0),  # a value the table's checks (or the prose) chose among readings
    "low": (230, 0, 200),  # confidence below the threshold
    "failing": (220, 0, 0),  # in a failing check: outlined
    "skipped": (128, 128, 128),  # a token no cell took
    "label_bg": (255, 255, 255),
    "label_fg": (20, 20, 20),
}


class PageCanvas:
    """One page (or synthetic view) as a PIL image with the extraction's stages drawn on demand."""

    def __init__(self, doc: DocView, view: PageView, base: Image.Image, scale: float, copy: bool = True):
        self.doc = doc
        self.view = view
        self.scale = scale
        self._base = base
        self.image = base.copy() if copy else base  # copy=False: draw on ``base`` itself
        self._draw: Any = None

    # --- plumbing ------------------------------------------------------------------------------
    @property
    def draw(self) -> Any:
        if self._draw is None:
            from PIL import ImageDraw

            self._draw = ImageDraw.Draw(self.image, "RGBA")  # RGBA fills blend onto the page
        return self._draw

    def reset(self) -> PageCanvas:
        """Back to the bare page."""
        self.image = self._base.copy()
        self._draw = None
        return self

    def copy(self) -> PageCanvas:
        out = PageCanvas(self.doc, self.view, self._base, self.scale)
        out.image = self.image.copy()
        return out

    def _xy(self, box: BBox, inset: float = 0.0) -> list[float]:
        s = self.scale
        return [box.x0 * s + inset, box.top * s + inset, box.x1 * s - inset, box.bottom * s - inset]

    @property
    def label_size(self) -> int:
        """Label font size in pixels, from the height of the value cells."""
        heights = [m.bbox.height * self.scale for m in self.view.values]
        if self.view.kind == "text" or not heights:
            return max(9, round(10 * self.scale))
        return int(min(14, max(9, statistics.median(heights) / 3.9)))

    def _label(self, x: float, y: float, lines: Sequence[str], size: int, fg: RGB | None = None,
               bg_alpha: int = 200) -> tuple[float, float, float, float]:
        """Text lines on a light box with their top-left at (x, y) pixels; returns the box."""
        font = fonts.font(size)
        pitch = fonts.line_height(size)
        width = max(fonts.text_width(t, size) for t in lines)
        box = (x - 1, y, x + width + 1, y + pitch * len(lines) + 1)
        self.draw.rectangle(box, fill=(*COLOURS["label_bg"], bg_alpha))
        for i, line in enumerate(lines):
            self.draw.text((x, y + i * pitch), fonts.printable(line), font=font, fill=fg or COLOURS["label_fg"])
        return box

    def key_box(self, key: str) -> tuple[float, float, float, float] | None:
        """Where the cell ``key`` is drawn on this image, in pixels (x0, top, x1, bottom); None when
        it is not on this page (or not printed: an inferred blank)."""
        for mark in self.view.values:
            if mark.key == key:
                return tuple(self._xy(mark.bbox))  # type: ignore[return-value]
        return None

    # --- low level ---------------------------------------------------------------------------
    def draw_rect(self, box: BBox | Sequence[float], stroke: RGB | None = COLOURS["grid"],
                  fill: tuple[int, ...] | None = None, width: int = 1) -> PageCanvas:
        from ..layout import BBox

        b = box if isinstance(box, BBox) else BBox(*box)
        self.draw.rectangle(self._xy(b), outline=stroke, fill=fill, width=width)
        return self

    def draw_line(self, points: Sequence[tuple[float, float]], colour: RGB = COLOURS["ruling"],
                  width: int = 1) -> PageCanvas:
        self.draw.line([(x * self.scale, y * self.scale) for x, y in points], fill=colour, width=width)
        return self

    # --- stages --------------------------------------------------------------------------------
    def draw_rulings(self, colour: RGB = COLOURS["ruling"], width: int | None = None) -> PageCanvas:
        """Ruling lines as detected (PDF vector lines, scan line masks), and their intersections."""
        w = width or max(1, round(self.scale))
        for x0, y0, x1, y1 in self.view.rulings:
            self.draw_line([(x0, y0), (x1, y1)], colour, w)
        r = max(2, round(1.5 * self.scale))
        for x, y in self.view.intersections:
            cx, cy = x * self.scale, y * self.scale
            self.draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=colour, width=1)
        return self

    def draw_grid(self, colour: RGB = COLOURS["grid"]) -> PageCanvas:
        """Grid cells (a span is tinted and tagged rows×cols); in text views, the value tokens."""
        size = max(8, self.label_size - 2)
        for mark in self.view.grid:
            spans = mark.rowspan > 1 or mark.colspan > 1
            self.draw.rectangle(self._xy(mark.bbox), outline=colour, fill=(*colour, 28) if spans else None, width=1)
            if spans:
                xy = self._xy(mark.bbox)
                tag = f"{mark.rowspan}×{mark.colspan}"
                tw = fonts.text_width(tag, size)
                self._label(xy[2] - tw - 3, xy[3] - size - 4, [tag], size, colour, 170)
        for box, caption in self.view.frames:
            xy = self._xy(box)
            self.draw.rectangle(xy, outline=colour, width=max(2, round(self.scale)))
            self._label(xy[0], max(0, xy[1] - size - 4), [caption], size, colour)
        for tok in self.view.tokens:
            tint = colour if tok.taken else COLOURS["skipped"]
            self.draw.rectangle(self._xy(tok.bbox, -1), outline=tint, width=1)
            if not tok.taken:
                xy = self._xy(tok.bbox)
                self.draw.line([(xy[0], xy[3]), (xy[2], xy[1])], fill=tint, width=1)
        return self

    def draw_header_tree(self, colour: RGB = COLOURS["header"]) -> PageCanvas:
        """Header cells (column headers C<level>, row labels R<level>), parent → child edges, and
        the schema row each anchoring label was matched to."""
        size = max(8, self.label_size - 1)
        heads = self.view.headers
        for h in heads:
            if h.parent is not None:
                a, b = heads[h.parent].bbox, h.bbox
                start = ((a.x0 + a.x1) / 2, a.bottom) if h.axis == "col" else (a.x1, (a.top + a.bottom) / 2)
                end = ((b.x0 + b.x1) / 2, b.top) if h.axis == "col" else (b.x0, (b.top + b.bottom) / 2)
                self.draw_line([start, end], colour, max(1, round(self.scale)))
        page = self.view.text_page
        for h in heads:
            xy = self._xy(h.bbox, 1)
            anchor = h.row_key is not None
            self.draw.rectangle(xy, outline=colour, fill=(*colour, 45 if anchor else 22), width=2 if anchor else 1)
            tag = f"{h.axis[0].upper()}{h.level}"
            band = page.band_below(h.bbox) if page else None
            if band is not None:  # text: under the label, at the foot of the band (values use its top)
                y = band[1] * self.scale - fonts.line_height(size) - 2
                self._label(xy[0], y, [f"{tag} → {h.row_key}" if anchor else tag], size, colour)
                continue
            key = [_fit_tail(f"→ {h.row_key}", xy[2] - xy[0] - 4, size)] if anchor else []
            self._label(xy[0] + 2, xy[1] + 2, [tag] + key, size, colour)
        return self

    def draw_keys(self, labels: bool = True) -> PageCanvas:
        """Value cells: outlined green as printed, filled amber when a check (or the prose) chose the
        reading, magenta below the confidence threshold; red outline when in a failing check.
        Labels give the short key (row.column) and the value."""
        size = self.label_size
        marks = self.view.values
        for m in marks:  # fills first, so labels and outlines stay on top
            fill = self._fill(m)
            if fill is not None:
                self.draw.rectangle(self._xy(m.bbox), fill=fill)
        if labels:
            self._key_labels(marks, size)
        for m in marks:
            failing = bool(m.failing)
            stroke = COLOURS["failing"] if failing else COLOURS["decided"] if m.decided else COLOURS["key"]
            width = max(2, round(self.scale * (1.5 if failing else 1)))
            self.draw.rectangle(self._xy(m.bbox, 1), outline=stroke, width=width)
        return self

    def draw_all(self) -> PageCanvas:
        """Every stage: rulings, grid, header tree, keys."""
        return self.draw_rulings().draw_grid().draw_header_tree().draw_keys()

    debug = draw_all

    def _fill(self, m: ValueMark) -> tuple[int, int, int, int] | None:
        if m.provenance.confidence < self.doc.threshold:
            return (*COLOURS["low"], 80)
        if m.decided:
            return (*COLOURS["decided"], 110)
        return None

    def _key_labels(self, marks: list[ValueMark], size: int) -> None:
        if self.view.kind == "text":
            self._text_key_labels(marks, size)
            return
        for m in marks:
            xy = self._xy(m.bbox, 3)
            width = max(8.0, xy[2] - xy[0])
            lines = _fit(short_key(m.key), width, size) + [f"={_value(m)}{_tag(m, self.doc.threshold)}"]
            self._label(xy[0], xy[1], lines, size)

    def _text_key_labels(self, marks: list[ValueMark], size: int) -> None:
        """Text views: one block per schema row and text line, in the band below the line: the row,
        then column=value per cell; blocks move right when a neighbour's block is in the way."""
        page = self.view.text_page
        groups: dict[tuple[str, str, tuple[float, float] | None], list[ValueMark]] = {}
        for m in marks:
            table, _, rest = m.key.partition(".")
            groups.setdefault((table, rest.rpartition(".")[0], page.band_below(m.bbox) if page else None), []).append(m)
        free: dict[tuple[float, float] | None, float] = {}
        pitch = fonts.line_height(size)
        for (_, row, band), group in groups.items():
            first = group[0].bbox
            y = (band[0] if band else first.bottom) * self.scale + 2
            x = max(first.x0 * self.scale, free.get(band, 0.0))
            cells = [f"{m.key.rpartition('.')[2][:5]}={_value(m)}{_tag(m, self.doc.threshold)}" for m in group]
            head = row.rpartition(".")[2]
            self._label(x, y, [head], size, COLOURS["header"])
            self._label(x, y + pitch, cells, size)
            free[band] = x + max(fonts.text_width(t, size) for t in [head] + cells) + 6

    # --- output --------------------------------------------------------------------------------
    def save(self, path: str | Path, compress_level: int = 1, colors: int | None = None) -> Path:
        """Write a PNG (``colors``: quantise to a palette of that many colours, for small files)."""
        path = Path(path)
        img = self.image.quantize(colors) if colors else self.image
        img.save(path, format="PNG", compress_level=compress_level)
        return path

    def show(self) -> None:
        self.image.show()

    def _repr_png_(self) -> bytes:
        buf = io.BytesIO()
        self.image.save(buf, format="PNG", compress_level=1)
        return buf.getvalue()

    def __repr__(self) -> str:
        return f"<PageCanvas {self.view.title} {self.image.width}×{self.image.height}px scale={self.scale:g}>"


def _value(m: ValueMark) -> str:
    return "—" if m.value is None else f"{m.value:g}" if isinstance(m.value, float) else str(m.value)


def _tag(m: ValueMark, threshold: float) -> str:
    p = m.provenance
    tags: list[str] = [p.decided_by] if p.decided_by != "printed" else []
    if p.confidence < threshold:
        tags.append(f"{p.confidence:.2f}")
    return f" {'/'.join(tags)}" if tags else ""


def _fit_tail(text: str, width: float, size: int) -> str:
    """``text`` cut from the left ('…state_secret') to ``width`` pixels."""
    while len(text) > 2 and fonts.text_width(text, size) > width:
        text = "…" + text[2:]
    return text


def _fit(text: str, width: float, size: int) -> list[str]:
    """The key on one line, else broken at its dot, else cut with an ellipsis."""
    if fonts.text_width(text, size) <= width:
        return [text]
    parts = text.rsplit(".", 1)
    out = []
    for part in parts:
        while len(part) > 1 and fonts.text_width(part, size) > width:
            part = part[:-2] + "…"
        out.append(part)
    return out
