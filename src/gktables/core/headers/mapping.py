"""A table's header bands read into keyed cells: 二 and 三 by rows and columns matched over the
whole table, 四 cell by cell; what could not be matched, and what may be printed unread."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import permutations

from ...checks import evaluate
from ...layout import GridCell, Layout
from ...report import Provenance, Value
from ...schema import CheckSpec, RowSpec, Template, load_schema
from ...values import parse_value
from ..items import GridFacts
from .assignment import Match, match_paths
from .bands import (UNHEADED, HeaderBand, header_bands_to_paths, holds_value, layout_to_header_bands,
                    values_in_label_columns)
from .scoring import LOW_SCORE, MATCH_MIN, score_label, score_label_set
from .vocabulary import band_table, t3_col_parents, t3_col_paths

@dataclass(slots=True)  # (one per keyed value cell of every table: a fixed set of fields)
class KeyedCell:
    """A value cell and the key its headers gave it."""

    key: str
    cell: GridCell
    grid: int
    confident: bool
    row_path: tuple[str, ...]
    col_path: tuple[str, ...]
    # other keys its headers allow, when unsure (a sure cell's is the shared empty tuple: one list fewer per
    # keyed cell alive through the read, for the garbage collector to count; only unsure cells' are printed)
    candidates: Sequence[str] = ()


@dataclass
class Aggregate:
    """A printed column that sums columns of the format (法人或其他组织 without its sub-columns)."""

    row: RowSpec
    cell: GridCell
    children: tuple[str, ...]  # column keys it sums


@dataclass
class TableMapping:
    """What the headers of one table's bands say: keyed cells and what could not be matched."""

    table: str
    bands: list[HeaderBand]
    cells: list[KeyedCell] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # printed headers no schema entity took
    unread_keys: set[str] = field(default_factory=set)  # cells a header may name but was not read well enough
    aggregates: list[Aggregate] = field(default_factory=list)
    printed_keys: set[str] = field(default_factory=set)  # keys of rows and columns the table prints
    share_confident: float = 0.0
    unlabelled_rows: int = 0  # value rows printing a value under no row label (二 and 三)

    values_in_labels: int = 0  # row-header columns printing numbers: value columns taken for labels
    # each keyed cell read as (cell, value, provenance, readable): worked out once, by header_merge.read_cells
    readings: list[tuple[KeyedCell, Value, Provenance, bool]] | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        """Confident enough to overrule the order, and its value columns whole: where numbers stand
        in two or more columns of the row header band, the grid's value columns were misread, and
        what the headers say is not printed may be printed there."""
        return bool(self.cells) and self.share_confident >= 0.7 and self.values_in_labels < 2



def paths_to_keys(table: str, bands: list[HeaderBand], template: Template) -> TableMapping:
    """Match one table's bands to its keys: 二 and 三 by rows and columns, 四 cell by cell."""
    if table == "t4":
        return _t4_keys(bands)
    return _rows_and_cols_keys(table, bands, template)


def _rows_and_cols_keys(table: str, bands: list[HeaderBand], template: Template) -> TableMapping:
    """二 and 三: rows matched over the whole table, then each band's columns against the columns
    of the matched rows (二's blocks each have their own)."""
    schema = load_schema()
    mapping = TableMapping(table, bands)
    rows: list[RowSpec] = list(schema.t2_rows(template.t2) if table == "t2" else schema.t3_rows[template.t3_other])
    printed_rows = [(b, r) for b in bands for r in b.value_rows if b.row_paths.get(r)]
    mapping.unlabelled_rows = sum(1 for b in bands for r in b.value_rows if not b.row_paths.get(r)
                                  and any(holds_value(b.slots[r][c]) for c in b.value_cols))
    row_printed = [_row_with_caption(b, r) if table == "t2" else b.row_paths[r] for b, r in printed_rows]
    row_schema = [((r.caption,) + r.path) if r.caption else r.path for r in rows]
    row_matches = match_paths(row_printed, row_schema, [r.key for r in rows])
    decisions = [m.confident for m in row_matches]
    mapping.unmatched += [f"row {'/'.join(m.printed)} (candidates {m.candidates})"
                          for m in row_matches if m.entity is None]
    BandKey = tuple[int, int, str]  # a band is where it starts: (grid, first value row, block)
    groups: dict[BandKey, tuple[HeaderBand, list[tuple[int, RowSpec, Match]]]] = {}
    col_matches: dict[BandKey, list[Match]] = {}
    for (band, r), rm in zip(printed_rows, row_matches):
        if rm.entity is None:
            continue
        spec = rows[rm.entity]
        cache_key = (band.grid, band.value_rows[0], spec.block or table)  # a band is where it starts
        if cache_key not in col_matches:
            col_matches[cache_key] = _band_columns(band, spec)
        groups.setdefault(cache_key, (band, []))[1].append((r, spec, rm))
    checks = schema.checks(template.t3_other)
    for cache_key, (band, members) in groups.items():
        matches = col_matches[cache_key]
        resolve_unread_by_checks(band, matches, [(r, spec) for r, spec, _ in members], checks)
        decisions += [cm.confident for cm in matches]
        mapping.unmatched += [f"column {'/'.join(m.printed)} (candidates {m.candidates})"
                              for m in matches if m.entity is None and m.printed]
        unread: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}  # the band's columns, per kind of row
        sure_cols = [cm.confident for cm in matches]  # (a property: worked out once per band, not per cell)
        for r, spec, rm in members:
            _emit_row(mapping, band, r, spec, rm, matches, rows, unread, sure_cols)
    mapping.share_confident = sum(decisions) / len(decisions) if decisions else 0.0
    return mapping


