"""Audits: prose against tables and report identity on real reports, year against year on the
Pingtan series and on generated series, the `gktables audit` CLI over a store, and the HTML corpus
report rendered by a real headless chromium."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

import gktables
from gktables.audit.corpus import audit_reports
from gktables.audit.cross_year import Entry, audit_series
from gktables.audit.findings import FINDING_COLUMNS
from gktables.audit.html import render_html
from gktables.audit.summary import corpus_summary
from gktables.cli import main as cli_main
from gktables.core.prose import prose_claims
from tools.synth.series import BREAKS, ExpectedFinding, make_series, write_series

from .conftest import GOLDEN_REAL as REAL  # the real reports, copied unchanged into golden/real
from .conftest import report_cached


@pytest.fixture(scope="module")
def pingtan() -> dict[int, gktables.Report]:
    return {y: report_cached(REAL / f"pingtan_{y}_page.txt") for y in (2019, 2021, 2023)}


def _check(report: gktables.Report, check_id: str) -> gktables.report.CheckResult:
    found = [c for c in report.checks if c.id == check_id]
    assert len(found) == 1, [c.id for c in report.checks if c.id.startswith("prose.")]
    return found[0]


# --- prose against tables, on real reports -----------------------------------------------------

def test_pingtan_2023_prose_in_force_disagrees_with_every_reading(pingtan):
    """The prose says 现行有效行政规范性文件393件; the table prints '77132470' for 制发/废止/现行有效,
    and no split of it gives 393: a real disagreement, reported with sentence, offset and both numbers."""
    report = pingtan[2023]
    c = _check(report, "prose.t2.normative_docs.in_force")
    assert c.passed is False and c.lhs == 393 and c.rhs == report.cells["t2.normative_docs.in_force"]
    text = (REAL / "pingtan_2023_page.txt").read_text("utf-8")
    offset = c.evidence["offset"]
    assert text[offset:offset + 4] == "393件"
    assert "现行有效行政规范性文件393件" in c.evidence["sentence"]
    assert 393 not in c.evidence["candidates"]["t2.normative_docs.in_force"]
    assert "no other reading" in c.message
    assert "t2.normative_docs.in_force" in report.flagged_keys()
    # the cell the prose decided (制发 77) agrees, and stays decided by the prose
    assert _check(report, "prose.t2.normative_docs.issued").passed is True
    assert report.provenance["t2.normative_docs.issued"].decided_by == "prose"


def test_pingtan_2023_prose_totals_agree_including_sums(pingtan):
    report = pingtan[2023]
    agree = {c.id: (c.lhs, c.rhs) for c in report.checks if c.id.startswith("prose.") and c.passed}
    assert agree["prose.t3.result.granted.total+t3.result.partial.total"] == (42, 42)  # 予以公开及部分公开42件
    assert agree["prose.t3.result.denied"] == (5, 5)
    assert agree["prose.t4.lawsuit"] == (7, 7)  # 行政诉讼案件7件: both lawsuit groups
    assert agree["prose.t3.new.natural"] == (80, 80)


def test_pingtan_2021_prose_and_carry_over(pingtan):
    report = pingtan[2021]
    prose = {c.id: (c.passed, c.lhs) for c in report.checks if c.id.startswith("prose.")}
    assert prose == {"prose.t3.new.total": (True, 70), "prose.t3.result.total.total": (True, 69),
                     "prose.t3.carried_forward.total": (True, 1)}  # 1件结转下年度: the cue after the number


def test_shanghai_office_prose_states_totals_its_table_prints_blank():
    """The web page's 三 prints its 总计 column blank from （一） to （六）; the prose states the totals
    (予以公开及部分公开258件…): four disagreements, reported, and the blank cells left blank."""
    report = report_cached(REAL / "shanghai_office_2019.html")
    failing = {c.id: c.lhs for c in report.checks if c.id.startswith("prose.") and c.passed is False}
    assert failing == {"prose.t3.result.granted.total+t3.result.partial.total": 258, "prose.t3.result.denied": 35,
                       "prose.t3.result.unavailable": 265, "prose.t3.result.not_processed": 158}
    assert report.cells["t3.result.granted.total"] is None
    assert _check(report, "prose.t3.new.total").passed is True  # 受理政府信息公开申请859件


def test_breakdown_by_sub_unit_is_not_a_claim():
    """烟台: 共受理1441件 … 其中，市级政府及部门受理572件，县级受理869件 — parts, not the table's total."""
    report = report_cached(REAL / "001_51f17e08e942b61d.txt")
    prose = [c for c in report.checks if c.id == "prose.t3.new.total"]
    assert [(c.passed, c.lhs) for c in prose] == [(True, 1441)]
    assert all(c.passed for c in report.checks if c.id.startswith("prose."))


