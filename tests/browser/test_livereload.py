"""The open tab follows the editor: new text without a manual reload, errors shown, then cleared."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import article, write_files
from tests.serving import serving


def test_tab_reloads_on_save_and_shows_then_clears_the_error_overlay(site: Path, browser) -> None:
    with serving(site) as server:
        page = browser.new_page()
        page.goto(server.url + "2024/05/first/")
        assert page.locator("h1").inner_text() == "First story"
        page.wait_for_selector("html[data-sitegen-live=connected]")

        write_files(site, {"content/news/first.md": article("A headline changed in the editor")})
        page.wait_for_function("() => document.querySelector('h1')?.innerText === 'A headline changed in the editor'",
                               timeout=15000)

        (site / "content/news/first.md").write_text('---\ntitle: "Broken\n---\n', encoding="utf-8")
        overlay = page.locator("#sitegen-error-overlay")
        overlay.wait_for(state="visible", timeout=15000)
        assert "content/news/first.md:2" in overlay.inner_text()
        assert "not valid YAML" in overlay.inner_text()

        write_files(site, {"content/news/first.md": article("Fixed headline")})
        page.wait_for_function("() => document.querySelector('h1')?.innerText === 'Fixed headline'", timeout=15000)
        assert page.locator("#sitegen-error-overlay").count() == 0
        page.close()


def test_a_tab_opened_while_the_build_is_broken_shows_the_error(site: Path, browser) -> None:
    with serving(site) as server:
        mark = len(server.lines)
        (site / "content/news/second.md").write_text("---\ndate: 2024-05-01\nauthor: ana\n---\nx\n", encoding="utf-8")
        server.wait_for_line(r"error: title: is required", start=mark)
        page = browser.new_page()
        page.goto(server.url)
        overlay = page.locator("#sitegen-error-overlay")
        overlay.wait_for(state="visible", timeout=15000)
        assert "content/news/second.md" in overlay.inner_text()
        page.close()
