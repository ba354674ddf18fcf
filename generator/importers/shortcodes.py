"""Hugo's built-in shortcodes as content uses them, turned into Markdown.

`figure` becomes an image (linked where it had a link) with its caption and credit under it,
`highlight` a code fence, `ref` / `relref` the imported file's path, `youtube` a link to the
video (sitegen pages load nothing from other hosts, so no player is embedded), `param` the
page's or the site's value. `{{</* x */>}}`, Hugo's way to show a shortcode as text, becomes
that text. Any other shortcode (a theme's own, `tweet`, `gist`) is listed with its line and
left in the text as it was.
"""

from __future__ import annotations

import re
from typing import Any

from generator.importers.convert import BodyPass, fence_for

_BLOCKS = (
    r"(?P<escaped>\{\{(?P<esc_open>[<%])/\*(?P<esc_body>.*?)\*/(?P<esc_close>[>%])\}\})"
    r"|(?P<hl>\{\{[<%]\s*highlight\s+(?P<hl_args>[^\n]*?)\s*[>%]\}\}\n?(?P<hl_body>.*?)\n?"
    r"\{\{[<%]\s*/highlight\s*[>%]\}\})"
)
_INLINE = r"(?P<shortcode>\{\{[<%]\s*(?P<sc_name>/?[\w./-]+)(?P<sc_args>.*?)\s*[>%]\}\})"
_ARGUMENT = re.compile(r"""(?:([\w-]+)\s*=\s*)?("(?:\\.|[^"\\])*"|`[^`]*`|[^\s"`]+)""")


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments, quotes removed."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for name, written in _ARGUMENT.findall(text):
        value = written
        if written[:1] == '"':
            value = re.sub(r"\\(.)", r"\1", written[1:-1])
        elif written[:1] == "`":
            value = written[1:-1]
        if name:
            named[name] = value
        else:
            positional.append(value)
    return positional, named


class Shortcodes:
    """The shortcodes of one Hugo site: PARAMS from its config, REFS from a content path to the
    imported file (every spelling `ref` accepts: with or without .md, a bundle's folder); CONTENT_DIR
    the source's content folder ("content"), which stories' origins start with."""

    blocks = _BLOCKS
    inline = _INLINE

    def __init__(self, params: dict[str, Any], refs: dict[str, str], content_dir: str) -> None:
        self.params, self.refs, self.content_dir = params, refs, content_dir.rstrip("/") + "/"

    def markup(self, match: re.Match[str], base: int, body: BodyPass) -> str:
        kind = match.lastgroup
        if kind == "escaped":
            return "{{" + match["esc_open"] + match["esc_body"] + match["esc_close"] + "}}"
        if kind == "hl":
            positional, _named = arguments(match["hl_args"])
            code = body.run(match["hl_body"], base + match.start("hl_body"), links=False).strip("\n")
            fence = fence_for(code)
            before = "" if match.start() == 0 or match.string[match.start() - 1] == "\n" else "\n"
            return f"{before}{fence}{positional[0] if positional else ''}\n{code}\n{fence}"
        name = match["sc_name"]
        at = base + match.start()
        positional, named = arguments(body.run(match["sc_args"], base + match.start("sc_args"), links=False))
        converted = None
        if name == "figure":
            converted = self._figure(named, at, body)
        elif name in ("ref", "relref"):
            converted = self._ref(named.get("path") or (positional[0] if positional else ""), body)
        elif name == "youtube":
            video = named.get("id") or (positional[0] if positional else "")
            title = named.get("title") or "Watch the video on YouTube"
            converted = f"[{title}](https://www.youtube.com/watch?v={video})" if video else None
        elif name == "param" and positional:
            name = positional[0].lower()  # Hugo's keys are case-insensitive: front matter and params are lowered
            value = body.story.front.get(name, self.params.get(name))
            converted = str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else None
        elif name.startswith("/"):
            return match.group(0)  # the end of a shortcode listed at its start
        if converted is None:
            shown = " ".join(match.group(0).split())
            body.note(at, f"not converted: {shown} (a Hugo shortcode; left in the text)")
            return match.group(0)
        return converted

    def _figure(self, named: dict[str, str], at: int, body: BodyPass) -> str | None:
        src = named.get("src", "")
        if not src:
            return None
        caption = named.get("caption", "")
        title = named.get("title", "")
        alt = named.get("alt") or caption or title
        image = f"![{_bracketed(alt)}]({body.url(src, at)})"
        if link := named.get("link"):
            image = f"[{image}]({body.url(link, at)})"
        credit = named.get("attr", "")
        if credit and named.get("attrlink"):
            credit = f"[{_bracketed(credit)}]({body.url(named['attrlink'], at)})"
        under = " — ".join(part for part in (f"**{title}**" if title else "", caption, credit) if part)
        return f"{image}\\\n*{under}*" if under else image

    def _ref(self, path: str, body: BodyPass) -> str | None:
        """`ref` / `relref`: the imported file of a content path, relative to the page's folder
        first, then from the content root, then by its name alone."""
        path, _, anchor = path.partition("#")
        anchor = f"#{anchor}" if anchor else ""
        if not path:
            return anchor or None
        here = body.story.origin.removeprefix(self.content_dir).rpartition("/")[0]
        parent = here.rpartition("/")[0]
        for key in (f"{here}/{path}".lstrip("/"), f"{parent}/{path}".lstrip("/"), path.lstrip("/"),
                    path.rsplit("/", 1)[-1]):
            for spelling in (key, key.removesuffix(".md"), key.removesuffix("/index.md"), key.removesuffix("/")):
                if spelling in self.refs:
                    return self.refs[spelling] + anchor
        return None


def _bracketed(text: str) -> str:
    """TEXT safe inside [...] of Markdown: brackets escaped, on one line."""
    return " ".join(text.replace("[", "\\[").replace("]", "\\]").split())
