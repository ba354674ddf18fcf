"""Runs the two expensive stages, parsing and rendering, across worker processes.

Workers are forked once the parent holds everything they need (the config for parsing; the
site model and a ready renderer for rendering), so nothing big is pickled on the way out:
only lists of sources or page numbers go to the workers, and parse results or page bytes
(with each page's record of what it read) come back. The parent alone writes to output/.
Below a size where starting workers costs more than it saves, everything runs in the parent.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

from generator.config import SiteConfig
from generator.content.images import ResponsiveImage, UnreadableImage, content_key, encode
from generator.content.model import ParseResult
from generator.content.parse import parse_source
from generator.content.sources import SourceFile
from generator.errors import Problem, SiteError
from generator.model.routes import PagePlan
from generator.render.pages import Rendered

# Measured on the 2-core machine of the benchmark: a pool costs about as much as parsing
# 150 articles or rendering 300 pages in the parent.
PARSE_IN_PARENT_BELOW = 150
RENDER_IN_PARENT_BELOW = 300
# Encoding one photo's variants takes 0.1 to 1 s: a pool pays off from a few images on, and
# each worker takes one image at a time so a big one does not hold up a whole chunk.
ENCODE_IN_PARENT_BELOW = 3
CHUNK = 48

Item = TypeVar("Item")
Progress = Callable[[str, int, int], None]
RenderOutcome = Rendered | SiteError

# What forked workers inherit: set in the parent just before the pool starts.
_inherited: dict[str, Any] = {}


def parse_one(source: SourceFile, config: SiteConfig) -> ParseResult:
    """Read and parse one Markdown file; unreadable files become a problem, not an exception."""
    try:
        text = source.abs_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return ParseResult(None, (Problem(source.display_path,
                                          f"is not UTF-8 text (byte {error.start}); save it as UTF-8"),))
    except OSError as error:
        return ParseResult(None, (Problem(source.display_path, f"cannot be read: {error.strerror}"),))
    return parse_source(source, text, config)


def _chunks(items: Sequence[Item], size: int = CHUNK) -> list[tuple[int, int]]:
    return [(start, min(start + size, len(items))) for start in range(0, len(items), size)]


def _parse_chunk(bounds: tuple[int, int]) -> list[ParseResult]:
    sources, config = _inherited["sources"], _inherited["config"]
    return [parse_one(source, config) for source in sources[bounds[0]:bounds[1]]]


def _render_chunk(bounds: tuple[int, int]) -> list[RenderOutcome]:
    plans, render = _inherited["plans"], _inherited["render"]
    return [attempt_render(render, plan) for plan in plans[bounds[0]:bounds[1]]]


def attempt_render(render: Callable[[PagePlan], Rendered], plan: PagePlan) -> RenderOutcome:
    try:
        return render(plan)
    except SiteError as error:
        return error


_STOPPING = {signal.SIGINT, signal.SIGTERM}  # what ends a build: held while a pool forks its workers


def _pooled(task: Callable[[tuple[int, int]], list[Any]], count: int, jobs: int, inherit: dict[str, Any],
            stage: str, progress: Progress, chunk: int = CHUNK, collect: bool = False) -> Iterator[Any]:
    """Results of TASK over COUNT items in order, computed by JOBS forked workers, CHUNK items a task;
    with COLLECT, the workers run the cycle collector (see collecting_cycles)."""
    _inherited.update(inherit)
    try:
        # Forked with Ctrl-C and SIGTERM held: one arriving before _worker_signals runs would
        # meet the parent's handler in the child (serve's raises KeyboardInterrupt: a traceback).
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
        try:
            pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_worker_signals, initargs=(collect,))
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        with pool:
            done = 0
            for results in pool.imap(task, _chunks(range(count), chunk)):
                yield from results
                done += len(results)
                progress(stage, done, count)
    finally:
        _inherited.clear()


def _worker_signals(collect: bool) -> None:
    """Leave Ctrl-C to the parent, and let SIGTERM end a worker at once; COLLECT turns on the
    cycle collector, which the parent holds off while it builds.

    Ctrl-C in a terminal reaches every process of the group: workers that took it too printed
    a "Process ForkPoolWorker-N" line each. The parent stops the pool, which ends its workers
    with SIGTERM. `sitegen serve` turns SIGTERM into a clean shutdown (KeyboardInterrupt),
    which forked workers inherit; a worker waiting for its next task could then miss its end,
    and the pool waited for it forever.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOPPING)  # held while the pool forked it
    if collect:
        gc.enable()


