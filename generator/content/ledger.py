"""The URL ledger: every URL the site has published, and what published it.

A published URL is a promise: links, search results and shares point at it for years. The
ledger (published-urls.txt, beside sitegen.toml) is a plain file the desk commits with the
content, so it survives a fresh clone and CI. Each line holds a URL and its owner: the file
that published it ("content/news/x.md"), a tag ("tag:C++"), or "gone" for a story taken down
on purpose. model/moves.py turns a URL no page has any more into a redirect or a gone page,
or into an error when nothing says where it went.

A plain build only reads the ledger: it never writes into the site's own files. `sitegen
build --record-urls` adds what is new (write_ledger).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SiteError
from generator.text import CONTROL_CHARACTER, control_character_name
from generator.urls import old_site_path

LEDGER_NAME = "published-urls.txt"
GONE = "gone"  # the owner of a URL taken down on purpose
TAG_OWNER = "tag:"  # the owner of a tag page: "tag:" and the tag's name
_HEADER = """\
# Every URL this site has published, and what published it. sitegen keeps each one working:
# a story that moves leaves a redirect behind, and a URL that would vanish stops the build.
# `sitegen build --record-urls` adds new URLs; commit this file with the content.
# To take a story down for good, write "gone" in place of its file name.
"""


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    url: str  # a site path, "/2026/03/story/"
    owner: str  # "content/news/story.md", "tag:C++" or GONE
    line: int


@dataclass(frozen=True, slots=True)
class Ledger:
    """The ledger as read; KEPT is False when the site has none (then no URL is checked)."""

    entries: tuple[LedgerEntry, ...] = ()
    kept: bool = False


def read_ledger(root: Path) -> Ledger:
    """ROOT's ledger; raises SiteError naming each bad line."""
    try:
        text = (root / LEDGER_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return Ledger()
    except UnicodeDecodeError as error:
        raise SiteError([Problem(LEDGER_NAME, f"is not UTF-8 text: {error}")]) from None
    entries: list[LedgerEntry] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if bad := CONTROL_CHARACTER.search(line.replace("\t", " ")):
            problems.append(Problem(LEDGER_NAME, f"the line holds {control_character_name(bad.group())}; delete it",
                                    number))
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            problems.append(Problem(LEDGER_NAME, f"'{parts[0]}' needs what published it after a space: a file "
                                    f"of content/, tag:NAME, or {GONE}", number))
            continue
        url, complaint = old_site_path(parts[0])
        if complaint:
            problems.append(Problem(LEDGER_NAME, complaint, number))
        elif url in seen:
            problems.append(Problem(LEDGER_NAME, f"{url} is listed twice (also on line {seen[url]}); keep one",
                                    number))
        else:
            seen[url] = number
            entries.append(LedgerEntry(url, parts[1].strip(), number))
    if problems:
        raise SiteError(problems)
    return Ledger(tuple(entries), kept=True)


def ledger_text(owners: Mapping[str, str]) -> str:
    """The ledger file holding OWNERS (URL → owner), sorted by URL under a header that explains it."""
    return _HEADER + "".join(f"{url} {owner}\n" for url, owner in sorted(owners.items()))


def write_ledger(root: Path, owners: Mapping[str, str]) -> None:
    """Write OWNERS (URL → owner) as ROOT's ledger; atomically, so a kill leaves the old file or
    the new one, never half of it."""
    path = root / LEDGER_NAME
    temporary = path.with_name(f".{LEDGER_NAME}.sitegen-tmp")
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(ledger_text(owners))
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)
