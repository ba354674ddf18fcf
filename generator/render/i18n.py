"""The words and dates a theme shows readers, in the site's `language`.

Templates write their interface in English: `t("Latest stories")`, `t("Page {number}",
number=3)`, `tn(count, "{n} story", "{n} stories")`. A theme's `i18n/<language>.toml` maps each
of those English strings to the language's words (a plural to a table of CLDR plural
categories: one, few, many, other…); English needs no file. Child themes' files win over their
parents'. A string a file lacks is shown in English, and check_templates() names each such
string with its template and line before anything renders, so a translator can see what is
left to do.

Dates come from Babel (CLDR): the month and day names of a strftime pattern (%B, %b, %A, %a)
are the language's, and the file's [formats] table can give a pattern of its own ("%-d. %B %Y"
for German "24. November 2026"). Languages written right to left get dir="rtl".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup, escape

from generator.errors import Problem, SiteError, warning

ENGLISH = "en"
_CALL = re.compile(r"""\btn?\(\s*(?:[^,()"']+,\s*)?(["'])((?:(?!\1).)+)\1""")  # t("..."), tn(n, "...", ...)
_NAMES = re.compile(r"%-?[BbAa]")


class Translations:
    """One language's words for a theme's templates, with English wherever they are missing."""

    def __init__(self, language: str, messages: Mapping[str, Any], formats: Mapping[str, str]) -> None:
        self.language = language
        self._messages = messages
        self._formats = formats

    @cached_property
    def locale(self) -> Locale:
        """The Babel locale of the language ("de", "pt-BR"), English for one CLDR does not know."""
        try:
            return Locale.parse(self.language.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return Locale.parse(ENGLISH)

    @property
    def is_english(self) -> bool:
        """English needs no translation file: the templates' own words are the site's."""
        return _is_english(self.language)

    @property
    def direction(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @cached_property
    def fingerprint(self) -> str:
        """What the words are: part of every page's fingerprint, so a translation edited in the
        theme renders again the pages that show it (incremental/fingerprints.py)."""
        return repr((self.language, sorted(self._messages.items(), key=str), sorted(self._formats.items())))

    def has(self, message: str) -> bool:
        return message in self._messages

    def text(self, message: str, **values: Any) -> str:
        """MESSAGE in the language (English if untranslated), its {names} filled from VALUES; Markup
        (and the other values escaped) when a value is Markup, so markup can sit inside a sentence."""
        translated = self._messages.get(message, message)
        if not isinstance(translated, str):  # a plural table used as a plain string
            translated = translated.get("other", message)
        if any(isinstance(value, Markup) for value in values.values()):  # a <time> from time_tag(), say
            return Markup(escape(translated)).format(**values)
        return translated.format(**values) if values else translated

    def plural(self, count: int, singular: str, plural: str, **values: Any) -> str:
        """The form of SINGULAR/PLURAL for COUNT by the language's plural rules; {n} is COUNT."""
        forms = self._messages.get(singular)
        if isinstance(forms, Mapping):
            category = self.locale.plural_form(count)
            chosen = forms.get(category) or forms.get("other") or (singular if count == 1 else plural)
        else:
            chosen = singular if count == 1 else plural
        return chosen.format(n=format_decimal(count, locale=self.locale), **values)

    def moment(self, moment: datetime, pattern: str) -> str:
        """MOMENT (already in the site's zone) by strftime PATTERN, with the language's own
        pattern from [formats] if it has one, and its month and day names."""
        pattern = self._formats.get(pattern, pattern)
        if self.is_english or not _NAMES.search(pattern):
            return moment.strftime(pattern)
        return moment.strftime(_NAMES.sub(lambda m: self._name(moment, m.group()).replace("%", "%%"), pattern))

    def _name(self, moment: datetime, directive: str) -> str:
        width = "wide" if directive[-1] in "BA" else "abbreviated"
        if directive[-1] in "Bb":
            return str(get_month_names(width, "format", self.locale)[moment.month])
        return str(get_day_names(width, "format", self.locale)[moment.weekday()])


def load_translations(language: str, theme_folders: Iterable[Path]) -> Translations:
    """The translations of LANGUAGE from the theme folders (most specific first); raises SiteError
    for a file that is not valid TOML."""
    messages: dict[str, Any] = {}
    formats: dict[str, str] = {}
    if not _is_english(language):
        for folder in reversed(list(theme_folders)):  # parents first, so a child theme's words win
            for name in _file_names(language):
                path = folder / "i18n" / f"{name}.toml"
                if not path.is_file():
                    continue
                try:
                    data = tomllib.loads(path.read_text(encoding="utf-8"))
                except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
                    raise SiteError([Problem(str(path), f"is not a valid translation file: {error}")]) from None
                formats.update(data.pop("formats", {}))
                messages.update(data)
    return Translations(language, messages, formats)


def _is_english(language: str) -> bool:
    return language.split("-", maxsplit=1)[0].casefold() == ENGLISH


def _file_names(language: str) -> list[str]:
    """The files that may hold LANGUAGE, the general one first: "pt-BR" → pt, pt-BR."""
    general = language.split("-", maxsplit=1)[0].casefold()
    return [general] if general == language.casefold() else [general, language]


def untranslated(translations: Translations, templates: Mapping[str, tuple[str, str]]) -> list[Problem]:
    """A warning for each English string the TEMPLATES (name → (display path, source)) pass to
    t() or tn() that the translations lack; none for English."""
    if translations.is_english:
        return []
    problems = []
    for _name, (path, source) in sorted(templates.items()):
        for match in _CALL.finditer(source):
            if not translations.has(match.group(2)):
                line = source.count("\n", 0, match.start()) + 1
                problems.append(warning(path, f"'{match.group(2)}' has no {translations.language} translation "
                                        f"(i18n/{translations.language}.toml); it shows in English", line))
    return problems
