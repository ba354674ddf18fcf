"""The OpenSearch description (/opensearch.xml): lets a browser add the site's search as one of
its search engines, so a reader can search the desk from the address bar. Written when search
is on; base.html links it."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from generator.model.site import Site
from generator.urls import absolute

SHORT_NAME_LIMIT = 16  # OpenSearch 1.1: ShortName has at most 16 characters


def render_opensearch(site: Site) -> bytes:
    config = site.config

    def full(site_path: str) -> str:
        return absolute(config.origin, config.base_path, site_path)

    name = config.title if len(config.title) <= SHORT_NAME_LIMIT else config.title[: SHORT_NAME_LIMIT - 1] + "…"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
        f"  <ShortName>{escape(name)}</ShortName>",
        f"  <Description>{escape(f'Search {config.title}')}</Description>",
        "  <InputEncoding>UTF-8</InputEncoding>",
        f"  <Language>{escape(config.language)}</Language>",
        f'  <Image height="48" width="48" type="image/x-icon">{escape(full("/favicon.ico"))}</Image>',
        f'  <Url type="text/html" method="get" template={quoteattr(full("/search/") + "?q={searchTerms}")}/>',
        "</OpenSearchDescription>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
