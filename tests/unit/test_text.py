"""generator.text: slugs, word counts, reading time, summaries."""

from __future__ import annotations

import pytest

from generator.text import WORDS_PER_MINUTE, count_words, counted, reading_minutes, shorten, slugify, tag_slug


@pytest.mark.parametrize(("text", "slug"), [
    ("Zürich's AI Act", "zurichs-ai-act"),
    ("Hello, World!", "hello-world"),
    ("  --Already__slugged--  ", "already-slugged"),
    ("l’été indien", "lete-indien"),
    ("Straße", "strasse"),
    ("C++ & C#", "c-c"),
    ("Q2 2026: 5% growth", "q2-2026-5-growth"),
    ("Привет мир", "привет-мир"),
    ("東京 2024", "東京-2024"),
    ("already-a-slug", "already-a-slug"),
    ("", ""),
    ("!!!", ""),
])
def test_slugify(text, slug):
    assert slugify(text) == slug


def test_slugify_is_idempotent():
    once = slugify("Señor Müller's Café — Part 2")
    assert once == "senor-mullers-cafe-part-2"
    assert slugify(once) == once


@pytest.mark.parametrize(("text", "words"), [
    ("", 0),
    ("one", 1),
    ("Hello,   world!\nNew line.", 4),
    ("2024 was a year", 4),
    ("— ... —", 0),
])
def test_count_words(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(("words", "minutes"), [
    (0, 1), (1, 1), (WORDS_PER_MINUTE, 1), (WORDS_PER_MINUTE + 1, 2), (2 * WORDS_PER_MINUTE, 2),
    (10 * WORDS_PER_MINUTE + 1, 11),
])
def test_reading_minutes(words, minutes):
    assert reading_minutes(words) == minutes


def test_shorten_collapses_whitespace_of_short_text():
    assert shorten("  A short\n\tsummary.  ") == "A short summary."


def test_shorten_keeps_text_of_exactly_the_limit():
    assert shorten("abcde fghij", 11) == "abcde fghij"


def test_shorten_cuts_at_a_word_boundary_with_an_ellipsis():
    result = shorten("alpha beta gamma delta", 16)
    assert result == "alpha beta…"
    assert len(result) <= 16


def test_shorten_drops_punctuation_before_the_ellipsis():
    assert shorten("One, two; three four", 12) == "One, two…"


def test_shorten_leaves_no_space_before_the_ellipsis():
    # The cut lands after a spaced dash: "Alpha — bet" → "Alpha —" → the dash goes, the space too.
    assert shorten("Alpha — beta gamma", 12) == "Alpha…"


def test_shorten_default_limit_is_300():
    result = shorten("word " * 200)
    assert len(result) <= 300
    assert result.endswith("word…")


@pytest.mark.parametrize(("number", "expected"), [(0, "0 articles"), (1, "1 article"), (2, "2 articles"),
                                                  (12000, "12,000 articles")])
def test_counted_puts_the_noun_in_the_right_number(number: int, expected: str) -> None:
    assert counted(number, "article") == expected
    assert counted(number, "story", "stories").endswith("story" if number == 1 else "stories")


@pytest.mark.parametrize(("name", "slug"), [
    ("C", "c"), ("C++", "c-plus-plus"), ("C#", "c-sharp"), (".NET", "dotnet"), ("NET", "net"), ("F#", "f-sharp"),
    ("Node.js", "node-js"), ("Google+", "google-plus"), ("#MeToo", "metoo"), ("AI", "ai"), ("Zürich", "zurich"),
])
def test_tag_slugs_keep_technology_names_apart(name: str, slug: str) -> None:
    assert tag_slug(name) == slug
