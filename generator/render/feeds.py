"""RSS 2.0, Atom 1.0 (feedgen) and JSON Feed 1.1: the site's, and one per section, tag and author.

Feeds are read outside the site, by feed readers that have no base URL to resolve a link
against, so every link in them is absolute, including those inside article bodies.

The site feed carries each article's full text. Topic feeds carry its summary and link: a
reader following twenty topics would otherwise fetch one article twenty times, and a site
with 5,000 tags would write 10,000 full-text feeds on every build.

A story's lead image goes with it (RSS media:content, an Atom enclosure link, JSON Feed's
image): feed readers show it as the story's picture. A vector image is left out, as on social
cards, because readers do not show SVG.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from feedgen.feed import FeedGenerator
from lxml import etree

from generator import __version__
from generator.content.images import SocialImage
from generator.content.model import Article, Image
from generator.model.routes import PageKind, PagePlan
from generator.model.site import Site
from generator.urls import absolute, absolutize_links


def _feed(site: Site, articles: Iterable[Article], self_path: str, *, title: str = "", page: str = "/",
          full_text: bool = True) -> FeedGenerator:
    """A feed of ARTICLES at SELF_PATH; TITLE and PAGE name a topic feed and the page it follows."""
    config = site.config

    def full(site_path: str) -> str:
        return absolute(config.origin, config.base_path, site_path)

    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # RSS names authors with dc:creator; Atom has <author>
    feed.load_extension("media", atom=False, rss=True)  # RSS: the lead image as media:content
    feed.id(full("/"))
    feed.title(f"{config.title}: {title}" if title else config.title)
    feed.subtitle(config.description or config.title)
    feed.description(config.description or config.title)
    # feedgen makes the last link the RSS <link>, which must be the page, not the feed.
    feed.link(href=full(self_path), rel="self")
    feed.link(href=full(page), rel="alternate")
    feed.language(config.language)
    feed.generator("sitegen", __version__)
    entries = list(articles)
    feed.updated(max((a.modified for a in entries), default=site.built_at))
    for article in entries:
        entry = feed.add_entry(order="append")
        url = full(article.url)
        entry.id(url)
        entry.guid(url, permalink=True)
        entry.title(article.title)
        entry.link(href=url)
        entry.published(article.date)
        entry.updated(article.modified)
        for author in article.authors:
            entry.author({"name": author.name, "uri": full(author.url)})
            entry.dc.dc_creator(author.name, replace=False)
        for tag in article.tags:
            entry.category(term=tag.slug, label=tag.name, scheme=full("/tags/"))
        entry.summary(article.summary or article.title)
        if picture := feed_image(article.image):
            entry.media.content(url=full(picture.path), medium="image", type=picture.mime_type,
                                width=str(picture.width), height=str(picture.height))
        if full_text:
            entry.content(absolutize_links(article.body_html, config.origin), type="html")
    return feed


_ATOM = "http://www.w3.org/2005/Atom"


def feed_image(image: Image | None) -> SocialImage | None:
    """The lead image a feed carries: the site's own raster picture at its shared size, or None."""
    social = image.social if image is not None and not image.is_remote else None
    return social if social is not None and social.mime_type != "image/svg+xml" else None


def render_feed(site: Site, plan: PagePlan) -> bytes:
    """PLAN's RSS, Atom or JSON feed: the newest feed_size articles of the site (full text) or of
    the section, tag or author its key names ("tag:ai"; summaries)."""
    if plan.key:
        title, page, articles = topic_of(site, plan.key)
        articles, full_text = articles[: site.config.feed_size], False
    else:
        title, page, articles, full_text = "", "/", site.articles[: site.config.feed_size], True
    if plan.kind is PageKind.JSON_FEED:
        return _json_feed(site, articles, plan.url, title=title, page=page, full_text=full_text)
    feed = _feed(site, articles, plan.url, title=title, page=page, full_text=full_text)
    if plan.kind is PageKind.RSS:
        return feed.rss_str(pretty=True)
    return _with_enclosures(feed.atom_str(pretty=True), site, articles)


def _with_enclosures(atom: bytes, site: Site, articles: Iterable[Article]) -> bytes:
    """ATOM with each entry's lead image as a link rel="enclosure". feedgen 1.0 writes an entry
    link's href only (its rel and type are lost), so they are added to its output here."""
    config = site.config
    pictures = {absolute(config.origin, config.base_path, a.url): picture
                for a in articles if (picture := feed_image(a.image))}
    if not pictures:
        return atom
    root = etree.fromstring(atom)
    for entry in root.iterfind(f"{{{_ATOM}}}entry"):
        if picture := pictures.get(entry.findtext(f"{{{_ATOM}}}id") or ""):
            etree.SubElement(entry, f"{{{_ATOM}}}link", href=absolute(config.origin, config.base_path, picture.path),
                             rel="enclosure", type=picture.mime_type)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _json_feed(site: Site, articles: Iterable[Article], self_path: str, *, title: str, page: str,
               full_text: bool) -> bytes:
    """JSON Feed 1.1 (jsonfeed.org/version/1.1): the same stories as the RSS and Atom feeds."""
    config = site.config

    def full(site_path: str) -> str:
        return absolute(config.origin, config.base_path, site_path)

    items = []
    for article in articles:
        item: dict[str, Any] = {"id": full(article.url), "url": full(article.url), "title": article.title,
                                "summary": article.summary or article.title}
        if full_text:
            item["content_html"] = absolutize_links(article.body_html, config.origin)
        else:
            item["content_text"] = article.summary or article.title
        if picture := feed_image(article.image):
            item["image"] = full(picture.path)
        item["date_published"] = article.date.isoformat(timespec="seconds")
        item["date_modified"] = article.modified.isoformat(timespec="seconds")
        item["authors"] = [{"name": a.name, "url": full(a.url)} for a in article.authors]
        if article.tags:
            item["tags"] = [tag.name for tag in article.tags]
        items.append(item)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{config.title}: {title}" if title else config.title,
        "home_page_url": full(page),
        "feed_url": full(self_path),
        "description": config.description or config.title,
        "icon": full("/apple-touch-icon.png"),
        "favicon": full("/icon-192.png"),
        "language": config.language,
        "items": items,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def topic_of(site: Site, scope: str) -> tuple[str, str, tuple[Article, ...]]:
    """(title, page URL, articles) of a topic feed's SCOPE: "section:reviews", "tag:ai", "author:ana"."""
    kind, _, key = scope.partition(":")
    if kind == "section":
        section = site.sections_by_slug[key]
        return section.name, section.url, section.articles
    if kind == "tag":
        tag = site.tags_by_slug[key]
        return tag.name, tag.url, tag.articles
    author = next(a for a in site.authors if a.id == key)
    return author.name, author.url, site.author_articles.get(key, ())
