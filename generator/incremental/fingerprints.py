"""Page fingerprints: equal fingerprints mean a page would render the same bytes again.

A page's output is a function of four things, and its fingerprint digests each:
- what every page shares: sitegen's version, the configuration, the theme's settings;
- its templates: the one it names and every template that one extends, includes, imports or
  renders with include_cached(), by their sources;
- what the renderer hands it (Renderer.context): which stories a list page shows, its
  pagination, the article or tag it is about; for the sitemaps, the URLs they list;
- what it read of the site while it last rendered: its record (render/tracking.py).

The last part is recorded, not predicted: a build works the fingerprint out again from the
previous record against the new site, and renders the page only if it differs. A page that
has no record yet (new, or its record was lost) is rendered.

Most pages of a build read nothing that changed. The first three parts are kept apart in the
record (`given`), and each model object's digest as a whole is kept between builds
(ResolverMemory): a page whose given part is the same and none of whose owners changed as a
whole is current without its reads being digested one by one. Only the pages that read
something that did change have their fingerprint worked out, and re-render if it differs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

import jinja2
import jinja2.meta

from generator import __version__
from generator.incremental.resolver import Resolver, ResolverMemory
from generator.model.routes import MACHINE_KINDS, PageKind, PagePlan, sitemap_urls
from generator.model.site import Site
from generator.render.tracking import Name, Owner, Reads

_INCLUDE_CACHED = re.compile(r"""include_cached\(\s*["']([^"']+)["']""")


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


class PageRecord(NamedTuple):
    """What a build keeps of one page for the next: its fingerprint, what it read, and the part
    of the fingerprint that does not come from its reads (Fingerprints.given)."""

    fingerprint: str
    reads: Reads
    given: str


@dataclass(frozen=True, slots=True)
class TemplateFacts:
    """What the fingerprints need to know about one template source, found once per source text."""

    referenced: tuple[str | None, ...]  # what it extends, includes, imports (None: a computed name)


def template_facts(env: jinja2.Environment, source: str) -> TemplateFacts:
    """Parse SOURCE once; a template that does not parse refers to nothing (rendering reports it)."""
    try:
        tree = env.parse(source)
    except jinja2.TemplateSyntaxError:
        return TemplateFacts(())
    return TemplateFacts((*jinja2.meta.find_referenced_templates(tree), *_INCLUDE_CACHED.findall(source)))


class TemplateDigests:
    """Digest of a template together with every template it pulls in, computed once each.

    FACTS maps a template source's digest to its TemplateFacts; a builder passes the same
    dict to every build so unchanged templates are not parsed again.
    """

    def __init__(self, env: jinja2.Environment, facts: dict[str, TemplateFacts]) -> None:
        self.env = env
        self.facts = facts
        # One build asks about the same few templates thousands of times: answer each once.
        self.closure_digest = cache(self._closure_digest)
        self._source = cache(self._read_source)

    def _facts(self, name: str) -> TemplateFacts:
        source = self._source(name)
        key = _digest(source)
        if key not in self.facts:
            self.facts[key] = template_facts(self.env, source)
        return self.facts[key]

    def _closure(self, name: str) -> tuple[str, ...]:
        """NAME and the templates it extends, includes or imports, and renders with include_cached()."""
        seen: dict[str, None] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen[current] = None
            referenced = self._facts(current).referenced
            if None in referenced:  # a computed template name: depend on the whole theme
                return tuple(self.env.list_templates())
            pending += [r for r in referenced if r is not None]
        return tuple(sorted(seen))

    def _read_source(self, name: str) -> str:
        try:
            return self.env.loader.get_source(self.env, name)[0] if self.env.loader else ""
        except jinja2.TemplateNotFound:
            return ""

    def _closure_digest(self, name: str) -> str:
        return _digest(*((n, self._source(n)) for n in self._closure(name)))


class Fingerprints:
    """The fingerprints of one build's pages, from their records (see the module docstring).

    CONTEXT is Renderer.context: what the renderer hands each template page. STATIC is what the
    renderer's static_url() links the theme's static files by: a page's record holds the ones
    it linked (render/tracking.py STATIC), so a new stylesheet renders again the pages that
    link it, not the whole site.
    """

    def __init__(self, site: Site, plans: tuple[PagePlan, ...], context: Callable[[PagePlan], dict[str, Any]],
                 templates: TemplateDigests, theme_settings: object, memory: ResolverMemory | None = None,
                 known_unchanged: Callable[[Owner], bool] | None = None,
                 keys: dict[int, Owner] | None = None, changed_since: Iterable[Owner] = (),
                 static: Mapping[str, str] | None = None) -> None:
        self.resolver = Resolver(site, memory, known_unchanged, keys, changed_since, static)
        self._plans = plans
        self._context = context
        self._templates = templates
        self._common = _digest(__version__, repr(site.config), repr(theme_settings))
        self._sitemap = ""  # the same for every part of a split sitemap: worked out once

    def record(self, plan: PagePlan, reads: Reads) -> PageRecord:
        """The record of PLAN's page, which has just rendered and read what READS says."""
        given = self.given(plan)
        self.resolver.remember(reads)
        return PageRecord(_digest(given, self.resolver.digest(reads)), reads, given)

    def given(self, plan: PagePlan) -> str:
        """The part of PLAN's fingerprint that is not what it read: what every page shares, its
        templates, what the renderer hands it."""
        template = self._templates.closure_digest(plan.template) if plan.template else ""
        return _digest(self._common, template, self._handed(plan))

    def is_current(self, plan: PagePlan, record: PageRecord | None) -> bool:
        """Whether the page RECORD describes would render the same bytes now."""
        if record is None:
            return False
        given = self.given(plan)
        if given != record.given:
            return False
        if not self.resolver.changed(record.reads):
            return True
        return _digest(given, self.resolver.digest(record.reads)) == record.fingerprint

    def _handed(self, plan: PagePlan) -> str:
        """What the renderer gives PLAN's page that the page did not read from the site itself."""
        if plan.kind not in MACHINE_KINDS:
            return self.resolver.text(self._context(plan))
        if plan.kind is PageKind.SITEMAP:  # it lists the planned URLs (lastmod: read from the site)
            self._sitemap = self._sitemap or _digest(*sitemap_urls(self._plans))
            return f"{plan!r}{self._sitemap}"
        if plan.kind is PageKind.REDIRECT_RULES:  # it lists every redirect (a redirect's plan holds its target)
            return repr([(p.url, p.key) for p in self._plans if p.kind is PageKind.REDIRECT])
        if plan.kind is PageKind.ROBOTS:  # it names the sitemaps
            return repr([p.url for p in self._plans if p.kind in (PageKind.SITEMAP, PageKind.NEWS_SITEMAP)])
        return repr(plan)  # feeds: everything else is read from the site


class ReaderIndex:
    """Owner → the output paths whose records read it: which pages an edit can reach.

    A serve session's quick path asks it which pages read an edited article, then checks
    those pages' fingerprints: the records answer, not a second model of what a page shows.
    """

    def __init__(self, records: dict[str, PageRecord]) -> None:
        self._readers: dict[Owner, set[str]] = {}
        for path, record in records.items():
            self.add(path, record.reads)

    def add(self, path: str, reads: Reads) -> None:
        for owner in reads:
            self._readers.setdefault(owner, set()).add(path)

    def remove(self, path: str, reads: Reads) -> None:
        for owner in reads:
            self._readers.get(owner, set()).discard(path)

    def readers(self, owners: Iterable[Owner]) -> set[str]:
        return set().union(*(self._readers.get(owner, ()) for owner in owners))


def intern_reads(reads: Reads, owners: dict[Owner, Owner], names: dict[frozenset[Name], frozenset[Name]]) -> Reads:
    """READS with equal owners and name sets made one object each (across the pages of a build):
    records from worker processes arrive as copies, and a build keeps 18,000 of them."""
    return {owners.setdefault(owner, owner): names.setdefault(group, group) for owner, group in reads.items()}
