"""Reading a source site's files: front matter in YAML, TOML or JSON, dates as peers write them.

Problems with the source itself (a file that is not UTF-8, front matter that does not parse, a
date that is no date) are Problems naming the file and line, collected for the whole source:
the import then writes nothing and says everything at once, like a build does.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, tzinfo
from html import unescape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from generator.content.frontmatter import FrontMatterError, split_document
from generator.errors import Problem
from generator.importers.model import Note

_MOMENT = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?"
                     r"\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?")
_UTC_NAMES = ("Z", "UTC", "GMT")
_TAG = re.compile(r"<[^>]+>")


@dataclass(slots=True)
class FrontMatter:
    """A source file's front matter and body; LINES gives the file line of each top-level key."""

    meta: dict[str, Any]
    body: str
    body_line: int
    lines: dict[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def read_text(path: Path, shown: str, errors: list[Problem]) -> str | None:
    """PATH's text, or None with a problem naming SHOWN (not UTF-8, unreadable)."""
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        errors.append(Problem(shown, "is not UTF-8 text; save it as UTF-8 and import again"))
    except OSError as error:
        errors.append(Problem(shown, f"cannot be read: {error.strerror}"))
    return None


def has_front_matter(text: str) -> bool:
    """Whether TEXT starts with front matter: what makes a file a page or post for Jekyll and Hugo."""
    return text.startswith(("---\n", "---\r\n", "+++\n", "+++\r\n")) or text.lstrip().startswith("{")


def split_front_matter(text: str, shown: str, errors: list[Problem]) -> FrontMatter | None:
    """TEXT's front matter (YAML between ---, TOML between +++, or a JSON object) and body."""
    if text.startswith("+++"):
        return _toml(text, shown, errors)
    if text.lstrip().startswith("{"):
        return _json(text, shown, errors)
    try:
        doc = split_document(text)
    except FrontMatterError as error:
        errors.append(Problem(shown, error.message, error.line))
        return None
    lines = {key: line for key in doc.meta if (line := doc.key_line(key))}
    return FrontMatter(doc.meta, doc.body, doc.body_line, lines)


def _toml(text: str, shown: str, errors: list[Problem]) -> FrontMatter | None:
    first_end = text.find("\n") + 1
    end = text.find("\n+++", first_end - 1)
    if end < 0:
        errors.append(Problem(shown, "front matter is not closed: add a line '+++' after the TOML", 1))
        return None
    front = text[first_end:end + 1]
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        errors.append(Problem(shown, f"front matter is not valid TOML: {error}", int(found[1]) + 1 if found else 1))
        return None
    body_start = text.find("\n", end + 1)
    body = text[body_start + 1:] if body_start >= 0 else ""
    return FrontMatter(meta, body, text.count("\n", 0, len(text) - len(body)) + 1, _key_lines(front, r"\s*=", 2))


def _json(text: str, shown: str, errors: list[Problem]) -> FrontMatter | None:
    start = len(text) - len(text.lstrip())
    try:
        meta, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as error:
        errors.append(Problem(shown, f"front matter is not valid JSON: {error.msg}", error.lineno))
        return None
    if not isinstance(meta, dict):
        errors.append(Problem(shown, "front matter must be a JSON object", 1))
        return None
    body = text[end:].lstrip("\r\n")
    return FrontMatter(meta, body, text.count("\n", 0, len(text) - len(body)) + 1,
                       _key_lines(text[:end], r'"\s*:', 1, quote='"'))


def _key_lines(front: str, after: str, first_line: int, quote: str = "") -> dict[str, int]:
    lines: dict[str, int] = {}
    for number, line in enumerate(front.splitlines(), first_line):
        if found := re.match(rf"\s*{quote}([\w-]+){after}", line):
            lines.setdefault(found[1], number)
    return lines


def load_settings(path: Path, shown: str, errors: list[Problem]) -> dict[str, Any]:
    """A site config file (YAML, TOML or JSON, by its suffix) as a dict; {} with a problem if broken."""
    text = read_text(path, shown, errors)
    if text is None:
        return {}
    try:
        if path.suffix == ".toml":
            value = tomllib.loads(text)
        elif path.suffix == ".json":
            value = json.loads(text)
        else:
            value = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        errors.append(Problem(shown, f"is not valid YAML: {error.problem or error}", mark.line + 1 if mark else None))
        return {}
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError, ValueError) as error:
        found = re.search(r"line (\d+)", str(error))
        errors.append(Problem(shown, f"cannot be read: {error}", int(found[1]) if found else None))
        return {}
    if value is None:
        return {}
    if not isinstance(value, dict):
        errors.append(Problem(shown, "must hold 'key: value' settings"))
        return {}
    return value


