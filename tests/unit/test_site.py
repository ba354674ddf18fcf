"""generator.model.site: publishing rules, authors, tags, cross-file links, related articles, archive."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from generator.errors import Severity
from generator.model.related import RELATED_COUNT, related_stories
from generator.model.site import Neighbours

from .helpers import NOW, make_article, make_author, make_config, make_page, messages
from .helpers import assemble as assemble_with


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path)


def assemble(config, articles=(), pages=(), authors=None, assets=(), **publishing):
    """assemble_site with a profile for "Jane Doe", the helpers' default author, unless AUTHORS is given."""
    if authors is None:
        authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")]
    return assemble_with(config, articles, pages, authors, assets, **publishing)


def urls(articles):
    return [article.url for article in articles]


def test_articles_are_newest_first(config):
    articles = [make_article(config, f"news/{name}.md", date=date) for name, date in
                (("mid", "2024-02-01"), ("old", "2024-01-01"), ("new", "2024-03-01"))]
    site, problems = assemble(config, articles)
    assert problems == []
    assert urls(site.articles) == ["/2024/03/new/", "/2024/02/mid/", "/2024/01/old/"]


def test_drafts_are_held_back_unless_asked_for(config):
    articles = [make_article(config, "news/live.md"), make_article(config, "news/wip.md", extra="draft: true\n")]
    assert urls(assemble(config, articles)[0].articles) == ["/2024/05/live/"]
    assert sorted(urls(assemble(config, articles, drafts=True)[0].articles)) == ["/2024/05/live/", "/2024/05/wip/"]


def test_future_articles_are_held_back_unless_asked_for(config):
    now = datetime(2024, 6, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    articles = [make_article(config, "news/past.md", date="2024-06-01T12:00:00+00:00"),
                make_article(config, "news/soon.md", date="2024-06-01T12:00:01+00:00")]
    held_back, shown = assemble(config, articles, now=now)[0], assemble(config, articles, now=now, future=True)[0]
    assert urls(held_back.articles) == ["/2024/06/past/"]
    assert urls(shown.articles) == ["/2024/06/soon/", "/2024/06/past/"]
    # Either way the site changes at that moment: the article appears, or loses its Scheduled badge.
    assert held_back.next_release == shown.next_release == datetime(2024, 6, 1, 12, 0, 1, tzinfo=ZoneInfo("UTC"))


def test_future_draft_needs_both_flags(config):
    article = make_article(config, "news/x.md", date="2030-01-01", extra="draft: true\n")
    assert assemble(config, [article], drafts=True)[0].articles == ()
    assert assemble(config, [article], future=True)[0].articles == ()
    assert urls(assemble(config, [article], drafts=True, future=True)[0].articles) == ["/2030/01/x/"]


def test_draft_pages_are_held_back(config):
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n"),
             make_page(config, "pages/jobs.md", "---\ntitle: Jobs\ndraft: true\n---\nHi\n")]
    assert [p.url for p in assemble(config, pages=pages)[0].pages] == ["/about/"]
    assert [p.url for p in assemble(config, pages=pages, drafts=True)[0].pages] == ["/about/", "/jobs/"]


def test_built_at_is_the_publishing_moment(config):
    assert assemble(config, now=NOW)[0].built_at == NOW


def test_tag_spellings_merge_to_the_most_used(config):
    articles = [make_article(config, "news/a.md", tags=["AI"]), make_article(config, "news/b.md", tags=["AI"]),
                make_article(config, "news/c.md", tags=["ai", "Chips"])]
    site, _ = assemble(config, articles)
    assert [(tag.slug, tag.name, len(tag.articles)) for tag in site.tags] == [("ai", "AI", 3), ("chips", "Chips", 1)]
    article_c = next(a for a in site.articles if a.url.endswith("/c/"))
    assert [(t.slug, t.name) for t in article_c.tags] == [("ai", "AI"), ("chips", "Chips")]
    assert site.tags_by_slug["ai"].url == "/tags/ai/"


def test_most_used_spelling_wins_even_when_it_sorts_later(config):
    articles = [make_article(config, f"news/{name}.md", tags=[tag]) for name, tag in
                (("a", "ai"), ("b", "ai"), ("c", "AI"))]
    assert [tag.name for tag in assemble(config, articles)[0].tags] == ["ai"]


def test_tag_spelling_tie_is_broken_alphabetically(config):
    articles = [make_article(config, "news/a.md", tags=["ai"]), make_article(config, "news/b.md", tags=["AI"])]
    assert [tag.name for tag in assemble(config, articles)[0].tags] == ["AI"]


def test_tags_of_one_article_are_not_repeated(config):
    site, _ = assemble(config, [make_article(config, "news/a.md", tags=["AI", "ai"])])
    assert [t.slug for t in site.articles[0].tags] == ["ai"]


