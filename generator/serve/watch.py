"""Turns the file system's event storm into calm batches of "something changed".

Editors save in bursts: a temp file written and renamed over the original, a save twice in a
row, swap files touched every few seconds. `classify_change` (content/sources.py, pure) drops what is
not site input; `ChangeBatcher` waits for a short quiet spell before handing over one batch, a
ChangeSet the builder takes as it is: the files and what each one is, classified once.
A rename over a file is reported under the file's own name, and the build reads the files as
they are when it runs, so the final state of a save is never missed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.content.sources import ChangeKind, ChangeSet, classify_change
from generator.frozen import FrozenDict

# A burst of saves ends after this much silence. An editor's save (write, or temp file and
# rename) fires its events within a few milliseconds, and a git checkout's writes follow each
# other just as closely; every millisecond here is added to each preview.
QUIET_SECONDS = 0.025
LONGEST_WAIT_SECONDS = 0.5  # ... or after this long, so a busy folder still shows progress
# A change that comes right after the last batch was handed over (within STORM_GAP_SECONDS)
# starts a storm: an editor saving on every keystroke, a script rewriting files. A storm waits
# for STORM_QUIET_SECONDS of silence, or STORM_SECONDS at most: one build for the first save,
# then one when it calms down (or each second), not one per save. An editor's next save comes
# later than that (after reading the preview), and gets the quick path.
STORM_GAP_SECONDS = 0.2
STORM_QUIET_SECONDS = 0.3
STORM_SECONDS = 1.0
# The serve loop waits in next_batch() on the main thread, and Python runs signal handlers
# only there. The kernel may hand Ctrl-C (or kill's SIGTERM) to any thread, watchdog's and the
# server's included: that wakes no one, and a wait without an end would never see the signal.
# So the wait wakes this often to let a pending Ctrl-C through.
SIGNAL_CHECK_SECONDS = 0.2


class ChangeBatcher(FileSystemEventHandler):
    """A watchdog handler that collects relevant changes and releases them in debounced batches."""

    def __init__(self, site_root: Path) -> None:
        self.site_root = site_root
        self._condition = threading.Condition()
        self._pending: dict[Path, ChangeKind] = {}
        self._first_at = 0.0
        self._last_at = 0.0
        self._released_at = float("-inf")  # when the last batch was handed over
        self._stopped = False

    def note(self, path: Path) -> None:
        kind = classify_change(path, self.site_root)
        if kind is ChangeKind.IGNORED:
            return
        with self._condition:
            now = time.monotonic()
            if not self._pending:
                self._first_at = now
            self._pending[path] = kind
            self._last_at = now
            self._condition.notify_all()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return  # a folder "modified" only says one of its files changed, reported on its own
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                self.note(Path(raw if isinstance(raw, str) else raw.decode()))

    def next_batch(self, until: float | None = None) -> ChangeSet | None:
        """Block until a burst of changes has settled; None once stopped. With nothing
        pending at UNTIL (time.monotonic()), an empty batch: the clock alone changed the site.

        Never waits long without a break, so Ctrl-C gets through (see SIGNAL_CHECK_SECONDS).
        """
        with self._condition:
            while True:
                if self._stopped:
                    return None
                if not self._pending and until is not None and time.monotonic() >= until:
                    return ChangeSet(FrozenDict({}))
                if self._pending:
                    now = time.monotonic()
                    if self._first_at - self._released_at < STORM_GAP_SECONDS:
                        settle_at = min(self._last_at + STORM_QUIET_SECONDS, self._first_at + STORM_SECONDS)
                    else:
                        settle_at = min(self._last_at + QUIET_SECONDS, self._first_at + LONGEST_WAIT_SECONDS)
                    if now >= settle_at:
                        batch = ChangeSet(FrozenDict(self._pending))
                        self._pending, self._released_at = {}, now
                        return batch
                    self._condition.wait(min(settle_at - now, SIGNAL_CHECK_SECONDS))
                else:
                    self._condition.wait(SIGNAL_CHECK_SECONDS if until is None
                                         else max(0.0, min(until - time.monotonic(), SIGNAL_CHECK_SECONDS)))

    def stop(self) -> None:
        with self._condition:
            self._stopped = True
            self._condition.notify_all()


def start_watching(site_root: Path, batcher: ChangeBatcher) -> Observer:
    """Watch content/, themes/ and the site folder itself (for sitegen.toml), not output/."""
    observer = Observer()
    observer.schedule(batcher, str(site_root), recursive=False)
    for folder in ("content", "themes"):
        if (site_root / folder).is_dir():
            observer.schedule(batcher, str(site_root / folder), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
