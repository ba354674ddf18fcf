"""Digests of what pages read, against one site: what a page would see if it rendered now.

A page's record (render/tracking.py) names owners (an article, a tag, the site) and what was
read of each. The Resolver turns a record into a digest against the current site, and says
whether anything the record names may have changed since the build its memory came from:
by owner as a whole where that is cheap to know (an article is the same as a whole), by name
where an owner changes with every story (a section's list) or read by read (the site).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any

from generator.content.markdown import RenderedBody
from generator.model.site import Site
from generator.render.tracking import MISSING, WHOLE, Name, Owner, Reads, owner_keys, replay


@dataclass
class ResolverMemory:
    """What one build's Resolver worked out, for the next: each model object's digest as a whole
    (by owner key) and each (owner, names) group's digest. The next build reuses a group's
    digest when its owner as a whole is unchanged, so it works out anew only what an edit
    touched: at 10,000 articles, about 100,000 groups and 250,000 reads."""

    owners: dict[Owner, int] = field(default_factory=dict)
    groups: dict[tuple[Owner, frozenset[Name]], int] = field(default_factory=dict)
    # The reads of the site and its mappings (checked read by read, as they change with every
    # story): each one's value text and digest, so an unchanged value is not digested again.
    reads: dict[tuple[Owner, Name], tuple[str, int]] = field(default_factory=dict)
    # The reads of tags, sections, months, years, neighbours: each name's digest, by owner.
    names: dict[Owner, dict[Name, int]] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, Any]:
        """What the on-disk cache keeps: not the groups, which a build that is not a serve
        session's next one needs only for the few pages whose owners changed (a third of the
        cache's bytes, for little)."""
        return {"owners": self.owners, "groups": {}, "reads": self.reads, "names": self.names}


