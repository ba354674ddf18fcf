"""`sitegen serve`: build, serve, watch, rebuild what changed, tell the open tabs.

The preview is built into a private temporary folder with base_url pointing at the local
server, so output/ (what gets deployed) never receives localhost links or drafts. A failed
rebuild leaves the last good preview in place and is shown in the terminal and in every tab.
"""

from __future__ import annotations

import errno
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from generator.build.builder import Builder, BuildOptions, BuildResult
from generator.content.sources import ChangeKind, ChangeSet
from generator.errors import Problem, SiteError, excerpt, excerpt_rows
from generator.publish.search import BackgroundIndexer
from generator.serve.http import EventBroker, PreviewServer
from generator.serve.watch import ChangeBatcher, start_watching
from generator.text import counted

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True, slots=True)
class ServeOptions:
    site_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = True
    future: bool = True


class PortInUseError(Exception):
    """The requested port is taken; the CLI turns this into a message and exit code 1."""


MAX_EXCERPTS_SENT = 20  # a save that breaks hundreds of files still sends the tabs a small event


def problems_payload(problems: tuple[Problem, ...], site_dir: Path) -> list[dict[str, Any]]:
    """What the tabs' overlay shows of each problem: the terminal's words, and under the first
    errors with a line, the same excerpt rows as the terminal (their lines, marked)."""
    payload: list[dict[str, Any]] = []
    excerpts = 0
    for problem in problems:
        item: dict[str, Any] = {"location": problem.location(), "severity": problem.severity.value,
                                "message": problem.message}
        if problem.is_error and excerpts < MAX_EXCERPTS_SENT and (lines := excerpt(problem, site_dir)):
            excerpts += 1
            item["excerpt"] = [{"text": row, "marked": line.marked}
                               for line, row in zip(lines, excerpt_rows(lines), strict=True)]
        payload.append(item)
    return payload


