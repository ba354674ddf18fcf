"""Lists content/ once and says what each file is; no other module walks the folder.

Editors' tools leave swap and backup files next to the real ones, and a symlink could point
anywhere on the disk: both are filtered here, once, so later stages only see real content.
This module reads names and stat data only, never file contents.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from generator.config import CONFIG_NAME
from generator.content.ledger import LEDGER_NAME
from generator.errors import Problem
from generator.frozen import FrozenDict

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# Vim swap/backup, Emacs lock/autosave, JetBrains and generic temp files, OS litter.
_IGNORED_NAME = re.compile(
    r"""^(\..*            # dotfiles: .DS_Store, .foo.md.swp, .#foo.md
        |.*~              # backup copies
        |\#.*\#           # Emacs autosave
        |.*\.(swp|swo|swx|tmp|bak|orig|part|crdownload)
        |.*___jb_(tmp|old)___
        |4913             # Vim's write-test file
        |Thumbs\.db|desktop\.ini
        )$""",
    re.X,
)


class SourceKind(StrEnum):
    ARTICLE = "article"
    PAGE = "page"
    AUTHOR = "author"
    ASSET = "asset"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file under content/; `rel_path` is relative to content/ with forward slashes."""

    rel_path: PurePosixPath
    abs_path: Path
    kind: SourceKind
    size: int
    mtime_ns: int

    @property
    def display_path(self) -> str:
        """How messages name the file: relative to the site root, as the editor sees it."""
        return f"content/{self.rel_path}"


def is_ignored_name(name: str) -> bool:
    """True for editor temp/swap files and OS litter that must never be built or watched."""
    return bool(_IGNORED_NAME.match(name))


def classify(rel_path: PurePosixPath) -> SourceKind:
    if rel_path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return SourceKind.ASSET
    top = rel_path.parts[0] if len(rel_path.parts) > 1 else ""
    if top == "pages":
        return SourceKind.PAGE
    if top == "authors":
        return SourceKind.AUTHOR
    return SourceKind.ARTICLE


def scan_sources(content_dir: Path) -> tuple[tuple[SourceFile, ...], list[Problem]]:
    """Every buildable file under CONTENT_DIR, sorted by path, and problems with the tree.

    Symlinks are followed only while they stay inside content/: one that leaves it is reported,
    because copying /etc/passwd into output/ because of a stray link must not happen. Only
    links are resolved; plain entries use the directory listing's own type and stat data.
    """
    if not content_dir.is_dir():
        return (), [Problem("content", "folder not found: articles go in content/<section>/*.md")]
    problems: list[Problem] = []
    found: list[SourceFile] = []
    content_real = content_dir.resolve()
    visited = {content_real}
    pending = [(content_dir, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as error:
            problems.append(Problem(f"content/{prefix}", f"cannot be read: {error.strerror}"))
            continue
        for entry in entries:
            if is_ignored_name(entry.name):
                continue
            rel = prefix + entry.name
            try:
                if entry.is_symlink():
                    real = Path(entry.path).resolve()
                    if not real.is_relative_to(content_real):
                        problems.append(Problem(f"content/{rel}", "is a link to something outside content/; it "
                                                "was not built (copy the file in instead)"))
                        continue
                    if real.is_dir():
                        if real not in visited:
                            visited.add(real)
                            pending.append((Path(entry.path), rel + "/"))
                        continue
                elif entry.is_dir():
                    visited.add(Path(entry.path).resolve())
                    pending.append((Path(entry.path), rel + "/"))
                    continue
                stat = entry.stat()
            except OSError as error:
                problems.append(Problem(f"content/{rel}", f"cannot be read: {error.strerror}"))
                continue
            rel_path = PurePosixPath(rel)
            found.append(SourceFile(rel_path, Path(entry.path), classify(rel_path), stat.st_size, stat.st_mtime_ns))
    found.sort(key=lambda source: str(source.rel_path))
    problems.sort(key=lambda problem: problem.path)
    return tuple(found), problems


class ChangeKind(StrEnum):
    CONTENT = "content"
    TEMPLATE = "template"
    STYLESHEET = "stylesheet"
    THEME_FILE = "theme file"
    CONFIG = "config"
    IGNORED = "ignored"


def classify_change(path: Path, site_root: Path) -> ChangeKind:
    """What kind of site input PATH is; IGNORED for anything a build does not read."""
    try:
        relative = path.relative_to(site_root)
    except ValueError:
        return ChangeKind.IGNORED
    parts = relative.parts
    if not parts or any(is_ignored_name(part) for part in parts):
        return ChangeKind.IGNORED
    if parts in ((CONFIG_NAME,), (LEDGER_NAME,)):
        return ChangeKind.CONFIG
    if parts[0] == "content" and len(parts) > 1:
        return ChangeKind.CONTENT
    if parts[0] == "themes" and len(parts) > 2:
        if parts[2] == "templates":
            return ChangeKind.TEMPLATE
        if parts[2] == "static" and path.suffix.lower() == ".css":
            return ChangeKind.STYLESHEET
        return ChangeKind.THEME_FILE
    return ChangeKind.IGNORED


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """The files that changed since the last build and what each one is.

    The dev server's watcher classifies each file once, as it sees it; the builder takes the
    set as it is, to re-list only what changed and to choose its quick path.
    """

    kinds: Mapping[Path, ChangeKind]

    @classmethod
    def of(cls, paths: Iterable[Path], site_root: Path) -> ChangeSet:
        """PATHS classified (what a watcher would report), site input only."""
        kinds = {path: classify_change(path, site_root) for path in paths}
        return cls(FrozenDict({path: kind for path, kind in kinds.items() if kind is not ChangeKind.IGNORED}))

    @property
    def paths(self) -> frozenset[Path]:
        return frozenset(self.kinds)

    def only(self, kind: ChangeKind) -> bool:
        """Whether every changed file is of KIND (and there is one)."""
        return bool(self.kinds) and all(k is kind for k in self.kinds.values())


@dataclass(frozen=True, slots=True)
class Rescan:
    sources: tuple[SourceFile, ...]  # every source, the edited ones with fresh stat data
    edited: tuple[SourceFile, ...]  # the changed content files, as SourceFiles


def rescan(previous: tuple[SourceFile, ...], changes: ChangeSet) -> Rescan | None:
    """PREVIOUS with fresh stat data for the changed content files, or None when a full scan is needed.

    The dev server knows which files a save touched; re-listing 10,000 files for each save
    would cost more than the rebuild. Only edits of files already known qualify: a new, deleted
    or renamed file, or a folder, sends the caller back to `scan_sources`.
    """
    # Keyed by str: after a full scan the Paths are new, and working out (and caching) both
    # str() and hash() of 10,000 of them cost ~15 ms more.
    by_path = {str(source.abs_path): index for index, source in enumerate(previous)}
    updated = list(previous)
    edited = []
    for path, kind in changes.kinds.items():
        if kind is not ChangeKind.CONTENT:
            continue  # a template or the config: the content list is unchanged
        index = by_path.get(str(path))
        if index is None or path.is_symlink():
            return None
        try:
            stat = path.stat()
        except OSError:
            return None
        old = previous[index]
        updated[index] = SourceFile(old.rel_path, path, old.kind, stat.st_size, stat.st_mtime_ns)
        edited.append(updated[index])
    return Rescan(tuple(updated), tuple(edited))
