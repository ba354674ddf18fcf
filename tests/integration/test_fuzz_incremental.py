"""Seeded differential fuzz: after every random edit, incremental builds must equal a clean build.

test_incremental.py checks one change from one starting point. Dependency bugs hide in what
that cannot reach: sequences (a title edited after the article moved year), combinations (a
tag respelt on an article whose card is cached in a fragment), and themes that reach the site's
data in ways the default theme does not. Here a generated site takes a random sequence of
edits, each as an editor would save it, and after every one the output of

- a long-lived Builder told which files changed (what `sitegen serve` does), and
- a fresh Builder with the on-disk cache (what successive `sitegen build` runs do)

must equal, byte for byte, a build from scratch into an empty folder. It runs with the default
theme and with an "awkward" theme (written into the site) whose templates read titles through
`site.archive`, alias `site`, pass it to macros, filter `site.articles`, print bodies, bios and
key points: a build that predicts a page's inputs from its template has to get all of them right.

Seeds are fixed, so a failure reproduces; SITEGEN_FUZZ_SEED=N runs seed N alone (for both
themes), and `--soak` runs ten times the steps. Edits keep the site valid (no broken links,
no URL clashes): this tests incremental correctness, not error reporting.
"""

from __future__ import annotations

import difflib
import json
import os
import random
import re
import shutil
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage

from generator.build.builder import Builder, BuildOptions
from generator.content.sources import ChangeSet
from generator.errors import SiteError
from tests.conftest import REPO_ROOT, write_files

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
# About 0.3 s a step (three builds of a ~15-article site, the clean one about half of it): the
# CI size, 2 themes × 4 seeds × 50 steps = 400 steps, takes about two minutes on 2 cores.
CI_SEEDS, CI_STEPS = (11, 22, 33, 44), 50
SOAK_SEEDS, SOAK_STEPS = tuple(range(101, 121)), 100  # ten times as many steps
THEMES = ("default", "awkward")

SECTIONS = ("news", "business", "culture")
NEW_SECTIONS = ("science",)  # only reached by moving an article or by `section:`
AUTHOR_NAMES = {"ana": ("Ana Ruiz", "Ana M. Ruiz", "Ana Ruiz-Soto"), "ben": ("Ben Okafor", "Benjamin Okafor"),
                "chloe": ("Chloé Martin", "Chloe Martin", "C. Martin")}
ROLES = ("Reporter", "Editor", "Columnist", "")
TAG_SPELLINGS = {"ai": ("AI", "ai", "Ai"), "chips": ("chips", "Chips"), "policy": ("policy",), "eu": ("EU", "eu"),
                 "climate": ("climate",), "markets": ("markets", "Markets"), "zurich": ("Zürich", "zürich", "Zurich"),
                 "energy": ("energy",)}
TAG_SLUG = {spelling: slug for slug, spellings in TAG_SPELLINGS.items() for spelling in spellings}
WORDS = ("chip", "grid", "vote", "port", "rail", "wind", "bank", "court", "fleet", "harvest", "budget", "strike",
         "summit", "river", "tariff", "vaccine", "museum", "orchestra", "festival", "league", "subsidy", "reactor",
         "ferry", "glacier", "union", "startup", "pension", "drought")
VERBS = ("rises", "falls", "stalls", "returns", "splits", "wins", "loses", "waits")
TIMEZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "UTC")
PNG_SIZES = ((200, 120), (520, 300), (90, 90))  # 520 wide: one resized copy (480w) as well as the original
COLORS = ("teal", "red", "navy", "olive", "purple")
LINK = "Read more: "  # a paragraph that is only a link to another file, so edits can find and drop it
MAX_ARTICLES, MIN_ARTICLES, MIN_PUBLISHED = 22, 6, 3

Meta = dict[str, Any]


@dataclass(frozen=True)
class Change:
    """What one edit did: the paths a file watcher would report, and a line for the failure log."""

    paths: frozenset[Path]
    detail: str


Edit = Callable[[Path, random.Random], Change | None]  # None: nothing to apply it to now


# Files: front matter is one `key: <JSON>` line per key (JSON is valid YAML), so edits can read
# and rewrite it exactly without a YAML writer's own ideas about dates and quoting.

def read_doc(path: Path) -> tuple[Meta, list[str]]:
    """Front matter and body paragraphs of a Markdown file this module wrote."""
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = {key: json.loads(value) for key, value in (line.split(": ", 1) for line in head.splitlines())}
    return meta, [p for p in body.strip().split("\n\n") if p]


def write_doc(path: Path, meta: Meta, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    head = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    path.write_text(f"---\n{head}---\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def read_config(site: Path) -> Meta:
    return tomllib.loads((site / "sitegen.toml").read_text(encoding="utf-8"))


def write_config(site: Path, config: Meta) -> None:
    lines = [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in config.items() if key != "theme_settings"]
    if settings := config.get("theme_settings"):
        lines += ["[theme_settings]", *(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in settings.items())]
    (site / "sitegen.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _png(path: Path, rng: random.Random) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", rng.choice(PNG_SIZES), rng.choice(COLORS)).save(path)


def _svg(path: Path, rng: random.Random) -> None:
    width, height = rng.choice(((40, 30), (64, 64), (120, 45)))
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
                    f'<rect width="100%" height="100%" fill="{rng.choice(COLORS)}"/></svg>', encoding="utf-8")


# Random values.

def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _title(rng: random.Random) -> str:
    title = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.choice(VERBS)}"
    return rng.choice((title, title, f"Q&A: {title}", f"“{title}” <again>", f"{title} in Zürich"))


