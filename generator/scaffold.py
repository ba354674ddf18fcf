"""`sitegen init` and `sitegen new`: write starter files, never over an existing one."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from generator.config import CONFIG_NAME, SiteConfig
from generator.content.ledger import LEDGER_NAME, ledger_text
from generator.errors import Problem, SiteError
from generator.text import slugify

_CONFIG = """\
# sitegen configuration: see the README for every key.
title = "{title}"
description = "News and analysis from our newsroom."
base_url = "https://example.org/"
language = "en"
timezone = "UTC"
# permalink = "/{{year}}/{{month}}/{{slug}}/"
# paginate = 10
# feed_size = 20
"""

_AUTHOR = """\
---
name: Sam Editor
role: Editor
links:
  Website: https://example.org/
---
Sam edits this site. Replace this text with a short biography.
"""

_PAGE = """\
---
title: About us
summary: Who we are and how we work.
---
Tell readers who runs this site and how to reach the newsroom.
"""


def _yaml_text(value: str) -> str:
    """A YAML scalar that survives colons, quotes and leading symbols (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


# The welcome story's lead image: a new site passes `sitegen check` as it is, and shows where a
# picture goes. A drawing, not a photo: nothing to license, a few hundred bytes.
_WELCOME_IMAGE = """\
<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="675" viewBox="0 0 1200 675">
  <rect width="1200" height="675" fill="#1f3a5f"/>
  <rect x="150" y="140" width="900" height="395" rx="24" fill="#f5f1e8"/>
  <rect x="210" y="200" width="520" height="44" rx="8" fill="#1f3a5f"/>
  <rect x="210" y="280" width="780" height="20" rx="6" fill="#8a94a6"/>
  <rect x="210" y="320" width="740" height="20" rx="6" fill="#8a94a6"/>
  <rect x="210" y="360" width="760" height="20" rx="6" fill="#8a94a6"/>
  <rect x="210" y="400" width="420" height="20" rx="6" fill="#8a94a6"/>
</svg>
"""


def article_text(title: str, moment: datetime, authors: list[str], tags: list[str],
                 section: str, draft: bool, body: str, image: tuple[str, str, str] = ("", "", ""),
                 summary: str = "") -> str:
    """Front matter with every field an editor may fill in, then BODY; IMAGE is (src, alt, credit)."""
    src, alt, credit = image
    lines = [
        "---",
        f"title: {_yaml_text(title)}",
        f"date: {moment.isoformat(timespec='seconds')}",
        "# updated: " + moment.isoformat(timespec="seconds"),
        f"author: {_yaml_text(authors[0])}" if len(authors) == 1
        else "author: [" + ", ".join(_yaml_text(a) for a in authors) + "]",
        "tags: [" + ", ".join(_yaml_text(t) for t in tags) + "]",
        f"section: {_yaml_text(section)}",
        f"summary: {_yaml_text(summary)}",
        "key_points: []",
        f"image: {_yaml_text(src)}",
        f"image_alt: {_yaml_text(alt)}",
        'image_caption: ""',
        f"image_credit: {_yaml_text(credit)}",
        f"draft: {'true' if draft else 'false'}",
        "---",
        "",
        body,
    ]
    return "\n".join(lines)


def _create(path: Path, text: str, shown: str) -> None:
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise SiteError([Problem(shown, "already exists; sitegen never overwrites a file")]) from None


def init_site(directory: Path, now: datetime) -> list[Path]:
    """Write a minimal working site into DIRECTORY (created if needed); returns the files."""
    files = {
        CONFIG_NAME: _CONFIG.format(title="My News Site"),
        LEDGER_NAME: ledger_text({}),  # URLs are kept from breaking from the first --record-urls on
        "content/authors/sam-editor.md": _AUTHOR,
        "content/pages/about.md": _PAGE,
        "content/news/welcome.md": article_text(
            "Welcome to your new news site", now, ["sam-editor"], ["announcements"], "news", False,
            "This is your first article. Write the next one with `sitegen new \"Headline\"`, then "
            "run `sitegen build` and open output/index.html.\n",
            ("/images/welcome.svg", "Drawing of a page of news: a headline above lines of text",
             "Illustration: sitegen"),
            "Your site builds: replace this story with your own, then publish with sitegen build."),
        "content/images/welcome.svg": _WELCOME_IMAGE,
    }
    existing = [name for name in files if (directory / name).exists()]
    if existing:
        raise SiteError([Problem(str(directory / name), "already exists; sitegen init never "
                                 "overwrites a file, choose an empty folder") for name in existing])
    written = []
    for name, text in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _create(path, text, str(path))
        written.append(path)
    return written


def new_article(config: SiteConfig, title: str, section: str, authors: list[str],
                tags: list[str], now: datetime) -> Path:
    """Create content/SECTION/<slug>.md as a draft dated NOW; returns its path."""
    slug = slugify(title)
    section_slug = slugify(section)
    if not slug:
        raise SiteError([Problem("sitegen new", f"'{title}' gives an empty slug; use some letters")])
    if not section_slug:
        raise SiteError([Problem("sitegen new", f"--section '{section}' is not a folder name")])
    if not authors:
        profiles = sorted((config.content_dir / "authors").glob("*.md"))
        if not profiles:
            raise SiteError([Problem("sitegen new", "no author given and no profiles in "
                                     "content/authors/; pass --author \"Your Name\"")])
        authors = [profiles[0].stem]
    path = config.content_dir / section_slug / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "Write the story here. The first paragraph becomes the summary unless you set one.\n"
    _create(path, article_text(title, now.astimezone(config.timezone), authors, tags, section_slug,
                               True, body), f"content/{section_slug}/{slug}.md")
    return path
