"""Plans every file the site will have: one `PagePlan` per URL, before anything is rendered.

Planning first means URL collisions are found while nothing has been written, and that the
list of pages is plain data the renderer (or a worker process) can take one at a time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from generator.config import SiteConfig
from generator.content.model import Article
from generator.model.site import Site
from generator.urls import output_file


class PageKind(StrEnum):
    ARTICLE = "article"
    PAGE = "page"
    HOME = "home"
    SECTION = "section"
    TAG = "tag"
    TAG_INDEX = "tag_index"
    AUTHOR = "author"
    AUTHOR_INDEX = "author_index"
    ARCHIVE = "archive"
    ARCHIVE_YEAR = "archive_year"
    NOT_FOUND = "not_found"
    RSS = "rss"
    ATOM = "atom"
    JSON_FEED = "json_feed"
    SITEMAP = "sitemap"
    SEARCH = "search"
    NEWS_SITEMAP = "news_sitemap"
    ROBOTS = "robots"
    REDIRECT = "redirect"  # an old URL of a page: a small page that sends readers on (model/moves.py)
    REDIRECT_RULES = "redirect_rules"  # the same redirects as rules for the host (_redirects)
    GONE = "gone"  # a URL taken down on purpose: a page that says so
    OPENSEARCH = "opensearch"  # the search as a browser's search engine (render/opensearch.py)


SEARCH_BUNDLE = "pagefind"  # the folder of output/ the search index owns (see publish/search.py)
# Made in Python (render/feeds.py, render/sitemaps.py), not from templates.
FEED_KINDS = frozenset({PageKind.RSS, PageKind.ATOM, PageKind.JSON_FEED})
MACHINE_KINDS = frozenset({*FEED_KINDS, PageKind.SITEMAP, PageKind.NEWS_SITEMAP, PageKind.ROBOTS,
                           PageKind.REDIRECT, PageKind.REDIRECT_RULES, PageKind.OPENSEARCH})
SITEMAP_LIMIT = 50_000  # URLs per sitemap file (sitemaps.org); past it, /sitemap.xml becomes an index
NEWS_WINDOW = timedelta(hours=48)  # Google News sitemaps list the articles of the last two days
NEWS_LIMIT = 1000  # ... at most this many
TEMPLATES = {
    PageKind.HOME: "index.html",
    PageKind.SECTION: "section.html",
    PageKind.TAG: "tag.html",
    PageKind.TAG_INDEX: "tags.html",
    PageKind.AUTHOR: "author.html",
    PageKind.AUTHOR_INDEX: "authors.html",
    PageKind.ARCHIVE: "archive.html",
    PageKind.ARCHIVE_YEAR: "archive_year.html",
    PageKind.NOT_FOUND: "404.html",
    PageKind.SEARCH: "search.html",
    PageKind.GONE: "gone.html",
}


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One output file: its URL, what kind of page it is and which item it shows.

    `key` names the item (an article's URL, a tag slug, an author id, a year); `number` is the
    page of a paginated list (see Pagination) and `list_url` the list's first URL; `claimed_by`
    says who wants the URL, for collision messages.
    """

    url: str
    kind: PageKind
    template: str = ""
    key: str = ""
    number: int = 1
    claimed_by: str = ""
    list_url: str = ""
    in_sitemap: bool = True  # False: a page search engines are told to skip, or whose original is elsewhere

    # The file under output/, worked out once: a serve rebuild asks for all 18,000 of them.
    output_path: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "output_path", output_file(self.url))


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))


