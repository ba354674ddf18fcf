"""Keeps the encoded variants of the site's images between builds, and encodes only what is new.

A `VariantStore` owns one folder of encoded variants, named by content key (content/images.py): with
the on-disk cache it is .sitegen-cache/images/, so a later `sitegen build` finds every
variant there and encodes nothing. Builds without the cache (`sitegen serve`, tests) use a
private temporary folder that lives as long as the builder: a serve session encodes each
image once however often it rebuilds, the variants are files OutputTransaction can copy and
compare like any asset, and memory does not grow with the site's photos. The store's index
remembers each image's facts by file size and mtime, so an unchanged image is not even read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.build.workers import encode_images
from generator.content.crops import Focus, with_crops
from generator.content.images import (
    SETTINGS_KEY,
    ImageFacts,
    ResponsiveImage,
    UnreadableImage,
    inspect,
    missing_variants,
    stored_name,
)
from generator.content.model import Article, Page
from generator.content.sources import SourceFile
from generator.model.pictures import image_sources

# (size, mtime_ns, images.SETTINGS_KEY) when inspected, and the facts: other encoder settings
# make other variants under other content keys, so they make an entry stale too.
IndexEntry = tuple[tuple[int, int, str], ImageFacts | None]
Progress = Callable[[str, int, int], None]


class VariantStore:
    """The variants of one site's images, and what is known about each image file."""

    def __init__(self, folder: Path | None, *, discard: bool = False, prune: bool = True) -> None:
        """FOLDER None: a temporary folder. DISCARD: start afresh (`sitegen build --clean`).
        PRUNE False keeps variants this store does not know (another build's), for serve."""
        if folder is not None and discard:
            shutil.rmtree(folder, ignore_errors=True)
        self._folder = folder
        self._prunes = prune
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        self.index: dict[str, IndexEntry] = {}  # content-relative path → entry
        self.changed = False  # the last prepare() changed the index: the cache needs saving
        self.encoded = 0  # images the last prepare() encoded

    @property
    def folder(self) -> Path:
        if self._folder is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="sitegen-images-")
            self._folder = Path(self._temporary.name)
        return self._folder

    def prepare(self, sources: Iterable[SourceFile], jobs: int, progress: Progress,
                focuses: Mapping[str, set[Focus]] | None = None) -> dict[str, ImageFacts]:
        """The facts of each image file in SOURCES, by content-relative path; variants encoded.

        FOCUSES names, by path, the focal points of the lead images that show a file: each
        gets its crops (content/crops.py). Files whose size cannot be known (an SVG sized in
        percent) are left out. Stored variants no image needs any more are deleted, so the
        folder does not grow forever.
        """
        focuses = focuses or {}
        folder = self.folder
        folder.mkdir(parents=True, exist_ok=True)
        fresh: dict[str, IndexEntry] = {}
        to_encode: list[tuple[str, ResponsiveImage, Path]] = []
        for source in sources:
            name = str(source.rel_path)
            stamp = (source.size, source.mtime_ns, SETTINGS_KEY)
            cached = self.index.get(name)
            if cached is not None and cached[0] == stamp:
                fresh[name] = cached
            else:
                try:
                    facts = inspect("/" + name, source.abs_path.read_bytes())
                except OSError as error:
                    facts = UnreadableImage("/" + name, error.strerror or str(error))
                fresh[name] = (stamp, facts)
            facts = fresh[name][1]
            if isinstance(facts, ResponsiveImage) and missing_variants(
                    with_crops(facts, focuses.get(name, ())), folder):
                to_encode.append((name, with_crops(facts, focuses.get(name, ())), source.abs_path))
        failures = encode_images([(image, file) for _, image, file in to_encode], folder, jobs, progress)
        for (name, _, _), failure in zip(to_encode, failures, strict=True):
            if failure is not None:
                fresh[name] = (fresh[name][0], failure)
        self.encoded = len(to_encode)
        self.changed = fresh != self.index
        self.index = fresh
        if self._prunes:
            self._prune(folder)
        return {name: with_crops(facts, focuses.get(name, ())) if isinstance(facts, ResponsiveImage) else facts
                for name, (_, facts) in fresh.items() if facts is not None}

    def for_content(self, articles: Iterable[Article], pages: Iterable[Page], sources: Iterable[SourceFile],
                    jobs: int, progress: Progress) -> dict[str, ImageFacts]:
        """prepare() for the images ARTICLES and PAGES show, found among SOURCES."""
        articles = list(articles)
        wanted = image_sources(articles, pages)
        focuses: dict[str, set[Focus]] = {}
        for article in articles:
            if article.image is not None and not article.image.is_remote:
                focuses.setdefault(article.image.src.lstrip("/"), set()).add(article.image.focus)
        return self.prepare([s for s in sources if str(s.rel_path) in wanted], jobs, progress, focuses)

    def claims(self, images: Mapping[str, ResponsiveImage]) -> list[tuple[str, str]]:
        """(output path, who writes it) for the variant files, for routes.find_collisions."""
        return [(variant.path.lstrip("/"), f"the resized copies of content{image.src}")
                for image in images.values() for variant in image.generated()]

    def output_files(self, images: Mapping[str, ResponsiveImage]) -> dict[str, Path]:
        """Output path → stored file, for every variant file IMAGES need in output/."""
        folder = self.folder
        return {variant.path.lstrip("/"): folder / stored_name(image.content_key, variant)
                for image in images.values() for variant in image.generated()}

    def _prune(self, folder: Path) -> None:
        """Delete variants of images no longer used, and temporary files a killed build left.

        A temporary file is left alone for a day: another build of the site may be writing it.
        """
        keys = {facts.content_key for _, facts in self.index.values() if isinstance(facts, ResponsiveImage)}
        abandoned = time.time() - 86400
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # build/icons.py's sets
                    continue
                temporary = entry.name.startswith(".")
                if (temporary and entry.stat().st_mtime < abandoned) or (
                        not temporary and entry.name.split(".", 1)[0] not in keys):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
