"""What the clock decides among published stories: which have expired, which one holds the
front page's lead slot, which banner flies, and when any of that (or a live story's coverage)
next changes.

Each answer depends on the build's moment as well as on the files, so each also feeds
`next_ending`: the build that comes after that moment differs with no file changed, and
`sitegen build --next-change` tells a scheduler when to run it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from generator.content.model import Article, Breaking


def has_expired(article: Article, now: datetime) -> bool:
    return article.expires is not None and article.expires <= now


def lead_story(articles: Sequence[Article], now: datetime) -> Article | None:
    """The newest story of ARTICLES (newest first) that is `featured` and whose turn has not ended."""
    return next((a for a in articles if a.featured and (a.featured_until is None or now < a.featured_until)), None)


def banner(articles: Sequence[Article], now: datetime) -> Breaking | None:
    """The banner of the newest story of ARTICLES (newest first) whose `breaking:` has not ended."""
    return next((a.breaking for a in articles
                 if a.breaking is not None and (a.breaking.until is None or now < a.breaking.until)), None)


def next_ending(articles: Iterable[Article], now: datetime) -> datetime | None:
    """The first moment after NOW at which a story of ARTICLES expires, leaves the lead slot,
    lowers its banner or ends its live coverage."""
    return min((moment for article in articles for moment in article.ends if moment > now), default=None)