def test_tag_lists_only_published_articles(config):
    articles = [make_article(config, "news/a.md", tags=["AI"]),
                make_article(config, "news/b.md", tags=["Secret"], extra="draft: true\n")]
    assert [tag.slug for tag in assemble(config, articles)[0].tags] == ["ai"]


@pytest.mark.parametrize("ref", ["jane-doe", "JANE-DOE", "Jane Doe", "jane doe"])
def test_author_matched_by_id_or_name_ignoring_case(config, ref):
    profile = make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")
    site, problems = assemble(config, [make_article(config, "news/a.md", author=ref)], authors=[profile])
    assert problems == []
    assert site.articles[0].authors == (profile,)
    assert urls(site.author_articles["jane-doe"]) == ["/2024/05/a/"]


def test_unknown_author_is_invented_with_a_warning(config):
    articles = [make_article(config, "news/a.md", author="Max Mustermann", date="2024-05-02"),
                make_article(config, "news/b.md", author="max mustermann", date="2024-05-01")]
    site, problems = assemble(config, articles, authors=[])
    assert [(p.path, p.severity) for p in problems] == [("content/news/a.md", Severity.WARNING)]
    assert problems[0].message == ("author 'Max Mustermann' has no profile; add "
                                   "content/authors/max-mustermann.md with a name, role and bio")
    (author,) = site.authors
    assert (author.id, author.name, author.has_profile, author.url) == (
        "max-mustermann", "Max Mustermann", False, "/authors/max-mustermann/")
    assert site.articles[0].authors == site.articles[1].authors == (author,)


def test_profiles_without_articles_are_listed(config):
    profiles = [make_author(config, "authors/zoe.md", "---\nname: Zoë Adams\n---\n"),
                make_author(config, "authors/bob.md", "---\nname: bob Brown\n---\n")]
    site, _ = assemble(config, [], authors=profiles)
    assert [a.id for a in site.authors] == ["bob", "zoe"]  # sorted by name, ignoring case
    assert dict(site.author_articles) == {}


def test_several_authors_per_article(config):
    profiles = [make_author(config, "authors/jane.md", "---\nname: Jane\n---\n"),
                make_author(config, "authors/bob.md", "---\nname: Bob\n---\n")]
    site, _ = assemble(config, [make_article(config, "news/a.md", author="[bob, Jane]")], authors=profiles)
    assert [a.id for a in site.articles[0].authors] == ["bob", "jane"]
    assert set(site.author_articles) == {"bob", "jane"}


def test_missing_body_image_is_an_error_with_its_line(config):
    article = make_article(config, "news/a.md", body="Intro.\n\n![chart](../images/missing.png)\n")
    _, problems = assemble(config, [article], assets={"images/other.png"})
    assert [(p.path, p.line, p.severity, p.message) for p in problems] == [
        ("content/news/a.md", 9, Severity.ERROR, "image to 'images/missing.png': no such file in content/")]


def test_missing_linked_file_is_an_error_with_its_line(config):
    article = make_article(config, "news/a.md", body="See [the report](../files/report.pdf).\n")
    _, problems = assemble(config, [article])
    assert messages(problems) == [
        "content/news/a.md:7: error: link to 'files/report.pdf': no such file in content/"]


def test_link_to_missing_markdown_file_is_an_error(config):
    article = make_article(config, "news/a.md", body="See [b](b.md).\n")
    assert messages(assemble(config, [article])[1]) == [
        "content/news/a.md:7: error: link to 'news/b.md': no such file in content/"]


def test_existing_assets_and_site_urls_are_fine(config):
    body = "![c](../images/c.svg) [t](/tags/ai/) [s](/news/) [feed](/feed) [x](https://example.com/x.pdf)\n"
    article = make_article(config, "news/a.md", body=body)
    assert assemble(config, [article], assets={"images/c.svg"})[1] == []


def test_missing_lead_image_is_an_error_with_the_image_line(config):
    article = make_article(config, "news/a.md", extra="image: ../images/lead.png\nimage_alt: Lead\n")
    _, problems = assemble(config, [article], assets={"images/other.png"})
    assert [(p.path, p.line, p.message) for p in problems] == [
        ("content/news/a.md", 6, "image: '/images/lead.png' is not a file in content/ "
                                 "(looked for content/images/lead.png)")]


def test_present_and_remote_lead_images_are_fine(config):
    articles = [make_article(config, "news/a.md", extra="image: ../images/lead.png\nimage_alt: Lead\n"),
                make_article(config, "news/b.md", extra="image: https://cdn.example.net/b.png\nimage_alt: B\n")]
    assert assemble(config, articles, assets={"images/lead.png"})[1] == []


