"""Assembles parsed files into the `Site`: what is published, in what order, under which tags.

Everything that needs more than one file happens here: drafts and future articles are held
back, authors are matched to profiles, tag spellings are merged, links between articles are
resolved and checked, related articles and neighbours are chosen. Pure: no I/O, no Jinja.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import quote

from generator.config import CONFIG_NAME, SiteConfig
from generator.content.images import ImageFacts, ResponsiveImage
from generator.content.ledger import Ledger
from generator.content.markdown import REF_SCHEME, LocalRef, RenderedBody
from generator.content.model import Article, Author, Breaking, Page, TagRef
from generator.errors import Problem, warning
from generator.frozen import FrozenDict, evolve
from generator.model.pictures import image_sources, with_images
from generator.model.related import related_stories
from generator.model.timely import banner, has_expired, lead_story, next_ending
from generator.text import slugify
from generator.urls import is_remote


@dataclass(frozen=True, slots=True)
class Tag:
    slug: str
    name: str
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return f"/tags/{self.slug}/"


@dataclass(frozen=True, slots=True)
class Section:
    slug: str
    name: str
    articles: tuple[Article, ...]

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


@dataclass(frozen=True, slots=True)
class ArchiveMonth:
    year: int
    month: int
    articles: tuple[Article, ...]

    @property
    def anchor(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class ArchiveYear:
    year: int
    months: tuple[ArchiveMonth, ...]

    @property
    def url(self) -> str:
        return f"/archive/{self.year}/"

    @property
    def count(self) -> int:
        return sum(len(month.articles) for month in self.months)


@dataclass(frozen=True, slots=True)
class Neighbours:
    newer: Article | None
    older: Article | None


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    articles: tuple[Article, ...]  # newest first: what lists and feeds show (not the expired)
    pages: tuple[Page, ...]
    authors: tuple[Author, ...]
    author_articles: Mapping[str, tuple[Article, ...]]
    tags: tuple[Tag, ...]  # by name
    sections: tuple[Section, ...]
    archive: tuple[ArchiveYear, ...]  # newest year first
    related: Mapping[str, tuple[Article, ...]]  # by article URL
    neighbours: Mapping[str, Neighbours]
    built_at: datetime
    # Lookups for templates and the renderer, built once instead of searched per page.
    tags_by_slug: Mapping[str, Tag]
    sections_by_slug: Mapping[str, Section]
    pages_by_url: Mapping[str, Page]
    # When the first article dated after the build comes due: held back, it appears; shown
    # (--future), its Scheduled badge goes. Either way the output changes by the clock alone.
    next_release: datetime | None = None
    # The site's own images that published articles and pages show, by content-relative path.
    images: Mapping[str, ResponsiveImage] = field(default_factory=lambda: FrozenDict({}))
    # Published stories past their `expires:`: out of every list and feed; their pages are
    # kept with a notice, or replaced by a "gone" page (sitegen.toml `expired`).
    expired: tuple[Article, ...] = ()
    featured: Article | None = None  # the front page's lead, when a story is pinned there
    breaking: Breaking | None = None  # the banner every page shows
    next_ending: datetime | None = None  # when the first of those ends (model/timely.py)
    ledger: Ledger = field(default_factory=Ledger)  # the URLs the site has published (model/moves.py)


@dataclass(frozen=True, slots=True)
class Publishing:
    """Which held-back content a build includes, and the moment "future" is measured from."""

    now: datetime
    drafts: bool = False
    future: bool = False


def assemble_site(config: SiteConfig, articles: Iterable[Article], pages: Iterable[Page],
                  authors: Iterable[Author], assets: frozenset[str], publishing: Publishing,
                  images: Mapping[str, ImageFacts] = FrozenDict({}),
                  ledger: Ledger | None = None, unparsed: frozenset[str] = frozenset()) -> tuple[Site, list[Problem]]:
    """Build the site model; ASSETS are the content-relative paths of non-Markdown files.

    IMAGES holds the facts of the images the files name (pictures.image_sources), by path;
    LEDGER the URLs published before (content/ledger.py). UNPARSED are the content-relative
    paths of Markdown files that could not be parsed: their own errors are told, so a link to
    one, its author id or its page's URL is taken as there rather than told again as missing.
    """
    all_articles = list(articles)
    all_pages = list(pages)
    unparsed_pages = {f"/{slugify(PurePosixPath(path).stem)}/" for path in unparsed if path.startswith("pages/")}
    problems: list[Problem] = check_config_files(config, assets, (*(p.url for p in all_pages if not p.draft),
                                                                  *unparsed_pages))
    published = [a for a in all_articles if _is_published(a.draft, a.date, publishing)]
    published_pages = [p for p in all_pages if publishing.drafts or not p.draft]
    # By POSIX time, not the datetime: aware datetimes with distinct tzinfo objects (each parsed
    # '+08:00' makes one) ask both for their offset on every comparison (100k: 1.2 s, not 0.3).
    published.sort(key=lambda a: (a.date.timestamp(), a.url), reverse=True)

    profiles = list(authors)
    resolved_authors, author_problems = _resolve_authors(published, profiles, {
        slugify(PurePosixPath(path).stem) for path in unparsed if path.startswith("authors/")})
    problems += author_problems
    tags, canonical, tag_problems = _merge_tags(published)
    problems += tag_problems
    link_targets = {a.source.removeprefix("content/"): a.url for a in published}
    link_targets |= {p.source.removeprefix("content/"): p.url for p in published_pages}
    link_targets |= {a.source.removeprefix("content/"): a.url for a in profiles}
    held_back = {a.source.removeprefix("content/") for a in all_articles} - link_targets.keys()
    held_back |= {p.source.removeprefix("content/") for p in all_pages} - link_targets.keys()

    known = assets | unparsed
    final: list[Article] = []
    for article in published:
        problems += check_refs(article.source, article.body.local_refs, known, link_targets, held_back)
        problems += check_image(article, assets)
        illustrated, image_problems = with_images(article, images, config.base_path)
        problems += image_problems
        final.append(evolve(
            illustrated,
            tags=tuple(dict.fromkeys(canonical[t.slug] for t in article.tags)),
            authors=tuple(resolved_authors[ref.casefold()] for ref in article.author_refs),
            body=_resolve_links(illustrated.body, link_targets, config.base_path),
        ))
    final_pages = []
    for page in published_pages:
        problems += check_refs(page.source, page.body.local_refs, known, link_targets, held_back)
        illustrated_page, image_problems = with_images(page, images, config.base_path)
        problems += image_problems
        final_pages.append(evolve(
            illustrated_page, body=_resolve_links(illustrated_page.body, link_targets, config.base_path)))

    expired = [article for article in final if has_expired(article, publishing.now)]
    if expired:
        final = [article for article in final if not has_expired(article, publishing.now)]
    by_author: dict[str, list[Article]] = defaultdict(list)
    for article in final:
        for author in article.authors:
            by_author[author.id].append(article)
    all_authors = {a.id: a for a in resolved_authors.values()}
    tag_articles: dict[str, list[Article]] = defaultdict(list)
    for article in final:
        for tag in article.tags:
            tag_articles[tag.slug].append(article)
    sorted_tags = tuple(sorted((Tag(slug, tags[slug], tuple(tag_articles[slug])) for slug in tags),
                               key=lambda t: (t.name.casefold(), t.slug)))
    sections = _sections(final)
    sorted_pages = tuple(sorted(final_pages, key=lambda p: p.url))
    site = Site(
        config=config,
        articles=tuple(final),
        pages=sorted_pages,
        authors=tuple(sorted(all_authors.values(), key=lambda a: a.name.casefold())),
        author_articles=FrozenDict({k: tuple(v) for k, v in by_author.items()}),
        tags=sorted_tags,
        sections=sections,
        archive=_archive(final, config),
        related=FrozenDict({**related_stories(final), **{a.url: () for a in expired}}),
        neighbours=FrozenDict({**_neighbours(final), **{a.url: Neighbours(None, None) for a in expired}}),
        built_at=publishing.now,
        tags_by_slug=FrozenDict({tag.slug: tag for tag in sorted_tags}),
        sections_by_slug=FrozenDict({section.slug: section for section in sections}),
        pages_by_url=FrozenDict({page.url: page for page in sorted_pages}),
        next_release=min((a.date for a in all_articles if a.date > publishing.now
                          and (publishing.drafts or not a.draft)), default=None),
        images=FrozenDict(_images_shown([*final, *expired], final_pages, images)),
        expired=tuple(expired),
        featured=lead_story(final, publishing.now),
        breaking=banner(final, publishing.now),
        next_ending=next_ending(final, publishing.now),
        ledger=ledger or Ledger(),
    )
    return site, problems


def _images_shown(articles: list[Article], pages: list[Page],
                  images: Mapping[str, ImageFacts]) -> dict[str, ResponsiveImage]:
    shown = image_sources(articles, pages)
    return {path: facts for path in sorted(shown) if isinstance(facts := images.get(path), ResponsiveImage)}


def _is_published(draft: bool, moment: datetime, publishing: Publishing) -> bool:
    return (publishing.drafts or not draft) and (publishing.future or moment <= publishing.now)


def _resolve_authors(articles: list[Article], profiles: list[Author],
                     unparsed: set[str]) -> tuple[dict[str, Author], list[Problem]]:
    """Map each lower-cased author reference to a profile, inventing one for unknown names.

    The returned dict also holds every profile by id, so authors without articles keep a page.
    An id in UNPARSED has a profile that could not be parsed (told already): no warning.
    """
    lookup: dict[str, Author] = {}
    for profile in profiles:
        lookup[profile.id.casefold()] = profile
        lookup.setdefault(profile.name.casefold(), profile)
    problems = []
    for article in articles:
        for ref in article.author_refs:
            key = ref.casefold()
            if key in lookup:
                continue
            invented = Author(id=slugify(ref) or "unknown", name=ref, has_profile=False)
            clash = lookup.get(invented.id)
            lookup[key] = clash if clash else invented
            lookup.setdefault(invented.id, lookup[key])
            if not clash and invented.id not in unparsed:
                problems.append(warning(article.source, f"author '{ref}' has no profile; add "
                                        f"content/authors/{invented.id}.md with a name, role and bio"))
    return lookup, problems


def _merge_tags(articles: list[Article]) -> tuple[dict[str, str], dict[str, TagRef], list[Problem]]:
    """One name per tag slug: the spelling used most ("AI" over "ai"), ties broken alphabetically.

    Spellings that differ by more than case and spaces ("Zürich" and "Zurich", "e-mail" and
    "e mail") are merged too, with a warning naming where each was first used: they may be
    one tag spelled two ways, or two things that need names further apart.
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    used_in: dict[str, dict[str, str]] = defaultdict(dict)  # slug → plain spelling → a file using it
    for article in articles:
        for tag in article.tags:
            spellings[tag.slug][tag.name] += 1
            plain = _plain(tag.name)
            used_in[tag.slug][plain] = min(used_in[tag.slug].get(plain, article.source), article.source)
    names = {slug: min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
             for slug, counts in spellings.items()}
    problems = []
    for slug, uses in used_in.items():
        kept = _plain(names[slug])
        problems += [warning(source, f"tag '{spelling}' shares the page /tags/{slug}/ with tag '{kept}' "
                             f"({uses[kept]}); they are merged as '{names[slug]}': spell them alike, or give "
                             "them names further apart")
                     for spelling, source in sorted(uses.items()) if spelling != kept]
    return names, {slug: TagRef(slug, name) for slug, name in names.items()}, problems


