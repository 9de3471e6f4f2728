"""The site as a person uses it: Playwright drives Debian's chromium against `newsdesk serve`
(uvicorn on loopback) over the demo corpus, published end to end by `newsdesk run --demo`.
Screenshots are kept in tests/artifacts/ (or $NEWSDESK_ARTIFACTS)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.helpers import free_port, serving

# The first test here may be the one that runs the demo pipeline (the session's `demo_run`,
# minutes on 2 cores); its time counts against the test's limit.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

ARTIFACTS = Path(os.environ.get("NEWSDESK_ARTIFACTS", Path(__file__).parent / "artifacts"))


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("browser tests need chromium (apt-get install chromium)")
    return found


@pytest.fixture(scope="module")
def site_url(demo_run: tuple[Path, str]) -> Iterator[str]:
    home, _ = demo_run
    env = {"NEWSDESK_HOME": str(home)}
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "newsdesk", "serve", "--port", str(port)]
    with serving(command, f"{url}/healthz", env):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield b
        b.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)  # type: ignore[attr-defined]


def test_a_reader_opens_a_story_hovers_a_citation_and_switches_length(
    site_url: str, browser: object
) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(site_url + "/")
    expect(page.locator("h2#h-latest")).to_be_visible()
    cards = page.locator("article.card")
    assert cards.count() >= 20  # the demo corpus: 80 stories
    _shot(page, "front")

    # A story with several sources.
    link = page.locator("article.card", has_text="independent sources").first.locator("h3 a")
    headline = link.inner_text()
    link.click()
    expect(page.locator("article.story h1")).to_have_text(headline)
    expect(page.locator("nav.styles a[aria-current='page']")).to_have_text("Standard")

    # Hover a citation: the cited source sentence shows; keyboard focus shows it too.
    cite = page.locator("a.cite").first
    tip = cite.locator(".said")
    expect(tip).to_be_hidden()
    cite.hover()
    expect(tip).to_be_visible()
    assert len(tip.inner_text()) > 20
    _shot(page, "story-citation-hover")
    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    cite.focus()
    expect(tip).to_be_visible()

    # Switch to the brief and the in-depth versions: shorter, then longer.
    def words() -> int:
        return len(page.locator("article.story").inner_text().split())

    standard = words()
    page.locator("nav.styles a", has_text="Brief").click()
    expect(page.locator("nav.styles a[aria-current='page']")).to_have_text("Brief")
    assert words() < standard
    _shot(page, "story-brief")
    page.locator("nav.styles a", has_text="In-depth").click()
    expect(page.locator("article.story")).to_have_attribute("data-style", "in-depth")
    assert words() >= standard

    # Version history: open version 1, and the verification report behind it.
    page.locator("section.versions a", has_text="Version 1").click()
    expect(page.locator("article.story h1")).to_be_visible()
    report = page.locator("a", has_text="verification report").get_attribute("href")
    assert report
    assert httpx.get(site_url + report).json()["version"] == 1
    _shot(page, "story-versions")
    assert not errors, errors  # no CSP violation, no failed asset
    page.close()


def test_keyboard_and_small_screens(site_url: str, browser: object) -> None:
    from playwright.sync_api import expect

    page = browser.new_page(viewport={"width": 380, "height": 800})  # type: ignore[attr-defined]
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    # Nothing wider than the screen: the layout reflows.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    _shot(page, "front-mobile")
    page.fill("#q", "Reid")
    page.keyboard.press("Enter")
    expect(page.locator(".found")).to_contain_text("Search: Reid")
    assert page.locator("article.card").count() >= 1
    page.close()
