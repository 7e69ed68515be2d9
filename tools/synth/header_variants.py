"""Header-layout variants: tables that print their headers otherwise than the national format.

Each variant transforms the national grids (tools/synth/grid.py) before any renderer sees them, so
every grid kind (HTML, DOCX, PDF, scans) prints it: permuted applicant columns, a swapped pair of
法人 sub-columns, 总计 first, the 法人 sub-columns left out (only 自然人 / 法人或其他组织 / 总计),
an extra 合计 column, 四 printed as three rows of five or transposed, 二's blocks in another order,
三 continued in a second table whose repeated header wraps differently.

The expected cells hold only what the document prints: a column left out has no keys, and the
expected failing checks are those whose cells are all printed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from .spec import load_spec

from .grid import parse_header_tree, split_grid, tree_to_cells
from .model import Cell, DocSpec, Expected, TableGrid

HEADER_VARIANTS = ("hdr_permuted", "hdr_swapped_pair", "hdr_total_first", "hdr_omitted_legal", "hdr_extra_heji",
                   "hdr_t4_rows", "hdr_t4_transposed", "hdr_t2_reordered", "hdr_cont_wrapped")
LEGAL_SUBCOLS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
LEGAL = "法人或其他组织"
EXTRA_TOTAL = "合计"
# Render styles whose PDFs keep every ruling (the header tree needs its spans).
PDF_STYLES = ("official", "narrow_wrap", "large_font_repeat_header", "landscape")
RULELESS_PDF_STYLES = ("hrules",)  # horizontal rules only: the PDF reader's word grids (stream)
HTML_STYLES = ("cms_nowrap", "simple", "word_export", "gbk_spans")
SCAN_STYLES = ("png200_gray", "pdf200_skew", "tiff300_g4")


_pdf_styles = PDF_STYLES


@contextmanager
def pdf_styles(styles: tuple[str, ...]) -> Iterator[None]:
    """Draw the PDFs (and scans) of header variants generated inside in these DOCX styles, e.g.
    RULELESS_PDF_STYLES for tables without vertical rules."""
    global _pdf_styles
    before, _pdf_styles = _pdf_styles, styles
    try:
        yield
    finally:
        _pdf_styles = before


def render_style(kind: str, rng: random.Random) -> tuple[str, str | None]:
    """The render variant and DOCX base style a header variant of `kind` is drawn with."""
    base = rng.choice(_pdf_styles)
    if kind == "html":
        return rng.choice(HTML_STYLES), None
    if kind == "scan":
        return rng.choice(SCAN_STYLES), base
    return base, base


# --- 三's columns -------------------------------------------------------------------------------------

def _tree(leaves_of_legal: list[str], order: list[str]) -> str:
    legal = f"{LEGAL} → [{', '.join(leaves_of_legal)}]" if leaves_of_legal else LEGAL
    parts = {"自然人": "自然人", LEGAL: legal, "总计": "总计"}
    return f"申请人情况 → [{', '.join(parts[x] for x in order)}]"


def _legal_sum(cells: dict[str, Expected], row_key: str) -> str:
    by_label = {c.label: c.key for c in load_spec().t3_cols}
    values = [cells.get(f"t3.{row_key}.{by_label[x]}") for x in LEGAL_SUBCOLS]
    return str(sum(int(v) for v in values if v is not None))


def rebuild_t3_columns(grid: TableGrid, tree_spec: str, cells: dict[str, Expected],
                       printed: dict[str, str]) -> TableGrid:
    """三 with another column header tree over the same rows; 法人或其他组织 or 合计 as a leaf prints
    the sum of the five sub-columns (no key of the national format)."""
    by_label = {c.label: c.key for c in load_spec().t3_cols}
    tree = parse_header_tree(tree_spec)
    labels = [c for c in grid.cells if c.col < 3]
    row_keys = {c.row: c.key.split(".", 1)[1].rsplit(".", 1)[0] for c in grid.cells if c.role == "value" and c.key}
    leaves = _leaf_labels(tree)
    out = labels + tree_to_cells(tree, 0, 3, grid.header_rows, "official")
    for row, row_key in sorted(row_keys.items()):
        for j, leaf in enumerate(leaves):
            if leaf in by_label:
                key = f"t3.{row_key}.{by_label[leaf]}"
                out.append(Cell(row, 3 + j, printed[key], role="value", key=key))
            else:
                out.append(Cell(row, 3 + j, _legal_sum(cells, row_key), role="value"))
    weights = grid.col_weights[:3] + (1.0,) * len(leaves)
    return TableGrid("t3", "t3", grid.n_rows, 3 + len(leaves), out, grid.header_rows, weights)


def _leaf_labels(nodes: list) -> list[str]:
    return [leaf for n in nodes for leaf in ([n.label] if not n.children else _leaf_labels(n.children))]


# --- 四 -------------------------------------------------------------------------------------------

def t4_three_rows(printed: dict[str, str]) -> TableGrid:
    """四 as three rows of five: the groups are row labels, the results column headers."""
    schema = load_spec()
    cols = schema.t4_cols
    cells = [Cell(0, 0, "", 1, 2, "filler")] + [Cell(0, 2 + j, c.label, role="header") for j, c in enumerate(cols)]
    for i, g in enumerate(schema.t4_rows):
        row = 1 + i
        if len(g.path) == 1:
            cells.append(Cell(row, 0, g.path[0], 1, 2, "label"))
        else:
            if i == 0 or schema.t4_rows[i - 1].path[0] != g.path[0]:
                n = sum(1 for x in schema.t4_rows if x.path[0] == g.path[0])
                cells.append(Cell(row, 0, g.path[0], n, 1, "label"))
            cells.append(Cell(row, 1, g.path[1], role="label"))
        cells.extend(Cell(row, 2 + j, printed[g.cell_key(c.key)], role="value", key=g.cell_key(c.key))
                     for j, c in enumerate(cols))
    return TableGrid("t4", "t4", 1 + len(schema.t4_rows), 2 + len(cols), cells, 1, (1.0, 1.6) + (1.0,) * len(cols))


def t4_transposed(printed: dict[str, str]) -> TableGrid:
    """四 transposed: the groups are column headers, the results row labels."""
    schema = load_spec()
    groups = schema.t4_rows
    cells = [Cell(0, 0, "", 2, 1, "filler")]
    col = 1
    for i, g in enumerate(groups):
        if len(g.path) == 1:
            cells.append(Cell(0, col, g.path[0], 2, 1, "header"))
        else:
            if i == 0 or groups[i - 1].path[0] != g.path[0]:
                n = sum(1 for x in groups if x.path[0] == g.path[0])
                cells.append(Cell(0, col, g.path[0], 1, n, "header"))
            cells.append(Cell(1, col, g.path[1], role="header"))
        col += 1
    for j, c in enumerate(schema.t4_cols):
        cells.append(Cell(2 + j, 0, c.label, role="label"))
        cells.extend(Cell(2 + j, 1 + i, printed[g.cell_key(c.key)], role="value", key=g.cell_key(c.key))
                     for i, g in enumerate(groups))
    return TableGrid("t4", "t4", 2 + len(schema.t4_cols), 1 + len(groups), cells, 2, (1.2,) + (1.3,) * len(groups))


# --- 二 and continuation --------------------------------------------------------------------------

def reorder_t2_blocks(grids: list[TableGrid], rng: random.Random) -> list[TableGrid]:
    """二's 第二十条 blocks in another order (tables of their own, or row groups of one table)."""
    t2 = [g for g in grids if g.section == "t2"]
    if len(t2) > 1:
        order = _shuffled(rng, len(t2))
        return [t2[i] for i in order]
    grid = t2[0]
    starts = sorted(c.row for c in grid.cells if c.role == "caption")
    bounds = list(zip(starts, starts[1:] + [grid.n_rows]))
    cells: list[Cell] = []
    row = 0
    for i in _shuffled(rng, len(bounds)):
        a, b = bounds[i]
        cells.extend(_moved(c, row - a) for c in grid.cells if a <= c.row < b)
        row += b - a
    return [TableGrid("t2", "t2", grid.n_rows, grid.n_cols, cells, 0, grid.col_weights)]


