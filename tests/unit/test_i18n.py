"""render/i18n.py: a theme's words in the site's language, plural rules and CLDR dates from Babel."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.errors import SiteError
from generator.render.i18n import load_translations, untranslated

MOMENT = datetime(2026, 11, 24, 17, 45, tzinfo=ZoneInfo("Europe/Berlin"))


def _theme(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    for file_name, text in files.items():
        (folder / "i18n").mkdir(parents=True, exist_ok=True)
        (folder / "i18n" / file_name).write_text(text, encoding="utf-8")
    return folder


GERMAN = '''
"Latest stories" = "Neueste Artikel"
"Page {number}" = "Seite {number}"
"{n} story" = { one = "{n} Artikel", other = "{n} Artikel" }
[formats]
"%-d %B %Y, %H:%M %Z" = "%-d. %B %Y, %H:%M %Z"
'''


def test_words_plurals_and_dates_come_in_the_sites_language(tmp_path: Path) -> None:
    german = load_translations("de", [_theme(tmp_path, "default", {"de.toml": GERMAN})])
    assert german.text("Latest stories") == "Neueste Artikel"
    assert german.text("Page {number}", number=3) == "Seite 3"
    assert german.text("Search") == "Search", "untranslated: English"
    assert german.plural(1234, "{n} story", "{n} stories") == "1.234 Artikel"
    assert german.moment(MOMENT.astimezone(ZoneInfo("Europe/Berlin")), "%-d %B %Y, %H:%M %Z") == \
        "24. November 2026, 17:45 CET"
    assert german.moment(MOMENT, "%b %Y") == "Nov. 2026", "no [formats] entry: the pattern, in German"


def test_english_needs_no_file_and_arabic_is_written_right_to_left(tmp_path: Path) -> None:
    english = load_translations("en-GB", [tmp_path])
    assert english.plural(1, "{n} story", "{n} stories") == "1 story"
    assert english.plural(2, "{n} story", "{n} stories") == "2 stories"
    assert english.moment(MOMENT, "%-d %B %Y") == "24 November 2026"
    assert english.direction == "ltr"
    assert load_translations("ar", [tmp_path]).direction == "rtl"


def test_plural_categories_follow_the_languages_rules(tmp_path: Path) -> None:
    polish = load_translations("pl", [_theme(tmp_path, "t", {"pl.toml": (
        '"{n} story" = { one = "{n} artykuł", few = "{n} artykuły", many = "{n} artykułów", '
        'other = "{n} artykułu" }\n')})])
    assert [polish.plural(n, "{n} story", "{n} stories") for n in (1, 3, 5)] == ["1 artykuł", "3 artykuły",
                                                                                 "5 artykułów"]


def test_a_child_themes_words_win_and_a_regional_file_refines_the_general_one(tmp_path: Path) -> None:
    parent = _theme(tmp_path, "default", {"pt.toml": '"Search" = "Pesquisar"\n"Tags" = "Etiquetas"\n'})
    child = _theme(tmp_path, "mine", {"pt-BR.toml": '"Tags" = "Tags"\n', "pt.toml": '"Search" = "Buscar"\n'})
    brazilian = load_translations("pt-BR", [child, parent])
    assert (brazilian.text("Search"), brazilian.text("Tags")) == ("Buscar", "Tags")


def test_a_broken_translation_file_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = _theme(tmp_path, "default", {"de.toml": '"Search" = \n'})
    with pytest.raises(SiteError) as raised:
        load_translations("de", [folder])
    assert "de.toml: error: is not a valid translation file" in str(raised.value.problems[0])


def test_strings_the_templates_use_and_the_file_lacks_are_named_with_their_line(tmp_path: Path) -> None:
    german = load_translations("de", [_theme(tmp_path, "default", {"de.toml": GERMAN})])
    templates = {"index.html": ("themes/default/templates/index.html",
                                '<h1>{{ t("Latest stories") }}</h1>\n<p>{{ t("More stories") }}</p>\n'
                                '{{ tn(count, "{n} story", "{n} stories") }} {{ tn(2, "{n} tag", "{n} tags") }}')}
    assert [str(p) for p in untranslated(german, templates)] == [
        "themes/default/templates/index.html:2: warning: 'More stories' has no de translation (i18n/de.toml); "
        "it shows in English",
        "themes/default/templates/index.html:3: warning: '{n} tag' has no de translation (i18n/de.toml); "
        "it shows in English"]
    assert untranslated(load_translations("en", []), templates) == []
