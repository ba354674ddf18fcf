"""The only writer to output/: all or nothing, only what changed, only what it wrote itself.

New and changed files are first written to a staging folder beside output/; only when the
whole build has succeeded are they moved in with os.replace (atomic per file, so a server
never reads half a page). A failed build deletes the staging folder and output/ stays byte
for byte as it was. Unchanged files are not touched, so their mtimes stay and rsync or a CDN
upload only sends what changed. A manifest lists what sitegen wrote, so files it no longer
produces are removed and files it never wrote are never deleted.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem, SiteError

MANIFEST_NAME = ".sitegen-manifest"


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


class OutputTransaction:
    """Collects the files of one build and moves them into output/ only on `commit`."""

    def __init__(self, output_dir: Path, site_root: Path) -> None:
        check_output_dir(output_dir, site_root)
        self.output_dir = output_dir
        self.staging = output_dir.parent / f".{output_dir.name}.sitegen-staging"
        shutil.rmtree(self.staging, ignore_errors=True)  # left over from a killed run
        self.produced: set[str] = set()
        self.staged: list[str] = []
        self.unchanged = 0

    def _target(self, rel_path: str) -> Path:
        return self.output_dir / rel_path

    def _stage_path(self, rel_path: str) -> Path:
        path = self.staging / rel_path
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write(self, rel_path: str, data: bytes) -> None:
        """Stage DATA for output/REL_PATH unless the file already holds exactly these bytes."""
        self.produced.add(rel_path)
        target = self._target(rel_path)
        try:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                self.unchanged += 1
                return
        except (FileNotFoundError, NotADirectoryError):
            pass
        self._stage_path(rel_path).write_bytes(data)
        self.staged.append(rel_path)

    def keep(self, rel_path: str) -> None:
        """Claim output/REL_PATH as produced by this build without touching it (known unchanged)."""
        self.produced.add(rel_path)
        self.unchanged += 1

    def copy(self, rel_path: str, source: Path) -> None:
        """Stage a copy of SOURCE (an image, a stylesheet) unless output/ has the same bytes."""
        self.produced.add(rel_path)
        target = self._target(rel_path)
        try:
            same = target.stat().st_size == source.stat().st_size and target.read_bytes() == source.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            same = False
        if same:
            self.unchanged += 1
            return
        shutil.copyfile(source, self._stage_path(rel_path))
        self.staged.append(rel_path)

    def _previous_manifest(self) -> set[str]:
        try:
            return set((self.output_dir / MANIFEST_NAME).read_text(encoding="utf-8").splitlines())
        except FileNotFoundError:
            return set()

    def commit(self) -> WriteStats:
        """Move staged files into output/, delete what sitegen wrote before but not now."""
        previous = self._previous_manifest()
        self.output_dir.mkdir(parents=True, exist_ok=True)
        for rel_path in self.staged:
            target = self._target(rel_path)
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)  # a page became a file where a folder was
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / rel_path, target)
        removed = 0
        real_output = self.output_dir.resolve()
        for rel_path in sorted(previous - self.produced):
            target = self._target(rel_path)
            if not target.parent.resolve().is_relative_to(real_output):
                continue  # a tampered manifest must never reach outside output/
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed += 1
                _remove_empty_parents(target.parent, self.output_dir)
        manifest = "\n".join(sorted(self.produced)) + "\n"
        if previous != self.produced:
            (self.output_dir / MANIFEST_NAME).write_text(manifest, encoding="utf-8")
        shutil.rmtree(self.staging, ignore_errors=True)
        return WriteStats(len(self.staged), self.unchanged, removed)

    def rollback(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
