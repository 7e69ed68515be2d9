"""HTML pages in the styles seen on government sites: CMS fragments, Word exports, plain tables."""

from __future__ import annotations

import html
import random
from collections.abc import Callable

from .spec import TABLE_TITLES

from .grid import split_grid, unspan_header
from .model import Cell, DocSpec, TableGrid

VARIANTS = ("cms_nowrap", "simple", "word_export", "split_tables", "gbk_spans")
TABLE_PX = 560


def _esc(s: str) -> str:
    return html.escape(s, quote=False)


def _pieces(rng: random.Random, text: str, n_max: int = 3) -> list[str]:
    """Split a label at random character positions (how editors wrap header cells)."""
    if len(text) < 4 or n_max < 2:
        return [text]
    n = rng.randint(2, min(n_max, len(text) // 2))
    cuts = sorted(rng.sample(range(1, len(text)), n - 1))
    return [text[a:b] for a, b in zip([0] + cuts, cuts + [len(text)])]


def _widths(grid: TableGrid) -> list[int]:
    total = sum(grid.col_weights) or 1
    return [max(20, round(TABLE_PX * w / total)) for w in grid.col_weights]


# --- cell content per variant ---------------------------------------------------------------------
def _content_cms(rng: random.Random, c: Cell) -> str:
    align = ' align="center"' if c.role != "label" else ""
    if c.role == "value" or c.role == "filler":
        return f"<p{align}>{_esc(c.text) if c.text else '&nbsp;'}</p>"
    if c.role == "header" and len(c.text) >= 4 and rng.random() < 0.4:
        return f"<p{align}>" + "<br />".join(_esc(p) for p in _pieces(rng, c.text, 2)) + "</p>"
    return f"<p{align}>{_esc(c.text)}</p>"


def _content_simple(rng: random.Random, c: Cell) -> str:
    return _esc(c.text)


def _content_word(rng: random.Random, c: Cell) -> str:
    span = "<span style='font-size:10.5pt;font-family:宋体'>{}</span>"
    num = "<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\"'>{}</span>"
    p = "<p class=MsoNormal align=center style='text-align:center'>{}</p>"
    if c.role in ("value", "filler"):
        return p.format(num.format(_esc(c.text) if c.text else "&nbsp;"))
    if c.vertical:  # one character per line
        return "".join(p.format(span.format(_esc(ch))) for ch in c.text)
    if len(c.text) > 8 and rng.random() < 0.6:  # Word splits long runs into several spans
        return p.format("".join(span.format(_esc(x)) for x in _pieces(rng, c.text)))
    return p.format(span.format(_esc(c.text)))


def _content_spans(rng: random.Random, c: Cell) -> str:
    if c.role in ("value", "filler"):
        return f"<span>{_esc(c.text) if c.text else '&nbsp;'}</span>"
    if c.vertical:
        return "<br>".join(_esc(ch) for ch in c.text)
    parts = _pieces(rng, c.text) if len(c.text) > 6 else [c.text]
    joiner = rng.choice(["</span><span>", "</span><br><span>", "</span></p><p><span>"])
    return "<p><span>" + joiner.join(_esc(x) for x in parts) + "</span></p>"


# --- tables -----------------------------------------------------------------------------------------
def _table(rng: random.Random, grid: TableGrid, open_tag: str, td_attrs: Callable[[Cell, int], str],
           content: Callable[[random.Random, Cell], str], tbody: bool) -> str:
    widths = _widths(grid)
    out = [open_tag, "<tbody>" if tbody else ""]
    for r in range(grid.n_rows):
        out.append("<tr>")
        for c in grid.at(r):
            w = sum(widths[c.col:c.last_col + 1])
            span = ((f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                    + (f' colspan="{c.colspan}"' if c.colspan > 1 else ""))
            out.append(f"<td{span}{td_attrs(c, w)}>{content(rng, c)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>" if tbody else "</table>")
    return "".join(out)


def _cms_td(c: Cell, w: int) -> str:
    return f' nowrap="nowrap" style="width:{w}px;"'


def _word_td(c: Cell, w: int) -> str:
    valign = "middle" if c.role != "label" or c.rowspan > 1 else "top"
    return (f" width={round(w * 0.75 * 1.333)} valign={valign} "
            f"style='width:{w * 0.75:.1f}pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'")


def _tables_html(rng: random.Random, spec: DocSpec, variant: str, section: str) -> str:
    grids = [g for g in spec.grids if g.section == section]
    if variant == "simple":
        grids = [unspan_header(g) if g.section in ("t3", "t4") else g for g in grids]
    if variant == "split_tables" and section == "t3":
        g = grids[0]
        at = rng.randint(g.header_rows + 3, g.n_rows - 4)
        a, b = split_grid(g, at, repeat_header=rng.random() < 0.5)
        grids = [a, b]
        if rng.random() < 0.5:  # a third part
            at2 = rng.randint(b.header_rows + 2, b.n_rows - 2)
            grids = [a, *split_grid(b, at2, repeat_header=False)]
    parts = []
    for g in grids:
        if variant in ("cms_nowrap", "split_tables"):
            tag = '<table align="center" border="1" cellspacing="1">'
            parts.append(_table(rng, g, tag, _cms_td, _content_cms, True))
        elif variant == "simple":
            parts.append(_table(rng, g, "<table>", lambda c, w: "", _content_simple, False))
        elif variant == "word_export":
            tag = ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
                   "style='border-collapse:collapse;border:none'>")
            parts.append(_table(rng, g, tag, _word_td, _content_word, True))
        else:  # gbk_spans
            tag = '<table border="1" cellpadding="2" style="border-collapse:collapse;width:100%">'
            parts.append(_table(rng, g, tag, lambda c, w: f' style="width:{w}px"', _content_spans, True))
        if variant == "split_tables":
            parts.append("<p>&nbsp;</p>" if rng.random() < 0.5 else "")
    return "\n".join(parts)


# --- page ---------------------------------------------------------------------------------------------
def _para(variant: str, text: str) -> str:
    if variant == "word_export":
        return ("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
                f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{_esc(text)}</span></p>")
    if variant == "cms_nowrap":
        return f"<p style=\"text-indent:2em;\">{_esc(text)}</p>"
    return f"<p>{_esc(text)}</p>"


def _heading(variant: str, text: str) -> str:
    if variant == "word_export":
        return ("<p class=MsoNormal style='text-indent:32.0pt'>"
                f"<b><span style='font-size:16.0pt;font-family:黑体'>{_esc(text)}</span></b></p>")
    if variant == "gbk_spans":
        return f"<p><strong>{_esc(text)}</strong></p>"
    return f"<p>{_esc(text)}</p>"


# fixed parts of the portal page around the report, kept out of the templates for their length
_NAV = ('<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        '<li><a href="/zwfw/">政务服务</a></li>\n'
        '<li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进本地</a></li></ul></div>')
_POSITION = ('<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; '
             '<a href="/zwgk/nb/">政府信息公开年报</a></div>')
_ZOOM = ('字号：[<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> '
         '<a href="javascript:doZoom(12)">小</a>]')
_SHARE = ('<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> '
          '<a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>')


def _boilerplate_head(rng: random.Random, spec: DocSpec, charset: str) -> str:
    meta = (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset != "utf-8"
            else '<meta charset="utf-8">')
    page_id = rng.randint(10**6, 10**7)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{meta}
<title>{_esc(spec.prose.title)}_政府信息公开年报</title>
<meta name="SiteName" content="{_esc(spec.agency)}"><meta name="ColumnName" content="政府信息公开年报">
<link rel="stylesheet" href="/images/common.css">
<script type="text/javascript">var pageId = {page_id}; var catalogId = {rng.randint(1000, 9999)};
function doZoom(size){{document.getElementById('zoom').style.fontSize = size + 'px';}}</script>
</head><body>
<div class="header"><div class="logo"><a href="/">{_esc(spec.agency)}</a></div>
{_NAV}
{_POSITION}
<div class="article">
<h1 class="title">{_esc(spec.prose.title)}</h1>
<div class="info">发布时间：{spec.year + 1}-01-{rng.randint(10, 31):02d} \
浏览次数：<span id="views">{rng.randint(50, 3000)}</span> {_ZOOM}</div>
<div id="zoom" class="article-content">
"""


def _boilerplate_tail(rng: random.Random) -> str:
    return f"""</div></div>
{_SHARE}
<div class="footer"><p>主办单位：本地人民政府办公室 网站标识码：{rng.randint(1000000000, 9999999999)}</p>
<p>ICP备案号：{rng.randint(10000000, 99999999)}号-1 公安机关备案号：{rng.randint(10**13, 10**14 - 1)}</p></div>
<script src="/js/jquery.min.js"></script><script>$(function(){{ $('#views').load('/count?id=' + pageId); }});</script>
</body></html>
"""


def render_html(spec: DocSpec, rng: random.Random) -> bytes:
    variant = spec.variant
    charset = "gbk" if variant == "gbk_spans" else "utf-8"
    body: list[str] = []
    if variant == "cms_nowrap":
        body.append(f"<p style='text-align: center;font-weight: bold;'>{_esc(spec.prose.title)}</p>")
    body.extend(_para(variant, t) for t in spec.prose.intro)
    body.append(_heading(variant, "一、总体情况"))
    for t in spec.prose.overall:
        body.append(_heading(variant, t) if t.startswith("（") and len(t) < 16 else _para(variant, t))
    for section in ("t2", "t3", "t4"):
        body.append(_heading(variant, TABLE_TITLES[section]))
        body.append(_tables_html(rng, spec, variant, section))
    body.append(_heading(variant, spec.prose.problems_title))
    body.extend(_para(variant, t) for t in spec.prose.problems)
    body.append(_heading(variant, spec.prose.other_title))
    body.extend(_para(variant, t) for t in spec.prose.other)
    sep = "" if variant == "cms_nowrap" else "\n"
    page = _boilerplate_head(rng, spec, charset) + sep.join(body) + "\n" + _boilerplate_tail(rng)
    if variant == "word_export":
        page = page.replace("<div id=\"zoom\" class=\"article-content\">",
                            "<div id=\"zoom\" class=\"article-content\"><div class=WordSection1>", 1)
        page = page.replace("</div></div>\n<div class=\"share\">", "</div></div></div>\n<div class=\"share\">", 1)
    return page.encode(charset, errors="xmlcharrefreplace")
