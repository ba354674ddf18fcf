"""generator.urls: permalinks, links under a base path, output file names."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from generator.urls import absolute, absolutize_links, expand_permalink, link, output_file

WHEN = datetime(2024, 3, 7, 9, 30, tzinfo=ZoneInfo("UTC"))


@pytest.mark.parametrize(("pattern", "section", "url"), [
    ("/{year}/{month}/{slug}/", "news", "/2024/03/chip-act/"),
    ("/{year}/{month}/{day}/{slug}/", "news", "/2024/03/07/chip-act/"),
    ("/{section}/{slug}/", "reviews", "/reviews/chip-act/"),
    ("/{section}/{slug}/", None, "/chip-act/"),
    ("/{section}/{year}/{slug}/", None, "/2024/chip-act/"),
    ("/articles/{slug}/", None, "/articles/chip-act/"),
])
def test_expand_permalink(pattern, section, url):
    assert expand_permalink(pattern, slug="chip-act", date=WHEN, section=section) == url


@pytest.mark.parametrize(("base_path", "site_path", "url"), [
    ("/", "/", "/"),
    ("/", "/2024/03/story/", "/2024/03/story/"),
    ("/news/", "/", "/news/"),
    ("/news/", "/tags/ai/", "/news/tags/ai/"),
    ("/news/", "/2024/03/story/#comments", "/news/2024/03/story/#comments"),
    ("/", "/tags/c++/", "/tags/c++/"),
    ("/", "/tags/new york/", "/tags/new%20york/"),
    ("/", "/tags/東京/", "/tags/%E6%9D%B1%E4%BA%AC/"),
])
def test_link(base_path, site_path, url):
    assert link(base_path, site_path) == url


def test_absolute():
    assert absolute("https://example.org", "/news/", "/tags/ai/") == "https://example.org/news/tags/ai/"
    assert absolute("http://localhost:8000", "/", "/") == "http://localhost:8000/"


@pytest.mark.parametrize(("site_path", "file"), [
    ("/", "index.html"),
    ("/about/", "about/index.html"),
    ("/2024/03/story/", "2024/03/story/index.html"),
    ("/404.html", "404.html"),
    ("/feed.xml", "feed.xml"),
])
def test_output_file(site_path, file):
    assert output_file(site_path) == file


def test_absolutize_links_only_touches_root_relative_links():
    html = ('<p><a href="/news/x/">x</a> <img src="/news/i.png" alt=""> <a href="https://o.org/">o</a> '
            '<a href="//cdn.example.net/y">y</a> <a href="#fn1">1</a> <a href="rel/">r</a></p>')
    assert absolutize_links(html, "https://example.org") == (
        '<p><a href="https://example.org/news/x/">x</a> <img src="https://example.org/news/i.png" alt=""> '
        '<a href="https://o.org/">o</a> <a href="//cdn.example.net/y">y</a> <a href="#fn1">1</a> '
        '<a href="rel/">r</a></p>')


def test_absolutize_links_makes_every_srcset_candidate_absolute():
    html = ('<picture><source type="image/webp" srcset="/i/a.480w.webp 480w, /i/a%2Cb.960w.webp 960w" sizes="9rem">'
            '<img src="/i/a.jpg" srcset="/i/a.jpg 480w,//cdn.example.net/a.jpg 960w" sizes="9rem" alt=""></picture>')
    assert absolutize_links(html, "https://example.org") == (
        '<picture><source type="image/webp" srcset="https://example.org/i/a.480w.webp 480w, '
        'https://example.org/i/a%2Cb.960w.webp 960w" sizes="9rem"><img src="https://example.org/i/a.jpg" '
        'srcset="https://example.org/i/a.jpg 480w,//cdn.example.net/a.jpg 960w" sizes="9rem" alt=""></picture>')
