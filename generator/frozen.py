"""Helpers for the frozen dataclasses of the model: a read-only dict, and a fast replace().

types.MappingProxyType would do, but it cannot be pickled, and parse results travel between
worker processes and into the build cache. FrozenDict pickles as a plain dict and refuses
every change, so a template or a later stage cannot alter what an earlier stage produced.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

Model = TypeVar("Model")


def evolve(instance: Model, **changes: Any) -> Model:
    """A copy of INSTANCE (a frozen dataclass without slots) with CHANGES, like dataclasses.replace.

    replace() runs the generated __init__ with every field; copying the instance's __dict__
    is ten times faster, which counts where site assembly does it for each of 100,000
    articles (about 3 s of a build that cannot run in parallel). Field names are checked;
    there is no __post_init__ in the model to skip.
    """
    fields = instance.__dict__
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(instance).__name__} has no field {sorted(changes.keys() - fields.keys())[0]!r}")
    copy = object.__new__(type(instance))
    copy.__dict__.update(fields)
    copy.__dict__.update(changes)
    return copy


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict whose contents are fixed at construction."""

    __slots__ = ()

    def _refuse(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict cannot be changed")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[Any, Any]]]:
        return (FrozenDict, (dict(self),))
