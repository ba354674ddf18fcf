"""The small pieces of markup every page repeats, as Python functions templates call.

A Jinja macro call costs tens of microseconds (a new frame, argument binding, a buffer joined
into Markup). A page calls a dozen of them, for its navigation, bylines and dates, and a big
site has tens of thousands of pages: written as macros they were a third of render time.
These functions return the same markup. Templates call them like macros —
`{{ byline(article.authors) }}`, `{{ time_tag(article.date) }}` — and a theme that wants
different markup writes its own macro instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from generator.content.images import picture_html, srcset
from generator.content.model import STORY_TYPES, Article, Author, Image
from generator.model.site import Site
from generator.render.i18n import Translations
from generator.render.tracking import STATIC, TrackedMoment, note
from generator.text import MOMENT_FORMAT
from generator.urls import absolute, is_remote, link


class Snippets:
    """The helpers of one build: they read its site (time zone, sections, build time)."""

    def __init__(self, site: Site, translations: Translations, static: Mapping[str, str] | None = None) -> None:
        """STATIC maps the theme's static files' output paths to the paths templates link them by
        (render/themes.py: fingerprinted())."""
        self.site = site
        self.translations = translations
        config = site.config
        self._base_path = config.base_path
        self._origin = config.origin
        self._timezone = config.timezone
        self._static = static or {}

    def template_globals(self) -> dict[str, Any]:
        return {
            "url": self.url, "absolute_url": self.absolute_url, "media_url": self.media_url,
            "static_url": self.static_url,
            "time_tag": self.time_tag, "byline": self.byline, "section_label": self.section_label,
            "draft_badge": self.draft_badge, "story_label": self.story_label, "is_live": self.is_live,
            "nav_here": nav_here, "nav_current": nav_current,
            "picture": self.picture, "srcset": self.srcset, "shared_image": self.shared_image,
            "archive_items": self.archive_items, "robots": self.robots,
            "t": self.translations.text, "tn": self.translations.plural, "count": self.count,
            "text_direction": self.translations.direction,
        }

    def template_filters(self) -> dict[str, Any]:
        return {"local_date": self.local_date, "isodate": self.isodate}

    def url(self, site_path: str) -> str:
        """A link to SITE_PATH under the site's base path."""
        return link(self._base_path, site_path)

    def absolute_url(self, site_path: str) -> str:
        """SITE_PATH as a full URL (for canonical links, feeds, social cards); URLs pass through."""
        return absolute(self._origin, self._base_path, site_path)

    def static_url(self, name: str) -> str:
        """A link to the theme's static/NAME under its content-hashed name ("site.css" →
        "/static/site.3f9a1c2b.css"), which hosts may cache for a year (deploy/policy.py).

        Recorded as a read (render/tracking.py), so the pages that link a file, and only
        those, render again when its content, and so its name, changes.
        """
        path = "static/" + name.lstrip("/")
        note(STATIC, ("item", path))
        served = self._static.get(path)
        if served is None:
            raise LookupError(f"static_url('{name}'): the theme has no static/{name.lstrip('/')}")
        return link(self._base_path, "/" + served)

    def media_url(self, src: str) -> str:
        """A link to an image: remote URLs as written, the site's own files under base_url."""
        return src if is_remote(src) else link(self._base_path, src)

    def picture(self, image: Image, sizes: str, css_class: str = "", lazy: bool = False,
                alt: str | None = None, priority: bool = False) -> Markup:
        """IMAGE as <picture> with a WebP <source> and an <img> with srcset, sizes, width and height.

        SIZES says how wide the layout shows it ("(min-width: 40em) 24rem, 100vw"), so the
        browser can pick a variant before the stylesheet arrives. ALT overrides the image's
        alt text ("" for a decorative thumbnail). PRIORITY marks the page's main picture (the
        largest paint), which the browser should fetch before the others. Remote images get a
        plain <img>.
        """
        return Markup(picture_html(self.media_url(image.src), image.alt if alt is None else alt, image.responsive,
                                   base_path=self._base_path, sizes=sizes, css_class=css_class, lazy=lazy,
                                   priority=priority))

    def shared_image(self, image: Image | None) -> SharedImage | None:
        """The picture a shared link shows (og:image): the lead image's largest raster variant up
        to 1600 px, with its size; else the site's social_image. Social networks do not show
        SVG, so a vector lead image falls back to social_image too."""
        if image is not None and image.is_remote:
            return SharedImage(image.src, None, None, image.alt)
        social = image.social if image is not None else None
        if image is not None and social is not None and social.mime_type != "image/svg+xml":
            return SharedImage(self.absolute_url(social.path), social.width, social.height, image.alt)
        fallback = self.site.config.social_image
        return SharedImage(self.absolute_url(fallback), None, None, self.site.config.title) if fallback else None

    def srcset(self, image: Image, image_format: str | None = None) -> str:
        """"url 480w, url 960w" of IMAGE's variants in IMAGE_FORMAT (default: its own); "" if none."""
        responsive = image.responsive
        if responsive is None:
            return ""
        return srcset(responsive.in_format(image_format or responsive.format), self._base_path)

    # A TrackedMoment (the build time, render/tracking.py) bypasses the caches: hashing it would
    # record a read of the whole moment, where the page only shows, say, its year.
    def local_date(self, moment: datetime, fmt: str = "%-d %B %Y") -> str:
        if isinstance(moment, TrackedMoment):
            return self.translations.moment(moment.astimezone(self._timezone), fmt)
        return _local_date(moment, self._timezone, fmt, self.translations)

    def isodate(self, moment: datetime) -> str:
        if isinstance(moment, TrackedMoment):
            return moment.astimezone(self._timezone).isoformat(timespec="seconds")
        return _isodate(moment, self._timezone)

    def time_tag(self, moment: datetime, fmt: str = MOMENT_FORMAT) -> Markup:
        """<time> for MOMENT in the site's time zone, machine-readable in datetime=; by default with
        the day, the time and the zone, so a reader anywhere can tell how fresh a story is."""
        if isinstance(moment, TrackedMoment):
            return Markup(f'<time datetime="{escape(self.isodate(moment))}">{escape(self.local_date(moment, fmt))}'
                          "</time>")
        return _time_tag(moment, self._timezone, fmt, self.translations)

    def byline(self, authors: Iterable[Author]) -> Markup:
        """"By A", "By A and B", "By A, B and C", each name linking to the author's page."""
        names = [f'<a href="{escape(self.url(a.url))}" rel="author">{escape(a.name)}</a>' for a in authors]
        if not names:
            return Markup("")
        t = self.translations.text
        listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {escape(t('and'))} {names[-1]}"
        return Markup(str(escape(t("By {authors}"))).replace("{authors}", listed))

    def section_label(self, article: Article, css_class: str = "kicker", search_ignored: bool = False) -> Markup:
        """The article's section as a link to its page; plain text for a section without one.
        SEARCH_IGNORED keeps it out of the search index (a label every story of the section repeats)."""
        if not article.section:
            return Markup("")
        section = self.site.sections_by_slug.get(article.section)
        if section is None:
            inner = escape(article.section.replace("-", " ").title())
        else:
            inner = Markup(f'<a href="{escape(self.url(section.url))}">{escape(section.name)}</a>')
        ignored = " data-pagefind-ignore" if search_ignored else ""
        return Markup(f'<p class="{escape(css_class)}"{ignored}>{inner}</p>')

    def archive_items(self, articles: Iterable[Article], date_format: str = MOMENT_FORMAT) -> Markup:
        """A line per article for an archive list: <li> with the day and time, the linked
        headline, a badge. An archive under month headings can leave the month's name short and
        the year out ("%-d %b, %H:%M %Z").

        A year's page lists thousands of articles, and `sitegen serve` renders it again when
        a headline changes: as a Jinja loop this took 35 µs a line (70 ms of a 10k site's
        headline edit), joined here about 4 µs.
        """
        return Markup("\n".join(
            f'<li>{self.time_tag(a.date, date_format)} <span><a href="{escape(self.url(a.url))}">'
            f'{escape(a.title)}</a>{self.draft_badge(a)}</span></li>' for a in articles))

    def story_label(self, article: Article) -> Markup:
        """What kind of story it is (Analysis, Opinion, Sponsored...), before its headline; nothing
        for plain news. Sponsored content is marked so readers never take it for reporting; live
        coverage says whether it is still running (is_live)."""
        if article.story_type == "live" and not self.is_live(article):
            return Markup('<span class="story-label story-label-live-ended">'
                          f'{escape(self.translations.text("Live coverage ended"))}</span> ')
        label = STORY_TYPES[article.story_type].label
        if not label:
            return Markup("")
        return Markup(f'<span class="story-label story-label-{escape(article.story_type)}">'
                      f'{escape(self.translations.text(label))}</span> ')

    def is_live(self, article: Article) -> bool:
        """Whether a live story's coverage is running at the build time: it has no live_until, or
        that is still ahead. A comparison with the build time, so the page's record notes it and
        the next build after live_until renders the page again (render/tracking.py)."""
        return article.live_until is None or self.site.built_at < article.live_until

    @jinja2.pass_context
    def robots(self, context: jinja2.runtime.Context) -> str:
        """What the page's robots meta says: noindex for pages that are no content of their own
        (404, search, gone), for previews (drafts, scheduled) and stories marked `noindex`;
        "noindex, follow" for a tag page with fewer than thin_tag_min stories; else that a
        search engine may show its pictures large (Google Discover asks for it)."""
        kind = context["kind"]
        if kind in ("not_found", "search", "gone"):
            return "noindex"
        if kind == "article":
            article = context["article"]
            if article.draft or article.noindex or article.date > self.site.built_at:
                return "noindex"
        if kind == "tag" and len(context["tag"].articles) < self.site.config.thin_tag_min:
            return "noindex, follow"
        return "max-image-preview:large"

    def draft_badge(self, article: Article) -> Markup:
        """Marks stories only preview builds contain: drafts and articles dated after the build."""
        if article.draft:
            return Markup(f' <span class="badge badge-draft">{escape(self.translations.text("Draft"))}</span>')
        if article.date > self.site.built_at:
            return Markup(f' <span class="badge badge-scheduled">{escape(self.translations.text("Scheduled"))}</span>')
        return Markup("")

    def count(self, n: int, singular: str, plural: str) -> str:
        """"1 article", "3 articles", in the site's language ("{n} article" in its i18n file)."""
        return self.translations.plural(n, f"{{n}} {singular}", f"{{n}} {plural}")


