"""Turns a `PagePlan` into bytes through the Jinja theme chain.

The Environment is strict on purpose: autoescape for HTML and XML (a headline with `<` in it
cannot break a page) and a strict undefined (a misspelt variable is an error, not an empty
string; render/undefined.py words it). Template mistakes come back as Problems naming the
template file and line.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
import jinja2.bccache
from markupsafe import Markup

from generator import __version__
from generator.errors import Problem, SiteError
from generator.model.routes import (
    LIST_KINDS,
    MACHINE_KINDS,
    PageKind,
    PagePlan,
    listed_on,
    pagination,
    topic_feed_scopes,
)
from generator.model.site import Site
from generator.render.i18n import load_translations, untranslated
from generator.render.snippets import Snippets
from generator.render.structured import StructuredData
from generator.render.themes import ThemeChain, fingerprinted
from generator.render.tracking import Name, Reads, Recorder, recording, set_recorder
from generator.render.undefined import EditorUndefined
from generator.render.views import Tracker


@dataclass(frozen=True, slots=True)
class TopicFeeds:
    rss: str
    atom: str
    json: str


class Fragment(NamedTuple):
    """A rendered fragment and what it read: a page that reuses the markup read that too."""

    markup: Markup
    reads: Reads


class Rendered(NamedTuple):
    """A page's bytes and its record: what it read of the site while it rendered (render/tracking.py)."""

    content: bytes
    reads: Reads


FRAGMENT_LIMIT = 30_000  # see FragmentCache and routes.locality_order for the measurements


class FragmentCache:
    """Rendered fragments by key: the LIMIT to 2×LIMIT most recently used ones.

    Unbounded, every worker would end up holding every card and related item (26,000 at 10k
    articles; at 100k about 250 MB per worker). Two generations make it bounded and cheap:
    fragments go into the current one; when it is full, it becomes the previous one and the one before
    is dropped; a fragment found in the previous generation moves back into the current.
    Pages rendered in routes.locality_order use a card within a few thousand pages of its
    other uses, so cards are seldom rendered twice; related items, which no order groups,
    more often. At 100k articles (simulated) a limit of 15,000 rendered 207,000 related
    items, 30,000 rendered 129,000, and no limit 108,000; measured, the render workers'
    CPU went from 118 s to 104 s when the limit went from 15,000 to 30,000.
    """

    def __init__(self, limit: int = FRAGMENT_LIMIT) -> None:
        self._limit = limit
        self._current: dict[tuple[Any, ...], Fragment] = {}
        self._previous: dict[tuple[Any, ...], Fragment] = {}

    def get(self, key: tuple[Any, ...]) -> Fragment | None:
        fragment = self._current.get(key)
        if fragment is None and (fragment := self._previous.get(key)) is not None:
            self.put(key, fragment)
        return fragment

    def put(self, key: tuple[Any, ...], fragment: Fragment) -> None:
        if len(self._current) >= self._limit:
            self._previous, self._current = self._current, {}
        self._current[key] = fragment

    def __len__(self) -> int:
        return len(self._current) + len(self._previous)

    def reusable(self, changed: Callable[[Reads], bool]) -> FragmentCache:
        """The fragments the next build of a serve session may take over: those whose recorded
        reads have not CHANGED (by the answer of the next build's records)."""
        kept = FragmentCache(self._limit)
        for generation in (self._previous, self._current):
            for key, fragment in generation.items():
                if not changed(fragment.reads):
                    kept.put(key, fragment)
        return kept


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between builds of one process, checked against their source.

    Each build gets a fresh Environment (imported macro modules capture the globals of the
    build that first imported them, so an environment must not outlive its site), but it
    need not parse and compile unchanged templates again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def make_environment(theme: ThemeChain, bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme.template_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=EditorUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: templates do not change under it
        cache_size=-1,
        bytecode_cache=bytecode_cache,
    )


