"""What a deploy changes: output/ against what the target holds, known from its manifest.

The manifest lists each file the target holds with the state it was put in (content digest and
headers) and the listing's check of it then (ETag, mtime). Before a deploy changes anything it
writes the manifest again with every file it is about to touch moved to `pending`: their state
is unknown until the deploy ends. A deploy that fails half-way, or is killed, so leaves a
manifest that trusts only what it knows, and the next one uploads (or deletes) every pending
file again: it converges on an exact copy of output/ whatever happened before.

The manifest is checked against the listing: a folder's in full on every deploy, a bucket's one
page of it (listing a bucket costs a request per 1,000 objects, seconds at 25,000) at a random
place, and in full when that page disagrees, when there is no manifest, or with --verify. A
file whose listing differs from the manifest (someone changed it by hand) counts as unknown.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import dataclass, field

from generator import __version__
from generator.deploy.local import LocalFile
from generator.deploy.policy import Stage
from generator.deploy.targets import Listed, Target

MANIFEST_FORMAT = 1
SPOT_CHECK = 500  # objects of a bucket's listing compared with its manifest on each deploy


@dataclass
class Remote:
    """What the target holds: FILES it is known to hold (path → (state, size, check)) and PENDING
    paths whose state is unknown (a deploy was changing them, or the listing disagreed)."""

    files: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    checked: str = "manifest"  # how far the listing was compared: "manifest", "spot", "full"

    def to_bytes(self) -> bytes:
        data = {"sitegen": __version__, "format": MANIFEST_FORMAT, "pending": sorted(self.pending),
                "files": {path: list(entry) for path, entry in sorted(self.files.items())}}
        return gzip.compress(json.dumps(data, separators=(",", ":")).encode(), mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> Remote | None:
        """The manifest DATA holds, or None if it is not one this sitegen wrote (then the listing decides)."""
        try:
            loaded = json.loads(gzip.decompress(data))
            if loaded.get("format") != MANIFEST_FORMAT:
                return None
            files = {str(path): (str(state), int(size), str(check)) for path, (state, size, check)
                     in loaded["files"].items()}
            return cls(files, {str(path) for path in loaded["pending"]})
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def forget(self, paths: set[str]) -> None:
        """PATHS are about to change: their state is unknown until the deploy says otherwise."""
        for path in paths:
            self.files.pop(path, None)
        self.pending |= paths

    def reconcile(self, listed: dict[str, Listed]) -> None:
        """Trust only the files the listing shows as the manifest knows them; anything else listed
        (an upload the manifest never learnt of, a file changed by hand) is unknown."""
        self.files = {path: entry for path, entry in self.files.items()
                      if (seen := listed.get(path)) is not None and (seen.size, seen.check) == entry[1:]}
        self.pending = {path for path in self.pending | set(listed) if path not in self.files}


def remote_state(target: Target, verify: bool) -> Remote:
    """What TARGET holds: its manifest, checked against its listing (module docstring)."""
    manifest = target.read_manifest()
    remote = Remote.from_bytes(manifest) if manifest is not None else None
    if remote is not None and not verify and not target.cheap_listing and _agrees(remote, target):
        remote.checked = "spot"
        return remote
    remote = remote or Remote()
    remote.reconcile(target.listing()[0])
    remote.checked = "full"
    return remote


def _agrees(remote: Remote, target: Target) -> bool:
    """Whether one page of TARGET's listing, from a random file on, is what REMOTE says.

    The page starts early enough to hold a full page of files the manifest knows (a bucket
    emptied by hand is always caught), and anywhere before that: over many deploys, everywhere.
    """
    known = sorted(remote.files)
    start = random.choice(["", *known[:-SPOT_CHECK]])
    listed, more = target.listing(start, SPOT_CHECK)
    last = max(listed) if listed and more else None
    expected = {path for path in known if path > start and (last is None or path <= last)}
    if set(listed) - remote.pending != expected - remote.pending:
        return False
    return all((seen.size, seen.check) == remote.files[path][1:] for path, seen in listed.items()
               if path in remote.files)


@dataclass(frozen=True, slots=True)
class Plan:
    """The uploads (in the order they go up) and deletions that make the target a copy of output/."""

    uploads: tuple[LocalFile, ...]
    new: frozenset[str]  # of the uploads, those the target is not known to have held
    deletions: tuple[str, ...]
    unchanged: int

    @property
    def empty(self) -> bool:
        return not self.uploads and not self.deletions

    def stages(self) -> list[tuple[Stage, list[LocalFile]]]:
        """The uploads by stage, in order (a stage begins when the one before has ended)."""
        return [(stage, [f for f in self.uploads if f.stage is stage]) for stage in Stage
                if stage is not Stage.DELETIONS and any(f.stage is stage for f in self.uploads)]


def make_plan(local: dict[str, LocalFile], remote: Remote) -> Plan:
    """What to upload and delete so that the target holds exactly LOCAL."""
    uploads = [file for path, file in local.items()
               if path in remote.pending or (entry := remote.files.get(path)) is None or entry[0] != file.state]
    uploads.sort(key=lambda file: (file.stage, file.path))
    held = set(remote.files) | remote.pending
    new = frozenset(file.path for file in uploads if file.path not in held)
    deletions = tuple(sorted(held - set(local)))
    return Plan(tuple(uploads), new, deletions, len(local) - len(uploads))
