"""The "Copy link" button under a story, in headless Chromium: shown only where it can copy."""

from __future__ import annotations

from pathlib import Path

from generator.build.builder import BuildOptions, run_build
from tests.conftest import MINIMAL_CONFIG, article, write_files
from tests.serving import static_host


def _site(tmp_path: Path) -> tuple[Path, str]:
    site = tmp_path / "site"
    write_files(site, {"sitegen.toml": MINIMAL_CONFIG.replace("https://test.example.org/", "http://127.0.0.1/")
                       + "search = false\n",
                       "content/news/story.md": article("A story to pass on")})
    run_build(BuildOptions(site))
    return site / "output", "2024/05/story/"


def test_copy_link_copies_the_storys_address(browser, tmp_path: Path) -> None:
    output, path = _site(tmp_path)
    with static_host(output) as base:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(base + path)
        page.click("text=Copy link")
        page.wait_for_selector(".share-copied:has-text('Copied')")
        assert page.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1/" + path
        context.close()


def test_without_javascript_the_address_is_there_to_select(browser, tmp_path: Path) -> None:
    output, path = _site(tmp_path)
    with static_host(output) as base:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + path)
        assert not page.is_visible("text=Copy link")
        assert page.inner_text(".share-url") == "http://127.0.0.1/" + path
        context.close()
