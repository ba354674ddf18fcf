"""generator.render.feeds: the site feed and topic feeds in RSS and Atom (read back with feedparser) and JSON Feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime

import feedparser
import pytest
from PIL import Image as PILImage

from generator.content.images import inspect
from generator.model.routes import PageKind, PagePlan
from generator.render.feeds import render_feed

from .helpers import NOW, assemble, make_article, make_author, make_config

HOME = "https://example.org/news/"


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, title="Test & Desk", description="Chips and policy",
                       base_url="https://example.org/news/", feed_size=3)


def make_site(config, count=4, title=None, **fields):
    articles = [make_article(config, f"news/story-{day}.md", title=title or f"Story {day}",
                             date=f"2024-03-0{day}T08:00:00Z", tags=["AI"], **fields)
                for day in range(1, count + 1)]
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\n")]
    site, problems = assemble(config, articles, authors=authors, assets={"images/chart.svg"})
    assert problems == []
    return site


@pytest.fixture(params=[PageKind.RSS, PageKind.ATOM], ids=["rss", "atom"])
def kind(request):
    return request.param


def site_feed(kind):
    return PagePlan("/feed.xml" if kind is PageKind.RSS else "/atom.xml", kind)


def parsed(site, kind, plan=None):
    feed = feedparser.parse(render_feed(site, plan or site_feed(kind)))
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


def test_feed_is_well_formed(config, kind):
    feed = parsed(make_site(config), kind)
    assert feed.version == ("rss20" if kind is PageKind.RSS else "atom10")
    assert feed.feed.title == "Test & Desk"


def test_entries_are_newest_first_and_limited_to_feed_size(config, kind):
    feed = parsed(make_site(config, count=5), kind)
    assert [entry.link for entry in feed.entries] == [
        f"{HOME}2024/03/story-5/", f"{HOME}2024/03/story-4/", f"{HOME}2024/03/story-3/"]
    assert [entry.title for entry in feed.entries] == ["Story 5", "Story 4", "Story 3"]


def test_feed_size_larger_than_the_site(tmp_path, kind):
    config = make_config(tmp_path, base_url="https://example.org/news/", feed_size=50)
    assert len(parsed(make_site(config, count=2), kind).entries) == 2


def test_entry_metadata(config, kind):
    entry = parsed(make_site(config, count=1, extra="summary: The short version.\n"), kind).entries[0]
    assert entry.id == f"{HOME}2024/03/story-1/"
    assert entry.summary == "The short version."
    assert entry.author == "Jane Doe"
    assert [tag.term for tag in entry.tags] == ["ai" if kind is PageKind.ATOM else "AI"]
    assert entry.published_parsed[:5] == (2024, 3, 1, 8, 0)


def test_atom_links(config):
    feed = parsed(make_site(config), PageKind.ATOM)
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"alternate": HOME, "self": f"{HOME}atom.xml"}
    assert feed.feed.id == HOME


def test_rss_channel_link_is_the_home_page_and_self_link_the_feed(config):
    rss = render_feed(make_site(config), site_feed(PageKind.RSS))
    channel = ET.fromstring(rss).find("channel")
    assert channel.findtext("link") == HOME
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert (self_link.get("rel"), self_link.get("href")) == ("self", f"{HOME}feed.xml")


def test_relative_links_inside_content_are_made_absolute(config, kind):
    body = "See [the chart](../images/chart.svg), ![c](/images/chart.svg) and [elsewhere](https://other.example/).\n"
    entry = parsed(make_site(config, count=1, body=body), kind).entries[0]
    html = entry.content[0].value
    assert f'<a href="{HOME}images/chart.svg">the chart</a>' in html
    assert f'src="{HOME}images/chart.svg"' in html
    assert '<a href="https://other.example/">elsewhere</a>' in html
    assert 'href="/' not in html
    assert 'src="/' not in html


def test_links_between_articles_in_content_are_absolute(config, kind):
    site = make_site(config, count=2, body="Earlier: [one](story-1.md).\n")
    html = parsed(site, kind).entries[0].content[0].value
    assert f'<a href="{HOME}2024/03/story-1/">one</a>' in html


def test_special_characters_survive(config, kind):
    entry = parsed(make_site(config, count=1, title="'Q&A: <chips> \"now\"'"), kind).entries[0]
    assert entry.title == "Q&A: <chips> “now”"  # the typographer's quotes


def test_feed_updated_is_the_newest_modification(config):
    site = make_site(config, count=2)
    feed = parsed(site, PageKind.ATOM)
    assert feed.feed.updated_parsed[:4] == (2024, 3, 2, 8)


def test_empty_site_has_a_valid_feed_updated_at_build_time(config, kind):
    site, _ = assemble(config)
    feed = parsed(site, kind)
    assert feed.entries == []
    if kind is PageKind.ATOM:
        assert datetime(*feed.feed.updated_parsed[:6]) == NOW.replace(tzinfo=None)


def test_topic_feeds_follow_their_tag_with_summaries_not_full_text(config, kind):
    site = make_site(config, count=5)  # the tag "AI" holds all five stories
    url = "/tags/ai/feed.xml" if kind is PageKind.RSS else "/tags/ai/atom.xml"
    feed = parsed(site, kind, PagePlan(url, kind, key="tag:ai"))
    assert feed.feed.title == "Test & Desk: AI"
    assert [entry.title for entry in feed.entries] == ["Story 5", "Story 4", "Story 3"]  # feed_size 3
    assert all("content" not in entry for entry in feed.entries)
    assert feed.entries[0].summary
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"] == HOME + url.lstrip("/")
    assert links["alternate"] == HOME + "tags/ai/"


def test_atom_updated_is_the_latest_correction(config):
    site = make_site(config, count=1, extra=(
        "updates: [{date: 2024-03-09T10:00:00Z, note: Fixed a figure., type: correction}]\n"))
    feed = parsed(site, PageKind.ATOM)
    assert datetime(*feed.entries[0].updated_parsed[:6]) == datetime(2024, 3, 9, 10, 0)
    assert datetime(*feed.feed.updated_parsed[:6]) == datetime(2024, 3, 9, 10, 0)


def _json_feed(site, url: str = "/feed.json", key: str = "") -> dict:
    return json.loads(render_feed(site, PagePlan(url, PageKind.JSON_FEED, key=key)))


def test_json_feed_has_the_fields_json_feed_1_1_requires(config) -> None:
    feed = _json_feed(make_site(config, count=5))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Test & Desk" and feed["feed_url"] == f"{HOME}feed.json" and feed["home_page_url"] == HOME
    assert [item["id"] for item in feed["items"]] == [f"{HOME}2024/03/story-{day}/" for day in (5, 4, 3)]
    for item in feed["items"]:
        assert item["url"] == item["id"] and item["content_html"].startswith("<p>")
        assert datetime.fromisoformat(item["date_published"]) <= datetime.fromisoformat(item["date_modified"])
        assert item["authors"] == [{"name": "Jane Doe", "url": f"{HOME}authors/jane-doe/"}]
        assert item["tags"] == ["AI"]


def test_topic_json_feeds_carry_summaries_not_bodies(config) -> None:
    feed = _json_feed(make_site(config), "/tags/ai/feed.json", "tag:ai")
    assert feed["title"] == "Test & Desk: AI" and feed["home_page_url"] == f"{HOME}tags/ai/"
    assert all("content_html" not in item and item["content_text"] for item in feed["items"])


def test_raster_lead_images_travel_in_every_feed_and_vector_ones_do_not(config, tmp_path) -> None:
    photo = tmp_path / "photo.jpg"
    PILImage.new("RGB", (1000, 600), "teal").save(photo)
    facts = inspect("/images/photo.jpg", photo.read_bytes())
    story = make_article(config, "news/photo.md", title="Photo", date="2024-03-09T08:00:00Z",
                         extra="image: /images/photo.jpg\nimage_alt: A teal field\n")
    vector = make_article(config, "news/chart.md", title="Chart", date="2024-03-08T08:00:00Z",
                          extra="image: /images/chart.svg\nimage_alt: A chart\n")
    site, _ = assemble(config, [story, vector], assets={"images/photo.jpg", "images/chart.svg"},
                       images={"images/photo.jpg": facts})
    picture = HOME.rstrip("/") + facts.social.path
    rss = parsed(site, PageKind.RSS)
    assert rss.entries[0].media_content[0]["url"] == picture and "media_content" not in rss.entries[1]
    atom = parsed(site, PageKind.ATOM)
    assert atom.entries[0].enclosures == [{"href": picture, "type": "image/jpeg"}] and not atom.entries[1].enclosures
    items = _json_feed(site)["items"]
    assert items[0]["image"] == picture and "image" not in items[1]
