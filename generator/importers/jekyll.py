"""Jekyll: a site folder with _config.yml, _posts/ (and _drafts/), Markdown pages and static files.

Posts take their date from the file name (`2016-01-28-release.md`) unless `date:` says more,
their old URL from `permalink` (the site's style, `date` by default, or the post's own),
`categories` give the section (the first) and tags, `author` a profile (from _data/authors.yml
where the site has one), `published: false` and _drafts/ make drafts. Static files are copied
when a story links to them. The site's own templates (layouts, includes, HTML pages, feeds)
are not content and stay behind; the HTML pages among them are listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any

from generator.config import SiteConfig
from generator.content.peers import DATED_NAME
from generator.errors import Problem
from generator.importers.convert import BodyPass
from generator.importers.links import Resolver
from generator.importers.liquid import Liquid
from generator.importers.model import Archive, Note, Profile, Story, StoryKind
from generator.importers.sources import (
    FrontMatter,
    Unmapped,
    has_front_matter,
    load_settings,
    names,
    read_text,
    split_front_matter,
    text_of,
    to_moment,
    walk,
    words,
    zone_named,
)
from generator.text import slugify

_STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
_MARKDOWN = frozenset({".md", ".markdown", ".mkd", ".mkdn", ".mdown"})
_TEMPLATES = frozenset({".html", ".htm", ".xml", ".txt", ".json", ".css", ".scss", ".sass", ".js"})
_EXCLUDED = frozenset({"_site", "node_modules", "vendor", "Gemfile", "Gemfile.lock", "gemfiles", "_config.yml"})
_KNOWN = frozenset({"title", "date", "categories", "category", "tags", "tag", "author", "authors", "published",
                    "excerpt", "description", "summary", "image", "image_alt", "slug", "permalink", "redirect_from",
                    "last_modified_at", "updated", "draft"})


@dataclass
class _Site:
    root: Path
    settings: dict[str, Any]
    zone: tzinfo
    style: str
    people: dict[str, Any]  # _data/authors.yml: handle → {name, bio, ...}
    archive: Archive
    unmapped: Unmapped = field(default_factory=lambda: Unmapped(_KNOWN))


def read(source: Path, config: SiteConfig) -> Archive:
    """Every post, draft and Markdown page of the Jekyll site in SOURCE, with its old URLs."""
    archive = Archive()
    if not source.is_dir() or not ((source / "_config.yml").is_file() or (source / "_posts").is_dir()):
        archive.errors.append(Problem("", "is not a Jekyll site: give the folder that holds _config.yml and _posts/"))
        return archive
    settings = load_settings(source / "_config.yml", "_config.yml", archive.errors) \
        if (source / "_config.yml").is_file() else {}
    people: dict[str, Any] = {}
    for name in ("authors.yml", "authors.yaml", "authors.json"):
        if (source / "_data" / name).is_file():
            people = load_settings(source / "_data" / name, f"_data/{name}", archive.errors)
    style = str(settings.get("permalink") or "date")
    site = _Site(source, settings, zone_named(settings.get("timezone"), config.timezone),
                 _STYLES.get(style, style), people, archive)
    archive.settings = settings
    archive.origins = tuple(str(settings[key]).rstrip("/") + str(settings.get("baseurl") or "")
                            for key in ("url",) if settings.get(key))
    excluded = _EXCLUDED | {str(item).strip("/") for item in settings.get("exclude") or []}
    collections = settings.get("collections") or {}
    skipped: dict[str, int] = {}
    for rel, path in walk(source, lambda folder: folder in excluded):
        parts = PurePosixPath(rel).parts
        if "_posts" in parts[:-1] or parts[0] == "_drafts":
            _post(site, rel, path, draft=parts[0] == "_drafts")
        elif any(part.startswith("_") for part in parts):
            if parts[0].removeprefix("_") in collections:
                skipped[parts[0]] = skipped.get(parts[0], 0) + 1
        elif rel not in excluded:
            _page_or_file(site, rel, path)
    archive.notes += [Note(folder, None, f"the collection {folder} ({count:,} files) was not imported: sitegen "
                           "imports posts and pages") for folder, count in skipped.items()]
    archive.notes += site.unmapped.notes()
    return archive


def _post(site: _Site, rel: str, path: Path, *, draft: bool) -> None:
    archive = site.archive
    name = PurePosixPath(rel)
    if name.suffix.lower() not in _MARKDOWN | {".html"}:
        return
    named = DATED_NAME.fullmatch(name.stem)
    if not draft and not named:
        archive.notes.append(Note(rel, None, "not imported: Jekyll reads only posts named YYYY-MM-DD-title"))
        return
    text = read_text(path, rel, archive.errors)
    front = split_front_matter(text, rel, archive.errors) if text is not None and has_front_matter(text) else None
    if front is None:
        if text is not None and not has_front_matter(text):
            archive.notes.append(Note(rel, 1, "not imported: a post without front matter is a static file to Jekyll"))
        return
    meta = front.meta
    title_part = named[4] if named else name.stem
    date = _date(site, front, rel, named, path)
    if date is None:
        return
    folders = list(name.parts[:name.parts.index("_posts")]) if "_posts" in name.parts else []
    categories = folders + words(meta.get("categories")) + names(meta.get("category"))
    slug = str(meta.get("slug") or title_part)
    story = _story(site, rel, front, "article", str(meta.get("title") or title_part.replace("-", " ").title()))
    story.date, story.slug = date, slug
    story.section = categories[0] if categories else ""
    story.tags = categories[1:] + words(meta.get("tags")) + names(meta.get("tag"))
    story.draft = draft or meta.get("published") is False or meta.get("draft") is True
    story.updated = to_moment(meta.get("last_modified_at") or meta.get("updated"), site.zone)
    if not story.draft:
        local = date.astimezone(site.zone)
        pattern = str(meta.get("permalink") or site.style)
        story.old_urls.append(_expand(pattern, local, slug, name.stem, categories))
    story.old_urls += [str(url) for url in names(meta.get("redirect_from"))]


def _date(site: _Site, front: FrontMatter, rel: str, named: re.Match[str] | None, path: Path) -> datetime | None:
    """A post's date: date:, else its name's; a draft's, else when the file was last saved."""
    value = front.meta.get("date")
    moment = to_moment(value, site.zone) if value not in (None, "") else None
    fallback = to_moment(f"{named[1]}-{named[2]}-{named[3]}", site.zone) if named else None
    if fallback is None and not named:
        fallback = datetime.fromtimestamp(path.stat().st_mtime, UTC).astimezone(site.zone)
    if moment is not None or (value in (None, "") and fallback is not None):
        return moment or fallback
    if value in (None, ""):
        site.archive.errors.append(Problem(rel, f"the file name's date '{rel.rsplit('/', 1)[-1][:10]}' is no day "
                                           "of the calendar; correct it, or add a line 'date: ...'", 1))
        return None
    if fallback is None:
        site.archive.errors.append(Problem(rel, f"date: '{value}' is no date; write it as 2016-01-28 17:21:50 "
                                           "-0800", front.line("date")))
        return None
    site.archive.notes.append(Note(rel, front.line("date"), f"date: '{value}' is no date: the "
                                   f"{'file name' if named else 'file'}'s date {fallback.date()} is used instead"))
    return fallback


