"""Builds the repository's own example site and checks the result as a reader and a validator would."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image

from generator.build.builder import BuildOptions, load_site, run_build
from generator.content.model import STORY_TYPES
from generator.text import MOMENT_FORMAT
from tests.conftest import REPO_ROOT, parse_html, run_sitegen, text_of
from tests.integration.checks import article_links_in_main, broken_links, list_pages, nu_errors

BASE_URL = "https://circuitdesk.example.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("example") / "output"
    done = run_sitegen("build", "--site", REPO_ROOT, "--output", output, "--base-url", BASE_URL)
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr
    return output


@pytest.fixture(scope="module")
def site():
    return load_site(BuildOptions(REPO_ROOT, base_url=BASE_URL)).site


def test_summary_line_counts_what_was_built(tmp_path: Path) -> None:
    done = run_sitegen("build", "--site", REPO_ROOT, "--output", tmp_path / "out")
    assert done.code == 0, done.stderr
    assert done.stdout.startswith("Built 14 articles, ")
    feeds = [*(tmp_path / "out").rglob("feed.xml"), *(tmp_path / "out").rglob("atom.xml"),
             *(tmp_path / "out").rglob("feed.json")]
    assert len(feeds) > 2  # the site's, and each section's, tag's and author's
    assert f" and {len(feeds)} feeds in " in done.stdout


def test_example_site_is_big_enough_to_show_every_feature(site) -> None:
    assert len(site.articles) >= 12
    assert {a.section for a in site.articles} >= {"news", "reviews"}
    assert len([a for a in site.authors if a.has_profile]) >= 3
    assert len(site.tags) >= 15
    assert sum(1 for a in site.articles if a.updated) >= 3
    assert all(a.image and a.image.credit and a.key_points for a in site.articles)


def test_every_article_page_shows_title_byline_dates_and_tags(built: Path, site) -> None:
    for article in site.articles:
        page = built / article.url.lstrip("/") / "index.html"
        assert page.is_file(), article.url
        tree = parse_html(page)
        assert text_of(tree.find(".//h1")) == article.title
        hrefs = {a.get("href") for a in tree.iter("a")}
        for author in article.authors:
            assert author.url in hrefs, (article.url, author.url)
        datetimes = {t.get("datetime") for t in tree.iter("time")}
        assert article.date.astimezone(site.config.timezone).isoformat(timespec="seconds") in datetimes
        if article.updated:
            assert article.updated.astimezone(site.config.timezone).isoformat(timespec="seconds") in datetimes
        # The dateline gives the time and the zone, not the day alone (issue 13).
        dateline = next(p for p in tree.iter("p") if "dateline" in (p.get("class") or "").split())
        published = article.date.astimezone(site.config.timezone)
        assert published.strftime("%-d %B %Y, %H:%M %Z") in text_of(dateline), text_of(dateline)
        if article.modified != article.date:
            assert f"Updated {article.modified.astimezone(site.config.timezone):%-d %B %Y, %H:%M %Z}" in text_of(
                dateline)
        for tag in article.tags:
            assert tag.url in hrefs, (article.url, tag.url)


def test_each_tag_page_lists_exactly_its_articles(built: Path, site) -> None:
    article_urls = {a.url for a in site.articles}
    for tag in site.tags:
        listed = []
        for page in sorted((built / "tags" / tag.slug).rglob("index.html")):
            listed += article_links_in_main(page, article_urls)
        assert sorted(listed) == sorted(a.url for a in tag.articles), tag.slug


def test_front_page_pagination_shows_every_article_exactly_once_newest_first(built: Path, site) -> None:
    article_urls = {a.url for a in site.articles}
    pages = list_pages(built, site.config.base_url, built / "index.html")
    assert len(pages) == max(1, len(site.articles) // site.config.paginate)  # stable pagination
    listed = [url for page in pages for url in article_links_in_main(page, article_urls)]
    lead = site.featured or site.articles[0]  # the pinned story leads, the rest follow newest first
    assert listed == [lead.url, *(a.url for a in site.articles if a is not lead)]


def test_drafts_and_future_articles_are_left_out(built: Path) -> None:
    assert not list(built.rglob("foldable-panel-supplier-talks"))
    assert not list(built.rglob("vega-go-handheld-review"))


def test_drafts_and_future_flags_include_them(tmp_path: Path) -> None:
    done = run_sitegen("build", "--site", REPO_ROOT, "--output", tmp_path, "--drafts", "--future")
    assert done.code == 0, done.stderr
    assert list(tmp_path.rglob("foldable-panel-supplier-talks/index.html"))
    assert list(tmp_path.rglob("vega-go-handheld-review/index.html"))


@pytest.mark.parametrize("feed_name", ["feed.xml", "atom.xml"])
def test_feeds_parse_and_hold_the_newest_articles_in_order(built: Path, site, feed_name: str) -> None:
    feed = feedparser.parse((built / feed_name).read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    expected = site.articles[: site.config.feed_size]
    assert [entry.link for entry in feed.entries] == [BASE_URL + a.url.lstrip("/") for a in expected]
    first = feed.entries[0]
    assert first.title == expected[0].title
    assert [author.name for author in first.authors] == [author.name for author in expected[0].authors]
    assert {t.term for t in first.tags} == {t.slug for t in expected[0].tags}
    assert datetime(*first.published_parsed[:6], tzinfo=UTC) == expected[0].date.astimezone(UTC)
    assert expected[0].body.headings[0].text in first.content[0].value  # the full text, not only the summary


def test_every_internal_link_and_asset_resolves(built: Path) -> None:
    assert broken_links(built, BASE_URL) == []


def test_a_base_url_with_a_path_keeps_every_link_working(tmp_path: Path) -> None:
    base_url = "https://example.org/news/"
    done = run_sitegen("build", "--site", REPO_ROOT, "--output", tmp_path, "--base-url", base_url)
    assert done.code == 0, done.stderr
    assert broken_links(tmp_path, base_url) == []
    canonical = parse_html(tmp_path / "index.html").find(".//link[@rel='canonical']")
    assert canonical.get("href") == base_url
    feed = feedparser.parse((tmp_path / "feed.xml").read_bytes())
    assert all(entry.link.startswith(base_url) for entry in feed.entries)


def test_every_page_has_title_description_canonical_and_feed_links(built: Path) -> None:
    for page in built.rglob("*.html"):
        head = parse_html(page).find(".//head")
        assert text_of(head.find("title")), page
        if page.name != "404.html":
            assert head.find(".//link[@rel='canonical']").get("href").startswith(BASE_URL), page
        if head.find(".//meta[@http-equiv='refresh']") is not None:
            continue  # an old URL's redirect page (render/redirects.py): no page of its own
        assert head.find(".//meta[@name='description']").get("content"), page
        feeds = {link.get("type") for link in head.iter("link") if link.get("rel") == "alternate"}
        assert {"application/rss+xml", "application/atom+xml", "application/feed+json"} <= feeds, page


def test_pages_make_no_request_to_another_host(built: Path) -> None:
    for page in built.rglob("*.html"):
        for element in parse_html(page).iter():
            for attribute in ("src", "srcset"):
                value = element.get(attribute) or ""
                assert "://" not in value, (page, value)
            if element.tag == "link" and element.get("rel") in ("stylesheet", "preload", "icon"):
                assert "://" not in element.get("href", ""), page


@pytest.mark.slow
def test_every_page_passes_the_nu_html_checker(built: Path) -> None:
    assert nu_errors(built) == ""


def test_a_second_build_rewrites_nothing(tmp_path: Path) -> None:
    now = datetime(2026, 12, 2, tzinfo=UTC)  # after every story the ledger records
    options = BuildOptions(REPO_ROOT, tmp_path / "out")
    first = run_build(options, now=now)
    second = run_build(options, now=now)
    assert first.stats.written > 0
    assert (second.stats.written, second.stats.removed) == (0, 0)
    assert second.stats.unchanged == first.stats.written


def test_search_index_covers_articles_and_pages_and_every_page_has_the_box(built: Path, site) -> None:
    entry = json.loads((built / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(site.articles) + len(site.pages)
    assert (built / "pagefind" / "pagefind-ui.js").is_file()
    search_page = parse_html(built / "search" / "index.html")
    scripts = {re.sub(r"\.[0-9a-f]{8}\.js$", ".js", s.get("src")) for s in search_page.iter("script")}  # hashed names
    assert scripts == {"/pagefind/pagefind-ui.js", "/static/search.js", "/static/time.js"}
    assert "Search needs JavaScript" in text_of(search_page.find(".//noscript"))
    for page in (built / "index.html", built / "tags" / "index.html"):
        forms = [f for f in parse_html(page).iter("form") if f.get("role") == "search"]
        assert [(f.get("action"), f.get("method")) for f in forms] == [("/search/", "get")], page
        assert [i.get("name") for i in forms[0].iter("input")] == ["q"]
    assert not [f for f in search_page.iter("form") if f.get("role") == "search"], "the search page has its own box"


def test_every_feed_parses_and_each_topic_feed_holds_its_topic(built: Path, site) -> None:
    feeds = sorted([*built.rglob("feed.xml"), *built.rglob("atom.xml"), *built.rglob("feed.json")])
    topics = {f"/tags/{t.slug}/": t.articles for t in site.tags} | {s.url: s.articles for s in site.sections}
    topics |= {a.url: site.author_articles.get(a.id, ()) for a in site.authors}
    assert len(feeds) == 3 + 3 * sum(1 for articles in topics.values() if articles)
    for path in feeds:
        if path.suffix == ".json":
            links = _json_feed_links(path)
        else:
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, (path, feed.get("bozo_exception"))
            links = [entry.link for entry in feed.entries]
        page = f"/{path.parent.relative_to(built).as_posix()}/"
        expected = topics[page] if path.parent != built else site.articles
        assert links == [BASE_URL + a.url.lstrip("/") for a in expected[: site.config.feed_size]], path


def _json_feed_links(path: Path) -> list[str]:
    """The item URLs of a JSON Feed, checked against what JSON Feed 1.1 requires of a feed and its items."""
    feed = json.loads(path.read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"], path
    for item in feed["items"]:
        assert item["id"] and ("content_html" in item or "content_text" in item), (path, item)
        datetime.fromisoformat(item["date_published"])
    return [item["url"] for item in feed["items"]]


def test_sitemaps_and_robots_txt_follow_the_published_schemas(built: Path) -> None:
    xsd = Path(__file__).resolve().parents[1] / "data" / "xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd / "sitemap.xsd")))
    sitemap = etree.parse(str(built / "sitemap.xml"))
    assert schema.validate(sitemap), schema.error_log
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert BASE_URL + "2026/03/cloud-outage-config-push/" in locs
    robots = (built / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots.splitlines()


def test_news_sitemap_of_a_build_made_the_day_after_an_article(tmp_path: Path, site) -> None:
    newest = site.articles[0]
    output = tmp_path / "out"
    run_build(BuildOptions(REPO_ROOT, output), now=newest.date + timedelta(days=1))
    xsd = Path(__file__).resolve().parents[1] / "data" / "xsd"
    schema = etree.XMLSchema(etree.parse(str(xsd / "news-sitemap.xsd")))
    news = etree.parse(str(output / "news-sitemap.xml"))
    assert schema.validate(news), schema.error_log
    titles = [t.text for t in news.iter("{http://www.google.com/schemas/sitemap-news/0.9}title")]
    assert titles[0] == newest.title
    assert f"Sitemap: {BASE_URL}news-sitemap.xml" in (output / "robots.txt").read_text(encoding="utf-8")


def test_every_article_has_news_article_json_ld_and_social_cards(built: Path, site) -> None:
    for article in site.articles:
        html = (built / article.url.lstrip("/") / "index.html").read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        data = next(b for b in blocks if b["@type"] == STORY_TYPES[article.story_type].schema)
        assert data["headline"] == article.title
        assert data["dateModified"] == article.modified.isoformat(timespec="seconds")
        assert data["author"][0]["url"].startswith(BASE_URL)
        assert data["publisher"]["logo"]["url"] == BASE_URL + "images/brand/logo.png"
        assert data["image"][0]["url"].startswith(BASE_URL)
        assert '<meta property="og:type" content="article">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_reviews_show_a_verdict_box_and_carry_their_rating(built: Path, site) -> None:
    reviews = [a for a in site.articles if a.story_type == "review"]
    assert len(reviews) >= 4 and all(a.verdict for a in reviews)
    for article in reviews:
        verdict = article.verdict
        page = built / article.url.lstrip("/") / "index.html"
        tree = parse_html(page)
        box = next(a for a in tree.iter("aside") if a.get("class") == "verdict")
        assert text_of(box).startswith(f"Our verdict {verdict.score_text}/10 Score: {verdict.score_text} out of 10 "
                                       f"{verdict.summary} Product {verdict.product}"), text_of(box)
        assert [text_of(li) for li in box.iterfind(".//div[@class='verdict-pros']//li")] == list(verdict.pros)
        prose = next(d for d in tree.iter("div") if d.get("class") == "prose")
        assert "Score:" not in text_of(prose)  # the score is in the box, not in a line of the text
        html = page.read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
        data = next(b for b in blocks if b["@type"] == "ReviewNewsArticle")
        assert data["itemReviewed"] == {"@type": "Product", "name": verdict.product}
        assert data["reviewRating"] == {"@type": "Rating", "ratingValue": verdict.rating_value,
                                        "bestRating": 10, "worstRating": 0}
        assert [i["name"] for i in data["negativeNotes"]["itemListElement"]] == list(verdict.cons)


def test_the_live_story_lists_its_entries_newest_first_and_says_when_it_ended(built: Path, site,
                                                                             tmp_path: Path) -> None:
    (live,) = [a for a in site.articles if a.story_type == "live"]
    assert len(live.live_entries) >= 3 and live.live_until
    page = built / live.url.lstrip("/") / "index.html"
    tree = parse_html(page)
    entries = [a for a in tree.iter("article") if a.get("class") == "live-entry"]
    assert [e.get("id") for e in entries] == [entry.anchor for entry in live.live_entries]
    stamps = [e.find(".//time").get("datetime") for e in entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    assert stamps[0] == live.live_entries[0].date.astimezone(site.config.timezone).isoformat(timespec="seconds")
    assert [text_of(e.find(".//h2")) for e in entries] == [entry.headline for entry in live.live_entries]
    html = page.read_text(encoding="utf-8")
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    data = next(b for b in blocks if b["@type"] == "LiveBlogPosting")
    assert data["coverageStartTime"] == live.date.isoformat(timespec="seconds")
    assert data["coverageEndTime"] == live.live_until.isoformat(timespec="seconds")
    assert [u["url"] for u in data["liveBlogUpdate"]] == [BASE_URL + live.url.lstrip("/") + "#" + entry.anchor
                                                          for entry in live.live_entries]
    assert all(u["@type"] == "BlogPosting" and u["headline"] and u["datePublished"] for u in data["liveBlogUpdate"])
    # Built now, long after live_until: the coverage has ended, on the story and its card.
    assert "Live coverage ended" in text_of(tree.find(".//header[@class='story-header']"))
    assert "Live coverage ended" in text_of(parse_html(built / "index.html").find(".//main"))
    # Built while it ran: Live.
    during = tmp_path / "during"
    run_build(BuildOptions(REPO_ROOT, during), now=live.date + (live.live_until - live.date) / 2)
    header = parse_html(during / live.url.lstrip("/") / "index.html").find(".//header[@class='story-header']")
    assert text_of(header.find(".//p[@class='story-type']")) == "Live"
    assert "Coverage ended" not in text_of(header) and "Live until" in text_of(header)


def test_every_time_a_reader_sees_gives_day_time_and_zone(built: Path, site) -> None:
    """Cards, related stories, lists and datelines alike (issue 13); the archive's lines leave the
    year to their month's heading, and a story's "Corrected" line to its dateline (issue 14)."""
    zone = site.config.timezone
    seen = {"card": 0, "related": 0, "archive": 0}
    for page in built.rglob("*.html"):
        for element in parse_html(page).iter():
            for time in element.iterfind("time"):
                moment = datetime.fromisoformat(time.get("datetime")).astimezone(zone)
                assert time.get("datetime") == moment.isoformat(timespec="seconds"), page
                if element.tag == "li" and "archive" in page.parts:  # under the month's heading
                    expected, kind = moment.strftime("%-d %b, %H:%M %Z"), "archive"
                elif element.get("class") == "updates-flag":  # under the dateline, which gives the year
                    expected, kind = moment.strftime("%-d %B, %H:%M %Z"), "corrected"
                else:
                    expected = moment.strftime(MOMENT_FORMAT)
                    kind = {"card-meta": "related" if "/20" in str(page) else "card"}.get(element.get("class"), "")
                assert text_of(time) == expected, (page, text_of(time))
                seen[kind] = seen.get(kind, 0) + 1
    assert all(seen[kind] > 5 for kind in ("card", "related", "archive")), seen
    front = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<script src="/static/time\.[0-9a-f]{8}\.js" defer></script>', front)  # the relative hints


def test_every_page_links_the_icons_made_from_the_sites_icon(built: Path) -> None:
    for name, size in (("favicon.ico", (48, 48)), ("apple-touch-icon.png", (180, 180)), ("icon-192.png", (192, 192))):
        with Image.open(built / name) as icon:
            assert icon.size == size, name
    for page in (built / "index.html", built / "about/index.html", built / "404.html"):
        head = parse_html(page).find(".//head")
        icons = [(link.get("rel"), link.get("href")) for link in head.iter("link") if "icon" in (link.get("rel") or "")]
        assert icons == [("icon", "/favicon.ico"), ("icon", "/icon-192.png"),
                         ("apple-touch-icon", "/apple-touch-icon.png")], page
        assert len([m for m in head.iter("meta") if m.get("name") == "theme-color"]) == 2


def test_articles_offer_share_links_that_load_nothing_until_clicked(built: Path, site) -> None:
    story = site.articles[0]
    share = parse_html(built / story.url.lstrip("/") / "index.html").find(".//section[@class='share']")
    hrefs = [a.get("href") for a in share.iter("a")]
    encoded = "https%3A//circuitdesk.example.org" + story.url
    assert hrefs[0].startswith("mailto:?subject=") and encoded in hrefs[0]
    assert [h.split("?")[0] for h in hrefs[1:]] == ["https://bsky.app/intent/compose", "https://s2f.kytta.dev/",
                                                    "https://x.com/intent/post",
                                                    "https://www.linkedin.com/sharing/share-offsite/"]
    assert all(encoded in h for h in hrefs)
    assert share.find(".//button").get("hidden") is not None, "shown by share.js, where it can copy"
    assert text_of(share.find(".//span[@class='share-url']")) == BASE_URL.rstrip("/") + story.url
