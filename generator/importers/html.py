"""A WordPress post's HTML as Markdown, with markdownify; kept as HTML where Markdown would lose it.

WordPress stores what its editor wrote: classic posts are text whose blank lines become
paragraphs only when shown (wpautop), block-editor posts carry `<!-- wp:... -->` comments, and
both may hold shortcodes. Paragraphs are made as WordPress would make them, `[caption]` and
`[embed]` become the image with its caption and a link, and the rest is converted by
markdownify, except the blocks Markdown cannot say (an embedded player, a table with merged
cells, a form): those stay HTML, which sitegen keeps by default. Shortcodes nothing here
understands (`[gallery]`, a plugin's) are listed with their line and left in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.DOTALL)
_SHORTCODE = re.compile(r"\[(/?)([a-zA-Z][\w-]*)((?:\s[^\]\n]*)?)\]")
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.DOTALL)
_EMBED = re.compile(r"\[embed[^\]]*\]\s*(\S+?)\s*\[/embed\]")
_IMAGE_OR_LINK = re.compile(r"^\s*(<a\b[^>]*>\s*)?<img\b[^>]*>(\s*</a>)?", re.DOTALL)
# Shortcodes WordPress or its common plugins register: a [word] of prose is none of them.
_KNOWN_SHORTCODES = frozenset({
    "gallery", "audio", "video", "playlist", "embed", "caption", "wp_caption", "youtube", "vimeo", "soundcloud",
    "tweet", "googlemaps", "contact-form", "contact-form-7", "gravityform", "code", "sourcecode", "latex",
})
_BLOCK_START = re.compile(r"\s*<(?:p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr|iframe|form|dl|address|"
                          r"section|aside|header|footer|video|audio|object|embed|script|style|!--)\b", re.I)
_CONTAINERS = ("table", "ul", "ol", "dl", "div", "blockquote", "pre", "figure", "iframe", "video", "audio", "form")
_BARE_URL = re.compile(r"^\s*(https?://[^\s<>\"]+)\s*$")
_LOSSY = ("iframe", "video", "audio", "object", "embed", "script", "style", "form", "svg", "canvas", "noscript")
_INLINE_IMAGES_IN = ["td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figcaption"]


def shortcode_notes(html: str, note: Callable[[int, str], None]) -> None:
    """NOTE (at a position of HTML) each shortcode of HTML that to_markdown leaves in the text."""
    for found in _SHORTCODE.finditer(html):
        closing, name, args = found.groups()
        handled = name in ("caption", "wp_caption", "embed")
        if not closing and not handled and (name in _KNOWN_SHORTCODES or "=" in args):
            note(found.start(), f"not converted: {' '.join(found.group(0).split())} (a WordPress shortcode; "
                 "left in the text)")


def to_markdown(html: str) -> str:
    """The Markdown of a post's HTML (see the module's docstring)."""
    classic = "<!-- wp:" not in html and not re.search(r"<p[\s>]", html, re.I)
    html = _BLOCK_COMMENT.sub("", html)
    html = _CAPTION.sub(_caption, html)
    html = _EMBED.sub(lambda found: f'<a href="{found[1]}">{found[1]}</a>', html)
    if classic:
        html = autop(html)
    soup = BeautifulSoup(html, "html.parser")
    _link_bare_urls(soup)
    kept: list[str] = []
    for node in list(soup.children):
        if isinstance(node, Tag) and _loses_content(node):
            kept.append("\n".join(line for line in str(node).splitlines() if line.strip()))
            marker = soup.new_tag("p")
            marker.string = f"SITEGENKEPTHTML{len(kept) - 1}"
            node.replace_with(marker)
    converter = MarkdownConverter(heading_style="ATX", bullets="-", newline_style="backslash", escape_misc=False,
                                  keep_inline_images_in=_INLINE_IMAGES_IN, code_language_callback=_language)
    markdown = converter.convert_soup(soup).strip("\n")
    for number, block in enumerate(kept):
        markdown = markdown.replace(f"SITEGENKEPTHTML{number}", block, 1)
    return re.sub(r"\n{3,}", "\n\n", markdown) + "\n"


def autop(html: str) -> str:
    """Paragraphs as WordPress makes them from classic posts: text between blank lines becomes
    a <p>, single line breaks inside it <br>; chunks that start with a block element stay."""
    chunks: list[str] = []
    for chunk in re.split(r"\n\s*\n", html.replace("\r\n", "\n")):
        if chunks and _open_blocks(chunks[-1]):
            chunks[-1] += "\n\n" + chunk  # a blank line inside a table or list does not end it
        elif chunk.strip():
            chunks.append(chunk)
    made = []
    for chunk in chunks:
        if _BLOCK_START.match(chunk):
            made.append(chunk)
        elif url := _BARE_URL.match(chunk):  # WordPress embeds a URL alone in its paragraph
            made.append(f'<p><a href="{url[1]}">{url[1]}</a></p>')
        else:
            made.append("<p>" + "<br>\n".join(chunk.strip().split("\n")) + "</p>")
    return "\n\n".join(made)


def _link_bare_urls(soup: BeautifulSoup) -> None:
    """A URL alone in its element (the block editor's embeds) as a link to it: WordPress showed a
    player there, sitegen shows the way to the video or post, and loads nothing from its host."""
    for text in list(soup.find_all(string=_BARE_URL)):
        parent = text.parent
        if parent is not None and parent.name not in ("a", "code", "pre", "script", "style") \
                and len(parent.contents) == 1:
            url = text.strip()
            link = soup.new_tag("a", href=url)
            link.string = url
            text.replace_with(link)


def _open_blocks(html: str) -> bool:
    """Whether HTML opens a block element it does not close."""
    return any(len(re.findall(rf"<{name}\b", html, re.I)) > len(re.findall(rf"</{name}\s*>", html, re.I))
               for name in _CONTAINERS)


def _caption(found: re.Match[str]) -> str:
    """[caption]<img ...> Text[/caption]: the image, and its caption under it (a paragraph's
    inside: autop, or the block editor's own <p>, makes the paragraph)."""
    inner = found[2].strip()
    image = _IMAGE_OR_LINK.match(inner)
    if not image:
        return inner
    text = inner[image.end():].strip()
    return f"{image.group(0).strip()}<br><em>{text}</em>" if text else image.group(0).strip()


def _loses_content(node: Tag) -> bool:
    """Whether markdownify would drop or flatten part of NODE: a player, a form, merged cells."""
    if node.name in _LOSSY or node.find(_LOSSY):
        return True
    cells = ([node] if node.name in ("td", "th") else []) + node.find_all(["td", "th"])
    return any(cell.get("rowspan") or cell.get("colspan") for cell in cells)


def _language(element: Tag) -> str | None:
    """The language of a <pre><code class="language-x">, for the code fence."""
    for candidate in (element, element.find("code")):
        if isinstance(candidate, Tag):
            for name in candidate.get("class") or []:
                if name.startswith(("language-", "lang-")):
                    return name.split("-", 1)[1]
    return None
