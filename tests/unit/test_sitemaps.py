"""generator.render.sitemaps: sitemaps, the Google News sitemap and robots.txt, validated against the XSDs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from lxml import etree

from generator.model import routes
from generator.model.routes import PageKind, plan_pages
from generator.render.sitemaps import render_crawler_file

from .helpers import NOW, assemble, make_article, make_author, make_config

XSD = Path(__file__).resolve().parents[1] / "data" / "xsd"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "n": "http://www.google.com/schemas/sitemap-news/0.9"}
HOME = "https://example.org/news/"


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


def valid(data: bytes, schema_name: str) -> etree._Element:
    root = etree.fromstring(data)
    checker = schema(schema_name)
    assert checker.validate(root), checker.error_log
    return root


def make_site(config, hours_ago=(1, 30, 47, 49, 24 * 30), **fields):
    articles = [make_article(config, f"news/story-{n}.md", title=f"Story {n} <&>",
                             date=(NOW - timedelta(hours=hours)).isoformat(), **fields)
                for n, hours in enumerate(hours_ago)]
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\n")]
    site, problems = assemble(config, articles, authors=authors)
    assert not [p for p in problems if p.is_error]
    return site


def render(site, kind, key=""):
    plans = plan_pages(site)
    plan = next(p for p in plans if p.kind is kind and p.key == key)
    return render_crawler_file(site, plans, plan), plans


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, title="Test & Desk", base_url=HOME, language="en-GB")


def test_sitemap_lists_every_html_page_with_lastmod_for_articles(config):
    site = make_site(config)
    data, plans = render(site, PageKind.SITEMAP)
    root = valid(data, "sitemap.xsd")
    entries = {u.findtext("s:loc", namespaces=NS): u.findtext("s:lastmod", namespaces=NS)
               for u in root.iterfind("s:url", NS)}
    newest = site.articles[0]
    assert entries[HOME + newest.url.lstrip("/")] == newest.modified.isoformat(timespec="seconds")
    assert entries[HOME] is None
    unlisted = {*routes.MACHINE_KINDS, PageKind.NOT_FOUND, PageKind.SEARCH}
    expected = {p.url for p in plans if p.kind not in unlisted}
    assert set(entries) == {HOME + url.lstrip("/") for url in expected}


def test_lastmod_is_the_latest_correction(config):
    site = make_site(config, hours_ago=(5,), extra=(
        f"updates: [{{date: {NOW.isoformat()}, note: Fixed a figure., type: correction}}]\n"))
    root = valid(render(site, PageKind.SITEMAP)[0], "sitemap.xsd")
    assert NOW.isoformat(timespec="seconds") in [u.findtext("s:lastmod", namespaces=NS)
                                                 for u in root.iterfind("s:url", NS)]


def test_past_the_limit_the_sitemap_is_an_index_of_valid_parts(config, monkeypatch):
    monkeypatch.setattr(routes, "SITEMAP_LIMIT", 4)
    site = make_site(config)
    index_data, plans = render(site, PageKind.SITEMAP)
    parts = [p for p in plans if p.kind is PageKind.SITEMAP and p.key]
    pages = len(routes.sitemap_urls(plans))
    assert len(parts) == -(-pages // 4) >= 2
    index = valid(index_data, "siteindex.xsd")
    assert [s.findtext("s:loc", namespaces=NS) for s in index.iterfind("s:sitemap", NS)] == [
        f"{HOME}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed = []
    for part in parts:
        root = valid(render(site, PageKind.SITEMAP, part.key)[0], "sitemap.xsd")
        listed += [u.findtext("s:loc", namespaces=NS) for u in root.iterfind("s:url", NS)]
    assert len(listed) == len(set(listed)) == pages


def test_news_sitemap_lists_the_last_48_hours(config):
    site = make_site(config)
    root = valid(render(site, PageKind.NEWS_SITEMAP)[0], "news-sitemap.xsd")
    news = root.findall("s:url/n:news", NS)
    assert [n.findtext("n:title", namespaces=NS) for n in news] == ["Story 0 <&>", "Story 1 <&>", "Story 2 <&>"]
    assert {n.findtext("n:publication/n:name", namespaces=NS) for n in news} == {"Test & Desk"}
    assert {n.findtext("n:publication/n:language", namespaces=NS) for n in news} == {"en"}
    assert routes.news_valid_until(site) == site.articles[2].date + timedelta(hours=48)


def test_no_news_sitemap_without_recent_articles(config):
    """An empty urlset is invalid against the schema, so the file is left out, and robots.txt skips it."""
    site = make_site(config, hours_ago=(72, 100))
    plans = plan_pages(site)
    assert not [p for p in plans if p.kind is PageKind.NEWS_SITEMAP]
    assert routes.news_valid_until(site) is None
    robots = render(site, PageKind.ROBOTS)[0].decode()
    assert "news-sitemap" not in robots


def test_robots_txt_names_both_sitemaps(config):
    robots = render(make_site(config), PageKind.ROBOTS)[0].decode().splitlines()
    assert [line for line in robots if line.startswith("Sitemap:")] == [
        f"Sitemap: {HOME}sitemap.xml", f"Sitemap: {HOME}news-sitemap.xml"]
    assert "User-agent: *" in robots
    assert any("root of the host" in line for line in robots)  # base_url has a sub-path


def test_drafts_and_future_articles_stay_out_of_the_news_sitemap(config):
    site = make_site(config, hours_ago=(-5, 2))
    assert [a.title for a in routes.news_articles(site)] == ["Story 1 <&>"]
