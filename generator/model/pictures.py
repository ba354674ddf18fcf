"""Gives articles and pages the sizes and variants of the images they show.

Parsing cannot do this: a parse result is cached on the Markdown file's bytes alone, and an
image file can change without its article changing. So build/builder.py inspects the images every
parsed file names (`image_sources`), and site assembly hands those facts to `with_images`,
which sets the lead image's `responsive` and turns each inline <img> of the site's own files
into a <picture> with srcset, sizes, width and height. An image Pillow cannot read is a
problem of every published article that shows it, at the line that names it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import unescape
from typing import TypeVar

from generator.content.crops import CROP_WIDTH
from generator.content.images import (
    PROSE_SIZES,
    RESIZED_FORMATS,
    ImageFacts,
    ResponsiveImage,
    UnreadableImage,
    is_candidate,
    picture_html,
)
from generator.content.markdown import RenderedBody
from generator.content.model import Article, Page
from generator.errors import Problem, warning
from generator.frozen import evolve

Shown = TypeVar("Shown", Article, Page)


def image_sources(articles: Iterable[Article], pages: Iterable[Page]) -> set[str]:
    """Content-relative paths of the local images ARTICLES and PAGES show (lead and inline)."""
    wanted: set[str] = set()
    for article in articles:
        if article.image is not None and not article.image.is_remote:
            wanted.add(article.image.src.lstrip("/"))
        wanted.update(image.target for image in article.body.images)
    for page in pages:
        wanted.update(image.target for image in page.body.images)
    return {path for path in wanted if is_candidate(path)}


def with_images(item: Shown, images: Mapping[str, ImageFacts], base_path: str) -> tuple[Shown, list[Problem]]:
    """ITEM with its images' facts applied, and a problem for each image that cannot be read."""
    body, problems = _body_with_images(item.source, item.body, images, base_path)
    if body is not item.body:
        item = evolve(item, body=body)
    image = item.image if isinstance(item, Article) else None
    if image is not None and not image.is_remote:
        facts = images.get(image.src.lstrip("/"))
        if isinstance(facts, UnreadableImage):
            problems.append(Problem(item.source, f"image: {facts.message()}", image.line))
        elif facts is not None:
            item = evolve(item, image=evolve(image, responsive=facts))
            if facts.format in RESIZED_FORMATS and facts.width < CROP_WIDTH:
                problems.append(warning(item.source, f"image: '{image.src}' is {facts.width} px wide; large "
                                        f"previews (Google Discover, Top stories) need a lead image at least "
                                        f"{CROP_WIDTH} px wide", image.line))
    return item, problems


def _body_with_images(source: str, body: RenderedBody, images: Mapping[str, ImageFacts],
                      base_path: str) -> tuple[RenderedBody, list[Problem]]:
    problems: list[Problem] = []
    if not body.images:
        return body, problems
    html = original = body.html
    done: set[str] = set()
    for inline in body.images:
        facts = images.get(inline.target)
        if isinstance(facts, UnreadableImage):
            problems.append(Problem(source, facts.message(), inline.line))
        elif isinstance(facts, ResponsiveImage) and inline.tag not in done:
            done.add(inline.tag)
            src_url = inline.tag.split(' src="', 1)[1].split('"', 1)[0]  # content/markdown.py's link, escaped
            html = html.replace(inline.tag, picture_html(
                unescape(src_url), inline.alt, facts, base_path=base_path, sizes=PROSE_SIZES,
                lazy=True, title=inline.title))
    return (body.with_html(html) if html != original else body), problems