def _band_columns(band: HeaderBand, spec: RowSpec) -> list[Match]:
    col_schema: Sequence[tuple[str, ...]] = ([(spec.caption or "", c.label) for c in spec.cols] if spec.caption
                                             else t3_col_paths())
    return match_paths([band.col_paths[c] for c in band.value_cols], col_schema, [c.key for c in spec.cols])


def _unread(m: Match) -> bool:
    """A printed column of values whose header was lost or is like no label (OCR garble)."""
    return m.entity is None and bool(m.printed) and (m.printed[-1] == UNHEADED or not m.candidates
                                                      or m.candidates[0][1] < LOW_SCORE)


def resolve_unread_by_checks(band: HeaderBand, matches: list[Match], rows: list[tuple[int, RowSpec]],
                             checks: Sequence[CheckSpec]) -> None:
    """Columns whose header was not read, as many as the format's columns no header took (at most
    three), are given those columns when exactly one way of doing so makes every check over the
    band's cells hold (总计 is the column that sums the others). The matches stay unsure (flagged,
    with their score 0), but the values land under their keys. Changes `matches` in place."""
    unread = [i for i, m in enumerate(matches) if _unread(m)]
    spec = rows[0][1]
    taken = {m.entity for m in matches if m.entity is not None}
    free = [j for j in range(len(spec.cols)) if j not in taken]
    if not unread or len(unread) != len(free) or len(unread) > 3:
        return
    fits = []
    for perm in permutations(free):
        entity = {i: m.entity for i, m in enumerate(matches)} | dict(zip(unread, perm))
        values: dict[str, Value] = {}
        for r, row in rows:
            for i, c in enumerate(band.value_cols):
                cell, j = band.slots[r][c], entity[i]
                if cell is None or j is None or j >= len(row.cols):
                    continue
                parsed = parse_value(cell.text.strip(), row.cols[j].type)
                if parsed.ok:
                    values[row.cell_key(row.cols[j].key)] = parsed.value
        results = [evaluate(c, values).passed for c in checks if all(k in values for k in c.keys)]
        if results and all(results):
            fits.append(perm)
    if len(fits) != 1:
        return
    for i, j in zip(unread, fits[0]):
        m = matches[i]
        matches[i] = Match(m.printed, j, 0.0, m.score, [(spec.cols[j].key, 0.0)] + m.candidates, spec.cols[j].key)


def _emit_row(mapping: TableMapping, band: HeaderBand, r: int, spec: RowSpec, rm: Match, col_matches: list[Match],
              rows: list[RowSpec], unread: dict[tuple[str | None, tuple[str, ...]], list[str]],
              sure_cols: list[bool]) -> None:
    """The keyed cells of one printed row, and the keys its unread columns may hold (``unread``:
    the band's unread columns by the row's caption and columns, which its rows share;
    ``sure_cols``: whether each of ``col_matches`` is confident)."""
    names = spec.col_keys
    kind = (spec.caption, names)
    if kind not in unread:
        parents = (spec.caption,) if spec.caption else t3_col_parents()
        unread[kind] = _unread_columns(col_matches, parents, names)
    if unread[kind]:  # (most bands have no unread column: no generator made per row)
        mapping.unread_keys.update(spec.cell_key(name) for name in unread[kind])
    if values_in_label_columns(band, [r]):  # a value column taken for a label column: what no header
        taken = {m.name for m in col_matches if m.name is not None}  # took may be printed there
        mapping.unread_keys.update(spec.cell_key(n) for n in names if n not in taken)
    row_sure, row_path, slots = rm.confident, band.row_paths[r], band.slots[r]
    printed, keyed, col_paths, grid = mapping.printed_keys, mapping.cells, band.col_paths, band.grid
    for c, cm, col_sure in zip(band.value_cols, col_matches, sure_cols):
        cell = slots[c]
        if cell is None:
            continue
        if cm.entity is None:
            if cm.printed and spec.table == "t3" and (children := _children_of(cm.printed[-1])):
                mapping.aggregates.append(Aggregate(spec, cell, children))  # 法人或其他组织 printed as one
            continue  # column: the sum of its sub-columns
        key = spec.cell_keys[cm.entity]  # (spec.cell_key of the column, made once per row of the format)
        printed.add(key)
        sure = row_sure and col_sure
        cands = () if sure else _alternatives(rows, rm, cm)
        keyed.append(KeyedCell(key, cell, grid, sure, row_path, col_paths[c], cands))


