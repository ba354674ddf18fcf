"""generator.publish.output: staged, all-or-nothing writes that touch only what changed and what sitegen wrote."""

from __future__ import annotations

import os

import pytest

from generator.errors import SiteError
from generator.publish.output import MANIFEST_NAME, OutputTransaction, WriteStats, check_output_dir, recover

OLD_NS = 1_000_000_000_000_000_000  # 2001-09-09: an mtime no write in this test can produce


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (root / "themes").mkdir()
    return root


def snapshot(folder):
    """Every file under FOLDER (relative path → bytes), to compare before and after."""
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def build(site, files, output=None):
    output = output or site / "output"
    transaction = OutputTransaction(output, site)
    for rel_path, data in files.items():
        transaction.write(rel_path, data)
    return transaction.commit()


def test_first_build_writes_every_file_and_a_manifest(site):
    stats = build(site, {"index.html": b"home", "2024/05/a/index.html": b"a", "feed.xml": b"<rss/>"})
    assert stats == WriteStats(written=3, unchanged=0, removed=0)
    assert snapshot(site / "output") == {
        MANIFEST_NAME: b"2024/05/a/index.html\nfeed.xml\nindex.html\n",
        "2024/05/a/index.html": b"a", "feed.xml": b"<rss/>", "index.html": b"home",
    }


def test_nothing_takes_its_final_name_before_commit(site):
    transaction = OutputTransaction(site / "output", site)
    transaction.write("index.html", b"home")
    assert not (site / "output" / "index.html").exists()
    transaction.commit()
    assert (site / "output" / "index.html").read_bytes() == b"home"


def test_unchanged_files_are_not_rewritten(site):
    build(site, {"index.html": b"home", "about/index.html": b"about"})
    for path in (site / "output").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD_NS, OLD_NS))
    stats = build(site, {"index.html": b"home", "about/index.html": b"about v2"})
    assert stats == WriteStats(written=1, unchanged=1, removed=0)
    assert (site / "output" / "index.html").stat().st_mtime_ns == OLD_NS
    assert (site / "output" / MANIFEST_NAME).stat().st_mtime_ns == OLD_NS  # same files, same manifest
    assert (site / "output" / "about" / "index.html").read_bytes() == b"about v2"
    assert (site / "output" / "about" / "index.html").stat().st_mtime_ns != OLD_NS


def test_same_size_different_bytes_is_rewritten(site):
    build(site, {"index.html": b"aaaa"})
    assert build(site, {"index.html": b"bbbb"}).written == 1
    assert (site / "output" / "index.html").read_bytes() == b"bbbb"


def test_copy_stages_a_file_and_skips_an_identical_one(site, tmp_path):
    image = tmp_path / "chart.svg"
    image.write_bytes(b"<svg/>")
    transaction = OutputTransaction(site / "output", site)
    transaction.copy("images/chart.svg", image)
    assert transaction.commit() == WriteStats(1, 0, 0)
    os.utime(site / "output" / "images" / "chart.svg", ns=(OLD_NS, OLD_NS))
    transaction = OutputTransaction(site / "output", site)
    transaction.copy("images/chart.svg", image)
    assert transaction.commit() == WriteStats(0, 1, 0)
    assert (site / "output" / "images" / "chart.svg").stat().st_mtime_ns == OLD_NS


def test_stale_files_from_the_manifest_are_removed(site):
    build(site, {"index.html": b"home", "2024/05/gone/index.html": b"old", "2024/05/kept/index.html": b"k"})
    stats = build(site, {"index.html": b"home", "2024/05/kept/index.html": b"k"})
    assert stats == WriteStats(written=0, unchanged=2, removed=1)
    assert not (site / "output" / "2024" / "05" / "gone").exists()
    assert (site / "output" / "2024" / "05" / "kept" / "index.html").exists()
    assert (site / "output" / MANIFEST_NAME).read_text() == "2024/05/kept/index.html\nindex.html\n"


