"""Plans every file the site will have: one `PagePlan` per URL, before anything is rendered.

Planning first means URL collisions are found while nothing has been written, and that the
list of pages is plain data the renderer (or a worker process) can take one at a time.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from generator.errors import Problem
from generator.site import Site
from generator.urls import output_file, paginated


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
    SITEMAP = "sitemap"


MACHINE_KINDS = frozenset({PageKind.RSS, PageKind.ATOM, PageKind.SITEMAP})  # made by feeds.py
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
}


@dataclass(frozen=True, slots=True)
class PagePlan:
    """One output file: its URL, what kind of page it is and which item it shows.

    `key` names the item (an article's URL, a tag slug, an author id, a year); `number` is the
    page of a paginated list; `claimed_by` says who wants the URL, for collision messages.
    """

    url: str
    kind: PageKind
    template: str = ""
    key: str = ""
    number: int = 1
    claimed_by: str = ""

    # The file under output/, worked out once: a serve rebuild asks for all 18,000 of them.
    output_path: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "output_path", output_file(self.url))


def page_count(items: int, per_page: int) -> int:
    return max(1, math.ceil(items / per_page))


def _list_plans(kind: PageKind, first_url: str, key: str, items: int, per_page: int,
                claimed_by: str) -> list[PagePlan]:
    return [PagePlan(paginated(first_url, number), kind, TEMPLATES[kind], key, number, claimed_by)
            for number in range(1, page_count(items, per_page) + 1)]


def plan_pages(site: Site) -> tuple[PagePlan, ...]:
    """Every page of SITE, in a stable order: articles first, then lists, feeds last."""
    per_page = site.config.paginate
    plans: list[PagePlan] = []
    for article in site.articles:
        plans.append(PagePlan(article.url, PageKind.ARTICLE, article.template, article.url,
                              claimed_by=article.source))
    for page in site.pages:
        plans.append(PagePlan(page.url, PageKind.PAGE, page.template, page.url, claimed_by=page.source))
    plans += _list_plans(PageKind.HOME, "/", "", len(site.articles), per_page, "the front page")
    for section in site.sections:
        plans += _list_plans(PageKind.SECTION, section.url, section.slug, len(section.articles),
                             per_page, f"the section page of '{section.slug}'")
    plans.append(PagePlan("/tags/", PageKind.TAG_INDEX, TEMPLATES[PageKind.TAG_INDEX],
                          claimed_by="the tag index"))
    for tag in site.tags:
        plans += _list_plans(PageKind.TAG, tag.url, tag.slug, len(tag.articles), per_page,
                             f"the page of tag '{tag.name}'")
    plans.append(PagePlan("/authors/", PageKind.AUTHOR_INDEX, TEMPLATES[PageKind.AUTHOR_INDEX],
                          claimed_by="the author index"))
    for author in site.authors:
        plans += _list_plans(PageKind.AUTHOR, author.url, author.id,
                             len(site.author_articles.get(author.id, ())), per_page,
                             f"the page of author '{author.name}'")
    plans.append(PagePlan("/archive/", PageKind.ARCHIVE, TEMPLATES[PageKind.ARCHIVE],
                          claimed_by="the archive"))
    for year in site.archive:
        plans.append(PagePlan(year.url, PageKind.ARCHIVE_YEAR, TEMPLATES[PageKind.ARCHIVE_YEAR],
                              str(year.year), claimed_by=f"the archive of {year.year}"))
    plans.append(PagePlan("/404.html", PageKind.NOT_FOUND, TEMPLATES[PageKind.NOT_FOUND],
                          claimed_by="the 404 page"))
    plans.append(PagePlan("/feed.xml", PageKind.RSS, claimed_by="the RSS feed"))
    plans.append(PagePlan("/atom.xml", PageKind.ATOM, claimed_by="the Atom feed"))
    plans.append(PagePlan("/sitemap.xml", PageKind.SITEMAP, claimed_by="the sitemap"))
    return tuple(plans)


def find_collisions(plans: tuple[PagePlan, ...], copied: list[tuple[str, str]]) -> list[Problem]:
    """Problems for output files claimed twice; COPIED holds (output path, source) of assets."""
    claims: dict[str, list[str]] = defaultdict(list)
    for plan in plans:
        claims[plan.output_path].append(plan.claimed_by)
    for output_path, source in copied:
        claims[output_path].append(source)
    problems = []
    for output_path, claimants in claims.items():
        if len(claimants) > 1:
            files = [c for c in claimants if c.startswith(("content/", "themes/"))]
            first = files[0] if files else claimants[0]
            others = " and ".join(c for c in claimants if c != first)
            problems.append(Problem(first, f"would write /{output_path.removesuffix('index.html')}, "
                                    f"which {others} also writes; give one a different slug"))
    return problems
