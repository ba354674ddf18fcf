"""The machine-readable files: RSS 2.0 and Atom 1.0 feeds (feedgen) and the sitemap.

Feeds are read outside the site, by feed readers that have no base URL to resolve a link
against, so every link in them is absolute, including those inside article bodies.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from generator import __version__
from generator.content import Article
from generator.routes import PageKind, PagePlan
from generator.site import Site
from generator.urls import absolute, absolutize_links

FEED_PATHS = {PageKind.RSS: "/feed.xml", PageKind.ATOM: "/atom.xml"}


def _feed(site: Site, articles: Iterable[Article], self_path: str) -> FeedGenerator:
    config = site.config

    def full(site_path: str) -> str:
        return absolute(config.origin, config.base_path, site_path)

    feed = FeedGenerator()
    feed.load_extension("dc", atom=False, rss=True)  # RSS names authors with dc:creator; Atom has <author>
    feed.id(full("/"))
    feed.title(config.title)
    feed.subtitle(config.description or config.title)
    feed.description(config.description or config.title)
    # feedgen makes the last link the RSS <link>, which must be the home page, not the feed.
    feed.link(href=full(self_path), rel="self")
    feed.link(href=full("/"), rel="alternate")
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
        entry.content(absolutize_links(article.body_html, config.origin), type="html")
    return feed


def render_feed(site: Site, kind: PageKind) -> bytes:
    """The site's main RSS or Atom feed: the newest feed_size articles, full text."""
    feed = _feed(site, site.articles[: site.config.feed_size], FEED_PATHS[kind])
    if kind is PageKind.RSS:
        return feed.rss_str(pretty=True)
    return feed.atom_str(pretty=True)


def render_sitemap(site: Site, plans: Iterable[PagePlan]) -> bytes:
    """sitemaps.org XML for every HTML page except the 404; lastmod where a date is known."""
    config = site.config
    modified = {article.url: article.modified for article in site.articles}
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for plan in plans:
        if plan.kind in (PageKind.NOT_FOUND, PageKind.RSS, PageKind.ATOM, PageKind.SITEMAP):
            continue
        lines.append(f"  <url><loc>{escape(absolute(config.origin, config.base_path, plan.url))}</loc>")
        if plan.url in modified:
            lines.append(f"    <lastmod>{modified[plan.url].isoformat(timespec='seconds')}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")
