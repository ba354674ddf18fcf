"""Live coverage: the timestamped entries of a `type: live` story, found in its Markdown.

The convention is one rule. In a live story, a level-2 heading that starts with a date and a
time begins an entry; the rest of the heading is the entry's headline, and the text below it,
up to the next entry, is the entry:

    ## 2026-11-24T18:12 The first laptop is on stage

The time is ISO 8601 (`YYYY-MM-DDTHH:MM`, optional `:SS`, optional offset `+01:00` or `Z`);
without an offset it is in the site's time zone, like dates in the front matter. The date is
always written, so coverage past midnight is never ambiguous. Text before the first entry is
the story's introduction. Entries may be written in any order: the page shows them newest
first, each in an <article> with an id to link to and its time in <time datetime>.

A level-2 heading that starts like a time (`## 18:12 ...`, `## 2026-11-24 ...`) but is not a
whole date and time is an error at its line, not a heading that silently stays one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html import escape
from typing import NamedTuple

from markdown_it.token import Token

from generator.text import MOMENT_FORMAT

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})?")
_LOOKS_LIKE_A_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}")
_EXAMPLE = "## 2026-11-24T18:12 Headline"


@dataclass(frozen=True)
class LiveEntry:
    """One entry of a live story: when, its headline, the id it has on the page, its file line."""

    date: datetime
    headline: str
    anchor: str
    line: int


class LiveEntries(NamedTuple):
    entries: tuple[LiveEntry, ...]  # newest first, as shown
    problems: tuple[tuple[int, str], ...]  # (file line, message)


def mark_entries(tokens: list[Token], zone: tzinfo, first_line: int) -> LiveEntries:
    """Find the entry headings in TOKENS (a body starting at file line FIRST_LINE) and make them
    plain headings of their headline: the time leaves the heading's text, and its id becomes the
    entry's anchor, so the headings a body lists are what the page shows. render_entries() then
    arranges what was marked."""
    entries: list[LiveEntry] = []
    problems: list[tuple[int, str]] = []
    anchors: set[str] = set()
    for index, token in enumerate(tokens[:-1]):
        inline = tokens[index + 1]
        if token.type != "heading_open" or token.tag != "h2" or token.level != 0 or inline.type != "inline":
            continue
        stamp, _, rest = inline.content.strip().partition(" ")
        if not _LOOKS_LIKE_A_STAMP.match(stamp):
            continue
        line = first_line + (token.map[0] if token.map else 0)
        moment = _moment(stamp, zone)
        if moment is None:
            problems.append((line, f"'{stamp}' is not a date and time: a live entry starts with both, "
                                   f"e.g. {_EXAMPLE} (ISO 8601, in the site's time zone unless it gives an offset)"))
            continue
        first = (inline.children or [None])[0]
        if not rest.strip() or first is None or first.type != "text" or not first.content.startswith(stamp):
            problems.append((line, f"the entry at {stamp} has no headline; write it after the time: {_EXAMPLE}"))
            continue
        first.content = first.content[len(stamp):].lstrip()
        inline.content = rest.strip()
        anchor = _unique(f"live-{moment.astimezone(zone):%Y%m%d-%H%M%S}".removesuffix("00"), anchors)
        token.attrSet("id", anchor)
        headline = "".join(c.content if c.type in ("text", "code_inline") else " " if "break" in c.type else ""
                           for c in inline.children or ()).strip()
        entry = LiveEntry(moment, headline, anchor, line)
        token.meta["live_entry"] = entry
        entries.append(entry)
    newest_first = sorted(reversed(entries), key=lambda entry: entry.date, reverse=True)
    return LiveEntries(tuple(newest_first), tuple(problems))


def render_entries(tokens: list[Token], render: Callable[[list[Token]], str], zone: tzinfo) -> str:
    """The HTML of a live body whose entries mark_entries() marked: the introduction, then each
    entry newest first in an <article> carrying its anchor and time, then the footnotes."""
    end = next((i for i, token in enumerate(tokens) if token.type == "footnote_block_open"), len(tokens))
    starts = [i for i in range(end) if "live_entry" in tokens[i].meta]
    if not starts:
        return render(tokens)
    entries = []
    for start, stop in zip(starts, [*starts[1:], end], strict=True):
        entry: LiveEntry = tokens[start].meta["live_entry"]
        tokens[start].attrs.pop("id", None)  # the <article> around it carries the anchor
        local = entry.date.astimezone(zone)
        entries.append((entry.date, (
            f'<article class="live-entry" id="{entry.anchor}">\n'
            f'<p class="live-entry-time"><a href="#{entry.anchor}"><time datetime="'
            f'{local.isoformat(timespec="seconds")}">{escape(local.strftime(MOMENT_FORMAT))}</time></a></p>\n'
            f"{render(tokens[start:stop])}</article>\n")))
    newest_first = [html for _, html in sorted(reversed(entries), key=lambda pair: pair[0], reverse=True)]
    return "".join([render(tokens[:starts[0]]), '<div class="live-entries">\n', *newest_first, "</div>\n",
                    render(tokens[end:])])


def _moment(stamp: str, zone: tzinfo) -> datetime | None:
    if not _STAMP.fullmatch(stamp):
        return None
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:  # 2026-02-30, 24:00
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _unique(anchor: str, taken: set[str]) -> str:
    """ANCHOR, or ANCHOR-2, -3... when two entries share a minute: ids on a page are unique."""
    found, number = anchor, 1
    while found in taken:
        number += 1
        found = f"{anchor}-{number}"
    taken.add(found)
    return found
