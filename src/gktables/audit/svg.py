"""Small JS-free SVG charts for the corpus report: lines over years, dots across agencies, stacked
shares. Plain strings, no plotting library: the report opens anywhere, including offline."""

from __future__ import annotations

from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
           "#7f7f7f", "#bcbd22", "#393b79", "#637939")
FONT = "font-family='Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif'"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    step = 10.0 ** (len(str(int(v))) - 1)
    for m in (1, 2, 2.5, 5, 10):
        if m * step >= v:
            return m * step
    return v


def line_chart(series: dict[str, list[tuple[int, float]]], title: str, y_label: str,
               width: int = 720, height: int = 320) -> str:
    """One line per name over years, points marked, a legend on the right."""
    pts = [p for s in series.values() for p in s]
    if not pts:
        return ""
    left, right, top, bottom = 56, 190, 34, 40
    years = sorted({x for x, _ in pts})
    x0, x1 = years[0], max(years[-1], years[0] + 1)
    ymax = _nice_max(max(y for _, y in pts))
    pw, ph = width - left - right, height - top - bottom

    def sx(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * pw

    def sy(y: float) -> float:
        return top + ph - y / ymax * ph

    out = [_open(width, height), _title(left, title)]
    for i in range(5):
        y = ymax * i / 4
        out.append(f"<line x1='{left}' x2='{left + pw}' y1='{sy(y):.1f}' y2='{sy(y):.1f}' stroke='#e5e5e5'/>")
        out.append(f"<text x='{left - 6}' y='{sy(y) + 4:.1f}' font-size='11' text-anchor='end' {FONT}>{_fmt(y)}</text>")
    for yr in range(x0, x1 + 1):
        out.append(f"<text x='{sx(yr):.1f}' y='{top + ph + 18}' font-size='11' text-anchor='middle' {FONT}>{yr}</text>")
    out.append(f"<text x='14' y='{top + ph / 2:.0f}' font-size='11' transform='rotate(-90 14 {top + ph / 2:.0f})' "
               f"text-anchor='middle' {FONT}>{escape(y_label)}</text>")
    for n, (name, s) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        s = sorted(s)
        path = " ".join(f"{'M' if i == 0 else 'L'}{sx(x):.1f},{sy(y):.1f}" for i, (x, y) in enumerate(s))
        out.append(f"<path d='{path}' fill='none' stroke='{colour}' stroke-width='2'/>")
        out += [f"<circle cx='{sx(x):.1f}' cy='{sy(y):.1f}' r='3.5' fill='{colour}'><title>{escape(name)} {x}: "
                f"{_fmt(y)}</title></circle>" for x, y in s]
        ly = top + 14 * n
        out.append(f"<rect x='{width - right + 12}' y='{ly}' width='10' height='10' fill='{colour}'/>")
        out.append(f"<text x='{width - right + 26}' y='{ly + 9}' font-size='11' {FONT}>{escape(_short(name))}</text>")
    out.append("</svg>")
    return "".join(out)


def mini_series(name: str, points: list[tuple[int, float]], shares: list[tuple[int, float]],
                marked: set[int], years: tuple[int, int], width: int = 270, height: int = 130) -> str:
    """One agency: applications received (bars) and 予以公开 share (line, right scale) over the years;
    a red ring over each year with a failing hard audit."""
    left, right, top, bottom = 34, 30, 22, 20
    pw, ph = width - left - right, height - top - bottom
    y0, y1 = years
    n = max(y1 - y0 + 1, 1)
    slot = pw / n
    ymax = _nice_max(max((v for _, v in points), default=1))
    out = [_open(width, height), f"<rect x='0.5' y='0.5' width='{width - 1}' height='{height - 1}' fill='#fff' "
           f"stroke='#ddd' rx='4'/>", f"<text x='8' y='15' font-size='12' font-weight='600' {FONT}>"
           f"{escape(_short(name, 20))}</text>"]
    base = top + ph
    out.append(f"<text x='{left - 4}' y='{top + 8}' font-size='9' text-anchor='end' fill='#666' {FONT}>"
               f"{_fmt(ymax)}</text>")
    out.append(f"<line x1='{left}' x2='{left + pw}' y1='{base}' y2='{base}' stroke='#bbb'/>")
    for year, v in points:
        x = left + (year - y0) * slot + slot * 0.2
        h = v / ymax * ph
        out.append(f"<rect x='{x:.1f}' y='{base - h:.1f}' width='{slot * 0.6:.1f}' height='{h:.1f}' fill='#9ecae1'>"
                   f"<title>{year}: {_fmt(v)} applications</title></rect>")
    for year in range(y0, y1 + 1):
        cx = left + (year - y0 + 0.5) * slot
        out.append(f"<text x='{cx:.1f}' y='{base + 13}' font-size='9' text-anchor='middle' fill='#666' {FONT}>"
                   f"{str(year)[2:]}</text>")
        if year in marked:
            out.append(f"<circle cx='{cx:.1f}' cy='{top + 4}' r='4' fill='none' stroke='#d62728' stroke-width='2'>"
                       f"<title>{year}: failing audit</title></circle>")
    pts = sorted(shares)
    if pts:
        path = " ".join(f"{'M' if i == 0 else 'L'}{left + (yr - y0 + 0.5) * slot:.1f},{base - v * ph:.1f}"
                        for i, (yr, v) in enumerate(pts))
        out.append(f"<path d='{path}' fill='none' stroke='#1f77b4' stroke-width='2'/>")
        out += [f"<circle cx='{left + (yr - y0 + 0.5) * slot:.1f}' cy='{base - v * ph:.1f}' r='2.5' fill='#1f77b4'>"
                f"<title>{yr}: 予以公开 {v:.1%}</title></circle>" for yr, v in pts]
        out.append(f"<text x='{left + pw + 4}' y='{top + 8}' font-size='9' fill='#1f77b4' {FONT}>100%</text>")
    out.append("</svg>")
    return "".join(out)


def dot_strip(groups: dict[str, list[tuple[str, float]]], title: str, x_label: str, as_share: bool = True,
              width: int = 720) -> str:
    """One row per group (a year, a measure), one dot per agency along x: the spread across agencies."""
    if not any(groups.values()):
        return ""
    left, right, top, row_h = 120, 30, 34, 30
    height = top + row_h * len(groups) + 40
    vals = [v for g in groups.values() for _, v in g]
    xmax = 1.0 if as_share else _nice_max(max(vals))
    pw = width - left - right

    def sx(x: float) -> float:
        return left + x / xmax * pw

    out = [_open(width, height), _title(left, title)]
    base = top + row_h * len(groups)
    for i in range(6):
        x = xmax * i / 5
        out.append(f"<line x1='{sx(x):.1f}' x2='{sx(x):.1f}' y1='{top}' y2='{base}' stroke='#eee'/>")
        label = f"{x:.0%}" if as_share else _fmt(x)
        out.append(f"<text x='{sx(x):.1f}' y='{base + 16}' font-size='11' text-anchor='middle' {FONT}>{label}</text>")
    out.append(f"<text x='{left + pw / 2:.0f}' y='{base + 34}' font-size='11' text-anchor='middle' {FONT}>"
               f"{escape(x_label)}</text>")
    for r, (name, points) in enumerate(groups.items()):
        cy = top + row_h * r + row_h / 2
        out.append(f"<text x='{left - 8}' y='{cy + 4:.1f}' font-size='12' text-anchor='end' {FONT}>"
                   f"{escape(name)}</text>")
        for j, (who, v) in enumerate(points):
            jitter = ((j * 7) % 11 - 5) * 1.2
            label = f"{v:.1%}" if as_share else _fmt(v)
            out.append(f"<circle cx='{sx(v):.1f}' cy='{cy + jitter:.1f}' r='4' fill='{PALETTE[r % len(PALETTE)]}' "
                       f"fill-opacity='0.7'><title>{escape(who)}: {label}</title></circle>")
    out.append("</svg>")
    return "".join(out)


def stacked_shares(rows: list[tuple[str, dict[str, float]]], parts: tuple[tuple[str, str], ...], title: str,
                   width: int = 720) -> str:
    """One horizontal bar per row (agency), split into shares that add up to at most 1."""
    if not rows:
        return ""
    left, right, top, bar = 200, 20, 56, 18
    height = top + (bar + 8) * len(rows) + 10
    pw = width - left - right
    out = [_open(width, height), _title(left, title)]
    for n, (_, label) in enumerate(parts):
        out.append(f"<rect x='{left + n * 86}' y='30' width='10' height='10' fill='{PALETTE[n]}'/>"
                   f"<text x='{left + n * 86 + 14}' y='39' font-size='11' {FONT}>{escape(label)}</text>")
    for r, (name, shares) in enumerate(rows):
        y = top + r * (bar + 8)
        out.append(f"<text x='{left - 8}' y='{y + 13}' font-size='11' text-anchor='end' {FONT}>"
                   f"{escape(_short(name, 16))}</text>")
        x = float(left)
        for n, (key, label) in enumerate(parts):
            w = max(0.0, shares.get(key) or 0.0) * pw
            if w > 0:
                out.append(f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar}' fill='{PALETTE[n]}'>"
                           f"<title>{escape(name)} {escape(label)}: {shares.get(key, 0):.1%}</title></rect>")
            x += w
    out.append("</svg>")
    return "".join(out)


def _title(left: int, title: str) -> str:
    return f"<text x='{left}' y='20' font-size='15' font-weight='600' {FONT}>{escape(title)}</text>"


def _open(width: int, height: int) -> str:
    return (f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' role='img'>")


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.2f}"


def _short(name: str, n: int = 12) -> str:
    return name if len(name) <= n else name[:n - 1] + "…"