def _children_of(label: str) -> tuple[str, ...]:
    """三's columns under a parent header (法人或其他组织 → commercial … other); () for a leaf."""
    parents = t3_col_parents()[1:]  # 申请人情况 is over every column, 总计 included
    if not any(score_label(label, p) >= MATCH_MIN for p in parents):
        return ()
    return tuple(c.key for c, path in zip(load_schema().t3_cols, t3_col_paths())
                 if any(score_label(label, p) >= MATCH_MIN for p in path[:-1]))


def _unread_columns(matches: list[Match], parents: tuple[str, ...], names: Sequence[str]) -> list[str]:
    """Schema columns that an unmatched printed column may be. A printed column is extra, not
    unread, when it names a parent of the format's columns (法人或其他组织 printed as one column,
    a caption) or its best candidate is printed elsewhere (合计 beside 总计). A column of values
    under no header, or under a header like no label at all (garbled by OCR), may be any column not
    printed elsewhere: its cells are kept where the order put them, and flagged, never dropped."""
    taken = {m.name for m in matches if m.name is not None}
    out: list[str] = []
    for m in matches:
        if m.entity is not None or not m.printed or not m.candidates:
            continue
        if m.printed[-1] == UNHEADED:  # values under no header: any column not printed elsewhere
            out.extend(n for n in names if n not in taken and n not in out)
            continue
        if any(score_label(m.printed[-1], p) >= MATCH_MIN for p in parents):
            continue
        name, score = m.candidates[0]
        if score >= LOW_SCORE:
            if name not in taken:
                out.append(name)
        else:  # a header like no label at all (OCR garble): it may be any column not printed elsewhere
            out.extend(n for n in names if n not in taken and n not in out)
    return out


def _row_with_caption(band: HeaderBand, r: int) -> tuple[str, ...]:
    """二's row path with its block's caption (printed in the header band above) in front."""
    captions = [p[0] for p in band.col_paths.values() if len(p) > 1]
    return tuple(captions[:1]) + band.row_paths[r]


def _alternatives(rows: list[RowSpec], rm: Match, cm: Match) -> list[str]:
    """Keys the row's and column's best candidates combine to, for a flag."""
    by_key = {r.key: r for r in rows}
    out = []
    for rname, _ in rm.candidates[:2]:
        for cname, _ in cm.candidates[:2]:
            row = by_key.get(rname)
            if row is not None and any(c.key == cname for c in row.cols):
                out.append(row.cell_key(cname))
    return out


def _t4_keys(bands: list[HeaderBand]) -> TableMapping:
    """四 cell by cell: a cell's row and column labels together name its group and column, in
    whatever orientation the table is printed (one row of 15, three rows of five, transposed)."""
    schema = load_schema()
    mapping = TableMapping("t4", bands)
    keys = [k for r in schema.t4_rows for k in r.cell_keys]
    labels = [(*r.path, c.label) for r in schema.t4_rows for c in r.cols]
    cells: list[tuple[HeaderBand, int, int]] = []
    printed: list[tuple[str, ...]] = []
    for band in bands:
        for r in band.value_rows:
            for c in band.value_cols:
                cells.append((band, r, c))
                printed.append(band.row_paths.get(r, ()) + band.col_paths.get(c, ()))

    matches = match_paths(printed, labels, keys, _t4_score)
    confident = 0
    for (band, r, c), m in zip(cells, matches):
        confident += m.confident
        cell = band.slots[r][c]
        if m.entity is None or cell is None:
            if m.printed:
                mapping.unmatched.append(f"cell {'/'.join(m.printed)} (candidates {m.candidates})")
            continue
        mapping.printed_keys.add(keys[m.entity])
        cands = () if m.confident else [name for name, _ in m.candidates[:2]]
        mapping.cells.append(KeyedCell(keys[m.entity], cell, band.grid, m.confident, band.row_paths.get(r, ()),
                                       band.col_paths.get(c, ()), cands))
    mapping.share_confident = confident / len(cells) if cells else 0.0
    return mapping


@lru_cache(maxsize=65536)  # pure; 四 asks for every printed cell against each of its 15 keys
def _t4_score(printed: tuple[str, ...], schema: tuple[str, ...]) -> float:
    """A 四 cell's row and column labels against a key's group and column (and parent) labels."""
    weights = (0.1, 0.4, 0.5) if len(schema) == 3 else (0.5, 0.5)
    return score_label_set(printed, schema, weights)


def layout_to_mappings(layout: Layout, template: Template,
                       facts: list[GridFacts] | None = None) -> dict[str, TableMapping]:
    """Every table the grids' headers show, keyed by their headers (``facts``:
    :func:`~gktables.core.items.layout_facts`, when the caller has them)."""
    bands = header_bands_to_paths(layout_to_header_bands(layout, facts))
    by_table: dict[str, list[HeaderBand]] = {}
    for band in bands:
        table = band_table(band)
        if table is not None:
            by_table.setdefault(table, []).append(band)
    mappings = {t: paths_to_keys(t, b, template) for t, b in by_table.items()}
    for t, mapping in mappings.items():
        mapping.values_in_labels = max((len(values_in_label_columns(b)) for b in by_table[t]), default=0)
    return mappings