def _paragraph(rng: random.Random) -> str:
    return f"{_words(rng, rng.randrange(6, 20)).capitalize()}."


def _date(rng: random.Random) -> str:
    """A moment in 2024–2025 (before NOW), sometimes without an offset: the site's zone applies."""
    day = date(2024, 2, 1) + timedelta(days=rng.randrange(660))
    moment = datetime(day.year, day.month, day.day, rng.randrange(24), rng.choice((0, 15, 30, 45)))
    return moment.isoformat() + rng.choice(("", "+02:00", "+00:00", "-05:00", "+09:00"))


def _after(moment: str, days: int) -> str:
    """MOMENT plus DAYS and a few hours, in the same form (offset or none), so never before it."""
    return (datetime.fromisoformat(moment) + timedelta(days=days, hours=3)).isoformat()


def _name(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)}-{rng.getrandbits(24):06x}"


def _tags(rng: random.Random) -> list[str]:
    return [rng.choice(TAG_SPELLINGS[slug]) for slug in rng.sample(sorted(TAG_SPELLINGS), rng.randrange(0, 4))]


def _author(rng: random.Random, site: Path) -> str | list[str]:
    """An author reference: an id, a profile's current name, or several authors."""
    ids = sorted(AUTHOR_NAMES)
    pick = rng.random()
    if pick < 0.6:
        return rng.choice(ids)
    if pick < 0.8:
        return read_doc(site / f"content/authors/{rng.choice(ids)}.md")[0]["name"]
    return rng.sample(ids, 2)


# The site as it is on disk.

def articles(site: Path) -> list[Path]:
    return sorted(p for p in (site / "content").rglob("*.md") if p.parent.name not in ("pages", "authors"))


def published(site: Path) -> list[Path]:
    return [p for p in articles(site) if not read_doc(p)[0].get("draft")]


def images(site: Path) -> list[Path]:
    return sorted((site / "content/images").iterdir())


def _href(site: Path, target: Path) -> str:
    """How a file two levels down in content/ links TARGET: every Markdown file sits at that depth."""
    return "../" + target.relative_to(site / "content").as_posix()


def _rewrite_links(site: Path, old: str, new: str | None) -> set[Path]:
    """Point every link to OLD (an href) at NEW, or drop those link paragraphs: the files changed."""
    changed = set()
    for path in sorted((site / "content").rglob("*.md")):
        meta, paragraphs = read_doc(path)
        kept = [p if new is None else p.replace(f"]({old})", f"]({new})") for p in paragraphs
                if new is not None or f"]({old})" not in p]
        if kept != paragraphs:
            write_doc(path, meta, kept)
            changed.add(path)
    return changed


def _created(path: Path) -> set[Path]:
    """Make the folders PATH needs; the ones that are new, as a watcher reports them too."""
    new = {folder for folder in path.parents if not folder.exists()}
    path.parent.mkdir(parents=True, exist_ok=True)
    return new


def _change(paths: set[Path], detail: str) -> Change:
    return Change(frozenset(p.resolve() for p in paths), detail)


def _rel(site: Path, path: Path) -> str:
    return path.relative_to(site).as_posix()


# The starting site.

def new_article_meta(site: Path, rng: random.Random) -> Meta:
    meta: Meta = {"title": _title(rng), "date": _date(rng), "author": _author(rng, site)}
    if tags := _tags(rng):
        meta["tags"] = tags
    if rng.random() < 0.4:
        meta["summary"] = _paragraph(rng)
    if rng.random() < 0.3:
        meta["key_points"] = [_words(rng, 4) for _ in range(rng.randrange(1, 4))]
    return meta


def make_site(root: Path, rng: random.Random, theme: str) -> Path:
    """A site with three authors, 14 articles over three sections and two years, tags from a small
    pool, lead images (PNG and SVG), links between articles, corrections, a page and, for the
    awkward theme, that theme with a static file. paginate = 3, so lists have several pages."""
    config: Meta = {"title": "Fuzz Desk", "base_url": "https://fuzz.example.org/", "timezone": "Europe/Berlin",
                    "paginate": 3, "description": "News from the fuzzer."}
    root.mkdir(parents=True)
    if theme != "default":
        config["theme"] = theme
        write_files(root, {f"themes/{theme}/{name}": text for name, text in AWKWARD_THEME.items()})
    write_config(root, config)
    for author_id, names in AUTHOR_NAMES.items():
        write_doc(root / f"content/authors/{author_id}.md", {"name": names[0], "role": ROLES[len(author_id) % 3]},
                  [f"{names[0]} writes about {_words(rng, 3)}."])
    write_doc(root / "content/pages/about.md", {"title": "About us"}, ["Who we are and what we do."])
    _png(root / "content/images/photo-a.png", rng)
    _png(root / "content/images/photo-b.png", rng)
    _svg(root / "content/images/chart.svg", rng)
    paths = []
    for number in range(14):
        meta = new_article_meta(root, rng)
        if number < 3:
            meta |= {"image": f"/images/{('photo-a.png', 'photo-b.png', 'chart.svg')[number]}",
                     "image_alt": f"A picture of {_words(rng, 2)}", "image_credit": "Photo: Fuzz Desk"}
        if number == 3:
            meta["updates"] = [{"date": _after(meta["date"], 2), "type": "correction", "note": "A figure was wrong."}]
        path = root / f"content/{SECTIONS[number % 3]}/{_name(rng)}.md"
        write_doc(path, meta, [_paragraph(rng) for _ in range(rng.randrange(1, 4))])
        paths.append(path)
    for source, target in ((paths[4], paths[5]), (paths[6], paths[0])):
        meta, paragraphs = read_doc(source)
        write_doc(source, meta, [*paragraphs, f"{LINK}[an earlier story]({_href(root, target)})."])
    return root


