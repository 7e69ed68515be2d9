"""The corpus report: one self-contained HTML page (inline SVG, no scripts) with the series per
agency, the spread across agencies, the summary table and every failing audit linked to the debug
view of its document."""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

from .findings import Finding
from .summary import RESULT_GROUPS, SummaryRow
from .svg import dot_strip, line_chart, mini_series, stacked_shares

MAX_LINES = 12  # agencies drawn in one time-series chart; more become unreadable

CSS = """
body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:24px auto;max-width:1180px;color:#222}
h1{font-size:22px;margin-bottom:4px} h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px} .card.bad b{color:#c62828}
.minis{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:18px} .grid{display:flex;flex-wrap:wrap;gap:16px}
table{border-collapse:collapse;font-size:12px;margin-top:8px}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f5f5f5} td.l,th.l{text-align:left} td.l{min-width:110px;max-width:560px}
tr.fail td{background:#fff3f3} tr.soft td{background:#fffbe8}
.muted{color:#777;font-size:12px}
table.findings{width:100%;table-layout:fixed} table.findings td{overflow-wrap:anywhere;min-width:0}
"""


def debug_link(f: Finding, debug_base: str) -> str:
    if not f.sha256 and not f.document:
        return ""
    name = (f.sha256 or "")[:16] or Path(f.document or "").stem
    return f"{debug_base.rstrip('/')}/{name}/index.html"


def render_html(rows: list[SummaryRow], findings: list[Finding], *, title: str = "gktables corpus audit",
                debug_base: str = "debug") -> str:
    failing = [f for f in findings if f.passed is False]
    hard = [f for f in failing if f.severity == "hard"]
    agencies = sorted({r.agency for r in rows})
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>{escape(title)}</title>"
             f"<style>{CSS}</style></head><body><h1>{escape(title)}</h1>",
             "<p class='muted'>Read from the corpus store by <code>gktables audit</code>. Hard findings are errors "
             "somewhere (in the document or its extraction); soft ones are often legitimate; warnings look like "
             "extraction errors.</p>", "<div class='cards'>",
             _card("reports", len(rows)), _card("agencies", len(agencies)),
             _card("findings", len(findings)), _card("failing (hard)", len(hard), bad=bool(hard)),
             _card("soft / warnings", len(failing) - len(hard)), "</div>"]
    parts.append("<h2>Over the years, per agency</h2><p class='muted'>Bars: applications received (本年新收); "
                 "blue line: 予以公开 share of concluded applications (0–100 %); red ring: a failing hard audit "
                 "that year.</p><div class='minis'>")
    parts.append(_small_multiples(rows, hard))
    parts.append("</div><div class='grid'>")
    parts.append(_series_chart(rows, "received", "Applications received (本年新收), largest agencies", "applications"))
    parts.append("</div><h2>Across agencies</h2><div class='grid'>")
    parts.append(_spread(rows))
    parts.append(_latest_shares(rows))
    parts.append("</div>")
    parts.append(_failing_table(failing, debug_base))
    parts.append(_rule_counts(findings))
    parts.append(_summary_table(rows))
    parts.append("</body></html>")
    return "".join(parts)


def _card(label: str, n: int, bad: bool = False) -> str:
    return f"<div class='card{' bad' if bad else ''}'><b>{n}</b>{escape(label)}</div>"


def _small_multiples(rows: list[SummaryRow], hard: list[Finding]) -> str:
    years = (min(r.year for r in rows), max(r.year for r in rows)) if rows else (0, 0)
    marked: dict[str, set[int]] = {}
    for f in hard:
        if f.agency and f.year:
            marked.setdefault(f.agency, set()).add(f.year)
    by: dict[str, list[SummaryRow]] = {}
    for r in rows:
        by.setdefault(r.agency, []).append(r)
    out = []
    for agency in sorted(by):
        rs = by[agency]
        received = [(r.year, float(r.received)) for r in rs if r.received is not None]
        granted = [(r.year, float(g)) for r in rs if (g := r.shares.get("granted")) is not None]
        out.append(mini_series(agency, received, granted, marked.get(agency, set()), years))
    return "".join(out)


def _series_chart(rows: list[SummaryRow], what: str, title: str, y_label: str) -> str:
    series: dict[str, list[tuple[int, float]]] = {}
    for r in rows:
        v = r.received if what == "received" else r.shares.get(what)
        if v is not None:
            series.setdefault(r.agency, []).append((r.year, float(v) * (1 if what == "received" else 100)))
    biggest = sorted(series, key=lambda a: -max(y for _, y in series[a]))[:MAX_LINES]
    return line_chart({a: series[a] for a in sorted(biggest)}, title, y_label)