@contextlib.contextmanager
def collecting_cycles() -> Iterator[None]:
    """The cycle collector on for the block, where pages render: Jinja's contexts make short-
    lived reference cycles. Only there: a build's parent holds millions of long-lived objects
    and makes no cycles, and while workers render it only receives pages and digests their
    records, which the collector would scan again and again (at 10,000 articles, about 1 s of
    the parent's CPU, measured together with Resolver._pickled_read)."""
    was_enabled = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        if not was_enabled:
            gc.disable()


def parse_sources(sources: Sequence[SourceFile], config: SiteConfig, jobs: int,
                  progress: Progress) -> list[ParseResult]:
    if jobs <= 1 or len(sources) < PARSE_IN_PARENT_BELOW:
        return [parse_one(source, config) for source in sources]
    return list(_pooled(_parse_chunk, len(sources), jobs, {"sources": sources, "config": config},
                        "Parsing", progress))


def render_pages(plans: Sequence[PagePlan], render: Callable[[PagePlan], Rendered], jobs: int,
                 progress: Progress) -> Iterator[tuple[PagePlan, RenderOutcome]]:
    """Each plan with its bytes and record, or the SiteError its template raised, in plan order."""
    if jobs <= 1 or len(plans) < RENDER_IN_PARENT_BELOW:
        for done, plan in enumerate(plans, 1):
            with collecting_cycles():
                outcome = attempt_render(render, plan)
            yield plan, outcome
            if done % 200 == 0:
                progress("Rendering", done, len(plans))
        return
    outcomes = _pooled(_render_chunk, len(plans), jobs, {"plans": plans, "render": render}, "Rendering",
                       progress, collect=True)
    yield from zip(plans, outcomes, strict=True)


EncodeTask = tuple[ResponsiveImage, Path]  # an image whose variants the store lacks, and its file


def encode_file(image: ResponsiveImage, file: Path, store: Path) -> UnreadableImage | None:
    """Write IMAGE's missing variants into STORE from FILE; what went wrong, if anything.

    The file is read again here rather than passed along (a parent holding every image's
    bytes at once could run out of memory), so it is checked to be the version inspected:
    variants of other bytes must never be stored under its content key.
    """
    try:
        data = file.read_bytes()
    except OSError as error:
        return UnreadableImage(image.src, error.strerror or str(error))
    if content_key(data) != image.content_key:
        return UnreadableImage(image.src, "it changed while the site was being built; build again")
    return encode(image, data, store)


def _encode_chunk(bounds: tuple[int, int]) -> list[UnreadableImage | None]:
    tasks, store = _inherited["images"], _inherited["store"]
    return [encode_file(image, file, store) for image, file in tasks[bounds[0]:bounds[1]]]


def encode_images(tasks: Sequence[EncodeTask], store: Path, jobs: int,
                  progress: Progress) -> list[UnreadableImage | None]:
    """encode_file for each task, in task order: in worker processes when there are many."""
    if jobs <= 1 or len(tasks) < ENCODE_IN_PARENT_BELOW:
        return [encode_file(image, file, store) for image, file in tasks]
    return list(_pooled(_encode_chunk, len(tasks), jobs, {"images": tasks, "store": store},
                        "Encoding images", progress, chunk=1))
