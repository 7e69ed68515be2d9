"""index.html (page pictures beside the canonical tables) and text.html (which tokens became
which cell). Self-contained: pictures are files next to the page, no network, inline CSS and JS."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..schema import TABLE_TITLES, load_schema
from .canvas import COLOURS
from .model import DocView, PageView, ValueMark, report_trace, short_key
from .views import piece_spans

if TYPE_CHECKING:  # report.py imports this package lazily: types only, no cycle
    from ..report import Provenance, Report, Value



@dataclass
class PageFiles:
    """The pictures written for one page (view)."""

    file: str  # every stage drawn
    width: int  # px
    height: int
    scale: float  # px per page unit
    base: str | None = None  # the bare page
    layers: dict[str, tuple[str, tuple[int, int, int, int]]] = field(default_factory=dict)  # stage → file, box px


def _rgb(name: str, alpha: float = 1.0) -> str:
    r, g, b = COLOURS[name]
    return f"rgba({r},{g},{b},{alpha})"


CSS = f"""
body{{font:14px/1.4 system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1em;color:#222}}
[hidden]{{display:none!important}} h1{{font-size:1.3em}}
h2{{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #ccc}}
.side{{display:flex;gap:1.2em;align-items:flex-start}} .pages{{flex:1 1 50%;min-width:0}}
.canon{{flex:1 1 50%;min-width:0;overflow-x:auto}}
figure{{margin:0 0 1em 0}} .imgbox{{position:relative;display:inline-block;max-width:100%}}
.imgbox img{{max-width:100%;display:block;border:1px solid #bbb}}
.hl{{position:absolute;border:3px solid {_rgb('failing')};box-shadow:0 0 0 3px #fff8;display:none;pointer-events:none}}
figcaption label{{font-size:12px;margin-left:.5em}} .imgbox img.layer{{position:absolute;max-width:none;border:0}}
table.t{{border-collapse:collapse;font-size:12px}} .t th,.t td{{border:1px solid #999;padding:2px 4px}}
.t th{{background:#f3f0f7;font-weight:normal;text-align:left}} .t td{{text-align:right;cursor:pointer;min-width:2.2em}}
.t td.decided{{background:{_rgb('decided', .45)}}} .t td.low{{background:{_rgb('low', .3)}}}
.t td.failing{{outline:2px solid {_rgb('failing')};outline-offset:-2px}} .t td.absent{{color:#aaa;cursor:default}}
.t td.hot{{box-shadow:inset 0 0 0 3px {_rgb('failing')}}} .t td.sel{{background:#cde}}
.t th.cap{{background:#e8e4ef;font-weight:bold}}
ul.checks li{{cursor:default}} ul.checks li:hover{{background:#fee}}
.sw{{display:inline-block;width:1em;height:1em;vertical-align:middle;border:2px solid transparent}}
#panel{{position:fixed;right:1em;bottom:1em;max-width:28em;background:#fff;border:1px solid #888;padding:.6em;
  box-shadow:0 2px 8px #0003;font-size:12px;display:none;white-space:pre-wrap}}
pre.text{{white-space:pre-wrap;font:15px/1.9 "Noto Sans Mono CJK SC",monospace;border:1px solid #ccc;padding:.6em}}
.tok{{border-bottom:2px solid {_rgb('grid')}}} .tok.skipped{{color:#888;text-decoration:line-through}}
.piece{{background:{_rgb('key', .18)};outline:1px solid {_rgb('key')}}}
.piece.decided{{background:{_rgb('decided', .5)}}}
.piece.low{{background:{_rgb('low', .3)}}} .piece:empty::after{{content:"∅";color:#888}}
.piece.failing{{outline:2px solid {_rgb('failing')}}}
.anchor{{background:{_rgb('header', .15)};border-bottom:2px solid {_rgb('header')}}}
"""

INDEX_JS = """
const panel = document.getElementById('panel');
function clearSel(){ document.querySelectorAll('td.sel').forEach(e => e.classList.remove('sel'));
  document.querySelectorAll('.hl').forEach(e => e.style.display = 'none'); }
document.querySelectorAll('td[data-key]').forEach(td => td.addEventListener('click', () => {
  clearSel(); td.classList.add('sel');
  const prov = JSON.parse(td.dataset.prov || '{}');
  let text = td.dataset.key + ' = ' + td.textContent + '\\n';
  for (const [k, v] of Object.entries(prov)) text += k + ': ' + JSON.stringify(v) + '\\n';
  if (td.dataset.checks) text += 'failing checks: ' + td.dataset.checks + '\\n';
  panel.textContent = text; panel.style.display = 'block';
  if (document.body.dataset.kind === 'text') {
    const a = document.createElement('a'); a.href = 'text.html#' + td.dataset.key;
    a.textContent = 'show in the text view';
    panel.appendChild(a);
  }
  if (!td.dataset.box) return;
  const section = td.closest('section');
  const fig = [...section.querySelectorAll('figure')].find(f => f.dataset.view === td.dataset.view);
  if (!fig) return;
  const [l, t, w, h] = td.dataset.box.split(',');
  const hl = fig.querySelector('.hl');
  Object.assign(hl.style, {left: l + '%', top: t + '%', width: w + '%', height: h + '%', display: 'block'});
  hl.scrollIntoView({block: 'center', behavior: 'smooth'});
}));
const cellOf = {};
document.querySelectorAll('td[data-key]').forEach(td => { cellOf[td.dataset.key] = td; });
document.querySelectorAll('li[data-keys]').forEach(li => {
  const tds = () => li.dataset.keys.split(' ').map(k => cellOf[k]).filter(Boolean);
  li.addEventListener('mouseenter', () => tds().forEach(td => td.classList.add('hot')));
  li.addEventListener('mouseleave', () => tds().forEach(td => td.classList.remove('hot')));
});
document.querySelectorAll('figcaption input[data-stage]').forEach(box => box.addEventListener('change', () => {
  const fig = box.closest('figure');
  const on = [...fig.querySelectorAll('figcaption input[data-stage]')].filter(b => b.checked).map(b => b.dataset.stage);
  const all = on.length === fig.querySelectorAll('figcaption input[data-stage]').length;
  fig.querySelector('img.full').hidden = !all;
  fig.querySelector('img.base').hidden = all;
  fig.querySelectorAll('img.layer').forEach(l => l.hidden = all || !on.includes(l.dataset.stage));
}));
panel.addEventListener('click', () => { panel.style.display = 'none'; clearSel(); });
"""


# --- index.html ---------------------------------------------------------------------------------

def index_html(doc: DocView, files: dict[int, PageFiles]) -> str:
    report = doc.report
    marks = doc.key_views()
    where = doc.view_of_key()
    parts = [_head(f"gktables debug — {report.source}"), f'<body data-kind="{doc.kind}">',
             f"<h1>gktables debug — {escape(report.source)}</h1>", f"<p>{escape(report.summary())}",
             f" · template {escape(json.dumps(report.template.as_dict()) if report.template else '—')}",
             f" · meta {escape(json.dumps(report.meta, ensure_ascii=False))}</p>", _legend(doc)]
    if doc.kind == "text":
        parts.append('<p><a href="text.html">Text view: which tokens became which cell</a></p>')
    parts.append(_warnings(report))
    tables = [t for t in ("t2", "t3", "t4") if any(k.startswith(t + ".") for k in report.cells)]
    if not tables:
        parts.append("<p><b>No report tables were recognised.</b></p>")
    for table in tables:
        views = [v for v in doc.views.values() if table in v.tables]
        parts.append(f'<section id="{table}"><h2>{escape(TABLE_TITLES[table])} <small>({table})</small></h2>')
        parts.append('<div class="side"><div class="pages">')
        parts += [_figure(v, files[v.page]) for v in views if v.page in files]
        parts.append('</div><div class="canon">')
        parts.append(_canonical(report, table, marks, where, files, doc.threshold))
        parts.append(_checks(report, table))
        parts.append("</div></div></section>")
    parts.append('<div id="panel" title="click to close"></div>')
    parts.append(f"<script>{INDEX_JS}</script></body></html>")
    return "\n".join(parts)


def _head(title: str) -> str:
    return (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{CSS}</style></head>")


def _legend(doc: DocView) -> str:
    items = [("ruling", "ruling lines"), ("grid", "grid cells (tinted: spans)"), ("header", "header tree"),
             ("key", "value read as printed"), ("decided", "chosen by a check / the prose"),
             ("low", f"confidence < {doc.threshold:g}"), ("failing", "in a failing check")]
    out = " ".join(f'<span class="sw" style="background:{_rgb(n, .35)};border-color:{_rgb(n)}"></span> {escape(t)}'
                   for n, t in items)
    return f"<p>{out}<br><small>Hover a value for its provenance, click it to show its box on the page.</small></p>"


def _warnings(report: Report) -> str:
    if not report.warnings:
        return ""
    rows = "".join(f"<li><b>{escape(w.code)}</b>: {escape(w.message)}</li>" for w in report.warnings)
    return f"<details open><summary>{len(report.warnings)} warning(s)</summary><ul>{rows}</ul></details>"


def _figure(view: PageView, page: PageFiles) -> str:
    """The page with every stage drawn; ticking stages off shows the bare page with the layers left."""
    layers = "".join(
        f'<img class="layer" data-stage="{stage}" src="{file}" alt="" hidden style="left:{100 * x0 / page.width:.3f}%;'
        f'top:{100 * y0 / page.height:.3f}%;width:{100 * (x1 - x0) / page.width:.3f}%">'
        for stage, (file, (x0, y0, x1, y1)) in page.layers.items())
    base = f'<img class="base" src="{page.base}" alt="" hidden>' if page.base else ""
    boxes = "".join(f'<label><input type="checkbox" data-stage="{s}" checked>{s}</label> ' for s in page.layers)
    return (f'<figure data-view="{view.page}"><div class="imgbox"><img class="full" src="{page.file}" '
            f'width="{page.width}" height="{page.height}" alt="{escape(view.title)}">{base}{layers}'
            f'<div class="hl"></div></div><figcaption>{escape(view.title)} {boxes}</figcaption></figure>')


def _canonical(report: Report, table: str, marks: dict[str, ValueMark], where: dict[str, int],
               files: dict[int, PageFiles], threshold: float) -> str:
    """The table in the national layout: 二 block by block, 三 with its nested row labels, 四 as
    one row of fifteen under its nested column headers."""
    schema = load_schema()
    template = report.template

    def cell(key: str, span: int = 1) -> str:
        return _value_td(report, key, marks.get(key), where.get(key), files, threshold, span)

    out = ['<table class="t">']
    if table == "t2":  # blocks of fewer columns stretch their last one, as the printed form does
        blocks = schema.t2_blocks[template.t2 if template else "2021"]
        width = max(len(b.cols) for b in blocks)
        for block in blocks:
            last = len(block.cols) - 1
            spans = [width - last if i == last else 1 for i in range(len(block.cols))]
            out.append(f'<tr><th class="cap" colspan="{width + 1}">{escape(block.caption)}</th></tr>')
            out.append("<tr><th></th>" + "".join(f'<th colspan="{n}">{escape(c.label)}</th>'
                                                 for c, n in zip(block.cols, spans)) + "</tr>")
            out += [f"<tr><th>{escape(r.leaf)}</th>{''.join(cell(k, n) for k, n in zip(r.cell_keys, spans))}</tr>"
                    for r in block.rows]
    elif table == "t3":
        rows = schema.t3_rows[template.t3_other if template else "single"]
        depth = max(len(r.path) for r in rows)
        out.append(f'<tr><th colspan="{depth}"></th>' + "".join(f"<th>{escape(c.label)}</th>" for c in schema.t3_cols)
                   + "</tr>")
        for r, labels in zip(rows, _merged([r.path for r in rows], depth)):
            heads = "".join(f'<th rowspan="{run}" colspan="{extent}">{escape(text)}</th>'
                            for text, run, extent in filter(None, labels))
            out.append(f"<tr>{heads}{''.join(cell(k) for k in r.cell_keys)}</tr>")
    else:
        t4_rows = schema.t4_rows
        paths = [r.path + (c.label,) for r in t4_rows for c in r.cols]
        depth = max(len(p) for p in paths)
        merged = _merged(paths, depth)
        for level in range(depth):
            level_heads = [merged[j][level] for j in range(len(paths)) if level < len(merged[j])]
            out.append("<tr>" + "".join(f'<th colspan="{run}" rowspan="{extent}">{escape(text)}</th>'
                                        for text, run, extent in filter(None, level_heads)) + "</tr>")
        out.append("<tr>" + "".join(cell(k) for r in t4_rows for k in r.cell_keys) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _merged(paths: Sequence[tuple[str, ...]], depth: int) -> list[list[tuple[str, int, int] | None]]:
    """Label paths as merged header cells: for path j and level i, (text, run of following paths
    sharing the prefix, extent over the levels a short path leaves empty), or None where covered."""
    out = []
    for j, path in enumerate(paths):
        row: list[tuple[str, int, int] | None] = []
        for i, text in enumerate(path):
            prefix = path[:i + 1]
            if j and paths[j - 1][:i + 1] == prefix:
                row.append(None)
                continue
            run = 1
            while j + run < len(paths) and paths[j + run][:i + 1] == prefix:
                run += 1
            row.append((text, run, depth - len(path) + 1 if i == len(path) - 1 else 1))
        out.append(row)
    return out


def _value_td(report: Report, key: str, mark: ValueMark | None, view: int | None,
              files: dict[int, PageFiles], threshold: float, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    if key not in report.cells:
        return f'<td class="absent" title="not in the output"{span}>·</td>'
    prov = report.provenance.get(key)
    classes = _classes(report, key, prov, threshold)
    attrs = [f'data-key="{key}"', f'class="{" ".join(classes)}"'] + ([span.strip()] if span else [])
    if prov is not None:
        attrs.append(f'data-prov="{escape(json.dumps(prov.to_dict(), ensure_ascii=False))}"')
        attrs.append(f'title="{escape(_summary(prov))}"')
    checks = [c.id for c in report.failing_checks if key in c.keys]
    if checks:
        attrs.append(f'data-checks="{" ".join(checks)}"')
    if mark is not None and view is not None and view in files:
        page, b = files[view], mark.bbox
        sx, sy = page.scale / page.width, page.scale / page.height
        box = [b.x0 * sx, b.top * sy, b.width * sx, b.height * sy]
        attrs.append(f'data-view="{view}" data-box="{",".join(f"{100 * v:.2f}" for v in box)}"')
    return f"<td {' '.join(attrs)}>{escape(_fmt(report.cells[key]))}</td>"


def _classes(report: Report, key: str, prov: Provenance | None, threshold: float) -> list[str]:
    out = ["v"]
    if prov is not None and prov.decided_by in ("check", "prose"):
        out.append("decided")
    if prov is not None and prov.confidence < threshold:
        out.append("low")
    if any(key in c.keys for c in report.failing_checks):
        out.append("failing")
    return out


def _summary(prov: Provenance) -> str:
    parts = [f"{prov.decided_by}", f"confidence {prov.confidence:g}", f"source {prov.source}"]
    if prov.page is not None:
        parts.append(f"page {prov.page}")
    if prov.bbox is not None:
        parts.append(f"bbox {prov.bbox}")
    if prov.span is not None:
        parts.append(f"chars {prov.span[0]}–{prov.span[1]}")
    parts.append(f"raw {prov.raw!r}")
    if prov.candidates:
        parts.append(f"candidates {prov.candidates}")
    return " · ".join(parts)


def _fmt(value: Value) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _checks(report: Report, table: str) -> str:
    failing = [c for c in report.failing_checks if c.id.startswith(table + ".")]
    total = sum(1 for c in report.checks if c.id.startswith(table + "."))
    if not failing:
        return f"<p>All {total} checks of {table} hold.</p>"
    rows = "".join(
        f'<li data-keys="{" ".join(c.keys)}"><b>{escape(c.id)}</b>: {_fmt(c.lhs)} ≠ {_fmt(c.rhs)} '
        f'<small>({escape(", ".join(short_key(k) for k in c.keys))})</small></li>' for c in failing)
    return (f'<p>{len(failing)} of {total} checks of {table} fail (hover to see their cells):</p>'
            f'<ul class="checks">{rows}</ul>')


# --- text.html ----------------------------------------------------------------------------------

def text_html(doc: DocView) -> str:
    """The table zones of the text with every value token marked: the cell(s) it became (a
    run-together token split into several), or struck through when no cell took it; row labels
    that anchored a schema row are underlined."""
    report = doc.report
    trace = report_trace(report)
    text = report.layout.text if report.layout else ""
    by_item: dict[int, list[tuple[str, tuple[int, int]]]] = {}
    for (pos, key), span in piece_spans(trace.pieces).items():
        by_item.setdefault(pos, []).append((key, span))
    parts = [_head(f"gktables text view — {report.source}"), "<body>",
             f"<h1>Text view — {escape(report.source)}</h1><p><a href=\"index.html\">← index</a> · "
             "green: a cell's characters (hover for the key), amber: chosen by a check or the prose, "
             "magenta: low confidence, red outline: in a failing check, struck through: no cell took it, "
             "purple: a row label that anchored its row.</p>"]
    for zone in sorted(trace.zones.values(), key=lambda z: z.start):
        zone_items = [(it, it.span) for it in trace.items[zone.start:zone.end] if it.span]
        if not zone_items:
            continue
        parts.append(f"<h2>{escape(TABLE_TITLES[zone.table])} ({zone.table})</h2><pre class=\"text\">")
        cursor = zone_items[0][1][0]
        for it, (a, b) in zone_items:
            if a < cursor:
                continue
            parts.append(escape(text[cursor:a]))
            if it.kind == "label":
                body = escape(text[a:b])
                row = trace.anchors.get(it.pos)
                parts.append(f'<span class="anchor" title="row {escape(row)}">{body}</span>' if row else body)
            else:
                parts.append(_token_html(report, text, it.pos, (a, b),
                                         sorted(by_item.get(it.pos, []), key=lambda x: x[1]), doc.threshold))
            cursor = b
        parts.append("</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _token_html(report: Report, text: str, pos: int, span: tuple[int, int], pieces: list[tuple[str, tuple[int, int]]],
                threshold: float) -> str:
    a, b = span
    if not pieces:
        return (f'<span class="tok skipped" id="tok-{pos}" title="no cell took this token">'
                f"{escape(text[a:b])}</span>")
    out, cursor = [f'<span class="tok" id="tok-{pos}">'], a
    for key, (pa, pb) in pieces:
        if pa < cursor:  # a blank placed on the same token as another cell
            continue
        out.append(escape(text[cursor:pa]))
        prov = report.provenance.get(key)
        classes = " ".join(["piece"] + _classes(report, key, prov, threshold)[1:])
        title = f"{key} = {_fmt(report.cells.get(key))}" + (f" · {_summary(prov)}" if prov else "")
        out.append(f'<span class="{classes}" id="{key}" title="{escape(title)}">{escape(text[pa:pb])}</span>')
        cursor = pb
    out.append(escape(text[cursor:b]) + "</span>")
    return "".join(out)
