"""The content model: Article, Page, Author and what they hold (Image, TagRef), one file each.

These dataclasses have no __slots__ on purpose: they are pickled by the thousand (to and from
worker processes, into the build cache), and a slotted frozen dataclass pickles through
slow Python-level __getstate__/__setstate__, a plain one through the C fast path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from generator.content.fields import Update
from generator.content.images import ResponsiveImage, SocialImage
from generator.content.live import LiveEntry
from generator.content.markdown import RenderedBody
from generator.content.verdict import Verdict
from generator.errors import Problem
from generator.frozen import FrozenDict
from generator.urls import is_remote


@dataclass(frozen=True)
class Image:
    src: str  # site path ("/images/x.svg") for the site's own files, else the URL as written
    alt: str
    credit: str
    line: int | None = None  # of the `image:` key, to point at it when the file is missing
    responsive: ResponsiveImage | None = None  # size and variants of a local file, set by model/site.py
    focus: tuple[float, float] = (0.5, 0.5)  # `image_focus:`, what crops keep in view (content/crops.py)
    caption: str = ""  # what the picture shows, for readers who can see it (alt is for those who cannot)

    @property
    def is_remote(self) -> bool:
        return is_remote(self.src)

    @property
    def width(self) -> int | None:
        return self.responsive.width if self.responsive else None

    @property
    def height(self) -> int | None:
        return self.responsive.height if self.responsive else None

    @property
    def social(self) -> SocialImage | None:
        """The version to share (og:image, JSON-LD): site path, width, height; None if unknown."""
        return self.responsive.social if self.responsive else None


@dataclass(frozen=True)
class TagRef:
    slug: str
    name: str

    @property
    def url(self) -> str:
        return f"/tags/{self.slug}/"


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    role: str = ""
    avatar: str = ""
    links: Mapping[str, str] = field(default_factory=lambda: FrozenDict({}))
    email: str = ""
    bio_html: str = ""
    has_profile: bool = True
    source: str = ""
    digest: str = ""  # of the source file; what incremental rebuilds compare

    @property
    def url(self) -> str:
        return f"/authors/{self.id}/"


class StoryType(NamedTuple):
    """What a `type:` shows readers (LABEL, none for plain news) and says to machines (SCHEMA)."""

    label: str
    schema: str  # the schema.org type of its structured data


# The kinds of story a tech desk runs, with the schema.org NewsArticle subtypes Google reads.
STORY_TYPES: Mapping[str, StoryType] = FrozenDict({
    "news": StoryType("", "NewsArticle"),
    "analysis": StoryType("Analysis", "AnalysisNewsArticle"),
    "opinion": StoryType("Opinion", "OpinionNewsArticle"),
    "review": StoryType("Review", "ReviewNewsArticle"),
    "feature": StoryType("Feature", "ReportageNewsArticle"),
    "explainer": StoryType("Explainer", "BackgroundNewsArticle"),
    "interview": StoryType("Interview", "NewsArticle"),
    "sponsored": StoryType("Sponsored", "AdvertiserContentArticle"),
    "live": StoryType("Live", "LiveBlogPosting"),  # timestamped entries (content/live.py)
})


@dataclass(frozen=True)
class Breaking:
    """A site-wide banner a story raises (`breaking:`): TEXT linking to LINK (the story's own
    URL unless another is given), shown on every page until UNTIL (for good when None)."""

    text: str
    link: str
    until: datetime | None
    source: str  # the story that raised it, for messages


@dataclass(frozen=True)
class Article:
    source: str  # display path, "content/news/x.md"
    url: str
    slug: str
    title: str
    date: datetime
    updated: datetime | None
    author_refs: tuple[str, ...]
    tags: tuple[TagRef, ...]
    section: str | None
    summary: str
    key_points: tuple[str, ...]
    image: Image | None
    draft: bool
    template: str
    body: RenderedBody
    reading_minutes: int
    summary_is_derived: bool = False  # True when taken from the first paragraph (no standfirst needed)
    extra: Mapping[str, Any] = field(default_factory=lambda: FrozenDict({}))
    digest: str = ""  # of the source file; what incremental rebuilds compare
    authors: tuple[Author, ...] = ()  # resolved by model/site.py from author_refs
    updates: tuple[Update, ...] = ()  # oldest first
    story_type: str = "news"  # a key of STORY_TYPES
    verdict: Verdict | None = None  # a review's score, pros and cons (content/verdict.py)
    # A live story: when its coverage ends (None: still running), and its entries, newest first.
    live_until: datetime | None = None
    live_entries: tuple[LiveEntry, ...] = ()
    aliases: tuple[str, ...] = ()  # old URLs of the story, each redirected to its URL
    featured: bool = False  # pinned to the front page's lead slot (until featured_until)
    featured_until: datetime | None = None
    expires: datetime | None = None  # out of lists and feeds from then on (sitegen.toml `expired`)
    breaking: Breaking | None = None
    canonical: str = ""  # the story's own address elsewhere, when it was first published there
    noindex: bool = False  # kept out of search engines, sitemaps and structured data

    @property
    def ends(self) -> tuple[datetime, ...]:
        """The moments something about the story ends by the clock alone (its expiry, its
        lead slot, its banner, its live coverage): a build after one of them differs with no
        file changed."""
        return tuple(moment for moment in (self.expires, self.featured_until, self.live_until,
                                           self.breaking.until if self.breaking else None) if moment)

    @property
    def modified(self) -> datetime:
        """When the article last changed: its date, `updated`, its latest correction or update,
        or its latest live entry."""
        return max((self.date, *([self.updated] if self.updated else []), *(u.date for u in self.updates),
                    *(entry.date for entry in self.live_entries[:1])))

    @property
    def body_html(self) -> str:
        return self.body.html


@dataclass(frozen=True)
class Page:
    source: str
    url: str
    slug: str
    title: str
    summary: str
    draft: bool
    template: str
    body: RenderedBody
    summary_is_derived: bool = False
    extra: Mapping[str, Any] = field(default_factory=lambda: FrozenDict({}))
    digest: str = ""
    aliases: tuple[str, ...] = ()  # old URLs of the page, each redirected to its URL

    @property
    def body_html(self) -> str:
        return self.body.html


Parsed = Article | Page | Author


@dataclass(frozen=True)
class ParseResult:
    value: Parsed | None
    problems: tuple[Problem, ...] = field(default=())
