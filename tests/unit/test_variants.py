"""generator.build.variants: the variant store encodes each image once, and only what is missing."""

from __future__ import annotations

import os
import time
from pathlib import Path, PurePosixPath

import pytest
from PIL import Image as PILImage

from generator.build.variants import VariantStore
from generator.content.images import ResponsiveImage, UnreadableImage
from generator.content.sources import SourceFile, SourceKind


def write_image(content: Path, rel_path: str, size: tuple[int, int], color: str = "teal") -> SourceFile:
    path = content / rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, color).save(path)
    return source_of(content, rel_path)


def source_of(content: Path, rel_path: str) -> SourceFile:
    path = content / rel_path
    stat = path.stat()
    return SourceFile(PurePosixPath(rel_path), path, SourceKind.ASSET, stat.st_size, stat.st_mtime_ns)


def stored(folder: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}


def test_facts_by_path_and_the_variant_files_for_output(tmp_path):
    source = write_image(tmp_path / "content", "images/a.jpg", (1000, 500))
    store = VariantStore(tmp_path / "store")
    facts = store.prepare([source], 1, lambda *_: None)
    image = facts["images/a.jpg"]
    assert isinstance(image, ResponsiveImage) and (image.width, image.height) == (1000, 500)
    files = store.output_files({"images/a.jpg": image})
    assert sorted(files) == ["images/a.jpg.1000w.webp", "images/a.jpg.480w.jpg", "images/a.jpg.480w.webp",
                             "images/a.jpg.960w.jpg", "images/a.jpg.960w.webp"]
    assert all(path.is_file() for path in files.values())
    assert store.claims({"images/a.jpg": image})[0] == ("images/a.jpg.480w.webp",
                                                         "the resized copies of content/images/a.jpg")


def test_a_new_store_on_the_same_folder_encodes_nothing(tmp_path, monkeypatch):
    content = tmp_path / "content"
    sources = [write_image(content, "images/a.jpg", (1000, 500)), write_image(content, "b.png", (600, 300))]
    VariantStore(tmp_path / "store").prepare(sources, 1, lambda *_: None)
    before = stored(tmp_path / "store")
    monkeypatch.setattr("generator.build.workers.encode", lambda *_: pytest.fail("encoded again"))
    again = VariantStore(tmp_path / "store")
    facts = again.prepare(sources, 1, lambda *_: None)
    assert again.encoded == 0 and len(facts) == 2
    assert stored(tmp_path / "store") == before


def test_an_unchanged_file_is_not_even_read_again(tmp_path, monkeypatch):
    source = write_image(tmp_path / "content", "a.png", (600, 300))
    store = VariantStore(tmp_path / "store")
    first = store.prepare([source], 1, lambda *_: None)
    monkeypatch.setattr("generator.build.variants.inspect", lambda *_: pytest.fail("inspected again"))
    assert store.prepare([source], 1, lambda *_: None) == first
    assert not store.changed


def test_a_replaced_image_is_encoded_and_the_old_variants_are_pruned(tmp_path):
    content = tmp_path / "content"
    store = VariantStore(tmp_path / "store")
    store.prepare([write_image(content, "a.png", (1200, 600))], 1, lambda *_: None)
    old = set(stored(tmp_path / "store"))
    facts = store.prepare([write_image(content, "a.png", (500, 250), "red")], 1, lambda *_: None)
    assert store.encoded == 1 and store.changed
    assert facts["a.png"].width == 500
    assert not old & set(stored(tmp_path / "store"))


def test_an_unreadable_image_is_reported_and_not_retried_while_unchanged(tmp_path):
    content = tmp_path / "content"
    (content / "images").mkdir(parents=True)
    (content / "images/bad.jpg").write_bytes(b"\xff\xd8 not really a JPEG")
    source = source_of(content, "images/bad.jpg")
    store = VariantStore(tmp_path / "store")
    facts = store.prepare([source], 1, lambda *_: None)
    assert isinstance(facts["images/bad.jpg"], UnreadableImage)
    assert store.prepare([source], 1, lambda *_: None) == facts and store.encoded == 0


def test_many_images_are_encoded_by_worker_processes_with_the_same_result(tmp_path):
    content = tmp_path / "content"
    sources = [write_image(content, f"{n}.png", (500 + n, 300)) for n in range(4)]
    in_parent = VariantStore(tmp_path / "one").prepare(sources, 1, lambda *_: None)
    stages = []
    pooled = VariantStore(tmp_path / "two")
    assert pooled.prepare(sources, 2, lambda stage, *_: stages.append(stage)) == in_parent
    assert stages and set(stages) == {"Encoding images"}
    assert set(stored(tmp_path / "one")) == set(stored(tmp_path / "two"))


def test_without_a_folder_a_temporary_one_is_used_and_discard_empties_a_given_one(tmp_path):
    source = write_image(tmp_path / "content", "a.png", (600, 300))
    temporary = VariantStore(None)
    temporary.prepare([source], 1, lambda *_: None)
    assert temporary.folder.is_dir() and not temporary.folder.is_relative_to(tmp_path)
    VariantStore(tmp_path / "store").prepare([source], 1, lambda *_: None)
    fresh = VariantStore(tmp_path / "store", discard=True)
    fresh.prepare([source], 1, lambda *_: None)
    assert fresh.encoded == 1


def test_temporary_files_are_pruned_only_once_abandoned(tmp_path):
    source = write_image(tmp_path / "content", "a.png", (600, 300))
    (tmp_path / "store").mkdir()
    fresh, stale = tmp_path / "store/.x.480w.webp.99.tmp", tmp_path / "store/.y.480w.webp.98.tmp"
    fresh.write_bytes(b"being written by another build")
    stale.write_bytes(b"left by a killed build")
    os.utime(stale, (time.time() - 2 * 86400, time.time() - 2 * 86400))
    VariantStore(tmp_path / "store").prepare([source], 1, lambda *_: None)
    assert fresh.exists() and not stale.exists()
