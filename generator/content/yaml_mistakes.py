"""Plain-language explanations of the YAML mistakes editors make most in front matter.

PyYAML says where its parser gave up, in the parser's terms ("while parsing a block mapping:
did not find expected key"), and often on another line than the mistake: a title whose quote
is never closed is only noticed at the next quote, lines further down. An editor needs the line
and what to type. Each explanation here is chosen by the kind of parser error *and* the text of
the line it blames, and only when both fit; where the parser's position does not name the line,
the fix is tried (the text parsed again with it) before it is suggested. Anything else keeps the
parser's words (frontmatter.py), which are at least accurate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_TRIES = 20  # fixes parsed again for one error: each parse reads the whole front matter
_TAB_HINT = "is indented with a tab; front matter is indented with spaces only: replace the tab with spaces"


@dataclass(frozen=True, slots=True)
class Explanation:
    line: int  # of the file
    message: str


@dataclass(frozen=True, slots=True)
class _Entry:
    """A `key: value` line or a `- value` list item, and where its value starts."""

    key: str | None
    subject: str  # "the title", "the list item": what the sentence is about
    value_at: int


_KEY_LINE = re.compile(r"\s*(?P<key>[^\s\"'#\[\]{},:-][^:#]*?):(?=\s|$)\s*")
_ITEM = re.compile(r"\s*-\s+")
_ITEM_END = re.compile(r"[,\]}]")
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")  # how sitegen's keys are written, unlike prose
_BARE_KEY = r"(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*)"
_NO_SPACE = re.compile(_BARE_KEY + r":(?P<value>[^\s:].*)")
_NO_COLON = re.compile(_BARE_KEY + r"(?:\s+(?P<value>(?:[^:]|:(?=\S))+))?\s*")  # a URL's ':' is not a key's


def _entry(line: str) -> _Entry | None:
    """What LINE sets, to name it in a sentence and to find where its value starts."""
    start = 0
    if item := _ITEM.match(line):
        start = item.end()
    if key := _KEY_LINE.match(line, start):
        name = key["key"].strip()
        return _Entry(name, f"the {name}", key.end())
    return _Entry(None, "the list item", start) if item else None


def _closing(text: str, start: int) -> int | None:
    """Where the quote at START of TEXT is closed on this line, or None."""
    quote, at = text[start], start + 1
    while at < len(text):
        char = text[at]
        if quote == '"' and char == "\\":
            at += 2
            continue
        if char == quote:
            if quote == "'" and text[at + 1:at + 2] == "'":  # '' is an apostrophe in single quotes
                at += 2
                continue
            return at
        at += 1
    return None


def _open_quote(line: str, start: int) -> int | None:
    """The column of a quote opened at START (or at an item of a [...] or {...} value that
    starts there) and not closed on LINE, else None."""
    flow = line[start:start + 1] in ("[", "{")
    item_start, at = True, start
    while at < len(line):
        char = line[at]
        if item_start and char in "\"'":
            end = _closing(line, at)
            if end is None:
                return at
            at, item_start = end + 1, False
            continue
        if not flow:
            return None
        if char in "[{,:":
            item_start = True
        elif not char.isspace():
            item_start = False
        at += 1
    return None


def _quoted(value: str) -> str:
    """VALUE as a YAML string that reads back as itself."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _parses_past(lines: list[str], index: int, fixed: str, past: int) -> bool:
    """Whether the text with line INDEX replaced by FIXED parses, or fails only after line PAST:
    the fix mended the mistake the parser stumbled on, whatever else is wrong."""
    try:
        yaml.compose("\n".join([*lines[:index], fixed, *lines[index + 1:]]), Loader=_COMPOSER)
    except yaml.MarkedYAMLError as error:
        return error.problem_mark is not None and error.problem_mark.line > past
    except (yaml.YAMLError, RecursionError):
        return False
    return True


