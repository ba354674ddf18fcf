"""Markdown to HTML: one configured markdown-it-py parser and a single pass over its tokens.

The pass does what templates cannot: point links and images at the URLs their files will have
in output/ (the article's URL is not its folder in content/), note every local reference with
its line so missing files can be reported, add lazy loading to images, and collect the plain
text a summary and a reading time are made from. Code fences are highlighted here by Pygments
at build time, so pages need no JavaScript highlighter.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
import zlib
from dataclasses import dataclass
from datetime import tzinfo
from functools import lru_cache
from html import escape, unescape
from typing import Any, NamedTuple
from urllib.parse import quote, unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin
from pygments import highlight as pygments_highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from generator.content.live import LiveEntries, mark_entries, render_entries
from generator.text import count_words, quotation_marks, slugify
from generator.urls import is_remote, link

REF_SCHEME = "sitegen-ref:"  # placeholder href for links to other Markdown files (see model/site.py)
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_MARKDOWN_SUFFIXES = (".md", ".markdown")
_FORMATTER = HtmlFormatter(nowrap=True)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class LocalRef:
    """A link or image in the body that points at a file of the site (relative to content/)."""

    target: str
    line: int
    is_image: bool


@dataclass(frozen=True)
class InlineImage:
    """An image of the site's own files in the body, as rendered here: model/site.py swaps TAG for a
    <picture> once it knows the file's size, which a per-file parse cannot (and must not) read."""

    target: str  # relative to content/
    tag: str  # the <img> markup as it stands in the HTML
    alt: str
    title: str | None
    line: int


@dataclass(frozen=True)
class RenderedBody:
    """A body's HTML and what later stages need to know about it.

    The HTML is kept zlib-compressed and unpacked on each use: a build holds every body in
    its main process and, copy-on-write, in each worker, and HTML packs to about a quarter
    (100,000 articles: some 600 MB less per process). Packing costs about 50 µs per body,
    unpacking about 25 µs, and a body is unpacked once or twice per build.
    """

    packed_html: bytes
    headings: tuple[Heading, ...]
    word_count: int
    local_refs: tuple[LocalRef, ...]
    images: tuple[InlineImage, ...] = ()
    # Whether Pygments highlighted a code block: a theme links its code styles only then, and
    # can tell without unpacking the HTML.
    has_code: bool = False

    @classmethod
    def of(cls, html: str, headings: tuple[Heading, ...], word_count: int, local_refs: tuple[LocalRef, ...],
           images: tuple[InlineImage, ...] = (), *, has_code: bool = False) -> RenderedBody:
        return cls(_pack(html), headings, word_count, local_refs, images, has_code)

    @property
    def html(self) -> str:
        return zlib.decompress(self.packed_html).decode("utf-8")

    def with_html(self, html: str) -> RenderedBody:
        return dataclasses.replace(self, packed_html=_pack(html))

    @property
    def links_to_pages(self) -> bool:
        """Whether the HTML may hold REF_SCHEME placeholders (links to other Markdown files)."""
        return any(ref.target.lower().endswith(_MARKDOWN_SUFFIXES) for ref in self.local_refs)


def _pack(html: str) -> bytes:
    return zlib.compress(html.encode("utf-8"), 1)  # level 1: twice as fast as 6, 8% larger


class ParsedMarkdown(NamedTuple):
    """render_markdown's answer: the body to keep, and its first paragraph as plain text, which
    only parsing needs (the summary when the front matter gives none), so the model drops it;
    for a live story, its entries (content/live.py)."""

    body: RenderedBody
    first_paragraph: str
    live: LiveEntries = LiveEntries((), ())


@lru_cache(maxsize=256)
def _lexer(language: str) -> Any:
    try:
        return get_lexer_by_name(language)
    except ClassNotFound:
        return None


def highlight_code(code: str, language: str, _attrs: str) -> str:
    """Pygments spans for a fence; "" tells markdown-it to escape the code as plain text."""
    lexer = _lexer(language.lower()) if language else None
    return pygments_highlight(code, lexer, _FORMATTER) if lexer else ""


def _is_highlighted(token: Token) -> bool:
    """Whether highlight_code gives fence TOKEN Pygments spans: its info string's first word,
    as markdown-it passes it, names a language Pygments knows."""
    language = unescape(token.info).strip().split(maxsplit=1)
    return token.type == "fence" and bool(language) and _lexer(language[0].lower()) is not None


# Wide tables and long code lines scroll inside their own box instead of widening a phone's
# page; tabindex lets keyboard users scroll that box (WCAG 2.1.1), with no script needed.
def _render_table_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return ('<div class="table-scroll" tabindex="0" role="region" aria-label="Table">'
            + self.renderToken(tokens, idx, options, env))


