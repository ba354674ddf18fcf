"""static/time.js in headless Chromium: "(2h ago)" beside recent times, never instead of them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.builder import BuildOptions, run_build
from tests.conftest import MINIMAL_CONFIG, article, write_files
from tests.serving import static_host

READ_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the reader's clock, a while after the build


@pytest.fixture
def published(tmp_path: Path) -> Iterator[str]:
    """A site with a story two and a half hours old and one three days old; yields its URL."""
    root = tmp_path / "www"
    root.mkdir()
    site = tmp_path / "site"
    write_files(site, {
        "sitegen.toml": MINIMAL_CONFIG + "search = false\n",
        "content/news/fresh.md": article("Fresh story", "2026-11-24T10:30:00+01:00"),  # 09:30 UTC
        "content/news/older.md": article("Older story", "2026-11-21T10:30:00+01:00"),
    })
    with static_host(root) as base_url:
        run_build(BuildOptions(site, root, base_url=base_url, jobs=1), now=datetime(2026, 11, 24, 10, tzinfo=UTC))
        yield base_url


def _times(page) -> list[tuple[str, str]]:
    """(text of each <time> in the main column, the hint after it or "")."""
    pairs = page.eval_on_selector_all("main time", """times => times.map(t => [t.textContent,
        t.nextElementSibling && t.nextElementSibling.matches('[data-time-ago]') ? t.nextElementSibling.textContent : ''])""")
    return [tuple(pair) for pair in pairs]


def test_recent_times_get_a_relative_hint_beside_them(published: str, browser) -> None:
    page = browser.new_page()
    page.clock.set_fixed_time(READ_AT)
    page.goto(published)
    page.wait_for_selector("[data-time-ago]")
    assert _times(page) == [("24 November 2026, 10:30 CET", " (2h ago)"), ("21 November 2026, 10:30 CET", "")]
    page.goto(f"{published}2026/11/fresh/")
    page.wait_for_selector("[data-time-ago]")
    assert ("24 November 2026, 10:30 CET", " (2h ago)") in _times(page)
    page.close()


def test_without_javascript_the_times_are_all_there(published: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(published)
    assert _times(page) == [("24 November 2026, 10:30 CET", ""), ("21 November 2026, 10:30 CET", "")]
    context.close()
