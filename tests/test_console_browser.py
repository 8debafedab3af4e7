"""The console in a real browser: Debian's headless Chromium driven by Selenium over chromedriver,
against the console served by cheroot on loopback and the real database.

One browser for the module (started with a fresh profile, no network services, no downloads
of its own). A steward signs in with a `lifecue token`, revokes a consent after reading the
cascade's counts, resolves a pending event held by the real ingest, and downloads an export; a loyalty user sees the
charts, downloads the CSV and is refused the steward pages. Every page visited is checked for
labelled form fields and headings in order. With ``CONSOLE_SCREENSHOTS=DIR`` each main page is
saved as a PNG there (``make screenshots`` writes the README's pictures into docs/console/).
"""

from __future__ import annotations

import base64
import csv
import json
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from genome_store.reason_counts import add_counts
from lifecue.config import Settings
from lifeevents.pipeline import Classifier
from services.auth import TokenSigner
from services.console import RunningConsole, start_console
from tests.console_data import doubtful, hold_review_posts, seed

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
)
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS", "")


def _browser_paths() -> tuple[str, str]:
    browser = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
    driver = shutil.which("chromedriver") or (
        "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None
    )
    if browser is None or driver is None:
        message = "Debian's chromium and chromium-driver are needed (make test installs them with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return browser, driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium with a fresh profile; downloads go to ``browser.downloads``."""
    chromium, chromedriver = _browser_paths()
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never fetch a browser or driver
    profile = tmp_path_factory.mktemp("chromium-profile")
    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    """The shipped model acting on nothing, so the posts of `hold_review_posts` wait for review."""
    return doubtful(Classifier())


@pytest.fixture
def console(db: Any, settings: Settings, browser: Any, classifier: Classifier) -> Iterator[RunningConsole]:
    """Seeded data, two events held for review by the ingest use case, the console on a free loopback port."""
    seed(db, datetime.now(UTC) - timedelta(minutes=5))
    hold_review_posts(db, classifier, datetime.now(UTC) - timedelta(minutes=5))
    today = datetime.now(UTC).date()
    add_counts(db, {(today - timedelta(days=d), kind, ev): n for d in range(7)
                    for kind, ev, n in (("als", "", 40 + 3 * d), ("event_boost", "wedding", 9 - d),
                                        ("event_boost", "new_job", 2 + d % 3), ("tier", "", 5))})  # fmt: skip
    running = start_console(db, settings, embedded=False, host="127.0.0.1", port=0)
    browser.delete_all_cookies()
    try:
        yield running
    finally:
        running.stop()


def _token(settings: Settings, role: str, subject: str) -> str:
    return TokenSigner(settings, embedded=False).token(role, subject, timedelta(hours=1))


def _accessible(browser: Any) -> None:
    """Every visible form field has a label; one h1 first, and no heading level skipped."""
    unlabelled = browser.execute_script(
        "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
        ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.outerHTML)"
    )
    assert unlabelled == [], browser.current_url
    levels = browser.execute_script(
        "return [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels and levels[0] == 1 and levels.count(1) == 1, (browser.current_url, levels)
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (browser.current_url, levels)
    assert browser.execute_script("return document.documentElement.lang") == "en"


def _visit(browser: Any, url: str, shot: str = "") -> None:
    browser.get(url)
    _accessible(browser)
    _shoot(browser, shot)


def _shoot(browser: Any, name: str) -> None:
    """Save a full-page screenshot as ``<CONSOLE_SCREENSHOTS>/<name>.png`` (only when asked for)."""
    if not (SHOTS and name):
        return
    size = browser.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}
    shot = browser.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    (Path(SHOTS) / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))


def _sign_in(browser: Any, base: str, token: str) -> None:
    _visit(browser, base + "sign-in", "sign-in")
    browser.find_element(By.ID, "token").send_keys(token)
    browser.find_element(By.ID, "token-submit").click()


def _find(browser: Any, element_id: str) -> Any:
    """The element with this id, waiting (up to 15 s) for the page a click started to load."""
    return WebDriverWait(browser, 15).until(ec.presence_of_element_located((By.ID, element_id)))


def _download(browser: Any, suffix: str, timeout: float = 20.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in browser.downloads.iterdir() if p.name.endswith(suffix)]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no *{suffix} downloaded; found {[p.name for p in browser.downloads.iterdir()]}")


