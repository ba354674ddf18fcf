"""Splits a Markdown file into its YAML front matter and body, reporting YAML errors by line.

python-frontmatter finds the `---` fences; the YAML itself is loaded here with the C safe
loader (object tags such as !!python/object are refused) so that the error position can be
shifted from "line of the YAML block" to "line of the file", which is what an editor needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import yaml
from frontmatter.default_handlers import YAMLHandler

_HANDLER = YAMLHandler()


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The C safe loader, minus YAML's own timestamp parsing.

    PyYAML turns `date: 2024-13-01` into a bare ValueError with no key or line; leaving dates
    as strings lets content/parse.py parse them and say which key is wrong and how to write it.
    """

    yaml_implicit_resolvers: ClassVar = {
        first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class FrontMatterError(ValueError):
    """The file's front matter cannot be read; `line` is in file coordinates when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True, slots=True)
class SplitDocument:
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line of the file on which the body starts
    front_matter_text: str

    def key_line(self, key: str) -> int | None:
        """The file line where top-level KEY is set, to point messages at it."""
        prefix = f"{key}:"
        for offset, line in enumerate(self.front_matter_text.splitlines()):
            if line.startswith(prefix):
                return offset + 1  # the YAML text starts with the end of the --- line
        return None


def split_document(text: str) -> SplitDocument:
    """Return the front matter as a dict plus the body; raise FrontMatterError when broken."""
    text = text.removeprefix("\ufeff")
    if not _HANDLER.detect(text):
        raise FrontMatterError(
            "has no front matter: the file must start with a line '---', then YAML such as "
            "'title: ...', then another '---'", 1)
    try:
        front, body = _HANDLER.split(text)
    except ValueError:
        raise FrontMatterError("front matter is not closed: add a line '---' after the YAML", 1) from None
    try:
        meta = yaml.load(front, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as error:
        # The context mark ("while scanning a quoted scalar") points at where the mistake
        # starts; the problem mark is often only where the parser gave up (the closing ---).
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 if mark else None  # the YAML text starts on the --- line
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}: {what}"
        raise FrontMatterError(f"front matter is not valid YAML: {what}{_quote_hint(what)}", line) from None
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise FrontMatterError(f"front matter is not valid YAML: {error}", 1) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be 'key: value' lines, not a list or a single value", 2)
    meta = {str(key): value for key, value in meta.items()}
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SplitDocument(meta, body, body_line, front)


def _quote_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem or "found character" in problem:
        return "; put values containing ':' or '#' in quotes"
    return ""
