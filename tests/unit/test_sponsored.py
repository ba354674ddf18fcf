"""rel=sponsored on the links a paid story (type: sponsored) makes to other sites."""

from __future__ import annotations

import pytest

from generator.content.markdown import render_markdown, sponsor_html_links, sponsored_rel
from generator.model.routes import plan_pages
from generator.render.pages import Renderer
from generator.render.themes import resolve_theme

from .helpers import assemble, make_article, make_config

ORIGIN = "https://desk.example.org"


def html_of(text: str, sponsored_from: str | None = ORIGIN) -> str:
    return render_markdown(text, source_dir="news", base_path="/", first_line=1, sponsored_from=sponsored_from).body.html


def test_markdown_links_to_other_sites_are_sponsored_and_the_sites_own_are_not():
    html = html_of("[shop](https://shop.example.com/x) [proto](//cdn.example.net/y) <https://auto.example.com/> "
                   "[ours](https://desk.example.org/2024/05/a/) [local](/about/) [mail](mailto:a@b.example) [top](#x)")
    assert html == (
        '<p><a href="https://shop.example.com/x" rel="sponsored">shop</a> '
        '<a href="//cdn.example.net/y" rel="sponsored">proto</a> '
        '<a href="https://auto.example.com/" rel="sponsored">https://auto.example.com/</a> '
        '<a href="https://desk.example.org/2024/05/a/">ours</a> <a href="/about/">local</a> '
        '<a href="mailto:a@b.example">mail</a> <a href="#x">top</a></p>\n')


def test_other_stories_links_are_left_alone():
    assert 'rel=' not in html_of("[shop](https://shop.example.com/x)", sponsored_from=None)


def test_raw_html_links_get_it_merged_with_their_own_rel():
    html = html_of('Buy <a href="https://shop.example.com/?a=1&amp;b=2" rel="noopener" target=_blank>here</a>.\n\n'
                   "<div><a class='x' href='https://desk.example.org/'>home</a> "
                   '<A HREF="https://other.example.com" data-x="a>b">up</A></div>\n')
    assert ('<a href="https://shop.example.com/?a=1&amp;b=2" target=_blank rel="sponsored noopener">here</a>'
            in html)
    assert "<a class='x' href='https://desk.example.org/'>home</a>" in html  # the site's own: as written
    assert '<a HREF="https://other.example.com" data-x="a>b" rel="sponsored">up</A>' in html


@pytest.mark.parametrize(("rel", "merged"), [
    (None, "sponsored"), ("", "sponsored"), ("noopener", "sponsored noopener"),
    ("nofollow Sponsored noopener", "sponsored nofollow noopener")])
def test_rel_values_merge_without_repeating(rel, merged):
    assert sponsored_rel(rel) == merged


def test_a_tag_that_only_starts_with_a_is_not_a_link():
    html = '<abbr title="https://x.example.com">X</abbr><area href="https://y.example.com">'
    assert sponsor_html_links(html, ORIGIN) == html


def test_a_sponsored_article_marks_its_outbound_links(tmp_path):
    config = make_config(tmp_path, base_url="https://example.org/news/")
    body = "See [the maker](https://maker.example.com/) and [our review](/reviews/x/).\n"
    paid = make_article(config, "news/paid.md", extra="type: sponsored\n", body=body)
    assert paid.body_html == ('<p>See <a href="https://maker.example.com/" rel="sponsored">the maker</a> and '
                              '<a href="/news/reviews/x/">our review</a>.</p>\n')
    plain = make_article(config, "news/plain.md", extra="type: news\n", body=body)
    assert "sponsored" not in plain.body_html
    site, _problems = assemble(config, [paid, plain])
    renderer = Renderer(site, resolve_theme(config))
    pages = {plan.url: renderer.render(plan).decode() for plan in plan_pages(site) if plan.template}
    assert '<a href="https://maker.example.com/" rel="sponsored">the maker</a>' in pages[paid.url]
    assert '<a href="https://maker.example.com/">the maker</a>' in pages[plain.url]
