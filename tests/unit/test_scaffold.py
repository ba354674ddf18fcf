"""generator.scaffold: `init` writes a site that builds, `new` writes an article that parses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import pytest

from generator.build.builder import BuildOptions, load_site, run_build
from generator.check.htmlcheck import NuTools
from generator.check.run import CheckOptions, run_checks
from generator.config import CONFIG_NAME, load_config
from generator.content.frontmatter import split_document
from generator.content.markdown import typographic
from generator.content.model import Article
from generator.content.parse import parse_source
from generator.content.sources import SourceFile, classify
from generator.errors import SiteError
from generator.scaffold import article_text, init_site, new_article

CREATED = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
INIT_FILES = [CONFIG_NAME, "published-urls.txt", "content/authors/sam-editor.md", "content/pages/about.md",
              "content/news/welcome.md", "content/images/welcome.svg"]


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    init_site(root, CREATED)
    return root


def parse_file(config, path):
    rel = PurePosixPath(path.relative_to(config.content_dir).as_posix())
    return parse_source(SourceFile(rel, path, classify(rel), 0, 0), path.read_text(encoding="utf-8"), config)


def test_init_writes_the_starter_files(tmp_path):
    root = tmp_path / "new" / "site"
    written = init_site(root, CREATED)
    assert written == [root / name for name in INIT_FILES]
    assert all(path.is_file() for path in written)
    assert load_config(root).title == "My News Site"


def test_init_site_builds(site):
    result = run_build(BuildOptions(site), now=CREATED + timedelta(minutes=1))
    # Feeds: the site's RSS and Atom, and a pair for the article's section, its tag and its author.
    assert (result.articles, result.feeds, result.warnings) == (1, 12, ())
    assert result.stats.removed == 0
    assert (site / "output" / "2024" / "05" / "welcome" / "index.html").is_file()
    assert (site / "output" / "about" / "index.html").is_file()
    assert (site / "output" / "authors" / "sam-editor" / "index.html").is_file()
    assert (site / "output" / "feed.xml").is_file()


def test_init_site_passes_every_check_of_sitegen_check(site):
    """A new user's first `sitegen check` is green: the welcome story has a described lead image."""
    now = CREATED + timedelta(minutes=1)
    run_build(BuildOptions(site), now=now)
    report = run_checks(site / "output", load_site(BuildOptions(site), now).site,
                        CheckOptions(NuTools(None, None), None, True))
    assert [finding for result in report.results for finding in result.findings] == []
    assert not report.failed


def test_init_article_is_dated_at_creation(site):
    config = load_config(site)
    article = parse_file(config, site / "content" / "news" / "welcome.md").value
    assert isinstance(article, Article)
    assert (article.date, article.draft, article.author_refs) == (CREATED, False, ("sam-editor",))


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / CONFIG_NAME).write_text("# mine\n", encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        init_site(root, CREATED)
    assert [(p.path, p.message) for p in caught.value.problems] == [(
        str(root / CONFIG_NAME), "already exists; sitegen init never overwrites a file, choose an empty folder")]
    assert (root / CONFIG_NAME).read_text(encoding="utf-8") == "# mine\n"
    assert not (root / "content").exists()


def test_init_twice_names_every_existing_file(site):
    with pytest.raises(SiteError) as caught:
        init_site(site, CREATED)
    assert [p.path for p in caught.value.problems] == [str(site / name) for name in INIT_FILES]


def test_new_writes_a_draft_that_parses(site):
    config = load_config(site)
    now = datetime(2024, 6, 2, 14, 15, 16, 999, tzinfo=UTC)
    path = new_article(config, "Chip Act: round two", "Opinion", ["Jane Doe", "Bob"], ["AI", "EU policy"], now)
    assert path == site / "content" / "opinion" / "chip-act-round-two.md"
    result = parse_file(config, path)
    assert result.problems == ()
    article = result.value
    assert (article.title, article.section, article.draft) == ("Chip Act: round two", "opinion", True)
    assert article.author_refs == ("Jane Doe", "Bob")
    assert [t.name for t in article.tags] == ["AI", "EU policy"]
    assert article.date == now.replace(microsecond=0)


def test_new_uses_the_site_time_zone(tmp_path):
    init_site(tmp_path, CREATED)
    config_path = tmp_path / CONFIG_NAME
    config_path.write_text(config_path.read_text().replace('timezone = "UTC"', 'timezone = "Asia/Tokyo"'))
    config = load_config(tmp_path)
    path = new_article(config, "Late news", "news", ["Sam"], [], datetime(2024, 6, 2, 20, 0, tzinfo=UTC))
    assert "date: 2024-06-03T05:00:00+09:00\n" in path.read_text()
    assert parse_file(config, path).value.date == datetime(2024, 6, 3, 5, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


def test_new_defaults_to_the_first_author_profile(site):
    config = load_config(site)
    path = new_article(config, "Hello", "news", [], [], CREATED)
    assert parse_file(config, path).value.author_refs == ("sam-editor",)


def test_new_needs_an_author_when_there_are_no_profiles(site):
    (site / "content" / "authors" / "sam-editor.md").unlink()
    with pytest.raises(SiteError) as caught:
        new_article(load_config(site), "Hello", "news", [], [], CREATED)
    assert [(p.path, p.message) for p in caught.value.problems] == [(
        "sitegen new", 'no author given and no profiles in content/authors/; pass --author "Your Name"')]


@pytest.mark.parametrize("title", [
    'He said: "no" #2', "- dash first", "[brackets] and {braces}", "Zürich's 100% AI: yes", "null", "'single'",
])
def test_titles_with_yaml_syntax_round_trip(site, title):
    config = load_config(site)
    path = new_article(config, title, "news", ["Sam"], [], CREATED)
    result = parse_file(config, path)
    assert result.problems == ()
    assert result.value.title == typographic(title, config.language)  # curled, and otherwise as typed


@pytest.mark.parametrize("section", ["on", "yes", "false", "null", "2024"])
def test_sections_that_look_like_yaml_values_still_parse(site, section):
    config = load_config(site)
    path = new_article(config, "A story", section, ["Sam"], [], CREATED)
    assert path.parent.name == section
    result = parse_file(config, path)
    assert [str(p) for p in result.problems] == []
    assert result.value.section == section


def test_new_refuses_to_overwrite(site):
    config = load_config(site)
    path = new_article(config, "Hello", "news", ["Sam"], [], CREATED)
    path.write_text("edited by a human", encoding="utf-8")
    with pytest.raises(SiteError) as caught:
        new_article(config, "Hello", "news", ["Sam"], [], CREATED)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("content/news/hello.md", "already exists; sitegen never overwrites a file")]
    assert path.read_text(encoding="utf-8") == "edited by a human"


@pytest.mark.parametrize(("title", "section", "message"), [
    ("!!!", "news", "'!!!' gives an empty slug; use some letters"),
    ("Hello", "???", "--section '???' is not a folder name"),
])
def test_new_rejects_names_without_letters(site, title, section, message):
    with pytest.raises(SiteError) as caught:
        new_article(load_config(site), title, section, ["Sam"], [], CREATED)
    assert [(p.path, p.message) for p in caught.value.problems] == [("sitegen new", message)]


def test_article_text_front_matter():
    text = article_text("T", CREATED, ["A", "B"], ["x"], "news", False, "Body.\n")
    doc = split_document(text)
    assert doc.meta["author"] == ["A", "B"]
    assert doc.meta["draft"] is False
    assert doc.meta["date"] == "2024-05-01T09:30:00+00:00"
    assert doc.body.strip() == "Body."