# Ten thousand cards format the same dates again and again: each answer is remembered, for
# the process (a serve session's rebuilds reuse them too; they depend on nothing else).
@lru_cache(maxsize=65536)
def _local_date(moment: datetime, timezone: tzinfo, fmt: str, translations: Translations) -> str:
    return translations.moment(moment.astimezone(timezone), fmt)


@lru_cache(maxsize=65536)
def _isodate(moment: datetime, timezone: tzinfo) -> str:
    return moment.astimezone(timezone).isoformat(timespec="seconds")


@lru_cache(maxsize=65536)
def _time_tag(moment: datetime, timezone: tzinfo, fmt: str, translations: Translations) -> Markup:
    return Markup(f'<time datetime="{escape(_isodate(moment, timezone))}">'
                  f'{escape(_local_date(moment, timezone, fmt, translations))}</time>')


class SharedImage(NamedTuple):
    url: str  # absolute
    width: int | None
    height: int | None
    alt: str


NavHere = tuple[str, str, str | None]  # (page URL, cut to its top-level folder; page kind; article's section)


@jinja2.pass_context
def nav_here(context: jinja2.runtime.Context) -> NavHere:
    """Where the page sits, as far as navigation links to top-level paths can tell.

    The masthead and footer are rendered once per distinct value (include_cached), so the
    value keeps only what decides their aria-current attributes: a URL below a top-level
    folder is cut to that folder ('/tags/ai/' → '/tags/*', '/2025/03/slug/' → '/2025/*'),
    which still starts with '/tags/' and still equals no nav path. Standalone pages keep their
    URL, as the footer links to each of them.
    """
    page_url, kind = context["page_url"], context["kind"]
    if kind != "page" and page_url.count("/") > 2:
        page_url = page_url[:page_url.index("/", 1) + 1] + "*"
    return page_url, kind, context["article"].section if kind == "article" else None


def nav_current(here: NavHere, path: str, exact: bool = False, section: str | None = None,
                kinds: tuple[str, ...] = ()) -> Markup:
    """aria-current for a navigation link to PATH, on the page HERE (from nav_here()).

    "page" on that very page; "true" on pages inside it (a tag under /tags/, page 2 of a
    section, an article of SECTION). EXACT turns the prefix match off (every path starts
    with "/"); KINDS lists page kinds that count as inside too (the front page's later pages
    live at /page/N/).
    """
    page_url, kind, article_section = here
    if page_url == path:
        return Markup(' aria-current="page"')
    if (not exact and page_url.startswith(path)) or kind in kinds or (section and article_section == section):
        return Markup(' aria-current="true"')
    return Markup("")

