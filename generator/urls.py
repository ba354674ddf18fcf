"""Site paths, output file paths and links: pure string functions, no I/O.

A "site path" is what the site model uses: "/2024/05/some-story/", always from the site's
own root. Links in pages prepend the base_url's path, so a site published under
https://example.org/news/ works without a single template knowing about it.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from urllib.parse import quote

_ABSOLUTE_LINK = re.compile(r'(\s(?:href|src)=")(/(?!/)[^"]*)"')
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)"')
_SRCSET_URL = re.compile(r'(^|,\s*)(/(?!/))')


# Each segment of a URL path is a file or folder name in output/, first written as
# ".NAME.sitegen-tmp" (publish/output.py); file systems allow 255 bytes a name, so NAME may have
# 255 less the 13 bytes around it.
NAME_LIMIT = 255 - 13


def name_too_long(name: str) -> str | None:
    """Why NAME cannot be a file name in output/, or None."""
    size = len(name.encode("utf-8", "surrogateescape"))
    if size <= NAME_LIMIT:
        return None
    return (f"'{name[:40]}…' would be a file or folder name of {size:,} bytes; names may have at most "
            f"{NAME_LIMIT} here (file systems allow 255): shorten it")


def expand_permalink(pattern: str, *, slug: str, date: datetime, section: str | None) -> str:
    """The site path of an article; `{section}` of an article with no section collapses away."""
    path = pattern.format(
        year=f"{date.year:04d}", month=f"{date.month:02d}", day=f"{date.day:02d}",
        slug=slug, section=section or "",
    )
    return re.sub(r"/{2,}", "/", path)


@lru_cache(maxsize=131072)  # a big site links the same tags and authors a million times
def link(base_path: str, site_path: str) -> str:
    """A root-relative link to SITE_PATH for a site served under BASE_PATH ("/" or "/news/")."""
    return quote(base_path.rstrip("/") + site_path, safe="/#%?=&~:@!$'()*+,;")


def is_remote(src: str) -> bool:
    """A URL of another host ("https://cdn…/x.png", "//cdn…/x.png"), not a path of this site."""
    return "://" in src or src.startswith("//")


def absolute(origin: str, base_path: str, site_path: str) -> str:
    """SITE_PATH as a full URL under the site's origin and base path; remote URLs pass through."""
    return site_path if is_remote(site_path) else origin + link(base_path, site_path)


def old_site_path(value: str) -> tuple[str, str | None]:
    """VALUE, an old URL an editor typed (an alias, a ledger line), as a site path, and why it
    cannot be one (or None): "/old-story" → "/old-story/", as a folder, unless its last part
    names a file ("/old.html"). A full URL of this site must be written as its path."""
    path = value.strip()
    if is_remote(path):
        return path, f"'{path}' is a full URL; write the path only, e.g. /2019/05/old-story/"
    if not path.startswith("/"):
        return path, f"'{path}' must start with '/', e.g. /2019/05/old-story/"
    if _NOT_IN_A_PATH.search(path):
        return path, f"'{path}' holds a space, '?' or '#': write the path only, e.g. /2019/05/old-story/"
    if any(part in (".", "..") for part in path.split("/")) or "//" in path:
        return path, f"'{path}' has an empty, '.' or '..' part"
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return path, None


_NOT_IN_A_PATH = re.compile(r"[\s?#\x00-\x1f\x7f]")


def output_file(site_path: str) -> str:
    """Where SITE_PATH is written inside output/: "/a/b/" → "a/b/index.html"."""
    relative = site_path.lstrip("/")
    return relative + "index.html" if relative.endswith("/") or not relative else relative


def absolutize_links(html: str, origin: str) -> str:
    """Make root-relative href/src attributes absolute, for HTML read outside the site (feeds)."""
    html = _ABSOLUTE_LINK.sub(lambda m: f'{m.group(1)}{origin}{m.group(2)}"', html)
    if " srcset=" not in html:
        return html
    # srcset lists "url width" candidates separated by commas; file names' commas are escaped.
    return _SRCSET.sub(lambda m: m.group(1) + _SRCSET_URL.sub(lambda u: u.group(1) + origin + "/", m.group(2))
                       + '"', html)
