"""generator.render.snippets: the markup helpers templates call instead of macros."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import jinja2
import pytest
from markupsafe import Markup

from generator.content.images import ResponsiveImage, Variant, plan_variants
from generator.content.model import Image
from generator.render.i18n import load_translations
from generator.render.snippets import Snippets, nav_current, nav_here

from .helpers import assemble, make_article, make_author, make_config


def snippets_for(tmp_path, articles=(), **config_values):
    config = make_config(tmp_path, **config_values)
    authors = [make_author(config, f"authors/{slug}.md", f"---\nname: {name}\n---\nBio.\n")
               for slug, name in (("ann-lee", "Ann <Lee>"), ("bo-kim", "Bo Kim"), ("cy-ng", "Cy Ng"))]
    built = [make_article(config, path, **fields) for path, fields in articles]
    site, problems = assemble(config, built, authors=authors, future=True, assets={"images/card.png"})
    assert not [problem for problem in problems if problem.is_error]
    return Snippets(site, load_translations(site.config.language, ())), site


def test_byline_joins_names_with_commas_and_and_and_escapes_them(tmp_path):
    snippets, site = snippets_for(tmp_path, [("news/a.md", {"author": "[Ann <Lee>, Bo Kim, Cy Ng]"})],
                                  base_url="https://example.org/news/")
    authors = site.articles[0].authors
    assert str(snippets.byline(authors[:1])) == 'By <a href="/news/authors/ann-lee/" rel="author">Ann &lt;Lee&gt;</a>'
    assert str(snippets.byline(authors)).endswith(', <a href="/news/authors/bo-kim/" rel="author">Bo Kim</a> and '
                                                  '<a href="/news/authors/cy-ng/" rel="author">Cy Ng</a>')
    assert snippets.byline(()) == ""


def test_time_tag_is_in_the_site_time_zone(tmp_path):
    snippets, _ = snippets_for(tmp_path, timezone="Asia/Tokyo")
    moment = datetime(2024, 5, 31, 20, 0, tzinfo=UTC)
    assert snippets.time_tag(moment) == '<time datetime="2024-06-01T05:00:00+09:00">1 June 2024, 05:00 JST</time>'
    assert snippets.time_tag(moment, "%H:%M") == '<time datetime="2024-06-01T05:00:00+09:00">05:00</time>'


def test_section_label_links_known_sections_and_names_unknown_ones(tmp_path):
    snippets, site = snippets_for(tmp_path, [("reviews/a.md", {})])
    article = site.articles[0]
    assert snippets.section_label(article) == '<p class="kicker"><a href="/reviews/">Reviews</a></p>'
    elsewhere = dataclasses.replace(article, section="long-reads")  # a section with no page
    assert snippets.section_label(elsewhere, css_class="x") == '<p class="x">Long Reads</p>'
    assert snippets.section_label(dataclasses.replace(article, section="")) == ""


def test_draft_badge_marks_drafts_and_articles_dated_after_the_build(tmp_path):
    snippets, site = snippets_for(tmp_path, [("news/old.md", {"date": "2024-01-01T00:00:00+00:00"}),
                                             ("news/later.md", {"date": "2030-01-01T00:00:00+00:00"})])
    badges = {article.source: str(snippets.draft_badge(article)) for article in site.articles}
    assert badges == {"content/news/old.md": "",
                      "content/news/later.md": ' <span class="badge badge-scheduled">Scheduled</span>'}
    draft = dataclasses.replace(site.articles[-1], draft=True)
    assert snippets.draft_badge(draft) == ' <span class="badge badge-draft">Draft</span>'


def test_archive_items_give_a_line_per_article_with_escaped_headlines(tmp_path):
    snippets, site = snippets_for(tmp_path, [("news/a.md", {"date": "2024-03-02T10:00:00+00:00",
                                                            "title": "'Chips & <dips>'"}),
                                             ("news/b.md", {"date": "2030-01-01T00:00:00+00:00"})])
    lines = str(snippets.archive_items(site.articles)).split("\n")
    assert lines[0].endswith('<span class="badge badge-scheduled">Scheduled</span></span></li>')
    assert lines[1] == ('<li><time datetime="2024-03-02T10:00:00+00:00">2 March 2024, 10:00 UTC</time> <span>'
                        '<a href="/2024/03/a/">Chips &amp; &lt;dips&gt;</a></span></li>')
    assert snippets.archive_items(()) == ""


@pytest.mark.parametrize(("page_url", "kind", "expected"), [
    ("/", "home", ("/", "home", None)),
    ("/page/3/", "home", ("/page/*", "home", None)),
    ("/tags/ai/", "tag", ("/tags/*", "tag", None)),
    ("/tags/", "tag_index", ("/tags/", "tag_index", None)),
    ("/about/team/", "page", ("/about/team/", "page", None)),
])
def test_nav_here_keeps_only_what_top_level_links_can_tell(page_url, kind, expected):
    template = jinja2.Environment().from_string("{{ nav_here() }}", globals={"nav_here": nav_here})
    assert template.render(page_url=page_url, kind=kind) == str(expected)


@pytest.mark.parametrize(("here", "path", "options", "expected"), [
    (("/tags/", "tag_index", None), "/tags/", {}, ' aria-current="page"'),
    (("/tags/*", "tag", None), "/tags/", {}, ' aria-current="true"'),
    (("/tags/*", "tag", None), "/", {"exact": True}, ""),
    (("/page/*", "home", None), "/", {"exact": True, "kinds": ("home",)}, ' aria-current="true"'),
    (("/2024/*", "article", "reviews"), "/reviews/", {"section": "reviews"}, ' aria-current="true"'),
    (("/2024/*", "article", "news"), "/reviews/", {"section": "reviews"}, ""),
])
def test_nav_current(here, path, options, expected):
    assert nav_current(here, path, **options) == expected


def test_count(tmp_path):
    snippets, _ = snippets_for(tmp_path)
    assert (snippets.count(1, "article", "articles"), snippets.count(0, "article", "articles")) == (
        "1 article", "0 articles")


def test_picture_and_srcset_helpers_link_under_the_base_path_and_escape_the_alt_text(tmp_path):
    snippets, _ = snippets_for(tmp_path, base_url="https://example.org/news/")
    variants = plan_variants("/images/p.jpg", 1000, 500, "jpeg")
    image = Image("/images/p.jpg", 'A <b> "c"', "", responsive=ResponsiveImage("/images/p.jpg", 1000, 500, "jpeg",
                                                                                variants, "key"))
    markup = snippets.picture(image, "100vw", css_class="hero")
    assert isinstance(markup, Markup)
    assert markup.startswith('<picture><source type="image/webp" srcset="/news/images/p.jpg.480w.webp 480w, ')
    assert 'width="1000" height="500" alt="A &lt;b&gt; &quot;c&quot;" class="hero" decoding="async">' in markup
    assert ' alt="" ' in snippets.picture(image, "9rem", alt="")
    assert snippets.srcset(image) == "/news/images/p.jpg.480w.jpg 480w, /news/images/p.jpg.960w.jpg 960w, /news/images/p.jpg 1000w"
    assert snippets.srcset(image, "webp").endswith("/news/images/p.jpg.1000w.webp 1000w")
    remote = Image("https://cdn.example.net/x.jpg", "X", "")
    assert snippets.picture(remote, "9rem", lazy=True) == Markup(
        '<img src="https://cdn.example.net/x.jpg" alt="X" loading="lazy" decoding="async">')
    assert snippets.srcset(remote) == ""


def test_shared_image_is_the_largest_raster_variant_else_the_site_card(tmp_path):
    snippets, _ = snippets_for(tmp_path, social_image="/images/card.png")
    photo = Image("/images/chip.jpg", "A chip", "", responsive=ResponsiveImage(
        "/images/chip.jpg", 2400, 1350, "jpeg", (Variant(960, 540, "jpeg", "/images/chip.jpg.960w.jpeg"),
                                                 Variant(1600, 900, "jpeg", "/images/chip.jpg.1600w.jpeg"))))
    assert snippets.shared_image(photo) == (
        "https://example.org/images/chip.jpg.1600w.jpeg", 1600, 900, "A chip")
    vector = Image("/images/chip.svg", "A chip", "", responsive=ResponsiveImage("/images/chip.svg", 40, 30, "svg"))
    assert snippets.shared_image(vector) == ("https://example.org/images/card.png", None, None, "Test Desk")
    assert snippets.shared_image(None) == ("https://example.org/images/card.png", None, None, "Test Desk")
    remote = Image("https://cdn.example.net/x.jpg", "X", "")
    assert snippets.shared_image(remote) == ("https://cdn.example.net/x.jpg", None, None, "X")


def test_no_shared_image_without_a_raster_lead_or_a_site_card(tmp_path):
    snippets, _ = snippets_for(tmp_path)
    assert snippets.shared_image(None) is None
