"""Jekyll's Liquid as posts use it, turned into Markdown where its meaning is plain.

`{% highlight %}` becomes a code fence, `{% raw %}` its text, `{% link %}` and `{% post_url %}`
the imported file's path, `{% comment %}` an HTML comment, and `{{ site.* }}` / `{{ page.* }}`
their values from _config.yml and the post's front matter (with the filters links use:
relative_url, absolute_url, prepend, append, escape). Everything else (`{% include %}`,
`{% assign %}`, loops, plugins' tags) is listed with its line and left in the text as it was.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from generator.importers.convert import BodyPass, fence_for
from generator.importers.links import Resolver
from generator.importers.model import Story

_BLOCKS = (
    r"(?P<raw>\{%-?\s*raw\s*-?%\}(?P<raw_body>.*?)\{%-?\s*endraw\s*-?%\})"
    r"|(?P<highlight>\{%-?\s*highlight\s+(?P<hl_lang>[^\s%]+)[^%]*?-?%\}\n?(?P<hl_body>.*?)\n?"
    r"\{%-?\s*endhighlight\s*-?%\})"
    r"|(?P<comment>\{%-?\s*comment\s*-?%\}(?P<comment_body>.*?)\{%-?\s*endcomment\s*-?%\})"
)
_INLINE = r"(?P<tag>\{%-?\s*(?P<tag_name>\w+)(?P<tag_args>.*?)-?%\})|(?P<output>\{\{-?(?P<expr>.*?)-?\}\})"
# Tags that continue or close a block whose opening tag is listed already.
_BLOCK_PARTS = re.compile(r"end\w+|else|elsif|when")
_FILTER = re.compile(r"""(?:"[^"]*"|'[^']*'|[^|])+""")


class Liquid:
    """The Liquid of one Jekyll site: SETTINGS from its _config.yml, POSTS by name for post_url."""

    blocks = _BLOCKS
    inline = _INLINE

    def __init__(self, settings: dict[str, Any], posts: dict[str, str], resolver: Resolver,
                 source_root: Path) -> None:
        self.settings, self.posts, self.resolver, self.root = settings, posts, resolver, source_root

    def markup(self, match: re.Match[str], base: int, body: BodyPass) -> str:
        kind = match.lastgroup
        if kind == "raw":
            return match["raw_body"]
        if kind == "highlight":
            code = body.run(match["hl_body"], base + match.start("hl_body"), links=False).strip("\n")
            fence = fence_for(code)
            before = "" if match.start() == 0 or match.string[match.start() - 1] == "\n" else "\n"
            return f"{before}{fence}{match['hl_lang']}\n{code}\n{fence}"
        if kind == "comment":
            return "<!--" + match["comment_body"].replace("--", "- -") + "-->"
        at = base + match.start()
        if kind == "tag":
            return self._tag(match, at, body)
        value = _evaluate(match["expr"].strip(), body.story, self.settings)
        if value is None:
            body.note(at, f"not converted: {_shown(match.group(0))} (Liquid; left in the text)")
            return match.group(0)
        return value

    def _tag(self, match: re.Match[str], at: int, body: BodyPass) -> str:
        name, args = match["tag_name"], match["tag_args"].strip()
        if name in ("link", "post_url"):
            target = body.run(args, at, links=False).strip().strip("\"'")
            found = self._post(target) if name == "post_url" else self._link(target, body.story)
            if found:
                return found
            body.note(at, f"not converted: {_shown(match.group(0))}: no such "
                      f"{'post' if name == 'post_url' else 'file'} in the Jekyll site (left in the text)")
        elif not _BLOCK_PARTS.fullmatch(name):
            body.note(at, f"not converted: {_shown(match.group(0))} (Liquid; left in the text)")
        return match.group(0)

    def _link(self, target: str, story: Story) -> str | None:
        """`{% link path %}`: the imported story of that file, or the file, copied."""
        found = self.resolver.by_file.get((self.root / target).resolve())
        return found or self.resolver.file_for("/" + target.lstrip("/"), story)

    def _post(self, name: str) -> str | None:
        """`{% post_url 2016-01-28-name %}` (or `folder/2016-01-28-name`): that post's file."""
        return self.posts.get(name) or self.posts.get(name.rsplit("/", 1)[-1])


def _shown(text: str) -> str:
    """TEXT on one line for a note: a tag may span several."""
    return " ".join(text.split())


def _evaluate(expression: str, story: Story, settings: dict[str, Any]) -> str | None:
    """The text `{{ EXPRESSION }}` gives, when it is a value of the config or the post with the
    filters links use; None for anything else (a variable set by assign, a loop, a plugin)."""
    parts = _FILTER.findall(expression)
    if not parts:
        return None
    value = _operand(parts[0].strip(), story, settings)
    for part in parts[1:]:
        if value is None:
            return None
        name, _, argument = part.strip().partition(":")
        name = name.strip()
        if name in ("relative_url", "absolute_url"):
            value = value if "://" in value or value.startswith("/") else "/" + value
        elif name in ("prepend", "append"):
            other = _operand(argument.strip(), story, settings)
            if other is None:
                return None
            value = other + value if name == "prepend" else value + other
        elif name in ("escape", "xml_escape"):
            value = escape(value)
        elif name in ("downcase", "upcase", "strip", "capitalize"):
            value = {"downcase": str.lower, "upcase": str.upper, "strip": str.strip,
                     "capitalize": str.capitalize}[name](value)
        else:
            return None
    return value


def _operand(text: str, story: Story, settings: dict[str, Any]) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text
    path = text.split(".")
    if path[0] == "site":
        if path[1:] == ["baseurl"]:
            return ""  # sitegen adds its own base path to every link
        value: Any = settings
    elif path[0] == "page":
        value = story.front
    else:
        return None
    for key in path[1:]:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (str, int, float)) else None
