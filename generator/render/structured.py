"""Structured data for search engines: schema.org JSON-LD, following Google's guidance for articles.

Article pages describe a NewsArticle (headline, description, image, dates, authors as Persons
with their pages, roles and profiles, the publisher with its logo and policies, keywords,
section, corrections); the front page describes the WebSite, an author's page a ProfilePage;
list pages and articles carry a BreadcrumbList. The data is built here as plain
dicts and serialised once, so a template only places it: `{{ structured_data() }}`.

JSON inside <script> ends at the first "</script>" whatever the JSON says, so `<`, `>` and
`&` (and the two line separators JavaScript treats as newlines) are written as \\u escapes:
a headline containing "</script>" stays data.
"""

from __future__ import annotations

import json
from typing import Any

import jinja2
from markupsafe import Markup

from generator.config import POLICY_PROPERTIES
from generator.content.crops import crops_for
from generator.content.model import STORY_TYPES, Article, Author, Image
from generator.content.verdict import BEST_SCORE, WORST_SCORE, Verdict
from generator.model.site import Site
from generator.urls import absolute

_UNSAFE_IN_SCRIPT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                   "\u2028": "\\u2028", "\u2029": "\\u2029"})


def json_ld(data: dict[str, Any]) -> Markup:
    """DATA as a <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_UNSAFE_IN_SCRIPT)
    return Markup(f'<script type="application/ld+json">{text}</script>')


class StructuredData:
    """The JSON-LD of one build's pages."""

    def __init__(self, site: Site) -> None:
        self.site = site
        config = site.config
        self._origin, self._base_path = config.origin, config.base_path

    def full(self, site_path: str) -> str:
        return absolute(self._origin, self._base_path, site_path)

    def images(self, image: Image | None) -> list[dict[str, Any]]:
        """The lead image as ImageObjects with width and height where known: its crops to 16:9,
        4:3 and 1:1 (Google's large previews ask for the three), else the shareable variant."""
        if image is None:
            return []
        if image.responsive is not None and (crops := crops_for(image.responsive, image.focus)):
            return [{"@type": "ImageObject", "url": self.full(c.path), "width": c.width, "height": c.height}
                    for c in crops]
        social = image.social  # the shareable variant (up to 1600 px), with its size
        if social is None:  # a remote image: its size is unknown
            return [{"@type": "ImageObject", "url": self.full(image.src)}]
        return [{"@type": "ImageObject", "url": self.full(social.path), "width": social.width, "height": social.height}]

    def publisher(self) -> dict[str, Any]:
        """The publication: a NewsMediaOrganization (an Organization) with its logo and the pages
        where it states its standards (sitegen.toml [policies]), which search engines weigh."""
        config = self.site.config
        publisher: dict[str, Any] = {"@type": "NewsMediaOrganization", "name": config.title, "url": self.full("/")}
        if config.logo:
            publisher["logo"] = {"@type": "ImageObject", "url": self.full(config.logo)}
        for key, path in config.policies.items():
            publisher[POLICY_PROPERTIES[key]] = self.full(path)
        return publisher

    def person(self, author: Author) -> dict[str, Any]:
        """An author as a Person: their page, their role, and the profiles their links name."""
        person: dict[str, Any] = {"@type": "Person", "name": author.name, "url": self.full(author.url)}
        if author.role:
            person["jobTitle"] = author.role
        if same_as := [url for url in author.links.values() if url.startswith(("https://", "http://"))]:
            person["sameAs"] = same_as
        return person

    def profile(self, author: Author) -> dict[str, Any]:
        """An author's page: a ProfilePage about the Person."""
        return {"@context": "https://schema.org", "@type": "ProfilePage", "url": self.full(author.url),
                "mainEntity": self.person(author)}

    def article(self, article: Article) -> dict[str, Any]:
        """NewsArticle, with the properties Google's article guidance lists."""
        site = self.site
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": STORY_TYPES[article.story_type].schema,
            # A story first published elsewhere (`canonical:`) is that page's, here as a copy.
            "mainEntityOfPage": {"@type": "WebPage", "@id": article.canonical or self.full(article.url)},
            "url": article.canonical or self.full(article.url),
            "headline": article.title,
            "description": article.summary,
            "datePublished": article.date.isoformat(timespec="seconds"),
            "dateModified": article.modified.isoformat(timespec="seconds"),
            "author": [self.person(a) for a in article.authors],
            "publisher": self.publisher(),
            "inLanguage": site.config.language,
        }
        if images := self.images(article.image):
            data["image"] = images
        if article.tags:
            data["keywords"] = [tag.name for tag in article.tags]
        if article.section and (section := site.sections_by_slug.get(article.section)):
            data["articleSection"] = section.name
        if corrections := [u for u in article.updates if u.kind == "correction"]:
            data["correction"] = [{"@type": "CorrectionComment", "datePublished": u.date.isoformat(timespec="seconds"),
                                   "text": u.note} for u in corrections]
        if article.verdict:
            data.update(review(article.verdict))
        if article.story_type == "live":
            data.update(self.live_blog(article))
        return data

    def live_blog(self, article: Article) -> dict[str, Any]:
        """What a LiveBlogPosting adds: when its coverage starts and ends, and each entry as a
        BlogPosting that links to its place on the page."""
        data: dict[str, Any] = {"coverageStartTime": article.date.isoformat(timespec="seconds")}
        if article.live_until:
            data["coverageEndTime"] = article.live_until.isoformat(timespec="seconds")
        if entries := article.live_entries:
            data["liveBlogUpdate"] = [
                {"@type": "BlogPosting", "headline": entry.headline,
                 "datePublished": entry.date.isoformat(timespec="seconds"),
                 "url": f"{self.full(article.url)}#{entry.anchor}"}
                for entry in entries]
        return data

    def website(self) -> dict[str, Any]:
        config = self.site.config
        data: dict[str, Any] = {"@context": "https://schema.org", "@type": "WebSite", "name": config.title,
                                "url": self.full("/"), "inLanguage": config.language, "publisher": self.publisher()}
        if config.description:
            data["description"] = config.description
        return data

    def breadcrumbs(self, trail: list[tuple[str, str]]) -> dict[str, Any]:
        """BreadcrumbList of (name, site path) pairs, from the front page down to this page."""
        return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": self.full(url)}
            for number, (name, url) in enumerate(trail, 1)]}

    def trail(self, context: jinja2.runtime.Context) -> list[tuple[str, str]]:
        """Where the page sits: Home › Section › Article, Home › Tags › AI, ...; [] for the front page."""
        kind, home = context["kind"], [(self.site.config.title, "/")]
        if kind == "article":
            article = context["article"]
            section = self.site.sections_by_slug.get(article.section or "")
            return [*home, *([(section.name, section.url)] if section else []), (article.title, article.url)]
        crumbs = {
            "section": lambda: [(context["section"].name, context["section"].url)],
            "tag": lambda: [("Tags", "/tags/"), (context["tag"].name, context["tag"].url)],
            "tag_index": lambda: [("Tags", "/tags/")],
            "author": lambda: [("Authors", "/authors/"), (context["author"].name, context["author"].url)],
            "author_index": lambda: [("Authors", "/authors/")],
            "archive": lambda: [("Archive", "/archive/")],
            "archive_year": lambda: [("Archive", "/archive/"), (str(context["year"].year), context["year"].url)],
            "page": lambda: [(context["page"].title, context["page"].url)],
        }
        return [*home, *crumbs[kind]()] if kind in crumbs else []

    @jinja2.pass_context
    def for_page(self, context: jinja2.runtime.Context) -> Markup:
        """The JSON-LD <script> elements of the page being rendered."""
        kind = context["kind"]
        scripts = []
        if kind == "article" and not context["article"].noindex:  # a page kept out of search describes nothing
            scripts.append(json_ld(self.article(context["article"])))
        elif kind == "home" and context["pagination"].number == 1:
            scripts.append(json_ld(self.website()))
        elif kind == "author" and context["pagination"].is_first:
            scripts.append(json_ld(self.profile(context["author"])))
        if trail := self.trail(context):
            scripts.append(json_ld(self.breadcrumbs(trail)))
        return Markup("\n").join(scripts)


def review(verdict: Verdict) -> dict[str, Any]:
    """What makes a review article a schema.org Review too (ReviewNewsArticle is one): the product,
    its rating, and the pros and cons as Google's review snippets read them. The product is
    named only: an Offer would need a price as a number and a currency, and the verdict's
    price is the free text the reader sees."""
    data: dict[str, Any] = {
        "itemReviewed": {"@type": "Product", "name": verdict.product},
        "reviewRating": {"@type": "Rating", "ratingValue": verdict.rating_value,
                         "bestRating": BEST_SCORE, "worstRating": WORST_SCORE},
    }
    # Google reads pros and cons from two statements up (two pros, two cons, or one of each).
    if len(verdict.pros) + len(verdict.cons) >= 2:
        for key, notes in (("positiveNotes", verdict.pros), ("negativeNotes", verdict.cons)):
            if notes:
                data[key] = {"@type": "ItemList", "itemListElement": [
                    {"@type": "ListItem", "position": number, "name": note} for number, note in enumerate(notes, 1)]}
    return data
