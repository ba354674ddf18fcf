"""generator.model.pictures (through site assembly): image facts reach lead images and article bodies."""

from __future__ import annotations

import pytest

from generator.content.images import ResponsiveImage, UnreadableImage, plan_variants
from generator.content.markdown import render_markdown
from generator.model.pictures import image_sources
from generator.model.site import Publishing, assemble_site

from .helpers import NOW, assemble, make_article, make_author, make_config, make_page, messages

PHOTO = ResponsiveImage("/images/photo.jpg", 1200, 800, "jpeg",
                        plan_variants("/images/photo.jpg", 1200, 800, "jpeg"), "key")
BROKEN = UnreadableImage("/images/broken.png", "cannot identify image file")


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path, base_url="https://example.org/news/")


def build(config, articles=(), pages=(), images=None, assets=("images/photo.jpg", "images/broken.png")):
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")]
    images = {"images/photo.jpg": PHOTO, "images/broken.png": BROKEN} if images is None else images
    return assemble_site(config, articles, pages, authors, frozenset(assets), Publishing(NOW), images)


def test_a_lead_image_gets_its_size_variants_and_social_image(config):
    article = make_article(config, "news/a.md", extra="image: ../images/photo.jpg\nimage_alt: A photo\n")
    site, problems = build(config, [article])
    assert problems == []
    image = site.articles[0].image
    assert image.responsive == PHOTO and (image.width, image.height) == (1200, 800)
    assert (image.social.path, image.social.width, image.social.height) == ("/images/photo.jpg", 1200, 800)
    assert site.images == {"images/photo.jpg": PHOTO}


def test_an_unreadable_lead_image_names_the_article_the_line_and_the_path(config):
    article = make_article(config, "news/a.md", extra="image: /images/broken.png\nimage_alt: Broken\n")
    _, problems = build(config, [article])
    assert messages(problems) == [
        "content/news/a.md:6: error: image: image '/images/broken.png' cannot be read (cannot identify image "
        "file); save it again as JPEG, PNG or WebP, or replace it"]


def test_an_unreadable_inline_image_names_the_article_and_its_line(config):
    article = make_article(config, "news/a.md", body="Intro.\n\n![chart](../images/broken.png)\n")
    _, problems = build(config, [article])
    assert [(p.path, p.line, "/images/broken.png" in p.message) for p in problems] == [("content/news/a.md", 9, True)]


def test_inline_images_become_pictures_and_keep_their_links_alt_and_title(config):
    body = 'Intro.\n\n[![A "photo"](../images/photo.jpg "Title")](https://example.com/)\n\n![again](/images/photo.jpg)\n'
    site, problems = build(config, [make_article(config, "news/a.md", body=body)])
    assert problems == []
    html = site.articles[0].body_html
    assert html.count("<picture>") == 2 and "<img src=\"/news/images/photo.jpg\" />" not in html
    assert ('<a href="https://example.com/"><picture><source type="image/webp" srcset="/news/images/photo.jpg.480w.webp'
            in html)
    assert ('srcset="/news/images/photo.jpg.480w.jpg 480w, /news/images/photo.jpg.960w.jpg 960w, '
            '/news/images/photo.jpg 1200w"') in html
    assert 'width="1200" height="800" alt="A &quot;photo&quot;" title="Title" loading="lazy"' in html


def test_pages_get_pictures_too(config):
    page = make_page(config, "pages/about.md", "---\ntitle: About\n---\n![Us](../images/photo.jpg)\n")
    site, _ = build(config, pages=[page])
    assert "<picture>" in site.pages[0].body_html
    assert "images/photo.jpg" in site.images


def test_remote_images_and_images_without_facts_are_left_as_they_are(config):
    body = "![remote](https://cdn.example.net/x.jpg) ![svg](../images/plain.svg)\n"
    article = make_article(config, "news/a.md", body=body, extra="image: https://cdn.example.net/lead.jpg\n")
    site, problems = build(config, [article], assets=("images/plain.svg",))
    assert [p for p in problems if p.is_error] == []
    shown = site.articles[0]
    assert shown.image.responsive is None and shown.image.social is None
    assert shown.body_html == ('<p><img src="https://cdn.example.net/x.jpg" alt="remote" loading="lazy" '
                               'decoding="async" /> <img src="/news/images/plain.svg" alt="svg" loading="lazy" '
                               'decoding="async" /></p>\n')


def test_a_missing_inline_image_is_still_reported_as_missing(config):
    article = make_article(config, "news/a.md", body="![gone](../images/gone.png)\n")
    _, problems = assemble(config, [article], [], [], assets={"images/photo.jpg"})
    assert ("image to 'images/gone.png': no such file in content/" in messages(problems)[-1])


def test_image_sources_lists_local_raster_and_svg_images_of_articles_and_pages(config):
    article = make_article(config, "news/a.md", body="![a](../images/a.png) ![b](b.pdf) ![c](https://x.org/c.png)\n",
                           extra="image: ../images/lead.JPG\n")
    page = make_page(config, "pages/p.md", "---\ntitle: P\n---\n![d](/images/d.svg) ![e](e.gif?v=2)\n")
    assert image_sources([article], [page]) == {"images/a.png", "images/lead.JPG", "images/d.svg"}


def test_markdown_records_each_local_image_with_the_tag_it_rendered():
    body = render_markdown("Text\n\n![A <b>](pics/x.png \"T\") ![r](https://x.org/r.png)\n", source_dir="news",
                           base_path="/", first_line=5).body
    [image] = body.images
    assert (image.target, image.alt, image.title, image.line) == ("news/pics/x.png", "A <b>", "T", 7)
    assert image.tag in body.html and image.tag.startswith('<img src="/news/pics/x.png"')
