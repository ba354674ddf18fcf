"""generator.render.pages: the strict Jinja environment, page contexts, template problems by file and line."""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from generator.errors import SiteError
from generator.model.routes import PageKind, Pagination, plan_pages
from generator.render.pages import FragmentCache, Renderer
from generator.render.themes import resolve_theme

from .helpers import assemble, make_article, make_author, make_config, make_page, write_files

TITLE = "<script>alert(1)</script>"


def renderer_for(config, articles=(), pages=()):
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")]
    site, problems = assemble(config, articles, pages, authors)
    assert problems == []
    return Renderer(site, resolve_theme(config)), plan_pages(site)


def plan_of(plans, kind, number=1):
    return next(plan for plan in plans if plan.kind is kind and plan.number == number)


def render_error(renderer, plan):
    with pytest.raises(SiteError) as caught:
        renderer.render(plan)
    return [(p.path, p.line, p.message) for p in caught.value.problems]


def desk_theme(root, templates, extends="default"):
    """themes/desk with TEMPLATES (name → text), extending EXTENDS (None: a standalone theme)."""
    files = {"themes/desk/theme.toml": f'extends = "{extends}"\n' if extends else 'name = "desk"\n'}
    files |= {f"themes/desk/templates/{name}": text for name, text in templates.items()}
    write_files(root, files)


def test_default_theme_renders_every_planned_page(tmp_path):
    config = make_config(tmp_path)
    articles = [make_article(config, "news/a.md", tags=["AI"])]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n")]
    renderer, plans = renderer_for(config, articles, pages)
    assert renderer.check_templates(plans) == []
    for plan in plans:
        if plan.template:
            assert renderer.render(plan).startswith(b"<!DOCTYPE html>")


def test_navigation_marks_the_current_place_on_every_page_although_it_is_rendered_once(tmp_path):
    """The masthead and footer are cached fragments: each page must still get its own aria-current."""
    config = make_config(tmp_path, paginate=1)
    articles = [make_article(config, "news/a.md", tags=["AI"], date="2024-05-01T09:00:00+00:00"),
                make_article(config, "reviews/b.md", tags=["AI"], date="2024-05-02T09:00:00+00:00")]
    pages = [make_page(config, "pages/about.md", "---\ntitle: About\n---\nHi\n")]
    renderer, plans = renderer_for(config, articles, pages)
    current_links = re.compile(r'<a href="([^"]+)" aria-current="(page|true)">')
    marked = {plan.url: sorted(set(current_links.findall(renderer.render(plan).decode())))
              for plan in plans if plan.template}
    assert marked["/"] == [("/", "page")]
    assert marked["/page/1/"] == [("/", "true")]
    assert marked["/2024/05/a/"] == [("/news/", "true")]
    assert marked["/2024/05/b/"] == [("/reviews/", "true")]
    assert marked["/news/"] == [("/news/", "page")]
    assert marked["/tags/"] == [("/tags/", "page")]
    assert marked["/tags/ai/"] == marked["/tags/ai/page/1/"] == [("/tags/", "true")]
    assert marked["/about/"] == [("/about/", "page")]
    assert marked["/archive/2024/"] == [("/archive/", "true")]


def test_titles_are_escaped_in_the_default_theme(tmp_path):
    config = make_config(tmp_path)
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md", title=f"'{TITLE}'")])
    for kind in (PageKind.ARTICLE, PageKind.HOME):
        html = renderer.render(plan_of(plans, kind)).decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert TITLE not in html


def test_autoescape_applies_to_values_but_not_to_the_safe_body(tmp_path):
    config = make_config(tmp_path)
    desk_theme(tmp_path, {"article.html": "<h1>{{ article.title }}</h1>{{ article.body_html|safe }}"}, extends=None)
    article = make_article(config, "news/a.md", title=f"'{TITLE}'", body="*Body*\n")
    renderer, plans = renderer_for(make_config(tmp_path, theme="desk"), [article])
    assert renderer.render(plan_of(plans, PageKind.ARTICLE)) == (
        b"<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p><em>Body</em></p>\n")


def test_undefined_attribute_names_the_template_file_and_line(tmp_path):
    desk_theme(tmp_path, {"article.html": (
        '{% extends "base.html" %}\n{% block main %}\n<h1>{{ article.title }}</h1>\n'
        "<p>{{ article.subtitle }}</p>\n{% endblock %}\n")})
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md")])
    assert renderer.check_templates(plans) == []
    ((path, line, message),) = render_error(renderer, plan_of(plans, PageKind.ARTICLE))
    assert (path, line) == ("themes/desk/templates/article.html", 4)
    assert message == "article has no field 'subtitle'; did you mean 'title'? (while rendering /2024/05/a/)"


