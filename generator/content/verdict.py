"""A review's verdict: the `verdict:` block of a `type: review` story, read into a Verdict.

Readers skim a review for its score, its one-line verdict and its pros and cons; search
engines show the same as a review snippet. The box on the page (article.html) and the
structured data (render/structured.py) both read this one typed value, so they cannot
disagree, and a typo in the block is an error at its line, not a box that quietly lacks it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from generator.content.fields import FrontMatterFields

VERDICT_KEYS = ("product", "score", "summary", "pros", "cons", "price")
BEST_SCORE = 10  # scores are out of ten, in whole or half points
WORST_SCORE = 0
_EXAMPLE = "verdict: {product: Aurora 14, score: 8.5, summary: ..., pros: [...], cons: [...]}"


@dataclass(frozen=True)
class Verdict:
    """What a review concludes about PRODUCT: a score out of BEST_SCORE and why."""

    product: str
    score: float
    summary: str  # the verdict in one line
    pros: tuple[str, ...] = ()
    cons: tuple[str, ...] = ()
    price: str = ""  # as the review gives it ("€1,399 / $1,299"): free text, never parsed

    @property
    def score_text(self) -> str:
        """"8" or "8.5": how the score is printed (no "8.0")."""
        return f"{self.score:g}"

    @property
    def rating_value(self) -> int | float:
        """The score for structured data: 8, not 8.0."""
        return int(self.score) if self.score.is_integer() else self.score


def read_verdict(fields: FrontMatterFields, story_type: str) -> Verdict | None:
    """The `verdict:` block, or None (without it, or when it has problems: they go to FIELDS)."""
    block = fields.doc.meta.get("verdict")
    if block is None:
        return None
    if story_type != "review":
        fields.error("verdict", "only a review (type: review) has a verdict")
        return None
    if not isinstance(block, dict):
        fields.error("verdict", f"must be a block of {', '.join(VERDICT_KEYS)}, e.g. {_EXAMPLE}")
        return None
    errors = len(fields.problems)
    for key in block:
        if str(key) not in VERDICT_KEYS:
            fields.error("verdict", f"unknown key '{key}'; use {', '.join(VERDICT_KEYS)}",
                         line=fields.block_line("verdict", str(key)))
    product = _text(fields, block, "product", required=True)
    score = _score(fields, block)
    summary = fields.prose(_text(fields, block, "summary", required=True))
    pros = tuple(map(fields.prose, fields.text_list_of("verdict.pros", block.get("pros"),
                                                       line=fields.block_line("verdict", "pros"))))
    cons = tuple(map(fields.prose, fields.text_list_of("verdict.cons", block.get("cons"),
                                                       line=fields.block_line("verdict", "cons"))))
    price = block.get("price")
    if isinstance(price, (int, float)) and not isinstance(price, bool):
        fields.error("verdict.price", f"{price} has no currency; write it as the reader should see it, "
                     'e.g. price: "€499"', line=fields.block_line("verdict", "price"))
    price_text = _text(fields, block, "price")
    if len(fields.problems) > errors or score is None:
        return None
    return Verdict(product, score, summary, pros, cons, price_text)


def _text(fields: FrontMatterFields, block: dict[Any, Any], key: str, *, required: bool = False) -> str:
    return fields.text_of(f"verdict.{key}", block.get(key), required=required,
                          line=fields.block_line("verdict", key))


def _score(fields: FrontMatterFields, block: dict[Any, Any]) -> float | None:
    """A number from WORST_SCORE to BEST_SCORE in whole or half points."""
    value = block.get("score")
    line = fields.block_line("verdict", "score")
    if value is None:
        fields.error("verdict.score", f"is required: a number out of {BEST_SCORE}, e.g. score: 8.5", line=line)
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        fields.error("verdict.score", f"'{value}' is not a number; give a score out of {BEST_SCORE} "
                     "without quotes or '/10', e.g. score: 8.5", line=line)
        return None
    if not (math.isfinite(value) and WORST_SCORE <= value <= BEST_SCORE):
        fields.error("verdict.score", f"{value} is not from {WORST_SCORE} to {BEST_SCORE}", line=line)
        return None
    if (value * 2) % 1:
        fields.error("verdict.score", f"{value}: use whole or half points, e.g. 8 or 8.5", line=line)
        return None
    return float(value)