def test_wrapped_prose_lines_are_read_and_offsets_point_into_the_text():
    text = (REAL / "shanghai_kewei_2024_extracted.md").read_text("utf-8")
    claims = {c.target: c for c in prose_claims(text)}
    assert claims["t3.carried_forward.total"].value == 1  # 转下一\n年度办理答复的有 1 件
    denied = claims["t3.result.denied"]
    assert denied.value == 2 and text[denied.span[0]:denied.span[1]] == "2\n件"


def test_information_fee_is_not_the_fees_cell():
    claims = prose_claims("依据《政府信息公开信息处理费管理办法》，本年度共收取信息处理费300元。"
                          "收取行政事业性收费12.5万元。")
    assert [(c.target, c.value) for c in claims] == [("t2.fees.amount", 12.5)]


# --- identity ----------------------------------------------------------------------------------

def test_identity_normalises_the_agency_the_document_names_in_full():
    report = report_cached(REAL / "hongze_2023.pdf")
    meta = report.meta
    assert (meta["agency"], meta["agency_normalised"], meta["year"], meta["level"]) == \
        ("洪泽区人民政府", "淮安市洪泽区人民政府", 2023, "county")
    assert (meta["template_t2"], meta["template_t3_other"]) == ("2021", "single")
    assert "淮安市洪泽区人民政府" in meta["meta_sources"]["agency_normalised"]
    assert meta["meta_sources"]["year"].startswith("title")


def test_identity_mapping_file(tmp_path):
    from gktables.audit.identity import load_agency_map, read_identity

    path = tmp_path / "map.json"
    path.write_text(json.dumps({"平潭综合实验区": "福州市平潭综合实验区"}, ensure_ascii=False), "utf-8")
    text = (REAL / "pingtan_2021_page.txt").read_text("utf-8")
    ident = read_identity(text, "pingtan_2021_page.txt", None, load_agency_map(path))
    assert ident.agency_normalised == "福州市平潭综合实验区"
    assert ident.sources["agency_normalised"].startswith("agency mapping")
    path.write_text("[1, 2]", "utf-8")
    with pytest.raises(ValueError, match="map.json"):
        load_agency_map(path)


# --- year against year -------------------------------------------------------------------------

def test_pingtan_series_has_gaps_and_invents_nothing(pingtan):
    """2019, 2021, 2023: no two consecutive years, so no carry-over can be compared — the audit says
    so (cross_year.gap) and reports no cross-year failure; the carry-overs are what the tables print."""
    assert pingtan[2019].cells["t3.carried_forward.total"] == 0
    assert (pingtan[2021].cells["t3.carried_over.total"], pingtan[2021].cells["t3.carried_forward.total"]) == (0, 1)
    assert pingtan[2021].cells["t3.carried_forward.natural"] == 1
    assert pingtan[2023].cells["t3.carried_over.total"] == 0
    findings = audit_reports(list(pingtan.values()))
    cross = [f for f in findings if f.rule.startswith("cross_year.")]
    assert sorted((f.rule, f.year) for f in cross) == [("cross_year.gap", 2021), ("cross_year.gap", 2023)]
    assert {f.agency for f in findings} == {"平潭综合实验区"}
    failing = sorted(f.rule for f in findings if f.passed is False)
    assert failing == ["prose.t2.normative_docs.in_force"]