class _Failure:
    """One parser error and the YAML text it is about (lines 0-based, as PyYAML counts them)."""

    def __init__(self, error: yaml.MarkedYAMLError, text: str, first_line: int) -> None:
        self.lines = text.splitlines()
        self.context = error.context or ""
        self.problem = error.problem or ""
        self.context_mark = error.context_mark
        self.problem_mark = error.problem_mark
        self.first_line = first_line  # the file line of the text's line 0

    def text(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def number(self, index: int) -> int:
        return index + self.first_line

    def said(self, index: int, message: str) -> Explanation:
        return Explanation(self.number(index), message)

    def unclosed(self, index: int, column: int) -> Explanation:
        line = self.text(index)
        quote, entry = line[column], _entry(line)
        if entry is not None and entry.value_at == column:
            return self.said(index, f"{entry.subject}'s quote is never closed; add a closing {quote} at the end "
                                    f"of line {self.number(index)}")
        where = entry.subject if entry is not None else f"line {self.number(index)}"
        return self.said(index, f"a {quote} in {where} is never closed; add the closing {quote} where the quoted "
                                f"text ends, on line {self.number(index)}")

    def bad_key(self, index: int, verify_past: int | None = None) -> Explanation | None:
        """Line INDEX as a `key: value` line that lacks the colon or the space after it; with
        VERIFY_PAST, only if adding them lets the text parse past that line."""
        found = _bad_key(self.text(index))
        if found is None:
            return None
        fixed, missing = found
        if verify_past is not None and not _parses_past(self.lines, index, fixed, verify_past):
            return None
        return self.said(index, f"line {self.number(index)} {missing}; write it as {fixed.strip()}")


def _bad_key(line: str) -> tuple[str, str] | None:
    """LINE mended into `key: value`, and what it lacked; None if it does not look like a key."""
    if found := _NO_SPACE.fullmatch(line):
        return f"{found['indent']}{found['key']}: {found['value'].strip()}", "needs a space after the ':'"
    if found := _NO_COLON.fullmatch(line):
        value = (found["value"] or "").strip()
        return f"{found['indent']}{found['key']}:{' ' if value else ''}{value}", f"has no ':' after '{found['key']}'"
    return None


def _tab(failure: _Failure) -> Explanation | None:
    for mark in (failure.problem_mark, failure.context_mark):
        line = failure.text(mark.line) if mark is not None else ""
        if mark is not None and "\t" in line[:len(line) - len(line.lstrip())]:
            return failure.said(mark.line, f"line {failure.number(mark.line)} {_TAB_HINT}")
    return None


def _quote_to_the_end(failure: _Failure) -> Explanation | None:
    """The parser read to the end of the text inside a quote: it names where the quote opened."""
    mark = failure.context_mark
    if mark is None or "quoted scalar" not in failure.context or "end of stream" not in failure.problem:
        return None
    return failure.unclosed(mark.line, mark.column)


def _bracket(failure: _Failure) -> Explanation | None:
    """A [ or { left open (the parser names where it opened), or a ] or } that closes nothing."""
    mark = failure.context_mark
    if mark is not None and failure.context.startswith("while parsing a flow"):
        line = failure.text(mark.line)
        opener = line[mark.column:mark.column + 1]
        closer = {"[": "]", "{": "}"}.get(opener)
        if closer and line.count(opener) > line.count(closer):
            entry, number = _entry(line), failure.number(mark.line)
            if opener == "[" and entry is not None and entry.key:
                return failure.said(mark.line, f"the {entry.key} list is missing its closing ']'; add it at the "
                                               f"end of line {number}")
            return failure.said(mark.line, f"the '{opener}' on line {number} is never closed; add a '{closer}' "
                                           "at the end of the line")
    mark = failure.problem_mark
    if mark is not None:
        line = failure.text(mark.line)
        stray = line[mark.column:mark.column + 1]
        if stray in ("]", "}") and line.count(stray) > line.count({"]": "[", "}": "{"}[stray]):
            return failure.said(mark.line, f"line {failure.number(mark.line)} has a '{stray}' that closes "
                                           "nothing; remove it")
    return None


def _simple_key(failure: _Failure) -> Explanation | None:
    """A line without `: ` where the parser expected a key (it names the line)."""
    mark = failure.context_mark
    if mark is None or "simple key" not in failure.context:
        return None
    return failure.bad_key(mark.line)


def _colon(failure: _Failure) -> Explanation | None:
    """": " read as a new key: inside a value (`title: Apple: the chip`), or at the start of
    a line after one that is not a key (`author Jane`, `title:Hello` on the first line)."""
    mark = failure.problem_mark
    if mark is None or "mapping values are not allowed" not in failure.problem:
        return None
    line = failure.text(mark.line)
    entry = _entry(line)
    if entry is not None and mark.column >= entry.value_at:
        item = _ITEM.match(line)
        if item and not _FIELD_NAME.fullmatch(entry.key or ""):  # `- Note: a: b` is prose, not a key
            entry = _Entry(None, "the list item", item.end())
        fixed = line[:entry.value_at].strip() + " " + _quoted(line[entry.value_at:].rstrip())
        return failure.said(mark.line, f"{entry.subject} contains ': ', which front matter reads as the start of "
                                       f"another key; put it in quotes: {fixed}")
    previous = next((i for i in range(mark.line - 1, -1, -1) if failure.text(i).strip()), None)
    return failure.bad_key(previous, verify_past=mark.line) if previous is not None else None


def _quote_left_open(failure: _Failure) -> Explanation | None:
    """A quote closed only by the next quote, lines further down: the parser fails there, so
    each earlier line with a quote left open is tried, closed, until one mends the text."""
    mark = failure.problem_mark
    if mark is None:
        return None
    tries = 0
    for index in range(min(mark.line, len(failure.lines) - 1) + 1):
        line = failure.text(index)
        entry = _entry(line)
        if entry is None or (column := _open_quote(line, entry.value_at)) is None:
            continue
        if (tries := tries + 1) > _MAX_TRIES:
            return None
        stop = _ITEM_END.search(line, column) if column > entry.value_at else None  # inside [...]
        cut = stop.start() if stop else len(line.rstrip())
        if _parses_past(failure.lines, index, line[:cut] + line[column] + line[cut:], mark.line):
            return failure.unclosed(index, column)
    return None


def _text_after_quote(failure: _Failure) -> Explanation | None:
    """`title: "Kestrel" review` or `summary: 'Apple's chip'`: the quote closes before the value ends."""
    mark = failure.problem_mark
    if mark is None or (entry := _entry(line := failure.text(mark.line))) is None:
        return None
    value = line[entry.value_at:].rstrip()
    end = _closing(value, 0) if value[:1] in ("'", '"') else None
    if end is None or end + 1 >= len(value) or end + 1 > mark.column - entry.value_at:
        return None
    apostrophe = value[0] == "'" and value.endswith("'")  # 'Apple's chip': it ends the quote early
    fixed = line[:entry.value_at].rstrip() + " " + _quoted(value[1:-1] if apostrophe else value)
    if not _parses_past(failure.lines, mark.line, fixed, mark.line):
        return None
    if apostrophe:
        return failure.said(mark.line, f"{entry.subject} has an apostrophe inside single quotes, which ends the "
                                       f"quote early; write it as {fixed.strip()}")
    return failure.said(mark.line, f"{entry.subject} goes on after its closing quote; put all of it in quotes: "
                                   f"{fixed.strip()}")


_RULES = (_tab, _quote_to_the_end, _bracket, _simple_key, _colon, _quote_left_open, _text_after_quote)


def explain(error: yaml.MarkedYAMLError, text: str, first_line: int) -> Explanation | None:
    """ERROR in the YAML TEXT (whose line 0 is file line FIRST_LINE) in an editor's words, or None."""
    failure = _Failure(error, text, first_line)
    return next((found for rule in _RULES if (found := rule(failure)) is not None), None)


def explain_not_a_mapping(text: str, first_line: int) -> Explanation | None:
    """Front matter YAML read as a single value because its one line is written `title:Hello`.
    (`title Hello` is left alone: a sentence typed there looks the same.)"""
    written = [(index, line) for index, line in enumerate(text.splitlines()) if line.strip()]
    if len(written) != 1 or not _NO_SPACE.fullmatch(written[0][1]) or (found := _bad_key(written[0][1])) is None:
        return None
    index, (fixed, missing) = written[0][0], found
    return Explanation(index + first_line, f"line {index + first_line} {missing}; write it as {fixed.strip()}")
