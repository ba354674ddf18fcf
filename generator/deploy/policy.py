"""What each file of output/ is served with: its type, how long it may be cached, its headers.

One policy for every host. A file whose name carries its own content digest (a theme's
`static/site.3f9a1c2b.css`, render/themes.py) or that lives in one of the search index's
content-addressed folders never changes under its name, so it may be cached for a year and
never asked about again. Everything else (pages, feeds, sitemaps, images, the search index's
entry files) may change under the same URL and is revalidated on every use: a correction or a
picture taken down reaches readers at once, at the cost of a conditional request that
usually ends in "304 Not Modified".

/_headers states the policy for Netlify and Cloudflare Pages, with the security headers a
news site should send; `sitegen deploy` sets the same Cache-Control and Content-Type on every
object of a bucket, which cannot carry arbitrary headers (README: nginx and Apache).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Mapping
from enum import IntEnum

from generator.config import SiteConfig
from generator.model.routes import SEARCH_BUNDLE
from generator.render.themes import FINGERPRINT_LENGTH
from generator.urls import link

HEADERS_FILE = "_headers"
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "public, max-age=0, must-revalidate"  # also Netlify's and Cloudflare Pages' default

# Pagefind names these files by their content: a new index writes new names.
IMMUTABLE_FOLDERS = tuple(f"{SEARCH_BUNDLE}/{folder}/" for folder in ("fragment", "index", "filter"))

# What the default theme needs and no more: its own scripts (Pagefind compiles WebAssembly:
# 'wasm-unsafe-eval'; JSON-LD blocks are data, never run, so they need nothing), its own
# stylesheets (style attributes only for table alignment in article text), pictures and
# embedded media from https hosts (remote lead images, video embeds in raw HTML), no plugins,
# no other site framing ours. A site that embeds a third party's script adds its host here.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "style-src-attr 'unsafe-inline'", "img-src 'self' data: https:", "media-src 'self' https:",
    "frame-src https:", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'self'",
])
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",  # a file is only ever what its Content-Type says
    "Referrer-Policy": "strict-origin-when-cross-origin",  # other sites learn the site, not the story read
}

_TEXT = "; charset=utf-8"
_BY_NAME = {
    "feed.xml": "application/rss+xml" + _TEXT, "atom.xml": "application/atom+xml" + _TEXT,
    "feed.json": "application/feed+json" + _TEXT, "opensearch.xml": "application/opensearchdescription+xml" + _TEXT,
    "_headers": "text/plain" + _TEXT, "_redirects": "text/plain" + _TEXT,
    "pagefind-entry.json": "application/json" + _TEXT,
}
_BY_SUFFIX = {
    ".html": "text/html" + _TEXT, ".htm": "text/html" + _TEXT, ".css": "text/css" + _TEXT,
    ".js": "text/javascript" + _TEXT, ".mjs": "text/javascript" + _TEXT, ".json": "application/json" + _TEXT,
    ".xml": "application/xml" + _TEXT, ".txt": "text/plain" + _TEXT, ".md": "text/markdown" + _TEXT,
    ".csv": "text/csv" + _TEXT, ".webmanifest": "application/manifest+json" + _TEXT,
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
    ".webp": "image/webp", ".avif": "image/avif", ".ico": "image/x-icon",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".pdf": "application/pdf", ".wasm": "application/wasm", ".mp4": "video/mp4", ".webm": "video/webm",
    ".mp3": "audio/mpeg",
    # Pagefind's index, compressed by Pagefind itself: bytes its script reads, never text.
    ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream", ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",
}
_COMPRESSIBLE = ("text/", "application/json", "application/feed+json", "application/xml", "application/rss+xml",
                 "application/atom+xml", "application/opensearchdescription+xml", "application/manifest+json",
                 "image/svg+xml")


class Stage(IntEnum):
    """The order a deploy changes the target in, so no reader ever gets a page whose stylesheet,
    picture or search index is not there yet, nor a feed or sitemap entry whose page is not."""

    ASSETS = 0  # what pages use: stylesheets, scripts, pictures, the search index's files
    PAGES = 1  # HTML, and the search index's entry file, which names the index files
    FEEDS = 2  # feeds, sitemaps, robots.txt and the host's rule files, which name pages
    DELETIONS = 3  # last: until then old pages still find what they link


def content_type(rel_path: str) -> str:
    """The Content-Type output/REL_PATH is served with."""
    name = rel_path.rpartition("/")[2]
    if name in _BY_NAME:
        return _BY_NAME[name]
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    guessed = mimetypes.guess_type(name, strict=False)[0]
    return guessed + (_TEXT if guessed.startswith("text/") else "") if guessed else "application/octet-stream"


def compressible(mime_type: str) -> bool:
    """Whether gzip makes a file of MIME_TYPE smaller: text, not pictures or Pagefind's packed files."""
    return mime_type.startswith(_COMPRESSIBLE)


def cache_control(rel_path: str, digest: str) -> str:
    """How long output/REL_PATH, whose content_digest() is DIGEST, may be cached (module docstring)."""
    if rel_path.startswith(IMMUTABLE_FOLDERS):
        return IMMUTABLE
    parts = rel_path.rpartition("/")[2].split(".")
    return IMMUTABLE if digest[:FINGERPRINT_LENGTH] in parts[1:] else REVALIDATE


def stage(rel_path: str) -> Stage:
    """When a deploy uploads output/REL_PATH (Stage)."""
    folder, _, name = rel_path.rpartition("/")
    if name in ("feed.xml", "atom.xml", "feed.json") or (not folder and (
            name in (HEADERS_FILE, "_redirects", "robots.txt", "opensearch.xml")
            or (name.endswith(".xml") and "sitemap" in name))):
        return Stage.FEEDS
    if name.endswith(".html") or rel_path == f"{SEARCH_BUNDLE}/pagefind-entry.json":
        return Stage.PAGES
    return Stage.ASSETS


def render_headers(config: SiteConfig, static: Mapping[str, str]) -> bytes:
    """/_headers: the security headers for every URL (sitegen.toml [headers] replaces or, with "",
    drops one) and a year's caching for the fingerprinted STATIC files (render/themes.py:
    fingerprinted()) and the search index's content-addressed folders.

    Cache-Control is never set for every URL: Cloudflare Pages joins the values of all the
    rules that match a URL, so a site-wide one would spoil the year-long ones. What no rule
    names keeps the hosts' default, which is the revalidation the policy wants.
    """
    base = config.base_path
    headers = {**SECURITY_HEADERS, **config.headers}
    lines = ["# Written by sitegen: cache and security headers for Netlify and Cloudflare Pages.",
             "# Every URL no rule below names is revalidated on each use (the hosts' default,",
             f"# {REVALIDATE}): pages, feeds, sitemaps, pictures.",
             link(base, "/") + "*"]
    lines += [f"  {name}: {value}" for name, value in headers.items() if value]
    immutable = sorted(served for plain, served in static.items() if served != plain)
    immutable += [folder + "*" for folder in IMMUTABLE_FOLDERS] if config.search else []
    if immutable:
        lines.append("# Named by their content: a change comes under a new name, so a copy may be kept a year.")
    for path in immutable:
        lines += [link(base, "/" + path), f"  Cache-Control: {IMMUTABLE}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
