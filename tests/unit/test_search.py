"""generator.publish.search: the Pagefind index over output/, swapped in whole, rebuilt only when pages changed."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from generator.build.builder import BuildOptions, run_build
from generator.errors import SiteError
from generator.publish.search import (
    BUNDLE_DIR,
    MARKER_NAME,
    RETIRED_NAME,
    STAGING_NAME,
    BackgroundIndexer,
    build_index,
    update_search_index,
)
from tests.conftest import MINIMAL_CONFIG, article, snapshot, write_files
from tests.serving import eventually

PAGE = ('<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body>'
        '<nav>Latest Tags Archive</nav><main{body}><h1>{title}</h1><p>{text}</p></main></body></html>')


@pytest.fixture
def output(tmp_path: Path) -> Path:
    """A tiny built site: two articles marked as search content and one list page."""
    folder = tmp_path / "output"
    write_files(folder, {
        "2024/05/first/index.html": PAGE.format(title="First", text="Quokka sightings.", body=" data-pagefind-body"),
        "2024/05/second/index.html": PAGE.format(title="Second", text="Chip news.", body=" data-pagefind-body"),
        "index.html": PAGE.format(title="Front page", text="First, Second", body=""),
    })
    return folder


def _page_count(output: Path) -> int:
    entry = (output / BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8")
    return int(entry.split('"page_count":')[1].split("}")[0])


def test_indexing_writes_a_complete_bundle_and_leaves_no_temporary_folder(output: Path) -> None:
    build_index(output)
    bundle = output / BUNDLE_DIR
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-ui.js").is_file() and (bundle / "pagefind-ui.css").is_file()
    assert (bundle / MARKER_NAME).is_file()
    assert _page_count(output) == 2  # the front page has no data-pagefind-body: not a result
    assert not (output / STAGING_NAME).exists() and not (output / RETIRED_NAME).exists()


def test_reindexing_replaces_the_previous_bundle_whole(output: Path) -> None:
    build_index(output)
    (output / BUNDLE_DIR / "stray.txt").write_text("from an older index", encoding="utf-8")
    (output / "2024/05/second/index.html").unlink()
    assert update_search_index(output, enabled=True, changed=True)
    assert not (output / BUNDLE_DIR / "stray.txt").exists()
    assert _page_count(output) == 1


def test_reindexing_keeps_the_files_that_came_out_the_same_with_their_dates(output: Path) -> None:
    """One page edited: its fragment and the index's entry change, the other page's fragment
    and the UI files keep their inode and mtime (a deploy uploads only what changed)."""
    build_index(output)
    before = {path.relative_to(output): (path.stat().st_ino, path.stat().st_mtime_ns)
              for path in (output / BUNDLE_DIR).rglob("*") if path.is_file()}
    time.sleep(0.01)
    write_files(output, {"2024/05/second/index.html": PAGE.format(title="Second", text="Battery news.",
                                                                  body=" data-pagefind-body")})
    assert update_search_index(output, enabled=True, changed=True)
    after = {path.relative_to(output): (path.stat().st_ino, path.stat().st_mtime_ns)
             for path in (output / BUNDLE_DIR).rglob("*") if path.is_file()}
    kept = {path for path in after if before.get(path) == after[path]}
    fragments = [path for path in after if path.suffix == ".pf_fragment"]
    assert len(fragments) == 2 and len([path for path in fragments if path in kept]) == 1
    assert Path(BUNDLE_DIR, "pagefind-ui.js") in kept and Path(BUNDLE_DIR, "pagefind-entry.json") not in kept
    assert not any(path.name.endswith(".sitegen-link") for path in after)


def test_nothing_changed_means_no_indexing_and_no_file_touched(output: Path) -> None:
    build_index(output)
    before = snapshot(output)
    assert not update_search_index(output, enabled=True, changed=False)
    assert snapshot(output) == before


def test_a_missing_index_is_built_even_when_no_page_changed(output: Path) -> None:
    assert update_search_index(output, enabled=True, changed=False)
    assert (output / BUNDLE_DIR / "pagefind.js").is_file()


def test_search_off_removes_only_a_bundle_sitegen_made(output: Path) -> None:
    build_index(output)
    assert not update_search_index(output, enabled=False, changed=True)
    assert not (output / BUNDLE_DIR).exists()
    write_files(output, {"pagefind/pagefind.js": "// the site owner's own index"})
    update_search_index(output, enabled=False, changed=True)
    assert (output / BUNDLE_DIR / "pagefind.js").read_text(encoding="utf-8") == "// the site owner's own index"


def test_a_pagefind_failure_is_a_site_error_that_keeps_the_old_bundle_and_retries(
        output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_index(output)
    old_script = (output / BUNDLE_DIR / "pagefind.js").read_bytes()
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")  # pagefind's documented override: a binary that fails
    with pytest.raises(SiteError) as caught:
        update_search_index(output, enabled=True, changed=True)
    [problem] = caught.value.problems
    assert problem.path == str(output / BUNDLE_DIR)
    assert "search index could not be built" in problem.message
    assert (output / BUNDLE_DIR / "pagefind.js").read_bytes() == old_script
    assert not (output / STAGING_NAME).exists()
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    assert update_search_index(output, enabled=True, changed=False)  # stale: the next build indexes again
    assert (output / BUNDLE_DIR / MARKER_NAME).is_file()


def test_background_indexer_serves_requests_and_reports_failures(output: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    failures: list[SiteError] = []
    indexer = BackgroundIndexer(output, failures.append)
    indexer.request(enabled=True, changed=True)
    indexer.wait(timeout=60)
    assert (output / BUNDLE_DIR / "pagefind.js").is_file()
    assert failures == []
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    indexer.request(enabled=True, changed=True)
    indexer.wait(timeout=60)
    assert len(failures) == 1


def test_background_indexer_merges_requests_made_while_it_runs(output: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[bool, bool]] = []
    running, release = threading.Event(), threading.Event()

    def slow_update(_output: Path, *, enabled: bool, changed: bool, cancel: threading.Event) -> bool:
        calls.append((enabled, changed))
        running.set()
        release.wait(timeout=10)
        return True

    monkeypatch.setattr("generator.publish.search.update_search_index", slow_update)
    indexer = BackgroundIndexer(output, lambda error: None)
    indexer.request(enabled=True, changed=True)
    assert running.wait(timeout=10)
    for _ in range(3):
        indexer.request(enabled=True, changed=False)
    indexer.request(enabled=True, changed=True)
    release.set()
    indexer.wait(timeout=10)
    assert calls == [(True, True), (True, True)]  # one run, then one for everything asked meanwhile


def test_stopping_the_indexer_kills_a_running_pagefind_at_once(output: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    pid_file = tmp_path / "pagefind.pid"
    slow_pagefind = tmp_path / "slow-pagefind"
    slow_pagefind.write_text(f"#!/bin/sh\necho $$ > '{pid_file}'\nexec sleep 60\n", encoding="utf-8")
    slow_pagefind.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(slow_pagefind))
    failures: list[SiteError] = []
    indexer = BackgroundIndexer(output, failures.append)
    indexer.request(enabled=True, changed=True)
    eventually(lambda: pid_file.exists() and pid_file.read_text().strip() != "")
    pid = int(pid_file.read_text())
    begun = time.monotonic()
    indexer.stop(timeout=10)
    assert time.monotonic() - begun < 2
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left running
        os.kill(pid, 0)
    assert failures == []  # a cancelled run is not a failure to report
    assert not (output / STAGING_NAME).exists()
    pid_file.unlink()
    indexer.request(enabled=True, changed=True)  # after stop(): ignored
    indexer.wait(timeout=10)
    assert not pid_file.exists()


def test_build_indexes_the_site_and_a_warm_build_touches_nothing(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"sitegen.toml": MINIMAL_CONFIG,
                       "content/news/first.md": article("First story", body="Quokkas everywhere.\n")})
    run_build(BuildOptions(site, jobs=1))
    out = site / "output"
    assert (out / "pagefind/pagefind.js").is_file()
    assert (out / "search/index.html").is_file()
    assert "pagefind" not in (out / ".sitegen-manifest").read_text(encoding="utf-8")
    before = snapshot(out)
    run_build(BuildOptions(site, jobs=1))
    assert snapshot(out) == before


def test_search_false_builds_no_index_no_search_page_and_no_search_box(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_files(site, {"sitegen.toml": MINIMAL_CONFIG + "search = false\n",
                       "content/news/first.md": article("First story")})
    run_build(BuildOptions(site, jobs=1))
    out = site / "output"
    assert (out / "index.html").is_file()
    assert not (out / "pagefind").exists()
    assert not (out / "search").exists()
    assert 'name="q"' not in (out / "index.html").read_text(encoding="utf-8")