# The edit vocabulary. Each edit picks its target with RNG among the files that exist now.

def _edit_front_matter(site: Path, rng: random.Random, change: Callable[[Meta, random.Random], str]) -> Change:
    """Apply CHANGE (which says what it did) to a random article's front matter."""
    path = rng.choice(articles(site))
    meta, paragraphs = read_doc(path)
    did = change(meta, rng)
    write_doc(path, meta, paragraphs)
    return _change({path}, f"{_rel(site, path)}: {did}")


def add_article(site: Path, rng: random.Random) -> Change | None:
    if len(articles(site)) >= MAX_ARTICLES:
        return None
    path = site / f"content/{rng.choice(SECTIONS + NEW_SECTIONS)}/{_name(rng)}.md"
    meta = new_article_meta(site, rng)
    if rng.random() < 0.2:
        meta["draft"] = True
    paragraphs = [_paragraph(rng)]
    if rng.random() < 0.3:
        paragraphs.append(f"{LINK}[a story]({_href(site, rng.choice(published(site)))}).")
    new_folders = _created(path)
    write_doc(path, meta, paragraphs)
    return _change({path} | new_folders, f"add {_rel(site, path)} {meta}")


def delete_article(site: Path, rng: random.Random) -> Change | None:
    """Delete an article; links to it go first, as an editor would fix them in the same save."""
    everything, live = articles(site), published(site)
    candidates = [p for p in everything if p not in live or len(live) > MIN_PUBLISHED]
    if len(everything) <= MIN_ARTICLES or not candidates:
        return None
    path = rng.choice(candidates)
    changed = _rewrite_links(site, _href(site, path), None)
    path.unlink()
    return _change(changed | {path}, f"delete {_rel(site, path)}")


def _move(site: Path, path: Path, target: Path) -> set[Path]:
    """Move an article's file, with every link to it: the files changed, as a watcher reports them."""
    new_folders = _created(target)
    path.rename(target)
    return _rewrite_links(site, _href(site, path), _href(site, target)) | {path, target} | new_folders


def rename_article(site: Path, rng: random.Random) -> Change:
    path = rng.choice(articles(site))
    target = path.with_name(f"{_name(rng)}.md")
    return _change(_move(site, path, target), f"rename {_rel(site, path)} → {target.name}")


def edit_section(site: Path, rng: random.Random) -> Change:
    """Move the file to another section folder, or set or drop `section:`."""
    path = rng.choice(articles(site))
    if rng.random() < 0.5:
        folder = rng.choice([s for s in SECTIONS + NEW_SECTIONS if s != path.parent.name])
        target = site / "content" / folder / path.name
        return _change(_move(site, path, target), f"move {_rel(site, path)} → {folder}/")
    meta, paragraphs = read_doc(path)
    if "section" in meta and rng.random() < 0.5:
        del meta["section"]
    else:
        meta["section"] = rng.choice(SECTIONS + NEW_SECTIONS)
    write_doc(path, meta, paragraphs)
    return _change({path}, f"{_rel(site, path)}: section {meta.get('section', '(from its folder)')}")


def edit_title(site: Path, rng: random.Random) -> Change:
    def change(meta: Meta, rng: random.Random) -> str:
        meta["title"] = _title(rng)
        return f"title {meta['title']!r}"
    return _edit_front_matter(site, rng, change)


def edit_date(site: Path, rng: random.Random) -> Change:
    """A new date (another place in every list, maybe another month or year); `updated` and the
    updates move along so that none is before it."""
    def change(meta: Meta, rng: random.Random) -> str:
        old = datetime.fromisoformat(meta["date"])
        if rng.random() < 0.3:  # the same day, another hour: a small move
            meta["date"] = old.replace(hour=rng.randrange(24)).isoformat()
        else:
            meta["date"] = _date(rng)
        if "updated" in meta:
            meta["updated"] = _after(meta["date"], (datetime.fromisoformat(meta["updated"]) - old).days)
        for update in meta.get("updates", ()):
            update["date"] = _after(meta["date"], (datetime.fromisoformat(update["date"]) - old).days)
        return f"date {meta['date']}"
    return _edit_front_matter(site, rng, change)