@pytest.mark.parametrize(("expression", "message"), [
    ("article.titel", "article has no field 'titel'; did you mean 'title'?"),
    ("article.Title", "article has no field 'Title'; did you mean 'title'?"),
    ("article.tags[0].nmae", "tag has no field 'nmae'; did you mean 'name'?"),
    ("article.authors[0].rol", "author has no field 'rol'; did you mean 'role'?"),
    ("article.date.yeer", "date has no field 'yeer'; did you mean 'year'?"),
    ("site.tags_by_slug.chipz", "mapping has no key 'chipz'; did you mean 'chips'?"),
    ("config.titel", "config has no field 'titel'; did you mean 'title'?"),
    ("article.xyzzy", "article has no field 'xyzzy'"),
    ("article.title.titel", "text has no field 'titel'"),
    ("article.image.src", "an empty value (None) has no field 'src'; test it with {% if ... %} before using it"),
], ids=["typo", "capital", "tag", "author", "date", "mapping", "config", "no-near-miss", "text", "none"])
def test_a_missing_field_is_named_as_the_theme_sees_it_with_the_nearest_field(tmp_path, expression, message):
    """Templates read the model through tracking views; the message names neither their class
    nor the model's module, but the object as a theme calls it (in a cached card too)."""
    desk_theme(tmp_path, {"_card.html": f"<article>\n  <h2>{{{{ {expression} }}}}</h2>\n</article>\n"})
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md", tags=["chips"])])
    ((path, line, found),) = render_error(renderer, plan_of(plans, PageKind.TAG))
    assert (path, line, found) == ("themes/desk/templates/_card.html", 2, f"{message} (while rendering /tags/chips/)")
    assert "generator." not in found and "Tracked" not in found


def test_undefined_variable_is_an_error_not_an_empty_string(tmp_path):
    desk_theme(tmp_path, {"index.html": "<h1>{{ config.title }}</h1>\n{{ headline }}\n"}, extends=None)
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config)
    ((path, line, message),) = render_error(renderer, plan_of(plans, PageKind.HOME))
    assert (path, line) == ("themes/desk/templates/index.html", 2)
    assert message == "'headline' is undefined (while rendering /)"


def test_syntax_error_is_reported_with_file_and_line(tmp_path):
    desk_theme(tmp_path, {"longread.html": "<h1>{{ article.title }}</h1>\n\n{% if article.draft %}\n"})
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md", extra="template: longread.html\n")])
    problems = renderer.check_templates(plans)
    assert [(p.path, p.line) for p in problems] == [("themes/desk/templates/longread.html", 3)]
    assert problems[0].message.startswith("template syntax: Unexpected end of template.")
    assert [(path, line) for path, line, _ in render_error(renderer, plan_of(plans, PageKind.ARTICLE))] == [
        ("themes/desk/templates/longread.html", 3)]


def test_syntax_error_in_a_parent_template_names_the_parent(tmp_path):
    desk_theme(tmp_path, {"base.html": "<html>\n<title>{{ config.title }</title>\n</html>\n"})
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config)
    ((path, line, message),) = render_error(renderer, plan_of(plans, PageKind.HOME))
    assert (path, line) == ("themes/desk/templates/base.html", 2)
    assert message.startswith("template syntax: ")


def test_missing_template_named_by_an_article_is_reported_on_the_article(tmp_path):
    config = make_config(tmp_path)
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md", extra="template: gallery.html\n")])
    problems = renderer.check_templates(plans)
    assert [(p.path, p.line) for p in problems] == [("content/news/a.md", None)]
    assert problems[0].message.startswith("template 'gallery.html' not found in the theme (looked in ")
    assert str(resolve_theme(config).template_dirs[0]) in problems[0].message


def test_missing_template_named_by_a_page_is_reported_on_the_page(tmp_path):
    config = make_config(tmp_path)
    page = make_page(config, "pages/about.md", "---\ntitle: About\ntemplate: wide.html\n---\nHi\n")
    renderer, plans = renderer_for(config, pages=[page])
    assert [p.path for p in renderer.check_templates(plans)] == ["content/pages/about.md"]


def test_missing_included_template_names_the_including_file(tmp_path):
    desk_theme(tmp_path, {"article.html": "<h1>{{ article.title }}</h1>\n{% include 'sidebar.html' %}\n"})
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config, [make_article(config, "news/a.md")])
    ((path, line, message),) = render_error(renderer, plan_of(plans, PageKind.ARTICLE))
    assert (path, line) == ("themes/desk/templates/article.html", 2)
    assert message.startswith("template 'sidebar.html' not found (looked in themes/desk/templates, ")