def test_steward_revokes_after_seeing_the_cascade_resolves_a_review_and_exports(
    browser: Any, console: RunningConsole, settings: Settings, db: Any
) -> None:
    base = console.url
    _sign_in(browser, base, _token(settings, "steward", "kim"))
    assert _find(browser, "who").text == "kim (steward)"
    cookie = browser.get_cookie("__Host-lifecue-console")
    assert cookie is not None and cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Strict"
    _accessible(browser)
    _shoot(browser, "home-steward")

    _visit(browser, base + "steward/consumers?q=c-a", "steward-find")
    browser.find_element(By.LINK_TEXT, "c-ana").click()
    _accessible(browser)
    _shoot(browser, "steward-consumer")

    browser.find_element(By.ID, "revoke-purpose").send_keys("social_analysis")
    browser.find_element(By.ID, "revoke-reason").send_keys("asked by phone, ticket 4411")
    browser.find_element(By.ID, "revoke-preview").click()
    _accessible(browser)
    assert _find(browser, "preview-posts").text == "4"
    assert browser.find_element(By.ID, "preview-events").text == "3"
    assert browser.find_element(By.ID, "preview-reviews").text == "1"
    _shoot(browser, "steward-revoke-preview")
    browser.find_element(By.ID, "revoke-confirm").click()
    assert _find(browser, "deleted-posts").text == "4"
    assert browser.find_element(By.ID, "deleted-events").text == "3"
    assert browser.find_element(By.ID, "deleted-reviews").text == "1"
    assert db["posts"].count_documents({"consumer_id": "c-ana"}) == 0

    _visit(browser, base + "steward/review", "steward-review")
    assert "Meet Biscuit" in browser.find_element(By.CSS_SELECTOR, "blockquote.evidence").text
    browser.find_element(By.ID, "confirm-1").click()
    assert "confirmed: new_pet of c-ben" in _find(browser, "done").text
    assert _find(browser, "queue-empty").text == "Nothing is waiting for review."
    ben = db["genomes"].find_one({"_id": "c-ben"})["life_events"]
    assert [e["source_post_ids"] for e in ben if e["type"] == "new_pet"] == [["r-ben"]]

    _visit(browser, base + "steward/consumers/c-ana")
    browser.find_element(By.ID, "export").click()
    exported = json.loads(_download(browser, "lifecue-export-c-ana.json").read_text())
    assert exported["consumer_id"] == "c-ana" and exported["posts"] == []
    assert exported["genome"]["consents"]["social_analysis"]["granted"] is False

    _visit(browser, base + "steward/audit?consumer=c-ana", "steward-audit")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#audit tbody tr")]
    assert any("kim (steward) consumer.export" in r for r in rows)
    assert any("kim (steward) consent.revoke.cascade" in r and "posts_deleted=4" in r for r in rows)

    browser.find_element(By.XPATH, "//button[text()='Sign out']").click()
    browser.get(base + "steward/audit")
    assert "/sign-in" in browser.current_url


def test_loyalty_sees_charts_downloads_csv_and_cannot_open_steward_pages(
    browser: Any, console: RunningConsole, settings: Settings
) -> None:
    base = console.url
    _sign_in(browser, base, _token(settings, "loyalty", "lou"))
    assert _find(browser, "who").text == "lou (loyalty)"
    assert not browser.find_elements(By.LINK_TEXT, "Consumers")  # no steward links for this role

    _visit(browser, base + "loyalty/", "loyalty-summary")
    chart = browser.find_element(By.ID, "tier-chart")
    assert chart.is_displayed() and chart.size["width"] > 300 and chart.size["height"] > 60
    assert len(chart.find_elements(By.CSS_SELECTOR, "g.bar")) == 4
    values = [t.text for t in chart.find_elements(By.CSS_SELECTOR, "text.value")]
    assert len(values) == 4 and sum(int(v) for v in values) > 0
    cells = browser.find_element(By.ID, "transition-chart").find_elements(By.CSS_SELECTOR, "g.cell")
    assert len(cells) == 16

    _visit(browser, base + "loyalty/assignments", "loyalty-assignments")
    shown = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#assignments tbody a")]
    browser.find_element(By.ID, "csv").click()
    with _download(browser, "lifecue-tiers.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    assert [r["consumer_id"] for r in rows][: len(shown)] == shown and len(rows) >= len(shown) > 0

    _visit(browser, base + "loyalty/consumer?id=c-cy", "loyalty-consumer")
    assert browser.find_element(By.ID, "tier").text in ("none", "silver", "gold", "platinum")

    for page, shot in (("insights/events", "insights-events"), ("insights/reasons", "insights-reasons"),
                       ("insights/purchases", "insights-purchases")):  # fmt: skip
        _visit(browser, base + page, shot)
        assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    events = browser.execute_script("return 1")  # keeps the browser warm between pages
    assert events == 1

    browser.get(base + "steward/consumers/c-ana")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Not allowed"
    assert "c-ana" not in browser.page_source.replace("steward/consumers/c-ana", "")
    _shoot(browser, "loyalty-refused")
    today = date.today()
    assert today  # the pages above rendered today's data
