"""generator.model.routes and model/collisions.py: planning every output file and finding URL collisions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from generator.model.collisions import find_collisions
from generator.model.routes import (
    MACHINE_KINDS,
    TEMPLATES,
    PageKind,
    PagePlan,
    listed_on,
    locality_order,
    page_count,
    plan_pages,
)

from .helpers import assemble, make_article, make_author, make_config, make_page


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, paginate=2)


def jane(config):
    return make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\n")


def five_articles(config):
    return [make_article(config, f"news/n{day}.md", date=f"2024-03-0{day}", tags=["AI"]) for day in range(1, 6)]


def plan_urls(plans, kind):
    return [plan.url for plan in plans if plan.kind is kind]


@pytest.mark.parametrize(("items", "per_page", "pages"), [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2),
                                                          (5, 2, 3)])
def test_page_count(items, per_page, pages):
    assert page_count(items, per_page) == pages


def test_stable_pagination_counts_pages_from_the_oldest_story(config):
    """Five stories, two a page: the first URL shows the newest three, /page/1/ the oldest two."""
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    plans = plan_pages(site)
    assert plan_urls(plans, PageKind.HOME) == ["/", "/page/1/"]
    assert plan_urls(plans, PageKind.SECTION) == ["/news/", "/news/page/1/"]
    assert plan_urls(plans, PageKind.TAG) == ["/tags/ai/", "/tags/ai/page/1/"]
    assert plan_urls(plans, PageKind.AUTHOR) == ["/authors/jane-doe/", "/authors/jane-doe/page/1/"]
    home = [plan for plan in plans if plan.kind is PageKind.HOME]
    assert [(p.number, p.output_path, [a.slug for a in listed_on(site, p)]) for p in home] == [
        (2, "index.html", ["n5", "n4", "n3"]), (1, "page/1/index.html", ["n2", "n1"])]


def test_classic_pagination_counts_pages_from_the_newest_story(tmp_path):
    config = make_config(tmp_path, paginate=2, pagination="classic")
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    plans = plan_pages(site)
    assert plan_urls(plans, PageKind.HOME) == ["/", "/page/2/", "/page/3/"]
    assert plan_urls(plans, PageKind.AUTHOR) == ["/authors/jane-doe/", "/authors/jane-doe/page/2/",
                                                 "/authors/jane-doe/page/3/"]
    home = [plan for plan in plans if plan.kind is PageKind.HOME]
    assert [(p.number, p.output_path, [a.slug for a in listed_on(site, p)]) for p in home] == [
        (1, "index.html", ["n5", "n4"]), (2, "page/2/index.html", ["n3", "n2"]), (3, "page/3/index.html", ["n1"])]


@pytest.mark.parametrize("per_page", [1, 2, 3, 10])
def test_with_stable_pagination_publishing_never_changes_an_older_page(tmp_path, per_page):
    """Thirty stories published one by one: every URL but the first keeps its stories for good,
    and the first URL always shows between PER_PAGE and 2 × PER_PAGE - 1 of them (fewer at the start)."""
    config = make_config(tmp_path, paginate=per_page)
    stories = [make_article(config, f"news/s{n:02d}.md", date=f"2024-03-{n:02d}") for n in range(1, 31)]
    seen: dict[str, list[str]] = {}
    for published in range(1, 31):
        site, _ = assemble(config, stories[:published])
        for plan in (p for p in plan_pages(site) if p.kind is PageKind.HOME):
            shown = [a.slug for a in listed_on(site, plan)]
            if plan.url == "/":
                assert len(shown) == published if published < per_page else per_page <= len(shown) < 2 * per_page
            else:
                assert len(shown) == per_page and seen.setdefault(plan.url, shown) == shown


def test_empty_lists_still_get_one_page(config):
    site, _ = assemble(config, [], authors=[jane(config)])
    plans = plan_pages(site)
    assert plan_urls(plans, PageKind.HOME) == ["/"]
    assert plan_urls(plans, PageKind.AUTHOR) == ["/authors/jane-doe/"]


def test_every_kind_is_planned(config):
    articles = [make_article(config, "news/a.md", tags=["AI"])]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n")]
    site, _ = assemble(config, articles, pages, [jane(config)], now=articles[0].date + timedelta(hours=1))
    plans = plan_pages(site)
    # Redirects and gone pages come from old URLs (model/moves.py, tests/unit/test_moves.py).
    assert {plan.kind for plan in plans} == set(PageKind) - {PageKind.REDIRECT, PageKind.REDIRECT_RULES, PageKind.GONE}
    singles = {plan.kind: plan.url for plan in plans
               if plan.kind not in (PageKind.ARTICLE, PageKind.PAGE) and not plan.key.partition(":")[2]}
    assert singles == {
        PageKind.HOME: "/", PageKind.SECTION: "/news/", PageKind.TAG_INDEX: "/tags/", PageKind.TAG: "/tags/ai/",
        PageKind.AUTHOR_INDEX: "/authors/", PageKind.AUTHOR: "/authors/jane-doe/", PageKind.ARCHIVE: "/archive/",
        PageKind.ARCHIVE_YEAR: "/archive/2024/", PageKind.NOT_FOUND: "/404.html", PageKind.RSS: "/feed.xml",
        PageKind.ATOM: "/atom.xml", PageKind.JSON_FEED: "/feed.json", PageKind.SITEMAP: "/sitemap.xml",
        PageKind.SEARCH: "/search/", PageKind.OPENSEARCH: "/opensearch.xml",
        PageKind.NEWS_SITEMAP: "/news-sitemap.xml", PageKind.ROBOTS: "/robots.txt",
    }
    topic_feeds = {plan.url: plan.key for plan in plans if plan.key.partition(":")[2]}
    assert topic_feeds == {
        **{f"/news/{name}": "section:news" for name in ("feed.xml", "atom.xml", "feed.json")},
        **{f"/tags/ai/{name}": "tag:ai" for name in ("feed.xml", "atom.xml", "feed.json")},
        **{f"/authors/jane-doe/{name}": "author:jane-doe" for name in ("feed.xml", "atom.xml", "feed.json")}}
    assert len({plan.url for plan in plans}) == len(plans)


def test_articles_first_and_machine_files_last(config):
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    plans = plan_pages(site)
    assert [p.kind for p in plans[:5]] == [PageKind.ARTICLE] * 5
    assert [p.kind for p in plans[-3:]] == [PageKind.JSON_FEED, PageKind.SITEMAP, PageKind.ROBOTS]
    assert {p.kind for p in plans[plans.index(next(p for p in plans if p.kind is PageKind.RSS)):]} <= MACHINE_KINDS


def test_locality_order_puts_articles_first_then_lists_by_their_newest_story(config):
    articles = [make_article(config, f"news/n{day}.md", date=f"2024-03-0{day}", tags=["AI" if day % 2 else "Chips"])
                for day in range(1, 6)]
    site, _ = assemble(config, articles, authors=[jane(config)])
    plans = plan_pages(site)
    ordered = locality_order(site, reversed(plans))
    assert sorted(ordered, key=plans.index) == list(plans)  # the same plans
    assert [p.kind for p in ordered[:5]] == [PageKind.ARTICLE] * 5
    newest = [listed_on(site, p)[0].date for p in ordered if p.kind in (PageKind.HOME, PageKind.TAG)]
    assert newest == sorted(newest, reverse=True)
    assert {p.url for p in ordered[5:9]} == {"/", "/news/", "/tags/ai/", "/authors/jane-doe/"}  # the pages showing n5
    assert ordered[-1].kind not in (PageKind.ARTICLE, PageKind.HOME, PageKind.TAG)


def test_topic_feeds_can_be_turned_off(tmp_path):
    config = make_config(tmp_path, topic_feeds=False)
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    assert [p.url for p in plan_pages(site) if p.kind is PageKind.RSS] == ["/feed.xml"]


def test_article_and_page_plans_carry_template_key_and_source(config):
    articles = [make_article(config, "news/a.md", extra="template: longread.html\n")]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\ntemplate: plain.html\n---\nHi\n")]
    site, _ = assemble(config, articles, pages, [jane(config)])
    plans = plan_pages(site)
    assert plans[0] == PagePlan("/2024/05/a/", PageKind.ARTICLE, "longread.html", "/2024/05/a/",
                                claimed_by="content/news/a.md")
    assert plans[0].output_path == "2024/05/a/index.html"
    assert plans[1] == PagePlan("/about/", PageKind.PAGE, "plain.html", "/about/",
                                claimed_by="content/pages/about.md")


def test_list_plans_use_the_kind_templates(config):
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    for plan in plan_pages(site):
        if plan.kind in TEMPLATES:
            assert plan.template == TEMPLATES[plan.kind]
    year = next(plan for plan in plan_pages(site) if plan.kind is PageKind.ARCHIVE_YEAR)
    assert (year.key, year.template, year.claimed_by) == ("2024", "archive_year.html", "the archive of 2024")


def test_no_collisions_in_a_normal_site(config):
    site, _ = assemble(config, five_articles(config), authors=[jane(config)])
    assert find_collisions(plan_pages(site), [("images/x.png", "content/images/x.png")]) == []


def test_two_articles_with_the_same_url_collide(tmp_path):
    config = make_config(tmp_path, permalink="/{slug}/")
    articles = [make_article(config, "news/chips.md"), make_article(config, "reviews/chips.md", date="2024-01-01")]
    site, _ = assemble(config, articles, authors=[jane(config)])
    problems = find_collisions(plan_pages(site), [])
    assert [(p.path, p.message) for p in problems] == [(
        "content/news/chips.md",
        "would write /chips/, which content/reviews/chips.md also writes; give one a different slug",
    )]


def test_page_colliding_with_a_section_names_the_page(config):
    pages = [make_page(config, "pages/news.md", "---\ntitle: News\n---\nHi\n")]
    site, _ = assemble(config, [make_article(config, "news/a.md")], pages, [jane(config)])
    problems = find_collisions(plan_pages(site), [])
    assert [(p.path, p.message) for p in problems] == [(
        "content/pages/news.md",
        "would write /news/, which the section page of 'news' also writes; give one a different slug",
    )]


def test_asset_colliding_with_a_page(config):
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n")]
    site, _ = assemble(config, [], pages, [jane(config)])
    problems = find_collisions(plan_pages(site), [("about/index.html", "content/about/index.html")])
    assert [(p.path, p.message) for p in problems] == [(
        "content/pages/about.md",
        "would write /about/, which content/about/index.html also writes; give one a different slug",
    )]


def test_asset_colliding_with_a_feed(config):
    site, _ = assemble(config, [], authors=[jane(config)])
    problems = find_collisions(plan_pages(site), [("feed.xml", "content/feed.xml")])
    assert [(p.path, p.message.split(",")[0]) for p in problems] == [("content/feed.xml", "would write /feed.xml")]
    assert "the RSS feed also writes" in problems[0].message


def test_search_page_and_opensearch_are_planned_only_when_search_is_on(tmp_path):
    on = plan_pages(assemble(make_config(tmp_path), [])[0])
    off = plan_pages(assemble(make_config(tmp_path, search=False), [])[0])
    assert [(p.url, p.template) for p in on if p.kind is PageKind.SEARCH] == [("/search/", "search.html")]
    assert not [p for p in off if p.kind is PageKind.SEARCH]
    assert {p.url for p in on} - {p.url for p in off} == {"/search/", "/opensearch.xml"}


def test_files_in_the_search_bundle_folder_collide_only_when_search_is_on(tmp_path):
    copied = [("pagefind/notes.txt", "content/pagefind/notes.txt"), ("pagefinder/x.txt", "content/pagefinder/x.txt")]
    on = find_collisions(plan_pages(assemble(make_config(tmp_path), [])[0]), copied)
    assert [(p.path, p.message) for p in on] == [(
        "content/pagefind/notes.txt",
        "would write /pagefind/notes.txt, but pagefind/ holds the search index; "
        "move it elsewhere, or set search = false in sitegen.toml",
    )]
    assert find_collisions(plan_pages(assemble(make_config(tmp_path, search=False), [])[0]), copied) == []


def test_a_page_with_the_slug_search_collides_with_the_search_page(config):
    pages = [make_page(config, "pages/search.md", "---\ntitle: Search us\n---\nHi\n")]
    site, _ = assemble(config, [], pages, [jane(config)])
    assert [p.path for p in find_collisions(plan_pages(site), [])] == ["content/pages/search.md"]