def test_carried_over_per_column_and_in_force_from_python(pingtan):
    """Any list of reports: the 2021 report followed by a copy of itself as 2022 breaks carried_over in
    自然人 and 总计 (1 结转 vs 0 上年结转) and keeps in_force only if nothing was issued or repealed."""
    r21 = pingtan[2021]
    r22 = gktables.Report.from_dict(r21.to_dict())
    r22.meta = {**r22.meta, "year": 2022}
    entries = [Entry(r21, "平潭", 2021, "a"), Entry(r22, "平潭", 2022, "b")]
    findings = audit_series(entries)
    carried = {tuple(f.keys): f.passed for f in findings if f.rule == "cross_year.carried_over"}
    assert carried[("t3.carried_forward.natural", "t3.carried_over.natural")] is False
    assert carried[("t3.carried_forward.total", "t3.carried_over.total")] is False
    assert sum(1 for ok in carried.values() if ok) == 5
    in_force = {f.rule: f for f in findings if f.rule.startswith("cross_year.in_force")}
    regs = in_force["cross_year.in_force.regulations"]
    assert regs.passed is True and regs.severity == "soft"  # 0 + 0 − 0 = 0
    docs = in_force["cross_year.in_force.normative_docs"]
    issued, repealed = r21.cells["t2.normative_docs.issued"], r21.cells["t2.normative_docs.repealed"]
    assert docs.passed is (issued == repealed) and docs.severity == "soft"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_series_every_break_found_nothing_invented(seed):
    series = make_series(seed, breaks=BREAKS)
    reports = [gktables.extract_text(d.text, name=f"s{seed}_{d.year}.txt") for d in series.docs]
    assert len({r.meta["agency"] for r in reports}) == 1
    found = {ExpectedFinding(f.rule, f.year or 0, frozenset(f.keys)) for f in audit_reports(reports)
             if f.passed is False and f.severity != "info"}
    assert found == series.expected
    assert len(series.expected) == 5  # carried_over (column + total), in_force, prose, jump


def test_generated_series_without_breaks_is_clean():
    series = make_series(7, breaks=())
    reports = [gktables.extract_text(d.text) for d in series.docs]
    findings = audit_reports(reports)
    assert [f for f in findings if f.passed is False] == []
    carried = [f for f in findings if f.rule == "cross_year.carried_over"]
    assert len(carried) == 4 * 7 and all(f.passed for f in carried)


def test_cross_year_ranks_a_single_ambiguous_cell():
    """A cell left with several readings takes the one plausible beside the agency's other years;
    it stays flagged with its candidates, and decided_by says cross_year."""
    series = make_series(4, breaks=())
    reports = [gktables.extract_text(d.text) for d in series.docs]
    mid = reports[2]
    key = "t2.licensing.decisions"
    true = mid.cells[key]
    prov = mid.provenance[key]
    prov.candidates, prov.decided_by, prov.confidence = [true * 10 + 3, true, 3], "inferred", 0.5
    mid.cells[key] = true * 10 + 3
    findings = audit_reports(reports)
    ranked = [f for f in findings if f.rule == "cross_year.ambiguous"]
    assert [(f.year, f.keys, f.lhs) for f in ranked] == [(series.docs[2].year, [key], true)]
    assert mid.cells[key] == true and prov.decided_by == "cross_year"
    assert prov.candidates == [true * 10 + 3, true, 3] and key in mid.flagged_keys()


# --- CLI over a store, and the HTML report in a real browser -------------------------------------

@pytest.fixture(scope="module")
def audited_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_series(make_series(11, breaks=("carried_over", "prose")), folder / "series")
    for y in (2021, 2023):
        shutil.copy(REAL / f"pingtan_{y}_page.txt", folder)
    store = folder / "corpus.sqlite"
    assert cli_main(["run", str(folder), "--store", str(store)]) == 0
    return store


