"""`sitegen check`: everything a reader or a validator would trip over, found before publishing.

Two sources are read. The built HTML in output/ (check/htmlcheck.py: links, assets, alt attributes,
the Nu HTML checker) shows what readers get. The site model shows what the editors wrote:
which articles lack a summary or a lead image, which titles repeat, which images in the
writers' own text have an empty alt. Findings about content name its source file, so the
fix is one click away in an editor.

A summary taken from the first paragraph is not a finding by default: the README documents
it as the default, and it reads well on cards and in feeds. Desks that want a written
standfirst on every article ask for it with `require_summary`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from generator.check.htmlcheck import (
    CheckResult,
    Finding,
    NuTools,
    check_alt_attributes,
    check_references,
    scan_output,
    validate_html,
)
from generator.content.markdown import LocalRef
from generator.content.model import Article, Page
from generator.model.site import Site

# Every check, in report order, with what its summary-table row means.
CHECKS = {
    "links": "internal links and their #fragments",
    "assets": "images, stylesheets, scripts the pages load",
    "html": "Nu HTML checker errors",
    "alt-text": "images without a description",
    "summary": "articles without a summary",
    "lead-image": "articles without a lead image",
    "titles": "articles and pages sharing a title",
    "scripts": "scripts and event handlers in articles' and pages' own HTML",
}


@dataclass(frozen=True)
class CheckReport:
    results: tuple[CheckResult, ...]  # in CHECKS order
    pages: int  # HTML files read

    @property
    def failed(self) -> bool:
        """Anything found; a skipped check (no Java) is said, but does not fail the run."""
        return any(result.findings for result in self.results)

    @property
    def finding_count(self) -> int:
        return sum(len(result.findings) for result in self.results)


@dataclass(frozen=True)
class CheckOptions:
    nu: NuTools
    html_sample: int | None = None  # validate this many pages, spread over the site; None: all
    require_summary: bool = False  # also report summaries taken from the first paragraph


def run_checks(output_dir: Path, site: Site, options: CheckOptions) -> CheckReport:
    """Every check over OUTPUT_DIR (as built from SITE)."""
    pages = scan_output(output_dir)
    links, assets = check_references(pages, output_dir, site.config.base_url)
    html = validate_html(output_dir, [page.file for page in pages], options.nu, options.html_sample)
    alt_text = check_alt_attributes(pages)
    alt_text = CheckResult("alt-text", (*alt_text.findings, *check_content_alt_text(site)))
    results = (links, assets, html, alt_text, check_summaries(site.articles, options.require_summary),
               check_lead_images(site.articles), check_duplicate_titles(site), check_scripts(site))
    return CheckReport(results, len(pages))


class _ScriptCollector(HTMLParser):
    """What in a piece of HTML runs code: <script>, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append("a <script> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an {name}= handler on <{tag}>")
            elif name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    ("javascript:", "vbscript:")):
                self.found.append(f"a {(value or '').strip().split(':')[0]}: URL in <{tag} {name}>")


def check_scripts(site: Site) -> CheckResult:
    """Raw HTML that runs code, in the writers' own text. Allowed (staff are trusted, and
    raw_html = false escapes it all), but a page that runs a script should be one someone meant."""
    findings = []
    bodies = [(item.source, item.url, item.body_html) for item in (*site.articles, *site.expired, *site.pages)]
    bodies += [(a.source, a.url, a.bio_html) for a in site.authors if a.has_profile]
    for source, url, html in bodies:
        collector = _ScriptCollector()
        collector.feed(html)
        collector.close()
        findings += [Finding("scripts", source, f"the text (page {url}) carries {what}; check it is meant")
                     for what in dict.fromkeys(collector.found)]
    return CheckResult("scripts", tuple(findings))


class _ImageCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.images: list[tuple[str, str | None]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            self.images.append(((values.get("src") or "").strip(), values.get("alt")))


def _images_in(html: str) -> list[tuple[str, str | None]]:
    collector = _ImageCollector()
    collector.feed(html)
    collector.close()
    return collector.images


def check_content_alt_text(site: Site) -> tuple[Finding, ...]:
    """Writers' images with an empty alt: in article, page and author-bio text, and lead images.

    The theme rightly gives decorative images alt=""; an image a writer put in the text is
    content, and alt="" hides it from screen-reader users. Missing alt attributes are found
    in the output (htmlcheck.check_alt_attributes), so only empty ones are reported here.
    """
    findings = []
    base_path = site.config.base_path
    bodies: list[tuple[str, str, str, tuple[LocalRef, ...]]] = [
        (item.source, item.url, item.body_html, item.body.local_refs)
        for item in (*site.articles, *site.expired, *site.pages)]
    bodies += [(a.source, a.url, a.bio_html, ()) for a in site.authors if a.has_profile]
    for source, url, html, refs in bodies:
        images = _images_in(html)
        # The Markdown line of an image, where the file appears once (raw HTML images have no line).
        shown = Counter(src for src, _ in images)
        lines = Counter(ref.target for ref in refs if ref.is_image)
        line_of = {base_path + ref.target: ref.line for ref in refs if ref.is_image and lines[ref.target] == 1}
        for src, alt in images:
            line = line_of.get(unquote(src)) if shown[src] == 1 else None
            if alt is not None and not alt.strip():
                findings.append(Finding("alt-text", source, f'image "{src}" in the text (page {url}) has an '
                                        "empty alt text; describe it: ![what it shows](file)", line))
    for article in site.articles:
        if article.image is not None and not article.image.alt.strip():
            findings.append(Finding("alt-text", article.source, f'lead image "{article.image.src}" has no '
                                    "image_alt; describe it for readers who cannot see it", article.image.line))
    return tuple(findings)


def check_summaries(articles: Iterable[Article], require_summary: bool) -> CheckResult:
    """Articles with no summary at all (nothing to show on cards, feeds and search results).

    With REQUIRE_SUMMARY, also those whose summary was taken from the first paragraph.
    """
    findings = []
    for article in articles:
        if not article.summary.strip():
            findings.append(Finding("summary", article.source, "no summary, and no first paragraph to take one "
                                    "from; add summary: to the front matter"))
        elif require_summary and article.summary_is_derived:
            findings.append(Finding("summary", article.source, "no summary: in the front matter (the first "
                                    "paragraph stands in for it)"))
    return CheckResult("summary", tuple(findings))


def check_lead_images(articles: Iterable[Article]) -> CheckResult:
    """Articles without a lead image: their cards and link previews show no picture."""
    return CheckResult("lead-image", tuple(
        Finding("lead-image", article.source, "no lead image; add image: and image_alt: to the front matter")
        for article in articles if article.image is None))


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def check_duplicate_titles(site: Site) -> CheckResult:
    """Articles and pages sharing a title (ignoring case and spacing): readers and search engines
    cannot tell them apart in lists, tabs and results. Each is listed, naming the others."""
    by_title: dict[str, list[Article | Page]] = defaultdict(list)
    for item in (*site.articles, *site.expired, *site.pages):
        by_title[_title_key(item.title)].append(item)
    findings = []
    for items in by_title.values():
        for item in items if len(items) > 1 else ():
            others = ", ".join(other.source for other in items if other is not item)
            findings.append(Finding("titles", item.source, f'title "{item.title}" is also the title of {others}'))
    return CheckResult("titles", tuple(findings))
