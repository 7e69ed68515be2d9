"""The national table layouts as grids with explicit spans, built from the schema and printed texts.

Every renderer (DOCX, HTML, text) starts from these grids, so all kinds share one layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .spec import Block, Template, load_spec

from .model import Cell, TableGrid

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T2_CONTENT = "信息内容"


@dataclass(frozen=True)
class GridOptions:
    t2_mode: str = "combined"  # "combined": one table 二; "blocks": one table per 第二十条 block
    narrow_block: str = "span"  # combined 二: value cells of 1-2 column blocks "span" the 3 slots or "pad"
    label_style: str = "official"  # "ascii": (一) instead of （一）, "1. " instead of "1."


@dataclass
class _Node:
    label: str
    children: list[_Node]
    key: str | None = None  # leaf: the column (t3) or cell key (t4) below it


def style_label(text: str, style: str) -> str:
    if style != "ascii":
        return text
    return re.sub(r"^(\d)\.", r"\1. ", text.replace("（", "(").replace("）", ")"))


# --- header trees ------------------------------------------------------------------------------
def parse_header_tree(spec: str) -> list[_Node]:
    """'申请人情况 → [自然人, 法人或其他组织 → [商业企业, 其他], 总计]' → nodes."""
    tokens = [t.strip() for t in re.findall(r"→|\[|\]|,|[^→\[\],]+", spec) if t.strip()]
    pos = 0

    def node() -> _Node:
        nonlocal pos
        n = _Node(tokens[pos], [])
        pos += 1
        if pos < len(tokens) and tokens[pos] == "→":
            pos += 2  # "→", "["
            n.children = node_list()
            pos += 1  # "]"
        return n

    def node_list() -> list[_Node]:
        nonlocal pos
        out = [node()]
        while pos < len(tokens) and tokens[pos] == ",":
            pos += 1
            out.append(node())
        return out

    return node_list()


def _width(n: _Node) -> int:
    return 1 if not n.children else sum(_width(c) for c in n.children)


def _leaves(nodes: list[_Node]) -> list[_Node]:
    return [leaf for n in nodes for leaf in ([n] if not n.children else _leaves(n.children))]


def tree_to_cells(nodes: list[_Node], row: int, col: int, depth: int, style: str) -> list[Cell]:
    """Header cells of a column tree: leaves reach down to the last header row."""
    cells: list[Cell] = []
    for n in nodes:
        w = _width(n)
        if n.children:
            cells.append(Cell(row, col, style_label(n.label, style), 1, w, "header"))
            cells.extend(tree_to_cells(n.children, row + 1, col, depth - 1, style))
        else:
            cells.append(Cell(row, col, style_label(n.label, style), depth, 1, "header"))
        col += w
    return cells


# --- table 二 ----------------------------------------------------------------------------------
def _block_rows(block: Block, printed: dict[str, str], row: int, slots: int, opts: GridOptions) -> list[Cell]:
    """Caption, header and value rows of one 第二十条 block over `slots` value columns."""
    st = opts.label_style
    cells = [Cell(row, 0, style_label(block.caption, st), 1, slots + 1, "caption"),
             Cell(row + 1, 0, T2_CONTENT, role="header")]
    k = len(block.cols)
    spans = [1] * k
    if k < slots and opts.narrow_block == "span":
        spans[-1 if k > 1 else 0] += slots - k
    col = 1
    for c, span in zip(block.cols, spans):
        cells.append(Cell(row + 1, col, c.label, 1, span, "header"))
        col += span
    if col <= slots:
        cells.append(Cell(row + 1, col, "", 1, slots + 1 - col, "filler"))
    for i, r in enumerate(block.rows):
        rr = row + 2 + i
        cells.append(Cell(rr, 0, style_label(r.leaf, st), role="label"))
        col = 1
        for c, span in zip(block.cols, spans):
            key = r.cell_key(c.key)
            cells.append(Cell(rr, col, printed[key], 1, span, "value", key))
            col += span
        if col <= slots:
            cells.append(Cell(rr, col, "", 1, slots + 1 - col, "filler"))
    return cells


def build_t2(template: Template, printed: dict[str, str], opts: GridOptions) -> list[TableGrid]:
    blocks = load_spec().t2_blocks[template.t2]
    if opts.t2_mode == "blocks":
        grids = []
        for b in blocks:
            slots = len(b.cols)
            cells = _block_rows(b, printed, 0, slots, opts)
            grids.append(TableGrid("t2", f"t2.{b.block}", 2 + len(b.rows), slots + 1, cells, 0,
                                   (2.2,) + (3.0 / slots,) * slots))
        return grids
    slots = max(len(b.cols) for b in blocks)
    cells: list[Cell] = []
    row = 0
    for b in blocks:
        cells.extend(_block_rows(b, printed, row, slots, opts))
        row += 2 + len(b.rows)
    return [TableGrid("t2", "t2", row, slots + 1, cells, 0, (2.2,) + (1.0,) * slots)]


# --- table 三 ----------------------------------------------------------------------------------
def build_t3(template: Template, printed: dict[str, str], opts: GridOptions) -> TableGrid:
    schema = load_spec()
    st = opts.label_style
    tree = parse_header_tree(schema.raw["templates"]["2019"]["t3"]["col_header_tree"])
    by_label = {c.label: c.key for c in schema.t3_cols}
    leaves = _leaves(tree)
    for leaf in leaves:
        leaf.key = by_label[leaf.label]
    depth = 3
    cells = [Cell(0, 0, T3_NOTE, depth, 3, "note")] + tree_to_cells(tree, 0, 3, depth, st)
    rows = schema.t3_rows[template.t3_other]
    r0 = depth
    for i, r in enumerate(rows):
        row = r0 + i
        p = r.path
        if len(p) == 1:
            cells.append(Cell(row, 0, style_label(p[0], st), 1, 3, "label"))
        else:
            first_of_top = i == 0 or rows[i - 1].path[0] != p[0]
            if first_of_top:
                n = sum(1 for x in rows if x.path[0] == p[0])
                cells.append(Cell(row, 0, style_label(p[0], st), n, 1, "label", vertical=True))
            if len(p) == 2:
                cells.append(Cell(row, 1, style_label(p[1], st), 1, 2, "label"))
            else:
                if i == 0 or rows[i - 1].path[:2] != p[:2]:
                    n = sum(1 for x in rows if x.path[:2] == p[:2])
                    cells.append(Cell(row, 1, style_label(p[1], st), n, 1, "label"))
                cells.append(Cell(row, 2, style_label(p[2], st), role="label"))
        for j, leaf in enumerate(leaves):
            key = r.cell_key(leaf.key or "")
            cells.append(Cell(row, 3 + j, printed[key], role="value", key=key))
    weights = (0.75, 1.7, 3.3) + (1.0,) * (len(leaves) - 1) + (1.1,)
    return TableGrid("t3", "t3", r0 + len(rows), 3 + len(leaves), cells, depth, weights)


# --- table 四 ----------------------------------------------------------------------------------
def build_t4(printed: dict[str, str], opts: GridOptions) -> TableGrid:
    schema = load_spec()
    top: list[_Node] = []
    for g in schema.t4_rows:
        leaves = [_Node(c.label, [], g.cell_key(c.key)) for c in g.cols]
        if not top or top[-1].label != g.path[0]:
            top.append(_Node(g.path[0], []))
        if len(g.path) == 1:
            top[-1].children.extend(leaves)
        else:
            top[-1].children.append(_Node(g.path[1], leaves))
    depth = 3
    cells = tree_to_cells(top, 0, 0, depth, opts.label_style)
    for j, leaf in enumerate(_leaves(top)):
        key = leaf.key or ""
        cells.append(Cell(depth, j, printed[key], role="value", key=key))
    n = len(_leaves(top))
    return TableGrid("t4", "t4", depth + 1, n, cells, depth, (1.0,) * n)


def build_grids(template: Template, printed: dict[str, str], opts: GridOptions) -> list[TableGrid]:
    return build_t2(template, printed, opts) + [build_t3(template, printed, opts), build_t4(printed, opts)]


def slot_matrix(grid: TableGrid) -> list[list[Cell | None]]:
    """Row × column matrix of the cell covering each slot."""
    m: list[list[Cell | None]] = [[None] * grid.n_cols for _ in range(grid.n_rows)]
    for c in grid.cells:
        for r in range(c.row, c.last_row + 1):
            for k in range(c.col, c.last_col + 1):
                m[r][k] = c
    return m


# --- layout transforms used by some variants ----------------------------------------------------
def split_grid(grid: TableGrid, at_row: int, repeat_header: bool) -> tuple[TableGrid, TableGrid]:
    """Cut a table before `at_row` (a page break), optionally repeating its header rows.

    Cells spanning the cut are clipped; the tall vertical label is split between the parts
    (三、本 / 年度办理结果), other spanning labels continue as empty cells.
    """
    h = grid.header_rows if repeat_header else 0
    first: list[Cell] = []
    second: list[Cell] = [c for c in grid.cells if repeat_header and c.last_row < grid.header_rows]
    for c in grid.cells:
        if c.last_row < at_row:
            first.append(c)
        elif c.row >= at_row:
            second.append(Cell(c.row - at_row + h, c.col, c.text, c.rowspan, c.colspan, c.role, c.key, c.vertical))
        else:
            above = at_row - c.row
            text1, text2 = c.text, ""
            if c.vertical:
                k = min(len(c.text) - 1, max(1, round(len(c.text) * above / c.rowspan)))
                text1, text2 = c.text[:k], c.text[k:]
            first.append(Cell(c.row, c.col, text1, above, c.colspan, c.role, c.key, c.vertical))
            second.append(Cell(h, c.col, text2, c.rowspan - above, c.colspan, c.role, c.key, c.vertical))
    a = TableGrid(grid.section, grid.name, at_row, grid.n_cols, first, grid.header_rows, grid.col_weights)
    b = TableGrid(grid.section, grid.name + ".cont", grid.n_rows - at_row + h, grid.n_cols, second, h,
                  grid.col_weights)
    return a, b


def unspan_header(grid: TableGrid) -> TableGrid:
    """Leaf header cells stop spanning down; the slots below get empty cells (seen in web pages)."""
    cells: list[Cell] = []
    for c in grid.cells:
        if c.role == "header" and c.rowspan > 1:
            cells.append(Cell(c.row, c.col, c.text, 1, c.colspan, c.role))
            cells.extend(Cell(r, c.col, "", 1, c.colspan, "filler") for r in range(c.row + 1, c.last_row + 1))
        else:
            cells.append(c)
    return TableGrid(grid.section, grid.name, grid.n_rows, grid.n_cols, cells, grid.header_rows, grid.col_weights)

