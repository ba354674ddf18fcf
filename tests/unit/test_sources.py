"""generator.content.sources: listing content/, classifying files, filtering editor litter and links."""

from __future__ import annotations

import os
from pathlib import PurePosixPath

import pytest

from generator.content.sources import ChangeSet, SourceFile, SourceKind, classify, is_ignored_name, rescan, scan_sources


@pytest.mark.parametrize(("rel_path", "kind"), [
    ("news/story.md", SourceKind.ARTICLE),
    ("news/2024/deep/story.md", SourceKind.ARTICLE),
    ("news/story.MARKDOWN", SourceKind.ARTICLE),
    ("story.md", SourceKind.ARTICLE),
    ("pages.md", SourceKind.ARTICLE),
    ("pages/about.md", SourceKind.PAGE),
    ("pages/team/editors.md", SourceKind.PAGE),
    ("authors/jane-doe.md", SourceKind.AUTHOR),
    ("authors/jane-doe.jpg", SourceKind.ASSET),
    ("images/chart.svg", SourceKind.ASSET),
    ("news/notes.txt", SourceKind.ASSET),
])
def test_classify(rel_path, kind):
    assert classify(PurePosixPath(rel_path)) is kind


@pytest.mark.parametrize("name", [
    ".DS_Store", ".story.md.swp", ".#story.md", "story.md~", "#story.md#", "story.md.swp", "story.swo",
    "upload.tmp", "story.md.bak", "story.md.orig", "video.part", "file.crdownload", "story.md___jb_tmp___",
    "story.md___jb_old___", "4913", "Thumbs.db", "desktop.ini",
])
def test_editor_and_os_litter_is_ignored(name):
    assert is_ignored_name(name) is True


@pytest.mark.parametrize("name", [
    "story.md", "4913.md", "photo.jpg", "notes~draft.md", "#hashtags.md", "tmp.md", "backup-plan.md",
])
def test_real_files_are_not_ignored(name):
    assert is_ignored_name(name) is False


def _touch(path, text="x"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_scan_lists_files_sorted_with_kind_size_and_mtime(tmp_path):
    content = tmp_path / "content"
    _touch(content / "news" / "b.md", "bb")
    _touch(content / "news" / "a.md", "a")
    _touch(content / "pages" / "about.md")
    _touch(content / "authors" / "jane.md")
    _touch(content / "images" / "x.svg", "<svg/>")
    found, problems = scan_sources(content)
    assert problems == []
    assert [(str(s.rel_path), s.kind) for s in found] == [
        ("authors/jane.md", SourceKind.AUTHOR),
        ("images/x.svg", SourceKind.ASSET),
        ("news/a.md", SourceKind.ARTICLE),
        ("news/b.md", SourceKind.ARTICLE),
        ("pages/about.md", SourceKind.PAGE),
    ]
    first_news = found[2]
    assert first_news.abs_path == content / "news" / "a.md"
    assert first_news.size == 1
    assert first_news.mtime_ns == (content / "news" / "a.md").stat().st_mtime_ns
    assert first_news.display_path == "content/news/a.md"


def test_scan_skips_litter_and_dot_folders(tmp_path):
    content = tmp_path / "content"
    _touch(content / "news" / "a.md")
    for name in (".a.md.swp", "a.md~", "#a.md#", "4913", ".DS_Store"):
        _touch(content / "news" / name)
    _touch(content / ".git" / "config")
    _touch(content / ".cache" / "story.md")
    found, problems = scan_sources(content)
    assert problems == []
    assert [str(s.rel_path) for s in found] == ["news/a.md"]


def test_missing_content_folder_is_a_problem(tmp_path):
    found, problems = scan_sources(tmp_path / "content")
    assert found == ()
    assert [(p.path, p.message) for p in problems] == [
        ("content", "folder not found: articles go in content/<section>/*.md"),
    ]


def test_links_inside_content_are_followed(tmp_path):
    content = tmp_path / "content"
    _touch(content / "images" / "real.svg")
    os.symlink(content / "images" / "real.svg", content / "images" / "alias.svg")
    found, problems = scan_sources(content)
    assert problems == []
    assert [str(s.rel_path) for s in found] == ["images/alias.svg", "images/real.svg"]


def test_links_leaving_content_are_reported_and_not_built(tmp_path):
    content = tmp_path / "content"
    _touch(content / "news" / "a.md")
    _touch(tmp_path / "secret" / "passwd")
    os.symlink(tmp_path / "secret" / "passwd", content / "news" / "passwd.txt")
    os.symlink(tmp_path / "secret", content / "leak")
    found, problems = scan_sources(content)
    assert [str(s.rel_path) for s in found] == ["news/a.md"]
    assert sorted((p.path, p.message) for p in problems) == [
        ("content/leak", "is a link to something outside content/; it was not built (copy the file in instead)"),
        ("content/news/passwd.txt",
         "is a link to something outside content/; it was not built (copy the file in instead)"),
    ]


def test_folder_link_loop_is_walked_once(tmp_path):
    content = tmp_path / "content"
    _touch(content / "news" / "a.md")
    os.symlink(content / "news", content / "news" / "again")
    found, problems = scan_sources(content)
    assert problems == []
    assert [str(s.rel_path) for s in found] == ["news/a.md"]


def test_source_file_is_frozen(tmp_path):
    source = SourceFile(PurePosixPath("news/a.md"), tmp_path / "a.md", SourceKind.ARTICLE, 1, 2)
    with pytest.raises(AttributeError):
        source.size = 5  # type: ignore[misc]


def test_rescan_refreshes_only_edited_known_files(tmp_path):
    content = tmp_path / "content"
    _touch(content / "news" / "a.md")
    _touch(content / "news" / "b.md")
    found, _ = scan_sources(content)
    (content / "news" / "a.md").write_text("longer text now")
    edited, template = content / "news" / "a.md", tmp_path / "themes" / "x" / "templates" / "base.html"
    updated = rescan(found, ChangeSet.of({edited, template}, tmp_path))
    assert [s.size for s in updated.sources] == [len("longer text now"), found[1].size]
    assert updated.sources[1] is found[1]
    assert [s.abs_path for s in updated.edited] == [edited]


@pytest.mark.parametrize("change", ["new", "deleted", "folder"])
def test_rescan_gives_up_on_anything_but_edits(tmp_path, change):
    content = tmp_path / "content"
    _touch(content / "news" / "a.md")
    found, _ = scan_sources(content)
    path = {"new": content / "news" / "c.md", "deleted": content / "news" / "a.md", "folder": content / "news"}[change]
    if change == "new":
        _touch(path)
    elif change == "deleted":
        path.unlink()
    assert rescan(found, ChangeSet.of({path}, tmp_path)) is None
