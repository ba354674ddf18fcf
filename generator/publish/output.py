"""The only writer to output/: all or nothing, only what changed, only what it wrote itself.

New and changed files are written next to their final place under a temporary name and only
renamed over it (os.replace: atomic, so a server never reads half a page) once the whole
build has succeeded. A failed build deletes the temporary files and the folders it made, and
output/ stays byte for byte as it was. Unchanged files are not touched, so their mtimes stay
and rsync or a CDN upload only sends what changed. A manifest lists what sitegen wrote, so
files it no longer produces are removed and files it never wrote are never deleted.

A journal in output/ makes the commit all or nothing even when the process is killed: it
lists each temporary file and folder as it is made, then, before the first rename, what the
commit will delete and a commit mark, flushed to disk. `recover` (run by every command that
touches output/ before anything else) reads a journal left behind: without the mark the
build never started to commit, so its temporary files and folders go and output/ is as it
was; with it, the renames and deletions are finished, and output/ is the new build's.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SiteError

MANIFEST_NAME = ".sitegen-manifest"
JOURNAL_NAME = ".sitegen-journal"
TEMP_SUFFIX = ".sitegen-tmp"
# Journal lines: a temporary file, a folder made, a file the commit deletes, the commit mark.
_STAGED, _MADE, _DELETED, _COMMITTED = "+", "/", "-", "!"


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def check_output_dir(output_dir: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement could destroy sources."""
    output = output_dir.resolve()
    root = site_root.resolve()
    protected = {"the site folder": root, "content/": root / "content", "themes/": root / "themes"}
    for label, folder in protected.items():
        if output == folder or folder.is_relative_to(output):
            raise SiteError([Problem(str(output_dir), f"cannot be the output folder: it is or contains "
                                     f"{label}; use a folder of its own such as output/")])
        if label != "the site folder" and output.is_relative_to(folder):
            raise SiteError([Problem(str(output_dir), f"cannot be the output folder: it lies inside {label}")])
    if output.exists() and not output.is_dir():
        raise SiteError([Problem(str(output_dir), "exists and is not a folder")])


def _temp_name(path: str) -> str:
    head, tail = os.path.split(path)
    return os.path.join(head, f".{tail}{TEMP_SUFFIX}")