def edit_tags(site: Path, rng: random.Random) -> Change:
    """Add a tag, remove one, or spell one another way ("AI" → "ai", "Zürich" → "Zurich")."""
    def change(meta: Meta, rng: random.Random) -> str:
        tags = meta.get("tags", [])
        slugs = {TAG_SLUG[t] for t in tags}
        respellable = [t for t in tags if len(TAG_SPELLINGS[TAG_SLUG[t]]) > 1]
        how = rng.choice(("add", "remove", "respell"))
        if how == "remove" and tags:
            tags.remove(rng.choice(tags))
        elif how == "respell" and respellable:
            old = rng.choice(respellable)
            tags[tags.index(old)] = rng.choice([s for s in TAG_SPELLINGS[TAG_SLUG[old]] if s != old])
        else:
            unused = sorted(set(TAG_SPELLINGS) - slugs)
            tags.insert(rng.randrange(len(tags) + 1), rng.choice(TAG_SPELLINGS[rng.choice(unused)]))
        meta["tags"] = tags
        if not tags:
            del meta["tags"]
        return f"tags {tags}"
    return _edit_front_matter(site, rng, change)


def edit_author(site: Path, rng: random.Random) -> Change:
    def change(meta: Meta, rng: random.Random) -> str:
        meta["author"] = _author(rng, site)
        return f"author {meta['author']!r}"
    return _edit_front_matter(site, rng, change)


def toggle_draft(site: Path, rng: random.Random) -> Change | None:
    """Make an article a draft (links to it are dropped: they would be errors) or publish one."""
    live = published(site)
    path = rng.choice(articles(site))
    meta, paragraphs = read_doc(path)
    changed = {path}
    if meta.pop("draft", False):
        detail = "published"
    elif len(live) > MIN_PUBLISHED:
        meta["draft"] = True
        changed |= _rewrite_links(site, _href(site, path), None)
        detail = "made a draft"
    else:
        return None
    write_doc(path, meta, paragraphs)
    return _change(changed, f"{_rel(site, path)}: {detail}")


# After every date the edits give (2024–2025): one moment before NOW, one after.
ENDINGS = ("2026-06-01T08:00:00+02:00", "2027-01-01T00:00:00+00:00")


def edit_clock_fields(site: Path, rng: random.Random) -> Change:
    """Pin or unpin a story to the lead slot, raise or lower a banner, or set or drop an expiry,
    each ended or not by NOW: the front page, every page's banner and every list change."""
    def change(meta: Meta, rng: random.Random) -> str:
        key = rng.choice(("featured", "featured_until", "expires", "breaking"))
        if key in meta:
            del meta[key]
            return f"no {key}"
        if key == "featured":
            meta[key] = True
        elif key == "breaking":
            meta[key] = {"text": _words(rng, 4), **({"until": rng.choice(ENDINGS)} if rng.random() < 0.7 else {})}
        else:
            meta[key] = rng.choice(ENDINGS)
        return f"{key} {meta[key]}"
    return _edit_front_matter(site, rng, change)


def edit_slug(site: Path, rng: random.Random) -> Change:
    def change(meta: Meta, rng: random.Random) -> str:
        if "slug" in meta and rng.random() < 0.5:
            del meta["slug"]
            return "slug removed"
        meta["slug"] = _name(rng)
        return f"slug {meta['slug']}"
    return _edit_front_matter(site, rng, change)


def edit_lead_image(site: Path, rng: random.Random) -> Change:
    """Set the lead image (an existing file, a new PNG, a remote URL), change its alt text, or remove it.

    Half the time the article is one that has a lead image: few have one, and the edits that take
    one away (leaving a file no page shows) deserve as much exercise as those that add one."""
    illustrated = [p for p in articles(site) if "image" in read_doc(p)[0]]
    path = rng.choice(illustrated if illustrated and rng.random() < 0.5 else articles(site))
    meta, paragraphs = read_doc(path)
    changed = {path}
    how = rng.random()
    if "image" in meta and how < 0.3:
        detail = f"image {meta['image']} removed"
        for key in ("image", "image_alt", "image_credit"):
            meta.pop(key, None)
    elif "image" in meta and how < 0.5:
        meta["image_alt"] = f"A picture of {_words(rng, 3)}"
        detail = f"image_alt {meta['image_alt']!r}"
    else:
        if how < 0.7:
            image = site / f"content/images/{_name(rng)}.png"
            _png(image, rng)
            changed.add(image)
            meta["image"] = "/images/" + image.name
        elif how < 0.8:
            meta["image"] = f"https://images.example.org/{rng.choice(WORDS)}.jpg"
        else:
            meta["image"] = "/images/" + rng.choice(images(site)).name
        meta["image_alt"] = f"A picture of {_words(rng, 2)}"
        if rng.random() < 0.5:
            meta["image_credit"] = f"Photo: {rng.choice(WORDS).title()}"
        detail = f"image {meta['image']}, alt {meta['image_alt']!r}"
    write_doc(path, meta, paragraphs)
    return _change(changed, f"{_rel(site, path)}: {detail}")


def replace_image_file(site: Path, rng: random.Random) -> Change:
    """New pixels, often a new size, in an image file that articles may show."""
    image = rng.choice(images(site))
    if image.suffix == ".svg":
        _svg(image, rng)
    else:
        _png(image, rng)
    return _change({image}, f"replace {_rel(site, image)} ({image.stat().st_size} bytes)")


def edit_key_points(site: Path, rng: random.Random) -> Change:
    def change(meta: Meta, rng: random.Random) -> str:
        if "key_points" in meta and rng.random() < 0.4:
            del meta["key_points"]
            return "key_points removed"
        meta["key_points"] = [_words(rng, 4) for _ in range(rng.randrange(1, 4))]
        return f"key_points {meta['key_points']}"
    return _edit_front_matter(site, rng, change)


