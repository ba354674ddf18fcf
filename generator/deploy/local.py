"""output/ as a deploy sees it: each file to publish with its digest and the headers it gets.

A 10,000-article site has some 25,000 files, and a deploy after a publish must not read them
all: a build never rewrites an unchanged file (publish/output.py), so a file whose size,
mtime, ctime and inode are as at the last deploy has the digest it had then (a file renamed
into place gets a new ctime, even where the inode number is reused). Those digests are kept
in the build cache's folder; a missing or unreadable cache only means reading every file once.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from generator.deploy.policy import Stage, cache_control, compressible, content_type, stage
from generator.publish.output import JOURNAL_NAME, MANIFEST_NAME, TEMP_SUFFIX
from generator.render.themes import content_digest

DIGESTS_FILE = "deploy-digests.pickle"  # in the build cache's folder
BOOKKEEPING_PREFIX = ".sitegen"  # the build cache, a deploy's own manifest: never published

_Digests = dict[str, tuple[int, int, int, int, str]]  # output path → (size, mtime, ctime, inode, content digest)


def is_bookkeeping(name: str) -> bool:
    """Whether a file or folder NAME is sitegen's own bookkeeping, not part of the site: output/'s
    manifest and journal, a build's temporary files, the build cache, a deploy's manifest."""
    return name in (MANIFEST_NAME, JOURNAL_NAME) or name.startswith(BOOKKEEPING_PREFIX) or name.endswith(TEMP_SUFFIX)


@dataclass(frozen=True, slots=True)
class LocalFile:
    """One file of output/ and how the target is to serve it."""

    path: str  # relative to output/, with "/"
    size: int
    digest: str  # render/themes.py content_digest() of its bytes
    content_type: str
    cache_control: str
    gzipped: bool  # uploaded compressed, with Content-Encoding: gzip

    @property
    def stage(self) -> Stage:
        return stage(self.path)

    @property
    def state(self) -> str:
        """What the target must hold for this file to count as deployed: its bytes and headers."""
        headers = f"{self.content_type}\n{self.cache_control}\n{'gzip' if self.gzipped else ''}"
        return f"{self.digest}:{hashlib.blake2b(headers.encode(), digest_size=4).hexdigest()}"

    def body(self, output_dir: Path) -> bytes:
        """The bytes to upload: the file's own, or gzip's (fixed mtime, so equal files compress equally)."""
        data = (output_dir / self.path).read_bytes()
        return gzip.compress(data, compresslevel=9, mtime=0) if self.gzipped else data


def scan(output_dir: Path, cache_dir: Path, use_gzip: bool) -> dict[str, LocalFile]:
    """Every file of OUTPUT_DIR to publish, by path; USE_GZIP: compress text files for the target.

    Raises OSError if output/ cannot be read.
    """
    known = _load(cache_dir / DIGESTS_FILE)
    digests: _Digests = {}
    files: dict[str, LocalFile] = {}
    root = str(output_dir)
    pending = [""]
    while pending:
        folder = pending.pop()
        with os.scandir(os.path.join(root, folder)) as entries:
            for entry in entries:
                if is_bookkeeping(entry.name):
                    continue
                rel_path = folder + entry.name
                if entry.is_dir():
                    pending.append(rel_path + "/")
                    continue
                if not entry.is_file():
                    continue
                stat = entry.stat()
                key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)
                earlier = known.get(rel_path)
                if earlier is not None and earlier[:4] == key:
                    digest = earlier[4]
                else:
                    with open(entry.path, "rb") as handle:
                        digest = content_digest(handle.read())
                digests[rel_path] = (*key, digest)
                mime = content_type(rel_path)
                files[rel_path] = LocalFile(rel_path, stat.st_size, digest, mime, cache_control(rel_path, digest),
                                            use_gzip and compressible(mime))
    if digests != known:
        _save(cache_dir / DIGESTS_FILE, digests)
    return files


def _load(path: Path) -> _Digests:
    try:
        with path.open("rb") as handle:
            known = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _save(path: Path, digests: _Digests) -> None:
    """Keep DIGESTS for the next deploy. Only a saving: a deploy that cannot write it (a read-only
    cache folder) is as correct, and the next one reads every file again."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_name(path.name + ".tmp")
        with temp.open("wb") as handle:
            pickle.dump(digests, handle, protocol=5)
        os.replace(temp, path)
    except OSError:
        pass