def _spread(rows: list[SummaryRow]) -> str:
    groups: dict[str, list[tuple[str, float]]] = {}
    for key, label in RESULT_GROUPS[:4]:
        groups[label] = [(f"{r.agency} {r.year}", v) for r in rows if (v := r.shares.get(key)) is not None]
    rates = {"行政复议纠错率": [(f"{r.agency} {r.year}", r.review_correction_rate) for r in rows
                             if r.review_correction_rate is not None],
             "行政诉讼纠错率": [(f"{r.agency} {r.year}", r.lawsuit_correction_rate) for r in rows
                             if r.lawsuit_correction_rate is not None]}
    groups.update({k: [(w, float(v)) for w, v in pts if v is not None] for k, pts in rates.items()})
    return dot_strip(groups, "Shares across agencies and years (one dot per report)",
                     "share of concluded applications / cases")


def _latest_shares(rows: list[SummaryRow]) -> str:
    latest: dict[str, SummaryRow] = {}
    for r in rows:
        if r.agency not in latest or r.year > latest[r.agency].year:
            latest[r.agency] = r
    bars = [(f"{a} {r.year}", {k: v for k, v in r.shares.items() if v is not None}) for a, r in sorted(latest.items())]
    return stacked_shares(bars[:40], RESULT_GROUPS, "Results of the latest report per agency")


def _failing_table(failing: list[Finding], debug_base: str) -> str:
    if not failing:
        return "<h2>Failing audits</h2><p>None.</p>"
    out = [f"<h2>Failing audits ({len(failing)})</h2><table class='findings'><colgroup><col style='width:19%'>"
           "<col style='width:12%'><col style='width:5%'><col style='width:6%'><col style='width:43%'>"
           "<col style='width:15%'></colgroup><tr><th class='l'>rule</th><th class='l'>agency</th>"
           "<th>year</th><th class='l'>severity</th><th class='l'>message</th><th class='l'>document</th></tr>"]
    order = {"hard": 0, "warning": 1, "soft": 2, "info": 3}
    for f in sorted(failing, key=lambda f: (order.get(f.severity, 9), f.agency or "", f.year or 0, f.rule)):
        link = debug_link(f, debug_base)
        doc = escape(Path(f.document).name) if f.document else ""
        cell = f"<a href='{escape(link)}'>{doc or 'debug view'}</a>" if link else doc
        cls = "fail" if f.severity == "hard" else "soft"
        out.append(f"<tr class='{cls}'><td class='l'>{escape(f.rule)}</td><td class='l'>{escape(f.agency or '')}</td>"
                   f"<td>{f.year or ''}</td><td class='l'>{f.severity}</td><td class='l'>{escape(f.message)}</td>"
                   f"<td class='l'>{cell}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _rule_counts(findings: list[Finding]) -> str:
    counts = Counter((f.rule.split(".")[0] + "." + f.rule.split(".")[1] if "." in f.rule else f.rule, f.passed)
                     for f in findings)
    rules = sorted({r for r, _ in counts})
    out = ["<h2>Findings by rule</h2><table><tr><th class='l'>rule</th><th>passed</th><th>failed</th>"
           "<th>not comparable</th></tr>"]
    for r in rules:
        out.append(f"<tr><td class='l'>{escape(r)}</td><td>{counts[(r, True)]}</td><td>{counts[(r, False)]}</td>"
                   f"<td>{counts[(r, None)]}</td></tr>")
    out.append("</table>")
    return "".join(out)


def _pct(v: float | None) -> str:
    return "" if v is None else f"{v:.1%}"


def _summary_table(rows: list[SummaryRow]) -> str:
    heads = ["agency", "year", "received", "concluded"] + [label for _, label in RESULT_GROUPS] + \
        ["行政复议", "复议纠错率", "行政诉讼", "诉讼纠错率"]
    out = ["<h2>Summary per agency and year</h2><table><tr>" +
           "".join(f"<th{' class=l' if h == 'agency' else ''}>{escape(h)}</th>" for h in heads) + "</tr>"]
    for r in rows:
        cells = [r.agency, r.year, r.received, r.concluded] + [_pct(r.shares.get(k)) for k, _ in RESULT_GROUPS] + \
            [r.review_cases, _pct(r.review_correction_rate), r.lawsuit_cases, _pct(r.lawsuit_correction_rate)]
        out.append("<tr>" + "".join(f"<td{' class=l' if i == 0 else ''}>{escape('' if c is None else str(c))}</td>"
                                    for i, c in enumerate(cells)) + "</tr>")
    out.append("</table>")
    return "".join(out)
