"""A folder as a deploy target (`file:///srv/www`): a web server's root, or a mounted share.

Each file is written beside its place under a temporary name and renamed over it, so the web
server never sends half a file; a deploy killed mid-way leaves at most temporary files, which
the next one deletes. Listing a folder is cheap, so every deploy checks the manifest against
all of it: a file someone changed by hand is put back.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from generator.deploy.local import LocalFile
from generator.deploy.targets import MANIFEST_KEY, Listed, target_error
from generator.errors import os_problem
from generator.publish.output import TEMP_SUFFIX


class FolderTarget:
    parallel = 2
    cheap_listing = True
    gzip = False  # a web server serves files as they are: it compresses on the fly (README: nginx)

    def __init__(self, url: str, root: Path, output_dir: Path) -> None:
        self.url = url
        self.root = root
        real_root, real_output = root.resolve(), output_dir.resolve()
        if real_root == real_output or real_root.is_relative_to(real_output) or real_output.is_relative_to(real_root):
            raise target_error(url, f"cannot be {output_dir}, nor a folder inside it or around it: a deploy would "
                               "copy the site onto itself; choose a folder of its own")
        if not root.parent.is_dir():
            raise target_error(url, f"{root.parent} does not exist; create it (or mount the share) first")
        if root.exists() and not root.is_dir():
            raise target_error(url, "is a file, not a folder")
        with self._faults():
            root.mkdir(exist_ok=True)

    @contextlib.contextmanager
    def _faults(self) -> Iterator[None]:
        """A full disk, a read-only mount, a permission problem: one message naming the file."""
        try:
            yield
        except OSError as error:
            problem = os_problem(error, self.root)
            raise target_error(self.url, f"{problem.path}: {problem.message}") from None

    def read_manifest(self) -> bytes | None:
        with self._faults():
            try:
                return (self.root / MANIFEST_KEY).read_bytes()
            except FileNotFoundError:
                return None

    def write_manifest(self, data: bytes) -> None:
        with self._faults():
            self._write(self.root / MANIFEST_KEY, data)

    def listing(self, start_after: str = "", limit: int | None = None) -> tuple[dict[str, Listed], bool]:
        """Every file under the folder but the manifest (a folder is always listed whole)."""
        found: dict[str, Listed] = {}
        pending = [""]
        with self._faults():
            while pending:
                folder = pending.pop()
                with os.scandir(self.root / folder) as entries:
                    for entry in entries:
                        rel_path = folder + entry.name
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(rel_path + "/")
                        elif rel_path != MANIFEST_KEY:
                            stat = entry.stat(follow_symlinks=False)
                            found[rel_path] = Listed(stat.st_size, str(stat.st_mtime_ns))
        return found, False

    def put(self, file: LocalFile, body: bytes) -> str:
        target = self.root / file.path
        with self._faults():
            target.parent.mkdir(parents=True, exist_ok=True)
            return self._write(target, body)

    def delete(self, paths: list[str]) -> None:
        real_root = self.root.resolve()
        with self._faults():
            for rel_path in paths:
                target = self.root / rel_path
                if not target.parent.resolve().is_relative_to(real_root):
                    continue  # a tampered manifest never reaches outside the folder
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
                self._remove_empty_folders(target.parent)

    def _remove_empty_folders(self, folder: Path) -> None:
        while folder != self.root and folder.is_relative_to(self.root):
            try:
                folder.rmdir()
            except OSError:
                return
            folder = folder.parent

    @staticmethod
    def _write(target: Path, data: bytes) -> str:
        """DATA into TARGET through a temporary file renamed over it; its mtime, the listing's check."""
        temp = target.with_name(f".{target.name}{TEMP_SUFFIX}")
        try:
            temp.write_bytes(data)
            os.replace(temp, target)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        return str(target.stat().st_mtime_ns)
