"""Swaps edited articles into an existing Site when the edit leaves the site's shape alone.

Most saves under `sitegen serve` change words, not structure: the URL, date, tags, authors,
section and draft flag stay, so every list keeps its order and every article its related
block. For those, assembling a 10,000-article site again is wasted work: this module
replaces the old objects in place. Which pages then render again is not decided here: the
pages' records (render/tracking.py) say which of them read the edited articles. Anything else (a
new tag, a moved date, a link to another article, a site-level problem) returns None, and
the caller does a full rebuild.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TypeVar

from generator.content.model import Article
from generator.frozen import FrozenDict
from generator.model.pictures import image_sources, with_images
from generator.model.site import ArchiveMonth, ArchiveYear, Neighbours, Section, Site, check_image, check_refs

Item = TypeVar("Item")
# (old, new) pairs, not a dict: articles are compared by identity, and hashing one would hash
# its whole body (or fail on list values in its extra front matter).
Swaps = list[tuple[Article, Article]]


def _shape(article: Article) -> tuple[object, ...]:
    """What decides an article's place in the site; tag and author spellings included, and what
    makes pages of its own (aliases) or changes with the clock (its lead slot, expiry, banner)."""
    return (article.url, article.date, tuple((t.slug, t.name) for t in article.tags), article.author_refs,
            article.section, article.draft, article.aliases, article.featured, article.ends, article.breaking)


def shown_by(site: Site) -> dict[str, tuple[str, ...]]:
    """Article URL → the article pages whose related block or neighbour links show it.

    Every revision needs it, and it depends only on the site's shape, which a revision keeps:
    a serve session works it out once after a full build instead of scanning 10,000 related
    blocks on each save.
    """
    shown: dict[str, dict[str, None]] = {}
    for url, items in site.related.items():
        for item in items:
            shown.setdefault(item.url, {})[url] = None
    for url, neighbours in site.neighbours.items():
        for item in (neighbours.newer, neighbours.older):
            if item is not None:
                shown.setdefault(item.url, {})[url] = None
    return {url: tuple(pages) for url, pages in shown.items()}


def revise(site: Site, parsed: Iterable[Article], assets: frozenset[str], troubled: set[str],
           shown: dict[str, tuple[str, ...]]) -> tuple[Site, Swaps] | None:
    """SITE with the PARSED (re-parsed, edited) articles swapped in, and the (old, new) pairs; or None.

    TROUBLED are the sources with site-level problems in the last build: their messages would
    have to be worked out again, so they always take the full path. The shape compares the
    new spellings of tags with the site's canonical ones: an article that spells a tag its
    own way (or changes the spelling) takes the full path too, as the tag's name may change.
    SHOWN is shown_by(SITE).
    """
    by_source = {article.source: article for article in site.articles}
    swaps: Swaps = []
    for new in parsed:
        old = by_source.get(new.source)
        if old is None or new.source in troubled or _shape(new) != _shape(old):
            return None
        if new.body.links_to_pages:
            return None  # links to other articles are resolved against the whole site
        if check_refs(new.source, new.body.local_refs, assets, {}, set()) or check_image(new, assets):
            return None  # a missing file: the full build reports it with the right words
        if not image_sources([new], ()) <= site.images.keys():
            return None  # an image the last build did not inspect (or could not read)
        if image_sources([old], ()) - image_sources([new], ()):
            return None  # an image it no longer shows may be shown nowhere now: its copies must go
        illustrated, _ = with_images(new, site.images, site.config.base_path)
        swaps.append((old, dataclasses.replace(illustrated, tags=old.tags, authors=old.authors)))
    return _swapped(site, swaps, shown), swaps


def _swapped(site: Site, swaps: Swaps, shown: dict[str, tuple[str, ...]]) -> Site:
    """SITE with every reference to an old article pointing at its new version.

    Only the containers that can hold an edited article are rebuilt (its tags, section,
    authors, archive month, and the related blocks and neighbours naming it): the shape is
    unchanged, so it cannot have moved anywhere else.
    """
    by_id = {id(old): new for old, new in swaps}
    tag_slugs = {t.slug for old, _ in swaps for t in old.tags}
    section_slugs = {old.section for old, _ in swaps}
    author_ids = {a.id for old, _ in swaps for a in old.authors}
    months = {(old.date.astimezone(site.config.timezone).year, old.date.astimezone(site.config.timezone).month)
              for old, _ in swaps}

    def swap(items: tuple[Item, ...]) -> tuple[Item, ...]:
        return tuple(by_id.get(id(item), item) for item in items)  # type: ignore[misc]

    tags = tuple(dataclasses.replace(t, articles=swap(t.articles)) if t.slug in tag_slugs else t for t in site.tags)
    sections = tuple(Section(s.slug, s.name, swap(s.articles)) if s.slug in section_slugs else s
                     for s in site.sections)
    archive = tuple(ArchiveYear(y.year, tuple(ArchiveMonth(m.year, m.month, swap(m.articles))
                                              if (m.year, m.month) in months else m for m in y.months))
                    for y in site.archive)
    showing = {url for old, _ in swaps for url in shown.get(old.url, ())}
    related = {url: swap(site.related[url]) for url in showing if url in site.related}
    neighbours = {url: Neighbours(by_id.get(id(n.newer), n.newer), by_id.get(id(n.older), n.older))
                  for url in showing if (n := site.neighbours.get(url)) is not None}
    return dataclasses.replace(
        site,
        articles=swap(site.articles),
        featured=by_id.get(id(site.featured), site.featured),
        tags=tags,
        sections=sections,
        author_articles=FrozenDict({k: swap(v) if k in author_ids else v for k, v in site.author_articles.items()}),
        archive=archive,
        related=FrozenDict({**site.related, **related}),
        neighbours=FrozenDict({**site.neighbours, **neighbours}),
        tags_by_slug=FrozenDict({t.slug: t for t in tags}),
        sections_by_slug=FrozenDict({s.slug: s for s in sections}),
    )
