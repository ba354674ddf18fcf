"""generator.errors: how problems print, promote and travel."""

from __future__ import annotations

import pickle

import pytest

from generator.errors import (
    EXCERPT_WIDTH,
    ExcerptLine,
    Problem,
    Severity,
    SiteError,
    errors_in,
    excerpt,
    excerpt_rows,
    raise_if_errors,
    warning,
)


def test_problem_prints_location_severity_and_message():
    assert str(Problem("content/news/a.md", "title: is required", 2)) == (
        "content/news/a.md:2: error: title: is required")
    assert str(warning("sitegen.toml", "odd")) == "sitegen.toml: warning: odd"


def test_as_error_promotes_a_warning():
    promoted = warning("content/a.md", "unknown key", 4).as_error()
    assert promoted == Problem("content/a.md", "unknown key", 4, Severity.ERROR)
    assert promoted.is_error is True


def test_raise_if_errors_lets_warnings_pass():
    raise_if_errors([warning("a.md", "w")])


def test_raise_if_errors_carries_the_warnings_along():
    problems = [warning("a.md", "typo'd key", 3), Problem("a.md", "title: is required", 1)]
    with pytest.raises(SiteError) as caught:
        raise_if_errors(problems)
    assert caught.value.problems == tuple(problems)
    assert errors_in(problems) == [problems[1]]
    assert str(caught.value) == "a.md:3: warning: typo'd key\na.md:1: error: title: is required"


def test_site_error_pickles():
    error = SiteError([Problem("a.md", "broken", 7)])
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, SiteError)
    assert copy.problems == error.problems


SOURCE = "---\ntitle: \"Broken\ndate: 2024-05-01\nauthor: ana\n---\nBody\n"


def test_excerpt_is_the_line_and_two_either_side_with_the_line_marked(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text(SOURCE, encoding="utf-8")
    lines = excerpt(Problem("content/a.md", "quote never closed", 3), tmp_path)
    assert lines == (ExcerptLine(1, "---", False), ExcerptLine(2, 'title: "Broken', False),
                     ExcerptLine(3, "date: 2024-05-01", True), ExcerptLine(4, "author: ana", False),
                     ExcerptLine(5, "---", False))
    assert excerpt_rows(lines) == ["  1 | ---", '  2 | title: "Broken', "> 3 | date: 2024-05-01", "  4 | author: ana",
                                   "  5 | ---"]


def test_excerpt_stops_at_the_ends_of_the_file_and_aligns_the_numbers(tmp_path):
    (tmp_path / "a.md").write_text("".join(f"line {n}\n" for n in range(1, 11)), encoding="utf-8")
    assert excerpt_rows(excerpt(Problem("a.md", "m", 1), tmp_path)) == ["> 1 | line 1", "  2 | line 2",
                                                                       "  3 | line 3"]
    assert excerpt_rows(excerpt(Problem("a.md", "m", 9), tmp_path)) == ["   7 | line 7", "   8 | line 8",
                                                                       ">  9 | line 9", "  10 | line 10"]


def test_excerpt_shows_tabs_and_control_characters_and_cuts_long_lines(tmp_path):
    (tmp_path / "a.md").write_text("\ufeff---\n\tdate: x\nform\x0cfeed " + "x" * 300 + "\r\n", encoding="utf-8")
    lines = excerpt(Problem("a.md", "m", 2), tmp_path)
    assert [line.text for line in lines][:2] == ["---", "→   date: x"]
    assert lines[2].text.startswith("form\\x0cfeed xxx") and lines[2].text.endswith("…")
    assert len(lines[2].text) == EXCERPT_WIDTH


@pytest.mark.parametrize("problem", [
    Problem("content/a.md", "no line"),
    Problem("content/missing.md", "gone", 2),
    Problem("content/a.md", "past the end", 99),
    Problem("sitegen", "internal error"),
])
def test_no_excerpt_without_a_line_or_a_readable_file(tmp_path, problem):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text(SOURCE, encoding="utf-8")
    assert excerpt(problem, tmp_path) == ()


def test_an_absolute_path_is_read_as_it_is(tmp_path):
    (tmp_path / "theme.html").write_text("<p>\n{{ article.titel }}\n</p>\n", encoding="utf-8")
    rows = excerpt_rows(excerpt(Problem(str(tmp_path / "theme.html"), "m", 2), tmp_path / "elsewhere"))
    assert rows == ["  1 | <p>", "> 2 | {{ article.titel }}", "  3 | </p>"]


def test_a_long_marked_line_is_cut_around_the_name_the_message_quotes(tmp_path):
    line = '<h2 class="card-title">{{ story_label(article) }}<a href="{{ url(article.url) }}">' + \
        "{{ draft_badge(article) }}{{ article.titel }}</a></h2>"
    (tmp_path / "card.html").write_text(f"<article>\n{line}\n</article>\n", encoding="utf-8")
    marked = excerpt(Problem("card.html", "article has no field 'titel'; did you mean 'title'?", 2), tmp_path)[1]
    assert len(line) > EXCERPT_WIDTH and len(marked.text) == EXCERPT_WIDTH
    assert marked.text.startswith("…") and "{{ article.titel }}</a></h2>" in marked.text
    plain = excerpt(Problem("card.html", "something else", 2), tmp_path)[1]
    assert plain.text == line[:EXCERPT_WIDTH - 1] + "…"
