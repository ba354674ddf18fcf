"""A read-only dict for the mappings inside frozen dataclasses.

types.MappingProxyType would do, but it cannot be pickled, and parse results travel between
worker processes and into the build cache. FrozenDict pickles as a plain dict and refuses
every change, so a template or a later stage cannot alter what an earlier stage produced.
"""

from __future__ import annotations

from typing import Any, NoReturn


class FrozenDict(dict):  # type: ignore[type-arg]
    """A dict whose contents are fixed at construction."""

    __slots__ = ()

    def _refuse(self, *_args: Any, **_kwargs: Any) -> NoReturn:
        raise TypeError("FrozenDict cannot be changed")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]
    __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[Any, Any]]]:
        return (FrozenDict, (dict(self),))
