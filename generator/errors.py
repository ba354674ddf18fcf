"""Problems a user can fix, and the one exception that carries them.

Every stage reports user mistakes as `Problem` values instead of raising at the first one, so a
run can show all of them together. `SiteError` only bundles them for the trip up to the CLI or
the dev server; it pickles cleanly so a worker process can hand it back to its parent.
Anything that is not a `SiteError` is a bug in sitegen, not in the site.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


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
        path = printable(self.path)
        return f"{path}:{self.line}" if self.line else path

    def __str__(self) -> str:
        return f"{self.location()}: {self.severity.value}: {self.message}"

    def as_error(self) -> Problem:
        """The same problem, promoted to an error (what `--strict` does to warnings)."""
        return Problem(self.path, self.message, self.line, Severity.ERROR)


def printable(text: str) -> str:
    """TEXT as a terminal can show it on one line: control characters (a newline in a file
    name) spelled as Python escapes."""
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


EXCERPT_CONTEXT = 2  # lines shown either side of a problem's line
EXCERPT_WIDTH = 100  # characters of each line shown; a Markdown paragraph can be one line of thousands


@dataclass(frozen=True, slots=True)
class ExcerptLine:
    number: int
    text: str  # as a terminal can show it: a tab as →, control characters escaped, a long line cut
    marked: bool  # the problem's own line


def excerpt(problem: Problem, root: Path) -> tuple[ExcerptLine, ...]:
    """The lines around PROBLEM's line, read now from its file (relative to the site ROOT).

    Seeing the line is most of understanding a message about it, and the file is at hand.
    Nothing for a problem without a line, or whose file cannot be read (it may be gone).
    """
    if problem.line is None or problem.line < 1:
        return ()
    path = Path(problem.path)
    try:
        text = (path if path.is_absolute() else root / path).read_text(encoding="utf-8", errors="replace")
    except (OSError, ValueError):
        return ()
    lines = text.removeprefix("\ufeff").removesuffix("\n").split("\n")  # numbered as sitegen counts: by "\n"
    if problem.line > len(lines):
        return ()
    first, last = max(1, problem.line - EXCERPT_CONTEXT), min(len(lines), problem.line + EXCERPT_CONTEXT)
    named = tuple(re.findall(r"'([^'\s]+)'", problem.message))  # 'titel', an image path: what to keep in view
    return tuple(ExcerptLine(number, _shown(lines[number - 1], named if number == problem.line else ()),
                             number == problem.line)
                 for number in range(first, last + 1))


def excerpt_rows(lines: tuple[ExcerptLine, ...]) -> list[str]:
    """LINES as the terminal and the serve overlay both print them, numbers aligned and the
    problem's line marked: "> 12 | title: ...". The same words in both places."""
    width = max((len(str(line.number)) for line in lines), default=0)
    return [f"{'>' if line.marked else ' '} {line.number:>{width}} | {line.text}".rstrip() for line in lines]


def _shown(line: str, named: tuple[str, ...] = ()) -> str:
    """LINE cut to EXCERPT_WIDTH characters; around the first of the NAMED words it holds, when
    cutting at the end would hide it: the message's 'titel' is what the reader looks for."""
    shown = printable(line.removesuffix("\r").replace("\t", "→   "))
    if len(shown) <= EXCERPT_WIDTH:
        return shown
    at = next((found for word in named if (found := shown.find(word)) >= 0 and found + len(word) >= EXCERPT_WIDTH), -1)
    if at < 0:
        return shown[:EXCERPT_WIDTH - 1] + "…"
    rest = shown[min(at - EXCERPT_WIDTH // 3, len(shown) - EXCERPT_WIDTH + 1):]
    return "…" + (rest if len(rest) < EXCERPT_WIDTH else rest[:EXCERPT_WIDTH - 2] + "…")


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


# What an editor can do about each: the words the C library uses are not always clear.
_OS_FAULTS = {
    errno.ENOSPC: "the disk is full; free some space and try again",
    errno.EDQUOT: "the disk quota is used up; free some space and try again",
    errno.EFBIG: "the file is larger than the file system allows",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied; check who owns the folder and its permissions",
    errno.EPERM: "operation not permitted; check who owns the folder and its permissions",
    errno.ENAMETOOLONG: "the name is too long for the file system; shorten it",
    errno.EMFILE: "too many files are open; raise the limit (ulimit -n) and try again",
    errno.EIO: "the disk reported an input/output error",
}


def os_problem(error: OSError, root: Path | None = None) -> Problem:
    """One problem for an environment fault (disk full, permission denied, ...), naming the file
    (relative to ROOT where it lies inside) instead of a traceback."""
    where = str(error.filename) if error.filename is not None else "sitegen"
    if root is not None and error.filename is not None:
        with contextlib.suppress(ValueError):
            where = Path(os.fsdecode(error.filename)).resolve().relative_to(root.resolve()).as_posix()
    what = _OS_FAULTS.get(error.errno or 0, error.strerror or str(error))
    code = f" ({errno.errorcode[error.errno]})" if error.errno in errno.errorcode else ""
    return Problem(where, f"cannot read or write this file: {what}{code}")
