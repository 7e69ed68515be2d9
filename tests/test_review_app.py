"""The review app over a store of real reports: what a flagged cell's page shows, decisions as review
rows (validated, CSRF-protected, never overwriting cells), undo, two writers, and re-extraction."""

from __future__ import annotations

import copy
import shutil
import io
import re
import threading
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from gktables.cli import build_parser, main  # noqa: E402
from gktables.corpus.store import Store, file_sha256  # noqa: E402
from gktables.review import make_app  # noqa: E402
from gktables.review.decisions import Decision, record_decision  # noqa: E402
from gktables.review.values import ValueInputError, parse_typed  # noqa: E402

from .conftest import GOLDEN_SYNTHETIC, report_cached  # noqa: E402
from .review_helpers import REAL, fill_store, record  # noqa: E402

PINGTAN = "pingtan_2021_page.txt"  # 693665 run together: three t2 cells with candidates
HONGZE = "hongze_2023.pdf"  # 四's review row prints total 0 beside 10+1: a failing check
DOCS = [PINGTAN, HONGZE, "hangzhou_style_2025.html"]
SCAN = GOLDEN_SYNTHETIC / "s1_018_scan_pdf150_rot90_2019.pdf"  # a golden scan, printed a quarter turn off


@pytest.fixture(scope="module")
def store_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("review") / "template.sqlite"
    records = fill_store(path, DOCS)
    return path, {name: rec.sha256 for name, rec in records.items()}


@pytest.fixture
def store(store_template: tuple[Path, dict], tmp_path: Path) -> tuple[Path, dict]:
    """A fresh copy of the filled store per test (decisions of one test never leak into another)."""
    src, shas = store_template
    dst = tmp_path / "corpus.sqlite"
    with Store.open(src) as s:
        s.conn.execute(f"VACUUM INTO '{dst}'")
    return dst, shas


_apps: list = []


def client(path: Path, reviewer: str = "alice") -> TestClient:
    app = make_app(path, reviewer)
    _apps.append(app)
    return TestClient(app, base_url="http://127.0.0.1")


@pytest.fixture(autouse=True)
def _prefetch_closed():
    """Each test's apps stop prefetching when it ends: a page still rendering must not overlap the
    next test's own pdfium calls in this process."""
    yield
    while _apps:
        _apps.pop().state.config.prefetcher.close()


