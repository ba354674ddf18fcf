"""The example site as readers get it, in headless Chromium (issue 14): on a phone the story starts on
the first screens, and axe-core finds no accessibility violation on any kind of page, at phone and
desktop widths, in light and dark mode.

The site is built with its search index and served as a static host serves it (404.html for a
missing path). axe-core comes from the venv's npm prefix (`make test` installs it there).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build.builder import BuildOptions, run_build
from tests.conftest import REPO_ROOT
from tests.serving import static_host

AXE = Path(sys.prefix) / "lib/node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PHONE = {"viewport": {"width": 360, "height": 800}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
CLOUD = "2026/03/cloud-outage-config-push/"  # a lead image, corrections, footnotes, code
# Every kind of page the site has, by what it is.
PAGES = {
    "front page": "",
    "article with corrections and footnotes": CLOUD,
    "review with a verdict": "2026/11/kestrel-27-oled-monitor-review/",
    "live story": "2026/11/halvard-2027-laptops-live/",
    "expired story": "2026/08/back-to-school-laptop-deals/",
    "tag page": "tags/chips/",
    "all tags": "tags/",
    "all authors": "authors/",
    "author page": "authors/hanne-solberg/",
    "archive": "archive/",
    "archive year": "archive/2026/",
    "search results": "search/?q=lithium",
    "not found": "no-such-page/",
    "standalone page": "about/",
    "gone": "2026/04/benchmark-leak-retracted/",
}
# A page is ready for axe once its script-made parts are there: Pagefind's results.
SEARCH_RESULTS_SHOWN = """() => {
    const message = document.querySelector('.pagefind-ui__message')?.innerText || '';
    const links = document.querySelectorAll('.pagefind-ui__result-link').length;
    return links > 0 && parseInt(message, 10) === links;
}"""
AXE_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(results =>
    results.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(' ')).join(', ')}`))"""


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site, built with its search index and served; yields its URL."""
    root = tmp_path_factory.mktemp("reader") / "www"
    root.mkdir()
    with static_host(root) as base_url:
        run_build(BuildOptions(REPO_ROOT, root, base_url=base_url, jobs=1))  # raises SiteError on an error
        yield base_url


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = f"axe-core is not installed at {AXE}; `make test` installs it (see the Makefile)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _top(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top + window.scrollY")


def test_on_a_phone_a_corrected_story_starts_within_the_first_screen_and_a_third(published: str, browser) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(published + CLOUD)
    # What comes before the text on this story: a banner, a lead image, corrections and key points.
    for furniture in (".breaking", ".story-figure img", ".updates-flag", ".key-points"):
        assert page.locator(furniture).is_visible(), furniture
    assert _top(page, ".prose > p") <= 1.3 * 800
    context.close()


@pytest.mark.parametrize("path", ["", CLOUD, "tags/chips/"])
def test_on_a_phone_the_masthead_is_one_row_above_one_row_of_sections(published: str, browser, path: str) -> None:
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(published + path)
    assert page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().height") <= 120
    assert page.locator(".search-link").is_visible()
    assert not page.locator(".site-search").is_visible() and not page.locator(".tagline").is_visible()
    tops = page.eval_on_selector_all(".site-nav li", "items => items.map(i => i.getBoundingClientRect().top)")
    assert len(tops) >= 6 and len(set(tops)) == 1, tops
    assert page.eval_on_selector(".site-nav ul", "ul => ul.scrollWidth > ul.clientWidth"), "the row scrolls"
    context.close()


def test_without_javascript_the_phone_search_link_leads_to_the_search_page(published: str, browser) -> None:
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(published + CLOUD)
    page.locator(".search-link").click()
    page.wait_for_url(published + "search/")
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    context.close()


def test_on_a_wide_screen_the_search_box_shows_and_the_lead_picture_fits_the_screen(published: str,
                                                                                     browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 700})
    page = context.new_page()
    page.goto(published + CLOUD)
    assert page.get_by_label("Search The Circuit Desk").is_visible()
    assert not page.locator(".search-link").is_visible()
    height = page.eval_on_selector(".story-figure img", "img => img.getBoundingClientRect().height")
    assert 0 < height <= 0.6 * 700 + 1
    context.close()


def test_dark_mode_has_its_own_red_and_dims_pictures(published: str, browser) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(**DESKTOP, color_scheme=scheme)
        page = context.new_page()
        page.goto(published + CLOUD)
        colours[scheme] = page.eval_on_selector(".site-header", "e => getComputedStyle(e).borderTopColor")
        dimmed = page.eval_on_selector(".story-figure img", "img => getComputedStyle(img).filter")
        assert dimmed == ("brightness(0.9)" if scheme == "dark" else "none")
        context.close()
    assert colours == {"light": "rgb(192, 16, 44)", "dark": "rgb(242, 85, 85)"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_axe_finds_no_violation_on_any_kind_of_page(published: str, browser, axe_source: str, device: str,
                                                   scheme: str) -> None:
    context = browser.new_context(**(PHONE if device == "phone" else DESKTOP), color_scheme=scheme)
    page = context.new_page()
    found = {}
    for kind, path in PAGES.items():
        page.goto(published + path)
        if kind == "search results":
            page.wait_for_function(SEARCH_RESULTS_SHOWN, timeout=15000)
        elif kind == "expired story":
            assert "This story expired" in page.locator("main").inner_text()
        page.add_script_tag(content=axe_source)
        if violations := page.evaluate(AXE_RUN, AXE_TAGS):
            found[kind] = violations
    context.close()
    assert found == {}
