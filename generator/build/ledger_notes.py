"""After a build: the URLs it published go into the site's ledger (content/ledger.py) when asked
(`sitegen build --record-urls`), else the build says how many the ledger lacks."""

from __future__ import annotations

from pathlib import Path

from generator.content.ledger import LEDGER_NAME, write_ledger
from generator.model.moves import published_urls, unrecorded
from generator.model.routes import PagePlan
from generator.model.site import Site


def ledger_notes(site: Site, plans: tuple[PagePlan, ...], site_dir: Path, record: bool) -> tuple[str, ...]:
    """Record the URLs PLANS publish in the ledger if RECORD, else say how many it lacks: a URL
    the ledger does not hold is not yet kept from breaking."""
    if record:
        write_ledger(site_dir, published_urls(site, plans))
        return ()
    if missing := unrecorded(site, plans):
        return (f"{missing:,} published URL{'s are' if missing > 1 else ' is'} not in {LEDGER_NAME} yet; "
                "`sitegen build --record-urls` records them (then commit the file)",)
    return ()