class Resolver:
    """Digests of recorded reads against one site: what a page would see if rendered now.

    Each (owner, names) group is worked out once per build and shared by every page that
    read it. A model object that is the same as a whole as in the build of MEMORY keeps its
    groups' digests from then: if nothing of it changed, nothing read of it did.
    """

    def __init__(self, site: Site, memory: ResolverMemory | None = None,
                 known_unchanged: Callable[[Owner], bool] | None = None,
                 keys: dict[int, Owner] | None = None, changed_since: Iterable[Owner] = (),
                 static: Mapping[str, str] | None = None) -> None:
        """KNOWN_UNCHANGED names owners that are as they were in MEMORY's build without being
        digested again: the serve quick path knows which articles it swapped in. KEYS is
        owner_keys(SITE) where the caller has it already (the renderer's tracker).

        CHANGED_SINCE names owners that changed after MEMORY's build, whatever they are now:
        the quick path swapped them in and re-rendered their readers, so the records may show a
        state MEMORY never saw (an edit reverted by the next full build is still an edit).

        STATIC is what static_url() links each of the theme's static files by (a page that
        linked one is stale when its content-hashed name changed)."""
        self.site = site
        self.keys = keys if keys is not None else owner_keys(site)
        self._earlier = memory or ResolverMemory()
        self._known_unchanged = known_unchanged
        self.memory = ResolverMemory()  # this build's, for the next
        self._owners: dict[Owner, Any] = {}
        self._changed: dict[Owner, bool] = {}  # whether each owner differs as a whole from MEMORY's build
        self._changed_since = frozenset(changed_since)
        self._pickled_reads: dict[tuple[Owner, Name], int] = {}  # see _pickled_read
        self._key_texts: dict[Owner, str] = {}  # each owner's text() as a reference, spelled once
        self._deep_texts: dict[Owner, str] = {}  # and with its whole digest (text(deep=True))
        self._key_texts_by_id: dict[int, str] = {}  # the same by id() of the model object (see keys)
        self._deep_texts_by_id: dict[int, str] = {}
        articles = {a.url: a for a in (*site.articles, *site.expired)}
        authors = {author.id: author for a in site.articles for author in a.authors}
        authors.update({author.id: author for author in site.authors})
        months = {(m.year, m.month): m for y in site.archive for m in y.months}
        self._finders: dict[str, Callable[[tuple[Any, ...]], Any]] = {
            "site": lambda _key: site,
            "a": lambda key: articles.get(key[1]),
            "au": lambda key: authors.get(key[1]),
            "p": lambda key: site.pages_by_url.get(key[1]),
            "t": lambda key: site.tags_by_slug.get(key[1]),
            "s": lambda key: site.sections_by_slug.get(key[1]),
            "y": lambda key: next((y for y in site.archive if y.year == key[1]), None),
            "m": lambda key: months.get((key[1], key[2])),
            "n": lambda key: site.neighbours.get(key[1]),
            "map": lambda key: getattr(site, key[1], None),
            "static": lambda _key: static or {},
        }

    def changed(self, reads: Reads) -> bool:
        """Whether anything READS names may read differently now than in MEMORY's build.

        By owner as a whole: if an article is the same as a whole, nothing read of it changed.
        The site and its mappings change with every story, so theirs are checked read by read.
        Every owner is looked at (no early return), so that this build's memory holds the
        whole digest of each for the next.
        """
        changed = False
        for owner, names in reads.items():
            if owner[0] in _WHOLE_UNKNOWN:
                target = self._owner(owner)
                for name in names:
                    changed = self._read_changed(owner, target, name) or changed
            elif self._owner_changed(owner):
                if owner[0] in _PICKLED_WHOLE:
                    changed = True
                else:  # a tag with one more story: its name and URL, which most pages read, are the same
                    for name in names:
                        changed = self._name_changed(owner, name) or changed
        return changed

    def remember(self, reads: Reads) -> None:
        """Work out what the next build's changed() compares for READS: each owner's whole digest.

        Not in a build that had nothing to compare with (a cold one): at 10,000 articles that
        is 1.5 s of a 20 s build, and its next build works them out as it checks every page.
        """
        if self._earlier.owners:
            self.changed(reads)

    def _owner_changed(self, owner: Owner) -> bool:
        known = self._changed.get(owner)
        if known is None:
            earlier = self._earlier.owners.get(owner)
            if self._known_unchanged is not None:
                known = earlier is None or not self._known_unchanged(owner)
            else:
                known = self._whole(owner) != earlier or owner in self._changed_since
            self._changed[owner] = known
            if owner[0] not in _PICKLED_WHOLE:
                self.memory.names[owner] = {} if known else self._earlier.names.get(owner, {})
        return known

    def _name_changed(self, owner: Owner, name: Name) -> bool:
        earlier = self._earlier.names.get(owner)
        return earlier is None or earlier.get(name) != self._name_digest(owner, name)

    def _name_digest(self, owner: Owner, name: Name) -> int:
        """The digest of reading NAME of OWNER (a tag, section, month, year or neighbours): kept by
        name, so that when the owner changes as a whole a page is checked by what it read."""
        digests = self.memory.names.setdefault(owner, {})
        digest = digests.get(name)
        if digest is None:
            target = self._owner(owner)
            digest = digests[name] = _hash((owner, name, MISSING if target is None else self.value(target, name)))
        return digest

    def digest(self, reads: Reads) -> int:
        """The digest of a page's record: a sum, so the order the reads were made in does not count."""
        total = 0
        groups = self.memory.groups
        for owner, names in reads.items():
            part = groups.get((owner, names))
            if part is None:
                part = groups[(owner, names)] = self._group(owner, names)
            total += part
        return total % (1 << 128)

    def _group(self, owner: Owner, names: frozenset[Name]) -> int:
        target = self._owner(owner)
        if owner[0] in _WHOLE_UNKNOWN:  # the site and its mappings change with every story: read by read
            return sum(self._read(owner, target, name) for name in names)
        earlier = self._earlier.groups.get((owner, names))
        if earlier is not None:
            if self._known_unchanged is None:
                if self._whole(owner) == self._earlier.owners.get(owner):
                    return earlier
            elif self._known_unchanged(owner):
                return earlier
            # Else worked out again: cheaper than a whole digest of, say, a section's stories.
        if owner[0] not in _PICKLED_WHOLE:
            return sum(self._name_digest(owner, name) for name in names)
        return sum(self._pickled_read(owner, target, name) for name in names)

    def _pickled_read(self, owner: Owner, target: Any, name: Name) -> int:
        """The digest of reading NAME of an article, author or page, once a build: pages read
        an article in a few different sets of names (a card, a related item, its own page), so
        by group the same read was worked out again and again (540,000 digests at 10,000
        articles, against 233,000 distinct reads)."""
        key = (owner, name)
        digest = self._pickled_reads.get(key)
        if digest is None:
            digest = self._pickled_reads[key] = _hash(
                (owner, name, MISSING if target is None else self.value(target, name)))
        return digest

    def _read(self, owner: Owner, target: Any, name: Name) -> int:
        return self._known_read(owner, target, name)[1]

    def _read_changed(self, owner: Owner, target: Any, name: Name) -> bool:
        return self._known_read(owner, target, name) is not self._earlier.reads.get((owner, name))

    def _known_read(self, owner: Owner, target: Any, name: Name) -> tuple[str, int]:
        """The value text of one read and its digest: MEMORY's own pair if the text is the same."""
        key = (owner, name)
        known = self.memory.reads.get(key)
        if known is None:
            text = MISSING if target is None else self.value(target, name)
            earlier = self._earlier.reads.get(key)
            known = earlier if earlier is not None and earlier[0] == text else (text, _hash((owner, name, text)))
            self.memory.reads[key] = known
        return known

    def _whole(self, owner: Owner) -> int:
        """OWNER's digest as a whole, and of every model object it holds, as a whole too.

        Deep, because a property may read through what the object holds (an archive year's
        count is its months' stories): unchanged, nothing read of it or through it changed.
        An article, author or page is digested as its pickle, which holds all of it (its
        authors too) and is made in C; one that holds lists of others (a tag, a month) by
        its fields, the others by key and whole digest.
        """
        whole = self.memory.owners.get(owner)
        if whole is None:
            target = self._owner(owner)
            if target is None:
                whole = _hash(MISSING)
            elif owner[0] in _PICKLED_WHOLE:
                whole = int.from_bytes(hashlib.blake2b(pickle.dumps(target, 5), digest_size=16).digest(), "big")
            else:
                whole = _hash(self.text(target, whole=True, deep=True))
            self.memory.owners[owner] = whole
        return whole

    def _owner(self, owner: Owner) -> Any:
        if owner not in self._owners:
            self._owners[owner] = self._finders[owner[0]](owner)
        return self._owners[owner]

    def value(self, target: Any, name: Name) -> str:
        """A digestible text of what reading NAME of TARGET gives now."""
        if name == WHOLE:
            return self.text(target, whole=True)
        if isinstance(name, str):
            return self.text(getattr(target, name, MISSING))
        kind = name[0]
        if kind == "item":
            return self.text(target.get(name[1], MISSING) if isinstance(target, Mapping) else MISSING)
        if kind == "moment":
            return repr(replay(getattr(target, name[1]), name[2:]))
        return self.text(target, whole=True)  # ALL

    def text(self, value: Any, whole: bool = False, deep: bool = False) -> str:
        """VALUE as text for a digest: model objects by their key (unless WHOLE: its fields), the
        rest in full; DEEP adds the whole digest of each model object named.

        Only the model objects that tracking.owner_keys names hold other model objects, so any
        other dataclass (an Image, a body, a plan) is its repr.
        """
        if value is None or isinstance(value, str | int | float | bool | datetime):
            return repr(value)
        key = None if whole else self.keys.get(id(value))
        if key is not None:
            text = self._deep_text(key) if deep else self._key_text(key)
            (self._deep_texts_by_id if deep else self._key_texts_by_id)[id(value)] = text
            return text
        if isinstance(value, bytes):
            return hashlib.blake2b(value, digest_size=16).hexdigest()
        if isinstance(value, tuple | list):  # mostly stories of a list: each spelled once a build
            known = self._deep_texts_by_id if deep else self._key_texts_by_id
            return "(" + ",".join([known.get(id(item)) or self.text(item, deep=deep) for item in value]) + ")"
        if isinstance(value, Mapping):
            return "{" + ",".join(f"{self.text(k)}:{self.text(v, deep=deep)}" for k, v in value.items()) + "}"
        if whole or isinstance(value, RenderedBody):  # a body's repr would spell out its compressed bytes
            return type(value).__name__ + "(" + ",".join(
                self.text(getattr(value, name), deep=deep) for name in _field_names(type(value))) + ")"
        return repr(value)


    def _key_text(self, key: Owner) -> str:
        text = self._key_texts.get(key)
        if text is None:
            text = self._key_texts[key] = f"@{key!r}"
        return text

    def _deep_text(self, key: Owner) -> str:
        text = self._deep_texts.get(key)
        if text is None:
            text = self._deep_texts[key] = f"{self._key_text(key)}={self._whole(key)}"
        return text


_WHOLE_UNKNOWN = frozenset({"site", "map", "static"})
# Owners whose pickle is their whole digest: they hold no lists of other owners (an article's
# authors are part of it). A pickle that differs for equal values (shared objects memoised
# differently) only costs a check that finds nothing changed.
_PICKLED_WHOLE = frozenset({"a", "au", "p"})


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))


def _hash(value: object) -> int:
    return int.from_bytes(hashlib.blake2b(repr(value).encode(), digest_size=16).digest(), "big")
