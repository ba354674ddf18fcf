"""WordPress: an export file (WXR, Tools → Export), and a copy of wp-content/uploads beside it if there is one.

The export is read with lxml, entities left unresolved and nothing fetched, so a hostile file
cannot read local files or expand into gigabytes. Posts become articles and pages pages:
`wp:post_date_gmt` (else the blog's local date) as date, `post_modified` as updated, the first
category as section and the rest with the tags as tags, `dc:creator` as the author (the
export's authors become profiles by their display name), draft, pending, private and
password-protected posts as drafts, a scheduled post with its date (sitegen holds it back until
then), sticky posts as featured, the featured image as lead image, the excerpt as summary, and
each post's `<link>` as its old URL. Attachments are copied from the local uploads copy when
it has them; otherwise they stay remote URLs and are listed.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lxml import etree

from generator.config import SiteConfig
from generator.errors import Problem
from generator.importers.convert import BodyPass, NoSyntax
from generator.importers.html import shortcode_notes, to_markdown
from generator.importers.links import Resolver
from generator.importers.model import Archive, Note, Profile, Story
from generator.importers.sources import text_of, to_moment, walk
from generator.text import slugify

_CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_UPLOADS = "/wp-content/uploads/"
_DRAFTS = {"draft": "", "pending": "pending review", "private": "private"}


def _kind(namespace: str | None) -> str:
    if not namespace:
        return ""
    if namespace.startswith("http://wordpress.org/export/"):
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    return {_CONTENT_NS: "content", _DC_NS: "dc"}.get(namespace, "other")


def _fields(element: Any) -> dict[str, Any]:
    """ELEMENT's children by "prefix:name" ("wp:status", "content:encoded", "title"), first of each."""
    found: dict[str, Any] = {}
    for child in element:
        if isinstance(child.tag, str):
            name = etree.QName(child)
            kind = _kind(name.namespace)
            found.setdefault(f"{kind}:{name.localname}" if kind else name.localname, child)
    return found


def _text(fields: dict[str, Any], key: str) -> str:
    element = fields.get(key)
    return (element.text or "").strip() if element is not None else ""


def read(source: Path, config: SiteConfig) -> Archive:
    """Every post and page of the WordPress export SOURCE, its authors and attachments."""
    archive = Archive()
    name = source.name
    if not source.is_file():
        archive.errors.append(Problem("", "is not a file: give the export file WordPress wrote (Tools → "
                                      "Export), e.g. mysite.WordPress.2026-12-01.xml"))
        return archive
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.parse(str(source), parser)
        root = tree.getroot()
    except etree.XMLSyntaxError as error:
        archive.errors.append(Problem(name, f"is not well-formed XML: {error.msg}", error.lineno))
        return archive
    except OSError as error:
        archive.errors.append(Problem(name, f"cannot be read: {error}"))
        return archive
    if tree.docinfo.doctype:  # entities left unresolved would silently cut the text at each of them
        with source.open("rb") as file:
            head = file.read(65536)
        line = head[:head.find(b"<!DOCTYPE")].count(b"\n") + 1 if b"<!DOCTYPE" in head else None
        archive.errors.append(Problem(name, "has a <!DOCTYPE>, which no WordPress export has (it can declare "
                                      "entities that read local files); delete it and import again", line))
        return archive
    channel = root.find("channel")
    fields = _fields(channel) if channel is not None else {}
    if "wp:wxr_version" not in fields:
        archive.errors.append(Problem(name, "is not a WordPress export (WXR): it has no <wp:wxr_version>"))
        return archive
    archive.origins = tuple(dict.fromkeys(url.rstrip("/") for url in (
        _text(fields, "wp:base_blog_url"), _text(fields, "wp:base_site_url"), _text(fields, "link")) if url))
    logins = _authors(channel, archive)
    items = [(item, _fields(item)) for item in channel.iter("item")]
    attachments = {_text(f, "wp:post_id"): (item, f) for item, f in items if _text(f, "wp:post_type") == "attachment"}
    _uploads(source.parent, attachments, archive)
    skipped: Counter[str] = Counter()
    comments = 0
    for item, item_fields in items:
        kind = _text(item_fields, "wp:post_type")
        if kind in ("post", "page"):
            comments += _post(name, item, item_fields, logins, attachments, config, archive)
        elif kind != "attachment":
            skipped[kind] += 1
    archive.notes += [Note(name, None, f"not imported: {count:,} item{'s' * (count > 1)} of type '{kind}' "
                           "(sitegen imports posts, pages and their attachments)") for kind, count in skipped.items()]
    if comments:
        archive.notes.append(Note(name, None, f"not imported: {comments:,} approved comment"
                                  f"{'s' * (comments > 1)} (sitegen has no comments)"))
    return archive


def _authors(channel: Any, archive: Archive) -> dict[str, str]:
    """The export's authors as profiles, by display name; login → profile id."""
    logins = {}
    for element in channel:
        if isinstance(element.tag, str) and etree.QName(element).localname == "author" \
                and _kind(etree.QName(element).namespace) == "wp":
            author = _fields(element)
            login = _text(author, "wp:author_login")
            display = _text(author, "wp:author_display_name") or login
            if author_id := slugify(display) or slugify(login):
                logins[login] = author_id
                archive.profiles.setdefault(author_id, Profile(author_id, display))
    return logins


