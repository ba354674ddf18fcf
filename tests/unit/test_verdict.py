"""generator.content.verdict: a review's `verdict:` block, its errors by line, its box and its JSON-LD."""

from __future__ import annotations

import re

import pytest

from generator.content.model import Article
from generator.content.verdict import Verdict
from generator.errors import Severity
from generator.model.routes import plan_pages
from generator.render.pages import Renderer
from generator.render.themes import resolve_theme

from .helpers import assemble, make_author, make_config, parse
from .test_structured import json_ld_of

VERDICT = """verdict:
  product: Aurora 14
  score: 8.5
  summary: The laptop to beat for battery life.
  pros: [Long battery life, Silent]
  cons:
    - Glossy screen
  price: "€1,399"
"""


def review(verdict: str = VERDICT, story_type: str = "review") -> str:
    # The block starts on line 6 of the file: ---, title, date, author, type.
    return f"---\ntitle: A review\ndate: 2024-05-01T09:30:00+00:00\nauthor: Jane Doe\ntype: {story_type}\n{verdict}---\nBody.\n"


@pytest.fixture
def config(tmp_path):
    return make_config(tmp_path)


def errors(config, text: str) -> list[tuple[int | None, str]]:
    result = parse(config, "reviews/a.md", text)
    assert result.value is None
    assert all(p.severity is Severity.ERROR and p.path == "content/reviews/a.md" for p in result.problems)
    return [(p.line, p.message) for p in result.problems]


def test_a_verdict_block_is_read_into_the_article(config):
    result = parse(config, "reviews/a.md", review())
    assert result.problems == ()
    assert isinstance(result.value, Article)
    verdict = result.value.verdict
    assert verdict == Verdict("Aurora 14", 8.5, "The laptop to beat for battery life.",
                              ("Long battery life", "Silent"), ("Glossy screen",), "€1,399")
    assert (verdict.score_text, verdict.rating_value) == ("8.5", 8.5)
    assert Verdict("X", 8.0, "S").score_text == "8" and Verdict("X", 8.0, "S").rating_value == 8


def test_no_verdict_block_no_verdict(config):
    assert parse(config, "reviews/a.md", review(verdict="")).value.verdict is None


def test_only_a_review_has_a_verdict(config):
    assert errors(config, review(story_type="news")) == [(6, "verdict: only a review (type: review) has a verdict")]


@pytest.mark.parametrize(("replace", "by", "expected"), [
    ("score: 8.5", "score: 11", (8, "verdict.score: 11 is not from 0 to 10")),
    ("score: 8.5", "score: -1", (8, "verdict.score: -1 is not from 0 to 10")),
    ("score: 8.5", "score: .nan", (8, "verdict.score: nan is not from 0 to 10")),
    ("score: 8.5", "score: 8.3", (8, "verdict.score: 8.3: use whole or half points, e.g. 8 or 8.5")),
    ("score: 8.5", "score: 8/10", (8, "verdict.score: '8/10' is not a number; give a score out of 10 without quotes "
                                      "or '/10', e.g. score: 8.5")),
    ("score: 8.5", "score: yes", (8, "verdict.score: 'True' is not a number; give a score out of 10 without quotes "
                                     "or '/10', e.g. score: 8.5")),
    ("  score: 8.5\n", "", (6, "verdict.score: is required: a number out of 10, e.g. score: 8.5")),
    ("  summary: The laptop to beat for battery life.\n", "",
     (6, "verdict.summary: is required; add a line 'summary: ...' under 'verdict:'")),
    ("product: Aurora 14", "product: ''", (7, "verdict.product: is required; add a line 'product: ...' under 'verdict:'")),
    ("pros: [Long battery life, Silent]", "pros: Long battery life", (10, "verdict.pros: must be a list, e.g. pros: "
                                                                          "[first, second]")),
    ("    - Glossy screen", "    - {a: 1}", (11, "verdict.cons: every item must be non-empty text, not {'a': 1}")),
    ('price: "€1,399"', "price: 1399", (13, 'verdict.price: 1399 has no currency; write it as the reader should see '
                                           'it, e.g. price: "€499"')),
    ("  price:", "  rating: 4\n  price:", (13, "verdict: unknown key 'rating'; use product, score, summary, pros, "
                                              "cons, price")),
])
def test_a_bad_verdict_is_one_error_at_its_line(config, replace, by, expected):
    text = review(VERDICT.replace(replace, by, 1))
    assert errors(config, text) == [expected]


def test_a_verdict_that_is_not_a_block_says_what_it_takes(config):
    ((line, message),) = errors(config, review("verdict: 8/10\n"))
    assert line == 6
    assert message.startswith("verdict: must be a block of product, score, summary, pros, cons, price, e.g. ")


def test_a_flow_mapping_points_at_the_verdict_line(config):
    assert errors(config, review("verdict: {product: X, summary: S, score: 12}\n")) == [
        (6, "verdict.score: 12 is not from 0 to 10")]


def render_review(tmp_path, verdict: str) -> str:
    config = make_config(tmp_path)
    result = parse(config, "reviews/a.md", review(verdict))
    authors = [make_author(config, "authors/jane-doe.md", "---\nname: Jane Doe\n---\nBio.\n")]
    site, problems = assemble(config, [result.value], authors=authors)
    assert not [p for p in problems if p.is_error]
    renderer = Renderer(site, resolve_theme(config))
    (plan,) = [plan for plan in plan_pages(site) if plan.url == result.value.url]
    return renderer.render(plan).decode()


def test_the_verdict_box_shows_score_summary_product_price_pros_and_cons(tmp_path):
    page = render_review(tmp_path, VERDICT)
    box = re.search(r'<aside class="verdict" aria-labelledby="verdict-heading">(.*?)</aside>', page, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", box).split())
    assert text == ("Our verdict 8.5 /10 Score: 8.5 out of 10 The laptop to beat for battery life. Product Aurora 14 "
                    "Price €1,399 Pros Long battery life Silent Cons Glossy screen")
    assert '<span aria-hidden="true"><strong>8.5</strong>/10</span> <span class="visually-hidden">' in box
    assert re.findall(r'<div class="verdict-(pros|cons)">', box) == ["pros", "cons"]
    # A review without a verdict has no box.
    assert 'class="verdict"' not in render_review(tmp_path / "plain", "")


def test_json_ld_of_a_review_with_a_verdict_is_a_review(tmp_path):
    page = render_review(tmp_path, VERDICT)
    data = json_ld_of(page)[0]
    assert data["@type"] == "ReviewNewsArticle"
    assert data["itemReviewed"] == {"@type": "Product", "name": "Aurora 14"}
    assert data["reviewRating"] == {"@type": "Rating", "ratingValue": 8.5, "bestRating": 10, "worstRating": 0}
    assert data["positiveNotes"] == {"@type": "ItemList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Long battery life"},
        {"@type": "ListItem", "position": 2, "name": "Silent"}]}
    assert data["negativeNotes"]["itemListElement"] == [{"@type": "ListItem", "position": 1, "name": "Glossy screen"}]
    assert data["author"][0]["name"] == "Jane Doe"
    assert "offers" not in data["itemReviewed"]  # the price is free text, not an Offer's number and currency


def test_pros_and_cons_are_left_out_of_the_json_ld_below_two_statements(tmp_path):
    page = render_review(tmp_path, "verdict: {product: X, score: 6, summary: Fine., pros: [Cheap]}\n")
    data = json_ld_of(page)[0]
    assert data["reviewRating"]["ratingValue"] == 6
    assert "positiveNotes" not in data and "negativeNotes" not in data
    assert "<li>Cheap</li>" in page  # the page still shows it
