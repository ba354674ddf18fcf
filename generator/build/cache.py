"""The build cache: what earlier builds parsed and rendered, so the next build redoes only changes.

In memory, `ParseCache` keeps every file's parse result, reused while the file's bytes are the
same (a touched but unchanged file is recognised by its content hash). On disk,
.sitegen-cache/ under the site holds that cache, the page records of the last build and
Jinja's compiled templates. Each file carries a header naming the cache format, the sitegen
version and the site folder; a cache that is unreadable, from another version or another
site is ignored and rebuilt, never trusted.

The state is kept in two files, as a log-structured store keeps a table: a base (every parse
result and page record, 40 MB at 10,000 articles) and the changes since it (the entries that
differ, with the small parts whole). Publishing one story rewrites the changes file, not the
base, which is written anew only when the changes grow past a fifth of it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import jinja2.bccache

from generator import __version__
from generator.build.variants import IndexEntry, VariantStore
from generator.build.workers import parse_sources
from generator.config import CONFIG_NAME, SiteConfig
from generator.content.ledger import LEDGER_NAME
from generator.content.model import Article, Author, Page, ParseResult, TagRef
from generator.content.parse import source_digest
from generator.content.sources import SourceFile, SourceKind
from generator.errors import Problem
from generator.frozen import evolve
from generator.incremental.fingerprints import PageRecord
from generator.incremental.resolver import ResolverMemory
from generator.publish.output import MANIFEST_NAME

CACHE_DIR_NAME = ".sitegen-cache"
STATE_FILE = "state.pickle"
CHANGES_FILE = "state-changes.pickle"
# Present from just before a build changes output/ until its cache is saved, listing what the
# commit changes: if the build is killed in between, the records of those pages may not
# describe output/ (publish/output.recover may finish the commit), so they are not trusted.
OUTPUT_CHANGED_FILE = "output-changed"
RECORD_FILE = "last-build.pickle"
# 2: image facts in the state, inline images in parse results; 3: packed bodies; 4: page records;
# 5: their digests (ResolverMemory); 6: with the reads of the site; 7: records keep their given
# part, a base state and its changes; 8: digests by name
_FORMAT = 11
_REWRITE_BASE_AT = 5  # the changes file may hold up to 1/5 as many entries as the base
Progress = Callable[[str, int, int], None]
Loaded = TypeVar("Loaded")


@dataclass(slots=True)
class CachedParse:
    stamp: tuple[int, int]  # size and mtime_ns when parsed
    result: ParseResult

    @property
    def digest(self) -> str:
        """The parsed file's source_digest; "" for a file that failed, so it is parsed again."""
        return self.result.value.digest if self.result.value is not None else ""


@dataclass
class ParseCache:
    """Parse results by content-relative path, valid for one configuration."""

    config_key: str = ""
    entries: dict[str, CachedParse] = field(default_factory=dict)
    misses: int = 0

    def parse_all(self, sources: tuple[SourceFile, ...], config: SiteConfig, jobs: int,
                  progress: Progress) -> tuple[list[Article], list[Page], list[Author], list[Problem]]:
        """Every Markdown source's parse result, parsing only files that changed."""
        key = hashlib.blake2b(repr(config).encode(), digest_size=16).hexdigest()
        if key != self.config_key:
            self.config_key, self.entries = key, {}
        markdown = [s for s in sources if s.kind is not SourceKind.ASSET]
        fresh: dict[str, CachedParse] = {}
        to_parse: list[SourceFile] = []
        for source in markdown:
            name = str(source.rel_path)
            stamp = (source.size, source.mtime_ns)
            cached = self.entries.get(name)
            if cached is not None and cached.stamp == stamp:
                fresh[name] = cached
            elif cached is not None and cached.digest == _digest_of(source):
                fresh[name] = CachedParse(stamp, cached.result)
            else:
                fresh[name] = CachedParse(stamp, ParseResult(None))
                to_parse.append(source)
        shared_tags: dict[TagRef, TagRef] = {}
        for source, result in zip(to_parse, parse_sources(to_parse, config, jobs, progress), strict=True):
            fresh[str(source.rel_path)].result = _with_shared_tags(result, shared_tags)
        self.entries = fresh
        self.misses += len(to_parse)
        articles: list[Article] = []
        pages: list[Page] = []
        authors: list[Author] = []
        problems: list[Problem] = []
        for source in markdown:
            result = fresh[str(source.rel_path)].result
            problems += result.problems
            if isinstance(result.value, Article):
                articles.append(result.value)
            elif isinstance(result.value, Page):
                pages.append(result.value)
            elif isinstance(result.value, Author):
                authors.append(result.value)
        return articles, pages, authors, problems


    def reparse(self, sources: list[SourceFile], config: SiteConfig) -> list[ParseResult]:
        """The parse results of SOURCES alone, parsed where changed, for a serve edit of a few files.

        The quick path needs only the edited articles; walking every entry, as parse_all
        does, costs tens of milliseconds on a big site. Entries are updated, so a full build
        that follows does not parse these files again.
        """
        results = []
        for source in sources:
            name = str(source.rel_path)
            stamp = (source.size, source.mtime_ns)
            cached = self.entries.get(name)
            if cached is None or (cached.stamp != stamp and cached.digest != _digest_of(source)):
                cached = CachedParse(stamp, parse_sources([source], config, 1, _no_progress)[0])
                self.misses += 1
            self.entries[name] = CachedParse(stamp, cached.result)
            results.append(cached.result)
        return results


