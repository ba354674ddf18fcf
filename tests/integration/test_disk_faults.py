"""Environment faults while a build writes: one clear message naming the file, exit 1, no
traceback, output/ as it was and no journal left behind.

The faults are injected where the output stage writes (a staged page, a folder it makes), with
the errno a full disk, a quota, a file size limit, a read-only file system, a permission or a
failing disk gives: the tests run as root on CI machines, where a real permission never denies,
and a real full disk needs a mount the tests cannot make.
"""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import generator.publish.output as output_stage
from generator.build import cache
from generator.cli import main
from generator.publish.output import JOURNAL_NAME
from tests.conftest import article, linked_copy, snapshot, write_files

FAULTS = [errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO]
WORDS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "quota", errno.EFBIG: "larger than the file system",
         errno.EROFS: "read-only", errno.EACCES: "permission denied", errno.EPERM: "not permitted",
         errno.EIO: "input/output error"}


def _failing(code: int, real: Any, after: int = 0) -> Any:
    calls = []

    def fail(path: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(path)
        if len(calls) > after:
            raise OSError(code, os.strerror(code), path)
        return real(path, *args, **kwargs)

    return fail


@pytest.mark.parametrize("where", ["page", "folder"])
@pytest.mark.parametrize("code", FAULTS, ids=[errno.errorcode[c] for c in FAULTS])
def test_a_write_fault_is_one_message_and_output_stays(built_site: Path, tmp_path: Path, code: int, where: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    site = linked_copy(built_site, tmp_path / "site")
    before = snapshot(site / "output")
    (site / "content/news/first.md").unlink()
    write_files(site, {"content/news/first.md": article("First story, edited", tags="[chips]"),
                       "content/news/third.md": article("A third story", "2024-05-03T10:00:00+02:00")})
    if where == "page":  # the second file it stages
        monkeypatch.setattr(output_stage, "open", _failing(code, open, after=1), raising=False)
    else:  # the new story's folder
        monkeypatch.setattr(os, "mkdir", _failing(code, os.mkdir))
    monkeypatch.chdir(site)

    result = CliRunner().invoke(main, ["build", "-q", "--jobs", "1"])
    monkeypatch.undo()

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.output
    assert errors[0].startswith("output/") and WORDS[code] in errors[0], errors[0]
    assert snapshot(site / "output") == before
    assert not (site / "output" / JOURNAL_NAME).exists()


def test_a_cache_that_cannot_be_saved_is_a_note_not_a_failure(built_site: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    site = linked_copy(built_site, tmp_path / "site")
    write_files(site, {"content/news/third.md": article("A third story", "2024-05-03T10:00:00+02:00")})
    real_dump = cache._dump
    monkeypatch.setattr(cache, "_dump", lambda path, *args: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device", str(path))) if path.name.startswith("state")
        else real_dump(path, *args))
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    assert "the build cache was not saved" in result.output and "the disk is full" in result.output
    assert "A third story" in (site / "output/index.html").read_text()


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 1 MB tmpfs: a real full disk (and, remounted, a real read-only one)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs needs root (CAP_SYS_ADMIN), which this machine does not give: "
                    f"{done.stderr.strip()}; the injected faults above cover the same path")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _build_into(site: Path, output: Path) -> Any:
    return CliRunner().invoke(main, ["build", "--site", str(site), "--output", str(output), "-q", "--jobs", "1"])


def test_a_really_full_disk_is_one_message_and_output_stays(built_site: Path, tmp_path: Path, small_disk: Path) -> None:
    site = linked_copy(built_site, tmp_path / "site", built=False)
    output = small_disk / "output"
    assert _build_into(site, output).exit_code == 0
    before = snapshot(output)
    (site / "content/files").mkdir()
    (site / "content/files/report.pdf").write_bytes(os.urandom(2_000_000))  # more than the disk holds

    result = _build_into(site, output)

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(f"{output}/files/report.pdf: error: "), result.output
    assert "the disk is full" in errors[0] and "(ENOSPC)" in errors[0]
    assert snapshot(output) == before
    assert not (output / JOURNAL_NAME).exists()


def test_a_really_read_only_output_is_one_message_and_output_stays(built_site: Path, tmp_path: Path,
                                                                   small_disk: Path) -> None:
    site = linked_copy(built_site, tmp_path / "site", built=False)
    output = small_disk / "output"
    assert _build_into(site, output).exit_code == 0
    before = snapshot(output)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    write_files(site, {"content/news/third.md": article("A third story", "2024-05-03T10:00:00+02:00")})

    result = _build_into(site, output)

    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(errors) == 1 and "read-only (EROFS)" in errors[0] and str(output) in errors[0], result.output
    assert snapshot(output) == before
