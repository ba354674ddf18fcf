"""The pure functions that parse one file into the content model (model.py).

`parse_source` depends only on the file's text, its path and the config: no other file is
read, no global state is touched. That is what lets later stages cache its result by content
hash and run it in worker processes. Cross-file questions (does the author exist, do two
files claim one URL) belong to model/site.py.
"""

from __future__ import annotations

import hashlib
import posixpath
import re

from generator.config import SiteConfig
from generator.content.fields import FrontMatterFields
from generator.content.frontmatter import FrontMatterError, SplitDocument, split_document
from generator.content.markdown import ParsedMarkdown, render_markdown
from generator.content.model import STORY_TYPES, Article, Author, Breaking, Image, Page, Parsed, ParseResult, TagRef
from generator.content.peers import PEER_KEYS, named_date, peer_aliases, section_and_tags
from generator.content.sources import SourceFile, SourceKind
from generator.content.verdict import read_verdict
from generator.errors import Problem, warning
from generator.frozen import FrozenDict, evolve
from generator.text import CONTROL_CHARACTER, control_character_name, reading_minutes, shorten, slugify, tag_slug
from generator.urls import expand_permalink, is_remote, name_too_long

ARTICLE_KEYS = frozenset({
    "title", "date", "author", "updated", "tags", "section", "summary", "key_points", "image",
    "image_alt", "image_caption", "image_credit", "slug", "draft", "template", "updates", "type", "verdict",
    "live_until", "image_focus", "aliases", "featured", "featured_until", "expires", "breaking", "canonical", "noindex",
}) | PEER_KEYS
# An author's links become hrefs on their page: a javascript: (or data:) URL would run there.
_SAFE_LINK = re.compile(r"(https?://|mailto:)\S", re.IGNORECASE)
PAGE_KEYS = frozenset({"title", "summary", "slug", "template", "draft", "aliases", "layout", "permalink"})
AUTHOR_KEYS = frozenset({"name", "role", "avatar", "links", "email"})


def parse_source(source: SourceFile, text: str, config: SiteConfig) -> ParseResult:
    """Parse one Markdown source (article, page or author profile) into the model."""
    try:
        doc = split_document(text)
    except FrontMatterError as error:
        return ParseResult(None, (Problem(source.display_path, error.message, error.line),))
    if bad := CONTROL_CHARACTER.search(doc.body):
        line = doc.body_line + doc.body.count("\n", 0, bad.start())
        return ParseResult(None, (Problem(source.display_path, f"the text holds {control_character_name(bad.group())}"
                                          ", which feeds and sitemaps cannot carry; delete it", line),))
    fields = FrontMatterFields(doc, source.display_path, config)
    if source.kind is SourceKind.AUTHOR:
        value: Parsed | None = _author(source, doc, fields)
    elif source.kind is SourceKind.PAGE:
        value = _page(source, doc, fields)
    else:
        value = _article(source, doc, fields)
    if any(problem.is_error for problem in fields.problems) or value is None:
        return ParseResult(None, tuple(fields.problems))
    digest = source_digest(str(source.rel_path), text.encode())
    return ParseResult(evolve(value, digest=digest), tuple(fields.problems))


def source_digest(rel_path: str, data: bytes) -> str:
    """Identifies a source file's path and bytes: what its parse result depends on (with the config)."""
    return hashlib.blake2b(rel_path.encode() + b"\0" + data, digest_size=16).hexdigest()


def _body(source: SourceFile, doc: SplitDocument, config: SiteConfig, story_type: str = "") -> ParsedMarkdown:
    """The rendered body. In a sponsored story every link that leaves the site is rel=sponsored,
    so search engines see the paid relationship (Google asks for it on paid links); in a live
    story, headings that start with a date and time are its entries."""
    return render_markdown(
        doc.body, source_dir=posixpath.dirname(str(source.rel_path)),
        base_path=config.base_path, first_line=doc.body_line, raw_html=config.raw_html, language=config.language,
        sponsored_from=config.origin if story_type == "sponsored" else None,
        live_zone=config.timezone if story_type == "live" else None,
    )


