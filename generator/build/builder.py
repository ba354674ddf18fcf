"""Runs the pipeline: config → sources → parse → site → routes → render → output.

Orchestration only: each step lives in its own module. Every stage reports all of its
problems before the build stops, and nothing reaches output/ unless every page rendered.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from generator.build.cache import (
    BuildRecord,
    CacheState,
    ParseCache,
    StoredBase,
    distrust_records,
    inputs_digest,
    load_record,
    load_state,
    manifest_digest,
    save_record,
    save_state,
    template_bytecode_cache,
    variant_store,
)
from generator.build.icons import ICONS_FOLDER, icon_files
from generator.build.ledger_notes import ledger_notes
from generator.build.results import BuildOptions, BuildResult, LoadedSite, ParsedContent
from generator.build.theme_files import ThemeFiles, theme_files
from generator.build.write import PageWrite, write_pages
from generator.config import SiteConfig, load_config
from generator.content.ledger import read_ledger
from generator.content.model import Article
from generator.content.peers import fold_peer_warnings
from generator.content.sources import ChangeKind, ChangeSet, SourceFile, SourceKind, rescan, scan_sources
from generator.errors import Problem, SiteError, errors_in, os_problem, raise_if_errors
from generator.incremental.fingerprints import (
    Fingerprints,
    PageRecord,
    ReaderIndex,
    TemplateDigests,
    TemplateFacts,
    intern_reads,
)
from generator.incremental.resolver import ResolverMemory
from generator.incremental.revise import revise, shown_by
from generator.model.collisions import find_collisions
from generator.model.moves import plan_site, planning_problems
from generator.model.routes import (
    FEED_KINDS,
    MACHINE_KINDS,
    PagePlan,
    clock_changed,
    locality_order,
    output_valid_until,
)
from generator.model.site import Publishing, Site, assemble_site
from generator.publish.output import OutputTransaction, WriteStats, check_output_dir, recover
from generator.publish.search import update_search_index
from generator.render.pages import FragmentCache, MemoryBytecodeCache, Renderer, make_environment
from generator.render.themes import ThemeChain, resolve_theme
from generator.render.tracking import Name, Owner, Reads

ProgressCallback = Callable[[str, int, int], None]
_KEPT_BY_REVISE = frozenset({"a", "au", "p"})  # owner kinds revise() keeps as they were, but what it swaps


def _no_progress(stage: str, done: int, total: int) -> None:
    """Default progress callback: builds run silently unless the CLI asks otherwise."""


def _apply_strict(problems: list[Problem], strict: bool) -> list[Problem]:
    return [p.as_error() if strict else p for p in problems]


@dataclass(frozen=True, slots=True)
class _LastBuild:
    """What a serve session's next build may start from, instead of assembling anew."""

    loaded: LoadedSite
    config: SiteConfig
    theme: ThemeChain
    plans: tuple[PagePlan, ...]
    html_pages: int
    feeds: int
    files: ThemeFiles  # the theme's static files and /_headers it wrote
    fragments: FragmentCache  # what its renderer rendered in this process (none where workers did)
    shown: dict[str, tuple[str, ...]] | None = None  # revise.shown_by(), worked out on the first edit
    readers: ReaderIndex | None = None  # of the builder's records, made on the first edit, kept up to date