def test_link_to_a_draft_is_an_error(config):
    articles = [make_article(config, "news/a.md", body="Intro.\n\nSee [next](b.md).\n"),
                make_article(config, "news/b.md", extra="draft: true\n")]
    _, problems = assemble(config, articles)
    assert messages(problems) == [
        "content/news/a.md:9: error: link to content/news/b.md, which is a draft or scheduled for later "
        "and is not published"]


def test_link_to_a_draft_is_fine_when_drafts_are_built(config):
    articles = [make_article(config, "news/a.md", body="See [next](b.md).\n"),
                make_article(config, "news/b.md", extra="draft: true\n")]
    site, problems = assemble(config, articles, drafts=True)
    assert problems == []
    assert '<a href="/2024/05/b/">next</a>' in next(a for a in site.articles if a.slug == "a").body_html


def test_markdown_links_become_the_target_urls_under_the_base_path(tmp_path):
    config = make_config(tmp_path, base_url="https://example.org/news/")
    body = ("See [b](b.md#details), [about](../pages/about.md), [Jane](../authors/jane.md) "
            "and [b again](/news/b.md).\n")
    articles = [make_article(config, "news/a.md", body=body),
                make_article(config, "news/b.md", date="2024-04-02T10:00:00+00:00")]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n")]
    authors = [make_author(config, "authors/jane.md", "---\nname: Jane Doe\n---\n")]
    site, problems = assemble(config, articles, pages, authors)
    assert problems == []
    html = site.articles[0].body_html
    assert html == ('<p>See <a href="/news/2024/04/b/#details">b</a>, <a href="/news/about/">about</a>, '
                    '<a href="/news/authors/jane/">Jane</a> and <a href="/news/2024/04/b/">b again</a>.</p>\n')


def test_page_links_to_articles_are_resolved(config):
    articles = [make_article(config, "news/a.md")]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nRead [this](../news/a.md).\n")]
    site, problems = assemble(config, articles, pages)
    assert problems == []
    assert site.pages[0].body_html == '<p>Read <a href="/2024/05/a/">this</a>.</p>\n'


def test_related_articles_are_earlier_ones_sharing_the_most_tags_then_newest(config):
    def art(name, day, tags):
        return make_article(config, f"news/{name}.md", date=f"2024-03-{day:02d}", tags=tags)

    articles = [
        art("me", 10, ["a", "b", "c"]),
        art("two-old", 1, ["a", "b"]),
        art("two-new", 2, ["b", "c"]),
        art("three-later", 20, ["a", "b", "c"]),  # published after "me": never in its block
        art("one-mid", 5, ["c"]),
        art("one-old", 3, ["b"]),
        art("one-oldest", 2, ["a"]),
        art("one-older", 1, ["c"]),
        art("none", 25, ["z"]),
    ]
    site, _ = assemble(config, articles)
    related = [a.slug for a in site.related["/2024/03/me/"]]
    assert related == ["two-new", "two-old", "one-mid", "one-old", "one-oldest"]
    assert len(related) == RELATED_COUNT
    assert [a.slug for a in site.related["/2024/03/three-later/"]][:1] == ["me"]
    assert site.related["/2024/03/none/"] == ()
    for url, others in site.related.items():
        assert url not in urls(others)


def test_related_uses_merged_tag_spellings(config):
    articles = [make_article(config, "news/a.md", tags=["AI"], date="2024-05-01"),
                make_article(config, "news/b.md", tags=["ai"], date="2024-05-02")]
    site, _ = assemble(config, articles)
    assert urls(site.related["/2024/05/b/"]) == ["/2024/05/a/"]


def test_neighbours(config):
    articles = [make_article(config, f"news/{n}.md", date=f"2024-01-0{d}") for n, d in (("x", 1), ("y", 2), ("z", 3))]
    site, _ = assemble(config, articles)
    by_slug = {a.slug: a for a in site.articles}
    assert site.neighbours["/2024/01/z/"] == Neighbours(newer=None, older=by_slug["y"])
    assert site.neighbours["/2024/01/y/"] == Neighbours(newer=by_slug["z"], older=by_slug["x"])
    assert site.neighbours["/2024/01/x/"] == Neighbours(newer=by_slug["y"], older=None)