@pytest.mark.parametrize(("pagination", "expected"), [
    ("stable", ["n5 n4 n3 |2/2|None|/page/1/", "n2 n1 |1/2|/|None"]),
    ("classic", ["n5 n4 |1/3|None|/page/2/", "n3 n2 |2/3|/|/page/3/", "n1 |3/3|/page/2/|None"]),
])
def test_list_pages_get_their_slice_and_pagination(tmp_path, pagination, expected):
    desk_theme(tmp_path, {"index.html": (
        "{% for a in items %}{{ a.slug }} {% endfor %}|{{ pagination.number }}/{{ pagination.total }}"
        "|{{ pagination.newer_url }}|{{ pagination.older_url }}")}, extends=None)
    config = make_config(tmp_path, theme="desk", paginate=2, pagination=pagination)
    articles = [make_article(config, f"news/n{day}.md", date=f"2024-03-0{day}") for day in range(1, 6)]
    renderer, plans = renderer_for(config, articles)
    assert [renderer.render(plan).decode() for plan in plans if plan.kind is PageKind.HOME] == expected


def test_section_tag_and_author_pages_get_their_item(tmp_path):
    desk_theme(tmp_path, {
        "section.html": "{{ section.name }}:{{ items|length }}",
        "tag.html": "{{ tag.name }}:{{ items|length }}",
        "author.html": "{{ author.name }}:{{ items|length }}",
        "archive_year.html": "{{ year.year }}:{{ year.count }}",
    }, extends=None)
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config, [make_article(config, "reviews/a.md", tags=["AI"])])
    rendered = {plan.kind: renderer.render(plan) for plan in plans if plan.kind in
                (PageKind.SECTION, PageKind.TAG, PageKind.AUTHOR, PageKind.ARCHIVE_YEAR)}
    assert rendered == {PageKind.SECTION: b"Reviews:1", PageKind.TAG: b"AI:1", PageKind.AUTHOR: b"Jane Doe:1",
                        PageKind.ARCHIVE_YEAR: b"2024:1"}


def test_url_helpers_and_date_filters_use_the_site_settings(tmp_path):
    desk_theme(tmp_path, {"article.html": (
        "{{ url(article.url) }}|{{ absolute_url('/') }}|{{ media_url('/images/x.png') }}"
        "|{{ media_url('https://cdn.example.net/y.png') }}|{{ article.date|local_date }}"
        "|{{ article.date|isodate }}|{{ kind }}|{{ page_url }}|{{ theme.tagline }}")}, extends=None)
    config = make_config(tmp_path, theme="desk", base_url="https://example.org/news/", timezone="Asia/Tokyo",
                         theme_settings={"tagline": "Daily"})
    article = make_article(config, "news/a.md", date="2024-05-31T20:00:00+00:00")
    renderer, plans = renderer_for(config, [article])
    assert renderer.render(plan_of(plans, PageKind.ARTICLE)).decode() == (
        "/news/2024/06/a/|https://example.org/news/|/news/images/x.png|https://cdn.example.net/y.png"
        "|1 June 2024|2024-06-01T05:00:00+09:00|article|/2024/06/a/|Daily")


def test_check_templates_ignores_feeds_and_sitemap(tmp_path):
    desk_theme(tmp_path, {"index.html": "x"}, extends=None)
    config = make_config(tmp_path, theme="desk")
    renderer, plans = renderer_for(config)
    reported = {p.message.split("'")[1] for p in renderer.check_templates(plans)}
    assert reported == {"tags.html", "author.html", "authors.html", "archive.html", "404.html", "search.html"}


def test_pagination():
    middle = Pagination(2, 3, "/tags/ai/")
    assert (middle.newer_url, middle.older_url, middle.url_for(1), middle.url_for(3)) == (
        "/tags/ai/", "/tags/ai/page/3/", "/tags/ai/", "/tags/ai/page/3/")
    only = Pagination(1, 1, "/")
    assert (only.newer_url, only.older_url) == (None, None)


def test_an_author_with_nothing_published_links_no_feed(tmp_path):
    config = make_config(tmp_path)
    bob = make_author(config, "authors/bob.md", "---\nname: Bob New\n---\nJust joined.\n")
    jane = make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")
    site, problems = assemble(config, [make_article(config, "news/a.md")], authors=[jane, bob])
    assert problems == []
    renderer = Renderer(site, resolve_theme(config))
    plans = {plan.url: plan for plan in plan_pages(site)}
    assert "/authors/bob/feed.xml" not in plans
    assert b"/authors/bob/feed.xml" not in renderer.render(plans["/authors/bob/"])
    assert b"/authors/jane-doe/feed.xml" in renderer.render(plans["/authors/jane-doe/"])


def test_fragment_cache_keeps_the_recently_used_and_forgets_the_rest():
    cache = FragmentCache(limit=2)
    cache.put(("a",), Markup("A"))
    cache.put(("b",), Markup("B"))
    cache.put(("c",), Markup("C"))  # a and b are now the previous generation
    assert cache.get(("a",)) == "A"  # used again: back in the current one, with c
    cache.put(("d",), Markup("D"))  # current (c, a) becomes previous; b is forgotten
    assert cache.get(("b",)) is None
    assert [cache.get((k,)) for k in "acd"] == ["A", "C", "D"]
    assert len(cache) <= 4