class Builder:
    """Builds one site again and again, redoing only what changed since its previous build.

    `sitegen serve` keeps one Builder for the whole session, so an edit re-parses one file
    and re-renders only the pages whose fingerprint changed. `sitegen build` starts a fresh
    one each run, and the on-disk cache (options.cache) carries the same knowledge over.
    """

    def __init__(self, options: BuildOptions, progress: ProgressCallback = _no_progress) -> None:
        self.options = options
        self.progress = progress
        # With the on-disk cache, its (large) state is read only if the build has work to do.
        self._state_pending = options.cache and not options.clean
        self.notes: tuple[str, ...] = ()
        self.parse_cache = ParseCache()
        self.images = variant_store(options.site_dir, options.cache, options.clean)
        self._records: dict[str, PageRecord] = {}  # by output path: what each page read when it last rendered
        self._stored: StoredBase | None = None  # the on-disk cache's base state: saves write what differs
        self._digests = ResolverMemory()  # what checking the records worked out, for the next check
        self._swapped_since: set[Owner] = set()  # articles the quick path swapped in since _digests was made
        self._owners: dict[Owner, Owner] = {}  # one object per equal owner and name set (fingerprints.intern_reads)
        self._names: dict[frozenset[Name], frozenset[Name]] = {}
        self._compiled_templates = (template_bytecode_cache(options.site_dir) if options.cache
                                    else MemoryBytecodeCache())
        self._template_facts: dict[str, TemplateFacts] = {}
        self._sources: tuple[SourceFile, ...] | None = None
        self._edited: tuple[SourceFile, ...] | None = None  # the content files a ChangeSet named, rescanned
        self._produced: frozenset[str] | None = None  # output files this builder's last build left
        self._icons: dict[str, Path] = {}  # output path → stored file of the icons the last full build copied
        self._last: _LastBuild | None = None
        self.config: SiteConfig | None = None  # what the latest build read from sitegen.toml

    def _load_cached_state(self) -> None:
        if self._state_pending:
            self._state_pending = False
            state, self._stored, note = load_state(self.options.site_dir, self.options.resolved_output)
            self.notes = (*self.notes, note) if note else self.notes
            self.parse_cache, self._records, self.images.index = state.parse, state.records, state.images
            self._digests = state.digests

    def _read_inputs(self, changed: ChangeSet | None = None) -> tuple[SiteConfig, tuple[SourceFile, ...]]:
        """The config and the content files; CHANGED (from a watcher) spares a full listing.

        Sets self._edited to the changed content files when CHANGED said which (else None).
        """
        options = self.options
        config = self.config = load_config(options.site_dir, {"base_url": options.base_url})
        sources, self._edited = None, None
        if changed is not None and self._sources is not None and (listed := rescan(self._sources, changed)):
            sources, self._edited = listed.sources, listed.edited
        if sources is None:
            sources, problems = scan_sources(config.content_dir)
            raise_if_errors(problems)
        self._sources = sources
        return config, sources

    def _parse(self, config: SiteConfig, sources: tuple[SourceFile, ...]) -> ParsedContent:
        """Every Markdown source parsed (from the cache where unchanged), warnings made strict if asked."""
        self._load_cached_state()
        articles, pages, authors, problems = self.parse_cache.parse_all(sources, config, self.options.jobs,
                                                                        self.progress)
        return ParsedContent(articles, pages, authors, tuple(_apply_strict(problems, self.options.strict)))

    def load(self, now: datetime | None = None, inputs: tuple[SiteConfig, tuple[SourceFile, ...]] | None = None,
             parsed: ParsedContent | None = None) -> LoadedSite:
        """Config, sources, parse and assemble; raises SiteError with the errors of every stage that could run."""
        options = self.options
        config, sources = inputs or self._read_inputs()
        articles, pages, authors, parse_problems = parsed = parsed or self._parse(config, sources)
        assets = {str(s.rel_path): s.abs_path for s in sources if s.kind is SourceKind.ASSET}
        publishing = Publishing(now or datetime.now(UTC), options.drafts, options.future)
        images = self.images.for_content(articles, pages, sources, options.jobs, self.progress)
        unparsed = parsed.unparsed(sources)  # assembled all the same: one run tells every error
        site, site_problems = assemble_site(config, articles, pages, authors, frozenset(assets), publishing, images,
                                            read_ledger(options.site_dir), unparsed)
        site_problems = _apply_strict(site_problems, options.strict)
        problems = [*parse_problems, *site_problems]
        if errors_in(problems):
            raise SiteError(fold_peer_warnings([*problems, *planning_problems(site, assets, unparsed)]))
        return LoadedSite(site, assets, tuple(problems), tuple(site_problems))

    def build(self, now: datetime | None = None, changed: ChangeSet | None = None) -> BuildResult:
        """Build into the output folder; raises SiteError and leaves output/ as it was.

        The garbage collector is told about the shape of the work: loading allocates millions
        of long-lived objects and no cycles, so collection is paused; rendering makes short-
        lived cycles (Jinja contexts), so it runs where pages render (workers.collecting_cycles),
        with the loaded site frozen out of its scans.
        """
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._build(now, changed)
        except OSError as error:  # a full disk, a read-only folder: the site's owner can fix it
            raise SiteError([os_problem(error, self.options.site_dir)]) from None
        finally:
            gc.unfreeze()
            if collecting:
                gc.enable()

    def _build(self, now: datetime | None, changed: ChangeSet | None) -> BuildResult:
        started = time.perf_counter()
        now = now or datetime.now(UTC)
        options = self.options
        output_dir = options.resolved_output
        check_output_dir(output_dir, options.site_dir)
        if note := recover(output_dir):  # before anything trusts output/: a killed build's commit
            self.notes = (*self.notes, note)
        config, sources = inputs = self._read_inputs(changed)
        theme = resolve_theme(config)
        inputs_key = ""
        if options.cache:
            options_key = repr((options.drafts, options.future, options.base_url, options.strict,
                                str(output_dir.resolve())))
            inputs_key = inputs_digest(options.site_dir, options_key, sources, theme.folders, now.year)
            if not options.clean and not options.record_urls and (
                    unchanged := self._unchanged_since_last_build(inputs_key, now)):
                return dataclasses.replace(unchanged, seconds=time.perf_counter() - started)
        self._load_cached_state()
        self.parse_cache.misses = 0
        if changed is not None and (quick := self._revise(changed, config, theme, now, started)):
            return quick
        parsed = self._parse(config, sources)
        loaded = self.load(now, inputs, parsed)
        gc.freeze()
        site, assets = loaded.site, loaded.assets
        plans, files, variants = self._plan(site, theme, assets)
        env = make_environment(theme, self._compiled_templates)
        renderer = Renderer(site, theme, env, static=files.names)
        template_problems = _apply_strict(renderer.check_templates(plans), options.strict)  # and untranslated words
        raise_if_errors(template_problems)
        fingerprints = Fingerprints(site, plans, renderer.context, TemplateDigests(env, self._template_facts),
                                    renderer.theme_fingerprint, self._digests, keys=renderer.tracker.keys,
                                    changed_since=self._swapped_since, static=files.names)
        previous, output_root, produced = self._records, str(output_dir), self._produced
        stale = locality_order(site, [
            p for p in plans if not fingerprints.is_current(p, previous.get(p.output_path))
            or (p.output_path not in produced if produced is not None
                else not os.path.isfile(os.path.join(output_root, p.output_path)))])
        transaction, rendered = self._write(stale, plans, renderer, fingerprints,
                                            {**files.outputs, **assets, **variants}, self.options.jobs)
        stats = transaction.stats
        records = {p.output_path: rendered.get(p.output_path) or previous[p.output_path] for p in plans}
        self._records, self._digests, self._swapped_since = records, fingerprints.resolver.memory, set()
        del fingerprints, rendered  # the Resolver's working memos: tens of MB, gone before the cache is pickled
        self._produced = frozenset(transaction.produced)
        html_pages = sum(1 for p in plans if p.kind not in MACHINE_KINDS)
        feeds = sum(1 for p in plans if p.kind in FEED_KINDS)
        self._last = _LastBuild(loaded, config, theme, plans, html_pages, feeds, files, renderer.fragments)
        result = BuildResult(len(site.articles), html_pages, feeds, stats, time.perf_counter() - started,
                             fold_peer_warnings((*loaded.warnings, *template_problems)), len(stale),
                             self.parse_cache.misses, tuple(transaction.staged), (*self.notes, *ledger_notes(
                                 site, plans, options.site_dir, options.record_urls)), output_valid_until(site))
        if options.cache:
            try:
                # Always: the checks worked out digests the next build compares with (a few MB).
                self._stored = save_state(options.site_dir, CacheState(
                    self.parse_cache, records, str(output_dir.resolve()), self.images.index, self._digests),
                    None if options.clean else self._stored)
                save_record(options.site_dir, BuildRecord(inputs_key, result.valid_until,
                                                          manifest_digest(output_dir),
                                                          dataclasses.replace(result, written=(), notes=())))
            except OSError as error:  # output/ is written: say so, and that the next build is slower
                problem = os_problem(error, options.site_dir)
                result = dataclasses.replace(result, notes=(*result.notes, f"{problem.location()}: the build "
                                             f"cache was not saved ({problem.message}); the next build redoes more"))
        return result

    def _plan(self, site: Site, theme: ThemeChain, assets: dict[str, Path]) -> tuple[
            tuple[PagePlan, ...], ThemeFiles, dict[str, Path]]:
        """Every page of SITE and the files copied beside them (the theme's, image variants);
        raises SiteError for a URL of the ledger that would break or a path claimed twice."""
        plans, lost_urls = plan_site(site)
        raise_if_errors(lost_urls)
        files, variants = theme_files(theme, site.config, self.options), self.images.output_files(site.images)
        self._icons = icon_files(site.config, theme.settings, assets, self.images.folder / ICONS_FOLDER)
        copied = [(path, f"content/{path}") for path in assets]
        copied += files.claims + self.images.claims(site.images)
        copied += [(path, "the site's icons (sitegen.toml icon)") for path in self._icons]
        raise_if_errors(find_collisions(plans, copied))
        return plans, files, {**variants, **self._icons}

    def _unchanged_since_last_build(self, inputs_key: str, now: datetime) -> BuildResult | None:
        """The last build's result if nothing it read has changed and its output is intact.

        Like make's "up to date": the whole build is skipped, and output/ is not touched.
        """
        record = load_record(self.options.site_dir)
        if (record is None or record.inputs != inputs_key
                or (record.valid_until is not None and now >= record.valid_until)
                or record.manifest != manifest_digest(self.options.resolved_output)):
            return None
        last: BuildResult = record.result
        return dataclasses.replace(
            last, stats=WriteStats(0, last.stats.written + last.stats.unchanged, 0), rendered=0, parsed=0,
            notes=("nothing changed since the last build; output/ is up to date",))

    def _write(self, stale: list[PagePlan], plans: tuple[PagePlan, ...], renderer: Renderer,
               fingerprints: Fingerprints, copies: dict[str, Path | bytes], jobs: int,
               kept_files: Iterable[str] = ()) -> tuple[OutputTransaction, dict[str, PageRecord]]:
        """write_pages() into this build's output folder; each rendered page's record, interned
        (fingerprints.intern_reads) and with its fingerprint."""

        def record(plan: PagePlan, reads: Reads) -> PageRecord:
            reads = intern_reads(reads, self._owners, self._names)
            return fingerprints.record(plan, reads)

        site_dir = self.options.site_dir
        # From the first rename on, output/ may differ from what the cache's records say (and a
        # kill may come before the cache is saved): set those aside; saving the cache restores.
        before_commit = (lambda paths: distrust_records(site_dir, paths)) if self.options.cache else None
        return write_pages(PageWrite(stale, plans, renderer, copies, record, kept_files, before_commit),
                           self.options.resolved_output, site_dir, jobs, self.progress)

    def _revise(self, changed: ChangeSet, config: SiteConfig, theme: ThemeChain, now: datetime,
                started: float) -> BuildResult | None:
        """The quick path of `sitegen serve`: edited articles swapped into the last site.

        Taken only when every changed file is an article the last build had, nothing else
        (config, theme) changed, and revise() finds the site's shape unchanged; None sends
        the caller down the full path, which also reports any problem properly.
        """
        last = self._last
        if last is None or config != last.config or theme != last.theme or clock_changed(last.loaded.site, now):
            return None
        edited = self._edited
        if not changed.only(ChangeKind.CONTENT) or not edited or len(edited) != len(changed.kinds) \
                or any(source.kind is not SourceKind.ARTICLE for source in edited):
            return None
        results = self.parse_cache.reparse(edited, config)
        names = {source.display_path for source in edited}
        new_problems = _apply_strict([p for result in results for p in result.problems], self.options.strict)
        edited_articles = [result.value for result in results if isinstance(result.value, Article)]
        if any(p.is_error for p in new_problems) or len(edited_articles) != len(names):
            return None
        parse_problems = (*(p for p in last.loaded.parse_warnings if p.path not in names), *new_problems)
        assets = last.loaded.assets
        shown = last.shown if last.shown is not None else shown_by(last.loaded.site)
        revised = revise(last.loaded.site, edited_articles, frozenset(assets),
                         {p.path for p in last.loaded.site_problems}, shown)
        if revised is None:
            return None
        site, swaps = revised
        env = make_environment(theme, self._compiled_templates)
        edited = {("a", article.url) for pair in swaps for article in pair}
        fragments = last.fragments.reusable(lambda reads: not edited.isdisjoint(reads))
        renderer = Renderer(site, theme, env, fragments, last.files.names)
        # Checked against the digests of the last full build, which stay valid for what did not
        # change since: revise() swapped in the edited articles and kept every other article,
        # author and page as it was, so those need no digest to know it.
        self._swapped_since |= edited
        swapped = self._swapped_since
        fingerprints = Fingerprints(site, last.plans, renderer.context, TemplateDigests(env, self._template_facts),
                                    renderer.theme_fingerprint, self._digests,
                                    lambda owner: owner[0] in _KEPT_BY_REVISE and owner not in swapped,
                                    renderer.tracker.keys, static=last.files.names)
        # The shape is unchanged (revise() checked), so only what was read of the edited
        # articles can differ: the pages whose records read them are the candidates.
        readers = last.readers if last.readers is not None else ReaderIndex(self._records)
        candidates = readers.readers(edited)
        stale = [plan for plan in last.plans if plan.output_path in candidates
                 and not fingerprints.is_current(plan, self._records.get(plan.output_path))]
        unchanged_files = dict.fromkeys([*last.files.outputs, *assets, *self._icons,  # the change was an article
                                         *self.images.output_files(last.loaded.site.images)])
        transaction, rendered = self._write(stale, last.plans, renderer, fingerprints, {}, 1, unchanged_files)
        for path, record in rendered.items():
            readers.remove(path, self._records[path].reads)
            self._records[path] = record
            readers.add(path, record.reads)
        warnings = (*parse_problems, *last.loaded.site_problems)
        loaded = LoadedSite(site, assets, warnings, last.loaded.site_problems)
        self._last = dataclasses.replace(last, loaded=loaded, shown=shown, fragments=renderer.fragments,
                                         readers=readers)
        return BuildResult(len(site.articles), last.html_pages, last.feeds, transaction.stats,
                           time.perf_counter() - started, fold_peer_warnings(warnings), len(stale),
                           self.parse_cache.misses, tuple(transaction.staged), self.notes, output_valid_until(site))


def load_site(options: BuildOptions, now: datetime | None = None) -> LoadedSite:
    """The site model as a build would see it, without rendering anything."""
    return Builder(options).load(now)


def run_build(options: BuildOptions, progress: ProgressCallback = _no_progress,
              now: datetime | None = None) -> BuildResult:
    """One complete build, as `sitegen build` runs it, then the search index over the committed pages."""
    builder = Builder(options, progress)
    result = builder.build(now)
    indexing = time.perf_counter()
    if update_search_index(options.resolved_output, enabled=builder.config is not None and builder.config.search,
                           changed=bool(result.stats.written or result.stats.removed)):
        result = dataclasses.replace(result, seconds=result.seconds + time.perf_counter() - indexing)
    return result
