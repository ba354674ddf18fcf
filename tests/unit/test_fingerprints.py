"""generator.incremental.fingerprints and render.tracking: which pages a change reaches, from what they read.

Each test renders every page of a small site through a theme, keeps the records, changes the
site, and asks which records no longer match: those pages, and only those, render again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from generator.build.write import page_renderer
from generator.incremental.fingerprints import Fingerprints, TemplateDigests
from generator.model.routes import plan_pages
from generator.render.pages import Renderer
from generator.render.themes import resolve_theme

from .helpers import assemble, make_article, make_config, write_files

TEMPLATES = {
    "base.html": "<html>{% block main %}{% endblock %}{% include '_footer.html' %}</html>",
    "_footer.html": "© {{ site.built_at|local_date('%Y') }}",
    "_card.html": "{{ article.title }}",
    "article.html": "{% extends 'base.html' %}{% block main %}<h1>{{ article.title }}</h1>{{ article.body_html }}"
                    "{% endblock %}",
    "index.html": "{% extends 'base.html' %}{% block main %}"
                  "{% for a in items %}{{ include_cached('_card.html', article=a) }}{% endfor %}{% endblock %}",
    "404.html": "{% for a in site.articles[:3] %}{{ a.title }}{% endfor %}",
    **dict.fromkeys(["page.html", "section.html", "tag.html", "tags.html", "author.html", "authors.html",
                     "archive.html", "archive_year.html", "search.html"], "{% extends 'base.html' %}"),
}
NOW = datetime(2024, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def config(tmp_path: Path):
    return make_config(tmp_path, paginate=2, theme="desk")


def _stories(config, **changes):
    """Five articles, newest first = story-4; CHANGES replace fields of story-1 (the 4th newest)."""
    stories = []
    for n in range(5):
        fields = {"title": f"Story {n}", "date": f"2024-05-0{n + 1}T09:00:00+00:00", "tags": ["chips"],
                  "body": f"Lead {n}.\n\nMore.\n"}
        if n == 1:
            fields.update(changes)
        stories.append(make_article(config, f"news/story-{n}.md", **fields))
    return stories


def _build(config, articles, templates, now=NOW):
    """Every page rendered with TEMPLATES (a theme of its own): plans, Fingerprints, records."""
    write_files(config.root, {"themes/desk/theme.toml": 'name = "desk"\n',
                              **{f"themes/desk/templates/{name}": text for name, text in templates.items()}})
    site, _ = assemble(config, articles, now=now)
    renderer = Renderer(site, resolve_theme(config))
    plans = plan_pages(site)
    render = page_renderer(renderer, plans)
    fingerprints = Fingerprints(site, plans, renderer.context, TemplateDigests(renderer.env, {}), {})
    records = {}
    for plan in plans:
        reads = render(plan).reads
        records[plan.output_path] = fingerprints.record(plan, reads)
    return plans, fingerprints, records


def _reached(config, before, after, templates=TEMPLATES, templates_after=None, now_after=NOW) -> set[str]:
    """Output paths whose page would render differently after the change (new and gone ones too)."""
    _, _, records = _build(config, before, templates)
    plans, fingerprints, _ = _build(config, after, templates_after or templates, now_after)
    reached = {p.output_path for p in plans if not fingerprints.is_current(p, records.get(p.output_path))}
    return reached | (records.keys() - {p.output_path for p in plans})


def test_body_edit_reaches_only_the_article_and_the_feeds(config) -> None:
    reached = _reached(config, _stories(config), _stories(config, body="Lead 1.\n\nRewritten second paragraph.\n"))
    assert reached == {"2024/05/story-1/index.html", "feed.xml", "atom.xml", "feed.json"}


def test_title_edit_reaches_exactly_the_pages_that_print_it(config) -> None:
    reached = _reached(config, _stories(config), _stories(config, title="Story one, retitled"))
    assert {"2024/05/story-1/index.html", "page/1/index.html", "feed.xml", "atom.xml", "feed.json"} <= reached
    assert "index.html" not in reached  # the first page shows story-4, -3 and -2 (stable pagination)
    assert "2024/05/story-2/index.html" not in reached  # article.html prints no neighbour
    assert "404.html" not in reached  # it prints the three newest titles: story-1 is not among them


def test_a_title_among_the_newest_reaches_the_page_that_prints_the_newest(config) -> None:
    stories = _stories(config)
    retitled = [*stories[:4], make_article(config, "news/story-4.md", title="Newest, retitled",
                                           date="2024-05-05T09:00:00+00:00", tags=["chips"], body="Lead 4.\n")]
    assert "404.html" in _reached(config, stories, retitled)


def test_template_change_reaches_pages_that_include_it(config) -> None:
    stories = _stories(config)
    reached = _reached(config, stories, stories, templates_after={**TEMPLATES, "_card.html": "<b>{{ article.title }}</b>"})
    assert "index.html" in reached and "page/1/index.html" in reached
    assert "2024/05/story-1/index.html" not in reached  # article.html never shows a card


@pytest.mark.parametrize("source", [
    # The stale pages of issue 11: lists printed through site.archive and site.tags.
    "{% for y in site.archive %}{% for m in y.months %}{% for a in m.articles %}{{ a.title }}{% endfor %}"
    "{% endfor %}{% endfor %}",
    "{% for t in site.tags %}{% for a in t.articles %}{{ a.title }}{% endfor %}{% endfor %}",
    "{% set s = site %}{% for a in s.articles %}{{ a.title }}{% endfor %}",
    "{% from '_m.html' import titles %}{{ titles(site) }}",
    "{{ site['tags'][0].articles | map(attribute='title') | join(',') }}",
    "{{ site.articles | selectattr('section') | map(attribute='title') | join(',') }}",
    "{% for a in site.articles | sort(attribute='title') %}{{ a.title }}{% endfor %}",
    "{% for url, items in site.related.items() %}{% for a in items %}{{ a.title }}{% endfor %}{% endfor %}",
    "{{ site.tags_by_slug['chips'].articles[-2].title }}",
    "{% for url in site.neighbours %}{{ site.neighbours[url].older.title if site.neighbours[url].older }}"
    "{% endfor %}",
    "{% for a in site.author_articles.values() | first %}{{ a.title }}{% endfor %}",
])
def test_any_way_a_template_reaches_a_title_is_recorded(config, source: str) -> None:
    templates = {**TEMPLATES, "archive.html": source,
                 "_m.html": "{% macro titles(s) %}{% for a in s.articles %}{{ a.title }}{% endfor %}{% endmacro %}"}
    reached = _reached(config, _stories(config), _stories(config, title="Story one, retitled"), templates)
    assert "archive/index.html" in reached


def test_a_page_that_counts_stories_is_not_reached_by_a_title_edit(config) -> None:
    templates = {**TEMPLATES, "archive.html": "{{ site.articles|length }} {% for t in site.tags %}{{ t.name }}"
                                              "{{ t.articles|length }}{% endfor %}"}
    assert "archive/index.html" not in _reached(config, _stories(config), _stories(config, title="New"), templates)
    more = [*_stories(config), make_article(config, "news/extra.md", title="Extra", tags=["chips"])]
    assert "archive/index.html" in _reached(config, _stories(config), more, templates)


def test_the_build_time_counts_only_as_far_as_a_page_shows_it(config) -> None:
    """The footer prints the year: a build later that year renders nothing again, one at New Year does."""
    stories = _stories(config)
    assert _reached(config, stories, stories, now_after=datetime(2024, 6, 2, tzinfo=UTC)) == set()
    new_year = _reached(config, stories, stories, now_after=datetime(2025, 1, 2, tzinfo=UTC))
    assert {"index.html", "2024/05/story-1/index.html"} <= new_year
    minute = {**TEMPLATES, "_footer.html": "built {{ site.built_at }}"}
    assert "index.html" in _reached(config, stories, stories, minute, now_after=datetime(2024, 6, 1, 12, 1, tzinfo=UTC))


def test_the_search_page_follows_its_template_and_the_config_not_the_articles(config) -> None:
    templates = {**TEMPLATES, "search.html": "{% extends 'base.html' %}{% block main %}search{% endblock %}"}
    assert "search/index.html" not in _reached(config, _stories(config), _stories(config, title="New"), templates)
    restyled = {**templates, "_footer.html": "new footer"}
    assert "search/index.html" in _reached(config, _stories(config), _stories(config), templates, restyled)


def test_template_closure_follows_extends_include_and_include_cached() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))
    assert TemplateDigests(env, {})._closure("index.html") == ("_card.html", "_footer.html", "base.html", "index.html")
