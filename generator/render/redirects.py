"""Redirects as files: a small HTML page at each old URL, and `_redirects` rules for hosts.

The page works on any static host: a browser follows its meta refresh at once, a search
engine reads its canonical link as the new address, and a reader without either gets a link.
Hosts that read `_redirects` (Netlify, Cloudflare Pages) answer the old URL with a real 301
before the page is ever fetched. Both say the same thing; model/moves.py decides it.
"""

from __future__ import annotations

from html import escape

from generator.model.routes import PageKind, PagePlan
from generator.model.site import Site
from generator.urls import absolute, link


def render_redirect(site: Site, plan: PagePlan) -> bytes:
    """The page at PLAN's old URL (plan.url) that sends readers to its new one (plan.key)."""
    config = site.config
    target = escape(link(config.base_path, plan.key))
    full = escape(absolute(config.origin, config.base_path, plan.key))
    return (f'<!DOCTYPE html>\n<html lang="{escape(config.language)}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Moved – {escape(config.title)}</title>\n"
            f'<link rel="canonical" href="{full}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={target}">\n</head>\n<body>\n'
            f'<p>This page has moved to <a href="{target}">{full}</a>.</p>\n</body>\n</html>\n').encode()


def render_redirect_rules(site: Site, plans: tuple[PagePlan, ...]) -> bytes:
    """`_redirects`: one "old new 301" line per redirect of PLANS, in the Netlify format."""
    base_path = site.config.base_path
    lines = ["# Written by sitegen: the old URLs of this site and where they went."]
    lines += [f"{link(base_path, plan.url)} {link(base_path, plan.key)} 301"
              for plan in plans if plan.kind is PageKind.REDIRECT]
    return ("\n".join(lines) + "\n").encode("utf-8")