class PreviewSession:
    """One running preview: the builder, the server and the watcher, and how they talk."""

    def __init__(self, options: ServeOptions, report: Callable[[str, tuple[Problem, ...], bool], None]) -> None:
        """REPORT(headline, problems, failed) tells the terminal about each build."""
        self.options = options
        self.report = report
        self.preview_dir = Path(tempfile.mkdtemp(prefix="sitegen-preview-")) / "site"
        self.broker = EventBroker()
        try:
            self.server = PreviewServer((options.host, options.port), self.preview_dir, self.broker)
        except OSError as error:
            shutil.rmtree(self.preview_dir.parent, ignore_errors=True)
            if error.errno == errno.EADDRINUSE:
                raise PortInUseError(f"port {options.port} is already in use on {options.host}; "
                                     "choose another with --port, or --port 0 for any free one") from None
            raise
        port = self.server.server_address[1]
        shown_host = f"[{options.host}]" if ":" in options.host else options.host
        self.url = f"http://{shown_host}:{port}/"
        # Plain static names: a stylesheet edit then changes no page, and the tab swaps it in.
        self.builder = Builder(BuildOptions(options.site_dir, self.preview_dir, options.drafts,
                                            options.future, base_url=self.url, fingerprint_assets=False))
        self.batcher = ChangeBatcher(options.site_dir.resolve())
        self.failed = False
        self.built_once = False  # a good preview exists; before that, tabs see a waiting page
        self.stopping = False
        self.warnings_shown: frozenset[Problem] = frozenset()  # the last build's, already printed
        self.due: float | None = None  # time.monotonic() when the preview goes stale by the clock alone
        self.indexer = BackgroundIndexer(self.preview_dir,
                                         lambda error: report("Search index not updated:", error.problems, True))

    def build(self, batch: ChangeSet | None = None) -> None:
        """One (re)build; publishes "reload", "css" or "failed" to the open tabs.

        The search index is brought up to date afterwards in the background: Pagefind takes
        seconds on a big site, and the edited page should reload without waiting for it.
        """
        started = time.perf_counter()
        try:
            result = self.builder.build(changed=batch)
        except SiteError as error:
            self._failed(error.problems)
            return
        except Exception as error:  # a bug in sitegen: the preview must outlive it (the next save may pass)
            self.builder = Builder(self.builder.options)  # nothing it held is trusted any more
            self._failed((Problem("sitegen", f"internal error, please report it: {type(error).__name__}: "
                                  f"{error}"),))
            return
        if self.stopping:
            return  # Ctrl-C came while it ran: the preview folder is about to go
        was_failed, self.failed, self.built_once = self.failed, False, True
        self.due = _monotonic_at(result.valid_until)
        if result.written or result.stats.removed or was_failed:
            css_only = batch is not None and batch.only(ChangeKind.STYLESHEET) and not was_failed and all(
                path.endswith(".css") for path in result.written)
            self.broker.publish("css" if css_only else "reload", {"written": list(result.written[:50])})
        self.report(_describe(result, time.perf_counter() - started), self._new_warnings(result.warnings), False)
        self.indexer.request(enabled=self.builder.config is not None and self.builder.config.search,
                             changed=bool(result.written or result.stats.removed))

    def _failed(self, problems: tuple[Problem, ...]) -> None:
        self.failed, self.due = True, None  # a broken site waits for the fix, not for the clock
        self.broker.publish("failed", problems_payload(problems, self.options.site_dir))
        shown = "the last good version" if self.built_once else "a waiting page"
        self.report(f"Build failed; the preview shows {shown} until it is fixed:", problems, True)

    def _new_warnings(self, warnings: tuple[Problem, ...]) -> tuple[Problem, ...]:
        """The warnings not printed after the last successful build: each save shows what it
        caused, not the whole site's list again. A warning that went away and came back is new."""
        shown, self.warnings_shown = self.warnings_shown, frozenset(warnings)
        return tuple(problem for problem in warnings if problem not in shown)

    def request_stop(self) -> None:
        """Make run() return: from a signal handler, on the main thread, at any moment.

        Stopping the batcher is what ends the session; the caller's KeyboardInterrupt only
        cuts a running build short. An exception can be lost on its way up (one raised in a
        finalizer or a weakref callback that happens to run then is printed and dropped), a
        stopped batcher cannot: its wait wakes within SIGNAL_CHECK_SECONDS and returns None.
        """
        self.stopping = True
        self.batcher.stop()

    def run(self, on_ready: Callable[[str], None]) -> None:
        """Serve until request_stop(); the first build happens before the first request is answered.

        Watching starts before that build, so a save made while it runs is not lost.
        """
        observer = start_watching(self.options.site_dir.resolve(), self.batcher)
        server_thread = threading.Thread(target=self.server.serve_forever, name="sitegen-http", daemon=True)
        try:
            if not self.stopping:  # a stop requested before run() began skips the first build
                self.build()
            if self.stopping:
                return
            server_thread.start()
            on_ready(self.url)
            while (batch := self.batcher.next_batch(until=self.due)) is not None:
                self.build(batch)
        finally:
            self.batcher.stop()
            observer.stop()
            self.broker.close()
            if server_thread.is_alive():
                self.server.shutdown()
            self.server.server_close()
            observer.join(timeout=5)
            self.indexer.stop(timeout=5)  # Pagefind must not be writing into the folder removed next
            shutil.rmtree(self.preview_dir.parent, ignore_errors=True)


def _monotonic_at(moment: datetime | None) -> float | None:
    """MOMENT on the time.monotonic() clock, at least a second ahead: an article due, a news
    sitemap window moving on. The wait must not turn into a busy loop of rebuilds."""
    if moment is None:
        return None
    return time.monotonic() + max(1.0, (moment - datetime.now(UTC)).total_seconds())


def _describe(result: BuildResult, seconds: float) -> str:
    return (f"Built in {seconds * 1000:.0f} ms: {counted(result.rendered, 'page')} rendered, "
            f"{counted(len(result.written), 'file')} changed")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_HOSTS or host.startswith("127.")
