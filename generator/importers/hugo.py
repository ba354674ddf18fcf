"""Hugo: a site folder with hugo.toml (or config.toml, .yaml, .json), content/ and static/.

Files of content/<section>/ (and page bundles: a folder with index.md and its images) become
articles, files at the top of content/ pages. Front matter in YAML, TOML or JSON; `date` or
`publishDate`, `lastmod` as updated, `expiryDate` as expires, `categories` as the section (the
first, else Hugo's section folder) and tags, `author(s)` as profiles, `draft`. The old URL is
`url:`, else the section's `[permalinks]` pattern, else Hugo's default, the file's path; its
`aliases:` stay old URLs too. Files of static/ and of bundles are copied when linked.
"""

from __future__ import annotations

import posixpath
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
from generator.importers.model import Archive, Note, Profile, Story, StoryKind
from generator.importers.shortcodes import Shortcodes
from generator.importers.sources import (
    FrontMatter,
    Unmapped,
    load_settings,
    names,
    read_text,
    split_front_matter,
    text_of,
    to_moment,
    walk,
    zone_named,
)
from generator.text import slugify

CONFIG_NAMES = tuple(f"{stem}.{suffix}" for stem in ("hugo", "config") for suffix in ("toml", "yaml", "yml", "json"))
_CONTENT = frozenset({".md", ".markdown", ".mdown", ".html"})
_DATES = ("publishdate", "pubdate", "published", "date")
_KNOWN = frozenset({*_DATES, "title", "lastmod", "modified", "expirydate", "unpublishdate", "draft", "tags",
                    "categories", "author", "authors", "description", "summary", "slug", "url", "aliases", "images",
                    "image"})


@dataclass
class _Site:
    root: Path
    content: str  # the content folder, relative to ROOT
    settings: dict[str, Any]
    zone: tzinfo
    archive: Archive
    bundles: dict[str, Story] = field(default_factory=dict)  # content-relative folder → its story
    unmapped: Unmapped = field(default_factory=lambda: Unmapped(_KNOWN))


def _lowered(value: Any) -> dict[str, Any]:
    """Hugo's settings and front matter keys are case-insensitive: one spelling, lower case."""
    return {str(key).lower(): item for key, item in value.items()} if isinstance(value, dict) else {}


def read(source: Path, config: SiteConfig) -> Archive:
    """Every page of the Hugo site in SOURCE, with its old URLs and the files it may link."""
    archive = Archive()
    found = [source / name for name in CONFIG_NAMES] + [source / "config" / "_default" / n for n in CONFIG_NAMES]
    settings_file = next((path for path in found if path.is_file()), None)
    if not source.is_dir() or settings_file is None:
        archive.errors.append(Problem("", "is not a Hugo site: give the folder that holds hugo.toml (or "
                                      "config.toml) and content/"))
        return archive
    settings = _lowered(load_settings(settings_file, settings_file.relative_to(source).as_posix(), archive.errors))
    settings["params"] = _lowered(settings.get("params"))
    site = _Site(source, str(settings.get("contentdir") or "content").strip("/"), settings,
                 zone_named(settings.get("timezone"), config.timezone), archive)
    archive.settings = settings
    archive.origins = (str(settings["baseurl"]),) if settings.get("baseurl") else ()
    files = list(walk(source / site.content, lambda _folder: False)) if (source / site.content).is_dir() else []
    bundle_dirs = {str(PurePosixPath(rel).parent) for rel, _ in files if PurePosixPath(rel).stem == "index"
                   and PurePosixPath(rel).suffix in _CONTENT}
    resources = []
    for rel, path in files:
        name = PurePosixPath(rel)
        owner = next((str(parent) for parent in name.parents if str(parent) in bundle_dirs), None)
        if name.suffix.lower() not in _CONTENT or (owner is not None and name.stem != "index"):
            resources.append((rel, path, owner))
        elif name.stem == "_index":
            _section_page(site, rel, path)
        else:
            _story(site, rel, path, bundle=owner is not None)
    for rel, path, owner in resources:  # where Hugo published a bundle's files: beside its page
        story = site.bundles.get(owner or "")
        if story is not None and story.old_urls:
            inside = PurePosixPath(rel).relative_to(owner or "").as_posix()
            archive.served[story.old_urls[0].rstrip("/") + "/" + inside] = path
        else:
            archive.served["/" + rel] = path
    statics = settings.get("staticdir") or "static"
    for folder in statics if isinstance(statics, list) else [statics]:
        if (source / str(folder)).is_dir():
            archive.served.update({"/" + rel: path for rel, path in walk(source / str(folder), lambda _f: False)})
    archive.notes += site.unmapped.notes()
    return archive