def test_archive_groups_by_month_in_the_site_time_zone(tmp_path):
    config = make_config(tmp_path, timezone="Europe/Berlin")
    articles = [
        make_article(config, "news/new-year.md", date="2023-12-31T23:30:00+00:00"),  # 00:30 on 1 Jan in Berlin
        make_article(config, "news/eve.md", date="2023-12-31T22:30:00+00:00"),  # 23:30 on 31 Dec in Berlin
        make_article(config, "news/feb.md", date="2024-02-10"),
        make_article(config, "news/jan.md", date="2024-01-20"),
    ]
    site, _ = assemble(config, articles)
    assert [(year.year, year.count, year.url) for year in site.archive] == [
        (2024, 3, "/archive/2024/"), (2023, 1, "/archive/2023/")]
    assert [(m.anchor, [a.slug for a in m.articles]) for m in site.archive[0].months] == [
        ("2024-02", ["feb"]), ("2024-01", ["jan", "new-year"])]
    assert [(m.anchor, [a.slug for a in m.articles]) for m in site.archive[1].months] == [("2023-12", ["eve"])]


def test_sections(config):
    articles = [make_article(config, "reviews/r.md"), make_article(config, "news/a.md"),
                make_article(config, "news/b.md", date="2024-06-01"),
                make_article(config, "top.md")]
    site, _ = assemble(config, articles)
    assert [(s.slug, s.name, s.url, [a.slug for a in s.articles]) for s in site.sections] == [
        ("news", "News", "/news/", ["b", "a"]), ("reviews", "Reviews", "/reviews/", ["r"])]


def test_site_does_not_change_its_inputs(config):
    article = make_article(config, "news/a.md", author="jane", tags=["ai"], body="[b](b.md)\n")
    other = make_article(config, "news/b.md", date="2024-01-01", tags=["AI"])
    assemble(config, [article, other], authors=[make_author(config, "authors/jane.md", "---\nname: J\n---\n")])
    assert article.authors == ()
    assert article.tags[0].name == "ai"
    assert "sitegen-ref:" in article.body_html


def test_article_exactly_now_is_published(config):
    article = make_article(config, "news/a.md", date=NOW.isoformat())
    assert urls(assemble(config, [article], now=NOW)[0].articles) == ["/2025/01/a/"]
    assert assemble(config, [article], now=NOW - timedelta(seconds=1))[0].articles == ()


def test_related_matches_a_brute_force_ranking_on_random_sites():
    """The bit-sliced ranking must agree with the plain definition on messy tag sets."""
    rng = random.Random(7)
    for _ in range(20):
        count = rng.randint(1, 60)
        articles = [SimpleNamespace(url=f"/a{i}/", tags=tuple(SimpleNamespace(slug=s) for s in
                                    rng.sample("abcdefghij", rng.randint(0, 6)))) for i in range(count)]
        expected = {}
        for i, article in enumerate(articles):
            mine = {t.slug for t in article.tags}
            ranked = sorted(((len(mine & {t.slug for t in other.tags}), j) for j, other in enumerate(articles)
                             if j > i), key=lambda item: (-item[0], item[1]))  # later in the list: earlier stories
            expected[article.url] = tuple(articles[j] for shared, j in ranked if shared > 0)[:RELATED_COUNT]
        assert related_stories(articles) == expected


def test_logo_and_social_image_must_be_files_of_the_site(tmp_path):
    config = make_config(tmp_path, logo="/images/logo.png", social_image="https://cdn.example.net/card.png")
    _, problems = assemble(config, assets={"images/other.png"})
    assert messages(problems) == [
        "sitegen.toml: error: logo: '/images/logo.png' is not a file in content/ (looked for content/images/logo.png)"]
    _, problems = assemble(config, assets={"images/logo.png"})
    assert problems == []


def test_technology_names_keep_their_own_tags(config):
    names = ["C", "C++", "C#", ".NET", "NET", "F#", "Node.js"]
    articles = [make_article(config, f"news/t{number}.md", tags=[name]) for number, name in enumerate(names)]
    site, problems = assemble(config, articles)
    assert sorted((tag.slug, tag.name) for tag in site.tags) == sorted([
        ("c", "C"), ("c-plus-plus", "C++"), ("c-sharp", "C#"), ("dotnet", ".NET"), ("net", "NET"),
        ("f-sharp", "F#"), ("node-js", "Node.js")])
    assert not [p for p in problems if "tag" in p.message]


def test_spellings_merged_beyond_case_and_spaces_are_a_warning_naming_both_files(config):
    articles = [make_article(config, "news/a.md", tags=["Zürich"]), make_article(config, "news/b.md", tags=["Zurich"]),
                make_article(config, "news/c.md", tags=["zürich"])]
    site, problems = assemble(config, articles)
    assert [tag.slug for tag in site.tags] == ["zurich"]
    tag_problems = [p for p in problems if "tag" in p.message]
    assert [(p.path, p.severity) for p in tag_problems] == [("content/news/a.md", Severity.WARNING)]
    assert ("tag 'zürich' shares the page /tags/zurich/ with tag 'zurich' (content/news/b.md); they are merged "
            "as 'Zurich'") in tag_problems[0].message