def _shuffled(rng: random.Random, n: int) -> list[int]:
    order = list(range(n))
    while order == sorted(order) and n > 1:
        rng.shuffle(order)
    return order


def _moved(c: Cell, by: int) -> Cell:
    return Cell(c.row + by, c.col, c.text, c.rowspan, c.colspan, c.role, c.key, c.vertical)


def split_with_rewrapped_header(grid: TableGrid, rng: random.Random) -> list[TableGrid]:
    """三 cut in two with its header repeated, the repeat wrapping its labels at other places."""
    at = rng.randint(grid.header_rows + 4, grid.n_rows - 4)
    first, second = split_grid(grid, at, repeat_header=True)
    cells = []
    for c in second.cells:
        if c.row < second.header_rows and c.role == "header" and len(c.text) >= 4:
            cut = rng.randint(2, len(c.text) - 2)
            c = Cell(c.row, c.col, c.text[:cut] + "\n" + c.text[cut:], c.rowspan, c.colspan, c.role, c.key, c.vertical)
        cells.append(c)
    second = TableGrid(second.section, second.name, second.n_rows, second.n_cols, cells, second.header_rows,
                       second.col_weights)
    return [first, second]


# --- applying a variant ---------------------------------------------------------------------------

def _replace(grids: list[TableGrid], section: str, new: list[TableGrid]) -> list[TableGrid]:
    at = next(i for i, g in enumerate(grids) if g.section == section)
    rest = [g for g in grids if g.section != section]
    return rest[:at] + new + rest[at:]


