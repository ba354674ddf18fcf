"""URLs that never break (content/ledger.py, model/moves.py) and what the clock decides
(model/timely.py): the front matter, the ledger file and the plans they make."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.content.ledger import LEDGER_NAME, Ledger, LedgerEntry, read_ledger, write_ledger
from generator.errors import SiteError
from generator.model.moves import REDIRECT_RULES_URL, plan_site, published_urls, unrecorded
from generator.model.routes import PageKind, output_valid_until
from generator.urls import old_site_path

from .helpers import NOW, article_text, assemble, make_article, make_config, make_page, messages, parse


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path)


def _with_ledger(site, *lines: tuple[str, str]):
    return dataclasses.replace(site, ledger=Ledger(tuple(LedgerEntry(url, owner, n) for n, (url, owner) in
                                                         enumerate(lines, 1)), kept=True))


def _kinds(plans) -> dict[str, tuple[PageKind, str]]:
    return {plan.url: (plan.kind, plan.key) for plan in plans}


@pytest.mark.parametrize(("typed", "path"), [
    ("/old-story", "/old-story/"), ("/2019/05/old/", "/2019/05/old/"), ("/legacy.html", "/legacy.html"),
])
def test_old_urls_are_site_paths_with_a_folder_slash(typed: str, path: str) -> None:
    assert old_site_path(typed) == (path, None)


@pytest.mark.parametrize(("typed", "complaint"), [
    ("https://example.org/x/", "write the path only"), ("old/", "must start with '/'"),
    ("/a b/", "space"), ("/x/?id=3", "'?'"), ("/a/../b/", "'..'"), ("/a//b/", "empty"),
])
def test_what_cannot_be_an_old_url_says_why(typed: str, complaint: str) -> None:
    assert complaint in (old_site_path(typed)[1] or "")


def test_aliases_are_read_and_bad_ones_named_at_their_line(config) -> None:
    story = make_article(config, "news/a.md", extra="aliases: [/old/a, /a.html]\n")
    assert story.aliases == ("/old/a/", "/a.html")
    result = parse(config, "news/b.md", article_text(extra="aliases: [old, /2024/05/b/]\n"))
    assert result.value is None
    assert messages(result.problems) == [
        "content/news/b.md:6: error: aliases: item 1: 'old' must start with '/', e.g. /2019/05/old-story/",
        "content/news/b.md:6: error: aliases: item 2: '/2024/05/b/' is the story's own URL; delete it",
    ]


@pytest.mark.parametrize(("extra", "message"), [
    ("expires: 2024-04-01T00:00:00Z\n", "expires: 2024-04-01T00:00:00+00:00 is before the date"),
    ("featured_until: 2024-04-01T00:00:00Z\n", "featured_until: 2024-04-01T00:00:00+00:00 is before the date"),
    ("featured: soon\n", "featured: must be true or false"),
    ("breaking: Outage\n", "breaking: must be a block with text"),
    ("breaking: {until: 2024-06-01T00:00:00Z}\n", "breaking: needs a text"),
    ("breaking: {text: Outage, until: 2024-04-01T00:00:00Z}\n", "breaking: until: 2024-04-01T00:00:00+00:00 is before"),
    ("breaking: {text: Outage, link: 'javascript:x'}\n", "must be a path of this site"),
    ("breaking: {text: Outage, colour: red}\n", "breaking: has unknown key(s) colour"),
])
def test_bad_clock_fields_are_errors_at_their_line(config, extra: str, message: str) -> None:
    result = parse(config, "news/a.md", article_text(extra=extra))
    assert result.value is None
    assert any(message in text and "content/news/a.md:6:" in text for text in messages(result.problems)), \
        messages(result.problems)


def test_featured_until_alone_pins_the_story(config) -> None:
    story = make_article(config, "news/a.md", extra="featured_until: 2024-05-03T00:00:00Z\n")
    assert story.featured and story.featured_until == datetime(2024, 5, 3, tzinfo=UTC)


def _story(config, name: str, day: int, extra: str = ""):
    return make_article(config, f"news/{name}.md", title=name.title(), date=f"2024-05-{day:02d}T09:00:00+00:00",
                        extra=extra)


def test_expired_stories_leave_every_list_and_keep_their_page(config) -> None:
    kept, gone = _story(config, "kept", 1), _story(config, "old", 2, "expires: 2024-06-01T00:00:00Z\n")
    site, _ = assemble(config, [kept, gone])
    assert [a.url for a in site.articles] == [kept.url]
    assert [a.url for a in site.expired] == [gone.url]
    assert gone.url not in {a.url for s in site.sections for a in s.articles}
    assert _kinds(plan_site(site)[0])[gone.url] == (PageKind.ARTICLE, gone.url)
    gone_site, _ = assemble(make_config(config.root, expired="gone"), [kept, gone])
    assert _kinds(plan_site(gone_site)[0])[gone.url] == (PageKind.GONE, "")


def test_the_newest_running_feature_leads_and_the_newest_banner_flies(config) -> None:
    stories = [
        _story(config, "a", 1, "featured: true\nbreaking: {text: First}\n"),
        _story(config, "b", 2, "featured_until: 2024-06-01T00:00:00Z\nbreaking: {text: Over, until: 2024-06-01T00:00:00Z}\n"),
        _story(config, "c", 3),
    ]
    site, _ = assemble(config, stories, now=datetime(2024, 5, 20, tzinfo=UTC))
    assert site.featured.url == stories[1].url
    assert site.breaking.text == "Over" and site.breaking.link == stories[1].url
    assert output_valid_until(site) == datetime(2024, 6, 1, tzinfo=UTC)
    later, _ = assemble(config, stories, now=datetime(2024, 6, 2, tzinfo=UTC))
    assert later.featured.url == stories[0].url
    assert later.breaking.text == "First"


def test_aliases_become_redirects_with_rules(config) -> None:
    story = _story(config, "a", 1, "aliases: [/old/a/]\n")
    page = make_page(config, "pages/about.md", "---\ntitle: About\naliases: [/who-we-are/]\n---\nHi\n")
    plans, problems = plan_site(assemble(config, [story], [page])[0])
    kinds = _kinds(plans)
    assert problems == []
    assert kinds["/old/a/"] == (PageKind.REDIRECT, story.url)
    assert kinds["/who-we-are/"] == (PageKind.REDIRECT, "/about/")
    assert kinds[REDIRECT_RULES_URL] == (PageKind.REDIRECT_RULES, "")


def test_a_site_with_no_old_urls_has_no_redirect_rules(config) -> None:
    plans, _ = plan_site(assemble(config, [_story(config, "a", 1)])[0])
    assert REDIRECT_RULES_URL not in _kinds(plans)


def test_the_ledger_keeps_each_old_url_working_or_says_why_not(config) -> None:
    story = make_article(config, "news/a.md", tags=["AI"])
    site, _ = assemble(config, [story])
    site = _with_ledger(site, ("/2024/05/a/", "content/news/a.md"), ("/2023/old-a/", "content/news/a.md"),
                        ("/pulled/", "gone"), ("/tags/artificial-intelligence/", "tag:ai"),
                        ("/tags/rust/", "tag:Rust"), ("/2022/deleted/", "content/news/deleted.md"))
    plans, problems = plan_site(site)
    kinds = _kinds(plans)
    assert story.url == "/2024/05/a/"
    assert kinds["/2024/05/a/"] == (PageKind.ARTICLE, "/2024/05/a/")
    assert kinds["/2023/old-a/"] == (PageKind.REDIRECT, "/2024/05/a/")
    assert kinds["/pulled/"][0] is PageKind.GONE
    assert kinds["/tags/artificial-intelligence/"] == (PageKind.REDIRECT, "/tags/ai/")
    assert kinds["/tags/rust/"] == (PageKind.REDIRECT, "/tags/")
    assert "/2022/deleted/" not in kinds
    assert messages(problems) == [
        f"{LEDGER_NAME}:6: error: /2022/deleted/ was published by content/news/deleted.md, which no longer publishes "
        "anything (deleted, renamed, made a draft or dated later); keep the URL working: add it to the aliases: of "
        "the story that replaces it, or write 'gone' in place of the file name on this line"]


def test_published_urls_keep_old_entries_and_add_the_new(config) -> None:
    story = make_article(config, "news/a.md", tags=["AI"], extra="aliases: [/a-old/]\n")
    site = _with_ledger(assemble(config, [story])[0], ("/pulled/", "gone"), ("/2024/05/a/", "content/news/renamed.md"))
    plans, _ = plan_site(site)
    owners = published_urls(site, plans)
    assert owners == {"/pulled/": "gone", "/2024/05/a/": "content/news/a.md", "/a-old/": "content/news/a.md",
                      "/tags/ai/": "tag:AI"}
    assert unrecorded(site, plans) == 2
    assert unrecorded(assemble(config, [story])[0], plans) == 0, "a site without a ledger is not nagged"


def test_the_ledger_file_reads_back_what_was_written(tmp_path: Path) -> None:
    write_ledger(tmp_path, {"/b/": "content/b.md", "/a/": "gone", "/tags/c-plus-plus/": "tag:C++"})
    ledger = read_ledger(tmp_path)
    assert ledger.kept
    assert [(e.url, e.owner) for e in ledger.entries] == [("/a/", "gone"), ("/b/", "content/b.md"),
                                                          ("/tags/c-plus-plus/", "tag:C++")]
    assert not list(tmp_path.glob(".*tmp")), "the temporary file is renamed into place"
    assert read_ledger(tmp_path / "nowhere") == Ledger()


def test_bad_ledger_lines_are_named(tmp_path: Path) -> None:
    (tmp_path / LEDGER_NAME).write_text("# comment\n/a/ content/a.md\n/a/ gone\nlonely\nno-slash/ gone\n\n"
                                        "/spaced name/ gone\n/b/ content/with space.md\n")
    with pytest.raises(SiteError) as raised:
        read_ledger(tmp_path)
    assert messages(raised.value.problems) == [
        f"{LEDGER_NAME}:3: error: /a/ is listed twice (also on line 2); keep one",
        f"{LEDGER_NAME}:4: error: 'lonely' needs what published it after a space: a file of content/, tag:NAME, "
        "or gone",
        f"{LEDGER_NAME}:5: error: 'no-slash/' must start with '/', e.g. /2019/05/old-story/",
    ]


def test_next_ending_ignores_what_has_ended(config) -> None:
    story = _story(config, "a", 1, f"expires: {(NOW + timedelta(days=2)).isoformat()}\n"
                                   "featured_until: 2024-05-02T00:00:00Z\n")
    site, _ = assemble(config, [story])
    assert site.next_ending == NOW + timedelta(days=2)
