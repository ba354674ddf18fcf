"""Small builders shared by the unit tests: configs, source files, parsed content, sites."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from generator.config import SiteConfig, build_config
from generator.content.images import ImageFacts
from generator.content.model import Article, Author, Page, ParseResult
from generator.content.parse import parse_source
from generator.content.sources import SourceFile, classify
from generator.errors import Problem
from generator.model.site import Publishing, Site, assemble_site

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def make_config(root: Path, **values: Any) -> SiteConfig:
    """A valid SiteConfig rooted at ROOT; keyword arguments add or replace sitegen.toml keys."""
    return build_config(root, {"title": "Test Desk", "base_url": "https://example.org/", **values})


def source(config: SiteConfig, rel_path: str, size: int = 0) -> SourceFile:
    """A SourceFile for content/REL_PATH of CONFIG's site (the file need not exist)."""
    rel = PurePosixPath(rel_path)
    return SourceFile(rel, config.content_dir / rel_path, classify(rel), size, 0)


def parse(config: SiteConfig, rel_path: str, text: str) -> ParseResult:
    return parse_source(source(config, rel_path), text, config)


def article_text(title: str = "A story", date: str = "2024-05-01T09:30:00+00:00", author: str = "Jane Doe",
                 tags: Iterable[str] = (), extra: str = "", body: str = "Body text.\n") -> str:
    tag_list = ", ".join(tags)
    return (f"---\ntitle: {title}\ndate: {date}\nauthor: {author}\ntags: [{tag_list}]\n{extra}---\n"
            f"{body}")


def make_article(config: SiteConfig, rel_path: str, **fields: Any) -> Article:
    result = parse(config, rel_path, article_text(**fields))
    assert isinstance(result.value, Article), [str(p) for p in result.problems]
    return result.value


def make_page(config: SiteConfig, rel_path: str, text: str) -> Page:
    result = parse(config, rel_path, text)
    assert isinstance(result.value, Page), [str(p) for p in result.problems]
    return result.value


def make_author(config: SiteConfig, rel_path: str, text: str) -> Author:
    result = parse(config, rel_path, text)
    assert isinstance(result.value, Author), [str(p) for p in result.problems]
    return result.value


def assemble(config: SiteConfig, articles: Iterable[Article] = (), pages: Iterable[Page] = (),
             authors: Iterable[Author] = (), assets: Iterable[str] = (), *, now: datetime = NOW,
             drafts: bool = False, future: bool = False,
             images: Mapping[str, ImageFacts] | None = None) -> tuple[Site, list[Problem]]:
    """The site of these files; IMAGES holds the facts of the images they show (else none are known)."""
    return assemble_site(config, articles, pages, authors, frozenset(assets),
                         Publishing(now, drafts=drafts, future=future), images or {})


def messages(problems: Iterable[Problem]) -> list[str]:
    """Problems as the CLI prints them, for readable assertion failures."""
    return [str(problem) for problem in problems]


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for rel_path, text in files.items():
        path = root / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
