"""Sites in other languages (issue 15): the example site built in German has no English word of the
theme left on any page, its dates are German, and a right-to-left language gets dir="rtl"."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.build.builder import BuildOptions, run_build
from generator.content.model import STORY_TYPES
from generator.render.i18n import _CALL, load_translations
from tests.conftest import REPO_ROOT, parse_html

NOW = datetime(2026, 12, 2, tzinfo=UTC)  # after every story of the example's ledger
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# What the Python helpers say through t(): the story types' labels and the byline's words.
HELPER_WORDS = (*(kind.label for kind in STORY_TYPES.values() if kind.label), "By {authors}", "Draft", "Scheduled",
                "Live coverage ended")


def _example_in(language: str, where: Path) -> tuple[Path, object]:
    site = where / "site"
    for name in ("content", "themes"):
        shutil.copytree(REPO_ROOT / name, site / name)
    for name in ("sitegen.toml", "published-urls.txt"):
        shutil.copy(REPO_ROOT / name, site / name)
    config = site / "sitegen.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"'))
    result = run_build(BuildOptions(site, base_url="https://circuitdesk.example.org/"), now=NOW)
    return site / "output", result


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return _example_in("de", tmp_path_factory.mktemp("de"))


def _theme_words() -> list[str]:
    """Every English string the default theme shows through t() or tn(), and the helpers' words."""
    words = list(HELPER_WORDS)
    for template in sorted((REPO_ROOT / "themes/default/templates").glob("*.html")):
        words += [m.group(2) for m in _CALL.finditer(template.read_text(encoding="utf-8"))]
    return sorted(set(words))


def _visible(page: Path) -> list[str]:
    """The theme's text a reader sees or hears on PAGE: text nodes, alt, aria-label, placeholder,
    title; not a story's own text (its body), which is the writers' words in their language."""
    texts: list[str] = []

    def walk(element: ElementTree.Element) -> None:
        if element.tag in ("script", "style") or "prose" in (element.get("class") or "").split():
            return
        texts.extend(t.strip() for t in (element.text,) if t and t.strip())
        texts.extend(element.get(a).strip() for a in ("alt", "aria-label", "placeholder", "title") if element.get(a))
        for child in element:
            walk(child)
            if child.tail and child.tail.strip():
                texts.append(child.tail.strip())

    walk(parse_html(page))
    return texts


def test_no_english_word_of_the_theme_is_left_on_any_kind_of_page(german: tuple[Path, object]) -> None:
    output, result = german
    translations = load_translations("de", [REPO_ROOT / "themes/default"])
    untranslated = [w for w in _theme_words() if not translations.has(w)]
    assert untranslated == [], "every string of the theme has a German translation"
    assert not [w for w in result.warnings if "translation" in w.message]
    english = {w for w in _theme_words() if translations.text(w) != w}
    fixed = {w for w in english if "{" not in w}
    patterns = [re.compile(re.escape(max(re.split(r"\{\w+\}", w), key=len).strip())) for w in english - fixed
                if len(max(re.split(r"\{\w+\}", w), key=len).strip()) >= 8]
    pages = sorted(output.rglob("*.html"))
    kinds = {"index.html", "404.html", "2026/03/cloud-outage-config-push/index.html", "tags/index.html",
             "authors/index.html", "archive/index.html", "search/index.html", "about/index.html",
             "2026/04/benchmark-leak-retracted/index.html"}
    assert kinds <= {str(p.relative_to(output)) for p in pages}
    for page in pages:
        if parse_html(page).find(".//meta[@http-equiv='refresh']") is not None:
            continue  # a redirect page names no theme word
        texts = _visible(page)
        left = [t for t in texts if t in fixed] + [t for t in texts for p in patterns if p.search(t)]
        assert left == [], page
        assert parse_html(page).get("lang") == "de", page


def test_dates_are_german_and_the_feeds_and_structured_data_say_so(german: tuple[Path, object]) -> None:
    output, _ = german
    story = parse_html(output / "2026/03/cloud-outage-config-push/index.html")
    times = ["".join(t.itertext()) for t in story.iter("time")]
    assert "5. März 2026, 18:40 CET" in times
    assert not [t for t in times if any(month in t for month in MONTHS if month not in ("August", "September",
                                                                                    "November", "April"))]
    assert ElementTree.parse(output / "feed.xml").getroot().findtext("channel/language") == "de"
    assert '"inLanguage":"de"' in (output / "2026/03/cloud-outage-config-push/index.html").read_text()


def test_a_right_to_left_language_gets_dir_rtl_and_english_words_with_a_warning(tmp_path: Path) -> None:
    output, result = _example_in("ar", tmp_path)
    root = parse_html(output / "index.html")
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert any("'Latest stories' has no ar translation" in w.message for w in result.warnings)