def _slug(source: SourceFile, fields: FrontMatterFields, named: str = "") -> str:
    """The slug: given, else NAMED (what a dated file name gives), else the file name."""
    given = fields.text("slug")
    slug = slugify(given or named or source.rel_path.stem)
    if not slug:
        fields.error("slug", "is empty once cleaned; give the file or the slug some letters")
    elif given and slug != given:
        fields.error("slug", f"'{given}' is not a URL slug; use '{slug}'")
    elif too_long := name_too_long(slug):
        fields.error("slug", too_long)
    return slug


def _image(src: str, alt: str, credit: str, caption: str, source: SourceFile, line: int | None) -> Image | None:
    if not src:
        return None
    if is_remote(src):
        return Image(src, alt, credit, line, caption=caption)
    directory = posixpath.dirname(str(source.rel_path))
    joined = src.lstrip("/") if src.startswith("/") else posixpath.join(directory, src)
    return Image("/" + posixpath.normpath(joined), alt, credit, line, caption=caption)


def _article(source: SourceFile, doc: SplitDocument, fields: FrontMatterFields) -> Article | None:
    config = fields.config
    title = fields.prose(fields.text("title", required=True))
    named = named_date(source.rel_path.stem, fields)
    published = named.moment if named else fields.moment("date", required=True)
    updated = fields.moment("updated")
    authors = _author_refs(fields)
    key_points = tuple(map(fields.prose, fields.text_list("key_points")))
    parts = source.rel_path.parts
    section_name, tag_names = section_and_tags(fields, parts[0] if len(parts) > 1 else None)
    section = slugify(section_name or "") or None
    slug = _slug(source, fields, named.slug if named else "")
    image_src = fields.text("image")
    image_alt = fields.prose(fields.text("image_alt"))
    if image_src and not image_alt:
        fields.problems.append(warning(source.display_path, "image_alt: missing; describe the lead "
                                       "image for readers who cannot see it", doc.key_line("image")))
    image = _image(image_src, image_alt, fields.prose(fields.text("image_credit")),
                   fields.prose(fields.text("image_caption")), source, doc.key_line("image"))
    if image is not None and "image_focus" in doc.meta:
        image = evolve(image, focus=fields.focus("image_focus"))
    draft = fields.flag("draft")
    template = fields.text("template", default="article.html")
    summary = fields.prose(fields.text("summary"))
    story_type = fields.choice("type", STORY_TYPES, "news")
    verdict = read_verdict(fields, story_type)
    live_until = fields.moment("live_until")
    updates = fields.updates(published)
    featured_until = fields.ending("featured_until", published)
    featured = fields.flag("featured") or featured_until is not None
    expires = fields.ending("expires", published)
    breaking = fields.breaking(published)
    canonical = fields.text("canonical")
    if canonical and not re.match(r"https?://[^/\s]+\S*$", canonical):
        fields.error("canonical", f"'{canonical}' must be the full address of the story where it was first "
                     "published, e.g. https://partner.example.com/2026/story")
    noindex = fields.flag("noindex")
    extra = fields.warn_unknown(ARTICLE_KEYS)
    for key, names in (("tags", tag_names), ("author", authors), ("section", (section,) if section else ())):
        for name in names:
            if too_long := name_too_long(tag_slug(name) if key == "tags" else slugify(name)):
                fields.error(key, too_long)
    if published and updated and updated < published:
        fields.error("updated", f"{updated.isoformat()} is before the date {published.isoformat()}")
    if live_until and story_type != "live":
        fields.error("live_until", "only a live story (type: live) has live_until")
    elif published and live_until and live_until < published:
        fields.error("live_until", f"{live_until.isoformat()} is before the date {published.isoformat()}")
    if not published or not title or not slug or not authors:
        return None
    url = expand_permalink(config.permalink, slug=slug, date=published.astimezone(config.timezone), section=section)
    aliases = tuple(dict.fromkeys((*fields.aliases(url), *peer_aliases(fields, url))))
    body, first_paragraph, live = _body(source, doc, config, story_type)
    fields.problems += [Problem(source.display_path, message, line) for line, message in live.problems]
    fields.problems += [Problem(source.display_path, f"the live entry at {entry.date.isoformat()} is before the "
                                f"story's date {published.isoformat()}", entry.line)
                        for entry in live.entries if entry.date < published]
    return Article(
        source=source.display_path,
        url=url,
        slug=slug, title=title, date=published, updated=updated, author_refs=authors,
        tags=tuple(TagRef(tag_slug(name), name) for name in tag_names if tag_slug(name)),
        section=section, summary=summary or shorten(first_paragraph), key_points=key_points,
        image=image, draft=draft, template=template, body=body,
        reading_minutes=reading_minutes(body.word_count), summary_is_derived=not summary,
        extra=FrozenDict(extra), updates=updates, story_type=story_type, verdict=verdict,
        live_until=live_until, live_entries=live.entries, aliases=aliases,
        featured=featured, featured_until=featured_until, expires=expires,
        breaking=Breaking(breaking[0], breaking[1] or url, breaking[2], source.display_path) if breaking else None,
        canonical=canonical, noindex=noindex,
    )