class Renderer:
    """Renders the pages of one build of a site.

    ENV comes from `make_environment`, one per build; the globals that depend on the site are
    set here.
    """

    def __init__(self, site: Site, theme: ThemeChain, env: jinja2.Environment | None = None,
                 fragments: FragmentCache | None = None, static: Mapping[str, str] | None = None) -> None:
        """STATIC: the paths static_url() links the theme's static files by (render/themes.py:
        fingerprinted()); by default their plain names."""
        self.site = site
        self.theme = theme
        config = site.config
        self.env = env or make_environment(theme)
        self.tracker = Tracker(site)
        self.tracked_site = tracked = self.tracker.view(site)  # what templates and helpers read
        self.translations = load_translations(config.language, theme.folders)
        snippets = Snippets(tracked, self.translations,
                            static if static is not None else fingerprinted(theme.static_files(), False))
        self.env.globals.update(snippets.template_globals(), structured_data=StructuredData(tracked).for_page,
                                site=tracked, config=config, theme=theme.settings,
                                sitegen_version=__version__, include_cached=self._include_cached)
        self.env.filters.update(snippets.template_filters())
        self.fragments = fragments if fragments is not None else FragmentCache()
        self._interned: dict[frozenset[Name], frozenset[Name]] = {}
        self._feed_pages = topic_feed_scopes(site)
        self._expired = frozenset(article.url for article in site.expired)
        self._articles = {article.url: article for article in (*site.articles, *site.expired)}
        self._pages = site.pages_by_url
        self._sections = site.sections_by_slug
        self._tags = site.tags_by_slug
        self._authors = {author.id: author for author in site.authors}
        self._years = {str(year.year): year for year in site.archive}

    def _include_cached(self, name: str, **variables: Any) -> Markup:
        """Render fragment template NAME once per distinct VARIABLES in this build.

        A story card looks the same on the front page, its section, its tags and its author's
        page; rendering it once instead of eight times is most of a big site's render time.
        Objects with a `url` (articles, tags, authors) are told apart by it.
        """
        key = (name, *sorted((k, getattr(v, "url", v)) for k, v in variables.items()))
        fragment = self.fragments.get(key)
        if fragment is None:
            own = Recorder()
            page = set_recorder(own)
            try:
                markup = Markup(self.env.get_template(name).render(variables))
            finally:
                set_recorder(page)
            fragment = Fragment(markup, own.frozen(self._interned))
            self.fragments.put(key, fragment)
        if (page_reads := recording()) is not None:
            page_reads.merge(fragment.reads)
        return fragment.markup

    def check_templates(self, plans: tuple[PagePlan, ...]) -> list[Problem]:
        """Compile every template the plans name; report missing or broken ones by who needs them.

        The theme's other templates are compiled too (see _compile_the_rest), unreported.
        """
        users: dict[str, str] = {}
        for plan in plans:
            if plan.template and plan.kind not in MACHINE_KINDS:
                users.setdefault(plan.template, plan.claimed_by)
        problems = []
        for name, user in users.items():
            try:
                self.env.get_template(name)
            except jinja2.TemplateNotFound as error:
                missing = error.name
                where = user if missing == name else self._template_path(name)
                problems.append(Problem(where, f"template '{missing}' not found in the theme "
                                        f"({self._searched()})", self._template_key_line(where)))
            except jinja2.TemplateSyntaxError as error:
                problems.append(self._syntax_problem(error))
        self._compile_the_rest(set(users))
        if self.translations.is_english:  # nothing to translate: spare every build reading every template
            return problems
        return problems + untranslated(self.translations, self._template_sources())

    @property
    def theme_fingerprint(self) -> object:
        """What every page shares from the theme besides its templates (incremental/fingerprints.py):
        its settings and its words in the site's language."""
        return self.theme.settings, self.translations.fingerprint

    def _template_sources(self) -> dict[str, tuple[str, str]]:
        """Every template of the theme: name → (its path as messages show it, its source)."""
        loader = self.env.loader
        sources = {}
        for name in self.env.list_templates() if loader is not None else ():
            source, filename, _ = loader.get_source(self.env, name)  # type: ignore[union-attr]
            sources[name] = (self._display(filename or name), source)
        return sources

    def _template_key_line(self, where: str) -> int | None:
        """The line of WHERE (a content file) that names its template, for a template it lacks."""
        if not where.startswith("content/"):
            return None
        try:
            lines = (self.site.config.root / where).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        return next((number for number, line in enumerate(lines, 1) if line.startswith("template:")), None)

    def _compile_the_rest(self, compiled: set[str]) -> None:
        """Compile the theme's other templates (fragments, macros) here, before workers fork.

        Otherwise each worker compiles them on first use, and so does the first rebuild of a
        serve session whose full build ran in workers (its first edit at 10k: 190 ms, now 120).
        Problems are left to the render that uses the template, which reports them in context.
        """
        for name in self.env.list_templates(extensions=("html", "xml")):
            if name not in compiled:
                with contextlib.suppress(jinja2.TemplateError):
                    self.env.get_template(name)

    def recorded(self, make: Callable[[], bytes]) -> Rendered:
        """What MAKE returns, with what it read of the site through the tracking views."""
        recorder = Recorder()
        outer = set_recorder(recorder)
        try:
            content = make()
        finally:
            set_recorder(outer)
        return Rendered(content, recorder.frozen(self._interned))

    def render(self, plan: PagePlan) -> bytes:
        """The bytes of PLAN's page; raises SiteError with the template problem."""
        view = self.tracker.view
        try:
            template = self.env.get_template(plan.template)
            return template.render({name: view(value) for name, value in self.context(plan).items()}).encode("utf-8")
        except jinja2.TemplateSyntaxError as error:
            raise SiteError([self._syntax_problem(error)]) from None
        except jinja2.TemplateNotFound as error:
            caller = self._calling_template(error)
            raise SiteError([Problem(caller[0] if caller else plan.claimed_by,
                                     f"template '{error.name}' not found ({self._searched()})",
                                     caller[1] if caller else None)]) from None
        except Exception as error:
            location = self._calling_template(error)
            if location is None:
                raise
            if isinstance(error, RecursionError):
                what = "this template includes itself, directly or through others, and never ends"
            else:  # an undefined field's message is already in a theme author's words
                what = str(error) if isinstance(error, jinja2.UndefinedError) else f"{type(error).__name__}: {error}"
            raise SiteError([Problem(location[0], f"{what} (while rendering {plan.url})", location[1])]) from None

    def context(self, plan: PagePlan) -> dict[str, Any]:
        """What the page's template is handed besides the globals; render() gives it tracked.

        The fingerprint of a page digests this too (incremental/fingerprints.py): which stories a list page
        shows is decided here, not read by the template from the site."""
        site = self.site
        context: dict[str, Any] = {"plan": plan, "page_url": plan.url, "kind": plan.kind.value}
        if plan.kind is PageKind.ARTICLE:
            article = self._articles[plan.url]
            context.update(article=article, related=site.related[article.url],
                           neighbours=site.neighbours[article.url], expired=article.url in self._expired)
        elif plan.kind is PageKind.PAGE:
            context["page"] = self._pages[plan.url]
        elif plan.kind in LIST_KINDS:
            context.update(items=listed_on(site, plan), pagination=pagination(site, plan))
            if plan.kind is PageKind.TAG:
                context["tag"] = self._tags[plan.key]
            elif plan.kind is PageKind.SECTION:
                context["section"] = self._sections[plan.key]
            elif plan.kind is PageKind.AUTHOR:
                context["author"] = self._authors[plan.key]
            context["feeds"] = self._topic_feeds(plan)
        elif plan.kind is PageKind.ARCHIVE_YEAR:
            context["year"] = self._years[plan.key]
        return context

    def _topic_feeds(self, plan: PagePlan) -> TopicFeeds | None:
        """The feeds that follow a section, tag or author page, if model/routes.py plans them (None on
        the front page): the list templates link them in <head> and on the page."""
        if plan.kind is PageKind.HOME or plan.list_url not in self._feed_pages:
            return None
        return TopicFeeds(f"{plan.list_url}feed.xml", f"{plan.list_url}atom.xml", f"{plan.list_url}feed.json")

    def _searched(self) -> str:
        return "looked in " + ", ".join(self._display(d) for d in self.theme.template_dirs)

    def _display(self, path: Path | str) -> str:
        path = Path(path)
        root = self.site.config.root
        return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

    def _template_path(self, name: str) -> str:
        for folder in self.theme.template_dirs:
            if (folder / name).is_file():
                return self._display(folder / name)
        return name

    def _syntax_problem(self, error: jinja2.TemplateSyntaxError) -> Problem:
        path = self._display(error.filename) if error.filename else (error.name or "template")
        return Problem(path, f"template syntax: {error.message}", error.lineno)

    def _calling_template(self, error: BaseException) -> tuple[str, int] | None:
        """The innermost template frame of ERROR's traceback (Jinja maps lines to the source)."""
        template_dirs = [str(d) for d in self.theme.template_dirs]
        found = None
        for frame in traceback.extract_tb(error.__traceback__):
            if any(frame.filename.startswith(d) for d in template_dirs):
                found = (self._display(frame.filename), frame.lineno or 0)
        return found