def zone_named(name: object, default: tzinfo) -> tzinfo:
    """The IANA zone NAME (a source's `timezone:` setting), else DEFAULT."""
    try:
        return ZoneInfo(str(name)) if isinstance(name, str) and name else default
    except (ZoneInfoNotFoundError, ValueError):
        return default


def to_moment(value: Any, zone: tzinfo) -> datetime | None:
    """VALUE as peers write dates ("2016-01-28 17:21:50 -0800", ISO 8601, a YAML or TOML date),
    timezone-aware; a moment without an offset is in ZONE. None when it is no date."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), zone)
    if not isinstance(value, str):
        return None
    found = _MOMENT.fullmatch(value.strip())
    if not found:
        return None
    day, clock, offset = found.groups()
    if clock and clock[1] == ":":
        clock = "0" + clock  # "9:30": ISO 8601 wants two digits
    if offset in _UTC_NAMES:
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    try:
        moment = datetime.fromisoformat(f"{day}T{clock or '00:00'}{offset or ''}")
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def words(value: Any) -> list[str]:
    """A list of names from a list, or from Jekyll's space-separated string ("release ruby")."""
    if isinstance(value, str):
        return value.split()
    if isinstance(value, list):
        return [str(item).strip() for item in value if item is not None and str(item).strip()]
    return []


def names(value: Any) -> list[str]:
    """A list of names from a list or a single name ("Jane Doe" stays one name)."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    return words(value)


def text_of(value: Any) -> str:
    """A front-matter value as one line of plain text (a summary, a title): tags and breaks gone."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    return " ".join(unescape(_TAG.sub(" ", str(value))).split())


def walk(root: Path, skip: Callable[[str], bool]) -> Iterator[tuple[str, Path]]:
    """Every file under ROOT as (posix path relative to ROOT, path), sorted; hidden files and the
    folders SKIP refuses (given their relative path) left out. Links are not followed: a source
    folder's link to elsewhere on the disk must not be copied into the site."""
    for folder, subfolders, files in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        prefix = "" if relative == "." else relative + "/"
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and not skip(prefix + d))
        for name in sorted(files):
            path = Path(folder) / name
            if not name.startswith(".") and not path.is_symlink():
                yield prefix + name, path


class Unmapped:
    """Front-matter keys sitegen has no field for, counted over the whole source: one note per
    key (with its first file), not one per file, says what was not carried over."""

    def __init__(self, known: frozenset[str]) -> None:
        self.known = known
        self.first: dict[str, tuple[str, int | None]] = {}
        self.count: dict[str, int] = {}

    def add(self, front: FrontMatter, origin: str) -> None:
        for key in front.meta:
            if key.lower() not in self.known:
                self.first.setdefault(key, (origin, front.line(key)))
                self.count[key] = self.count.get(key, 0) + 1

    def notes(self) -> list[Note]:
        return [Note(origin, line, f"front-matter key '{key}' has no sitegen field: not carried over"
                     + (f" (nor from {self.count[key] - 1:,} more files)" if self.count[key] > 1 else ""))
                for key, (origin, line) in self.first.items()]
