"""Tracking views of the site model: what templates and helpers get, so their reads are recorded.

A view answers like the object it wraps and notes each read under the object's owner key
(render/tracking.py). Views are made once per object and build, so `is`, `==` and hashing behave
in templates; containers of model objects hand out their items as views too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from generator.model.site import Site
from generator.render.tracking import ALL, SITE, WHOLE, Owner, TrackedMoment, note, owner_keys


class Tracker:
    """Tracking views of one site's model, made once per object so `is` and `==` behave."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.keys = owner_keys(site)
        self._views: dict[int, Any] = {}

    def view(self, value: Any) -> Any:
        """VALUE as templates get it: model objects and containers of them as tracking views."""
        key = self.keys.get(id(value))
        if key is not None:
            found = self._views.get(id(value))
            if found is None:
                found = self._views[id(value)] = (TrackedSite(value, key, self) if key == SITE
                                                  else TrackedObject(value, key, self))
            return found
        if isinstance(value, tuple) and value and id(value[0]) in self.keys:
            return TrackedSequence(value, self)
        return value


def unwrap(value: Any) -> Any:
    """The model object behind a tracking view (VALUE itself if it is none), for messages that
    name what a template read: the view's own class means nothing to a theme author."""
    return value._target if isinstance(value, TrackedObject) else value


class TrackedObject:
    """A model object whose attribute reads are recorded under its owner key."""

    __slots__ = ("_key", "_target", "_tracker")

    def __init__(self, target: Any, key: Owner, tracker: Tracker) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_tracker", tracker)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if callable(value):
            note(self._key, WHOLE)  # a method may read anything of the object
            return value
        note(self._key, name)
        return self._tracker.view(value)

    def __getitem__(self, _name: object) -> Any:
        raise TypeError(f"'{type(self._target).__name__}' object is not subscriptable")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self._target).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TrackedObject) and other._key == self._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        return f"<tracked {self._key}>"


class TrackedSite(TrackedObject):
    """The site: its mappings become tracked mappings, its build time a tracked moment."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, Mapping):
            return TrackedMapping(value, ("map", name), self._tracker)
        if isinstance(value, datetime):
            return TrackedMoment.of(value, SITE, name)
        if callable(value):
            note(SITE, WHOLE)
            return value
        note(SITE, name)
        return self._tracker.view(value)


class TrackedSequence(Sequence[Any]):
    """A tuple of model objects (a list of stories, tags, months); its items come out tracked.

    Which items it holds is recorded by whoever handed it out (the attribute or item read
    that produced it); this only keeps the items' own reads flowing.
    """

    __slots__ = ("_items", "_tracker")

    def __init__(self, items: tuple[Any, ...], tracker: Tracker) -> None:
        self._items = items
        self._tracker = tracker

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return TrackedSequence(self._items[index], self._tracker)
        return self._tracker.view(self._items[index])

    def __iter__(self) -> Iterator[Any]:
        view = self._tracker.view
        return (view(item) for item in self._items)

    def __reversed__(self) -> Iterator[Any]:
        view = self._tracker.view
        return (view(item) for item in reversed(self._items))

    def __contains__(self, value: object) -> bool:
        return any(view == value for view in self)

    def __add__(self, other: object) -> TrackedSequence:
        if isinstance(other, TrackedSequence):
            return TrackedSequence(self._items + other._items, self._tracker)
        return NotImplemented

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TrackedSequence):
            return self._items == other._items
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(id(item) for item in self._items))

    def __repr__(self) -> str:
        return f"<tracked sequence of {len(self._items)}>"


class TrackedMapping(Mapping[Any, Any]):
    """One of the site's mappings (related, neighbours, tags_by_slug, ...): an item looked up
    is a read of that item; anything that sees them all is a read of the whole mapping."""

    __slots__ = ("_key", "_target", "_tracker")

    def __init__(self, target: Mapping[Any, Any], key: Owner, tracker: Tracker) -> None:
        self._target = target
        self._key = key
        self._tracker = tracker

    def __getitem__(self, key: Any) -> Any:
        note(self._key, ("item", key))
        return self._tracker.view(self._target[key])

    def get(self, key: Any, default: Any = None) -> Any:
        note(self._key, ("item", key))
        return self._tracker.view(self._target[key]) if key in self._target else default

    def __contains__(self, key: object) -> bool:
        note(self._key, ("item", key))
        return key in self._target

    def __iter__(self) -> Iterator[Any]:
        note(self._key, ALL)
        return iter(self._target)

    def __len__(self) -> int:
        note(self._key, ALL)
        return len(self._target)