def _with_shared_tags(result: ParseResult, shared: dict[TagRef, TagRef]) -> ParseResult:
    """RESULT with its tags replaced by the equal TagRefs already in SHARED (added if new).

    Results come back from the workers with a TagRef object per article and tag; sharing one
    per tag saves some 1.2 KB per article, in the main process and in every render worker.
    """
    article = result.value
    if not isinstance(article, Article) or not article.tags:
        return result
    return evolve(result, value=evolve(article, tags=tuple(shared.setdefault(tag, tag) for tag in article.tags)))


def _no_progress(stage: str, done: int, total: int) -> None:
    """Progress callback for work too small to report."""


def _digest_of(source: SourceFile) -> str:
    try:
        return source_digest(str(source.rel_path), source.abs_path.read_bytes())
    except OSError:
        return ""


@dataclass
class CacheState:
    """What one build hands to the next."""

    parse: ParseCache = field(default_factory=ParseCache)
    records: dict[str, PageRecord] = field(default_factory=dict)  # by output path (incremental/fingerprints.py)
    output_dir: str = ""
    images: dict[str, IndexEntry] = field(default_factory=dict)  # VariantStore.index
    digests: ResolverMemory = field(default_factory=ResolverMemory)  # what the records' check worked out


def _header(site_dir: Path) -> dict[str, Any]:
    return {"format": _FORMAT, "sitegen": __version__, "site": str(site_dir.resolve())}


_FOREIGN = "the build cache is from another sitegen version or site; rebuilding it"
_UNREADABLE = "the build cache could not be read; rebuilding it"


def _load(path: Path, site_dir: Path, kind: type[Loaded]) -> tuple[Loaded | None, str]:
    """The KIND object pickled at PATH behind this site's header, or None and why not ("" if absent)."""
    if not path.is_file():
        return None, ""
    try:
        with path.open("rb") as handle:
            if pickle.load(handle) != _header(site_dir):
                return None, _FOREIGN
            value = pickle.load(handle)
    except Exception:  # whatever is wrong with the file (truncated, garbage, old classes): not trusted
        return None, _UNREADABLE
    return (value, "") if isinstance(value, kind) else (None, _UNREADABLE)


@dataclass(frozen=True)
class StoredBase:
    """What the base state file holds, as a build loaded or wrote it: the next save writes only
    the entries that are not these very objects."""

    token: str  # names this base; a changes file made against another base is not applied
    parse: dict[str, CachedParse]
    records: dict[str, PageRecord]
    config_key: str
    output_dir: str

    @staticmethod
    def of(token: str, state: CacheState) -> StoredBase:
        return StoredBase(token, dict(state.parse.entries), dict(state.records), state.parse.config_key,
                          state.output_dir)


@dataclass(frozen=True)
class _Changes:
    """The changes file: the state as it is now, as entries that differ from the base (None: gone)."""

    token: str
    parse: dict[str, CachedParse | None]
    records: dict[str, PageRecord | None]
    images: dict[str, IndexEntry]
    digests: ResolverMemory


def _differences(now: dict[str, Loaded], base: dict[str, Loaded]) -> dict[str, Loaded | None]:
    changes: dict[str, Loaded | None] = {name: value for name, value in now.items() if base.get(name) is not value}
    changes.update(dict.fromkeys(base.keys() - now.keys()))
    return changes


def _apply(changes: dict[str, Loaded | None], entries: dict[str, Loaded]) -> None:
    for name, value in changes.items():
        if value is None:
            entries.pop(name, None)
        else:
            entries[name] = value


def load_state(site_dir: Path, output_dir: Path) -> tuple[CacheState, StoredBase | None, str]:
    """The cached state for building SITE_DIR into OUTPUT_DIR, the base it was read from (for
    save_state), and a note when the cache was unusable."""
    folder = site_dir / CACHE_DIR_NAME
    stored, note = _load(folder / STATE_FILE, site_dir, tuple)
    if stored is None or len(stored) != 2 or not isinstance(stored[1], CacheState):
        return CacheState(), None, note or (_UNREADABLE if stored is not None else "")
    token, state = stored
    base = StoredBase.of(token, state)
    changes, _ = _load(folder / CHANGES_FILE, site_dir, _Changes)
    if changes is not None and changes.token == token:
        _apply(changes.parse, state.parse.entries)
        _apply(changes.records, state.records)
        state.images, state.digests = changes.images, changes.digests
    if state.output_dir != str(output_dir.resolve()):
        state.records, state.digests = {}, ResolverMemory()  # pages were rendered into another folder
    try:
        for path in (folder / OUTPUT_CHANGED_FILE).read_text(encoding="utf-8").splitlines():
            state.records.pop(path, None)
    except OSError:
        pass  # none: the last build's commit (if any) ended with its cache saved
    return state, base, ""


