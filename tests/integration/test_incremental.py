"""Incremental rebuilds (what `sitegen serve` does) must equal a clean build, change after change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build import Builder, BuildOptions
from tests.conftest import article, write_files

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def bigger_site(site: Path) -> Path:
    """The small site plus enough articles for two list pages and related blocks."""
    write_files(site, {
        "sitegen.toml": (site / "sitegen.toml").read_text() + "paginate = 3\n",
        **{f"content/news/story-{n}.md": article(f"Story {n}", f"2024-06-{n + 1:02d}T08:00:00+02:00",
                                                 tags="[chips, policy]" if n % 2 else "[ai, eu]",
                                                 body=f"Lead of story {n}.\n\nMore text.\n")
           for n in range(7)},
        "content/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>',
    })
    return site


CHANGES: dict[str, Callable[[Path], None]] = {
    "body": lambda s: _edit(s / "content/news/story-3.md", "More text.", "Different text."),
    "title": lambda s: _edit(s / "content/news/story-3.md", "Story 3", "Story three, retitled"),
    "first-paragraph": lambda s: _edit(s / "content/news/story-2.md", "Lead of story 2.", "A new lead."),
    "new-tag": lambda s: _edit(s / "content/news/story-1.md", "[chips, policy]", "[chips, policy, batteries]"),
    "date-moves-article": lambda s: _edit(s / "content/news/story-0.md", "2024-06-01", "2024-07-30"),
    "deleted": lambda s: (s / "content/news/story-4.md").unlink(),
    "renamed": lambda s: (s / "content/news/story-5.md").rename(s / "content/news/story-five.md"),
    "added": lambda s: write_files(s, {"content/reviews/new.md": article("A review", "2024-06-20T08:00:00+02:00")}),
    "made-draft": lambda s: _edit(s / "content/news/story-6.md", "title:", "draft: true\ntitle:"),
    "author-profile": lambda s: _edit(s / "content/authors/ana.md", "Ana Ruiz", "Ana M. Ruiz"),
    "page": lambda s: _edit(s / "content/pages/about.md", "Who we are.", "Who we really are."),
    "asset": lambda s: write_files(s, {"content/images/chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'}),
    "config": lambda s: _edit(s / "sitegen.toml", "paginate = 3", "paginate = 2"),
    "config-title": lambda s: _edit(s / "sitegen.toml", 'title = "Test Desk"', 'title = "Renamed Desk"'),
    "template": lambda s: write_files(s, {
        "sitegen.toml": (s / "sitegen.toml").read_text() + 'theme = "mine"\n',
        "themes/mine/theme.toml": 'extends = "default"\n',
        "themes/mine/templates/page.html": "{% extends 'base.html' %}{% block main %}<h1>{{ page.title }}</h1>{% endblock %}",
    }),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_incremental_build_equals_clean_build(bigger_site: Path, tmp_path: Path, change: str) -> None:
    incremental = Builder(BuildOptions(bigger_site, tmp_path / "incremental"))
    incremental.build(NOW)
    CHANGES[change](bigger_site)
    result = incremental.build(NOW)
    Builder(BuildOptions(bigger_site, tmp_path / "clean")).build(NOW)
    assert _tree(tmp_path / "incremental") == _tree(tmp_path / "clean")
    assert result.written, "every change in the table changes some file"


def test_body_edit_renders_only_the_article_and_feeds(bigger_site: Path, tmp_path: Path) -> None:
    builder = Builder(BuildOptions(bigger_site, tmp_path / "out"))
    first = builder.build(NOW)
    CHANGES["body"](bigger_site)
    second = builder.build(NOW)
    assert first.rendered == 34
    assert (second.parsed, second.rendered) == (1, 3)
    assert set(second.written) == {"2024/06/story-3/index.html", "feed.xml", "atom.xml"}


def test_nothing_changed_renders_nothing(bigger_site: Path, tmp_path: Path) -> None:
    builder = Builder(BuildOptions(bigger_site, tmp_path / "out"))
    builder.build(NOW)
    again = builder.build(NOW)
    assert (again.parsed, again.rendered, again.written) == (0, 0, ())