def _story(site: _Site, rel: str, front: FrontMatter, kind: StoryKind, title: str) -> Story:
    """The fields posts and pages share: title, authors, summary, lead image, front matter."""
    meta = front.meta
    site.unmapped.add(front, rel)
    story = Story(rel, front.line("title") or 1, kind, text_of(title),
                  front.body, front.body_line, source_dir=(site.root / rel).parent, front=meta)
    story.summary = text_of(meta.get("excerpt") or meta.get("description") or meta.get("summary"))
    story.authors = _authors(site, meta.get("author") or meta.get("authors") or site.settings.get("author"))
    image = meta.get("image")
    story.image = str(image.get("path") or "") if isinstance(image, dict) else str(image or "")
    story.image_alt = text_of(image.get("alt") if isinstance(image, dict) else meta.get("image_alt"))
    site.archive.stories.append(story)
    return story


def _authors(site: _Site, value: Any) -> list[str]:
    """Profile ids for an author value (a handle of _data/authors.yml, a name, a list, {name: ...})."""
    found = [value.get("name")] if isinstance(value, dict) else names(value)
    ids = []
    for handle in filter(None, map(str, found)):
        data = site.people.get(handle)
        data = data if isinstance(data, dict) else {}
        author_id = slugify(handle)
        if author_id and author_id not in site.archive.profiles:
            links = tuple((label, str(data[key])) for key, label in (("url", "Website"), ("web", "Website"))
                          if isinstance(data.get(key), str) and data[key].startswith(("https://", "http://")))
            site.archive.profiles[author_id] = Profile(author_id, text_of(data.get("name")) or handle,
                                                       str(data.get("bio") or ""), links[:1])
        ids += [author_id] if author_id else []
    return ids


