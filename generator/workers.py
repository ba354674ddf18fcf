"""Runs the two expensive stages, parsing and rendering, across worker processes.

Workers are forked once the parent holds everything they need (the config for parsing; the
site model and a ready renderer for rendering), so nothing big is pickled on the way out:
only lists of sources or page numbers go to the workers, and parse results or page bytes
come back. The parent alone writes to output/. Below a size where starting workers costs
more than it saves, everything runs in the parent process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from generator.config import SiteConfig
from generator.content import ParseResult, parse_source
from generator.errors import Problem, SiteError
from generator.routes import PagePlan
from generator.sources import SourceFile

# Measured on the 2-core machine of the benchmark: a pool costs about as much as parsing
# 150 articles or rendering 300 pages in the parent.
PARSE_IN_PARENT_BELOW = 150
RENDER_IN_PARENT_BELOW = 300
CHUNK = 48

Item = TypeVar("Item")
Progress = Callable[[str, int, int], None]
RenderOutcome = bytes | SiteError

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


def _chunks(items: Sequence[Item]) -> list[tuple[int, int]]:
    return [(start, min(start + CHUNK, len(items))) for start in range(0, len(items), CHUNK)]


def _parse_chunk(bounds: tuple[int, int]) -> list[ParseResult]:
    sources, config = _inherited["sources"], _inherited["config"]
    return [parse_one(source, config) for source in sources[bounds[0]:bounds[1]]]


def _render_chunk(bounds: tuple[int, int]) -> list[RenderOutcome]:
    plans, render = _inherited["plans"], _inherited["render"]
    return [attempt_render(render, plan) for plan in plans[bounds[0]:bounds[1]]]


def attempt_render(render: Callable[[PagePlan], bytes], plan: PagePlan) -> RenderOutcome:
    try:
        return render(plan)
    except SiteError as error:
        return error


def _pooled(task: Callable[[tuple[int, int]], list[Any]], count: int, jobs: int, inherit: dict[str, Any],
            stage: str, progress: Progress) -> Iterator[Any]:
    """Results of TASK over COUNT items in order, computed by JOBS forked workers."""
    _inherited.update(inherit)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = 0
            for results in pool.imap(task, _chunks(range(count))):
                yield from results
                done += len(results)
                progress(stage, done, count)
    finally:
        _inherited.clear()


def parse_sources(sources: Sequence[SourceFile], config: SiteConfig, jobs: int,
                  progress: Progress) -> list[ParseResult]:
    if jobs <= 1 or len(sources) < PARSE_IN_PARENT_BELOW:
        return [parse_one(source, config) for source in sources]
    return list(_pooled(_parse_chunk, len(sources), jobs, {"sources": sources, "config": config},
                        "Parsing", progress))


def render_pages(plans: Sequence[PagePlan], render: Callable[[PagePlan], bytes], jobs: int,
                 progress: Progress) -> Iterator[tuple[PagePlan, RenderOutcome]]:
    """Each plan with its bytes, or the SiteError its template raised, in plan order."""
    if jobs <= 1 or len(plans) < RENDER_IN_PARENT_BELOW:
        for done, plan in enumerate(plans, 1):
            yield plan, attempt_render(render, plan)
            if done % 200 == 0:
                progress("Rendering", done, len(plans))
        return
    outcomes = _pooled(_render_chunk, len(plans), jobs, {"plans": plans, "render": render}, "Rendering", progress)
    yield from zip(plans, outcomes, strict=True)