def test_empty_folders_of_removed_files_are_removed(site):
    build(site, {"index.html": b"home", "tags/old/page/2/index.html": b"x"})
    build(site, {"index.html": b"home"})
    assert not (site / "output" / "tags").exists()
    assert (site / "output" / "index.html").exists()


def test_files_not_in_the_manifest_are_never_deleted(site):
    output = site / "output"
    output.mkdir()
    (output / "CNAME").write_text("news.example.org")
    (output / ".well-known").mkdir()
    (output / ".well-known" / "security.txt").write_text("Contact: x")
    build(site, {"index.html": b"home", "old/index.html": b"old"})
    build(site, {"index.html": b"home v2"})
    assert (output / "CNAME").read_text() == "news.example.org"
    assert (output / ".well-known" / "security.txt").read_text() == "Contact: x"
    assert not (output / "old").exists()


def test_manifest_entries_outside_output_are_never_deleted(site):
    outside = site.parent / "precious.txt"
    outside.write_text("keep me")
    output = site / "output"
    build(site, {"index.html": b"home"})
    (output / MANIFEST_NAME).write_text("../../precious.txt\n../content/story.md\nindex.html\n")
    (site / "content" / "story.md").write_text("source")
    build(site, {"index.html": b"home"})
    assert outside.read_text() == "keep me"
    assert (site / "content" / "story.md").read_text() == "source"


def test_rollback_leaves_output_byte_identical(site):
    output = site / "output"
    build(site, {"index.html": b"home", "2024/05/a/index.html": b"a", "gone/index.html": b"g"})
    (output / "CNAME").write_text("news.example.org")
    before = snapshot(output)
    transaction = OutputTransaction(output, site)
    transaction.write("index.html", b"new home")
    transaction.write("2024/05/b/index.html", b"b")
    transaction.write("2024/05/a/index.html", b"a")
    transaction.rollback()
    assert snapshot(output) == before


def test_rollback_of_a_first_build_creates_nothing(site):
    transaction = OutputTransaction(site / "output", site)
    transaction.write("index.html", b"home")
    transaction.rollback()
    assert sorted(p.name for p in site.iterdir()) == ["content", "themes"]


def test_temporary_files_of_a_killed_run_are_cleared_by_the_next(site):
    killed = OutputTransaction(site / "output", site)
    killed.write("2024/05/a/index.html", b"half")
    _dies(killed)  # no commit, no rollback
    assert (site / "output" / "2024/05/a/.index.html.sitegen-tmp").exists()
    build(site, {"index.html": b"home"})
    assert snapshot(site / "output") == {MANIFEST_NAME: b"index.html\n", "index.html": b"home"}


def test_a_file_can_replace_a_folder(site):
    build(site, {"feed/index.html": b"old"})
    (site / "output" / "feed" / "index.html").unlink()
    build(site, {"feed": b"now a file"})
    assert (site / "output" / "feed").read_bytes() == b"now a file"


@pytest.mark.parametrize(("output", "message"), [
    (".", "cannot be the output folder: it is or contains the site folder; use a folder of its own such as output/"),
    ("..", "cannot be the output folder: it is or contains the site folder; use a folder of its own such as output/"),
    ("content", "cannot be the output folder: it is or contains content/; use a folder of its own such as output/"),
    ("themes", "cannot be the output folder: it is or contains themes/; use a folder of its own such as output/"),
    ("content/public", "cannot be the output folder: it lies inside content/"),
    ("themes/default/out", "cannot be the output folder: it lies inside themes/"),
])
def test_dangerous_output_folders_are_refused(site, output, message):
    output_dir = site / output
    with pytest.raises(SiteError) as caught:
        check_output_dir(output_dir, site)
    assert [(p.path, p.message) for p in caught.value.problems] == [(str(output_dir), message)]


def test_refusal_happens_before_anything_is_touched(site):
    (site / "content" / "story.md").write_text("source")
    with pytest.raises(SiteError):
        OutputTransaction(site / "content", site)
    assert snapshot(site) == {"content/story.md": b"source"}