def _front(site: _Site, rel: str, path: Path) -> tuple[str, FrontMatter] | None:
    shown = f"{site.content}/{rel}"
    text = read_text(path, shown, site.archive.errors)
    if text is None:
        return None
    if not text.startswith(("---", "+++", "{")):
        return shown, FrontMatter({}, text, 1)  # Hugo allows a page without front matter
    front = split_front_matter(text, shown, site.archive.errors)
    return (shown, front) if front is not None else None


def _section_page(site: _Site, rel: str, path: Path) -> None:
    """A section's (or the home page's) _index file: its text is not imported, and said so."""
    read = _front(site, rel, path)
    if read is not None and read[1].body.strip():
        site.archive.notes.append(Note(read[0], read[1].body_line, "not imported: the text of a section's list "
                                       "page (sitegen makes its own section pages)"))


def _story(site: _Site, rel: str, path: Path, *, bundle: bool) -> None:
    read = _front(site, rel, path)
    if read is None:
        return
    shown, front = read
    meta = _lowered(front.meta)
    site.unmapped.add(front, shown)
    name = PurePosixPath(rel)
    folders = list(name.parts[:-2] if bundle else name.parts[:-1])
    base = name.parent.name if bundle else name.stem
    kind: StoryKind = "page" if not folders else "article"
    story = Story(shown, front.line("title") or 1, kind, text_of(meta.get("title")), front.body, front.body_line,
                  source_dir=path.parent, front=meta)
    story.date = _date(site, meta, front, shown, path, base, needed=kind == "article")
    if story.date is None and kind == "article":
        return
    if (dated := DATED_NAME.fullmatch(base)) and not meta.get("slug"):
        base = dated[4]  # Hugo's :filename dates drop the date from the name
    story.title = story.title or base.replace("-", " ").capitalize()
    story.slug = str(meta.get("slug") or base)
    story.draft = meta.get("draft") is True
    story.updated = to_moment(meta.get("lastmod") or meta.get("modified"), site.zone)
    story.expires = to_moment(meta.get("expirydate") or meta.get("unpublishdate"), site.zone)
    categories, tags = names(meta.get("categories")), names(meta.get("tags"))
    story.section = categories[0] if categories else (folders[0] if folders else "")
    story.tags = categories[1:] + tags
    story.summary = text_of(meta.get("summary") or meta.get("description"))
    images = names(meta.get("images")) or names(meta.get("image"))
    story.image = images[0] if images else ""
    params = site.settings["params"]
    author = meta.get("authors") or meta.get("author") or params.get("author") or site.settings.get("author")
    story.authors = _authors(site, author)
    own = _old_url(site, meta, folders, base, story)
    story.old_urls = [own, *(alias if alias.startswith("/") else posixpath.join(posixpath.dirname(own.rstrip("/")),
                                                                                 alias)
                             for alias in map(str, names(meta.get("aliases"))))]
    site.archive.stories.append(story)
    if bundle:
        site.bundles[str(name.parent)] = story


