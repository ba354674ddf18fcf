"""`sitegen import`: read the source, place its stories, convert them, say what will be written.

Reading the whole source comes first: a problem with it (a post whose front matter does not
parse, an export that is no XML) stops the import with every such problem listed, before a
single file is written. Conversion never stops it: what it cannot convert is a note.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from generator.config import SiteConfig
from generator.errors import Problem, SiteError
from generator.importers import KINDS
from generator.importers.links import Resolver
from generator.importers.model import Archive, ImportResult, Note, Profile
from generator.importers.place import place, planned
from generator.urls import is_remote

Reader = Callable[[Path, SiteConfig], Archive]
Converter = Callable[[Archive, Resolver, Path], None]
IMPORTERS: dict[str, tuple[Reader, Converter]] = {
    kind: (module.read, module.convert)
    for kind in KINDS for module in [importlib.import_module(f"generator.importers.{kind}")]
}
FALLBACK_AUTHOR = Profile("staff", "Staff")


def run_import(kind: str, source: Path, config: SiteConfig) -> ImportResult:
    """What importing SOURCE (a KIND of site) into CONFIG's site writes; raises SiteError naming
    every problem of the source (files shown under SOURCE as typed)."""
    if not source.exists():
        raise SiteError([Problem(str(source), "not found")])
    read, convert = IMPORTERS[kind]
    archive = read(source, config)
    root = source if source.is_dir() else source.parent
    if archive.errors:
        raise SiteError([Problem(_shown(source, p.path), p.message, p.line) for p in archive.errors])
    notes = archive.notes
    _fill_authors(archive)
    place(archive.stories, config, notes)
    resolver = Resolver(archive)
    for story in archive.stories:
        resolver.add(story, root)
    convert(archive, resolver, root)
    _lead_images(archive, resolver)
    written = planned(archive.stories, archive.profiles.values(), resolver.copies, config.root)
    shown = sorted((Note(_shown(source, note.where), note.line, note.message) for note in notes),
                   key=lambda note: (note.where, note.line or 0))
    return ImportResult(tuple(written), tuple(shown), sum(1 for s in archive.stories if s.kind == "article"),
                        sum(1 for s in archive.stories if s.kind == "page"), len(archive.profiles),
                        len(resolver.copies))


def _shown(source: Path, where: str) -> str:
    """A file of the source as the user would type it: under the SOURCE folder they gave; "" (or
    an export's own name) is SOURCE itself."""
    if not where or (source.is_file() and where == source.name):
        return str(source)
    return where if source.is_file() else os.path.join(source, where)


def _fill_authors(archive: Archive) -> None:
    """Stories that name no author get the desk's own profile (sitegen needs an author)."""
    unsigned = [story for story in archive.stories if story.kind == "article" and not story.authors]
    if not unsigned:
        return
    archive.profiles.setdefault(FALLBACK_AUTHOR.id, FALLBACK_AUTHOR)
    for story in unsigned:
        story.authors = [FALLBACK_AUTHOR.id]
    archive.notes.append(Note(unsigned[0].origin, unsigned[0].line, f"names no author, nor do {len(unsigned) - 1:,} "
                              f"more stories: written as by '{FALLBACK_AUTHOR.name}' "
                              f"(content/authors/{FALLBACK_AUTHOR.id}.md)" if len(unsigned) > 1 else
                              f"names no author: written as by '{FALLBACK_AUTHOR.name}' "
                              f"(content/authors/{FALLBACK_AUTHOR.id}.md)"))


def _lead_images(archive: Archive, resolver: Resolver) -> None:
    """Each lead image as a file of the new site (copied), a remote URL, or left out and listed."""
    for story in archive.stories:
        if not story.image:
            continue
        found = resolver.file_for(story.image, story)
        if found is not None:
            story.image = unquote(found)
        elif is_remote(story.image):
            if resolver.on_old_site(story.image) is not None:
                archive.notes.append(Note(story.origin, story.line, f"lead image {story.image} is not in the "
                                          "source's files: left as a remote URL"))
        else:
            archive.notes.append(Note(story.origin, story.line, f"lead image '{story.image}' is no file of the "
                                      "source: left out (set image: once the picture is in content/)"))
            story.image = ""
