"""One pass over a story's body: the source's own syntax (Liquid, Hugo shortcodes) and every link.

A single left-to-right scan with one pattern, so that every note can name the line of the
source file it comes from, however much the text before it grew or shrank; so that a link
written with Liquid in it (`]({{ site.baseurl }}/img/a.png)`) is first expanded, then pointed
at the new site; and so that links inside code are left as they are while the source's syntax
in code is still converted, as Jekyll and Hugo convert it there too.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from generator.importers.links import Resolver
from generator.importers.model import Note, Story

# Liquid or a shortcode inside a URL is part of it, spaces and all. Each piece of a URL can be
# matched one way only, so a link that never closes fails at once instead of backtracking.
_TEMPLATED = r"\{\{(?:[^}\n]|\}(?!\}))*\}\}|\{%(?:[^%\n]|%(?!\}))*%\}|\{(?![{%])"
_SHARED = (
    r"(?P<fence>^[ \t]{0,3}(?:`{3,}|~{3,})[^\n]*$)"
    r"|(?P<code>``?[^`\n]+``?)"
    rf"|(?P<mdlink>\]\(\s*(?P<lurl><[^<>\n]*>|(?:{_TEMPLATED}|[^\s(){{]|\([^\s()]*\))+)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\))"
    rf"|(?P<refdef>^[ ]{{0,3}}\[[^\]\n]+\]:[ \t]*(?P<rurl><[^<>\n]*>|(?:{_TEMPLATED}|[^\s{{])+))"
    r"|(?P<attr>\b(?:src|href|poster)\s*=\s*(?:\"(?P<aurl>[^\"\n]*)\"|'(?P<aurl2>[^'\n]*)'))"
)
_URL_GROUP = {"mdlink": "lurl", "refdef": "rurl", "attr": "aurl"}


class Syntax(Protocol):
    """A source's own markup: BLOCKS are tried before code and links (they hold code), INLINE after."""

    blocks: str
    inline: str

    def markup(self, match: re.Match[str], base: int, body: BodyPass) -> str:
        """The Markdown or HTML for MATCH, one of this syntax's groups, in a text found at BASE in
        the body (for the lines of notes); notes what it cannot convert."""
        ...


class NoSyntax:
    """HTML converted before the pass (WordPress): only its links are left to do."""

    blocks = inline = ""

    def markup(self, match: re.Match[str], base: int, body: BodyPass) -> str:
        return match.group(0)


@lru_cache(maxsize=8)
def _pattern(blocks: str, inline: str) -> re.Pattern[str]:
    parts = [part for part in (blocks, _SHARED, inline) if part]
    return re.compile("|".join(parts), re.DOTALL | re.MULTILINE)


class BodyPass:
    """Converts one story's body: call run(); NOTES gets what could not be converted."""

    def __init__(self, story: Story, resolver: Resolver, syntax: Syntax, notes: list[Note],
                 locate: Callable[[int, str], int | None] | None = None) -> None:
        self.story, self.resolver, self.syntax, self.notes = story, resolver, syntax, notes
        self.source = story.body
        self._locate = locate
        self._newlines: list[int] | None = None
        self._pattern = _pattern(syntax.blocks, syntax.inline)
        self._in_code = False

    def run(self, text: str | None = None, base: int = 0, links: bool = True) -> str:
        """TEXT (by default the whole body), found at BASE in the body, converted; LINKS False
        leaves links as they are (code, a URL being expanded) and converts the syntax only."""
        text = self.source if text is None else text
        out: list[str] = []
        last = 0
        for match in self._pattern.finditer(text):
            out.append(text[last:match.start()])
            last = match.end()
            kind = match.lastgroup or ""
            at = base + match.start()
            if kind == "fence":
                self._in_code = not self._in_code if links else self._in_code
                out.append(match.group(0))
            elif kind == "code":
                code = match.group(0)
                opening, closing = len(code) - len(code.lstrip("`")), len(code) - len(code.rstrip("`"))
                inner = self.run(code[opening:len(code) - closing], at + opening, links=False)
                out.append(code[:opening] + inner + code[len(code) - closing:])
            elif kind in _URL_GROUP:
                out.append(self._link(match, kind, at, links and not self._in_code))
            else:
                out.append(self.syntax.markup(match, base, self))
        out.append(text[last:])
        return "".join(out)

    def _link(self, match: re.Match[str], kind: str, at: int, rewrite: bool) -> str:
        group = _URL_GROUP[kind]
        if match.group(group) is None:
            group = "aurl2"
        raw = match.group(group)
        start, end = match.start(group) - match.start(), match.end(group) - match.start()
        bracketed = raw.startswith("<") and raw.endswith(">") and kind != "attr"
        inner = raw[1:-1] if bracketed else raw
        url = self.url(inner, at + start + bracketed, rewrite)
        whole = match.group(0)
        return whole[:start] + (f"<{url}>" if bracketed else url) + whole[end:]

    def url(self, raw: str, at: int, rewrite: bool = True) -> str:
        """A URL of the body, its syntax expanded and, where REWRITE, pointed at the new site."""
        expanded = self.run(raw, at, links=False) if "{" in raw else raw
        if not rewrite or "{{" in expanded or "{%" in expanded:
            return expanded
        return self.resolver.rewrite(expanded, self.story, lambda message: self.note(at, message, raw))

    def line(self, at: int, needle: str = "") -> int | None:
        """The source file's line of position AT of the body (or, for a body converted before the
        pass, of NEEDLE in what the source had)."""
        if self._locate is not None:
            return self._locate(at, needle)
        if self._newlines is None:
            self._newlines = [index for index, char in enumerate(self.source) if char == "\n"]
        return self.story.body_line + bisect.bisect_left(self._newlines, at)

    def note(self, at: int, message: str, needle: str = "") -> None:
        self.notes.append(Note(self.story.origin, self.line(at, needle), message))


def fence_for(code: str) -> str:
    """A code fence longer than any run of backticks in CODE, so the code cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)
