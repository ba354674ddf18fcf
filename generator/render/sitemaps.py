"""What crawlers read: the sitemap (split into an index past 50,000 URLs), the Google News
sitemap, and robots.txt naming them.

Every URL is absolute, as the protocols require. lastmod is given where sitegen knows it (an
article's latest change: its date, `updated`, or its newest correction); a guessed lastmod
on list pages would teach crawlers to ignore the field.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from generator.model.routes import PageKind, PagePlan, news_articles, sitemap_part, sitemap_urls
from generator.model.site import Site
from generator.urls import absolute

_XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>'
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def render_crawler_file(site: Site, plans: tuple[PagePlan, ...], plan: PagePlan) -> bytes:
    """The bytes of PLAN, one of the sitemaps or robots.txt."""
    if plan.kind is PageKind.ROBOTS:
        return _robots(site, plans)
    if plan.kind is PageKind.NEWS_SITEMAP:
        return _news_sitemap(site)
    urls = sitemap_urls(plans)
    if plan.key:  # part N of a split sitemap
        return _urlset(site, sitemap_part(urls, plan.number))
    if parts := [p.url for p in plans if p.kind is PageKind.SITEMAP and p.key]:
        return _index(site, parts)
    return _urlset(site, urls)


def _full(site: Site, site_path: str) -> str:
    return absolute(site.config.origin, site.config.base_path, site_path)


def _urlset(site: Site, urls: list[str]) -> bytes:
    modified = {article.url: article.modified for article in site.articles}
    lines = [_XML_HEAD, f'<urlset xmlns="{_SITEMAP_NS}">']
    for url in urls:
        lastmod = f"<lastmod>{modified[url].isoformat(timespec='seconds')}</lastmod>" if url in modified else ""
        lines.append(f"  <url><loc>{escape(_full(site, url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _index(site: Site, parts: list[str]) -> bytes:
    """A sitemap index (sitemaps.org) of the parts; the newest change on the site is their lastmod."""
    newest = max((a.modified for a in site.articles), default=site.built_at).isoformat(timespec="seconds")
    lines = [_XML_HEAD, f'<sitemapindex xmlns="{_SITEMAP_NS}">']
    lines += [f"  <sitemap><loc>{escape(_full(site, part))}</loc><lastmod>{newest}</lastmod></sitemap>"
              for part in parts]
    lines.append("</sitemapindex>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _news_sitemap(site: Site) -> bytes:
    """Google News sitemap: the articles of the last 48 hours, with the publication's name and language."""
    config = site.config
    publication = (f"<news:publication><news:name>{escape(config.title)}</news:name>"
                   f"<news:language>{escape(_news_language(config.language))}</news:language></news:publication>")
    lines = [_XML_HEAD, f'<urlset xmlns="{_SITEMAP_NS}" xmlns:news="{_NEWS_NS}">']
    for article in news_articles(site):
        lines += [f"  <url><loc>{escape(_full(site, article.url))}</loc>",
                  f"    <news:news>{publication}",
                  f"      <news:publication_date>{article.date.isoformat(timespec='seconds')}</news:publication_date>",
                  f"      <news:title>{escape(article.title)}</news:title>",
                  "    </news:news></url>"]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _news_language(language: str) -> str:
    """Google News wants ISO 639 codes ("en", "de"), and "zh-cn"/"zh-tw" for Chinese."""
    code = language.lower().replace("_", "-")
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


def _robots(site: Site, plans: tuple[PagePlan, ...]) -> bytes:
    lines = [f"# robots.txt for {site.config.title}, written by sitegen", "User-agent: *", "Allow: /", ""]
    if site.config.base_path != "/":
        lines[1:1] = ["# Crawlers only read robots.txt at the root of the host: copy these lines there."]
    lines += [f"Sitemap: {_full(site, plan.url)}" for plan in plans
              if (plan.kind is PageKind.SITEMAP and not plan.key) or plan.kind is PageKind.NEWS_SITEMAP]
    return ("\n".join(lines) + "\n").encode("utf-8")