@dataclass(frozen=True, slots=True)
class Pagination:
    """Where one page of a list sits among the others.

    Classic pagination counts pages from the newest story: page 1 is the first URL, and a
    published story moves every story of every page one place on, so every page changes.
    Stable pagination counts them from the oldest: page 1 holds the oldest stories, each
    full page keeps its URL and its stories for good, and the first URL (the list's own, its
    number the highest) shows the newest ones, between PER_PAGE and twice that less one.
    Publishing then changes the first page of each list the story is in, and no other.
    """

    number: int
    total: int
    first_url: str
    stable: bool = False

    @property
    def is_first(self) -> bool:
        """Whether this is the list's first URL, the page with its newest stories."""
        return self.number == self._front

    @property
    def shows_totals(self) -> bool:
        """Whether the page may show figures of the whole list (its story count, its number of
        pages): not a stable list's older pages, which must not change when a story is published."""
        return self.is_first or not self.stable

    @property
    def _front(self) -> int:
        return self.total if self.stable else 1

    def url_for(self, number: int) -> str:
        return self.first_url if number == self._front else f"{self.first_url}page/{number}/"

    def _step(self, towards_newer: bool) -> str | None:
        number = self.number + (1 if towards_newer == self.stable else -1)
        return self.url_for(number) if 1 <= number <= self.total else None

    @property
    def newer_url(self) -> str | None:
        return self._step(towards_newer=True)

    @property
    def older_url(self) -> str | None:
        return self._step(towards_newer=False)

    def bounds(self, items: int, per_page: int) -> tuple[int, int]:
        """Where this page's stories are in the list of ITEMS, newest first: (start, stop)."""
        if not self.stable:
            return (self.number - 1) * per_page, self.number * per_page
        if self.is_first:
            return 0, items - (self.total - 1) * per_page
        return items - self.number * per_page, items - (self.number - 1) * per_page


LIST_KINDS = frozenset({PageKind.HOME, PageKind.SECTION, PageKind.TAG, PageKind.AUTHOR})


def listing(site: Site, plan: PagePlan) -> tuple[Article, ...]:
    """All the articles of the list PLAN is a page of (a LIST_KINDS plan), newest first."""
    if plan.kind is PageKind.HOME:
        return site.articles
    if plan.kind is PageKind.SECTION:
        return site.sections_by_slug[plan.key].articles
    if plan.kind is PageKind.TAG:
        return site.tags_by_slug[plan.key].articles
    return site.author_articles.get(plan.key, ())


