"""Links of the old site, pointed at the new one: other stories, copied files, the old host.

A story links to another by its old URL, to an image by the path the old site served it at, or
to a file beside it (a Hugo page bundle). After the import, a link to an imported story names
its Markdown file (`/news/other.md`), which sitegen turns into the page's URL whatever the
permalink pattern; a link to a file the old site served copies that file to the same path under
content/, so its old URL keeps working too; anything else keeps working as it did, or is listed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from generator.importers.model import Archive, Story
from generator.urls import is_remote

Noter = Callable[[str], None]
# What a static host serves as it is; a link to another name with a dot is a file sitegen checks.
_PAGE_SUFFIXES = (".html", ".htm", ".php")
_MARKDOWN = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def site_path(path: str) -> str:
    """PATH of the old site as one spelling: decoded, from the root, a folder's "/" and no
    "index.html" ("/2016/01/story" and "/2016/01/story/index.html" are "/2016/01/story/")."""
    path = "/" + unquote(path).lstrip("/")
    for index in ("index.html", "index.htm"):
        if path.endswith("/" + index):
            path = path[: -len(index)]
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        path += "/"
    return posixpath.normpath(path) + ("/" if path.endswith("/") and path != "/" else "")


class Resolver:
    """Where each link of the old site points now, and which of its files the stories need."""

    def __init__(self, archive: Archive) -> None:
        self.origins: list[tuple[str, str]] = []
        for origin in archive.origins:
            parts = urlsplit(origin)
            if parts.netloc:
                self.origins.append((_host(parts.netloc), parts.path.rstrip("/")))
        self.home = archive.origins[0].rstrip("/") if archive.origins else ""
        self.served = {site_path(path): file for path, file in archive.served.items()}
        self.served_at = {file.resolve(): path for path, file in self.served.items()}
        self.by_old_url: dict[str, str] = {}
        self.by_file: dict[Path, str] = {}
        self.targets: set[str] = set()  # the imported files' own paths: links already converted
        self.copies: dict[str, Path] = {}  # content-relative path → the file copied there

    def add(self, story: Story, source_root: Path) -> None:
        """STORY, placed: links to any of its old URLs or to its source file now name its file."""
        target = "/" + story.file
        self.targets.add(target)
        for url in story.old_urls:
            self.by_old_url.setdefault(site_path(url), target)
        self.by_file[(source_root / story.origin).resolve()] = target

    def on_old_site(self, url: str) -> str | None:
        """The site path of URL when it is an address of the old site ("https://old.example/x"), else None."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or not parts.netloc:
            return None
        for host, base in self.origins:
            if _host(parts.netloc) == host and (parts.path + "/").startswith(base + "/"):
                rest = parts.path[len(base):] or "/"
                return rest + (f"?{parts.query}" if parts.query else "") + (
                    f"#{parts.fragment}" if parts.fragment else "")
        return None

    def rewrite(self, url: str, story: Story, note: Noter) -> str:
        """URL as it must be written in the imported STORY; NOTE is told what stays as it was."""
        if not url or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return url
        absolute = is_remote(url)
        local = self.on_old_site(url) if absolute else url
        if local is None or (not absolute and ":" in url.split("/", 1)[0]):
            return url  # another host, or another scheme
        path, _, fragment = local.partition("#")
        path, _, query = path.partition("?")
        anchor = (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
        if not path or unquote(path) in self.targets:
            return url
        found = None if path.startswith("/") else self._beside(path, story)
        if found is None:
            found = self._on_site(path if path.startswith("/") else self._from_old_url(path, story))
        if found is not None:
            return found + anchor
        last = unquote(path).rsplit("/", 1)[-1]
        if absolute:
            if "." in last and not last.lower().endswith(_PAGE_SUFFIXES):
                note(f"links to {url}, which is not among the source's files: left as a remote URL")
            return url
        if "." not in last:
            return quote(self._from_old_url(path, story), safe="/%") + anchor
        if self.home:
            old = self.home + quote(self._from_old_url(path, story) if not path.startswith("/") else path, safe="/%")
            note(f"links to '{url}', which is no file of the source: now a link to {old + anchor} on the old site")
            return old + anchor
        note(f"links to '{url}', which is no file of the source: left as it is (sitegen build reports it too)")
        return url

    def file_for(self, url: str, story: Story) -> str | None:
        """The site path of the source's file that URL (a lead image) names, copied; None if none is."""
        local = self.on_old_site(url) if is_remote(url) else url
        if not local:
            return None
        path = local.split("#")[0].split("?")[0]
        found = None if path.startswith("/") else self._beside(path, story)
        if found is None:
            found = self._on_site(path if path.startswith("/") else self._from_old_url(path, story))
        return found if found and not found.endswith(_MARKDOWN) else None

    def _beside(self, path: str, story: Story) -> str | None:
        """A file next to the story's source file (a page bundle's image, another post's file)."""
        if story.source_dir is None:
            return None
        candidate = (story.source_dir / unquote(path)).resolve()
        if candidate in self.by_file:
            return self.by_file[candidate]
        if candidate in self.served_at:
            return self._copy(self.served_at[candidate])
        return None

    def _from_old_url(self, path: str, story: Story) -> str:
        """A relative PATH resolved as the old site's readers' browsers did: against the story's URL."""
        own = story.old_urls[0] if story.old_urls else "/"
        folder = own if own.endswith("/") else posixpath.dirname(own) + "/"
        joined = posixpath.normpath(posixpath.join(folder, unquote(path)))
        return joined + ("/" if path.endswith("/") and joined != "/" else "")

    def _on_site(self, path: str) -> str | None:
        key = site_path(path)
        if key in self.by_old_url:
            return self.by_old_url[key]
        if key in self.served:
            return self._copy(key)
        return None

    def _copy(self, path: str) -> str | None:
        """Copy the file the old site served at PATH to the same path under content/ (its old URL
        keeps working); its link, from the content root. Never a Markdown file: it would be read
        as an article."""
        if path.lower().endswith(_MARKDOWN):
            return None
        self.copies[path.lstrip("/")] = self.served[path]
        return quote(path, safe="/%")


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1]
    return host.removeprefix("www.")
