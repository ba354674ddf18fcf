"""Typed reads of front-matter values, for content/parse.py: bad values become Problems, not exceptions.

Each reader names the key and its line in the file, and says what a good value looks like,
so an editor can fix a typo from the message alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from generator.config import SiteConfig
from generator.content.frontmatter import SplitDocument
from generator.content.markdown import typographic
from generator.errors import Problem, warning
from generator.text import CONTROL_CHARACTER, control_character_name
from generator.urls import old_site_path

UPDATE_KINDS = ("update", "correction")


@dataclass(frozen=True)
class Update:
    """A dated note on a published article: a correction of fact, or an update to the story.

    Newsrooms keep these visible for good: each one is shown on the article, and the latest
    is the article's modification date in feeds, the sitemap and its structured data.
    """

    date: datetime
    note: str
    kind: str = "update"  # one of UPDATE_KINDS



class FrontMatterFields:
    """Typed reads of front-matter values that turn bad ones into Problems, not exceptions."""

    def __init__(self, doc: SplitDocument, path: str, config: SiteConfig) -> None:
        self.doc, self.path, self.config = doc, path, config
        self.problems: list[Problem] = []

    def error(self, key: str, message: str, line_key: str | None = None, *, line: int | None = None) -> None:
        """A problem with KEY's value, at LINE, else the line of LINE_KEY (default KEY) in the front matter."""
        self.problems.append(Problem(self.path, f"{key}: {message}", line or self.doc.key_line(line_key or key) or 1))

    def block_line(self, key: str, inner: str) -> int | None:
        """The file line of INNER in the block under top-level KEY (`verdict:` then `  score: 8`),
        to point at the very value that is wrong; KEY's own line when INNER has no line of its
        own (a flow mapping `{score: 8}`, or a missing key)."""
        start = self.doc.key_line(key)
        if start is None:
            return None
        lines = self.doc.front_matter_text.splitlines()
        for number in range(start, len(lines)):  # file line `number + 1`, the lines below KEY
            line = lines[number]
            if line.strip() and not line[0].isspace() and not line.startswith("#"):
                break  # the next top-level key: the block has ended
            if line.strip().startswith(f"{inner}:"):
                return number + 1
        return start

    def prose(self, text: str) -> str:
        """TEXT as readers see it: with the site language's quotation marks and apostrophes,
        as in the bodies (titles, summaries, key points, credits, notes)."""
        return typographic(text, self.config.language)

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        return self.text_of(key, self.doc.meta.get(key), self.doc.typed.get(key), required=required, default=default)

    def text_of(self, key: str, value: Any, typed: Any = None, *, required: bool = False, default: str = "",
                line: int | None = None) -> str:
        """VALUE (read at KEY, on LINE if not a top-level key) as text; TYPED is what YAML read as a number."""
        if value is None or value == "":
            if required:
                block, _, inner = key.rpartition(".")
                where = f"under '{block}:'" if block else "to the front matter"
                self.error(key, f"is required; add a line '{inner}: ...' {where}", line=line)
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            # what the editor typed: "12:30", not 750
            return typed if isinstance(typed, str) else str(value)
        if not isinstance(value, str):
            self.error(key, "must be text; put it in quotes", line=line)
            return default
        if required and not value.strip():
            self.error(key, "must not be empty", line=line)
        if bad := CONTROL_CHARACTER.search(value):
            # XML (feeds, sitemaps) cannot carry these at all: say so here, not as a crash there.
            self.error(key, f"contains {control_character_name(bad.group())}; delete it", line=line)
            return default
        return value.strip()

    def text_list(self, key: str) -> tuple[str, ...]:
        return self.text_list_of(key, self.doc.meta.get(key), self.doc.typed.get(key))

    def text_list_of(self, key: str, value: Any, typed: Any = None, *, line: int | None = None) -> tuple[str, ...]:
        """VALUE (read at KEY, on LINE if not a top-level key) as a list of texts."""
        if value is None:
            return ()
        if not isinstance(value, list):
            self.error(key, f"must be a list, e.g. {key.rpartition('.')[2]}: [first, second]", line=line)
            return ()
        items = []
        for number, value_read in enumerate(value):
            item = value_read
            if isinstance(item, (int, float)) and not isinstance(item, bool) and isinstance(typed, list):
                item = typed[number] or str(item)  # what the editor typed: "3.10", not 3.1
            if isinstance(item, (str, int, float)) and not isinstance(item, bool) and str(item).strip():
                if bad := CONTROL_CHARACTER.search(str(item)):
                    self.error(key, f"item {number + 1} contains {control_character_name(bad.group())}; delete it",
                               line=line)
                    continue
                items.append(str(item).strip())
            else:
                self.error(key, f"every item must be non-empty text, not {item!r}", line=line)
        return tuple(items)

    def choice(self, key: str, choices: Iterable[str], default: str) -> str:
        """One of CHOICES (as typed, any case); DEFAULT when the key is absent."""
        value = self.text(key, default=default).casefold()
        allowed = tuple(choices)
        if value not in allowed:
            self.error(key, f"'{value}' is not one of {', '.join(allowed)}")
            return default
        return value

    def flag(self, key: str) -> bool:
        value = self.doc.meta.get(key, False)
        if not isinstance(value, bool):
            self.error(key, "must be true or false")
            return False
        return value

    def moment(self, key: str, *, required: bool = False) -> datetime | None:
        """A timezone-aware datetime; a date or time without offset is in the site's zone."""
        value = self.doc.meta.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"is required, e.g. {key}: 2024-05-01T09:30:00+02:00")
            return None
        return self.to_moment(key, value)

    def to_moment(self, key: str, value: Any, line_key: str | None = None) -> datetime | None:
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime.combine(value, time())
        elif isinstance(value, str):
            try:
                moment = datetime.fromisoformat(value.strip())
            except ValueError:
                self.error(key, f"cannot read '{value}' as a date; use ISO 8601, e.g. 2024-05-01T09:30", line_key)
                return None
        else:
            self.error(key, f"cannot read {value!r} as a date; use ISO 8601, e.g. 2024-05-01T09:30", line_key)
            return None
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.config.timezone)
        return moment

    def updates(self, published: datetime | None) -> tuple[Update, ...]:
        """The `updates:` list: items with a date, a note and an optional type, oldest first."""
        value = self.doc.meta.get("updates")
        if value is None:
            return ()
        example = "- {date: 2024-05-02T10:00, note: What changed, type: correction}"
        if not isinstance(value, list):
            self.error("updates", f"must be a list of dated notes, e.g. {example}")
            return ()
        updates = []
        for number, item in enumerate(value, 1):
            where = f"updates (item {number})"
            if not isinstance(item, dict) or not isinstance(item.get("note"), str) or not item["note"].strip():
                self.error("updates", f"item {number} needs a date and a note, e.g. {example}")
                continue
            if unknown := sorted(set(item) - {"date", "note", "type"}, key=str):
                self.error("updates", f"item {number} has unknown key(s) {', '.join(map(str, unknown))}; "
                           "use date, note and type")
            kind = item.get("type", "update")
            if kind not in UPDATE_KINDS:
                self.error("updates", f"item {number}: type must be update or correction, not {kind!r}")
                continue
            moment = self.to_moment(where, item.get("date"), "updates") if item.get("date") else None
            if moment is None:
                if not item.get("date"):
                    self.error("updates", f"item {number} needs a date, e.g. {example}")
                continue
            if published and moment < published:
                self.error("updates", f"item {number} is dated {moment.isoformat()}, before the article's date")
                continue
            updates.append(Update(moment, self.prose(item["note"].strip()), kind))
        return tuple(sorted(updates, key=lambda update: update.date))

    def aliases(self, own_url: str) -> tuple[str, ...]:
        """The `aliases:` list: old site paths of the story, each to redirect to OWN_URL."""
        paths = []
        for number, value in enumerate(self.text_list("aliases"), 1):
            path, complaint = old_site_path(value)
            if complaint is None and path == own_url:
                complaint = f"'{path}' is the story's own URL; delete it"
            if complaint:
                self.error("aliases", f"item {number}: {complaint}")
            elif path not in paths:
                paths.append(path)
        return tuple(paths)

    def focus(self, key: str) -> tuple[float, float]:
        """A focal point "x, y": fractions of the width and height (0.3, 0.4) or percentages
        ("30%, 40%") from the top left; the centre when absent or wrong (with an error)."""
        value = self.doc.meta.get(key)
        parts = value if isinstance(value, list) else str(value).split(",")
        try:
            x, y = (float(str(p).strip().removesuffix("%")) / (100 if "%" in str(p) else 1) for p in parts)
        except ValueError:
            x = y = -1.0
        if not (0 <= x <= 1 and 0 <= y <= 1):
            self.error(key, f"'{value}' is not a point of the picture; give x, y from its top left as fractions "
                       "or percentages, e.g. image_focus: 30%, 40% (the middle is 50%, 50%)")
            return 0.5, 0.5
        return round(x, 2), round(y, 2)

    def ending(self, key: str, published: datetime | None) -> datetime | None:
        """A moment (KEY) at which something about a story ends: not before the story's date."""
        moment = self.moment(key)
        if moment and published and moment < published:
            self.error(key, f"{moment.isoformat()} is before the date {published.isoformat()}")
            return None
        return moment

    def breaking(self, published: datetime | None) -> tuple[str, str, datetime | None] | None:
        """The `breaking:` banner: (text, link, until); link "" means the story itself."""
        value = self.doc.meta.get("breaking")
        if value is None:
            return None
        example = "breaking: {text: Outage hits cloud regions, until: 2026-12-02T18:00}"
        if not isinstance(value, dict):
            self.error("breaking", f"must be a block with text and an optional link and until, e.g. {example}")
            return None
        if unknown := sorted(set(value) - {"text", "link", "until"}, key=str):
            self.error("breaking", f"has unknown key(s) {', '.join(map(str, unknown))}; use text, link and until")
        text = value.get("text")
        if not isinstance(text, str) or not text.strip() or CONTROL_CHARACTER.search(text):
            self.error("breaking", f"needs a text, one line of plain text, e.g. {example}")
            return None
        link = value.get("link", "")
        if not isinstance(link, str) or (link and not (link.startswith("/") or link.startswith(("https://", "http://")))):
            self.error("breaking", f"link: {link!r} must be a path of this site (/2026/12/story/) or an https:// URL")
            return None
        until = self.to_moment("breaking", value["until"]) if value.get("until") else None
        if until and published and until < published:
            self.error("breaking", f"until: {until.isoformat()} is before the date {published.isoformat()}")
            return None
        return self.prose(text.strip()), link.strip(), until

    def warn_unknown(self, known: frozenset[str]) -> dict[str, Any]:
        extra = {k: v for k, v in self.doc.meta.items() if k not in known}
        for key in extra:
            self.problems.append(warning(
                self.path, f"unknown front-matter key '{key}' (a typo?); templates can still read "
                f"it as extra.{key}", self.doc.key_line(key)))
        return extra