def test_audit_cli_csv_and_json(audited_store, tmp_path):
    out_csv, out_json = tmp_path / "f.csv", tmp_path / "f.json"
    assert cli_main(["audit", str(audited_store), "--format", "csv", "-o", str(out_csv),
                     "--summary", str(tmp_path / "s.csv")]) == 0
    rows = list(csv.DictReader(out_csv.open(encoding="utf-8")))
    assert tuple(rows[0]) == FINDING_COLUMNS
    failing = {(r["rule"], r["year"]) for r in rows if r["passed"] == "False"}
    assert ("prose.t2.normative_docs.in_force", "2023") in failing
    assert {r for r, _ in failing} >= {"cross_year.carried_over", "prose.t3.new.total"}
    assert cli_main(["audit", str(audited_store), "--format", "json", "-o", str(out_json)]) == 0
    data = json.loads(out_json.read_text("utf-8"))
    assert {d["rule"] for d in data} == {r["rule"] for r in rows}
    prose = next(d for d in data if d["rule"] == "prose.t2.normative_docs.in_force" and d["passed"] is False)
    assert prose["evidence"]["prose_value"] == 393 and prose["sha256"]
    summary = list(csv.DictReader((tmp_path / "s.csv").open(encoding="utf-8")))
    pingtan_2023 = next(r for r in summary if r["agency"] == "平潭综合实验区" and r["year"] == "2023")
    assert pingtan_2023["received"] == "81" and float(pingtan_2023["share_granted"]) == round(22 / 81, 4)


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(audited_store, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is installed by scripts/setup.sh (apt-get install chromium)"
    html = tmp_path / "report.html"
    assert cli_main(["audit", str(audited_store), "-o", str(tmp_path / "f.csv"), "--html", str(html),
                     "--write-debug", str(tmp_path / "debug")]) == 0
    page = html.read_text("utf-8")
    # one small chart per agency (the series' agency and 平潭), the overview line chart, the strip, the bars
    assert page.count("<svg") == 2 + 3 and "<script" not in page
    links = set(re.findall(r"href='([^']+)'", page))
    assert links and all((tmp_path / link).is_file() for link in links)  # every failing audit's debug view
    shot = tmp_path / "shot.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={shot}", "--window-size=1200,1400", html.as_uri()],
                   check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    # the charts' palette drawn: lines and dots in blue (#1f77b4) and red (#d62728) are on screen
    drawn = {c: n for n, c in colours}
    assert drawn.get((31, 119, 180), 0) > 200 and drawn.get((214, 39, 40), 0) > 200


def test_html_report_lists_failing_audits_with_debug_links(pingtan):
    findings = audit_reports(list(pingtan.values()))
    from gktables.audit.corpus import entry_of

    rows = corpus_summary([e for e in (entry_of(r) for r in pingtan.values()) if e])
    page = render_html(rows, findings, debug_base="../debug")
    assert "prose.t2.normative_docs.in_force" in page and "../debug/pingtan_2023_page/index.html" in page
    assert [r.year for r in rows] == [2019, 2021, 2023] and rows[2].received == 81


def test_generated_series_switching_format_keeps_2019_chains():
    """2019 and 2020 in the 2019 format, then the 2021 format: 二's chains are checked within each
    format (对外公开总数, 上一年项目数量, then 现行有效) and never across the switch."""
    series = make_series(5, breaks=(), switch=True)
    assert [d.spec.template.t2 for d in series.docs] == ["2019", "2019", "2021", "2021", "2021"]
    reports = [gktables.extract_text(d.text) for d in series.docs]
    findings = audit_reports(reports)
    by_rule: dict[str, list[tuple[int | None, bool | None]]] = {}
    for f in findings:
        by_rule.setdefault(f.rule.rsplit(".", 1)[0] if f.rule.count(".") > 1 else f.rule, []).append((f.year, f.passed))
    assert by_rule["cross_year.total_published"] == [(2020, True)] * 2
    assert by_rule["cross_year.prev_items"] == [(2020, True)] * 5
    assert sorted(by_rule["cross_year.in_force"]) == [(2022, True)] * 2 + [(2023, True)] * 2
    assert all(ok for _, ok in by_rule["cross_year.carried_over"]) and len(by_rule["cross_year.carried_over"]) == 28
