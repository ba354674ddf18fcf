"""Front matter as Jekyll and Hugo write it (content/peers.py), and one run telling every error.

Files copied in from another generator's archive build as they are: a dated file name stands for
date:, categories give the section and tags, layout and permalink are warned about once per
build, not once per file; and a build with a bad file still reports the site's other errors.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from generator.build.builder import BuildOptions, load_site
from generator.cli import main
from generator.content.model import Article, Page
from generator.content.peers import LAYOUT_IGNORED, PERMALINK_AS_ALIAS, fold_peer_warnings
from generator.errors import Problem, Severity, SiteError, warning

from .helpers import make_config, parse, write_files

BERLIN = ZoneInfo("Europe/Berlin")
JEKYLL_POST = "---\ntitle: Release notes\nauthor: Jane Doe\n{extra}---\nWhat changed.\n"
CONFIG = 'title = "Test Desk"\nbase_url = "https://example.org/"\ntimezone = "Europe/Berlin"\n'


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, timezone="Europe/Berlin")


def test_a_dated_file_name_gives_the_date_and_the_slug(config):
    result = parse(config, "news/2013-09-14-release-notes.markdown", JEKYLL_POST.format(extra=""))
    assert isinstance(result.value, Article), result.problems
    assert result.value.date == datetime(2013, 9, 14, tzinfo=BERLIN)
    assert result.value.slug == "release-notes"
    assert result.value.url == "/2013/09/release-notes/"
    assert result.problems == ()


def test_date_in_front_matter_wins_and_the_name_stays_the_slug(config):
    """A file that built before keeps its URL: the name's date only stands in for a missing date:."""
    result = parse(config, "news/2013-09-14-notes.md", JEKYLL_POST.format(extra="date: 2013-09-20T10:00\n"))
    assert isinstance(result.value, Article)
    assert result.value.date == datetime(2013, 9, 20, 10, tzinfo=BERLIN)
    assert result.value.slug == "2013-09-14-notes"


def test_the_switch_off_requires_date_again(tmp_path):
    config = make_config(tmp_path, date_from_filename=False)
    result = parse(config, "news/2013-09-14-notes.md", JEKYLL_POST.format(extra=""))
    assert result.value is None
    assert [p.message for p in result.problems] == ["date: is required, e.g. date: 2024-05-01T09:30:00+02:00"]


def test_a_dated_name_that_is_no_day_is_one_error(config):
    result = parse(config, "news/2023-02-30-notes.md", JEKYLL_POST.format(extra=""))
    assert result.value is None
    assert [p.message for p in result.problems] == [
        "date: is required: the file name's date '2023-02-30' is no day of the calendar, so add a line "
        "'date: 2024-05-01T09:30' to the front matter"]


@pytest.mark.parametrize(("extra", "section", "tags"), [
    ("categories: [Releases, Ruby]\n", "releases", ["ruby"]),
    ("categories: releases ruby\n", "releases", ["ruby"]),  # Jekyll: space-separated words
    ("category: Release Notes\ntags: [ruby]\n", "release-notes", ["ruby"]),
    ("section: reviews\ncategories: [Releases]\n", "reviews", ["releases"]),
    ("categories: []\n", "news", []),  # the folder, as without categories
])
def test_categories_give_the_section_then_tags(config, extra, section, tags):
    result = parse(config, "news/2024-01-02-notes.md", JEKYLL_POST.format(extra=extra))
    assert isinstance(result.value, Article), result.problems
    assert result.value.section == section
    assert [tag.slug for tag in result.value.tags] == tags
    assert not [p for p in result.problems if "unknown front-matter key" in p.message]


def test_permalink_becomes_an_old_url_and_layout_is_warned_about(config):
    extra = "layout: post\npermalink: /blog/release-notes.html\n"
    result = parse(config, "news/2024-01-02-notes.md", JEKYLL_POST.format(extra=extra))
    assert isinstance(result.value, Article)
    assert result.value.aliases == ("/blog/release-notes.html",)
    assert [(p.line, p.message) for p in result.problems] == [(4, LAYOUT_IGNORED), (5, PERMALINK_AS_ALIAS)]


def test_a_page_permalink_equal_to_its_url_is_no_alias(config):
    result = parse(config, "pages/about.md", "---\ntitle: About\npermalink: /about/\n---\nUs.\n")
    assert isinstance(result.value, Page)
    assert result.value.aliases == ()


def test_peer_warnings_fold_into_one_per_key_and_severity():
    problems = [warning(f"content/news/{n}.md", LAYOUT_IGNORED, 3) for n in range(5)]
    problems += [warning("content/news/x.md", "unknown front-matter key 'colour'", 4),
                 Problem("content/news/y.md", LAYOUT_IGNORED, 2)]
    folded = fold_peer_warnings(problems)
    assert [(p.path, p.severity, p.message) for p in folded] == [
        ("content/news/0.md", Severity.WARNING, f"{LAYOUT_IGNORED} (and in 4 more files)"),
        ("content/news/x.md", Severity.WARNING, "unknown front-matter key 'colour'"),
        ("content/news/y.md", Severity.ERROR, LAYOUT_IGNORED),
    ]


def test_a_build_warns_about_layout_once(tmp_path):
    posts = {f"content/news/2024-01-0{n}-post-{n}.md": JEKYLL_POST.format(extra="layout: post\n") for n in range(1, 6)}
    write_files(tmp_path, {"sitegen.toml": CONFIG + "search = false\n", **posts})
    result = CliRunner().invoke(main, ["build", "--site", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("layout:") == 1
    assert "(and in 4 more files)" in result.stderr


def test_one_run_reports_parse_and_site_errors_together(tmp_path):
    write_files(tmp_path, {
        "sitegen.toml": CONFIG,
        "content/news/bad-date.md": "---\ntitle: T\ndate: 2023-01-29 18:30:22 2023 -0800\nauthor: A\n---\nx\n",
        "content/news/links.md": "---\ntitle: L\ndate: 2024-01-01\nauthor: A\n---\n"
                                 "See [it](missing.md) and [that](bad-date.md).\n",
        "content/news/clash.md": "---\ntitle: C\ndate: 2024-01-01\nauthor: A\nslug: links\n---\nx\n",
    })
    with pytest.raises(SiteError) as caught:
        load_site(BuildOptions(tmp_path, jobs=1))
    found = sorted((p.path, p.line, p.message.split(";")[0]) for p in caught.value.problems if p.is_error)
    assert found == [
        ("content/news/bad-date.md", 3, "date: cannot read '2023-01-29 18:30:22 2023 -0800' as a date"),
        ("content/news/clash.md", None, "would write /2024/01/links/, which content/news/links.md also writes"),
        ("content/news/links.md", 6, "link to 'news/missing.md': no such file in content/"),
    ]  # and nothing about the link to bad-date.md: its own error says what is wrong


def test_a_profile_that_fails_to_parse_brings_no_missing_profile_warning(tmp_path):
    write_files(tmp_path, {
        "sitegen.toml": CONFIG,
        "content/authors/jane-doe.md": "---\nname: [Jane\n---\nBio.\n",
        "content/news/story.md": "---\ntitle: T\ndate: 2024-01-01\nauthor: jane-doe\n---\nx\n",
    })
    with pytest.raises(SiteError) as caught:
        load_site(BuildOptions(tmp_path, jobs=1))
    assert [p.path for p in caught.value.problems] == ["content/authors/jane-doe.md"]