def _pages_of(items: int, per_page: int, stable: bool) -> int:
    """How many pages a list of ITEMS has: stable pagination folds a part-full page into the first."""
    return max(1, items // per_page) if stable else page_count(items, per_page)


def pagination(site: Site, plan: PagePlan) -> Pagination:
    """PLAN's place in its list (a LIST_KINDS plan): what its template gets, and its stories' bounds."""
    config = site.config
    total = _pages_of(len(listing(site, plan)), config.paginate, config.pagination == "stable")
    return Pagination(plan.number, total, plan.list_url, config.pagination == "stable")


def listed_on(site: Site, plan: PagePlan) -> tuple[Article, ...]:
    """The articles page PLAN of its list shows."""
    items = listing(site, plan)
    start, stop = pagination(site, plan).bounds(len(items), site.config.paginate)
    return items[start:stop]


def locality_order(site: Site, plans: Iterable[PagePlan]) -> list[PagePlan]:
    """PLANS in an order that lets each worker's bounded fragment cache (render/pages.py) serve them.

    Article pages come first, as planned (newest first); list pages follow by the age of
    their newest story, other pages last. A story card appears on the front page, its
    section, tag and author pages; in this order those pages come close together, so a
    cache that forgets old cards renders few twice. Measured on the 10k corpus with two
    workers: 53,700 fragments rendered with a limit of 15,000 (52,400 with no limit; 63,000
    with a limit of 5,000), the extra ones mostly related items, which no order groups.
    """
    position = {article.url: index for index, article in enumerate(site.articles)}
    last = len(position)

    def age(plan: PagePlan) -> int:
        if plan.kind is PageKind.ARTICLE:
            return -1
        shown = listed_on(site, plan) if plan.kind in LIST_KINDS else ()
        return position[shown[0].url] if shown else last

    return sorted(plans, key=age)


def _list_plans(kind: PageKind, first_url: str, key: str, items: int, config: SiteConfig,
                claimed_by: str, *, in_sitemap: bool = True) -> list[PagePlan]:
    """A list's pages, its first URL first (the newest stories), then older and older."""
    stable = config.pagination == "stable"
    total = _pages_of(items, config.paginate, stable)
    numbers = range(total, 0, -1) if stable else range(1, total + 1)
    return [PagePlan(Pagination(number, total, first_url, stable).url_for(number), kind, TEMPLATES[kind], key,
                     number, claimed_by, first_url, in_sitemap) for number in numbers]


def is_thin(site: Site, tag_slug: str) -> bool:
    """Whether a tag has too few stories to be worth a search engine's index (config thin_tag_min)."""
    return len(site.tags_by_slug[tag_slug].articles) < site.config.thin_tag_min


def plan_pages(site: Site) -> tuple[PagePlan, ...]:
    """Every page of SITE, in a stable order: articles first, then lists, feeds last."""
    config = site.config
    plans: list[PagePlan] = []
    for article in site.articles:
        plans.append(PagePlan(article.url, PageKind.ARTICLE, article.template, article.url, claimed_by=article.source,
                              in_sitemap=not (article.noindex or article.canonical)))
    for article in site.expired:  # their page stays with a notice, or says the story is gone
        plans.append(PagePlan(article.url, PageKind.ARTICLE, article.template, article.url, claimed_by=article.source)
                     if config.expired == "mark" else
                     PagePlan(article.url, PageKind.GONE, TEMPLATES[PageKind.GONE], claimed_by=article.source))
    for page in site.pages:
        plans.append(PagePlan(page.url, PageKind.PAGE, page.template, page.url, claimed_by=page.source))
    plans += _list_plans(PageKind.HOME, "/", "", len(site.articles), config, "the front page")
    for section in site.sections:
        plans += _list_plans(PageKind.SECTION, section.url, section.slug, len(section.articles),
                             config, f"the section page of '{section.slug}'")
    plans.append(PagePlan("/tags/", PageKind.TAG_INDEX, TEMPLATES[PageKind.TAG_INDEX],
                          claimed_by="the tag index"))
    for tag in site.tags:
        plans += _list_plans(PageKind.TAG, tag.url, tag.slug, len(tag.articles), config,
                             f"the page of tag '{tag.name}'", in_sitemap=not is_thin(site, tag.slug))
    plans.append(PagePlan("/authors/", PageKind.AUTHOR_INDEX, TEMPLATES[PageKind.AUTHOR_INDEX],
                          claimed_by="the author index"))
    for author in site.authors:
        plans += _list_plans(PageKind.AUTHOR, author.url, author.id,
                             len(site.author_articles.get(author.id, ())), config,
                             f"the page of author '{author.name}'")
    plans.append(PagePlan("/archive/", PageKind.ARCHIVE, TEMPLATES[PageKind.ARCHIVE],
                          claimed_by="the archive"))
    for year in site.archive:
        plans.append(PagePlan(year.url, PageKind.ARCHIVE_YEAR, TEMPLATES[PageKind.ARCHIVE_YEAR],
                              str(year.year), claimed_by=f"the archive of {year.year}"))
    plans.append(PagePlan("/404.html", PageKind.NOT_FOUND, TEMPLATES[PageKind.NOT_FOUND],
                          claimed_by="the 404 page"))
    if site.config.search:
        plans.append(PagePlan("/search/", PageKind.SEARCH, TEMPLATES[PageKind.SEARCH], claimed_by="the search page"))
        plans.append(PagePlan("/opensearch.xml", PageKind.OPENSEARCH, claimed_by="the OpenSearch description"))
    pages = len(sitemap_urls(plans))
    plans.append(PagePlan("/feed.xml", PageKind.RSS, claimed_by="the RSS feed"))
    plans.append(PagePlan("/atom.xml", PageKind.ATOM, claimed_by="the Atom feed"))
    plans.append(PagePlan("/feed.json", PageKind.JSON_FEED, claimed_by="the JSON feed"))
    plans += _topic_feed_plans(site)
    plans.append(PagePlan("/sitemap.xml", PageKind.SITEMAP, claimed_by="the sitemap"))
    if pages > SITEMAP_LIMIT:  # /sitemap.xml is the index of these
        plans += [PagePlan(f"/sitemap-{number}.xml", PageKind.SITEMAP, key=str(number), number=number,
                           claimed_by=f"part {number} of the sitemap")
                  for number in range(1, page_count(pages, SITEMAP_LIMIT) + 1)]
    if news_articles(site):
        plans.append(PagePlan("/news-sitemap.xml", PageKind.NEWS_SITEMAP, claimed_by="the news sitemap"))
    plans.append(PagePlan("/robots.txt", PageKind.ROBOTS, claimed_by="robots.txt"))
    return tuple(plans)


def topic_feed_scopes(site: Site) -> dict[str, str]:
    """Page URL → feed scope ("tag:ai") of every page with topic feeds: each section, tag, and
    author with something listed; none with topic_feeds off. Plans and links both ask here."""
    if not site.config.topic_feeds:
        return {}
    scopes = {s.url: f"section:{s.slug}" for s in site.sections}
    scopes |= {t.url: f"tag:{t.slug}" for t in site.tags if t.articles}  # not a tag only expired stories have
    return scopes | {a.url: f"author:{a.id}" for a in site.authors if site.author_articles.get(a.id)}


def _topic_feed_plans(site: Site) -> list[PagePlan]:
    """An RSS and an Atom feed beside every section, tag and author page: /tags/ai/feed.xml."""
    return [PagePlan(f"{url}{name}", kind, key=scope, claimed_by=f"the {label} feed of {url}")
            for url, scope in topic_feed_scopes(site).items()
            for kind, name, label in ((PageKind.RSS, "feed.xml", "RSS"), (PageKind.ATOM, "atom.xml", "Atom"),
                                      (PageKind.JSON_FEED, "feed.json", "JSON"))]


def sitemap_urls(plans: list[PagePlan] | tuple[PagePlan, ...]) -> list[str]:
    """The URLs a sitemap lists, in plan order: every HTML page but the 404, the search and gone pages,
    and the pages planned out of it (noindex, canonical elsewhere, thin tags)."""
    unlisted = {*MACHINE_KINDS, PageKind.NOT_FOUND, PageKind.SEARCH, PageKind.GONE}
    return [plan.url for plan in plans if plan.kind not in unlisted and plan.in_sitemap]


def sitemap_part(urls: list[str], number: int) -> list[str]:
    """The URLs of part NUMBER (from 1) of a sitemap split at SITEMAP_LIMIT."""
    return urls[(number - 1) * SITEMAP_LIMIT: number * SITEMAP_LIMIT]


def news_articles(site: Site) -> tuple[Article, ...]:
    """The articles a Google News sitemap lists: published in the NEWS_WINDOW before the build."""
    since = site.built_at - NEWS_WINDOW
    recent = []
    for article in site.articles:  # newest first: stop at the first one older than the window
        if article.date < since or len(recent) == NEWS_LIMIT:
            break
        if article.date <= site.built_at and not (article.draft or article.noindex or article.canonical):
            recent.append(article)
    return tuple(recent)


def news_valid_until(site: Site) -> datetime | None:
    """When the news sitemap next changes by the clock alone: its oldest article leaves the window."""
    recent = news_articles(site)
    return min(a.date for a in recent) + NEWS_WINDOW if recent else None


def output_valid_until(site: Site) -> datetime | None:
    """When a build's output goes stale by the clock alone, with no file changed: an article
    dated after the build comes due (it appears, or loses its Scheduled badge), the news
    sitemap's oldest article turns 48 hours old, or a story expires, leaves the lead slot,
    lowers its banner or ends its live coverage (Article.ends, model/timely.py)."""
    moments = [moment for moment in (site.next_release, news_valid_until(site), site.next_ending)
               if moment is not None]
    return min(moments, default=None)


def clock_changed(site: Site, now: datetime) -> bool:
    """Whether a build at NOW would differ from SITE's with no file changed (see output_valid_until);
    a new year counts too, for the © line."""
    valid_until = output_valid_until(site)
    return now.year != site.built_at.year or (valid_until is not None and now >= valid_until)
