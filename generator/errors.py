"""Problems a user can fix, and the one exception that carries them.

Every stage reports user mistakes as `Problem` values instead of raising at the first one, so a
run can show all of them together. `SiteError` only bundles them for the trip up to the CLI or
the dev server; it pickles cleanly so a worker process can hand it back to its parent.
Anything that is not a `SiteError` is a bug in sitegen, not in the site.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the site, located as precisely as we know."""

    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity.value}: {self.message}"

    def as_error(self) -> Problem:
        """The same problem, promoted to an error (what `--strict` does to warnings)."""
        return Problem(self.path, self.message, self.line, Severity.ERROR)


def warning(path: str, message: str, line: int | None = None) -> Problem:
    return Problem(path, message, line, Severity.WARNING)


class SiteError(Exception):
    """Raised when a stage found errors; carries every problem of that stage."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__(self.problems)

    def __reduce__(self) -> tuple[type[SiteError], tuple[tuple[Problem, ...]]]:
        return (SiteError, (self.problems,))

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def errors_in(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]


def raise_if_errors(problems: list[Problem] | tuple[Problem, ...]) -> None:
    """Stop the pipeline after a stage that found errors; warnings alone let it go on.

    The warnings travel with the errors: a typo'd key is often the cause of a missing field.
    """
    if errors_in(problems):
        raise SiteError(problems)
