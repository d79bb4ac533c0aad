"""The analyst page in headless Chromium (Playwright), against the app served by uvicorn on 127.0.0.1."""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from eventwire.web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing: install Debian's chromium")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(seeds_db: Path) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(seeds_db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(5)


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 850}, base_url=base_url)
        pg = context.new_page()
        errors: list[str] = []
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(base_url + "/")
        yield pg
        assert not errors, errors  # includes CSP violations, which Chromium reports on the console
        browser.close()


def test_filter_open_event_and_see_the_evidence(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    expect(page.locator("#events-table tbody tr").first).to_be_visible()
    page.fill("input[name=source]", "CHN")
    page.fill("input[name=target]", "NATO")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#events-status")).to_contain_text("events")
    rows = page.locator("#events-table tbody tr")
    expect(rows.first).to_contain_text("CHN")
    for i in range(rows.count()):
        cells = rows.nth(i).locator("td")
        assert cells.nth(1).inner_text().startswith("CHN") and cells.nth(3).inner_text().startswith("NATO")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "events-table.png"))
    doc, idx = rows.first.get_attribute("data-doc"), rows.first.get_attribute("data-idx")
    evidence = page.request.get(f"/api/mentions/{doc}/{idx}").json()["mention"]["evidence"]
    # keyboard only: Tab from the Apply button reaches the first row, Enter opens it
    page.get_by_role("button", name="Apply").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "TR":
            break
    assert page.evaluate("document.activeElement.dataset.idx") == idx
    page.keyboard.press("Enter")
    mark = page.locator("#article-text mark.evidence")
    expect(mark).to_be_visible()
    assert mark.text_content() == evidence
    expect(page.locator("#article-text .quote").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "event-evidence.png"), full_page=False)
    page.click("#back")
    expect(page.locator("#view-events")).to_be_visible()


def test_timeline_network_and_stories_views(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.get_by_role("button", name="Dyad timeline").click()
    page.fill("#timeline-form input[name=source]", "NATO")
    page.fill("#timeline-form input[name=target]", "CHN")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#timeline-status")).to_contain_text("NATO → CHN")
    expect(page.locator("#timeline-chart svg rect").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "timeline.png"))
    page.get_by_role("button", name="Actor network").click()
    expect(page.locator("#network-chart svg g.node").first).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "network.png"))
    page.get_by_role("button", name="Stories").click()
    status = page.locator("#stories-status")
    expect(status).not_to_be_empty()
    assert "No stories yet" in status.inner_text() or "stories" in status.inner_text()
    page.screenshot(path=str(ARTIFACTS / "stories.png"))
    # a node opens the events of that actor
    page.get_by_role("button", name="Actor network").click()
    page.locator("#network-chart g.node", has_text="JPN").first.click()
    expect(page.locator("#view-events")).to_be_visible()
    expect(page.locator("input[name=actor]")).to_have_value("JPN")


def test_map_view_draws_event_places(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.get_by_role("button", name="Map").click()
    expect(page.locator("#map-status")).to_contain_text("events placed")
    expect(page.locator("#map-chart .leaflet-interactive").first).to_be_visible()
    expect(page.locator("#map-chart .leaflet-tooltip", has_text="Tokyo").first).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "event-map.png"))


def test_map_has_a_world_basemap(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    page.goto(page.url.split("#")[0] + "#map")
    expect(page.locator("#map-status")).to_contain_text("events placed")
    countries = page.locator("#map-chart .leaflet-overlay-pane path")
    expect(countries.first).to_be_attached()
    assert countries.count() > 100  # Natural Earth's 177 countries, drawn offline from the vendored file
    page.screenshot(path=str(ARTIFACTS / "map-basemap.png"))


def test_every_view_and_event_has_a_url_and_back_and_forward_work(page: object) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page)
    root = page.url.split("#")[0]
    page.goto(root + "#events?source=CHN&target=NATO")
    rows = page.locator("#events-table tbody tr")
    expect(rows.first).to_contain_text("CHN")
    expect(page.locator("#filters input[name=source]")).to_have_value("CHN")
    rows.first.click()
    expect(page).to_have_url(re.compile(r"#event/[0-9a-f]{16}/\d+$"))  # wait for the state, never sleep
    expect(page.locator("#article-text mark.evidence")).to_be_visible()
    doc, idx = page.url.rsplit("/", 2)[-2:]
    evidence = page.request.get(f"/api/mentions/{doc}/{idx}").json()["mention"]["evidence"]
    assert page.locator("#article-text mark.evidence").text_content() == evidence
    page.go_back()
    expect(page).to_have_url(re.compile(r"#events\?source=CHN&target=NATO$"))
    expect(page.locator("#view-events")).to_be_visible()
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"#event/{doc}/{idx}$"))
    expect(page.locator("#article-text mark.evidence")).to_be_visible()
    page.goto(root + "#timeline?source=NATO&target=CHN")  # a bookmarked view opens as it was
    expect(page.locator("#timeline-status")).to_contain_text("NATO → CHN")
    page.get_by_role("button", name="Actor network").click()
    expect(page.locator("#network-chart svg g.node").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"#network$"))
    page.go_back()
    expect(page.locator("#view-timeline")).to_be_visible()


def test_an_unknown_event_replaces_the_view_with_its_error(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page) and page.context.browser is not None
    # a context of its own: the 404 it provokes is logged on its console, not on the shared page's
    context = page.context.browser.new_context(base_url=base_url)
    try:
        page = context.new_page()
        page.goto("/#events")
        page.locator("#events-table tbody tr").first.click()
        expect(page.locator("#quote-list li").first).to_be_visible()
        page.goto("/#event/0000000000000000/0")
        expect(page.locator("#article-text")).to_contain_text("Could not load the event")
        for part in ("#event-summary", "#article-title", "#quote-list", "#mention-list"):
            assert not page.locator(part).is_visible() or page.locator(part).inner_text() == "", part
        page.screenshot(path=str(ARTIFACTS / "event-error.png"))
    finally:
        context.close()


def test_the_page_fits_a_phone(page: object, base_url: str) -> None:
    from playwright.sync_api import Page, expect

    assert isinstance(page, Page) and page.context.browser is not None
    context = page.context.browser.new_context(base_url=base_url, viewport={"width": 420, "height": 860})
    try:
        page = context.new_page()
        for view in ("#events", "#map", "#timeline?source=NATO&target=CHN"):
            page.goto("/" + view)
            expect(page.locator("main .view:not([hidden])")).to_be_visible()
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 420, (view, width)  # nothing wider than the screen: no sideways scrolling
        page.goto("/#events")
        expect(page.locator("#events-table tbody tr").first).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-events.png"))
    finally:
        context.close()