class OutputTransaction:
    """Collects the files of one build and puts them in place only on `commit`."""

    def __init__(self, output_dir: Path, site_root: Path) -> None:
        check_output_dir(output_dir, site_root)
        self.output_dir = output_dir
        self._root = str(output_dir)
        # A new output/ (every deploy from a fresh clone: output/ is never committed) holds only
        # what this build puts there, so the per-file checks for an existing file are skipped
        # (5-10% of the parent's time at 100k pages), and a rollback removes the folder itself.
        self._fresh = not output_dir.is_dir()
        output_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock(output_dir)  # held until commit or rollback ends
        try:
            _recover(output_dir)
        except BaseException:
            os.close(self._lock)
            raise
        # A line reaches the file before what it names is made: a kill leaves nothing unlisted.
        self._journal = (output_dir / JOURNAL_NAME).open("w", buffering=1, encoding="utf-8")
        self._known_dirs: set[str] = {self._root}
        self._made_dirs: list[str] = []
        self.produced: set[str] = set()
        self.staged: list[str] = []
        self.unchanged = 0
        self.stats = WriteStats(0, 0, 0)  # set by commit
        self._committing = False  # the journal holds the commit mark: only forward from here

    def _ensure_dir(self, folder: str) -> None:
        """Create FOLDER (and parents) if needed, remembering what we made for a rollback."""
        if folder in self._known_dirs:
            return
        missing = []
        current = folder
        while current not in self._known_dirs and (self._fresh or not os.path.isdir(current)):
            missing.append(current)
            current = os.path.dirname(current)
        for made in reversed(missing):
            self._journal.write(f"{_MADE}{os.path.relpath(made, self._root)}\n")
            os.mkdir(made)
            self._made_dirs.append(made)
            self._known_dirs.add(made)
        self._known_dirs.add(folder)

    def _stage(self, rel_path: str, target: str) -> str:
        self._ensure_dir(os.path.dirname(target))
        self._journal.write(f"{_STAGED}{rel_path}\n")
        self.staged.append(rel_path)
        return _temp_name(target)

    def write(self, rel_path: str, data: bytes) -> None:
        """Stage DATA for output/REL_PATH unless the file already holds exactly these bytes."""
        self.produced.add(rel_path)
        target = os.path.join(self._root, rel_path)
        try:
            if not self._fresh and os.path.getsize(target) == len(data):
                with open(target, "rb") as existing:
                    if existing.read() == data:
                        self.unchanged += 1
                        return
        except OSError:
            pass  # missing (or a folder): write it
        with _naming(target), open(self._stage(rel_path, target), "wb") as staged:
            staged.write(data)

    def keep(self, rel_paths: Iterable[str]) -> None:
        """Claim output/REL_PATHS as produced by this build without touching them (known unchanged)."""
        before = len(self.produced)
        self.produced.update(rel_paths)
        self.unchanged += len(self.produced) - before

    def copy(self, rel_path: str, source: Path) -> None:
        """Stage a copy of SOURCE (an image, a stylesheet) unless output/ has the same bytes."""
        self.produced.add(rel_path)
        target = os.path.join(self._root, rel_path)
        try:
            same = (not self._fresh and os.path.getsize(target) == source.stat().st_size
                    and Path(target).read_bytes() == source.read_bytes())
        except OSError:
            same = False
        if same:
            self.unchanged += 1
            return
        with _naming(target):
            shutil.copyfile(source, self._stage(rel_path, target))

    def _previous_manifest(self) -> set[str]:
        try:
            return set((self.output_dir / MANIFEST_NAME).read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            return set()

    def commit(self, before: Callable[[list[str]], None] | None = None) -> WriteStats:
        """Put staged files in place, delete what sitegen wrote before but not now.

        BEFORE runs first, with the paths the commit replaces or deletes, if there are any: the
        build cache sets its records of them aside there, as from the first rename on they may
        no longer describe output/.
        """
        previous = self._previous_manifest()
        real_output = self.output_dir.resolve()
        # A tampered manifest must never reach outside output/.
        deleted = [rel_path for rel_path in sorted(previous - self.produced)
                   if (self.output_dir / rel_path).parent.resolve().is_relative_to(real_output)]
        renamed = list(self.staged)
        if previous != self.produced:
            self._journal.write(f"{_STAGED}{MANIFEST_NAME}\n")
            with open(_temp_name(os.path.join(self._root, MANIFEST_NAME)), "w", encoding="utf-8") as manifest:
                manifest.write("\n".join(sorted(self.produced)) + "\n")
            renamed.append(MANIFEST_NAME)
        if renamed or deleted:
            if before is not None:
                before([*renamed, *deleted])
            self._journal.writelines(f"{_DELETED}{rel_path}\n" for rel_path in deleted)
            self._journal.write(f"{_COMMITTED}\n")
            os.fsync(self._journal.fileno())
            self._committing = True
        removed = _finish(self.output_dir, renamed, deleted, fresh=self._fresh, resuming=False)
        self._close_journal()
        self.stats = WriteStats(len(self.staged), self.unchanged, removed)
        return self.stats

    def rollback(self) -> None:
        """Leave output/ exactly as it was before this transaction, or, once the commit has
        begun, as the commit leaves it: never half of each."""
        if self._committing:
            self._journal.close()
            try:
                _recover(self.output_dir)
            finally:
                os.close(self._lock)
            return
        for rel_path in (*self.staged, MANIFEST_NAME):  # the manifest's is made just before the mark
            Path(_temp_name(os.path.join(self._root, rel_path))).unlink(missing_ok=True)
        for folder in reversed(self._made_dirs):
            with contextlib.suppress(OSError):
                os.rmdir(folder)
        self._close_journal()
        if self._fresh:
            with contextlib.suppress(OSError):
                self.output_dir.rmdir()

    def _close_journal(self) -> None:
        self._journal.close()
        (self.output_dir / JOURNAL_NAME).unlink(missing_ok=True)
        os.close(self._lock)


@contextlib.contextmanager
def _naming(target: str) -> Iterator[None]:
    """An OSError while writing TARGET names TARGET (not its temporary name, nor a copy's source):
    the file a user knows, for the message (errors.os_problem)."""
    try:
        yield
    except OSError as error:
        raise OSError(error.errno, error.strerror, target) from None


def _lock(output_dir: Path) -> int:
    """An exclusive lock on the output folder itself (flock on its descriptor: no file is added
    to what gets deployed), so that two builds, or a build and another command's recover(),
    never write or clean up one folder at once. Released when the descriptor is closed."""
    descriptor = os.open(output_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise SiteError([Problem(str(output_dir), "another sitegen command is writing this folder right now; "
                                 "wait for it to finish")]) from None
    return descriptor


@contextlib.contextmanager
def reading(output_dir: Path) -> Iterator[str | None]:
    """Hold OUTPUT_DIR as it is while the block reads it (a deploy uploads it): a build started
    meanwhile stops with a message instead of renaming files under it. A killed build's commit
    is finished or undone first; yields what recover() did."""
    descriptor = _lock(output_dir)
    try:
        yield _recover(output_dir)
    finally:
        os.close(descriptor)


def recover(output_dir: Path) -> str | None:
    """Finish or undo the commit of a build that was killed, as its journal says; what was done.

    Safe to run again if killed itself: every step can be repeated.
    """
    if not (output_dir / JOURNAL_NAME).exists():
        return None
    with reading(output_dir) as done:
        return done


def _recover(output_dir: Path) -> str | None:
    """recover(), with the folder's lock held."""
    journal = output_dir / JOURNAL_NAME
    try:
        lines = journal.read_text(encoding="utf-8", errors="surrogateescape").split("\n")[:-1]
    except FileNotFoundError:
        return None
    entries: dict[str, list[str]] = {_STAGED: [], _MADE: [], _DELETED: []}
    for line in lines:
        if line[:1] in entries:
            entries[line[:1]].append(line[1:])
    root = output_dir.resolve()
    inside = [rel for rel in entries[_STAGED] if (output_dir / rel).parent.resolve().is_relative_to(root)]
    if f"{_COMMITTED}" in lines:
        _finish(output_dir, inside, entries[_DELETED], fresh=False, resuming=True)
        done = "finished writing output/ for a build that was stopped while it wrote it"
    else:
        for rel_path in inside:
            Path(_temp_name(os.path.join(output_dir, rel_path))).unlink(missing_ok=True)
        for rel_path in reversed(entries[_MADE]):
            with contextlib.suppress(OSError):
                if (output_dir / rel_path).resolve().is_relative_to(root):
                    os.rmdir(output_dir / rel_path)
        done = "removed the temporary files of a build that was stopped before it wrote output/"
    journal.unlink()
    return done


def _finish(output_dir: Path, staged: Iterable[str], deleted: Iterable[str], *, fresh: bool,
            resuming: bool) -> int:
    """Rename the STAGED files into place and delete DELETED: the commit, also as recover() redoes
    it, so each step is skipped where it was done already. Returns how many files were deleted."""
    root = str(output_dir)
    for rel_path in staged:
        target = os.path.join(root, rel_path)
        temp = _temp_name(target)
        if resuming and not os.path.lexists(temp):
            continue  # renamed before the kill
        if not fresh and os.path.isdir(target) and not os.path.islink(target):
            shutil.rmtree(target)  # a page became a file where a folder was
        os.replace(temp, target)
    removed = 0
    for rel_path in deleted:
        target = output_dir / rel_path
        if target.is_file() or target.is_symlink():
            target.unlink()
            removed += 1
            _remove_empty_parents(target.parent, output_dir)
    return removed


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