def distrust_records(site_dir: Path, paths: list[str]) -> None:
    """Set aside what describes output/PATHS as the last build left them, until the next save:
    their page records, and the last build's record, which would call output/ up to date."""
    folder = site_dir / CACHE_DIR_NAME
    if folder.is_dir():
        (folder / RECORD_FILE).unlink(missing_ok=True)
        with open(folder / OUTPUT_CHANGED_FILE, "a", encoding="utf-8") as changed:
            changed.writelines(f"{path}\n" for path in paths)
            changed.flush()
            os.fsync(changed.fileno())


def save_state(site_dir: Path, state: CacheState, base: StoredBase | None) -> StoredBase:
    """Write STATE: as its changes since BASE where they are few, else as a new base."""
    folder = site_dir / CACHE_DIR_NAME
    if base is not None and (base.config_key, base.output_dir) == (state.parse.config_key, state.output_dir):
        parse = _differences(state.parse.entries, base.parse)
        records = _differences(state.records, base.records)
        if (len(parse) + len(records)) * _REWRITE_BASE_AT <= len(base.parse) + len(base.records):
            _dump(folder / CHANGES_FILE, site_dir, _Changes(base.token, parse, records, state.images, state.digests))
            (folder / OUTPUT_CHANGED_FILE).unlink(missing_ok=True)  # these records describe output/ as it is
            return base
    token = secrets.token_hex(8)
    _dump(folder / STATE_FILE, site_dir, (token, state))
    (folder / CHANGES_FILE).unlink(missing_ok=True)  # made against the old base: ignored if a kill leaves it
    (folder / OUTPUT_CHANGED_FILE).unlink(missing_ok=True)  # these records describe output/ as it is
    return StoredBase.of(token, state)


def _dump(path: Path, site_dir: Path, value: object) -> None:
    """Pickle VALUE behind the header, atomically: a killed build leaves the previous file."""
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with temporary.open("wb") as handle:
        pickle.dump(_header(site_dir), handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


@dataclass(frozen=True)
class BuildRecord:
    """How the last successful build went, and what it read, to recognise a no-op build."""

    inputs: str  # digest of every input's name, size and mtime (see inputs_digest)
    valid_until: datetime | None  # a held-back article becomes due then: the site changes
    manifest: str  # digest of output/'s manifest: the output folder is as that build left it
    result: Any  # that build's BuildResult, reported again


def inputs_digest(site_dir: Path, options_key: str, sources: tuple[SourceFile, ...],
                  theme_folders: tuple[Path, ...], year: int) -> str:
    """Digest of everything a build reads: if it is unchanged, so is every output file."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{__version__}\0{options_key}\0{year}\0".encode())
    digest.update((site_dir / CONFIG_NAME).read_bytes())
    ledger = site_dir / LEDGER_NAME
    digest.update(ledger.read_bytes() if ledger.exists() else b"\0no ledger")
    for source in sources:
        digest.update(f"{source.rel_path}\0{source.size}\0{source.mtime_ns}\n".encode())
    for folder in theme_folders:
        for path in sorted(folder.rglob("*")):
            stat = path.stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def manifest_digest(output_dir: Path) -> str:
    """Digest of the output manifest, or "" when output/ lost it or any file it lists."""
    try:
        manifest = (output_dir / MANIFEST_NAME).read_bytes()
    except OSError:
        return ""
    root = str(output_dir)
    if not all(os.path.exists(os.path.join(root, name)) for name in manifest.decode().splitlines()):
        return ""
    return hashlib.blake2b(manifest, digest_size=16).hexdigest()


def load_record(site_dir: Path) -> BuildRecord | None:
    """The last build's record; None (a real build follows) when absent or not trustworthy."""
    return _load(site_dir / CACHE_DIR_NAME / RECORD_FILE, site_dir, BuildRecord)[0]


def save_record(site_dir: Path, record: BuildRecord) -> None:
    _dump(site_dir / CACHE_DIR_NAME / RECORD_FILE, site_dir, record)


def variant_store(site_dir: Path, cache: bool, clean: bool) -> VariantStore:
    """Image variants in .sitegen-cache/images/ (emptied by CLEAN).

    Builds without the cache (`sitegen serve`) use the folder too, as variants are stored by
    the image's content: a preview session must not spend minutes encoding photos the last
    build already made. Only cached builds delete variants no image uses any more.
    """
    return VariantStore(site_dir / CACHE_DIR_NAME / "images", discard=clean and cache, prune=cache)


class _TemplateCodeFolder(jinja2.FileSystemBytecodeCache):
    """Jinja's FileSystemBytecodeCache, making its folder only when it first stores a template,
    so that a build stopped early (no sitegen.toml there, a config error) leaves no folder behind."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        Path(self.directory).mkdir(parents=True, exist_ok=True)
        super().dump_bytecode(bucket)


def template_bytecode_cache(site_dir: Path) -> jinja2.BytecodeCache:
    """Jinja's compiled templates, kept between runs (checked against each template's source)."""
    return _TemplateCodeFolder(str(site_dir / CACHE_DIR_NAME / "templates"))
