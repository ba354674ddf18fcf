"""The site's search index: Pagefind run over the committed output folder, swapped in whole.

Search has to work on a static host with no server, so the index is a folder of files the
browser fetches (output/pagefind/), built by Pagefind from the finished HTML: what readers
can find is exactly what the pages show, and the theme decides what counts (articles mark
their content with data-pagefind-body, so list pages are never results).

Pagefind writes its bundle into a staging folder inside output/ (same file system, so the
swap is a rename) and only a complete bundle replaces output/pagefind/: a failed run leaves
the previous index in place. sitegen owns output/pagefind/ while search is on; the output
transaction never lists it in its manifest, so its cleanup never deletes it. A marker file
in the bundle records that sitegen made it and that it matches the pages: it is removed
when indexing fails, so the next build retries even if no page changed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from generator.errors import Problem, SiteError
from generator.model.routes import SEARCH_BUNDLE

BUNDLE_DIR = SEARCH_BUNDLE


class SearchIndexError(SiteError):
    """Indexing failed after the pages were committed: output/ has the new pages, not a new index."""


class IndexCancelledError(SearchIndexError):
    """The caller gave up on the index (serve stopping): the pages stay, the index is marked stale."""


MARKER_NAME = ".sitegen-index"
STAGING_NAME = ".pagefind-new.sitegen-tmp"
RETIRED_NAME = ".pagefind-old.sitegen-tmp"
_SHOWN_OUTPUT_LINES = 8  # enough of Pagefind's output to see why it failed
_CANCEL_CHECK_SECONDS = 0.1


def update_search_index(output_dir: Path, *, enabled: bool, changed: bool,
                        cancel: threading.Event | None = None) -> bool:
    """Bring output/pagefind/ in line with the pages; True if Pagefind ran.

    CHANGED says the build wrote or removed a file. A build that changed nothing keeps the
    index (and every mtime) as it is, unless the index is missing or a failed run marked it
    stale. With search off, a bundle sitegen made is removed; anything else is left alone.
    Setting CANCEL stops a running Pagefind (see build_index).
    """
    bundle = output_dir / BUNDLE_DIR
    if not enabled:
        if (bundle / MARKER_NAME).is_file():
            try:
                shutil.rmtree(bundle)
            except OSError as error:
                raise SearchIndexError([Problem(str(bundle), f"search is off, but the old index cannot be "
                                         f"removed: {error.strerror or error}")]) from None
        return False
    if not changed and (bundle / MARKER_NAME).is_file():
        return False
    build_index(output_dir, cancel)
    return True


def build_index(output_dir: Path, cancel: threading.Event | None = None) -> None:
    """Index every page of OUTPUT_DIR into a staging folder, then swap it into output/pagefind/.

    Raises SiteError (and keeps the previous bundle, marked stale) when Pagefind fails, and
    IndexCancelledError once CANCEL is set: Pagefind is killed within a tenth of a second.
    """
    staging = output_dir / STAGING_NAME
    # Marked stale first: a run killed half-way (Ctrl-C, a CI timeout) must not leave an old
    # index that the next build takes for current.
    (output_dir / BUNDLE_DIR / MARKER_NAME).unlink(missing_ok=True)
    try:
        _remove(staging)  # left over from a run that was killed
        _run_pagefind(output_dir, staging, cancel)
        (staging / MARKER_NAME).write_text("Written by sitegen: this folder is replaced on every build.\n",
                                           encoding="utf-8")
        _keep_unchanged(staging, output_dir / BUNDLE_DIR)
        _swap_in(staging, output_dir / BUNDLE_DIR)
    except (SiteError, OSError) as error:
        _remove(staging)
        (output_dir / BUNDLE_DIR / MARKER_NAME).unlink(missing_ok=True)
        if isinstance(error, SiteError):
            raise
        raise SearchIndexError([Problem(str(output_dir / BUNDLE_DIR),
                                 f"the search index could not be put in place: {error}")]) from None


def _run_pagefind(site_dir: Path, bundle_dir: Path, cancel: threading.Event | None) -> None:
    """Run Pagefind's CLI through its Python package (`python -m pagefind`, its documented entry point)."""
    where = str(site_dir / BUNDLE_DIR)
    if importlib.util.find_spec("pagefind") is None:
        raise SearchIndexError([Problem(where, "search needs Pagefind: pip install 'pagefind[extended]', "
                                        "or set search = false in sitegen.toml")])
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", str(bundle_dir), "--quiet"]
    try:
        # A process group of its own: a terminal's Ctrl-C reaches its whole foreground group,
        # and a Pagefind that got it would die with a traceback of its own before sitegen
        # decides anything. sitegen alone ends it (_end_group), on any way out of this call.
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   process_group=0)
    except OSError as error:
        raise SearchIndexError([Problem(where, f"the search index could not be built: {error}")]) from None
    try:
        while True:
            try:
                stdout, stderr = process.communicate(timeout=_CANCEL_CHECK_SECONDS)
                break
            except subprocess.TimeoutExpired:
                if cancel is not None and cancel.is_set():
                    raise IndexCancelledError([Problem(where, "indexing was cancelled")]) from None
    finally:
        _end_group(process)
    if process.returncode != 0 or not (bundle_dir / "pagefind.js").is_file():
        lines = [line for line in (stderr + stdout).splitlines() if line.strip()]
        detail = " / ".join(lines[-_SHOWN_OUTPUT_LINES:]) or f"exit status {process.returncode}"
        raise SearchIndexError([Problem(where, f"the search index could not be built (Pagefind: {detail}); the pages "
                                        "were written and search still uses the previous index")])


