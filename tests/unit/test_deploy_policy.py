"""deploy/policy.py: what each file of output/ is served with, and /_headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import build_config
from generator.deploy.policy import (
    CONTENT_SECURITY_POLICY,
    IMMUTABLE,
    REVALIDATE,
    Stage,
    cache_control,
    compressible,
    content_type,
    render_headers,
    stage,
)
from generator.render.themes import content_digest

BASE = {"title": "Test Desk", "base_url": "https://example.org/"}
DIGEST = content_digest(b"body { color: red }")


@pytest.mark.parametrize(("path", "expected"), [
    ("index.html", "text/html; charset=utf-8"),
    ("2026/10/story/index.html", "text/html; charset=utf-8"),
    ("static/site.3f9a1c2b.css", "text/css; charset=utf-8"),
    ("static/time.js", "text/javascript; charset=utf-8"),
    ("feed.xml", "application/rss+xml; charset=utf-8"),
    ("tags/ai/feed.xml", "application/rss+xml; charset=utf-8"),
    ("atom.xml", "application/atom+xml; charset=utf-8"),
    ("feed.json", "application/feed+json; charset=utf-8"),
    ("sitemap.xml", "application/xml; charset=utf-8"),
    ("news-sitemap.xml", "application/xml; charset=utf-8"),
    ("opensearch.xml", "application/opensearchdescription+xml; charset=utf-8"),
    ("robots.txt", "text/plain; charset=utf-8"),
    ("_headers", "text/plain; charset=utf-8"),
    ("_redirects", "text/plain; charset=utf-8"),
    ("favicon.ico", "image/x-icon"),
    ("images/chip.jpg.960w.webp", "image/webp"),
    ("images/chip.avif", "image/avif"),
    ("images/chart.svg", "image/svg+xml"),
    ("images/PHOTO.JPG", "image/jpeg"),
    ("apple-touch-icon.png", "image/png"),
    ("pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
    ("pagefind/fragment/en_1d2183c.pf_fragment", "application/octet-stream"),
    ("pagefind/index/en_be2a48c.pf_index", "application/octet-stream"),
    ("pagefind/pagefind.en_173be25254.pf_meta", "application/octet-stream"),
    ("pagefind/wasm.en.pagefind", "application/octet-stream"),
    ("files/report.pdf", "application/pdf"),
    ("files/data.unknownsuffix", "application/octet-stream"),
    ("LICENSE", "application/octet-stream"),
])
def test_every_kind_of_file_gets_its_content_type(path: str, expected: str) -> None:
    assert content_type(path) == expected


def test_only_text_is_compressed() -> None:
    assert [compressible(content_type(p)) for p in ("a.html", "a.css", "a.js", "feed.xml", "feed.json", "a.svg",
                                                   "a.png", "a.webp", "p/fragment/x.pf_fragment", "favicon.ico")] == [
        True, True, True, True, True, True, False, False, False, False]


def test_a_name_that_carries_its_own_digest_is_cached_for_a_year() -> None:
    assert cache_control(f"static/site.{DIGEST[:8]}.css", DIGEST) == IMMUTABLE
    assert cache_control(f"static/LICENSE.{DIGEST[:8]}", DIGEST) == IMMUTABLE


def test_anything_else_is_revalidated() -> None:
    assert cache_control("static/site.css", DIGEST) == REVALIDATE
    assert cache_control("static/site.0000aaaa.css", DIGEST) == REVALIDATE  # looks hashed, is not this content
    assert cache_control(f"{DIGEST[:8]}/index.html", DIGEST) == REVALIDATE  # a folder name is not the file's
    for path in ("index.html", "feed.xml", "sitemap.xml", "images/chip.jpg", "pagefind/pagefind-entry.json",
                 "pagefind/pagefind.js", "pagefind/wasm.en.pagefind"):
        assert cache_control(path, DIGEST) == REVALIDATE, path


def test_the_search_index_content_addressed_folders_are_cached_for_a_year() -> None:
    for path in ("pagefind/fragment/en_1d2183c.pf_fragment", "pagefind/index/en_be2a48c.pf_index",
                 "pagefind/filter/en_123.pf_filter"):
        assert cache_control(path, DIGEST) == IMMUTABLE, path


@pytest.mark.parametrize(("path", "expected"), [
    ("static/site.3f9a1c2b.css", Stage.ASSETS),
    ("images/chip.jpg", Stage.ASSETS),
    ("favicon.ico", Stage.ASSETS),
    ("pagefind/fragment/en_1.pf_fragment", Stage.ASSETS),
    ("pagefind/pagefind.js", Stage.ASSETS),
    ("pagefind/pagefind-entry.json", Stage.PAGES),
    ("index.html", Stage.PAGES),
    ("2026/10/story/index.html", Stage.PAGES),
    ("404.html", Stage.PAGES),
    ("feed.xml", Stage.FEEDS),
    ("tags/ai/atom.xml", Stage.FEEDS),
    ("authors/ana/feed.json", Stage.FEEDS),
    ("sitemap.xml", Stage.FEEDS),
    ("sitemap-2.xml", Stage.FEEDS),
    ("news-sitemap.xml", Stage.FEEDS),
    ("robots.txt", Stage.FEEDS),
    ("opensearch.xml", Stage.FEEDS),
    ("_redirects", Stage.FEEDS),
    ("_headers", Stage.FEEDS),
    ("files/sitemap.xml", Stage.ASSETS),  # a content file that happens to be called so
])
def test_stages_put_assets_before_pages_before_feeds(path: str, expected: Stage) -> None:
    assert stage(path) == expected


def _rules(headers: bytes) -> dict[str, dict[str, str]]:
    """/_headers as Netlify and Cloudflare Pages read it: path → {header: value}."""
    rules: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in headers.decode().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith(" "):
            name, _, value = line.strip().partition(": ")
            assert name not in current, f"{name} twice in one rule"
            current[name] = value
        else:
            current = rules.setdefault(line, {})
    return rules


def test_headers_file_states_the_security_headers_and_the_hashed_files(tmp_path: Path) -> None:
    config = build_config(tmp_path, BASE)
    rules = _rules(render_headers(config, {"static/site.css": "static/site.3f9a1c2b.css",
                                           "static/plain.js": "static/plain.js"}))
    assert rules["/*"] == {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "X-Content-Type-Options": "nosniff",
                           "Referrer-Policy": "strict-origin-when-cross-origin"}
    assert rules["/static/site.3f9a1c2b.css"] == {"Cache-Control": IMMUTABLE}
    assert rules["/pagefind/fragment/*"] == rules["/pagefind/index/*"] == {"Cache-Control": IMMUTABLE}
    assert "/static/plain.js" not in rules and "/static/site.css" not in rules  # the hosts' default: revalidated
    # A URL matched by two rules gets both on Cloudflare Pages: Cache-Control only where no other rule sets it.
    assert sum("Cache-Control" in headers for path, headers in rules.items() if path == "/*") == 0


def test_headers_file_follows_the_base_path_and_the_search_setting(tmp_path: Path) -> None:
    config = build_config(tmp_path, {**BASE, "base_url": "https://example.org/news/", "search": False})
    rules = _rules(render_headers(config, {"static/site.css": "static/site.3f9a1c2b.css"}))
    assert set(rules) == {"/news/*", "/news/static/site.3f9a1c2b.css"}


def test_headers_setting_replaces_adds_and_drops_headers(tmp_path: Path) -> None:
    config = build_config(tmp_path, {**BASE, "headers": {
        "Content-Security-Policy": "default-src 'self'; frame-src https://www.youtube-nocookie.com",
        "Permissions-Policy": "camera=()", "Referrer-Policy": ""}})
    assert _rules(render_headers(config, {}))["/*"] == {
        "Content-Security-Policy": "default-src 'self'; frame-src https://www.youtube-nocookie.com",
        "X-Content-Type-Options": "nosniff", "Permissions-Policy": "camera=()"}
