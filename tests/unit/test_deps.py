"""generator.deps: which pages a change reaches, decided from fingerprints without rendering."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.deps import SITE_COLLECTIONS, TemplateDigests, plan_fingerprints
from generator.routes import plan_pages

from .helpers import assemble, make_article, make_config

TEMPLATES = {
    "base.html": "<html>{% block main %}{% endblock %}{% include '_footer.html' %}</html>",
    "_footer.html": "footer",
    "_card.html": "{{ article.title }}",
    "article.html": "{% extends 'base.html' %}{% block main %}{{ article.body_html }}{% endblock %}",
    "index.html": "{% extends 'base.html' %}{% for a in items %}{{ include_cached('_card.html', article=a) }}{% endfor %}",
    "404.html": "{% for a in site.articles[:3] %}{{ a.title }}{% endfor %}",
}


@pytest.fixture
def config(tmp_path: Path):
    return make_config(tmp_path, paginate=2)


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


def _fingerprints(config, articles, templates=TEMPLATES):
    site, _ = assemble(config, articles)
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    return plan_fingerprints(site, plan_pages(site), TemplateDigests(env, {}), {})


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def test_body_edit_reaches_only_the_article_and_the_feeds(config) -> None:
    before = _fingerprints(config, _stories(config))
    after = _fingerprints(config, _stories(config, body="Lead 1.\n\nRewritten second paragraph.\n"))
    assert _changed(before, after) == {"2024/05/story-1/index.html", "feed.xml", "atom.xml"}


def test_title_edit_reaches_every_page_that_shows_the_card(config) -> None:
    before = _fingerprints(config, _stories(config))
    after = _fingerprints(config, _stories(config, title="Story one, retitled"))
    changed = _changed(before, after)
    assert {"2024/05/story-1/index.html", "page/2/index.html", "news/page/2/index.html",
            "tags/chips/page/2/index.html", "feed.xml", "atom.xml", "archive/2024/index.html"} <= changed
    assert "index.html" not in changed  # page 1 shows story-4 and story-3 only
    assert "2024/05/story-0/index.html" in changed  # story-1 is its newer neighbour


def test_template_change_reaches_pages_that_include_it(config) -> None:
    articles = _stories(config)
    before = _fingerprints(config, articles)
    after = _fingerprints(config, articles, {**TEMPLATES, "_card.html": "<b>{{ article.title }}</b>"})
    changed = _changed(before, after)
    assert "index.html" in changed and "page/2/index.html" in changed
    assert not any(path.startswith("2024/") for path in changed)  # article.html never shows a card


def test_a_template_showing_site_articles_depends_on_every_card(config) -> None:
    before = _fingerprints(config, _stories(config))
    after = _fingerprints(config, _stories(config, title="Changed title"))
    assert before["404.html"] != after["404.html"]


def test_template_closure_follows_extends_include_and_include_cached() -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))
    digests = TemplateDigests(env, {})
    assert digests._closure("index.html") == ("_card.html", "_footer.html", "base.html", "index.html")
    assert digests.site_collections("404.html") == ("articles",)
    assert digests.site_collections("article.html") == ()


@pytest.mark.parametrize(("source", "shown"), [
    ("{% for a in site.articles %}{{ a.title }}{% endfor %}", ("articles",)),
    ("{{ site['tags'] | length }} {{ site.config.title }}", ("tags",)),
    ("{{ site.tags_by_slug['ai'].name }}", ("tags",)),
    ("{{ site.built_at.year }}", ()),
    ("{% set s = site %}{% for a in s.articles %}{{ a.title }}{% endfor %}", SITE_COLLECTIONS),
    ("{% from '_m.html' import m %}{{ m(site) }}", SITE_COLLECTIONS),
    ("{{ (site | attr('archive'))[0] }}", SITE_COLLECTIONS),
    ("{% set k = 'articles' %}{{ site[k] }}", SITE_COLLECTIONS),
])
def test_site_collections_are_read_from_the_template_not_guessed_from_its_text(source: str,
                                                                               shown: tuple[str, ...]) -> None:
    env = jinja2.Environment(loader=jinja2.DictLoader({"t.html": source, "_m.html": "{% macro m(s) %}{% endmacro %}"}))
    assert TemplateDigests(env, {}).site_collections("t.html") == shown


def test_a_template_that_aliases_site_still_depends_on_every_card(config) -> None:
    aliased = {**TEMPLATES, "404.html": "{% set s = site %}{% for a in s.articles %}{{ a.title }}{% endfor %}"}
    before = _fingerprints(config, _stories(config), aliased)
    after = _fingerprints(config, _stories(config, title="Changed title"), aliased)
    assert before["404.html"] != after["404.html"]


def test_the_search_page_follows_its_template_and_the_config_not_the_articles(config, tmp_path) -> None:
    templates = {**TEMPLATES, "search.html": "{% extends 'base.html' %}{% block main %}search{% endblock %}"}
    before = _fingerprints(config, _stories(config), templates)
    assert "search/index.html" in before
    assert "search/index.html" not in _changed(before, _fingerprints(config, _stories(config, title="New"), templates))
    restyled = _fingerprints(config, _stories(config), {**templates, "_footer.html": "new footer"})
    assert "search/index.html" in _changed(before, restyled)
    turned_off = make_config(tmp_path, paginate=2, search=False)
    assert "search/index.html" not in _fingerprints(turned_off, _stories(turned_off), templates)