def _end_group(process: subprocess.Popen[str]) -> None:
    """Kill PROCESS's group if it still runs (cancelled, Ctrl-C, an error here) and reap it."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it ended between the poll and the kill
            os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _keep_unchanged(staging: Path, bundle: Path) -> None:
    """Make each file of STAGING whose bytes equal the same file of BUNDLE that very file (a hard link).

    Pagefind writes the whole index anew, but most of its files (a fragment per page, the
    index chunks of words nobody touched) come out byte for byte the same. Linked, they keep
    their inode and mtime through the swap: a deploy that compares by date or by content
    uploads only what changed, and CDN copies of the rest stay warm.
    """
    if not bundle.is_dir():
        return
    for new in staging.rglob("*"):
        old = bundle / new.relative_to(staging)
        if new.is_file() and not new.is_symlink() and old.is_file() and not old.is_symlink() \
                and old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes():
            link = new.with_name(new.name + ".sitegen-link")
            os.link(old, link)
            os.replace(link, new)


def _swap_in(staging: Path, bundle: Path) -> None:
    """Replace BUNDLE with STAGING by two renames, so readers see an old or a new bundle, never half of one."""
    retired = bundle.parent / RETIRED_NAME
    _remove(retired)
    if bundle.exists() or bundle.is_symlink():
        os.replace(bundle, retired)
    os.replace(staging, bundle)
    _remove(retired)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


class BackgroundIndexer:
    """Keeps a preview folder's index current from one background thread.

    Why a thread: Pagefind needs seconds for a big site, and `sitegen serve` tells the open
    tabs to reload as soon as a rebuild is committed; indexing before that would add those
    seconds to every save. Requests that arrive while Pagefind runs are merged into one more
    run afterwards, so two never run at once and the last index follows the last build.
    """

    def __init__(self, output_dir: Path, on_failure: Callable[[SiteError], None]) -> None:
        self.output_dir = output_dir
        self.on_failure = on_failure
        self._lock = threading.Lock()
        self._pending: tuple[bool, bool] | None = None  # (enabled, changed) of the requests not yet served
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def request(self, *, enabled: bool, changed: bool) -> None:
        """Ask for update_search_index(); returns at once. Ignored once stop() was called."""
        with self._lock:
            if self._stopping.is_set():
                return
            earlier_change = self._pending is not None and self._pending[1]
            self._pending = (enabled, changed or earlier_change)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="sitegen-search", daemon=True)
                self._thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Return once every request so far is served (or TIMEOUT seconds passed)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def stop(self, timeout: float) -> None:
        """Drop the requests not yet served and kill a running Pagefind; wait up to TIMEOUT seconds.

        Serve calls this on its way out: the preview folder is deleted next, so finishing
        its index would only make Ctrl-C wait (Pagefind takes seconds on a big site), and
        Pagefind must not still be writing into the folder while it is removed.
        """
        with self._lock:
            self._pending = None
            self._stopping.set()
        self.wait(timeout)

    def _work(self) -> None:
        while True:
            with self._lock:
                if self._pending is None:
                    self._thread = None
                    return
                enabled, changed = self._pending
                self._pending = None
            try:
                update_search_index(self.output_dir, enabled=enabled, changed=changed, cancel=self._stopping)
            except IndexCancelledError:
                pass  # asked for by stop(): nothing to report
            except SiteError as error:
                self.on_failure(error)
            except Exception as error:
                # Anything else too: a thread that died here would end indexing for the session unseen.
                self.on_failure(SiteError([Problem(str(self.output_dir / BUNDLE_DIR),
                                                   f"indexing failed: {type(error).__name__}: {error}")]))