def edit_corrections(site: Path, rng: random.Random) -> Change:
    """Add a correction or update, reword or drop them, or set or drop `updated`."""
    def change(meta: Meta, rng: random.Random) -> str:
        updates = meta.get("updates", [])
        how = rng.random()
        if updates and how < 0.2:
            del meta["updates"]
            return "updates removed"
        if updates and how < 0.4:
            rng.choice(updates)["note"] = f"{_paragraph(rng)}"
            return f"updates {updates}"
        if how < 0.55:
            if meta.pop("updated", None):
                return "updated removed"
            meta["updated"] = _after(meta["date"], rng.randrange(0, 30))
            return f"updated {meta['updated']}"
        days = rng.randrange(0, 60)
        updates.append({"date": _after(meta["date"], days), "type": rng.choice(("correction", "update")),
                        "note": _paragraph(rng)})
        meta["updates"] = updates
        return f"updates {updates}"
    return _edit_front_matter(site, rng, change)


def edit_summary(site: Path, rng: random.Random) -> Change:
    def change(meta: Meta, rng: random.Random) -> str:
        if "summary" in meta and rng.random() < 0.4:
            del meta["summary"]
            return "summary removed (the first paragraph stands in)"
        meta["summary"] = _paragraph(rng)
        return f"summary {meta['summary']!r}"
    return _edit_front_matter(site, rng, change)


def edit_body(site: Path, rng: random.Random) -> Change:
    """Reword a paragraph, add a first one (a new derived summary), add or drop a link to another
    article, page or author profile, or add or drop an inline image."""
    path = rng.choice(articles(site))
    meta, paragraphs = read_doc(path)
    links = [p for p in paragraphs if p.startswith((LINK, "!["))]
    how = rng.choice(("reword", "first", "link", "image", "drop"))
    if how == "first":
        paragraphs.insert(0, what := _paragraph(rng))
    elif how == "link":
        targets = [p for p in published(site) if p != path] + [site / "content/pages/about.md",
                                                                  site / "content/authors/ben.md"]
        paragraphs.append(what := f"{LINK}[{_words(rng, 2)}]({_href(site, rng.choice(targets))}).")
    elif how == "image":
        paragraphs.append(what := f"![A figure of {_words(rng, 2)}]({_href(site, rng.choice(images(site)))})")
    elif how == "drop" and links:
        paragraphs.remove(what := rng.choice(links))
    else:
        index = rng.choice([index for index, p in enumerate(paragraphs) if p not in links])
        paragraphs[index] = what = _paragraph(rng)
        how = f"paragraph {index + 1} reworded"
    write_doc(path, meta, paragraphs)
    return _change({path}, f"{_rel(site, path)}: body, {how}: {what!r}")


def edit_author_profile(site: Path, rng: random.Random) -> Change:
    """A new name (references by the old name then name an author without a profile), bio or role."""
    author_id = rng.choice(sorted(AUTHOR_NAMES))
    path = site / f"content/authors/{author_id}.md"
    meta, paragraphs = read_doc(path)
    how = rng.choice(("name", "bio", "role"))
    if how == "name":
        meta["name"] = rng.choice([n for n in AUTHOR_NAMES[author_id] if n != meta["name"]])
    elif how == "bio":
        paragraphs = [f"{meta['name']} writes about {_words(rng, 3)}."]
    else:
        meta["role"] = rng.choice(ROLES)
    write_doc(path, meta, paragraphs)
    return _change({path}, f"{_rel(site, path)}: {how} → {meta if how != 'bio' else paragraphs}")


def edit_page(site: Path, rng: random.Random) -> Change:
    path = site / "content/pages/about.md"
    meta, paragraphs = read_doc(path)
    how = rng.choice(("title", "summary", "body"))
    if how == "title":
        meta["title"] = rng.choice(("About us", "About the desk", "Who we are"))
    elif how == "summary":
        if meta.pop("summary", None) is None:
            meta["summary"] = _paragraph(rng)
    else:
        paragraphs = [_paragraph(rng), *paragraphs[1:]]
    write_doc(path, meta, paragraphs)
    return _change({path}, f"{_rel(site, path)}: {how} → {meta if how != 'body' else paragraphs[0]}")


def edit_config(site: Path, rng: random.Random) -> Change:
    config = read_config(site)
    how = rng.choice(("paginate", "title", "description", "timezone", "tagline", "contact_email"))
    if how == "paginate":
        config["paginate"] = rng.choice([n for n in (2, 3, 4, 5) if n != config["paginate"]])
    elif how == "title":
        config["title"] = rng.choice(("Fuzz Desk", "The Fuzz Times", "Fuzz & Co"))
    elif how == "description":
        config["description"] = _paragraph(rng)
    elif how == "timezone":
        config["timezone"] = rng.choice([z for z in TIMEZONES if z != config["timezone"]])
    else:
        settings = config.setdefault("theme_settings", {})
        if settings.pop(how, None) is None:
            settings[how] = "tips@fuzz.example.org" if how == "contact_email" else _paragraph(rng)
    write_config(site, config)
    return _change({site / "sitegen.toml"}, f"sitegen.toml: {how} → {config.get(how, config.get('theme_settings'))}")


