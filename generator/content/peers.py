"""Front matter as other generators write it, understood so that files copied in build as they are.

A desk moving from Jekyll or Hugo brings files whose front matter uses their conventions: a
date in the file name (`2013-09-14-release.md`) instead of `date:`, `categories` /
`category`, `layout` and `permalink`. Each is read here into what sitegen means by it, and
what cannot mean anything here is warned about once per key per build (fold_peer_warnings),
not once per file: an archive of 100 posts would otherwise bury every other warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from generator.content.fields import FrontMatterFields
from generator.errors import Problem, warning
from generator.text import slugify
from generator.urls import old_site_path

PEER_KEYS = frozenset({"categories", "category", "layout", "permalink"})
DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")

LAYOUT_IGNORED = ("layout: another generator's choice of template; sitegen uses the theme's templates (template: "
                  "names another one), so this key is ignored")
PERMALINK_AS_ALIAS = ("permalink: sitegen's URLs follow the permalink pattern of sitegen.toml; the story's old "
                      "URL given here now redirects to its new one, as a URL of aliases: would")
PERMALINK_PATTERN = ("permalink: a pattern (':title', '{slug}') or not a path of the site, so not an old URL "
                     "sitegen can keep; ignored (list the story's old URLs under aliases:)")
_FOLDED = frozenset({LAYOUT_IGNORED, PERMALINK_AS_ALIAS, PERMALINK_PATTERN})


@dataclass(frozen=True, slots=True)
class NamedDate:
    """The date a `YYYY-MM-DD-slug.md` name gives (None: no day of the calendar, an error told
    already), and the slug the rest of the name gives."""

    moment: datetime | None
    slug: str


def named_date(stem: str, fields: FrontMatterFields) -> NamedDate | None:
    """The date of a file named STEM (without its suffix) when its front matter has no date: and
    the site takes dates from names (sitegen.toml date_from_filename); else None. A name that
    looks dated but names no day of the calendar (2023-02-30-x) is an error at date:, told here."""
    if not fields.config.date_from_filename or fields.doc.meta.get("date") not in (None, ""):
        return None
    match = DATED_NAME.fullmatch(stem)
    if not match:
        return None
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        fields.error("date", f"is required: the file name's date '{stem[:10]}' is no day of the calendar, so add "
                     "a line 'date: 2024-05-01T09:30' to the front matter")
        return NamedDate(None, match[4])
    return NamedDate(datetime.combine(day, time(), fields.config.timezone), match[4])


def categories(fields: FrontMatterFields) -> tuple[str, ...]:
    """`categories` (a list, or Jekyll's space-separated words) and `category` (one name)."""
    found: list[str] = []
    for key in ("categories", "category"):
        value = fields.doc.meta.get(key)
        if isinstance(value, str):
            found += value.split() if key == "categories" else [value.strip()]
        elif value is not None:
            found += fields.text_list(key)
    return tuple(dict.fromkeys(name for name in found if name))


def section_and_tags(fields: FrontMatterFields, folder: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The section (written `section:`, else the first category, else the FOLDER) and the tags
    (`tags:` and every category that is not the section), as Jekyll and Hugo sites use them."""
    given, names = fields.text("section"), categories(fields)
    from_categories = "" if given else next((name for name in names if slugify(name)), "")
    tags = (*fields.text_list("tags"), *(name for name in names if name != from_categories))
    return given or from_categories or folder, tags


def peer_aliases(fields: FrontMatterFields, own_url: str) -> tuple[str, ...]:
    """`permalink:` as an old URL to redirect to OWN_URL; a warning for `layout:`, which means
    nothing here. Both warnings are folded into one per build (fold_peer_warnings)."""
    if "layout" in fields.doc.meta:
        fields.problems.append(warning(fields.path, LAYOUT_IGNORED, fields.doc.key_line("layout")))
    value = fields.text("permalink")
    if not value:
        return ()
    path, complaint = old_site_path(value)
    line = fields.doc.key_line("permalink")
    if complaint or ":" in path or "{" in path:
        fields.problems.append(warning(fields.path, PERMALINK_PATTERN, line))
        return ()
    fields.problems.append(warning(fields.path, PERMALINK_AS_ALIAS, line))
    return () if path == own_url else (path,)


def fold_peer_warnings(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    """PROBLEMS with each peer-key warning once, at its first file, saying how many more files have it."""
    kept: list[Problem] = []
    counts: Counter[tuple[str, bool]] = Counter()
    first: dict[tuple[str, bool], int] = {}
    for problem in problems:
        if problem.message in _FOLDED:
            key = (problem.message, problem.is_error)
            counts[key] += 1
            if key in first:
                continue
            first[key] = len(kept)
        kept.append(problem)
    for key, index in first.items():
        if (others := counts[key] - 1) > 0:
            kept[index] = replace(kept[index], message=f"{key[0]} (and in {others:,} more "
                                  f"file{'s' if others > 1 else ''})")
    return tuple(kept)