def apply_header_variant(spec: DocSpec, variant: str, rng: random.Random) -> None:
    """Transform the spec's grids in place, and drop from its expected cells what is not printed."""
    t3 = next(g for g in spec.grids if g.section == "t3")
    natural_order = ["自然人", LEGAL, "总计"]
    legal = list(LEGAL_SUBCOLS)
    transforms: dict[str, Callable[[], list[TableGrid]]] = {
        "hdr_permuted": lambda: [rebuild_t3_columns(t3, _tree(_perm(rng, legal), _perm(rng, natural_order)),
                                                    spec.cells, spec.printed)],
        "hdr_swapped_pair": lambda: [rebuild_t3_columns(t3, _tree(_swap(legal, "科研机构", "法律服务机构"),
                                                                  natural_order), spec.cells, spec.printed)],
        "hdr_total_first": lambda: [rebuild_t3_columns(t3, _tree(legal, ["总计", "自然人", LEGAL]),
                                                       spec.cells, spec.printed)],
        "hdr_omitted_legal": lambda: [rebuild_t3_columns(t3, _tree([], natural_order), spec.cells, spec.printed)],
        "hdr_extra_heji": lambda: [rebuild_t3_columns(t3, _tree(legal + [EXTRA_TOTAL], natural_order),
                                                      spec.cells, spec.printed)],
        "hdr_cont_wrapped": lambda: split_with_rewrapped_header(t3, rng),
    }
    if variant in transforms:
        spec.grids = _replace(spec.grids, "t3", transforms[variant]())
    elif variant == "hdr_t4_rows":
        spec.grids = _replace(spec.grids, "t4", [t4_three_rows(spec.printed)])
    elif variant == "hdr_t4_transposed":
        spec.grids = _replace(spec.grids, "t4", [t4_transposed(spec.printed)])
    elif variant == "hdr_t2_reordered":
        spec.grids = _replace(spec.grids, "t2", reorder_t2_blocks(spec.grids, rng))
    else:
        raise ValueError(f"unknown header variant {variant!r}: {HEADER_VARIANTS}")
    printed_keys = {c.key for g in spec.grids for c in g.cells if c.key}
    spec.cells = {k: v for k, v in spec.cells.items() if k in printed_keys}
    spec.failing_checks = printed_failing_checks(spec)
    spec.notes.append(f"header variant {variant}")


def printed_failing_checks(spec: DocSpec) -> list[str]:
    """The checks that fail among those whose cells are all printed."""
    out = []
    for c in load_spec().checks(spec.template.t3_other):
        if all(k in spec.cells for k in c.keys):
            lhs = sum(spec.cells[k] or 0 for k in c.lhs)
            rhs = sum(spec.cells[k] or 0 for k in c.rhs)
            if abs(lhs - rhs) > 1e-9:
                out.append(c.id)
    return out


def _perm(rng: random.Random, items: list[str]) -> list[str]:
    out = list(items)
    while out == items:
        rng.shuffle(out)
    return out


def _swap(items: list[str], a: str, b: str) -> list[str]:
    out = list(items)
    i, j = out.index(a), out.index(b)
    out[i], out[j] = out[j], out[i]
    return out
