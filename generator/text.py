"""Small pure helpers on text: slugs, plain-text summaries, reading time."""

from __future__ import annotations

import math
import re
import unicodedata

WORDS_PER_MINUTE = 230
# How a reader sees a moment a story was published or updated: the day, the time and the zone
# ("24 November 2026, 18:12 CET"), so a reader anywhere can tell how fresh it is.
MOMENT_FORMAT = "%-d %B %Y, %H:%M %Z"
_NOT_SLUG = re.compile(r"[^\w]+|_+")
_WORD = re.compile(r"\w+(?:['’]\w+)*")  # "It's" is one word


# What XML 1.0 (feeds, sitemaps) cannot carry at all: C0 controls but tab and newlines, DEL,
# and the two noncharacters U+FFFE and U+FFFF.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def control_character_name(found: str) -> str:
    return f"the invisible control character U+{ord(found):04X}"


def slugify(text: str) -> str:
    """A URL-safe, readable slug: "Zürich's AI Act" → "zurichs-ai-act".

    Latin accents are dropped so slugs stay ASCII where they can; letters of other scripts
    (Cyrillic, CJK, ...) are kept as they are, because a slug of dashes would be unreadable
    and browsers show such paths decoded.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("'", "").replace("’", ""))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_SLUG.sub("-", unicodedata.normalize("NFC", stripped)).strip("-")


# The punctuation that makes a technology's name: "C", "C++" and "C#" are three languages.
_PLUS = re.compile(r"\+")
_SHARP = re.compile(r"(?<=\w)#(?!\w)")
_LEADING_DOT = re.compile(r"^\.(?=\w)")


def tag_slug(name: str) -> str:
    """A tag's slug: slugify(), with a technology name's punctuation spelled out so that names
    that differ only by it stay apart: "C++" → "c-plus-plus", "C#" → "c-sharp", ".NET" →
    "dotnet", "Node.js" → "node-js" (a "#hashtag" keeps its plain slug)."""
    spelled = _LEADING_DOT.sub("dot", _SHARP.sub("-sharp", _PLUS.sub("-plus-", name.strip())))
    return slugify(spelled)


# The quotation marks each language prints, as markdown-it's typographer takes them: double
# open, double close, single open, single close. French sets them off with no-break spaces.
_QUOTES = {
    "en": "“”‘’", "nl": "“”‘’", "pt": "“”‘’", "zh": "“”‘’", "ja": "「」『』",
    "de": "„“‚‘", "cs": "„“‚‘", "sk": "„“‚‘", "da": "»«›‹", "pl": "„”‚’", "hu": "„”‚’",
    "fr": ("«\u00a0", "\u00a0»", "‹\u00a0", "\u00a0›"), "es": "«»“”", "it": "«»“”", "ru": "«»„“", "uk": "«»„“",
    "sv": "””’’", "fi": "””’’", "no": "«»‘’", "nb": "«»‘’", "nn": "«»‘’",
}


def quotation_marks(language: str) -> str | tuple[str, ...]:
    """The quotation marks of LANGUAGE ("en", "de-CH", "pt_BR"); English ones for a language
    the table does not know."""
    return _QUOTES.get(language.replace("_", "-").split("-")[0].casefold(), _QUOTES["en"])


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(word_count: int) -> int:
    """Whole minutes at an adult's silent-reading pace; never 0, a story always takes a minute."""
    return max(1, math.ceil(word_count / WORDS_PER_MINUTE))


def shorten(text: str, limit: int = 300) -> str:
    """TEXT cut at a word boundary to at most LIMIT characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-—").rstrip()
    return cut + "…"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """"1 article", "2,000 articles": the count with its noun in the right number.

    Terminal summaries are read by people; "Built 1 articles" reads like a bug.
    """
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"
