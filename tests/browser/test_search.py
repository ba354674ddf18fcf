"""Search on a static host: the built site served by a plain file server, searched in headless Chromium.

The site is published under a base path (/news/), as many newsrooms do, so the test also
shows that the Pagefind bundle and the result links carry it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from generator.build.builder import BuildOptions, run_build
from tests.conftest import MINIMAL_CONFIG, article, write_files
from tests.serving import eventually, serving, static_host


@pytest.fixture
def published(tmp_path: Path) -> Iterator[str]:
    """A three-article site built into a static file server's folder under /news/; yields the site's URL."""
    root = tmp_path / "www"
    root.mkdir()
    with static_host(root) as host:
        yield _publish(tmp_path / "site", root, f"{host}news/")


def _publish(site: Path, root: Path, base_url: str) -> str:
    """The three-article site, built under ROOT/news/ for BASE_URL; returns BASE_URL."""
    write_files(site, {
        "sitegen.toml": MINIMAL_CONFIG,
        "content/news/quokka.md": article("Rottnest island gets a quokka census",
                                          body="Rangers counted every marsupial on the island.\n"),
        "content/news/chips.md": article("Chip exports rise again", "2024-05-02T10:00:00+02:00",
                                         body="Foundries shipped more wafers than in any quarter before.\n"),
        "content/news/phones.md": article("Phone makers cut prices", "2024-05-03T10:00:00+02:00",
                                          body="Retailers expect a busy summer for handsets.\n"),
    })
    run_build(BuildOptions(site, root / "news", base_url=base_url, jobs=1))
    return base_url


def _results(page, base_url: str, query: str) -> list[tuple[str, str]]:
    """(title, href) of every result for QUERY, once all of them (the count the UI announces) have loaded."""
    page.goto(f"{base_url}search/?q={query}")
    page.wait_for_function("""() => {
        const message = document.querySelector('.pagefind-ui__message')?.innerText || '';
        const announced = /^No results/.test(message) ? 0 : parseInt(message, 10);
        return announced === document.querySelectorAll('.pagefind-ui__result-link').length;
    }""", timeout=15000)
    links = page.locator(".pagefind-ui__result-link")
    return [(links.nth(i).inner_text(), links.nth(i).get_attribute("href")) for i in range(links.count())]


def _settled_results(page, base_url: str, query: str) -> list[tuple[str, str]] | None:
    """_results(), or None while serve is still swapping a new index in (a load may then stall)."""
    try:
        return _results(page, base_url, query)
    except PlaywrightError:
        return None


def test_a_word_of_one_article_finds_exactly_that_article(published: str, browser) -> None:
    page = browser.new_page()
    assert _results(page, published, "marsupial") == [("Rottnest island gets a quokka census",
                                                       "/news/2024/05/quokka/")]
    assert page.locator(".pagefind-ui__search-input").input_value() == "marsupial"  # ?q= fills the box
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url(f"{published}2024/05/quokka/")
    page.close()


def test_a_nonsense_word_finds_nothing(published: str, browser) -> None:
    page = browser.new_page()
    assert _results(page, published, "zqxwvjk") == []
    assert "No results" in page.locator(".pagefind-ui__message").inner_text()
    page.close()


def test_the_masthead_box_leads_to_the_results(published: str, browser) -> None:
    page = browser.new_page()
    page.goto(published)
    page.get_by_label("Search Test Desk").fill("wafers")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{published}search/?q=wafers")
    page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
    assert page.locator(".pagefind-ui__result-link").all_inner_texts() == ["Chip exports rise again"]
    page.close()


def test_without_javascript_the_search_page_says_it_needs_it(published: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{published}search/?q=marsupial")
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    context.close()


def test_serve_reindexes_after_an_edit(site: Path, browser) -> None:
    with serving(site) as server:
        eventually(lambda: server.request("/pagefind/pagefind.js")[0] == 200)  # indexed in the background
        page = browser.new_page()
        eventually(lambda: len(_settled_results(page, server.url, "paragraph") or ()) == 2)
        assert _results(page, server.url, "aardvark") == []
        write_files(site, {"content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00",
                                                             body="An aardvark walked into the newsroom.\n")})
        eventually(lambda: _settled_results(page, server.url, "aardvark") == [("Second story", "/2024/05/second/")],
                   timeout=60)
        page.close()


def test_results_show_date_and_section_and_can_be_narrowed_to_a_section(published: str, browser) -> None:
    page = browser.new_page()
    assert len(_results(page, published, "marsupial")) == 1
    tags = page.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert tags == ["Date: 1 May 2024", "Section: News"]
    assert page.locator(".pagefind-ui__filter-name").all_inner_texts() == ["Section"]
    page.close()


def test_the_index_holds_the_story_not_the_furniture_around_it(published: str, browser) -> None:
    page = browser.new_page()
    for furniture in ("Share", "Corrections", "Credit", "Ruiz"):  # a share label, the policy note, a byline
        assert _results(page, published, furniture) == [], furniture
    assert page.locator("main form, main input[type=search]").count() == 1, "one search box on /search/"
    assert page.locator("header form.site-search").count() == 0
    page.close()
