"""URLs that never break (the ledger, aliases, gone pages) and what the clock decides (expiry, the
lead slot, the breaking banner): checked in the files a real `sitegen build` writes."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.build.builder import Builder, BuildOptions
from generator.content.ledger import LEDGER_NAME
from tests.conftest import article, parse_html, run_sitegen, snapshot, text_of, write_files

NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
FIRST = "2024/05/first/index.html"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(site: Path, *args: str) -> str:
    done = run_sitegen("build", "--site", site, *args)
    assert done.code == 0, done.stderr
    return done.stderr


def _recorded(site: Path) -> Path:
    _build(site, "--record-urls")
    return site / LEDGER_NAME


def test_record_urls_writes_every_article_page_and_tag(site: Path) -> None:
    ledger = _recorded(site).read_text(encoding="utf-8")
    lines = {line.split(" ", 1)[0]: line.split(" ", 1)[1] for line in ledger.splitlines() if not line.startswith("#")}
    assert lines["/2024/05/first/"] == "content/news/first.md"
    assert lines["/about/"] == "content/pages/about.md"
    assert lines["/tags/chips/"] == "tag:chips"
    assert "/tags/" not in lines, "index pages are not promises of a story"


def test_a_plain_build_says_what_the_ledger_lacks_and_never_writes_it(site: Path) -> None:
    ledger = _recorded(site)
    before = ledger.read_bytes()
    write_files(site, {"content/news/third.md": article("Third story", "2024-05-03T10:00:00+02:00")})
    stderr = _build(site)
    assert f"1 published URL is not in {LEDGER_NAME} yet" in stderr
    assert ledger.read_bytes() == before


def test_a_moved_story_leaves_a_redirect_and_a_rule(site: Path) -> None:
    _recorded(site)
    _edit(site / "content/news/first.md", "title:", "slug: first-look\ntitle:")
    _build(site)
    output = site / "output"
    page = (output / FIRST).read_text(encoding="utf-8")
    assert 'content="0; url=/2024/05/first-look/"' in page
    assert '<link rel="canonical" href="https://test.example.org/2024/05/first-look/">' in page
    assert "/2024/05/first/ /2024/05/first-look/ 301" in (output / "_redirects").read_text().splitlines()
    assert (output / "2024/05/first-look/index.html").is_file()
    sitemap = (output / "sitemap.xml").read_text()
    assert "/2024/05/first/<" not in sitemap and "first-look" in sitemap


def test_a_lost_url_stops_the_build_and_names_the_file_and_line(site: Path) -> None:
    ledger = _recorded(site)
    before = snapshot(site / "output")
    (site / "content/news/first.md").unlink()
    done = run_sitegen("build", "--site", site)
    assert done.code == 1
    line = next(n for n, text in enumerate(ledger.read_text().splitlines(), 1) if text.startswith("/2024/05/first/ "))
    assert f"{LEDGER_NAME}:{line}: error: /2024/05/first/ was published by content/news/first.md" in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(site / "output") == before


def test_a_story_taken_down_gets_a_gone_page(site: Path) -> None:
    ledger = _recorded(site)
    (site / "content/news/first.md").unlink()
    _edit(ledger, "/2024/05/first/ content/news/first.md", "/2024/05/first/ gone")
    _build(site)
    page = parse_html(site / "output" / FIRST)
    assert "no longer available" in text_of(page)
    assert page.find(".//meta[@name='robots']").get("content") == "noindex"
    assert "first/" not in (site / "output/sitemap.xml").read_text()


def test_aliases_redirect_and_may_not_take_another_page(site: Path) -> None:
    _edit(site / "content/news/second.md", "title:", "aliases: [/old/second-story, /legacy.html]\ntitle:")
    _build(site)
    output = site / "output"
    assert 'url=/2024/05/second/"' in (output / "old/second-story/index.html").read_text()
    assert (output / "legacy.html").is_file()
    _edit(site / "content/news/second.md", "/legacy.html", "/about/")
    before = snapshot(output)
    done = run_sitegen("build", "--site", site)
    assert done.code == 1
    assert "would write /about/" in done.stderr and "content/news/second.md" in done.stderr
    assert snapshot(output) == before


def test_a_tag_page_that_moved_redirects_to_where_the_tag_is_now(site: Path) -> None:
    """Older sitegen gave C++ the slug "c": its ledger line names the tag, which now lives at
    /tags/c-plus-plus/. A tag no story has any more sends readers to the tag index."""
    ledger = _recorded(site)
    _edit(site / "content/news/first.md", "[chips, AI]", "[chips, AI, C++]")
    ledger.write_text(ledger.read_text() + "/tags/c/ tag:C++\n/tags/rust/ tag:Rust\n")
    _build(site)
    assert 'url=/tags/c-plus-plus/"' in (site / "output/tags/c/index.html").read_text()
    assert 'url=/tags/"' in (site / "output/tags/rust/index.html").read_text()


def test_featured_story_takes_the_lead_and_a_banner_flies_everywhere(site: Path) -> None:
    _edit(site / "content/news/first.md", "title:", "featured: true\ntitle:")
    _edit(site / "content/news/second.md", "title:",
          "breaking: {text: Chip plant halts output, until: 2099-01-01T00:00:00Z}\ntitle:")
    _build(site)
    home = parse_html(site / "output/index.html")
    lead = home.find(".//article[@class='lead-story']")
    assert "First story" in text_of(lead)
    assert text_of(home).count("First story") == 1, "the lead is not listed again below it"
    for page in ("index.html", "about/index.html", FIRST, "tags/chips/index.html"):
        banner = parse_html(site / "output" / page).find(".//aside[@class='breaking']")
        assert banner is not None, page
        assert "Chip plant halts output" in text_of(banner)
        assert banner.find(".//a").get("href") == "/2024/05/second/"


@pytest.mark.parametrize("mode", ["mark", "gone"])
def test_an_expired_story_leaves_lists_and_feeds(site: Path, mode: str) -> None:
    _edit(site / "sitegen.toml", "timezone", f'expired = "{mode}"\ntimezone')
    _edit(site / "content/news/first.md", "title:", "expires: 2024-06-01T00:00:00+02:00\ntitle:")
    _build(site)
    output = site / "output"
    for listing in ("index.html", "tags/chips/index.html", "feed.xml", "atom.xml", "feed.json", "archive/index.html"):
        assert "First story" not in (output / listing).read_text(), listing
    page = text_of(parse_html(output / FIRST))
    if mode == "mark":
        assert "This story expired" in page and "First story" in page
    else:
        assert "no longer available" in page and "First story" not in page


def _cached(site: Path) -> Builder:
    return Builder(BuildOptions(site, site / "output", cache=True))


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("field", ["expires: 2026-11-25T00:00:00Z", "featured_until: 2026-11-25T00:00:00Z",
                                   "breaking: {text: Outage, until: 2026-11-25T00:00:00Z}"])
def test_what_ends_by_the_clock_is_rebuilt_when_it_ends(site: Path, tmp_path: Path, field: str) -> None:
    """The build after the moment equals a clean build then, with no file changed; and the
    moment is the one --next-change gives a scheduler."""
    _edit(site / "content/news/first.md", "title:", f"{field}\ntitle:")
    if "featured" in field:
        _edit(site / "content/news/first.md", "title:", "featured: true\ntitle:")
    first = _cached(site).build(NOW)
    assert first.valid_until == datetime(2026, 11, 25, tzinfo=UTC)
    later = datetime(2026, 11, 26, tzinfo=UTC)
    assert _cached(site).build(later).written
    Builder(BuildOptions(site, tmp_path / "clean")).build(later)
    assert _tree(site / "output") == _tree(tmp_path / "clean")
