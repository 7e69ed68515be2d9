"""Tests of the synthetic golden-document generator (tools/synth) and of its committed set.

None of these needs LibreOffice: documents are generated only for kinds that do not go through
a PDF, and the committed PDFs, scans and PDF extractions are only read.
"""

from __future__ import annotations

import json
import random
import re
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # tools/ is not an installed package

from gktables.schema import TABLE_TITLES, Template, load_schema  # noqa: E402
from tools.synth import ambiguity, values  # noqa: E402
from tools.synth.cli import generate, write_direct  # noqa: E402
from tools.synth.grid import slot_matrix  # noqa: E402
from tools.synth.label_variants import VARIANTS as LABEL_VARIANTS  # noqa: E402
from tools.synth.model import FORMATS, KINDS  # noqa: E402
from tools.synth.plan import VARIANTS, PlanItem, make_plan, make_spec  # noqa: E402
from tools.synth.text_render import GRID_VARIANTS  # noqa: E402

from .conftest import GOLDEN_SYNTHETIC as GOLDEN  # noqa: E402

EXPECTED = sorted(GOLDEN.glob("*.expected.json"))
BLANKS = {"", "/", "-", "—", "无"}
NO_LIBREOFFICE = ["docx", "html", "text"]


# --- helpers -------------------------------------------------------------------------------------
def parse_printed(text: str, vtype: str):
    """Reference reading of a printed cell (independent of the generator's own formatting)."""
    t = text.strip()
    if t in BLANKS:
        return None
    if vtype == "money_wan":
        m = re.fullmatch(r"(\d+(?:\.\d+)?)(元|万元|亿元)?", t)
        assert m, f"unreadable money {text!r}"
        factor = {"元": Decimal("0.0001"), "万元": Decimal(1), "亿元": Decimal(10000), None: Decimal(1)}[m[2]]
        return float(Decimal(m[1]) * factor)
    if vtype == "signed":
        return int(t.replace("－", "-").lstrip("+"))
    assert re.fullmatch(r"\d+", t), f"unreadable count {text!r}"
    return int(t)


def failing(cells: dict, t3_other: str) -> list[str]:
    out = []
    for chk in load_schema().checks(t3_other):  # type: ignore[arg-type]
        if sum(cells.get(k) or 0 for k in chk.lhs) != sum(cells.get(k) or 0 for k in chk.rhs):
            out.append(chk.id)
    return out


def item_of(doc_id: str) -> tuple[PlanItem, int]:
    """'s1_012_text_pdftotext_raw_2019' → its plan item and seed."""
    parts = doc_id.split("_")
    seed, index, kind, fmt = int(parts[0][1:]), int(parts[1]), parts[2], parts[-1]
    return PlanItem(index, kind, "_".join(parts[3:-1]), fmt), seed


