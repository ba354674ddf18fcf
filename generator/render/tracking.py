"""Recorded dependencies: the record of what a page read while it rendered.

A page is a function of what its template (and the Python helpers it calls) read from the
site model. Instead of predicting that from the page's kind and a reading of the templates,
the renderer hands templates *tracking views* of the model (render/views.py): every attribute read on an
article, author, page, tag, section, archive year or month, every item looked up in one of
the site's mappings, and every use of the build time is noted as a read. A page's record is
those reads; its fingerprint is a digest of their values (incremental/fingerprints.py). The next build works the
same digest out again from the record against the new model: equal means the page would
render the same bytes, so it is not rendered. Any theme, however it reaches the data (aliases,
macros, `site['tags']`, filters, loops), gets a correct record, because the record is what
it did, not what it was expected to do (the way Lektor records an artifact's sources and
Hugo's identity manager tracks what a page used).

Reads are kept by *owner* and *name*. Owners are stable keys of model objects, not the
objects: ("a", url) an article, ("au", id) an author, ("p", url) a page, ("t", slug) a tag,
("s", slug) a section, ("y", year) an archive year, ("m", year, month) a month, ("n", url)
an article's neighbours, ("site",) the site, ("map", name) one of the site's mappings,
("static",) the URLs of the theme's static files (render/snippets.py: static_url()).
Names are an attribute ("title"), an item (("item", key)), a whole container (ALL), a
chain of operations on a moment (("moment", attribute, operations...)), or the whole
object (WHOLE, for a method call or a helper we cannot see into).

A value that is a model object is digested as a reference to its key: what is read *of* it
is recorded on its own owner. So `tag.articles` depends on which stories the tag has and in
what order, and a story's title on the pages that print it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo
from typing import Any

from generator.model.site import Site

Owner = tuple[Any, ...]
Name = str | tuple[Any, ...]
Reads = dict[Owner, frozenset[Name]]  # a page's record: what it read of each owner

ALL = ("all",)  # iterated, counted or otherwise used as a whole container
WHOLE = "*"  # the whole object: every field
SITE: Owner = ("site",)
STATIC: Owner = ("static",)  # read by item: ("item", "static/site.css") → the URL's path
MISSING = "<missing>"


class Recorder:
    """Collects the reads of one page (or of one fragment rendered inside it)."""

    __slots__ = ("reads",)

    def __init__(self) -> None:
        self.reads: dict[Owner, set[Name]] = {}

    def note(self, owner: Owner, name: Name) -> None:
        names = self.reads.get(owner)
        if names is None:
            self.reads[owner] = {name}
        else:
            names.add(name)

    def merge(self, reads: Reads) -> None:
        for owner, names in reads.items():
            mine = self.reads.get(owner)
            if mine is None:
                self.reads[owner] = set(names)
            else:
                mine |= names

    def frozen(self, interned: dict[frozenset[Name], frozenset[Name]]) -> Reads:
        """The reads as a record; equal name sets become one object (INTERNED), which keeps the
        record small in memory and in a pickle: most cards read the same dozen names."""
        return {owner: interned.setdefault(frozenset(names), frozenset(names)) for owner, names in self.reads.items()}


class _Recording:
    """The recorder that reads go to: one per page, a new one while a fragment renders."""

    current: Recorder | None = None


def recording() -> Recorder | None:
    return _Recording.current


def set_recorder(recorder: Recorder | None) -> Recorder | None:
    """Send reads to RECORDER from now on; returns the one it replaces."""
    previous, _Recording.current = _Recording.current, recorder
    return previous


def note(owner: Owner, name: Name) -> None:
    """Record a read of NAME of OWNER by the page (or fragment) rendering now; none when nothing records."""
    recorder = _Recording.current
    if recorder is not None:
        recorder.note(owner, name)


def owner_keys(site: Site) -> dict[int, Owner]:
    """id() of every model object of SITE → its owner key (the objects live as long as SITE)."""
    keys: dict[int, Owner] = {id(site): SITE}
    for article in (*site.articles, *site.expired):
        keys[id(article)] = ("a", article.url)
        for author in article.authors:
            keys[id(author)] = ("au", author.id)
    for url, neighbours in site.neighbours.items():
        keys[id(neighbours)] = ("n", url)
    keys.update({id(author): ("au", author.id) for author in site.authors})
    keys.update({id(page): ("p", page.url) for page in site.pages})
    keys.update({id(tag): ("t", tag.slug) for tag in site.tags})
    keys.update({id(section): ("s", section.slug) for section in site.sections})
    for year in site.archive:
        keys[id(year)] = ("y", year.year)
        keys.update({id(month): ("m", month.year, month.month) for month in year.months})
    return keys


class TrackedMoment(datetime):
    """A moment of the model (the build time) whose uses are recorded, not its full value.

    The footer prints the build's year: a record of "the build time" would make every page
    stale on every build, a record of "the year in this time zone" only at New Year. Each
    operation extends a chain the next build replays on its own build time; an operation
    not listed here reads the whole value.
    """

    # Set by of(); a moment that datetime's own code derives (replace(), arithmetic not
    # handled below) has the defaults: its derivation already recorded a read of the whole.
    _owner: Owner | None = None
    _chain: tuple[Any, ...] = ()
    _moment: datetime | None = None  # the same moment, untracked: what the operations work on

    @classmethod
    def of(cls, moment: datetime, owner: Owner, attribute: str, chain: tuple[Any, ...] = ()) -> TrackedMoment:
        tracked = cls(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                      moment.microsecond, moment.tzinfo, fold=moment.fold)
        tracked._moment = moment
        tracked._owner = owner
        tracked._chain = ("moment", attribute, *chain)
        return tracked

    def _plain(self) -> datetime:
        if self._moment is not None:
            return self._moment
        part = datetime.__getattribute__
        return datetime(*(part(self, name) for name in ("year", "month", "day", "hour", "minute", "second",
                                                         "microsecond", "tzinfo")), fold=part(self, "fold"))

    def _read(self, *operation: Any) -> None:
        if self._owner is not None:
            note(self._owner, (*self._chain, operation))

    def _derived(self, operation: tuple[Any, ...], moment: datetime) -> datetime:
        if self._owner is None:
            return moment
        return TrackedMoment.of(moment, self._owner, self._chain[1], (*self._chain[2:], operation))

    def __add__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return self._derived(("add", other), self._plain() + other)
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return self._derived(("add", -other), self._plain() - other)
        if isinstance(other, datetime):
            plain = other._plain() if isinstance(other, TrackedMoment) else other
            self._read("sub", plain)
            return self._plain() - plain
        return NotImplemented

    def __rsub__(self, other: object) -> Any:
        if isinstance(other, datetime):
            self._read("rsub", other)
            return other - self._plain()
        return NotImplemented

    def astimezone(self, tz: tzinfo | None = None) -> datetime:
        return self._derived(("astimezone", tz), self._plain().astimezone(tz))

    def strftime(self, fmt: str) -> str:
        self._read("strftime", fmt)
        return self._plain().strftime(fmt)

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        self._read("isoformat", sep, timespec)
        return self._plain().isoformat(sep, timespec)

    def __format__(self, spec: str) -> str:
        self._read("format", spec)
        return format(self._plain(), spec)

    def __str__(self) -> str:
        self._read("format", "")
        return str(self._plain())

    def _compare(self, operator: str, other: object) -> Any:
        if not isinstance(other, datetime):
            return NotImplemented
        other = other._plain() if isinstance(other, TrackedMoment) else other
        self._read(operator, other)
        return _COMPARE[operator](self._plain(), other)

    def __lt__(self, other: object) -> Any:
        return self._compare("lt", other)

    def __le__(self, other: object) -> Any:
        return self._compare("le", other)

    def __gt__(self, other: object) -> Any:
        return self._compare("gt", other)

    def __ge__(self, other: object) -> Any:
        return self._compare("ge", other)

    def __eq__(self, other: object) -> Any:
        return self._compare("eq", other)

    def __ne__(self, other: object) -> Any:
        return self._compare("ne", other)

    def __hash__(self) -> int:
        self._read("whole")
        return hash(self._plain())

    def __getattribute__(self, name: str) -> Any:
        if name in _MOMENT_PARTS:
            datetime.__getattribute__(self, "_read")("part", name)
        elif name not in _MOMENT_OWN and not name.startswith("__"):
            datetime.__getattribute__(self, "_read")("whole")
        return datetime.__getattribute__(self, name)


_MOMENT_PARTS = frozenset({"year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo", "fold"})
_MOMENT_OWN = frozenset({"_owner", "_chain", "_moment", "_plain", "_read", "_derived", "_compare",
                         "astimezone", "strftime", "isoformat", "of"})
_COMPARE: dict[str, Callable[[datetime, datetime], bool]] = {
    "lt": datetime.__lt__, "le": datetime.__le__, "gt": datetime.__gt__, "ge": datetime.__ge__,
    "eq": datetime.__eq__, "ne": datetime.__ne__,
}


def replay(moment: datetime, operations: tuple[Any, ...]) -> object:
    """What the recorded OPERATIONS give on MOMENT: the value a page saw, on this build's time."""
    for operation in operations:
        kind, *args = operation
        if kind == "astimezone":
            moment = moment.astimezone(args[0])
        elif kind == "add":
            moment = moment + args[0]
        elif kind == "sub":
            return moment - args[0]
        elif kind == "rsub":
            return args[0] - moment
        elif kind == "strftime":
            return moment.strftime(args[0])
        elif kind == "isoformat":
            return moment.isoformat(*args)
        elif kind == "format":
            return format(moment, args[0])
        elif kind == "part":
            return getattr(moment, args[0])
        elif kind in _COMPARE:
            return _COMPARE[kind](moment, args[0])
        else:
            return moment
    return moment
