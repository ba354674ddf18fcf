"""Splits a Markdown file into its YAML front matter and body, reporting YAML errors by line.

python-frontmatter finds the `---` fences; the YAML itself is loaded here with the C safe
loader (object tags such as !!python/object are refused) so that the error position can be
shifted from "line of the YAML block" to "line of the file", which is what an editor needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import yaml
from frontmatter.default_handlers import YAMLHandler

from generator.content.yaml_mistakes import explain, explain_not_a_mapping
from generator.text import CONTROL_CHARACTER, control_character_name

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
    # What the editor typed for top-level values (and list items) YAML read as numbers: a
    # headline "12:30" is 750 to YAML 1.1, a version "3.10" is 3.1, "017" is 15.
    typed: dict[str, str | list[str | None]] = field(default_factory=dict)

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
    if bad := CONTROL_CHARACTER.search(front):
        line = front.count("\n", 0, bad.start()) + 1  # the YAML text starts on the --- line
        raise FrontMatterError(f"the front matter holds {control_character_name(bad.group())}; delete it", line)
    try:
        meta, typed = _load(front)
    except RecursionError:
        raise FrontMatterError("the front matter is nested too deeply to read", 1) from None
    except yaml.MarkedYAMLError as error:
        if (explained := explain(error, front, first_line=1)) is not None:  # line 0 is the --- line
            raise FrontMatterError(f"front matter is not valid YAML: {explained.message}", explained.line) from None
        # The context mark ("while scanning a quoted scalar") points at where the mistake
        # starts; the problem mark is often only where the parser gave up (the closing ---).
        mark = error.context_mark or error.problem_mark
        line = mark.line + 1 if mark else None  # the YAML text starts on the --- line
        what = error.problem or "invalid YAML"
        if error.context:
            what = f"{error.context}: {what}"
        raise FrontMatterError(f"front matter is not valid YAML: {what}{_quote_hint(what)}", line) from None
    except FrontMatterError:
        raise
    except (yaml.YAMLError, ValueError, TypeError) as error:
        raise FrontMatterError(f"front matter is not valid YAML: {error}", 1) from None
    if meta is None:
        meta = {}
    if isinstance(meta, str) and (explained := explain_not_a_mapping(front, first_line=1)) is not None:
        raise FrontMatterError(f"front matter must be 'key: value' lines: {explained.message}", explained.line)
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be 'key: value' lines, not a list or a single value", 2)
    meta = {str(key): value for key, value in meta.items()}
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return SplitDocument(meta, body, body_line, front, typed)


def _load(front: str) -> tuple[Any, dict[str, str | list[str | None]]]:
    """The YAML value of FRONT and, for its top-level values, the text YAML read as numbers.

    Composed into nodes first, which keep what was typed and where: a key set twice is an
    error naming both lines (YAML would silently keep the second).
    """
    loader = _FrontMatterLoader(front)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        _refuse_repeated_keys(node)
        return loader.construct_document(node), _typed_numbers(node)
    finally:
        loader.dispose()


def _refuse_repeated_keys(node: yaml.Node, seen: set[int] | None = None) -> None:
    """Walks each node once: aliases share nodes, and ten lines of them can name billions."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = key.start_mark.line + 1
                if key.value in keys:
                    raise FrontMatterError(f"front matter sets '{key.value}' twice (lines {keys[key.value]} "
                                           f"and {line}); keep one", line)
                keys[key.value] = line
            _refuse_repeated_keys(value, seen)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_repeated_keys(item, seen)


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


def _typed_number(node: yaml.Node) -> str | None:
    """The text of a plain scalar that YAML resolved to a number, else None."""
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _NUMBER_TAGS:
        return node.value
    return None


def _typed_numbers(node: yaml.Node) -> dict[str, str | list[str | None]]:
    typed: dict[str, str | list[str | None]] = {}
    if not isinstance(node, yaml.MappingNode):
        return typed
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        if (text := _typed_number(value)) is not None:
            typed[key.value] = text
        elif isinstance(value, yaml.SequenceNode) and any(_typed_number(item) is not None for item in value.value):
            typed[key.value] = [_typed_number(item) for item in value.value]
    return typed


def _quote_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem or "found character" in problem:
        return "; put values containing ':' or '#' in quotes"
    return ""