def _author_refs(fields: FrontMatterFields) -> tuple[str, ...]:
    value = fields.doc.meta.get("author")
    if isinstance(value, list):
        refs = fields.text_list("author")
        if not refs:
            fields.error("author", "is an empty list; name at least one author")
        return refs
    ref = fields.text("author", required=True)
    return (ref,) if ref else ()


def _page(source: SourceFile, doc: SplitDocument, fields: FrontMatterFields) -> Page | None:
    title = fields.prose(fields.text("title", required=True))
    slug = _slug(source, fields)
    summary = fields.prose(fields.text("summary"))
    draft = fields.flag("draft")
    template = fields.text("template", default="page.html")
    extra = fields.warn_unknown(PAGE_KEYS)
    aliases = tuple(dict.fromkeys((*fields.aliases(f"/{slug}/"), *peer_aliases(fields, f"/{slug}/"))))
    if not title or not slug:
        return None
    body, first_paragraph, _live = _body(source, doc, fields.config)
    return Page(source.display_path, f"/{slug}/", slug, title, summary or shorten(first_paragraph),
                draft, template, body, not summary, FrozenDict(extra), aliases=aliases)


def _author(source: SourceFile, doc: SplitDocument, fields: FrontMatterFields) -> Author | None:
    author_id = slugify(source.rel_path.stem)
    name = fields.text("name", default=source.rel_path.stem.replace("-", " ").title())
    links = doc.meta.get("links") or {}
    if not isinstance(links, dict) or not all(isinstance(v, str) for v in links.values()):
        fields.error("links", "must be 'label: URL' pairs, e.g. links: {Mastodon: https://...}")
        links = {}
    for label, url in list(links.items()):
        if not _SAFE_LINK.match(url.strip()) or CONTROL_CHARACTER.search(url):
            fields.error("links", f"{label}: '{url}' is not a web address; use https://…, http://… or mailto:…")
            del links[label]
    avatar = fields.text("avatar")
    if avatar and "://" not in avatar:
        avatar = "/" + posixpath.normpath(avatar.lstrip("/") if avatar.startswith("/") else
                                          posixpath.join(str(source.rel_path.parent), avatar))
    author = Author(
        id=author_id, name=name, role=fields.text("role"), avatar=avatar,
        links=FrozenDict({str(k): v for k, v in links.items()}), email=fields.text("email"),
        bio_html=_body(source, doc, fields.config).body.html, source=source.display_path,
    )
    fields.warn_unknown(AUTHOR_KEYS)
    return author
