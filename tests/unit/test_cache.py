"""generator.build.cache: what the in-memory parse cache hands on."""

from __future__ import annotations

from generator.build.cache import ParseCache
from generator.content.sources import scan_sources

from .helpers import article_text, make_config, write_files


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress is not under test here."""


def test_articles_share_one_tag_object_per_tag(tmp_path):
    write_files(tmp_path, {"content/news/a.md": article_text("A", tags=["AI", "Chips"]),
                           "content/news/b.md": article_text("B", tags=["AI"])})
    config = make_config(tmp_path)
    sources, _ = scan_sources(config.content_dir)
    articles, _, _, problems = ParseCache().parse_all(sources, config, 1, _no_progress)
    assert not problems
    first, second = sorted(articles, key=lambda article: article.title)
    assert [tag.name for tag in first.tags] == ["AI", "Chips"]
    assert first.tags[0] is second.tags[0]
