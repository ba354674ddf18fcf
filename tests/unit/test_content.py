"""generator.content: one Markdown file into an Article, Page or Author, problems by key and line."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from generator.content.model import Article, Author, Image, Page, TagRef
from generator.errors import Severity

from .helpers import article_text, make_article, make_config, messages, parse

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, timezone="Europe/Berlin")


def problems(config, rel_path, text):
    result = parse(config, rel_path, text)
    return result, [(p.path, p.line, p.severity, p.message) for p in result.problems]


def single_error(config, text, rel_path="news/story.md"):
    result, found = problems(config, rel_path, text)
    assert result.value is None, found
    assert len(found) == 1, found
    path, line, severity, message = found[0]
    assert path == f"content/{rel_path}"
    assert severity is Severity.ERROR
    return line, message


def test_valid_article(config):
    text = ("---\ntitle: Chip Act, round two\ndate: 2024-05-01T09:30:00+02:00\nauthor: Jane Doe\n"
            "tags: [AI, Chips]\nkey_points: [One, Two]\n---\n\nBrussels approved the second round.\n\n"
            "## Details\n\nMore text.\n")
    result, found = problems(config, "news/My Story.md", text)
    assert found == []
    article = result.value
    assert isinstance(article, Article)
    assert article.source == "content/news/My Story.md"
    assert article.slug == "my-story"
    assert article.url == "/2024/05/my-story/"
    assert article.title == "Chip Act, round two"
    assert article.date == datetime(2024, 5, 1, 9, 30, tzinfo=BERLIN)
    assert article.updated is None
    assert article.modified == article.date
    assert article.author_refs == ("Jane Doe",)
    assert article.tags == (TagRef("ai", "AI"), TagRef("chips", "Chips"))
    assert article.tags[0].url == "/tags/ai/"
    assert article.key_points == ("One", "Two")
    assert article.section == "news"
    assert article.summary == "Brussels approved the second round."
    assert article.draft is False
    assert article.template == "article.html"
    assert article.image is None
    assert article.reading_minutes == 1
    assert article.body_html.startswith("<p>Brussels approved the second round.</p>")
    assert dict(article.extra) == {}
    assert article.authors == ()


@pytest.mark.parametrize(("missing", "message"), [
    ("title", "title: is required; add a line 'title: ...' to the front matter"),
    ("date", "date: is required, e.g. date: 2024-05-01T09:30:00+02:00"),
    ("author", "author: is required; add a line 'author: ...' to the front matter"),
])
def test_missing_required_key(config, missing, message):
    lines = {"title": "title: T", "date": "date: 2024-05-01", "author": "author: Jane"}
    del lines[missing]
    text = "---\n" + "\n".join(lines.values()) + "\n---\nBody\n"
    assert single_error(config, text) == (1, message)


@pytest.mark.parametrize(("line_text", "line", "message"), [
    ("title: ''", 2, "title: is required; add a line 'title: ...' to the front matter"),
    ("title: '   '", 2, "title: must not be empty"),
    ("title: [a, b]", 2, "title: must be text; put it in quotes"),
    ("author: ''", 2, "author: is required; add a line 'author: ...' to the front matter"),
    ("author: []", 2, "author: is an empty list; name at least one author"),
])
def test_empty_or_wrong_required_values(config, line_text, line, message):
    key = line_text.split(":")[0]
    rest = [f"{k}: {v}" for k, v in (("title", "T"), ("date", "2024-05-01"), ("author", "Jane")) if k != key]
    text = "---\n" + "\n".join([line_text, *rest]) + "\n---\nBody\n"
    assert single_error(config, text) == (line, message)


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "01.05.2024", "2024-05-01 25:00"])
def test_unparsable_date(config, value):
    text = f"---\ntitle: T\nauthor: Jane\ndate: {value}\n---\nBody\n"
    assert single_error(config, text) == (
        4, f"date: cannot read '{value}' as a date; use ISO 8601, e.g. 2024-05-01T09:30")


def test_date_of_the_wrong_type(config):
    assert single_error(config, "---\ntitle: T\nauthor: Jane\ndate: [2024]\n---\nBody\n") == (
        4, "date: cannot read [2024] as a date; use ISO 8601, e.g. 2024-05-01T09:30")


def test_updated_before_date(config):
    text = ("---\ntitle: T\nauthor: Jane\ndate: 2024-05-01T09:30:00+02:00\n"
            "updated: 2024-05-01T09:00:00+02:00\n---\nBody\n")
    assert single_error(config, text) == (
        5, "updated: 2024-05-01T09:00:00+02:00 is before the date 2024-05-01T09:30:00+02:00")


def test_updated_after_date_is_the_modified_time(config):
    article = make_article(config, "news/a.md", date="2024-05-01T09:30:00+02:00",
                           extra="updated: 2024-05-02T10:00:00+02:00\n")
    assert article.updated == datetime(2024, 5, 2, 10, 0, tzinfo=BERLIN)
    assert article.modified == article.updated


def test_updates_are_dated_notes_oldest_first_and_the_latest_is_the_modified_time(config):
    article = make_article(config, "news/a.md", date="2024-05-01T09:30:00+02:00", extra=(
        "updates:\n"
        "  - {date: 2024-05-03T08:00:00+02:00, note: Added the company's response.}\n"
        "  - {date: 2024-05-02T10:00:00+02:00, note: The battery is 5 Ah not 50 Ah., type: correction}\n"))
    assert [(u.kind, u.note, u.date.day) for u in article.updates] == [
        ("correction", "The battery is 5 Ah not 50 Ah.", 2), ("update", "Added the company’s response.", 3)]
    assert article.modified == datetime(2024, 5, 3, 8, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(("updates", "message"), [
    ("yes", "updates: must be a list of dated notes"),
    ("[{date: 2024-05-02}]", "updates: item 1 needs a date and a note"),
    ("[{note: Fixed}]", "updates: item 1 needs a date"),
    ("[{date: 2024-05-02, note: Fixed, type: erratum}]", "updates: item 1: type must be update or correction"),
    ("[{date: 2024-04-02, note: Fixed}]", "updates: item 1 is dated 2024-04-02T00:00:00+02:00, before the article"),
    ("[{date: soon, note: Fixed}]", "updates (item 1): cannot read 'soon' as a date"),
    ("[{date: 2024-05-02, note: Fixed, by: Ed}]", "updates: item 1 has unknown key(s) by"),
    ("[{date: 2024-05-02, note: Fixed, 1: x, by: y}]", "updates: item 1 has unknown key(s) 1, by"),
])
def test_bad_updates_name_the_item_and_the_line(config, updates, message):
    text = f"---\ntitle: T\nauthor: Jane\ndate: 2024-05-01T09:30:00+02:00\nupdates: {updates}\n---\nBody\n"
    problems = parse(config, "news/a.md", text).problems
    assert [(p.line, p.message[:len(message)]) for p in problems if p.is_error] == [(5, message)]


@pytest.mark.parametrize(("value", "message"), [
    ("AI", "tags: must be a list, e.g. tags: [first, second]"),
    ("{a: 1}", "tags: must be a list, e.g. tags: [first, second]"),
    ("[ai, '']", "tags: every item must be non-empty text, not ''"),
    ("[ai, [x]]", "tags: every item must be non-empty text, not ['x']"),
])
def test_tags_must_be_a_list_of_text(config, value, message):
    text = f"---\ntitle: T\ndate: 2024-05-01\nauthor: Jane\ntags: {value}\n---\nBody\n"
    assert single_error(config, text) == (5, message)


def test_number_tags_are_text(config):
    assert make_article(config, "news/a.md", tags=["2024", "5G"]).tags == (
        TagRef("2024", "2024"), TagRef("5g", "5G"))


def test_draft_must_be_a_boolean(config):
    text = "---\ntitle: T\ndate: 2024-05-01\nauthor: Jane\ndraft: maybe\n---\nBody\n"
    assert single_error(config, text) == (5, "draft: must be true or false")


def test_all_problems_of_a_file_are_reported_together(config):
    result, found = problems(config, "news/a.md", "---\ntitle: ''\ndate: soon\ntags: x\n---\nBody\n")
    assert result.value is None
    assert [(line, message.split(":")[0]) for _, line, _, message in found] == [
        (2, "title"), (3, "date"), (1, "author"), (4, "tags"),
    ]


def test_unknown_key_is_a_warning_with_its_line_and_kept_as_extra(config):
    text = article_text(extra="subtitle: More\ncolour: red\n")
    result, found = problems(config, "news/a.md", text)
    assert found == [
        ("content/news/a.md", 6, Severity.WARNING,
         "unknown front-matter key 'subtitle' (a typo?); templates can still read it as extra.subtitle"),
        ("content/news/a.md", 7, Severity.WARNING,
         "unknown front-matter key 'colour' (a typo?); templates can still read it as extra.colour"),
    ]
    assert isinstance(result.value, Article)
    assert dict(result.value.extra) == {"subtitle": "More", "colour": "red"}


def test_naive_date_gets_the_site_time_zone(tmp_path):
    config = make_config(tmp_path, timezone="Asia/Singapore")
    article = make_article(config, "news/a.md", date="2024-05-01T09:30")
    assert article.date.tzinfo == ZoneInfo("Asia/Singapore")
    assert article.date.utcoffset() == timedelta(hours=8)
    assert (article.date.hour, article.date.minute) == (9, 30)


def test_date_without_time_is_midnight_in_the_site_time_zone(config):
    assert make_article(config, "news/a.md", date="2024-01-15").date == datetime(2024, 1, 15, tzinfo=BERLIN)


def test_explicit_offset_is_kept(config):
    date = make_article(config, "news/a.md", date="2024-05-01T09:30:00-04:00").date
    assert date.utcoffset() == timedelta(hours=-4)
    assert make_article(config, "news/b.md", date="2024-05-01T09:30:00Z").date.utcoffset() == timedelta(0)


def test_url_uses_the_date_in_the_site_time_zone(config):
    # 23:30 UTC on 31 May is already June in Berlin.
    assert make_article(config, "news/a.md", date="2024-05-31T23:30:00+00:00").url == "/2024/06/a/"


def test_slug_comes_from_the_file_name(config):
    article = make_article(config, "news/Zürich's AI Act.md")
    assert (article.slug, article.url) == ("zurichs-ai-act", "/2024/05/zurichs-ai-act/")


def test_slug_from_front_matter_wins(config):
    article = make_article(config, "news/2024-05-01-draft-name.md", extra="slug: chip-act\n")
    assert (article.slug, article.url) == ("chip-act", "/2024/05/chip-act/")


def test_slug_that_is_not_a_slug_is_an_error_suggesting_one(config):
    assert single_error(config, article_text(extra="slug: Chip Act!\n")) == (
        6, "slug: 'Chip Act!' is not a URL slug; use 'chip-act'")


def test_file_name_without_letters_needs_a_slug(config):
    assert single_error(config, article_text(), rel_path="news/___.md") == (
        1, "slug: is empty once cleaned; give the file or the slug some letters")


def test_section_is_the_first_folder(config):
    assert make_article(config, "reviews/2024/phone.md").section == "reviews"


def test_section_from_front_matter_wins_and_is_slugified(tmp_path):
    config = make_config(tmp_path, permalink="/{section}/{slug}/")
    article = make_article(config, "news/a.md", extra="section: Opinion Pieces\n")
    assert (article.section, article.url) == ("opinion-pieces", "/opinion-pieces/a/")


def test_file_at_the_top_has_no_section(tmp_path):
    config = make_config(tmp_path, permalink="/{section}/{slug}/")
    article = make_article(config, "standalone.md")
    assert (article.section, article.url) == (None, "/standalone/")


def test_summary_defaults_to_the_first_paragraph(config):
    body = "## Lead\n\nThe **first** paragraph\nof the story.\n\nThe second.\n"
    assert make_article(config, "news/a.md", body=body).summary == "The first paragraph of the story."


def test_summary_from_front_matter_wins(config):
    assert make_article(config, "news/a.md", extra="summary: Short version.\n").summary == "Short version."


def test_long_first_paragraph_is_shortened(config):
    summary = make_article(config, "news/a.md", body="word " * 120 + "\n").summary
    assert len(summary) <= 300
    assert summary.endswith("word…")


def test_reading_time(config):
    assert make_article(config, "news/a.md", body="word " * 231 + "\n").reading_minutes == 2
    assert make_article(config, "news/b.md", body="word " * 230 + "\n").reading_minutes == 1


def test_several_authors(config):
    assert make_article(config, "news/a.md", author="[Jane Doe, Bob Roe]").author_refs == ("Jane Doe", "Bob Roe")


def test_draft_and_template(config):
    article = make_article(config, "news/a.md", extra="draft: true\ntemplate: longread.html\n")
    assert (article.draft, article.template) == (True, "longread.html")


def test_lead_image_is_resolved_to_a_site_path(config):
    extra = "image: ../images/chip.png\nimage_alt: A wafer\nimage_credit: Photo Desk\n"
    image = make_article(config, "news/a.md", extra=extra).image
    assert image == Image("/images/chip.png", "A wafer", "Photo Desk", line=6)
    assert image.is_remote is False


def test_a_lead_image_caption_says_what_it_shows_apart_from_its_credit(config):
    extra = 'image: /images/chip.png\nimage_alt: A wafer\nimage_caption: "A 300 mm wafer at the Dresden fab"\n'
    result, found = problems(config, "news/a.md", article_text(extra=extra))
    assert result.value.image.caption == "A 300 mm wafer at the Dresden fab"
    assert result.value.image.credit == ""
    assert found == []  # a key of its own, not an unknown one


def test_remote_lead_image_is_kept_as_written(config):
    image = make_article(config, "news/a.md", extra="image: https://cdn.example.net/x.jpg\nimage_alt: X\n").image
    assert image.src == "https://cdn.example.net/x.jpg"
    assert image.is_remote is True


def test_lead_image_without_alt_text_warns_at_the_image_line(config):
    result, found = problems(config, "news/a.md", article_text(extra="image: /images/chip.png\n"))
    assert isinstance(result.value, Article)
    assert found == [("content/news/a.md", 6, Severity.WARNING,
                      "image_alt: missing; describe the lead image for readers who cannot see it")]


def test_front_matter_error_names_the_file_and_line(config):
    result, found = problems(config, "news/a.md", "---\ntitle: T\nsummary: a: b\n---\nBody\n")
    assert result.value is None
    assert [(path, line) for path, line, _, _ in found] == [("content/news/a.md", 3)]
    assert found[0][3] == ("front matter is not valid YAML: the summary contains ': ', which front matter reads as "
                           'the start of another key; put it in quotes: summary: "a: b"')


def test_missing_front_matter_names_the_file(config):
    result, found = problems(config, "news/a.md", "Just text.\n")
    assert result.value is None
    assert [(path, line, severity) for path, line, severity, _ in found] == [
        ("content/news/a.md", 1, Severity.ERROR)]


def test_body_refs_have_file_lines(config):
    text = "---\ntitle: T\ndate: 2024-05-01\nauthor: Jane\n---\n\nIntro.\n\n![x](../images/x.png)\n"
    article = parse(config, "news/a.md", text).value
    assert [(ref.target, ref.line) for ref in article.body.local_refs] == [("images/x.png", 9)]


def test_body_links_use_the_base_path(tmp_path):
    config = make_config(tmp_path, base_url="https://example.org/news/")
    article = make_article(config, "news/a.md", body="[c](../images/c.svg)\n")
    assert article.body_html == '<p><a href="/news/images/c.svg">c</a></p>\n'


def test_raw_html_setting_reaches_the_body(tmp_path):
    config = make_config(tmp_path, raw_html=False)
    assert make_article(config, "news/a.md", body="<b>bold</b>\n").body_html == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


# Pages


def test_page(config):
    result, found = problems(config, "pages/About Us.md", "---\ntitle: About\n---\nWe report.\n")
    assert found == []
    page = result.value
    assert isinstance(page, Page)
    assert (page.url, page.slug, page.title, page.summary, page.template, page.draft) == (
        "/about-us/", "about-us", "About", "We report.", "page.html", False)


def test_page_needs_a_title(config):
    assert single_error(config, "---\nsummary: S\n---\nBody\n", rel_path="pages/about.md") == (
        1, "title: is required; add a line 'title: ...' to the front matter")


def test_page_unknown_key_warns(config):
    result, found = problems(config, "pages/about.md", "---\ntitle: About\ndate: 2024-05-01\n---\nBody\n")
    assert isinstance(result.value, Page)
    assert found == [("content/pages/about.md", 3, Severity.WARNING,
                      "unknown front-matter key 'date' (a typo?); templates can still read it as extra.date")]


# Authors


def test_author_profile(config):
    text = ("---\nname: Jane Doe\nrole: Editor\navatar: ../images/jane.jpg\nemail: jane@example.org\n"
            "links:\n  Mastodon: https://social.example/@jane\n---\nJane covers chips.\n")
    result, found = problems(config, "authors/jane-doe.md", text)
    assert found == []
    author = result.value
    assert isinstance(author, Author)
    assert (author.id, author.name, author.role, author.avatar, author.email) == (
        "jane-doe", "Jane Doe", "Editor", "/images/jane.jpg", "jane@example.org")
    assert dict(author.links) == {"Mastodon": "https://social.example/@jane"}
    assert author.bio_html == "<p>Jane covers chips.</p>\n"
    assert author.url == "/authors/jane-doe/"
    assert author.has_profile is True
    assert author.source == "content/authors/jane-doe.md"


def test_author_name_defaults_to_the_file_name(config):
    author = parse(config, "authors/bob-roe.md", "---\nrole: Reporter\n---\n").value
    assert (author.id, author.name) == ("bob-roe", "Bob Roe")


@pytest.mark.parametrize("links", ["[https://a.example]", "{Site: 5}"])
def test_author_links_must_be_label_url_pairs(config, links):
    assert single_error(config, f"---\nname: Jane\nlinks: {links}\n---\n", rel_path="authors/jane.md") == (
        3, "links: must be 'label: URL' pairs, e.g. links: {Mastodon: https://...}")


def test_author_unknown_key_warns(config):
    result = parse(config, "authors/jane.md", "---\nname: Jane\ntwitter: '@jane'\n---\n")
    assert isinstance(result.value, Author)
    assert messages(result.problems) == [
        "content/authors/jane.md:3: warning: unknown front-matter key 'twitter' (a typo?); "
        "templates can still read it as extra.twitter"]


def test_control_characters_in_text_are_errors_not_broken_feeds(config):
    text = '---\ntitle: "Chips\\vand policy"\nauthor: Jane\ndate: 2024-05-01T09:30:00+02:00\n---\nBody\n'
    assert single_error(config, text) == (2, "title: contains the invisible control character U+000B; delete it")


def test_headlines_and_tags_keep_what_the_editor_typed_where_yaml_sees_numbers(config):
    result = parse(config, "news/a.md", "---\ntitle: 12:30\nslug: '017'\ndate: 2024-05-01\nauthor: ana\n"
                                        "tags: [3.10, 0x1F]\nsummary: 3.10\n---\nBody.\n")
    article = result.value
    assert article is not None, result.problems
    assert (article.title, article.summary) == ("12:30", "3.10")
    assert [tag.name for tag in article.tags] == ["3.10", "0x1F"]
