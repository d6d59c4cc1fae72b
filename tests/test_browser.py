"""The published site as a person uses it, in a real headless Chromium: search, item, owner.

Needs Debian's chromium at /usr/bin/chromium and the playwright package (.ci/run installs
both). Screenshots go to test-output/screenshots/.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from onrecord.cli import cli
from tests.conftest import ROOT, SAMPLES

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
WORD = "damp"  # from action A2 of samples/action-log-2026.pdf

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "onrecord.db"
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES), "-d", str(path), "--silent"])
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def server(sample_db) -> Iterator[str]:
    """A real `onrecord serve` on a free local port; yields its base URL."""
    port = _free_port()
    command = [sys.executable, "-c", "from onrecord.cli import cli; cli()", "serve", str(sample_db)]
    command += ["--port", str(port)]
    log = sample_db.with_suffix(".log")
    with log.open("w") as out:  # a file, not a pipe: a full pipe would stall the server
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_for(port, process, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: apt-get install -y chromium")
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"onrecord serve exited: {log.read_text()}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail(f"onrecord serve did not listen on port {port} within {timeout}s")


def test_search_to_item_shows_the_page_with_the_passage_highlighted(server, browser, sample_db):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/-/onrecord/search")
    page.fill("input[name=q]", WORD)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".onrecord-item-result")
    first = page.locator(".onrecord-item-link").first
    assert WORD in first.inner_text().lower()
    page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)

    first.click()
    page.wait_for_selector("#page-image img")
    page.wait_for_function("document.querySelector('#page-image img').naturalWidth > 0")
    item_id = page.url.rsplit("/", 1)[1]
    item = (
        Database(sample_db)
        .execute(
            "select items.text, items.page, items.bbox, documents.path, documents.id from items"
            " join documents on documents.id = items.document where items.id = ?",
            [item_id],
        )
        .fetchone()
    )
    text, number, bbox, pdf_path, document_id = item
    assert WORD in text.lower()
    _assert_highlight_inside_box(page, Path(pdf_path), number, json.loads(bbox), text)
    source = page.locator("a.onrecord-source")
    assert source.get_attribute("href") == f"/-/onrecord/source/{document_id}#page={number}"
    assert (
        page.request.get(server + source.get_attribute("href")).headers["content-type"]
        == "application/pdf"
    )
    page.screenshot(path=str(SCREENSHOTS / "item.png"), full_page=True)

    page.locator("a.onrecord-owner").first.click()
    page.wait_for_selector(".onrecord-owner-page")
    assert page.locator(f"a[href='/-/onrecord/item/{item_id}']").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "owner.png"), full_page=True)


def _assert_highlight_inside_box(
    page, pdf_path: Path, number: int, bbox: list[float], text: str
) -> None:
    """The highlight sits inside the passage's box, and the box holds the passage's words."""
    image = page.locator("#page-image img").bounding_box()
    mark = page.locator("#passage").bounding_box()
    assert image and mark and mark["width"] > 5 and mark["height"] > 5
    with pdfplumber.open(pdf_path) as pdf:
        pdf_page = pdf.pages[number - 1]
        scale = image["width"] / float(pdf_page.width)
        x0, top, x1, bottom = bbox
        expected = {
            "x": image["x"] + x0 * scale,
            "y": image["y"] + top * scale,
            "right": image["x"] + x1 * scale,
            "bottom": image["y"] + bottom * scale,
        }
        words = pdf_page.crop(bbox).extract_text()
    tolerance = 1.5  # pixels of rounding
    assert mark["x"] >= expected["x"] - tolerance
    assert mark["y"] >= expected["y"] - tolerance
    assert mark["x"] + mark["width"] <= expected["right"] + tolerance
    assert mark["y"] + mark["height"] <= expected["bottom"] + tolerance
    # The box is the passage's: its first words are printed inside it.
    assert " ".join(text.split()[:4]) in " ".join(words.split())


def test_home_leads_to_the_overdue_page_which_orders_by_lateness(server, browser):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/")
    assert page.locator(".onrecord-home-queries li").count() >= 10  # every canned query
    page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
    page.click(".onrecord-home-overdue a")
    page.wait_for_selector(".onrecord-overdue-page")
    rows = page.locator(".onrecord-overdue-row")
    assert rows.count() > 0
    newest = [t.get_attribute("datetime") for t in page.locator(".onrecord-late time").all()]
    assert newest == sorted(newest, reverse=True)
    first = rows.first
    assert first.locator(".onrecord-overdue").inner_text()  # how late, in words
    assert first.locator("a.onrecord-item-link").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "overdue.png"), full_page=True)
    page.click("text=longest overdue first")
    page.wait_for_url("**order=longest")
    longest = [t.get_attribute("datetime") for t in page.locator(".onrecord-late time").all()]
    assert longest == sorted(longest) and sorted(longest) == sorted(newest)
    owner = page.locator("a.onrecord-owner").first
    name = owner.inner_text()
    owner.click()
    page.wait_for_selector(".onrecord-owner-page")
    assert page.locator("h1").inner_text() == name


def test_search_finds_word_forms_filters_by_kind_and_explains_a_broken_search(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/-/onrecord/search")
    page.fill("input[name=q]", "publish")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".onrecord-item-result")
    texts = [t.lower() for t in page.locator(".onrecord-item-link").all_inner_texts()]
    assert any("publishes" in t for t in texts)  # the word's other form, by the porter stemmer
    page.fill("input[name=q]", "kind:recommendation publish")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".onrecord-item-result")
    kinds = page.locator(".onrecord-item-result .onrecord-kind").all_inner_texts()
    assert kinds and set(kinds) == {"recommendation"}
    page.screenshot(path=str(SCREENSHOTS / "search-kind.png"), full_page=True)
    page.fill("input[name=q]", "NOT publish")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".onrecord-problem")
    assert "NOT needs words before it" in page.locator(".onrecord-problem").inner_text()
    assert page.input_value("input[name=q]") == "NOT publish"