# Theme edits. The awkward theme's templates carry a marker comment, `<!-- awk:NAME vN -->`,
# that an edit renumbers: the output of every page using the template changes.

_MARKER = re.compile(r"<!-- (awk:[\w.]+|override) v\d+ -->")


def _bump(path: Path, rng: random.Random) -> None:
    text = path.read_text(encoding="utf-8")
    assert _MARKER.search(text), path
    path.write_text(_MARKER.sub(lambda m: f"<!-- {m.group(1)} v{rng.randrange(10**6)} -->", text, count=1),
                    encoding="utf-8")


def _awkward_edit(kind: str, names: tuple[str, ...]) -> Edit:
    """An edit of one of the awkward theme's templates NAMES (KIND names the edit in the log)."""
    def edit(site: Path, rng: random.Random) -> Change:
        path = site / "themes/awkward/templates" / rng.choice(names)
        _bump(path, rng)
        return _change({path}, f"edit {_rel(site, path)}")
    edit.__name__ = f"edit_awkward_{kind}"
    return edit


def edit_theme_static(site: Path, rng: random.Random) -> Change:
    """Rewrite the stylesheet of the site's own theme (for the default theme: of `mine`, made if needed)."""
    changed = set() if read_config(site).get("theme") == "awkward" else _use_mine(site)
    path = site / "themes" / read_config(site)["theme"] / "static" / "extra.css"
    changed |= _created(path)
    path.write_text(f"/* {rng.randrange(10**6)} */\n.story {{ color: {rng.choice(COLORS)}; }}\n", encoding="utf-8")
    return _change(changed | {path}, f"write {_rel(site, path)}")


OVERRIDABLE = ("page.html", "tags.html", "archive.html", "_card.html", "_footer.html", "_related_item.html")


def _use_mine(site: Path) -> set[Path]:
    """Switch the site to a theme `mine` that extends the default one; the files that changed."""
    config = read_config(site)
    if config.get("theme") == "mine":
        return set()
    theme_file = site / "themes/mine/theme.toml"
    changed = _created(theme_file) | {theme_file, site / "sitegen.toml"}
    theme_file.write_text('extends = "default"\n', encoding="utf-8")
    write_config(site, config | {"theme": "mine"})
    return changed


def edit_override(site: Path, rng: random.Random) -> Change:
    """Override a default template (a page or an include_cached fragment) in the site's theme
    `mine`, edit that override, or delete it so the default one is used again."""
    changed = _use_mine(site)
    name = rng.choice(OVERRIDABLE)
    path = site / "themes/mine/templates" / name
    if path.exists() and rng.random() < 0.3:
        path.unlink()
        return _change(changed | {path}, f"delete override {name}")
    if path.exists():
        _bump(path, rng)
        return _change(changed | {path}, f"edit override {name}")
    source = (REPO_ROOT / "themes/default/templates" / name).read_text(encoding="utf-8")
    marker = f"<!-- override v{rng.randrange(10**6)} -->"
    text = (source.replace("{% block main %}", "{% block main %}\n" + marker, 1) if "{% block main %}" in source
            else f"{marker}\n{source}")
    changed |= _created(path)
    path.write_text(text, encoding="utf-8")
    return _change(changed | {path}, f"add override {name}")


ARTICLE_EDITS: tuple[Edit, ...] = (
    add_article, delete_article, rename_article, edit_title, edit_date, edit_tags, edit_author, edit_section,
    toggle_draft, edit_slug, edit_lead_image, replace_image_file, edit_key_points, edit_corrections, edit_summary,
    edit_body, edit_author_profile, edit_page, edit_config, edit_theme_static, edit_clock_fields,
)


def vocabulary(theme: str) -> tuple[Edit, ...]:
    if theme == "default":
        return (*ARTICLE_EDITS, edit_override)
    return (*ARTICLE_EDITS, _awkward_edit("page_template", AWKWARD_PAGES), _awkward_edit("include", AWKWARD_PARTS))


# The awkward theme: every way a theme might reach the site's data, each worth a stale page
# if a build predicts a page's inputs from its template and misses it.

AWKWARD_PAGES = ("index.html", "archive.html", "tags.html", "section.html", "page.html", "author.html",
                 "article.html", "404.html")
AWKWARD_PARTS = ("_box.html", "_awk.html")  # an {% include %} used by several pages; macros taking `site`