def _date(site: _Site, meta: dict[str, Any], front: FrontMatter, shown: str, path: Path,
          base: str, *, needed: bool) -> datetime | None:
    """publishDate, else date, else the file name's (Hugo's :filename), else (where NEEDED: an
    article) the file's time."""
    for key in _DATES:
        if meta.get(key) not in (None, ""):
            moment = to_moment(meta[key], site.zone)
            if moment is None:
                line = next((line for written, line in front.lines.items() if written.lower() == key), None)
                site.archive.errors.append(Problem(shown, f"{key}: '{meta[key]}' is no date; write it as "
                                                   "2024-05-01T09:30:00+02:00", line))
            return moment
    if dated := DATED_NAME.fullmatch(base):
        return to_moment(f"{dated[1]}-{dated[2]}-{dated[3]}", site.zone)
    if not needed:
        return None
    moment = datetime.fromtimestamp(path.stat().st_mtime, UTC).astimezone(site.zone)
    site.archive.notes.append(Note(shown, 1, f"has no date: the file's time {moment.date()} is used"))
    return moment


def _authors(site: _Site, value: Any) -> list[str]:
    found = [value.get("name")] if isinstance(value, dict) else names(value)
    ids = []
    for author in filter(None, map(str, found)):
        if author_id := slugify(author):
            site.archive.profiles.setdefault(author_id, Profile(author_id, author))
            ids.append(author_id)
    return ids


def urlize(text: str) -> str:
    """Hugo's urlize, as URLs use it: lower case, spaces as hyphens, punctuation dropped."""
    return re.sub(r"[^\w\s./~-]", "", text).strip().replace(" ", "-").lower()


def _old_url(site: _Site, meta: dict[str, Any], folders: list[str], base: str, story: Story) -> str:
    """The URL Hugo gave the page: url:, the section's [permalinks] pattern, or its path."""
    if meta.get("url"):
        return "/" + str(meta["url"]).lstrip("/")
    permalinks = _lowered(site.settings.get("permalinks"))
    permalinks = _lowered(permalinks.get("page")) or permalinks
    pattern = permalinks.get(folders[0].lower()) if folders else None
    slug = str(meta.get("slug") or "")
    if isinstance(pattern, str) and story.date is not None:
        local = story.date.astimezone(site.zone)
        values = {
            "year": f"{local.year:04d}", "month": f"{local.month:02d}", "monthname": local.strftime("%B").lower(),
            "day": f"{local.day:02d}", "weekday": str(local.isoweekday() % 7), "weekdayname": local.strftime("%A"),
            "yearday": str(local.timetuple().tm_yday), "section": folders[0], "sections": "/".join(folders),
            "title": urlize(story.title), "slug": slug or urlize(story.title), "filename": base,
            "slugorfilename": slug or base, "contentbasename": base, "slugorcontentbasename": slug or base,
        }
        path = re.sub(r":([a-z]+)", lambda found: values.get(found[1], found[0]), pattern)
    else:
        path = "/".join([*folders, slug or base]) + "/"
    if site.settings.get("uglyurls"):
        path = path.rstrip("/") + ".html"
    path = "/" + re.sub(r"/{2,}", "/", path).lstrip("/")
    return path if site.settings.get("disablepathtolower") else path.lower()


def convert(archive: Archive, resolver: Resolver, source: Path) -> None:
    """Each story's shortcodes and links, converted (shortcodes.py, links.py)."""
    content = str(archive.settings.get("contentdir") or "content").strip("/")
    refs: dict[str, str] = {}
    for story in archive.stories:
        rel = story.origin.removeprefix(content + "/")
        target = "/" + story.file
        folder, _, file = rel.rpartition("/")
        stem = file.rsplit(".", 1)[0]
        for key in (rel, rel.rsplit(".", 1)[0], folder if stem == "index" else "",
                    folder.rsplit("/", 1)[-1] if stem == "index" else stem):
            if key:
                refs.setdefault(key, target)
    params = archive.settings.get("params")
    shortcodes = Shortcodes(params if isinstance(params, dict) else {}, refs, content)
    for story in archive.stories:
        story.body = BodyPass(story, resolver, shortcodes, archive.notes).run()
