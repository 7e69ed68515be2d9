"""The review page in real headless chromium (Debian's chromium + chromium-driver via selenium):
flagged cells of real reports reviewed by keyboard, end to end into the store and its export."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

import csv  # noqa: E402

from gktables.cli import main  # noqa: E402
from gktables.corpus.store import Store, file_sha256  # noqa: E402
from tools.review_browser import browser_available, chromium, serving, wait_for  # noqa: E402

from .review_helpers import REAL  # noqa: E402

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not browser_available(), reason="chromium and chromedriver are not installed "
                                                                  "(bash scripts/setup.sh installs them)")]

PINGTAN = "pingtan_2021_page.txt"  # 693665 printed run together: 69 | 3 | 665, three cells with candidates
HONGZE = "hongze_2023.pdf"  # 四's review row: total 0 printed beside 10 + 1 (a failing check)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The store as `gktables run` writes it."""
    path = tmp_path_factory.mktemp("browser") / "corpus.sqlite"
    assert main(["run", str(REAL / PINGTAN), str(REAL / HONGZE), "--store", str(path)]) == 0
    return path, {name: file_sha256(REAL / name) for name in (PINGTAN, HONGZE)}


@pytest.fixture(scope="module")
def browser(store: tuple[Path, dict[str, str]]):
    with serving(store[0], reviewer="browser") as base, chromium() as driver:
        yield base, driver


def press(driver, keys: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(driver).send_keys(keys).perform()


def final(path: Path, sha256: str, key: str) -> dict:
    with Store.open(path) as s:
        frame = s.cells(final=True)
    return frame[(frame.sha256 == sha256) & (frame.key == key)].iloc[0].to_dict()


def test_pdf_crop_is_shown_and_a_typed_value_is_saved_by_keyboard(store, browser) -> None:
    path, shas = store
    base, driver = browser
    driver.get(f"{base}/cell/{shas[HONGZE]}/t4.review.total")
    # the crop is a real image of the page, loaded and wider than it is tall (a band of the page)
    size = wait_for(driver, "(() => { const i = document.getElementById('crop');"
                            " return i.complete && i.naturalWidth > 0 && [i.naturalWidth, i.naturalHeight]; })()")
    assert size[0] > 1000 and size[1] < size[0]
    reasons = driver.find_element("id", "reasons").text
    assert "is 0, but the sum of 4 cells (结果维持 + 结果纠正 + 其他结果 + 尚未审结) is 11" in reasons
    press(driver, "t")
    assert driver.switch_to.active_element.get_attribute("id") == "typed"
    press(driver, "11\n")
    wait_for(driver, "!location.pathname.endsWith('/t4.review.total')")  # moved on to the next open cell
    row = final(path, shas[HONGZE], "t4.review.total")
    assert (row["final_value"], row["decided_by"], row["reviewed"]) == (11, "human", 1)
    # j/k walk the queue: back to the reviewed cell, which shows the decision
    driver.get(f"{base}/cell/{shas[HONGZE]}/t4.lawsuit_after_review.upheld")  # next in printed order
    press(driver, "k")
    wait_for(driver, "location.pathname.endsWith('/t4.review.total')")
    assert "decided by browser: typed → 11" in driver.find_element("id", "decided").text


def test_a_candidate_chosen_by_keyboard_reaches_the_store_and_the_export(store, browser) -> None:
    path, shas = store
    base, driver = browser
    from selenium.webdriver.support.select import Select

    with Store.open(path) as s:
        before = len(s.reviews())  # the module's other test may have decided a cell, on this worker or not
    driver.get(f"{base}/")
    Select(driver.find_element("name", "table")).select_by_value("t2")  # the filter applies at once
    wait_for(driver, "location.pathname.endsWith('/t2.normative_docs.issued')")
    assert driver.find_element("id", "span").text == "693665"  # the printed run, highlighted in the text
    assert driver.find_element("id", "value").text == "69"
    press(driver, "2")  # candidate 2 of [69, 6, 693, 6936]
    wait_for(driver, "location.pathname.endsWith('/t2.normative_docs.repealed')")
    assert "1 of 3 reviewed" in driver.find_element("id", "progress").text
    with Store.open(path) as s:
        review = s.reviews().iloc[-1]
        wide = s.wide("t2")
    assert (review.reviewer, review.action, review.old_value, review.new_value) == ("browser", "candidate", 69, 6)
    assert wide[wide.sha256 == shas[PINGTAN]]["t2.normative_docs.issued"].item() == 6
    assert final(path, shas[PINGTAN], "t2.normative_docs.issued")["decided_by"] == "human"
    out = path.parent / "cells.csv"
    assert main(["export", str(path), "--format", "csv", "-o", str(out)]) == 0
    with out.open(encoding="utf-8") as fh:
        exported = [(r["value"], r["final_value"], r["reviewed"], r["decided_by"]) for r in csv.DictReader(fh)
                    if r["sha256"] == shas[PINGTAN] and r["key"] == "t2.normative_docs.issued"]
    assert exported == [("69", "6", "1", "human")]

    press(driver, "u")  # undo: the decision is withdrawn and the page goes back to the cell
    wait_for(driver, "location.pathname.endsWith('/t2.normative_docs.issued')")
    assert final(path, shas[PINGTAN], "t2.normative_docs.issued")["reviewed"] == 0
    press(driver, "9")  # no ninth candidate: said on the page, nothing written
    wait_for(driver, "document.getElementById('message').textContent.includes('no candidate 9')")
    with Store.open(path) as s:
        assert len(s.reviews()) == before  # the undone decision is gone, nothing else written
