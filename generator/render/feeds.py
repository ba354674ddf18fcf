"""RSS 2.0 and Atom 1.0 feeds (feedgen): the site's, and one per section, tag and author.

Feeds are read outside the site, by feed readers that have no base URL to resolve a link
against, so every link in them is absolute, including those inside article bodies.

The site feed carries each article's full text. Topic feeds carry its summary and link: a
reader following twenty topics would otherwise fetch one article twenty times, and a site
with 5,000 tags would write 10,000 full-text feeds on every build.
"""

from __future__ import annotations

from collections.abc import Iterable

from feedgen.feed import FeedGenerator

from generator import __version__
from generator.content.model import Article
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
        if full_text:
            entry.content(absolutize_links(article.body_html, config.origin), type="html")
    return feed


def render_feed(site: Site, plan: PagePlan) -> bytes:
    """PLAN's RSS or Atom feed: the newest feed_size articles of the site (full text) or of the
    section, tag or author its key names ("tag:ai"; summaries)."""
    if plan.key:
        title, page, articles = topic_of(site, plan.key)
        feed = _feed(site, articles[: site.config.feed_size], plan.url, title=title, page=page, full_text=False)
    else:
        feed = _feed(site, site.articles[: site.config.feed_size], plan.url)
    if plan.kind is PageKind.RSS:
        return feed.rss_str(pretty=True)
    return feed.atom_str(pretty=True)


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
