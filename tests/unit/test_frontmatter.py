"""generator.content.frontmatter: splitting YAML front matter from the body, errors in file lines."""

from __future__ import annotations

import pytest

from generator.content.frontmatter import FrontMatterError, split_document


def fails(text: str) -> FrontMatterError:
    with pytest.raises(FrontMatterError) as caught:
        split_document(text)
    return caught.value


def test_split_returns_meta_body_and_positions():
    doc = split_document("---\ntitle: Hello\ntags: [a, b]\n---\n\nFirst paragraph.\n")
    assert doc.meta == {"title": "Hello", "tags": ["a", "b"]}
    assert doc.body.strip() == "First paragraph."
    # The body text starts on file line 4 (the end of the closing ---), so its own line 1 is file
    # line 5 and "First paragraph." (body line 2) is file line 6.
    assert doc.body_line + doc.body.split("First")[0].count("\n") == 6
    assert doc.key_line("title") == 2
    assert doc.key_line("tags") == 3


def test_key_line_needs_the_whole_key():
    doc = split_document("---\ntitle: Hi\ntags: [a]\n---\nBody\n")
    assert doc.key_line("tag") is None
    assert doc.key_line("missing") is None


def test_byte_order_mark_is_ignored():
    doc = split_document("\ufeff---\ntitle: Hi\n---\nBody\n")
    assert doc.meta == {"title": "Hi"}
    assert doc.key_line("title") == 2


def test_windows_line_endings():
    doc = split_document("---\r\ntitle: Hi\r\nsummary: S\r\n---\r\nBody\r\n")
    assert doc.meta == {"title": "Hi", "summary": "S"}
    assert doc.key_line("summary") == 3
    assert doc.body.strip() == "Body"


def test_dates_stay_text_for_content_to_parse():
    doc = split_document("---\ndate: 2024-05-01\nupdated: 2024-05-01T09:30:00+02:00\n---\n")
    assert doc.meta == {"date": "2024-05-01", "updated": "2024-05-01T09:30:00+02:00"}


def test_impossible_date_is_not_a_yaml_error():
    assert split_document("---\ndate: 2024-13-01\n---\n").meta == {"date": "2024-13-01"}


def test_empty_front_matter_is_an_empty_mapping():
    doc = split_document("---\n---\nJust a body.\n")
    assert doc.meta == {}
    assert doc.body.strip() == "Just a body."


def test_keys_become_strings():
    assert split_document("---\n2024: yes\n---\n").meta == {"2024": True}


def test_missing_fences():
    error = fails("title: Hello\n\nNo fences here.\n")
    assert error.line == 1
    assert error.message == ("has no front matter: the file must start with a line '---', then YAML such as "
                             "'title: ...', then another '---'")


def test_front_matter_must_be_at_the_top():
    error = fails("Intro line\n---\ntitle: Hello\n---\n")
    assert error.line == 1
    assert error.message.startswith("has no front matter")


def test_unclosed_fence():
    error = fails("---\ntitle: Hello\n\nThe body, but no closing fence.\n")
    assert (error.line, error.message) == (1, "front matter is not closed: add a line '---' after the YAML")


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\ntitle: Hello\nauthor: Jane\n  role: editor\n---\nBody\n", 4,
     "front matter is not valid YAML: mapping values are not allowed in this context; "
     "put values containing ':' or '#' in quotes"),
    ('---\ntitle: "C:\\drafts"\n---\nBody\n', 2,
     "front matter is not valid YAML: while parsing a quoted scalar: found unknown escape character"),
])
def test_bad_yaml_no_hint_fits_keeps_the_parsers_words(text, line, message):
    error = fails(text)
    assert (error.line, error.message) == (line, message)


YAML = "front matter is not valid YAML: "


