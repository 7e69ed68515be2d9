"""Where each table lies in the item stream, which national format it follows, and where each
row's label is printed (its anchor).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from ..labels import TYPO_SCORE, label_core, match_label, normalize_label
from ..schema import T2_ROW_HEADER, TABLE_TITLES, RowSpec, T2Version, T3Other, format_markers, load_schema
from .items import Item

# The markers (normalised) that open a table or the prose after the last one, and the hints
# that tell the formats apart, are the format's words: schema.format_markers() (data/markers.json).


MARKER_REACH = 120  # items walked back from 三's first marker with values after it (its labels: ~70)
MARKER_WINDOW = 60  # items after a marker looked at for the table's values (or, printing none, its rows)


@dataclass
class Zone:
    table: str
    start: int  # first item pos
    end: int  # one past the last item pos


def find_zones(items: list[Item]) -> dict[str, Zone]:
    labels = [it for it in items if it.kind == "label"]
    end_all = len(items)

    def first(markers: tuple[str, ...], after: int, before: int = end_all) -> int | None:
        for it in labels:
            if after <= it.pos < before and any(map(it.norm.__contains__, markers)):  # (in C: no generator per label)
                return it.pos
        return None

    markers = format_markers()
    t3 = _first_followed_by_values(items, labels, markers.t3_open, 0)
    if t3 is None:
        t3 = _first_followed_by_rows(items, labels, markers.t3_open)
    if t3 is not None:
        t3 = _earlier_marker(items, t3, markers.t3_open)
    t2 = first(markers.t2_open, 0, t3 if t3 is not None else end_all)
    if t2 is None:
        t2 = _first_t2_header(labels, t3 if t3 is not None else end_all)
    t4_after = t3 if t3 is not None else (t2 if t2 is not None else 0)
    t4 = _first_t4(labels, t4_after)
    zones: dict[str, Zone] = {}
    starts = sorted((p, t) for t, p in (("t2", t2), ("t3", t3), ("t4", t4)) if p is not None)
    for i, (pos, table) in enumerate(starts):
        nxt = starts[i + 1][0] if i + 1 < len(starts) else None
        if nxt is None:
            tail = first(markers.after_tables, pos + 1)
            nxt = tail if tail is not None else end_all
        zones[table] = Zone(table, pos, nxt)
    if "t2" in zones:
        zones["t2"].start = _t2_start(items, zones["t2"].start)
    if "t3" in zones and "t4" in zones:
        _t3_values_under_t4_title(items, zones["t3"], zones["t4"])
    return zones


def _t3_values_under_t4_title(items: list[Item], t3: Zone, t4: Zone) -> None:
    """三's last cells printed after 四's title, before 四's header row (pdfminer: the boxes of 三's
    last page sort after the title when it sits beside them on the page): they are 三's. Moved only
    when nothing but values lies between the title and 四's first header, and 四 keeps a value for
    each of its cells after that header (its own values all follow its headers)."""
    if t3.end != t4.start:
        return
    markers = format_markers()
    header = next((it.pos for it in items[t4.start + 1:t4.end] if it.kind == "label"), None)
    if header is None or not any(m in items[header].norm for m in markers.t4_open):
        return
    between = items[t4.start + 1:header]
    if not between or any(it.kind != "value" for it in between):
        return
    schema = load_schema()
    cells = len(schema.t4_rows) * len(schema.t4_cols)
    if sum(1 for it in items[header:t4.end] if it.kind == "value") < cells:
        return
    t3.end = t4.start = header


_SENTENCE_MARKS = "。，,；;"  # a label holding one is prose, not a table's caption or header


def _t2_column_headers() -> set[str]:
    return {normalize_label(c.label) for v in ("2019", "2021") for b in load_schema().t2_blocks[v] for c in b.cols}


def _first_t2_header(labels: list[Item], before: int) -> int | None:
    """二 with no 第二十条 caption found (printed in vertical slices in a narrow cell, '第 / 二 / 十条第（一）
    项'): it opens at its first header row, a short line naming one of its columns (本年制发件数)."""
    headers = _t2_column_headers()
    return next((it.pos for it in labels if it.pos < before and len(it.norm) <= 40
                 and not any(p in it.text for p in _SENTENCE_MARKS) and any(h in it.norm for h in headers)), None)


def _t2_start(items: list[Item], caption: int) -> int:
    """二 starts before its first 第二十条 caption when that caption is printed apart (another page,
    outside the table): take in the rows just before it that carry 二's own column headers."""
    headers = _t2_column_headers() | {T2_ROW_HEADER}
    title = label_core(TABLE_TITLES["t2"])  # 主动公开政府信息情况
    start = caption
    for it in reversed(items[max(0, caption - 40):caption]):
        if it.kind == "label" and (len(it.norm) > 30 or any(p in it.text for p in _SENTENCE_MARKS)):
            break  # prose: the table does not reach back past it
        if it.kind == "label" and len(it.norm) <= 20 and (
                title in it.norm or any(h in it.norm for h in headers)):
            start = it.pos
    return start


def _first_followed_by_values(items: list[Item], labels: list[Item], markers: tuple[str, ...],
                              after: int) -> int | None:
    """The first marker that has value tokens soon after it (prose mentions have none)."""
    for it in labels:
        if it.pos >= after and any(map(it.norm.__contains__, markers)):
            window = items[it.pos + 1: it.pos + MARKER_WINDOW]
            if sum(1 for w in window if w.kind == "value") >= 3:
                return it.pos
    return None


def _first_followed_by_rows(items: list[Item], labels: list[Item], markers: tuple[str, ...]) -> int | None:
    """The first marker followed soon by 三's first two row labels, when no marker has values after
    it: a table printing no number at all (an agency with no application prints its labels over
    empty cells, and text converters drop the empty cells). Prose never lists the row labels."""
    first_rows = [label_core(row.path[-1]) for row in load_schema().t3_rows["single"][:2]]
    for it in labels:
        if any(map(it.norm.__contains__, markers)):
            window = [w.norm for w in items[it.pos + 1: it.pos + MARKER_WINDOW] if w.kind == "label"]
            if all(any(row in norm for norm in window) for row in first_rows):
                return it.pos
    return None


def _earlier_marker(items: list[Item], start: int, markers: tuple[str, ...]) -> int:
    """The table opens at an earlier marker of its own when only its labels lie between it and
    ``start``: text printed column by column (pdfminer) prints all of 三's row labels (and the
    caption's 勾稽关系) before its values, so the marker that has values soon after it may be
    申请人情况, past the labels. Only markers after the table's title, walked back to it over the
    table's labels and the few values printed beside them, with no sentence's end between; at the
    title itself when values lie between it and the first such marker."""
    title = label_core(TABLE_TITLES["t3"])
    out = start
    for it in reversed(items[max(0, start - MARKER_REACH):start]):
        if it.kind != "label":
            continue
        if title in it.norm:
            # values printed between the title and the first marker: pdfminer put a box of 三's cells
            # (under its title) before the labels; they are 三's, not the table before's
            return it.pos if any(v.kind == "value" for v in items[it.pos + 1:out]) else out
        if "。" in it.text:
            break
        if any(map(it.norm.__contains__, markers)):
            out = it.pos
    return start


def _first_t4(labels: list[Item], after: int) -> int | None:
    """四 opens at 行政复议 (or, OCR-mangled, any of its group headers) followed by its column headers;
    at its numbered title, one header after it is enough (a header printed in vertical slices,
    '结果维 / 持', is no header)."""
    markers = format_markers()
    for i, it in enumerate(labels):
        if it.pos > after and any(map(it.norm.__contains__, markers.t4_open)):
            following = "".join(x.norm for x in labels[i:i + 12])
            if sum(h in following for h in markers.t4_header) >= 2:
                return it.pos
            after_title = following[len(it.norm):] if it.norm.startswith(markers.t4_title_number) else ""
            if any(h in after_title for h in markers.t4_header):
                return it.pos
    return None


# --- formats --------------------------------------------------------------------------------

def zone_text(items: list[Item], zone: Zone) -> str:
    return "".join([it.norm for it in items[zone.start:zone.end] if it.kind == "label"])


def detect_t2_version(text: str) -> T2Version:
    markers = format_markers()
    score_2021 = sum(normalize_label(h) in text for h in markers.t2_2021_hints)
    score_2019 = sum(normalize_label(h) in text for h in markers.t2_2019_hints)
    return "2021" if score_2021 > score_2019 else "2019"


def detect_t3_other(text: str) -> T3Other:
    return "split" if any(h in text for h in format_markers().t3_split_hints) else "single"


# --- anchors --------------------------------------------------------------------------------

def anchor_text(row: RowSpec) -> str:
    """What to look for: the label's distinctive part; short ones keep their ordinal."""
    core = label_core(row.leaf)
    return normalize_label(row.leaf) if len(core) <= 2 else core


class LabelStream:
    """The zone's label text joined, with a map from characters back to item positions."""

    def __init__(self, items: list[Item]):
        chars: list[str] = []
        owner: list[int] = []
        for it in items:
            if it.kind == "label":
                chars.append(it.norm)
                owner.extend([it.pos] * len(it.norm))
        self.text = "".join(chars)
        self.owner = owner
        self._grams: dict[str, list[int]] = {}  # trigram → where it starts, for the trigrams asked about

    def _positions(self, gram: str) -> list[int]:
        found = self._grams.get(gram)
        if found is None:  # (found by str.find on first use: a zone is searched for a few dozen labels)
            found = self._grams[gram] = []
            at = self.text.find(gram)
            while at >= 0:
                found.append(at)
                at = self.text.find(gram, at + 1)
        return found

    def find(self, needle: str, start: int, window: int = 800) -> tuple[int, float] | None:
        """Best approximate occurrence of ``needle`` at or after char ``start``: (char, score 0..1)."""
        if not needle:
            return None
        if len(needle) <= 3:
            at = self.text.find(needle, start, start + window + len(needle))
            return (at, 1.0) if at >= 0 else None
        # Each trigram of the needle found from start to start + window votes for where the
        # needle would start.
        votes: dict[int, int] = {}
        first_hit: dict[int, int] = {}
        last = start + window
        for o in range(len(needle) - 2):
            positions = self._positions(needle[o:o + 3])
            for i in range(bisect_left(positions, start), len(positions)):
                p = positions[i]
                if p > last:
                    break
                s = p - o
                votes[s] = votes.get(s, 0) + 1
                if p < first_hit.get(s, p + 1):
                    first_hit[s] = p
        if not votes:
            return None
        # Neighbouring starts (a label broken by inserted characters) vote together.
        best_s, best_v = None, 0
        get = votes.get
        for s in sorted(votes):
            v = get(s - 2, 0) + get(s - 1, 0) + get(s, 0) + get(s + 1, 0) + get(s + 2, 0)
            if v > best_v:
                best_s, best_v = s, v
        grams = len(needle) - 2
        if best_s is None or best_v < max(2, 0.4 * grams):
            return None
        # The label starts where its first matching piece is printed, not where a full label would.
        at = min(first_hit[s] for s in range(best_s - 2, best_s + 3) if s in first_hit)
        return at, min(1.0, best_v / grams)


def find_anchors(items: list[Item], zone: Zone, rows: list[RowSpec], ordered: bool = True) -> list[int | None]:
    """Item position of each row's label; None where the label is not found. ``ordered``: each
    label is looked for after the previous one (the template's order); otherwise anywhere."""
    stream = LabelStream(items[zone.start:zone.end])
    if not ordered:
        return _anchors_anywhere(stream, rows)
    anchors: list[int | None] = []
    cursor = 0
    for row in rows:
        hit = stream.find(anchor_text(row), cursor, 800)
        if hit is None:
            anchors.append(None)
            continue
        char, _ = hit
        anchors.append(stream.owner[min(char, len(stream.owner) - 1)])
        if ordered:
            cursor = char + 1
    return _best_owners(items, rows, anchors)


def _best_owners(items: list[Item], rows: list[RowSpec], anchors: list[int | None]) -> list[int | None]:
    """A printed label anchors a row only when no other row's label matches it better by name
    (行政执法案件 is 7.属于行政执法案卷's label, not a neighbour's found through shared words)."""
    leaves = [r.leaf for r in rows]
    out = list(anchors)
    for i, anchor in enumerate(anchors):
        if anchor is None:
            continue
        matches = match_label(items[anchor].text, leaves, TYPO_SCORE)
        own = next((m.score for m in matches if m.label == leaves[i]), 0.0)
        if matches and matches[0].label != leaves[i] and matches[0].score > own:
            out[i] = None
    return out


def _anchors_anywhere(stream: LabelStream, rows: list[RowSpec]) -> list[int | None]:
    """Each row's best match anywhere; a printed label serves one row only, the best-matching
    (本年新收… garbled must not take 上年结转…'s label through their shared words)."""
    hits = []
    for i, row in enumerate(rows):
        hit = stream.find(anchor_text(row), 0, len(stream.text))
        if hit is not None:
            hits.append((hit[1], -i, i, stream.owner[min(hit[0], len(stream.owner) - 1)]))
    anchors: list[int | None] = [None] * len(rows)
    used: set[int] = set()
    for _, _, i, item in sorted(hits, reverse=True):
        if item not in used:
            anchors[i] = item
            used.add(item)
    return anchors


def t2_rows(version: T2Version) -> list[RowSpec]:
    return list(load_schema().t2_rows(version))
