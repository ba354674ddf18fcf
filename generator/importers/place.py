"""Where each imported story goes, under which URL, and the old URLs that must keep answering.

Articles go to content/<section>/<slug>.md and pages to content/pages/<slug>.md, with front
matter complete enough that renaming the file changes nothing (the slug is written out). A slug
taken by another imported story, or whose URL another already has, gets "-2". Every old URL
that differs from the new one becomes an alias, so a redirect page answers at it; one that no
static page can answer (a query, a space) is listed instead.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from generator.config import SiteConfig
from generator.errors import SiteError, os_problem
from generator.importers.model import Note, Profile, Story, Written
from generator.text import slugify
from generator.urls import expand_permalink, old_site_path

DEFAULT_SECTION = "news"
# First folders of URLs sitegen makes itself: a page there would collide with them.
_RESERVED = frozenset({"tags", "authors", "archive", "search", "page", "pagefind", "static", "pages"})


def place(stories: list[Story], config: SiteConfig, notes: list[Note]) -> None:
    """Give each story its file, slug and URL, unique among the stories; then its aliases."""
    files: set[str] = set()
    urls: set[str] = set()
    sections = {slugify(s.section) or DEFAULT_SECTION for s in stories if s.kind == "article"}
    for story in sorted(stories, key=_order):
        if not story.title:
            story.title = (story.slug or "untitled").replace("-", " ").capitalize()
            notes.append(Note(story.origin, story.line, f"has no title: titled '{story.title}' from its slug"))
        base = slugify(story.slug) or slugify(story.title) or "story"
        section = slugify(story.section) or DEFAULT_SECTION
        number = 1
        while True:
            slug = base if number == 1 else f"{base}-{number}"
            if story.kind == "page":
                file, url = f"pages/{slug}.md", f"/{slug}/"
            else:
                assert story.date is not None, story.origin  # readers date every article
                file = f"{section}/{slug}.md"
                url = expand_permalink(config.permalink, slug=slug, section=section,
                                       date=story.date.astimezone(config.timezone))
            taken = story.kind == "page" and (slug in _RESERVED or slug in sections)
            if file not in files and url not in urls and not taken:
                break
            number += 1
        files.add(file)
        urls.add(url)
        story.slug, story.section, story.file, story.url = slug, section, file, url
        story.exists = (config.content_dir / file).exists()
    _aliases(stories, urls, notes)


def _order(story: Story) -> tuple[str, str, str]:
    """Oldest first: a slug two stories share stays the older one's, as it was first."""
    return (story.kind, story.date.isoformat() if story.date else "", story.origin)


def _aliases(stories: list[Story], urls: set[str], notes: list[Note]) -> None:
    claimed: set[str] = set()
    for story in sorted(stories, key=_order):
        for old in story.old_urls:
            path, complaint = old_site_path(old)
            if complaint:
                notes.append(Note(story.origin, story.line, f"old URL {old} cannot be kept: a static site has "
                                  "no page for a URL with a query, a space or a fragment"))
            elif path != story.url and path not in story.aliases:
                if path in urls or path in claimed:
                    notes.append(Note(story.origin, story.line, f"old URL {path} is also another imported "
                                      "story's; it stays with that one"))
                    continue
                claimed.add(path)
                story.aliases.append(path)


def _yaml(value: str) -> str:
    """A YAML scalar that survives colons, quotes and leading symbols (a JSON string is YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _moment(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def story_text(story: Story) -> str:
    """STORY as a sitegen Markdown file: complete front matter, then its converted body."""
    lines = ["---", f"title: {_yaml(story.title)}"]
    if story.kind == "article":
        assert story.date is not None
        lines.append(f"date: {_moment(story.date)}")
        if story.updated and story.updated > story.date:
            lines.append(f"updated: {_moment(story.updated)}")
        authors = [_yaml(author) for author in story.authors]
        lines.append(f"author: {authors[0]}" if len(authors) == 1 else f"author: [{', '.join(authors)}]")
        lines.append(f"tags: [{', '.join(_yaml(tag) for tag in dict.fromkeys(story.tags))}]")
        lines.append(f"section: {_yaml(story.section)}")
    if story.summary:
        lines.append(f"summary: {_yaml(story.summary)}")
    if story.kind == "article" and story.image:
        lines += [f"image: {_yaml(story.image)}", f"image_alt: {_yaml(story.image_alt)}"]
    lines += [f"slug: {_yaml(story.slug)}", f"draft: {'true' if story.draft else 'false'}"]
    if story.kind == "article" and story.featured:
        lines.append("featured: true")
    if story.kind == "article" and story.expires and story.date and story.expires >= story.date:
        lines.append(f"expires: {_moment(story.expires)}")
    if story.aliases:
        lines += ["aliases:", *(f"  - {_yaml(alias)}" for alias in story.aliases)]
    return "\n".join([*lines, "---", story.body.strip("\n"), ""])


def profile_text(profile: Profile) -> str:
    lines = ["---", f"name: {_yaml(profile.name)}"]
    if profile.links:
        lines += ["links:", *(f"  {_yaml(label)}: {_yaml(url)}" for label, url in profile.links)]
    return "\n".join([*lines, "---", profile.bio.strip(), ""])


def planned(stories: Iterable[Story], profiles: Iterable[Profile], copies: dict[str, Path],
            site_dir: Path) -> list[Written]:
    """Every file the import writes, those already there marked (they are left as they are)."""
    content = site_dir / "content"
    written = [Written(f"content/{s.file}", story_text(s), exists=s.exists) for s in stories]
    for profile in profiles:
        path = f"authors/{profile.id}.md"
        written.append(Written(f"content/{path}", profile_text(profile), exists=(content / path).exists()))
    for path, source in sorted(copies.items()):
        written.append(Written(f"content/{path}", copy_of=source, exists=(content / path).exists()))
    return written


def write(files: Iterable[Written], site_dir: Path) -> None:
    """Write FILES into SITE_DIR, never over an existing one (a file made meanwhile is left too);
    a fault (disk full, permission) is a SiteError naming the file as the user typed the site's path."""
    try:
        for item in files:
            if item.exists:
                continue
            path = site_dir / item.path
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                if item.text is not None:
                    with path.open("x", encoding="utf-8") as handle:
                        handle.write(item.text)
                elif item.copy_of is not None:
                    with item.copy_of.open("rb") as source, path.open("xb") as target:
                        shutil.copyfileobj(source, target)
            except FileExistsError:
                continue
    except OSError as error:
        raise SiteError([os_problem(error)]) from None