@pytest.mark.parametrize(("text", "line", "message"), [
    # An unclosed quote: at the end of the front matter, or closed by the next quote lines later
    # (the parser then blames that line, or the start of the mapping).
    ('---\ntitle: "Broken\n---\nBody\n', 2,
     'the title\'s quote is never closed; add a closing " at the end of line 2'),
    ('---\ntitle: Hello\ndate: 2024-05-01\nsummary: "never closed\n---\nBody\n', 4,
     'the summary\'s quote is never closed; add a closing " at the end of line 4'),
    ('---\nbreaking:\n  text: x\ntitle: "Apple unveils\ndate: 2024-05-01\nsummary: "A chip"\n---\nBody\n', 4,
     'the title\'s quote is never closed; add a closing " at the end of line 4'),
    ("---\ntitle: 'Broken\nsummary: 'Fine'\n---\nBody\n", 2,
     "the title's quote is never closed; add a closing ' at the end of line 2"),
    ('---\ntitle: "Kestrel" review\n---\nBody\n', 2,
     "the title goes on after its closing quote; put all of it in quotes: title: \'\"Kestrel\" review\'"),
    ("---\ntitle: T\nsummary: 'Apple's new chip'\n---\nBody\n", 3,
     "the summary has an apostrophe inside single quotes, which ends the quote early; "
     "write it as summary: \"Apple's new chip\""),
    # Tab indentation.
    ("---\ntitle: Hello\ntags:\n\t- ai\n---\nBody\n", 4,
     "line 4 is indented with a tab; front matter is indented with spaces only: replace the tab with spaces"),
    ("---\ntitle: Hello\n\tdate: 2024-05-01\n---\nBody\n", 3,
     "line 3 is indented with a tab; front matter is indented with spaces only: replace the tab with spaces"),
    # A missing colon, or no space after it (in the middle, or on the first line).
    ("---\ntitle: Hello\nauthor Jane\ndate: 2024-05-01\n---\nBody\n", 3,
     "line 3 has no ':' after 'author'; write it as author: Jane"),
    ("---\nauthor Jane\ntitle: Hello\n---\nBody\n", 2, "line 2 has no ':' after 'author'; write it as author: Jane"),
    ("---\ntitle: Hello\nauthor:Jane\ndate: 2024-05-01\n---\nBody\n", 3,
     "line 3 needs a space after the ':'; write it as author: Jane"),
    ("---\ntitle:Hello\ndate: 2024-05-01\n---\nBody\n", 2,
     "line 2 needs a space after the ':'; write it as title: Hello"),
    ("---\nlinks:\n  Mastodon https://example.social/@ana\n  Site: https://ana.example\n---\nBody\n", 3,
     "line 3 has no ':' after 'Mastodon'; write it as Mastodon: https://example.social/@ana"),
    # A colon inside an unquoted value.
    ("---\ntitle: Apple: the next chip\ndate: 2024-05-01\n---\nBody\n", 2,
     "the title contains ': ', which front matter reads as the start of another key; "
     'put it in quotes: title: "Apple: the next chip"'),
    ("---\ntitle: Hello\nsummary: Apple: the \"next\" chip\n---\nBody\n", 3,
     "the summary contains ': ', which front matter reads as the start of another key; "
     "put it in quotes: summary: \'Apple: the \"next\" chip\'"),
    ("---\ntitle: Hello\nkey_points:\n  - Price: €499: too much\n---\nBody\n", 4,
     "the list item contains ': ', which front matter reads as the start of another key; "
     'put it in quotes: - "Price: €499: too much"'),
    # Unbalanced brackets in a list.
    ("---\ntitle: Hello\ntags: [ai, chips\nauthor: Jane\n---\nBody\n", 3,
     "the tags list is missing its closing ']'; add it at the end of line 3"),
    ("---\ntitle: Hello\ntags: [ai, chips\n---\nBody\n", 3,
     "the tags list is missing its closing ']'; add it at the end of line 3"),
    ("---\ntitle: Hello\ntags: [ai, chips]]\nauthor: Jane\n---\nBody\n", 3,
     "line 3 has a ']' that closes nothing; remove it"),
    ('---\ntitle: Hello\ntags: ["ai, chips]\nsummary: "S"\n---\nBody\n', 3,
     'a " in the tags is never closed; add the closing " where the quoted text ends, on line 3'),
], ids=["quote-at-end", "quote-at-end-later-line", "quote-closed-by-a-later-quote", "single-quote",
        "text-after-quote", "apostrophe-in-single-quotes", "tab-before-item", "tab-before-key", "missing-colon",
        "missing-colon-first-line", "no-space-after-colon", "no-space-first-line", "missing-colon-nested",
        "colon-in-value", "colon-in-value-with-quotes", "colon-in-list-item", "list-not-closed",
        "list-not-closed-at-end", "list-closed-twice", "quote-inside-list"])