AWKWARD_THEME = {
    "theme.toml": 'extends = "default"\n',
    "static/extra.css": ".awk-box { border: 1px solid; }\n",
    "templates/_box.html": """\
<aside class="awk-box"><!-- awk:_box.html v0 -->
  <h2>Most recent</h2>
  <ol>
  {% for a in site.articles[:3] %}
    <li><a href="{{ url(a.url) }}">{{ a.title }}</a>: {{ a.summary }}</li>
  {% endfor %}
  </ol>
  <p>{{ config.title }}, {{ site.built_at.year }}{% if article is defined %}; you are reading {{ article.title }}{% endif %}</p>
</aside>
""",
    "templates/_awk.html": """\
{% macro authors_box(s) -%}
<ul class="awk-authors"><!-- awk:_awk.html v0 -->
{% for a in s.authors %}
  <li>{{ a.name }}: {{ s.author_articles.get(a.id, ())|length }}</li>
{% endfor %}
</ul>
{%- endmacro %}
{% macro titles(items) -%}{{ items|map(attribute="title")|join(" | ") }}{%- endmacro %}
""",
    "templates/index.html": """\
{% extends "base.html" %}
{% import "_awk.html" as awk %}
{% block title %}{{ config.title }}, page {{ pagination.number }}{% endblock %}
{% block main %}
<!-- awk:index.html v0 -->
{% set s = site %}
<h1>Latest, page {{ pagination.number }} of {{ pagination.total }}</h1>
<ul>
{% for a in items %}
  <li><a href="{{ url(a.url) }}">{{ a.title }}</a>{{ draft_badge(a) }} {{ byline(a.authors) }}</li>
{% endfor %}
</ul>
{% if pagination.number == 1 and s.articles %}
<section class="awk-newest">{{ s.articles[0].body_html|safe }}</section>
{% endif %}
{{ awk.authors_box(s) }}
{{ m.pagination_nav(pagination) }}
{% endblock %}
""",
    "templates/archive.html": """\
{% extends "base.html" %}
{% block title %}Archive – {{ config.title }}{% endblock %}
{% block main %}
<!-- awk:archive.html v0 -->
<h1>Archive</h1>
{% for y in site.archive %}
<h2><a href="{{ url(y.url) }}">{{ y.year }}</a> ({{ y.count }})</h2>
{% for month in y.months %}
<h3 id="{{ month.anchor }}">{{ month.articles[0].date|local_date("%B") }}</h3>
<ul>
{% for a in month.articles %}
  <li><a href="{{ url(a.url) }}">{{ a.title }}</a></li>
{% endfor %}
</ul>
{% endfor %}
{% endfor %}
{% endblock %}
""",
    "templates/tags.html": """\
{% extends "base.html" %}
{% block title %}Tags – {{ config.title }}{% endblock %}
{% block main %}
<!-- awk:tags.html v0 -->
{% for t in site['tags'] %}
<h2><a href="{{ url(t.url) }}">{{ t.name }}</a></h2>
<ul>
{% for a in t.articles %}
  <li>{{ a.title }}</li>
{% endfor %}
</ul>
{% endfor %}
{% endblock %}
""",
    "templates/section.html": """\
{% extends "_list.html" %}
{% block list_title %}{{ section.name }}{% endblock %}
{% block heading %}{{ section.name }}{% endblock %}
{% block before_list %}
<!-- awk:section.html v0 -->
<p class="awk-same">{{ site.articles|selectattr("section", "equalto", section.slug)|map(attribute="title")|join(", ") }}</p>
<ol class="awk-sorted">
{% for a in site.articles|sort(attribute="title") %}
  <li>{{ a.title }}</li>
{% endfor %}
</ol>
{% for group in site.articles|groupby("section") %}
<p>{{ group.grouper }}: {{ group.list|length }}; {{ group.list|map(attribute="summary")|join(" / ") }}</p>
{% endfor %}
{% endblock %}
""",
    "templates/page.html": """\
{% extends "base.html" %}
{% import "_awk.html" as awk %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock %}
{% block main %}
<!-- awk:page.html v0 -->
<h1>{{ page.title }}</h1>
{{ page.body_html|safe }}
<h2>Related, everywhere</h2>
{% for url, items in site.related.items()|sort %}
<p>{{ url }}: {{ awk.titles(items) }}</p>
{% endfor %}
{% for url, n in site.neighbours|dictsort %}
<p>{{ url }}: {{ n.newer.title if n.newer else "none" }} / {{ n.older.title if n.older else "none" }}</p>
{% endfor %}
{% include "_box.html" %}
{% endblock %}
""",
    "templates/author.html": """\
{% extends "_list.html" %}
{% import "_awk.html" as awk %}
{% block list_title %}{{ author.name }}{% endblock %}
{% block header %}
<!-- awk:author.html v0 -->
<h1 class="page-title">{{ author.name }}</h1>
{% if author.role %}<p>{{ author.role }}</p>{% endif %}
<div class="bio">{{ author.bio_html|safe }}</div>
{% endblock %}
{% block before_list %}
<ul class="awk-listed">
{% for a in items %}
  <li>{{ a.title }}: {{ a.summary }}{% for point in a.key_points %}; {{ point }}{% endfor %}</li>
{% endfor %}
</ul>
{{ awk.authors_box(site) }}
{% include "_box.html" %}
{% endblock %}
{% block card_level %}3{% endblock %}
""",
    "templates/article.html": """\
{% extends "base.html" %}
{% block title %}{{ article.title }} – {{ config.title }}{% endblock %}
{% block description %}{{ article.summary }}{% endblock %}
{% block main %}
<!-- awk:article.html v0 -->
<article>
  <h1>{{ article.title }}</h1>{{ draft_badge(article) }}
  <p>{{ section_label(article) }} {{ byline(article.authors) }}, {{ time_tag(article.date) }}</p>
  {% if article.image %}{{ picture(article.image, "100vw") }}{% endif %}
  {% for update in article.updates %}
  <p>{{ update.kind }} {{ time_tag(update.date) }}: {{ update.note }}</p>
  {% endfor %}
  <ul>{% for point in article.key_points %}<li>{{ point }}</li>{% endfor %}</ul>
  {{ article.body_html|safe }}
  {% for t in article.tags %}
  <a href="{{ url(t.url) }}">{{ t.name }}</a> ({{ site.tags_by_slug[t.slug].articles|length }})
  {% endfor %}
</article>
<section class="awk-latest">
{% for a in site.articles[:3] %}
  <p><a href="{{ url(a.url) }}">{{ a.title }}</a>: {{ a.summary }}</p>
{% endfor %}
</section>
<p>{{ neighbours.older.title if neighbours.older else "" }} / {{ neighbours.newer.title if neighbours.newer else "" }}</p>
{% for r in related %}
<p>{{ r.title }}: {{ r.summary }}</p>
{% endfor %}
{% include "_box.html" %}
{% endblock %}
""",
    "templates/404.html": """\
{% extends "base.html" %}
{% block title %}Not found – {{ config.title }}{% endblock %}
{% block main %}
<!-- awk:404.html v0 -->
<h1>Not found</h1>
{% for a in site.articles[:3] %}
<p>{{ a.title }}: {{ a.summary }}</p>
{% endfor %}
{% include "_box.html" %}
{% endblock %}
""",
}


