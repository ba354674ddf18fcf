"""generator.errors: how problems print, promote and travel."""

from __future__ import annotations

import pickle

import pytest

from generator.errors import Problem, Severity, SiteError, errors_in, raise_if_errors, warning


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
