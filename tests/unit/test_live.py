"""Live coverage (type: live): entries from timestamped headings, live_until, the badge and the JSON-LD."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.live import LiveEntry
from generator.content.model import Article
from generator.errors import Severity
from generator.model.routes import plan_pages
from generator.model.timely import next_ending
from generator.render.pages import Renderer
from generator.render.themes import resolve_theme

from .helpers import assemble, make_config, parse
from .test_structured import json_ld_of

BERLIN = ZoneInfo("Europe/Berlin")
BODY = """Intro before the first entry.[^1]

## 2026-11-24T18:00 Doors open

The first entry.

## 2026-11-24T19:15 The end

The last entry, written second.

## 2026-11-24T18:30:00Z A *quoted* fact

Given in UTC: 19:30 in Berlin.

### 14:05 is only a sub-heading

[^1]: A note.
"""


def live_text(body: str = BODY, extra: str = "live_until: 2026-11-24T20:00\n", story_type: str = "live") -> str:
    # ---, title, date, author, type, live_until, ---, a blank line: the intro is on line 9, entries on 11, 15, 19.
    extra = extra or "section: news\n"  # keep the body on line 9
    return (f"---\ntitle: A live story\ndate: 2026-11-24T17:45:00+01:00\nauthor: Jane Doe\ntype: {story_type}\n"
            f"{extra}---\n\n{body}")


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, timezone="Europe/Berlin")


def live_article(config, text: str | None = None) -> Article:
    result = parse(config, "news/live.md", text or live_text())
    assert isinstance(result.value, Article), [str(p) for p in result.problems]
    assert not result.problems
    return result.value


def errors(config, text: str) -> list[tuple[int | None, str]]:
    result = parse(config, "news/live.md", text)
    assert result.value is None
    found = [(p.line, p.message) for p in result.problems if p.severity is Severity.ERROR]
    assert all(p.path == "content/news/live.md" for p in result.problems)
    return found


def test_entries_are_read_newest_first_with_anchors_and_the_site_zone(config):
    article = live_article(config)
    assert article.story_type == "live"
    assert article.live_until == datetime(2026, 11, 24, 20, tzinfo=BERLIN)
    assert article.live_entries == (
        LiveEntry(datetime(2026, 11, 24, 18, 30, tzinfo=UTC), "A quoted fact", "live-20261124-1930", 19),
        LiveEntry(datetime(2026, 11, 24, 19, 15, tzinfo=BERLIN), "The end", "live-20261124-1915", 15),
        LiveEntry(datetime(2026, 11, 24, 18, 0, tzinfo=BERLIN), "Doors open", "live-20261124-1800", 11))
    assert article.modified == article.live_entries[0].date  # the latest entry
    assert [(h.level, h.id, h.text) for h in article.body.headings][:3] == [
        (2, "live-20261124-1800", "Doors open"), (2, "live-20261124-1915", "The end"),
        (2, "live-20261124-1930", "A quoted fact")]


def test_the_body_shows_the_intro_then_entries_newest_first_then_the_notes(config):
    html = live_article(config).body_html
    assert html.index("Intro before") < html.index('<div class="live-entries">') < html.index("footnotes-list")
    entries = re.findall(r'<article class="live-entry" id="([^"]+)">\n<p class="live-entry-time">'
                         r'<a href="#\1"><time datetime="([^"]+)">([^<]+)</time></a></p>\n<h2>(.*?)</h2>', html)
    assert entries == [
        ("live-20261124-1930", "2026-11-24T19:30:00+01:00", "24 November 2026, 19:30 CET", "A <em>quoted</em> fact"),
        ("live-20261124-1915", "2026-11-24T19:15:00+01:00", "24 November 2026, 19:15 CET", "The end"),
        ("live-20261124-1800", "2026-11-24T18:00:00+01:00", "24 November 2026, 18:00 CET", "Doors open")]
    # Each entry's text goes with it, the sub-heading with the entry it is written in.
    assert html.index("Given in UTC") < html.index("14:05 is only") < html.index('id="live-20261124-1915"')
    assert html.count("<article") == html.count("</article>") == 3


def test_two_entries_in_one_minute_get_distinct_anchors(config):
    body = "## 2026-11-24T18:00 One\n\nA.\n\n## 2026-11-24T18:00 Two\n\nB.\n"
    article = live_article(config, live_text(body))
    assert [(e.headline, e.anchor) for e in article.live_entries] == [
        ("Two", "live-20261124-1800-2"), ("One", "live-20261124-1800")]


def test_timestamped_headings_are_plain_headings_in_other_stories(config):
    result = parse(config, "news/live.md", live_text(extra="section: news\n", story_type="news"))
    assert result.value.live_entries == ()
    assert '<h2 id="2026-11-24t18-00-doors-open">2026-11-24T18:00 Doors open</h2>' in result.value.body_html


@pytest.mark.parametrize(("heading", "message"), [
    ("## 14:05 Doors open", "'14:05' is not a date and time: a live entry starts with both, e.g. ## 2026-11-24T18:12 "
                            "Headline (ISO 8601, in the site's time zone unless it gives an offset)"),
    ("## 2026-11-24 Doors open", "'2026-11-24' is not a date and time: a live entry starts with both, e.g. "
                                 "## 2026-11-24T18:12 Headline (ISO 8601, in the site's time zone unless it gives an "
                                 "offset)"),
    ("## 2026-11-31T18:00 Doors open", "'2026-11-31T18:00' is not a date and time: a live entry starts with both, "
                                       "e.g. ## 2026-11-24T18:12 Headline (ISO 8601, in the site's time zone unless "
                                       "it gives an offset)"),
    ("## 2026-11-24T18:00", "the entry at 2026-11-24T18:00 has no headline; write it after the time: "
                            "## 2026-11-24T18:12 Headline"),
    ("## 2026-11-24T17:00 Too early", "the live entry at 2026-11-24T17:00:00+01:00 is before the story's date "
                                      "2026-11-24T17:45:00+01:00"),
])
def test_a_bad_entry_heading_is_an_error_at_its_line(config, heading, message):
    body = BODY.replace("## 2026-11-24T19:15 The end", heading)
    assert errors(config, live_text(body)) == [(15, message)]


def test_live_until_is_a_moment_after_the_date_of_a_live_story(config):
    assert errors(config, live_text(extra="live_until: 2026-11-24T17:00\n")) == [
        (6, "live_until: 2026-11-24T17:00:00+01:00 is before the date 2026-11-24T17:45:00+01:00")]
    assert errors(config, live_text(extra="live_until: soon\n")) == [
        (6, "live_until: cannot read 'soon' as a date; use ISO 8601, e.g. 2024-05-01T09:30")]
    assert errors(config, live_text(extra="live_until: 2026-11-24T20:00\n", story_type="news")) == [
        (6, "live_until: only a live story (type: live) has live_until")]
    assert live_article(config, live_text(extra="section: news\n")).live_until is None  # still running


def render(config, article: Article, now: datetime) -> dict[str, str]:
    site, problems = assemble(config, [article], now=now)
    assert not [p for p in problems if p.is_error]
    renderer = Renderer(site, resolve_theme(config))
    return {plan.url: renderer.render(plan).decode() for plan in plan_pages(site) if plan.template}


def test_the_badge_says_live_until_live_until_then_that_the_coverage_ended(config):
    article = live_article(config)
    during = render(config, article, datetime(2026, 11, 24, 18, 50, tzinfo=UTC))
    after = render(config, article, datetime(2026, 11, 24, 19, tzinfo=UTC))  # 20:00 in Berlin: the end
    live = '<span class="story-label story-label-live">Live</span> '
    ended = '<span class="story-label story-label-live-ended">Live coverage ended</span> '
    for page in (article.url, "/", "/news/"):
        assert live in during[page] and "Live coverage ended" not in during[page], page
        assert ended in after[page] and live not in after[page], page
    status = re.search(r'<p class="live-status"[^>]*>(.*?)</p>', during[article.url], re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", status).split()) == (
        "Live until 24 November 2026, 20:00 CET · 3 updates, the latest 24 November 2026, 19:30 CET")
    assert '<a href="#live-20261124-1930">' in status
    status = re.search(r'<p class="live-status"[^>]*>(.*?)</p>', after[article.url], re.S).group(1)
    assert " ".join(re.sub(r"<[^>]+>", "", status).split()).startswith("Coverage ended 24 November 2026, 20:00 CET")


def test_without_live_until_the_coverage_runs(config):
    article = live_article(config, live_text(extra="section: news\n"))
    page = render(config, article, datetime(2030, 1, 1, tzinfo=UTC))[article.url]
    assert '<span class="story-label story-label-live">Live</span>' in page
    assert re.search(r'<p class="live-status"[^>]*>Live <span class="sep"', page)


def test_json_ld_is_a_live_blog_posting_with_its_updates(config):
    article = live_article(config)
    data = json_ld_of(render(config, article, datetime(2026, 12, 1, tzinfo=UTC))[article.url])[0]
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == "2026-11-24T17:45:00+01:00"
    assert data["coverageEndTime"] == "2026-11-24T20:00:00+01:00"
    assert data["dateModified"] == "2026-11-24T18:30:00+00:00"
    assert data["liveBlogUpdate"] == [
        {"@type": "BlogPosting", "headline": "A quoted fact", "datePublished": "2026-11-24T18:30:00+00:00",
         "url": "https://example.org/2026/11/live/#live-20261124-1930"},
        {"@type": "BlogPosting", "headline": "The end", "datePublished": "2026-11-24T19:15:00+01:00",
         "url": "https://example.org/2026/11/live/#live-20261124-1915"},
        {"@type": "BlogPosting", "headline": "Doors open", "datePublished": "2026-11-24T18:00:00+01:00",
         "url": "https://example.org/2026/11/live/#live-20261124-1800"}]
    running = live_article(config, live_text(body="Intro only, no entries yet.\n", extra="section: news\n"))
    data = json_ld_of(render(config, running, datetime(2026, 12, 1, tzinfo=UTC))[running.url])[0]
    assert data["@type"] == "LiveBlogPosting" and "coverageEndTime" not in data and "liveBlogUpdate" not in data


def test_next_ending_is_the_first_coverage_still_running_to_end(config):
    ends = [live_article(config, live_text(extra=f"live_until: 2026-11-24T{hour}:00\n")) for hour in (19, 21, 20)]
    open_ended = live_article(config, live_text(extra="section: news\n"))
    at = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # 19:30 in Berlin: the first has ended
    assert next_ending([*ends, open_ended], at) == datetime(2026, 11, 24, 20, tzinfo=BERLIN)
    assert next_ending([*ends, open_ended], at + timedelta(hours=2)) is None
    assert next_ending([], at) is None
