"""What each page is made of, as a fingerprint: equal fingerprints mean the page need not render.

A page's fingerprint hashes exactly the inputs its template can show: an article page its own
source, the cards of its related articles and neighbours; a list page the cards on it and
the page count; a feed the newest articles; every page the site-wide inputs (config, theme
settings, navigation) and the templates it uses, followed through extends/include/import.
Editing one article's body therefore re-renders its page and the feeds, not the lists,
unless its card (title, summary, image, ...) changed too.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import jinja2
import jinja2.meta
import jinja2.nodes

from generator import __version__
from generator.content import Article, Author
from generator.feeds import topic_of
from generator.routes import (
    LIST_KINDS,
    MACHINE_KINDS,
    PageKind,
    PagePlan,
    listed_on,
    listing,
    news_articles,
    sitemap_urls,
)
from generator.site import Site

_INCLUDE_CACHED = re.compile(r"""include_cached\(\s*["']([^"']+)["']""")
SITE_COLLECTIONS = ("articles", "tags", "authors", "author_articles", "archive", "related", "neighbours")


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What the fingerprints need to know about one template source, found once per source text."""

    referenced: tuple[str | None, ...]  # what it extends, includes, imports (None: a computed name)
    collections: tuple[str, ...]  # the site-wide lists it can show (see shown_collections)


def template_facts(env: jinja2.Environment, source: str) -> TemplateFacts:
    """Parse SOURCE once for both facts; a template that does not parse depends on everything."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError:
        return TemplateFacts((), SITE_COLLECTIONS)  # rendering will report it
    referenced = (*jinja2.meta.find_referenced_templates(tree), *_INCLUDE_CACHED.findall(source))
    return TemplateFacts(referenced, shown_collections(tree))


def shown_collections(tree: jinja2.nodes.Template) -> tuple[str, ...]:
    """The site-wide lists a template can show: those it reads as `site.NAME` or `site["NAME"]`.

    A template that uses `site` any other way (`{% set s = site %}`, `macro(site)`) could
    read any of them, and depends on all: a guess on the short side would leave pages stale.
    """
    read: set[str] = set()
    readers = 0
    for node in tree.find_all((jinja2.nodes.Getattr, jinja2.nodes.Getitem)):
        if not (isinstance(node.node, jinja2.nodes.Name) and node.node.name == "site"):
            continue
        readers += 1
        if isinstance(node, jinja2.nodes.Getattr):
            read.add(node.attr)
        elif isinstance(node.arg, jinja2.nodes.Const) and isinstance(node.arg.value, str):
            read.add(node.arg.value)
        else:
            return SITE_COLLECTIONS  # site[some_variable]
    if sum(1 for name in tree.find_all(jinja2.nodes.Name) if name.name == "site") > readers:
        return SITE_COLLECTIONS
    # By prefix: `site.tags_by_slug` reaches the same tags as `site.tags`.
    return tuple(c for c in SITE_COLLECTIONS if any(name.startswith(c) for name in read))


class TemplateDigests:
    """Digest of a template together with every template it pulls in, computed once each.

    FACTS maps a template source's digest to its TemplateFacts; a builder passes the same
    dict to every build so unchanged templates are not parsed again.
    """

    def __init__(self, env: jinja2.Environment, facts: dict[str, TemplateFacts]) -> None:
        self.env = env
        self.facts = facts
        # One build asks about the same few templates thousands of times: answer each once.
        self.closure_digest = cache(self._closure_digest)
        self.site_collections = cache(self._site_collections)
        self._source = cache(self._read_source)

    def _facts(self, name: str) -> TemplateFacts:
        source = self._source(name)
        key = _digest(source)
        if key not in self.facts:
            self.facts[key] = template_facts(self.env, source)
        return self.facts[key]

    def _closure(self, name: str) -> tuple[str, ...]:
        """NAME and the templates it extends, includes or imports, and renders with include_cached()."""
        seen: dict[str, None] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen[current] = None
            referenced = self._facts(current).referenced
            if None in referenced:  # a computed template name: depend on the whole theme
                return tuple(self.env.list_templates())
            pending += [r for r in referenced if r is not None]
        return tuple(sorted(seen))

    def _read_source(self, name: str) -> str:
        try:
            return self.env.loader.get_source(self.env, name)[0] if self.env.loader else ""
        except jinja2.TemplateNotFound:
            return ""

    def _closure_digest(self, name: str) -> str:
        return _digest(*((n, self._source(n)) for n in self._closure(name)))

    def _site_collections(self, name: str) -> tuple[str, ...]:
        """The site-wide lists (`site.articles`, `site.tags`, ...) the template NAME can show.

        A 404 page listing the latest stories depends on every article's card; a template
        that never mentions `site.articles` does not.
        """
        shown = {c for n in self._closure(name) for c in self._facts(n).collections}
        return tuple(c for c in SITE_COLLECTIONS if c in shown)


def _author_key(author: Author) -> str:
    return f"{author.id}:{author.name}:{author.digest}"


def card_digest(article: Article, built_at: datetime) -> str:
    """Everything a list, a related block or a neighbour link can show about an article.

    The lead image's size and variants (its `responsive` repr) count: a replaced image file
    of another size changes the markup of every card showing it. So does whether the
    article is dated after the build (BUILT_AT): previews (--future) badge it Scheduled.
    """
    image = article.image
    return _digest(article.url, article.title, article.summary, article.date.isoformat(),
                   article.modified.isoformat(), article.section, article.date > built_at,
                   image and (image.src, image.alt, image.credit, image.responsive),
                   article.reading_minutes, article.draft,
                   [(t.slug, t.name) for t in article.tags], [_author_key(a) for a in article.authors])


def article_digest(article: Article, card: str) -> str:
    """The whole article as shown on its page: source, its CARD digest, what site.py put into the body.

    That is the links to other articles and the inline images' sizes and variants, which
    depend on other files: where the body has either, its final HTML is part of the digest.
    """
    body = article.body
    final_html = body.packed_html if body.images or body.links_to_pages else b""
    return _digest(article.digest, card, _digest(final_html))


def site_digest(site: Site) -> str:
    """Inputs every page shows: configuration, navigation, the year of the build (for ©)."""
    config = site.config
    return _digest(__version__, repr(config), sorted(config.theme_settings.items()),
                   [(s.slug, s.name) for s in site.sections], [(p.url, p.title) for p in site.pages],
                   site.built_at.year)


def plan_fingerprints(site: Site, plans: Iterable[PagePlan], templates: TemplateDigests,
                      theme_settings: object) -> dict[str, str]:
    """Output path → fingerprint for every plan."""
    cards = {a.url: card_digest(a, site.built_at) for a in site.articles}
    articles = {a.url: a for a in site.articles}
    common = _digest(site_digest(site), repr(theme_settings))
    authors = {a.id: a for a in site.authors}
    plan_list = list(plans)
    all_cards = _digest(*cards.values())
    author_counts = _digest(*((_author_key(a), len(site.author_articles.get(a.id, ()))) for a in site.authors))
    collections = {
        "articles": all_cards, "related": all_cards, "neighbours": all_cards,
        "tags": _digest(*((t.slug, t.name, len(t.articles)) for t in site.tags)),
        "authors": author_counts, "author_articles": author_counts,
        "archive": _digest(*((y.year, [(m.month, len(m.articles)) for m in y.months]) for y in site.archive)),
    }
    fingerprints = {}
    machine_inputs = _MachineInputs(site, plan_list, cards)
    template_parts: dict[str, str] = {"": ""}  # by template name: the same for each of its pages

    def template_part(name: str) -> str:
        if name not in template_parts:
            shown = templates.site_collections(name)
            template_parts[name] = _digest(templates.closure_digest(name), *(collections[c] for c in shown))
        return template_parts[name]

    for plan in plan_list:
        template = template_part(plan.template)
        if plan.kind is PageKind.ARTICLE:
            article = articles[plan.url]
            neighbours = site.neighbours[plan.url]
            inputs: object = (article_digest(article, cards[article.url]),
                              [cards[r.url] for r in site.related[plan.url]],
                              neighbours.newer and cards[neighbours.newer.url],
                              neighbours.older and cards[neighbours.older.url])
        elif plan.kind is PageKind.PAGE:
            page = site.pages_by_url[plan.url]
            inputs = (page.digest, page.body.packed_html)
        elif plan.kind in LIST_KINDS:
            owner = _author_key(authors[plan.key]) if plan.kind is PageKind.AUTHOR else plan.key
            inputs = (owner, len(listing(site, plan)), [cards[a.url] for a in listed_on(site, plan)])
        elif plan.kind is PageKind.TAG_INDEX:
            inputs = [(t.slug, t.name, len(t.articles)) for t in site.tags]
        elif plan.kind is PageKind.AUTHOR_INDEX:
            inputs = [(_author_key(a), len(site.author_articles.get(a.id, ()))) for a in site.authors]
        elif plan.kind is PageKind.ARCHIVE:
            inputs = [(y.year, [(m.month, len(m.articles)) for m in y.months]) for y in site.archive]
        elif plan.kind is PageKind.ARCHIVE_YEAR:
            year = next(y for y in site.archive if str(y.year) == plan.key)
            inputs = [cards[a.url] for month in year.months for a in month.articles]
        elif plan.kind in MACHINE_KINDS:
            inputs = machine_inputs(plan)
        else:
            inputs = ()
        fingerprints[plan.output_path] = _digest(common, template, plan.kind, plan.number, inputs)
    return fingerprints


class _MachineInputs:
    """What the feeds, sitemaps and robots.txt show, for their fingerprints."""

    def __init__(self, site: Site, plans: list[PagePlan], cards: dict[str, str]) -> None:
        self.site, self.plans, self.cards = site, plans, cards
        self._sitemap = ""  # the same for every part of a split sitemap: worked out once

    def __call__(self, plan: PagePlan) -> object:
        site, cards = self.site, self.cards
        if plan.kind in (PageKind.RSS, PageKind.ATOM) and plan.key:  # a topic feed: summaries
            title, page, topic = topic_of(site, plan.key)
            return title, page, [cards[a.url] for a in topic[: site.config.feed_size]]
        if plan.kind in (PageKind.RSS, PageKind.ATOM):
            return [article_digest(a, cards[a.url]) for a in site.articles[: site.config.feed_size]]
        if plan.kind is PageKind.SITEMAP:
            self._sitemap = self._sitemap or _digest(*((url, cards.get(url, "")) for url in sitemap_urls(self.plans)))
            return self._sitemap
        if plan.kind is PageKind.NEWS_SITEMAP:
            return [cards[a.url] for a in news_articles(site)]
        return [p.url for p in self.plans if p.kind in (PageKind.SITEMAP, PageKind.NEWS_SITEMAP)]  # robots.txt
