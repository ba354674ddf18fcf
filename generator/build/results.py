"""What a build is asked for and what it gives back: plain data between the CLI, serve and the builder."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from generator.content.model import Article, Author, Page
from generator.content.sources import SourceFile, SourceKind
from generator.errors import Problem
from generator.model.site import Site
from generator.publish.output import WriteStats


@dataclass(frozen=True, slots=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path | None = None
    drafts: bool = False
    future: bool = False
    base_url: str | None = None
    strict: bool = False
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    cache: bool = False  # read and write .sitegen-cache/ in the site folder
    clean: bool = False  # with cache: ignore what is there, write it anew
    record_urls: bool = False  # add the URLs this build publishes to the ledger (content/ledger.py)
    fingerprint_assets: bool = True  # static files under content-hashed names too (build/theme_files.py)

    @property
    def resolved_output(self) -> Path:
        return self.output_dir if self.output_dir is not None else self.site_dir / "output"


@dataclass(frozen=True, slots=True)
class BuildResult:
    articles: int
    pages: int  # HTML pages of every kind, articles included
    feeds: int
    stats: WriteStats
    seconds: float
    warnings: tuple[Problem, ...] = field(default=())
    rendered: int = 0  # plans rendered; the others were unchanged since the previous build
    parsed: int = 0  # Markdown files parsed; the others came from the previous build
    written: tuple[str, ...] = ()  # output paths whose bytes changed
    notes: tuple[str, ...] = ()  # things worth saying that are not problems (a cache rebuilt)
    valid_until: datetime | None = None  # the output goes stale then by the clock alone (serve rebuilds)


@dataclass(frozen=True, slots=True)
class LoadedSite:
    site: Site
    assets: dict[str, Path]  # content-relative path → file, for the non-Markdown files
    warnings: tuple[Problem, ...]
    site_problems: tuple[Problem, ...] = ()  # the warnings assembly found (not parsing)

    @property
    def parse_warnings(self) -> tuple[Problem, ...]:
        """The warnings parsing found: WARNINGS lists them before the site problems."""
        return self.warnings[:len(self.warnings) - len(self.site_problems)]


class ParsedContent(NamedTuple):
    articles: list[Article]
    pages: list[Page]
    authors: list[Author]
    problems: tuple[Problem, ...]

    def unparsed(self, sources: Iterable[SourceFile]) -> frozenset[str]:
        """The content-relative paths of the Markdown files of SOURCES that did not parse: the
        site is assembled from the others, and a link to one of them is not told as missing."""
        parsed = {item.source for item in (*self.articles, *self.pages, *self.authors)}
        return frozenset(str(source.rel_path) for source in sources
                         if source.kind is not SourceKind.ASSET and source.display_path not in parsed)