@pytest.mark.parametrize("output", ["output", "public/www", "../elsewhere"])
def test_ordinary_output_folders_are_accepted(site, output):
    check_output_dir(site / output, site)


def test_output_that_is_a_file_is_refused(site):
    (site / "output").write_text("oops")
    with pytest.raises(SiteError) as caught:
        check_output_dir(site / "output", site)
    assert [p.message for p in caught.value.problems] == ["exists and is not a folder"]


def _dies(transaction: OutputTransaction) -> None:
    """The process ends here: its files close, the folder's lock with them."""
    transaction._journal.close()
    os.close(transaction._lock)


def test_a_second_writer_of_one_folder_is_refused_while_the_first_holds_it(site):
    first = OutputTransaction(site / "output", site)
    first.write("index.html", b"home")
    with pytest.raises(SiteError, match="another sitegen command is writing this folder"):
        OutputTransaction(site / "output", site)
    with pytest.raises(SiteError, match="another sitegen command"):
        recover(site / "output")  # its journal must not be read as a killed build's
    first.commit()
    assert (site / "output" / "index.html").read_bytes() == b"home"


def test_a_failed_commit_leaves_no_temporary_manifest(site, monkeypatch):
    build(site, {"index.html": b"home"})
    transaction = OutputTransaction(site / "output", site)
    transaction.write("new/index.html", b"new")

    def disk_full(paths):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        try:
            transaction.commit(disk_full)
        except BaseException:
            transaction.rollback()
            raise
    assert snapshot(site / "output") == {MANIFEST_NAME: b"index.html\n", "index.html": b"home"}
    assert sorted(p.name for p in (site / "output").iterdir()) == [MANIFEST_NAME, "index.html"]


class _Killed(BaseException):
    """Stands for SIGKILL: nothing of the transaction runs after it."""


def _dies_after(monkeypatch, renames: int) -> None:
    real_replace = os.replace
    done = []

    def replace(source, target):
        if len(done) == renames:
            raise _Killed
        done.append(target)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)


def _old_and_new(site):
    build(site, {"index.html": b"home", "a/index.html": b"a", "gone/index.html": b"gone"})
    expected_old = snapshot(site / "output")
    transaction = OutputTransaction(site / "output", site)
    for rel_path, data in {"index.html": b"home 2", "a/index.html": b"a 2", "new/index.html": b"new"}.items():
        transaction.write(rel_path, data)
    return transaction, expected_old


def test_a_commit_killed_half_way_is_finished_by_the_next_command(site, monkeypatch):
    transaction, _ = _old_and_new(site)
    _dies_after(monkeypatch, 1)
    with pytest.raises(_Killed):
        transaction.commit()
    monkeypatch.undo()
    _dies(transaction)
    mixed = snapshot(site / "output")
    assert (mixed["index.html"], mixed["a/index.html"]) == (b"home 2", b"a")  # half old, half new
    assert recover(site / "output") is not None
    assert snapshot(site / "output") == {MANIFEST_NAME: b"a/index.html\nindex.html\nnew/index.html\n",
                                         "a/index.html": b"a 2", "index.html": b"home 2", "new/index.html": b"new"}
    assert recover(site / "output") is None  # nothing left to do


def test_a_build_killed_before_its_commit_is_undone_by_the_next_command(site):
    transaction, expected_old = _old_and_new(site)
    _dies(transaction)  # before the commit mark
    assert recover(site / "output") is not None
    assert snapshot(site / "output") == expected_old
    assert not (site / "output" / "new").exists()  # the folder it made is gone too


def test_ctrl_c_during_the_commit_finishes_it_rather_than_leave_half(site, monkeypatch):
    transaction, _ = _old_and_new(site)
    real_replace = os.replace
    calls = []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        try:
            transaction.commit()
        except BaseException:
            monkeypatch.undo()
            transaction.rollback()
            raise
    assert snapshot(site / "output")["index.html"] == b"home 2"
    assert snapshot(site / "output")["new/index.html"] == b"new"
    assert "gone/index.html" not in snapshot(site / "output")
