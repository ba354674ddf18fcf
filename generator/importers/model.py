"""What an importer reads from its source, before anything is written: plain, mutable data.

Readers fill Stories in several passes (read, place, convert), so these are ordinary dataclasses,
not the frozen model of content/: nothing outside the import ever sees them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from generator.errors import Problem
from generator.text import counted

StoryKind = Literal["article", "page"]


@dataclass(frozen=True, slots=True)
class Note:
    """Something the import could not convert, at a file and line of the source: it stays
    visible in the text (or is named here, for front matter), never silently dropped."""

    where: str  # the source file, relative to the source folder ("_posts/2016-01-28-x.md"), or the export's name
    line: int | None
    message: str

    def location(self) -> str:
        return f"{self.where}:{self.line}" if self.line else self.where


@dataclass(slots=True)
class Story:
    """One article or page of the source, as read, then placed and converted."""

    origin: str  # the source file, relative to the source folder, or the export's name
    line: int | None  # where it starts in that file (an export holds many)
    kind: StoryKind
    title: str
    body: str  # the body as the source has it; converted to Markdown in place
    body_line: int  # the file line the body starts on
    date: datetime | None = None
    slug: str = ""
    section: str = ""
    authors: list[str] = field(default_factory=list)  # profile ids
    tags: list[str] = field(default_factory=list)
    summary: str = ""
    draft: bool = False
    updated: datetime | None = None
    expires: datetime | None = None
    image: str = ""  # the lead image as the source names it; placed like a link
    image_alt: str = ""
    featured: bool = False
    old_urls: list[str] = field(default_factory=list)  # site paths of the old site, its own URL first
    source_dir: Path | None = None  # where relative links in the body were resolved by the source
    front: dict[str, object] = field(default_factory=dict)  # the source's front matter (page.* values)
    # Set by place.py:
    file: str = ""  # content-relative path of the Markdown file it becomes
    url: str = ""  # its sitegen URL
    aliases: list[str] = field(default_factory=list)
    exists: bool = False  # the file is there already: left as it was


@dataclass(frozen=True, slots=True)
class Profile:
    """An author: content/authors/<id>.md with a name (and a bio, where the source has one)."""

    id: str
    name: str
    bio: str = ""
    links: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class Archive:
    """Everything a reader found: stories, authors, the files the old site served, and notes.

    SERVED maps each old site path of a static file ("/assets/chart.png") to the file that
    served it; only those the stories link to are copied. ORIGINS are the old site's own
    addresses ("https://blog.example.org"), whose links are links within the site.
    """

    stories: list[Story] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    served: dict[str, Path] = field(default_factory=dict)
    origins: tuple[str, ...] = ()
    notes: list[Note] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    settings: dict[str, object] = field(default_factory=dict)  # the source's site config ({{ site.* }})


@dataclass(frozen=True, slots=True)
class Written:
    """One file the import writes (or, with --dry-run, would write)."""

    path: str  # relative to the site folder: "content/news/story.md"
    text: str | None = None  # a Markdown file's text
    copy_of: Path | None = None  # or the file copied
    exists: bool = False  # already there: left as it was


@dataclass(frozen=True, slots=True)
class ImportResult:
    written: tuple[Written, ...]
    notes: tuple[Note, ...]
    articles: int
    pages: int
    authors: int
    files: int

    def summary(self, source: Path, dry_run: bool) -> str:
        """The closing lines: what came over from SOURCE, and how much of it could not be converted."""
        new = sum(1 for item in self.written if not item.exists)
        line = (f"{'Would import' if dry_run else 'Imported'} {counted(self.articles, 'article')}, "
                f"{counted(self.pages, 'page')}, {counted(self.authors, 'author')} and {counted(self.files, 'file')} "
                f"from {source}: {counted(new, 'new file')}{' written' * (not dry_run)}, "
                f"{len(self.written) - new:,} already there.")
        if self.notes:
            line += (f"\n{counted(len(self.notes), 'thing')} could not be converted or carried over: listed "
                     "with file and line (as notes, above), and left visible in the text.")
        return line
