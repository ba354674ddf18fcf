"""The default theme on the built example site: what each page loads, corrections, lead images (issue 14).

Stylesheets are split by kind of page (static/base.css and one file per kind, and per feature a
story may have), so these tests read what every built page links: under the budget, and never
without a rule a class on the page needs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, article, parse_html, run_sitegen, text_of, write_files

CSS_BUDGET = 15_000  # bytes of CSS a page may link, uncompressed
CLOUD = "2026/03/cloud-outage-config-push/index.html"  # corrections, footnotes, code, a banner
_CLASS_SELECTOR = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("theme") / "output"
    done = run_sitegen("build", "--site", REPO_ROOT, "--output", output)
    assert done.code == 0, done.stderr
    return output


def pages(output: Path) -> Iterator[Path]:
    """Every page a reader may see: not the redirects of old URLs, not Pagefind's files."""
    for page in sorted(output.rglob("*.html")):
        if "pagefind" not in page.relative_to(output).parts and 'http-equiv="refresh"' not in page.read_text():
            yield page


def stylesheets(page: Path) -> list[str]:
    """The site paths of the stylesheets PAGE links, in order."""
    return [link.get("href") for link in parse_html(page).iter("link") if link.get("rel") == "stylesheet"]


def styled_classes(css: str) -> set[str]:
    """The class names a stylesheet's selectors mention."""
    selectors = re.findall(r"([^{}]+)\{", _COMMENT.sub("", css))
    return {name for selector in selectors for name in _CLASS_SELECTOR.findall(selector)}


def test_no_page_links_more_css_than_the_budget(built: Path) -> None:
    sizes = {}
    for page in pages(built):
        sizes[str(page.relative_to(built))] = sum((built / href.lstrip("/")).stat().st_size
                                                  for href in stylesheets(page))
    assert len(sizes) > 40
    assert {page: size for page, size in sizes.items() if size >= CSS_BUDGET} == {}
    # The heaviest kinds, each with every stylesheet it may add: code, a verdict, live entries.
    assert max(sizes.values()) > 12_000, "a page that links next to nothing is not what this test is about"


def test_every_class_a_page_uses_has_its_rule_in_a_stylesheet_the_page_links(built: Path) -> None:
    """A rule moved to a file the page does not load would leave its elements unstyled."""
    theme_css = {f"/static/{path.name}": path.read_text() for path in (built / "static").glob("*.css")}
    classes = {href: styled_classes(css) for href, css in theme_css.items()}
    styled_somewhere = set().union(*classes.values())
    unstyled = {}
    for page in pages(built):
        loaded = set().union(*(classes.get(href, set()) for href in stylesheets(page)))
        used = {name for element in parse_html(page).iter() for name in (element.get("class") or "").split()}
        if missing := sorted(used & styled_somewhere - loaded):
            unstyled[str(page.relative_to(built))] = missing
    assert unstyled == {}


def test_code_styles_load_only_where_pygments_highlighted_code(built: Path) -> None:
    with_code = set()
    for page in pages(built):
        blocks = re.findall(r'<pre[^>]*><code class="language-[^"]*">(.*?)</code>', page.read_text(), re.S)
        highlighted = any('<span class="' in block for block in blocks)
        linked = any(href.startswith("/static/pygments.") for href in stylesheets(page))  # its hashed name
        assert linked == highlighted, page
        with_code |= {str(page.relative_to(built))} if linked else set()
    assert CLOUD in with_code
    assert "2026/02/battery-recyclers-lithium-prices/index.html" not in with_code  # an article without code


def test_a_corrected_story_says_so_in_one_line_and_lists_the_notes_at_its_foot(built: Path) -> None:
    tree = parse_html(built / CLOUD)
    header = tree.find(".//header[@class='story-header']")
    flag = header.find(".//p[@class='updates-flag']")
    assert text_of(flag) == "Corrected 6 March, 10:15 CET · 2 updates"
    assert flag.find("a").get("href") == "#updates"
    footer = tree.find(".//footer[@class='story-footer']")
    sections = [section.get("class") for section in footer.findall("section")]
    assert sections[:2] == ["updates", "editorial-note"], "the notes sit next to the policy that promises them"
    notes = footer.find("section[@id='updates']")
    assert [text_of(li).split(":")[0] for li in notes.iter("li")] == [
        "Updated 7 March 2026, 11", "Correction 6 March 2026, 10"]  # newest first
    assert "at the end of the article" in text_of(footer.find("section[@class='editorial-note']"))
    body = text_of(tree.find(".//div[@class='prose']"))
    assert "Update, 7 March" not in body, "the story's text must not tell its updates a second, other way"


def test_a_story_without_updates_has_no_flag_and_no_list(built: Path) -> None:
    html = (built / "2026/02/battery-recyclers-lithium-prices/index.html").read_text()
    assert 'class="updates-flag"' not in html and 'id="updates"' not in html


def test_the_lead_images_are_fetched_first_and_never_lazily(built: Path) -> None:
    for page, figure_class in (("index.html", "lead-figure"), (CLOUD, "story-figure")):
        figure = next(f for f in parse_html(built / page).iter("figure") if figure_class in f.get("class", ""))
        img = figure.find(".//img")
        assert img.get("fetchpriority") == "high", page
        assert img.get("loading") is None, page
    cards = [img for img in parse_html(built / "index.html").iter("img") if img.get("fetchpriority")]
    assert len(cards) == 1, "one picture is the page's largest paint"


def test_a_caption_says_what_the_picture_shows_and_the_credit_follows(built: Path) -> None:
    caption = parse_html(built / "2026/01/zurich-lab-open-source-riscv-core/index.html").find(".//figcaption")
    assert text_of(caption) == ("The Lumen core (orange) among the other blocks of a sensor chip: a small part "
                                "of the die, by design. Illustration: Circuit Desk")
    assert text_of(caption.find("span[@class='credit']")) == "Illustration: Circuit Desk"


def test_a_credit_without_a_label_of_its_own_is_marked_as_one(site: Path) -> None:
    (site / "content/images").mkdir(parents=True)
    (site / "content/images/x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9"/>')
    write_files(site, {"content/news/third.md": article(
        "Third story", "2024-05-03T10:00:00+02:00", image="/images/x.svg", image_alt="A chart",
        image_caption='"Orders by month"', image_credit="Reuters")})
    assert run_sitegen("build", "--site", site).code == 0
    caption = parse_html(site / "output/2024/05/third/index.html").find(".//figcaption")
    assert text_of(caption) == "Orders by month Credit: Reuters"
