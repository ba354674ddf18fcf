"""generator.check.run: the content checks on the site model, and run_checks over a small output tree."""

from __future__ import annotations

import pytest

from generator.check.htmlcheck import JAVA_MISSING, NuTools
from generator.check.run import (
    CHECKS,
    CheckOptions,
    check_content_alt_text,
    check_duplicate_titles,
    check_lead_images,
    check_scripts,
    check_summaries,
    run_checks,
)

from .helpers import assemble, make_article, make_author, make_config, make_page, write_files

IMAGE = "image: /images/x.svg\nimage_alt: A chart\n"


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path)


def rows(result):
    return [(f.check, f.where, f.line, f.message) for f in result.findings]


def test_articles_without_a_lead_image(config):
    with_image = make_article(config, "news/a.md", title="A", extra=IMAGE)
    without = make_article(config, "news/b.md", title="B")
    site, _ = assemble(config, [with_image, without], assets=["images/x.svg"])
    assert rows(check_lead_images(site.articles)) == [
        ("lead-image", "content/news/b.md", None, "no lead image; add image: and image_alt: to the front matter")]


def test_summaries_derived_from_the_first_paragraph_pass_unless_required(config):
    written = make_article(config, "news/a.md", title="A", extra="summary: Written by the desk.\n")
    derived = make_article(config, "news/b.md", title="B", body="First paragraph.\n")
    empty = make_article(config, "news/c.md", title="C", body="## Only a heading\n")
    articles = [written, derived, empty]
    assert [f.where for f in check_summaries(articles, require_summary=False).findings] == ["content/news/c.md"]
    assert check_summaries(articles, require_summary=False).findings[0].message.startswith(
        "no summary, and no first paragraph to take one from")
    assert [f.where for f in check_summaries(articles, require_summary=True).findings] == [
        "content/news/b.md", "content/news/c.md"]


def test_duplicate_titles_ignore_case_and_spacing_and_name_each_file(config):
    one = make_article(config, "news/one.md", title="Chip  Act passes")
    two = make_article(config, "news/two.md", title="chip act Passes", date="2024-05-02T09:30:00+00:00")
    other = make_article(config, "news/other.md", title="Something else")
    about = make_page(config, "pages/about.md", "---\ntitle: Something Else\n---\nWho we are.\n")
    site, _ = assemble(config, [one, two, other], [about])
    assert sorted(rows(check_duplicate_titles(site))) == [
        ("titles", "content/news/one.md", None, 'title "Chip  Act passes" is also the title of content/news/two.md'),
        ("titles", "content/news/other.md", None, 'title "Something else" is also the title of content/pages/about.md'),
        ("titles", "content/news/two.md", None, 'title "chip act Passes" is also the title of content/news/one.md'),
        ("titles", "content/pages/about.md", None, 'title "Something Else" is also the title of content/news/other.md'),
    ]


def test_unique_titles_pass(config):
    site, _ = assemble(config, [make_article(config, "news/a.md", title="A")],
                       [make_page(config, "pages/about.md", "---\ntitle: About\n---\nx\n")])
    assert check_duplicate_titles(site).status == "ok"


def test_empty_alt_in_the_writers_text_and_on_lead_images(config):
    body = "Intro.\n\n![](chart.svg)\n\n![A described chart](other.svg)\n\n<img src=\"/x.png\" alt=\" \">\n"
    article = make_article(config, "news/a.md", title="A", body=body,
                           extra="image: /images/x.svg\nimage_alt: \"\"\n")
    page = make_page(config, "pages/about.md", "---\ntitle: About\n---\n![](/images/team.svg)\n")
    author = make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\n![](/images/jane.svg)\n")
    site, _ = assemble(config, [article], [page], [author],
                       assets=["news/chart.svg", "news/other.svg", "images/x.svg", "images/team.svg", "images/jane.svg"])
    assert rows_of(check_content_alt_text(site)) == [
        ("content/news/a.md", 11, 'image "/news/chart.svg" in the text (page /2024/05/a/) has an empty '
                                    "alt text; describe it: ![what it shows](file)"),
        ("content/news/a.md", None, 'image "/x.png" in the text (page /2024/05/a/) has an empty alt text; '
                                    "describe it: ![what it shows](file)"),
        ("content/pages/about.md", 4, 'image "/images/team.svg" in the text (page /about/) has an empty alt '
                                         "text; describe it: ![what it shows](file)"),
        ("content/authors/jane-doe.md", None, 'image "/images/jane.svg" in the text (page /authors/jane-doe/) has '
                                              "an empty alt text; describe it: ![what it shows](file)"),
        ("content/news/a.md", 6, 'lead image "/images/x.svg" has no image_alt; describe it for readers who '
                                 "cannot see it"),
    ]


def rows_of(findings):
    return [(f.where, f.line, f.message) for f in findings]


def test_run_checks_reports_every_check_in_order(config, tmp_path):
    article = make_article(config, "news/a.md", title="A", extra=IMAGE + "summary: S.\n")
    site, _ = assemble(config, [article], assets=["images/x.svg"])
    output = tmp_path / "output"
    write_files(output, {"index.html": '<!DOCTYPE html><html lang="en"><title>T</title><a href="/gone/">x</a>\n'
                                       '<img src="/images/x.svg">'})
    report = run_checks(output, site, CheckOptions(NuTools(None, tmp_path / "vnu.jar")))
    assert [r.name for r in report.results] == list(CHECKS)
    assert {r.name: r.status for r in report.results} == {
        "links": "problems", "assets": "problems", "html": "skipped", "alt-text": "problems", "summary": "ok",
        "lead-image": "ok", "titles": "ok", "scripts": "ok"}
    assert report.results[2].skipped == JAVA_MISSING
    assert (report.failed, report.finding_count, report.pages) == (True, 3, 1)


def test_scripts_and_handlers_in_the_writers_html_are_listed(config):
    body = ('Intro.\n\n<script>track()</script>\n\n<img src="/x.png" alt="x" onerror="steal()">\n\n'
            '<a href=" JavaScript:go()">go</a>\n\n<a href="https://example.org/">fine</a>\n')
    risky = make_article(config, "news/a.md", title="A", body=body)
    plain = make_article(config, "news/b.md", title="B", body="Only words.\n")
    site, _ = assemble(config, [risky, plain])
    assert rows(check_scripts(site)) == [
        ("scripts", "content/news/a.md", None, f"the text (page /2024/05/a/) carries {what}; check it is meant")
        for what in ("a <script> element", "an onerror= handler on <img>", "a JavaScript: URL in <a href>")]