# Running and comparing.

def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _differences(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """The files that differ, and a short unified diff of the first: "" when the trees are equal."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    different = sorted(name for name in expected.keys() & actual.keys() if expected[name] != actual[name])
    if not (missing or extra or different):
        return ""
    lines = [f"  missing: {missing}" if missing else "", f"  not in a clean build: {extra}" if extra else "",
             f"  different: {different}" if different else ""]
    if different:
        first = different[0]
        try:
            old, new = expected[first].decode().splitlines(), actual[first].decode().splitlines()
        except UnicodeDecodeError:
            lines.append(f"  {first}: binary, {len(expected[first])} bytes in a clean build, {len(actual[first])} here")
        else:
            diff = list(difflib.unified_diff(old, new, f"clean/{first}", f"incremental/{first}", n=1, lineterm=""))
            lines += [f"    {line[:200]}" for line in diff[:40]] + (["    ..."] if len(diff) > 40 else [])
    return "\n".join(line for line in lines if line)


@dataclass
class Run:
    """One seed's sequence: the site, its two incremental outputs, and the log for failure messages."""

    theme: str
    seed: int
    site: Path
    tmp: Path
    log: list[str]

    def context(self, step: int) -> str:
        return (f"theme {self.theme}, seed {self.seed} (rerun: SITEGEN_FUZZ_SEED={self.seed}), step {step}; "
                "edits so far:\n" + "\n".join(f"  {line}" for line in self.log))

    def build(self, what: str, builder: Builder, step: int, changed: ChangeSet | None = None) -> None:
        try:
            builder.build(NOW, changed=changed)
        except SiteError as error:
            pytest.fail(f"{what} failed: {error.problems}\n{self.context(step)}")

    def check(self, step: int, serve: Builder) -> None:
        """Build from scratch into a fresh folder and compare both incremental outputs with it."""
        clean = self.tmp / f"clean_{step}"
        self.build("clean build", Builder(BuildOptions(self.site, clean)), step)
        expected = _tree(clean)
        shutil.rmtree(clean)
        found = [f"{way} output differs from a clean build:\n{diff}"
                 for way, folder in (("serve (changed=)", serve.options.resolved_output),
                                     ("cached build", self.tmp / "cached"))
                 if (diff := _differences(expected, _tree(folder)))]
        if found:
            pytest.fail("\n".join(found) + "\n" + self.context(step), pytrace=False)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Seeds: SITEGEN_FUZZ_SEED alone if set, else the fixed CI seeds (or the soak seeds with --soak)."""
    if "seed" in metafunc.fixturenames:
        soak = metafunc.config.getoption("--soak")
        chosen = os.environ.get("SITEGEN_FUZZ_SEED")
        seeds = (int(chosen),) if chosen else SOAK_SEEDS if soak else CI_SEEDS
        metafunc.parametrize("seed", seeds, ids=lambda seed: f"seed{seed}")


@pytest.mark.parametrize("theme", THEMES)
def test_incremental_builds_equal_clean_builds_after_random_edits(theme: str, seed: int, tmp_path: Path,
                                                                   request: pytest.FixtureRequest) -> None:
    """Serve's quick rebuilds and fresh cached builds, after each of a seeded sequence of edits, equal
    a clean build. It stops at the first difference: later steps would only repeat it."""
    rng = random.Random(seed)
    run = Run(theme, seed, make_site(tmp_path / "site", rng, theme), tmp_path, [])
    serve = Builder(BuildOptions(run.site, tmp_path / "serve"))
    run.build("serve's first build", serve, 0)
    run.build("cached build", Builder(BuildOptions(run.site, tmp_path / "cached", cache=True)), 0)
    run.check(0, serve)
    edits = vocabulary(theme)
    for step in range(1, (SOAK_STEPS if request.config.getoption("--soak") else CI_STEPS) + 1):
        change = None
        while change is None:
            edit = rng.choice(edits)
            change = edit(run.site, rng)
        run.log.append(f"{step}. {edit.__name__}: {change.detail}")
        run.build("serve rebuild", serve, step, ChangeSet.of(change.paths, run.site.resolve()))
        run.build("cached build", Builder(BuildOptions(run.site, tmp_path / "cached", cache=True)), step)
        run.check(step, serve)
