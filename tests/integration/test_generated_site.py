"""Builds a generated newsroom-sized site (bench/make_corpus.py) and checks it end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

from generator.build.builder import BuildOptions, load_site
from tests.conftest import REPO_ROOT, run_sitegen
from tests.integration.checks import article_links_in_main, broken_links, list_pages, nu_errors

ARTICLES = 400


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(REPO_ROOT / "bench" / "make_corpus.py"), "--articles",
                    str(ARTICLES), "--out", str(root)], check=True, timeout=300)
    done = run_sitegen("build", "--site", root, "--future")
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr
    return root


@pytest.fixture(scope="module")
def site(corpus: Path):
    return load_site(BuildOptions(corpus, future=True)).site


def test_every_article_is_built_at_its_permalink(corpus: Path, site) -> None:
    assert len(site.articles) == ARTICLES
    for article in site.articles:
        assert (corpus / "output" / article.url.lstrip("/") / "index.html").is_file(), article.url


def test_section_pagination_shows_every_article_exactly_once(corpus: Path, site) -> None:
    article_urls = {a.url for a in site.articles}
    for section in site.sections:
        pages = list_pages(corpus / "output", site.config.base_url, corpus / "output" / section.slug / "index.html")
        listed = [url for page in pages for url in article_links_in_main(page, article_urls)]
        assert listed == [a.url for a in section.articles], section.slug


def test_tag_pages_list_exactly_their_articles(corpus: Path, site) -> None:
    article_urls = {a.url for a in site.articles}
    for tag in site.tags:
        pages = sorted((corpus / "output" / "tags" / tag.slug).rglob("index.html"))
        listed = [url for page in pages for url in article_links_in_main(page, article_urls)]
        assert sorted(listed) == sorted(a.url for a in tag.articles), tag.slug


def test_feeds_hold_the_newest_entries_in_order(corpus: Path, site) -> None:
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((corpus / "output" / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        expected = [site.config.base_url + a.url.lstrip("/") for a in site.articles[:20]]
        assert [entry.link for entry in feed.entries] == expected


def test_every_internal_link_resolves(corpus: Path, site) -> None:
    assert broken_links(corpus / "output", site.config.base_url) == []


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(corpus: Path) -> None:
    assert nu_errors(corpus / "output") == ""
