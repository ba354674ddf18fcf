"""What a template that reads a field that does not exist is told, in a theme author's words.

Jinja's message names the Python class of the object ("'generator.render.views.TrackedObject
object' has no attribute 'titel'"): templates see the model through tracking views (views.py),
so the class is not even the one a theme author might look up, and nothing says what was meant.
The undefined value made here says "article has no field 'titel'; did you mean 'title'?": the
object as a theme calls it, and the nearest of its fields when one is close. The words are
worked out only when a template fails, not for each `is defined` test on thousands of cards.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import jinja2
from jinja2.utils import missing

from generator.render.views import unwrap

# What a theme calls the model's classes, where the class name does not say it.
_NAMES = {"TagRef": "tag", "SiteConfig": "config", "PagePlan": "plan", "TopicFeeds": "feeds",
          "Breaking": "breaking banner"}
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def noun(value: Any) -> str:
    """VALUE as a theme author names it: "article", "tag", "archive year", "list", "text"."""
    value = unwrap(value)
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool | int | float):
        return "number"
    if isinstance(value, date):
        return "date"
    if isinstance(value, Mapping):
        return "mapping"
    if isinstance(value, Sequence):
        return "list"
    name = type(value).__name__
    return _NAMES.get(name) or _CAMEL.sub(" ", name).lower()


def _names(value: Any) -> list[str]:
    """What a template could have meant on VALUE: its keys, or its public fields and methods.
    Plain text, numbers and lists offer none (`title.titel` should not suggest str.title)."""
    value = unwrap(value)
    if isinstance(value, Mapping):
        return [key for key in value if isinstance(key, str)]
    if isinstance(value, str | bool | int | float | Sequence):
        return []
    return [name for name in dir(value) if not name.startswith("_")]


def missing_field(value: Any, name: Any) -> str:
    """The message for a template reading NAME of VALUE, which VALUE does not have."""
    if value is None:
        return f"an empty value (None) has no field {name!r}; test it with {{% if ... %}} before using it"
    kind = noun(value)
    if not isinstance(name, str):
        return f"{kind} has no item {name!r}"
    close = difflib.get_close_matches(name, _names(value), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{kind} has no {'key' if kind == 'mapping' else 'field'} {name!r}{hint}"


class EditorUndefined(jinja2.StrictUndefined):
    """StrictUndefined (a misspelt name is an error, not an empty string) that names the object
    as a theme does; a name undefined altogether keeps Jinja's words ("'artcle' is undefined")."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint or self._undefined_obj is missing:
            return super()._undefined_message
        return missing_field(self._undefined_obj, self._undefined_name)
