"""Renders the stale pages and commits them with the rest of the output: all or nothing.

The one place where rendered bytes meet output/: each page is rendered (in workers when
there are many) with its record of what it read, staged in an OutputTransaction with the
copied files, and committed only if every page rendered. A broken template anywhere leaves
output/ as it was, and every broken template is reported, not just the first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.build.workers import Progress, render_pages
from generator.errors import Problem, SiteError, raise_if_errors
from generator.incremental.fingerprints import PageRecord
from generator.model.routes import FEED_KINDS, MACHINE_KINDS, PageKind, PagePlan
from generator.publish.output import OutputTransaction
from generator.render.feeds import render_feed
from generator.render.opensearch import render_opensearch
from generator.render.pages import Rendered, Renderer
from generator.render.redirects import render_redirect, render_redirect_rules
from generator.render.sitemaps import render_crawler_file
from generator.render.tracking import Reads


@dataclass(frozen=True, slots=True)
class PageWrite:
    """What one build writes: STALE plans rendered anew, the other PLANS' files kept as they
    are (and KEPT_FILES), COPIES (output path → source file) copied, or written where the
    source is bytes made outside templates (/_headers). RECORD makes a rendered page's record
    from what it read: it runs as each page comes back from the workers, so the parent digests
    while they render instead of after. BEFORE_COMMIT runs just before the commit changes
    output/, with the paths it changes (OutputTransaction.commit)."""

    stale: list[PagePlan]
    plans: tuple[PagePlan, ...]
    renderer: Renderer
    copies: dict[str, Path | bytes]
    record: Callable[[PagePlan, Reads], PageRecord]
    kept_files: Iterable[str] = ()
    before_commit: Callable[[list[str]], None] | None = None


def write_pages(write: PageWrite, output_dir: Path, site_dir: Path, jobs: int,
                progress: Progress) -> tuple[OutputTransaction, dict[str, PageRecord]]:
    """Render, stage and commit WRITE; the committed transaction and each rendered page's record."""
    transaction = OutputTransaction(output_dir, site_dir)
    try:
        problems, records = _render_all(write, transaction, jobs, progress)
        raise_if_errors(problems)
        transaction.keep(path for path in (*(p.output_path for p in write.plans), *write.kept_files)
                         if path not in records)
        for rel_path, source in write.copies.items():
            if isinstance(source, bytes):
                transaction.write(rel_path, source)
            else:
                transaction.copy(rel_path, source)
        transaction.commit(write.before_commit)
    except BaseException:
        transaction.rollback()
        raise
    return transaction, records


def page_renderer(renderer: Renderer, plans: tuple[PagePlan, ...]) -> Callable[[PagePlan], Rendered]:
    """What renders a plan of any kind, with its record: the feeds and sitemaps read the site
    through the same tracking views as the templates."""
    tracked = renderer.tracked_site

    def render(plan: PagePlan) -> Rendered:
        if plan.kind in FEED_KINDS:
            return renderer.recorded(lambda: render_feed(tracked, plan))
        if plan.kind is PageKind.REDIRECT:
            return renderer.recorded(lambda: render_redirect(tracked, plan))
        if plan.kind is PageKind.OPENSEARCH:
            return renderer.recorded(lambda: render_opensearch(tracked))
        if plan.kind is PageKind.REDIRECT_RULES:
            return renderer.recorded(lambda: render_redirect_rules(tracked, plans))
        if plan.kind in MACHINE_KINDS:
            return renderer.recorded(lambda: render_crawler_file(tracked, plans, plan))
        return renderer.recorded(lambda: renderer.render(plan))

    return render


def _render_all(write: PageWrite, transaction: OutputTransaction, jobs: int,
                progress: Progress) -> tuple[list[Problem], dict[str, PageRecord]]:
    """Render and stage the stale plans; keeps going after a failure to report every broken template.

    Returns the problems and, by output path, each rendered page's record.
    """
    render = page_renderer(write.renderer, write.plans)
    problems: dict[tuple[str, int | None, str], Problem] = {}
    records: dict[str, PageRecord] = {}
    for plan, outcome in render_pages(write.stale, render, jobs, progress):
        if isinstance(outcome, SiteError):
            for problem in outcome.problems:
                problems.setdefault((problem.path, problem.line, problem.message.split(" (while")[0]), problem)
        elif not problems:
            transaction.write(plan.output_path, outcome.content)
            records[plan.output_path] = write.record(plan, outcome.reads)
    return list(problems.values()), records