def _render_table_close(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>"


def _render_footnote_block_open(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # A heading makes the notes a labelled section for screen readers and the HTML outline.
    return ('<hr class="footnotes-sep">\n<section class="footnotes">\n'
            '<h2 class="footnotes-title">Notes</h2>\n<ol class="footnotes-list">\n')


def _render_image(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    tag: str = self.image(tokens, idx, options, env)
    token = tokens[idx]
    if "site_image" in token.meta:
        target, line = token.meta["site_image"]
        title = token.attrGet("title")
        env.setdefault("site_images", []).append(
            InlineImage(target, tag, str(token.attrGet("alt") or ""), str(title) if title else None, line))
    return tag


def _render_footnote_anchor(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
    # The back-link is a bare arrow: its name says where it goes, and an underline sets it
    # apart from the note's text for readers who cannot tell its colour (WCAG 1.4.1).
    anchor = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    caption = self.rules["footnote_caption"](tokens, idx, options, env).strip("[]")
    if tokens[idx].meta["subId"] > 0:
        anchor += ":" + str(tokens[idx].meta["subId"])
    return (f' <a href="#fnref{anchor}" class="footnote-backref" aria-label="Back to reference {caption}">'
            "\u21a9\ufe0e</a>")


def _keyboard_scrollable_fence(default: Any) -> Any:
    def render(self: Any, tokens: list[Token], idx: int, options: Any, env: Any) -> str:
        return default(tokens, idx, options, env).replace("<pre>", '<pre tabindex="0">', 1)
    return render


@lru_cache(maxsize=4)
def make_parser(raw_html: bool, language: str = "en") -> MarkdownIt:
    """The site's MarkdownIt; RAW_HTML False escapes HTML in articles instead of passing it on.

    Straight quotes become LANGUAGE's typographic ones ("smartquotes"). markdown-it's other
    typographic rule ("replacements") stays off: it would turn a command-line flag written in
    prose, `--future` outside backticks, into an en dash."""
    options = {"html": raw_html, "highlight": highlight_code, "typographer": True,
               "quotes": quotation_marks(language)}
    parser = (
        MarkdownIt("commonmark", options)
        .enable(["table", "strikethrough", "smartquotes"])
        .use(footnote_plugin)
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify)
    )
    parser.add_render_rule("table_open", _render_table_open)
    parser.add_render_rule("table_close", _render_table_close)
    parser.add_render_rule("footnote_block_open", _render_footnote_block_open)
    parser.add_render_rule("footnote_anchor", _render_footnote_anchor)
    parser.add_render_rule("image", _render_image)
    parser.add_render_rule("fence", _keyboard_scrollable_fence(parser.renderer.rules["fence"]))
    return parser


@lru_cache(maxsize=4)
def _text_parser(language: str) -> MarkdownIt:
    """A parser of plain text that only curls its quotes (no Markdown, no HTML): for typographic()."""
    return MarkdownIt("zero", {"typographer": True, "quotes": quotation_marks(language)}).enable("smartquotes")


def typographic(text: str, language: str) -> str:
    """TEXT (a title, a summary, a credit: plain text, not Markdown) with LANGUAGE's quotation
    marks and apostrophes, by the same rules as the bodies' ("It's" → "It’s")."""
    if "'" not in text and '"' not in text:
        return text
    inline = _text_parser(language).parseInline(text)[0]
    return "".join(child.content if child.type == "text" else "\n" for child in inline.children or ())


def render_markdown(text: str, *, source_dir: str, base_path: str, first_line: int, raw_html: bool = True,
                    sponsored_from: str | None = None, live_zone: tzinfo | None = None,
                    language: str = "en") -> ParsedMarkdown:
    """Render TEXT, a body found in content/SOURCE_DIR starting at file line FIRST_LINE.

    SPONSORED_FROM, the site's origin in a paid story, marks the links that leave it rel=sponsored.
    LIVE_ZONE, the site's time zone in a live story, makes its timestamped headings entries.
    """
    parser = make_parser(raw_html, language)
    env: dict[str, Any] = {}
    tokens = parser.parse(text, env)
    live = mark_entries(tokens, live_zone, first_line) if live_zone is not None else LiveEntries((), ())
    refs: list[LocalRef] = []
    headings: list[Heading] = []
    first_paragraph = ""
    words = 0
    for index, token in enumerate(tokens):
        if token.type == "html_block" and sponsored_from is not None:
            token.content = sponsor_html_links(token.content, sponsored_from)
        if token.type != "inline":
            continue
        line = first_line + (token.map[0] if token.map else 0)
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                _rewrite(child, "href", source_dir, base_path, line, refs, is_image=False)
                if sponsored_from is not None and leaves_site(str(child.attrGet("href") or ""), sponsored_from):
                    child.attrSet("rel", sponsored_rel(child.attrGet("rel")))
            elif child.type == "html_inline" and sponsored_from is not None:
                child.content = sponsor_html_links(child.content, sponsored_from)
            elif child.type == "image":
                if target := _rewrite(child, "src", source_dir, base_path, line, refs, is_image=True):
                    child.meta["site_image"] = (target, line)
                child.attrSet("loading", "lazy")
                child.attrSet("decoding", "async")
        plain = _plain_text(token)
        words += count_words(plain)
        opener = tokens[index - 1] if index else None
        if opener and opener.type == "heading_open" and opener.attrGet("id"):
            headings.append(Heading(int(opener.tag[1]), str(opener.attrGet("id")), plain))
        elif not first_paragraph and opener and opener.type == "paragraph_open" and opener.level == 0:
            first_paragraph = plain.strip()
    if live.entries and live_zone is not None:
        html = render_entries(tokens, lambda part: parser.renderer.render(part, parser.options, env), live_zone)
    else:
        html = parser.renderer.render(tokens, parser.options, env)
    body = RenderedBody.of(html, tuple(headings), words, tuple(refs), tuple(env.get("site_images", ())),
                           has_code=any(_is_highlighted(token) for token in tokens))
    return ParsedMarkdown(body, first_paragraph, live)


def _plain_text(inline: Token) -> str:
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _rewrite(token: Token, attr: str, source_dir: str, base_path: str, line: int,
             refs: list[LocalRef], *, is_image: bool) -> str | None:
    """Point a relative or root-relative URL at the file's place in output/ and record it.

    Returns the content-relative file it names, if it names one of the site's own files.
    """
    url = str(token.attrGet(attr) or "")
    if not url or url.startswith(("#", "//")) or _HAS_SCHEME.match(url):
        return None
    path, _, fragment = url.partition("#")
    path, _, query = path.partition("?")
    if not path:
        return None
    decoded = unquote(path)
    joined = decoded.lstrip("/") if decoded.startswith("/") else posixpath.join(source_dir, decoded)
    target = posixpath.normpath(joined)
    if target.startswith("../") or target == "..":
        refs.append(LocalRef(decoded, line, is_image))  # outside content/: reported as missing
        return None
    if decoded.endswith("/") and target != ".":
        target += "/"
    refs.append(LocalRef(target, line, is_image))
    anchor = (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
    if target.lower().endswith(_MARKDOWN_SUFFIXES):
        token.attrSet(attr, f"{REF_SCHEME}{quote(target)}{anchor}")
        return None
    token.attrSet(attr, link(base_path, "/" + ("" if target == "." else target)) + anchor)
    return None if query or fragment else target


# An <a> start tag as HTML spells one (attribute values may hold ">"), and each attribute of it.
_LINK_START_TAG = re.compile(
    r"""<a(?=[\s/>])((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)(\s*/?>)""", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def leaves_site(href: str, origin: str) -> bool:
    """Whether HREF points at another host than ORIGIN's ("https://desk.example"): an outbound link."""
    if not is_remote(href):
        return False
    return urlsplit(href).netloc.casefold() != urlsplit(origin).netloc.casefold()


def sponsored_rel(rel: object) -> str:
    """A rel value with "sponsored" first, then what it held ("noopener" → "sponsored noopener")."""
    kept = [value for value in str(rel or "").split() if value.casefold() != "sponsored"]
    return " ".join(["sponsored", *kept])


def sponsor_html_links(html: str, origin: str) -> str:
    """HTML with rel=sponsored on its <a> tags that leave ORIGIN: raw HTML in a paid story is
    held to the same rule as its Markdown links."""
    def rewrite(match: re.Match[str]) -> str:
        attributes: dict[str, tuple[str, str]] = {}
        for name, value in _ATTRIBUTE.findall(match.group(1)):
            attributes.setdefault(name.casefold(), (name, value))  # HTML keeps the first of a name
        href = attributes.get("href", ("", ""))[1].strip("\"'")
        if not leaves_site(unescape(href), origin):
            return match.group(0)
        rel = unescape(attributes.get("rel", ("", ""))[1].strip("\"'"))
        kept = [f"{name}={value}" if value else name for key, (name, value) in attributes.items() if key != "rel"]
        return "<a " + " ".join([*kept, f'rel="{escape(sponsored_rel(rel))}"']) + match.group(2).lstrip()
    return _LINK_START_TAG.sub(rewrite, html)