def _plain(name: str) -> str:
    """NAME without the differences a merge needs no warning for: case and spaces."""
    return " ".join(name.split()).casefold()


def check_refs(source: str, refs: Iterable[LocalRef], assets: frozenset[str], link_targets: Mapping[str, str],
                held_back: set[str]) -> list[Problem]:
    problems = []
    for ref in refs:
        target = ref.target
        if target in assets or target in link_targets or target.endswith("/") or "." not in target.rsplit("/", 1)[-1]:
            continue  # folders and extension-less paths are site URLs, not files
        what = "image" if ref.is_image else "link"
        if target in held_back:
            problems.append(Problem(source, f"{what} to content/{target}, which is a draft or "
                                    "scheduled for later and is not published", ref.line))
        else:
            problems.append(Problem(source, f"{what} to '{target}': no such file in content/", ref.line))
    return problems


def check_config_files(config: SiteConfig, assets: frozenset[str], page_urls: Iterable[str]) -> list[Problem]:
    """sitegen.toml's logo and social_image must be files of content/ (or URLs); its icon, a file;
    its policies, pages of the site (PAGE_URLS)."""
    page_urls = frozenset(page_urls)
    named = (("logo", config.logo), ("social_image", config.social_image), ("icon", config.icon))
    problems = [Problem(CONFIG_NAME, f"{key}: '{value}' is not a file in content/ "
                        f"(looked for content/{value.lstrip('/')})")
                for key, value in named if value and not is_remote(value) and value.lstrip("/") not in assets]
    problems += [Problem(CONFIG_NAME, f"policies: {key} = \"{path}\" is no page of the site; name a page "
                         "of content/pages/ (its URL), e.g. \"/editorial-policy/\"")
                 for key, path in config.policies.items() if path.split("#")[0] not in page_urls]
    if is_remote(config.icon):
        problems.append(Problem(CONFIG_NAME, f"icon: '{config.icon}' is a URL; the icons are made from a file of "
                                "content/, e.g. icon = \"/images/brand/icon.png\""))
    return problems


