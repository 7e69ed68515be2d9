"""Drive the review app in Debian's headless chromium: a uvicorn server in a thread and a selenium
driver, for the browser tests, the README screenshot and the review benchmark.

    # the README's screenshot: a store made by `gktables run`, one flagged cell's page
    python -m tools.review_browser docs/review.png --key t4.review.total \
        golden/real/hongze_2023.pdf golden/real/pingtan_2021_page.txt
"""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage")


def browser_available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(store: Path, reviewer: str = "tester") -> Iterator[str]:
    """The review app on 127.0.0.1 in a background thread; yields its base URL."""
    import uvicorn

    from gktables.review import make_app

    port = free_port()
    app = make_app(store, reviewer)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.config.prefetcher.close()  # no page render may outlive the server (pdfium, one thread at a time)


@contextmanager
def chromium(width: int = 1400, height: int = 1000) -> Iterator[Any]:
    """A selenium driver of Debian's chromium, headless, with a fresh profile (root needs --no-sandbox)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="gktables-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "chromium"
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        # the system driver, so that selenium never tries to download one
        driver = webdriver.Chrome(service=Service(executable_path=shutil.which("chromedriver")), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def wait_for(driver: Any, condition: str, timeout: float = 10.0) -> Any:
    """Wait until the JavaScript expression ``condition`` is truthy; returns its value."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(f"return {condition}"))
    except TimeoutException as exc:
        said = driver.execute_script("const m = document.getElementById('message'); return m && m.textContent")
        raise TimeoutException(f"waited {timeout}s for {condition} at {driver.current_url}; "
                               f"the page says: {said!r}") from exc


def screenshot(store: Path, sha256: str, key: str, out: Path) -> None:
    """A PNG of the review page of one cell, as a reviewer sees it."""
    with serving(store) as base, chromium(1400, 860) as driver:
        driver.get(f"{base}/cell/{sha256}/{key}")
        wait_for(driver, "!document.getElementById('crop') || document.getElementById('crop').complete")
        out.parent.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(out))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("files", nargs="+", type=Path, help="reports for the store; the first is shown")
    parser.add_argument("--key", required=True, help="the flagged cell of the first report to show")
    args = parser.parse_args(argv)
    from gktables.cli import main as gktables_main
    from gktables.corpus.store import file_sha256

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "corpus.sqlite"
        if gktables_main(["run", *map(str, args.files), "--store", str(store)]) != 0:
            raise SystemExit("gktables run failed")
        screenshot(store, file_sha256(args.files[0]), args.key, args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