def _page_or_file(site: _Site, rel: str, path: Path) -> None:
    """A Markdown page with front matter becomes a page; other files are what the old site served."""
    suffix = PurePosixPath(rel).suffix.lower()
    text = None
    if suffix in _MARKDOWN | _TEMPLATES:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
    if text is None or not has_front_matter(text):
        site.archive.served["/" + rel] = path
        return
    if suffix not in _MARKDOWN:
        if suffix in (".html", ".htm") and rel not in ("index.html", "404.html"):
            site.archive.notes.append(Note(rel, 1, "not imported: an HTML page of the old site's templates; write "
                                           "what readers need of it as a page of content/pages/"))
        return
    front = split_front_matter(text, rel, site.archive.errors)
    if front is None:
        return
    if rel == "index.md":
        site.archive.notes.append(Note(rel, 1, "not imported: the old home page (sitegen makes its own)"))
        return
    stem = PurePosixPath(rel).stem
    folder = str(PurePosixPath(rel).parent)
    story = _story(site, rel, front, "page", str(front.meta.get("title") or stem.replace("-", " ").title()))
    story.slug = str(front.meta.get("slug") or (PurePosixPath(folder).name if stem == "index" else stem))
    story.draft = front.meta.get("published") is False
    where = "" if folder == "." else folder + "/"
    pretty = site.style.endswith("/")
    url = f"/{where}" if stem == "index" else f"/{where}{stem}/" if pretty else f"/{where}{stem}.html"
    story.old_urls = [str(front.meta.get("permalink") or url), *map(str, names(front.meta.get("redirect_from")))]


def _expand(pattern: str, moment: datetime, title: str, name: str, categories: list[str]) -> str:
    """A Jekyll permalink PATTERN for one post (https://jekyllrb.com/docs/permalinks/)."""
    values = {
        "year": f"{moment.year:04d}", "short_year": f"{moment.year % 100:02d}", "month": f"{moment.month:02d}",
        "i_month": str(moment.month), "short_month": moment.strftime("%b"), "long_month": moment.strftime("%B"),
        "day": f"{moment.day:02d}", "i_day": str(moment.day), "y_day": f"{moment.timetuple().tm_yday:03d}",
        "w_year": str(moment.isocalendar()[0]), "week": f"{moment.isocalendar()[1]:02d}",
        "short_day": moment.strftime("%a"), "long_day": moment.strftime("%A"), "hour": f"{moment.hour:02d}",
        "minute": f"{moment.minute:02d}", "second": f"{moment.second:02d}", "title": title.replace(" ", "-"),
        "slug": slugify(title), "name": name, "categories": "/".join(c.lower() for c in dict.fromkeys(categories)),
        "output_ext": ".html",
    }
    path = re.sub(r":([a-z_]+)", lambda found: values.get(found[1], found[0]), pattern)
    return "/" + re.sub(r"/{2,}", "/", path).lstrip("/")


def convert(archive: Archive, resolver: Resolver, source: Path) -> None:
    """Each story's Liquid and links, converted (liquid.py, links.py)."""
    posts: dict[str, str] = {}
    for story in archive.stories:
        if "_posts/" in story.origin:
            name = story.origin.split("_posts/", 1)[1].rsplit(".", 1)[0]
            posts[name] = posts[name.rsplit("/", 1)[-1]] = "/" + story.file
    liquid = Liquid(archive.settings, posts, resolver, source)
    for story in archive.stories:
        story.body = BodyPass(story, resolver, liquid, archive.notes).run()