def is_subsequence(needles: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(any(h == n for h in it) for n in needles)


def printed_in_order(spec) -> list[str]:
    """Printed value texts in reading order (row-major per table), blanks left out."""
    return [c.text for g in spec.grids for r in range(g.n_rows) for c in g.at(r)
            if c.key and c.text not in BLANKS]


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


# --- values ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_generated_values_pass_every_check(fmt: str) -> None:
    template = FORMATS[fmt]
    for i in range(60):
        rng = random.Random(i)
        level = list(values.SCALES)[i % len(values.SCALES)]
        vals, units = values.generate(rng, template, level)
        cells = {k: float(v) if isinstance(v, Decimal) else v for k, v in vals.items()}
        assert set(cells) == set(load_schema().cell_keys(template))
        assert failing(cells, template.t3_other) == [], (fmt, i, level)
        assert all(v >= 0 for k, v in cells.items() if load_schema().value_type(k) != "signed")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_injected_error_always_fails_a_check(fmt: str) -> None:
    template = FORMATS[fmt]
    seen = set()
    for i in range(80):
        rng = random.Random(1000 + i)
        vals, _units = values.generate(rng, template, "county")
        bad, note = values.inject_error(rng, vals, template)
        cells = {k: float(v) if isinstance(v, Decimal) else v for k, v in bad.items()}
        fails = failing(cells, template.t3_other)
        assert fails, note
        assert values.failing_checks(cells, template) == fails
        seen.add(note.split(":")[0])
    assert len(seen) == len(values.ERROR_KINDS)  # every kind of error occurs


def test_printed_text_reads_back_to_expected() -> None:
    template = FORMATS["2019"]
    rng = random.Random(7)
    for _ in range(30):
        vals, units = values.generate(rng, template, "city")
        style = values.PrintStyle(blank_mode="few", blank_tokens=("—", "无"), plus_sign=True)
        printed, expected = values.to_printed(rng, vals, units, template, style)
        for key, text in printed.items():
            got = parse_printed(text, load_schema().value_type(key))
            if isinstance(expected[key], float):
                assert got == pytest.approx(expected[key]), (key, text)
            else:
                assert got == expected[key], (key, text)


def test_money_units_normalise_to_wan() -> None:
    m = values.Money(Decimal("25.1"), "元")
    assert values.money_text(m) == "251000元"
    assert values.money_text(values.Money(Decimal("638495"), "亿元")) == "63.8495亿元"
    assert values.money_text(values.Money(Decimal("7730.28"), "plain")) == "7730.28"
    assert parse_printed("1500084元", "money_wan") == pytest.approx(150.0084)


# --- scraped-run ambiguity ------------------------------------------------------------------------
def test_scraped_runs_split_by_row_totals() -> None:
    assert ambiguity.readings_with_total("713000074", 6) == [[71, 3, 0, 0, 0, 0, 74]]
    assert ambiguity.readings_with_total("801000081", 6) == [[80, 1, 0, 0, 0, 0, 81]]
    assert len(ambiguity.readings_with_total("191000020", 6)) == 2  # 19,1,… or 1,9,10,…
    t4 = list(ambiguity._grouped_readings("110024001510102", 3, 4))
    assert t4 == [[1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2]]


# --- plan -----------------------------------------------------------------------------------------
def test_plan_covers_every_variant_in_both_formats() -> None:
    kinds = list(KINDS)
    combos = [(k, v) for k in kinds for v in VARIANTS[k]]
    plan = make_plan(5, 2 * len(combos) + 4, kinds, ["2019", "2021", "mixed"])
    have = {(p.kind, p.variant, p.fmt) for p in plan}
    for k, v in combos:
        assert (k, v, "2019") in have and (k, v, "2021") in have
    assert [p.fmt for p in plan[2 * len(combos):]] == ["mixed"] * 4


# --- generation without LibreOffice ------------------------------------------------------------------
@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("synth_a")
    variants = [v for k in NO_LIBREOFFICE for v in VARIANTS[k] if k != "text" or v in GRID_VARIANTS]
    specs = generate(out, 11, len(variants) + 3, NO_LIBREOFFICE, ["2019", "2021"], variants)
    return out, specs


def test_generation_is_deterministic_by_seed(generated, tmp_path) -> None:
    out, specs = generated
    variants = sorted({s.variant for s in specs})
    generate(tmp_path / "again", 11, len(specs), NO_LIBREOFFICE, ["2019", "2021"], variants)
    generate(tmp_path / "other", 12, 2, NO_LIBREOFFICE, ["2019", "2021"], variants)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in names:
        assert (out / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name
    first = load(sorted(out.glob("*.expected.json"))[0])
    other = load(sorted((tmp_path / "other").glob("*.expected.json"))[0])
    assert first["variant"] == other["variant"] and first["cells"] != other["cells"]


def test_docx_has_real_merged_cells_in_place(generated) -> None:
    import docx

    out, specs = generated
    for spec in (s for s in specs if s.kind == "docx"):
        document = docx.Document(str(out / spec.source))
        assert len(document.tables) == len(spec.grids)
        for table, grid in zip(document.tables, spec.grids):
            slots = table._cells
            matrix = slot_matrix(grid)
            for r in range(grid.n_rows):
                for c in range(grid.n_cols):
                    cell = matrix[r][c]
                    if cell is not None and cell.key:
                        assert slots[r * grid.n_cols + c].text == cell.text, (spec.source, cell.key)
            if grid.section == "t3":  # the 3×3 note, 申请人情况 over 7 columns, the tall result label
                note = slots[0]
                assert note._tc.grid_span == 3 and slots[2 * grid.n_cols]._tc is note._tc
                assert slots[3]._tc.grid_span == 7 and slots[3].text == "申请人情况"
                tall = slots[(grid.header_rows + 2) * grid.n_cols]
                assert tall._tc is slots[(grid.n_rows - 2) * grid.n_cols]._tc
                xml = tall._tc.xml
                assert 'w:val="tbRlV"' in xml or "<w:br/>" in xml


def _html_tables(path: Path) -> list[list[list[str]]]:
    """Each <table> expanded to a slot matrix of texts (rowspan/colspan resolved)."""
    from lxml import html as lhtml

    raw = path.read_bytes()
    m = re.search(rb"charset=([\w-]+)", raw[:2000])
    tree = lhtml.fromstring(raw.decode(m[1].decode() if m else "utf-8"))
    out = []
    for t in tree.iter("table"):
        grid: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(t.iter("tr")):
            c = 0
            for td in tr.iter("td"):
                while (r, c) in grid:
                    c += 1
                text = re.sub(r"\s+", "", td.text_content().replace("\xa0", ""))
                for dr in range(int(td.get("rowspan", 1))):
                    for dc in range(int(td.get("colspan", 1))):
                        grid[(r + dr, c + dc)] = text
                c += int(td.get("colspan", 1))
        n_rows = max(r for r, _ in grid) + 1
        n_cols = max(c for _, c in grid) + 1
        out.append([[grid.get((r, c), "") for c in range(n_cols)] for r in range(n_rows)])
    return out


def test_html_cells_in_place(generated) -> None:
    out, specs = generated
    for spec in (s for s in specs if s.kind == "html"):
        tables = _html_tables(out / spec.source)
        if spec.variant == "split_tables":  # tables cut at page breaks: values still in reading order
            cells = [x for t in tables for row in t for x in row]
            assert is_subsequence(printed_in_order(spec), cells), spec.source
            assert len(tables) > len(spec.grids)
            continue
        assert len(tables) == len(spec.grids)
        for table, grid in zip(tables, spec.grids):
            matrix = slot_matrix(grid)
            for r in range(grid.n_rows):
                for c in range(grid.n_cols):
                    cell = matrix[r][c]
                    if cell is not None and cell.key:
                        assert table[r][c] == cell.text.replace(" ", ""), (spec.source, cell.key)


def test_text_variants_keep_values_in_reading_order(generated) -> None:
    out, specs = generated
    for spec in (s for s in specs if s.kind == "text"):
        text = (out / spec.source).read_text("utf-8")
        if spec.variant == "scraped":
            assert len(text.splitlines()) < 12
            for r in load_schema().t3_rows[spec.template.t3_other]:
                run = "".join(spec.printed[r.cell_key(c)] for c in ("natural", "commercial", "research", "nonprofit",
                                                                    "legal_service", "other", "total"))
                assert run in text, (spec.source, r.key)
            continue
        tokens = [t for t in re.split(r"[\t|\n ]+", text) if t]
        if spec.variant == "ocr_noise":
            tokens = ["0" if t == "U" else t for t in tokens]
        assert is_subsequence(printed_in_order(spec), tokens), spec.source


# --- md_converter: fragmented PDF-to-markdown tables (opt-in variant) -------------------------------------
VALUE_FIELD = re.compile(r"[+\-－]?\d+(\.\d+)?(元|万元|亿元)?|[/—无-]")
T3_COLS = ("natural", "commercial", "research", "nonprofit", "legal_service", "other", "total")


def _md_doc(seed: int, index: int, fmt: str):
    from tools.synth.text_render import render_text

    spec = make_spec(PlanItem(index, "text", "md_converter", fmt), seed)
    return spec, render_text(spec, random.Random(f"{seed}:{index}:render"))


def _pipe_value_rows(lines: list[str]) -> list[list[str]]:
    """Value fields of every markdown row: label fields before the first value and trailing '' dropped."""
    rows = []
    for ln in lines:
        if not ln.startswith("|") or set(ln) <= set("|-"):
            continue
        fields = [f.strip() for f in ln.strip().strip("|").split("|")]
        while fields and fields[-1] == "":
            fields.pop()
        first = next((i for i, f in enumerate(fields) if VALUE_FIELD.fullmatch(f)), len(fields))
        if first < len(fields):
            rows.append(fields[first:])
    return rows


def label_texts(spec) -> list[str]:
    return [c.text for g in spec.grids for c in g.cells if c.role in ("label", "header", "caption")]


def test_label_variants_change_labels_only() -> None:
    """A document printing labels as real reports do has the same values, and other labels."""
    item = PlanItem(3, "html", "simple", "2021")
    plain, varied = make_spec(item, 23), make_spec(item, 23, label_variants=1.0)
    assert varied.cells == plain.cells and varied.printed == plain.printed
    assert label_texts(varied) != label_texts(plain)
    assert make_spec(item, 23, label_variants=0.0).expected() == plain.expected()


def test_labels_printed_as_real_reports_print_them_are_read(tmp_path) -> None:
    """Every document prints some labels as real reports do (prefix left out, 件 for 卷, a
    misprint, 減 for 减, straight quotes, the note left out, spaced labels, 1、 for 1.): the
    reader still puts every number under its key, and none wrong."""
    import gktables
    from benchmarks.scoring import score_report

    variants = ["official", "simple", "tsv", "pipe", "scraped", "cell_per_line"]
    specs = generate(tmp_path, 23, 4, ["docx", "html", "text"], ["2019", "2021", "mixed"], variants,
                     label_variants=1.0)
    printed: set[str] = set()
    for spec in specs:
        [note] = [n for n in spec.notes if n.startswith("labels as in real reports: ")]
        printed.update(note.split(": ", 1)[1].split(", "))
        score = score_report(gktables.extract(tmp_path / spec.source).to_dict(), spec.expected())
        assert (score.right, score.wrong_keys, score.silent_keys) == (score.cells, [], []), spec.doc_id
    assert printed == {v.name for v in LABEL_VARIANTS}


def test_opt_in_variant_leaves_existing_plans_alone() -> None:
    assert "md_converter" in GRID_VARIANTS and "md_converter" not in VARIANTS["text"]
    kinds = list(KINDS)
    assert all(p.variant != "md_converter" for p in make_plan(1, 200, kinds, ["2019", "2021", "mixed"]))
    plan = make_plan(3, 6, ["text"], ["2019", "2021", "mixed"], ["tsv", "md_converter"])
    assert [p.variant for p in plan] == ["tsv", "md_converter"] * 3


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_md_converter_keeps_every_value_row_in_order(fmt: str) -> None:
    seen = Counter()
    for i in range(8):
        spec, text = _md_doc(40 + i, i, fmt)
        tokens = [t for t in re.split(r"[\t|\n ]+", text) if t]
        assert is_subsequence(printed_in_order(spec), tokens), spec.doc_id
        lines = text.splitlines()
        t3_at = lines.index(next(ln for ln in lines if ln.endswith(TABLE_TITLES["t3"])))
        t4_at = lines.index(next(ln for ln in lines if ln.endswith(TABLE_TITLES["t4"])))
        # 三: the rows of 7 values read top to bottom are exactly the table's rows, nothing lost or moved
        t3_rows = [r for r in _pipe_value_rows(lines[t3_at:t4_at]) if len(r) == 7]
        want = [[spec.printed[r.cell_key(c)] for c in T3_COLS] for r in load_schema().t3_rows[spec.template.t3_other]]
        assert t3_rows == want, spec.doc_id
        t4_rows = [r for r in _pipe_value_rows(lines[t4_at:]) if len(r) == 15]
        assert t4_rows == [[c.text for c in spec.grids[-1].at(spec.grids[-1].n_rows - 1)]], spec.doc_id
        assert "" not in spec.printed.values()  # blanks are visible marks, never an empty cell
        # the distortions that make this family: value-only rows with a separator, loose label lines,
        # an extra empty trailing column, the tall label cut into pieces
        body = lines[t3_at:t4_at]
        for a, b in zip(body, body[1:]):
            if a.startswith("|") and b.startswith("|---") and all(
                    VALUE_FIELD.fullmatch(f.strip()) or not f.strip() for f in a.strip("|").split("|")):
                seen["value_only"] += 1
        seen["loose_label"] += sum(1 for ln in body if not ln.startswith("|") and re.match(r"\d\.", ln))
        seen["trailing_empty"] += sum(1 for ln in lines if ln.startswith("|") and ln.endswith("|  |"))
        seen["tall_label_whole"] += sum("三、本年度办理结果" in ln for ln in body)
    assert seen["value_only"] and seen["loose_label"] and seen["trailing_empty"], seen
    assert seen["tall_label_whole"] == 0, seen


# --- the committed set --------------------------------------------------------------------------------
def test_committed_set_exists_and_covers_every_variant() -> None:
    assert EXPECTED, "golden/synthetic is empty: see tools/synth/README.md"
    have = {(load(p)["kind"], load(p)["variant"], load(p)["template"]["t2"]) for p in EXPECTED}
    for kind, k in KINDS.items():
        for v in VARIANTS[kind]:
            assert (k, v, "2019") in have and (k, v, "2021") in have, (kind, v)
    templates = {tuple(load(p)["template"].values()) for p in EXPECTED}
    assert ("2021", "single") in templates  # the mixed format
    size = sum(f.stat().st_size for f in GOLDEN.iterdir())
    assert size < 10_000_000


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_committed_expected_is_valid(path: Path) -> None:
    exp = load(path)
    schema = load_schema()
    template = Template(exp["template"]["t2"], exp["template"]["t3_other"])
    assert set(exp) == {"source", "kind", "variant", "template", "meta", "cells", "ambiguous", "failing_checks",
                        "notes"}
    assert (GOLDEN / exp["source"]).is_file()
    assert exp["kind"] in KINDS.values()
    assert list(exp["cells"]) == list(schema.cell_keys(template))
    for key, v in exp["cells"].items():
        vtype = schema.value_type(key)
        if v is None:
            continue
        if vtype == "count":
            assert isinstance(v, int) and v >= 0, key
        elif vtype == "signed":
            assert isinstance(v, int), key
        else:
            assert isinstance(v, float) and v >= 0, key
    assert exp["failing_checks"] == failing(exp["cells"], template.t3_other)
    assert set(exp["ambiguous"]) <= set(exp["cells"])
    assert exp["meta"]["agency"] and 2019 <= exp["meta"]["year"] <= 2024


def test_committed_set_has_errors_and_blanks() -> None:
    docs = [load(p) for p in EXPECTED]
    bad = [d for d in docs if d["failing_checks"]]
    assert 0.05 <= len(bad) / len(docs) <= 0.3
    assert any(v is None for d in docs for v in d["cells"].values())
    for d in docs:
        if d["failing_checks"]:
            assert "inconsistency" in d["notes"]
        else:
            assert "inconsistency" not in d["notes"]


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_committed_set_matches_generator(path: Path) -> None:
    """The committed expected values are what the generator makes for that seed and index."""
    exp = load(path)
    item, seed = item_of(path.name.removesuffix(".expected.json"))
    spec = make_spec(item, seed)
    assert spec.cells == exp["cells"]
    assert spec.failing_checks == exp["failing_checks"]
    assert spec.variant == exp["variant"] and spec.kind == exp["kind"]
    schema = load_schema()
    for key, text in spec.printed.items():
        got, want = parse_printed(text, schema.value_type(key)), exp["cells"][key]
        assert got == (pytest.approx(want) if isinstance(want, float) else want), (key, text)


@pytest.mark.parametrize("path", [p for p in EXPECTED if load(p)["kind"] in ("docx", "html", "text")
                                  and load(p)["variant"] not in ("pdftotext_raw", "pdftotext_layout", "pdfminer")],
                         ids=lambda p: p.name.removesuffix(".expected.json"))
def test_committed_files_are_what_the_generator_writes(path: Path, tmp_path: Path) -> None:
    """DOCX, HTML and grid text are byte-identical when regenerated from their id."""
    exp = load(path)
    item, seed = item_of(path.name.removesuffix(".expected.json"))
    spec = make_spec(item, seed)
    assert write_direct(spec, tmp_path)
    assert spec.source == exp["source"]
    assert (tmp_path / spec.source).read_bytes() == (GOLDEN / exp["source"]).read_bytes()


@pytest.mark.parametrize("path", [p for p in EXPECTED if load(p)["kind"] in ("pdf", "text")],
                         ids=lambda p: p.name.removesuffix(".expected.json"))
def test_committed_pdf_and_text_hold_the_values(path: Path) -> None:
    exp = load(path)
    item, seed = item_of(path.name.removesuffix(".expected.json"))
    spec = make_spec(item, seed)
    source = GOLDEN / exp["source"]
    if exp["kind"] == "pdf":
        import pdfplumber

        with pdfplumber.open(source) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    else:
        text = source.read_text("utf-8")
    if exp["variant"] == "scraped":
        assert all(v in text for v in printed_in_order(spec))
        return
    text = re.sub(r"(\d)\s+(万元|亿元|元)", r"\1\2", text)  # PDF text puts a gap between digits and CJK units
    tokens = [t for t in re.split(r"[\s|]+", text) if t]
    if exp["variant"] == "ocr_noise":
        tokens = ["0" if t == "U" else t for t in tokens]
    if exp["variant"] == "pdfminer":  # text boxes come column by column: every value, not their order
        assert not Counter(printed_in_order(spec)) - Counter(tokens)
    else:
        assert is_subsequence(printed_in_order(spec), tokens)


@pytest.mark.parametrize("path", [p for p in EXPECTED if load(p)["kind"] == "ocr"],
                         ids=lambda p: p.name.removesuffix(".expected.json"))
def test_committed_scans_open(path: Path) -> None:
    from PIL import Image

    source = GOLDEN / load(path)["source"]
    if source.suffix == ".pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(source))
        assert len(doc) >= 3
        assert not doc[0].get_textpage().get_text_range().strip()  # image only, no text layer
        doc.close()
    else:
        with Image.open(source) as im:
            assert im.width >= 1000 and im.height >= 1400
            frames = getattr(im, "n_frames", 1)
            assert frames >= 3 if source.suffix == ".tif" else im.height > 2 * im.width


def test_committed_docx_are_word_packages() -> None:
    docs = [p for p in GOLDEN.glob("*.docx")]
    assert docs
    for p in docs:
        with zipfile.ZipFile(p) as z:
            assert "word/document.xml" in z.namelist()