def _uploads(folder: Path, attachments: dict[str, tuple[Any, dict[str, Any]]], archive: Archive) -> None:
    """The files of a local copy of wp-content/uploads, at the paths WordPress served them."""
    for uploads in (folder / "wp-content" / "uploads", folder / "uploads"):
        if uploads.is_dir():
            archive.served.update({_UPLOADS + rel: path for rel, path in walk(uploads, lambda _f: False)})
            for _item, attachment in attachments.values():
                path = urlsplit(_text(attachment, "wp:attachment_url")).path
                if "/uploads/" in path and (uploads / unquote(path.split("/uploads/", 1)[1])).is_file():
                    archive.served.setdefault(path, uploads / unquote(path.split("/uploads/", 1)[1]))
            return


def _meta(item: Any, key: str) -> str:
    """The value of ITEM's postmeta KEY ("_thumbnail_id"), or ""."""
    for element in item:
        if isinstance(element.tag, str) and etree.QName(element).localname == "postmeta":
            meta = _fields(element)
            if _text(meta, "wp:meta_key") == key:
                return _text(meta, "wp:meta_value")
    return ""


def _post(where: str, item: Any, fields: dict[str, Any], logins: dict[str, str],
          attachments: dict[str, tuple[Any, dict[str, Any]]], config: SiteConfig, archive: Archive) -> int:
    """One post or page of the export WHERE as a Story; the number of its approved comments (not imported)."""
    line = item.sourceline
    status = _text(fields, "wp:status")
    title = text_of(_text(fields, "title"))
    if status in ("trash", "auto-draft", "inherit"):
        if status == "trash":
            archive.notes.append(Note(where, line, f"not imported: '{title}' is in WordPress's trash"))
        return 0
    gmt, local = _text(fields, "wp:post_date_gmt"), _text(fields, "wp:post_date")
    date = (to_moment(gmt, UTC) if gmt and not gmt.startswith("0000") else None) or to_moment(local, config.timezone)
    if date is None:
        archive.errors.append(Problem(where, f"'{title}' has no date WordPress could give (wp:post_date "
                                      f"'{local}')", line))
        return 0
    content = fields.get("content:encoded")
    html = (content.text or "") if content is not None else ""
    story = Story(where, line, "page" if _text(fields, "wp:post_type") == "page" else "article", title, html,
                  content.sourceline if content is not None else line, date=date)
    story.slug = unquote(_text(fields, "wp:post_name")) or slugify(title)
    story.summary = text_of(_text(fields, "excerpt:encoded"))
    modified = _text(fields, "wp:post_modified_gmt")
    story.updated = to_moment(modified, UTC) if modified and not modified.startswith("0000") else None
    creator = _text(fields, "dc:creator")
    if creator:
        author_id = logins.get(creator) or slugify(creator)
        archive.profiles.setdefault(author_id, Profile(author_id, creator))
        story.authors = [author_id]
    sections, tags = [], []
    for element in item.iter("category"):
        nicename, name = element.get("nicename", ""), (element.text or "").strip()
        if element.get("domain") == "category" and nicename != "uncategorized":
            sections.append(name)
        elif element.get("domain") == "post_tag":
            tags.append(name)
    story.section = sections[0] if sections else ""
    story.tags = sections[1:] + tags
    story.featured = _text(fields, "wp:is_sticky") == "1"
    story.draft = status in _DRAFTS or bool(_text(fields, "wp:post_password"))
    if status in ("private", "pending") or _text(fields, "wp:post_password"):
        why = _DRAFTS.get(status) or "password-protected"
        archive.notes.append(Note(where, line, f"'{title}' is {why} in WordPress: imported as a draft"))
    if status not in _DRAFTS and (link := _text(fields, "link")):
        parts = urlsplit(link)
        story.old_urls.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    if (thumbnail := attachments.get(_meta(item, "_thumbnail_id"))) is not None:
        story.image = _text(thumbnail[1], "wp:attachment_url")
        story.image_alt = text_of(_meta(thumbnail[0], "_wp_attachment_image_alt") or _text(thumbnail[1], "title"))
    archive.stories.append(story)
    return sum(1 for element in item if isinstance(element.tag, str) and etree.QName(element).localname == "comment"
               and _text(_fields(element), "wp:comment_approved") == "1")


def convert(archive: Archive, resolver: Resolver, source: Path) -> None:
    """Each story's HTML as Markdown (html.py), its shortcodes listed, its links pointed at the new site."""
    for story in archive.stories:
        _convert(story, resolver, archive.notes)


def _convert(story: Story, resolver: Resolver, notes: list[Note]) -> None:
    html, first = story.body, story.body_line

    def line_of(position: int) -> int:
        return first + html.count("\n", 0, position)

    def locate(_at: int, needle: str) -> int | None:
        """The export's line of NEEDLE (a URL) in the post's HTML: the Markdown's lines are not the file's."""
        found = html.find(needle) if needle else -1
        return line_of(found) if found >= 0 else story.line

    shortcode_notes(html, lambda position, message: notes.append(Note(story.origin, line_of(position), message)))
    story.body = to_markdown(html)
    story.body = BodyPass(story, resolver, NoSyntax(), notes, locate).run()