def token_of(html: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def decide(c: TestClient, token: str, **body: object) -> tuple[int, dict]:
    r = c.post("/api/decide", json=body, headers={"X-CSRF-Token": token})
    return r.status_code, r.json()


def final(path: Path, sha256: str, key: str) -> dict:
    with Store.open(path) as s:
        frame = s.cells(final=True)
    row = frame[(frame.sha256 == sha256) & (frame.key == key)]
    return row.iloc[0].to_dict()


def test_queue_starts_at_the_first_flagged_cell_and_filters(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    r = c.get("/", follow_redirects=False)
    assert r.status_code == 303
    page = c.get(r.headers["location"]).text
    assert "0</b> of <b>13</b> reviewed" in page  # pingtan's 3 flags + hongze's 10 (four's two failing rows)
    # filter by reason: only hongze's cells are in failing checks
    r = c.get("/?reason=failing_check", follow_redirects=False)
    assert shas[HONGZE] in r.headers["location"]
    assert "of <b>10</b> reviewed" in c.get(r.headers["location"]).text
    r = c.get("/?reason=low_confidence", follow_redirects=False)  # pingtan's three cut readings, 0.5
    assert "of <b>3</b> reviewed" in c.get(r.headers["location"]).text
    r = c.get("/?table=t2&year=2021", follow_redirects=False)
    assert r.headers["location"].startswith(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued")
    assert c.get("/?agency=nobody").text == "No flagged cells match these filters."


def test_text_cell_page_shows_span_labels_candidates_reason_and_tied_cells(store: tuple[Path, dict]) -> None:
    path, shas = store
    page = client(path).get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.in_force").text
    assert '<mark id="span">693665</mark>' in page  # the printed run the three cells were cut from
    assert "第二十条第（一）项 / 行政规范性文件" in page and "现行有效件数" in page
    assert re.search(r'id="value">665<', page)
    for n, cand in enumerate([665, 3665, 65, 5], start=1):
        assert f"{cand} <kbd>{n}</kbd>" in page
    assert "ambiguous_value" in page and "the printed text &#39;693665&#39; can be read several ways" in page
    tied = page[page.index('id="tied"'):]
    assert "本年制发件数" in tied and re.search(r'class="num">69<', tied) and re.search(r'class="num">3<', tied)


def test_pdf_cell_page_shows_a_crop_with_the_cell_outlined_and_the_check_in_words(store: tuple[Path, dict]) -> None:
    from PIL import Image

    path, shas = store
    c = client(path)
    page = c.get(f"/cell/{shas[HONGZE]}/t4.review.total").text
    assert f'src="/crop/{shas[HONGZE]}/t4.review.total.png"' in page
    assert "check t4.review.total fails" in page
    assert "is 0, but the sum of 4 cells (结果维持 + 结果纠正 + 其他结果 + 尚未审结) is 11" in page
    assert "行政复议" in page and "总计" in page
    tied = page[page.index('id="tied"'):]
    assert re.search(r"结果维持</td>\s*<td class=\"num\">10<", tied)
    r = c.get(f"/crop/{shas[HONGZE]}/t4.review.total.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    import pypdfium2 as pdfium

    from gktables.pdfium_guard import pdfium_lock

    img = Image.open(io.BytesIO(r.content)).convert("RGB")
    with pdfium_lock():  # the app's prefetch thread may be rendering the next cells' pages
        pdf = pdfium.PdfDocument(REAL / HONGZE)
        page_width = pdf[3].get_width()
        pdf.close()
    assert abs(img.width - page_width * 2) <= 1 and img.height < img.width  # a band of page 4 at 2 px/pt
    colours = {colour for _, colour in img.getcolors(maxcolors=1 << 22) or []}
    assert (220, 30, 30) in colours and (240, 150, 0) in colours  # the cell in red, its check's cells in amber


def test_html_cell_without_positions_shows_its_row(store: tuple[Path, dict]) -> None:
    path, shas = store
    page = client(path).get(f"/cell/{shas['hangzhou_style_2025.html']}/t3.new.total").text
    assert "records no page position" in page
    row = page[page.index('id="row-cells"'):]
    assert '<td class="this">' in row and "自然人" in row


def test_candidate_decision_is_a_review_row_and_the_export_uses_it(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    token = token_of(c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text)
    status, body = decide(c, token, sha256=shas[PINGTAN], key="t2.normative_docs.issued", action="candidate",
                          candidate=1)
    assert status == 200 and body["ok"]
    with Store.open(path) as s:
        reviews = s.reviews()
        cells = s.cells()
        wide = s.wide("t2")
    review = reviews.iloc[0]
    assert (review.reviewer, review.action, review.old_value, review.new_value) == ("alice", "candidate", 69, 6)
    assert review.cell_raw == "69" and "[2413, 2419]" in review.cell_anchor
    assert cells[(cells.sha256 == shas[PINGTAN]) & (cells.key == "t2.normative_docs.issued")].value.item() == 69
    row = final(path, shas[PINGTAN], "t2.normative_docs.issued")
    assert (row["final_value"], row["reviewed"], row["decided_by"]) == (6, 1, "human")
    assert wide[wide.sha256 == shas[PINGTAN]]["t2.normative_docs.issued"].item() == 6
    page = c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text
    assert "1</b> of <b>13</b> reviewed" in page and "decided by alice" in page


def test_typed_values_are_checked_against_the_schema_types(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    token = token_of(c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text)
    sha = shas[PINGTAN]
    assert decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="typed", value="-3")[0] == 422
    assert decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="typed", value="1e3")[0] == 422
    assert decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="candidate", candidate=7)[0] == 422
    assert decide(c, token, sha256=sha, key="t2.nothing.here", action="accept")[0] == 422
    assert decide(c, token, sha256="../../etc/passwd", key="t2.normative_docs.issued", action="accept")[0] == 422
    assert decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="delete")[0] == 422
    assert decide(c, token, sha256=sha, key="t2.fees.amount", action="typed", value="12.5") == \
        (200, {"ok": True, "review_id": 1})  # money, 万元
    assert decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="typed", value="")[0] == 200  # blank
    with Store.open(path) as s:
        assert s.reviews().new_value.tolist()[0] == 12.5
        assert s.reviews().new_value.isna().tolist()[1]


@pytest.mark.parametrize("text, vtype, value", [
    ("12", "count", 12), ("1,204", "count", 1204), ("", "count", None), ("/", "count", None),
    ("-3", "signed", -3), ("+4", "signed", 4), ("12.5", "money_wan", 12.5), ("7", "money_wan", 7),
    ("-3", "count", ValueInputError), ("3.5", "count", ValueInputError), ("1.5", "signed", ValueInputError),
    ("1e3", "money_wan", ValueInputError), ("12.1234567", "money_wan", ValueInputError),
    ("99999999999999", "count", ValueInputError),
])
def test_typed_text_to_value(text: str, vtype: str, value: object) -> None:
    if value is ValueInputError:
        with pytest.raises(ValueInputError):
            parse_typed(text, vtype)  # type: ignore[arg-type]
    else:
        assert parse_typed(text, vtype) == value  # type: ignore[arg-type]


def test_a_decision_on_a_cell_read_again_since_the_page_loaded_is_refused(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    token = token_of(c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text)
    status, body = decide(c, token, sha256=shas[PINGTAN], key="t2.normative_docs.issued", action="candidate",
                          candidate=1, seen_raw="6")  # the page showed another reading
    assert status == 409 and "reload the page" in body["error"]
    assert decide(c, token, sha256=shas[PINGTAN], key="t2.normative_docs.issued", action="candidate",
                  candidate=1, seen_raw="69")[0] == 200


def test_writes_need_the_csrf_token_json_and_a_local_host(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    body = {"sha256": shas[PINGTAN], "key": "t2.normative_docs.issued", "action": "accept"}
    assert c.post("/api/decide", json=body).status_code == 403
    assert c.post("/api/decide", json=body, headers={"X-CSRF-Token": "guess"}).status_code == 403
    token = token_of(c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text)
    assert c.post("/api/decide", data=body, headers={"X-CSRF-Token": token}).status_code == 415
    assert c.get("/", headers={"Host": "attacker.example"}).status_code == 400  # DNS rebinding
    page = c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]  # no keystrokes from a frame
    assert page.headers["x-frame-options"] == "DENY"
    with Store.open(path) as s:
        assert s.reviews().empty


def test_paths_come_from_the_store_only(store: tuple[Path, dict], tmp_path: Path) -> None:
    path, shas = store
    c = client(path)
    assert c.get("/crop/..%2F..%2Fetc%2Fpasswd/t4.review.total.png").status_code == 404
    assert c.get(f"/crop/{'0' * 64}/t4.review.total.png").status_code == 404
    assert c.get(f"/cell/{shas[HONGZE]}/..%2F..%2Fetc").status_code == 404
    # a stored file that changed since it was read is not shown: its positions no longer hold
    moved = tmp_path / "pingtan.txt"
    moved.write_text("not the report", encoding="utf-8")
    with Store.open(path) as s:
        s.conn.execute("UPDATE paths SET path = ? WHERE sha256 = ?", (str(moved), shas[PINGTAN]))
    page = c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text
    assert "not available unchanged" in page and "not the report" not in page


def test_undo_withdraws_only_ones_own_latest_decision(store: tuple[Path, dict]) -> None:
    path, shas = store
    alice, bob = client(path, "alice"), client(path, "bob")
    url = f"/cell/{shas[HONGZE]}/t4.review.total"
    ta, tb = token_of(alice.get(url).text), token_of(bob.get(url).text)
    _, first = decide(alice, ta, sha256=shas[HONGZE], key="t4.review.total", action="document_wrong")
    r = bob.post("/api/undo", json={"review_id": first["review_id"]}, headers={"X-CSRF-Token": tb})
    assert r.status_code == 422 and "not bob's latest" in r.json()["error"]
    r = alice.post("/api/undo", json={"review_id": first["review_id"]}, headers={"X-CSRF-Token": ta})
    assert r.json() == {"ok": True, "sha256": shas[HONGZE], "key": "t4.review.total"}
    row = final(path, shas[HONGZE], "t4.review.total")
    assert (row["reviewed"], row["final_value"]) == (0, 0)


def test_two_reviewers_writing_at_once_lose_nothing(store: tuple[Path, dict]) -> None:
    path, shas = store
    keys = ["t4.review.total", "t4.review.upheld", "t4.review.corrected", "t4.review.other", "t4.review.pending"]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def review(who: str) -> None:
        try:
            barrier.wait()
            for i in range(20):
                key = keys[i % len(keys)]
                record_decision(path, Decision(shas[HONGZE], key, "typed", typed=str(i)), who)
        except BaseException as exc:  # collected and re-raised in the test thread
            errors.append(exc)

    threads = [threading.Thread(target=review, args=(who,)) for who in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Store.open(path) as s:
        reviews = s.reviews()
    assert sorted(reviews.groupby("reviewer").size().items()) == [("alice", 20), ("bob", 20)]
    assert sorted(reviews[reviews.reviewer == "bob"].new_value.tolist()) == list(range(20))


def test_reextraction_keeps_unchanged_reviews_and_reopens_changed_ones(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    sha = shas[PINGTAN]
    token = token_of(c.get(f"/cell/{sha}/t2.normative_docs.issued").text)
    decide(c, token, sha256=sha, key="t2.normative_docs.issued", action="candidate", candidate=1)
    decide(c, token, sha256=sha, key="t2.normative_docs.repealed", action="candidate", candidate=0)
    rec = record(REAL / PINGTAN)
    with Store.open(path) as s:  # the same reading again (an upgrade that changed nothing here)
        s.write_document(rec)
    assert final(path, sha, "t2.normative_docs.issued")["final_value"] == 6
    changed = copy.deepcopy(rec.report)  # an upgrade now reads 'repealed' as 9 from the same text
    assert changed is not None
    changed.cells["t2.normative_docs.repealed"] = 9
    changed.provenance["t2.normative_docs.repealed"].raw = "9"
    rec.report = changed
    with Store.open(path) as s:
        s.write_document(rec)
        stale = dict(zip(s.reviews().key, s.reviews().stale))
    assert stale == {"t2.normative_docs.issued": 0, "t2.normative_docs.repealed": 1}
    assert final(path, sha, "t2.normative_docs.issued")["decided_by"] == "human"
    reopened = final(path, sha, "t2.normative_docs.repealed")
    assert (reopened["reviewed"], reopened["final_value"]) == (0, 9)
    page = c.get(f"/cell/{sha}/t2.normative_docs.repealed").text
    assert "re-opened: the cell changed" in page and "decided by" not in page


def test_cli_registers_review_and_names_a_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    args = build_parser().parse_args(["review", "x.sqlite", "--port", "9000", "--reviewer", "li"])
    assert (args.store, args.port, args.host, args.reviewer) == ("x.sqlite", 9000, "127.0.0.1", "li")
    assert main(["review", str(tmp_path / "none.sqlite")]) == 1
    assert "none.sqlite: no such store" in capsys.readouterr().err


def test_document_page_lists_its_flags_with_candidates_and_decisions(store: tuple[Path, dict]) -> None:
    path, shas = store
    c = client(path)
    token = token_of(c.get(f"/cell/{shas[PINGTAN]}/t2.normative_docs.issued").text)
    decide(c, token, sha256=shas[PINGTAN], key="t2.normative_docs.in_force", action="candidate", candidate=2)
    page = c.get(f"/doc/{shas[PINGTAN]}").text
    assert "1</b> of <b>3</b> reviewed" in page
    assert page.count("<tr><td><a href=") == 3 and "of 665, 3665, 65, 5" in page
    assert "candidate → 65 (alice)" in page


@pytest.mark.slow
@pytest.mark.xdist_group(SCAN.name)  # the golden scan's group: its report is read once for both
def test_scan_crop_outlines_the_cell_on_the_page_as_ocr_straightened_it(tmp_path: Path) -> None:
    """A scanned PDF printed a quarter turn off: the OCR's boxes are pixels of the turned, deskewed
    page, so the crop must be of that page; the outlined box then holds the printed number."""
    import numpy as np
    import pytesseract
    from PIL import Image

    scan = SCAN
    expected = 1263  # t3.new.total in the document's expected.json
    path = tmp_path / "scan.sqlite"
    with Store.open(path) as s:
        s.write_document(record(scan, report_cached(scan, "ocr")))  # as tests/test_golden_synthetic.py reads it
    sha = file_sha256(scan)
    r = client(path).get(f"/crop/{sha}/t3.new.total.png")
    assert r.status_code == 200
    img = np.asarray(Image.open(io.BytesIO(r.content)).convert("RGB"))
    red = np.all(img == (220, 30, 30), axis=2)
    ys, xs = np.nonzero(red)
    inside = Image.fromarray(img[ys.min() + 6:ys.max() - 5, xs.min() + 6:xs.max() - 5]).convert("L")
    text = pytesseract.image_to_string(inside, config="--psm 7 -c tessedit_char_whitelist=0123456789")
    assert text.strip() == str(expected)


def test_text_excerpt_marks_the_cell_and_the_cells_tied_to_it() -> None:
    import gktables
    from gktables.review.sources import text_excerpt

    doc = REAL / "000_3ce49ca6a780e69a.txt"
    report = gktables.extract(doc)
    key = "t3.result.granted.research"  # 0 read where a cell of its row is missing: its row is ambiguous
    warning = next(w for w in report.warnings if key in w.keys)
    tied = [k for k in warning.keys if k != key and report.provenance[k].span]
    assert len(tied) >= 3
    excerpt = text_excerpt(doc, report.provenance[key].span, [report.provenance[k].span for k in tied])  # type: ignore[misc]
    marked = {mark: "".join(t for t, m in excerpt.runs if m == mark) for mark in ("this", "tied")}
    assert marked["this"] == report.provenance[key].raw == "0"
    assert marked["tied"] == "".join(report.provenance[k].raw for k in tied)
    # the cell with no characters of its own ('' read, placed by the checks) is shown by its row's text
    assert report.provenance["t3.result.granted.commercial"].span is None
    around = text_excerpt(doc, None, [report.provenance[k].span for k in tied])  # type: ignore[misc]
    assert not any(m == "this" for _, m in around.runs) and any(m == "tied" for _, m in around.runs)
    shown = "".join(t for t, _ in excerpt.runs)
    assert shown == doc.read_text(encoding="utf-8")[excerpt.start:excerpt.start + len(shown)]


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed")
def test_pdf_read_through_its_text_shows_the_row_and_says_why(tmp_path: Path) -> None:
    """The scraped pingtan page printed to PDF: no table grid, so the PDF is read through its text and
    its cells carry character offsets of that text, not page positions."""
    import subprocess

    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(REAL / PINGTAN)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / PINGTAN.replace(".txt", ".pdf")
    path = tmp_path / "pdf.sqlite"
    with Store.open(path) as s:
        s.write_document(record(pdf))
    page = client(path).get(f"/cell/{file_sha256(pdf)}/t2.normative_docs.issued")
    assert page.status_code == 200
    assert "read from the document&#39;s extracted text, which records no page position" in page.text
    assert "69 <kbd>1</kbd>" in page.text and "6 <kbd>2</kbd>" in page.text