def check_image(article: Article, assets: frozenset[str]) -> list[Problem]:
    image = article.image
    if image is None or image.is_remote:
        return []
    if image.src.lstrip("/") in assets:
        return []
    return [Problem(article.source, f"image: '{image.src}' is not a file in content/ "
                    f"(looked for content{image.src})", image.line)]


def _resolve_links(body: RenderedBody, link_targets: Mapping[str, str], base_path: str) -> RenderedBody:
    """Swap the placeholders content/markdown.py left for links to .md files for the pages' URLs.

    Looks up the body's own references, not every page of the site: linear in the links,
    where a scan of all link targets per body made a linking site's assembly quadratic.
    Longer targets go first, so one that begins with another is never cut short.
    """
    if not body.links_to_pages:
        return body
    html = body.html
    for target in sorted({ref.target for ref in body.local_refs if ref.target in link_targets}, key=len,
                         reverse=True):
        html = html.replace(f'"{REF_SCHEME}{quote(target)}', f'"{quote(base_path.rstrip("/") + link_targets[target])}')
    return body.with_html(html)


def _sections(articles: list[Article]) -> tuple[Section, ...]:
    grouped: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        if article.section:
            grouped[article.section].append(article)
    return tuple(Section(slug, slug.replace("-", " ").title(), tuple(items))
                 for slug, items in sorted(grouped.items()))


def _archive(articles: list[Article], config: SiteConfig) -> tuple[ArchiveYear, ...]:
    months: dict[tuple[int, int], list[Article]] = defaultdict(list)
    for article in articles:
        local = article.date.astimezone(config.timezone)
        months[(local.year, local.month)].append(article)
    years: dict[int, list[ArchiveMonth]] = defaultdict(list)
    for (year, month), items in sorted(months.items(), reverse=True):
        years[year].append(ArchiveMonth(year, month, tuple(items)))
    return tuple(ArchiveYear(year, tuple(items)) for year, items in years.items())


def _neighbours(articles: list[Article]) -> dict[str, Neighbours]:
    return {
        article.url: Neighbours(
            newer=articles[index - 1] if index > 0 else None,
            older=articles[index + 1] if index + 1 < len(articles) else None,
        )
        for index, article in enumerate(articles)
    }