def test_common_yaml_mistakes_are_told_in_plain_words_at_their_line(text, line, message):
    error = fails(text)
    assert (error.line, error.message) == (line, YAML + message)
    assert "while " not in error.message and "scalar" not in error.message  # none of the parser's words


def test_a_single_key_without_its_space_is_not_a_mapping_and_says_why():
    error = fails("---\ntitle:Hello\n---\nBody\n")
    assert (error.line, error.message) == (
        2, "front matter must be 'key: value' lines: line 2 needs a space after the ':'; write it as title: Hello")


def test_each_suggested_fix_parses():
    """What a hint tells the editor to write is valid YAML with the value they meant."""
    assert split_document('---\ntitle: \'"Kestrel" review\'\n---\n').meta["title"] == '"Kestrel" review'
    assert split_document("---\ntitle: 'Apple: the \"next\" chip'\n---\n").meta["title"] == 'Apple: the "next" chip'
    assert split_document('---\nkey_points:\n  - "Price: €499: too much"\n---\n').meta["key_points"] == [
        "Price: €499: too much"]


def test_bad_yaml_line_counts_the_byte_order_mark_out():
    assert fails("\ufeff---\ntitle: Hello\nsummary: a: b\n---\n").line == 3


@pytest.mark.parametrize("yaml_text", ["- a\n- b\n", "just a sentence\n", "42\n"])
def test_front_matter_must_be_a_mapping(yaml_text):
    error = fails(f"---\n{yaml_text}---\nBody\n")
    assert (error.line, error.message) == (
        2, "front matter must be 'key: value' lines, not a list or a single value")


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!python/object:collections.OrderedDict {}",
])
def test_python_object_tags_are_refused(tagged):
    error = fails(f"---\ntitle: {tagged}\n---\nBody\n")
    assert error.line == 2
    assert error.message.startswith("front matter is not valid YAML: could not determine a constructor for the tag")
    assert "python/" in error.message


def test_error_is_a_value_error_with_message_and_line():
    error = FrontMatterError("broken", 7)
    assert isinstance(error, ValueError)
    assert (str(error), error.message, error.line) == ("broken", "broken", 7)


@pytest.mark.parametrize(("typed", "number"), [("12:30", 750), ("3.10", 3.1), ("017", 15), ("0x1F", 31),
                                               ("1_000", 1000), ("1.0e+3", 1000.0), ("+5", 5)])
def test_what_yaml_reads_as_a_number_keeps_the_typed_text(typed: str, number: object) -> None:
    doc = split_document(f"---\ntitle: {typed}\ntags: [{typed}, ai]\ncount: {typed}\n---\nBody\n")
    assert doc.meta["title"] == number  # YAML 1.1's reading ...
    assert doc.typed["title"] == typed  # ... and what the editor typed, which text fields use
    assert doc.typed["tags"] == [typed, None]


def test_quoted_values_are_text_already_and_not_recorded() -> None:
    doc = split_document('---\ntitle: "12:30"\n---\nBody\n')
    assert doc.meta["title"] == "12:30" and doc.typed == {}


@pytest.mark.parametrize(("text", "line"), [
    ("---\ntitle: A\nsummary: S\ntitle: B\n---\nBody\n", 4),
    ("---\ntitle: A\nupdates:\n  - {date: 2024-05-01, note: a, note: b}\n---\nBody\n", 4),
    ("---\nlinks:\n  Site: https://a.example\n  Site: https://b.example\n---\nBody\n", 4),
])
def test_a_key_set_twice_is_an_error_at_its_second_line(text: str, line: int) -> None:
    error = fails(text)
    assert "twice" in error.message and error.line == line


def test_control_characters_in_the_front_matter_are_named_with_their_line() -> None:
    error = fails("---\ntitle: A\nsummary: Tab\ttab is fine, form\x0cfeed is not\n---\nBody\n")
    assert error.line == 3 and "U+000C" in error.message


def test_aliases_naming_billions_of_nodes_are_walked_once_each() -> None:
    """Twelve lines of anchors name 10**12 list items; each node is looked at once, so this
    returns at once (walking every name would not return in this test run's lifetime)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 12)]
    doc = split_document("---\ntitle: T\n" + "\n".join(lines) + "\n---\nBody\n")
    assert doc.meta["title"] == "T"
