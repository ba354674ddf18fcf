"""URLs that never break: the redirects and gone pages that keep every published URL working.

Three things keep an old URL alive, each planned here as pages (model/routes.py plans the rest):
- a story's `aliases:` (old URLs by hand) become redirects to it;
- a URL of the ledger (content/ledger.py) that no page has any more becomes a redirect to
  where its owner is now: a story whose slug, section or date moved it, a tag whose name
  now makes another slug; or a gone page, where the ledger says "gone";
- a URL of the ledger whose owner publishes nothing now (deleted, renamed, made a draft) is
  an error naming the file and the URL: nothing says where its readers should go.

Redirects are small HTML pages (render/redirects.py) that any static host serves, and rules
in `_redirects` for the hosts that read them (Netlify, Cloudflare Pages) and answer 301.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from generator.content.ledger import GONE, LEDGER_NAME, TAG_OWNER
from generator.errors import Problem
from generator.model.collisions import find_collisions
from generator.model.routes import TEMPLATES, PageKind, PagePlan, plan_pages
from generator.model.site import Site

REDIRECT_RULES_URL = "/_redirects"


def plan_site(site: Site) -> tuple[tuple[PagePlan, ...], list[Problem]]:
    """Every page of SITE (plan_pages), with its redirects and gone pages; and the ledger's lost URLs."""
    plans = list(plan_pages(site))
    for item in (*site.articles, *site.expired, *site.pages):
        plans += [PagePlan(alias, PageKind.REDIRECT, key=item.url, claimed_by=item.source) for alias in item.aliases]
    planned = {plan.url for plan in plans}
    moved, problems = _ledger_plans(site, planned)
    plans += moved
    if any(plan.kind is PageKind.REDIRECT for plan in plans):
        plans.append(PagePlan(REDIRECT_RULES_URL, PageKind.REDIRECT_RULES, claimed_by="the redirect rules"))
    return tuple(plans), problems


def planning_problems(site: Site, assets: Iterable[str], unparsed: frozenset[str]) -> list[Problem]:
    """What planning SITE would find (ledger URLs with nowhere to go, output files claimed twice by
    its pages and the files of content/ ASSETS), for a build that already stops at an earlier
    stage: one run tells them all. A ledger URL of an UNPARSED file is left out, as that file's
    own error is the news."""
    kept = tuple(entry for entry in site.ledger.entries if entry.owner.removeprefix("content/") not in unparsed)
    plans, lost = plan_site(dataclasses.replace(site, ledger=dataclasses.replace(site.ledger, entries=kept)))
    return lost + find_collisions(plans, [(path, f"content/{path}") for path in assets])


def _ledger_plans(site: Site, planned: set[str]) -> tuple[list[PagePlan], list[Problem]]:
    """Pages for the ledger's URLs that PLANNED lacks, and a problem for each that has nowhere to go."""
    now_at = {item.source: item.url for item in (*site.articles, *site.expired, *site.pages)}
    tags = {tag.name.casefold(): tag.url for tag in site.tags}
    plans: list[PagePlan] = []
    problems = []
    for entry in site.ledger.entries:
        if entry.url in planned:
            continue
        where = f"{LEDGER_NAME} line {entry.line}"
        if entry.owner == GONE:
            plans.append(PagePlan(entry.url, PageKind.GONE, TEMPLATES[PageKind.GONE], claimed_by=where))
        elif entry.owner.startswith(TAG_OWNER):  # a tag's page moves with its slug; a tag no story has, to the index
            target = tags.get(entry.owner.removeprefix(TAG_OWNER).casefold(), "/tags/")
            plans.append(PagePlan(entry.url, PageKind.REDIRECT, key=target, claimed_by=where))
        elif entry.owner in now_at:
            plans.append(PagePlan(entry.url, PageKind.REDIRECT, key=now_at[entry.owner], claimed_by=where))
        else:
            problems.append(Problem(LEDGER_NAME, f"{entry.url} was published by {entry.owner}, which no longer "
                                    "publishes anything (deleted, renamed, made a draft or dated later); keep the "
                                    "URL working: add it to the aliases: of the story that replaces it, or write "
                                    "'gone' in place of the file name on this line", entry.line))
    return plans, problems


def published_urls(site: Site, plans: tuple[PagePlan, ...]) -> dict[str, str]:
    """URL → owner of every URL the ledger keeps that PLANS publish now: articles, pages, their
    aliases and tag pages, and the ledger's gone pages and moves (they keep their owner)."""
    owners = {entry.url: entry.owner for entry in site.ledger.entries}
    for plan in plans:
        if plan.kind in (PageKind.ARTICLE, PageKind.PAGE) or (
                plan.kind in (PageKind.REDIRECT, PageKind.GONE) and plan.claimed_by.startswith("content/")):
            owners[plan.url] = plan.claimed_by
        elif plan.kind is PageKind.TAG and plan.url == plan.list_url:
            owners[plan.url] = TAG_OWNER + site.tags_by_slug[plan.key].name
    return owners


def unrecorded(site: Site, plans: tuple[PagePlan, ...]) -> int:
    """How many URLs PLANS publish that the ledger does not hold yet (0 for a site without one)."""
    if not site.ledger.kept:
        return 0
    recorded = {entry.url for entry in site.ledger.entries}
    return sum(1 for url in published_urls(site, plans) if url not in recorded)
